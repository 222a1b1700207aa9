"""Full-width digits (０-９) and decimal points (．), as a submission typed with a full-width input mode has
them: the tables, the score forms and the findings read as those of the same submission in ASCII digits.
Quotes keep what was written, so findings are compared with their messages folded."""

from __future__ import annotations

from collections import Counter

import pytest

from checker.chars import fold_text
from checker.document import Document
from checker.pipeline import check_document
from checker.rules.narrative._performance import read_forms

FULL_WIDTH_DIGITS = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}


def _full_width(text: str, point: bool = False) -> str:
    table = {**FULL_WIDTH_DIGITS, **({ord("."): "．"} if point else {})}
    return text.translate(table)


@pytest.mark.parametrize("code", ["001", "003"])
def test_full_width_digits_change_no_finding(seed_path, code):
    """Before table keys were folded, 001 lost its L001/L003 findings (codes 2010301, 2210202 typed ２０１０３０１
    matched no row) and 003 got a false T005 (公用经费合计 against the sum of every 类)."""
    text = seed_path(code).read_text(encoding="utf-8")
    plain = check_document(Document.from_text("p.txt", "text", text)).to_dict()
    wide = check_document(Document.from_text("p.txt", "text", _full_width(text))).to_dict()
    assert wide["status"] == "checked"

    def found(report):
        return Counter((f["rule"], fold_text(f["message"])) for f in report["findings"])

    assert found(plain)
    assert found(wide) == found(plain)


def test_tables_typed_with_full_width_codes_are_keyed_by_their_codes(seed_path):
    text = seed_path("001").read_text(encoding="utf-8")
    plain = Document.from_text("p.txt", "text", text).tables
    wide = Document.from_text("p.txt", "text", _full_width(text)).tables

    def keys(tables):
        return {k: [(e.key, e.code, e.row_no) for e in t.entries] for k, t in tables.items()}

    assert any(code for rows in keys(plain).values() for _, code, _ in rows)
    assert keys(wide) == keys(plain)


def test_scores_written_with_a_full_width_point_are_read(seed_path):
    """０．５ is a score of 0.5: 001's 疫情防控 form has two such rows (P002 summed 110 instead of 111)."""
    text = seed_path("001").read_text(encoding="utf-8")
    plain = read_forms(Document.from_text("p.txt", "text", text))
    wide_text = _full_width(text, point=True)
    wide = read_forms(Document.from_text("p.txt", "text", wide_text))

    def scores(forms, source):
        return [[(r.score.value, fold_text(source[r.score.start:r.score.end])) for r in f.rows] for f in forms]

    assert any(s == "0.5" for form in scores(plain, text) for _, s in form)
    assert scores(wide, wide_text) == scores(plain, text)
