"""``checker batch``: every input accounted for, the dashboard in a real headless browser, one CSV row per
finding, the cache, --jobs 2 and a Dask LocalCluster giving the same summary as --jobs 1, the cross-year
check (X001) and the batch's document frequencies fed to the explanation classifier.

The browser test needs ``playwright`` and /usr/bin/chromium, the Dask test ``distributed`` (all in the dev
extras / ``.ci/run``). Outside CI they are skipped when missing; under CI (``CI`` set) they fail instead.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import regex

from checker.batch import content_key
from checker.cli import main
from checker.pipeline import check_path
from conftest import ROOT, SEEDS, unavailable

YEAR = regex.compile(r"(?<!\d)(20[12]\d)(?=\s*年)")




def load(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def comparable(summary: dict) -> dict:
    """Everything but ``run`` (timings, cache hits, which runner) must not depend on how the batch ran.
    (The tool fingerprint hashes the tool's code: left out so that editing the code while the tests run
    does not fail them; the version stays.)"""
    out = {k: v for k, v in summary.items() if k != "run"}
    out["tool"] = {k: v for k, v in summary["tool"].items() if k != "fingerprint"}
    return out


def reports_of(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "reports").glob("*.json"))}


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """The five seeds (one in a subfolder), a broken PDF and a file of another kind that is not collected."""
    src = tmp_path_factory.mktemp("batch") / "in"
    (src / "子目录").mkdir(parents=True)
    for code, path in SEEDS.items():
        target = src / "子目录" / path.name if code == "004" else src / path.name
        shutil.copy(path, target)
    (src / "broken.pdf").write_bytes(b"this is not a pdf")
    (src / "notes.md").write_text("not a submission", encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def jobs1(district, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "j1"
    rc = main(["batch", str(district), "-o", str(out), "--jobs", "1", "-q"])
    return rc, out, load(out)


# ---------------------------------------------------------------- every input, every output


def test_every_input_is_in_the_summary_as_checked_or_failed(district, jobs1):
    rc, out, summary = jobs1
    assert rc == 2  # an unreadable file
    inputs = sorted(p.relative_to(district).as_posix() for p in district.rglob("*") if p.is_file() and p.suffix != ".md")
    docs = summary["documents"]
    assert sorted(d["path"] for d in docs) == inputs and len(inputs) == 6
    status = {d["path"]: d["status"] for d in docs}
    assert status.pop("broken.pdf") == "failed"
    assert set(status.values()) == {"checked"}
    broken = next(d for d in docs if d["path"] == "broken.pdf")
    assert broken["error"]["code"] == "corrupt_pdf" and broken["error"]["path"] == "broken.pdf"
    t = summary["totals"]
    assert (t["documents"], t["checked"], t["failed"]) == (6, 5, 1)
    assert t["findings"] == sum(d["summary"]["findings"] for d in docs if d["summary"]) > 0
    assert summary["schema"] == "checker.batch/1" and summary["run"]["runner"] == "in-process"
    # departments ranked by errors, each checked document in exactly one department
    ranked = [d["error"] for d in summary["departments"]]
    assert ranked == sorted(ranked, reverse=True)
    assert sum(d["documents"] for d in summary["departments"]) == 5
    assert [d["rank"] for d in summary["departments"]] == list(range(1, len(summary["departments"]) + 1))


def test_every_report_is_written_and_valid(jobs1):
    import jsonschema

    _, out, summary = jobs1
    schema = json.loads((ROOT / "checker" / "schema" / "report-1.json").read_text(encoding="utf-8"))
    for d in summary["documents"]:
        report = json.loads((out / d["report_json"]).read_text(encoding="utf-8"))
        jsonschema.validate(report, schema)
        assert report["document"]["path"] == d["path"] and report["status"] == d["status"]
        assert (out / d["report_html"]).stat().st_size > 0
        if d["status"] == "checked":
            assert report["summary"] == d["summary"]
            assert all("doc_frequency" in e for e in report["explanations"])
            x001 = next(c for c in report["coverage"] if c["rule"] == "X001")
            assert x001["status"] == "not_applicable"


def test_batch_reports_equal_the_single_document_check(jobs1):
    """Pass two (re-classification with the batch's document frequencies, V001 re-judged) changes nothing
    when nothing recurs: each report's findings are the single-document check's."""
    _, out, summary = jobs1
    for d in summary["documents"]:
        if d["status"] != "checked":
            continue
        code = Path(d["path"]).name[:3]
        single = check_path(SEEDS[code]).to_dict()
        report = json.loads((out / d["report_json"]).read_text(encoding="utf-8"))
        assert report["findings"] == single["findings"]
        assert [(e["label"], e["subtype"], e["probability"]) for e in report["explanations"]] == \
            [(e["label"], e["subtype"], e["probability"]) for e in single["explanations"]]


def test_csv_has_one_row_per_finding(jobs1):
    _, out, summary = jobs1
    raw = (out / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "文件"
    assert len(body) == summary["totals"]["findings"]
    per_file: dict[str, int] = {}
    for row in body:
        per_file[row[0]] = per_file.get(row[0], 0) + 1
    for d in summary["documents"]:
        report = json.loads((out / d["report_json"]).read_text(encoding="utf-8"))
        assert per_file.get(d["path"], 0) == len(report["findings"])


def test_xlsx_when_the_reporters_offer_it(jobs1):
    from checker.batch import xlsx_writer

    _, out, summary = jobs1
    if xlsx_writer() is None:
        assert not (out / "findings.xlsx").exists() and summary["run"]["xlsx"] is None
        return
    import openpyxl

    wb = openpyxl.load_workbook(out / "findings.xlsx", read_only=True)
    assert wb.worksheets[0].max_row - 1 == summary["totals"]["findings"]
    assert summary["run"]["xlsx"] == "findings.xlsx"


def test_a_big_batch_gets_the_csv_without_the_xlsx(tmp_path, monkeypatch):
    from checker import batch

    if batch.xlsx_writer() is None:
        pytest.skip("checker.reporters offers no XLSX writer")
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEEDS["001"], src / "a.txt")
    monkeypatch.setattr(batch, "XLSX_MAX_ROWS", 10)
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    run = load(out)["run"]
    assert run["xlsx"] is None and "超过 10 行" in run["xlsx_skipped"]
    assert not (out / "findings.xlsx").exists() and (out / "findings.csv").is_file()


# ---------------------------------------------------------------- the dashboard


def open_page(browser, path: Path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    problems, requests = [], []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return ctx, page, problems, requests


def test_dashboard_opens_in_headless_browser_without_errors(jobs1, browser):
    _, out, summary = jobs1
    ctx, page, problems, requests = open_page(browser, out / "index.html")
    try:
        assert problems == []
        assert all(u.startswith("file://") for u in requests), requests  # self-contained: nothing fetched
        assert page.title() == "部门决算公开批量审核汇总"
        body = page.inner_text("body")
        for label in ("全区概况", "各部门问题排行", "部门 × 问题类别", "原因说明空泛（套话）占比", "跨材料分析", "逐份材料",
                      "无法读取的文件"):
            assert label in body
        assert page.locator("svg").count() >= 3  # ranking, categories, boilerplate share
        rows = page.locator("#doc-table tbody tr")
        assert rows.count() == summary["totals"]["documents"]
        for d in summary["documents"]:
            assert d["path"] in body
        failed = page.inner_text("#failed")
        assert "broken.pdf" in failed and "不是 PDF" in failed
        # every link into a report points at a file that exists
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        local = [h for h in hrefs if not h.startswith("#")]
        assert local and all((out / unquote(urlparse(h).path)).is_file() for h in local), local
        for d in summary["documents"]:
            assert d["report_html"] in {unquote(h) for h in local}
        # the table filter and the sort work
        page.fill("#doc-filter", "broken")
        assert page.inner_text("#doc-count") == f"显示 1 / {summary['totals']['documents']} 份"
        page.fill("#doc-filter", "")
        page.click("#doc-table thead th:nth-child(6)")
        page.click("#doc-table thead th:nth-child(6)")
        errors = page.eval_on_selector_all("#doc-table tbody tr", "rs => rs.map(r => r.cells[5].textContent.trim())")
        numbers = [int(x) for x in errors if x]
        assert numbers == sorted(numbers, reverse=True)
        assert problems == []
        # the department ranking is in the page in rank order
        ranking = page.eval_on_selector_all("#ranking table tbody tr", "rs => rs.map(r => r.cells[1].textContent.trim())")
        assert ranking == [d["department"] for d in summary["departments"]]
    finally:
        ctx.close()


def test_dashboard_escapes_document_text(tmp_path, browser):
    """Document text (here a reason holding markup, in two submissions so that the cross-document section
    shows it) is escaped: shown as text, never run."""
    src = tmp_path / "in"
    src.mkdir()
    evil = ("武汉市江夏区财政局2023年度部门决算\n2023年度收入合计5,102.22万元，与2022年度相比减少91.8万元，下降1.77%，"
            "主要原因是<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">人员减少。\n")
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(evil, encoding="utf-8")
    out = tmp_path / "out"
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "&lt;script&gt;" in html
    ctx, page, problems, requests = open_page(browser, out / "index.html")
    try:
        assert page.evaluate("window.__pwned === undefined")
        assert "<script>window.__pwned=1</script>" in page.inner_text("#cross")
        assert "此原因在 2 份材料中逐字出现" in page.inner_text("#cross")
        assert all(u.startswith("file://") for u in requests), requests
    finally:
        ctx.close()


# ---------------------------------------------------------------- cache


def test_cache_skips_unchanged_documents_and_rechecks_a_changed_one(tmp_path, monkeypatch):
    import checker.pipeline as pipeline

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEEDS["001"], src / "a.txt")
    shutil.copy(SEEDS["002"], src / "b.txt")
    assert main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"]) == 1
    first = load(out)
    assert (first["run"]["checked_now"], first["run"]["from_cache"], first["run"]["reports_written"]) == (2, 0, 2)
    assert list((out / ".cache" / "docs").glob("*.pass1"))
    before = reports_of(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()}

    real = pipeline.check_path
    checked = []

    def spy(path, **kw):
        checked.append(Path(path).name)
        return real(path, **kw)

    monkeypatch.setattr(pipeline, "check_path", spy)
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    again = load(out)
    assert checked == []
    assert (again["run"]["checked_now"], again["run"]["from_cache"], again["run"]["reports_written"]) == (0, 2, 0)
    assert comparable(again) == comparable(first)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()} == stamps

    # one department resubmits: only that document is checked again
    text = (src / "b.txt").read_text(encoding="utf-8")
    (src / "b.txt").write_text(text.replace("武汉市东湖高新区", "武汉市东湖新技术开发区", 1), encoding="utf-8")
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    third = load(out)
    assert checked == ["b.txt"]
    assert (third["run"]["checked_now"], third["run"]["from_cache"]) == (1, 1)
    after = reports_of(out)
    assert after["a_txt.json"] == before["a_txt.json"]
    assert after["b_txt.json"] != before["b_txt.json"]
    # the entry of b's first version is gone with it: the cache holds the documents of the last run
    assert entries(out) == {content_key(src / "a.txt"), content_key(src / "b.txt")}

    # --no-cache checks everything again
    checked.clear()
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q", "--no-cache"])
    assert sorted(checked) == ["a.txt", "b.txt"] and load(out)["run"]["checked_now"] == 2

    # a file removed from the folder leaves no report and no cache entry behind
    (src / "a.txt").unlink()
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["b_txt.html", "b_txt.json"]
    assert entries(out) == {content_key(src / "b.txt")}


def entries(out: Path) -> set[str]:
    """The content keys of the batch cache's entries (every file of .cache/docs/ must be one)."""
    names = [p.name for p in (out / ".cache" / "docs").iterdir()]
    assert all(n.endswith(".pass1") for n in names), names
    return {n.removesuffix(".pass1") for n in names}


def test_a_run_removes_what_the_cache_no_longer_needs(tmp_path):
    """Files of an older cache layout, a temporary file an interrupted write left and the entry of a file
    no longer in the folder are removed; the entry of the folder's document is kept and used."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEEDS["002"], src / "b.txt")
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    docs = out / ".cache" / "docs"
    key = content_key(src / "b.txt")
    stale = [f"{key}.meta.json", f"{key}.report.json.zst", f"{key}.pass1.4242.tmp", f"{'0' * 64}_txt.pass1"]
    for name in stale:
        (docs / name).write_bytes(b"stale")
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    assert load(out)["run"]["from_cache"] == 1
    assert entries(out) == {key}


def test_a_document_of_no_known_kind_is_marked_for_review_in_the_dashboard(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEEDS["002"], src / "b.txt")
    (src / "通知.txt").write_text("关于召开安全生产工作会议的通知\n各科室：定于3月5日召开会议，请准时参加。\n", encoding="utf-8")
    assert main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"]) == 1  # its S003 is an error
    docs = {d["path"]: d for d in load(out)["documents"]}
    assert (docs["通知.txt"]["status"], docs["通知.txt"]["kind"]) == ("checked", "unknown")
    rows = regex.findall(r'<tr class="doc"[^>]*>.*?</tr>', (out / "index.html").read_text(encoding="utf-8"), regex.S)
    marked = [r for r in rows if "类型未识别，须人工审核" in r]
    assert len(marked) == 1 and "通知.txt" in marked[0]


def test_cache_is_invalidated_by_another_tool_version(tmp_path, monkeypatch):
    from checker import batch

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEEDS["002"], src / "b.txt")
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    monkeypatch.setattr(batch, "tool_fingerprint", lambda part="check": "another-version-" + part)
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    assert load(out)["run"]["checked_now"] == 1


def test_fingerprint_covers_version_lexicons_and_model(monkeypatch, tmp_path):
    from checker import batch
    import checker

    base = batch.tool_fingerprint()
    batch.tool_fingerprint.cache_clear()
    monkeypatch.setattr(checker, "__version__", "9.9.9")
    monkeypatch.setattr(batch, "__version__", "9.9.9")
    assert batch.tool_fingerprint() != base
    batch.tool_fingerprint.cache_clear()
    monkeypatch.undo()
    lex = tmp_path / "lexicons"
    shutil.copytree(ROOT / "lexicons", lex)
    monkeypatch.setenv("CHECKER_LEXICONS", str(lex))
    from checker.lexicons import lexicon_dir
    if lexicon_dir() != lex:
        pytest.skip("lexicon folder is not configurable through CHECKER_LEXICONS")
    same = batch.tool_fingerprint()
    batch.tool_fingerprint.cache_clear()
    with open(lex / "boilerplate_phrases.txt", "a", encoding="utf-8") as fh:
        fh.write("新增的套话\n")
    assert batch.tool_fingerprint() != same
    batch.tool_fingerprint.cache_clear()
    monkeypatch.delenv("CHECKER_LEXICONS")
    import checker.explain.model as model

    assert batch.tool_fingerprint() == base
    batch.tool_fingerprint.cache_clear()
    retrained = tmp_path / "explanation_model.joblib"
    retrained.write_bytes(model.MODEL_PATH.read_bytes() + b"retrained")
    monkeypatch.setattr(model, "MODEL_PATH", retrained)
    assert batch.tool_fingerprint() != base
    batch.tool_fingerprint.cache_clear()


# ---------------------------------------------------------------- parallel and distributed


def test_jobs_2_gives_the_same_summary_as_jobs_1(district, jobs1, tmp_path):
    _, out1, summary1 = jobs1
    out2 = tmp_path / "j2"
    rc = main(["batch", str(district), "-o", str(out2), "--jobs", "2", "-q"])
    summary2 = load(out2)
    assert rc == 2 and summary2["run"]["runner"] == "processes" and summary2["run"]["checked_now"] == 6
    assert comparable(summary2) == comparable(summary1)
    assert reports_of(out2) == reports_of(out1)
    assert (out2 / "findings.csv").read_bytes() == (out1 / "findings.csv").read_bytes()


def test_dask_local_cluster_gives_the_same_summary(district, jobs1, tmp_path):
    try:
        from distributed import LocalCluster
    except ImportError:
        unavailable("dask.distributed is not installed (pip install -e '.[dev]' or '.[cluster]')")
    _, out1, summary1 = jobs1
    out3 = tmp_path / "dask"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        rc = main(["batch", str(district), "-o", str(out3), "--scheduler", address, "-q"])
    summary3 = load(out3)
    assert rc == 2 and summary3["run"]["runner"] == "dask" and summary3["run"]["scheduler"] == address
    assert comparable(summary3) == comparable(summary1)
    assert reports_of(out3) == reports_of(out1)


def test_a_worker_that_dies_fails_only_its_document(tmp_path, monkeypatch):
    """A document that kills its worker process (a crash inside a library, the memory killer) is listed as
    failed; the documents that were in flight with it are retried and checked."""
    from checker import batch

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEEDS["002"], src / name)
    (src / "b.txt").write_text((src / "b.txt").read_text(encoding="utf-8") + "\n（重新提交）\n", encoding="utf-8")
    real = batch._check_file

    def crashing(path, name):
        if name == "b.txt":
            os._exit(3)
        return real(path, name)

    monkeypatch.setattr(batch, "_check_file", crashing)
    out = tmp_path / "out"
    rc = main(["batch", str(src), "-o", str(out), "--jobs", "2", "-q"])
    from checker.batch import _ENTRY_HEAD, decode_internal

    summary = load(out)
    status = {d["path"]: (d["status"], (d["error"] or {}).get("code")) for d in summary["documents"]}
    assert status == {"a.txt": ("checked", None), "b.txt": ("failed", "internal_error"), "c.txt": ("checked", None)}
    assert "异常退出" in next(d for d in summary["documents"] if d["path"] == "b.txt")["error"]["message"]
    assert rc == 2
    cached = []
    for p in (out / ".cache" / "docs").glob("*.pass1"):
        data = p.read_bytes()
        _, n = _ENTRY_HEAD.unpack_from(data)
        cached.append(decode_internal(data[_ENTRY_HEAD.size:_ENTRY_HEAD.size + n])["meta"]["status"])
    assert cached == ["checked"]  # a.txt and c.txt (one content); the crash is not cached


def test_one_batch_at_a_time_per_output_folder(tmp_path, capsys):
    from checker.batch import _lock

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEEDS["002"], src / "b.txt")
    (out / ".cache").mkdir(parents=True)
    held = _lock(out / ".cache" / "batch.lock")
    try:
        assert main(["batch", str(src), "-o", str(out), "-q"]) == 2
        assert "正在写入输出目录" in capsys.readouterr().err
    finally:
        held.close()
    assert main(["batch", str(src), "-o", str(out), "-q"]) == 0


def test_bad_jobs_value(tmp_path, capsys):
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


# ---------------------------------------------------------------- cross-document analysis


def previous_year(text: str, total_from: str, total_to: str) -> str:
    """Seed 001 moved one fiscal year back, with its 收支总计 (and the equal totals) set to ``total_to``."""
    text = YEAR.sub(lambda m: str(int(m.group(1)) - 1), text)
    return text.replace(total_from, total_to).replace(total_from.replace(",", ""), total_to.replace(",", ""))


def _x001(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == "X001"]


def _two_years(tmp_path, prior_total: str) -> tuple:
    """Seed 001 as wuchang's 2023 document and, as its 2022 document, a copy whose 收支总计 is
    ``prior_total``; one batch run over both. Returns (input folder, output folder, 2023 report)."""
    src = tmp_path / "in"
    src.mkdir()
    seed = SEEDS["001"].read_text(encoding="utf-8")
    (src / "wuchang_2023.txt").write_text(seed, encoding="utf-8")
    (src / "wuchang_2022.txt").write_text(previous_year(seed, "5,102.22", prior_total), encoding="utf-8")
    out = tmp_path / "out"
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    return src, out, json.loads((out / "reports" / "wuchang_2023_txt.json").read_text(encoding="utf-8"))


def test_cross_year_check_finds_a_planted_mismatch(tmp_path):
    # 2023 says: 5,102.22, 91.8 less than last year → last year 5,194.02; the 2022 document says 5,250.00
    src, out, this = _two_years(tmp_path, "5,250.00")
    summary = load(out)
    planted = [f for f in _x001(this) if f["message"].startswith("收支总计与上年材料不符")]
    assert len(planted) == 1
    f = planted[0]
    assert (f["expected"], f["found"], f["severity"], f["category"]) == ("5,250.00 万元", "5,194.02 万元", "warning", "cross_year")
    assert "5,102.22 + 91.8 = 5,194.02" in f["arithmetic"]
    # evidence from both documents: this year's change and total, last year's total (with its document)
    texts = [("".join(e["text"].split()), e.get("document")) for e in f["evidence"]]
    assert texts == [("91.8万元", None), ("5,102.22万元", None), ("5,250.00万元", "wuchang_2022.txt")]
    source = SEEDS["001"].read_text(encoding="utf-8")
    for e in f["evidence"][:2]:
        assert source[e["start"]:e["end"]] == e["text"]
    prior_source = (src / "wuchang_2022.txt").read_text(encoding="utf-8")
    assert prior_source[f["evidence"][2]["start"]:f["evidence"][2]["end"]] == f["evidence"][2]["text"]
    coverage = next(c for c in this["coverage"] if c["rule"] == "X001")
    assert coverage["status"] == "failed" and "wuchang_2022.txt" in coverage["detail"]
    pair = summary["cross_year"]
    assert [(p["document"], p["prior_document"], p["year"], p["prior_year"]) for p in pair] == [
        ("wuchang_2023.txt", "wuchang_2022.txt", 2023, 2022)]
    assert pair[0]["mismatches"] == len(_x001(this)) and pair[0]["compared"] >= pair[0]["mismatches"]
    # the prior year itself has no prior year in the batch
    prior = json.loads((out / "reports" / "wuchang_2022_txt.json").read_text(encoding="utf-8"))
    assert not _x001(prior)
    assert next(c for c in prior["coverage"] if c["rule"] == "X001")["status"] == "not_applicable"
    # the finding is in the CSV and the dashboard
    assert "收支总计与上年材料不符" in (out / "findings.csv").read_text(encoding="utf-8-sig")
    assert "收支总计与上年材料不符" in (out / "index.html").read_text(encoding="utf-8")


def test_cross_year_check_on_a_rerun_reads_the_cached_years_facts(tmp_path):
    """On a re-run the parent holds the unchanged prior year's record without its facts (batch._held): its
    cross-year figures are read back from the cache, and the planted mismatch is found again."""
    src, out, first = _two_years(tmp_path, "5,250.00")
    seed = SEEDS["001"].read_text(encoding="utf-8")
    (src / "wuchang_2023.txt").write_text(seed + "\n", encoding="utf-8")  # resubmitted: checked again
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    summary = load(out)
    assert (summary["run"]["checked_now"], summary["run"]["from_cache"]) == (1, 1)
    again = json.loads((out / "reports" / "wuchang_2023_txt.json").read_text(encoding="utf-8"))
    planted = [f for f in _x001(again) if f["message"].startswith("收支总计与上年材料不符")]
    assert len(planted) == 1 and planted[0]["expected"] == "5,250.00 万元"
    assert [f["message"] for f in _x001(again)] == [f["message"] for f in _x001(first)]
    assert [(p["document"], p["prior_document"]) for p in summary["cross_year"]] == [("wuchang_2023.txt", "wuchang_2022.txt")]


def test_cross_year_check_accepts_matching_figures(tmp_path):
    _, _, this = _two_years(tmp_path, "5,194.02")
    messages = [f["message"] for f in _x001(this)]
    assert not [m for m in messages if m.startswith(("收支总计", "收入合计", "财政拨款收支总计"))], messages
    # seed 001 itself says 支出合计 fell by 91.78 while every other total fell by 91.8: against last year's
    # 5,194.02 that is a real 0.02 gap, reported
    assert [m for m in messages if m.startswith("支出合计")]


def test_recurring_reasons_are_counted_and_fed_to_the_classifier(tmp_path, monkeypatch):
    import checker.explain.classify as classify

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS["001"], src / "a.txt")
    shutil.copy(SEEDS["001"], src / "b.txt")
    shutil.copy(SEEDS["003"], src / "c.txt")
    seen = []
    real = classify.classify_document

    def spy(doc, doc_frequency=None):
        if doc_frequency is not None:
            seen.append(dict(doc_frequency))
        return real(doc, doc_frequency)

    monkeypatch.setattr(classify, "classify_document", spy)
    out = tmp_path / "out"
    main(["batch", str(src), "-o", str(out), "--jobs", "1", "-q"])
    summary = load(out)
    a = json.loads((out / "reports" / "a_txt.json").read_text(encoding="utf-8"))
    c = json.loads((out / "reports" / "c_txt.json").read_text(encoding="utf-8"))
    assert a["explanations"] and all(e["doc_frequency"] >= 2 for e in a["explanations"])
    # the classifier got the batch's counts for a.txt and b.txt: keys are normalised reasons
    assert len(seen) >= 2
    for e in a["explanations"]:
        key = classify.normalised_reason(e["text"])
        assert any(s.get(key) == e["doc_frequency"] for s in seen), e["text"]
    recurring = summary["recurring_reasons"]
    assert recurring and all(r["documents"] >= 2 for r in recurring)
    top = recurring[0]
    assert {"a.txt", "b.txt"} <= set(top["paths"])
    assert f"此原因在 {top['documents']} 份材料中逐字出现" in (out / "index.html").read_text(encoding="utf-8")
    assert summary["recurring_phrases"] and all(p["documents"] >= 2 for p in summary["recurring_phrases"])
    # document frequencies count submissions, not occurrences
    assert max(e["doc_frequency"] for e in c["explanations"]) <= 3
    # boilerplate share per department
    dept = {d["department"]: d for d in summary["departments"]}
    for d in dept.values():
        assert d["boilerplate_share"] is None or 0 <= d["boilerplate_share"] <= 1
