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
    CLOSING_PUNCT,
    OPENING_PUNCT,
    TERMINAL_PUNCT,
    WHITESPACE,
    display_width,
    fold,
    fold_text,
    is_cjk,
    span_widths,
)
from checker.markers import FIGURE_CAPTION, match_heading, starts_block
from checker.titles import match_table_title

import regex

# a part title is complete once it names what the part is; the next line is then its own paragraph
TITLE_END = regex.compile(r"(表|说明|概况|解释|附件)$")
HEADING_END = regex.compile(r"(表|说明|概况|解释|附件|情况|分析|措施|问题|原因|结论|目标|综述|评价|成效|效益|职责|设置|支出|收入|经费)$")
YEAR_START = regex.compile(r"^(?:20\d\d|本部门|本单位)")
PAGE_TAIL = regex.compile(r"(\.{3,}|…{2,}|\t)\s*\d{1,3}\s*$")


_BLANK = " \t\r\f\u3000\u00a0"  # what a line's content is stripped of


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
        content = self.content = text.strip(_BLANK)
        if content is text or content == text:
            self.content_start, self.content_end = start, end
            self.folded = fold_text(text) if folded_text is None else folded_text
            return
        self.content_start = start + (len(text) - len(text.lstrip(_BLANK)))
        self.content_end = start + len(text.rstrip(_BLANK))
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


def split_lines(source: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    # folding never makes or removes a line break: the folded source splits into the folded lines
    for i, (raw, folded) in enumerate(zip(source.split("\n"), fold_text(source).split("\n"))):
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


def _typical_width(lines: list[Line], rigid: set[int], widths_by_line: dict[int, int] | None = None) -> float:
    if widths_by_line is None:
        widths_by_line = _content_widths(lines, rigid)
    widths = list(widths_by_line.values())
    if not widths:
        return 0.0
    widths.sort()
    # the upper decile approximates the page width of a wrapped PDF; for unwrapped text
    # (one paragraph per line) it is large, so short lines are never taken as wrapped
    return float(widths[int(0.9 * (len(widths) - 1))])


_NUMBER_FRAGMENT = regex.compile(r"^[.,]\d{1,2}$")  # ".0" between "28" and "9"
_LEAD_TOKEN = regex.compile(r"^(?:[\d.,%]+|[A-Za-z]+)")


def _lead_token_width(text: str) -> int:
    """Width of the unbreakable token a line starts with: a PDF wraps before a number that does not fit."""
    first = text[:1]
    if not (first.isascii() or first.isdecimal()):  # no token starts there (\d is what isdecimal is)
        return 2
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
    h = match_heading(para)
    if h and h[0] == "part" and not starts_block(nxt) and not any(c in nxt for c in "。，；：,;:") \
            and display_width(para + nxt) <= 90 and not PAGE_TAIL.search(nxt):
        untitled = not para[h[2].end():].strip()
        known_table = (match_table_title(nxt) or (None,))[0] is not None
        if untitled or not (TITLE_END.search(para) or known_table):
            return True  # "第三部分 某某单位\n2023 年度部门决算情况\n说明": a centred title wrapped
    if nxt[0] in CLOSING_PUNCT and nxt[0] != "%":
        return True  # a line never starts with ，。、）
    if prev[-1] in OPENING_PUNCT:
        return True
    if _ends_number(prev) and _starts_number_tail(nxt) and not match_heading(nxt):
        # "83.\n3", "99.\n6%", "28\n.0\n9": a number broken over lines
        if prev[-1] in ".," or nxt[0] in ".,%" or prev_full or _NUMBER_FRAGMENT.match(prev):
            return True
    if starts_block(nxt) or (prev[0] == "图" and FIGURE_CAPTION.match(prev)):  # a caption starts with 图
        return False
    if h and h[0] != "part" and not any(c in para for c in "，。；,;") and \
            (HEADING_END.search(para) or YEAR_START.match(nxt)):
        return False  # "七、政府性基金预算财政拨款收入支出决算情况说明": a complete title as wide as the text
    if prev[-1] in TERMINAL_PUNCT or prev[-1] in "：:":
        return False
    return prev_full


class _Builder:
    """The view under construction: text pieces, the source offset each piece starts from, and the last
    view character emitted (the normaliser decides about spaces by looking back at it).

    A piece maps to the source one for one: its k-th character comes from the source character at its
    start + k. The offset of every view character (``offsets``) is spelled out once, at the end, in one
    vectorised pass instead of a Python integer per character."""

    def __init__(self):
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.last = ""

    def emit(self, ch: str, src: int) -> None:
        """One view character taken from (or standing for) the source character at ``src``."""
        self.parts.append(ch)
        self.starts.append(src)
        self.last = ch

    def emit_run(self, text: str, src: int) -> None:
        """View characters taken one for one from the source characters from ``src`` on."""
        self.parts.append(text)
        self.starts.append(src)
        self.last = text[-1]

    def text(self) -> str:
        return "".join(self.parts)

    def offsets(self) -> array:
        """The source offset of every view character, in order."""
        import numpy as np

        lengths = np.fromiter(map(len, self.parts), dtype=np.int64, count=len(self.parts))
        piece_starts = np.cumsum(lengths) - lengths  # where each piece starts in the view
        shift = np.asarray(self.starts, dtype=np.int64) - piece_starts  # source offset minus view offset
        return array("q", (np.repeat(shift, lengths) + np.arange(int(lengths.sum()))).tobytes())


# a run of the characters a line's words are separated by (page breaks included)
_GAP = regex.compile("[" + regex.escape("".join(sorted(WHITESPACE | {"\f"}))) + "]+")
# what they are once folded (the wide and the non-breaking spaces fold to a space; no other character
# folds to one of these)
_FOLDED_GAP = re.compile("[" + re.escape("".join(sorted({fold(c) for c in WHITESPACE | {"\f"}}))) + "]")
_FOLDED_GAP_RUN = re.compile(_FOLDED_GAP.pattern + "+")


def _emit_word(b: _Builder, source: str, start: int, end: int) -> None:
    """Emit a run of non-blank source characters, width-folded."""
    word = source[start:end]
    folded = fold_text(word)
    if len(folded) == len(word):
        b.emit_run(folded, start)  # folding maps one character to one: offsets stay aligned
        return
    for i in range(start, end):  # a zero-width character is dropped: map character by character
        ch = fold(source[i])
        if ch:
            b.emit(ch, i)


def _emit_line(b: _Builder, source: str, start: int, end: int, rigid: bool, folded: str | None = None) -> None:
    """Emit one line's content, folding widths and dropping spaces that only split words/numbers.

    ``folded`` may hold ``fold_text(source[start:end])`` when the caller has it already."""
    if folded is None:
        folded = fold_text(source[start:end])
    if len(folded) != end - start:
        _emit_line_unaligned(b, source, start, end, rigid)
        return
    # folding maps one character to one (the usual case): words are slices of the folded line, and its
    # gaps are where the source's are
    if _FOLDED_GAP.search(folded) is None:
        b.emit_run(folded, start)  # no space or tab: the line as it is
        return
    pos = 0
    for gap in _FOLDED_GAP_RUN.finditer(folded):
        i, j = gap.span()
        if pos < i:
            b.emit_run(folded[pos:i], start + pos)
        if rigid:
            # table rows keep their cell separators
            b.emit("\t" if "\t" in folded[i:j] else " ", start + i)
        else:
            left = b.last if b.last != "\n" else ""
            right = folded[j] if j < len(folded) else ""
            if left and right and not _space_is_noise(left, right):
                b.emit(" ", start + i)
        pos = j
    if pos < len(folded):
        b.emit_run(folded[pos:], start + pos)


def _emit_line_unaligned(b: _Builder, source: str, start: int, end: int, rigid: bool) -> None:
    """``_emit_line`` for a line holding a character that folds to nothing: word by word."""
    pos = start
    for gap in _GAP.finditer(source, start, end):
        i, j = gap.span()
        if pos < i:
            _emit_word(b, source, pos, i)
        if rigid:
            b.emit("\t" if "\t" in source[i:j] else " ", i)
        else:
            left = b.last if b.last != "\n" else ""
            right = fold(source[j]) if j < end else ""
            if left and right and not _space_is_noise(left, right):
                b.emit(" ", i)
        pos = j
    if pos < end:
        _emit_word(b, source, pos, end)


def _space_is_noise(left: str, right: str) -> bool:
    if is_cjk(left) or is_cjk(right):
        return True
    if left in ".," and right.isdigit():
        return True
    if left.isdigit() and (right in ".,%" ):
        return True
    return False


def normalize(source: str, lines: list[Line], rigid: set[int] | None = None,
              skip: set[int] | None = None) -> NormalizedText:
    """Build the analysis view.

    ``rigid`` lines (table rows) are never joined with their neighbours and keep their
    separators; ``skip`` lines (page numbers, running headers) are left out of the view.
    """
    rigid = rigid or set()
    skip = skip or set()
    widths_by_line = _content_widths(lines, rigid, source)
    full_width = 0.85 * _typical_width(lines, rigid, widths_by_line)
    b = _Builder()
    line_sources: list[int] = []
    prev: Line | None = None
    prev_folded = ""
    prev_rigid = True
    paragraph = ""
    for line in lines:
        content = line.content
        if not content or line.index in skip:
            continue
        folded_content = line.folded
        folded = folded_content.strip()
        is_rigid = line.index in rigid
        if prev is not None:
            soft = not (prev_rigid or is_rigid) and is_soft_break(
                prev_folded, folded, widths_by_line[prev.index] + _lead_token_width(folded) >= full_width, paragraph)
            if not soft:
                b.emit("\n", prev.end if prev.end < len(source) else prev.end - 1)
                line_sources.append(line.index)
                paragraph = ""
            else:
                # a wrapped line: mind the space a word wrap would have eaten in ASCII text
                left, right = b.last, folded[:1]
                if left.isascii() and left.isalpha() and right.isascii() and right.isalpha():
                    b.emit(" ", prev.end)
        else:
            line_sources.append(line.index)
        _emit_line(b, source, line.content_start, line.content_end, is_rigid, folded_content)
        prev, prev_folded, prev_rigid = line, folded, is_rigid
        paragraph += folded
    return NormalizedText(b.text(), b.offsets(), line_sources)
