"""Golden outputs for speed work: a change that only makes the checker faster must leave every output as it was.

    python bench/golden.py save DIR      # build the inputs and record the outputs of the current code in DIR
    python bench/golden.py compare DIR   # run the current code on the same inputs and list every difference

The inputs (built once, in DIR/inputs, deterministic) are the seed corpus, a synthetic district of
``--docs`` documents (bench/batch_speed.py's generator: other departments, shifted years, perturbed
figures), and each seed written as a Word file (python-docx; tab-separated rows as Word tables) and a PDF
(PyMuPDF text boxes). The outputs are those of one real batch run (``python -m checker batch --no-cache
--jobs 1``, or ``--jobs N`` given): every JSON and HTML report, findings.csv, the cells of findings.xlsx, summary.json and the
dashboard, with run times and the output folder's own name taken out.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

TIMING = regex.compile(r"用时\s*[\d.]+\s*秒")
SECONDS = regex.compile(r"\"seconds\": [\d.]+")


def build_inputs(folder: Path, docs: int) -> None:
    from batch_speed import build_district

    if folder.exists():
        return
    seeds = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
    (folder / "seeds").mkdir(parents=True)
    for p in seeds:
        shutil.copy(p, folder / "seeds" / p.name)
    build_district(folder / "district", docs)
    (folder / "formats").mkdir()
    for p in seeds:
        text = p.read_text(encoding="utf-8")
        write_docx(folder / "formats" / f"{p.stem}.docx", text)
        write_pdf(folder / "formats" / f"{p.stem}.pdf", text)


def write_docx(path: Path, text: str) -> None:
    import docx

    d = docx.Document()
    rows: list[list[str]] = []

    def flush():
        if rows:
            width = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=width)
            for i, r in enumerate(rows):
                for j, v in enumerate(r):
                    t.cell(i, j).text = v
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            flush()
            d.add_paragraph(line)
    flush()
    d.save(path)


def write_pdf(path: Path, text: str) -> None:
    import pymupdf

    pdf = pymupdf.open()
    lines = text.splitlines()
    k = 0
    while k < len(lines):
        n = 45
        while True:  # a text box that overflows writes nothing: fewer lines on that page then
            page = pdf.new_page()
            left = page.insert_textbox(pymupdf.Rect(40, 40, 560, 800), "\n".join(lines[k:k + n]), fontname="china-s",
                                       fontsize=8)
            if left >= 0 or n == 1:
                break
            pdf.delete_page(-1)
            n = max(1, n * 2 // 3)
        k += n
    pdf.save(path)


def run(inputs: Path, out: Path, jobs: int = 1) -> None:
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "checker", "batch", str(inputs), "-o", str(out), "--no-cache", "--jobs", str(jobs),
           "-q"]
    subprocess.run(cmd, check=False, capture_output=True)


def snapshot(out: Path, inputs: Path) -> dict[str, object]:
    """Every output of a batch, as comparable values.

    The input folder's path (summary.json's ``input``, the dashboard's list of materials) and the tool
    fingerprint (a hash of the tool's own code, which any edit changes) are taken out, so that a golden
    recorded in one folder or checkout compares with a run of other code in another.
    """
    snap: dict[str, object] = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if not p.is_file() or rel.startswith(".cache"):
            continue
        if p.suffix == ".xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(p, read_only=True)
            snap[rel] = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
            continue
        text = p.read_text(encoding="utf-8").replace(str(out), "<OUT>")
        for form in {str(inputs.resolve()), str(inputs)}:
            text = text.replace(form, "<IN>")
        text = SECONDS.sub('"seconds": 0', TIMING.sub("<TIME>", text))
        if p.suffix == ".json":
            data = json.loads(text)
            if rel == "summary.json":
                data.pop("run", None)
                data.get("tool", {}).pop("fingerprint", None)
            snap[rel] = data
        else:
            snap[rel] = text
    return snap


def diff(a, b, where: str = "", out: list | None = None, limit: int = 40) -> list[str]:
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{where}/{k}: only in {'golden' if k in a else 'new'}")
            else:
                diff(a[k], b[k], f"{where}/{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items in golden, {len(b)} now")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{where}[{i}]", out, limit)
    elif a != b:
        if isinstance(a, str) and isinstance(b, str) and len(a) > 200:
            i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            out.append(f"{where}: differs at character {i}: golden …{a[max(0, i - 60):i + 60]!r}… now …{b[max(0, i - 60):i + 60]!r}…")
        else:
            out.append(f"{where}: golden {a!r}, now {b!r}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["save", "compare"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--docs", type=int, default=40, help="synthetic district size (default 40)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="the batch's --jobs (default 1; compare with 2 to check the worker processes' paths)")
    a = ap.parse_args()
    inputs = a.dir / "inputs"
    build_inputs(inputs, a.docs)
    target = a.dir / ("golden" if a.action == "save" else "now")
    run(inputs, target, a.jobs)
    snap = snapshot(target, inputs)
    if a.action == "save":
        (a.dir / "golden.json").write_text(json.dumps(snap, ensure_ascii=False), encoding="utf-8")
        print(f"saved {len(snap)} outputs of {sum(1 for p in inputs.rglob('*') if p.is_file())} inputs in {a.dir}")
        return
    golden = json.loads((a.dir / "golden.json").read_text(encoding="utf-8"))
    problems = diff(golden, json.loads(json.dumps(snap, ensure_ascii=False)))
    for line in problems:
        print(line)
    print(f"{len(snap)} outputs compared: " + ("identical" if not problems else f"{len(problems)}+ differences"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
