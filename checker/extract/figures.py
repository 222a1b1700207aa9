"""Running the recognizers over the analysis view and resolving overlaps."""

from __future__ import annotations

import bisect
from operator import attrgetter

import regex

from checker.extract.recognizer import Hit, Trigger
from checker.extract.recognizers import RECOGNIZERS
from checker.extract.recognizers.money import UNIT_FIRST
from checker.extract.recognizers.quantity import COUNT_UNITS, MEASURE_UNITS, first_chars

# A hit holds a line break only inside a run of blanks that one of its ``\s*`` matched, and such a run
# always lies between two characters of the hit: after a digit, the "." of a residue ("0.\n万元"), 年,
# 月 or the 万, m and ^ of a measure unit, and before a digit, a unit ("元", "%", "个百分点", "年", "月",
# "日", a count or measure unit) or the m, ^ and ² of a measure unit.
# ``tests/test_fast_paths_extract4.py`` checks this on every match of every recognizer pattern.
BREAK_BEFORE = regex.compile(r"[\d.年月万m^]")
BREAK_AFTER = regex.compile(
    "[\\d" + regex.escape("".join(sorted(set(UNIT_FIRST + "%％﹪个百年月日m^²" + first_chars(MEASURE_UNITS)
                                              + first_chars(COUNT_UNITS))))) + "]")
BLANKS = regex.compile(r"\s*")
BLANKS_BACK = regex.compile(r"\s*", regex.REVERSE)


def may_cross(text: str, pos: int) -> bool:
    """Can a hit that starts before the line break at ``pos - 1`` reach the first character after
    it that is not a blank? (Reaching only blanks, it overlaps no hit: a hit starts with a non-blank.)
    Only across a run of blanks with a BREAK_BEFORE character before it and a BREAK_AFTER one after."""
    before = BLANKS_BACK.match(text, 0, pos).start() - 1
    after = BLANKS.match(text, pos).end()
    return before >= 0 and after < len(text) and BREAK_BEFORE.match(text, before) is not None \
        and BREAK_AFTER.match(text, after) is not None


def line_starts(text: str) -> list[int]:
    """Where each line of ``text.split("\\n")`` starts, and one more: where a line after the last would."""
    starts, pos = [], 0
    for part in text.split("\n"):
        starts.append(pos)
        pos += len(part) + 1
    starts.append(pos)
    return starts


def _windows(text: str, starts: list[int], wanted: list[bool]) -> list[tuple[int, int]]:
    """The spans of the runs of wanted lines, each widened by the lines next to it that a hit may reach
    from it or into it (until no hit can cross its edges), merged where they meet."""
    n = len(starts) - 1  # lines
    windows: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if i >= len(wanted) or not wanted[i]:  # (a missing flag: not wanted)
            i += 1
            continue
        j = i + 1  # the run of wanted lines [i, j)
        while j < n and j < len(wanted) and wanted[j]:
            j += 1
        while i > 0 and may_cross(text, starts[i]):
            i -= 1
        while j < n and may_cross(text, starts[j]):
            j += 1
        a, b = starts[i], starts[j] - 1
        if windows and windows[-1][1] >= a - 1:  # it meets the previous window
            windows[-1] = (windows[-1][0], max(windows[-1][1], b))
        else:
            windows.append((a, b))
        i = j
    return windows


def find_hits(text: str, wanted: list[bool] | None = None, starts: list[int] | None = None) -> list[Hit]:
    """All hits, overlaps resolved: the longer span wins, then the higher score.

    Non-money recognizers (years, dates, counts, codes, phone numbers) take part in the same
    resolution, so a year or a vehicle count is never read as an amount.

    With ``wanted`` (one flag per line of ``text.split("\\n")``): the hits above that start in a
    wanted line, found without reading the other lines (table rows, the table of contents). Hits
    compete only with the hits they overlap, so the recognizers run only on the wanted lines and the
    lines a hit may cross into from them (:func:`may_cross`): no hit outside can touch one inside.
    ``starts``: ``line_starts(text)``, when the caller has it.
    """
    if wanted is not None and starts is None:
        starts = line_starts(text)
    windows = None if wanted is None else _windows(text, starts, wanted)
    hits: list[Hit] = []
    trigger = Trigger(text, windows)
    for r in RECOGNIZERS:
        hits.extend(r.analyze(text, trigger))
    kept = resolve(hits)
    if wanted is not None:
        n = len(wanted)
        kept = [h for h in kept if (i := bisect.bisect_right(starts, h.start) - 1) < n and wanted[i]]
    return kept


def resolve(hits: list[Hit]) -> list[Hit]:
    """The hits kept, in order of start: taken longest first (then the higher score, then the earlier
    start), each kept unless it overlaps one kept before it.

    Hits are grouped in runs that overlap one another (a run ends where no hit reaches the next start):
    a hit of one run overlaps no hit of another, so each run is resolved on its own, and a hit alone in
    its run (most of them) is kept without comparing it with anything."""
    hits = sorted(hits, key=_START)
    kept: list[Hit] = []
    run: list[Hit] = []
    run_end = -1
    for h in hits:
        if h.start >= run_end and run:  # h starts a new run: the last one is complete
            kept.extend(run if len(run) == 1 else _resolve_run(run))
            run = []
        run.append(h)
        run_end = max(run_end, h.end)
    kept.extend(run if len(run) == 1 else _resolve_run(run))
    return kept


_START = attrgetter("start")


def _resolve_run(run: list[Hit]) -> list[Hit]:
    """:func:`resolve` for hits that overlap one another: each compared with those kept before it."""
    kept: list[Hit] = []
    for h in sorted(run, key=lambda h: (-(h.end - h.start), -h.score, h.start)):
        if all(h.end <= k.start or k.end <= h.start for k in kept):
            kept.append(h)
    return sorted(kept, key=_START)
