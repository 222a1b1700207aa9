"""Running the recognizers over the analysis view and resolving overlaps."""

from __future__ import annotations

from checker.extract.recognizer import Hit, Trigger
from checker.extract.recognizers import RECOGNIZERS


def find_hits(text: str) -> list[Hit]:
    """All hits, overlaps resolved: the longer span wins, then the higher score.

    Non-money recognizers (years, dates, counts, codes, phone numbers) take part in the same
    resolution, so a year or a vehicle count is never read as an amount.
    """
    hits: list[Hit] = []
    trigger = Trigger(text)
    for r in RECOGNIZERS:
        hits.extend(r.analyze(text, trigger))
    hits.sort(key=lambda h: (-(h.end - h.start), -h.score, h.start))
    kept: list[Hit] = []
    occupied = bytearray(len(text) + 1)
    for h in hits:
        if 1 in occupied[h.start:h.end]:
            continue
        kept.append(h)
        occupied[h.start:h.end] = b"\x01" * (h.end - h.start)
    kept.sort(key=lambda h: h.start)
    return kept
