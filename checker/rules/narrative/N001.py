from __future__ import annotations

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_attachment, in_unit, money, usable
from checker.statements import funding_scope, mention_evidence
from checker.tolerance import compare, fmt

ACTUAL = ("current", "final")
FISCAL_PREFIX = "一般公共预算财政拨款"
GENERIC_SUBJECTS = {"", "资金", "项目", "合计", "总计", "部门预算", "项目预算"}
# only subjects read from the lexicons or the classification: an item name guessed from its clause
# is not firm enough to call two figures "the same quantity"
FIRM_KINDS = ("lexicon", "classification")


@register
class RestatementMismatch(Rule):
    """同一个数在文中不同位置写得不一样（同一科目、同一年度、同一口径的本年数或决算数）。

    为什么
    收支总计、基本支出、各类支出等在情况说明中往往重复四五次，每次都必须一致；不一致说明至少有一处抄错，
    读者无从判断哪个是对的。

    反例
    （五）……基本支出 838.06 万元 …… 六、……一般公共预算财政拨款基本支出 866.15 万元
    （同为财政拨款口径的基本支出，两处数字不同）

    正例
    收、支总计 6,391.6 万元 …… 收入合计 6,391.6 万元 …… 支出合计 6,391.6 万元（各处一致）
    """

    code = "N001"
    name = "narrative.restatement_mismatch"
    category = "narrative_internal"
    severity = Severity.ERROR
    title = "同一数字前后不一致"

    def check(self, doc):
        groups: dict[tuple, list] = {}
        for m in doc.extraction.mentions:
            if m.type != "money" or m.role not in ACTUAL or not usable(m) or m.subject in GENERIC_SUBJECTS \
                    or m.subject_kind not in FIRM_KINDS or in_attachment(doc, m.start):
                continue
            sc = funding_scope(doc, m.start, performance=True)
            subject = m.subject
            if sc == "fiscal" and subject.startswith(FISCAL_PREFIX) and subject != FISCAL_PREFIX + "支出":
                # inside a 财政拨款 section, 基本支出 is the 一般公共预算财政拨款基本支出
                subject = subject[len(FISCAL_PREFIX):]
            groups.setdefault((subject, m.period, sc), []).append(m)
        if not any(len(v) > 1 for v in groups.values()):
            raise NotApplicable("没有重复陈述的数字")
        for (subject, period, _), group in groups.items():
            yield from self._restated(doc, subject, group)

    def _restated(self, doc, subject: str, group: list):
        """The statements of one amount: compared in one money unit (1.15 亿元 is 11,500 万元), or unit by unit
        when one is no money unit that converts."""
        unit = common_unit(*group)
        if unit is None:
            by_unit: dict[str, list] = {}
            for m in group:
                by_unit.setdefault(m.unit, []).append(m)
            parts = list(by_unit.items())
        else:
            parts = [(unit, group)]
        for unit, ms in parts:
            values = {}
            for m in ms:
                values.setdefault(in_unit(m, unit)[0].normalize(), []).append(m)
            if len(values) < 2:
                continue
            # the value stated most often is taken as the intended one
            ranked = sorted(values.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
            main_value, main = ranked[0]
            (mv, mp) = in_unit(main[0], unit)
            for value, others in ranked[1:]:
                (ov, op) = in_unit(others[0], unit)
                cmp = compare(mv, ov, [mp, op])
                if cmp.status == "equal":
                    continue
                severity = Severity.INFO if cmp.status == "rounding" else None
                note = "（差额在尾数误差范围内）" if severity else ""
                yield self.finding(
                    f"{subject}前后不一致{note}：{len(main)} 处写作 {money(main[0])}，另有 {len(others)} 处写作 {money(others[0])}。",
                    [mention_evidence(doc, m) for m in main[:3] + others[:3]],
                    expected=money(main[0]), found=money(others[0]), severity=severity,
                    arithmetic=f"{fmt(ov)} − {fmt(mv)} = {fmt(ov - mv)}")
