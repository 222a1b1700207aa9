from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, cue_of, in_unit, money, nearest_before, pair_final, pct, usable
from checker.statements import figure_sentences, mention_evidence
from checker.tolerance import fmt, fmt_rate, rate_check

BUDGET_ROLES = ("budget_initial", "budget_full")


@register
class CompletionRateWrong(Rule):
    """完成率与文中的预算数、决算数对不上（完成率 = 决算数 ÷ 预算数），或预算为 0 却给出完成率。

    为什么
    “年初预算为 P 万元，支出决算为 F 万元，完成年初预算的 C%”中，C 必须等于 F ÷ P，且分母要用文中所说的
    那个预算（年初预算或全年/调整预算）。预算为 0 时完成率无从计算，写 0% 或 100% 都是错的。

    反例
    一般公共服务支出(类)……年初预算为 1305.33 万元,支出决算为 1227.34 万元,完成年初预算的 93.98%。
    （1,227.34 ÷ 1,305.33 = 94.03%）

    正例
    年初预算为 5093.22 万元，支出决算为 5,102.22 万元，完成年初预算的 100.18%。
    """

    code = "A002"
    name = "arithmetic.completion_rate"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "完成率计算有误"

    def check(self, doc):
        checked = 0
        for _, s in figure_sentences(doc, ("completion_rate", "percent")):
            for c in s.of("completion_rate", types=("percent",)):
                if not usable(c):
                    continue
                cue = cue_of(c)
                wanted = ("budget_initial",) if "年初" in cue else ("budget_full",) if ("全年" in cue or "调整" in cue) else BUDGET_ROLES
                budgets = [m for m in s.of(*wanted, types=("money",)) if usable(m)]
                finals = [m for m in s.of("final", "current", types=("money",)) if usable(m)]
                b = nearest_before(budgets, c.start)
                f = pair_final(finals, b, c.start)
                unit = common_unit(b, f) if b is not None and f is not None else None
                if unit is None:
                    continue
                (bv, bp), (fv, fp) = in_unit(b, unit), in_unit(f, unit)
                checked += 1
                if bv == 0:
                    if f.value > 0:
                        yield self.finding(
                            f"{b.subject or '该项'}预算为 0、决算 {money(f)}，完成率无从计算，文中却写 {pct(c)}。",
                            [mention_evidence(doc, c), mention_evidence(doc, b), mention_evidence(doc, f)],
                            expected="无法计算（预算为 0）", found=pct(c), severity=Severity.WARNING,
                            arithmetic=f"{fmt(f.value)} ÷ 0 无意义")
                    continue
                rc = rate_check(fv, fp, bv, bp, c.value, c.precision)
                if rc.ok:
                    continue
                yield self.finding(
                    f"{b.subject or c.subject or '该项'}的完成率有误：预算 {money(b)}，决算 {money(f)}，"
                    f"完成率应为 {fmt_rate(rc.exact)}，文中为 {pct(c)}。",
                    [mention_evidence(doc, c), mention_evidence(doc, b), mention_evidence(doc, f)],
                    expected=fmt_rate(rc.exact), found=pct(c),
                    arithmetic=f"{fmt(fv)} ÷ {fmt(bv)} = {fmt_rate(rc.exact)}，文中为 {pct(c)}")
        if not checked:
            raise NotApplicable("没有同时给出预算数、决算数和完成率的说明")
