"""CPU time the batch parent spends on findings.xlsx: WorkbookWriter.add per document (the rows) and
WorkbookWriter.close (the file), over the JSON reports of an earlier batch.

    python bench/xlsx_speed.py /tmp/o1000/reports --runs 5
    python bench/xlsx_speed.py /tmp/o1000/reports --profile add

Compare two checkouts by running this script alternately with ``PYTHONPATH`` set to each. Medians of
``--runs`` runs of ``time.process_time``; the reports are loaded (and trimmed as the batch trims them)
before the clock starts.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path


def load(folder: Path, limit: int | None) -> list[dict]:
    records = []
    for p in sorted(folder.glob("*.json"))[:limit]:
        f = json.loads(p.read_text(encoding="utf-8"))
        records.append({"document": f["document"], "findings": f["findings"],
                        "explanations": f.get("explanations") or [], "mentions": f.get("mentions") or [],
                        **({"rules": f["rules"]} if f.get("rules") else {})})
    return records


def one_run(records: list[dict], folder: str) -> tuple[float, float]:
    from checker.reporters.xlsx import WorkbookWriter

    target = Path(folder) / "findings.xlsx"
    t0 = time.process_time()
    writer = WorkbookWriter(target)
    for r in records:
        writer.add(r)
    t1 = time.process_time()
    writer.close()
    t2 = time.process_time()
    return t1 - t0, t2 - t1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", type=Path, help="folder of JSON reports (a batch's reports/)")
    ap.add_argument("--docs", type=int, default=None, help="the first N reports only")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", choices=("add", "close"), help="cProfile that part of one run instead")
    args = ap.parse_args(argv)
    records = load(args.reports, args.docs)
    # the loaded reports are many objects the batch parent does not hold: out of the collector's sight,
    # as they would otherwise make each full collection during the run slower than in the batch
    gc.freeze()
    n = len(records)
    cells = sum(len(r["findings"]) * 19 + len(r["explanations"]) * 15 for r in records)
    import checker

    print(f"{checker.__file__}: {n} documents, {cells} cells", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        if args.profile:
            import cProfile
            import pstats

            from checker.reporters.xlsx import WorkbookWriter

            writer = WorkbookWriter(Path(tmp) / "p.xlsx")
            prof = cProfile.Profile()
            if args.profile == "add":
                prof.enable()
            for r in records:
                writer.add(r)
            if args.profile == "close":
                prof.enable()
            writer.close()
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(25)
            return 0
        runs = [one_run(records, tmp) for _ in range(args.runs)]
    rows = statistics.median(a for a, _ in runs) * 1000 / n
    close = statistics.median(b for _, b in runs) * 1000 / n
    print(f"rows {rows:.2f} ms/doc ({rows * 1000 * n / cells:.2f} µs/cell), close {close:.2f} ms/doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
