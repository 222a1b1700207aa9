"""Speed of checking one document, stage by stage, over the seed corpus (no reports written).

    python bench/check_speed.py [--runs 5] [--profile] [files ...]

Each document is read and checked ``--runs`` times in this process (after one warm-up check that loads
the lexicons, jieba and the explanation model). A check is split into the stages the document model
computes lazily, forced one after the other in the order the rules would reach them:

    read       reading and decoding the file (``read_document``)
    structure  source lines, analysis view (``normalize``) and structure (sections, tables, furniture)
    facts      department, year and unit
    extract    money/percentage mentions, reasons, quantities
    tables     parsing the standard tables
    links      linking narrative figures to table cells
    sentences  sentence index of the narrative
    classify   explanation classifier (part of ``check_document``, timed on its own)
    rules      every rule and the report record (``check_document``; the stages above are cached by then)

Printed: the median of each stage per document, the median total, documents per second and characters
per second. Times are CPU times of this process (``time.process_time``), so that other work on the
machine does not blur the comparison; ``--wall`` measures wall-clock time instead. The target (issue 8) is printed, not asserted: 20 text documents per second per core.
``--profile`` prints the cProfile of one pass over the documents instead, sorted by own time.

Cold by default: before each check, ``forget_texts`` empties every cache that remembers an answer per
text (the bounded ``lru_cache`` memos of the checker's modules, the explanation model's verdicts by
reason), so that a document checked again is timed as a new document of a district would be, not as a
repeat whose reasons, cells and clauses were all seen. The caches that hold data loaded once per process
(lexicons, models, templates) stay. ``--warm`` keeps everything: the time of a re-check, and roughly that
of a batch whose documents repeat one another's wording.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import logging
import pstats
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
TARGET_PER_CORE = 20.0
STAGES = ["read", "structure", "facts", "extract", "tables", "links", "sentences", "classify", "rules"]


CLOCK = time.process_time


def forget_texts() -> int:
    """Empty the per-text caches (see the module docstring); returns how many were emptied."""
    import functools
    import sys

    emptied = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("checker") or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper):
                size = value.cache_parameters()["maxsize"]
                if size is not None and size > 1:  # None: loaded once (a lexicon); 1: a model or template
                    value.cache_clear()
                    emptied += 1
    from checker.explain.model import load

    vars(load()).pop("_checker_verdicts", None)  # classify.py's verdicts by (reason, subject)
    return emptied


def timed_check(path: Path) -> dict[str, float]:
    """One check of ``path`` with the time of each stage (seconds)."""
    from checker.explain.classify import classify_document
    from checker.pipeline import check_document
    from checker.readers import read_document

    out: dict[str, float] = {}

    def stage(name, fn):
        t = CLOCK()
        result = fn()
        out[name] = CLOCK() - t
        return result

    doc = stage("read", lambda: read_document(path))
    stage("structure", lambda: (doc.lines, doc.structure))
    stage("facts", lambda: doc.facts)
    stage("extract", lambda: doc.extraction)
    stage("tables", lambda: doc.tables)
    stage("links", lambda: doc.links)
    stage("sentences", lambda: doc.sentences)
    stage("classify", lambda: classify_document(doc) if doc.extraction.explanations else None)
    stage("rules", lambda: check_document(doc))  # the verdicts are cached on the document by then
    out["total"] = sum(out[s] for s in STAGES)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--wall", action="store_true", help="wall-clock instead of CPU time")
    ap.add_argument("--warm", action="store_true", help="keep the per-text caches between checks")
    args = ap.parse_args()
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    logging.getLogger("jieba").setLevel(logging.WARNING)
    files = args.files or sorted(SEEDS.glob("*.txt"))

    from checker.pipeline import check_path
    check_path(files[0])  # warm-up: lexicons, jieba, the explanation model
    # as a batch worker does (batch._settle): what the warm-up loaded is moved out of the collector's way,
    # otherwise a full collection (~50 ms over jieba's dictionary and the model) lands in a random stage
    gc.collect()
    gc.freeze()

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for f in files:
            check_path(f)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)
        pstats.Stats(prof).sort_stats("cumtime").print_stats(args.top)
        return

    def one(f: Path) -> dict[str, float]:
        if not args.warm:
            forget_texts()
        return timed_check(f)

    per_doc = {f: [one(f) for _ in range(args.runs)] for f in files}
    medians = {f: {s: statistics.median(r[s] for r in runs) for s in STAGES + ["total"]} for f, runs in per_doc.items()}
    chars = {f: len(f.read_text(encoding="utf-8", errors="replace")) for f in files}

    print(f"{'document':32}{'chars':>8}" + "".join(f"{s:>10}" for s in STAGES + ["total"]))
    for f in files:
        m = medians[f]
        print(f"{f.name[:31]:32}{chars[f]:>8}" + "".join(f"{m[s] * 1000:>9.1f}m" for s in STAGES + ["total"]))
    med = {s: statistics.median(m[s] for m in medians.values()) for s in STAGES + ["total"]}
    print(f"{'median':32}{'':>8}" + "".join(f"{med[s] * 1000:>9.1f}m" for s in STAGES + ["total"]))
    total = sum(m["total"] for m in medians.values())
    print(f"\nmedian check {med['total'] * 1000:.1f} ms per document; {len(files) / total:.1f} documents/s, "
          f"{sum(chars.values()) / total / 1000:.0f} k chars/s on one core (target {TARGET_PER_CORE:.0f} documents/s); "
          + ("warm: per-text caches kept" if args.warm else "cold: per-text caches emptied before each check"))


if __name__ == "__main__":
    main()
