"""Extraction: every money figure, percentage and stated reason in the narrative, with role and subject.

Runs the recognizers on the reflowed analysis view (before any segmentation: jieba would split
``1,171.58万元`` into four tokens), then reads each figure's clause for its role, direction,
period and subject, and finds the stated reasons and the variance statements they explain.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import regex

from checker.extract.figures import find_hits, line_starts
from checker.extract.numbers import to_wan
from checker.extract.reasons import find_reasons
from checker.extract.recognizer import Hit
from checker.extract.roles import PRIOR_WORDS, YEAR, assign_role, direction_in
from checker.extract.subjects import ITEM_SPLIT, SubjectSpan, find_subject_spans, item_name

CLAUSE_BOUNDARY = regex.compile(r"[，,、。；;：:！？!?\n]")
SENTENCE_BOUNDARY = regex.compile(r"[。；;！？!?\n]")
COMPARISON_TARGET = "占比较与和同"  # a subject right after one of them is compared with, not described
CHANGE_ROLES = ("change_amount", "change_rate")
# "退休奖励性津补贴 10.76 万元及在职性津补贴": what follows a clause's last figure
AFTER_FIGURE = regex.compile(r"\d[\d,.]*\s*(?:万元|亿元|元|%|％)\s*(?:及|和|与|以及)?")
NOT_A_NAME_START = regex.compile(r"^(?:比|较|与|同|和|占|其中|为|是|达|共)")
DIGIT = regex.compile(r"\d")
SENTENCE_END = regex.compile(r"[。！？!?\n]")


@dataclass
class Mention:
    id: int
    type: str  # money | percent | pp | residue
    start: int  # view offsets
    end: int
    value: Decimal | None
    precision: int | None
    unit: str | None
    role: str
    direction: str | None
    period: int | None
    subject: str
    subject_code: str | None
    subject_kind: str | None
    section: list[str]
    score: float
    pattern: str
    explanation: list[str] = field(default_factory=list)

    @property
    def value_wan(self) -> Decimal | None:
        if self.value is None or self.unit is None:
            return None
        return to_wan(self.value, self.unit)

    def to_dict(self, doc) -> dict:
        text, line, start, end, page = doc.view_location_fields(self.start, self.end)
        wan = self.value_wan
        return {
            "id": self.id, "type": self.type, "text": text, "line": line, "start": start,
            "end": end, "page": page, "value": None if self.value is None else str(self.value),
            "precision": self.precision, "unit": self.unit,
            "value_wan": None if wan is None else format(wan.normalize(), "f"),
            "role": self.role, "direction": self.direction, "period": self.period, "subject": self.subject,
            "subject_code": self.subject_code, "section": self.section, "score": round(self.score, 2),
            "pattern": self.pattern, "why": self.explanation, "residue": self.type == "residue",
        }


@dataclass
class Explanation:
    id: int
    cue_start: int
    start: int
    end: int
    cue: str
    subject: str
    direction: str | None
    mentions: list[int]
    section: list[str]

    def to_dict(self, doc) -> dict:
        cue = doc.view_location_fields(self.cue_start, self.start)
        text, line, start, end, page = doc.view_location_fields(self.start, self.end) if self.end > self.start else cue
        return {"id": self.id, "text": text, "line": line, "start": start, "end": end, "page": page,
                "cue": self.cue, "cue_line": cue[1], "cue_start": cue[2], "subject": self.subject,
                "direction": self.direction, "mentions": self.mentions, "section": self.section}


@dataclass
class Extraction:
    mentions: list[Mention]
    explanations: list[Explanation]
    quantities: list[Hit]  # counts, measures, years, dates, codes, phone numbers (never money)


def narrative(doc) -> "_Narrative":
    """Which view positions of ``doc`` are narrative: made once per document (extraction and R001 ask)."""
    return doc.memo("narrative", _Narrative)


class _Narrative:
    """Which view positions are narrative (not table rows, not the table of contents); ``excluded``: the
    source lines that are not."""

    def __init__(self, doc):
        st = doc.structure
        excluded = self.excluded = set(st.toc_lines)
        for t in st.tables:
            excluded.update(range(t.first_line, t.last_line + 1))
        sources = doc.view.line_sources
        self.line_starts = line_starts(doc.view.text)  # per view line, and one more (see line_starts)
        starts = self.line_starts[:-1]
        n = min(len(starts), len(sources))
        self.starts = starts[:n]
        self.allowed = [src not in excluded for src in sources[:n]]

    def __call__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.allowed[i]


def _boundary_before(pattern: regex.Pattern, text: str, pos: int, floor: int = 0) -> int:
    """The end of the last ``pattern`` character in the 400 characters before ``pos`` (not before
    ``floor``), else the window's start. ``pattern`` is a one-character class, so the last of its
    matches is what a backward search finds first."""
    window_start = max(floor, pos - 400)
    last = _reversed(pattern).search(text, window_start, pos)
    return last.end() if last else window_start


@lru_cache(maxsize=None)
def _reversed(pattern: regex.Pattern) -> regex.Pattern:
    return regex.compile(pattern.pattern, pattern.flags | regex.REVERSE)


def extract(doc) -> Extraction:
    text = doc.view.text
    allowed = narrative(doc)
    year = doc.facts.year.value
    doc_year = int(year) if year else None
    default_unit = doc.facts.unit.value or "万元"
    hits = find_hits(text, allowed.allowed, allowed.line_starts)  # the hits of narrative lines only
    quantities = [h for h in hits if not h.is_figure]
    figures = [h for h in hits if h.is_figure]
    sections = [doc.structure.section_at(h.start) for h in figures]
    subjects = find_subject_spans(text, _subject_lines(text, allowed.starts, figures, sections))
    subject_starts = [s.start for s in subjects]

    paths: dict[int, list[str]] = {}  # each section's path, built once (sections are not hashable: by id)
    for section in sections:
        if section is not None and id(section) not in paths:
            paths[id(section)] = section.path
    mentions: list[Mention] = []
    for hit, section in zip(figures, sections):
        line_start = text.rfind("\n", 0, hit.start) + 1
        clause_start = _boundary_before(CLAUSE_BOUNDARY, text, hit.start, line_start)
        sentence_start = _boundary_before(SENTENCE_BOUNDARY, text, hit.start, line_start)
        clause = text[clause_start:hit.start]
        role, cue = assign_role(hit.type, clause)
        cue_abs = clause_start + cue.start() if cue else hit.start
        subject = _subject(text, subjects, subject_starts, hit, clause_start, sentence_start, line_start, cue_abs,
                           section)
        direction = None
        if role in CHANGE_ROLES and cue:
            d = direction_in(cue.group(0))
            direction = d[1] if d else None
        period = doc_year
        if role == "current" and ((doc_year and any(int(y) < doc_year for y in YEAR.findall(clause)))
                                  or PRIOR_WORDS.search(clause)):
            role = "prior"
        # the years of the sentence before the figure (a change has none: it keeps the document's year)
        years = [] if role in CHANGE_ROLES else [int(y) for y in YEAR.findall(text[sentence_start:hit.start])]
        if role == "prior":
            period = (min(years) if years else (doc_year - 1 if doc_year else None))
        elif years and role not in CHANGE_ROLES:
            period = years[-1]
        unit = hit.unit or default_unit
        why = list(hit.explanation)
        if cue:
            why.append(f"role_cue:{cue.group(0)}")
        if subject:
            why.append(f"subject:{subject.kind}")
        mentions.append(Mention(
            len(mentions) + 1, hit.type, hit.start, hit.end, hit.value, hit.precision,
            unit if hit.type in ("money", "residue") else hit.unit, role, direction, period,
            subject.subject if subject else "", subject.code if subject else None, subject.kind if subject else None,
            list(paths[id(section)]) if section else [], hit.score, hit.pattern, why))

    explanations = _explanations(doc, text, allowed, mentions)
    return Extraction(mentions, explanations, quantities)


def _subject_lines(text: str, starts: list[int], figures: list[Hit], sections) -> list[tuple[int, int]]:
    """The spans of the view lines :func:`_subject` reads subjects in: the figures' lines and their
    sections' headings (see :func:`heading_subject`)."""
    wanted = {bisect.bisect_right(starts, h.start) - 1 for h in figures}
    for section in {id(s): s for s in sections if s is not None}.values():  # (sections are not hashable)
        first = bisect.bisect_right(starts, section.view_start) - 1
        last = bisect.bisect_right(starts, _head_end(section) - 1) - 1
        wanted.update(range(first, last + 1))
    last = len(starts) - 1
    return [(starts[i], starts[i + 1] - 1 if i < last else len(text)) for i in sorted(wanted) if i >= 0]


def _head_end(section) -> int:
    """Where a heading's subjects start before: its marker and title, and a few characters more."""
    return section.view_start + len(section.marker) + len(section.title) + 4


def heading_subject(subjects, starts, section) -> SubjectSpan | None:
    """A figure in a list item whose heading names the subject ("20.社会保障和就业支出（类）……（项）。")."""
    if section is None or section.style in ("part", "title"):
        return None
    lo = bisect.bisect_left(starts, section.view_start)
    head_end = _head_end(section)
    hi = bisect.bisect_left(starts, head_end, lo)  # the subjects starting before head_end
    inside = [s for s in subjects[lo:hi] if s.kind in ("classification", "project", "lexicon")]
    return inside[0] if inside else None


def _subject(text, subjects, starts, hit, clause_start, sentence_start, line_start, cue_abs,
             section) -> SubjectSpan | None:
    """The subject a figure is about: see ``corpora/gold/GUIDELINES.md`` for the reading rules."""
    def usable(s: SubjectSpan) -> bool:
        """May ``s`` (a subject starting in the figure's line) name the figure?"""
        if s.end > hit.start:
            return False
        if s.start >= cue_abs and s.end <= hit.start and s.start > clause_start:
            return False  # inside the role cue: "占本年收入" names the denominator
        if s.start and text[s.start - 1] in COMPARISON_TARGET:
            return False
        # "（与部门决算中……公用经费之和一致）": an aside, not the subject
        return not _in_aside(text, s.start, hit.start)

    hi = bisect.bisect_left(starts, hit.start)
    # only subjects starting in the figure's line can be usable (sentence_start >= line_start)
    lo = bisect.bisect_left(starts, line_start)
    mid = bisect.bisect_left(starts, sentence_start, lo, hi)  # the first starting in the sentence
    # the last usable subject of the sentence, and of the clause (the last one reaching into it)
    in_sentence = in_clause = None
    for s in reversed(subjects[mid:hi]):
        if usable(s):
            in_sentence = in_sentence or s
            if s.end > clause_start:
                in_clause = s
                break
    if in_clause and in_clause.start < clause_start:
        clause_start = in_clause.start  # a subject written with 、 inside: 收、支总计
    clause_text = text[clause_start:cue_abs]
    split = None
    for m in ITEM_SPLIT.finditer(clause_text):
        split = m
    if split and (not in_clause or in_clause.end <= clause_start + split.end()):
        named = item_name(clause_text[split.end():])
        if named:
            off, name = named
            s0 = clause_start + split.end() + off
            return SubjectSpan(s0, s0 + len(name), name, "item")
    # "退休奖励性津补贴 10.76 万元及在职性津补贴": the name after the clause's last figure
    tail = AFTER_FIGURE.split(clause_text)[-1]
    named = item_name(tail) if tail != clause_text else item_name(clause_text)
    if named and tail != clause_text:
        named = (len(clause_text) - len(tail) + named[0], named[1])
    if in_clause:
        last = in_clause
        if named and last.kind == "lexicon" and named[1].endswith(text[last.start:last.end]) and \
                0 < len(named[1]) - (last.end - last.start) <= 4 and clause_start + named[0] < last.start:
            off, name = named  # "聘用人员经费": a longer name that merely ends like a lexicon subject
            return SubjectSpan(clause_start + off, clause_start + off + len(name), name, "item")
        return last
    if named and not NOT_A_NAME_START.match(named[1]) and not DIGIT.search(named[1]):
        off, name = named
        return SubjectSpan(clause_start + off, clause_start + off + len(name), name, "item")
    if in_sentence:
        return in_sentence
    # the last usable subject of the paragraph before the sentence (none in the sentence is usable)
    in_paragraph = next((s for s in reversed(subjects[lo:mid]) if usable(s)), None)
    if in_paragraph:
        return in_paragraph
    return heading_subject(subjects, starts, section)


def _in_aside(text: str, pos: int, until: int) -> bool:
    """Is ``pos`` inside a parenthetical that closes before ``until``: is the first closing bracket from
    ``pos`` on before ``until`` (and not at ``pos``), and the last bracket of the 120 characters before
    ``pos`` an opening one?"""
    full, half = text.find("）", pos, until), text.find(")", pos, until)
    first_closing = min(full, half) if full >= 0 and half >= 0 else max(full, half)  # -1: none
    if first_closing <= pos:
        return False
    window = max(0, pos - 120)
    last = max(text.rfind("（", window, pos), text.rfind("(", window, pos),
               text.rfind("）", window, pos), text.rfind(")", window, pos))
    return last >= 0 and text[last] in "（("


def _explanations(doc, text, allowed, mentions: list[Mention]) -> list[Explanation]:
    out: list[Explanation] = []
    starts = [m.start for m in mentions]
    for r in find_reasons(text, allowed):
        line_start = text.rfind("\n", 0, r.cue_start) + 1
        sent = _boundary_before(SENTENCE_END, text, r.cue_start, line_start)
        lo = bisect.bisect_left(starts, sent)
        hi = bisect.bisect_left(starts, r.cue_start)
        linked = mentions[lo:hi]
        if not linked:
            prev = _boundary_before(SENTENCE_END, text, max(line_start, sent - 1), line_start) \
                if sent > line_start else None
            if prev is None and line_start > 0:
                prev_line = text.rfind("\n", 0, line_start - 1) + 1
                prev = prev_line
            if prev is not None:
                lo = bisect.bisect_left(starts, prev)
                linked = mentions[lo:hi]
        changes = [m for m in linked if m.role in CHANGE_ROLES] or linked
        subject = next((m.subject for m in changes if m.subject), "")
        d = direction_in(r.cue)
        direction = d[1] if d else next((m.direction for m in changes if m.direction), None)
        section = doc.structure.section_at(r.cue_start)
        out.append(Explanation(len(out) + 1, r.cue_start, r.start, r.end, r.cue, subject, direction,
                               [m.id for m in linked], section.path if section else []))
    return out
