from __future__ import annotations

import regex

from checker.findings import Evidence, Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import in_attachment

TOTAL_CUE = regex.compile(r"(?:共有|现有|实有)?(?:各类)?车辆(?:总数|共计|合计)?(?:为|共)?$|共有车辆$|车辆\s*$")
OFFICIAL_CUE = regex.compile(r"公务用车(?:保有量|实有数|总数)?(?:为|共|合计)?$")
CLAUSE_BREAK = regex.compile(r"[，,。；;：:\n]")  # compiled once: regex.split(str, ...) looks it up per call


def _left(text: str, pos: int, width: int = 14) -> str:
    start = max(0, pos - width)
    clause = CLAUSE_BREAK.split(text[start:pos])[-1]
    return clause


@register
class VehicleCountsDoNotAgree(Rule):
    """车辆数对不上：分类车辆数加起来不等于车辆总数，或公务用车保有量大于单位车辆总数。

    为什么
    国有资产占用情况说明列出“共有车辆 N 辆，其中：……a 辆、……b 辆”，各类之和必须等于 N；
    “三公”经费部分写的公务用车保有量是全部车辆的一部分，不能比车辆总数还多。

    反例
    公务用车保有量 57 辆（“三公”经费说明）…… 共有车辆 48 辆，其中……3 辆、……20 辆、……24 辆、……1 辆（资产说明）

    正例
    共有车辆 48 辆，其中：主要负责人用车 3 辆、机要通信用车 20 辆、应急保障用车 24 辆、其他用车 1 辆。
    """

    code = "B002"
    name = "arithmetic.vehicle_counts"
    category = "narrative_internal"
    severity = Severity.ERROR
    title = "车辆数前后不符"

    def check(self, doc):
        text = doc.view.text
        cars = [q for q in doc.extraction.quantities if q.type == "count" and q.unit == "辆" and q.value is not None
                and not in_attachment(doc, q.start)]
        if not cars:
            raise NotApplicable("文中没有车辆数")
        totals = [q for q in cars if TOTAL_CUE.search(_left(text, q.start))]
        officials = [q for q in cars if OFFICIAL_CUE.search(_left(text, q.start))]
        for t in totals:
            line_end = text.find("\n", t.end)
            line_end = len(text) if line_end == -1 else line_end
            parts = [q for q in cars if t.end <= q.start < line_end and q not in totals and q not in officials]
            if len(parts) >= 2:
                s = sum(q.value for q in parts)
                if s != t.value:
                    terms = " + ".join(str(q.value) for q in parts)
                    yield self.finding(
                        f"分类车辆数合计 {s} 辆，与车辆总数 {t.value} 辆不符。",
                        [self._ev(doc, t)] + [self._ev(doc, q) for q in parts],
                        expected=f"{t.value} 辆", found=f"{s} 辆", arithmetic=f"{terms} = {s}，总数为 {t.value}")
            for o in officials:
                if o.value > t.value:
                    yield self.finding(
                        f"公务用车保有量 {o.value} 辆，多于单位车辆总数 {t.value} 辆：公务用车是全部车辆的一部分。",
                        [self._ev(doc, o), self._ev(doc, t)], expected=f"不超过 {t.value} 辆", found=f"{o.value} 辆",
                        arithmetic=f"{o.value} > {t.value}")

    @staticmethod
    def _ev(doc, q):
        return Evidence.from_location(doc.locate_view(q.start, q.end))
