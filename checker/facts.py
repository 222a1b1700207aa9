"""Document facts: kind, department, fiscal year, amount unit — each with the evidence it came from.

Candidates are collected from the places the national template states them (cover title,
第一部分 …概况, the 部门： line of every table, 单位构成 sentence, report titles), validated
(a department name must end like a public body), and voted on. Disagreeing candidates are kept
so that a rule can report a document that names itself two ways.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from checker.lexicons import document_kind_cues, org_suffixes
from checker.markers import match_heading

_NAME_CHAR = r"[^\s，,。：:；;、“”\"（）()\t]"
_NAME_MAX = 40
_NAME = rf"{_NAME_CHAR}{{2,{_NAME_MAX}}}?"
_YEAR = r"(?:20\d\d)"
_TABLE_HEADER = regex.compile(rf"(?:编制)?部门[：:]\s*(?P<d>{_NAME})\s*(?:(?:金额)?单位[：:]|\t|$)", regex.M)
# a report title: the department's name, blanks, then what these say (the year and the kind of report)
_ACCOUNTS_END = rf"{_YEAR}\s*年度?\s*(?:部门|单位)?决算"
_EVALUATION_END = rf"{_YEAR}\s*年度?\s*(?:部门)?(?:整体|项目)?绩效(?:自评|评价)报告"
_ACCOUNTS_TITLE = regex.compile(rf"(?P<d>{_NAME})\s*{_ACCOUNTS_END}")
_EVALUATION_TITLE = regex.compile(rf"(?P<d>{_NAME})\s*{_EVALUATION_END}")
DEPARTMENT_PATTERNS = [
    ("table_header", _TABLE_HEADER),
    ("overview_heading", regex.compile(rf"第[一1]部分\s*(?P<d>{_NAME})\s*概况")),
    ("accounts_title", _ACCOUNTS_TITLE),
    ("accounts_title", regex.compile(rf"{_YEAR}\s*年度?\s*(?P<d>{_NAME})\s*(?:部门|单位)决算")),
    ("evaluation_title", _EVALUATION_TITLE),
    ("composition", regex.compile(rf"从单位构成看[，,]\s*(?P<d>{_NAME})\s*(?:部门)?决算由")),
    ("scope", regex.compile(rf"纳入\s*(?P<d>{_NAME})\s*{_YEAR}\s*年度?\s*部门决算编制范围")),
]
# words every match of a department pattern contains: a candidate line without them is not searched
_PATTERN_WORDS = {
    "table_header": ("部门",), "overview_heading": ("部分", "概况"), "accounts_title": ("决算",),
    "evaluation_title": ("绩效",), "composition": ("从单位构成看",), "scope": ("纳入", "部门决算编制范围"),
}
# what every match of a department pattern holds (the costly ones: what they end with): a line window
# without it is not searched
_ACCOUNTS_TAIL = regex.compile(_ACCOUNTS_END)
_EVALUATION_TAIL = regex.compile(_EVALUATION_END)
_TABLE_HEADER_LABEL = regex.compile(r"部门[：:]")
_PATTERN_TAILS = {_TABLE_HEADER: _TABLE_HEADER_LABEL, _ACCOUNTS_TITLE: _ACCOUNTS_TAIL, _EVALUATION_TITLE: _EVALUATION_TAIL}
# the patterns that are a name (at most _NAME_MAX characters, no blank), blanks, then a tail: their tails
_NAME_FIRST = {_ACCOUNTS_TITLE: _ACCOUNTS_TAIL, _EVALUATION_TITLE: _EVALUATION_TAIL}
_BLANKS_BEFORE = regex.compile(r"\s*", regex.REVERSE)
_NAME_BEFORE = regex.compile(rf"{_NAME_CHAR}*", regex.REVERSE)
YEAR_PATTERNS = [
    regex.compile(r"(?P<y>20\d\d)\s*年度?\s*(?:部门|单位)?(?:决算(?![数额])|整体绩效|项目绩效|绩效自评|绩效评价)"),
    regex.compile(r"(?P<y>20\d\d)\s*年度?\s*[^，。；\n]{2,40}?(?:部门|单位)决算"),
    regex.compile(r"(?P<y>20\d\d)\s*年度?\s*(?:部门|单位)?决算(?:情况说明|表)"),
]
UNIT_DECL = regex.compile(r"(?:金额)?单位\s*[:：]\s*(?P<u>万元|亿元|千元|元)")
UNIT_USE = regex.compile(r"\d\s*(?P<u>亿元|万元|千元|元)")


@dataclass
class Fact:
    value: str | None
    source: str | None = None  # which kind of statement it came from
    evidence: list[tuple[int, int]] = field(default_factory=list)  # view spans
    candidates: dict[str, int] = field(default_factory=dict)
    spans_by_value: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def conflicts(self) -> list[str]:
        """Other stated values that are not a shorter or longer form of the chosen one."""
        if self.value is None:
            return []
        return [c for c in self.candidates if c != self.value and c not in self.value and self.value not in c]


@dataclass
class DocumentFacts:
    kind: Fact
    department: Fact
    year: Fact
    unit: Fact

    def to_dict(self) -> dict:
        return {"kind": self.kind.value, "department": self.department.value,
                "year": int(self.year.value) if self.year.value else None, "unit": self.unit.value}


BLANKS = regex.compile(r"\s+")
NAME_PREFIX = regex.compile(r"^(目录|目次|附件\d*[:：]?|纳入|根据|按照|从)")


def clean_department(raw: str) -> str | None:
    name = BLANKS.sub("", raw)
    h = match_heading(name)
    if h:
        name = name[h[2].end():]
    name = NAME_PREFIX.sub("", name)
    if len(name) < 3 or name[0].isdigit():
        return None
    if not any(name.endswith(s) for s in org_suffixes()):
        return None
    return name


_DEPT_TRIGGERS = ("部门", "概况", "决算", "绩效", "构成")


_DEPT_TRIGGER = regex.compile("|".join(_DEPT_TRIGGERS))


def _candidate_lines(text: str):
    """(start, end) of the view lines that can state the department: the patterns are costly elsewhere.
    Once a trigger word is found in a line, the search goes on from the line's end."""
    m = _DEPT_TRIGGER.search(text)
    while m is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        # with the line before: a title may be broken before 部门决算
        yield (text.rfind("\n", 0, start - 1) + 1 if start else 0), (len(text) if end == -1 else end)
        if end == -1:
            return
        m = _DEPT_TRIGGER.search(text, end)


def _finditer(pattern: regex.Pattern, text: str, a: int, b: int):
    """``pattern.finditer(text, a, b)``; for a name-first pattern, each search starts where the name
    ending at the blanks before the next match of its tail may start at the earliest: no match starts
    before the first tail it can end with, and its name, which ends right before that tail's blanks, is
    at most _NAME_MAX name characters."""
    if pattern not in _NAME_FIRST:
        yield from pattern.finditer(text, a, b)
        return
    tail, pos = _NAME_FIRST[pattern], a
    while (t := tail.search(text, pos, b)) is not None:
        name_end = _BLANKS_BEFORE.match(text, pos, t.start()).start()
        m = pattern.search(text, _NAME_BEFORE.match(text, max(pos, name_end - _NAME_MAX), name_end).start(), b)
        if m is None:
            return
        yield m
        pos = m.end()


def name_span(raw: str, start: int, name: str) -> tuple[int, int]:
    """The span of the cleaned ``name`` inside the raw match: prefixes such as 第二部分/纳入 left out."""
    end = start + len(raw.rstrip())
    count, i = 0, len(raw.rstrip())
    while i > 0 and count < len(name):
        i -= 1
        if not raw[i].isspace():
            count += 1
    return start + i, end


def _department(text: str) -> Fact:
    votes: Counter[str] = Counter()
    spans: dict[str, list[tuple[int, int]]] = {}
    sources: dict[str, str] = {}
    lines = list(_candidate_lines(text))
    holding: dict[str, list[int]] = {}  # the candidate lines holding a word, for each first word of a pattern

    def holding_all(words: tuple[str, ...]) -> list[int]:
        """The candidate lines (indices, in order) holding every one of ``words``: those holding the first
        word (read once per word), narrowed by each other word."""
        if not words:
            return list(range(len(lines)))
        found = holding.get(words[0])
        if found is None:
            found = holding[words[0]] = [i for i, (a, b) in enumerate(lines) if text.find(words[0], a, b) >= 0]
        for w in words[1:]:
            found = [i for i in found if text.find(w, *lines[i]) >= 0]
        return found

    seen: set[tuple[int, int]] = set()
    for source, pattern in DEPARTMENT_PATTERNS:
        tail = _PATTERN_TAILS.get(pattern)
        searched = [(a, b) for a, b in (lines[i] for i in holding_all(_PATTERN_WORDS[source]))
                    if tail is None or tail.search(text, a, b)]
        for m in (m for a, b in searched for m in _finditer(pattern, text, a, b)):
            name = clean_department(m.group("d"))
            if not name or m.span("d") in seen:
                continue
            seen.add(m.span("d"))
            votes[name] += 1
            spans.setdefault(name, []).append(name_span(m.group("d"), m.start("d"), name))
            sources.setdefault(name, source)
    if not votes:
        return Fact(None)
    # prefer the longest form among candidates that are prefixes/suffixes of each other
    merged: Counter[str] = Counter()
    for name, n in votes.items():
        longer = [o for o in votes if o != name and name in o]
        merged[max(longer, key=len) if longer else name] += n
    value = max(merged, key=lambda k: (merged[k], -list(votes).index(k) if k in votes else 0))
    return Fact(value, sources.get(value), spans.get(value, []), dict(votes), spans)


def _year(text: str) -> Fact:
    votes: Counter[str] = Counter()
    spans: dict[str, list[tuple[int, int]]] = {}
    seen: set[tuple[int, int]] = set()
    for pattern in YEAR_PATTERNS:
        for m in pattern.finditer(text):
            if m.span("y") in seen:
                continue  # several patterns read the same statement: it votes once
            seen.add(m.span("y"))
            y = m.group("y")
            votes[y] += 1
            spans.setdefault(y, []).append(m.span("y"))
    if not votes:
        return Fact(None)
    value = votes.most_common(1)[0][0]
    return Fact(value, "title", spans[value], dict(votes), spans)


def _unit(doc, text: str) -> Fact:
    declared = Counter(t.unit for t in doc.structure.tables if t.unit)
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in UNIT_DECL.finditer(text):
        declared[m.group("u")] += 0  # make sure a declared unit is a candidate
        spans.setdefault(m.group("u"), []).append(m.span("u"))
    if declared and sum(declared.values()):
        value = declared.most_common(1)[0][0]
        return Fact(value, "table_unit_line", spans.get(value, []), dict(declared))
    used: Counter[str] = Counter(UNIT_USE.findall(text))  # (UNIT_USE's one group: the unit)
    if not used:
        return Fact(None)
    value = used.most_common(1)[0][0]
    # the evidence: the first declaration of the unit, else its first use
    first = spans.get(value) or [next(m.span("u") for m in UNIT_USE.finditer(text) if m.group("u") == value)]
    return Fact(value, "narrative_usage", first[:1], dict(used))


KNOWN_KINDS = ("final_accounts", "performance_self_evaluation")  # the kinds the rules are written for


def _kind(doc, text: str) -> Fact:
    sections = list(doc.structure.walk())
    heads = [s.title for s in sections] + [s.marker + s.title for s in sections]
    all_heads = "\n".join(heads)  # (a cue holds no line break: it is in a head if it is in all_heads)
    opening = "\n".join(text.split("\n", 15)[:15])
    scores: Counter[str] = Counter()
    for kind, cue, weight in document_kind_cues():
        hits = opening.count(cue) + (sum(1 for h in heads if cue in h) if cue in all_heads else 0)
        if hits:
            scores[kind] += weight * min(hits, 3)
    standard_tables = {t.key for t in doc.structure.tables if t.key and t.key.startswith("table0")}
    if len(standard_tables) >= 3:
        scores["final_accounts"] += 5
    if not scores:
        return Fact("unknown", None, [], {})
    value = scores.most_common(1)[0][0]
    if value not in KNOWN_KINDS:  # a kind the lexicon recognises but the tool does not review (部门预算)
        return Fact("unknown", "cues", [], {k: v for k, v in scores.items()})
    return Fact(value, "cues", [], {k: v for k, v in scores.items()})


def find_facts(doc) -> DocumentFacts:
    text = doc.view.text
    return DocumentFacts(kind=_kind(doc, text), department=_department(text), year=_year(text), unit=_unit(doc, text))
