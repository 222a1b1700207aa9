from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_unit, money, nearest_before, pct, usable
from checker.rules.narrative._shares import denominator_word, share_total
from checker.statements import figure_sentences, mention_evidence
from checker.tolerance import fmt, fmt_rate, rate_check


@register
class ShareWrong(Rule):
    """占比与文中的部分数、总数对不上（占比 = 部分 ÷ 总数）。

    为什么
    “其中：基本支出 A 万元，占本年支出 B%”“一般公共服务（类）支出 X 万元，占 Y%”中的占比，必须等于部分除以
    所说的总数（本年收入、本年支出合计，或该段开头给出的总额）。凑整到 100% 而改动个别占比是常见错误。

    反例
    5. 住房保障支出（类）145.29 万元，占比 2.81%。（总额 5,102.22 万元：145.29 ÷ 5,102.22 = 2.85%）

    正例
    其中：基本支出 1,330.67 万元，占本年支出 26.08%；项目支出 3,771.55 万元，占本年支出 73.92%。
    """

    code = "A003"
    name = "arithmetic.share"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "占比计算有误"

    def check(self, doc):
        checked = 0
        for _, s in figure_sentences(doc, ("share", "percent")):
            for sh in s.of("share", types=("percent",)):
                if not usable(sh):
                    continue
                part = nearest_before([m for m in s.of("current", "final", types=("money",))
                                       if usable(m) and (m.subject == sh.subject or not sh.subject)], sh.start)
                if part is None:
                    continue
                total = share_total(doc, sh, part, denominator_word(sh))
                unit = common_unit(part, total) if total is not None and total is not part else None
                if unit is None:
                    continue
                (pv, pp), (tv, tp) = in_unit(part, unit), in_unit(total, unit)
                checked += 1
                rc = rate_check(pv, pp, tv, tp, sh.value, sh.precision)
                if rc is None or rc.ok:
                    continue
                yield self.finding(
                    f"{part.subject or '该项'}的占比有误：{money(part)} ÷ {total.subject or '总额'} {money(total)} "
                    f"= {fmt_rate(rc.exact)}，文中为 {pct(sh)}。",
                    [mention_evidence(doc, sh), mention_evidence(doc, part), mention_evidence(doc, total)],
                    expected=fmt_rate(rc.exact), found=pct(sh),
                    arithmetic=f"{fmt(pv)} ÷ {fmt(tv)} = {fmt_rate(rc.exact)}，文中为 {pct(sh)}")
        if not checked:
            raise NotApplicable("没有能确定部分数和总数的占比")
