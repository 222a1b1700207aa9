"""Comparing figures the way the tables' own note asks: unit conversion leaves rounding differences
(尾数误差). The tolerance follows the stated precision and the number of rounded terms; never ``==``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache


@lru_cache(maxsize=64, typed=True)
def half_unit(precision: int) -> Decimal:
    """Half a unit of the last place of a figure with ``precision`` decimals (2 → 0.005): exact in any
    context, and a Decimal cannot be changed, so each precision's value is computed once."""
    return Decimal(5) * Decimal(10) ** (-(precision + 1))


def rounding_tolerance(precisions: list[int]) -> Decimal:
    """The largest gap rounding alone can explain between a total and the sum of its parts:
    each rounded term contributes half a unit of its last place."""
    return sum((half_unit(p) for p in precisions), Decimal(0))


@dataclass(frozen=True)
class Comparison:
    expected: Decimal
    found: Decimal
    difference: Decimal
    tolerance: Decimal

    @property
    def status(self) -> str:
        """equal | rounding (within tolerance: an info hint, 尾数误差) | mismatch"""
        if self.difference == 0:
            return "equal"
        if abs(self.difference) <= self.tolerance:
            return "rounding"
        return "mismatch"


def compare(expected: Decimal, found: Decimal, precisions: list[int]) -> Comparison:
    """``precisions`` of every rounded figure involved. Two zeros compare equal; a written 0 is
    exact, so compare(0, 0.1, [0, 1]) is a mismatch, not rounding."""
    tol = rounding_tolerance(precisions)
    if expected == 0 or found == 0:
        tol = min(tol, half_unit(max(precisions)) if precisions else tol)
    return Comparison(expected, found, found - expected, tol)


def fmt(value: Decimal) -> str:
    """1227.34 -> '1,227.34' (the way the documents print amounts)."""
    return f"{value:,}"


@dataclass(frozen=True)
class RateCheck:
    """A stated percentage against numerator ÷ denominator × 100, with the slack that rounding of the
    three figures allows."""

    exact: Decimal  # the rate from the stated figures
    stated: Decimal
    slack: Decimal

    @property
    def ok(self) -> bool:
        explicit = getattr(self, "_ok", None)
        return explicit if explicit is not None else abs(self.stated - self.exact) <= self.slack

    @property
    def expected(self) -> Decimal:
        """The exact rate rounded to the stated precision."""
        exp = self.stated.as_tuple().exponent
        return self.exact.quantize(Decimal(1).scaleb(exp if isinstance(exp, int) else 0))


def rate_check(numerator: Decimal, num_precision: int, denominator: Decimal, den_precision: int,
               stated: Decimal, stated_precision: int, den_terms: int = 1) -> RateCheck | None:
    """None when the denominator is zero (no rate can be computed)."""
    if denominator == 0:
        return None
    dn = half_unit(num_precision)
    dd = half_unit(den_precision) * den_terms
    return interval_check(lambda n, d: n / d * 100, [(numerator, dn), (denominator, dd)], stated, stated_precision)


def interval_check(f, ranges: list[tuple[Decimal, Decimal]], stated: Decimal, stated_precision: int) -> RateCheck | None:
    """Is ``stated`` a correct rounding of ``f`` for some true values within the rounding of the inputs?

    ``ranges`` are (value as printed, half a unit of its last place). ``f`` is monotonic in each input
    over the range, so its extremes are at the corners. The slack reported is how far the stated value
    may be from ``f`` at the printed values."""
    import itertools

    try:
        exact = f(*[v for v, _ in ranges])
        corners = [f(*[v + s * h for (v, h), s in zip(ranges, signs)])
                   for signs in itertools.product((-1, 1), repeat=len(ranges))]
    except (ZeroDivisionError, ArithmeticError):
        return None
    lo, hi = min(corners), max(corners)
    hu = half_unit(stated_precision)
    slack = max(exact - lo, hi - exact) + hu
    ok = lo - hu <= stated <= hi + hu
    check = RateCheck(exact, stated, slack)
    object.__setattr__(check, "_ok", ok)
    return check


def fmt_rate(value: Decimal, places: int = 2) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}%"
