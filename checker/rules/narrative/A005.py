from __future__ import annotations

from decimal import Decimal

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_attachment, in_unit, money, nearest_before, pct, summed, usable
from checker.rules.narrative._shares import denominator_word, disjoint_breakdowns, share_total
from checker.statements import figure_sentences, mention_evidence
from checker.tolerance import fmt, fmt_rate, half_unit, rate_check

HUNDRED = Decimal(100)


@register
class SharesDoNotSumTo100(Rule):
    """同一总数下各组成部分的占比之和不等于 100%：超过 100%，或已列全各部分却不足 100%。

    为什么
    “基本支出占 a%，项目支出占 b%”“一般公共服务支出占 x%……住房保障支出占 y%”是同一总数的分解，
    各部分互不重叠，占比之和不能超过 100%；各部分已经列全（金额加起来等于总数，或是基本支出/项目支出、
    人员经费/公用经费这样的完整划分）时，占比之和应为 100%。每个占比按所写位数四舍五入，
    允许的误差是各占比半个末位单位之和；差额只有尾数大小时作为提示。

    反例
    2023 年度支出合计 990.24 万元。其中：基本支出 865.65 万元，占本年支出 87.4%；项目支出 124.59 万元，
    占本年支出 16.2%。（87.4% + 16.2% = 103.6%）

    正例
    2023 年度一般公共预算财政拨款支出 6,391.6 万元，主要用于以下方面：1.一般公共服务（类）支出 6,004.82 万元，
    占 94%；2.社会保障和就业（类）支出 181.19 万元，占 2.8%；3.卫生健康（类）支出 102.34 万元，占 1.6%；
    4.住房保障（类）支出 103.25 万元，占 1.6%。（合计 100.0%）
    """

    code = "A005"
    name = "arithmetic.shares_sum"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "占比合计不等于100%"

    def check(self, doc):
        checked = 0
        for members, total in self._groups(doc):
            judged = []
            for subset in _disjoint_subsets(members):
                checked += 1
                finding = self._judge(doc, subset, total)
                if finding is not None:
                    judged.append((frozenset(sh.id for sh, _ in subset), finding))
            # 基本/项目 inside 基本/项目/上缴上级/经营: one finding, on the longest list
            for ids, finding in judged:
                if not any(ids < other for other, _ in judged):
                    yield finding
        if not checked:
            raise NotApplicable("没有同一总数下两个以上组成部分的占比")

    def _groups(self, doc):
        """Shares of one total, in document order: [(share, part amount or None)], total or None.
        Shares belong together when they are of the same total figure, else when they sit in the same
        section with the same denominator in their cue; a bare "占 x%" continues the list of the share
        before it in the sentence; a subject stated again starts a new group."""
        groups: dict[tuple, list[list]] = {}
        totals: dict[tuple, object] = {}
        for _, s in figure_sentences(doc, ("share", "percent")):
            previous = None
            for sh in s.of("share", types=("percent",)):
                if not usable(sh) or not sh.subject or in_attachment(doc, sh.start):
                    continue
                part = nearest_before([m for m in s.of("current", "final", types=("money",))
                                       if usable(m) and m.subject == sh.subject], sh.start)
                named = denominator_word(sh)
                total = share_total(doc, sh, part, named)
                if total is not None:
                    key = ("total", total.id)
                    totals[key] = total
                elif not named and previous is not None:
                    key = previous
                else:
                    key = ("cue", named, tuple(_list_section(doc, sh.start)))
                previous = key
                runs = groups.setdefault(key, [[]])
                if any(m.subject == sh.subject for m, _ in runs[-1]):
                    runs.append([])
                runs[-1].append((sh, part))
        for key, runs in groups.items():
            for run in runs:
                if len(run) >= 2:
                    yield run, totals.get(key)

    def _judge(self, doc, members, total):
        shares = [sh for sh, _ in members]
        stated = sum((sh.value for sh in shares), start=Decimal(0))
        tolerance = sum((half_unit(sh.precision or 0) for sh in shares), start=Decimal(0))
        gap = stated - HUNDRED
        if abs(gap) <= tolerance:
            return None
        exhaustive, why = _exhaustive(members, total)
        if gap < 0 and not exhaustive:
            return None  # parts not listed may hold the rest
        # correctly rounded (or at worst truncated) shares stay within one unit each of the truth
        severity = Severity.INFO if abs(gap) <= 2 * tolerance else None
        terms = " + ".join(pct(sh) for sh in shares)
        names = "、".join(sh.subject.split("/")[-1] for sh in shares)
        named = denominator_word(shares[0])
        of = f"{total.subject or '总额'} {money(total)}" if total is not None else (named or "同一总数")
        if gap > 0:
            problem = "超过 100%：同一总数下互不重叠的各部分，占比之和不能超过 100%"
        else:
            problem = f"不足 100%，而所列各部分已经是全部（{why}）"
        hint = "（差额只有尾数大小，请核对各占比的计算与四舍五入）" if severity else ""
        hint += _culprits(members, total)
        evidence = [mention_evidence(doc, sh) for sh in shares]
        if total is not None:
            evidence.append(mention_evidence(doc, total))
        return self.finding(
            f"{names}占{of}的比重合计为 {fmt(stated)}%，{problem}{hint}。",
            evidence, expected="100%", found=f"{fmt(stated)}%", severity=severity,
            arithmetic=f"{terms} = {fmt(stated)}%，比 100% {'多' if gap > 0 else '少'} {fmt(abs(gap))} 个百分点"
                       f"（尾数误差允许 ±{fmt(tolerance)}）")


def _culprits(members, total) -> str:
    """Which stated shares the amounts contradict ("；按金额计算，住房保障支出应为 2.85%")."""
    if total is None:
        return ""
    wrong = []
    for sh, p in members:
        unit = common_unit(p, total) if p is not None else None
        if unit is None:
            continue
        (pv, pp), (tv, tp) = in_unit(p, unit), in_unit(total, unit)
        rc = rate_check(pv, pp or 0, tv, tp or 0, sh.value, sh.precision or 0)
        if rc is not None and not rc.ok:
            wrong.append(f"{sh.subject.split('/')[-1]}应为 {fmt_rate(rc.exact, sh.precision or 0)}（文中 {pct(sh)}）")
    return f"；按金额计算，{'，'.join(wrong)}" if wrong else ""


def _list_section(doc, pos: int) -> list[str]:
    """The section a share's list sits in: for a numbered item ("1.一般公共服务（类）支出……占 42.34%")
    the item's parent, so that the items of one list share it."""
    node = doc.structure.section_at(pos)
    if node is not None and node.style in ("arabic", "arabic_paren", "circled") and node.parent is not None:
        node = node.parent
    return node.path if node is not None else []


def _disjoint_subsets(members):
    """The subsets of a group known not to overlap: parts of one breakdown of breakdowns.tsv, or
    类/款/项 subjects of the same level under the same parent."""
    seen: set[frozenset[int]] = set()
    for parts in disjoint_breakdowns():
        subset = [(sh, p) for sh, p in members if sh.subject in parts]
        ids = frozenset(sh.id for sh, _ in subset)
        if len(subset) >= 2 and ids not in seen:
            seen.add(ids)
            yield subset
    levels: dict[tuple, list] = {}
    for sh, p in members:
        if sh.subject_kind == "classification":
            path = sh.subject.split("/")
            levels.setdefault((len(path), tuple(path[:-1])), []).append((sh, p))
    for subset in levels.values():
        if len(subset) >= 2 and len({sh.subject for sh, _ in subset}) == len(subset):
            yield subset


def _exhaustive(members, total) -> tuple[bool, str]:
    """Are the listed parts all the parts of their total? (and why, for the message)"""
    listed = {sh.subject for sh, _ in members}
    if any(listed == parts for parts in disjoint_breakdowns()):
        return True, "、".join(sorted(listed, key=lambda s: [sh.subject for sh, _ in members].index(s))) + "是完整的划分"
    amounts = [p for _, p in members]
    if total is None or any(p is None for p in amounts):
        return False, ""
    got = summed(total, amounts)  # in their common unit (parts in 元 under a total in 万元 too)
    if got is None or got.comparison.status == "mismatch":
        return False, ""
    return True, f"金额 {' + '.join(fmt(v) for v, _ in got.parts)} = {fmt(got.sum)}，等于总数 {money(total)}"
