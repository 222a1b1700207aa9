"""CPU time of each rule per document, over the seed corpus (cold, the document's stages computed first).

    python bench/rule_speed.py [--runs 5] [--profile] [files ...]

For each run and each seed: the per-text caches are emptied (``check_speed.forget_texts``), the document is
read, its structure, facts, extraction, tables, sentences and links are computed, then each rule's ``evaluate`` is timed
with ``time.process_time``. The first run is a warm-up (model loading) and is not counted. The collector is
frozen and disabled while timing, so that a collection's pause is not charged to whichever rule allocates.
Printed: per rule, the median over runs of its mean ms per document, sorted, and the total.
``--classified`` runs the explanation classifier before the rules (as ``check_speed.py`` does, whose "rules"
column then excludes it), so that V001 is timed without the model. ``--profile`` prints a cProfile of the rules alone (one run over the seeds) instead.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import logging
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_speed import SEEDS, forget_texts  # noqa: E402


def prepared(path: Path, classified: bool = False):
    from checker.readers import read_document
    forget_texts()
    doc = read_document(path)
    doc.structure, doc.facts, doc.extraction, doc.tables, doc.sentences, doc.links
    if classified and doc.extraction.explanations:
        from checker.explain.classify import classify_document
        classify_document(doc)
    return doc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--classified", action="store_true",
                    help="classify the explanations before timing (as check_speed does): V001 without the model")
    args = ap.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    files = args.files or sorted(SEEDS.glob("*.txt"))
    from checker.rules import all_rules
    rules = all_rules()
    for f in files:  # warm-up: lexicons, jieba, the explanation model
        doc = prepared(f, args.classified)
        for r in rules:
            r.evaluate(doc)
    gc.collect()
    gc.freeze()
    gc.disable()

    if args.profile:
        prof = cProfile.Profile()
        for f in files:
            doc = prepared(f, args.classified)
            prof.enable()
            for r in rules:
                r.evaluate(doc)
            prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)
        pstats.Stats(prof).sort_stats("cumtime").print_stats(args.top)
        return

    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        per_rule = {r.code: 0.0 for r in rules}
        for f in files:
            doc = prepared(f, args.classified)
            for r in rules:
                t = time.process_time()
                r.evaluate(doc)
                per_rule[r.code] += time.process_time() - t
            gc.collect()
        runs.append({k: v / len(files) for k, v in per_rule.items()})
    med = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
    totals = [sum(run.values()) for run in runs]
    for code, v in sorted(med.items(), key=lambda kv: -kv[1]):
        print(f"{code:6}{v * 1000:8.2f} ms")
    print(f"total {statistics.median(totals) * 1000:.2f} ms per document (median of {args.runs} runs; "
          f"runs {', '.join(f'{t * 1000:.1f}' for t in totals)})")


if __name__ == "__main__":
    main()
