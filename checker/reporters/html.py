"""A self-contained HTML report (inline CSS, no scripts from elsewhere, all document text escaped)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from checker.findings import CATEGORIES

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_ZH = {"final_accounts": "部门决算", "performance_self_evaluation": "绩效自评报告", "unknown": "未识别"}
STATUS_ZH = {"passed": "通过", "failed": "发现问题", "not_applicable": "不适用", "insufficient_data": "数据不足"}


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
