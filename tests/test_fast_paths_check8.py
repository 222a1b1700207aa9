"""Fast paths of session 8 (check8), each compared with the plain computation it replaces, on the seeds
and on edge cases."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from checker.document import Document

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_docs():
    from checker.readers import read_document

    return [read_document(f) for f in SEEDS]


def _plain_fields(doc: Document, start: int, end: int) -> tuple:
    """What a span's location is, counted the plain way: the page holding ``start`` (the last one starting
    at or before it), the line breaks before ``start`` within that page (the whole text for text files)."""
    text = doc.source[start:end]
    if doc.format != "pdf":
        return text, doc.source.count("\n", 0, start) + 1, start, end, None
    page = [p for p in doc.pages if p.start <= start][-1] if start >= doc.pages[0].start else doc.pages[0]
    return text, doc.source.count("\n", page.start, start) + 1, start - page.start, end - page.start, page.number


def _spans(n: int, rnd: random.Random, count: int) -> list[tuple[int, int]]:
    out = [(0, 0), (0, n), (n, n)]
    for _ in range(count):
        a = rnd.randint(0, n)
        out.append((a, min(n, a + rnd.randint(0, 40))))
    return out


def test_when_a_span_is_located_as_fields_then_they_are_the_plainly_counted_location(seed_docs):
    rnd = random.Random(8)
    pdf = Document.from_pages("x.pdf", "pdf", ["第一页\n一行\n", "\n第二页 12\n三", "", "末页\n\n结束"])
    for doc in seed_docs + [pdf, Document.from_text("e.txt", "text", ""), Document.from_text("n.txt", "text", "\n\n")]:
        for start, end in _spans(len(doc.source), rnd, 400):
            fields = doc.location_fields(start, end)
            assert fields == _plain_fields(doc, start, end), (doc.path, start, end)
            loc = doc.locate(start, end)
            assert (loc.text, loc.line, loc.start, loc.end, loc.page) == fields
    for bad in ((-1, 2), (3, 2), (0, len(pdf.source) + 1)):
        with pytest.raises(ValueError):
            pdf.location_fields(*bad)


def test_when_a_view_span_is_located_as_fields_then_they_are_those_of_its_source_span(seed_docs):
    rnd = random.Random(88)
    for doc in seed_docs:
        n = len(doc.view.text)
        for start, end in _spans(n, rnd, 400):
            if start >= end:
                with pytest.raises(ValueError):
                    doc.view_location_fields(start, end)
                continue
            s, e = doc.view.to_source[start], doc.view.to_source[end - 1] + 1
            assert doc.view_location_fields(start, end) == _plain_fields(doc, s, e)
            loc = doc.locate_view(start, end)
            assert (loc.text, loc.line, loc.start, loc.end, loc.page) == _plain_fields(doc, s, e)
