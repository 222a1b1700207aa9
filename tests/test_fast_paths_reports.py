"""Fast paths of the batch's reports, each against the slower way it replaces: the XLSX streamed with
XlsxWriter against openpyxl's workbook (cell values as openpyxl reads them back)."""

from __future__ import annotations

import io
import random

import pytest

from checker.pipeline import check_path
from conftest import SEEDS

pytest.importorskip("xlsxwriter")


def cells(data: bytes) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def reports():
    return [check_path(SEEDS[c]).to_dict() for c in sorted(SEEDS)]


def streamed(report_dicts) -> bytes:
    from checker.reporters.xlsx import WorkbookWriter

    buf = io.BytesIO()
    writer = WorkbookWriter(buf)
    for r in report_dicts:
        writer.add(r)
    writer.close()
    return buf.getvalue()


def test_xlsxwriter_workbook_reads_back_as_openpyxls(reports):
    from checker.reporters.xlsx import render_xlsx_openpyxl

    assert cells(streamed(reports)) == cells(render_xlsx_openpyxl(reports))


def test_xlsxwriter_workbook_keeps_the_look(reports):
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(streamed(reports)))
    ws, wx = wb["问题清单"], wb["原因说明"]
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("24476B") and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:S{ws.max_row}" and wx.freeze_panes == "A2"
    assert ws["B2"].alignment.wrap_text and ws["B2"].border.left.style == "thin"
    assert ws["B2"].fill.fgColor.rgb.endswith({"error": "FFEBE9", "warning": "FFF4D4", "info": "DDF4FF"}[
        reports[0]["findings"][0]["severity"]])
    assert wx["M2"].number_format == "0.0%" and wb.properties.creator == "checker"


def _odd_texts(rng: random.Random, n: int, exact_only: bool) -> list[str]:
    pieces = ["原因", " ", "\n", "\r", "\t", "\x07", "\x00", "_x0041_", "_x005F_", "_X00zz_", "=SUM(A1)", "<&>\"'",
              "\u2028", "😀", "\xa0", "", "-", "1.5", "+", "@"]
    if exact_only:  # none of the text that goes to openpyxl
        pieces = [p for p in pieces if p not in ("\r", "_x0041_", "_x005F_")]
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 5))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(6))
def test_odd_text_and_numbers_read_back_as_from_openpyxl(reports, seed):
    """Whatever the text and numbers, the fast writer's workbook (falling back to openpyxl for what
    XlsxWriter would store otherwise) reads back exactly as openpyxl's."""
    from checker.reporters.xlsx import render_xlsx, render_xlsx_openpyxl

    rng = random.Random(seed)
    r = {**reports[0], "findings": [dict(f) for f in reports[0]["findings"][:6]],
         "explanations": [dict(x) for x in reports[0]["explanations"][:6]]}
    texts = iter(_odd_texts(rng, 100, exact_only=seed % 2 == 0))
    numbers = [0.1 + 0.2, 1 / 3, 2.0, 10**17 + 1, -0.0, 1e-300, 0.992, 7]
    for f in r["findings"]:
        f.update(message=next(texts), found=next(texts), expected=rng.choice([None, next(texts)]))
    for x in r["explanations"]:
        x.update(text=next(texts), probability=rng.choice(numbers), line=rng.choice([None, 3, 2**60]))
    fast = streamed([r]) if seed % 2 == 0 else render_xlsx([r])  # streamed(): XlsxWriter or NotExact
    assert cells(fast) == cells(render_xlsx_openpyxl([r]))


def test_text_xlsxwriter_would_change_goes_to_openpyxl(reports):
    from checker.reporters.xlsx import NotExact, WorkbookWriter

    for text in ("甲\r乙", "_x0041_", "长" * 40000, "\ufffe"):  # U+FFFE: openpyxl refuses it, as before
        r = {**reports[0], "findings": [{**reports[0]["findings"][0], "message": text}]}
        writer = WorkbookWriter(io.BytesIO())
        with pytest.raises(NotExact):
            writer.add(r)
        writer.abort()


def test_integer_too_big_for_a_double_goes_to_openpyxl_not_overflow(reports):
    from checker.reporters.xlsx import NotExact, WorkbookWriter

    r = {**reports[0], "explanations": [{**reports[0]["explanations"][0], "line": 10 ** 400}]}
    writer = WorkbookWriter(io.BytesIO())
    with pytest.raises(NotExact):
        writer.add(r)
    writer.abort()


def test_control_characters_as_openpyxl():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from checker.reporters.xlsx import _ILLEGAL_CHARACTERS

    assert _ILLEGAL_CHARACTERS.pattern == ILLEGAL_CHARACTERS_RE.pattern


# ---------------------------------------------------------------- finalise: verdicts of pass one


@pytest.mark.parametrize("code", sorted(SEEDS))
def test_pass_two_classifies_the_reasons_pass_one_left_as_one_check_does(code):
    """Pass one checks without the classifier (its workers need no model): no labels, no V001 finding. Pass
    two classifies every reason once with the batch's counts; with every count 1 the report's findings,
    coverage and labels are those of checking the document alone, and the counts are in the report."""
    import json

    from checker import batch

    one = batch.check_task({"name": f"{code}.txt", "path": str(SEEDS[code])})
    facts = one["meta"]["batch"]
    left = batch.unpack_record(one["blob"])
    assert "verdicts" not in facts and not [f for f in left["findings"] if f["rule"] == "V001"]
    assert all("label" not in e for e in left["explanations"])
    n = len(facts["reasons"])
    alone = check_path(SEEDS[code]).to_dict()
    final = json.loads(batch.finalise_task({"name": f"{code}.txt", "blob": one["blob"], "facts": facts,
                                            "df": [1] * n, "x001": None})["json"])
    assert final["findings"] == alone["findings"] and final["coverage"] == alone["coverage"]
    assert final["summary"] == alone["summary"]
    assert [{k: v for k, v in e.items() if k != "doc_frequency"} for e in final["explanations"]] == alone["explanations"]
    assert [e["doc_frequency"] for e in final["explanations"]] == [1] * n
    if code == "001":  # its vague reasons make V001 findings, all made in pass two
        assert [f for f in final["findings"] if f["rule"] == "V001"]


# ---------------------------------------------------------------- tables written while the reports come


def test_tables_written_as_reports_come_equal_tables_written_at_the_end(tmp_path):
    """findings.csv and findings.xlsx from reports put in any order (some loaded from the cache) equal
    those written in one pass at the end, in order."""
    import shutil

    from checker.batch import TableWriter, write_tables
    from checker.cli import main

    src = tmp_path / "in"
    src.mkdir()
    for code in sorted(SEEDS):
        shutil.copy(SEEDS[code], src / f"{code}.txt")
    main(["batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1", "-q"])
    from checker.batch import decode_internal

    cache = tmp_path / "out" / ".cache" / "final"
    finals = [decode_internal(p.read_bytes())["final"] for p in sorted(cache.glob("*.json"))]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_tables(tmp_path / "a", lambda: iter(finals), len(finals))
    loaded = []
    tables = TableWriter(tmp_path / "b", len(finals), lambda i: loaded.append(i) or finals[i])
    order = list(range(len(finals)))
    random.Random(3).shuffle(order)
    for i in order:
        tables.put(i, None if i % 2 else finals[i], reloadable=i % 3 == 0)
    assert tables.close(lambda: iter(finals)) == ("findings.xlsx", None)
    assert set(loaded) >= {i for i in range(len(finals)) if i % 2}
    assert (tmp_path / "a" / "findings.csv").read_bytes() == (tmp_path / "b" / "findings.csv").read_bytes()
    assert cells((tmp_path / "a" / "findings.xlsx").read_bytes()) == cells((tmp_path / "b" / "findings.xlsx").read_bytes())
    assert (tmp_path / "a" / "findings.csv").read_bytes() == (tmp_path / "out" / "findings.csv").read_bytes()


# ---------------------------------------------------------------- the annotated text


def test_escape_shortcut_is_markupsafes():
    from markupsafe import escape

    from checker.reporters.annotate import escape_text

    for text in ["", "原因", "a&b", "<x>", "'\"", "&amp;", "完成率 91.44%", " \n\t", "😀<"]:
        assert escape_text(text) == str(escape(text))


@pytest.mark.parametrize("prefix", [None, "", "P2-"])
def test_rendered_lines_as_row_by_row(prefix):
    """render_lines (the whole text with row ids, or an excerpt) gives what the row-by-row composition
    of _row and render_line gives, with spans crossing lines and marks."""
    from markupsafe import Markup, escape

    from checker.reporters.annotate import Page, Span, _row, bucket, render_line, render_lines

    text = SEEDS["001"].read_text(encoding="utf-8").replace("一是", "一是<&>\"'", 3)
    page = Page(text)
    rng = random.Random(5)
    spans = []
    for k in range(300):
        a = rng.randrange(len(text))
        spans.append(Span(a, a + rng.randrange(1, 60), rng.choice(["m m-money", "x x-boilerplate", "ev ev-error"]),
                          rng.randrange(3), id=rng.choice([None, f"s-{k}"]), attrs={"title": f"题<{k}>", "data-x": k}))
    marks = {i: Markup(f'<span class="marks">{i}</span>') for i in range(0, len(page.lines), 7)}
    first, last = 3, len(page.lines) - 4
    got = render_lines(page, first, last, spans, set(), marks, id_prefix=prefix)
    written: set = set()
    by_line = bucket(page, spans)
    rows = []
    for i in range(first, last + 1):
        body = render_line(page.lines[i], page.starts[i], by_line[i], written) if i in by_line \
            else str(escape(page.lines[i]))
        rows.append(_row(i, f' id="{escape(prefix)}L{i + 1}"' if prefix is not None else "", body, marks.get(i, "")))
    assert str(got) == "\n".join(rows)


OLD_CELLS_TEMPLATE = (
    '{% for c in cells %}<span class="cell{% if c.findings %} flag flag-{{ c.severity }}{% endif %}" id="{{ c.id }}" '
    'data-value="{{ c.value }}"{% if c.findings %} title="{% for n, rule, sev in c.findings %}问题 {{ n }}（{{ rule }}）'
    '{% if not loop.last %}；{% endif %}{% endfor %}"{% endif %}>{{ c.text }}</span>{% for n, rule, sev in c.findings %}'
    '<a class="fmark sev-{{ sev }}" href="#f-{{ n }}" data-finding="f-{{ n }}">{{ rule }}</a>{% endfor %}{% endfor %}')


def test_table_cells_as_the_template_wrote_them():
    """A table cell's markup built in Python equals what the report template's loop wrote."""
    from checker.reporters.html import environment
    from test_fast_paths_html import _cells_html

    template = environment().from_string(OLD_CELLS_TEMPLATE)
    rng = random.Random(11)
    for _ in range(200):
        cells = []
        for k in range(rng.randrange(0, 3)):
            findings = [(rng.randrange(1, 99), rng.choice(["T001", "A<2>", "X&1"]), rng.choice(["error", "info"]))
                        for _ in range(rng.randrange(0, 3))]
            cells.append({"id": f"cell-t-{k}", "text": rng.choice(["1,234.50", "<b>", "\"7\"", "—"]),
                          "value": rng.choice([None, 12.5, 3, "0.50", 1e-07]), "findings": findings,
                          "severity": min((s for _, _, s in findings), default=None)})
        assert str(_cells_html(cells)) == template.render(cells=cells)


# ---------------------------------------------------------------- worker processes


def test_worker_processes_write_what_one_process_writes(tmp_path):
    """--jobs 2 (models loaded before the workers fork, biggest files first, tables written as reports
    come) writes the same reports and tables as --jobs 1, and leaves nothing frozen in this process."""
    import gc
    import shutil

    from checker.cli import main

    src = tmp_path / "in"
    src.mkdir()
    for code in sorted(SEEDS):
        shutil.copy(SEEDS[code], src / f"{code}.txt")
    frozen = gc.get_freeze_count()
    for jobs in ("1", "2"):
        main(["batch", str(src), "-o", str(tmp_path / f"out{jobs}"), "--jobs", jobs, "-q"])
    assert gc.get_freeze_count() == frozen
    one, two = tmp_path / "out1", tmp_path / "out2"
    for p in sorted((one / "reports").iterdir()):
        assert p.read_bytes() == (two / "reports" / p.name).read_bytes(), p.name
    assert (one / "findings.csv").read_bytes() == (two / "findings.csv").read_bytes()
    assert cells((one / "findings.xlsx").read_bytes()) == cells((two / "findings.xlsx").read_bytes())


def test_document_frequency_changes_no_verdict_when_weightless():
    """The premise of remembering verdicts across documents (``classify._remembered``), on the shipped
    model: the same verdicts whatever the counts."""
    from checker.explain.classify import doc_frequency_matters
    from checker.explain.model import explain_many, load

    if doc_frequency_matters():
        pytest.skip("the explanation model weighs the document frequency")
    r = check_path(SEEDS["001"]).to_dict()
    records = [{"text": x["text"], "subject": x.get("subject") or ""} for x in r["explanations"]]
    alone = explain_many(load(), [{**rec, "doc_frequency": 1} for rec in records])
    for df in (2, 7, 40):
        assert explain_many(load(), [{**rec, "doc_frequency": df} for rec in records]) == alone


def test_parent_holds_pass_one_records_without_their_facts():
    """Between the passes the parent keeps, of a cached pass-one record, only what the batch-wide counts
    need; the facts are read back from the cache for pass two and the cross-year pairs."""
    from checker import batch

    meta = batch.check_task({"name": "001.txt", "path": str(SEEDS["001"])})["meta"]
    held = batch._held(meta)
    assert {k: v for k, v in held.items() if k not in ("batch", "held")} == {k: v for k, v in meta.items() if k != "batch"}
    assert held["held"] and held["batch"] == {"reasons": [{"key": r["key"]} for r in meta["batch"]["reasons"]]}
    assert len(held["batch"]["reasons"]) > 5 and meta["batch"]["cross_year"]["totals"]
    assert batch.reason_frequencies([held]) == batch.reason_frequencies([meta])


def test_slim_findings_are_shared_per_rule():
    from checker import batch

    r = check_path(SEEDS["001"]).to_dict()
    slim = batch.slim_record(r)
    assert [(f["rule"], f["name"], f["category"]) for f in slim["findings"]] == \
        [(f["rule"], f["name"], f["category"]) for f in r["findings"]]
    by_rule = {}
    for f in slim["findings"]:
        assert by_rule.setdefault(f["rule"], f) is f


def test_phrases_made_with_the_slim_record_count_as_those_made_at_the_end():
    """Pass two's workers send each document's phrases in its slim record (slim_record); the summary's
    recurring phrases must be those counted from the explanations' texts."""
    from checker import batch

    records = [check_path(SEEDS[c]).to_dict() for c in sorted(SEEDS)] * 2
    slims = [batch.slim_record(r) for r in records]
    assert all(s["phrases"] == batch.document_phrases(r["explanations"]) for s, r in zip(slims, records))
    assert batch.slim_record(slims[0])["phrases"] is slims[0]["phrases"]  # a worker's are kept as they are
    without = [{k: v for k, v in s.items() if k != "phrases"} for s in slims]
    made = batch.recurring_phrases(slims, [])
    assert made == batch.recurring_phrases(without, []) and made and made[0]["documents"] >= 2
    failed = {**records[0], "status": "failed"}
    assert batch.slim_record(failed)["phrases"] == []


# the report template's findings list before it was built in Python (html.finding_html)
OLD_FINDINGS_TEMPLATE = (
    '{% macro evidence(e) %}\n'
    '<div class="evi">\n'
    '  <div class="evwhere">\n'
    '    <span class="evtext">“{{ e.ev.text }}”</span>\n'
    '    {% if e.where %}<span class="muted">{{ e.where }}</span>{% endif %}\n'
    '    {% if e.table %}<span class="cellref">表：{{ e.table }}{% if e.ev.row %}\u3000行：{{ e.ev.row }}{% endif %}{% if e.ev.column %}\u3000栏：{{ e.ev.column }}{% endif %}{% if e.ev.row or e.ev.column %}\u3000值：{{ e.ev.text }}{% endif %}</span>{% endif %}\n'
    '    {% if e.jump %}<a class="jump" href="#{{ e.jump }}">在原文中定位</a>{% elif e.line_anchor %}<a class="jump" href="#{{ e.line_anchor }}">在原文中定位</a>{% endif %}\n'
    '    {% if e.cell %}<a class="jump tojump" href="#{{ e.cell }}">在表格中查看</a>{% endif %}\n'
    '  </div>\n'
    '  {% if e.context %}<div class="ctx src">{{ e.context }}</div>{% endif %}\n'
    '</div>\n'
    '{% endmacro %}\n'
    '      {% for item in g.findings %}\n'
    '      {% set f = item.f %}\n'
    '      <article class="finding fs-{{ f.severity }}" id="f-{{ item.n }}" data-severity="{{ f.severity }}" data-category="{{ f.category }}" data-rule="{{ f.rule }}" data-search="{{ item.search }}">\n'
    '        <div class="fhead">\n'
    '          <span class="no">{{ item.n }}</span>\n'
    '          <span class="sev sev-{{ f.severity }}">{{ SEVERITY_ZH.get(f.severity, f.severity) }}</span>\n'
    '          <a class="rule" href="#rule-{{ f.rule }}" title="{{ f.name }}">{{ f.rule }}</a>\n'
    '          <span class="rtitle">{{ item.title }}</span>\n'
    '        </div>\n'
    '        <p class="msg">{{ f.message }}</p>\n'
    '        {% if f.expected is not none or f.found is not none or f.arithmetic %}\n'
    '        <dl class="ef">\n'
    '          {% if f.expected is not none %}<dt>应为</dt><dd class="expected">{{ f.expected }}</dd>{% endif %}\n'
    '          {% if f.found is not none %}<dt>实为</dt><dd class="found">{{ f.found }}</dd>{% endif %}\n'
    '          {% if f.arithmetic %}<dt>计算</dt><dd class="arith">{{ f.arithmetic }}</dd>{% endif %}\n'
    '        </dl>\n'
    '        {% endif %}\n'
    '        {% if item.evidence %}\n'
    '        <div class="evidence">\n'
    '          {% for e in item.evidence[:3] %}{{ evidence(e) }}{% endfor %}\n'
    '          {% if item.evidence | length > 3 %}\n'
    '          <details class="more"><summary>另有 {{ item.evidence | length - 3 }} 处证据</summary>\n'
    '            {% for e in item.evidence[3:] %}{{ evidence(e) }}{% endfor %}\n'
    '          </details>\n'
    '          {% endif %}\n'
    '        </div>\n'
    '        {% endif %}\n'
    '      </article>\n'
    '      {% endfor %}\n'
)


def _odd_finding_items(rng: random.Random, n: int) -> list[dict]:
    from markupsafe import Markup

    texts = ["原因<b>", "a&b", "\"q\" 'x'", "", "完成率 91.44%", None, 0, 12.5]
    items = []
    for k in range(n):
        f = {"rule": rng.choice(["T001", "A<2>", "X&1"]), "name": rng.choice(["n.a", "<n>"]),
             "category": rng.choice(["arithmetic", "c&d"]), "severity": rng.choice(["error", "warning", "info", "x<"]),
             "message": rng.choice(texts)}
        for key in ("expected", "found", "arithmetic"):
            if rng.random() < 0.8:
                f[key] = rng.choice(texts)
        evidence = []
        for j in range(rng.choice([0, 1, 3, 4, 6])):
            ev = {"text": rng.choice(texts), "row": rng.choice(texts), "column": rng.choice(texts)}
            evidence.append({"ev": ev, "k": j, "where": rng.choice(["", "第3行", "<p>"]),
                             "context": rng.choice([None, Markup('<div class="ln">x</div>')]),
                             "jump": rng.choice([None, f"ev-{k}-{j}"]), "line_anchor": rng.choice([None, "L3", "P2-L<"]),
                             "table": rng.choice(["", "公开01表", "t&"]), "cell": rng.choice([None, "cell-t-1-2"])})
        items.append({"n": k + 1, "f": f, "evidence": evidence, "title": rng.choice(texts), "search": rng.choice(texts)})
    return items


def test_findings_as_the_template_wrote_them():
    """A finding's markup built in Python equals what the report template's loop and macro wrote, on the
    seeds' reports and on odd values (markup characters, None, numbers, absent keys, many evidence items)."""
    from checker.reporters.html import build_view, environment, finding_html

    template = environment().from_string(OLD_FINDINGS_TEMPLATE)
    groups = []
    for code in sorted(SEEDS):
        groups += build_view(check_path(SEEDS[code]).to_dict())["groups"]
    groups.append({"findings": _odd_finding_items(random.Random(12), 300)})
    assert sum(len(g["findings"]) for g in groups) > 300
    for g in groups:
        assert "".join(finding_html(item) for item in g["findings"]) == template.render(g=g)


def test_excerpt_as_render_lines_draws_it():
    from checker.reporters.annotate import Page, Span, render_excerpt, render_lines

    text = SEEDS["001"].read_text(encoding="utf-8").replace("一是", "一是<&>\"'", 3)
    rng = random.Random(6)
    for page in (Page(text), Page(""), Page("a\n\n<b>\n")):
        n = len(page.text)
        for _ in range(400):
            start = rng.randrange(n + 1)
            end = min(n, start + rng.choice([0, 1, 5, 40, 300]))
            context = rng.choice([0, 2, 5])
            lines = page.line_range(start, end)
            expected = render_lines(page, lines.start - context, lines.stop - 1 + context,
                                    [Span(start, end, "hl", 0, tag="mark")])
            assert render_excerpt(page, start, end, context) == expected


def test_search_key_drops_what_a_regex_white_space_matches():
    import re

    from checker.reporters.html import _search_key

    every = "".join(chr(c) for c in range(0x110000))
    parts = ["A b\tC", None, "", 0, 12.5, "全\u3000角", every[::97], every[1::89]]
    assert _search_key(*parts) == re.sub(r"\s+", "", " ".join(str(p) for p in parts if p)).lower()
