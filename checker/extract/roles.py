"""Role, direction and period of a figure, from cue words in its clause (``lexicons/roles.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from checker.lexicons import LexiconError, read_table

ROLES = ("current", "prior", "budget_initial", "budget_full", "budget_supplement", "final", "change_amount",
         "change_rate", "share", "completion_rate", "other")
FILLER = r"[为是约达共计合了：:\s]{0,3}"


@dataclass(frozen=True)
class Cue:
    role: str
    kind: str
    pattern: regex.Pattern


@lru_cache(maxsize=None)
def role_cues() -> tuple[Cue, ...]:
    out = []
    for r in read_table("roles.tsv", ("role", "kind", "cue")):
        if r["role"] not in ROLES or r["kind"] not in ("money", "percent", "any"):
            raise LexiconError(f"roles.tsv:{r['_line']}: unknown role or kind")
        try:
            pattern = regex.compile(rf"(?:{r['cue']}){FILLER}$")
        except regex.error as exc:
            raise LexiconError(f"roles.tsv:{r['_line']}: bad pattern: {exc}") from None
        out.append(Cue(r["role"], r["kind"], pattern))
    return tuple(out)


@lru_cache(maxsize=None)
def direction_words() -> tuple[tuple[str, str], ...]:
    rows = read_table("directions.tsv", ("direction", "word"))
    for r in rows:
        if r["direction"] not in ("increase", "decrease", "flat"):
            raise LexiconError(f"directions.tsv:{r['_line']}: unknown direction")
    return tuple(sorted(((r["word"], r["direction"]) for r in rows), key=lambda p: -len(p[0])))


@lru_cache(maxsize=None)
def _direction_pattern() -> regex.Pattern:
    return regex.compile("|".join(regex.escape(w) for w, _ in direction_words()))


def direction_in(text: str, last: bool = True) -> tuple[str, str] | None:
    """(word, direction) of the last (or first) direction word in ``text``."""
    found = list(_direction_pattern().finditer(text))
    if not found:
        return None
    m = found[-1] if last else found[0]
    return m.group(0), _direction_map()[m.group(0)]


@lru_cache(maxsize=None)
def _direction_map() -> dict[str, str]:
    """Each direction word's direction (made once, as the pattern of the words is)."""
    return dict(direction_words())


def figure_kind(hit_type: str) -> str:
    return "money" if hit_type in ("money", "residue") else "percent"


_CUE_SEARCHES: dict[str, tuple[tuple[Cue, ...], tuple[Cue, ...], object]] = {}


def _cue_search(kind: str) -> tuple[tuple[Cue, ...], object]:
    """The cues a figure of ``kind`` may take, and the ``search`` of one pattern trying them all at once:
    ``(?P<c0>cue0$)|(?P<c1>cue1$)|…``. Every cue match ends at the clause's end, so the longest is the one
    starting first, which the search finds; at that start it takes the first cue in lexicon order that
    matches there, the one the longest-match rule keeps (a later cue must be strictly longer to win).
    Built again when the cues are read again (another lexicon directory)."""
    cues = role_cues()
    built = _CUE_SEARCHES.get(kind)
    if built is None or built[0] is not cues:
        chosen = tuple(c for c in cues if c.kind in (kind, "any"))
        pattern = regex.compile("|".join(f"(?P<c{i}>{c.pattern.pattern})" for i, c in enumerate(chosen)) or "(?!)")
        built = _CUE_SEARCHES[kind] = (cues, chosen, pattern.search)
    return built[1], built[2]


def assign_role_plain(hit_type: str, clause: str) -> tuple[str, regex.Match | None]:
    """:func:`assign_role` trying each cue in turn (the rule it implements; kept for the tests)."""
    kind = figure_kind(hit_type)
    best: tuple[int, Cue, regex.Match] | None = None
    for cue in role_cues():
        if cue.kind not in (kind, "any"):
            continue
        m = cue.pattern.search(clause)
        if m and (best is None or len(m.group(0)) > len(best[2].group(0))):
            best = (len(m.group(0)), cue, m)
    if best is not None:
        return best[1].role, best[2]
    if hit_type == "pp":
        return "change_rate", None
    return ("current" if kind == "money" else "other"), None


@lru_cache(maxsize=8192)
def assign_role(hit_type: str, clause: str) -> tuple[str, regex.Match | None]:
    """Role from the cue that ends right before the figure; returns (role, cue match).

    Remembered per (figure type, clause): the decision reads nothing else but the cues, which are read once
    per process (whoever reads them again, ``role_cues.cache_clear()``, must clear this cache too), and
    the same clauses ("支出决算为", "比上年增加") recur within a document and across a batch."""
    kind = figure_kind(hit_type)
    cues, search = _cue_search(kind)
    m = search(clause)
    if m is not None:
        return cues[int(m.lastgroup[1:])].role, m
    if hit_type == "pp":
        return "change_rate", None
    return ("current" if kind == "money" else "other"), None


YEAR = regex.compile(r"(20\d\d)\s*年")
PRIOR_WORDS = regex.compile(r"(上年度?|上一年度?|去年)(?:决算数?)?")
