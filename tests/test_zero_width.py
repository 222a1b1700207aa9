"""Zero-width characters (U+200B and its kin), as Word and PDF copies carry them at the ends of lines: a
submission holding them is checked as the same submission without them."""

from __future__ import annotations

from collections import Counter

import pytest

from checker.chars import visible
from checker.document import Document
from checker.pipeline import check_document
from checker.rules.narrative._performance import Figure, dec, read_forms


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
        return Counter((f["rule"], visible(f["message"])) for f in report["findings"])

    assert found(plain)
    assert found(marked) == found(plain)


@pytest.mark.parametrize("where, ch", [("end", "\u200b"), ("start", "\ufeff"), ("start", "\u200b")])
@pytest.mark.parametrize("code", ["001", "004"])
def test_zero_width_characters_leave_the_performance_forms_and_their_evidence(seed_path, code, where, ch):
    """The score forms (P002/P003) read as without the characters: the same rows, totals and figures, and
    every figure's span in the marked source holds that figure (offsets kept, not those of a shorter text)."""
    text = seed_path(code).read_text(encoding="utf-8")
    marked_text = _marked(text, where, ch)
    plain_doc = Document.from_text("p.txt", "text", text)
    marked_doc = Document.from_text("p.txt", "text", marked_text)
    plain, marked = read_forms(plain_doc), read_forms(marked_doc)

    def shape(forms, source):
        out = []
        for f in forms:
            figures = [f.total, f.header_total, *(f.budget or {}).values()]
            for r in f.rows:
                figures += [r.score, r.weight]
            out.append((f.title and visible(f.title), len(f.rows), [visible(r.name) for r in f.rows],
                        [(x.value, visible(source[x.start:x.end])) for x in figures if isinstance(x, Figure)]))
        return out

    assert any(f.rows for f in plain)
    assert shape(marked, marked_text) == shape(plain, text)


def test_a_zero_width_character_inside_a_block_header_moves_no_weight():
    """"年\u200b度总目标（80分）": the block is found in the folded line and its weight's span is placed in the
    source past the dropped character (fast and plain readings agree: tests/test_rule_fast_paths_rules2.py)."""
    text = ("整体绩效自评表（2023年度）\n预算执行情况（20分）\n预算数\t执行数\t执行率\n100\t100\t100%\n"
            "年\u200b度总目标（80分）\n一级指标\t二级指标\t三级指标\t指标值\t完成值\n"
            "产出指标\t数量指标\t培训人次\t≥ 100 人次\t120 人次\t10\n偏差原因分析：无\n")
    doc = Document.from_text("p.txt", "text", text)
    (form,) = read_forms(doc)
    assert [(b.weight.value, text[b.weight.start:b.weight.end]) for b in form.blocks] == [(80, "80")]
