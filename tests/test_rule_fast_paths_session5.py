"""The rules' fast paths added in session 5 give exactly what the plain computations they replace give:
each test runs both on the seeds, the rule cases and made-up edge cases."""

from __future__ import annotations

import pytest

from tests.test_rule_fast_paths import SEED_CODES, case_texts, text_doc  # noqa: F401

ODD_TEXTS = ["", "目标", "。目标。", "\n\n目标值\n", "年度目标！指标值？目标", "目标" * 500,
             "无句号的目标值 95%，实际完成值为 85%", "！？。\n", "\u200b目标\u3000值。指\n标值。"]


def test_target_sentences_are_the_sentences_holding_a_target_word(seed):
    from checker.chars import fold_text
    from checker.rules.narrative.P003 import SENTENCE, target_sentences
    texts = [fold_text(seed(code).view.text) for code in SEED_CODES] + case_texts("P003") + ODD_TEXTS
    found = 0
    for text in texts:
        plain = [sm.span() for sm in SENTENCE.finditer(text) if "目标" in sm.group() or "指标值" in sm.group()]
        assert target_sentences(text) == plain
        found += len(plain)
    assert found > 50


def test_values_remembered_are_those_parsed(seed):
    from checker.rules.narrative._performance import read_forms
    from checker.rules.narrative.P003 import parse_value
    texts = [c.text for code in SEED_CODES for f in read_forms(seed(code)) for r in f.rows for c in (r.target, r.actual)]
    texts += ["≥95%", "85分以上", "完成", "约 57107㎡", "12月31日之前", "", "≥", "１００％", "1,000,000,000,000万元",
              "<= 3 天", "大于或等于 90%"]
    assert len(texts) > 100
    for text in texts:
        assert parse_value(text) == parse_value.__wrapped__(text)
    assert any(parse_value(t) is not None for t in texts)


def test_shared_characters_are_those_of_the_counter_intersection():
    from collections import Counter
    from checker.rules.explanations.V002 import _shared
    pairs = [("", ""), ("a", ""), ("", "b"), ("aab", "abb"), ("主要原因是人员减少", "主要原因是人员增加"),
             ("按政策规定" * 20, "规定"), ("\u200b\u3000", "\u3000")]
    for a, b in pairs:
        assert _shared(a, b) == _shared(b, a) == sum((Counter(a) & Counter(b)).values())


def v002_documents(seed):
    """The seeds and the V002 cases, and variants of the cases whose reasons name other subjects."""
    docs = [seed(code) for code in SEED_CODES]
    texts = case_texts("V002")
    texts += [t.replace("养老保险", "医疗保险") for t in texts] + [t.replace("医疗", "养老") for t in texts]
    return docs + [text_doc(t) for t in texts]


def test_others_left_out_by_the_naming_index_are_never_copied_from(seed):
    from checker.rules.explanations.V002 import (CopiedExplanation, _named_items, _naming_index, _terms,
                                                 distinctive_clauses)
    compared = copied = 0
    for doc in v002_documents(seed):
        items = CopiedExplanation._items(doc)
        naming = _naming_index(items)
        for own in items:
            if _terms(own[1], own[2]):
                continue
            named = _named_items(naming, distinctive_clauses(own[1]))
            for k, other in enumerate(items):
                if other is own:
                    continue
                hit = CopiedExplanation._copied(own, other)
                compared += 1
                copied += hit is not None
                assert hit is None or k in named
                assert hit == CopiedExplanation._copied(own, other, distinctive_clauses(own[1]))
    assert compared > 500 and copied >= 2, (compared, copied)


def test_the_view_is_width_folded_and_lines_carry_their_folded_content(seed):
    """P002/P003 read the view and ``Line.folded`` as they are instead of folding them again."""
    from checker.chars import fold_text
    from tests.test_rule_fast_paths import form_variants
    docs = [seed(code) for code in SEED_CODES]
    odd = ["１２３％\u3000ＡＢＣ\u200b\n\u00a0总\u3000分：９２\n", "\u200b", "", "全角　空格．５\t\t６\n\n\n"]
    docs += [text_doc(t) for t in form_variants() + odd + case_texts("P002", "P003")]
    wide = 0
    for doc in docs:
        assert fold_text(doc.view.text) == doc.view.text
        for ln in doc.lines:
            assert ln.folded == fold_text(ln.content)
            wide += ln.folded != ln.content
    assert wide > 5


def test_word_positions_are_the_starts_regex_finds(seed):
    import regex
    from checker.rules.narrative._performance import SCORE_WORD, SCORE_WORDS, word_positions
    from checker.rules.narrative.P003 import TARGET_WORDS
    texts = [seed(code).view.text for code in SEED_CODES] + ODD_TEXTS + ["总得分总分得分得", "得分" * 100, "总总分分"]
    either = regex.compile("|".join(TARGET_WORDS))
    found = 0
    for text in texts:
        assert word_positions(text, SCORE_WORDS) == [m.start() for m in SCORE_WORD.finditer(text)]
        assert word_positions(text, TARGET_WORDS) == [m.start() for m in either.finditer(text)]
        found += len(word_positions(text, SCORE_WORDS))
    assert found > 100


def test_share_totals_remembered_are_those_computed(seed):
    from checker.rules.narrative._common import nearest_before
    from checker.rules.narrative._shares import _share_total, denominator_word, share_total
    docs = [seed(code) for code in SEED_CODES] + [text_doc(t) for t in case_texts("A003", "A005")]
    asked = found = 0
    for doc in docs:
        for s in doc.sentences:
            for sh in s.of("share", types=("percent",)):
                amounts = s.of("current", "final", types=("money",))
                for part in (None, nearest_before(amounts, sh.start), *amounts[:2]):
                    for named in (denominator_word(sh), "", "基本支出"):
                        total = share_total(doc, sh, part, named)
                        assert total is _share_total(doc, sh, part, named)
                        asked += 1
                        found += total is not None
    assert asked > 200 and found > 10


def test_place_or_org_found_from_its_endings_where_the_full_pattern_is(seed):
    from checker.explain.features import PLACE_ORG, PLACE_ORG_ENDING
    from checker.explain.model import load_corpus
    texts = [r["text"] for r in load_corpus()]
    for code in SEED_CODES:
        doc = seed(code)
        texts += [doc.view.text[e.start:e.end] for e in doc.extraction.explanations]
    texts += ["", "区", "a区", "武昌区", "某区", "1区2县", "街道", "中心医院", "委员会", "x委员会", "武汉 市区", "区区区"]
    assert len(texts) > 300
    found = 0
    for text in texts:
        for t in (text, text.replace(" ", ""), text[:7], text[-5:]):
            assert bool(PLACE_ORG_ENDING.search(t)) == bool(PLACE_ORG.search(t)), t
            found += PLACE_ORG.search(t) is not None
    assert found > 50
