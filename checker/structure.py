"""Document structure: parts, numbered sections at every level, table blocks and notes.

Works from the domain's conventions (numbering styles, 公开NN表 labels, table titles from
``lexicons/table_titles.tsv``, column-header words) rather than any one document's wording.
Table blocks are found on the raw source lines first, because their rows must not be reflowed;
sections are then read from the reflowed view.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property, lru_cache
from dataclasses import dataclass, field

import regex

from checker.chars import display_width, fold_text
from checker.titles import clean as _clean, match_table_title, title_end_chars
from checker.markers import (
    NOTE_START,
    PAGE_NUMBER,
    TABLE_LABEL,
    TOC_ENTRY,
    linewise,
    match_heading,
)
from checker.normalize import Line, NormalizedText

HEADER_WORDS = ("项目", "科目编码", "科目代码", "科目名称", "行次", "栏次", "金额", "预算数", "决算数",
                "本年支出", "本年收入", "基本支出", "项目支出", "合计", "年初结转")
# any of them, in one search (literal words: ``re`` finds exactly what ``regex`` does, in about half the time)
_HEADER_WORD = re.compile("|".join(map(re.escape, HEADER_WORDS)))
UNIT_LINE = regex.compile(r"(?:金额)?单位\s*[:：]\s*(?P<unit>万元|亿元|千元|元)")
DEPT_LINE = regex.compile(r"(?:编制)?(?:部门|单位)(?:名称)?\s*[:：]\s*(?!(?:万元|亿元|千元|元)(?:\s|$))(?P<dept>[^\s\t:：]{2,40})")
# a short statement that a table is empty on purpose: 本单位无政府性基金预算财政拨款经费
DECLARED_EMPTY = regex.compile(r"(无|没有|未发生|未安排)[^。；]{0,30}(收入|支出|资金|经费|结转|结余)|为空表|均为0|均为零")
# the same pattern compiled by ``re`` for the row tests: literal words and a class of literal characters
# only (no \s, \d, \w, case folding or Unicode property), which both modules read alike
_DECLARED_EMPTY_RE = re.compile(DECLARED_EMPTY.pattern)
AMOUNT_CELL = regex.compile(r"(?<![\d.])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d.])")
# a heading inside a table's data rows only ends the table when it reads like narrative
NARRATIVE_HEADING_WORDS = ("报告", "说明", "情况", "概况", "结论", "措施", "问题", "职责", "设置")
# any of them, in one search (literal words: ``re`` finds exactly what ``in`` does)
_NARRATIVE_WORD = re.compile("|".join(map(re.escape, NARRATIVE_HEADING_WORDS)))
BLANK = regex.compile(r"\s")
DOT_LEADER = regex.compile(r"\.{3,}|…{2,}|·{3,}")
TAB_THEN_DIGIT = regex.compile(r"\t\s*\d")
TITLE_END_PUNCT = regex.compile(r"[。；;：:！？]")
# the first characters of a note (注/说明/备注: NOTE_START)
_NOTE_FIRST = frozenset("注说备")
DOC_TITLE_WORDS = ("绩效自评报告", "自评报告", "评价报告", "部门决算", "决算情况说明")
# any of them, in one search (literal words: ``re`` finds exactly what ``in`` does)
_DOC_TITLE_WORD = re.compile("|".join(map(re.escape, DOC_TITLE_WORDS)))


@dataclass
class TableBlock:
    """A table's place in the document (its cells are parsed in a later stage)."""

    key: str | None  # table01 … table09, a named extra table, or None when unrecognised
    title: str | None
    label: str | None  # e.g. 公开01表
    number: int | None  # the NN of 公开NN表
    first_line: int  # raw line indices, inclusive
    last_line: int
    title_line: int | None = None
    unit: str | None = None
    department: str | None = None
    data_lines: list[int] = field(default_factory=list)
    note_lines: list[int] = field(default_factory=list)
    found_by: str = "title"  # title | label | header

    @property
    def has_data(self) -> bool:
        return bool(self.data_lines)

    def to_dict(self) -> dict:
        return {
            "key": self.key, "title": self.title, "label": self.label, "number": self.number,
            "first_line": self.first_line + 1, "last_line": self.last_line + 1,
            "unit": self.unit, "department": self.department, "has_data": self.has_data,
            "data_rows": len(self.data_lines), "found_by": self.found_by,
        }


@dataclass
class Section:
    style: str  # part | cn | cn_paren | arabic | arabic_paren | circled | title
    number: int | None
    marker: str
    title: str
    line: int  # raw line index of the heading
    view_start: int
    view_end: int = -1
    depth: int = 0
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False)

    @property
    def path(self) -> list[str]:
        out, node = [], self
        while node is not None:
            out.append(f"{node.marker}{node.title}".strip())
            node = node.parent
        return out[::-1]

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self) -> dict:
        return {
            "style": self.style, "number": self.number, "marker": self.marker, "title": self.title,
            "line": self.line + 1, "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Structure:
    sections: list[Section]  # top-level nodes
    tables: list[TableBlock]
    toc_lines: set[int]
    skipped_lines: set[int]
    rigid_lines: set[int]
    notes: list[tuple[int, int]]  # view spans of notes (注：/说明：)

    def walk(self):
        for s in self.sections:
            yield from s.walk()

    def parts(self) -> list[Section]:
        return [s for s in self.walk() if s.style == "part"]

    @cached_property
    def attachment_start(self) -> int | None:
        """Where the part titled 附件 begins. It runs to the end of the document: report titles inside it
        start new section trees, so membership goes by position."""
        starts = [p.view_start for p in self.parts() if "附件" in p.title]
        return min(starts) if starts else None

    @cached_property
    def _ordered(self) -> list[Section]:
        return sorted(self.walk(), key=lambda s: s.view_start)

    @cached_property
    def _starts(self) -> list[int]:
        return [s.view_start for s in self._ordered]

    def section_at(self, view_pos: int) -> Section | None:
        """The innermost section containing a view offset (the latest-starting one that contains it)."""
        i = bisect.bisect_right(self._starts, view_pos) - 1
        while i >= 0:
            s = self._ordered[i]
            if s.view_start <= view_pos < s.view_end:
                return s
            i -= 1
        return None


# The row tests below are asked about the same line several times (a row of a table is tested for amounts
# while looking for prose, for column headers and for data): their answers are remembered per text.

@lru_cache(maxsize=8192)
def _is_header_like(text: str) -> bool:
    if _has_amount(text):
        return False  # 本年收入合计 27 5,102.22: a totals row, however many header words it holds
    t = _clean(text)
    if _HEADER_WORD.search(t):  # most lines hold none: one search instead of a test for each word
        found = 0
        for w in HEADER_WORDS:  # two different words (项目 and 项目支出 are two)
            if w in t:
                found += 1
                if found == 2:
                    return True
    folded = fold_text(text)
    return "单位" in folded and bool(UNIT_LINE.search(folded))


@lru_cache(maxsize=8192)
def _is_prose(text: str) -> bool:
    t = fold_text(text).strip()
    if "。" in t or (t[:1] in _NOTE_FIRST and NOTE_START.match(t)):  # a note starts with 注, 说明 or 备注
        return True
    if "\t" in t or any(map(str.isdigit, t)):
        return False  # a row of cells or figures
    # a statement that the table is empty, or a line as wide as narrative (a character is at most 2 wide: a
    # line of fewer than 20 is narrower than 40 without measuring it); tested before the column headers and
    # the department's name, which only turn such a line away: most short rows need neither test
    if not (_DECLARED_EMPTY_RE.search(t) or (len(t) >= 20 and display_width(t) >= 40)):
        return False
    return not (_is_header_like(t) or _dept_line(t))


@lru_cache(maxsize=8192)
def _has_amount(text: str) -> bool:
    t = fold_text(text)
    if t.strip().startswith(("栏次", "行次")):
        return False
    return bool(AMOUNT_CELL.search(t))


def _toc_shaped(text: str) -> bool:
    """A title, dot leaders or one tab, and a page number: never a table row with several cells."""
    if DOT_LEADER.search(text):
        return True
    head = text.rstrip().rsplit("\t", 1)[0]
    return text.count("\t") == 1 and not AMOUNT_CELL.search(head) and not TAB_THEN_DIGIT.search(head)


def folded_lines_text(lines: list[Line]) -> str:
    """The text ``_lines_matching`` searches: each line's folded content, preceded by a line break."""
    return "\n" + "\n".join([l.folded for l in lines])


def _lines_matching(lines: list[Line], *patterns, text: str | None = None) -> list[int]:
    """Positions in ``lines`` of the lines whose folded content holds a match of any of ``patterns``, in order:
    one search per pattern over all the lines, each preceded by a line break, instead of one search per line.
    A pattern is ``linewise``, or starts with the line break before a line (``_PAGE_NUMBER_LINE``), or
    otherwise never crosses a line break; a match belongs to the line it ends in (no pattern here matches an
    empty text). ``text``: ``folded_lines_text(lines)``, when the caller has it."""
    if text is None:
        text = folded_lines_text(lines)
    found: set[int] = set()
    for pattern in patterns:
        k, pos = -1, 0
        for m in pattern.finditer(text):
            k += text.count("\n", pos, m.end())
            pos = m.end()
            found.add(k)
    found.discard(-1)
    return sorted(found)


# regex's \d, widened for re (its \d misses a few digits beyond the BMP that regex knows)
_DIGIT = r"[\d\U00010000-\U0010ffff]"
# what a line of the table of contents holds: a title 目录/目次 (spaced out or not: folding leaves only spaces
# and tabs between its two characters), or dot leaders or a tab and a page number (TOC_ENTRY). Searched for
# as one pattern per alternative, each starting with a fixed text, compiled with re: re then jumps between
# the occurrences of that text instead of trying every position (a third of the time of the one regex
# pattern). re's [^\S\n] (str.isspace) takes every blank regex's \s does: more candidates, never fewer.
_TOC_LINES = (re.compile("目[ \t]*[录次]"),) + tuple(
    re.compile(leader + rf"[^\S\n]*{_DIGIT}{{1,3}}[^\S\n]*$", re.MULTILINE)
    for leader in (r"\.\.\.\.*", "………*", "···*", "\t"))  # TOC_ENTRY's (\.{3,}|…{2,}|·{3,}|\t), one by one


def find_toc_lines(lines: list[Line], text: str | None = None) -> set[int]:
    """``text``: ``folded_lines_text(lines)``, when the caller has it (as for ``find_page_numbers``)."""
    toc: set[int] = set()
    for k in _lines_matching(lines, *_TOC_LINES, text=text):  # the candidates; each is then tested on its own
        c = lines[k].folded
        if _clean(c) in ("目录", "目次"):
            toc.add(lines[k].index)
        elif (match_heading(c.strip()) or "部分" in c[:6]) and TOC_ENTRY.search(c) and _toc_shaped(c):
            toc.add(lines[k].index)
    return toc


def find_tables(lines: list[Line], toc: set[int]) -> tuple[list[TableBlock], set[int]]:
    """Locate table blocks on the raw lines; returns the blocks and the rigid (row) line set."""
    blocks: list[TableBlock] = []
    rigid: set[int] = set()
    content = [(l.index, l.folded.strip()) for l in lines if l.content and l.index not in toc]
    current: TableBlock | None = None
    in_notes = False

    def close():
        nonlocal current, in_notes
        if current is not None:
            blocks.append(current)
        current, in_notes = None, False

    title_ends = title_end_chars()  # may_end_title, as a set
    for pos, (idx, text) in enumerate(content):
        # outside a table, only a label (公开NN表), a title or a row of column headers (tab-separated) can
        # open one: the other lines are passed over at once
        if current is None and not ("公开" in text or text[-1:] in title_ends or "\t" in lines[idx].text):
            continue
        label = TABLE_LABEL.search(text) if "公开" in text else None
        if label and ("。" in text or text[max(0, label.start() - 1):label.start()] in ("(", "（", "“") or (len(_clean(text)) - len(_clean(label.group(0))) > 30
                                      and not _is_header_like(text))):
            label = None  # a reference to a table inside a sentence, not a label
        # most rows end in a figure, and no title ends like that (a line ends as its cleaned form does)
        title = match_table_title(text) if text[-1:] in title_ends and len(_clean(text)) <= 60 else None
        if text[:1] == "第" and (match_heading(text) or ("",))[0] == "part":  # only a part heading starts with 第
            close()
            continue
        if title is not None and title[0] is None and current is None:
            # a generic title counts only when a label or column header follows soon
            confirmed = False
            for _, nxt in content[pos + 1: pos + 8]:
                if (match_table_title(nxt) or (None,))[0]:
                    break
                if TABLE_LABEL.search(nxt) or _is_header_like(nxt):
                    confirmed = True
                    break
            if not confirmed:
                title = None
        if label and not title:
            number = int(label.group("num"))
            if current is not None and current.label is None and not current.data_lines and \
                    (current.number is None):
                current.label, current.number = BLANK.sub("", label.group(0)), number
                current.last_line = idx
                _absorb_meta(current, text)
                if current.key is None:
                    current.key = f"table{number:02d}"
                continue
            close()
            current = TableBlock(key=f"table{number:02d}", title=None, label=BLANK.sub("", label.group(0)),
                                 number=number, first_line=idx, last_line=idx, found_by="label")
            _absorb_meta(current, text)
            continue
        if title:
            key, ttext = title
            close()
            current = TableBlock(key=key, title=ttext, label=None, number=None, first_line=idx,
                                 last_line=idx, title_line=idx, found_by="title")
            if label:
                current.label = BLANK.sub("", label.group(0))
                current.number = int(label.group("num"))
                current.key = current.key or f"table{current.number:02d}"
            continue
        if current is None:
            if "\t" in lines[idx].text and _is_header_like(text) and sum(
                    1 for _, nxt in content[pos + 1: pos + 6] if _has_amount(nxt)) >= 2:
                current = TableBlock(key=None, title=None, label=None, number=None, first_line=idx,
                                     last_line=idx, found_by="header")
                rigid.add(idx)
            continue
        # inside a table block: a heading that reads like narrative ends it (the cheaper tests first: most rows
        # hold none of the words, and a row's heading is looked for only then)
        if "\t" not in text and (in_notes or _NARRATIVE_WORD.search(text)) and not _has_amount(text) and \
                match_heading(text):
            close()
            continue
        if _is_prose(text):
            in_notes = True
            current.note_lines.append(idx)
            current.last_line = idx
            continue
        if in_notes and not _has_amount(text) and not label:
            # continuation of a note, or narrative after the table
            current.note_lines.append(idx)
            current.last_line = idx
            continue
        if in_notes and _has_amount(text) and current.data_lines:
            close()
            continue
        if "单位" in text or "部门" in text:  # what a unit or a department is stated with (_absorb_meta)
            _absorb_meta(current, text)
        rigid.add(idx)
        current.last_line = idx
        if _has_amount(text) and not _is_header_like(text) and not PAGE_NUMBER.match(text):
            current.data_lines.append(idx)
    close()
    return blocks, rigid


def _absorb_meta(block: TableBlock, text: str) -> None:
    """The unit and the department a table's heading lines state (the first of each counts)."""
    if not block.unit and "单位" in text:
        u = UNIT_LINE.search(text)
        if u:
            block.unit = u.group("unit")
    if not block.department:
        d = _dept_line(text)
        if d:
            block.department = d.group("dept")


def _dept_line(text: str) -> regex.Match | None:
    """``DEPT_LINE.search(text)``; most rows name neither 部门 nor 单位 and are turned away at once."""
    return DEPT_LINE.search(text) if "部门" in text or "单位" in text else None


# PAGE_NUMBER over the folded lines: it finds every line whose content is a page number (folding only maps
# characters to ones the pattern reads alike, or drops zero-width ones), and a few more. Compiled with re,
# which scans for a pattern anchored at line starts twice as fast as regex; its \s is str.isspace, which
# takes a few more characters than regex's (\x1c-\x1f), and its \d is widened to every character beyond
# the BMP (regex's \d knows a few digits there that re's does not): more candidates, never fewer. It starts
# with the line break before the line rather than ^, so that re jumps from line break to line break instead
# of trying every position (a third less time).
_PAGE_NUMBER_LINE = re.compile("\n" + linewise(PAGE_NUMBER).pattern.removeprefix("^").replace(r"\d", _DIGIT),
                               re.MULTILINE)


def find_page_numbers(lines: list[Line], rigid: set[int], text: str | None = None) -> set[int]:
    """Lines holding only a page number (outside tables), unless they continue a broken number. ``text``:
    ``folded_lines_text(lines)``, when the caller has it."""
    skip: set[int] = set()
    for k in _lines_matching(lines, _PAGE_NUMBER_LINE, text=text):
        i = lines[k].index
        if i in rigid or not PAGE_NUMBER.match(lines[k].content):
            continue
        # the nearest lines with content before and after
        prev = next((lines[j].folded for j in range(k - 1, -1, -1) if lines[j].content), "")
        nxt = next((lines[j].folded for j in range(k + 1, len(lines)) if lines[j].content), "")
        if (prev and (prev[-1].isdigit() or prev[-1] in ".,")) or (nxt and nxt[0] in ".,%"):
            continue
        skip.add(i)
    return skip


def _heading_title(rest: str) -> str:
    rest = rest.strip()
    m = TITLE_END_PUNCT.search(rest)
    title = rest[: m.start()] if m else rest
    if len(title) > 60:
        title = title[:40] + "…"
    return title.strip()




def find_sections(view: NormalizedText, lines: list[Line], excluded: set[int]) -> tuple[list[Section], list[tuple[int, int]]]:
    roots: list[Section] = []
    stack: list[Section] = []
    notes: list[tuple[int, int]] = []
    last_part = 0
    ordered: list[Section] = []
    end = -1
    for text, src_line in zip(view.text.split("\n"), view.line_sources):
        start = end + 1  # view.view_lines(), with the lines' text
        end = start + len(text)
        if text[:1] in _NOTE_FIRST and NOTE_START.match(text):
            notes.append((start, end))
            continue
        if src_line in excluded:
            continue
        h = match_heading(text)
        node: Section | None = None
        if h:
            style, num, m = h
            if style == "part":
                if num is not None and num <= last_part:
                    continue  # an outline or running header repeating an earlier part
                last_part = num or last_part + 1
                stack.clear()
            node = Section(style, num, m.group(0).strip(), _heading_title(text[m.end():]), src_line, start)
        elif ("决算" in text or "报告" in text) and _is_doc_title(text):  # every title word holds one of them
            stack.clear()
            node = Section("title", None, "", text.strip(), src_line, start)
        if node is None:
            continue
        if node.style != "title":
            styles = [s.style for s in stack]
            if node.style in styles:
                sibling = stack[styles.index(node.style)]
                if node.number is not None and sibling.number is not None and 1 < node.number <= sibling.number:
                    pass  # numbering goes backwards: a list inside the previous item, not a new sibling
                else:
                    del stack[styles.index(node.style):]
        parent = stack[-1] if stack else None
        node.parent, node.depth = parent, (parent.depth + 1 if parent else 0)
        (parent.children if parent else roots).append(node)
        stack.append(node)
        ordered.append(node)
    # a section runs to the next heading at its own depth or above: each heading ends the open sections at
    # its depth or deeper (a stack of the sections still open, deepest last); the rest run to the end
    open_sections: list[Section] = []
    for node in ordered:
        while open_sections and open_sections[-1].depth >= node.depth:
            open_sections.pop().view_end = node.view_start
        open_sections.append(node)
    for node in open_sections:
        node.view_end = len(view.text)
    return roots, notes


def _is_doc_title(text: str) -> bool:
    t = text.strip()
    if not t or t[-1] in "。；，：:！？" or not _DOC_TITLE_WORD.search(t):
        return False
    return display_width(t) <= 70 and not t.startswith(("根据", "按照", "纳入", "从"))


def analyse_structure(lines: list[Line], view_builder) -> tuple[Structure, NormalizedText]:
    """Find tables on the raw lines, build the view with ``view_builder(rigid, skip)``, then sections."""
    folded = folded_lines_text(lines)  # searched for both (made once)
    toc = find_toc_lines(lines, folded)
    tables, rigid = find_tables(lines, toc)
    skip = find_page_numbers(lines, rigid, folded)
    view = view_builder(rigid, skip)
    in_tables: set[int] = set()
    for t in tables:
        in_tables.update(range(t.first_line, t.last_line + 1))
    # a table title is also the heading of a list item in some layouts ("一、收入支出决算总表"):
    # keep title lines visible to the section finder
    visible_titles = {t.title_line for t in tables if t.title_line is not None}
    excluded = (in_tables - visible_titles) | toc
    sections, notes = find_sections(view, lines, excluded)
    return Structure(sections, tables, toc, skip, rigid, notes), view
