"""The figure a stated share (占 x%) is of, for the share rules (A003 share = part ÷ total, A005 shares of
one total summing to 100 %)."""

from __future__ import annotations

import bisect
from functools import lru_cache

from checker.extract.classification import resolve_path
from checker.extract.subjects import find_subject_spans
from checker.rules.narrative.B001 import breakdowns
from checker.rules.narrative._common import common_unit, cue_of, in_attachment, in_unit, usable


@lru_cache(maxsize=None)
def disjoint_breakdowns() -> tuple[frozenset[str], ...]:
    """Part lists of breakdowns.tsv whose parts are disjoint pieces of their total (relation 'sum')."""
    return tuple(frozenset(parts) for _, relation, parts in breakdowns() if relation == "sum")


def denominator_word(sh) -> str:
    """占本年支出的 → 本年支出; a bare 占 / 占比 → ''."""
    return cue_of(sh).lstrip("占").rstrip("的为是比重")


def share_total(doc, sh, part, named: str):
    """The figure a share is of: the latest amount of the subject its cue names (占基本支出的 → ……基本支出
    1,330.67 万元), else the amount its section or list opens with; None when no such figure is both
    larger than the part and not one of the part's siblings.

    Remembered per document by (share, part, named): A003 and A005 ask about the same shares."""
    found = doc.memo("share_totals", lambda d: {})
    key = (sh.id, None if part is None else part.id, named)
    if key not in found:
        found[key] = _share_total(doc, sh, part, named)
    return found[key]


def _share_total(doc, sh, part, named: str):
    """``share_total`` computed."""
    candidates = _amounts_before(doc, sh.start)
    total = None
    if named:
        wanted = {s.subject for s in find_subject_spans(named)} or {named}
        # the latest amount of a wanted subject: looked for from the share backwards
        total = next((m for m in reversed(candidates) if any(m.subject == w or m.subject.endswith(w) for w in wanted)),
                     None)
    elif part is not None:
        node = doc.structure.section_at(sh.start)
        while node is not None and node.style not in ("part", "title") and total is None:
            inside = [m for m in candidates if node.view_start <= m.start < node.view_end
                      and m.subject != part.subject and not siblings(m.subject, part.subject)]
            if inside and inside[0].start < part.start:
                total = inside[0]
            node = node.parent
    if total is None or total.value <= 0:
        return None
    if part is not None:
        unit = common_unit(total, part)  # a total in 亿元 over a part in 万元 is compared in 万元
        if unit is None or in_unit(total, unit)[0] < in_unit(part, unit)[0]:
            return None
    return total


def _amounts_before(doc, pos: int) -> list:
    """The usable current/final amounts of a subject, outside the attachment, that start before ``pos``, in
    the order of the mentions."""
    amounts, starts = doc.memo("share_amounts", _share_amounts)
    if starts is None:  # mentions out of order: filter them all
        return [m for m in amounts if m.start < pos]
    return amounts[:bisect.bisect_left(starts, pos)]


def _share_amounts(doc) -> tuple[list, list[int] | None]:
    """The amounts a share may be of (computed once per document), with their starts when ascending."""
    amounts = [m for m in doc.extraction.mentions if m.type == "money" and m.role in ("current", "final")
               and usable(m) and m.subject and not in_attachment(doc, m.start)]
    starts = [m.start for m in amounts]
    return amounts, (starts if all(a <= b for a, b in zip(starts, starts[1:])) else None)


def siblings(a: str, b: str) -> bool:
    """Two parts of one breakdown, or two 类/款/项 of the same level."""
    if any(a in parts and b in parts for parts in disjoint_breakdowns()):
        return True
    pa, pb = a.split("/"), b.split("/")
    return len(pa) == len(pb) > 1 and pa[:-1] == pb[:-1] or (len(pa) == len(pb) == 1 and
                                                              bool(resolve_path(a, None, None) and resolve_path(b, None, None)))
