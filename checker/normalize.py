"""The analysis view: reflowed, width-folded text with an offset map back to the source.

Text extracted from PDFs wraps lines mid-sentence, mid-word ("小\\n于") and mid-number
("83.\\n3 万元", "28\\n.0\\n9"), mixes full- and half-width digits and puts stray spaces inside
numbers. Extractors want one logical paragraph per line with clean numbers; reviewers want
evidence pointing at the exact source characters. ``NormalizedText`` gives both: every
character of ``text`` records the source offset it came from, so any span of the view maps back
to a span of the source. Deleted characters are whitespace, soft line breaks and page furniture
(page-number lines between the halves of a wrapped paragraph): a source span may therefore hold
a page number the view left out, and evidence shows it as it stands in the source.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from checker.chars import (
    BLANKS,
    CLOSING_PUNCT,
    OPENING_PUNCT,
    TERMINAL_PUNCT,
    WHITESPACE,
    FOLDED_AWAY,
    cjk_code_points,
    display_width,
    fold,
    fold_code_points,
    fold_text,
    is_cjk,
    span_widths,
)
from checker.markers import FIGURE_CAPTION, match_heading, starts_block
from checker.titles import match_table_title

import regex

# a part title is complete once it names what the part is; the next line is then its own paragraph
TITLE_END_WORDS = ("表", "说明", "概况", "解释", "附件")
HEADING_END_WORDS = TITLE_END_WORDS + ("情况", "分析", "措施", "问题", "原因", "结论", "目标", "综述", "评价", "成效", "效益",
                                       "职责", "设置", "支出", "收入", "经费")
# as patterns; on a folded, stripped line (no line break in it) ``.search`` of one is ``.endswith`` of its words,
# which is_soft_break uses: some 15× cheaper (a regex tries every position of the line for a match at its end)
TITLE_END = regex.compile("(" + "|".join(TITLE_END_WORDS) + ")$")
HEADING_END = regex.compile("(" + "|".join(HEADING_END_WORDS) + ")$")
YEAR_START = regex.compile(r"^(?:20\d\d|本部门|本单位)")
# whether a paragraph holds a comma, full stop or semicolon (literal characters: ``re`` finds what ``in`` does)
_CLAUSE_PUNCT = re.compile("[，。；,;]")
PAGE_TAIL = regex.compile(r"(\.{3,}|…{2,}|\t)\s*\d{1,3}\s*$")


class Line:
    """One source line: ``start``/``end`` are offsets into the source, newline excluded.

    ``content`` is the line without surrounding blanks (page breaks \\f included: a line of blanks has no
    content), ``content_start``/``content_end`` its source offsets, ``folded`` the content width-folded
    (``fold_text``); they are computed once, when the line is made (every stage reads them). A line is a
    value: treat it as read-only; equality and hash are those of (index, start, end, text). A plain class
    with slots rather than a frozen dataclass because a document has thousands of lines and a frozen
    dataclass pays a function call for every field it sets (split_lines was 2.6× slower).
    """

    __slots__ = ("index", "start", "end", "text", "content", "content_start", "content_end", "folded")

    def __init__(self, index: int, start: int, end: int, text: str, folded_text: str | None = None):
        """``folded_text`` may hold ``fold_text(text)`` when the caller has it (``split_lines`` folds the
        whole source at once)."""
        self.index = index  # 0-based over the whole source
        self.start = start
        self.end = end
        self.text = text
        content = self.content = text.strip(BLANKS)
        if content is text or content == text:
            self.content_start, self.content_end = start, end
            self.folded = fold_text(text) if folded_text is None else folded_text
            return
        self.content_start = start + (len(text) - len(text.lstrip(BLANKS)))
        self.content_end = start + len(text.rstrip(BLANKS))
        if folded_text is not None and len(folded_text) == len(text):  # folding kept every offset
            self.folded = folded_text[self.content_start - start:self.content_end - start]
        else:
            self.folded = fold_text(content)

    def _key(self) -> tuple[int, int, int, str]:
        return self.index, self.start, self.end, self.text

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Line) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Line(index={self.index!r}, start={self.start!r}, end={self.end!r}, text={self.text!r})"

    def __reduce__(self):
        return Line, self._key()


def split_lines(source: str, folded_source: str | None = None) -> list[Line]:
    """The source's lines; ``folded_source``: ``fold_text(source)``, when the caller has it."""
    lines: list[Line] = []
    pos = 0
    if folded_source is None:
        folded_source = fold_text(source)
    # folding never makes or removes a line break: the folded source splits into the folded lines
    for i, (raw, folded) in enumerate(zip(source.split("\n"), folded_source.split("\n"))):
        n = len(raw)
        lines.append(Line(i, pos, pos + n, raw, folded))
        pos += n + 1
    return lines


@dataclass
class NormalizedText:
    text: str
    to_source: array  # of int ("q"): the source offset of every character of ``text``
    # for each view line: the source line index it starts on
    line_sources: list[int] = field(default_factory=list)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span [start, end) to the smallest source span covering it."""
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(f"bad view span {start}:{end}")
        return self.to_source[start], self.to_source[end - 1] + 1

    def view_lines(self) -> list[tuple[int, int]]:
        """(start, end) of each view line, end exclusive and newline excluded."""
        out, pos = [], 0
        for part in self.text.split("\n"):
            out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out


def _content_widths(lines: list[Line], rigid: set[int], source: str | None = None) -> dict[int, int]:
    """Printed width of each non-empty line that is not a table row, by line index (from running widths
    of the whole ``source`` when given: the lines' offsets count in it)."""
    if source is None:
        return {l.index: display_width(l.content) for l in lines if l.content and l.index not in rigid}
    measured = [l for l in lines if l.content and l.index not in rigid]
    widths = span_widths(source, [l.content_start for l in measured], [l.content_end for l in measured])
    return dict(zip([l.index for l in measured], widths))


def _typical_width(widths_by_line: dict[int, int]) -> float:
    """The width of a full line: from the printed widths of the lines (``_content_widths``)."""
    widths = list(widths_by_line.values())
    if not widths:
        return 0.0
    widths.sort()
    # the upper decile approximates the page width of a wrapped PDF; for unwrapped text
    # (one paragraph per line) it is large, so short lines are never taken as wrapped
    return float(widths[int(0.9 * (len(widths) - 1))])


_NUMBER_FRAGMENT = regex.compile(r"^[.,]\d{1,2}$")  # ".0" between "28" and "9"
# a line that goes on with a figure and its unit, then a clause mark ("1.83%，主要原因是…"): no paragraph starts
# so — the line before was wrapped before its figure (PDF text boxes wrap at a space: "…下降⏎1.83%，")
_FIGURE_GOES_ON = regex.compile(r"^\d[\d,]*(?:\.\d+)?\s*(?:%|个百分点|[万亿千]?元)\s*[，。；、,;]")
# a line that starts with the unit of the figure the line before ends with ("…决算为1227.34⏎万元,完成…")
_UNIT_GOES_ON = regex.compile(r"^(?:[万亿千]?元|个百分点)")
# a classification path (一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）) is one name: a line that
# ends inside one — a （类） or （款） with no sentence or clause punctuation after it — and a line that goes on
# to its （款） or （项） are one paragraph, however short the first (a path is named in one breath)
_PATH_OPEN = regex.compile(r"[(（]\s*[类款]\s*[)）][^。！？；;，,：:]*$")
_PATH_REST = regex.compile(r"^[^。！？；;，,：:]*?[(（]\s*[款项]\s*[)）]")
_LEAD_TOKEN = regex.compile(r"^(?:[\d.,%]+|[A-Za-z]+)")


def _lead_token_width(text: str) -> int:
    """Width of the unbreakable token a line starts with: a PDF wraps before a number that does not fit."""
    first = text[:1]
    if not (first.isascii() or first.isdecimal() or first > "\uffff"):  # no token starts there (\d is what
        return 2                                                           # isdecimal is, and a few digits beyond the BMP)
    m = _LEAD_TOKEN.match(text)
    return len(m.group(0)) if m else 2


def _ends_number(text: str) -> bool:
    return bool(text) and (text[-1].isdigit() or (text[-1] in ".," and len(text) > 1 and text[-2].isdigit()))


def _starts_number_tail(text: str) -> bool:
    if not text:
        return False
    if text[0].isdigit() or text[0] in "%":
        return True
    return text[0] in ".," and len(text) > 1 and text[1].isdigit()


def is_soft_break(prev: str, nxt: str, prev_full: bool, paragraph: str = "") -> bool:
    """Decide whether the line break between two content lines is a wrap (join) or a paragraph end.

    ``prev``/``nxt`` are folded, stripped line contents; ``prev_full`` says whether ``prev``
    reaches the typical line width of the document; ``paragraph`` is the folded text of the
    paragraph ``prev`` ends (to recognise a part heading wrapped over several short lines).
    """
    if not prev or not nxt:
        return False
    para = paragraph or prev
    # the heading the paragraph starts with is looked for only where it matters: here only a part heading
    # does (and only a part heading starts with 第), at the end only another one in a paragraph without
    # commas or full stops (most paragraphs that reach that test have some: no heading is looked for)
    h = match_heading(para) if para[0] == "第" else None
    if h and not starts_block(nxt) and not any(c in nxt for c in "。，；：,;:") \
            and display_width(para + nxt) <= 90 and not PAGE_TAIL.search(nxt):
        untitled = not para[h[2].end():].strip()
        known_table = (match_table_title(nxt) or (None,))[0] is not None
        if untitled or not (para.endswith(TITLE_END_WORDS) or known_table):
            return True  # "第三部分 某某单位\n2023 年度部门决算情况\n说明": a centred title wrapped
    if nxt[0] in CLOSING_PUNCT and nxt[0] != "%":
        return True  # a line never starts with ，。、）
    last = prev[-1]
    if last in OPENING_PUNCT:
        return True
    if (last.isdigit() or last in ".,") and _ends_number(prev) and _starts_number_tail(nxt) \
            and not match_heading(nxt):  # (the first test is _ends_number's, without a call)
        # "83.\n3", "99.\n6%", "28\n.0\n9": a number broken over lines
        if last in ".," or nxt[0] in ".,%" or prev_full or _NUMBER_FRAGMENT.match(prev):
            return True
    if not prev_full and ("类" in prev or "款" in prev) and _PATH_OPEN.search(prev) and _PATH_REST.match(nxt) \
            and not starts_block(nxt):
        return True  # "1.一般公共服务支出(类)政府办公厅(室)及相关\n机构事务(款)…": a path wrapped (_PATH_OPEN)
    if not prev_full and is_cjk(last) and nxt[0].isdigit() and _FIGURE_GOES_ON.match(nxt):
        return True  # "…下降\n1.83%，主要原因是…" (_FIGURE_GOES_ON)
    if last.isdigit() and nxt[0] in "万亿千元个" and _UNIT_GOES_ON.match(nxt):
        return True  # "…支出决算为1227.34\n万元,完成…": a figure's unit on the next line
    # a short line ends its paragraph; a full one too when it ends a sentence, or when a block or a
    # complete title starts or ends there
    if not prev_full or last in TERMINAL_PUNCT or last in "：:":
        return False
    if starts_block(nxt) or (prev[0] == "图" and FIGURE_CAPTION.match(prev)):  # a caption starts with 图
        return False
    if para[0] != "第" and not _CLAUSE_PUNCT.search(para) and match_heading(para) and \
            (para.endswith(HEADING_END_WORDS) or YEAR_START.match(nxt)):
        return False  # "七、政府性基金预算财政拨款收入支出决算情况说明": a complete title as wide as the text
    return True


# the characters a line's words are separated by (page breaks included), and what they fold to
_GAP_CHARS = "".join(sorted(WHITESPACE | {"\f"}))
_FOLDED_GAP_CHARS = "".join(sorted({fold(c) for c in _GAP_CHARS}))


def _space_is_noise(left: str, right: str) -> bool:
    if is_cjk(left) or is_cjk(right):
        return True
    if left in ".," and right.isdigit():
        return True
    if left.isdigit() and (right in ".,%" ):
        return True
    return False


def _assemble(source: str, kept: list[Line], rigid: set[int], breaks: list[int],
              spaces: list[int]) -> tuple[str, array]:
    """The view's text and its offsets into the source.

    The view is the source with every character left out but the ``kept`` lines' contents, width-folded,
    and the line breaks at ``breaks`` (shown as a line break: a paragraph ends) and at ``spaces`` (shown as
    a space: ASCII words wrapped). In the contents, a character that folds to nothing is left out and a
    run of blanks is shown as one character or none: in a table row (``rigid``) as a tab if it holds one,
    else a space, so that the cells stay apart; elsewhere as a space between two characters that need one
    (not at a line's ends, and not beside a Chinese character or inside a number: ``_space_is_noise``),
    the character to its left being the last one the view shows. So every view character stands for one
    source character, in order: the view is a selection of source offsets (a mask over the source), with
    a few characters replaced, found in a few vectorised passes instead of character by character."""
    import numpy as np

    n = len(source)
    if not kept:
        return "", array("q")
    codes = np.frombuffer(source.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    shown_as = fold_code_points(codes)  # what each source character is shown as, if at all

    # the kept lines' contents, [starts, ends), and which of them are table rows
    starts = np.array([l.content_start for l in kept], dtype=np.int64)
    ends = np.array([l.content_end for l in kept], dtype=np.int64)
    rows = np.array([l.index in rigid for l in kept], dtype=bool)

    def inside(starts, ends):
        """Mask (one longer than the source) of the offsets inside the contents [starts, ends)."""
        edges = np.zeros(n + 1, dtype=np.int8)
        edges[starts] = 1
        edges[ends] = -1  # contents never touch: a line break lies between
        # the running count is 0 or 1 (contents never overlap), so it is kept in int8: numpy's default
        # would widen every element first, which took 8× longer
        return np.cumsum(edges, dtype=np.int8) > 0

    content = inside(starts, ends)
    gap = np.zeros(n + 1, dtype=bool)
    for c in _FOLDED_GAP_CHARS:  # a blank is what folds to one (folding maps blanks to blanks, nothing else)
        gap[:n] |= shown_as == ord(c)
    gap &= content
    keep = content & ~gap
    keep[:n] &= shown_as != FOLDED_AWAY
    shown_as = np.append(shown_as, np.uint32(0))  # the mask's extra offset
    keep[breaks] = True
    shown_as[breaks] = ord("\n")
    keep[spaces] = True
    shown_as[spaces] = ord(" ")
    # the runs of blanks, [run_start, run_end)
    run_start = np.flatnonzero(gap & ~np.append(False, gap[:-1]))
    run_end = np.flatnonzero(gap & ~np.append(gap[1:], False)) + 1
    # in a table row: every run, as a tab when it holds one
    in_row = inside(starts[rows], ends[rows])[run_start]
    row_start, row_end = run_start[in_row], run_end[in_row]
    tabs = np.flatnonzero(codes == ord("\t"))  # a run holds a tab when fewer tabs lie before its start than its end
    keep[row_start] = True
    shown_as[row_start] = np.where(np.searchsorted(tabs, row_end) > np.searchsorted(tabs, row_start), ord("\t"), ord(" "))
    # elsewhere: a space between the last character shown before the run and the one after it (a space
    # chosen here is followed by the character to its right, so it is never the one left of another run;
    # nor is a table row's, as a row ends in a line break)
    free_start, free_end = run_start[~in_row], run_end[~in_row]
    before = np.flatnonzero(keep)
    k = np.searchsorted(before, free_start) - 1
    left = np.full(len(free_start), ord("\n"), dtype=np.uint32)  # nothing shown yet: as after a line break
    left[k >= 0] = shown_as[before[k[k >= 0]]]
    right = shown_as[free_end]
    # a character shown on both sides, the right one in the line, neither of them Chinese; then the finer tests
    candidate = (left != ord("\n")) & (keep & content)[free_end] & ~cjk_code_points(left) & ~cjk_code_points(right)
    spaced = [free_start[r] for r in np.flatnonzero(candidate).tolist()
              if not _space_is_noise(chr(left[r]), chr(right[r]))]
    keep[spaced] = True
    shown_as[spaced] = ord(" ")
    offsets = np.flatnonzero(keep)
    text = shown_as[offsets].astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    return text, array("q", offsets.astype(np.int64).tobytes())


def normalize(source: str, lines: list[Line], rigid: set[int] | None = None,
              skip: set[int] | None = None) -> NormalizedText:
    """Build the analysis view.

    ``rigid`` lines (table rows) are never joined with their neighbours and keep their
    separators; ``skip`` lines (page numbers, running headers) are left out of the view.
    Line by line, decides where paragraphs end (``is_soft_break``); ``_assemble`` then makes the view.
    """
    rigid = rigid or set()
    skip = skip or set()
    lines = [l for l in lines if l.content]  # the others are never shown nor measured
    widths_by_line = _content_widths(lines, rigid, source)
    full_width = 0.85 * _typical_width(widths_by_line)
    kept: list[Line] = []
    breaks: list[int] = []  # where a paragraph ends: the line break after its last line
    spaces: list[int] = []  # line breaks that stand for the space a word wrap ate
    line_sources: list[int] = []
    prev: Line | None = None
    prev_folded = ""
    prev_rigid = True
    paragraph = ""
    for line in lines:
        if line.index in skip:
            continue
        folded = line.folded.strip()
        is_rigid = line.index in rigid
        if prev is not None:
            if prev_rigid or is_rigid:
                soft = False
            else:
                # the previous line is full when the next one's first word would not have fitted after it
                # (a word is never narrower than 1: a line as wide as the text is full whatever follows)
                width = widths_by_line[prev.index]
                soft = is_soft_break(prev_folded, folded,
                                     width >= full_width or width + _lead_token_width(folded) >= full_width,
                                     paragraph)
            if not soft:
                breaks.append(prev.end if prev.end < len(source) else prev.end - 1)
                line_sources.append(line.index)
                paragraph = ""
            else:
                # a wrapped line: mind the space a word wrap would have eaten in ASCII text (the view shows
                # the previous line up to its last non-blank character)
                left, right = prev.folded.rstrip(_FOLDED_GAP_CHARS)[-1:], folded[:1]
                if left.isascii() and left.isalpha() and right.isascii() and right.isalpha():
                    spaces.append(prev.end)
        else:
            line_sources.append(line.index)
        kept.append(line)
        prev, prev_folded, prev_rigid = line, folded, is_rigid
        paragraph += folded
    text, to_source = _assemble(source, kept, rigid, breaks, spaces)
    return NormalizedText(text, to_source, line_sources)
