"""Shared reading of figures for the narrative rules."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from checker.extract.numbers import UNIT_TO_WAN, to_unit
from checker.tolerance import Comparison, compare, fmt

UNIT_WORD = {"万元": "万元", "元": "元", "亿元": "亿元", "千元": "千元"}
# the national template: "凡是年中有追加预算的或决算数低于年初预算数95%的应作原因说明"
LOW_COMPLETION = Decimal("95")
SANGONG = {"三公经费", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"}


def completion_needs_reason(rate: Decimal, subject: str | None) -> bool:
    """Does a completion rate (决算 ÷ 预算, in %) call for a stated reason? Below 95 % or above 100 % (the
    national template), and any deviation of a “三公” item from its budget."""
    return rate < LOW_COMPLETION or rate > 100 or (subject in SANGONG and rate != 100)


def cue_of(m) -> str:
    for why in m.explanation:
        if why.startswith("role_cue:"):
            return why[len("role_cue:"):]
    return ""


def money(m) -> str:
    return f"{fmt(m.value)} {m.unit or ''}".strip()


def pct(m) -> str:
    return f"{m.value}%"


def usable(m) -> bool:
    return m.value is not None and m.type != "residue"


def nearest_before(candidates, pos: int):
    before = [c for c in candidates if c.start < pos]
    return before[-1] if before else None


def common_unit(*mentions) -> str | None:
    """The unit two or more money mentions are compared in: their own when they share it, else the finest of
    their units (1.15 亿元 and 1,171.58 万元: 万元); None when one is not a money unit (元/千元/万元/亿元)."""
    units = {m.unit for m in mentions}
    if len(units) == 1:
        return units.pop()
    if any(u not in UNIT_TO_WAN for u in units):
        return None
    return min(units, key=UNIT_TO_WAN.__getitem__)


def in_unit(m, unit: str) -> tuple[Decimal, int]:
    """A money mention's value and precision in ``unit`` (one of :func:`common_unit`'s): as written when it is
    its own; else scaled, with the precision shifted so that its rounding scales too (1.15 亿元 in 万元 is
    11500 at precision −2: ± 50 万元)."""
    if m.unit == unit:
        return m.value, m.precision or 0
    scale = to_unit(Decimal(1), m.unit, unit)  # a power of ten
    return m.value * scale, (m.precision or 0) - scale.adjusted()


class Summed(NamedTuple):
    """A stated total against the sum of its stated parts, in their common money unit."""

    unit: str
    total: Decimal  # the total's value in ``unit``
    parts: list[tuple[Decimal, int]]  # each part's value and precision in ``unit``
    sum: Decimal
    comparison: Comparison  # of the total with the sum, within the figures' rounding


def summed(total, parts: list) -> Summed | None:
    """``total`` against the sum of ``parts`` (money mentions), in their common unit; None when one of their
    units does not convert."""
    unit = common_unit(total, *parts)
    if unit is None:
        return None
    tv, tp = in_unit(total, unit)
    values = [in_unit(m, unit) for m in parts]
    s = sum((v for v, _ in values), Decimal(0))
    return Summed(unit, tv, values, s, compare(tv, s, [tp] + [p for _, p in values]))


def in_attachment(doc, pos: int) -> bool:
    """Inside a part titled 附件 (attached self-evaluation forms and tables)."""
    start = doc.structure.attachment_start
    return start is not None and pos >= start


def pair_final(finals, budget, before: int):
    """The 决算/执行数 a budget is compared with: the first 'final' after the budget, else the
    nearest figure before ``before``."""
    after = [m for m in finals if budget is None or m.start > budget.start]
    named = [m for m in after if m.role == "final" and m.start < before]
    if named:
        return named[0]
    return nearest_before(after, before)



def same_figure(a: Decimal, a_precision: int | None, b: Decimal, b_precision: int | None) -> bool:
    """Can two statements of one quantity both be right? Only if the finer one, rounded to the coarser one's
    decimals, gives the coarser one (312.46 and 312.5 can; 312.46 and 312.47 cannot)."""
    pa, pb = a_precision or 0, b_precision or 0
    if pa == pb:
        return a == b
    fine, coarse, places = (a, b, pb) if pa > pb else (b, a, pa)
    return fine.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == coarse
