from __future__ import annotations

from checker.findings import Evidence, Severity
from checker.rules import Rule, register


@register
class LayoutUnrecognised(Rule):
    """未能识别文档类型或章节结构，只能按通用规则检查，部分核对可能无法进行。

    为什么
    不同省份、不同年份的公开文本标题和编号各不相同。识别不出的版式不应被静默当作“没有问题”，
    审核人员需要知道工具在这份文档上看得有多清楚。

    反例
    一份会议纪要或一份没有“部门决算”“绩效自评报告”等字样、也没有任何“一、”“（一）”编号的文本。

    正例
    第一部分 某单位概况 … 第三部分 2023年度部门决算情况说明 一、收入支出决算总体情况说明 …
    """

    code = "S003"
    name = "structure.layout_unrecognised"
    category = "structure"
    severity = Severity.WARNING
    title = "未识别的文档版式"

    def check(self, doc):
        kind = doc.facts.kind.value
        has_sections = next(doc.structure.walk(), None) is not None
        problems = []
        if kind == "unknown":
            problems.append("未能识别文档类型（既不像部门决算，也不像绩效自评报告）")
        if not has_sections:
            problems.append("未找到任何章节标题（如“第一部分”“一、”“（一）”）")
        if problems:
            first = doc.view.text.split("\n", 1)[0]
            ev = [Evidence.from_location(doc.locate_view(0, len(first)))] if first else []
            yield self.finding("；".join(problems) + "。已按通用规则检查，依赖章节或表格的核对可能无法进行。",
                               ev, expected="可识别的部门决算或绩效自评报告版式", found="未识别")
