"""Fast paths of extraction, facts and classification give exactly what the plain paths give."""

import random
from pathlib import Path

import pytest

from checker.extract.recognizer import Trigger
from checker.extract.recognizers import RECOGNIZERS

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))
TRIGGERED = [p for r in RECOGNIZERS for p in r.PATTERNS if p.follow is not None or p.separated]


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
            fast, plain = list(trigger.finditer(p)), list(p.regex.finditer(text))
            if p.separated:  # only the numbers written with a separator are wanted; others may be left out
                assert {m.span() for m in fast} <= {m.span() for m in plain}, (p.name, text)
                fast, plain = ([m for m in ms if any(c in m.group("num") for c in ".,")] for ms in (fast, plain))
            assert [m.span() for m in fast] == [m.span() for m in plain], (p.name, text)


def test_when_recognizers_get_a_trigger_then_their_hits_are_unchanged(texts):
    for text in texts:
        trigger = Trigger(text)
        for r in RECOGNIZERS:
            assert r.analyze(text, trigger) == r.analyze(text), (type(r).__name__, text)


def _plain_alias_pattern():
    """The alias pattern as it was: every alias tried in turn, longest first."""
    import re

    from checker.extract.subjects import _aliases

    return re.compile("|".join(re.escape(a).replace("（", "[（(]").replace("）", "[）)]") for a, _ in _aliases()))


def test_when_aliases_are_a_trie_then_the_longest_alias_still_wins(texts):
    from checker.extract.subjects import _alias_pattern, _aliases

    aliases = [a for a, _ in _aliases()]
    rnd = random.Random(2)
    glued = ["".join(rnd.choice(aliases)[: rnd.randint(1, 8)] for _ in range(6)).replace("（", rnd.choice("（(")) for _ in range(2000)]
    plain = _plain_alias_pattern()
    for text in texts[:5] + glued + aliases:
        assert [m.span() for m in _alias_pattern().finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_when_project_heads_are_searched_by_line_then_the_names_are_unchanged():
    from checker.extract.subjects import PROJECT_HEAD, _project_heads

    rnd = random.Random(3)
    pieces = ["自评综述", "绩效自评综述", "绩效自评情况", "绩效评价情况", "\n", "\n  \n", "。", "；", " ", "1.", "（2）",
              "办公", "项目", "“", "”", "维修", "经费", "12"]
    texts = _seed_views() + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25))) for _ in range(3000)]
    for text in texts:
        assert [m.span("name") for m in _project_heads(text)] == [m.span("name") for m in PROJECT_HEAD.finditer(text)], text
