"""Parsed tables: typed cells with their source location, entries (rows), and one pandas frame per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass
class Cell:
    """One value cell. A blank cell is never made into a Cell: missing is not 0."""

    value: Decimal
    precision: int
    text: str
    line: int  # raw line index (0-based)
    start: int  # source offsets
    end: int
    column: str | None  # semantic column, None when its place could not be told
    segment: str
    placement: str  # position (from the layout) | total (first value of a row) | packed (order only)


@dataclass
class Entry:
    """A row: keyed by 科目代码, by 行次, or a named total row (合计)."""

    key: str
    name: str
    segment: str
    line: int
    code: str | None = None
    row_no: int | None = None
    cells: list[Cell] = field(default_factory=list)

    @property
    def level(self) -> str | None:
        return LEVELS.get(len(self.code)) if self.code else None

    def cell(self, column: str) -> Cell | None:
        for c in self.cells:
            if c.column == column:
                return c
        return None


@dataclass
class Table:
    key: str
    title: str | None
    label: str | None
    unit: str | None
    layout: str  # tsv | text | grid
    status: str  # parsed | empty | not_extractable
    entries: list[Entry] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)  # segment -> value columns
    problems: list[str] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0

    @property
    def display_name(self) -> str:
        """公开05表: the document's own label, else the template's number."""
        from checker.titles import table_label
        return self.label or table_label(self.key)

    def entry(self, key: str, segment: str | None = None) -> Entry | None:
        for e in self.entries:
            if e.key == key and (segment is None or e.segment == segment):
                return e
        return None

    def find(self, name: str, segment: str | None = None) -> Entry | None:
        """The first entry whose name (spaces removed) equals or ends with ``name``."""
        for e in self.entries:
            n = e.name.replace(" ", "")
            if (segment is None or e.segment == segment) and (n == name or n.endswith(name)):
                return e
        return None

    def value(self, key: str, column: str, segment: str | None = None) -> Cell | None:
        e = self.entry(key, segment)
        return e.cell(column) if e else None

    def frame(self) -> pd.DataFrame:
        """One row per entry; value columns hold Decimal (object dtype) and NaN where blank."""
        cols: list[str] = []
        for seg_cols in self.columns.values():
            for c in seg_cols:
                if c not in cols:
                    cols.append(c)
        records = []
        for e in self.entries:
            rec = {"key": e.key, "segment": e.segment, "code": e.code, "row_no": e.row_no, "name": e.name,
                   "level": e.level, "line": e.line + 1}
            for c in e.cells:
                if c.column:
                    rec[c.column] = c.value
            records.append(rec)
        df = pd.DataFrame.from_records(records, columns=["key", "segment", "code", "row_no", "name", "level", "line"] + cols)
        return df.set_index(["segment", "key"], drop=False)

    def to_dict(self) -> dict:
        return {
            "key": self.key, "title": self.title, "label": self.label, "unit": self.unit, "layout": self.layout,
            "status": self.status, "columns": self.columns, "problems": self.problems,
            "entries": [{"key": e.key, "segment": e.segment, "code": e.code, "row_no": e.row_no, "name": e.name,
                         "line": e.line + 1,
                         "cells": [{"column": c.column, "value": str(c.value), "text": c.text, "line": c.line + 1,
                                    "start": c.start, "end": c.end, "placement": c.placement} for c in e.cells]}
                        for e in self.entries],
        }
