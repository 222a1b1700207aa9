"""Fast paths of the HTML report, each against the slower way it replaces: the rows the report template's
loops wrote (coverage, explanations, parsed tables) against the rows built in Python, and the annotated
text's row assembly against its row-by-row composition; escaping through markupsafe's C function against
``escape``; a line's spans left uncut against cutting them; table cells written directly against the cell
dicts; rule documentation remembered by code against rendering it; sections joined in Python against the
template's loops. Real seed records and odd values (markup characters, None, numbers, absent keys)."""

from __future__ import annotations

import random

import pytest

from checker.pipeline import check_path
from conftest import SEEDS


@pytest.fixture(scope="module")
def records():
    return [check_path(SEEDS[c]).to_dict() for c in sorted(SEEDS)]


def _template(text: str):
    from checker.reporters.html import environment

    return environment().from_string(text)


from checker.labels import SEGMENT_ZH
from markupsafe import Markup

from checker.reporters.html import SEVERITIES, Html, _text, table_row_html

def _cells_html(cells: list[dict]) -> Markup:
    """The values of one table cell (a grid position can hold several), their flags and links to the
    findings: what the report template wrote for them (tests/test_fast_paths_reports.py holds it to that
    loop). The reference of ``_table_view``, which writes the same without the cell dicts."""
    out = []
    for c in cells:
        findings = c["findings"]
        flag = f" flag flag-{_text(c['severity'])}" if findings else ""
        out.append(f'<span class="cell{flag}" id="{_text(c["id"])}" data-value="{_text(c["value"])}"')
        if findings:
            out.append(' title="' + "；".join(f"问题 {_text(n)}（{_text(rule)}）" for n, rule, _ in findings) + '"')
        out.append(f'>{_text(c["text"])}</span>')
        for n, rule, sev in findings:
            out.append(f'<a class="fmark sev-{_text(sev)}" href="#f-{_text(n)}" data-finding="f-{_text(n)}">{_text(rule)}</a>')
    return Markup("".join(out))


ODD = ["原因<b>", "a&b", "\"q\" 'x'", "", "完成率 91.44%", None, 0, 12.5, "全\u3000角"]


# ---------------------------------------------------------------- coverage rows

OLD_COVERAGE = '''      <tbody>
      {% for c in r.coverage %}
      <tr class="cv-{{ c.status }}"><td><a href="#rule-{{ c.rule }}">{{ c.rule }}</a> {{ v.rule_titles.get(c.rule) or "" }} <span class="muted">{{ c.name }}</span></td>
        <td>{{ CATEGORIES.get(c.category, c.category) }}</td>
        <td class="status">{{ STATUS_ZH.get(c.status, c.status) }}</td>
        <td class="num">{{ c.findings if c.findings is not none else "" }}</td>
        <td>{{ c.detail or "" }}</td></tr>
      {% endfor %}
      </tbody>'''


def _odd_coverage(rng: random.Random, n: int) -> list[dict]:
    rows = []
    for _ in range(n):
        c = {"rule": rng.choice(["T001", "A<2>", "X&1", None]), "name": rng.choice(ODD),
             "category": rng.choice(["arithmetic", "c&d", None]), "status": rng.choice(["passed", "failed", "x<", None]),
             "findings": rng.choice([None, 0, 3, "7"]), "detail": rng.choice(ODD)}
        for key in list(c):
            if rng.random() < 0.1:
                del c[key]
        if rng.random() < 0.05:
            c["detail"] = ["unhashable"]
        rows.append(c)
    return rows


def test_coverage_rows_as_the_template_wrote_them(records):
    from checker.reporters.html import build_view, coverage_row_html

    template = _template(OLD_COVERAGE)
    cases = [(r, build_view(r)["rule_titles"]) for r in records]
    cases.append(({"coverage": _odd_coverage(random.Random(3), 400)}, {"T001": "标题<1>", "A<2>": None, "X&1": ""}))
    for r, titles in cases:
        rows = "".join(coverage_row_html(c, titles.get(c.get("rule"))) for c in r["coverage"])
        assert f"      <tbody>{rows}\n      </tbody>" == template.render(r=r, v={"rule_titles": titles})
    # memoised rows are the same rows the second time
    r, titles = cases[0]
    assert [coverage_row_html(c, titles.get(c["rule"])) for c in r["coverage"]] == \
        [coverage_row_html(dict(c), titles.get(c["rule"])) for c in r["coverage"]]


# ---------------------------------------------------------------- explanation rows

OLD_EXPLANATIONS = '''      <tbody>
      {% for e in v.explanations %}
      {% set x = e.x %}
      <tr class="expl xrow-{{ x.label or 'unknown' }}" id="xr-{{ x.id }}" data-label="{{ x.label or '' }}" data-search="{{ e.search }}">
        <td class="num">{{ x.id }}</td>
        <td class="nowrap"><span class="xl xl-{{ x.label or 'unknown' }}">{{ EXPLANATION_LABEL_ZH.get(x.label, x.label or "未判定") }}</span>{% if x.subtype %}<div class="muted">{{ EXPLANATION_SUBTYPE_ZH.get(x.subtype, x.subtype) }}</div>{% endif %}</td>
        <td class="num">{% if x.probability is not none %}{{ "%.1f" | format(x.probability * 100) }}%{% endif %}</td>
        <td>{{ x.subject or "—" }}{% if x.direction %}<div class="muted">{{ DIRECTION_ZH.get(x.direction, x.direction) }}</div>{% endif %}
          {% if e.figures %}<div class="figs">{% for m in e.figures %}<a href="#m-{{ m.id }}" class="fig">{{ m.text }}</a>{% endfor %}</div>{% endif %}</td>
        <td class="xtext"><span class="cue">{{ x.cue or "" }}</span>{{ x.text }}</td>
        <td>{% if x.reasons %}<ul class="reasons">{% for why in x.reasons %}<li>{{ why }}</li>{% endfor %}</ul>{% endif %}</td>
        <td class="nowrap">{% if x.page %}第{{ x.page }}页 {% endif %}第{{ x.line }}行{% if e.in_text %}<br><a class="jump" href="#x-{{ x.id }}">在原文中定位</a>{% endif %}</td>
      </tr>
      {% endfor %}
      </tbody>'''


def _odd_explanations(rng: random.Random, n: int) -> list[dict]:
    items = []
    for k in range(n):
        x = {"id": rng.choice([k, f"<{k}>"]), "label": rng.choice(["boilerplate", "substantive", None, "a&b"]),
             "subtype": rng.choice([None, "generic", "x<y"]), "probability": rng.choice([None, 0.0, 0.123456, 1.0, 1e-9]),
             "subject": rng.choice(ODD), "direction": rng.choice([None, "increase", "<up>"]), "cue": rng.choice(ODD),
             "text": rng.choice(ODD), "reasons": rng.choice([None, [], ["a<b", "c"], [3]]), "page": rng.choice([None, 0, 2]),
             "line": rng.choice([None, 5, "<7>"])}
        for key in ("subtype", "subject", "direction", "cue", "text", "reasons", "page", "line"):
            if rng.random() < 0.1:
                del x[key]
        figures = [{"id": rng.choice([3, "m<"]), "text": rng.choice(ODD)} for _ in range(rng.randrange(3))]
        items.append({"x": x, "figures": figures, "in_text": rng.random() < 0.5, "search": rng.choice(ODD)})
    return items


def test_explanation_rows_as_the_template_wrote_them(records):
    from checker.reporters.html import build_view, explanation_row_html

    template = _template(OLD_EXPLANATIONS)
    views = [build_view(r)["explanations"] for r in records]
    assert sum(map(len, views)) > 50
    views.append(_odd_explanations(random.Random(4), 400))
    for explanations in views:
        rows = "".join(map(explanation_row_html, explanations))
        assert f"      <tbody>{rows}\n      </tbody>" == template.render(v={"explanations": explanations})


# ---------------------------------------------------------------- parsed-table rows

OLD_TABLE_ROWS = '''        <tbody>
        {% for row in s.rows %}
        <tr>
          <td class="code">{{ row.code }}</td>
          <td class="rname">{% if row.anchor %}<a href="#{{ row.anchor }}" title="原文第{{ row.line }}行">{{ row.name or "（无名称）" }}</a>{% else %}{{ row.name }}{% endif %}</td>
          {% for cells in row.cells_html %}
          <td class="num">{{ cells }}</td>
          {% endfor %}
        </tr>
        {% endfor %}
        </tbody>'''


def test_table_rows_as_the_template_wrote_them():
    from markupsafe import Markup

    from checker.reporters.html import table_row_html

    template = _template(OLD_TABLE_ROWS)
    rng = random.Random(5)
    for _ in range(100):
        rows = []
        for _ in range(rng.randrange(4)):
            rows.append({"code": rng.choice(["", 12, "2010101", "<b>"]), "name": rng.choice(ODD),
                         "anchor": rng.choice([None, "", "L12", "P2-L<3>"]), "line": rng.choice([None, 12, "<"]),
                         "cells_html": [Markup(rng.choice(["", '<span class="cell">1.00</span>']))
                                        for _ in range(rng.randrange(4))]})
        written = "".join(table_row_html(row["code"], row["name"], row["anchor"], row["line"], row["cells_html"])
                          for row in rows)
        assert f"        <tbody>{written}\n        </tbody>" == template.render(s={"rows": rows})


def test_every_table_entry_is_one_row_of_the_report(records):
    from checker.reporters.html import render_html

    for r in records:
        html = render_html(r)
        for t in r.get("tables") or []:
            if t.get("entries"):
                assert f'<section class="ptable" id="table-{t["key"]}">' in html
        assert html.count('<td class="code">') == sum(len(t.get("entries") or []) for t in r.get("tables") or [])


# ---------------------------------------------------------------- the annotated text

TEXTS = ["", "\n", "a", "a\n\n<b>&'\"\n", "一行\n二行 <i>\n\n末行", "x" * 50 + "\n" + "中" * 30]


def _seed_text() -> str:
    return SEEDS["001"].read_text(encoding="utf-8").replace("一是", "一是<&>\"'", 3)


def test_line_starts_as_a_running_sum():
    from markupsafe import escape

    from checker.reporters.annotate import Page

    for text in [*TEXTS, _seed_text()]:
        page = Page(text)
        starts, pos = [], 0
        for line in text.split("\n"):
            starts.append(pos)
            pos += len(line) + 1
        assert page.starts == starts
        assert page.escaped_lines() == [str(escape(line)) for line in text.split("\n")]


def test_buckets_as_every_line_of_the_range():
    from checker.reporters.annotate import Page, Span, bucket

    rng = random.Random(7)
    for text in [*TEXTS, _seed_text()]:
        page = Page(text)
        spans = []
        for _ in range(300):
            a = rng.randrange(-2, len(text) + 2)
            spans.append(Span(a, a + rng.choice([-1, 0, 1, 2, 30, 400]), "m", 0))
        expected: dict = {}
        for sp in spans:
            if sp.end > sp.start:
                for i in page.line_range(sp.start, sp.end):
                    expected.setdefault(i, []).append(sp)
        got = bucket(page, spans)
        assert got.keys() == expected.keys()
        assert all(got[i] == expected[i] and all(a is b for a, b in zip(got[i], expected[i])) for i in got)


def _general_line_html(text, base, spans, written):
    """_line_html without its shortcut for a line of one span: the span's fragment drawn by the general loop
    (a second span that touches no character of the line leaves the drawing as it is)."""
    from checker.reporters.annotate import Span, _line_html

    return _line_html(text, base, [*spans, Span(base + len(text) + 5, base + len(text) + 6, "never", 9)], written)


def test_line_of_one_span_as_the_general_loop_draws_it():
    from checker.reporters.annotate import Span, _line_html

    rng = random.Random(8)
    for text in ["", "a", "完成率 91.44%，比上年增加", "x<y", "ab&c" * 5]:
        for _ in range(200):
            base = rng.choice([0, 7])
            a = base + rng.randrange(-3, len(text) + 3)
            sp = Span(a, a + rng.randrange(0, 12), rng.choice(["m m-money", "a<b"]), rng.randrange(3),
                      id=rng.choice([None, "", "m-1", "x&1"]), attrs={"title": rng.choice(["t", "<t>", None])},
                      tag=rng.choice(["span", "mark", "b"]))
            written = set(rng.choice([[], ["m-1"]]))
            general = set(written)
            assert _line_html(text, base, [sp], written) == _general_line_html(text, base, [sp], general)
            assert written == general


def test_given_attributes_are_the_attributes_written():
    from checker.reporters.annotate import Span

    attrs = {"data-mention": 12, "title": "金额 · 本年数 <“x”>", "skip": None}
    drawn = Span(0, 1, "m", 0, attrs=attrs).opening(True, False)
    given = Span(0, 1, "m", 0, attrs_html=' data-mention="12" title="金额 · 本年数 &lt;“x”&gt;"').opening(True, False)
    assert drawn == given == '<span class="m" data-mention="12" title="金额 · 本年数 &lt;“x”&gt;">'
    assert Span(3, 4, "a&b", 0, id="i<1>").opening(True, True) == '<span class="a&amp;b cont" id="i&lt;1&gt;">'


@pytest.mark.parametrize("text", [*TEXTS, "SEED"])
def test_excerpts_on_odd_pages(text):
    """render_excerpt against render_lines with its one span, near the page's ends and on lines to escape."""
    from checker.reporters.annotate import Page, Span, render_excerpt, render_lines

    text = _seed_text()[:3000] if text == "SEED" else text
    page = Page(text)
    for start in range(0, len(text) + 1, max(1, len(text) // 60)):
        for length in (0, 1, 3, 80):
            end = min(len(text), start + length)
            for context in (0, 2):
                lines = page.line_range(start, end)
                expected = render_lines(page, lines.start - context, lines.stop - 1 + context,
                                        [Span(start, end, "hl", 0, tag="mark")])
                assert render_excerpt(page, start, end, context) == expected


def test_whole_text_rows_on_odd_pages():
    """The whole text's rows (openings shared between pages, ends with marks) as _row composes them."""
    from markupsafe import escape

    from checker.reporters.annotate import Page, Span, _line_html, _row, render_lines

    for text in TEXTS:
        page = Page(text)
        spans = [Span(0, len(text), "x", 2, id="x-1")]
        marks = {len(page.lines) - 1: '<span class="marks">m</span>', 0: "<i>0</i>"}
        for prefix in ("", "P3-", "P<"):
            got = str(render_lines(page, 0, len(page.lines) - 1, spans, set(), marks, id_prefix=prefix))
            written: set = set()
            rows = [_row(i, f' id="{escape(prefix)}L{i + 1}"',
                         _line_html(page.lines[i], page.starts[i], spans, written), marks.get(i, ""))
                    for i in range(len(page.lines))]
            assert got == "\n".join(rows)
        assert str(render_lines(page, 5, 2, spans)) == ""


def test_big_pieces_reach_the_page_unescaped():
    from checker.reporters.html import Html, environment

    template = environment().from_string("{{ a }}|{% if b %}b{% endif %}|{% if c %}c{% endif %}|{{ d }}")
    assert template.render(a=Html("<p>&amp;</p>"), b=Html(""), c=Html("x"), d="<p>") == "<p>&amp;</p>||c|&lt;p&gt;"
    assert f"{Html('<b>')}" == "<b>"


# ---------------------------------------------------------------- escaping


def _strings(value):
    """Every string inside a record (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


ESCAPE_CASES = ["", "原因", "a&b", "<x>", "'\"", "&amp;", "完成率 91.44%", " \n\t", "😀<", "\x00&", "\ud800<",
                "&" * 300, "中" * 500 + "<", "<" + "中" * 500, "ε&ω", "\u3000全角“引号”"]


def test_escape_text_is_markupsafes_escape(records):
    """escape_text (markupsafe's plain-string escaping) against str(escape()) and against the regular
    expression shortcut it replaced, on every string of the seed records, their whole source text and odd
    strings; a Markup is not escaped again."""
    from markupsafe import Markup, escape

    from checker.reporters.annotate import _NEEDS_ESCAPE, _escape_text_by_search, escape_text

    strings = [s for r in records for s in _strings(r)] + ESCAPE_CASES + [_seed_text()]
    assert len(strings) > 10_000 and any(_NEEDS_ESCAPE.search(s) for s in strings)
    for s in strings:
        escaped = escape_text(s)
        assert type(escaped) is str
        assert escaped == str(escape(s)) == _escape_text_by_search(s)
        # what _line_html tests to know a line needs no escaping
        assert (len(escaped) == len(s)) == (_NEEDS_ESCAPE.search(s) is None)
    for m in [Markup("<b>&amp;</b>"), Markup("plain")]:
        assert escape_text(m) == str(m) == _escape_text_by_search(m)


def test_text_and_field_as_the_template_writes_them(records):
    """_text and _field (one call to the C escaping for a string) against ``{{ v }}`` and ``{{ d.key }}``."""
    from checker.reporters.html import _field, _text

    value = _template("{{ v }}")
    field = _template("{{ d.key }}")
    values = [*ODD, *ESCAPE_CASES, True, -3, 1e-9, 0.1 + 0.2, ["a<"], {"k": "&"}]
    values += [f[k] for r in records for f in r["findings"][:40] for k in ("message", "expected", "found", "severity")
               if k in f]
    for v in values:
        assert _text(v) == value.render(v=v)
        assert _field({"key": v}, "key") == field.render(d={"key": v})
    assert _field({}, "key") == field.render(d={}) == ""


# ---------------------------------------------------------------- fragments of a line


def test_uncut_fragments_as_cutting_gives_them():
    """_laminar's shortcut for spans that cross nowhere (most lines) against cutting (_cut), on random spans
    over a few positions (many ties, nested, touching and crossing spans) and on the seed records' lines."""
    from checker.reporters.annotate import Span, _cut, _laminar

    rng = random.Random(11)
    crossed = uncrossed = 0
    for _ in range(5000):
        lo = rng.randrange(0, 4)
        hi = lo + rng.randrange(0, 10)
        spans = []
        for _ in range(rng.randrange(1, 7)):
            a = rng.randrange(-1, 14)
            spans.append(Span(a, a + rng.randrange(-1, 8), rng.choice("mxe"), rng.randrange(4)))
        got = _laminar(spans, lo, hi)
        expected = _cut(spans, lo, hi)
        assert [(a, b, id(sp)) for a, b, sp in got] == [(a, b, id(sp)) for a, b, sp in expected]
        clipped = [(max(sp.start, lo), min(sp.end, hi)) for sp in spans]
        clipped = [(a, b) for a, b in clipped if a < b]
        crossing = any(c < a < d < b for a, b in clipped for c, d in clipped)
        assert (len(expected) > len(clipped)) == crossing  # cut exactly when two spans cross
        crossed += crossing
        uncrossed += len(spans) > 1 and not crossing
    assert crossed > 200 and uncrossed > 500


def test_lines_of_the_seed_reports_as_cutting_draws_them(records, monkeypatch):
    """The whole report of each seed with _laminar always cutting: the same HTML."""
    from checker.reporters import annotate
    from checker.reporters.html import render_html

    fast = [render_html(r) for r in records]
    monkeypatch.setattr(annotate, "_laminar", lambda spans, lo, hi: annotate._cut(spans, lo, hi))
    assert [render_html(r) for r in records] == fast


# ---------------------------------------------------------------- parsed tables


def _old_table_view(t: dict, findings: list[dict], ev_spans: EvidenceSpans, cell_of_evidence: dict, line_anchor) -> dict:
    segments: list[str] = list(t.get("columns") or {})
    for e in t.get("entries") or []:
        if e["segment"] not in segments:
            segments.append(e["segment"])
    out_segments = []
    flagged_cells = 0
    for si, seg in enumerate(segments):
        entries = [(ei, e) for ei, e in enumerate(t["entries"]) if e["segment"] == seg]
        columns = list((t.get("columns") or {}).get(seg, []))
        for _, e in entries:
            for c in e["cells"]:
                if c["column"] is not None and c["column"] not in columns:
                    columns.append(c["column"])
        loose = any(c["column"] is None for _, e in entries for c in e["cells"])
        rows = []
        for ei, e in entries:
            cells_by_col: dict = {}
            for ci, c in enumerate(e["cells"]):
                cid = f"cell-{t['key']}-{ei}-{ci}"
                cell = {"id": cid, "text": c["text"], "value": c["value"], "placement": c.get("placement"),
                        "findings": [], "severity": None}
                hits = ev_spans.overlapping(c.get("page"), c["start"], c["end"])
                if hits:
                    for n, k in hits:
                        cell_of_evidence.setdefault((n, k), cid)
                    flagged = sorted({n for n, _ in hits})
                    cell["findings"] = [(n, findings[n - 1]["rule"], findings[n - 1]["severity"]) for n in flagged]
                    cell["severity"] = min((findings[n - 1]["severity"] for n in flagged),
                                           key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else 9)
                cells_by_col.setdefault(c["column"], []).append(cell)
            cells = [cells_by_col.get(col, []) for col in columns] + ([cells_by_col.get(None, [])] if loose else [])
            flagged_cells += sum(1 for cs in cells for c in cs if c["findings"])
            rows.append(table_row_html(e.get("code") or (e.get("row_no") if e.get("row_no") is not None else ""),
                                       e["name"] or e["key"], line_anchor(e.get("page"), e["line"]) if e.get("line") else None,
                                       e.get("line"), [_cells_html(cs) if cs else "" for cs in cells]))
        out_segments.append({"name": SEGMENT_ZH.get(seg, seg), "columns": columns + (["（栏目未定）"] if loose else []),
                             "rows_html": Html("".join(rows))})
    return {"key": t["key"], "label": t.get("label"), "title": t.get("title"), "unit": t.get("unit"),
            "status": t.get("status"), "problems": t.get("problems") or [], "segments": out_segments,
            "flagged": flagged_cells}


def _odd_record(record: dict) -> dict:
    """A seed record whose tables have markup in their keys, cells' texts and values, and None values."""
    import copy

    r = copy.deepcopy(record)
    for t in r.get("tables") or []:
        t["key"] = t["key"] + "<&\"'"
        for e in t.get("entries") or []:
            for c in e["cells"][::3]:
                c["text"], c["value"] = "<" + c["text"] + "&", None
            for c in e["cells"][1::3]:
                c["value"] = "a\"b"
    return r


def test_table_views_as_cell_dicts_wrote_them(records, monkeypatch):
    """_table_view writing each cell directly against the cell dicts of _cells_html (the whole report, so the
    links from evidence to cells are compared too), on the seed records and on copies with odd tables."""
    from checker.reporters import html

    cases = [*records, *[_odd_record(r) for r in records]]
    flagged = sum(t["flagged"] for r in records for t in html.build_view(r)["tables"])
    assert flagged > 20
    fast = [html.render_html(r) for r in cases]
    monkeypatch.setattr(html, "_table_view", lambda t, findings, ev_spans, cells, anchor, refs:
                        _old_table_view(t, findings, ev_spans, cells, anchor))
    assert [html.render_html(r) for r in cases] == fast


# ---------------------------------------------------------------- rule documentation


def test_rule_docs_remembered_by_code_as_rendered(records):
    """ruledoc_html (remembered under the rule's code, checked against the record) against rendering each
    time: the seed rules, again (remembered), changed under the same code, and odd codes."""
    from checker.reporters.html import _render_ruledoc, ruledoc_html

    rules = [d for r in records for d in r.get("rules") or []]
    assert len(rules) > 40
    for rule in rules + rules:
        assert str(ruledoc_html(rule)) == str(_render_ruledoc(rule))
    changed = dict(rules[0], title="另一个<标题>", why=["a", "b"])
    assert "另一个&lt;标题&gt;" in str(ruledoc_html(changed))
    changed["why"].append("c")  # the remembered record is a copy: changing the one given is seen
    assert str(ruledoc_html(changed)) == str(_render_ruledoc(changed))
    assert str(ruledoc_html(rules[0])) == str(_render_ruledoc(rules[0]))
    for odd in [dict(rules[1], code=None), dict(rules[1], code=["A<1>"]), {"code": "X&1"}]:
        assert str(ruledoc_html(odd)) == str(_render_ruledoc(odd))


# ---------------------------------------------------------------- sections joined before the template

OLD_GROUPS = '''    {% for g in v.groups %}
    <section class="cat-group" id="cat-{{ g.category }}" data-category="{{ g.category }}">
      <h3>{{ g.name }}（{{ g.findings | length }}）</h3>
      {% for item in g.findings %}{{ item.html }}{% endfor %}
    </section>
    {% endfor %}
    <h2>规则说明</h2>
    {% for rule in v.rule_docs %}
{{ rule }}
    {% endfor %}
  </section>'''


def test_findings_and_rule_docs_joined_as_the_template_loops_wrote_them(records):
    """The findings of a category and the rules' documentation, joined in Python, against the template's
    loops over them (the report template's lines that replaced them, from the template itself)."""
    from importlib.resources import files

    from checker.reporters.html import build_view

    template = files("checker").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    groups = template[template.index("    {% for g in v.groups %}"):template.index("    <p id=\"flt-empty\"")]
    docs = template[template.index("    <h2>规则说明</h2>"):template.index("  <p class=\"muted foot\">")]
    new = _template(groups + docs.rstrip("\n"))
    old = _template(OLD_GROUPS)
    views = [build_view(r) for r in records]
    views.append({"groups": [], "rule_docs": [], "rule_docs_html": ""})
    assert sum(len(v["groups"]) for v in views) > 10 and sum(len(v["rule_docs"]) for v in views) > 40
    for v in views:
        assert new.render(v=v) == old.render(v=v)
