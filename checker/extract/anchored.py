"""Finding a lexicon pattern's matches from the places they can start, instead of scanning the whole text.

The ``regex`` module tries a pattern at every position of the text; for a pattern that starts with a set of
Chinese characters that costs 0.1–0.25 ms for the 25,000 characters of a document, and R001 runs a dozen
such patterns over the whole view, the reason finder two with a costly lead-in. Most of them cannot match
without one of a few words, which ``str.find`` locates many times faster, and the pattern is then tried
(``match``) only where a match can start. ``starting_with``, ``tried_at`` and ``after_optional_lead``
return exactly the matches of ``pattern.finditer(text)``, provided the pattern has the property (or shape)
each states; the callers state it per pattern text (a lexicon row that is changed no longer has a
statement and is scanned the plain way), and ``tests/test_fast_paths_check6.py`` compares every fast path
with ``finditer`` on the seeds and on random texts.
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
    (so none is empty): the pattern is tried only where a literal starts (:func:`tried_at`)."""
    return tried_at(pattern, text, occurrences(text, literals))


def tried_at(pattern: regex.Pattern, text: str, starts: list[int]) -> list[regex.Match]:
    """``list(pattern.finditer(text))`` for a pattern that matches no empty text and no match of which
    starts elsewhere than at one of ``starts`` (ascending): the pattern is tried (``match``) only there.

    ``finditer`` takes, after each match, the first position from its end on where the pattern matches;
    every such position is one of ``starts``, where the pattern is tried the same way (a look-behind
    sees the text before the position either way)."""
    return _tried_from(pattern, text, [(s, s) for s in starts])


def _tried_from(pattern: regex.Pattern, text: str, spans: list[tuple[int, int]]) -> list[regex.Match]:
    """The matches ``finditer`` would give, trying the pattern (``match``) at the first position of each
    (earliest, latest) start span, in order, that is neither before the last match's end nor after
    ``latest``."""
    out: list[regex.Match] = []
    end = 0
    match = pattern.match
    for s, latest in spans:
        if s < end:
            s = end
        if s > latest:
            continue
        m = match(text, s)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def after_optional_lead(pattern: regex.Pattern, text: str, word: str, lead_end: str, lead_max: int,
                        lead_stop: str) -> list[regex.Match]:
    """``list(pattern.finditer(text))`` for a pattern of the shape ``(?:[^S]{0,N}E)?WORD…`` (S: the
    characters ``lead_stop``, N: ``lead_max``, E: the character ``lead_end``; no ``|`` outside a group): a
    word with an optional lead-in before it, as in ``(?:[^，。]{0,30}的)?原因…``. Searching it over the text
    tries the costly lead-in at every position; here the pattern is tried (``match``) only where a match
    can start, at or before an occurrence ``k`` of the word:

    - at ``k`` itself (no lead-in, or one that starts there);
    - with a lead-in ending in E right before the word (text[k - 1] == E): at the first position ``s``, not
      before the last match's end, from which text[s:k - 1] is at most N characters none of which is in S.
      A match that starts later with that lead-in starts at ``s`` as well: the same lead-in is open to it.

    Every match holds the word, so every match starts at one of these; they are tried in order, as a
    search would reach them."""
    found = occurrences(text, (word,))
    candidates: list[tuple[int, int]] = []  # (earliest start, latest start)
    for k in found:
        if k and text[k - 1] == lead_end:
            j = k - 1
            s = max(0, j - lead_max)
            for c in lead_stop:
                s = max(s, text.rfind(c, s, j) + 1)
            candidates.append((s, j))
        candidates.append((k, k))
    candidates.sort()
    return _tried_from(pattern, text, candidates)
