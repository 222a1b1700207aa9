from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_unit, money, usable
from checker.statements import figure_sentences, mention_evidence, sentences
from checker.tolerance import compare, fmt


@register
class ChangeAmountWrong(Rule):
    """增减额与文中同时给出的本年数、上年数对不上（增减额 = 本年数 − 上年数），或增减方向写反。

    为什么
    有的说明同时写出本年数和上年数，再写“增加（减少）Y 万元”。Y 必须等于两者之差，“增加”还是“减少”
    也必须与两数的大小一致。

    反例
    2023年度收入合计 990.75 万元，2022年度收入合计 990.08 万元，增加 0.76 万元。（990.75 − 990.08 = 0.67）

    正例
    2023年度收入合计 990.75 万元，2022年度收入合计 990.08 万元，增加 0.67 万元。
    """

    code = "A004"
    name = "arithmetic.change_amount"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "增减额计算有误"

    def check(self, doc):
        checked = 0
        ss = sentences(doc)
        for k, s in figure_sentences(doc, ("change_amount", "money")):
            for a in s.of("change_amount", types=("money",)):
                if not usable(a) or not a.subject or a.direction not in ("increase", "decrease"):
                    continue
                scope = s.mentions + (ss[k - 1].mentions if k else [])
                cur = [m for m in scope if m.role == "current" and m.subject == a.subject and usable(m) and m.start < a.start]
                pri = [m for m in scope if m.role == "prior" and m.subject == a.subject and usable(m) and m.start < a.start]
                if not cur or not pri:
                    continue
                c, p = cur[-1], pri[-1]
                unit = common_unit(c, p, a)  # amounts in 亿元 and 万元 are compared in 万元
                if unit is None:
                    continue
                (cv, cp), (pv, pp), (av, ap) = in_unit(c, unit), in_unit(p, unit), in_unit(a, unit)
                checked += 1
                diff = cv - pv
                said = av if a.direction == "increase" else -av
                cmp = compare(diff, said, [cp, pp, ap])
                if cmp.status == "equal":
                    continue
                severity = Severity.INFO if cmp.status == "rounding" else None
                word = "增加" if diff >= 0 else "减少"
                yield self.finding(
                    f"{a.subject}的增减额有误{'（差额在尾数误差范围内）' if severity else ''}：本年 {money(c)}，上年 {money(p)}，"
                    f"应{word} {fmt(abs(diff))} {unit}，文中为{'增加' if a.direction == 'increase' else '减少'} {money(a)}。",
                    [mention_evidence(doc, a), mention_evidence(doc, c), mention_evidence(doc, p)],
                    expected=f"{word} {fmt(abs(diff))} {unit}", found=f"{'增加' if a.direction == 'increase' else '减少'} {money(a)}",
                    severity=severity, arithmetic=f"{fmt(cv)} − {fmt(pv)} = {fmt(diff)}")
        if not checked:
            raise NotApplicable("没有同时给出本年数、上年数和增减额的说明")
