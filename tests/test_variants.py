"""The seeds written as other departments and provinces write the same things: other line endings, no blank
lines between lines, half-width brackets and colons, full-width digits and percent signs, with or without thousands
separators and spaces before units, other numbering, other wording for 与上年相比 / 主要原因是 / 完成年初预算的. Each variant must give the seed's findings — the same rules,
severities and messages, with the quotes in the messages compared as written in either form (folded)."""

from __future__ import annotations

from collections import Counter

import pytest
import regex

from checker.chars import fold_text
from checker.document import Document
from checker.pipeline import check_document
from conftest import SEEDS

CN_NUMBERS = "一二三四五六七八九十"


def _numbered(m) -> str:
    return f"（{CN_NUMBERS.index(m[1]) + 1}）"


VARIANTS = {
    "crlf": lambda s: s.replace("\n", "\r\n"),
    "no_blank_lines": lambda s: "\n".join(line for line in s.split("\n") if line.strip()),
    "half_width_brackets": lambda s: s.replace("（", "(").replace("）", ")"),
    "half_width_colons": lambda s: s.replace("：", ":"),
    "full_width_percent": lambda s: s.replace("%", "％"),
    "full_width_digits": lambda s: s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
    "jiao_shang_nian": lambda s: regex.sub(r"与(\s*20\d\d\s*年度?|上年度?)\s*相比", r"较\1", s),
    "bi_shang_nian": lambda s: regex.sub(r"与(\s*20\d\d\s*年度?|上年度?)\s*相比", r"比\1", s),
    # (not where the amount after 是 was left out, 主要原因是元…: that residue is worded with 是)
    "zhu_yao_shi_you_yu": lambda s: regex.sub(r"主要原因是(?![万亿]?元)", "主要是由于", s),
    "wei_nian_chu_yu_suan": lambda s: s.replace("完成年初预算的", "为年初预算的"),
    "no_thousands_separators": lambda s: regex.sub(r"(?<=\d),(?=\d{3})", "", s),
    "thousands_separators": lambda s: regex.sub(r"(?<![\d.,])(\d{4,})(?=\.\d)", lambda m: f"{int(m[1]):,}", s),
    "no_space_before_units": lambda s: regex.sub(r"(?<=\d) +(?=万元|%)", "", s),
    "dotted_chinese_numbers": lambda s: regex.sub(r"(?m)^(\s*)([一二三四五六七八九十]{1,3})、", r"\1\2.", s),
    "arabic_sub_numbers": lambda s: regex.sub(r"（([一二三四五六七八九])）", _numbered, s),
}
# what a message may quote in either form: folded, brackets, colons, list marks and blanks unified; and the
# classifier's certainty, which moves with the wording of the reason's cue (主要是由于 for 主要原因是)
_UNIFY = str.maketrans({"（": "(", "）": ")", "：": ":", "、": "."})
_BLANKS = regex.compile(r"\s+")
_CERTAINTY = regex.compile(r"可信度\d+%")


def _findings(text: str) -> Counter:
    report = check_document(Document.from_text("p.txt", "text", text)).to_dict()
    assert report["status"] == "checked"
    return Counter((f["rule"], f["severity"],
                    _CERTAINTY.sub("可信度", _BLANKS.sub("", fold_text(f["message"]).translate(_UNIFY))))
                   for f in report["findings"])


_SEED_FINDINGS: dict[str, Counter] = {}


def _text(code: str) -> str:
    return SEEDS[code].read_text(encoding="utf-8")


# only the pairs where the variant rewrites something in the seed
CASES = [(code, name) for code in sorted(SEEDS) for name in sorted(VARIANTS) if VARIANTS[name](_text(code)) != _text(code)]


@pytest.mark.parametrize("code, variant", CASES, ids=[f"{c}-{v}" for c, v in CASES])
def test_a_seed_written_otherwise_gives_its_findings(code, variant):
    text = _text(code)
    if code not in _SEED_FINDINGS:
        _SEED_FINDINGS[code] = _findings(text)
    expected = _SEED_FINDINGS[code]
    assert expected
    assert _findings(VARIANTS[variant](text)) == expected


def test_every_variant_rewrites_some_seed():
    assert {v for _, v in CASES} == set(VARIANTS)


def test_score_forms_without_tabs_still_have_their_weights_checked():
    """Seed 001 as text taken from a PDF (tabs turned into spaces): its indicator rows are read without a
    column grid, so their sums are not checked, but the weights come from the headers in any layout — the three
    project forms still give 20 + 100 = 120 points (P002)."""
    text = _text("001").replace("\t", "  ")
    report = check_document(Document.from_text("p.txt", "text", text)).to_dict()
    weights = [f["message"] for f in report["findings"] if f["rule"] == "P002" and "分值合计 120 分" in f["message"]]
    assert len(weights) == 3
