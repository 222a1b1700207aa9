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
from itertools import chain
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
HAN = regex.compile(r"\p{Han}")


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


@lru_cache(maxsize=16384)
def _cut(text: str) -> tuple[str, ...]:
    """jieba's words of ``text``, remembered: the same reasons recur across the documents of a batch.

    jieba cuts a text block by block — it splits the text with its own ``re_han_default`` pattern
    and segments each piece on its own — so the words of ``text`` are those of its pieces, one after
    the other. Each piece is cut once (:func:`_cut_block`): the reasons of one document share many
    ("主要原因是", "较上年增加"), which saves about a third of the text jieba is given."""
    import jieba

    words: list[str] = []
    for block in jieba.re_han_default.split(text):
        if block:
            words += _cut_block(block)
    return tuple(words)


@lru_cache(maxsize=16384)
def _cut_block(block: str) -> tuple[str, ...]:
    """jieba's words (blanks left out) of one piece of a text as jieba splits it (see :func:`_cut`)."""
    return tuple(w for w in _segmenter().lcut(block) if w.strip())


def _jieba_words(text: str) -> list[str]:
    return list(_cut(text))


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
    import sklearn

    clf = pipe.named_steps["clf"]
    # our own rows of finite counts: scikit-learn's checks of arguments and of finiteness can be skipped
    with sklearn.config_context(skip_parameter_validation=True, assume_finite=True):
        x = transform(pipe, records)
        probas = clf.predict_proba(x)
    classes = [str(c) for c in clf.classes_]
    out = []
    for i, record in enumerate(records):
        proba = probas[i]
        k = int(np.argmax(proba))
        subtype = classes[k]
        label = LABEL_OF[subtype]
        p_sub = float(proba[classes.index("specific_cause")]) if "specific_cause" in classes else 0.0
        probability = p_sub if label == "substantive" else 1.0 - p_sub
        row = slice(x.indptr[i], x.indptr[i + 1])
        out.append(Verdict(label, subtype, probability, _why(pipe, record, k, top, x.indices[row], x.data[row], clf)))
    return out


def transform(pipe, records: list[dict]):
    """The feature rows of ``records`` (CSR): what ``pipe``'s feature union gives, computed directly when the
    union is the one :func:`build_pipeline` makes (the character n-grams counted with numpy)."""
    from scipy import sparse

    union = pipe.named_steps["features"]
    parts = _union_parts(union)
    if parts is None:
        return union.transform(records).tocsr()
    char, word, hand = parts
    texts = _texts(records)
    xs = [char._tfidf.transform(_char_counts(char, texts), copy=False),
          word._tfidf.transform(_word_counts(word, texts), copy=False) if _plain_words(word) else word.transform(texts),
          _hand_rows(hand, _hand(records))]
    return sparse.hstack(xs).tocsr()


def _union_parts(union):
    """(char, word, hand) vectorizers of a union shaped as :func:`build_pipeline` shapes it, else None."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer

    steps = dict(union.transformer_list)
    if list(steps) != ["char", "word", "hand"] or union.transformer_weights is not None:
        return None
    texts = [steps[n].steps[0][1] for n in ("char", "word")] + [steps["hand"].steps[0][1]]
    funcs = [getattr(t, "func", None) for t in texts]
    if funcs != [_texts, _texts, _hand] or any(len(steps[n].steps) != 2 for n in steps) or \
            any(t.inverse_func is not None or t.validate or t.kw_args for t in texts):
        return None
    char, word, hand = (steps[n].steps[1][1] for n in ("char", "word", "hand"))
    if not (type(char) is TfidfVectorizer and char.analyzer == "char" and char.ngram_range == (1, 3)
            and char.input == "content" and char.preprocessor is None and char.strip_accents is None
            and not char.binary and type(word) is TfidfVectorizer and type(hand) is DictVectorizer):
        return None
    return char, word, hand


def _char_counts(vec, texts: list[str]):
    """The count matrix ``vec`` (a fitted character 1-3-gram vectorizer) makes of ``texts``, the n-grams
    looked up with numpy: characters are coded by their place in the vocabulary's alphabet, an n-gram
    by its characters' codes, and the vocabulary's n-grams are found by binary search."""
    from scipy import sparse

    table = _char_table(vec)
    alphabet, vocab_codes, vocab_columns, base = table
    preprocess = vec.build_preprocessor()
    docs = [vec._white_spaces.sub(" ", preprocess(t)) for t in texts]
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    points = np.frombuffer("".join(docs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    place = np.searchsorted(alphabet, points)
    place[place == len(alphabet)] = 0
    codes = np.where(alphabet[place] == points, place + 1, 0)  # 0: a character no n-gram of the vocabulary has
    doc_of = np.repeat(np.arange(len(docs)), lengths)
    rows, cols = [], []
    for n in (1, 2, 3):
        if len(codes) < n:
            break
        gram = np.zeros(len(codes) - n + 1, dtype=np.int64)
        known = np.ones(len(gram), dtype=bool)
        for i in range(n):
            part = codes[i:len(codes) - n + 1 + i]
            gram = gram * base + part
            known &= part > 0
        known &= doc_of[:len(gram)] == doc_of[n - 1:]  # the n-gram lies inside one text
        gram = gram[known] * 4 + n
        at = np.searchsorted(vocab_codes, gram)
        at[at == len(vocab_codes)] = 0
        found = vocab_codes[at] == gram
        rows.append(doc_of[:len(known)][known][found])
        cols.append(vocab_columns[at[found]])
    width = len(vec.vocabulary_)
    keys, counts = np.unique(np.concatenate(rows) * width + np.concatenate(cols), return_counts=True) if rows \
        else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    indptr = np.searchsorted(keys // width, np.arange(len(docs) + 1)).astype(np.int32)
    x = sparse.csr_array((counts.astype(vec.dtype), (keys % width).astype(np.int32), indptr),
                         shape=(len(docs), width))
    x.has_sorted_indices = True
    return x


def _plain_words(vec) -> bool:
    """Is ``vec`` the word vectorizer :func:`build_pipeline` makes (jieba words, n-grams, no other step)?"""
    return (vec.analyzer == "word" and vec.tokenizer is _jieba_words and vec.input == "content"
            and vec.preprocessor is None and vec.strip_accents is None and not vec.lowercase
            and vec.stop_words is None and not vec.binary and vec.ngram_range[0] >= 1)


def _word_counts(vec, texts: list[str]):
    """The count matrix ``vec`` (a fitted :func:`_plain_words` vectorizer) makes of ``texts``: its
    analyzer's n-grams (the words, then each run of n words joined by a blank) counted without setting
    up the analyzer per call."""
    from scipy import sparse

    vocab = vec.vocabulary_
    min_n, max_n = vec.ngram_range
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for text in texts:
        words = _cut(text)
        counter: dict[int, int] = {}
        for n in range(min_n, max_n + 1):
            grams = words if n == 1 else [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
            for gram in grams:
                j = vocab.get(gram)
                if j is not None:
                    counter[j] = counter.get(j, 0) + 1
        indices.extend(counter)
        values.extend(counter.values())
        indptr.append(len(indices))
    x = sparse.csr_array((np.array(values, dtype=np.intc), np.array(indices, dtype=np.int32),
                          np.array(indptr, dtype=np.int32)), shape=(len(texts), len(vocab)), dtype=vec.dtype)
    x.sort_indices()
    return x


def _hand_rows(vec, rows: list[dict[str, float]]):
    """``vec.transform(rows)`` for a fitted sparse ``DictVectorizer`` and rows of numbers: each row's known
    features in the row's own order, then sorted, explicit zeros kept, as ``DictVectorizer`` builds them."""
    from scipy import sparse

    if not vec.sparse or any(not isinstance(v, float) for row in rows for v in row.values()):
        return vec.transform(rows)
    vocab = vec.vocabulary_
    indices: list[int] = []
    values: list[float] = []
    indptr = [0]
    for row in rows:
        for name, value in row.items():
            j = vocab.get(name)
            if j is not None:
                indices.append(j)
                values.append(value)
        indptr.append(len(indices))
    x = sparse.csr_array((np.array(values, dtype=vec.dtype), np.array(indices, dtype=np.intc),
                          np.array(indptr, dtype=np.int32)), shape=(len(rows), len(vocab)), dtype=vec.dtype)
    x.sort_indices()
    return _sparse_as_configured(x)


def _sparse_as_configured(x):
    """``x`` as the sparse kind scikit-learn's transformers return (matrix unless configured otherwise)."""
    from scipy import sparse
    from sklearn import get_config

    return sparse.csr_matrix(x) if get_config().get("sparse_interface", "spmatrix") == "spmatrix" else x


def _char_table(vec):
    """(alphabet, n-gram codes, their columns, code base) of a character vectorizer's vocabulary, made once."""
    cached = getattr(vec, "_checker_char_table", None)
    if cached is None:
        alphabet = np.array(sorted({ord(c) for gram in vec.vocabulary_ for c in gram}), dtype=np.int64)
        place = {int(p): i + 1 for i, p in enumerate(alphabet)}
        base = len(alphabet) + 1
        grams = []
        for gram, column in vec.vocabulary_.items():
            code = 0
            for c in gram:
                code = code * base + place[ord(c)]
            grams.append((code * 4 + len(gram), column))
        grams.sort()
        cached = (alphabet, np.array([g for g, _ in grams], dtype=np.int64),
                  np.array([c for _, c in grams], dtype=np.int64), base)
        vec._checker_char_table = cached
    return cached


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


def _feature_kinds(pipe) -> tuple[list[str], np.ndarray]:
    """The feature names and, for each, whether it is an n-gram (a boolean array); made once per pipeline."""
    cached = getattr(pipe, "_checker_feature_kinds", None)
    if cached is None:
        names = _feature_names(pipe)
        cached = (names, np.array([n_is_ngram(n) for n in names], dtype=bool))
        pipe._checker_feature_kinds = cached
    return cached


def _why(pipe, record, k: int, top: int, indices, values, clf=None) -> list[str]:
    """The features that pushed the decision most toward the predicted subtype, in plain Chinese
    (``indices``/``values``: the record's feature row; ``clf``: the pipeline's classifier, when the
    caller has it)."""
    clf = pipe.named_steps["clf"] if clf is None else clf
    coef = clf.coef_[k] if clf.coef_.shape[0] > 1 else (clf.coef_[0] if k == 1 else -clf.coef_[0])
    names, ngram = _feature_kinds(pipe)
    c = coef[indices] * values
    up = c > 0
    columns, c = indices[up], c[up]
    is_ngram = ngram[columns]
    hand = ~is_ngram
    # the positive contributions, strongest first: (contribution, name) as sorted(..., reverse=True) orders them
    hand_contrib = sorted(zip(c[hand].tolist(), [names[j] for j in columns[hand].tolist()]), reverse=True)
    out: list[str] = []
    substantive = str(clf.classes_[k]) == "specific_cause"
    has_generic = any(n == "generic_hits" for _, n in hand_contrib)
    # hand features speak the reviewer's language: prefer them, then the strongest n-grams; a reason
    # is only given in the direction of the verdict (a generic phrase never "explains" a substantive label)
    ranked = chain(((n, False) for _, n in hand_contrib),
                   ((n, True) for _, n in _descending(c[is_ngram], columns[is_ngram], names)))
    ngram_reasons = _ngram_reasons(pipe)
    for n, is_ngram in ranked:
        if is_ngram:
            d = ngram_reasons.get(n, False)
            if d is False:
                d = ngram_reasons[n] = _ngram_reason(n)
            if d is None:
                continue  # a single character or punctuation tells a reviewer nothing
        else:
            if (n in BOILERPLATE_SIDE or n.startswith("phrase:")) == substantive:
                continue
            d = describe(n)
            if n == "generic_hits":
                from checker.explain.features import boilerplate_phrases
                found = [p for p in boilerplate_phrases() if p in record["text"]][:3]
                d = "使用套话" + "、".join(f"“{p}”" for p in found) if found else d
            if n.startswith("phrase:") and has_generic:
                continue  # the phrases are named together under generic_hits
        if d not in out:
            out.append(d)
        if len(out) == top:
            break
    return out


def _ngram_reason(name: str) -> str | None:
    """What an n-gram feature (``char:…``/``word:…``) says to a reviewer: 含有“…” with its words joined, or
    None when it holds fewer than two Han characters."""
    gram = name.split(":", 1)[1].replace(" ", "")
    return f"含有“{gram}”" if len(HAN.findall(gram)) >= 2 else None


def _ngram_reasons(pipe) -> dict[str, str | None]:
    """``_ngram_reason`` of the n-gram features met so far, kept with the pipeline (the same features
    recur in every document)."""
    cached = getattr(pipe, "_checker_ngram_reasons", None)
    if cached is None:
        cached = pipe._checker_ngram_reasons = {}
    return cached


def _descending(c: np.ndarray, columns: np.ndarray, names: list[str], first: int = 12):
    """The pairs (contribution, feature name) in the order ``sorted(..., reverse=True)`` gives them, sorted
    only as far as they are taken: the ``first`` strongest (and any tied with the last of them) are sorted
    and yielded, and the rest only if the caller asks for more. Every pair of the first batch is at least
    as strong as the batch's threshold, every other one weaker, so the two sorted batches are the full order."""
    def pairs(mask):
        return sorted(zip(c[mask].tolist(), [names[j] for j in columns[mask].tolist()]), reverse=True)

    if len(c) <= first:
        yield from pairs(slice(None))
        return
    threshold = np.partition(c, len(c) - first)[len(c) - first]  # the first-th largest
    strong = c >= threshold
    yield from pairs(strong)
    yield from pairs(~strong)


BOILERPLATE_SIDE = {"generic_hits", "generic_share", "restatement", "residue", "short", "no_specifics", "doc_frequency"}


def n_is_ngram(name: str) -> bool:
    return name.startswith(("char:", "word:"))
