"""Counts and measures that are not money: 辆, 人次, 个, 家, 台（套）, m², 万m² …"""

from __future__ import annotations

import regex

from checker.extract.numbers import NUMBER, parse_number
from checker.extract.recognizer import NUMBER_GROUP, UNIT_GROUP, Hit, Pattern, Recognizer

MEASURE_UNITS = r"万\s*(?:m\s*\^?\s*²?2?|㎡|平方米)|m\s*\^?\s*[²2]|㎡|平方米|平米|公里|千米|km|吨|亩|小时|天"
COUNT_UNITS = (r"人次|台（套）|台\(套\)|台套|辆|人|名|个|次|家|台|套|项|件|份|户|场|处|间|批|篇|期|条|张|本|册|所|座|栋|宗|"
               r"单位|部|块|支|把|箱|层|例|起|位|幅|株|棵|盏|组|种|类|轮|课时|学时|分")


BLANK = regex.compile(r"\s")


def first_chars(alternation: str) -> str:
    """The characters the units of an alternation can start with, read from the text of each alternative:
    its first character after an opening ``(?:``. Only for plain unit lists like MEASURE_UNITS and
    COUNT_UNITS: an alternative starting with an optional group (``(?:平方)?米``) or an escape (``\\(``)
    would be read wrongly (tests/test_fast_paths_extract.py checks every unit of both lists)."""
    return "".join(sorted({part.lstrip("(?:")[:1] for part in alternation.split("|")} - {""}))


class QuantityRecognizer(Recognizer):
    type = "count"
    PATTERNS = [
        Pattern("number_measure", regex.compile(rf"(?P<num>{NUMBER})\s*(?P<unit>{MEASURE_UNITS})"), 0.9,
                first_chars(MEASURE_UNITS), not_after=".,，"),  # (万 of every 万元 follows a number)
        Pattern("number_count", regex.compile(rf"(?P<num>{NUMBER})\s*(?P<unit>{COUNT_UNITS})"), 0.85,
                first_chars(COUNT_UNITS), not_after=".,，"),
    ]

    def validate(self, m, text, pattern):
        num, unit = m.group(NUMBER_GROUP, UNIT_GROUP)
        parsed = parse_number(num)
        if parsed is None:
            return None
        rtype = "measure" if pattern.name == "number_measure" else "count"
        if rtype == "measure":  # (a count unit is one of COUNT_UNITS' words as written: no blanks to drop)
            unit = BLANK.sub("", unit)
        return Hit(rtype, m.start(), m.end(), m.group(0), pattern.score, pattern.name, parsed[0], unit, parsed[1])
