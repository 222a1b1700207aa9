from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.evidence import line_evidence
from checker.structure import DECLARED_EMPTY, _is_header_like


def declared_empty(doc, table) -> bool:
    text = "".join(doc.lines[i].content for i in table.note_lines)
    return bool(DECLARED_EMPTY.search(text))


@register
class TableNotExtractable(Rule):
    """标准公开表只有标题、读不到任何单元格（多为以图片插入的表），表格相关核对无法进行。

    为什么
    九张决算表是核对文字说明的依据。PDF 里以图片插入的表格提取不到数字，工具不能凭空补出，
    只能如实告知审核人员：这些表需要另行提供可提取文字的版本，或由人工核对。

    反例
    一、收入支出决算总表
    二、收入决算表
    （标题后没有表头、没有数据行）

    正例
    收入支出决算总表  公开01表  项目 行次 金额 … 一、一般公共预算财政拨款收入 1 5,102.22
    七、政府性基金预算财政拨款收入支出决算表  本单位当年无政府性基金预算财政拨款收入支出。
    """

    code = "S001"
    name = "structure.table_not_extractable"
    category = "structure"
    severity = Severity.WARNING
    title = "表格内容无法读取"

    def check(self, doc):
        tables = doc.structure.tables
        if not tables:
            raise NotApplicable("文档中没有识别到表格标题")
        lost = []
        for t in tables:
            if not (t.key or "").startswith("table") or t.has_data or declared_empty(doc, t):
                continue
            rows = [i for i in range(t.first_line, t.last_line + 1)
                    if i in doc.structure.rigid_lines and i != t.title_line and _is_header_like(doc.lines[i].content)]
            if rows:
                continue  # headers without data: an empty table, judged by the table rules
            lost.append(t)
        if lost:
            names = "、".join(t.label or t.title or t.key or "未命名表" for t in lost)
            yield self.finding(
                f"{len(lost)} 张表只有标题，未能读取到表格内容（可能是以图片插入）：{names}。"
                "这些表与文字说明的核对无法进行，请提供可提取文字的版本或人工核对。",
                [line_evidence(doc, t.title_line if t.title_line is not None else t.first_line, table=t.key)
                 for t in lost],
                expected="表格含可读取的数据行", found="仅有标题")
