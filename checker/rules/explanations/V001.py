from __future__ import annotations

from checker.findings import Evidence, Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, completion_needs_reason, in_attachment, in_unit

VARIANCE_ROLES = ("change_amount", "change_rate", "completion_rate", "final", "budget_initial", "budget_full")
SUBTYPE_ZH = {"generic": "套话", "restatement": "复述", "residue": "模板残留"}


def is_variance(linked) -> bool:
    """Do the figures an explanation is attached to show a variance that needs explaining? Any change from
    the year before; a completion of the budget below 95 % or above 100 % (any deviation for a “三公”
    item), as a stated rate or as the budget and final amounts — the national template asks for a reason
    there only (E001), so a vague reason for 99.7 % is not a vague explanation of a variance."""
    amounts = [m.value for m in linked if m.type == "money" and m.value is not None]
    if amounts and all(v == 0 for v in amounts):
        return False  # nothing budgeted, nothing spent: "本单位无……" is all there is to say
    for m in linked:
        if m.value is None:
            continue
        if m.role in ("change_amount", "change_rate") and m.value != 0:
            return True
        if m.role == "completion_rate" and completion_needs_reason(m.value, m.subject):
            return True
    budgets = [m for m in linked if m.role in ("budget_initial", "budget_full") and m.value is not None]
    finals = [m for m in linked if m.role == "final" and m.value is not None]
    if not (budgets and finals):
        return False
    b, f = budgets[0], finals[0]
    unit = common_unit(b, f)  # 1.2 亿元 against 11,480 万元: in 万元
    budget, final = (in_unit(b, unit)[0], in_unit(f, unit)[0]) if unit else (b.value, f.value)
    if budget == final:
        return False
    if budget <= 0:
        return True  # spent without (or against) a budget
    return completion_needs_reason(final / budget * 100, f.subject or b.subject)


@register
class VagueExplanation(Rule):
    """差异的原因说明空泛：没有具体事项、金额、时间或政策依据，放到任何单位都成立（由分类器判断并给出理由）。

    为什么
    审核人员最费时的工作，是找出“解释了等于没解释”的原因说明，退回单位重写。“人员减少、支出压降”“按政策规定”
    “工作需要”之类的说法无法核实；具体的原因应当点明项目、事件、政策文件、数量或时间。

    反例
    与 2022 年度相比，收、支总计各减少 91.8 万元，下降 1.77%，主要原因是人员减少、支出压减。

    正例
    与2022年度相比，收、支总计各增加1,171.58万元，主要原因是2023年度新增项目支出：1.办公用房维修71.8万元；
    2.荆南街办公区房屋装修及配套设施建设1,010.51万元。
    """

    code = "V001"
    name = "explanation.vague"
    category = "vague_explanation"
    severity = Severity.WARNING
    title = "原因说明空泛"

    def check(self, doc):
        from checker.explain.classify import classify_document

        if not doc.extraction.explanations:
            raise NotApplicable("文中没有原因说明")
        if doc.defer_classification:  # judged later, with the batch's counts (batch._classify_reasons)
            return
        verdicts = classify_document(doc)
        for (e, eligible, evidence, found), v in zip(candidates(doc), verdicts):
            if eligible and v.label == "boilerplate":
                yield vague_finding(self, e.subject, v, evidence, found)


def candidates(doc):
    """For each explanation of ``doc``: (explanation, whether a boilerplate verdict makes it a finding, the
    evidence, the quoted reason). A batch re-judges these with the batch's document frequencies."""
    mentions = {m.id: m for m in doc.extraction.mentions}
    for e in doc.extraction.explanations:
        linked = [mentions[i] for i in e.mentions if i in mentions]
        # no variance to explain (attached forms judge targets, not accounts)
        eligible = is_variance(linked) and not in_attachment(doc, e.cue_start)
        loc = doc.locate_view(e.start, e.end) if e.end > e.start else doc.locate_view(e.cue_start, e.start)
        found = doc.view.text[e.start:e.end].strip()[:80] or loc.text.strip()[:80]
        yield e, eligible, Evidence.from_location(loc), found


def vague_finding(rule, subject: str | None, v, evidence: Evidence, found: str):
    """The V001 finding for one explanation judged boilerplate (``v``: a classifier verdict)."""
    why = "；".join(v.reasons) or "未给出具体事项、金额或时间"
    subject = f"{subject}的" if subject else ""
    return rule.finding(
        f"{subject}差异原因说明空泛（{SUBTYPE_ZH.get(v.subtype, v.subtype)}，可信度 {v.probability:.0%}）：{why}。"
        "请要求单位写明具体项目、金额、时间或政策依据。",
        [evidence], expected="具体、可核实的原因", found=found)
