"""The reviewer's HTML report: one self-contained file per document, rendered from the report record only.

Inline CSS and JavaScript (no network, works from a file:// address and on paper); every piece of document
text is escaped (Jinja2 autoescape for the template, ``markupsafe.escape`` for the annotated text built here)
and a Content-Security-Policy lets only this report's own script run.
"""

from __future__ import annotations

import base64
import bisect
import copy
import hashlib
from collections import Counter
from functools import lru_cache

from jinja2 import Environment
from markupsafe import escape

from checker.findings import CATEGORIES
from checker.labels import where
from checker.titles import table_label
from checker.labels import (DIRECTION_ZH, EXPLANATION_LABEL_ZH, EXPLANATION_SUBTYPE_ZH, FORMAT_ZH, KIND_ZH,
                            MENTION_TYPE_ZH, ROLE_ZH, SEGMENT_ZH, SEVERITY_ZH, STATUS_ZH, TABLE_STATUS_ZH)
from checker.reporters.annotate import Page, Span, escape_str, escape_text, excerpt_html, lines_html
from checker.reporters.jinja import package_environment

SEVERITIES = ("error", "warning", "info")
CONTEXT_LINES = 2  # source lines shown either side of an evidence span
EXPANDED_EVIDENCE = 3  # evidence items shown open under a finding; the rest fold


class Html:
    """HTML written here, handed to the report template as it is: ``{{ x }}`` writes it unescaped.

    Not a :class:`~markupsafe.Markup` for the big pieces (the annotated text, the findings, the rows of the
    tables): the template's autoescape makes a new Markup of a Markup, and CPython copies a string subclass
    into another slowly (~1.5 ns a character, a millisecond for the million characters of a report); the
    plain string behind ``__html__`` is copied at memory speed."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __html__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __repr__(self) -> str:
        return f"Html({self.text[:60]!r}…)"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = package_environment()
    env.globals.update(SEVERITY_ZH=SEVERITY_ZH, KIND_ZH=KIND_ZH, STATUS_ZH=STATUS_ZH, CATEGORIES=CATEGORIES,
                       FORMAT_ZH=FORMAT_ZH, DIRECTION_ZH=DIRECTION_ZH, EXPLANATION_LABEL_ZH=EXPLANATION_LABEL_ZH,
                       EXPLANATION_SUBTYPE_ZH=EXPLANATION_SUBTYPE_ZH, TABLE_STATUS_ZH=TABLE_STATUS_ZH)
    return env


@lru_cache(maxsize=1)
def _assets() -> tuple[Html, Html, str]:
    env = environment()
    css = env.loader.get_source(env, "report.css")[0]
    js = env.loader.get_source(env, "report.js")[0]
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return Html(css), Html(js), f"sha256-{digest}"


def render_html(report: dict) -> str:
    css, js, script_hash = _assets()
    csp = (f"default-src 'none'; script-src '{script_hash}'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    view = build_view(report) if report.get("status") == "checked" else None
    return environment().get_template("report.html.j2").render(r=report, v=view, css=css, js=js, csp=csp)


def ruledoc_html(rule: dict) -> Html:
    """The documentation of one rule as the report shows it (``_ruledoc.html.j2``). Every report of a batch
    explains the same rules: each is rendered once per process, remembered under its code with the record it
    was rendered from (comparing a record with it costs less than hashing its long texts)."""
    code = rule.get("code")
    try:
        known = _RULEDOCS.get(code)
    except TypeError:  # a code that cannot be a key
        return _render_ruledoc(rule)
    if known is not None and known[0] == rule:
        return known[1]
    if len(_RULEDOCS) >= 1024:
        _RULEDOCS.clear()
    html = _render_ruledoc(rule)
    _RULEDOCS[code] = (copy.deepcopy(rule), html)
    return html


_RULEDOCS: dict = {}  # rule code -> (the rule's record, its documentation)


def _render_ruledoc(rule: dict) -> Html:
    return Html(environment().get_template("_ruledoc.html.j2").render(rule=rule))


# ------------------------------------------------------------------ the view of one record


def _search_key(*parts) -> str:
    """The text the search box matches: the parts run together, without white space, in lower case."""
    return "".join(" ".join([str(p) for p in parts if p]).split()).lower()  # split(): what \s matches


def table_name(key: str | None, tables_by_key: dict) -> str:
    """A table reference as reviewers say it: 公开01表 for table01."""
    if not key:
        return ""
    t = tables_by_key.get(key)
    if t and t.get("label"):
        return t["label"]
    return _table_label(key)


_table_label = lru_cache(maxsize=1024)(table_label)  # a report names the same few tables hundreds of times




def build_view(r: dict) -> dict:
    pages: dict = {}
    for p in r.get("source") or []:
        pages[p["page"]] = Page(p["text"])
    tables_by_key = {t["key"]: t for t in r.get("tables") or []}
    rules = {d["code"]: d for d in r.get("rules") or []}
    findings = r["findings"]

    def page_of(item) -> Page | None:
        start, end = item.get("start"), item.get("end")
        if start is None or end is None:
            return None
        page = pages.get(item.get("page"))
        if page is None or not (0 <= start <= end <= len(page.text)):
            return None
        return page

    def line_anchor(page_no, line: int) -> str:
        return f"{'P%d-' % page_no if page_no else ''}L{line}"

    # ---- spans over the source: figures, reasons (and their cues), finding evidence
    spans: dict = {k: [] for k in pages}
    marks: dict = {k: {} for k in pages}
    links_by_mention: dict[int, list[dict]] = {}
    for link in r.get("links") or []:
        links_by_mention.setdefault(link["mention"], []).append(link)
    for m in r.get("mentions") or []:
        page = page_of(m)
        if page is None:
            continue
        kind, role = m["type"], m.get("role")
        title = [MENTION_TYPE_ZH.get(kind, kind), ROLE_ZH.get(role, role or ""), m.get("subject")]
        for link in links_by_mention.get(m["id"], ()):
            value = link["value"] if link["value"] is not None else "空白"
            title.append(f"对应{table_name(link['table'], tables_by_key)}“{link['row_name']}”行“{link['column']}”栏 {value}")
        title_html = escape_text(" · ".join(filter(None, title)))
        spans[m["page"]].append(Span(m["start"], m["end"], f"m m-{kind}", 0, id=f"m-{m['id']}",
                                     attrs_html=f' data-mention="{_text(m["id"])}" title="{title_html}"'))
    for x in r.get("explanations") or []:
        page = page_of(x)
        if page is None:
            continue
        label = x.get("label")
        title = f"原因说明 {x['id']}：{EXPLANATION_LABEL_ZH.get(label, label or '未判定')}"
        if x.get("probability") is not None:
            title += f"（{x['probability']:.0%}）"
        if x.get("reasons"):
            title += "；" + "；".join(x["reasons"])
        spans[x["page"]].append(Span(x["start"], x["end"], f"x x-{label or 'unknown'}", 2, id=f"x-{x['id']}",
                                     attrs={"data-explanation": x["id"], "title": title}))
        cue = x.get("cue") or ""
        cs = x.get("cue_start")
        if cue and cs is not None and page.text[cs:cs + len(cue)] == cue:
            spans[x["page"]].append(Span(cs, cs + len(cue), "cue", 3))
        i = page.line_of(x["start"])
        marks[x["page"]].setdefault(i, []).append(
            f'<a class="xmark" href="#xr-{x["id"]}" title="{escape(title)}">因{x["id"]}</a>')
    ev_spans = EvidenceSpans()  # to find the table cells they cover
    located: list[list[Page | None]] = []  # the page of each evidence item of each finding, if it is drawn
    for n, f in enumerate(findings, 1):
        # what every evidence item of the finding shares: its span's attributes, its mark in the margin
        ev_class = f"ev ev-{f['severity']}"
        ev_title = f"问题 {n}（{f['rule']}）：{f['message']}"
        ev_attrs = f' data-finding="f-{n}" title="{escape_text(ev_title)}"'
        mark_head = mark_tail = None
        seen_lines = set()
        located.append(ev_pages := [])
        for k, ev in enumerate(f["evidence"]):
            if ev.get("start") is not None and ev.get("end") is not None and ev["end"] > ev["start"]:
                ev_spans.add(ev.get("page"), ev["start"], ev["end"], n, k)
            page = page_of(ev)
            ev_pages.append(page)
            if page is None or ev["end"] <= ev["start"]:
                continue
            spans[ev["page"]].append(Span(ev["start"], ev["end"], ev_class, 1, id=f"ev-{n}-{k}", attrs_html=ev_attrs))
            i = page.line_of(ev["start"])
            if i not in seen_lines:
                seen_lines.add(i)
                if mark_head is None:
                    mark_head = f'<a class="fmark sev-{_text(f["severity"])}" href="#f-{n}" id="fm-{n}-'
                    mark_tail = (f'" data-finding="f-{n}" title="{_text(SEVERITY_ZH.get(f["severity"], ""))}：'
                                 f'{_text(f["message"])}">{_text(f["rule"])}</a>')
                marks[ev["page"]].setdefault(i, []).append(f"{mark_head}{k}{mark_tail}")

    # ---- the annotated source, page by page
    written: set[str] = set()
    narrative = []
    for page_no, page in pages.items():
        page_marks = {i: '<span class="marks">' + "".join(ms) + "</span>" for i, ms in marks[page_no].items()}
        html = Html(lines_html(page, 0, len(page.lines) - 1, spans[page_no], written, page_marks,
                               id_prefix=f"P{page_no}-" if page_no else ""))
        narrative.append({"page": page_no, "html": html, "id": f"page-{page_no}" if page_no else "page"})

    # ---- the parsed tables, flagged cells marked
    cell_of_evidence: dict[tuple[int, int], str] = {}
    finding_refs: dict[int, tuple[str, str]] = {}
    tables = []
    for t in r.get("tables") or []:
        tables.append(_table_view(t, findings, ev_spans, cell_of_evidence, line_anchor, finding_refs))

    # ---- findings grouped by category
    groups: dict[str, list] = {}
    contexts: dict[tuple, Html] = {}  # (page, start, end) -> the excerpt: findings often cite the same text
    for n, (f, ev_pages) in enumerate(zip(findings, located), 1):
        evs = []
        for k, (ev, page) in enumerate(zip(f["evidence"], ev_pages)):
            context = line_anchor_ = None
            if page is not None:
                where_in = (ev.get("page"), ev["start"], ev["end"])
                context = contexts.get(where_in)
                if context is None:
                    context = contexts[where_in] = Html(excerpt_html(page, ev["start"], ev["end"], CONTEXT_LINES))
                if ev.get("line"):
                    line_anchor_ = line_anchor(ev.get("page"), ev["line"])
            jump = f"ev-{n}-{k}"
            evs.append({"ev": ev, "k": k, "where": where(ev), "context": context,
                        "jump": jump if jump in written else None, "line_anchor": line_anchor_,
                        "table": table_name(ev.get("table"), tables_by_key), "cell": cell_of_evidence.get((n, k))})
        rule = rules.get(f["rule"], {})
        item = {
            "n": n, "f": f, "evidence": evs, "title": rule.get("title") or f["name"],
            "search": _search_key(f["rule"], rule.get("title"), f["name"], CATEGORIES.get(f["category"]),
                                  SEVERITY_ZH.get(f["severity"]), f["message"], f.get("expected"), f.get("found"),
                                  f.get("arithmetic"), *[e["ev"].get("text") for e in evs], *[e["table"] for e in evs],
                                  *[e["ev"].get("row") for e in evs], *[e["ev"].get("column") for e in evs]),
        }
        item["html"] = Html(finding_html(item))
        groups.setdefault(f["category"], []).append(item)
    order = list(CATEGORIES) + sorted(set(groups) - set(CATEGORIES))
    grouped = [{"category": c, "name": CATEGORIES.get(c, c), "findings": groups[c],
                "html": Html("".join([item["html"].text for item in groups[c]]))} for c in order if c in groups]

    by_category = []
    for g in grouped:
        counts = Counter(item["f"]["severity"] for item in g["findings"])
        by_category.append({"category": g["category"], "name": g["name"], "total": len(g["findings"]),
                            **{s: counts.get(s, 0) for s in SEVERITIES}})

    # ---- explanations: the vague ones first, most certain first
    mentions = {m["id"]: m for m in r.get("mentions") or []}
    explanations = []
    for x in r.get("explanations") or []:
        figures = [mentions[i] for i in x.get("mentions") or [] if i in mentions]
        explanations.append({
            "x": x, "figures": figures, "in_text": f"x-{x['id']}" in written,
            "search": _search_key(x.get("subject"), x.get("cue"), x.get("text"), *(x.get("reasons") or []),
                                  EXPLANATION_LABEL_ZH.get(x.get("label"), ""), *(m["text"] for m in figures)),
        })
    explanations.sort(key=lambda e: (e["x"].get("label") != "boilerplate", -(e["x"].get("probability") or 0),
                                     e["x"]["id"]))
    labels = Counter(x.get("label") for x in r.get("explanations") or [])

    coverage_counts = Counter(c["status"] for c in r["coverage"])
    rule_titles = {code: d.get("title") for code, d in rules.items()}
    cited = [c["rule"] for c in r["coverage"]] or sorted({f["rule"] for f in findings})
    return {
        "groups": grouped, "by_category": by_category, "narrative": narrative, "tables": tables,
        "explanations": explanations, "explanation_labels": labels, "coverage_counts": coverage_counts,
        "explanation_rows": Html("".join(map(explanation_row_html, explanations))),
        "coverage_rows": Html("".join([coverage_row_html(c, rule_titles.get(c.get("rule"))) for c in r["coverage"]])),
        "rule_titles": rule_titles, "rule_docs": (rule_docs := [ruledoc_html(rules[c]) for c in cited if c in rules]),
        # each on its own line, as the template's loop over them wrote them
        "rule_docs_html": Html("".join([f"{doc.text}\n" for doc in rule_docs])),
        "filter_categories": [(g["category"], g["name"]) for g in grouped],
        "filter_rules": sorted({f["rule"] for f in findings}),
        "mention_counts": Counter(m["type"] for m in r.get("mentions") or []),
    }


class EvidenceSpans:
    """The findings' evidence spans of the source, to find those that overlap a table cell: per page, sorted
    by start, so that a cell looks only at spans starting less than the longest span's length before it."""

    def __init__(self):
        self._pages: dict = {}  # page -> [(start, end, finding number, evidence index)], sorted once used
        self._starts: dict = {}
        self._longest: dict = {}

    def add(self, page, start: int, end: int, n: int, k: int) -> None:
        self._pages.setdefault(page, []).append((start, end, n, k))
        self._starts.pop(page, None)
        self._longest[page] = max(self._longest.get(page, 0), end - start)

    def overlapping(self, page, start: int, end: int) -> list[tuple[int, int]]:
        """(finding number, evidence index) of every span of ``page`` overlapping [start, end), in the order
        the spans were added."""
        spans = self._pages.get(page)
        if not spans:
            return []
        starts = self._starts.get(page)
        if starts is None:
            spans.sort(key=lambda sp: sp[0])  # stable: spans starting together keep the order they came in
            starts = self._starts[page] = [sp[0] for sp in spans]
        lo = bisect.bisect_right(starts, start - self._longest[page])
        hi = bisect.bisect_left(starts, end)
        hits = [sp for sp in spans[lo:hi] if sp[0] < end and start < sp[1]]
        hits.sort(key=lambda sp: (sp[2], sp[3]))
        return [(n, k) for _, _, n, k in hits]


def _table_view(t: dict, findings: list[dict], ev_spans: EvidenceSpans, cell_of_evidence: dict, line_anchor,
                finding_refs: dict | None = None) -> dict:
    """One parsed table: its segments, each with its columns and its rows as HTML (the cells as the report
    template's loop wrote them, the rows by :func:`table_row_html`), and the number of cells that findings'
    evidence covers. Each cell is written directly, without a dict per cell (the tests' ``_cells_html``
    reference takes one): its id's escaped prefix
    is the table's, a finding's reference in a cell's title and its link (the same in every cell it flags)
    are written once per report in ``finding_refs`` (finding number -> (title part, link))."""
    finding_refs = {} if finding_refs is None else finding_refs
    segments: list[str] = list(t.get("columns") or {})
    for e in t.get("entries") or []:
        if e["segment"] not in segments:
            segments.append(e["segment"])
    id_prefix = f"cell-{t['key']}-"
    id_prefix_html = escape_text(id_prefix)  # the rest of a cell's id is digits and hyphens
    out_segments = []
    flagged_cells = 0
    for seg in segments:
        entries = [(ei, e) for ei, e in enumerate(t["entries"]) if e["segment"] == seg]
        columns = list((t.get("columns") or {}).get(seg, []))
        for _, e in entries:
            for c in e["cells"]:
                if c["column"] is not None and c["column"] not in columns:
                    columns.append(c["column"])
        loose = any(c["column"] is None for _, e in entries for c in e["cells"])
        rows = []
        for ei, e in entries:
            cells_by_col: dict = {}  # column -> the HTML of its cells (a grid position can hold several)
            for ci, c in enumerate(e["cells"]):
                attrs = f'" id="{id_prefix_html}{ei}-{ci}" data-value="{_text(c["value"])}"'
                hits = ev_spans.overlapping(c.get("page"), c["start"], c["end"])
                if hits:
                    cid = f"{id_prefix}{ei}-{ci}"
                    for n, k in hits:
                        cell_of_evidence.setdefault((n, k), cid)
                    flagged = sorted({n for n, _ in hits})
                    severity = min((findings[n - 1]["severity"] for n in flagged),
                                   key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else 9)
                    refs = [finding_refs.get(n) or _finding_ref(finding_refs, findings, n) for n in flagged]
                    html = (f'<span class="cell flag flag-{_text(severity)}{attrs} title="'
                            f'{"；".join([ref[0] for ref in refs])}">{_text(c["text"])}</span>'
                            f'{"".join([ref[1] for ref in refs])}')
                    flagged_cells += 1
                else:
                    html = f'<span class="cell{attrs}>{_text(c["text"])}</span>'
                column = c["column"]
                cells_by_col[column] = cells_by_col[column] + html if column in cells_by_col else html
            cells = [cells_by_col.get(col, "") for col in columns]
            if loose:
                cells.append(cells_by_col.get(None, ""))
            rows.append(table_row_html(e.get("code") or (e.get("row_no") if e.get("row_no") is not None else ""),
                                       e["name"] or e["key"], line_anchor(e.get("page"), e["line"]) if e.get("line") else None,
                                       e.get("line"), cells))
        out_segments.append({"name": SEGMENT_ZH.get(seg, seg), "columns": columns + (["（栏目未定）"] if loose else []),
                             "rows_html": Html("".join(rows))})
    return {"key": t["key"], "label": t.get("label"), "title": t.get("title"), "unit": t.get("unit"),
            "status": t.get("status"), "problems": t.get("problems") or [], "segments": out_segments,
            "flagged": flagged_cells}


def _finding_ref(finding_refs: dict, findings: list[dict], n: int) -> tuple[str, str]:
    """Finding ``n`` as a flagged cell cites it: its part of the cell's title and its link."""
    f = findings[n - 1]
    rule = _text(f["rule"])
    ref = finding_refs[n] = (f"问题 {n}（{rule}）",
                             f'<a class="fmark sev-{_text(f["severity"])}" href="#f-{n}" data-finding="f-{n}">{rule}</a>')
    return ref


def _text(value) -> str:
    """``{{ value }}`` in the report template: the value as text, escaped (None is "None", as Jinja2 writes it)."""
    return escape_str(value) if type(value) is str else escape_text(str(value))


_ABSENT = object()  # a key a record lacks: Jinja2's undefined, which the template writes as ""


def _field(d: dict, key: str) -> str:
    """``{{ d.key }}`` in the report template (a key the record lacks is written as nothing)."""
    value = d.get(key, _ABSENT)
    if type(value) is str:  # most values: escaped in one call
        return escape_str(value)
    return "" if value is _ABSENT else escape_text(str(value))


def finding_html(item: dict) -> str:
    """One finding of the findings list (``item`` of :func:`build_view`), as the report template wrote it:
    built here because a report has hundreds of findings and evidence items, each a dozen escaped values."""
    f = item["f"]
    severity = _field(f, "severity")
    rule = _field(f, "rule")
    n = _field(item, "n")
    out = [f'''      <article class="finding fs-{severity}" id="f-{n}" data-severity="{severity}" '''
           f'''data-category="{_field(f, "category")}" data-rule="{rule}" data-search="{_field(item, "search")}">
        <div class="fhead">
          <span class="no">{n}</span>
          <span class="sev sev-{severity}">{_text(SEVERITY_ZH.get(f.get("severity"), f.get("severity", "")))}</span>
          <a class="rule" href="#rule-{rule}" title="{_field(f, "name")}">{rule}</a>
          <span class="rtitle">{_field(item, "title")}</span>
        </div>
        <p class="msg">{_field(f, "message")}</p>
''']
    expected, found = f.get("expected", _ABSENT), f.get("found", _ABSENT)
    if expected is not None or found is not None or f.get("arithmetic"):
        out.append('        <dl class="ef">\n')
        if expected is not None:
            out.append(f'<dt>应为</dt><dd class="expected">{_field(f, "expected")}</dd>')
        if found is not None:
            out.append(f'<dt>实为</dt><dd class="found">{_field(f, "found")}</dd>')
        if f.get("arithmetic"):
            out.append(f'<dt>计算</dt><dd class="arith">{_field(f, "arithmetic")}</dd>')
        out.append("        </dl>\n")
    evidence = item["evidence"]
    if evidence:
        out.append('        <div class="evidence">\n')
        out.extend(map(_evidence_html, evidence[:EXPANDED_EVIDENCE]))
        if len(evidence) > EXPANDED_EVIDENCE:
            out.append(f'          <details class="more"><summary>另有 {len(evidence) - EXPANDED_EVIDENCE} 处证据</summary>\n')
            out.extend(map(_evidence_html, evidence[EXPANDED_EVIDENCE:]))
            out.append("          </details>\n")
        out.append("        </div>\n")
    out.append("      </article>\n")
    return "".join(out)


def _evidence_html(e: dict) -> str:
    """One evidence item of a finding (its place, table cell, links and the excerpt of the source)."""
    ev = e["ev"]
    text = _field(ev, "text")
    out = [f'<div class="evi">\n  <div class="evwhere">\n    <span class="evtext">“{text}”</span>\n']
    if where_ := e.get("where"):
        out.append(f'<span class="muted">{_text(where_)}</span>')
    if table := e.get("table"):
        out.append(f'<span class="cellref">表：{_text(table)}')
        row, column = ev.get("row"), ev.get("column")
        if row:
            out.append(f"\u3000行：{_text(row)}")
        if column:
            out.append(f"\u3000栏：{_text(column)}")
        if row or column:
            out.append(f"\u3000值：{text}")
        out.append("</span>")
    if jump := e.get("jump") or e.get("line_anchor"):
        out.append(f'<a class="jump" href="#{_text(jump)}">在原文中定位</a>')
    if cell := e.get("cell"):
        out.append(f'<a class="jump tojump" href="#{_text(cell)}">在表格中查看</a>')
    out.append("  </div>\n")
    if context := e.get("context"):
        out.append(f'<div class="ctx src">{context.text if type(context) is Html else context}</div>')
    out.append("</div>\n")
    return "".join(out)


# ------------------------------------------------------------------ rows of the report's tables
# Built here rather than in the template because a report has hundreds of them; each is what the template's
# loop wrote for it, starting with its line break (the template writes ``<tbody>{{ rows }}\n</tbody>``).


def table_row_html(code, name, anchor: str | None, line, cells_html: list[str]) -> str:
    """One row of a parsed table: its code or row number, its name (a link to its line in the text), its cells."""
    if anchor:
        name_html = f'<a href="#{_text(anchor)}" title="原文第{_text(line)}行">{_text(name or "（无名称）")}</a>'
    else:
        name_html = _text(name)
    cells = "".join([f'\n          <td class="num">{c}</td>' for c in cells_html])
    return (f'\n        <tr>\n          <td class="code">{_text(code)}</td>\n          <td class="rname">{name_html}</td>'
            f'{cells}\n        </tr>')


def explanation_row_html(e: dict) -> str:
    """One row of the explanations table (``e`` an item of the view's ``explanations``)."""
    x = e["x"]
    label = x.get("label")
    label_class = _text(label or "unknown")
    out = [f'\n      <tr class="expl xrow-{label_class}" id="xr-{_field(x, "id")}" data-label="{_text(label or "")}" '
           f'data-search="{_field(e, "search")}">\n        <td class="num">{_field(x, "id")}</td>\n'
           f'        <td class="nowrap"><span class="xl xl-{label_class}">'
           f'{_text(EXPLANATION_LABEL_ZH.get(label, label or "未判定"))}</span>']
    if x.get("subtype"):
        out.append(f'<div class="muted">{_text(EXPLANATION_SUBTYPE_ZH.get(x["subtype"], x["subtype"]))}</div>')
    out.append('</td>\n        <td class="num">')
    if x.get("probability") is not None:
        out.append(f'{_text("%.1f" % (x["probability"] * 100))}%')
    out.append(f'</td>\n        <td>{_text(x.get("subject") or "—")}')
    if x.get("direction"):
        out.append(f'<div class="muted">{_text(DIRECTION_ZH.get(x["direction"], x["direction"]))}</div>')
    if e.get("figures"):
        out.append('<div class="figs">')
        out.extend([f'<a href="#m-{_field(m, "id")}" class="fig">{_field(m, "text")}</a>' for m in e["figures"]])
        out.append("</div>")
    out.append(f'</td>\n        <td class="xtext"><span class="cue">{_text(x.get("cue") or "")}</span>{_field(x, "text")}</td>\n'
               '        <td>')
    if x.get("reasons"):
        out.append('<ul class="reasons">')
        out.extend([f"<li>{_text(why)}</li>" for why in x["reasons"]])
        out.append("</ul>")
    out.append('</td>\n        <td class="nowrap">')
    if x.get("page"):
        out.append(f"第{_field(x, 'page')}页 ")
    out.append(f"第{_field(x, 'line')}行")
    if e.get("in_text"):
        out.append(f'<br><a class="jump" href="#x-{_field(x, "id")}">在原文中定位</a>')
    out.append("</td>\n      </tr>")
    return "".join(out)


def coverage_row_html(c: dict, rule_title: str | None) -> str:
    """One row of the coverage table: a rule, whether it was checked and how. Most rows are alike from one
    report to the next: each is written once per process."""
    try:
        return _coverage_row_html(tuple(c.items()), rule_title)
    except TypeError:  # a value that cannot be a cache key
        return _write_coverage_row(c, rule_title)


@lru_cache(maxsize=4096)
def _coverage_row_html(items: tuple, rule_title: str | None) -> str:
    return _write_coverage_row(dict(items), rule_title)


def _write_coverage_row(c: dict, rule_title: str | None) -> str:
    findings = c.get("findings", _ABSENT)
    category = c.get("category", _ABSENT)
    status = c.get("status", _ABSENT)
    return (f'\n      <tr class="cv-{_field(c, "status")}"><td><a href="#rule-{_field(c, "rule")}">{_field(c, "rule")}</a> '
            f'{_text(rule_title or "")} <span class="muted">{_field(c, "name")}</span></td>\n'
            f'        <td>{"" if category is _ABSENT else _text(CATEGORIES.get(category, category))}</td>\n'
            f'        <td class="status">{"" if status is _ABSENT else _text(STATUS_ZH.get(status, status))}</td>\n'
            f'        <td class="num">{"" if findings is None or findings is _ABSENT else _text(findings)}</td>\n'
            f'        <td>{_text(c.get("detail") or "")}</td></tr>')
