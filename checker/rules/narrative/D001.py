from __future__ import annotations

import regex

from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._common import common_unit, in_unit, money, nearest_before, pair_final, usable
from checker.statements import clause_evidence, figure_sentences, mention_evidence, sentences, sentences_with
from checker.tolerance import compare, fmt

COMPARISON = regex.compile(r"(?:决算数?|支出数?|执行数?)\s*(?P<word>大于|小于|等于|高于|低于|超过|少于)\s*(?:了)?(?:年初|全年|调整)?预算数?")
WORD_DIRECTION = {"大于": "increase", "高于": "increase", "超过": "increase", "小于": "decrease", "低于": "decrease",
                  "少于": "decrease", "等于": "flat"}
DIRECTION_ZH = {"increase": "大于", "decrease": "小于", "flat": "等于"}
COMPARISON_WORD = regex.compile("|".join(WORD_DIRECTION))  # every COMPARISON match holds one


@register
class DirectionMismatch(Rule):
    """文字所说的方向与数字相反：写“大于年初预算”而决算数更小，写“增加”而金额为 0 等。

    为什么
    “决算数大于（小于、等于）年初预算数”“比上年增加（减少、持平）”是模板里要按实际情况选填的词。
    选错了方向，说明就与数字自相矛盾。

    反例
    年初预算为 5.47 万元，支出决算为 3.20 万元，……支出决算数大于年初预算数的主要原因是……
    比全年预算增加0万元。

    正例
    年初预算为 1305.33 万元，支出决算为 1227.34 万元，完成年初预算的 94.03%，支出决算数小于年初预算数的主要原因是……
    """

    code = "D001"
    name = "direction.mismatch"
    category = "direction_mismatch"
    severity = Severity.ERROR
    title = "增减方向与数字不符"

    def check(self, doc):
        checked = 0
        text = doc.view.text
        ss = sentences(doc)
        # only sentences with a comparison word or a change amount have anything to check
        read = set(sentences_with(doc, COMPARISON_WORD))
        read.update(k for k, _ in figure_sentences(doc, ("change_amount", "money")))
        for k in sorted(read):
            s = ss[k]
            sent = text[s.start:s.end]
            # the comparison may stand in the sentence after the figures ("……完成 94.69%。支出决算数大于……")
            prev = ss[k - 1] if k and "\n" not in text[ss[k - 1].end - 1:s.start + 1] else None
            for m in COMPARISON.finditer(sent):
                scope = s.mentions + (prev.mentions if prev is not None else [])
                budgets = [x for x in scope if x.role in ("budget_initial", "budget_full") and x.type == "money" and usable(x)]
                finals = [x for x in scope if x.role in ("final", "current") and x.type == "money" and usable(x)]
                pos = s.start + m.start()
                b = nearest_before(budgets, pos)
                f = pair_final(finals, b, pos)
                unit = common_unit(b, f) if b is not None and f is not None else None
                if unit is None:
                    continue
                (bv, bp), (fv, fp) = in_unit(b, unit), in_unit(f, unit)
                checked += 1
                said = WORD_DIRECTION[m.group("word")]
                cmp = compare(bv, fv, [bp, fp])
                actual = "flat" if cmp.status in ("equal", "rounding") else ("increase" if fv > bv else "decrease")
                if said == actual:
                    continue
                yield self.finding(
                    f"文中说决算数“{m.group('word')}”预算数，但决算 {money(f)}、预算 {money(b)}，应为“{DIRECTION_ZH[actual]}”。",
                    [clause_evidence(doc, s.start + m.start(), s.start + m.end()), mention_evidence(doc, f), mention_evidence(doc, b)],
                    expected=DIRECTION_ZH[actual], found=m.group("word"),
                    arithmetic=f"{fmt(fv)} − {fmt(bv)} = {fmt(fv - bv)}")
            for a in s.of("change_amount", types=("money",)):  # noqa: B007
                if not usable(a) or a.value != 0 or a.direction not in ("increase", "decrease"):
                    continue
                checked += 1
                word = "增加" if a.direction == "increase" else "减少"
                yield self.finding(
                    f"金额为 0 却写“{word}”：没有变化时应写“持平”或“相等”。",
                    [mention_evidence(doc, a)], expected="持平", found=f"{word} {money(a)}", severity=Severity.WARNING)
        if not checked:
            raise NotApplicable("没有可核对方向的比较")
