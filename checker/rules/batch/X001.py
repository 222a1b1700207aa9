"""X001: this year's "与上年相比" statements against last year's own disclosure of the same department.

The check needs two documents, so it runs in two halves: :func:`year_facts` reads what one document
says (in the worker that checked it: its totals, and the prior-year figures its change statements imply)
into a small JSON-able record; :func:`compare_years` compares the records of two fiscal years of one
department (in the batch's parent process) and returns ordinary :class:`Finding` records whose evidence
quotes both documents (the other document's path in the evidence's ``document`` field).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from checker.findings import Evidence, Finding, Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import in_attachment, usable
from checker.statements import figure_sentences, funding_scope, mention_evidence
from checker.tolerance import compare, fmt

ACTUAL = ("current", "final")


def scope(doc, m) -> str:
    return funding_scope(doc, m.start, performance=True)


FIRM_KINDS = ("lexicon", "classification")
# subjects that are not a year's total of anything (or too loose to compare across documents)
SKIP_SUBJECTS = {"", "资金", "项目", "合计", "总计", "部门预算", "项目预算", "部门整体支出", "国有资产", "中小企业",
                 "小微企业", "政府采购", "政府采购货物", "政府采购工程", "政府采购服务"}
# decimals gained when an amount in this unit is written in 万元
WAN_SHIFT = {"元": 4, "千元": 1, "万元": 0, "亿元": -4}
SCOPE_ZH = {"all": "", "fiscal": "（财政拨款口径）", "performance": "（绩效部分）"}


@register
class CrossYearMismatch(Rule):
    """本年“与上年相比”推出的上年数，与同一部门上一年度决算公开材料中的本年数对不上（批量审核时核对）。

    为什么
    说明中“本年 X 万元，比上年增加（减少）Y 万元”隐含了上年数 X ∓ Y，文中直接写出的“上年决算数”也一样；
    这个数必须等于该部门上一年度公开的决算数。对不上说明本年数、增减额或上年数至少有一处抄错，
    或上年数据口径有调整而未说明。只有同一部门相邻两个年度的材料都在同一批次中时才能核对。

    反例
    2023 年度材料：收、支总计 5,102.22 万元，与 2022 年度相比减少 91.8 万元（上年应为 5,194.02 万元）；
    同一部门 2022 年度材料：2022 年度收、支总计 5,250.00 万元。

    正例
    2023 年度材料：收、支总计 5,102.22 万元，与 2022 年度相比减少 91.8 万元；
    同一部门 2022 年度材料：2022 年度收、支总计 5,194.02 万元。
    """

    code = "X001"
    name = "batch.cross_year_mismatch"
    category = "cross_year"
    severity = Severity.WARNING
    title = "与上年材料不符"
    batch_only = True  # checked by ``checker batch``; a single document can only be "not applicable"

    def check(self, doc):
        raise NotApplicable("跨年度核对只在批量审核（checker batch）中进行，且需要同一部门上一年度的决算公开材料在同一批次中")


# ---------------------------------------------------------------- one document's half (worker side)


def _firm(m) -> bool:
    return (m.type == "money" and usable(m) and m.subject not in SKIP_SUBJECTS
            and getattr(m, "subject_kind", None) in FIRM_KINDS and m.unit in WAN_SHIFT)


def _figure(doc, m) -> dict:
    return {"value": str(m.value), "unit": m.unit, "precision": m.precision or 0,
            "wan": format(m.value_wan.normalize(), "f"),
            "wan_precision": max(0, (m.precision or 0) + WAN_SHIFT[m.unit]),
            "evidence": mention_evidence(doc, m).to_dict()}


def year_facts(doc) -> dict:
    """What one document says that another year's document can check: ``totals`` (this year's figures by
    subject and scope, first statement of each) and ``statements`` (prior-year figures this document
    states or implies through "与上年相比" changes)."""
    from checker.rules.narrative.A001 import ChangeRateWrong

    out = {"totals": [], "statements": []}
    if doc.facts.kind.value != "final_accounts":
        return out
    year = doc.facts.to_dict()["year"]
    firsts: dict[tuple, object] = {}
    values: dict[tuple, set] = {}
    for m in doc.extraction.mentions:
        if m.role not in ACTUAL or not _firm(m) or in_attachment(doc, m.start):
            continue
        if year is not None and m.period not in (None, year):
            continue
        key = (m.subject, scope(doc, m))
        firsts.setdefault(key, m)
        values.setdefault(key, set()).add(m.value_wan)
    for key, m in firsts.items():
        if len(values[key]) == 1:  # a subject stated with two different values is not a firm total
            out["totals"].append({"subject": key[0], "scope": key[1], **_figure(doc, m)})
    # the sentences holding a change amount or a prior-year amount, in order (the others hold neither)
    for i, s in figure_sentences(doc, ("change_amount", "money"), ("prior", "money")):
        for a in s.of("change_amount", types=("money",)):
            if not _firm(a) or a.direction not in ("increase", "decrease") or in_attachment(doc, a.start):
                continue
            c = ChangeRateWrong._current(doc, s, a.subject, a, i)
            if c is None or not _firm(c) or c.unit != a.unit:
                continue
            prior = c.value - a.value if a.direction == "increase" else c.value + a.value
            cur, chg = _figure(doc, c), _figure(doc, a)
            wan = Decimal(cur["wan"]) - Decimal(chg["wan"]) if a.direction == "increase" else Decimal(cur["wan"]) + Decimal(chg["wan"])
            out["statements"].append({
                "subject": a.subject, "scope": scope(doc, a), "how": "change", "direction": a.direction,
                "current": cur, "change": chg, "prior": str(prior), "unit": c.unit,
                "prior_wan": format(wan.normalize(), "f"), "precisions": [cur["wan_precision"], chg["wan_precision"]]})
        for p in s.of("prior", types=("money",)):
            if not _firm(p) or in_attachment(doc, p.start):
                continue
            fig = _figure(doc, p)
            out["statements"].append({
                "subject": p.subject, "scope": scope(doc, p), "how": "stated", "direction": None,
                "stated": fig, "prior": fig["value"], "unit": p.unit, "prior_wan": fig["wan"],
                "precisions": [fig["wan_precision"]]})
    return out


# ---------------------------------------------------------------- two documents (batch parent)


def _ev(d: dict, document: str | None = None) -> Evidence:
    return Evidence(d["text"], d.get("line"), d.get("start"), d.get("end"), d.get("page"), d.get("table"), d.get("row"),
                    d.get("column"), document)


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def compare_years(current: dict, prior: dict, prior_path: str, prior_year: int | None) -> tuple[list[Finding], int]:
    """Findings for the ``current`` year's document (its :func:`year_facts`) against the ``prior`` year's;
    also returns how many statements could be compared."""
    rule = CrossYearMismatch()
    totals = {(t["subject"], t["scope"]): t for t in prior.get("totals", [])}
    findings: list[Finding] = []
    compared = 0
    for st in current.get("statements", []):
        t = totals.get((st["subject"], st["scope"]))
        if t is None:
            continue
        implied, actual = _dec(st["prior_wan"]), _dec(t["wan"])
        if implied is None or actual is None:
            continue
        compared += 1
        cmp = compare(actual, implied, st["precisions"] + [t["wan_precision"]])
        if cmp.status != "mismatch":
            continue
        year_zh = f" {prior_year} 年度" if prior_year else "上一年度"
        subject = st["subject"] + SCOPE_ZH.get(st["scope"], "")
        theirs = f"{fmt(Decimal(t['value']))} {t['unit']}"
        if st["how"] == "change":
            c, a = st["current"], st["change"]
            word, sign = ("增加", "−") if st["direction"] == "increase" else ("减少", "+")
            said = (f"本年 {fmt(Decimal(c['value']))} {c['unit']}，比上年{word} {fmt(Decimal(a['value']))} {a['unit']}，"
                    f"由此推出上年为 {fmt(Decimal(st['prior']))} {st['unit']}")
            arithmetic = (f"{fmt(Decimal(c['value']))} {sign} {fmt(Decimal(a['value']))} = {fmt(Decimal(st['prior']))} {st['unit']}，"
                          f"上年材料为 {theirs}")
            evidence = [_ev(a["evidence"]), _ev(c["evidence"])]
        else:
            s = st["stated"]
            said = f"文中写上年为 {fmt(Decimal(s['value']))} {s['unit']}"
            arithmetic = f"文中上年数 {fmt(Decimal(s['value']))} {s['unit']}，上年材料为 {theirs}"
            evidence = [_ev(s["evidence"])]
        evidence.append(_ev(t["evidence"], document=prior_path))
        diff = abs(implied - actual)
        findings.append(rule.finding(
            f"{subject}与上年材料不符：{said}；而同一部门{year_zh}决算公开材料（{prior_path}）中{subject}为 {theirs}，"
            f"相差 {fmt(diff.normalize())} 万元。请核对本年数、增减额，或说明上年数据口径调整的情况。",
            evidence, expected=theirs, found=f"{fmt(Decimal(st['prior']))} {st['unit']}", arithmetic=arithmetic))
    return findings, compared
