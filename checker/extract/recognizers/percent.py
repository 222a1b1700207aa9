"""Percentages (%, ％, 百分之…) and changes of a rate in 个百分点, which are not rates."""

from __future__ import annotations

from decimal import Decimal

import regex

from checker.extract.numbers import NUMBER, parse_number
from checker.extract.recognizer import NUMBER_GROUP, Hit, Pattern, Recognizer


class PercentRecognizer(Recognizer):
    type = "percent"
    PATTERNS = [Pattern("number_percent", regex.compile(rf"(?P<num>-?{NUMBER})\s*[%％﹪]"), 0.95,
                        follow="%％﹪", lead="-", not_after=".,，")]

    def validate(self, m, text, pattern):
        num = m.group(NUMBER_GROUP)
        parsed = parse_number(num.lstrip("-"))
        if parsed is None:
            return None
        value, precision = parsed
        if num.startswith("-"):
            value = -value
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name, value, "%", precision)


class PercentagePointRecognizer(Recognizer):
    type = "pp"
    PATTERNS = [Pattern("number_percentage_points", regex.compile(rf"(?P<num>{NUMBER})\s*个?百分点"), 0.95)]

    def validate(self, m, text, pattern):
        parsed = parse_number(m.group(NUMBER_GROUP))
        if parsed is None:
            return None
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name, parsed[0], "个百分点", parsed[1])


class ChinesePercentRecognizer(Recognizer):
    """百分之九十五 / 百分之95.5 / 百分之百."""

    type = "percent"
    PATTERNS = [Pattern("baifenzhi", regex.compile(r"百分之(?P<n>[零〇一二两三四五六七八九十百点]+|\d+(?:\.\d+)?)"), 0.9)]

    def validate(self, m, text, pattern):
        n = m.group("n")
        if n[0].isdigit():
            parsed = parse_number(n)
            if parsed is None:
                return None
            value, precision = parsed
        else:
            import cn2an
            if n == "百":
                number = 100
            else:
                try:
                    number = cn2an.cn2an(n, "strict")
                except (ValueError, KeyError):
                    return None
            s = str(number)
            precision = len(s.split(".", 1)[1]) if "." in s and not s.endswith(".0") else 0
            value = Decimal(s) if precision else Decimal(int(float(s)))
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name, value, "%", precision,
                   ["chinese_percent"])
