from __future__ import annotations

from functools import lru_cache

from checker.findings import Severity
from checker.lexicons import read_terms
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import in_attachment, money, usable
from checker.statements import fine_scope, mention_evidence
from checker.tolerance import compare, fmt

ACTUAL = ("current", "final")


@lru_cache(maxsize=None)
def exemption_words() -> tuple[str, ...]:
    return tuple(read_terms("running_cost_exemptions.txt"))


@register
class RunningCostVsPublicCost(Rule):
    """机关运行经费与一般公共预算财政拨款基本支出中的公用经费不相称：大于公用经费，或在有公用经费时写为 0。

    为什么
    按部门决算的口径，机关运行经费就是行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款
    安排的基本支出中的公用经费。它可以因部门内有非参公事业单位而小于全部公用经费，但不能更大；
    公用经费有数而机关运行经费为 0，只有部门内全无行政单位和参公单位时才成立，此时应写明，
    否则多半是漏填或口径错误。

    反例
    公用经费769.68万元，主要包括：办公费……
    十、机关运行经费支出说明 2023 年度××中心机关运行经费支出0万元。

    正例
    公用经费 218.80 万元……机关运行经费支出 215.69 万元。
    本单位为公益一类事业单位，非参公管理，无机关运行经费。
    """

    code = "B005"
    name = "arithmetic.running_cost"
    category = "narrative_internal"
    severity = Severity.WARNING
    title = "机关运行经费与公用经费不符"

    def check(self, doc):
        money_mentions = [m for m in doc.extraction.mentions if m.type == "money" and m.role in ACTUAL
                          and usable(m) and m.value_wan is not None and not in_attachment(doc, m.start)]
        running = [m for m in money_mentions if m.subject == "机关运行经费"]
        public = [m for m in money_mentions if m.subject == "公用经费" and fine_scope(doc, m.start) == "general"]
        if not running:
            raise NotApplicable("文中没有机关运行经费")
        if not public:
            raise NotApplicable("文中没有一般公共预算财政拨款基本支出中的公用经费")
        year_running = [m for m in running if m.period == public[0].period]
        for r in year_running[:1]:
            p = public[0]
            if r.value_wan > p.value_wan:
                cmp = compare(p.value_wan, r.value_wan, [p.precision or 0, r.precision or 0])
                if cmp.status == "mismatch":
                    yield self.finding(
                        f"机关运行经费 {money(r)} 大于一般公共预算财政拨款基本支出中的公用经费 {money(p)}："
                        "机关运行经费是其中行政单位和参公事业单位的部分，不能更大。",
                        [mention_evidence(doc, r), mention_evidence(doc, p)], severity=Severity.ERROR,
                        expected=f"不超过 {money(p)}", found=money(r),
                        arithmetic=f"{fmt(r.value)} > {fmt(p.value)}")
            elif r.value == 0 and p.value > 0 and not self._exempt(doc, r):
                yield self.finding(
                    f"机关运行经费写为 {money(r)}，但一般公共预算财政拨款基本支出中的公用经费为 {money(p)}："
                    "如部门内有行政单位或参公事业单位，机关运行经费应与其公用经费一致；"
                    "如确无，应在说明中写明，请核实。",
                    [mention_evidence(doc, r), mention_evidence(doc, p)],
                    expected=f"与公用经费相符（最多 {money(p)}）", found=money(r),
                    arithmetic=f"机关运行经费 {fmt(r.value)}，公用经费 {fmt(p.value)}")

    @staticmethod
    def _exempt(doc, m) -> bool:
        """Does the running-cost section (or the sentence) say the department has none to report?"""
        section = doc.structure.section_at(m.start)
        start, end = (section.view_start, section.view_end) if section is not None else (m.start - 200, m.end + 200)
        text = doc.view.text[max(0, start):end]
        return any(w in text for w in exemption_words())
