"""Helpers that turn document positions into evidence records."""

from __future__ import annotations

from checker.findings import Evidence


def line_evidence(doc, index: int, **cell) -> Evidence:
    return Evidence.from_location(doc.locate_line(index), **cell)


def view_evidence(doc, start: int, end: int, **cell) -> Evidence:
    return Evidence.from_location(doc.locate_view(start, end), **cell)


def cell_evidence(doc, table, entry, cell) -> Evidence:
    """A table cell as evidence: its exact source text and place, plus table, row and column."""
    loc = doc.locate(cell.start, cell.end)
    row = f"{entry.key} {entry.name}".strip() if entry.key != entry.name else entry.name
    return Evidence.from_location(loc, table=table.label or table.key, row=row, column=cell.column)




def require_tables(doc, *keys):
    """The parsed tables a rule needs, or InsufficientData naming the one that is missing and why."""
    from checker.rules import InsufficientData, NotApplicable
    from checker.titles import table_full_name

    if doc.facts.kind.value == "performance_self_evaluation":
        raise NotApplicable("绩效自评报告不含决算公开表")
    out = []
    for key in keys:
        t = doc.tables.get(key)
        name = table_full_name(key)
        if t is None:
            raise InsufficientData(f"未找到{name}")
        if t.status == "not_extractable":
            raise InsufficientData(f"{name}未能读取（可能是图片）")
        if t.status != "parsed":
            raise InsufficientData(f"{name}为空表或未能解析")
        out.append(t)
    return out if len(out) != 1 else out[0]
