"""Batch throughput on a synthetic district: documents per second with --jobs 1 and --jobs 2, peak memory,
and the time of a cached re-run.

    python bench/batch_speed.py [--docs 60] [--runs 3] [--profile] [--stages]

The district is built in a temporary folder from the seed corpus: copies of the seeds with another
department name, shifted fiscal years (each department gets two consecutive years, so the cross-year
check runs) and perturbed figures. Every run is the real command line (``python -m checker batch``) in a
fresh output folder, end to end: reading, checking, both passes, every report (JSON + HTML), the CSV, the
XLSX and the dashboard. Peak memory is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single
process) and, with psutil, the largest sum over the batch's process tree sampled every 50 ms.
Targets are printed next to the measurements, not asserted. ``--stages`` also runs the batch once in this
process (``--jobs 1``) and prints where the time goes: checking, the hand-over between the passes, the
reports (JSON, HTML), the tables (CSV, XLSX), the summary and the dashboard.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
DISTRICTS = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "汉南区", "蔡甸区", "江夏区",
             "黄陂区", "新洲区"]
BUREAUS = ["教育局", "财政局", "民政局", "司法局", "审计局", "统计局", "水务局", "商务局", "城市管理执法局", "住房和城市更新局",
           "文化和旅游局", "卫生健康局", "退役军人事务局", "应急管理局", "市场监督管理局", "医疗保障局", "人民政府办公室",
           "机关事务服务中心", "政务服务中心", "档案馆"]
YEAR = regex.compile(r"(?<!\d)(20[12]\d)(?=\s*年)")
AMOUNT = regex.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?!\d)")
TARGET_PER_CORE = 20.0  # text documents per second per core, end to end
TARGET_1000 = 120.0  # seconds for 1,000 documents
TARGET_MEMORY_MB = 1024.0
# Each run's output is deleted only at the end (with the temporary folder), not before the next run: ext4
# without a journal (this machine's root filesystem) skips, when it allocates an inode, every inode freed in
# the last minute (six while the freed inode's table block is not yet written back); deleting one run's
# ~4,000 files right before the next run made that run scan past them for every file it created (perf: up
# to 6 % of its CPU in find_inode_bit/recently_deleted and the lock around them; creating a file then costs
# ~0.7 ms instead of ~0.03). A batch run by a reviewer does not follow such a deletion. Disk: ~1.7 GB per
# 1,000-document run. When this invocation deleted files (a --keep folder's district and outputs of an
# earlier invocation), it writes the freed inodes back (sync) and waits FREED_WAIT seconds before measuring.
FREED_WAIT = 61


def seed_facts() -> list[tuple[str, str, int]]:
    from checker.readers import read_document

    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        doc = read_document(p)
        facts = doc.facts.to_dict()
        out.append((doc.source, facts["department"] or "", facts["year"] or 2023))
    return out


def department_name(k: int) -> str:
    name = DISTRICTS[k % len(DISTRICTS)] + BUREAUS[(k // len(DISTRICTS)) % len(BUREAUS)]
    rounds = k // (len(DISTRICTS) * len(BUREAUS))
    return "武汉市" + name + (f"第{rounds + 1}分局" if rounds else "")


def synthetic_document(seed: tuple[str, str, int], department: str, year: int, rng: random.Random) -> str:
    text, old_department, old_year = seed
    if old_department:
        text = text.replace(old_department, department)
    delta = year - old_year
    text = YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)

    def perturb(m):
        if rng.random() > 0.3:
            return m.group(0)
        return f"{m.group(1)}.{m.group(2)[0]}{rng.randrange(10)}"

    return AMOUNT.sub(perturb, text)


def build_district(folder: Path, n: int, seeds=None, seed: int = 8) -> list[Path]:
    """``n`` documents: department k = i // 2 has fiscal years 2023 and 2022 (i even / odd)."""
    seeds = seeds or seed_facts()
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        k = i // 2
        year = 2023 - (i % 2)
        dept = department_name(k)
        path = folder / DISTRICTS[k % len(DISTRICTS)] / f"{dept}_{year}年度部门决算.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic_document(seeds[k % len(seeds)], dept, year, rng), encoding="utf-8")
        paths.append(path)
    return paths


class TreeSampler:
    """Peak of the summed resident memory of a process and its descendants (psutil, if installed)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        try:
            import psutil
        except ImportError:
            self.psutil = None
            return
        self.psutil = psutil
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        ps = self.psutil
        try:
            root = ps.Process(self.pid)
        except ps.Error:
            return
        while not self._stop.is_set():
            try:
                procs = [root] + root.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except ps.Error:
                        pass
                self.peak = max(self.peak, total)
            except ps.Error:
                return
            self._stop.wait(0.05)

    def stop(self) -> float | None:
        if self.psutil is None:
            return None
        self._stop.set()
        self.thread.join()
        return self.peak / 2**20


def creation_cost(folder: Path, n: int = 300) -> float:
    """CPU milliseconds to create one small file in a new subfolder of ``folder``: a batch creates four files
    per document (two reports, two cache entries), and on this machine's ext4 without a journal creating one
    costs from 0.03 to 0.8 ms depending on how many recently freed inodes the allocator scans past in that
    part of the disk (perf: find_inode_bit/recently_deleted), which moves a 1,000-document run by up to ~3 s
    of CPU. Printed with the measurements so that runs on different days compare. The files stay until the
    benchmark ends (deleting them would make the next run's creations scan past them)."""
    probe = Path(tempfile.mkdtemp(prefix="probe-", dir=folder))
    t0 = time.process_time()
    for i in range(n):
        (probe / f"{i}").write_bytes(b"x")
    return (time.process_time() - t0) / n * 1000


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and their own waited-for children."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_batch(src: Path, out: Path, jobs: int, extra=()) -> tuple[float, float | None, dict]:
    """Wall seconds, process-tree memory peak (MB, or None) and summary.json's ``run`` (with ``cpu_seconds``
    added: the CPU time of the whole process tree, which other load on the machine disturbs less)."""
    cmd = [sys.executable, "-m", "checker", "batch", str(src), "-o", str(out), "-q", "--jobs", str(jobs), *extra]
    cpu0 = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu0
    tree = sampler.stop()
    if proc.returncode > 1:
        raise SystemExit(f"batch failed ({proc.returncode}): {err.decode('utf-8', 'replace')[-2000:]}")
    import json

    run = json.loads((out / "summary.json").read_text(encoding="utf-8"))["run"]
    run["cpu_seconds"] = cpu
    return seconds, tree, run


def children_maxrss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def profile(paths: list[Path], top: int = 25) -> None:
    """cProfile of checking (pass one) + rendering in this process, after a warm-up document."""
    import cProfile
    import io
    import pstats

    from checker.batch import check_task, finalise_task

    check_task({"name": paths[0].name, "path": str(paths[0])})
    pr = cProfile.Profile()
    pr.enable()
    for p in paths:
        r = check_task({"name": p.name, "path": str(p)})
        finalise_task({"name": p.name, "blob": r["blob"], "facts": r["meta"]["batch"],
                       "df": [1] * len(r["meta"]["batch"]["reasons"]), "x001": None})
    pr.disable()
    buf = io.StringIO()
    stats = pstats.Stats(pr, stream=buf).sort_stats("cumulative")
    stats.print_stats(top)
    print(f"\n---- cProfile, {len(paths)} documents in one process, by cumulative time (top {top}) ----")
    print(buf.getvalue())
    buf = io.StringIO()
    pstats.Stats(pr, stream=buf).sort_stats("tottime").print_stats(top)
    print(f"---- by own time (top {top}) ----")
    print(buf.getvalue())


# (module, function, label): timed in --stages; nested stages are included in their parent's time
STAGES = [
    ("checker.batch", "check_task", "pass 1 (a worker's task: check + record + hand-over)"),
    ("checker.pipeline", "check_path", "  reading and checking (check_path)"),
    ("checker.batch", "batch_facts", "  what pass two needs (batch_facts)"),
    ("checker.batch", "reason_frequencies", "between the passes: document frequencies"),
    ("checker.batch", "cross_year_checks", "between the passes: cross-year check (X001)"),
    ("checker.batch", "finalise_task", "pass 2 (a worker's task: finalise + render)"),
    ("checker.batch", "finalise_report", "  finalise the record (doc_frequency, V001, X001)"),
    ("checker.batch", "render_outputs", "  render the reports"),
    ("checker.reporters.json", "report_json_bytes", "    JSON report"),
    ("checker.reporters.html", "render_html", "    HTML report"),
    ("checker.batch", "final_record", "    the record kept by the parent"),
    ("checker.batch", "build_summary", "summary.json content"),
    ("checker.batch", "TableWriter.put", "tables: CSV + XLSX rows (as the reports come)"),
    ("checker.batch", "TableWriter.close", "tables: the files finished"),
    ("checker.reporters.xlsx", "WorkbookWriter.add", "  XLSX rows (XlsxWriter)"),
    ("checker.reporters.xlsx", "WorkbookWriter.close", "  XLSX file (XlsxWriter)"),
    ("checker.reporters.xlsx", "render_xlsx_openpyxl", "  XLSX (openpyxl)"),
    ("checker.dashboard", "render_dashboard", "dashboard (index.html)"),
]


def stages(src: Path, n_docs: int, folder: Path | None = None) -> None:
    """One in-process batch (``--jobs 1``, no cache) with the functions of STAGES timed in CPU time of this
    process (``time.process_time``: other load on the machine changes it little)."""
    import importlib

    from checker.batch import run_batch as batch

    totals: dict[tuple, list] = {}
    patched = []
    for module, name, label in STAGES:
        mod = importlib.import_module(module)
        *owner, name = name.split(".")  # "Class.method": a method
        mod = getattr(mod, owner[0]) if owner else mod
        real = getattr(mod, name)
        key = (module, ".".join([*owner, name]))
        totals[key] = [0.0, 0]

        def timed(*a, _real=real, _key=key, **kw):
            t0 = time.process_time()
            try:
                return _real(*a, **kw)
            finally:
                totals[_key][0] += time.process_time() - t0
                totals[_key][1] += 1

        setattr(mod, name, timed)
        patched.append((mod, name, real))
    try:
        with tempfile.TemporaryDirectory(prefix="checker-stages-", dir=folder) as out:
            t0 = time.process_time()
            batch(src, out, jobs=1, use_cache=False)
            wall = time.process_time() - t0
    finally:
        for mod, name, real in patched:
            setattr(mod, name, real)
    print(f"\n---- stages: one in-process batch (--jobs 1, --no-cache) of {n_docs} documents: {wall:.2f} s CPU "
          f"({wall / n_docs * 1000:.0f} ms per document, after imports) ----")
    for module, name, label in STAGES:
        seconds, calls = totals[(module, name)]
        if calls:
            print(f"  {label:<56} {seconds:7.2f} s  {seconds / n_docs * 1000:7.1f} ms/doc  ({calls} calls)")


def timeline(src: Path, n_docs: int, jobs: int, folder: Path) -> None:
    """One batch in this process (``--no-cache``) at ``jobs``, split in wall seconds: the start and pass one
    (imports, the model, forking, checking), pass two and the end (summary, workbook, dashboard), with the
    CPU of this process and of its workers: where a --jobs 2 run leaves a core idle."""
    import resource

    from checker import batch

    marks: dict[str, float] = {}
    start = time.perf_counter()
    patched = []
    for name in ("reason_frequencies", "_prune"):
        real = getattr(batch, name)

        def marked(*a, _real=real, _name=name, **kw):
            marks.setdefault(_name, time.perf_counter() - start)
            return _real(*a, **kw)

        setattr(batch, name, marked)
        patched.append((name, real))
    try:
        out = Path(tempfile.mkdtemp(prefix="out-timeline-", dir=folder))  # kept until the end: see FREED_WAIT
        batch.run_batch(src, out, jobs=jobs, use_cache=False)
    finally:
        for name, real in patched:
            setattr(batch, name, real)
    end = time.perf_counter() - start
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\n---- timeline of one --jobs {jobs} batch of {n_docs} documents (wall seconds) ----")
    print(f"  start and pass one {marks['reason_frequencies']:.2f}, pass two "
          f"{marks['_prune'] - marks['reason_frequencies']:.2f}, the end {end - marks['_prune']:.2f}; in all {end:.2f} s")
    print(f"  CPU: this process {me.ru_utime + me.ru_stime:.1f} s, its workers {kids.ru_utime + kids.ru_stime:.1f} s "
          f"(user {me.ru_utime + kids.ru_utime:.1f} s, system {me.ru_stime + kids.ru_stime:.1f} s; page faults "
          f"{me.ru_minflt + kids.ru_minflt:,})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60, help="documents in the synthetic district (default 60)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are printed (default 3)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to compare (default 1 2)")
    ap.add_argument("--profile", action="store_true", help="also profile 10 documents in-process (cProfile)")
    ap.add_argument("--stages", action="store_true", help="also time the stages of one in-process batch (--jobs 1)")
    ap.add_argument("--stages-only", action="store_true", help="only the stages (no end-to-end runs)")
    ap.add_argument("--keep", metavar="DIR", help="build the district in DIR and keep it")
    ap.add_argument("--timeline", type=int, metavar="JOBS",
                    help="only split one in-process batch at --jobs JOBS into its start, passes and end")
    args = ap.parse_args()

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="checker-bench-"))
    try:
        src = tmp / "district"
        deleted = src.exists()
        if deleted:
            shutil.rmtree(src)
        stale = [p for p in tmp.glob("out-*") if p.is_dir()]
        for p in stale:
            shutil.rmtree(p)
        paths = build_district(src, args.docs)
        if deleted or stale:
            print(f"(files of an earlier invocation in {tmp} deleted: sync, then waiting {FREED_WAIT} s, see FREED_WAIT)")
            os.sync()
            time.sleep(FREED_WAIT)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        print(f"synthetic district: {len(paths)} text documents, {chars:,} characters, "
              f"{len({p.parent for p in paths})} districts; {os.cpu_count()} cores; runs per measurement: {args.runs}")
        print(f"creating a file in {tmp}: {creation_cost(tmp):.3f} ms of CPU (see creation_cost)")

        results = {}
        tree_peak = 0.0
        if args.stages_only:
            stages(src, len(paths), tmp)
            return
        if args.timeline:
            timeline(src, len(paths), args.timeline, tmp)
            return
        for jobs in args.jobs:
            times, trees, cpus = [], [], []
            for r in range(args.runs):
                out = tmp / f"out-j{jobs}-{r}"
                seconds, tree, run = run_batch(src, out, jobs)
                times.append(seconds)
                cpus.append(run["cpu_seconds"])
                if tree is not None:
                    trees.append(tree)
                # the output stays until the end: see FREED_WAIT
            med = statistics.median(times)
            results[jobs] = med
            rate = len(paths) / med
            tree_txt = f", process tree peak {max(trees):,.0f} MB" if trees else ""
            tree_peak = max([tree_peak, *trees])
            cpu = statistics.median(cpus)
            print(f"--jobs {jobs}: median {med:.2f} s (min {min(times):.2f}, max {max(times):.2f}) → {rate:.2f} documents/s, "
                  f"{rate / jobs:.2f} per core{tree_txt}; CPU time {cpu:.1f} s ({cpu / len(paths) * 1000:.0f} ms per document)")

        # cache: a full run, then unchanged re-runs, then one document changed
        out = tmp / "out-cache"
        jobs = max(args.jobs)
        first, _, _ = run_batch(src, out, jobs)
        reruns = [run_batch(src, out, jobs) for _ in range(args.runs)]
        again = statistics.median(r[0] for r in reruns)
        rechecked = max(r[2]["checked_now"] for r in reruns)
        changed = paths[len(paths) // 2]
        changed.write_text(changed.read_text(encoding="utf-8").replace("主要原因是", "主要原因为", 1), encoding="utf-8")
        one, _, one_run = run_batch(src, out, jobs)
        peak = children_maxrss_mb()

        print(f"cache (--jobs {jobs}): first run {first:.2f} s; unchanged re-run median {again:.2f} s "
              f"({first / again:.1f}× faster; documents re-checked: {rechecked}); one document changed {one:.2f} s "
              f"(re-checked {one_run['checked_now']}, reports rewritten {one_run['reports_written']})")
        print(f"peak memory: largest single process {peak:,.0f} MB (getrusage RUSAGE_CHILDREN ru_maxrss)")

        print("\ntargets (printed, not asserted):")
        best_jobs = max(results, key=lambda j: len(paths) / results[j])
        per_core = {j: len(paths) / results[j] / j for j in results}
        print(f"  ≥ {TARGET_PER_CORE:.0f} text documents per second per core: measured "
              + ", ".join(f"{per_core[j]:.2f} (--jobs {j})" for j in sorted(per_core))
              + "  " + " ".join(f"{'✓' if per_core[j] >= TARGET_PER_CORE else '✗'} (--jobs {j})" for j in sorted(per_core)))
        est = 1000 / (len(paths) / results[best_jobs])
        print(f"  1,000 documents in under {TARGET_1000:.0f} s: estimated {est:.0f} s at --jobs {best_jobs} "
              f"(from {len(paths)} documents){'  ✓' if est < TARGET_1000 else '  ✗'}")
        worst = max(peak, tree_peak)
        print(f"  peak memory under {TARGET_MEMORY_MB:,.0f} MB: largest process {peak:,.0f} MB"
              + (f", whole process tree {tree_peak:,.0f} MB" if tree_peak else "")
              + ("  ✓" if worst < TARGET_MEMORY_MB else "  ✗"))
        if 1 in results and 2 in results:
            print(f"  ratio --jobs 2 / --jobs 1 throughput: {results[1] / results[2]:.2f}× (ideal 2.0×)")
        if args.stages:
            stages(src, len(paths), tmp)
        if args.profile:
            profile(paths[:10])
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
