from __future__ import annotations

from checker.findings import Evidence, Severity
from checker.rules import InsufficientData, Rule, register

_FACTS = {"department": "部门名称", "year": "年度"}


@register
class DocumentFactsConflict(Rule):
    """同一份文档中部门名称或年度的写法前后不一致（多为套用其他单位或往年模板）。

    为什么
    标题、表头、概况中的部门名称和年度应当完全一致；出现另一个单位的名称或另一个年度，
    通常说明文本是从别的单位或往年的材料改写而来，内容可能未改全。

    反例
    武汉市东湖高新区机关事务服务中心 2024 年整体绩效自评报告 …… 武汉市东西湖区机关事务服务中心 2024 年整体绩效自评报告

    正例
    封面、第一部分概况、各表“部门：”一栏都写作 武汉市武昌区人民政府办公室。
    """

    code = "S004"
    name = "document_facts.inconsistent"
    category = "document_facts"
    severity = Severity.WARNING
    title = "部门名称或年度前后不一致"

    def check(self, doc):
        facts = doc.facts
        if facts.department.value is None and facts.year.value is None:
            raise InsufficientData("未能识别部门名称和年度")
        for key, label in _FACTS.items():
            fact = getattr(facts, key)
            others = fact.conflicts()
            if not others:
                continue
            evidence = [Evidence.from_location(doc.locate_view(*fact.spans_by_value[v][0]))
                        for v in [fact.value] + others if fact.spans_by_value.get(v)]
            yield self.finding(
                f"{label}前后不一致：多数位置写作“{fact.value}”，另有位置写作“{'”“'.join(others)}”。",
                evidence, expected=fact.value, found="、".join(others))

