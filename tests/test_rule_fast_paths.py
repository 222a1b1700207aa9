"""The rules' fast paths (prefilters, indexes, cached patterns) give exactly what the plain scans they
replace give: each test runs both on the seeds, the rule cases and made-up variants."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.document import Document

ROOT = Path(__file__).resolve().parent.parent
CASE_DIR = ROOT / "tests" / "rules" / "cases"
SEED_CODES = ["000", "001", "002", "003", "004"]


def case_texts(*codes: str) -> list[str]:
    out = []
    for code in codes:
        data = yaml.safe_load((CASE_DIR / f"{code}.yml").read_text(encoding="utf-8"))
        out += [c["text"] for c in data["cases"]]
    return out


def text_doc(text: str) -> Document:
    return Document.from_text("case.txt", "text", text)


FORM = """整体绩效自评表（2023年度）
总分：92
预算执行情况（20分）
预算数\t执行数\t执行率\t得分
100\t100\t100%\t20
年度总目标（80分）
一级指标\t二级指标\t三级指标\t指标值\t完成值\t分值\t得分
产出指标\t数量指标\t培训人次\t≥ 100 人次\t120 人次\t10\t9 分
产出指标\t质量指标\t合格率\t≥90%\t95%\t10\t12
效益指标\t满意度\t群众满意度（5分）\t≥90%\t98%\t5\t5
总 分\t92 分
偏差原因分析：无
"""


def form_variants() -> list[str]:
    """The form above as tabs, as spaces, with full-width digits and blanks, and with a zero-width
    character that makes folding change offsets (where the fast paths must stand aside)."""
    spaced = FORM.replace("\t", "  ")
    wide = FORM.replace("9", "９").replace("总分：", "总分：\u3000")
    zero_width = FORM.replace("总分：92", "总\u200b分：92").replace("合格率", "合\u200b格率")
    early_end = FORM.replace("合格率", "附件合格率").replace("效益指标\t", "<p>问题及效益指标\t")
    wide_blanks = FORM.replace("总 分\t92 分", "总\u3000得\u3000分\t92")
    return [FORM, spaced, wide, zero_width, FORM.replace("总 分\t92 分", "总得分\t9\u200b2"), early_end, wide_blanks]


@pytest.mark.parametrize("code", SEED_CODES)
def test_forms_of_seeds_read_alike_fast_and_plain(seed, code):
    from checker.rules.narrative._performance import _read_forms
    doc = seed(code)
    assert _read_forms(doc) == _read_forms(doc, fast=False)


def test_forms_of_cases_and_variants_read_alike_fast_and_plain():
    from checker.rules.narrative._performance import _read_forms
    texts = case_texts("P002", "P003") + form_variants()
    read = 0
    for text in texts:
        doc = text_doc(text)
        fast = _read_forms(doc)
        assert fast == _read_forms(doc, fast=False), text
        read += bool(fast)
    assert read >= 5  # the variants are forms indeed


def truncation_texts(seed) -> list[str]:
    from checker.extract.subjects import _aliases
    from checker.rules.narrative.R001 import CUT_ENDINGS
    cut = sorted({a[:-1] for a, _ in _aliases() if a.endswith(CUT_ENDINGS) and len(a) >= 4})
    texts = [seed(code).view.text for code in SEED_CODES] + case_texts("R001")
    texts.append("；".join(f"{c}{i},606.1{i}万元" for i, c in enumerate(cut)))
    texts.append("".join(f"{c}{c} １２元{c[:-1]} 3亿元{c}支出5元" for c in cut))  # doubled, full-width, shorter
    return texts


def test_truncated_terms_found_backwards_are_those_of_the_full_pattern(seed):
    from checker.rules.narrative.R001 import truncated_spans, truncated_terms
    found = 0
    for text in truncation_texts(seed):
        spans = truncated_spans(text)
        assert spans == [m.span() for m in truncated_terms().finditer(text)]
        found += len(spans)
    assert found > 80


def test_prose_pairs_are_only_in_sentences_naming_a_target(seed):
    from checker.chars import fold_text
    from checker.rules.narrative.P003 import SENTENCE, _prose_patterns
    pair = _prose_patterns()[0]
    texts = [fold_text(seed(code).view.text) for code in SEED_CODES] + case_texts("P003")
    texts.append("指标值≥95%，实际完成值为 85%。年度目标 30个，完成 8 个。目标值为：≥90%；为 85%。")
    pairs = 0
    for text in texts:
        for sm in SENTENCE.finditer(text):
            found = list(pair.finditer(sm.group()))
            pairs += len(found)
            assert not found or "目标" in sm.group() or "指标值" in sm.group()
    assert pairs >= 3


def test_near_verbatim_with_its_bounds_first_is_difflib_ratio():
    import random
    from difflib import SequenceMatcher
    from checker.rules.explanations.V002 import NEAR_VERBATIM, _near
    rng = random.Random(2)
    base = "新进人员及养老保险缴费基数调整按政策规定追加财政拨款预算"
    pairs = [("", ""), ("a", ""), (base, base), (base, base[:-1]), (base, base[1:] + "险")]
    for _ in range(4000):
        a = "".join(rng.choice(base) for _ in range(rng.randint(0, 14)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):  # a few edits: near and not so near
            k = rng.randrange(len(b) + 1)
            b[k:k + rng.randint(0, 1)] = rng.choice(base) * rng.randint(0, 2)
        pairs.append((a, "".join(b)))
    near = 0
    for a, b in pairs:
        expected = SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_VERBATIM
        assert _near(a, b) == expected, (a, b)
        near += expected
    assert 100 < near < len(pairs) - 100


PROSE = ["整体绩效自评得分 92 分。其中预算执行情况 20 分，实际预算执行率为 100%，自评得分 20 分；当年年度目标 80 分，自评得分 72 分。",
         "得分\n总分：90分！！其中产出指标得分 40 分（满分 50 分）。。\n\n绩效自评总得分95分", "自评得分", "。得分。",
         "项目绩效评价得分 88 分\n其中：预算执行率得分 9.5 分（满分 10 分）？"]


def test_prose_totals_found_from_their_words_are_those_of_every_sentence(seed):
    from checker.rules.narrative._performance import read_prose_totals
    docs = [seed(code) for code in SEED_CODES] + [text_doc(t) for t in case_texts("P002", "P003") + PROSE]
    found = 0
    for doc in docs:
        fast = read_prose_totals(doc)
        assert fast == read_prose_totals(doc, fast=False), doc.source[:80]
        found += len(fast)
    assert found >= 8


def test_part_whole_candidates_are_every_figure_the_full_scan_would_pair(seed):
    from checker.rules.narrative.B004 import _candidates, _figures, _index, containment
    pairs = 0
    for code in SEED_CODES:
        figures = _figures(seed(code))
        subject_index, code_index = _index(figures)
        for part, p_subject, _, p_family in figures:
            wholes = containment().get(p_subject, frozenset())
            full = []
            for k, (whole, w_subject, _, w_family) in enumerate(figures):
                by_code = (part.subject_kind == whole.subject_kind == "classification" and part.subject_code
                           and whole.subject_code and len(part.subject_code) > len(whole.subject_code)
                           and part.subject_code.startswith(whole.subject_code))
                if w_family == p_family and whole.period == part.period and (by_code or w_subject in wholes):
                    full.append(k)
            found = [k for k in _candidates(part, p_family, wholes, subject_index, code_index)
                     if figures[k][3] == p_family and figures[k][0].period == part.period]
            assert found == full
            pairs += len(full)
    assert pairs > 50


def sentence_docs(seed) -> list[Document]:
    texts = case_texts("A001", "A002", "A003", "A004", "A005", "D001", "E001")
    return [seed(code) for code in SEED_CODES] + [text_doc(t) for t in texts]


def test_figure_sentences_are_the_sentences_where_of_finds_the_figures(seed):
    from checker.statements import figure_sentences, sentences
    kinds = [("change_rate", "percent"), ("completion_rate", "percent"), ("share", "percent"),
             ("change_amount", "money"), ("current", "money"), ("budget_initial", "percent")]
    found = 0
    for doc in sentence_docs(seed):
        ss = list(enumerate(sentences(doc)))
        for role, type_ in kinds:
            expected = [(i, s) for i, s in ss if s.of(role, types=(type_,))]
            assert figure_sentences(doc, (role, type_)) == expected
            found += len(expected)
        both = [(i, s) for i, s in ss if s.of("completion_rate", types=("percent",)) or s.of("change_amount", types=("money",))]
        assert figure_sentences(doc, ("completion_rate", "percent"), ("change_amount", "money")) == both
    assert found > 100


def test_sentences_with_words_are_those_where_the_words_are(seed):
    from checker.rules.narrative.D001 import COMPARISON, COMPARISON_WORD
    from checker.statements import sentences, sentences_with
    found = 0
    for doc in sentence_docs(seed) + [text_doc("决算数大于\n预算数。\n\n  小于。大于预算数小于")]:
        text = doc.view.text
        ss = sentences(doc)
        expected = [i for i, s in enumerate(ss) if COMPARISON_WORD.search(text[s.start:s.end])]
        assert sentences_with(doc, COMPARISON_WORD) == expected
        assert all(i in expected for i, s in enumerate(ss) if COMPARISON.search(text[s.start:s.end]))
        found += len(expected)
    assert found > 10


def test_amounts_a_share_may_be_of_are_those_of_the_full_filter(seed):
    from checker.rules.narrative._common import in_attachment, usable
    from checker.rules.narrative._shares import _amounts_before
    compared = 0
    for doc in sentence_docs(seed):
        mentions = doc.extraction.mentions
        for pos in sorted({m.start for m in mentions} | {0, len(doc.view.text) + 1}):
            expected = [m for m in mentions if m.type == "money" and m.role in ("current", "final")
                        and usable(m) and m.start < pos and m.subject and not in_attachment(doc, m.start)]
            assert _amounts_before(doc, pos) == expected
            compared += len(expected)
    assert compared > 1000


def test_source_folded_line_by_line_is_the_source_folded(seed):
    from checker.chars import fold_text
    from checker.rules.narrative._performance import folded_source
    texts = [seed(code).source for code in SEED_CODES] + form_variants() + ["", "\n", "１\u200b\n\n％\r\n　a"]
    for text in texts:
        assert folded_source(text_doc(text)) == fold_text(text)


def test_subject_children_from_the_index_are_those_of_the_scan(seed):
    from types import SimpleNamespace
    from checker.rules.tables.T007 import CHILD_LEVEL, _groups
    tables = [t for code in SEED_CODES for key, t in seed(code).tables.items() if key in ("table02", "table03", "table05")]
    codes = ["201", "20101", "2010101", "2010102", "20102", "2010201", "202", "20201", "201", "2010301", "20103",
             "2", "20101", "2010101x", "30101"]
    made = SimpleNamespace(entries=[SimpleNamespace(code=c) for c in codes], entry=lambda label: None)
    groups = 0
    for t in tables + [made]:
        coded = [e for e in t.entries if e.code]
        expected = []
        for parent in coded:
            width = CHILD_LEVEL.get(len(parent.code))
            children = [e for e in coded if width and len(e.code) == width and e.code.startswith(parent.code)]
            if width and children:
                expected.append((parent, children))
        found = [(p, c) for p, c in _groups(t) if not (p is t.entry("合计") and len(c[0].code) == 3)]
        assert found == expected
        groups += len(found)
    assert groups > 20


def test_half_units_remembered_are_those_computed():
    from decimal import Decimal
    from checker.tolerance import half_unit
    for p in [0, 1, 2, 4, 2, 0, 10, -1]:
        assert half_unit(p) == Decimal(5) * Decimal(10) ** (-(p + 1))
        assert str(half_unit(p)) == str(Decimal(5) * Decimal(10) ** (-(p + 1)))


def test_lines_found_by_searching_the_source_are_those_every_line_test_finds(seed):
    from checker.rules.narrative._performance import (END_WORD, LineFinder, _may_end, _may_total, _spaced_words,
                                                      folded_source, performance_terms)
    docs = [seed(code) for code in SEED_CODES] + [text_doc(t) for t in form_variants() + ["", "表", "\n得分\n\n得分"]]
    found = 0
    for doc in docs:
        lines = doc.lines
        finder = LineFinder(doc, folded_source(doc))
        exact = len(finder.folded) == len(doc.source)  # else the form reader tests every line
        n = len(lines)
        for lo, hi in [(0, n), (1, n - 1), (n // 3, n // 2), (n, n), (n - 1, n)]:
            for word in ("表", "预算执行", "得分", "年度"):
                expected = [i for i in range(max(lo, 0), hi) if word in lines[i].content]
                assert list(finder.holding(word, lo, hi)) == expected
                found += len(expected)
            for hint, test in [(END_WORD, _may_end), (_spaced_words(performance_terms()["total"]), _may_total)] * exact:
                expected = [i for i in range(max(lo, 0), hi) if test(lines[i])]
                assert list(finder.where(hint, test, lo, hi)) == expected
                found += len(expected)
    assert found > 500


def test_slot_lines_are_every_line_with_a_blank_before_a_full_stop(seed):
    from checker.rules.narrative.R001 import SOURCE_SLOT, slot_lines
    docs = [seed(code) for code in SEED_CODES] + [text_doc(t) for t in case_texts("R001")]
    docs.append(text_doc("对象 。\n\n来访\u3000。 x\t。\n。 。\n数 。数\t\u3000。"))
    found = 0
    for doc in docs:
        lines = slot_lines(doc)
        assert lines == sorted(set(lines))
        with_slot = [ln.index for ln in doc.lines if SOURCE_SLOT.search(ln.text)]
        assert set(with_slot) <= set(lines)
        found += len(with_slot)
    assert found >= 4
