"""Extraction speed on the seeds: characters per second, median of repeated runs.

    python bench/extraction_speed.py [--runs 5]

Each run reads every seed from disk, builds the analysis view and structure, and extracts all
mentions and reasons (the cost a batch pays per document, before rules and reports).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from checker.readers import read_document

SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"


def one_run(paths) -> tuple[float, int, int]:
    chars = mentions = 0
    start = time.perf_counter()
    for p in paths:
        doc = read_document(p)
        chars += len(doc.source)
        mentions += len(doc.extraction.mentions)
    return time.perf_counter() - start, chars, mentions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    paths = sorted(SEEDS.glob("*.txt"))
    one_run(paths)  # warm-up: lexicons, regex compilation
    times = []
    for _ in range(args.runs):
        t, chars, mentions = one_run(paths)
        times.append(t)
    med = statistics.median(times)
    print(f"seeds: {len(paths)} documents, {chars:,} characters, {mentions} mentions")
    print(f"median of {args.runs} runs: {med:.3f} s  →  {chars / med:,.0f} characters/s, "
          f"{len(paths) / med:.1f} documents/s; min {min(times):.3f} s, max {max(times):.3f} s "
          f"(max/min ratio {max(times) / min(times):.2f})")


if __name__ == "__main__":
    main()
