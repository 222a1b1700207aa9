"""Number syntax shared by the recognizers, and parsing to Decimal with the stated precision."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# digits with optional thousands separators (also a full-width comma before exactly three digits
# and a decimal part) and an optional decimal part; never glued to other digits
NUMBER = r"(?<![\d.,，])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:，\d{3})+\.\d+|\d+(?:\.\d+)?)(?![\d])"
# "0.万元", "12.万元": a template slot left half-filled
RESIDUE_NUMBER = r"(?<![\d.,])\d+\.(?=\s*(?:亿元|万元|千元|元))"

UNIT_TO_WAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal("1"), "亿元": Decimal("10000")}


def parse_number(text: str) -> tuple[Decimal, int] | None:
    """'1,171.58' -> (Decimal('1171.58'), 2). None when it is not a number."""
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "") if "," in text or "，" in text or " " in text \
        else text
    if not cleaned or cleaned.endswith("."):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    dot = cleaned.find(".")
    return value, (len(cleaned) - dot - 1 if dot >= 0 else 0)  # the digits after the first "."


def to_wan(value: Decimal, unit: str) -> Decimal | None:
    factor = UNIT_TO_WAN.get(unit)
    return None if factor is None else value * factor


def to_unit(value: Decimal, unit: str, target: str) -> Decimal | None:
    """``value`` in ``unit`` expressed in ``target`` (元 ↔ 万元 ↔ 亿元)."""
    wan, one = to_wan(value, unit), to_wan(Decimal(1), target)
    if wan is None or not one:
        return None
    return wan / one
