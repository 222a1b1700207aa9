from __future__ import annotations

from checker.findings import Severity
from checker.rules import Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import row_sum_findings


@register
class Table05RowSum(Rule):
    """公开05表某行的本年支出合计（小计）不等于基本支出与项目支出之和。

    逐行核对（含合计行）：小计 = 基本支出 + 项目支出。文本版式中空白单元格的位置已丢失，
    这时用该行第一个数（小计）与其余各数之和比较。差额在尾数误差以内的只作提示。

    为什么
    一般公共预算财政拨款支出决算表是文字说明第五部分（逐项年初预算与决算对比）的依据，
    每个科目的小计必须等于基本支出加项目支出，否则说明中引用的数字无从核对。

    反例
    20103 政府办公厅（室）及相关机构事务 1,224.39 911.92 321.47    ← 911.92 + 321.47 = 1,233.39

    正例
    20103 政府办公厅（室）及相关机构事务 1,224.39 911.92 312.47
    2010302 一般行政管理事务 312.47 （空） 312.47
    """

    code = "T004"
    name = "table_identity.table05_row_sum"
    category = "table_identity"
    severity = Severity.ERROR
    title = "一般公共预算支出表基本支出与项目支出之和不等于小计"

    def check(self, doc):
        t = require_tables(doc, "table05")
        yield from row_sum_findings(self, doc, t, "本年支出合计", ["基本支出", "项目支出"])
