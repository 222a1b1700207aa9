"""X001's facts of one document read only the sentences figure_sentences gives for change amounts and
prior-year amounts: they must be every sentence in which ``Sentence.of`` finds one, in order, each with its
own index (A001's ``_current`` looks back from that index)."""

from __future__ import annotations

from checker.pipeline import check_path
from checker.rules.batch.X001 import year_facts
from checker.statements import figure_sentences, sentences
from conftest import SEEDS


def test_figure_sentences_are_every_sentence_with_a_change_or_prior_amount():
    seen = 0
    for code in sorted(SEEDS):
        doc = check_path(SEEDS[code]).document
        ss = sentences(doc)
        plain = [(i, s) for i, s in enumerate(ss)
                 if s.of("change_amount", types=("money",)) or s.of("prior", types=("money",))]
        fast = figure_sentences(doc, ("change_amount", "money"), ("prior", "money"))
        assert [i for i, _ in fast] == [i for i, _ in plain]
        assert all(s is ss[i] for i, s in fast)
        seen += len(fast)
        assert isinstance(year_facts(doc)["statements"], list)
    assert seen > 10  # the seeds do state changes and prior-year figures
