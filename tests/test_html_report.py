"""The reviewer's HTML report in a real headless browser (Playwright driving Debian's chromium), the XLSX and
CSV exports, ``--open``, and the record's new keys (source, tables, rules) the HTML is drawn from.

The browser tests need ``playwright`` (dev extras) and /usr/bin/chromium (``.ci/run`` installs it). Outside
CI they are skipped when either is missing; under CI (``CI`` set) they fail instead.
Screenshots go to tests/artifacts/ (not in git).
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import json
import re
from pathlib import Path

import pytest

from checker.cli import main
from checker.pipeline import check_path
from checker.reporters.annotate import Page, Span, render_line, render_lines
from checker.reporters.html import render_html
from conftest import ROOT, SEEDS

ARTIFACTS = ROOT / "tests" / "artifacts"

EVIL = ("<script>alert(1)</script>部门决算<b>x</b>\n"
        "2023年度收入合计5,102.22万元<b>x</b>，与2022年度相比减少91.8万元<i>y</i>，下降1.77%，"
        "主要原因是<script>alert(2)</script><img src=x onerror=\"window.__pwned=1\">人员减少。\n"
        "</div></span></pre><!-- --><style>body{display:none}</style>&amp;&lt;\n")


# ------------------------------------------------------------------ fixtures




@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory):
    """code -> (report dict, path of its HTML report)."""
    out = tmp_path_factory.mktemp("html")
    reports = {}
    for code, path in SEEDS.items():
        d = check_path(path).to_dict()
        target = out / f"{code}.html"
        target.write_text(render_html(d), encoding="utf-8")
        reports[code] = (d, target)
    return reports


class Opened:
    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()
        page.on("dialog", on_dialog)


@pytest.fixture
def open_report(browser):
    contexts = []

    def _open(path: Path, hash_: str = "") -> Opened:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(ctx)
        opened = Opened(ctx.new_page())
        opened.page.goto(path.resolve().as_uri() + hash_)
        opened.page.wait_for_load_state("load")
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def visible_findings(page) -> list[str]:
    return page.eval_on_selector_all("article.finding", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


# ------------------------------------------------------------------ in the browser


@pytest.mark.parametrize("code", sorted(SEEDS))
def test_seed_report_opens_clean_and_shows_every_finding(code, seed_reports, open_report):
    report, path = seed_reports[code]
    o = open_report(path)
    page = o.page
    assert o.console_errors == [] and o.page_errors == []
    assert page.title().startswith("审核报告")
    if report["document"]["department"]:
        assert report["document"]["department"] in page.inner_text("header.top")
    articles = page.query_selector_all("article.finding")
    assert len(articles) == len(report["findings"]) == report["summary"]["findings"]
    for n, f in enumerate(report["findings"], 1):
        el = page.query_selector(f"#f-{n}")
        assert el is not None and el.is_visible()
        assert el.get_attribute("data-rule") == f["rule"] and el.get_attribute("data-severity") == f["severity"]
        text = squash(el.text_content())
        assert squash(f["message"]) in text and f["rule"] in text
    assert page.inner_text("#flt-count" if report["findings"] else "#findings").strip()
    # every explanation is listed, the vague ones first
    labels = page.eval_on_selector_all("tr.expl", "els => els.map(e => e.getAttribute('data-label'))")
    assert len(labels) == len(report["explanations"])
    assert labels == sorted(labels, key=lambda label: label != "boilerplate")
    # the coverage ledger carries every rule with its reason
    assert len(page.query_selector_all("table.coverage tbody tr")) == len(report["coverage"])
    # the parsed tables are drawn
    assert len(page.query_selector_all("section.ptable")) == len(report["tables"])
    shot = _screenshot(page, f"report-{code}.png")
    assert shot.stat().st_size > 10_000


def test_filters_change_what_is_visible(seed_reports, open_report):
    report, path = seed_reports["003"]
    page = open_report(path).page
    findings = report["findings"]
    total = len(findings)
    assert len(visible_findings(page)) == total

    def ids(pred):
        return sorted(f"f-{n}" for n, f in enumerate(findings, 1) if pred(f))

    for sev in ("error", "warning", "info"):
        page.select_option("#flt-severity", sev)
        assert sorted(visible_findings(page)) == ids(lambda f: f["severity"] == sev)
        assert page.inner_text("#flt-count") == f"显示 {len(ids(lambda f: f['severity'] == sev))} / {total} 条"
    page.select_option("#flt-severity", "")
    categories = sorted({f["category"] for f in findings})
    assert len(categories) > 1
    for cat in categories:
        page.select_option("#flt-category", cat)
        assert sorted(visible_findings(page)) == ids(lambda f: f["category"] == cat)
        # a category group with nothing left to show is hidden
        shown_groups = page.eval_on_selector_all("section.cat-group", "els => els.filter(e => !e.hidden).map(e => e.dataset.category)")
        assert shown_groups == [cat]
    page.select_option("#flt-category", "")
    rules = sorted({f["rule"] for f in findings})
    for rule in rules:
        page.select_option("#flt-rule", rule)
        assert sorted(visible_findings(page)) == ids(lambda f: f["rule"] == rule)
    # filters combine
    page.select_option("#flt-rule", "")
    page.select_option("#flt-severity", "error")
    page.select_option("#flt-category", "arithmetic")
    assert sorted(visible_findings(page)) == ids(lambda f: f["severity"] == "error" and f["category"] == "arithmetic")
    # markers in the annotated text follow the filters
    hidden_marks = page.eval_on_selector_all("#narrative a.fmark", "els => els.filter(e => e.offsetParent === null).length")
    assert hidden_marks > 0
    page.eval_on_selector("#findings", "e => e.scrollIntoView()")
    _screenshot(page, "report-003-filtered.png")
    page.click("#flt-reset")
    assert len(visible_findings(page)) == total
    assert page.eval_on_selector_all("#narrative a.fmark", "els => els.filter(e => e.offsetParent === null).length") == 0


def test_search_box_filters_findings_and_explanations(seed_reports, open_report):
    report, path = seed_reports["001"]
    page = open_report(path).page
    total = len(report["findings"])
    f = next(f for f in report["findings"] if f["rule"] == "L001")
    query = f["found"]  # a figure as written in the text
    page.fill("#flt-search", query)
    shown = visible_findings(page)
    assert 0 < len(shown) < total and f"f-{report['findings'].index(f) + 1}" in shown
    key = re.sub(r"\s+", "", query).lower()
    for n in range(1, total + 1):
        search = page.get_attribute(f"#f-{n}", "data-search")
        assert (f"f-{n}" in shown) == (key in search)
    page.fill("#flt-search", "人员减少")
    xs = page.eval_on_selector_all("tr.expl", "els => els.filter(e => !e.hidden).length")
    assert 0 < xs <= len(report["explanations"])
    page.fill("#flt-search", "没有这样的内容zzz")
    assert visible_findings(page) == []
    assert page.is_visible("#flt-empty")
    assert page.eval_on_selector_all("tr.expl", "els => els.filter(e => !e.hidden).length") == 0
    page.fill("#flt-search", "")
    assert len(visible_findings(page)) == total


@pytest.mark.parametrize("code", ["001", "004"])
def test_highlighted_spans_hold_exactly_their_text(code, seed_reports, open_report):
    report, path = seed_reports[code]
    page = open_report(path).page
    got = page.eval_on_selector_all("#narrative [data-mention]:not(.cont)",
                                    "els => els.map(e => [e.id, e.getAttribute('data-mention'), e.textContent])")
    by_id = {int(mid): text for _, mid, text in got}
    single_line = [m for m in report["mentions"] if "\n" not in m["text"]]
    assert single_line
    for m in single_line:
        assert by_id.get(m["id"]) == m["text"], m
    # reasons and evidence spans: the first fragment starts with the span's first line
    for x in report["explanations"][:20]:
        text = page.text_content(f"#x-{x['id']}")
        assert text and x["text"].lstrip("\n").split("\n")[0].startswith(text)
    for n, f in enumerate(report["findings"], 1):
        for k, ev in enumerate(f["evidence"]):
            el = page.query_selector(f"#ev-{n}-{k}")
            if el is not None and "\n" not in ev["text"]:
                assert el.text_content() == ev["text"]


def test_jump_links_go_to_the_finding_and_back(seed_reports, open_report):
    report, path = seed_reports["001"]
    page = open_report(path).page

    def in_viewport(selector: str) -> bool:
        return page.eval_on_selector(selector, """e => { const r = e.getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight; }""")

    n = next(i for i, f in enumerate(report["findings"], 1) if f["evidence"] and f["evidence"][0]["start"] is not None)
    page.click(f"#f-{n} a.jump[href='#ev-{n}-0']")
    assert page.evaluate("location.hash") == f"#ev-{n}-0"
    assert in_viewport(f"#ev-{n}-0")
    assert not in_viewport(f"#f-{n}")
    _screenshot(page, "report-001-jump.png")
    back = page.eval_on_selector(f"#ev-{n}-0", f"e => e.closest('.ln').querySelector(\"a.fmark[href='#f-{n}']\").id")
    page.click(f"#{back}")
    assert page.evaluate("location.hash") == f"#f-{n}"
    assert in_viewport(f"#f-{n}")
    # a compared table cell is marked in the parsed tables and links to its finding
    flagged = page.query_selector_all("#tables .cell.flag")
    assert flagged
    cell_finding = page.eval_on_selector("#tables .cell.flag", "e => e.nextElementSibling.getAttribute('href')")
    page.click(f"#tables a.fmark[href='{cell_finding}']")
    assert page.evaluate("location.hash") == cell_finding and in_viewport(cell_finding)


def test_pdf_report_counts_lines_per_page(make_pdf, tmp_path, open_report):
    from conftest import SEED001_PART3

    pdf = make_pdf([SEED001_PART3[:4], SEED001_PART3[4:]])
    d = check_path(pdf).to_dict()
    assert [p["page"] for p in d["source"]] == [1, 2] and d["findings"]
    out = tmp_path / "pdf.html"
    out.write_text(render_html(d), encoding="utf-8")
    o = open_report(out)
    page = o.page
    assert o.console_errors == [] and o.page_errors == []
    assert page.inner_text("#page-1").strip() == "第 1 页" and page.inner_text("#page-2").strip() == "第 2 页"
    for m in d["mentions"]:
        first = m["text"].split("\n")[0]
        assert page.text_content(f"#m-{m['id']}") == first  # a figure wrapped over two lines starts here
        row = page.eval_on_selector(f"#m-{m['id']}", "e => e.closest('.ln').id")
        assert row == f"P{m['page']}-L{m['line']}"
    n, f = next((n, f) for n, f in enumerate(d["findings"], 1) if f["evidence"][0]["page"] == 2)
    page.click(f"#f-{n} a.jump[href='#ev-{n}-0']")
    assert page.eval_on_selector(f"#ev-{n}-0", "e => e.closest('.src.doc').previousElementSibling.id") == "page-2"


def test_printed_report_hides_controls(seed_reports, open_report):
    _, path = seed_reports["001"]
    page = open_report(path).page
    page.emulate_media(media="print")
    assert not page.is_visible(".toolbar")
    assert not page.is_visible("#narrative")
    assert page.is_visible("#findings")
    page.emulate_media(media="screen")
    page.check("#print-all")
    page.emulate_media(media="print")
    assert page.is_visible("#narrative")


def test_document_markup_renders_as_text(tmp_path, open_report):
    src = tmp_path / "evil.txt"
    src.write_text(EVIL, encoding="utf-8")
    out = tmp_path / "evil.html"
    main(["check", str(src), "--format", "html", "-o", str(out)])
    raw = out.read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<b>x</b>" not in raw and "<img" not in raw and "<style>body" not in raw
    o = open_report(out)
    page = o.page
    page.wait_for_timeout(200)
    assert o.dialogs == [] and o.page_errors == []
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('script').length") == 1  # the report's own
    assert page.evaluate("document.querySelectorAll('img, i, style').length") == 1  # the report's own <style>
    assert page.evaluate("[...document.querySelectorAll('b')].filter(b => b.textContent === 'x').length") == 0
    shown_lines = page.eval_on_selector_all("#narrative .doc .lt", "els => els.map(e => e.textContent)")
    assert shown_lines == EVIL.split("\n")  # every character shown as written, line by line
    assert page.query_selector_all("#narrative .m") and page.query_selector_all("#narrative .x")  # and annotated
    assert "<script>alert(1)</script>部门决算<b>x</b>" in page.inner_text("#findings")  # S003 quotes the first line
    assert page.is_visible("body")
    _screenshot(page, "report-evil.png")


# ------------------------------------------------------------------ without a browser


def text_by_id(fragment: str) -> tuple[dict[str, str], int]:
    """textContent of every element with an id in an HTML fragment, and the nesting depth left open."""
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.texts = [], {}

        def handle_starttag(self, tag, attrs):
            self.stack.append(dict(attrs).get("id"))
            if self.stack[-1]:
                self.texts[self.stack[-1]] = ""

        def handle_endtag(self, tag):
            self.stack.pop()

        def handle_data(self, data):
            for i in self.stack:
                if i:
                    self.texts[i] += data

    p = P()
    p.feed(fragment)
    p.close()
    return p.texts, len(p.stack)


def test_annotation_nests_overlapping_spans_and_escapes():
    text = "ab<c>def&gh"
    spans = [Span(1, 6, "outer", 2, id="o"), Span(4, 9, "cross", 1, id="c"), Span(2, 5, "strong", 0, id="s")]
    html = str(render_line(text, 0, spans, set()))
    assert "<c>" not in html and "&lt;c" in html and "&amp;" in html
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", html)) == text
    texts, open_left = text_by_id(html)
    assert open_left == 0  # well formed
    # the strongest span is whole: one element holding exactly its text; ids only on first fragments
    assert texts["s"] == "<c>"
    assert html.count('id="o"') == 1 and html.count('id="c"') == 1
    assert texts["o"] == "b<c>" and texts["c"] == ">"  # the weaker spans were cut where they crossed
    # attribute values are escaped too
    evil = str(render_line("x", 0, [Span(0, 1, "m", 0, attrs={"title": '"><script>'})], set()))
    assert "<script>" not in evil and "&#34;&gt;&lt;script&gt;" in evil
    page = Page("one\ntwo <b>\nthree")
    rows = str(render_lines(page, 0, 2, [Span(2, 9, "hl", 0, tag="mark")], id_prefix=""))
    assert rows.count('class="ln"') == 3 and 'id="L2"' in rows and "&lt;" in rows and "<b>" not in rows
    assert text_by_id(rows)[1] == 0


def test_record_carries_source_tables_and_rule_docs(seed_reports):
    for code, (d, _) in seed_reports.items():
        pages = {p["page"]: p["text"] for p in d["source"]}
        items = [ev for f in d["findings"] for ev in f["evidence"] if ev["start"] is not None]
        items += d["mentions"] + d["explanations"]
        for item in items:
            assert pages[item["page"]][item["start"]:item["end"]] == item["text"], (code, item)
        for t in d["tables"]:
            assert {"key", "title", "label", "unit", "status", "columns", "entries"} <= set(t)
            for e in t["entries"]:
                for c in e["cells"]:
                    text = pages[c["page"]]
                    assert squash(text[c["start"]:c["end"]]) == squash(c["text"])  # a cell may wrap over lines
                    assert text.count("\n", 0, c["start"]) + 1 == c["line"]
        assert [r["code"] for r in d["rules"]] == [c["rule"] for c in d["coverage"]]
        assert all(r["title"] and r["description"] for r in d["rules"])
    json.dumps(seed_reports["001"][0], ensure_ascii=False)  # still plain JSON


def test_failed_document_gets_a_report(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    out = tmp_path / "broken.html"
    assert main(["check", str(bad), "--format", "html", "-o", str(out)]) == 2
    html = out.read_text(encoding="utf-8")
    assert "无法读取该文件" in html and "corrupt_pdf" in html


def test_xlsx_has_findings_and_explanations_sheets(tmp_path):
    import openpyxl

    out = tmp_path / "问题清单.xlsx"
    rc = main(["check", str(SEEDS["001"]), str(SEEDS["004"]), "-o", str(out)])
    assert rc == 1
    reports = [check_path(SEEDS[c]).to_dict() for c in ("001", "004")]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["问题清单", "原因说明"]
    ws, wx = wb["问题清单"], wb["原因说明"]
    headers = [c.value for c in ws[1]]
    assert headers[:9] == ["序号", "文件", "部门", "年度", "严重程度", "类别", "规则", "规则名称", "问题说明"]
    assert "应为" in headers and "实为" in headers and "部门反馈" in headers
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in headers)
    assert ws.max_row - 1 == sum(len(r["findings"]) for r in reports)
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("24476B") and ws.freeze_panes == "A2"
    messages = [row[8] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert messages == [f["message"] for r in reports for f in r["findings"]]
    assert {row[4] for row in ws.iter_rows(min_row=2, values_only=True)} <= {"错误", "警告", "提示"}
    xheaders = [c.value for c in wx[1]]
    assert xheaders[:4] == ["序号", "文件", "部门", "年度"] and "原因说明" in xheaders and "判定" in xheaders
    assert wx.max_row - 1 == sum(len(r["explanations"]) for r in reports)
    assert wx["A1"].font.bold
    texts = [row[xheaders.index("原因说明")] for row in wx.iter_rows(min_row=2, values_only=True)]
    assert texts == [(x["cue"] or "") + x["text"] for r in reports for x in r["explanations"]]
    # --format xlsx needs a file to write to
    assert main(["check", str(SEEDS["002"]), "--format", "xlsx"]) == 2


def test_csv_export_keeps_its_bom(tmp_path):
    out = tmp_path / "findings.csv"
    main(["check", str(SEEDS["001"]), "--format", "csv", "-o", str(out)])
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "文件" and len(rows) - 1 == len(check_path(SEEDS["001"]).findings)


def test_open_calls_the_browser(tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "r.html"
    assert main(["check", str(SEEDS["002"]), "--format", "html", "-o", str(out), "--open"]) == 0
    assert opened == [out.resolve().as_uri()]
    opened.clear()
    assert main(["check", str(SEEDS["002"]), "--open"]) == 0  # no -o: an HTML report in a temporary file
    assert len(opened) == 1 and opened[0].startswith("file://") and opened[0].endswith(".html")
    from urllib.parse import unquote, urlparse
    written = Path(unquote(urlparse(opened[0]).path))
    assert written.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    opened.clear()
    assert main(["check", str(SEEDS["002"]), "-o", str(tmp_path / "x.xlsx")]) == 0
    assert opened == []  # nothing is opened without --open


def test_xlsx_takes_text_with_control_characters(tmp_path):
    """Text from PDF and Word files can hold control characters, which a worksheet refuses: they become U+FFFD."""
    import openpyxl

    src = tmp_path / "控制字符.txt"
    src.write_text(SEEDS["001"].read_text(encoding="utf-8").replace("一是乡村振兴赋能", "一是乡村振兴\x07赋能", 1),
                   encoding="utf-8")
    out = tmp_path / "问题清单.xlsx"
    assert main(["check", str(src), "-o", str(out)]) == 1
    ws = openpyxl.load_workbook(out)["问题清单"]
    cells = [v for row in ws.iter_rows(min_row=2, values_only=True) for v in row if isinstance(v, str)]
    assert any("乡村振兴\ufffd赋能" in v for v in cells)
