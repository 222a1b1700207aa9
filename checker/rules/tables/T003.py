from __future__ import annotations

from checker.findings import Severity
from checker.rules import Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import row_sum_findings

PARTS = ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]


@register
class Table03RowSum(Rule):
    """公开03表某行的本年支出合计不等于基本支出、项目支出、上缴上级支出、经营支出和对附属单位补助支出之和。

    逐行核对（含合计行）：第 1 栏 = 第 2—6 栏之和。文本版式中空白单元格的位置已丢失，
    这时用该行第一个数（本年支出合计）与其余各数之和比较。差额在尾数误差以内的只作提示。

    为什么
    支出决算表按支出性质拆分每一个科目，拆分之和必须等于合计。对不上说明基本支出或项目支出
    录错、漏填；文字说明中“基本支出 X 万元，占 Y%”的核对也会随之出错。

    反例
    合计 5,102.22 1,330.67 3,700.00 （空） （空） （空）    ← 1,330.67 + 3,700.00 = 5,030.67
    201 一般公共服务支出 746.84 622.25 124.09                  ← 622.25 + 124.09 = 746.34

    正例
    合计 5,102.22 1,330.67 3,771.55 （空） （空） （空）
    201 一般公共服务支出 746.84 622.25 124.59
    """

    code = "T003"
    name = "table_identity.table03_row_sum"
    category = "table_identity"
    severity = Severity.ERROR
    title = "支出决算表各栏之和不等于合计"

    def check(self, doc):
        t = require_tables(doc, "table03")
        yield from row_sum_findings(self, doc, t, "本年支出合计", PARTS)
