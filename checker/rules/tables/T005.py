from __future__ import annotations

from checker.findings import Severity
from checker.rules import InsufficientData, Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import Term, check_sum, positional, row_label, table_name

COLUMN = "决算数"


@register
class Table06BasicExpenditure(Rule):
    """公开06表人员经费合计与公用经费合计之和不等于公开05表的基本支出合计，或表内经济分类类级数不等于所属款级之和。

    核对：人员经费合计 + 公用经费合计 = 公开05表合计行的基本支出；人员经费合计、公用经费合计分别等于
    本栏各类（301、303 / 302、307、310、399 等）之和；每个类（3 位代码）等于其下各款（5 位代码）之和
    （各款均为空的类不核对）。差额在尾数误差以内的只作提示。

    为什么
    基本支出明细表按经济分类展开公开05表的基本支出，两表必须一致；明细表内类级数等于所属款级之和。
    对不上说明某个款漏填或错填，文字说明中“公用经费 X 万元，主要包括……”的金额也无从核对。

    反例
    302 商品和服务支出 215.69 （其下各款 138.25 + 2.41 + 2.07 + 0.42 + 5.71 + 21.80 + 7.81 + 0.35 + 34.32 + 2.05 = 215.19）
    人员经费合计 1,111.87，公用经费合计 218.80，而公开05表合计行基本支出为 1,340.67

    正例
    303 对个人和家庭的补助 94.74 （29.18 + 53.39 + 10.89 + 1.12 + 0.16 = 94.74）
    人员经费合计 1,111.87 + 公用经费合计 218.80 = 公开05表合计行基本支出 1,330.67
    """

    code = "T005"
    name = "table_identity.table06_basic_expenditure"
    category = "table_identity"
    severity = Severity.ERROR
    title = "基本支出明细表与基本支出不符"

    def check(self, doc):
        t6 = require_tables(doc, "table06")
        classes = [e for e in t6.entries if e.code and len(e.code) == 3]
        personnel, public = t6.find("人员经费合计"), t6.find("公用经费合计")
        if not classes and personnel is None and public is None:
            raise InsufficientData("公开06表中未找到经济分类类级行或人员经费合计、公用经费合计行")
        name6 = table_name(t6)
        # 人员经费合计 + 公用经费合计 = table 05 合计 基本支出
        if personnel is not None and public is not None:
            try:
                t5 = require_tables(doc, "table05")
            except InsufficientData:
                t5 = None
            total5 = t5.entry("合计") if t5 is not None else None
            if total5 is not None and positional(total5):
                f = check_sum(self, doc, f"{name6}与{table_name(t5)}",
                              Term(t5, total5, total5.cell("基本支出"), f"{table_name(t5)}合计行基本支出"),
                              [Term(t6, personnel, personnel.cell(COLUMN), "人员经费合计"),
                               Term(t6, public, public.cell(COLUMN), "公用经费合计")])
                if f is not None:
                    yield f
        # each 合计 = Σ the 类 of its block
        for total in (personnel, public):
            if total is None:
                continue
            members = [e for e in classes if e.segment == total.segment]
            if members:
                f = check_sum(self, doc, name6, Term(t6, total, total.cell(COLUMN), row_label(total)),
                              [Term(t6, e, e.cell(COLUMN), row_label(e)) for e in members], parts_name="本栏各类")
                if f is not None:
                    yield f
        # each 类 = Σ its 款, when the 款 carry values
        for c in classes:
            items = [e for e in t6.entries if e.code and len(e.code) == 5 and e.code.startswith(c.code)]
            if not any(e.cell(COLUMN) for e in items):
                continue
            f = check_sum(self, doc, f"{name6} {row_label(c)}", Term(t6, c, c.cell(COLUMN), "类级数"),
                          [Term(t6, e, e.cell(COLUMN), e.code) for e in items], parts_name="其下各款")
            if f is not None:
                yield f
