"""Helpers that turn document positions into evidence records."""

from __future__ import annotations

from checker.findings import Evidence


def line_evidence(doc, index: int, **cell) -> Evidence:
    return Evidence.from_location(doc.locate_line(index), **cell)


def view_evidence(doc, start: int, end: int, **cell) -> Evidence:
    return Evidence.from_location(doc.locate_view(start, end), **cell)
