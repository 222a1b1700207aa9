from __future__ import annotations

import regex

from checker.extract.classification import class_names, norm_name
from checker.findings import Severity
from checker.rules import InsufficientData, Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import Term, check_equal, table_name

NUMERAL = regex.compile(r"^[一二三四五六七八九十]+[、.．]\s*")


def _class_rows(table, segment: str) -> dict[str, object]:
    """Rows of a 行次-keyed table (01/04) that name a function class, by class code."""
    out = {}
    for e in table.entries:
        if e.segment != segment or not e.name:
            continue
        c = class_names().get(norm_name(NUMERAL.sub("", e.name)))
        if c is not None:
            out[c.code] = e
    return out


def _no_carryover(t1) -> bool:
    """Table 01 shows no balance carried in, used or carried out (blank or zero)."""
    for name, seg in (("年初结转和结余", "income"), ("使用非财政拨款结余", "income"), ("年末结转和结余", "expenditure")):
        e = t1.find(name, seg)
        if e is None:
            return False
        c = e.cell("决算数")
        if c is not None and c.value != 0:
            return False
    return True


def _trusted(cell) -> bool:
    return cell is not None and cell.placement in ("position", "total")


@register
class CrossTableTotals(Rule):
    """表与表之间应相等的数不相等：公开01表与02/03表的收入、支出合计及各类支出，公开04表与05表的一般公共预算各类支出。

    核对：01表本年收入合计 = 02表合计行本年收入合计；01表本年支出合计 = 03表合计行本年支出合计；
    01表没有结转结余时，02表与03表同一科目的本年收入合计 = 本年支出合计；
    01表各功能分类类级支出 = 03表该类本年支出合计；04表一般公共预算财政拨款栏各类支出 = 05表该类本年支出合计；
    04表一般公共预算财政拨款支出合计 = 05表合计。差额在尾数误差以内的只作提示。

    为什么
    九张表是同一套决算数据的不同切面，汇总口径相同的数在各表中必须一致；不一致说明某张表填错或未随调整更新。

    反例
    公开04表 九、卫生健康支出 55.48 ，公开05表 210 卫生健康支出 55.49

    正例
    公开01表 本年支出合计 5,102.22 = 公开03表 合计 本年支出合计 5,102.22
    """

    code = "T010"
    name = "table_identity.cross_table"
    category = "table_identity"
    severity = Severity.ERROR
    title = "表间数字不一致"

    def check(self, doc):
        pairs = 0
        t1 = self._maybe(doc, "table01")
        t2, t3 = self._maybe(doc, "table02"), self._maybe(doc, "table03")
        t4, t5 = self._maybe(doc, "table04"), self._maybe(doc, "table05")
        if t1 is not None:
            income = t1.find("本年收入合计", "income")
            spend = t1.find("本年支出合计", "expenditure")
            for other, row, col, mine in ((t2, "合计", "本年收入合计", income), (t3, "合计", "本年支出合计", spend)):
                if other is None or mine is None:
                    continue
                e = other.entry(row)
                if e is None or not _trusted(e.cell(col)):
                    continue
                pairs += 1
                f = check_equal(self, doc, f"{table_name(t1)}与{table_name(other)}",
                                Term(t1, mine, mine.cell("决算数"), f"{table_name(t1)}{mine.name}"),
                                Term(other, e, e.cell(col), f"{table_name(other)}合计行{col}"))
                if f is not None:
                    yield f
            if t3 is not None:
                for code, row in _class_rows(t1, "expenditure").items():
                    e = t3.entry(code)
                    if e is None or row.cell("决算数") is None or not _trusted(e.cell("本年支出合计")):
                        continue
                    pairs += 1
                    f = check_equal(self, doc, f"{table_name(t1)}与{table_name(t3)}",
                                    Term(t1, row, row.cell("决算数"), f"{table_name(t1)}{row.name}"),
                                    Term(t3, e, e.cell("本年支出合计"), f"{table_name(t3)}{code} {e.name}"))
                    if f is not None:
                        yield f
        if t1 is not None and t2 is not None and t3 is not None and _no_carryover(t1):
            # without balances carried in or out, what came in under a code is what went out under it
            for e2 in t2.entries:
                if not e2.code:
                    continue
                e3 = t3.entry(e2.code)
                c2, c3 = e2.cell("本年收入合计"), (e3.cell("本年支出合计") if e3 is not None else None)
                if e3 is None or not _trusted(c2) or not _trusted(c3):
                    continue
                pairs += 1
                f = check_equal(self, doc, f"{table_name(t2)}与{table_name(t3)}（无结转结余）",
                                Term(t2, e2, c2, f"{table_name(t2)}{e2.code} {e2.name}本年收入合计"),
                                Term(t3, e3, c3, f"{table_name(t3)}{e3.code} {e3.name}本年支出合计"))
                if f is not None:
                    yield f
        if t4 is not None and t5 is not None:
            col4 = "一般公共预算财政拨款"
            for code, row in _class_rows(t4, "expenditure").items():
                e = t5.entry(code)
                c4 = row.cell(col4) if _trusted(row.cell(col4)) else (row.cell("合计") if len(row.cells) == 1 else None)
                if e is None or c4 is None or not _trusted(e.cell("本年支出合计")):
                    continue
                pairs += 1
                f = check_equal(self, doc, f"{table_name(t4)}与{table_name(t5)}",
                                Term(t4, row, c4, f"{table_name(t4)}{row.name}"),
                                Term(t5, e, e.cell("本年支出合计"), f"{table_name(t5)}{code} {e.name}"))
                if f is not None:
                    yield f
        if not pairs:
            raise InsufficientData("缺少可相互核对的表（公开01/02/03表或公开04/05表未能读取）")

    @staticmethod
    def _maybe(doc, key):
        try:
            return require_tables(doc, key)
        except InsufficientData:
            return None
