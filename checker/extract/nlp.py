"""spaCy view of the narrative: a blank Chinese pipeline with the jieba segmenter.

Figures and reasons are found on characters (jieba splits ``1,171.58万元`` into four tokens), then
put on a spaCy ``Doc`` as span groups so that ``Matcher``/``PhraseMatcher`` rules and displaCy's
span renderer work on them. Subject names from the lexicons are added to jieba's dictionary so
that they segment as whole words and the ``PhraseMatcher`` finds them.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def pipeline():
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba = nlp.tokenizer.jieba_seg
    for alias, _ in _subject_terms():
        if alias.isalnum() or all("\u4e00" <= c <= "\u9fff" for c in alias):
            jieba.add_word(alias, freq=200000)
    return nlp


def _subject_terms() -> list[tuple[str, str]]:
    from checker.extract.classification import function_codes
    from checker.extract.subjects import _aliases

    terms = list(_aliases())
    terms += [(c.name, c.name) for c in function_codes().values() if c.level == "类"]
    return terms


@lru_cache(maxsize=1)
def subject_matcher():
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    matcher = PhraseMatcher(nlp.vocab)
    by_label: dict[str, list] = {}
    for alias, subject in _subject_terms():
        by_label.setdefault(subject, []).append(nlp.make_doc(alias))
    for label, patterns in by_label.items():
        matcher.add(label, patterns)
    return matcher


def to_spacy(doc):
    """The document's analysis view as a spaCy Doc with span groups mentions / reasons / subjects."""
    from spacy.tokens import Span

    nlp = pipeline()
    sdoc = nlp.make_doc(doc.view.text)
    ex = doc.extraction
    mentions = []
    for m in ex.mentions:
        span = sdoc.char_span(m.start, m.end, label=m.role, alignment_mode="expand")
        if span is not None:
            mentions.append(span)
    reasons = []
    for e in ex.explanations:
        if e.end > e.start:
            span = sdoc.char_span(e.start, e.end, label="reason", alignment_mode="expand")
            if span is not None:
                reasons.append(span)
    sdoc.spans["mentions"] = mentions
    sdoc.spans["reasons"] = reasons
    sdoc.spans["subjects"] = [Span(sdoc, s, e, label=label) for label, s, e in subject_matcher()(sdoc)]
    return sdoc
