from __future__ import annotations

from checker.extract.numbers import to_wan
from checker.findings import Evidence, Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.evidence import cell_evidence
from checker.statements import mention_evidence
from checker.titles import table_label
from checker.tolerance import fmt

MIN_AGREEING = 2  # figures equal as numbers before a unit line is called wrong


@register
class UnitStatedTwoWays(Rule):
    """金额单位前后不一致：各公开表的“单位”写法不同，或某表标为“元”而数字与文中的“万元”数一模一样。

    为什么
    同一份决算里的金额单位应当统一（通常为万元）。表头写“单位：元”，数字却与文中以万元表述的数字完全相同，
    说明表头单位写错了（或文中单位写错了），读者会把金额看错一万倍；各表单位不一也容易造成误读。

    反例
    公开01表 单位：元 …… 收入合计 6,391.60；文中：2023年度收入合计6,391.60万元。

    正例
    公开01表 单位：万元 …… 收入合计 6,391.60；文中：2023年度收入合计6,391.60万元。
    """

    code = "S006"
    name = "document_facts.unit"
    category = "document_facts"
    severity = Severity.WARNING
    title = "金额单位前后不一致"

    def check(self, doc):
        tables = [t for t in doc.structure.tables if t.unit]  # the unit lines as written
        if not tables:
            raise NotApplicable("没有标明单位的表格")
        units = {}
        for t in tables:
            units.setdefault(t.unit, []).append(t)
        if len(units) > 1:
            main = max(units, key=lambda u: len(units[u]))
            for unit, ts in units.items():
                if unit == main:
                    continue
                names = "、".join(t.label or table_label(t.key) or t.title or "某表" for t in ts)
                yield self.finding(
                    f"各表金额单位不一致：多数表为“{main}”，{names}为“{unit}”，请核实是否写错或在文中说明。",
                    [Evidence.from_location(doc.locate_line(t.first_line), table=t.label or t.key) for t in ts],
                    expected=main, found=unit)
        same_numbers: dict[str, list] = {}
        for link in doc.links:
            m, cell = link.mention, link.cell
            if cell is None or cell.placement == "packed" or m.unit is None or m.unit == link.table.unit:
                continue
            converted = to_wan(cell.value, link.table.unit)
            if converted is not None and m.value_wan is not None and converted == m.value_wan:
                continue  # the same amount in two units: consistent
            if cell.value == m.value and m.value != 0:
                same_numbers.setdefault(link.table.key, []).append(link)
        for key, links in same_numbers.items():
            if len(links) < MIN_AGREEING:
                continue
            table = links[0].table
            shown = "；".join(f"{l.mention.subject} 文中 {fmt(l.mention.value)} {l.mention.unit}，表中 {fmt(l.cell.value)}"
                             for l in links[:3])
            ev = []
            for l in links[:3]:
                ev += [mention_evidence(doc, l.mention), cell_evidence(doc, table, l.entry, l.cell)]
            yield self.finding(
                f"{table.display_name}标明单位为“{table.unit}”，但有 {len(links)} 个数字与文中以“{links[0].mention.unit}”"
                f"表述的数字完全相同（{shown}），表头单位或文中单位有一处写错。",
                ev, expected=f"表中数字按“{table.unit}”换算后与文中一致", found=f"数值相同、单位不同（{table.unit} / {links[0].mention.unit}）")
