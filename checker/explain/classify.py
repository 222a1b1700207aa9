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
    if getattr(doc, "_verdicts", None) is not None and doc_frequency is None:
        return doc._verdicts
    pipe = load()
    text = doc.view.text
    records = []
    for e in doc.extraction.explanations:
        reason = text[e.start:e.end]
        df = (doc_frequency or {}).get(normalised_reason(reason), 1)
        records.append({"text": reason, "subject": e.subject, "doc_frequency": df})
    verdicts = explain_many(pipe, records)
    if doc_frequency is None:
        doc._verdicts = verdicts
    return verdicts
