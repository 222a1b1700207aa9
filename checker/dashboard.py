"""The district dashboard (``index.html`` of a batch): a function of ``summary.json`` alone.

Self-contained: inline CSS, a few lines of inline script (table filter and sort), charts as inline SVG
computed here; every text from the documents goes through Jinja's autoescape.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from checker.findings import CATEGORIES
from checker.labels import FORMAT_ZH, KIND_ZH, SEVERITY_ZH
from checker.reporters.jinja import package_environment

SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#4a86b5"}
UNKNOWN_DEPARTMENT = "（未识别部门）"
CHART_ROWS = 30  # departments shown in a bar chart (all are in the tables)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = package_environment()
    env.filters["href"] = href
    env.filters["pct"] = lambda x: "—" if x is None else f"{x:.0%}"
    env.globals.update(SEVERITY_ZH=SEVERITY_ZH, KIND_ZH=KIND_ZH, FORMAT_ZH=FORMAT_ZH, CATEGORIES=CATEGORIES,
                       SEVERITY_COLOURS=SEVERITY_COLOURS)
    return env


@lru_cache(maxsize=1)
def _script() -> tuple[Markup, str]:
    """The dashboard's inline script and the Content-Security-Policy that allows exactly it."""
    env = environment()
    js = env.loader.get_source(env, "index.js")[0]
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return Markup(js), csp


def href(path: str) -> str:
    """A relative link to a file of the output folder (quoted: file names may hold #, %, spaces)."""
    return quote(path, safe="/")


def short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def severity_bars(departments: list[dict], width: int = 760) -> dict:
    """Stacked horizontal bars (errors, warnings, notes) per department, the ranking's top rows."""
    rows = departments[:CHART_ROWS]
    label_w, row_h, top = 230, 22, 24
    plot_w = width - label_w - 60
    biggest = max((d["error"] + d["warning"] + d["info"] for d in rows), default=0) or 1
    bars = []
    for n, d in enumerate(rows):
        y = top + n * row_h
        x = label_w
        segments = []
        for sev in ("error", "warning", "info"):
            w = d[sev] / biggest * plot_w
            if d[sev]:
                segments.append({"x": round(x, 1), "w": round(max(w, 1.5), 1), "colour": SEVERITY_COLOURS[sev],
                                 "title": f"{d['department']}：{SEVERITY_ZH[sev]} {d[sev]}"})
            x += w
        bars.append({"y": y, "label": short(d["department"]), "full": d["department"], "segments": segments,
                     "end": round(x + 4, 1), "total": d["error"] + d["warning"] + d["info"], "rank": d["rank"]})
    return {"width": width, "height": top + len(rows) * row_h + 8, "label_w": label_w, "bars": bars,
            "row_h": row_h, "top": top}


def share_bars(departments: list[dict], width: int = 760) -> dict:
    """Share of boilerplate explanations per department (departments with at least one explanation)."""
    rows = sorted((d for d in departments if d["explanations"]),
                  key=lambda d: (-(d["boilerplate_share"] or 0), d["department"]))[:CHART_ROWS]
    label_w, row_h, top = 230, 22, 24
    plot_w = width - label_w - 110
    bars = []
    for n, d in enumerate(rows):
        share = d["boilerplate_share"] or 0
        bars.append({"y": top + n * row_h, "label": short(d["department"]), "full": d["department"],
                     "w": round(max(share * plot_w, 1.5), 1), "share": share, "end": round(label_w + share * plot_w + 4, 1),
                     "note": f"{d['boilerplate']}/{d['explanations']}",
                     "colour": "#c62828" if share >= 0.6 else "#ef8f00" if share >= 0.3 else "#4a86b5"})
    ticks = [{"x": round(label_w + t / 4 * plot_w, 1), "label": f"{t * 25}%"} for t in range(5)]
    return {"width": width, "height": top + len(rows) * row_h + 8, "label_w": label_w, "bars": bars, "ticks": ticks,
            "top": top, "row_h": row_h, "bottom": top + len(rows) * row_h}


def category_bars(categories: dict[str, int], width: int = 760) -> dict:
    rows = sorted(categories.items(), key=lambda kv: -kv[1])
    label_w, row_h, top = 150, 24, 8
    plot_w = width - label_w - 60
    biggest = max((n for _, n in rows), default=0) or 1
    bars = [{"y": top + i * row_h, "label": CATEGORIES.get(c, c), "n": n, "w": round(max(n / biggest * plot_w, 1.5), 1),
             "end": round(label_w + n / biggest * plot_w + 4, 1)} for i, (c, n) in enumerate(rows)]
    return {"width": width, "height": top + len(rows) * row_h + 8, "label_w": label_w, "bars": bars, "row_h": row_h}


def matrix(departments: list[dict], categories: dict[str, int]) -> dict:
    cols = [c for c in CATEGORIES if categories.get(c)]
    biggest = max((d["categories"].get(c, 0) for d in departments for c in cols), default=0) or 1
    rows = []
    for d in departments:
        cells = []
        for c in cols:
            n = d["categories"].get(c, 0)
            alpha = 0 if not n else 0.12 + 0.78 * n / biggest
            cells.append({"n": n, "style": f"background:rgba(198,40,40,{alpha:.2f});color:{'#fff' if alpha > 0.55 else '#222'}"})
        rows.append({"department": d["department"], "rank": d["rank"], "cells": cells,
                     "total": sum(d["categories"].values())})
    return {"columns": [{"code": c, "label": CATEGORIES[c]} for c in cols], "rows": rows}


def render_dashboard(summary: dict) -> str:
    departments = summary.get("departments", [])
    categories = summary.get("categories", {})
    reports = {d["path"]: d["report_html"] for d in summary["documents"]}
    js, csp = _script()
    ctx = {
        "s": summary, "js": js, "csp": csp,
        "severity_chart": severity_bars(departments),
        "share_chart": share_bars(departments),
        "category_chart": category_bars(categories),
        "matrix": matrix(departments, categories),
        "failed": [d for d in summary["documents"] if d["status"] == "failed"],
        "reports": reports,
        "departments_count": sum(1 for d in departments if d["department"] != UNKNOWN_DEPARTMENT),
        "boilerplate_share": (summary["totals"].get("boilerplate", 0) / summary["totals"]["explanations"]
                              if summary["totals"].get("explanations") else None),
        "cross_year_mismatches": sum(p["mismatches"] for p in summary.get("cross_year", [])),
    }
    return environment().get_template("index.html.j2").render(**ctx)
