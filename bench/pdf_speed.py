"""PDF reading speed per page against PyMuPDF's own text extraction (issue 8: "PDF pages at PyMuPDF
speed, not pdfplumber speed").

    python bench/pdf_speed.py [--pages 40] [--runs 5]

A PDF is drawn here with PyMuPDF from the seed corpus: narrative pages (the seeds' prose lines) and
ruled-table pages (the seeds' tab-separated table rows inside a lattice of cell borders, the way
exported final-account tables look). Measured per page, CPU time, median of ``--runs``:

    pymupdf text   ``page.get_text("text", sort=True)``: the floor, PyMuPDF's plain sorted text
    pymupdf tables ``page.find_tables(use_layout=False)`` (the lattice finder the checker uses), every
                   table's cells (``extract``) and header (``header``, which PyMuPDF computes lazily:
                   it looks above the table for column names) and the sorted text: what any table-aware PyMuPDF
                   reader pays
    checker page   ``pdf_layout.page_text``: our page reader (tables as tab-separated rows, undoubling)
    checker read   ``read_document``: the whole reader (opening, every page, garbled-text checks,
                   the document model), divided by the page count
    pdfplumber     ``extract_text`` per page, only if pdfplumber happens to be installed (it is not a
                   dependency of the checker)

Printed: medians in ms per page, and the ratios of the checker to PyMuPDF. Narrative and table pages
are reported apart, because only table pages pay for table detection.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
CLOCK = time.process_time


def seed_lines() -> tuple[list[str], list[list[str]]]:
    prose, rows = [], []
    for p in sorted(SEEDS.glob("*.txt")):
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            if "\t" in line:
                cells = [c.strip() for c in line.split("\t")]
                if 3 <= len(cells) <= 8:
                    rows.append(cells)
            else:
                prose.append(line)
    return prose, rows


def build_pdf(path: Path, pages: int) -> dict[str, list[int]]:
    """Alternate narrative and table pages; returns the page numbers (0-based) of each kind."""
    import pymupdf

    prose, rows = seed_lines()
    pdf = pymupdf.open()
    kinds: dict[str, list[int]] = {"narrative": [], "table": []}
    p_at, r_at = 0, 0
    for n in range(pages):
        page = pdf.new_page()
        if n % 2 == 0:
            chunk = []
            while len("".join(chunk)) < 1400:
                chunk.append(prose[p_at % len(prose)])
                p_at += 1
            page.insert_textbox(pymupdf.Rect(50, 50, 545, 800), "\n".join(chunk), fontname="china-s", fontsize=10)
            kinds["narrative"].append(n)
        else:
            y = 50.0
            page.insert_text((50, y), "一般公共预算财政拨款支出决算表", fontname="china-s", fontsize=12)
            y += 20
            for _ in range(30):
                cells = rows[r_at % len(rows)]
                r_at += 1
                width = 495 / len(cells)
                for c, text in enumerate(cells):
                    x0 = 50 + c * width
                    page.draw_rect(pymupdf.Rect(x0, y, x0 + width, y + 22), color=(0, 0, 0), width=0.5)
                    page.insert_text((x0 + 2, y + 15), text[: max(1, int(width / 8))], fontname="china-s", fontsize=7)
                y += 22
            kinds["table"].append(n)
    pdf.save(path)
    return kinds


def per_page(pdf_path: Path, numbers: list[int], fn, runs: int) -> float:
    """Median over runs of the CPU ms per page of ``fn(page)`` over the given pages (document opened
    outside the timing)."""
    import pymupdf

    out = []
    for _ in range(runs):
        with pymupdf.open(pdf_path) as pdf:
            t = CLOCK()
            for n in numbers:
                fn(pdf[n])
            out.append((CLOCK() - t) * 1000 / len(numbers))
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()

    from checker.readers import read_document
    from checker.readers.pdf_layout import page_text

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "district.pdf"
        kinds = build_pdf(path, a.pages)
        read_document(path)  # warm-up (imports)

        def plain(page):
            page.get_text("text", sort=True)

        def tables(page):
            for t in page.find_tables(use_layout=False).tables:
                t.extract()
                t.header
            page.get_text("text", sort=True)

        rows = {}
        for kind, numbers in kinds.items():
            rows[kind] = {"pymupdf text": per_page(path, numbers, plain, a.runs),
                          "pymupdf tables": per_page(path, numbers, tables, a.runs),
                          "checker page": per_page(path, numbers, page_text, a.runs)}
            try:
                import pdfplumber
            except ImportError:
                continue
            times = []
            for _ in range(a.runs):
                with pdfplumber.open(path) as pdf:
                    t = CLOCK()
                    for n in numbers:
                        pdf.pages[n].extract_text()
                    times.append((CLOCK() - t) * 1000 / len(numbers))
            rows[kind]["pdfplumber"] = statistics.median(times)

        reads = []
        for _ in range(a.runs):
            t = CLOCK()
            read_document(path)
            reads.append((CLOCK() - t) * 1000 / a.pages)
        whole = statistics.median(reads)

    print(f"{a.pages} pages ({len(kinds['narrative'])} narrative, {len(kinds['table'])} ruled-table), "
          f"CPU ms per page, median of {a.runs} runs")
    names = sorted({k for r in rows.values() for k in r}, key=["pymupdf text", "pymupdf tables", "checker page", "pdfplumber"].index)
    print(f"{'':12}" + "".join(f"{n:>16}" for n in names))
    for kind, r in rows.items():
        print(f"{kind:12}" + "".join(f"{r[n]:>16.2f}" if n in r else f"{'-':>16}" for n in names))
    if "pdfplumber" not in names:
        print("pdfplumber: not installed (not a dependency of the checker); not measured")
    print(f"whole reader (read_document): {whole:.2f} ms per page")
    for kind, r in rows.items():
        print(f"ratio {kind}: checker page / pymupdf text {r['checker page'] / r['pymupdf text']:.2f}×, "
              f"checker page / pymupdf tables {r['checker page'] / r['pymupdf tables']:.2f}×"
              + (f", pdfplumber / checker page {r['pdfplumber'] / r['checker page']:.1f}×" if "pdfplumber" in r else ""))


if __name__ == "__main__":
    main()
