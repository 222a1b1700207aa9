from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_attachment, money, summed, usable
from checker.statements import mention_evidence
from checker.tolerance import fmt

TOTAL = "一般公共预算财政拨款支出"
ROLES = {"budget_initial": "年初预算", "final": "决算"}


@register
class ItemsDoNotAddUpToTotal(Rule):
    """逐项说明的年初预算（或决算）加起来不等于开头给出的一般公共预算财政拨款支出年初预算（或决算）总数。

    为什么
    “一般公共预算财政拨款支出决算具体情况”先给出年初预算和决算总数，再逐类（项）说明。各条的预算数、
    决算数之和必须回到总数；对不上，说明有条目漏写、重复或数字抄错。

    反例
    2023 年度一般公共预算财政拨款支出年初预算为 5093.22 万元……1. ……年初预算为 1305.33 万元……
    2. ……年初预算数为 199.57 万元……（五条年初预算合计 5,180.21 万元）

    正例
    年初预算为 4,964.13 万元……各项年初预算之和 4,964.13 万元；支出决算 6,391.6 万元，各项决算之和 6,391.6 万元。
    """

    code = "B003"
    name = "arithmetic.items_vs_total"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "逐项数合计与总数不符"

    def check(self, doc):
        mentions = [m for m in doc.extraction.mentions if m.type == "money" and usable(m) and not in_attachment(doc, m.start)]
        checked = 0
        for role, word in ROLES.items():
            for t in [m for m in mentions if m.subject == TOTAL and m.role == role]:
                section = doc.structure.section_at(t.start)
                if section is None:
                    continue
                # items in another money unit count too, converted (公务接待费 4,200 元 among items in 万元)
                items = [m for m in mentions if m.role == role and m.subject_kind == "classification"
                         and t.end <= m.start < section.view_end and common_unit(m, t) is not None]
                # one figure per item: the first; a class stated with its own 项 is counted once, at the 项
                first: dict[str, object] = {}
                for m in items:
                    first.setdefault(m.subject, m)
                paths = list(first)
                leaves = [first[p] for p in paths if not any(q != p and q.startswith(p + "/") for q in paths)]
                if len(leaves) < 2:
                    continue
                got = summed(t, leaves)
                if got is None:
                    continue
                checked += 1
                unit, tv, parts, total, cmp = got
                if cmp.status == "equal":
                    continue
                severity = Severity.INFO if cmp.status == "rounding" else None
                yield self.finding(
                    f"逐项说明的{word}数合计 {fmt(total)} {unit}，与{TOTAL}{word}总数 {money(t)} 不符"
                    f"{'（差额在尾数误差范围内）' if severity else ''}（共 {len(leaves)} 条，差 {fmt(total - tv)}）。",
                    [mention_evidence(doc, t)] + [mention_evidence(doc, m) for m in leaves[:20]],
                    expected=money(t), found=f"{fmt(total)} {unit}", severity=severity,
                    arithmetic=" + ".join(fmt(v) for v, _ in parts) + f" = {fmt(total)}，总数为 {fmt(tv)}")
        if not checked:
            raise NotApplicable("没有逐项说明年初预算或决算的段落")
