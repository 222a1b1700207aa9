"""The extractor scored against the hand-checked gold set (corpora/gold/)."""

from pathlib import Path

from checker.extract.scoring import score

ROOT = Path(__file__).resolve().parents[2]


def test_extraction_meets_the_gold_targets(capsys):
    s = score(ROOT / "corpora" / "seeds", ROOT / "corpora" / "gold")
    with capsys.disabled():
        print("\n[gold] " + s.summary())
    assert s.gold_mentions >= 300
    assert s.recall >= 0.99, s.missed
    assert s.role_accuracy >= 0.95, s.role_errors
    assert s.subject_accuracy >= 0.95, s.subject_errors
    assert s.reason_recall >= 0.95, s.reasons_missed
