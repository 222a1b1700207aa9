"""Recognizers in the manner of Presidio: patterns with scores, context words, validation hooks.

Every hit records which pattern produced it and why its score is what it is, so a reviewer can
ask "why was this read as money?" and get an answer.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from collections import defaultdict
from itertools import chain

import regex

from checker.extract.anchored import tried_at


# A pattern reading a number writes it as its first group (named ``num``, ``cn`` for Chinese numerals) and
# its unit, if any, as its second (``unit``); validators read them by number, which costs a fifth of a
# lookup by name (tests/test_fast_paths_extract5.py checks every pattern).
NUMBER_GROUP, UNIT_GROUP = 1, 2

# What regex's \s matches (Unicode White_Space), spelled out for a pattern compiled with re, whose \s is
# str.isspace and takes a few more (\x1c-\x1f). re's \d and \D are regex's within the BMP (beyond it regex
# knows a few newer digits). tests/test_fast_paths_check6.py checks both over every character.
WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
               "\u2028\u2029\u202f\u205f\u3000")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # a character beyond the BMP


@dataclass(frozen=True)
class Pattern:
    """A scored pattern. ``follow`` (optional) lets a :class:`Trigger` find its matches without running the
    pattern over the whole text: it must hold every character that can come first after a match's
    leading number, its separators (``[\\d.,，]``) and blanks — "亿万千元" for ``1,171.58 万元``. A match
    then starts at a digit run, or at one of the ``lead`` characters just before it ("-" of ``-3.5%``).
    ``separated`` (instead of ``follow``): only matches whose leading number holds a "." or "," are
    wanted (the recognizer rejects the others), so only numbers written with one are tried.
    ``runs`` (instead of both): every match starts at the first digit of a whole digit run (never just
    after a digit), and that run's length and the character right after it are one of the pairs
    (length, characters) — "" for any character: ``((7, ""), (8, ""), (3, "-"), (4, "-"))`` for a
    phone number. ``stop_run`` (instead of all): every match is a run of the first string's characters
    and then the second string's character, which is not one of them — ``("一二三…万亿点", "元")``: a
    match starts where the run of numeral characters just before a 元 starts; a third string, if given,
    holds the only characters a run of one can be (the pattern matches no other lone character). ``not_after`` (with
    ``follow``): characters the pattern's look-behind rejects right before a match ("," and "." for a
    number that never starts inside another), so the digit runs right after one are not tried."""

    name: str
    regex: regex.Pattern
    score: float
    follow: str | None = None
    lead: str = ""
    separated: bool = False
    runs: tuple[tuple[int, str], ...] = ()
    stop_run: tuple[str, str] | tuple[str, str, str] | None = None
    not_after: str = ""

    @property
    def triggered(self) -> bool:
        """Can a :class:`Trigger` find this pattern's matches?"""
        return self.follow is not None or self.separated or bool(self.runs) or self.stop_run is not None


@dataclass
class Hit:
    type: str  # money | percent | pp | residue | count | measure | year | date | code | phone
    start: int  # view offsets
    end: int
    text: str
    score: float
    pattern: str
    value: Decimal | None = None
    unit: str | None = None
    precision: int | None = None  # decimals as written
    explanation: list[str] = field(default_factory=list)

    @property
    def is_figure(self) -> bool:
        return self.type in ("money", "percent", "pp", "residue")


class Trigger:
    """The digit runs of one text, found in one scan and shared by the recognizers.

    Each digit run is filed under the first character after it, its separators and blanks: a pattern
    with a ``follow`` set is tried (``match``) only at the runs filed under one of those characters,
    instead of being searched for over the whole text. Matches are taken left to right without
    overlap, so :meth:`finditer` yields what ``pattern.regex.finditer(text)`` yields. For a
    ``separated`` pattern it yields those of them whose number holds a "." or ",": a number without
    one is a single digit run, so skipping its match leaves no other digit run inside it untried.

    With ``windows`` (sorted, disjoint (start, end) spans of whole lines), only the matches that
    start inside a window are yielded, those of ``pattern.regex.finditer(text)`` there, provided that
    no match of the text crosses a window's edge (:func:`checker.extract.figures.find_hits` sees to
    it): only the digit runs inside the windows are read.
    """

    # each digit run with its separators, the first character after them and blanks, and the non-digits up
    # to the next run: read with findall, from a window's first digit on, each run's start is where the last
    # one's non-digits end
    RUNS = regex.compile(r"(\d+)(?=([\d.,，]*)\s*(.?))(\D*)")
    # RUNS compiled with re, which reads a text a third faster: the same reading of a text without a
    # character beyond the BMP (the case of every document so far), where re's \d and \D are regex's
    RUNS_BMP = re.compile(r"(\d+)(?=([\d.,，]*)[" + re.escape(WHITE_SPACE) + r"]*(.?))(\D*)")
    FIRST_DIGIT = regex.compile(r"\d")
    BLANKS = regex.compile(r"\s*")

    def __init__(self, text: str, windows: list[tuple[int, int]] | None = None):
        self.text = text
        self.windows = windows
        self._by_follow: dict[str, list[int]] = defaultdict(list)
        self._by_length: dict[int, list[int]] = defaultdict(list)  # the digit runs by their length
        self._separated: list[int] = []  # digit runs continued by a "." or ","
        by_follow, by_length, separated = self._by_follow, self._by_length, self._separated
        runs = self.RUNS if ASTRAL.search(text) else self.RUNS_BMP
        for a, b in windows if windows is not None else ((0, len(text)),):
            first = self.FIRST_DIGIT.search(text, a, b)
            if first is None:
                continue
            # a window ends a line (b: its line break, or the text's end): the look-ahead of a run inside
            # it reads at most the blanks from b on and one character more
            end = min(len(text), self.BLANKS.match(text, b).end() + 1)
            start = first.start()
            for run, rest, after, gap in runs.findall(text, start, end):
                if start >= b:
                    break
                by_follow[after].append(start)
                by_length[len(run)].append(start)
                if "." in rest or "," in rest:
                    separated.append(start)
                start += len(run) + len(gap)

    def inside(self, pos: int) -> bool:
        """Is ``pos`` inside a window (always, without windows)?"""
        if self.windows is None:
            return True
        i = bisect.bisect_right(self.windows, (pos, len(self.text) + 1)) - 1
        return i >= 0 and pos < self.windows[i][1]

    def candidates(self, pattern: Pattern) -> list[int]:
        """Every position a (wanted) match of ``pattern`` can start at, in order (a superset)."""
        if pattern.separated:
            return self._separated
        if pattern.runs:
            return self._run_starts(pattern.runs)
        if pattern.stop_run is not None:
            return self._stop_run_starts(*pattern.stop_run)
        lists = [self._by_follow[c] for c in set(pattern.follow) if c in self._by_follow]
        if not lists:
            return []
        starts = lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists))  # sorted runs: one merge pass
        text = self.text
        if pattern.not_after:
            starts = [s for s in starts if not (s and text[s - 1] in pattern.not_after)]
        if not pattern.lead:
            return starts
        lead, out = pattern.lead, []
        for s in starts:
            if s and text[s - 1] in lead:
                out.append(s - 1)
            out.append(s)
        return out

    def _run_starts(self, runs: tuple[tuple[int, str], ...]) -> list[int]:
        text, lists = self.text, []
        for length, then in runs:
            starts = self._by_length.get(length, [])
            if then:
                starts = [s for s in starts if text[s + length: s + length + 1] in then and s + length < len(text)]
            lists.append(starts)
        return lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists))  # sorted runs: one merge pass

    def _stop_run_starts(self, chars: str, stop: str, lone: str | None = None) -> list[int]:
        text, out = self.text, []
        for a, b in self.windows if self.windows is not None else ((0, len(text)),):
            i = text.find(stop, a, b)
            while i != -1:
                j = i
                while j > a and text[j - 1] in chars:  # a window starts a line: the character before is a newline
                    j -= 1
                if j < i and (lone is None or j < i - 1 or text[j] in lone):
                    out.append(j)
                i = text.find(stop, i + 1, b)
        return out

    def finditer(self, pattern: Pattern):
        """The matches of ``pattern.regex.finditer(text)`` (those starting in a window), found at the
        candidate starts only when the pattern is triggered."""
        if not pattern.triggered:
            found = pattern.regex.finditer(self.text)
            return found if self.windows is None else (m for m in found if self.inside(m.start()))
        return self._triggered(pattern)

    def _triggered(self, pattern: Pattern) -> list[regex.Match]:
        return tried_at(pattern.regex, self.text, self.candidates(pattern))


class Recognizer:
    """Subclasses set ``type``, ``PATTERNS`` and optionally ``CONTEXT``; ``validate`` may reject or refine."""

    type: str = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: tuple[str, ...] = ()
    CONTEXT_WINDOW = 12
    CONTEXT_BOOST = 0.15

    def analyze(self, text: str, trigger: Trigger | None = None) -> list[Hit]:
        """The hits in ``text``; with the text's ``trigger``, patterns that declare ``follow`` look only
        near the numbers that can start them, and only hits starting in the trigger's windows are made."""
        hits: list[Hit] = []
        enhance = self.enhance if self.CONTEXT else None  # (without context words it changes nothing)
        for p in self.PATTERNS:
            for m in trigger.finditer(p) if trigger is not None else p.regex.finditer(text):
                hit = self.validate(m, text, p)
                if hit is None:
                    continue
                if enhance is not None:
                    enhance(hit, text)
                hits.append(hit)
        return hits

    def validate(self, m: regex.Match, text: str, pattern: Pattern) -> Hit | None:
        return Hit(self.type, m.start(), m.end(), m.group(0), pattern.score, pattern.name)

    def enhance(self, hit: Hit, text: str) -> None:
        """Raise the score when a context word stands just before the hit."""
        if not self.CONTEXT:
            return
        left = text[max(0, hit.start - self.CONTEXT_WINDOW): hit.start]
        for word in self.CONTEXT:
            if word in left:
                hit.score = min(1.0, hit.score + self.CONTEXT_BOOST)
                hit.explanation.append(f"context:{word}")
                return
