from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from checker.extract.numbers import to_unit
from checker.findings import Severity
from checker.rules import InsufficientData, NotApplicable, Rule, register
from checker.rules.evidence import cell_evidence, line_evidence
from checker.statements import mention_evidence
from checker.tolerance import compare, fmt


BY_NAME = "（文中科目路径有误，按同名的项对应）"  # the link matched the 项 by its name (link.Link.by_name)


@register
class NarrativeDiffersFromTable(Rule):
    """文字说明中的数字与表格中对应单元格不一致。

    为什么
    情况说明是对九张决算表的文字复述：收支总计对应公开01表，基本支出对应公开03/05表，“三公”经费对应公开09表，
    各类、款、项支出对应公开05表的相应行。文字与表格不一致，至少有一处是错的。

    反例
    文中：2023年度一般公共预算财政拨款支出……其中：基本支出838.06万元（公开05表合计行基本支出为 866.15 万元）
    文中：“三公”经费财政拨款支出全年预算为 1.32 万元（公开09表预算数合计为 0.42 万元）

    正例
    文中：2023 年度支出合计 5,102.22 万元 …… 其中：基本支出 1,330.67 万元（与公开03表合计行一致）
    """

    code = "L001"
    name = "link.narrative_vs_table"
    category = "narrative_vs_table"
    severity = Severity.ERROR
    title = "文字与表格不符"

    def check(self, doc):
        if doc.facts.kind.value != "final_accounts":
            raise NotApplicable("只适用于部门决算（有决算公开表）")
        parsed = [t for t in doc.tables.values() if t.status == "parsed"]
        if not parsed:
            raise InsufficientData("没有可读取的决算表，文字与表格的核对无法进行")
        links = doc.links
        if not links:
            raise NotApplicable("没有能与表格对应的数字")
        for link in links:
            m, cell, entry = link.mention, link.cell, link.entry
            tname = link.table.display_name
            rname = f"{entry.code} {entry.name}" if entry.code else (entry.name or entry.key)
            packed = any(c.placement == "packed" for c in entry.cells)
            if cell is None:
                if m.value == 0:
                    continue  # stated 0, blank cell: nothing was spent
                if packed:
                    continue  # blanks were lost in this row: where the value sits cannot be told
                yield self.finding(
                    f"文中{m.subject} {fmt(m.value)} {m.unit}，{tname}“{rname}”行“{link.column}”栏为空。",
                    [mention_evidence(doc, m), line_evidence(doc, entry.line, table=tname, row=rname, column=link.column)],
                    expected="表中数字", found=f"{fmt(m.value)} {m.unit}")
                continue
            if cell.placement == "packed":
                continue
            table_unit = link.table.unit or "万元"
            if m.unit != table_unit:
                # a table kept in 元 restated in 万元 (or the other way): compare in the narrative's unit, at its precision
                converted = to_unit(cell.value, table_unit, m.unit)
                if converted is None or m.precision is None:
                    continue
                cell_value = converted.quantize(Decimal(1).scaleb(-m.precision), rounding=ROUND_HALF_UP)
                if cell_value == m.value:
                    continue
                yield self.finding(
                    f"{m.subject}文字与表格不符：文中为 {fmt(m.value)} {m.unit}，{tname}“{rname}”行“{link.column}”栏为 "
                    f"{fmt(cell.value)} {table_unit}，折合 {fmt(cell_value)} {m.unit}。" + (BY_NAME if link.by_name else ""),
                    [mention_evidence(doc, m), cell_evidence(doc, link.table, entry, cell)],
                    expected=f"{fmt(cell_value)} {m.unit}", found=f"{fmt(m.value)} {m.unit}",
                    arithmetic=f"{fmt(cell.value)} {table_unit} = {fmt(converted.normalize())} {m.unit}，文中为 {fmt(m.value)}")
                continue
            cmp = compare(cell.value, m.value, [cell.precision, m.precision])
            if cmp.status == "equal":
                continue
            severity = Severity.INFO if cmp.status == "rounding" else None
            note = "（差额在尾数误差范围内）" if severity else ""
            yield self.finding(
                f"{m.subject}文字与表格不符{note}：文中为 {fmt(m.value)} {m.unit}，{tname}"
                f"“{rname}”行“{link.column}”栏为 {fmt(cell.value)}。"
                + (BY_NAME if link.by_name else ""),
                [mention_evidence(doc, m), cell_evidence(doc, link.table, entry, cell)],
                expected=f"{fmt(cell.value)} {m.unit}", found=f"{fmt(m.value)} {m.unit}", severity=severity,
                arithmetic=f"{fmt(m.value)} − {fmt(cell.value)} = {fmt(m.value - cell.value)}")
