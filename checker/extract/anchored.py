"""Finding a lexicon pattern's matches from the places its literal words occur, instead of scanning the text.

The ``regex`` module tries a pattern at every position of the text; for a pattern that starts with a set of
Chinese characters that costs about as much as a pass over the text in Python would (0.1–0.2 ms for the
25,000 characters of a document), and R001 runs a dozen such patterns over the
whole view. Most of these patterns cannot match without one of a few words, which ``str.find`` locates
many times faster. ``starting_with`` returns exactly the matches of ``pattern.finditer(text)``, provided
every match starts with one of the words given; the caller states the words per pattern text (a lexicon row
that is changed no longer has a statement and is scanned the plain way), and
``tests/test_fast_paths_check6.py`` compares each statement's result with ``finditer``.
"""

from __future__ import annotations

import regex


def occurrences(text: str, literals) -> list[int]:
    """Every offset where one of ``literals`` starts in ``text`` (overlapping ones included), ascending."""
    found: set[int] = set()
    for lit in literals:
        i = text.find(lit)
        while i != -1:
            found.add(i)
            i = text.find(lit, i + 1)
    return sorted(found)


def starting_with(pattern: regex.Pattern, text: str, literals) -> list[regex.Match]:
    """``list(pattern.finditer(text))`` for a pattern every match of which starts with one of ``literals``
    (so none is empty): the pattern is tried (``match``) only where a literal starts.

    ``finditer`` takes, after each match, the first position from its end on where the pattern matches;
    every such position is one where a literal starts, and the pattern is tried there the same way."""
    out: list[regex.Match] = []
    end = 0
    match = pattern.match
    for s in occurrences(text, literals):
        if s < end:
            continue
        m = match(text, s)
        if m is not None:
            out.append(m)
            end = m.end()
    return out

