"""Recognising table titles (公开01表 … 09表 and the variants other provinces use)."""

from __future__ import annotations

from functools import lru_cache

import regex

from checker.chars import fold_text
from checker.lexicons import table_titles
from checker.markers import match_heading

# the national template's nine tables, by key
STANDARD_TITLES = {
    "table01": "收入支出决算总表", "table02": "收入决算表", "table03": "支出决算表",
    "table04": "财政拨款收入支出决算总表", "table05": "一般公共预算财政拨款支出决算表",
    "table06": "一般公共预算财政拨款基本支出决算明细表", "table07": "政府性基金预算财政拨款收入支出决算表",
    "table08": "国有资本经营预算财政拨款支出决算表", "table09": "财政拨款“三公”经费支出决算表",
}


_STANDARD_KEY = regex.compile(r"table(\d\d)")


def table_label(key: str | None) -> str:
    """A table as reviewers name it: 公开05表 for table05; other keys as they are."""
    m = _STANDARD_KEY.fullmatch(key or "")
    return f"公开{m.group(1)}表" if m else (key or "")


def table_full_name(key: str) -> str:
    """公开05表（一般公共预算财政拨款支出决算表）."""
    title = STANDARD_TITLES.get(key)
    return f"{table_label(key)}（{title}）" if title else table_label(key)


GENERIC_TITLE = regex.compile(r"(决算|预算|收支|收入|支出|经费|绩效|采购|资产).{0,20}表$")
YEAR_PREFIX = regex.compile(r"^(?:20\d\d|二〇[一二三四五六七八九〇]{2})\s*年度?")
CONTINUED = regex.compile(r"[（(]\s*续\s*[)）]$")


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """The text width-folded, without spaces and tabs (a line is cleaned by several stages: remembered)."""
    return fold_text(text).replace(" ", "").replace("\t", "").replace("\u3000", "")


def _group_by_last_char(titles) -> dict[str, tuple]:
    """The known titles grouped by their last character, each group in lexicon order (a title can only
    end a line that ends with the same character; lexicon titles are never empty)."""
    out: dict[str, list] = {}
    for tt in titles:
        out.setdefault(tt.title[-1:], []).append(tt)
    return {k: tuple(v) for k, v in out.items()}


# (the lexicon as loaded, its grouping, the last characters a title line may have: ``title_end_chars``)
_title_index: tuple[tuple, dict[str, tuple], frozenset[str]] = ((), {}, frozenset())


def _index() -> tuple[tuple, dict[str, tuple], frozenset[str]]:
    """The lexicon's titles grouped by last character (regrouped whenever the lexicon is reloaded)."""
    global _title_index
    titles = table_titles()
    if _title_index[0] is not titles:
        groups = _group_by_last_char(titles)
        # "" too: a line with no last character is not turned away (``may_end_title("")``, as "" in ")）")
        _title_index = (titles, groups, frozenset(groups) | {"表", ")", "）", ""})
    return _title_index


def _titles_ending_with(last: str) -> tuple:
    """The known titles ending with ``last``, in lexicon order."""
    return _index()[1].get(last, ())


def title_end_chars() -> frozenset[str]:
    """The set of every ``last`` for which ``may_end_title(last)`` holds, for loops that ask about many lines
    (one set lookup per line instead of a call)."""
    return _index()[2]


def may_end_title(last: str) -> bool:
    """Whether a line whose last character is ``last`` can be a table title: a known title ends with it,
    or a generic one (…表) or a continued one (…（续）) does. Most lines are turned away by this alone."""
    return last == "表" or last in ")）" or bool(_titles_ending_with(last))


def match_table_title(text: str) -> tuple[str | None, str] | None:
    """Recognise a table title line; returns (key or None, title) or None."""
    t = clean(text)
    if not t or len(t) > 60 or t[-1] in "。；，：:":
        return None
    if not _titles_ending_with(t[-1]) and t[-1] != "表" and not CONTINUED.search(t):
        # stripping a heading number or a year prefix keeps the last character: no known title and
        # no generic title (…表) can end this line
        return None
    h = match_heading(t)
    if h and h[0] != "part":
        t = t[h[2].end():]
    t = CONTINUED.sub("", t)
    t = YEAR_PREFIX.sub("", t)
    best = None
    for tt in _titles_ending_with(t[-1:]):
        if t.endswith(tt.title) and (best is None or len(tt.title) > len(best.title)):
            best = tt
    if best is not None and len(t) - len(best.title) <= 30:
        return best.key, t
    if GENERIC_TITLE.search(t) and len(t) <= 40:
        return None, t
    return None


