"""Fast paths of the extraction, classification, facts and tables stages (helper extract3), each
compared with the plain path it replaces."""

from __future__ import annotations


import pytest

from checker.explain import model
from test_fast_paths_extract import plain_reasons


def _reason_texts() -> list[str]:
    texts = [row["text"] for row in model.load_corpus()]
    return texts + ["", "，", "  ", "2023年增加12.5万元，主要原因是新增3辆车。", "abc 中文 def；（一）测试%", "\n\t主要是"]


def test_cut_block_by_block_is_jiebas_cut():
    """Cutting a text piece by piece (shared pieces cut once) gives jieba's words of the whole text."""
    seg = model._segmenter()
    texts = _reason_texts()
    assert len(texts) > 100
    for text in texts:
        for t in (text, model._normalise(text)):
            assert model._cut(t) == tuple(w for w in seg.lcut(t) if w.strip()), t


def _why_plain(pipe, record, k, top, indices, values):
    """The reasons of a verdict as _why gave them before the partial sort: every positive feature sorted."""
    clf = pipe.named_steps["clf"]
    coef = clf.coef_[k] if clf.coef_.shape[0] > 1 else (clf.coef_[0] if k == 1 else -clf.coef_[0])
    names = model._feature_names(pipe)
    c = coef[indices] * values
    up = c > 0
    contrib = sorted(zip(c[up].tolist(), [names[j] for j in indices[up].tolist()]), reverse=True)
    return plain_reasons(contrib, record, str(clf.classes_[k]) == "specific_cause", top)


@pytest.mark.parametrize("top", [1, 3, 40])
def test_why_partial_sort_is_the_full_sort(top):
    """The verdict's reasons (n-grams ranked by a partial sort) are those of sorting every positive feature,
    for every subtype's side (not only the predicted one) and for as many reasons as there are."""
    import numpy as np

    pipe = model.load()
    records = [{"text": t, "subject": "", "doc_frequency": 1} for t in _reason_texts()[:400]]
    x = model.transform(pipe, records)
    for i, record in enumerate(records):
        row = slice(x.indptr[i], x.indptr[i + 1])
        for k in range(len(pipe.named_steps["clf"].classes_)):
            args = (pipe, record, k, top, x.indices[row], x.data[row])
            assert model._why(*args) == _why_plain(*args)


def test_descending_keeps_ties_in_sorted_order():
    import numpy as np

    names = [f"char:{c}" for c in "abcdefghijklmnopqrstuvwxyz"]
    c = np.array([1.0, 2.0, 2.0, 2.0, 0.5] * 5 + [2.0])
    columns = np.arange(len(c))
    plain = sorted(zip(c.tolist(), [names[j] for j in columns.tolist()]), reverse=True)
    for first in range(1, 30):
        assert list(model._descending(c, columns, names, first)) == plain


def test_department_line_filters_change_no_fact(monkeypatch):
    """The department patterns tried only on the lines holding their words and label (部门：) find what
    trying every pattern on every candidate line finds."""
    from pathlib import Path

    import checker.facts as facts
    from checker.document import Document

    seeds = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))
    docs = [Document.from_text(f.name, "text", f.read_text(encoding="utf-8")) for f in seeds]
    docs += [Document.from_text("t.txt", "text", t) for t in (
        "编制部门：某某局\t金额单位：万元\n", "部门:某某中心 单位：万元", "部门 某某局\n部门：\n某某局",
        "第一部分 某某局概况\n纳入某某局2023年度部门决算编制范围的单位", "从单位构成看，某某局部门决算由本级构成")]
    fast = [(facts._department(d.view.text), facts.find_facts(d).kind) for d in docs]
    monkeypatch.setattr(facts, "_PATTERN_TAILS", {})
    monkeypatch.setattr(facts, "_PATTERN_WORDS", {k: () for k in facts._PATTERN_WORDS})
    assert fast == [(facts._department(d.view.text), facts.find_facts(d).kind) for d in docs]
    assert any(f.value for f, _ in fast)


def test_verdicts_without_sklearn_checks_are_those_with_them():
    """explain_many skips scikit-learn's argument and finiteness checks: the probabilities are those of the
    fitted pipeline's own transform and predict_proba, run with every check."""
    import numpy as np

    pipe = model.load()
    records = [{"text": t, "subject": "", "doc_frequency": 1} for t in _reason_texts()[:300]]
    verdicts = model.explain_many(pipe, records)
    probas = pipe.predict_proba(records)
    classes = [str(c) for c in pipe.named_steps["clf"].classes_]
    for v, p in zip(verdicts, probas):
        k = int(np.argmax(p))
        assert v.subtype == classes[k]
        p_sub = float(p[classes.index("specific_cause")])
        assert v.probability == (p_sub if v.label == "substantive" else 1.0 - p_sub)


def test_residue_alternation_finds_what_the_patterns_find():
    """hand_features asks one alternation of R001's residue patterns: it occurs in a text exactly when one
    of the patterns does (texts: the explanation corpus, every line of the seeds, template residue)."""
    from pathlib import Path

    import regex

    from checker.explain.features import _any_of, _residue_found
    from checker.rules.narrative.R001 import residue_patterns

    patterns = residue_patterns()
    assert _any_of(patterns) is not None
    seeds = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))
    texts = _reason_texts() + [line for f in seeds for line in f.read_text(encoding="utf-8").splitlines()]
    texts += ["增加(减少)", "大（小）于", "XX部门", "为万元，", "主要用于主要用于", "，，", "单位 为万元。", "（请根据实际情况填列）"]
    found = 0
    for t in texts:
        plain = any(p.search(t) for _, p in patterns)
        assert _residue_found(t, patterns) == plain, t
        found += plain
    assert found > 10
    # patterns an alternation could misread are asked one by one
    assert _any_of((("a", regex.compile(r"(x)\1")), ("b", regex.compile("y")))) is None
    assert _any_of((("a", regex.compile(r"(?P<w>x)")), ("b", regex.compile("(?P<w>y)")))) is None
