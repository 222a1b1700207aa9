"""Recognising table titles (公开01表 … 09表 and the variants other provinces use)."""

from __future__ import annotations

import regex

from checker.chars import fold_text
from checker.lexicons import table_titles
from checker.markers import match_heading

GENERIC_TITLE = regex.compile(r"(决算|预算|收支|收入|支出|经费|绩效|采购|资产).{0,20}表$")
YEAR_PREFIX = regex.compile(r"^(?:20\d\d|二〇[一二三四五六七八九〇]{2})\s*年度?")
CONTINUED = regex.compile(r"[（(]\s*续\s*[)）]$")


def clean(text: str) -> str:
    return fold_text(text).replace(" ", "").replace("\t", "").replace("\u3000", "")


def match_table_title(text: str) -> tuple[str | None, str] | None:
    """Recognise a table title line; returns (key or None, title) or None."""
    t = clean(text)
    if not t or len(t) > 60 or t[-1] in "。；，：:":
        return None
    h = match_heading(t)
    if h and h[0] != "part":
        t = t[h[2].end():]
    t = CONTINUED.sub("", t)
    t = YEAR_PREFIX.sub("", t)
    best = None
    for tt in table_titles():
        if t.endswith(tt.title) and (best is None or len(tt.title) > len(best.title)):
            best = tt
    if best is not None and len(t) - len(best.title) <= 30:
        return best.key, t
    if GENERIC_TITLE.search(t) and len(t) <= 40:
        return None, t
    return None


