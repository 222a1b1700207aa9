from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import LOW_COMPLETION, SANGONG, in_attachment, money, pct, usable
from checker.statements import figure_sentences, has_explanation, mention_evidence

TOTALS = {"收支总计", "收入合计", "支出合计", "财政拨款收支总计", "一般公共预算财政拨款支出"}


@register
class MissingExplanation(Rule):
    """应当说明原因而没有说明：决算低于预算 95% 或超过预算、“三公”经费偏离预算、总额同比变动。

    为什么
    全国模板要求：“凡是年中有追加预算的或决算数低于年初预算数95%的应作原因说明”；“三公”经费决算与预算
    不一致、收支总额与上年相比有增减，也都应说明原因。没有原因的差异是审核时要退回补充的。

    反例
    年初预算为 5.47 万元，支出决算为 80.93 万元，完成年初预算的 1479.52%。（没有任何原因说明）

    正例
    ……完成年初预算的 1479.52%。支出决算数大于年初预算数的主要原因是：按政策规定，上级下拨三支一扶人员相关经费。
    """

    code = "E001"
    name = "explanation.missing"
    category = "missing_explanation"
    severity = Severity.WARNING
    title = "缺少原因说明"

    def check(self, doc):
        if doc.facts.kind.value != "final_accounts":
            raise NotApplicable("只适用于部门决算情况说明")
        required = 0
        for _, s in figure_sentences(doc, ("completion_rate", "percent"), ("change_amount", "money")):
            if in_attachment(doc, s.start):
                continue  # attached self-evaluations explain shortfalls in their own forms
            for c in s.of("completion_rate", types=("percent",)):
                if not usable(c):
                    continue
                under, over = c.value < LOW_COMPLETION, c.value > 100
                sangong = c.subject in SANGONG and c.value != 100
                if not (under or over or sangong):
                    continue
                if c.value == 0 and not [m for m in s.of("final", "current", types=("money",)) if usable(m) and m.value > 0]:
                    continue  # nothing budgeted and nothing spent: no variance to explain
                required += 1
                if has_explanation(doc, s.mentions or [c]) or (c.subject == "三公经费" and _explained_in_section(doc, c)):
                    continue
                why = "低于预算的 95%" if under else "超过预算" if over else "“三公”经费与预算不一致"
                yield self.finding(f"{c.subject or '该项'}完成预算的 {pct(c)}（{why}），但没有说明原因。",
                                   [mention_evidence(doc, c)], expected="说明差异原因", found="未说明")
            for a in s.of("change_amount", types=("money",)):
                if not usable(a) or a.value == 0 or a.subject not in TOTALS:
                    continue
                required += 1
                if has_explanation(doc, [a]):
                    continue
                yield self.finding(f"{a.subject}与上年相比{'增加' if a.direction == 'increase' else '减少'} {money(a)}，但没有说明原因。",
                                   [mention_evidence(doc, a)], expected="说明增减原因", found="未说明")
        if not required:
            raise NotApplicable("没有需要说明原因的差异")


def _explained_in_section(doc, m) -> bool:
    """The 三公 total is explained item by item in the same section (因公出国…主要原因是…)."""
    node = doc.structure.section_at(m.start)
    while node is not None and node.parent is not None and node.parent.style not in ("part", "title"):
        node = node.parent
    if node is None:
        return False
    return any(node.view_start <= e.cue_start < node.view_end for e in doc.extraction.explanations)
