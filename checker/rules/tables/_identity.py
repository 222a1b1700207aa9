"""Shared arithmetic of the table-identity rules: a printed total against the sum of its parts.

A blank cell is no Cell; in a row whose cells were placed by position (tab-separated layout, or as
many values as columns) a blank is an empty cell and adds nothing. In a packed row (text layout,
blank cells lost) only the first value's column (the row total) is known, so per-column identities
are checked only where every row involved is positional.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.findings import Finding, Severity
from checker.rules.evidence import cell_evidence
from checker.tables.model import Cell, Entry, Table
from checker.tolerance import compare, fmt


@dataclass
class Term:
    table: Table
    entry: Entry
    cell: Cell | None  # None: the cell is blank
    label: str  # how the message names it: a column (基本支出), a row (20103) or a line (年初结转和结余)
    sign: int = 1


def table_name(table: Table) -> str:
    return table.display_name


def row_label(entry: Entry) -> str:
    name = entry.name.replace(" ", "")
    if entry.code:
        return f"{entry.code} {name}".strip()
    if name:
        return name
    return f"第{entry.row_no}行" if entry.row_no is not None else entry.key


def positional(entry: Entry) -> bool:
    """Every value of the row sits in a known column, so a blank cell is known to be blank."""
    return all(c.placement == "position" and c.column for c in entry.cells)


def _quantum(cells: list[Cell]) -> Decimal:
    return Decimal(1).scaleb(-max((c.precision for c in cells), default=2))


def _signed(term: Term) -> str:
    return f"{'−' if term.sign < 0 else '+'} {fmt(term.cell.value)}"


def _join(terms: list[Term], labelled: bool) -> str:
    present = [t for t in terms if t.cell is not None]
    if not present:
        return "各分项均为空"
    parts = []
    for i, t in enumerate(present):
        text = f"{t.label} {fmt(t.cell.value)}" if labelled and t.label else fmt(t.cell.value)
        parts.append(text if i == 0 and t.sign > 0 else f"{'−' if t.sign < 0 else '+'} {text}")
    return " ".join(parts)


def check_sum(rule, doc, where: str, total: Term, parts: list[Term], *, parts_name: str | None = None,
              labelled: bool = True, note: str = "") -> Finding | None:
    """One finding when ``total`` differs from the signed sum of ``parts`` (INFO within rounding), else None.

    ``where`` names the table and row (公开03表 201 一般公共服务支出); ``parts_name`` introduces the parts
    (其下各款); ``labelled`` names each part in the message (off when their columns are unknown); ``note``
    follows the sum (how the parts were read)."""
    present = [t for t in parts if t.cell is not None]
    if total.cell is None and not present:
        return None  # nothing printed: nothing to add up
    cells = ([total.cell] if total.cell is not None else []) + [t.cell for t in present]
    q = _quantum(cells)
    expected = sum((t.sign * t.cell.value for t in present), Decimal(0)).quantize(q)
    found = (total.cell.value if total.cell is not None else Decimal(0)).quantize(q)
    result = compare(expected, found, [c.precision for c in cells])
    if result.status == "equal":
        return None
    listing = _join(parts, labelled=labelled)
    shown = f"{parts_name} {listing}" if parts_name else listing
    gap = f"{'多' if result.difference > 0 else '少'} {fmt(abs(result.difference))}"
    verb = "计算得" if any(t.sign < 0 for t in present) else "之和为"
    total_text = f"{total.label} {fmt(found)}" if total.cell is not None else f"{total.label}为空"
    arithmetic = f"{_join(parts, labelled=False)} = {fmt(expected)}，" + (
        f"表中为 {fmt(found)}" if total.cell is not None else "表中为空")
    evidence = [cell_evidence(doc, t.table, t.entry, t.cell) for t in [total] + present if t.cell is not None]
    printed = fmt(found) if total.cell is not None else "空"
    if result.status == "rounding":
        message = (f"{where}：{total_text}，{shown} {verb} {fmt(expected)}{note}，表中数{gap}，"
                   f"在尾数误差范围内（±{fmt(result.tolerance)}），属单位换算造成的尾数误差。")
        return rule.finding(message, evidence, expected=fmt(expected), found=printed, arithmetic=arithmetic,
                            severity=Severity.INFO)
    message = f"{where}：{total_text}，但 {shown} {verb} {fmt(expected)}{note}，表中数{gap}，超出尾数误差范围。"
    return rule.finding(message, evidence, expected=fmt(expected), found=printed, arithmetic=arithmetic)


def check_equal(rule, doc, where: str, a: Term, b: Term) -> Finding | None:
    """One finding when two printed amounts that must be equal differ (INFO within rounding)."""
    if a.cell is None and b.cell is None:
        return None
    cells = [t.cell for t in (a, b) if t.cell is not None]
    q = _quantum(cells)
    va = (a.cell.value if a.cell is not None else Decimal(0)).quantize(q)
    vb = (b.cell.value if b.cell is not None else Decimal(0)).quantize(q)
    result = compare(va, vb, [c.precision for c in cells])
    if result.status == "equal":
        return None
    show = lambda t, v: f"{t.label} {fmt(v)}" if t.cell is not None else f"{t.label}为空"  # noqa: E731
    arithmetic = f"{show(a, va)}，{show(b, vb)}，相差 {fmt(abs(result.difference))}"
    # the figure found first, as in every table finding, then the one it should equal
    evidence = [cell_evidence(doc, t.table, t.entry, t.cell) for t in (b, a) if t.cell is not None]
    if result.status == "rounding":
        return rule.finding(f"{where}：{show(a, va)}，{show(b, vb)}，两者应相等，相差 {fmt(abs(result.difference))}，"
                            "在尾数误差范围内，属单位换算造成的尾数误差。", evidence,
                            expected=fmt(va), found=fmt(vb), arithmetic=arithmetic, severity=Severity.INFO)
    return rule.finding(f"{where}：{show(a, va)}，{show(b, vb)}，两者应相等，相差 {fmt(abs(result.difference))}。",
                        evidence, expected=fmt(va), found=fmt(vb), arithmetic=arithmetic)


def row_sum_findings(rule, doc, table: Table, total_col: str, part_cols: list[str], segment: str | None = None):
    """Per row: the total column equals the sum of ``part_cols``. A packed row (blank cells lost) is
    checked as its first value against the sum of the rest, whichever columns those belong to."""
    for e in table.entries:
        if not e.cells or (segment is not None and e.segment != segment):
            continue
        where = f"{table_name(table)} {row_label(e)}"
        if positional(e):
            total = Term(table, e, e.cell(total_col), total_col)
            parts = [Term(table, e, e.cell(c), c) for c in part_cols]
            f = check_sum(rule, doc, where, total, parts)
        else:
            first = next((c for c in e.cells if c.placement == "total"), e.cells[0])
            total = Term(table, e, first, total_col)
            parts = [Term(table, e, c, c.column or "") for c in e.cells if c is not first]
            f = check_sum(rule, doc, where, total, parts, parts_name="其余各栏", labelled=False,
                          note="（文本版式，空白单元格位置未知，按该行第一个数为合计核对）")
        if f is not None:
            yield f
