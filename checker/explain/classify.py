"""Labelling every stated reason of a document with the explanation classifier."""

from __future__ import annotations

import regex

from checker.explain.model import Verdict, explain_many, load


BLANK_OR_PUNCT = regex.compile(r"[\s\p{P}]")


def normalised_reason(text: str) -> str:
    """The form under which the same reason is recognised across submissions."""
    return BLANK_OR_PUNCT.sub("", text)


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
        df = (doc_frequency or {}).get(normalised_reason(reason), 1)
        records.append({"text": reason, "subject": e.subject, "doc_frequency": df})
    return explain_many(pipe, records)
