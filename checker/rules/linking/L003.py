from __future__ import annotations

from checker.extract.classification import codes, norm_name
from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.evidence import line_evidence

TABLES = ("table02", "table03", "table05", "table06", "table07", "table08")


@register
class TableSubjectName(Rule):
    """表中科目代码与科目名称不符合政府收支分类科目（代码对应的官方名称不是表中所写的名称）。

    为什么
    决算表按《政府收支分类科目》列示，代码和名称一一对应。名称写错（多为手工录入或套用旧表），
    会让表格与文字说明、与上下级汇总都对不上。

    反例
    2210202	租房补贴	17.64	17.64（2210202 的官方名称是“提租补贴”）

    正例
    2210202	提租补贴	17.64	17.64
    """

    code = "L003"
    name = "label.table_subject_name"
    category = "label_mismatch"
    severity = Severity.WARNING
    title = "表中科目名称与分类不符"

    def check(self, doc):
        tables = [doc.tables[k] for k in TABLES if k in doc.tables and doc.tables[k].status == "parsed"]
        if not tables:
            raise NotApplicable("没有可读取的按科目列示的决算表")
        lexicon = codes()
        for t in tables:
            for e in t.entries:
                official = lexicon.get(e.code or "")
                if official is None or not e.name:
                    continue
                if norm_name(e.name) == norm_name(official.name):
                    continue
                yield self.finding(
                    f"{t.display_name}科目 {e.code} 的名称写作“{e.name}”，政府收支分类科目中为“{official.name}”。",
                    [line_evidence(doc, e.line, table=t.display_name, row=e.code, column="科目名称")],
                    expected=official.name, found=e.name)
