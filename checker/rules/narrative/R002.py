from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import usable
from checker.statements import mention_evidence

MAX_PLACES = {"万元": 2, "亿元": 4, "千元": 3, "元": 2}


@register
class AmountPrecision(Rule):
    """金额的小数位数超出该单位的常规精度（如“4000.953 万元”），多为录入错误。

    为什么
    决算以万元列示时保留两位小数（以元列示时到分）。多出的一位小数往往是多敲了一个数字，
    这一数字与表格、与其他位置的同一数字也就对不上。

    反例
    项目全年预算数为 4000.953 万元，执行数为 4000.95 万元。

    正例
    项目全年预算数为 4000.95 万元，执行数为 4000.95 万元。
    """

    code = "R002"
    name = "residue.amount_precision"
    category = "narrative_internal"
    severity = Severity.WARNING
    title = "金额小数位数异常"

    def check(self, doc):
        money = [m for m in doc.extraction.mentions if m.type == "money" and usable(m) and m.unit in MAX_PLACES]
        if not money:
            raise NotApplicable("文中没有金额")
        for m in money:
            if m.precision is not None and m.precision > MAX_PLACES[m.unit]:
                yield self.finding(
                    f"金额“{m.value} {m.unit}”有 {m.precision} 位小数，超出以{m.unit}列示的常规精度（{MAX_PLACES[m.unit]} 位），请核实是否录入有误。",
                    [mention_evidence(doc, m)], expected=f"不超过 {MAX_PLACES[m.unit]} 位小数", found=f"{m.value} {m.unit}")
