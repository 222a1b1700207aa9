from __future__ import annotations

from checker.findings import Severity
from checker.rules import InsufficientData, NotApplicable, Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import Term, check_sum, positional, row_label, table_name


@register
class Table07Carryover(Rule):
    """公开07表某行年末结转和结余不等于年初结转和结余加本年收入减本年支出，或本年支出不等于基本支出与项目支出之和。

    只在政府性基金表有数据时核对（空表是否注明由 T009 检查），逐行（含合计行）：
    年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出合计；本年支出合计 = 基本支出 + 项目支出。
    空白单元格位置丢失的行（文本版式）无法按栏核对，跳过。差额在尾数误差以内的只作提示。

    为什么
    政府性基金按“年初结余 + 本年收入 − 本年支出 = 年末结余”滚存，等式不成立说明某栏填错；
    支出合计又须等于基本支出加项目支出。文字说明第七部分复述这些数字，表内先要自洽。

    反例
    合计 10.00 50.00 45.00 （空） 45.00 20.00      ← 10.00 + 50.00 − 45.00 = 15.00 ≠ 20.00

    正例
    合计 10.00 50.00 45.00 （空） 45.00 15.00
    """

    code = "T008"
    name = "table_identity.table07_carryover"
    category = "table_identity"
    severity = Severity.ERROR
    title = "政府性基金表结转结余不平衡"

    def check(self, doc):
        t = doc.tables.get("table07")
        if t is not None and t.status == "empty" and doc.facts.kind.value != "performance_self_evaluation":
            raise NotApplicable("公开07表为空表（本年无政府性基金预算财政拨款收支）")
        t = require_tables(doc, "table07")
        rows = [e for e in t.entries if e.cells]
        placed = [e for e in rows if positional(e)]
        if rows and not placed:
            raise InsufficientData("公开07表各行空白单元格的位置未能确定（文本版式），无法按栏核对")
        name = table_name(t)
        for e in placed:
            term = lambda col, sign=1: Term(t, e, e.cell(col), col, sign)  # noqa: E731
            where = f"{name} {row_label(e)}"
            for f in (check_sum(self, doc, where, term("年末结转和结余"),
                                [term("年初结转和结余"), term("本年收入"), term("本年支出合计", -1)]),
                      check_sum(self, doc, where, term("本年支出合计"), [term("基本支出"), term("项目支出")])):
                if f is not None:
                    yield f
