"""Comparing figures the way the tables' own note asks: unit conversion leaves rounding differences
(尾数误差). The tolerance follows the stated precision and the number of rounded terms; never ``==``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


def half_unit(precision: int) -> Decimal:
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
    return Comparison(expected, found, found - expected, rounding_tolerance(precisions))


def fmt(value: Decimal) -> str:
    """1227.34 -> '1,227.34' (the way the documents print amounts)."""
    return f"{value:,}"
