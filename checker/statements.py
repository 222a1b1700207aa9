"""Sentences of the narrative with the figures and reasons in them: what the consistency rules read."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
import regex

from checker.findings import Evidence

SENTENCE_END = regex.compile(r"[。！？!?\n]")
_SENTENCE_END_RE = re.compile(SENTENCE_END.pattern)  # literal characters only: ``re`` splits as ``regex`` does, faster


@dataclass
class Sentence:
    start: int  # view offsets
    end: int
    mentions: list = field(default_factory=list)

    def of(self, *roles, subject: str | None = None, types=("money", "percent", "pp")):
        return [m for m in self.mentions if m.role in roles and m.type in types
                and (subject is None or m.subject == subject)]


def sentences(doc) -> list[Sentence]:
    """The document's sentences with their figures (computed once, see ``Document.sentences``)."""
    return doc.sentences


def build_sentences(doc) -> list[Sentence]:
    """The view's sentences: the pieces ending at each ``SENTENCE_END`` character (the last one at the text's
    end), those that are not blank, each with the mentions starting in it (see :func:`sentence_spans`)."""
    text = doc.view.text
    out = [Sentence(start, end) for start, end in sentence_spans(text)]
    starts = [s.start for s in out]
    for mention in doc.extraction.mentions:
        i = bisect.bisect_right(starts, mention.start) - 1
        if i >= 0:
            out[i].mentions.append(mention)
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text``: the pieces ``text[pos:end]`` that the ``SENTENCE_END``
    characters end (the end character included; the last piece runs to the text's end) whose ``strip()`` is
    not empty.

    Fast path: the text is split at those characters once (``split`` makes the pieces in C, without a match
    object per sentence) and the offsets are added up from the pieces' lengths. A piece ending in 。！？!? is
    never blank (those are not whitespace); one ending in a line break is blank when the piece before the
    break is. ``tests/test_fast_paths_check6.py`` compares it with :func:`sentence_spans_plain`."""
    out: list[tuple[int, int]] = []
    pos = 0
    pieces = _SENTENCE_END_RE.split(text)
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if i == last:  # after the last end character: the text's tail
            if piece.strip():
                out.append((pos, len(text)))
            break
        end = pos + len(piece) + 1
        if text[end - 1] != "\n" or piece.strip():
            out.append((pos, end))
        pos = end
    return out


def sentence_spans_plain(text: str) -> list[tuple[int, int]]:
    """What :func:`sentence_spans` computes, the plain way (one match per end character)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end()
        if text[pos:end].strip():
            out.append((pos, end))
        pos = end
    if pos < len(text) and text[pos:].strip():
        out.append((pos, len(text)))
    return out


def figure_sentences(doc, *kinds: tuple[str, str]) -> list[tuple[int, Sentence]]:
    """(index, sentence), in order, of the sentences holding a figure of one of ``kinds`` ((role, type)
    pairs): the only sentences in which ``Sentence.of(role, types=(type,))`` finds anything, so a rule
    that starts from one kind of figure reads these instead of every sentence. The index of the kinds is
    built once per document."""
    index = doc.memo("figure_sentences", _figure_index)
    ss = sentences(doc)
    if len(kinds) == 1:
        found = index.get(kinds[0], [])
    else:
        found = sorted({i for kind in kinds for i in index.get(kind, ())})
    return [(i, ss[i]) for i in found]


def _figure_index(doc) -> dict[tuple[str, str], list[int]]:
    """(role, type) of a figure → the indices of the sentences holding one, ascending.

    Made from the mentions rather than from the sentences (a thousand, most without a figure): each mention
    is in the sentence ``build_sentences`` put it in (the last starting at or before it), taken sentence by
    sentence and, within one, in the order of the mentions (a stable sort), as a pass over the sentences'
    ``mentions`` takes them (:func:`_figure_index_plain`)."""
    starts = doc.sentence_starts
    located = [(bisect.bisect_right(starts, m.start) - 1, m) for m in doc.extraction.mentions]
    located.sort(key=_first)
    index: dict[tuple[str, str], list[int]] = {}
    for i, m in located:
        if i < 0:
            continue  # before the first sentence: in none
        found = index.setdefault((m.role, m.type), [])
        if not found or found[-1] != i:
            found.append(i)
    return index


def _first(pair):
    return pair[0]


def _figure_index_plain(doc) -> dict[tuple[str, str], list[int]]:
    """What :func:`_figure_index` computes, the plain way: a pass over the sentences."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, s in enumerate(sentences(doc)):
        for m in s.mentions:
            found = index.setdefault((m.role, m.type), [])
            if not found or found[-1] != i:
                found.append(i)
    return index


def sentences_with(doc, words: regex.Pattern) -> list[int]:
    """Indices, in order, of the sentences in which ``words`` finds something: for a rule whose pattern,
    run on each sentence, always matches one of some words, the only sentences worth running it on.
    The view is searched once for the words instead of every sentence for the pattern."""
    text = doc.view.text
    ss = sentences(doc)
    starts = doc.sentence_starts
    out: list[int] = []
    pos = 0
    while (m := words.search(text, pos)) is not None:
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= ss[i].end:
            out.append(i)
            pos = ss[i].end
        else:  # between sentences or across a sentence end: no sentence holds it
            pos = m.start() + 1
    return out


def sentence_of(doc, view_pos: int) -> Sentence | None:
    ss = sentences(doc)
    i = bisect.bisect_right(doc.sentence_starts, view_pos) - 1
    return ss[i] if i >= 0 else None


def mention_evidence(doc, m) -> Evidence:
    return Evidence.from_location(doc.locate_view(m.start, m.end))


def clause_evidence(doc, start: int, end: int) -> Evidence:
    return Evidence.from_location(doc.locate_view(start, end))


def has_explanation(doc, mentions, window_sentences: int = 2) -> bool:
    """Is there a stated reason for the variance these figures describe: one linked to them, or one
    starting in their sentence or the next ``window_sentences`` sentences of the same paragraph?"""
    ids = {m.id for m in mentions}
    first, last = min(m.start for m in mentions), max(m.end for m in mentions)
    ss = sentences(doc)
    i = bisect.bisect_right(doc.sentence_starts, last) - 1
    limit = ss[min(len(ss) - 1, i + window_sentences)].end if ss else last
    return any(ids & set(e.mentions) or first <= e.cue_start < limit for e in doc.extraction.explanations)


def _section_titles(doc, pos: int):
    """The titles of the section holding ``pos`` and of its ancestors, innermost first."""
    node = doc.structure.section_at(pos)
    while node is not None:
        yield node.title
        node = node.parent


def funding_scope(doc, pos: int, performance: bool = False) -> str:
    """The funding scope a position sits in: 'fiscal' inside a 财政拨款 section, 'all' elsewhere (and
    'performance' inside a 绩效 section when asked): the same words (基本支出) name different totals."""
    for title in _section_titles(doc, pos):
        if performance and "绩效" in title:
            return "performance"
        if "财政拨款" in title:
            return "fiscal"
    return "all"


# Finer scopes, from narrowest to widest: a figure in a 一般公共预算 section is part of the 财政拨款 figure of
# the same subject, which is part of the department-wide (all sources) figure.
SCOPE_PARENT = {"general": "fiscal", "fund": "fiscal", "capital": "fiscal", "fiscal": "all", "all": None}
SCOPE_WORDS = (("一般公共预算", "general"), ("政府性基金", "fund"), ("国有资本经营", "capital"), ("财政拨款", "fiscal"))


def fine_scope(doc, pos: int) -> str:
    """The narrowest funding scope a position's section titles name (general | fund | capital | fiscal | all)."""
    for title in _section_titles(doc, pos):
        for word, scope in SCOPE_WORDS:
            if word in title:
                return scope
    return "all"


def scope_within(part: str, whole: str) -> bool:
    """Is every figure of scope ``part`` also counted in scope ``whole``?"""
    while part is not None:
        if part == whole:
            return True
        part = SCOPE_PARENT[part]
    return False
