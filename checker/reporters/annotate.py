"""Escaped, annotated source text: spans (figures, reasons, evidence) as nested HTML elements, line by line.

Every character of document text goes through ``markupsafe.escape``; the markup around it is built here from
fixed tag names, class names and escaped attribute values only. Spans may overlap in any way: they are cut
into fragments until the set is laminar (any two fragments nested or apart), the stronger span (lower
``rank``) being kept whole, so a figure's element always holds exactly the figure's text.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from dataclasses import dataclass, field

from markupsafe import Markup, escape


_NEEDS_ESCAPE = re.compile("[&<>'\"]")  # what markupsafe.escape replaces

try:
    # markupsafe's own escaping of a plain string, which ``escape`` wraps in a Markup (MarkupSafe 3): in C,
    # ~50 ns a call where the regular expression above takes ~100-250 ns only to find that nothing needs it
    # (a report escapes ~5,000 strings). Not a documented name: tests compare it with ``escape`` on every
    # kind of text, and without it the regular expression does the work.
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - MarkupSafe 2
    _escape_inner = None


def _escape_text_by_search(text: str) -> str:
    return text if _NEEDS_ESCAPE.search(text) is None else str(escape(text))


def escape_text(text: str) -> str:
    """``str(markupsafe.escape(text))`` of a plain string, without making a Markup (a string that needs no
    escaping is returned as it is)."""
    if type(text) is str:
        return _escape_inner(text)
    return _escape_text_by_search(text)


if _escape_inner is None:  # pragma: no cover
    escape_text = _escape_text_by_search  # noqa: F811

# escape_text of a value known to be a ``str`` (not a subclass), in one call: for the hot loops
escape_str = _escape_inner or _escape_text_by_search


@dataclass(slots=True)
class Span:
    start: int
    end: int
    cls: str
    rank: int  # lower: kept whole first; on equal extents the higher rank is the outer element
    attrs: dict = field(default_factory=dict)  # on every fragment
    id: str | None = None  # on the first fragment written
    tag: str = "span"
    # ``attrs`` as HTML (`` name="escaped value"`` each, None left out), written on first use; a caller that
    # has it already (one title shared by many spans) may give it instead of ``attrs``
    attrs_html: str | None = field(default=None, repr=False, compare=False)

    def opening(self, with_id: bool, continued: bool) -> str:
        """The start tag of one fragment: the id on the first fragment written (``with_id``), the class
        ``cont`` on a fragment that does not start where the span does (``continued``)."""
        attrs = self.attrs_html
        if attrs is None:
            attrs = self.attrs_html = "".join([f' {k}="{escape_text(str(v))}"' for k, v in self.attrs.items()
                                               if v is not None])
        cls = _CLASSES.get(self.cls) or _escaped_class(self.cls)
        cont = " cont" if continued else ""
        if with_id and self.id:
            return f'<{self.tag} class="{cls}{cont}" id="{escape_text(self.id)}"{attrs}>'
        return f'<{self.tag} class="{cls}{cont}"{attrs}>'


_CLASSES: dict[str, str] = {}  # class attribute -> escaped: a report uses a few dozen


def _escaped_class(cls: str) -> str:
    if len(_CLASSES) > 4096:
        _CLASSES.clear()
    escaped = _CLASSES[cls] = escape_text(cls)
    return escaped


class Page:
    """One page of source text split into lines (``\\n``), with spans to draw over it."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        # line i starts after the lines before it, each with its line break
        self.starts = list(accumulate([len(line) + 1 for line in self.lines[:-1]], initial=0))
        self._escaped: list[str] | None = None

    def escaped_lines(self) -> list[str]:
        """Every line escaped, without spans (read only: a page with nothing to escape shares its ``lines``).
        The page is escaped once, as a whole: escaping leaves the line breaks where they are."""
        if self._escaped is None:
            escaped = escape_text(self.text)
            # a page with nothing to escape (about half of them) is its lines: not split a second time
            self._escaped = self.lines if len(escaped) == len(self.text) else escaped.split("\n")
        return self._escaped

    def escaped(self, i: int) -> str:
        """Line ``i`` escaped, without spans."""
        return self.escaped_lines()[i]

    def line_of(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i if i > 0 else 0

    def line_range(self, start: int, end: int) -> range:
        return range(self.line_of(start), self.line_of(max(start, end - 1)) + 1)


def _laminar(spans: list[Span], lo: int, hi: int) -> list[tuple[int, int, Span]]:
    """The fragments ``(start, end, span)`` of ``spans`` within [lo, hi), cut until any two are nested or
    apart, in the order their elements open."""
    if len(spans) == 1:  # most lines: nothing to cut
        sp = spans[0]
        a0, b0 = max(sp.start, lo), min(sp.end, hi)
        return [(a0, b0, sp)] if a0 < b0 else []
    # Most lines of several spans need no cutting either (figures inside evidence): the spans within the line
    # in the order their elements open (by start; on the same start the longer first; on the same extent the
    # higher rank; then as given), if no two cross; else they are cut. The elements still open form a chain,
    # each inside the one before: a span crosses one of them exactly when it starts before the innermost
    # ends and ends after it.
    keyed = []
    for i, sp in enumerate(spans):
        a = sp.start if sp.start > lo else lo
        b = sp.end if sp.end < hi else hi
        if a < b:
            keyed.append((a, -b, -sp.rank, i, sp))
    keyed.sort()  # tuples compared in C; ``i`` keeps equal keys as given and spans from being compared
    open_ends: list[int] = []
    fragments = []
    for a, minus_b, _, _, sp in keyed:
        b = -minus_b
        while open_ends and open_ends[-1] <= a:
            open_ends.pop()
        if open_ends and open_ends[-1] < b:
            return _cut(spans, lo, hi)
        open_ends.append(b)
        fragments.append((a, b, sp))
    return fragments


def _cut(spans: list[Span], lo: int, hi: int) -> list[tuple[int, int, Span]]:
    """:func:`_laminar` by cutting: each span in order of rank, cut where it crosses a fragment kept before."""
    accepted: list[tuple[int, int, Span]] = []
    for sp in sorted(spans, key=lambda s: s.rank):
        a0, b0 = max(sp.start, lo), min(sp.end, hi)
        if a0 >= b0:
            continue
        work = [(a0, b0)]
        while work:
            a, b = work.pop()
            for c, d, _ in accepted:
                if c < a < d < b:
                    work += [(a, d), (d, b)]
                    break
                if a < c < b < d:
                    work += [(a, c), (c, b)]
                    break
            else:
                accepted.append((a, b, sp))
    accepted.sort(key=lambda t: (t[0], -t[1], -t[2].rank))
    return accepted


def render_line(text: str, base: int, spans: list[Span], written_ids: set[str]) -> Markup:
    """One line (``text`` starting at offset ``base``) with the spans that touch it."""
    return Markup(_line_html(text, base, spans, written_ids))


def _line_html(text: str, base: int, spans: list[Span], written_ids: set[str]) -> str:
    plain = len(escape_text(text)) == len(text)  # then every piece of the line is its own escaped form
    if len(spans) == 1 and plain:  # most lines: one element, nothing to escape
        sp = spans[0]
        a, b = max(sp.start, base), min(sp.end, base + len(text))
        if a >= b:
            return text
        first = bool(sp.id) and sp.id not in written_ids
        if first:
            written_ids.add(sp.id)
        a, b, continued = a - base, b - base, a > sp.start
        return f"{text[:a]}{sp.opening(first, continued)}{text[a:b]}{_END_TAGS.get(sp.tag) or f'</{sp.tag}>'}{text[b:]}"
    out: list[str] = []
    ends: list[int] = []  # where the open elements end (within the line), innermost last
    closing: list[str] = []  # and their end tags
    pos = 0  # within the line: text before it is written
    for a, b, sp in _laminar(spans, base, base + len(text)):
        continued = a > sp.start
        a -= base
        while ends and ends[-1] <= a:
            end = ends.pop()
            if end > pos:
                out.append(text[pos:end] if plain else escape(text[pos:end]))
                pos = end
            out.append(closing.pop())
        if a > pos:
            out.append(text[pos:a] if plain else escape(text[pos:a]))
            pos = a
        first = bool(sp.id) and sp.id not in written_ids
        if first:
            written_ids.add(sp.id)
        out.append(sp.opening(first, continued))
        ends.append(b - base)
        closing.append(_END_TAGS.get(sp.tag) or f"</{sp.tag}>")
    while ends:  # every element ends within the line
        end = ends.pop()
        if end > pos:
            out.append(text[pos:end] if plain else escape(text[pos:end]))
            pos = end
        out.append(closing.pop())
    if len(text) > pos:
        out.append(text[pos:] if plain else escape(text[pos:]))
    return "".join(out)


_END_TAGS = {"span": "</span>", "mark": "</mark>"}


def bucket(page: Page, spans: list[Span]) -> dict[int, list[Span]]:
    """Spans by the 0-based index of each line they touch."""
    out: dict[int, list[Span]] = {}
    starts = page.starts
    last = len(starts) - 1
    for sp in spans:
        start, end = sp.start, sp.end
        if end <= start:
            continue
        i = bisect.bisect_right(starts, start) - 1
        if i < 0:
            i = 0
        if i == last or end <= starts[i + 1]:  # most spans: within one line
            lines = (i,)
        else:
            lines = range(i, page.line_of(end - 1) + 1)
        for i in lines:
            if i in out:
                out[i].append(sp)
            else:
                out[i] = [sp]
    return out


def _row(i: int, row_id: str, body: str, mark: str) -> str:
    return f'<div class="ln"{row_id}><span class="no">{i + 1}</span><span class="lt">{body}</span>{mark}</div>'


_ROW_HEADS: dict[str | None, list[str]] = {}  # id prefix -> the openings of rows 1, 2, … (see _row_heads)


def _row_heads(id_prefix: str | None, count: int) -> list[str]:
    """The opening of each of the first ``count`` rows (``_row`` up to the line's text), with the row's id
    when ``id_prefix`` is not None. They are the same for every page: built once per process and prefix."""
    heads = _ROW_HEADS.get(id_prefix)
    if heads is None:
        if len(_ROW_HEADS) >= 256:  # the pages of a long PDF each have their own prefix
            _ROW_HEADS.clear()
        heads = _ROW_HEADS[id_prefix] = []
    if len(heads) < count:
        prefix = None if id_prefix is None else escape_text(id_prefix)
        heads += [f'<div class="ln"><span class="no">{n}</span><span class="lt">' if prefix is None else
                  f'<div class="ln" id="{prefix}L{n}"><span class="no">{n}</span><span class="lt">'
                  for n in range(len(heads) + 1, count + 1)]
    return heads


_ROW_END = "</span></div>\n"


def lines_html(page: Page, first: int, last: int, spans: list[Span], written_ids: set[str] | None = None,
                 marks: dict[int, Markup] | None = None, id_prefix: str | None = None) -> str:
    """Lines ``first``..``last`` (0-based, inclusive) as numbered rows, spans drawn, ``marks`` appended; each
    row has an id (``{id_prefix}L{n}``) unless ``id_prefix`` is None (an excerpt).

    What ``"\\n".join`` of :func:`_row` for every line gives, built as three lists (the rows' openings, the
    lines' text and the rows' ends), which are the same for most lines and are interleaved and joined once:
    only the lines with spans or marks are written one by one, in the order of the text (a span's id goes
    on the first fragment written)."""
    written_ids = set() if written_ids is None else written_ids
    first, last = max(0, first), min(last, len(page.lines) - 1)
    if last < first:
        return ""
    heads = _row_heads(id_prefix, last + 1)[first:last + 1]
    bodies = page.escaped_lines()[first:last + 1]
    ends = [_ROW_END] * len(bodies)
    ends[-1] = _ROW_END[:-1]  # rows are joined by line breaks: none after the last
    by_line = bucket(page, spans)
    for i in sorted(by_line):
        if first <= i <= last:
            bodies[i - first] = _line_html(page.lines[i], page.starts[i], by_line[i], written_ids)
    for i, mark in (marks or {}).items():
        if first <= i <= last:
            ends[i - first] = f"</span>{mark}</div>" + ends[i - first][len("</span></div>"):]
    rows = [""] * (3 * len(bodies))
    rows[0::3], rows[1::3], rows[2::3] = heads, bodies, ends
    return "".join(rows)


def render_lines(page: Page, first: int, last: int, spans: list[Span], written_ids: set[str] | None = None,
                 marks: dict[int, Markup] | None = None, id_prefix: str | None = None) -> Markup:
    """:func:`lines_html` as Markup."""
    return Markup(lines_html(page, first, last, spans, written_ids, marks, id_prefix))


def render_excerpt(page: Page, start: int, end: int, context: int) -> Markup:
    """:func:`excerpt_html` as Markup."""
    return Markup(excerpt_html(page, start, end, context))


def excerpt_html(page: Page, start: int, end: int, context: int) -> str:
    """The lines holding [start, end) of ``page`` and ``context`` lines either side, as numbered rows, the
    span marked: ``render_lines(page, first, last, [Span(start, end, "hl", 0, tag="mark")])`` written
    directly (one span needs no nesting; the rows around it are plain: each the opening shared by every
    excerpt's row of that number, the escaped line and the row's end)."""
    starts = page.starts
    top = bisect.bisect_right(starts, start) - 1  # page.line_range(start, end), inline
    bottom = bisect.bisect_right(starts, end - 1 if end - 1 > start else start) - 1
    top, bottom = (top if top > 0 else 0), (bottom if bottom > 0 else 0)
    first, last = max(0, top - context), min(bottom + context, len(starts) - 1)
    escaped = page.escaped_lines()
    heads = _row_heads(None, last + 1)
    rows = [f"{heads[i]}{escaped[i]}</span></div>" for i in range(first, top)]
    lines = page.lines
    for i in range(top, bottom + 1):
        base = starts[i]
        text = lines[i]
        a, b = max(start, base) - base, min(end, base + len(text)) - base
        if a >= b:
            rows.append(f"{heads[i]}{escaped[i]}</span></div>")
            continue
        tag = '<mark class="hl cont">' if a + base > start else '<mark class="hl">'
        if len(escaped[i]) == len(text):  # nothing to escape in the line
            rows.append(f"{heads[i]}{text[:a]}{tag}{text[a:b]}</mark>{text[b:]}</span></div>")
        else:
            rows.append(f"{heads[i]}{escape_text(text[:a])}{tag}{escape_text(text[a:b])}</mark>"
                        f"{escape_text(text[b:])}</span></div>")
    rows += [f"{heads[i]}{escaped[i]}</span></div>" for i in range(bottom + 1, last + 1)]
    return "\n".join(rows)
