"""A self-contained HTML report (inline CSS, no scripts from elsewhere, all document text escaped)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from checker.findings import CATEGORIES
from checker.labels import KIND_ZH, SEVERITY_ZH, STATUS_ZH



@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("checker", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(SEVERITY_ZH=SEVERITY_ZH, KIND_ZH=KIND_ZH, STATUS_ZH=STATUS_ZH, CATEGORIES=CATEGORIES)
    return env


def render_html(report: dict) -> str:
    return environment().get_template("report.html.j2").render(r=report)


def render_index(summary: dict) -> str:
    return environment().get_template("index.html.j2").render(s=summary)
