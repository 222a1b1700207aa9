"""Excel workbook (openpyxl) from the report records: 问题清单 (one row per finding) and 原因说明 (one row per
stated reason), Chinese headers, styled header row, filters and frozen panes, and an empty 部门反馈 column
so the file can go back to the department for correction."""

from __future__ import annotations

import gc
import io
from contextlib import contextmanager

from checker.findings import CATEGORIES
from checker.labels import DIRECTION_ZH, EXPLANATION_LABEL_ZH, EXPLANATION_SUBTYPE_ZH, SEVERITY_ZH

FINDINGS_SHEET = "问题清单"
EXPLANATIONS_SHEET = "原因说明"

# (header, column width)
FINDING_COLUMNS = [("序号", 6), ("文件", 24), ("部门", 22), ("年度", 7), ("严重程度", 9), ("类别", 14), ("规则", 7),
                   ("规则名称", 20), ("问题说明", 60), ("应为", 16), ("实为", 16), ("计算过程", 36), ("页", 5),
                   ("行", 7), ("原文", 40), ("表", 12), ("行项目", 20), ("栏目", 14), ("部门反馈", 30)]
EXPLANATION_COLUMNS = [("序号", 6), ("文件", 24), ("部门", 22), ("年度", 7), ("页", 5), ("行", 7), ("说明对象", 22),
                       ("增减方向", 9), ("涉及数字", 24), ("原因说明", 50), ("判定", 12), ("类型", 10), ("可能性", 9),
                       ("判定理由", 40), ("部门反馈", 30)]

SEVERITY_FILL = {"error": "FFEBE9", "warning": "FFF4D4", "info": "DDF4FF"}


def finding_rows(report: dict):
    doc = report["document"]
    titles = {d["code"]: d.get("title") for d in report.get("rules") or []}
    for n, f in enumerate(report["findings"], 1):
        ev = f["evidence"][0] if f["evidence"] else {}
        yield f["severity"], [
            n, doc["path"], doc.get("department") or "", doc.get("year") or "",
            SEVERITY_ZH.get(f["severity"], f["severity"]), CATEGORIES.get(f["category"], f["category"]), f["rule"],
            titles.get(f["rule"]) or f["name"], f["message"], f["expected"] or "", f["found"] or "",
            f.get("arithmetic") or "", ev.get("page") or "", ev.get("line") or "",
            "\n".join(e["text"] for e in f["evidence"] if e.get("text")),
            ev.get("table") or "", ev.get("row") or "", ev.get("column") or "", ""]


def explanation_rows(report: dict):
    doc = report["document"]
    mentions = {m["id"]: m for m in report.get("mentions") or []}
    for x in report.get("explanations") or []:
        prob = x.get("probability")
        yield x.get("label"), [
            x["id"], doc["path"], doc.get("department") or "", doc.get("year") or "", x.get("page") or "",
            x.get("line") or "", x.get("subject") or "", DIRECTION_ZH.get(x.get("direction"), x.get("direction") or ""),
            "、".join(mentions[i]["text"] for i in x.get("mentions") or [] if i in mentions),
            (x.get("cue") or "") + x["text"], EXPLANATION_LABEL_ZH.get(x.get("label"), x.get("label") or ""),
            EXPLANATION_SUBTYPE_ZH.get(x.get("subtype"), x.get("subtype") or ""),
            prob if prob is not None else "", "；".join(x.get("reasons") or []), ""]


def _sheet(ws, columns, rows, fill_of, number_formats=None):
    """Header row, data rows (``rows``: (key, values) pairs; ``fill_of(key)``: the row's background or None),
    column widths, filter and frozen header. ``number_formats``: 1-based column -> number format.

    openpyxl interns every style object a cell is given by hashing it, which cost far more than the rest of
    the workbook; each distinct style of data cell (fill × column number format) is therefore built once on
    the first cell that needs it and its style indices copied to the cells that share it."""
    from copy import copy

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    number_formats = number_formats or {}
    thin = Side(style="thin", color="B7C3D0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([h for h, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="24476B")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    ws.row_dimensions[1].height = 24
    wrap = Alignment(vertical="top", wrap_text=True)
    styles: dict[tuple, object] = {}  # (fill, number format) -> the style indices of such a cell
    row_no = 1
    for key, values in rows:
        # control characters (PDF and Word text can hold them) are not allowed in a worksheet: shown as U+FFFD
        values = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in values]
        ws.append(values)
        row_no += 1
        fill = fill_of(key)
        # address the row just written by number: ws[ws.max_row] rescans the sheet and made this quadratic
        for col in range(1, len(values) + 1):
            cell = ws.cell(row=row_no, column=col)
            if cell.data_type == "f":  # document text starting with "=" stays text, never a formula
                cell.data_type = "s"
            fmt = number_formats.get(col)
            style = styles.get((fill, fmt))
            if style is not None:
                cell._style = copy(style)
                continue
            cell.alignment = wrap
            cell.border = border
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            if fmt:
                cell.number_format = fmt
            styles[(fill, fmt)] = copy(cell._style)
    for i, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, row_no)}"
    ws.sheet_view.zoomScale = 100


@contextmanager
def _collector_paused():
    """openpyxl makes a few objects per cell, all alive until the workbook is saved: the garbage collector
    would scan them again and again for nothing (a fifth of the time of a big workbook)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_xlsx(report_dicts: list[dict]) -> bytes:
    with _collector_paused():
        return _render_xlsx(report_dicts)


def _render_xlsx(report_dicts: list[dict]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = FINDINGS_SHEET
    _sheet(ws, FINDING_COLUMNS, [row for r in report_dicts for row in finding_rows(r)],
           lambda sev: SEVERITY_FILL.get(sev))
    prob_col = [h for h, _ in EXPLANATION_COLUMNS].index("可能性") + 1
    wx = wb.create_sheet(EXPLANATIONS_SHEET)
    _sheet(wx, EXPLANATION_COLUMNS, [row for r in report_dicts for row in explanation_rows(r)],
           lambda label: "FFF0EE" if label == "boilerplate" else None, number_formats={prob_col: "0.0%"})
    wb.properties.creator = "checker"
    wb.properties.title = "部门决算审核问题清单"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
