from __future__ import annotations

from checker.findings import Severity
from checker.rules import Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import row_sum_findings

PARTS = ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]


@register
class Table02RowSum(Rule):
    """公开02表某行的本年收入合计不等于财政拨款、上级补助、事业、经营、附属单位上缴和其他收入之和。

    逐行核对（含合计行）：第 1 栏 = 第 2—7 栏之和。文本版式中空白单元格的位置已丢失，
    这时用该行第一个数（本年收入合计）与其余各数之和比较——和与各数落在哪一栏无关。
    差额在尾数误差以内的只作提示。

    为什么
    收入决算表的每一行都是按收入来源拆分的，拆分之和必须等于合计。对不上说明某栏漏填、
    错填，或合计栏没有随分项一起修改；文字说明中“财政拨款收入占 X%”等数字也会随之出错。

    反例
    201 一般公共服务支出 1,227.34 1,127.34 （空） （空） （空） （空） （空）    ← 1,127.34 ≠ 1,227.34
    2013602 一般行政管理事务 124.59 124.09 0.40                 ← 124.09 + 0.40 = 124.49

    正例
    201 一般公共服务支出 1,227.34 1,227.34
    2013602 一般行政管理事务 124.59 124.09 0.50
    """

    code = "T002"
    name = "table_identity.table02_row_sum"
    category = "table_identity"
    severity = Severity.ERROR
    title = "收入决算表各栏之和不等于合计"

    def check(self, doc):
        t = require_tables(doc, "table02")
        yield from row_sum_findings(self, doc, t, "本年收入合计", PARTS)
