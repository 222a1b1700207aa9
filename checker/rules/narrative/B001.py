from __future__ import annotations

from functools import lru_cache

from checker.findings import Severity
from checker.lexicons import read_table
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_attachment, in_unit, money, summed, usable
from checker.statements import mention_evidence
from checker.tolerance import fmt

ROLES = ("current", "final")


@lru_cache(maxsize=None)
def breakdowns() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((r["total"], r["relation"], tuple(p for p in r["parts"].split("|") if p))
                 for r in read_table("breakdowns.tsv", ("total", "relation", "parts")))


@register
class BreakdownDoesNotAddUp(Rule):
    """文中列出的组成部分与总数对不上：政府采购货物+工程+服务≠总额，人员经费+公用经费≠基本支出，小微企业>中小企业等。

    为什么
    “其中”后面列出的各部分必须能加回总数（全部列出时相等，只列出一部分时不能超过总数）；
    授予小微企业的合同金额是授予中小企业金额的一部分，不能更大。

    反例
    政府采购支出总额 1788.11 万元，其中：政府采购货物支出 98.84 万元、政府采购工程支出 96.58 万元、政府采购服务支出 1602.69 万元。
    （98.84 + 96.58 + 1,602.69 = 1,798.11）
    授予中小企业合同金额 0 万元……其中授予小微企业合同金额 24.9 万元。

    正例
    2023 年度一般公共预算财政拨款基本支出 1,330.67 万元，其中：人员经费 1,111.87 万元……公用经费 218.80 万元。
    """

    code = "B001"
    name = "arithmetic.breakdown"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "组成部分与总数不符"

    def check(self, doc):
        text = doc.view.text
        mentions = [m for m in doc.extraction.mentions if m.type == "money" and m.role in ROLES and usable(m)
                    and not in_attachment(doc, m.start)]
        checked = 0
        for total_subject, relation, parts in breakdowns():
            for t in [m for m in mentions if m.subject == total_subject]:
                # the list may continue in the next paragraphs ("人员经费……。⏎公用经费……"), not past the section
                para_end = t.end
                for _ in range(3):
                    nxt = text.find("\n", para_end + 1)
                    para_end = len(text) if nxt == -1 else nxt
                section = doc.structure.section_at(t.start)
                if section is not None:
                    para_end = min(para_end, section.view_end)
                # the parts listed after the total in its paragraph, up to the next statement of the same total
                after = [m for m in mentions if t.end <= m.start < para_end]
                stop = next((m.start for m in after if m.subject == total_subject), para_end)
                found: dict[str, object] = {}
                for m in after:
                    # a part in another money unit counts, converted (授予小微企业合同金额 249,000 元 under 万元)
                    if m.start < stop and m.subject in parts and m.subject not in found and common_unit(m, t) is not None:
                        found[m.subject] = m
                if relation == "subset":
                    for m in found.values():
                        checked += 1
                        unit = common_unit(m, t)
                        (mv, _), (tv, _) = in_unit(m, unit), in_unit(t, unit)
                        if mv > tv:
                            yield self.finding(
                                f"{m.subject} {money(m)} 大于其所属的{total_subject} {money(t)}：前者是后者的一部分，不能更大。",
                                [mention_evidence(doc, m), mention_evidence(doc, t)],
                                expected=f"不超过 {money(t)}", found=money(m),
                                arithmetic=f"{fmt(mv)} > {fmt(tv)}")
                    continue
                if len(found) < 2:
                    continue
                listed = list(found.values())
                got = summed(t, listed)
                if got is None:
                    continue
                checked += 1
                unit, tv, values, total, cmp = got
                complete = len(found) == len(parts)
                if cmp.status == "equal" or cmp.status == "rounding" and complete is False:
                    continue
                if not complete and total <= tv:
                    continue  # some parts not listed: they may hold the difference
                severity = Severity.INFO if cmp.status == "rounding" else None
                terms = " + ".join(fmt(v) for v, _ in values)
                yield self.finding(
                    f"{total_subject}的组成部分{'合计' if complete else '已超过总数'}与总数不符"
                    f"{'（差额在尾数误差范围内）' if severity else ''}：{terms} = {fmt(total)}，总数为 {money(t)}。",
                    [mention_evidence(doc, t)] + [mention_evidence(doc, m) for m in listed],
                    expected=money(t), found=f"{fmt(total)} {unit}", severity=severity,
                    arithmetic=f"{terms} = {fmt(total)}，文中总数为 {fmt(tv)}")
        if not checked:
            raise NotApplicable("没有列出组成部分的总数")
