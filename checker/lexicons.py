"""Loading and validating the word lists and code tables in ``lexicons/``.

Every lexicon is plain data (TSV with a header, or one term per line); this module is the one
place that reads them. A malformed file raises ``LexiconError`` naming the file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


class LexiconError(ValueError):
    pass


def lexicon_dir() -> Path:
    env = os.environ.get("CHECKER_LEXICONS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "lexicons"


def _path(name: str) -> Path:
    p = lexicon_dir() / name
    if not p.is_file():
        raise LexiconError(f"lexicon file missing: {p}")
    return p


def read_terms(name: str) -> list[str]:
    """One term per line; blank lines and # comments skipped; duplicates rejected."""
    path = _path(name)
    terms: list[str] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        term = raw.strip()
        if not term or term.startswith("#"):
            continue
        if term in seen:
            raise LexiconError(f"{path}:{lineno}: duplicate term {term!r} (first on line {seen[term]})")
        seen[term] = lineno
        terms.append(term)
    return terms


def read_table(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """A TSV file with a header line; # comment lines allowed before and between rows."""
    path = _path(name)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                raise LexiconError(f"{path}:{lineno}: header lacks columns {missing}")
            continue
        if len(cells) != len(header):
            raise LexiconError(f"{path}:{lineno}: expected {len(header)} tab-separated columns, got {len(cells)}")
        row = {h: c.strip() for h, c in zip(header, cells)}
        for col in required:
            if not row[col] and col != "parent":
                raise LexiconError(f"{path}:{lineno}: empty value in column {col!r}")
        row["_line"] = str(lineno)
        rows.append(row)
    if header is None:
        raise LexiconError(f"{path}: empty lexicon")
    return rows


def read_grouped(name: str, kinds, kind_column: str = "kind", term_column: str = "term") -> dict[str, tuple[str, ...]]:
    """A TSV of (kind, term) rows as kind → terms, longest first (so alternations and maskings prefer the longer
    word); an unknown kind names file and line."""
    out: dict[str, list[str]] = {k: [] for k in kinds}
    for r in read_table(name, (kind_column, term_column)):
        if r[kind_column] not in out:
            raise LexiconError(f"{name}:{r['_line']}: unknown {kind_column} {r[kind_column]!r}")
        out[r[kind_column]].append(r[term_column])
    return {k: tuple(sorted(dict.fromkeys(v), key=len, reverse=True)) for k, v in out.items()}


def read_patterns(name: str, kind_column: str, kinds, pattern_column: str = "cue") -> tuple:
    """A TSV of (kind, regular expression) rows, compiled; a bad kind or pattern names file and line."""
    import regex

    out = []
    for r in read_table(name, (kind_column, pattern_column)):
        if r[kind_column] not in kinds:
            raise LexiconError(f"{name}:{r['_line']}: unknown {kind_column} {r[kind_column]!r}")
        try:
            out.append((r[kind_column], regex.compile(r[pattern_column])))
        except regex.error as exc:
            raise LexiconError(f"{name}:{r['_line']}: bad pattern: {exc}") from None
    return tuple(out)


@dataclass(frozen=True)
class TableTitle:
    key: str
    title: str


@lru_cache(maxsize=None)
def table_titles() -> tuple[TableTitle, ...]:
    rows = read_table("table_titles.tsv", ("key", "title"))
    return tuple(TableTitle(r["key"], r["title"].replace(" ", "")) for r in rows)


@lru_cache(maxsize=None)
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(read_terms("org_suffixes.txt"), key=len, reverse=True))


@lru_cache(maxsize=None)
def document_kind_cues() -> tuple[tuple[str, str, int], ...]:
    out = []
    for r in read_table("document_kinds.tsv", ("kind", "cue", "weight")):
        try:
            weight = int(r["weight"])
        except ValueError:
            raise LexiconError(f"document_kinds.tsv:{r['_line']}: weight must be an integer") from None
        out.append((r["kind"], r["cue"], weight))
    return tuple(out)


def validate_all() -> dict[str, int]:
    """Load every lexicon once (raising LexiconError on the first bad line); returns entry counts."""
    from checker.extract.classification import economic_codes, function_codes
    from checker.extract.reasons import reason_cues
    from checker.extract.roles import direction_words, role_cues
    from checker.extract.subjects import _aliases

    return {
        "table_titles.tsv": len(table_titles()), "org_suffixes.txt": len(org_suffixes()),
        "document_kinds.tsv": len(document_kind_cues()), "function_codes.tsv": len(function_codes()),
        "economic_codes.tsv": len(economic_codes()), "roles.tsv": len(role_cues()),
        "directions.tsv": len(direction_words()), "reason_cues.tsv": len(reason_cues()),
        "subjects.tsv": len(_aliases()),
        **_rule_lexicons(),
    }


def _rule_lexicons() -> dict[str, int]:
    """The word lists the rules and the table parser read, by file."""
    from checker.explain.features import boilerplate_phrases
    from checker.link import link_table
    from checker.rules.explanations.V002 import _words as copy_words
    from checker.rules.narrative._performance import performance_terms
    from checker.rules.narrative.B001 import breakdowns
    from checker.rules.narrative.B004 import containment
    from checker.rules.narrative.B005 import exemption_words
    from checker.rules.narrative.N002 import suffixes
    from checker.rules.narrative.N003 import unit_classes, words
    from checker.rules.narrative.R001 import residue_patterns
    from checker.rules.narrative.R003 import level_terms
    from checker.tables.parse import schemas

    return {
        "boilerplate_phrases.txt": len(boilerplate_phrases()), "table_links.tsv": len(link_table()),
        "explanation_copy.tsv": sum(len(v) for v in copy_words().values()),
        "performance_terms.tsv": sum(len(v) for v in performance_terms().values()),
        "breakdowns.tsv": len(breakdowns()), "containment.tsv": len(containment()),
        "running_cost_exemptions.txt": len(exemption_words()), "project_name_suffixes.txt": len(suffixes()),
        "count_totals.tsv": sum(len(w) for w in words()), "count_unit_classes.tsv": len(unit_classes()),
        "residue_patterns.tsv": len(residue_patterns()), "government_levels.tsv": len(level_terms()),
        "table_columns.tsv": len(schemas()),
    }
