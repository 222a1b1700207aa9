"""The explanation classifier: character and jieba-word n-grams plus meaningful hand features, into a
multinomial logistic regression over the four subtypes (specific_cause / generic / restatement /
residue). ``substantive`` is the specific_cause class; its probability is reported.

The fitted pipeline ships in ``checker/data/explanation_model.joblib`` (``checker train`` rebuilds it
from ``corpora/explanations/``). A file written by another scikit-learn version is not trusted: the
model is then refitted from the corpus in memory, which takes about a second.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from checker.explain.features import describe, hand_features

SUBTYPES = ("specific_cause", "generic", "restatement", "residue")
LABEL_OF = {"specific_cause": "substantive", "generic": "boilerplate", "restatement": "boilerplate", "residue": "boilerplate"}
ROOT = Path(__file__).resolve().parent.parent.parent
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "explanation_model.joblib"
CORPUS = ROOT / "corpora" / "explanations"


SPACE = regex.compile(r"\s")
DIGIT = regex.compile(r"\d")


def _normalise(text: str) -> str:
    """Digits collapse to 0 so that n-grams generalise over amounts and years."""
    return DIGIT.sub("0", SPACE.sub("", text))


@lru_cache(maxsize=1)
def _segmenter():
    """A jieba tokenizer of our own: words added to jieba's global dictionary elsewhere (the spaCy
    pipeline adds subject names) must not change what the classifier sees."""
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def _jieba_words(text: str) -> list[str]:
    return [w for w in _segmenter().lcut(text) if w.strip()]


def _texts(records):
    return [_normalise(r["text"]) for r in records]


def _hand(records):
    return [hand_features(r["text"], r.get("subject", ""), r.get("doc_frequency", 1)) for r in records]


def build_pipeline():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    features = FeatureUnion([
        ("char", Pipeline([("text", FunctionTransformer(_texts)),
                           ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True))])),
        ("word", Pipeline([("text", FunctionTransformer(_texts)),
                           ("tfidf", TfidfVectorizer(tokenizer=_jieba_words, token_pattern=None, lowercase=False,
                                                     ngram_range=(1, 2), min_df=2, sublinear_tf=True))])),
        ("hand", Pipeline([("dicts", FunctionTransformer(_hand)), ("vec", DictVectorizer())])),
    ])
    clf = LogisticRegression(C=4.0, max_iter=5000, class_weight="balanced", random_state=0)
    return Pipeline([("features", features), ("clf", clf)])


def load_corpus(include_authored: bool = True) -> list[dict]:
    rows = []
    for name in ("labels.jsonl",) + (("authored.jsonl",) if include_authored else ()):
        path = CORPUS / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row.setdefault("authored", name == "authored.jsonl")
                rows.append(row)
    return rows


def fit(records: list[dict]):
    pipe = build_pipeline()
    pipe.fit(records, [r["subtype"] for r in records])
    return pipe


def train(path: Path = MODEL_PATH) -> dict:
    """Fit on every labelled example (seed and authored) and save; returns a small summary."""
    import joblib
    import sklearn

    records = load_corpus()
    if not records:
        raise FileNotFoundError(f"no labelled explanations in {CORPUS}")
    pipe = fit(records)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"sklearn": sklearn.__version__, "pipeline": pipe}, path, compress=3)
    return {"examples": len(records), "path": str(path), "bytes": path.stat().st_size}


@lru_cache(maxsize=1)
def load():
    import joblib
    import sklearn

    if MODEL_PATH.exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                saved = joblib.load(MODEL_PATH)
            except Exception:  # an unreadable or foreign pickle: refit below
                saved = None
        if saved and saved.get("sklearn") == sklearn.__version__:
            return saved["pipeline"]
    return fit(load_corpus())


@dataclass
class Verdict:
    label: str  # substantive | boilerplate
    subtype: str
    probability: float  # probability of the label given
    reasons: list[str]

    def to_dict(self) -> dict:
        return {"label": self.label, "subtype": self.subtype, "probability": round(self.probability, 3),
                "reasons": self.reasons}


def explain_one(pipe, record: dict, top: int = 3) -> Verdict:
    return explain_many(pipe, [record], top)[0]


def explain_many(pipe, records: list[dict], top: int = 3) -> list[Verdict]:
    """Verdicts for many reasons at once: one feature transform for the lot."""
    if not records:
        return []
    union = pipe.named_steps["features"]
    clf = pipe.named_steps["clf"]
    x = union.transform(records).tocsr()
    probas = clf.predict_proba(x)
    classes = [str(c) for c in clf.classes_]
    names = _feature_names(pipe)
    out = []
    for i, record in enumerate(records):
        proba = probas[i]
        k = int(np.argmax(proba))
        subtype = classes[k]
        label = LABEL_OF[subtype]
        p_sub = float(proba[classes.index("specific_cause")]) if "specific_cause" in classes else 0.0
        probability = p_sub if label == "substantive" else 1.0 - p_sub
        out.append(Verdict(label, subtype, probability, _why(pipe, record, k, top, x[i], names)))
    return out


def _feature_names(pipe) -> list[str]:
    cached = getattr(pipe, "_checker_feature_names", None)
    if cached is None:
        cached = []
        for name, trans in pipe.named_steps["features"].transformer_list:
            last = trans.steps[-1][1]
            prefix = {"char": "char:", "word": "word:", "hand": ""}[name]
            cached += [prefix + str(n) for n in last.get_feature_names_out()]
        pipe._checker_feature_names = cached
    return cached


def _why(pipe, record, k: int, top: int, row, names) -> list[str]:
    """The features that pushed the decision most toward the predicted subtype, in plain Chinese."""
    clf = pipe.named_steps["clf"]
    coef = clf.coef_[k] if clf.coef_.shape[0] > 1 else (clf.coef_[0] if k == 1 else -clf.coef_[0])
    contrib = []
    for j, v in zip(row.indices, row.data):
        c = coef[j] * v
        if c > 0:
            contrib.append((c, names[j]))
    contrib.sort(reverse=True)
    out: list[str] = []
    substantive = str(clf.classes_[k]) == "specific_cause"
    has_generic = any(n == "generic_hits" for _, n in contrib)
    # hand features speak the reviewer's language: prefer them, then the strongest n-grams; a reason
    # is only given in the direction of the verdict (a generic phrase never "explains" a substantive label)
    for _, n in [c for c in contrib if not n_is_ngram(c[1])] + [c for c in contrib if n_is_ngram(c[1])]:
        if not n_is_ngram(n) and (n in BOILERPLATE_SIDE or n.startswith("phrase:")) == substantive:
            continue
        d = describe(n)
        if n == "generic_hits":
            from checker.explain.features import boilerplate_phrases
            found = [p for p in boilerplate_phrases() if p in record["text"]][:3]
            d = "使用套话" + "、".join(f"“{p}”" for p in found) if found else d
        if n.startswith("phrase:") and has_generic:
            continue  # the phrases are named together under generic_hits
        if n_is_ngram(n):
            gram = n.split(":", 1)[1].replace(" ", "")
            if len(regex.findall(r"\p{Han}", gram)) < 2:
                continue  # a single character or punctuation tells a reviewer nothing
            d = f"含有“{gram}”"
        if d not in out:
            out.append(d)
        if len(out) == top:
            break
    return out


BOILERPLATE_SIDE = {"generic_hits", "generic_share", "restatement", "residue", "short", "no_specifics", "doc_frequency"}


def n_is_ngram(name: str) -> bool:
    return name.startswith(("char:", "word:"))
