"""Money: 元 / 千元 / 万元 / 亿元 amounts, amounts whose unit comes later, Chinese numerals, residue."""

from __future__ import annotations

from functools import lru_cache

import regex

from checker.extract.numbers import NUMBER, RESIDUE_NUMBER, parse_number
from checker.extract.recognizer import NUMBER_GROUP, UNIT_GROUP, Hit, Pattern, Recognizer

UNIT = r"(?P<unit>亿元|万元|千元|元)"
UNIT_FIRST = "亿万千元"  # what can follow a number and its blanks when a UNIT comes next
MONEY_CONTEXT = ("预算", "决算", "支出", "收入", "总计", "合计", "经费", "资金", "金额", "费用", "拨款", "结余", "结转")
# what may follow a unit-less amount without making it a count or a measure
NON_MONEY_AFTER = regex.compile(r"^\s*(?:%|％|个百分点|年|月|日|辆|人|名|个|次|家|台|套|项|件|份|户|场|处|间|平方|m|㎡|公里|千米|天|小时|批|条|张|本|册|所|座|栋|宗|亩|吨|分|倍|岁|万(?!元))")


def _money_hit(rtype, m, pattern, unit):
    parsed = parse_number(m.group(NUMBER_GROUP))
    if parsed is None:
        return None
    value, precision = parsed
    return Hit(rtype, m.start(), m.end(), m.group(0), pattern.score, pattern.name, value, unit, precision)


class MoneyRecognizer(Recognizer):
    type = "money"
    PATTERNS = [Pattern("number_with_unit", regex.compile(rf"(?P<num>{NUMBER})\s*{UNIT}"), 0.9, UNIT_FIRST,
                        not_after=".,，")]  # (the inner digit runs of every "1,171.58万元")
    CONTEXT = MONEY_CONTEXT

    def validate(self, m, text, pattern):
        return _money_hit(self.type, m, pattern, m.group(UNIT_GROUP))


class ResidueRecognizer(Recognizer):
    """'0.万元': a number slot left half-filled. Recognised as residue, never as 0."""

    type = "residue"
    PATTERNS = [Pattern("number_dot_unit", regex.compile(rf"(?P<num>{RESIDUE_NUMBER})\s*{UNIT}"), 0.95, UNIT_FIRST,
                        not_after=".,")]

    def validate(self, m, text, pattern):
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name, None, m.group(UNIT_GROUP), None,
                   ["template_residue"])


class BareAmountRecognizer(Recognizer):
    """A decimal amount without its unit: '年初预算为 5093.22，支出决算为 5,102.22 万元'.

    Accepted only after a money cue word and when no count/measure unit follows; the unit is
    taken from the next amount in the same sentence, else from the document's amount unit.
    """

    type = "money"
    # The number is read atomically (``(?>…)``): when the whole number is followed by a unit, the shorter
    # numbers backtracking would offer ("1,171" of "1,171.58万元") are not tried. Each would lie inside the
    # money hit of the same start, which is longer and overlaps every hit that could beat it, so it could
    # never be kept (tests/test_fast_paths_extract5.py compares the hits with the plain pattern's).
    PATTERNS = [Pattern("bare_decimal_after_cue", regex.compile(rf"(?P<num>(?>{NUMBER}))(?!\s*(?:亿元|万元|千元|元))"),
                        0.5, separated=True)]
    SENTENCE_END = regex.compile(r"[。；;\n]")
    AMOUNT_WITH_UNIT = regex.compile(rf"{NUMBER}\s*{UNIT}")
    CUE = regex.compile(r"(预算|决算|支出|收入|总计|合计|金额|经费|资金|拨款|结余|结转|执行数)[^，。；,;\d]{0,4}(?:为|是|共|合计|达)?[：:]?\s*$")

    def validate(self, m, text, pattern):
        num = m.group(NUMBER_GROUP)
        if "." not in num and "," not in num:
            return None  # an integer without a unit is too often a count or a code
        if NON_MONEY_AFTER.match(text[m.end(): m.end() + 4]):
            return None
        left = text[max(0, m.start() - 16): m.start()]
        cue = self.CUE.search(left)
        if not cue:
            return None
        sentence_end = self.SENTENCE_END.search(text, m.end())
        rest = text[m.end(): sentence_end.start() if sentence_end else m.end() + 80]
        unit = self.AMOUNT_WITH_UNIT.search(rest)
        hit = _money_hit(self.type, m, pattern, unit.group("unit") if unit else None)
        if hit is not None:
            hit.explanation.append(f"cue:{cue.group(1)}")
            hit.explanation.append("unit_from:" + ("sentence" if unit else "document"))
        return hit


CN_CHARS = "零〇一二两三四五六七八九十百千万亿点"


@lru_cache(maxsize=4096)
def _cn_number(cn: str):
    """cn2an's reading of a Chinese numeral, or None when it is not one. Remembered: the same few
    strings recur (every 万元 offers the recognizer the numeral 万, which cn2an rejects)."""
    import cn2an

    try:
        return cn2an.cn2an(cn, "strict")
    except (ValueError, KeyError):
        return None


class ChineseMoneyRecognizer(Recognizer):
    """三千四百万元 / 一百二十点五万元 — Chinese numerals carrying an amount (cn2an converts them)."""

    type = "money"
    # "三千四百万元": the 万 belongs to the unit; "一万元" alone is a number of 元 with 万. A lone numeral is
    # no amount but 十 (cn2an reads none of 百千万亿点 alone), so the pattern does not match one: the 万 of
    # every "…万元" would offer a match to reject. (A match is a whole run of numerals followed by 元.)
    PATTERNS = [Pattern("chinese_numeral_amount",
                        regex.compile(rf"(?P<cn>[{CN_CHARS}]{{2,}}|十)(?P<unit>亿元|万元|千元|元)"), 0.8,
                        stop_run=(CN_CHARS, "元", "十"))]  # numerals, then 元 (亿, 万 and 千 are numerals too)

    def validate(self, m, text, pattern):
        cn, unit = m.group(NUMBER_GROUP, UNIT_GROUP)
        number = _cn_number(cn)
        if number is None:
            return None
        from decimal import Decimal
        value = Decimal(str(number))
        precision = len(str(number).split(".", 1)[1]) if "." in str(number) and not str(number).endswith(".0") else 0
        if precision == 0:
            value = value.quantize(Decimal(1))
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name, value, unit, precision,
                   ["cn2an"])
