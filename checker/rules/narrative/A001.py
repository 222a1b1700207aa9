from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_unit, money, nearest_before, pct, usable
from checker.statements import figure_sentences, mention_evidence, sentences
from checker.tolerance import fmt, fmt_rate, half_unit, interval_check


@register
class ChangeRateWrong(Rule):
    """增减率与文中的本年数、增减额对不上（增减率 = 增减额 ÷ 上年数，上年数 = 本年数 ∓ 增减额）。

    为什么
    说明中常写“本年 X 万元，比上年增加（减少）Y 万元，增长（下降）Z%”。上年数可由本年数和增减额推出，
    Z 必须等于 Y ÷ 上年数。算错的增长率会误导读者对变动幅度的判断。

    反例
    2023 年度收、支总计 5,102.22 万元。与 2022 年度相比，收、支总计各减少 91.8 万元，下降 1.83%。
    （上年应为 5,102.22 + 91.8 = 5,194.02 万元，91.8 ÷ 5,194.02 = 1.77%）

    正例
    2023年度收、支总计6,391.6万元。与2022年度相比，收、支总计各增加1,171.58万元，增长22.4%。
    （1,171.58 ÷ (6,391.6 − 1,171.58) = 22.44%）
    """

    code = "A001"
    name = "arithmetic.change_rate"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "增减率计算有误"

    def check(self, doc):
        checked = 0
        for k, s in figure_sentences(doc, ("change_rate", "percent")):
            for r in s.of("change_rate", types=("percent",)):
                if not usable(r) or not r.subject:
                    continue
                a = nearest_before([m for m in s.of("change_amount", types=("money",)) if m.subject == r.subject and usable(m)], r.start)
                if a is None:
                    continue
                c = self._current(doc, s, r.subject, a, k)
                direction = r.direction or a.direction
                if c is None or direction not in ("increase", "decrease"):
                    continue
                unit = common_unit(c, a)  # "收支总计 1.15 亿元 … 增加 1,171.58 万元": compared in 万元
                if unit is None:
                    continue
                (cv, cp), (av, ap) = in_unit(c, unit), in_unit(a, unit)
                prior = cv - av if direction == "increase" else cv + av
                if prior <= 0:
                    continue
                # rate = a ÷ (c ∓ a): the change appears on both sides, so bound it over the inputs' rounding
                sign = -1 if direction == "increase" else 1
                rc = interval_check(lambda x, y: x / (y + sign * x) * 100,
                                    [(av, half_unit(ap)), (cv, half_unit(cp))], r.value, r.precision)
                checked += 1
                if rc is None or rc.ok:
                    continue
                op = "−" if direction == "increase" else "+"
                # "比年初预算数减少 34.29 万元": the base is the budget, not last year
                lead = doc.view.text[max(c.end, a.start - 12):a.start]
                base = "预算数" if "预算" in lead else "上年"
                yield self.finding(
                    f"{r.subject}的增减率有误：本年 {money(c)}，{'增加' if direction == 'increase' else '减少'} {money(a)}，"
                    f"{base}应为 {fmt(prior)} {unit}，增减率应为 {fmt_rate(rc.exact)}，文中为 {pct(r)}。",
                    [mention_evidence(doc, r), mention_evidence(doc, a), mention_evidence(doc, c)],
                    expected=fmt_rate(rc.exact), found=pct(r),
                    arithmetic=f"{fmt(av)} ÷ ({fmt(cv)} {op} {fmt(av)}) = {fmt_rate(rc.exact)}，文中为 {pct(r)}")
        if not checked:
            raise NotApplicable("没有同时给出本年数、增减额和增减率的说明")

    @staticmethod
    def _current(doc, s, subject, a, i: int | None = None):
        """This year's amount of the subject: in the sentence (index ``i`` when known), else in the
        sentences just before."""
        cands = [m for m in s.of("current", types=("money",)) if m.subject == subject and usable(m) and m.start < a.start]
        if cands:
            return cands[-1]
        ss = sentences(doc)
        if i is None:
            i = ss.index(s)
        for prev in reversed(ss[max(0, i - 3):i]):
            cands = [m for m in prev.of("current", types=("money",)) if m.subject == subject and usable(m)]
            if cands:
                return cands[-1]
        return None
