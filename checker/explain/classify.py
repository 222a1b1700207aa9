"""Labelling every stated reason of a document with the explanation classifier."""

from __future__ import annotations

import regex

from checker.explain.model import Verdict, _feature_names, explain_many, load


BLANK_OR_PUNCT = regex.compile(r"[\s\p{P}]")
# verdicts remembered per model, at most this many (a batch repeats many reasons word for word)
VERDICT_CACHE_SIZE = 50000


def normalised_reason(text: str) -> str:
    """The form under which the same reason is recognised across submissions."""
    return BLANK_OR_PUNCT.sub("", text)


def doc_frequency_matters(pipe=None) -> bool:
    """Does the model give the doc_frequency feature a non-zero weight for any subtype?

    When it does not, a reason's verdict depends on its text and subject alone (the feature adds
    weight × value = 0 to every score and is never named among the reasons), so verdicts can be
    remembered across documents whatever the batch's frequencies are.
    """
    pipe = load() if pipe is None else pipe
    names = _feature_names(pipe)
    if "doc_frequency" not in names:
        return False
    coef = pipe.named_steps["clf"].coef_
    return bool((coef[:, names.index("doc_frequency")] != 0).any())


def classify_document(doc, doc_frequency: dict[str, int] | None = None) -> list[Verdict]:
    """One verdict per explanation of ``doc.extraction``; ``doc_frequency`` maps a normalised reason to
    the number of submissions of a batch that contain it (1 when checking one document)."""
    if doc_frequency is None:
        return doc.memo("verdicts", lambda d: _classify(d, None))
    return _classify(doc, doc_frequency)


def _classify(doc, doc_frequency: dict[str, int] | None) -> list[Verdict]:
    pipe = load()
    text = doc.view.text
    records = []
    for e in doc.extraction.explanations:
        reason = text[e.start:e.end]
        # without batch frequencies every reason counts once: no need to normalise it for the lookup
        df = doc_frequency.get(normalised_reason(reason), 1) if doc_frequency else 1
        records.append({"text": reason, "subject": e.subject, "doc_frequency": df})
    if _frequency_matters(pipe):
        return explain_many(pipe, records)
    return _remembered(pipe, records)


def _frequency_matters(pipe) -> bool:
    """:func:`doc_frequency_matters`, asked once per model."""
    known = getattr(pipe, "_checker_frequency_matters", None)
    if known is None:
        known = pipe._checker_frequency_matters = doc_frequency_matters(pipe)
    return known


def _remembered(pipe, records: list[dict]) -> list[Verdict]:
    """explain_many(pipe, records), taking the verdict of a (text, subject) seen before from the model's
    cache. Only valid when doc_frequency does not matter (see :func:`doc_frequency_matters`)."""
    cache: dict[tuple[str, str], Verdict] | None = getattr(pipe, "_checker_verdicts", None)
    if cache is None:
        cache = pipe._checker_verdicts = {}
    keys = [(r["text"], r["subject"]) for r in records]
    found = {k: v for k in keys if (v := cache.get(k)) is not None}  # one lookup: another thread may clear
    missing = {k: r for k, r in zip(keys, records) if k not in found}
    if missing:
        fresh = dict(zip(missing, explain_many(pipe, list(missing.values()))))
        if len(cache) + len(fresh) > VERDICT_CACHE_SIZE:
            cache.clear()
        cache.update(fresh)
        found.update(fresh)
    return [_copy(found[k]) for k in keys]


def _copy(v: Verdict) -> Verdict:
    return Verdict(v.label, v.subtype, v.probability, list(v.reasons))
