from __future__ import annotations

import regex

from checker.findings import Severity
from checker.rules import InsufficientData, Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import Term, check_equal, check_sum, row_label

SUB_LINE = regex.compile(r"^其中")
INCOME_TOTAL = regex.compile(r"^本年收入合计$|^本年收入$|收入合计$")
SPENDING_TOTAL = regex.compile(r"^本年支出合计$|^本年支出$|支出合计$")
GRAND_TOTAL = regex.compile(r"^总计")


def _find(table, segment, pattern: regex.Pattern):
    """The first row of the side whose name (spaces removed) matches: rows are found by name, since
    other provinces number the rows of table 01 differently."""
    for e in table.entries:
        if e.segment == segment and pattern.search(e.name.replace(" ", "")):
            return e
    return None


def _between(rows, first, last):
    """Rows strictly after ``first`` and before ``last`` (or from the start / to the end when None),
    leaving out 其中 lines, which restate part of the line above."""
    i = rows.index(first) + 1 if first is not None else 0
    j = rows.index(last) if last is not None else len(rows)
    return [e for e in rows[i:j] if not SUB_LINE.match(e.name.strip())]


@register
class Table01Balance(Rule):
    """公开01表收支不平衡：本年收入合计与各项收入、总计与收入合计加结余结转、收入总计与支出总计对不上。

    核对五个等式：本年收入合计 = 其上各项收入之和；本年支出合计 = 其上各功能分类支出之和；
    收入方 总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余；
    支出方 总计 = 本年支出合计 + 结余分配 + 年末结转和结余；收入方总计 = 支出方总计。
    （合计行与总计行之间如有其他行，如“用事业基金弥补收支差额”，一并计入；“其中”行不计。）
    各行按名称查找，不依赖行次（各地行次编排不同）；空白单元格按空处理；差额在尾数误差以内的只作提示。

    为什么
    收入支出决算总表是整套报表的总纲，收支两方必须平衡，合计必须等于各分项之和。
    一处不平，说明表内数字录错、漏填或与其他表没有同步修改，后续各表和文字说明的核对都失去依据。

    反例
    一、一般公共预算财政拨款收入 1 5,102.22
    八、其他收入 8 0.60
    本年收入合计 27 5,102.22      ← 5,102.22 + 0.60 = 5,102.82
    总计 31 5,102.22  …  总计 62 5,103.22      ← 收入总计与支出总计相差 1.00

    正例
    一、一般公共预算财政拨款收入 1 5,102.22 … 本年收入合计 27 5,102.22 … 总计 31 5,102.22
    一、一般公共服务支出 32 1,227.34 … 本年支出合计 58 5,102.22 … 总计 62 5,102.22
    """

    code = "T001"
    name = "table_identity.table01_balance"
    category = "table_identity"
    severity = Severity.ERROR
    title = "收入支出决算总表收支不平衡"

    def check(self, doc):
        t = require_tables(doc, "table01")
        income = [e for e in t.entries if e.segment == "income"]
        spend = [e for e in t.entries if e.segment == "expenditure"]
        col = "决算数"
        in_total = _find(t, "income", INCOME_TOTAL)
        in_grand = _find(t, "income", GRAND_TOTAL)
        out_total = _find(t, "expenditure", SPENDING_TOTAL)
        out_grand = _find(t, "expenditure", GRAND_TOTAL)
        if in_total is None and out_total is None and in_grand is None and out_grand is None:
            raise InsufficientData("公开01表中未找到本年收入合计、本年支出合计或总计行")
        term = lambda e, label=None: Term(t, e, e.cell(col), label or row_label(e))  # noqa: E731
        found = []
        if in_total is not None:
            found.append(check_sum(self, doc, "公开01表 收入方", term(in_total),
                                   [term(e) for e in _between(income, None, in_total)], parts_name="其上各项收入"))
        if out_total is not None:
            found.append(check_sum(self, doc, "公开01表 支出方", term(out_total),
                                   [term(e) for e in _between(spend, None, out_total)], parts_name="其上各项支出"))
        if in_total is not None and in_grand is not None and income.index(in_grand) > income.index(in_total):
            found.append(check_sum(self, doc, "公开01表 收入方", term(in_grand, "总计"),
                                   [term(in_total)] + [term(e) for e in _between(income, in_total, in_grand)]))
        if out_total is not None and out_grand is not None and spend.index(out_grand) > spend.index(out_total):
            found.append(check_sum(self, doc, "公开01表 支出方", term(out_grand, "总计"),
                                   [term(out_total)] + [term(e) for e in _between(spend, out_total, out_grand)]))
        if in_grand is not None and out_grand is not None:
            found.append(check_equal(self, doc, "公开01表 收支总计不相等", term(in_grand, "收入方总计"),
                                     term(out_grand, "支出方总计")))
        yield from (f for f in found if f is not None)
