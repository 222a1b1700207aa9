"""Leave-one-document-out evaluation of the explanation classifier against a lexicon-only baseline.

Only real seed explanations are scored; authored examples are used for training only.
"""

from __future__ import annotations

from checker.explain.features import hand_features
from checker.explain.model import LABEL_OF, fit, load_corpus


def baseline(record: dict) -> str:
    """Lexicon hits only: boilerplate when a generic phrase, a restatement cue or residue is found."""
    f = hand_features(record["text"], record.get("subject", ""))
    return "boilerplate" if (f["generic_hits"] > 0 or f["restatement"] or f["residue"]) else "substantive"


def leave_one_document_out() -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    rows = load_corpus()
    seed = [r for r in rows if not r.get("authored")]
    authored = [r for r in rows if r.get("authored")]
    docs = sorted({r["doc"] for r in seed})
    y_true, y_model, y_base, per_doc = [], [], [], {}
    for d in docs:
        train = [r for r in seed if r["doc"] != d] + authored
        test = [r for r in seed if r["doc"] == d]
        if not test:
            continue
        pipe = fit(train)
        pred = [LABEL_OF[s] for s in pipe.predict(test)]
        truth = [r["label"] for r in test]
        base = [baseline(r) for r in test]
        per_doc[d] = {"n": len(test), "model_accuracy": accuracy_score(truth, pred),
                      "baseline_accuracy": accuracy_score(truth, base)}
        y_true += truth
        y_model += pred
        y_base += base
    return {
        "examples": len(y_true), "documents": len(per_doc),
        "model": {"accuracy": accuracy_score(y_true, y_model), "macro_f1": f1_score(y_true, y_model, average="macro")},
        "baseline": {"accuracy": accuracy_score(y_true, y_base), "macro_f1": f1_score(y_true, y_base, average="macro")},
        "per_document": per_doc,
    }
