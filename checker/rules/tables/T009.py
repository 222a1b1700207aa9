from __future__ import annotations

from checker.findings import Severity
from checker.rules import InsufficientData, NotApplicable, Rule, register
from checker.rules.evidence import line_evidence
from checker.rules.structure.S001 import declared_empty
from checker.titles import table_full_name

KEYS = ("table07", "table08")


@register
class EmptyTableWithoutNote(Rule):
    """公开07表或公开08表没有数据行，却没有注明本单位当年无政府性基金（国有资本经营）预算财政拨款收支。

    为什么
    多数部门没有政府性基金和国有资本经营预算拨款，这两张表常为空表。按公开要求，空表须保留
    并以文字说明“本单位无此项收支”；只有表头、没有说明的空表，读者无法分辨是确实没有、
    漏填数据，还是表格丢失。

    反例
    政府性基金预算财政拨款收入支出决算表
    公开07表
    单位：万元
    项目 年初结转和结余 本年收入 本年支出 年末结转和结余
    合计
    （表后没有任何说明）

    正例
    政府性基金预算财政拨款收入支出决算表
    公开07表
    …（表头）
    注：本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余。
    """

    code = "T009"
    name = "structure.empty_table_without_note"
    category = "structure"
    severity = Severity.WARNING
    title = "空表未说明无此项收支"

    def check(self, doc):
        if doc.facts.kind.value == "performance_self_evaluation":
            raise NotApplicable("绩效自评报告不含决算公开表")
        blocks = {}
        for b in doc.structure.tables:
            if b.key in KEYS and b.key not in blocks:
                blocks[b.key] = b
        unknown = []
        findings = []
        for key in KEYS:
            t, block = doc.tables.get(key), blocks.get(key)
            name = table_full_name(key)
            if t is None or block is None:
                unknown.append(f"未找到{name}")
            elif t.status == "not_extractable":
                unknown.append(f"{name}未能读取（可能是图片）")
            elif t.status == "empty" and not declared_empty(doc, block):
                line = block.title_line if block.title_line is not None else block.first_line
                findings.append(self.finding(
                    f"{name}没有数据行，也没有说明本单位当年无此项收支。请补充说明"
                    "（如“本单位本年度无……预算财政拨款收入、支出”），或核实是否漏填数据。",
                    [line_evidence(doc, line, table=key)], expected="空表附“无此项收支”的说明", found="空表，无说明"))
        if not findings and unknown:
            raise InsufficientData("；".join(unknown))
        yield from findings
