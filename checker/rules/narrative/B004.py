from __future__ import annotations

from functools import lru_cache

from checker.findings import Severity
from checker.lexicons import read_table
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative.B001 import breakdowns
from checker.rules.narrative._common import in_attachment, money, usable
from checker.statements import fine_scope, mention_evidence, scope_within
from checker.tolerance import compare, fmt

# figures of the same kind: an actual amount is compared with an actual amount, a budget with a budget
FAMILY = {"current": "actual", "final": "actual", "budget_initial": "budget_initial", "budget_full": "budget_full"}
FAMILY_ZH = {"actual": "", "budget_initial": "年初预算", "budget_full": "全年预算"}
FISCAL_PREFIX = "一般公共预算财政拨款"
LEVEL_ZH = {3: "类", 5: "款", 7: "项"}


@lru_cache(maxsize=None)
def containment() -> dict[str, frozenset[str]]:
    """part subject → the subjects it is part of (transitively)."""
    direct: dict[str, set[str]] = {}
    for row in read_table("containment.tsv", ("part", "whole")):
        direct.setdefault(row["part"], set()).add(row["whole"])
    closed: dict[str, frozenset[str]] = {}
    for part in direct:
        seen, todo = set(), list(direct[part])
        while todo:
            w = todo.pop()
            if w not in seen:
                seen.add(w)
                todo.extend(direct.get(w, ()))
        closed[part] = frozenset(seen)
    return closed


def _name(m) -> str:
    if m.subject_code and m.subject_kind == "classification":
        level = LEVEL_ZH.get(len(m.subject_code), "")
        return f"{m.subject.split('/')[-1]}（{m.subject_code}{'，' + level if level else ''}）"
    return m.subject


def _figures(doc) -> list[tuple]:
    """(mention, subject, fine scope, family) of every usable money figure of the narrative."""
    figures = []
    for m in doc.extraction.mentions:
        if m.type != "money" or m.role not in FAMILY or not usable(m) or m.value_wan is None \
                or in_attachment(doc, m.start):
            continue
        subject = m.subject
        scope = fine_scope(doc, m.start)
        if subject.startswith(FISCAL_PREFIX) and subject not in containment() and scope != "all":
            subject = subject[len(FISCAL_PREFIX):]  # inside a 财政拨款 section 基本支出 names the fiscal one
        figures.append((m, subject, scope, FAMILY[m.role]))
    return figures


def _index(figures) -> tuple[dict, dict]:
    """Where each figure can be found as a whole: by (family, period, subject) and, for a classification
    figure with a code, by (family, period, code)."""
    by_subject: dict[tuple, list[int]] = {}
    by_code: dict[tuple, list[int]] = {}
    for k, (m, subject, _, family) in enumerate(figures):
        by_subject.setdefault((family, m.period, subject), []).append(k)
        if m.subject_kind == "classification" and m.subject_code:
            by_code.setdefault((family, m.period, m.subject_code), []).append(k)
    return by_subject, by_code


def _candidates(part, family: str, wholes, by_subject: dict, by_code: dict) -> list[int]:
    """The figures (their indices, in order) that may be the whole of ``part``: a subject it is part of, or
    a classification whose code begins its code. Every other figure fails both tests of the full scan."""
    out: list[int] = []
    for w in wholes:
        out += by_subject.get((family, part.period, w), ())
    code = part.subject_code
    if part.subject_kind == "classification" and code:
        for n in range(1, len(code)):
            out += by_code.get((family, part.period, code[:n]), ())
    return sorted(set(out))


@register
class PartExceedsWhole(Rule):
    """部分大于整体：文中某处的“项”大于其所属的“类”，收入合计大于收支总计，机关运行经费大于公用经费之类。

    为什么
    一个数是另一个数的一部分（行政运行（项）属于一般公共服务支出（类），收入合计是收支总计的一部分，
    一般公共预算的某类支出是财政拨款同类支出的一部分），那么无论写在文中哪一节，它都不能更大。
    部分大于整体，说明两处中至少有一处数字抄错（常见的是数字位置颠倒，如 11092.59 写成 11902.59）。

    反例
    1.一般公共服务(类)支出746.34万元，占75.3%。……一般公共服务支出(类)财政事务(款)行政运行(项)。年初预算为
    868.92 万元，支出决算为746.83万元。（项 746.83 > 类 746.34）
    2023 年度收、支总计均为 11092.59 万元。……2023 年度收入合计 11902.59 万元。

    正例
    2023 年度收、支总计均为 11092.59 万元。……2023 年度收入合计 11092.59 万元。
    """

    code = "B004"
    name = "arithmetic.part_exceeds_whole"
    category = "arithmetic"
    severity = Severity.ERROR
    title = "部分大于整体"

    def check(self, doc):
        figures = _figures(doc)
        parents = containment()
        pairs = 0
        reported: set[tuple] = set()
        subject_index, code_index = _index(figures)
        for part, p_subject, p_scope, p_family in figures:
            wholes = parents.get(p_subject, frozenset())
            for k in _candidates(part, p_family, wholes, subject_index, code_index):
                whole, w_subject, w_scope, w_family = figures[k]
                if whole is part or w_family != p_family or whole.period != part.period:
                    continue
                if not scope_within(p_scope, w_scope):
                    continue
                by_code = (part.subject_kind == whole.subject_kind == "classification" and part.subject_code
                           and whole.subject_code and len(part.subject_code) > len(whole.subject_code)
                           and part.subject_code.startswith(whole.subject_code))
                if not by_code and w_subject not in wholes:
                    continue
                pairs += 1
                if part.value_wan <= whole.value_wan:
                    continue
                cmp = compare(whole.value_wan, part.value_wan, [whole.precision or 0, part.precision or 0])
                if cmp.status != "mismatch":
                    continue
                if self._listed_breakdown(doc, part, p_subject, whole, w_subject):
                    continue  # a part listed right after its total: B001's check
                key = (part.value, w_subject, whole.value)  # the same wrong figure restated is one finding
                if key in reported:
                    continue
                reported.add(key)
                kind = FAMILY_ZH[p_family]
                yield self.finding(
                    f"{_name(part)}{kind} {money(part)} 大于其所属的{_name(whole)}{kind} {money(whole)}："
                    "部分不能大于整体，两处至少有一处有误。",
                    [mention_evidence(doc, part), mention_evidence(doc, whole)],
                    expected=f"不超过 {money(whole)}", found=money(part),
                    arithmetic=f"{fmt(part.value)} > {fmt(whole.value)}，差 {fmt(part.value - whole.value)}")
        if not pairs:
            raise NotApplicable("文中没有可比较的部分与整体")

    @staticmethod
    def _listed_breakdown(doc, part, p_subject, whole, w_subject) -> bool:
        if part.start < whole.start or doc.structure.section_at(part.start) is not doc.structure.section_at(whole.start):
            return False
        return any(total == w_subject and p_subject in parts for total, _, parts in breakdowns())
