"""Checking every submission in a folder (sequential for now) and writing one output folder."""

from __future__ import annotations

import json
from pathlib import Path

from checker import REPORT_SCHEMA, __version__
from checker.pipeline import Report, check_path
from checker.reporters.csv import render_csv
from checker.reporters.html import render_html, render_index

# files a reviewer would drop in a submissions folder; unsupported ones are listed as failed
CANDIDATE_SUFFIXES = {".txt", ".text", ".pdf", ".docx", ".doc", ".wps", ".xls", ".xlsx", ".et", ".ofd"}


def collect(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in CANDIDATE_SUFFIXES
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted(files)


def output_stem(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    return "__".join(rel.with_suffix("").parts) + ("_" + path.suffix.lstrip(".").lower() if path.suffix else "")


def run_batch(root: str | Path, out: str | Path, progress=None) -> dict:
    root, out = Path(root), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "reports").mkdir(exist_ok=True)
    files = collect(root)
    reports: list[dict] = []
    entries: list[dict] = []
    for n, path in enumerate(files, 1):
        report: Report = check_path(path)
        d = report.to_dict()
        d["document"]["path"] = str(path.relative_to(root))
        stem = output_stem(root, path)
        (out / "reports" / f"{stem}.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / "reports" / f"{stem}.html").write_text(render_html(d), encoding="utf-8")
        reports.append(d)
        entries.append({
            "path": d["document"]["path"], "status": d["status"], "error": d["error"],
            "kind": d["document"].get("kind"), "department": d["document"].get("department"),
            "year": d["document"].get("year"), "summary": d["summary"] if d["status"] == "checked" else None,
            "report_json": f"reports/{stem}.json", "report_html": f"reports/{stem}.html",
        })
        if progress:
            progress(n, len(files), path, report)
    totals = {"documents": len(entries), "checked": sum(e["status"] == "checked" for e in entries),
              "failed": sum(e["status"] == "failed" for e in entries)}
    for sev in ("error", "warning", "info"):
        totals[sev] = sum((e["summary"] or {}).get(sev, 0) for e in entries)
    summary = {"schema": "checker.batch/1", "report_schema": REPORT_SCHEMA,
               "tool": {"name": "checker", "version": __version__}, "input": str(root),
               "totals": totals, "documents": entries}
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "findings.csv").write_text(render_csv(reports), encoding="utf-8")
    (out / "index.html").write_text(render_index(summary), encoding="utf-8")
    return summary
