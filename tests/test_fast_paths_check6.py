"""Fast paths of checking one document (session 6): each compared with the plain computation it replaces,
on the seeds and on edge cases."""

import random
from pathlib import Path

import pytest

from checker.statements import sentence_spans, sentence_spans_plain

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_docs():
    from checker.readers import read_document

    return [read_document(f) for f in SEEDS]


def _random_texts(n: int, seed: int) -> list[str]:
    """Texts of sentence ends, line breaks, blanks of every kind (str.strip's, \\x1c included) and words."""
    rnd = random.Random(seed)
    pieces = list("。！？!?\n\n ") + ["\u3000", "\t", "\x1c", "\u00a0", "\r", "\f", "收入", "a", "1.5", "：", "，"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


EDGE_TEXTS = ["", "。", "\n", "\n\n", "  \n", "a", "a。", "a。\n", "a。\n\nb", "\u3000\n", "x！？", "。  ",
              "\x1c\n。", "末尾没有句号", "一。\n  \n二！\n三?", "\n\n末尾\n"]


def test_when_sentences_are_split_at_once_then_the_spans_are_the_plain_ones(seed_docs):
    texts = [d.view.text for d in seed_docs] + EDGE_TEXTS + _random_texts(3000, 6)
    for text in texts:
        assert sentence_spans(text) == sentence_spans_plain(text), repr(text[:80])
    assert any(len(sentence_spans(d.view.text)) > 100 for d in seed_docs)  # the seeds do have sentences


def test_when_sentences_are_built_then_each_holds_the_mentions_starting_in_it(seed_docs):
    for doc in seed_docs:
        sentences = doc.sentences
        assert [(s.start, s.end) for s in sentences] == sentence_spans_plain(doc.view.text)
        for mention in doc.extraction.mentions:
            holding = [s for s in sentences if s.start <= mention.start]
            held = [s for s in sentences if any(m is mention for m in s.mentions)]
            assert held == holding[-1:]
