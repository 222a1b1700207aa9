"""Identifiers that look like numbers: phone numbers and 政府收支分类科目 codes."""

from __future__ import annotations

import regex

from checker.extract.recognizer import Hit, Pattern, Recognizer


class PhoneRecognizer(Recognizer):
    type = "phone"
    PATTERNS = [
        # the leading (?=\d) changes no match (a number starts with a digit) but lets the engine skip ahead
        Pattern("landline", regex.compile(r"(?=\d)(?<![\d.])(?:0\d{2,3}-)?[2-9]\d{6,7}(?![\d.])"), 0.4,
                runs=((7, ""), (8, ""), (3, "-"), (4, "-"))),  # 7-8 digits, or an area code and "-"
        Pattern("mobile", regex.compile(r"(?<![\d.])1[3-9]\d{9}(?![\d.])"), 0.6, runs=((11, ""),)),
    ]
    CONTEXT = ("电话", "咨询", "联系", "热线", "手机")
    CONTEXT_BOOST = 0.5

    def analyze(self, text, trigger=None):
        return [h for h in super().analyze(text, trigger) if h.score >= 0.6 or "context" in "".join(h.explanation)]


class SubjectCodeRecognizer(Recognizer):
    """3/5/7-digit function codes (201, 20103, 2010301) and economic codes (301, 30101)."""

    type = "code"
    PATTERNS = [Pattern("classification_code", regex.compile(r"(?<![\d.,])(?:[23]\d{2}(?:\d{2}(?:\d{2})?)?)(?![\d.,%％])"), 0.5,
                        runs=((3, ""), (5, ""), (7, "")))]

    NAME_START = regex.compile(r"[\p{Han}\s\t（(]")
    UNIT_AFTER = regex.compile(r"\s*(?:万元|元|亿元|%|个|人|辆|年)")

    def validate(self, m, text, pattern):
        from checker.extract.classification import codes
        code = m.group(0)
        if code not in codes():
            return None
        after = text[m.end(): m.end() + 1]
        # a code is followed by its name (or a separator), never by a unit
        if after and not (self.NAME_START.match(after)):
            return None
        if self.UNIT_AFTER.match(text[m.end(): m.end() + 3]):
            return None
        return Hit(self.type, m.start(), m.end(), code, pattern.score, pattern.name, None, None)
