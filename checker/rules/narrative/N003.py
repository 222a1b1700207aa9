from __future__ import annotations

from functools import lru_cache

import regex

from checker.findings import Evidence, Severity
from checker.lexicons import read_grouped, read_table
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import in_attachment
from checker.statements import sentence_of

SPACE = regex.compile(r"\s")
SHORT_NOUN = regex.compile(r"\p{Han}{2,6}")
NOT_HAN = regex.compile(r"[^\p{Han}]")


BOUNDARY = regex.compile(r"[，,。；;：:、！？!?（）()\n]")
AFTER_STOP = regex.compile(r"[的地得和及与、，,。；;：:（(\s\d]")
YEAR = regex.compile(r"(?<!\d)(20\d\d)\s*年")
NOUN_MAX = 6


@lru_cache(maxsize=None)
def words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(markers, indicator endings, leading verbs), longest first."""
    w = read_grouped("count_totals.tsv", ("marker", "indicator", "verb"), term_column="word")
    return w["marker"], w["indicator"], w["verb"]


@lru_cache(maxsize=None)
def unit_classes() -> dict[str, str]:
    return {r["unit"]: r["class"] for r in read_table("count_unit_classes.tsv", ("unit", "class"))}


def counted_thing(text: str, q) -> str | None:
    """What a total count counts, or None when the count is not stated as a total.

    "承办各类会议次数 1930 次" → 会议 (indicator name ending in 次数 after 各类); "各类 1479 场会议的…" → 会议."""
    markers, endings, verbs = words()
    left = text[max(0, q.start - 30):q.start]
    cut = [m.end() for m in BOUNDARY.finditer(left)]
    before = SPACE.sub("", left[cut[-1]:] if cut else left)
    after_text = text[q.end:q.end + 12]
    stop = AFTER_STOP.search(after_text)
    after = after_text[:stop.start()] if stop else after_text
    after = after if SHORT_NOUN.fullmatch(after or "") else ""
    # the marker nearest the count ("全年共举办各类培训" → 各类)
    found = [(before.rindex(w) + len(w), w) for w in markers if w in before]
    marker = max(found)[1] if found else None
    ending = next((e for e in endings if before.endswith(e)), None)
    if marker is None and ending is None:
        return None
    if after:
        return after[:NOUN_MAX]
    name = before[: -len(ending)] if ending else before
    if marker and marker in name:
        name = name[name.rindex(marker) + len(marker):]
    name = NOT_HAN.sub("", name)
    for v in verbs:
        if name.startswith(v) and len(name) - len(v) >= 2:
            name = name[len(v):]
            break
    return name[-NOUN_MAX:] if len(name) >= 2 else None


@register
class CountRestated(Rule):
    """同一件事的总数在文中两处写得不同（如“承办各类会议次数 1930 次”与“各类 1479 场会议”）。

    为什么
    绩效自评和部门整体情况里，会议、培训、检查、车辆、人员等的总数常在指标表述和工作总结里各写一次。
    两处说的都是“各类”“全年”“累计”的总数却不相等，至少有一处不实，绩效指标的完成情况也就无从核对。

    反例
    数量指标方面，……承办各类会议次数 1930 次……完成年初目标。
    做好会议服务保障。……保障了……等各类 1479 场会议的顺利召开。

    正例
    全年共举办各类培训 12 期……组织各类培训 12 期，培训干部 560 人次。
    """

    code = "N003"
    name = "narrative.count_restated"
    category = "narrative_internal"
    severity = Severity.WARNING
    title = "同一总数前后不一致"

    def check(self, doc):
        text = doc.view.text
        year = doc.facts.year.value
        classes = unit_classes()
        groups: dict[tuple[str, str], list] = {}
        for q in doc.extraction.quantities:
            if q.type != "count" or q.value is None or q.unit not in classes or in_attachment(doc, q.start):
                continue
            sentence = sentence_of(doc, q.start)
            if sentence is not None and year and any(
                    y != str(year) for y in YEAR.findall(text[sentence.start:q.start])):
                continue  # a count of another year
            thing = counted_thing(text, q)
            if thing:
                groups.setdefault((thing, classes[q.unit]), []).append(q)
        compared = [g for g in groups.values() if len(g) > 1]
        if not compared:
            raise NotApplicable("没有在两处陈述的总数")
        for (thing, _), qs in groups.items():
            values = {}
            for q in qs:
                values.setdefault(q.value, q)
            if len(values) < 2:
                continue
            first, *others = values.values()
            shown = "、".join(f"{q.text.strip()}" for q in values.values())
            yield self.finding(
                f"“{thing}”的总数前后不一致：文中分别写作 {shown}，请核实哪一个是准确的。",
                [Evidence.from_location(doc.locate_view(q.start, q.end)) for q in values.values()],
                expected=first.text.strip(), found="、".join(q.text.strip() for q in others),
                arithmetic=f"{' ≠ '.join(str(v) for v in values)}")
