from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from checker.findings import Severity
from checker.lexicons import read_terms
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_attachment, in_unit, money, same_figure, usable
from checker.statements import mention_evidence
from checker.tolerance import fmt

ACTUAL = ("current", "final")
PROJECT_KINDS = ("item", "project", "quoted")
# a gap larger than this share of the amount is more likely another quantity (another funding scope, another
# year's part of the project) than a slip of the pen; those are not compared
NEAR = Decimal("0.05")
MIN_KEY = 2


@lru_cache(maxsize=None)
def suffixes() -> tuple[str, ...]:
    return tuple(sorted(read_terms("project_name_suffixes.txt"), key=len, reverse=True))


def project_key(name: str) -> str:
    """乡村振兴工作经费 / 乡村振兴项目 → 乡村振兴."""
    key = name.strip("“”\"'《》 ")
    changed = True
    while changed:
        changed = False
        for s in suffixes():
            if key.endswith(s) and len(key) - len(s) >= MIN_KEY:
                key = key[: -len(s)]
                changed = True
                break
    return key


@register
class ProjectAmountRestated(Rule):
    """同一个项目的执行金额在两处写得略有不同（如支出情况中 312.47 万元、绩效自评中 312.46 万元）。

    为什么
    重点项目的支出金额往往在“一般公共预算财政拨款支出决算具体情况”和绩效自评中各写一次。两处相差很小、
    又不是尾数误差时，几乎总是有一处抄错；相差很大时则可能是口径不同（只算财政拨款、跨年度），不在此列。

    反例
    项目支出主要用于乡村振兴工作经费 312.47 万元……
    1. 乡村振兴项目绩效自评综述：项目全年预算数 350 万元，执行数 312.46 万元。

    正例
    项目支出主要用于乡村振兴工作经费 312.47 万元……乡村振兴项目……执行数 312.47 万元。
    """

    code = "N002"
    name = "narrative.project_amount"
    category = "narrative_internal"
    severity = Severity.WARNING
    title = "同一项目金额前后不一致"

    def check(self, doc):
        groups: dict[tuple, list] = {}
        for m in doc.extraction.mentions:
            if m.type != "money" or m.role not in ACTUAL or m.subject_kind not in PROJECT_KINDS or not usable(m) \
                    or m.value_wan is None or in_attachment(doc, m.start):
                continue
            key = project_key(m.subject)
            if len(key) >= MIN_KEY:
                groups.setdefault((key, m.period), []).append(m)
        compared = 0
        for (key, _), ms in groups.items():
            if len(ms) < 2:
                continue
            first = ms[0]
            for other in ms[1:]:
                compared += 1
                unit = common_unit(first, other)  # 71.8 万元 and 718,000 元 are one amount
                if unit is None:
                    continue
                (fv, fp), (ov, op) = in_unit(first, unit), in_unit(other, unit)
                if same_figure(fv, fp, ov, op):
                    continue
                gap = abs(other.value_wan - first.value_wan)
                if gap > NEAR * max(first.value_wan, other.value_wan):
                    continue
                yield self.finding(
                    f"“{key}”项目的金额两处不一致：{first.subject} {money(first)}，{other.subject} {money(other)}，"
                    f"相差 {fmt(gap)} 万元（同一个数，不是尾数误差），至少有一处抄错。",
                    [mention_evidence(doc, first), mention_evidence(doc, other)],
                    expected=money(first), found=money(other),
                    arithmetic=f"{fmt(ov)} − {fmt(fv)} = {fmt(ov - fv)}")
                break
        if not compared:
            raise NotApplicable("没有在两处出现的项目金额")
