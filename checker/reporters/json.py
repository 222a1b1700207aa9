from __future__ import annotations

import json


def render_json(report_dicts: list[dict]) -> str:
    """One report object for one file, a list for several."""
    payload = report_dicts[0] if len(report_dicts) == 1 else report_dicts
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
