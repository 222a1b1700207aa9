"""Output formats. Every reporter reads the same report record (``Report.to_dict()``)."""

from __future__ import annotations

FORMATS = ("text", "json", "csv", "html", "xlsx")
BINARY_FORMATS = ("xlsx",)
SUFFIXES = {".json": "json", ".html": "html", ".htm": "html", ".csv": "csv", ".xlsx": "xlsx"}


def render(report_dicts: list[dict], fmt: str) -> str | bytes:
    """Text for every format but ``xlsx``, which is a workbook's bytes."""
    if fmt == "json":
        from checker.reporters.json import render_json
        return render_json(report_dicts)
    if fmt == "csv":
        from checker.reporters.csv import render_csv
        return render_csv(report_dicts)
    if fmt == "xlsx":
        from checker.reporters.xlsx import render_xlsx
        return render_xlsx(report_dicts)
    if fmt == "html":
        from checker.reporters.html import render_html
        if len(report_dicts) != 1:
            raise ValueError("HTML 报告一次只针对一个文件，请用 -o 指定目录或使用 checker batch")
        return render_html(report_dicts[0])
    from checker.reporters.text import render_text
    return render_text(report_dicts)
