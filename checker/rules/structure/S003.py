from __future__ import annotations

from checker.findings import Evidence, Severity
from checker.rules import Rule, register


@register
class LayoutUnrecognised(Rule):
    """未能识别文档类型或章节结构，只能按通用规则检查，部分核对可能无法进行。

    为什么
    不同省份、不同年份的公开文本标题和编号各不相同。识别不出的版式不应被静默当作“没有问题”，
    审核人员需要知道工具在这份文档上看得有多清楚。认不出文档类型（或认出是部门预算等本工具不审核的文本）
    记为错误：这份文件须人工审核；只缺章节编号的记为警告。

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
        looks_like = None
        if kind == "unknown":
            votes = doc.facts.kind.candidates or {}
            looks_like = max(votes, key=votes.get) if votes else None
            if looks_like in NOT_REVIEWED:
                problems.append(f"这是一份{NOT_REVIEWED[looks_like][1]}，不是部门决算或绩效自评报告，本工具不审核此类文本")
            else:
                problems.append("未能识别文档类型（既不像部门决算，也不像绩效自评报告）")
        if not has_sections:
            problems.append("未找到任何章节标题（如“第一部分”“一、”“（一）”）")
        if problems:
            first = doc.view.text.split("\n", 1)[0]
            ev = [Evidence.from_location(doc.locate_view(0, len(first)))] if first else []
            # a document of no known kind cannot be reviewed as one: an error (the file's exit status says so)
            yield self.finding("；".join(problems) + "。已按通用规则检查，依赖章节或表格的核对可能无法进行。",
                               ev, expected="可识别的部门决算或绩效自评报告版式",
                               found=NOT_REVIEWED[looks_like][0] if looks_like in NOT_REVIEWED else "未识别",
                               severity=Severity.ERROR if kind == "unknown" else None)


# kinds the lexicon recognises (lexicons/document_kinds.tsv) that this tool does not review: (short name, as
# the message describes it)
NOT_REVIEWED = {"budget": ("部门预算", "部门预算公开文本（有“部门预算”“预算情况说明”等字样）")}
