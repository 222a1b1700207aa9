"""Years and dates: 2023年度, 2024年1月31日, 2023-07-24 — never amounts."""

from __future__ import annotations

import regex

from checker.extract.recognizer import Hit, Pattern, Recognizer


class YearRecognizer(Recognizer):
    type = "year"
    PATTERNS = [Pattern("year", regex.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*(?=年)"), 0.95, "年")]

    def validate(self, m, text, pattern):
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name, None, "年")


class DateRecognizer(Recognizer):
    type = "date"
    PATTERNS = [
        Pattern("ymd", regex.compile(r"(?<!\d)(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"), 0.95, "年"),
        Pattern("md", regex.compile(r"(?<![\d.])\d{1,2}\s*月\s*\d{1,2}\s*日"), 0.9, "月"),
        Pattern("iso", regex.compile(r"(?<![\d.])(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d])"), 0.9,
                runs=((4, "-/."),)),
        Pattern("month", regex.compile(r"(?<![\d.])\d{1,2}\s*(?:个)?月(?:份)?"), 0.8, "个月"),
    ]
