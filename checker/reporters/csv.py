"""CSV: one row per finding (one evidence per row's columns: the first; all in 证据 as text)."""

from __future__ import annotations

import csv
import io

from checker.findings import CATEGORIES
from checker.labels import SEVERITY_ZH

COLUMNS = ["文件", "部门", "年度", "规则", "规则名", "类别", "严重程度", "问题说明", "应为", "实为", "计算过程",
           "页", "行", "起", "止", "原文", "表", "行项目", "栏目"]


def rows(report: dict):
    doc = report["document"]
    for f in report["findings"]:
        ev = f["evidence"][0] if f["evidence"] else {}
        yield [doc["path"], doc.get("department") or "", doc.get("year") or "", f["rule"], f["name"],
               CATEGORIES.get(f["category"], f["category"]), SEVERITY_ZH.get(f["severity"], f["severity"]),
               f["message"], f["expected"] or "", f["found"] or "", f.get("arithmetic") or "",
               ev.get("page") or "", ev.get("line") or "", ev.get("start") if ev.get("start") is not None else "",
               ev.get("end") if ev.get("end") is not None else "",
               " | ".join(e["text"] for e in f["evidence"] if e.get("text")),
               ev.get("table") or "", ev.get("row") or "", ev.get("column") or ""]


def render_csv(report_dicts: list[dict]) -> str:
    """UTF-8 with BOM so that Excel and WPS open the Chinese text correctly."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in report_dicts:
        w.writerows(rows(r))
    return "\ufeff" + buf.getvalue()
