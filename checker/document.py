"""The document model every stage reads: source text as read, pages, the analysis view, structure, facts."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    start: int  # offsets into Document.source
    end: int


@dataclass
class Location:
    """Where a span sits in the source as read: exact text, 1-based line, character offsets.

    For PDF the line and offsets count within the page's extracted text and ``page`` is set;
    for text and Word files they count within the whole text and ``page`` is None.
    """

    text: str
    line: int
    start: int
    end: int
    page: int | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "line": self.line, "start": self.start, "end": self.end, "page": self.page}


@dataclass
class Document:
    path: str
    format: str  # text | pdf | docx
    source: str
    pages: list[Page]
    encoding: str | None = None
    diagnostics: list[dict] = field(default_factory=list)  # reader warnings (e.g. a page without text)
    native_tables: list[dict] = field(default_factory=list)  # cell grids from Word
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    # the explanation classifier's verdicts are left to a later step (a batch's pass two, which judges every
    # reason once, with the batch's document frequencies): no labels, and V001 finds nothing here
    defer_classification: bool = field(default=False, repr=False, compare=False)

    @classmethod
    def from_text(cls, path: str, fmt: str, text: str, encoding: str | None = None) -> "Document":
        return cls(path, fmt, text, [Page(1, 0, len(text))], encoding)

    @classmethod
    def from_pages(cls, path: str, fmt: str, texts: list[str]) -> "Document":
        pages, parts, pos = [], [], 0
        for i, t in enumerate(texts):
            if i:
                parts.append("\f")
                pos += 1
            pages.append(Page(i + 1, pos, pos + len(t)))
            parts.append(t)
            pos += len(t)
        return cls(path, fmt, "".join(parts), pages)

    # ---- analysis, computed once on first use ----

    def memo(self, key: str, build):
        """``build(self)`` computed once per document under ``key``: for results of a later stage that several
        rules read (the classifier's verdicts, the performance forms) and that the model does not own."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    @cached_property
    def folded_source(self) -> str:
        """``fold_text(source)``, folded once: the lines are cut from it and the score forms search it."""
        from checker.chars import fold_text
        return fold_text(self.source)

    @cached_property
    def lines(self):
        from checker.normalize import split_lines
        return split_lines(self.source, self.folded_source)

    @cached_property
    def _analysis(self):
        from checker.normalize import normalize
        from checker.structure import analyse_structure
        return analyse_structure(self.lines, lambda rigid, skip: normalize(self.source, self.lines, rigid, skip))

    @property
    def structure(self):
        return self._analysis[0]

    @property
    def view(self):
        return self._analysis[1]

    @cached_property
    def facts(self):
        from checker.facts import find_facts
        return find_facts(self)

    @cached_property
    def tables(self):
        """The standard tables parsed into entries and typed cells, by key (table01 … table09)."""
        from checker.tables.parse import parse_tables
        return parse_tables(self)

    @cached_property
    def sentences(self):
        """Narrative sentences with the figures in them, for the consistency rules."""
        from checker.statements import build_sentences
        return build_sentences(self)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """View offsets where the sentences begin, for bisecting."""
        return [s.start for s in self.sentences]

    @cached_property
    def links(self):
        """Narrative figures linked to the table cells they restate."""
        from checker.link import link_mentions
        return link_mentions(self)

    @cached_property
    def extraction(self):
        """Money and percentage mentions, stated reasons and non-money quantities of the narrative."""
        from checker.extract import extract
        return extract(self)

    # ---- locating spans ----

    @cached_property
    def line_starts(self) -> list[int]:
        """Source offsets where the lines begin, for bisecting."""
        return [l.start for l in self.lines]

    @cached_property
    def _newlines(self) -> list[int]:
        """Offsets of the source's line breaks, in order (every line but the last ends with one)."""
        return [l.end for l in self.lines[:-1]]

    @cached_property
    def _page_starts(self) -> list[int]:
        return [p.start for p in self.pages]

    def page_of(self, offset: int) -> Page:
        return self.pages[max(0, bisect.bisect_right(self._page_starts, offset) - 1)]

    def locate(self, start: int, end: int) -> Location:
        """Locate a source span [start, end)."""
        return Location(*self.location_fields(start, end))

    def location_fields(self, start: int, end: int) -> tuple[str, int, int, int, int | None]:
        """``locate(start, end)`` as the tuple (text, line, start, end, page) of the Location's fields: what
        the report records read for each of the hundreds of mentions and quantities of a document, without
        making a Location object to read them back from."""
        if not (0 <= start <= end <= len(self.source)):
            raise ValueError(f"span {start}:{end} outside the source")
        text = self.source[start:end]
        if self.format == "pdf":
            page = self.page_of(start)
            # the line breaks between the page's start and the span, counted by bisection
            line = bisect.bisect_left(self._newlines, start) - bisect.bisect_left(self._newlines, page.start) + 1
            return text, line, start - page.start, end - page.start, page.number
        return text, bisect.bisect_right(self.line_starts, start), start, end, None

    def locate_view(self, start: int, end: int) -> Location:
        """Locate a span of the analysis view in the source."""
        return Location(*self.view_location_fields(start, end))

    def view_location_fields(self, start: int, end: int) -> tuple[str, int, int, int, int | None]:
        """``locate_view(start, end)`` as a tuple of its fields (see ``location_fields``)."""
        s, e = self.view.source_span(start, end)
        return self.location_fields(s, e)

    def locate_line(self, index: int) -> Location:
        """Locate a whole raw line (0-based index), without its surrounding whitespace."""
        line = self.lines[index]
        return self.locate(line.content_start, max(line.content_start, line.content_end))
