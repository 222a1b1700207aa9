"""Fast paths of classification and extraction (second pass) give exactly what the plain paths give."""

import json
import random
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))


def _reasons() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpora" / "explanations").glob("*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def _random_han(n: int, seed: int = 5) -> list[str]:
    """Texts glued from pieces of real reasons, Latin letters, digits and punctuation."""
    rnd = random.Random(seed)
    pieces = [r[i:i + rnd.randint(1, 6)] for r in _reasons() for i in range(0, len(r), 5)]
    pieces += list("abcXYZ0123456789.%-_+#&，。、 \n（）") + ["2023年", "万元", "3.5%", "A-1"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(n)]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    rnd = random.Random(6)
    texts = _reasons() + _random_han(400, seed=7)
    subjects = ["", "基本支出", "一般公共服务支出", "机关运行"]
    return [{"text": t, "subject": rnd.choice(subjects), "doc_frequency": rnd.randint(1, 4)} for t in texts]


def test_when_features_are_built_directly_then_the_rows_are_the_unions(records):
    from checker.explain.model import load, transform

    pipe = load()
    fast = transform(pipe, records)
    slow = pipe.named_steps["features"].transform(records).tocsr()
    assert np.array_equal(fast.indptr, slow.indptr)
    assert np.array_equal(fast.indices, slow.indices)
    assert np.array_equal(fast.data, slow.data)
    clf = pipe.named_steps["clf"]
    assert np.array_equal(clf.predict_proba(fast), clf.predict_proba(slow))


def test_when_word_counts_are_direct_then_they_are_the_vectorizers(records):
    from checker.explain.model import _texts, _union_parts, _word_counts, load

    _, word, _ = _union_parts(load().named_steps["features"])
    texts = _texts(records)
    fast = _word_counts(word, texts)
    slow = word._count_vocab(texts, fixed_vocab=True)[1].tocsr()
    assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
    assert np.array_equal(fast.data, slow.data) and fast.dtype == slow.dtype


def test_when_hand_rows_are_direct_then_they_are_the_dict_vectorizers(records):
    from checker.explain.model import _hand, _hand_rows, _union_parts, load

    _, _, hand = _union_parts(load().named_steps["features"])
    rows = _hand(records) + [{"short": 0.0, "unknown feature": 1.0}, {}]
    fast, slow = _hand_rows(hand, rows), hand.transform(rows).tocsr()
    assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
    assert np.array_equal(fast.data, slow.data)


def _numeral_texts(n: int, seed: int = 8) -> list[str]:
    """Texts of digits, separators, Chinese numerals, 元 and the characters around phone numbers and codes."""
    rnd = random.Random(seed)
    alphabet = list("0123456789012345678901301234５.,，-/%％ \n元万千亿点零〇一二两三四五六七八九十百年月日（）电话(") + \
        ["万元", "亿元", "千元", "三千四百万元", "2010301", "20103", "0731-8888888", "13912345678", "2023-07-24", "2023.7.1",
         "85123456", "201", "301", "١٢٣"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


@pytest.fixture(scope="module")
def numeral_texts() -> list[str]:
    from checker.readers import read_document

    return [read_document(f).view.text for f in SEEDS] + _numeral_texts(4000)


def test_when_a_pattern_is_triggered_by_runs_then_it_finds_what_finditer_finds(numeral_texts):
    from checker.extract.recognizer import Trigger
    from checker.extract.recognizers import RECOGNIZERS

    patterns = [p for r in RECOGNIZERS for p in r.PATTERNS if p.runs or p.stop_run]
    assert {p.name for p in patterns} >= {"landline", "mobile", "classification_code", "iso", "chinese_numeral_amount"}
    for text in numeral_texts:
        trigger = Trigger(text)
        for p in patterns:
            assert [m.span() for m in trigger.finditer(p)] == [m.span() for m in p.regex.finditer(text)], (p.name, text)


def test_when_recognizers_are_triggered_by_runs_then_their_hits_are_unchanged(numeral_texts):
    from checker.extract.recognizer import Trigger
    from checker.extract.recognizers import RECOGNIZERS

    for text in numeral_texts:
        trigger = Trigger(text)
        for r in RECOGNIZERS:
            assert r.analyze(text, trigger) == r.analyze(text), (type(r).__name__, text)


def test_when_path_runs_are_found_from_lei_then_the_matches_are_paths():
    from checker.extract.subjects import PATH, _path_matches
    from checker.readers import read_document

    rnd = random.Random(9)
    pieces = ["一般公共服务", "支出", "类", "（类）", "(类)", "款", "（款）", "项", "（项）", "、", " ", "\n", "行政运行", "，",
              "2010301", "社会保障和就业", "（", "）", "类类", "机关服务"]
    texts = [read_document(f).view.text for f in SEEDS]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(4000)]
    for text in texts:
        assert [m.span() for m in _path_matches(text)] == [m.span() for m in PATH.finditer(text)], text
