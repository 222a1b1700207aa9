"""Numbering and line markers that give a disclosure its structure.

These are the domain's own conventions (第一部分 / 一、/（一）/ 1. / (1) / ①), not any one
document's wording, so they live in code as patterns. Titles and cue words live in lexicons/.
"""

from __future__ import annotations

from functools import lru_cache

import regex

CN_DIGITS = "零〇一二三四五六七八九十百"
_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(text: str) -> int | None:
    """Small Chinese numerals as used in headings: 一 … 九十九."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "百" in text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_VALUES.get(tens, None) if tens else 1
        o = _CN_VALUES.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(text) == 1:
        return _CN_VALUES.get(text)
    return None


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# style name -> pattern matching a heading marker at the start of a (stripped, folded) line.
# Group "num" holds the number; the rest of the line is the title.
HEADING_STYLES: list[tuple[str, regex.Pattern]] = [
    ("part", regex.compile(r"^第\s*(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})\s*部分\s*")),
    ("cn", regex.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、．.]\s*")),
    ("cn_paren", regex.compile(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]\s*")),
    ("arabic", regex.compile(r"^(?P<num>\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")),
    ("arabic_paren", regex.compile(r"^[（(]\s*(?P<num>\d{1,2})\s*[）)]\s*")),
    ("circled", regex.compile(rf"^(?P<num>[{CIRCLED}])\s*")),
]

FIGURE_CAPTION = regex.compile(r"^(图|图表)\s*\d{1,2}\s*[：:．.、]?")
NOTE_START = regex.compile(r"^(注|说明|备注)\s*\d?\s*[：:]")
TABLE_LABEL = regex.compile(r"公开\s*(?P<num>0?\d{1,2})\s*表")
TOC_ENTRY = regex.compile(r"(\.{3,}|…{2,}|·{3,}|\t)\s*\d{1,3}\s*$")
PAGE_NUMBER = regex.compile(r"^\s*[-—–]?\s*(\d{1,3}|第\s*\d{1,3}\s*页(\s*共\s*\d{1,3}\s*页)?)\s*[-—–]?\s*$")


def linewise(pattern: regex.Pattern) -> regex.Pattern:
    """``pattern``, written for one line, made to search many lines joined by line breaks at once: ``^`` and
    ``$`` match at the ends of every line and ``\\s`` does not cross a line break, so a line matches on its
    own exactly when the joined text holds a match inside that line. For patterns that could cross a line
    break only by ``\\s``: none inside a character class, no negated class or escape (``\\D``, ``\\W``,
    ``\\S``, ``\\P{…}`` …), no ``.`` with DOTALL, no literal line break."""
    text = pattern.pattern
    if (regex.search(r"\[[^\]]*\\s|\[\^|\\[DWSHVP]|\\N\b|\n|\\n", text)
            or (pattern.flags & regex.DOTALL and regex.search(r"(?<!\\)\.", text))):
        raise ValueError(f"the pattern could cross a line break: {text}")
    return regex.compile(pattern.pattern.replace(r"\s", r"[^\S\n]"), pattern.flags | regex.MULTILINE)


# the heading styles a line can be in, by its first character: styles start with disjoint characters
# (第 / a bracket / a Chinese numeral / a digit / a circled number), so trying only those keeps the
# order of HEADING_STYLES and turns away most lines with one dictionary lookup
_STYLE_BY_FIRST: dict[str, list[tuple[str, regex.Pattern]]] = {}
for _style, _pattern in HEADING_STYLES:
    _first = {"part": "第", "cn": "一二三四五六七八九十", "cn_paren": "（(", "arabic": "", "arabic_paren": "（(",
              "circled": CIRCLED}[_style]
    for _ch in _first:
        _STYLE_BY_FIRST.setdefault(_ch, []).append((_style, _pattern))
_DIGIT_STYLES = [(s, p) for s, p in HEADING_STYLES if s == "arabic"]


# regex's \d matches the Unicode decimal digits (Nd), as str.isdecimal does, but from a newer Unicode version
# with a few more digits beyond the BMP (U+10D40…): a line may start with a digit when its first character
# is decimal or lies beyond the BMP (those lines are tried on the patterns)
_LAST_BMP = "\uffff"


def match_heading(line: str) -> tuple[str, int | None, regex.Match] | None:
    """Return (style, number, match) when the line starts with a heading marker.

    Most lines start with a character no heading starts with and are turned away at once. The answers
    about the others are remembered per line: the table finder, the normaliser (as the next line, then as
    the paragraph it starts) and the section finder ask about the same lines."""
    first = line[:1]
    if first not in _STYLE_BY_FIRST and not (first.isdecimal() or first > _LAST_BMP):  # a digit may start it
        return None
    return _match_heading(line)


@lru_cache(maxsize=8192)
def _match_heading(line: str) -> tuple[str, int | None, regex.Match] | None:
    for style, pattern in _STYLE_BY_FIRST.get(line[:1], _DIGIT_STYLES):
        m = pattern.match(line)
        if m:
            raw = m.group("num")
            if style == "circled":
                num = CIRCLED.index(raw) + 1
            else:
                num = cn_to_int(raw)
            return style, num, m
    return None


def starts_block(line: str) -> bool:
    """A line that always begins a new paragraph: a heading, list item, caption or note."""
    first = line[:1]
    if first in _CAPTION_OR_NOTE_FIRST:
        return bool(match_heading(line) or FIGURE_CAPTION.match(line) or NOTE_START.match(line))
    if first not in _STYLE_BY_FIRST and not (first.isdecimal() or first > _LAST_BMP):
        return False  # match_heading's first test, without a call: most lines end here
    return _match_heading(line) is not None


# the first characters of a figure caption (图) or a note (注/说明/备注): other lines need not try them
_CAPTION_OR_NOTE_FIRST = frozenset("图注说备")
