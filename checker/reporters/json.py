"""JSON: the report record as published (``docs/report-schema.md``), indented by two spaces."""

from __future__ import annotations

import json


def report_json(record) -> str:
    """``json.dumps(record, ensure_ascii=False, indent=2)``: the text of a report file, without a final newline."""
    return json.dumps(record, ensure_ascii=False, indent=2)


def render_json(report_dicts: list[dict]) -> str:
    """One report object for one file, a list for several."""
    payload = report_dicts[0] if len(report_dicts) == 1 else report_dicts
    return report_json(payload) + "\n"
