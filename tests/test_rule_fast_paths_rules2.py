"""Fast paths of speed round 2 (rules and the explanation classifier) give exactly what the plain
computations they replace give, on the seeds, the rule cases and made-up edge cases."""

from __future__ import annotations

from tests.test_rule_fast_paths import FORM, SEED_CODES, case_texts, form_variants, text_doc

# a form without a score column: its rows are never read, only its block headers (年度…目标) are
UNSCORED = """整体绩效自评表（2023年度）
预算执行情况（20分）
预算数\t执行数\t执行率
100\t100\t100%
年度总目标（80分）
一级指标\t二级指标\t三级指标\t指标值\t完成值
产出指标\t数量指标\t培训人次\t≥ 100 人次\t120 人次\t10
项目年度目标 2（30分）
产出指标\t质量指标\t合格率\t≥90%\t95%\t12
偏差原因分析：无
"""


def unscored_variants() -> list[str]:
    """Forms whose 得分 column is missing or only above the budget row, with block headers spelt with
    blanks, full-width digits and a zero-width character (folding then moves offsets)."""
    no_scores = FORM.replace("\t得分", "").replace("总分：92\n", "")
    return [UNSCORED, UNSCORED.replace("项目年度目标 2（30分）", "年度\u3000目标（３０分）"),
            UNSCORED.replace("年度总目标", "年\u200b度总目标"), UNSCORED.replace("预算数", "得分预算数"),
            no_scores, no_scores.replace("年度总目标", "\t 年度总目标"), "整体绩效自评表\n年度\n得分\n年度目标（1分）\n"]


def test_forms_without_a_score_column_read_alike_fast_and_plain(seed):
    from checker.rules.narrative._performance import _read_forms
    docs = [seed(code) for code in SEED_CODES]
    docs += [text_doc(t) for t in case_texts("P002", "P003") + form_variants() + unscored_variants()]
    blocks = unscored = 0
    for doc in docs:
        fast = _read_forms(doc)
        assert fast == _read_forms(doc, fast=False)
        blocks += sum(len(f.blocks) for f in fast if not f.rows)
        unscored += sum(1 for f in fast if not f.rows)
    assert unscored >= 5 and blocks >= 5  # the unscored forms and their blocks are there indeed


def test_reasons_count_once_without_batch_frequencies(seed):
    from checker.explain.classify import _classify
    from checker.explain.model import load
    pipe = load()
    docs = [seed(code) for code in SEED_CODES]
    for doc in docs:
        alone = _classify(doc, None)
        vars(pipe).pop("_checker_verdicts", None)
        assert _classify(doc, {}) == alone
        text = doc.view.text
        from checker.explain.classify import normalised_reason
        ones = {normalised_reason(text[e.start:e.end]): 1 for e in doc.extraction.explanations}
        assert _classify(doc, ones) == alone
    assert sum(len(doc.extraction.explanations) for doc in docs) > 50


def seed_records(seed) -> list[dict]:
    records = []
    for code in SEED_CODES:
        doc = seed(code)
        records += [{"text": doc.view.text[e.start:e.end], "subject": e.subject} for e in doc.extraction.explanations]
    return records


def test_normalised_reasons_are_translated_only_when_something_changes(seed):
    from checker.extract.subjects import _aliases
    from checker.rules.explanations.V002 import FULL_WIDTH, SPACES, _norm
    texts = [r["text"] for r in seed_records(seed)] + [a for a, _ in _aliases()]
    texts += ["", " ", "a,b", "（1）(2)", "主要原因是:人员增加;经费减少", ",;:()", "\u3000，；：（）", "()" * 1000, "𝄞(x)"]
    changed = 0
    for text in texts:
        plain = SPACES.sub("", text).translate(FULL_WIDTH)
        assert _norm(text) == plain
        changed += plain != SPACES.sub("", text)
    assert len(texts) > 300 and changed >= 5


def test_generic_share_is_the_one_measured_in_full(seed):
    import checker.explain.features as features
    texts = [r["text"] for r in seed_records(seed)]
    texts += ["", "。", "12,345", "主要原因是人员增加", "按政策规定" * 30, "无", "XX万元", "（）", "\u3000", "𝄞按规定"]
    fast = [features.hand_features(t, "基本支出", 2) for t in texts]
    # the share as it was measured for every text
    plain_share = [min(1.0, sum(len(p) for p in features.boilerplate_phrases() if p in features.BLANK.sub("", t))
                       / max(1, len(features.PUNCT_OR_DIGIT.sub("", features.BLANK.sub("", t))))) for t in texts]
    assert [f["generic_share"] for f in fast] == plain_share
    assert all(type(f["generic_share"]) is float for f in fast)
    assert sum(1 for s in plain_share if s == 0) > 20 and sum(1 for s in plain_share if s > 0) > 5


def test_named_share_totals_are_the_last_matching_amounts(seed):
    """The total a share names (占本年支出的) is found backwards from the share: the last of the matching
    amounts before it, as filtering every amount before it gives."""
    from checker.extract.subjects import find_subject_spans
    from checker.rules.narrative._shares import _amounts_before, _share_total, denominator_word
    docs = [seed(code) for code in SEED_CODES] + [text_doc(t) for t in case_texts("A003", "A005")]
    named_shares = found = 0
    for doc in docs:
        for sh in doc.extraction.mentions:
            if sh.type != "percent":
                continue
            for named in {denominator_word(sh), "本年支出", "基本支出", "不存在的科目", "支出"} - {""}:
                wanted = {s.subject for s in find_subject_spans(named)} or {named}
                before = [m for m in _amounts_before(doc, sh.start)
                          if any(m.subject == w or m.subject.endswith(w) for w in wanted)]
                plain = before[-1] if before else None
                if plain is not None and plain.value <= 0:
                    plain = None
                assert _share_total(doc, sh, None, named) is plain
                named_shares += 1
                found += plain is not None
    assert named_shares > 300 and found > 100
