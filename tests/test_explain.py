"""The explanation classifier: loads, labels clear cases, is deterministic, says why, beats the baseline."""

import regex
import pytest

from checker.explain import model
from checker.explain.evaluate import baseline, leave_one_document_out
from checker.explain.model import explain_one, fit, load, load_corpus

CLEAR = [
    ("主要原因是2024年新增社区养老服务驿站建设项目，支出86.5万元。", "substantive", "specific_cause"),
    ("主要是补缴了2022年12月机关事业单位职业年金32.17万元。", "substantive", "specific_cause"),
    ("人员减少、支出压降。", "boilerplate", "generic"),
    ("落实过紧日子要求，压减经费。", "boilerplate", "generic"),
    ("主要用于机关单位医疗支出。", "boilerplate", "restatement"),
    ("支出决算数等于年初预算数。", "boilerplate", "restatement"),
    ("(具体增减原因由部门单位根据实际情况填列)", "boilerplate", "residue"),
]


@pytest.fixture(scope="module")
def pipe():
    return load()


@pytest.mark.parametrize("text,label,subtype", CLEAR)
def test_clear_cases_get_their_label_and_subtype(pipe, text, label, subtype):
    v = explain_one(pipe, {"text": text})
    assert (v.label, v.subtype) == (label, subtype)
    assert 0.5 < v.probability <= 1.0


def test_prediction_and_training_are_deterministic(pipe):
    records = [{"text": t} for t, _, _ in CLEAR]
    first = [explain_one(pipe, r).to_dict() for r in records]
    assert first == [explain_one(pipe, r).to_dict() for r in records]
    refit = fit(load_corpus())
    assert [explain_one(refit, r).to_dict() for r in records] == first


def test_why_names_real_features_of_the_text(pipe):
    v = explain_one(pipe, {"text": "人员减少、支出压降。"})
    assert any(r.startswith("使用套话") and "“人员减少”" in r and "“支出压降”" in r for r in v.reasons), v.reasons
    v = explain_one(pipe, {"text": "主要原因是2024年新增社区养老服务驿站建设项目，支出86.5万元。"})
    assert "给出了具体金额" in v.reasons
    assert not any(r.startswith("使用套话") for r in v.reasons)
    for text, _, _ in CLEAR:
        for reason in explain_one(pipe, {"text": text}).reasons:
            quoted = regex.match(r"^含有“(.+)”$", reason)
            if quoted:  # an n-gram reason quotes text that is really there (digits stand for any digit)
                assert regex.sub(r"\d", "0", quoted.group(1).replace(" ", "")) in regex.sub(r"\d", "0", text)


def test_model_beats_the_lexicon_baseline_leave_one_document_out(capsys):
    r = leave_one_document_out()
    with capsys.disabled():
        print(f"\n[classifier] LODO over {r['examples']} seed explanations: model accuracy {r['model']['accuracy']:.1%} "
              f"macro-F1 {r['model']['macro_f1']:.3f}; baseline accuracy {r['baseline']['accuracy']:.1%} "
              f"macro-F1 {r['baseline']['macro_f1']:.3f}")
    assert r["examples"] >= 100 and r["documents"] == 5
    assert r["model"]["macro_f1"] > r["baseline"]["macro_f1"]
    assert r["model"]["accuracy"] > r["baseline"]["accuracy"]


def test_baseline_reads_lexicon_hits_only():
    assert baseline({"text": "人员减少、支出压降。"}) == "boilerplate"
    assert baseline({"text": "新增办公用房维修项目71.8万元。"}) == "substantive"


def test_a_model_file_from_another_version_is_refitted(monkeypatch, tmp_path):
    monkeypatch.setattr(model, "MODEL_PATH", tmp_path / "missing.joblib")
    model.load.cache_clear()
    try:
        pipe = model.load()
        assert explain_one(pipe, {"text": "人员减少、支出压降。"}).label == "boilerplate"
    finally:
        model.load.cache_clear()


def test_authored_examples_are_marked_and_never_scored():
    rows = load_corpus()
    authored = [r for r in rows if r.get("authored")]
    assert authored and all(r["id"].startswith("a-") for r in authored)
    seed = [r for r in rows if not r.get("authored")]
    assert not {r["text"] for r in authored} & {r["text"] for r in seed}
