"""Shared fixtures: the five seed documents (read once per session) and builders for PDF/Word inputs."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "corpora" / "seeds"
SEEDS = {p.name[:3]: p for p in sorted(SEED_DIR.glob("*.txt"))}
FINAL_ACCOUNTS_SEEDS = ["000", "001", "003", "004"]

# Paragraphs of seed 001's 第三部分 (the narrative used to build PDF and Word fixtures).
SEED001_PART3 = [
    "第三部分 武汉市武昌区人民政府办公室2023年度部门决算情况说明",
    "一、收入支出决算总体情况说明",
    "2023年度收、支总计5,102.22万元。与2022年度相比，收、支总计各减少91.8万元，下降1.83%，"
    "主要原因是人员减少、支出压减。",
    "二、收入决算情况说明",
    "2023年度收入合计5,102.22万元，与2022年度相比，收入合计减少91.8万元，下降1.83%，"
    "主要原因是人员减少、支出压降。其中：财政拨款收入5,102.22万元，占本年收入100%。",
    "三、支出决算情况说明",
    "2023年度支出合计5,102.22万元，与2022年度相比，支出合计减少91.8万元，下降1.83%。",
]


@functools.lru_cache(maxsize=None)
def _read_seed(code: str):
    from checker.readers import read_document
    doc = read_document(SEEDS[code])
    # force the analysis once so every test shares it
    doc.structure, doc.view, doc.facts  # noqa: B018
    return doc


@pytest.fixture(scope="session")
def seed():
    """seed('001') -> the Document for that seed (cached for the whole session)."""
    assert len(SEEDS) == 5, f"expected five seeds in {SEED_DIR}, found {sorted(SEEDS)}"
    return _read_seed


@pytest.fixture(scope="session")
def seed_path():
    return lambda code: SEEDS[code]


@pytest.fixture
def text_doc():
    """text_doc('...') -> Document built from a string, as a text file."""
    from checker.document import Document
    return lambda text, path="case.txt": Document.from_text(path, "text", text)


def _write_pdf(path: Path, pages: list[list[tuple[float, str]]], fontsize: float = 11) -> Path:
    """pages: for each page a list of (y, text) written at x=72 with the CJK font (in the given order)."""
    import pymupdf
    doc = pymupdf.open()
    for items in pages:
        page = doc.new_page()
        for y, text in items:
            page.insert_text((72, y), text, fontname="china-s", fontsize=fontsize)
    doc.save(str(path))
    doc.close()
    return path


def _write_pdf_textboxes(path: Path, pages: list[list[str]], fontsize: float = 11) -> Path:
    """pages: for each page a list of paragraphs laid out (and wrapped) in one text box."""
    import pymupdf
    doc = pymupdf.open()
    for paras in pages:
        page = doc.new_page()
        rc = page.insert_textbox(pymupdf.Rect(72, 72, 520, 770), "\n".join(paras), fontname="china-s",
                                 fontsize=fontsize)
        assert rc >= 0, "text did not fit in the box"
    doc.save(str(path))
    doc.close()
    return path


@pytest.fixture
def make_pdf(tmp_path):
    def build(pages, name="doc.pdf", boxes=True):
        return (_write_pdf_textboxes if boxes else _write_pdf)(tmp_path / name, pages)
    return build


# ---------------------------------------------------------------- a real browser for the HTML tests

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium, installed by .ci/run (playwright cannot download one here)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def unavailable(reason: str):
    """Outside CI a missing component skips; in CI it fails: a skipped browser test is not a pass."""
    if os.environ.get("CI"):
        pytest.fail(f"cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()
