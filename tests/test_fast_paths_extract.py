"""Fast paths of extraction, facts and classification give exactly what the plain paths give."""

import random
from pathlib import Path

import pytest

from checker.extract.recognizer import Trigger
from checker.extract.recognizers import RECOGNIZERS

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))
TRIGGERED = [p for r in RECOGNIZERS for p in r.PATTERNS if p.follow is not None]


def _seed_views() -> list[str]:
    from checker.readers import read_document

    return [read_document(f).view.text for f in SEEDS]


def _random_texts(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    alphabet = list("0123456789０１２.,，-%％﹪ \n\t年月个元万千亿m²2㎡平方米人次台（套）()日项-/") + \
        ["万元", "百分点", "2023年", "个月", "千米", "课时"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _seed_views() + _random_texts(3000)


def test_when_a_pattern_is_triggered_then_it_finds_what_finditer_finds(texts):
    assert TRIGGERED, "no pattern declares follow characters"
    for text in texts:
        trigger = Trigger(text)
        for p in TRIGGERED:
            assert [m.span() for m in trigger.finditer(p)] == [m.span() for m in p.regex.finditer(text)], (p.name, text)


def test_when_recognizers_get_a_trigger_then_their_hits_are_unchanged(texts):
    for text in texts:
        trigger = Trigger(text)
        for r in RECOGNIZERS:
            assert r.analyze(text, trigger) == r.analyze(text), (type(r).__name__, text)
