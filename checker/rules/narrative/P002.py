from __future__ import annotations

from decimal import Decimal

import regex

from checker.findings import Evidence, Severity
from checker.rules import InsufficientData, NotApplicable, Rule, register
from checker.rules.narrative._performance import (Figure, Form, ProseTotal, read_forms, read_prose_totals,
                                                  score_precisions, trim)
from checker.tolerance import compare, fmt, fmt_rate, half_unit, rate_check

SPACES = regex.compile(r"\s+")


@register
class PerformanceScoresDisagree(Rule):
    """绩效自评得分对不上：分项得分之和不等于总分、得分超过分值、预算执行得分或执行率算错、同一总分前后不一。

    为什么
    自评结论靠分数说话。总分应等于预算执行得分与各项指标得分之和；每一项得分不能超过它的分值（满分）；
    预算执行得分按“分值 × 执行率”计算（执行率超过 100% 时按满分），执行率 = 执行数 ÷ 预算数；
    报告正文与自评表中的同一个总分必须一致。任何一处对不上，评价结论就不可信。

    反例
    年度绩效目标 2 (20分) …… 满意度指标	帮扶地区满意度	≥90%	98%	2 …… 总分	99分
    （表中预算执行 20 分与各指标得分合计为 111 分，总分却写 99 分）
    整体绩效自评得分 92 分。其中预算执行情况 20 分，实际预算执行率为 100%，自评得分 20 分；当年年度目标 80 分，
    自评得分 75 分。（20 + 75 = 95，不是 92）

    正例
    整体绩效自评得分 92 分。其中预算执行情况 20 分，实际预算执行率为 100%，自评得分 20分；当年年度目标 80 分，
    自评得分 72 分。……整体绩效自评表 …… 总分：92
    """

    code = "P002"
    name = "performance.scores"
    category = "narrative_internal"
    severity = Severity.ERROR
    title = "绩效自评得分对不上"

    def check(self, doc):
        forms = read_forms(doc)
        prose = read_prose_totals(doc, forms)
        if not forms and not prose:
            raise NotApplicable("没有绩效自评得分（自评表或“自评得分 N 分”的表述）")
        self.checked = 0
        findings = []
        for form in forms:
            findings += list(self._form(doc, form))
        for pt in prose:
            findings += list(self._breakdown(doc, pt))
        findings += list(self._restated(doc, forms, prose))
        if not self.checked:
            raise InsufficientData("有绩效自评得分，但没有可核对的分项得分、执行率或重复表述")
        return findings

    # -- evidence helpers --
    @staticmethod
    def _src(doc, fig: Figure) -> Evidence:
        return Evidence.from_location(doc.locate(fig.start, fig.end))

    @staticmethod
    def _view(doc, fig: Figure) -> Evidence:
        return Evidence.from_location(doc.locate_view(fig.start, fig.end))

    def _where(self, form: Form) -> str:
        return f"《{form.title}》" if form.title else "绩效自评表"

    # -- forms --
    def _form(self, doc, form: Form):
        where = self._where(form)
        yield from self._budget(doc, form.budget, form.budget_weight, where, self._src)
        for row in form.rows:
            if row.weight is not None:
                self.checked += 1
                if row.score.value > row.weight.value:
                    yield self.finding(
                        f"{where}中“{self._short(row.name)}”得分 {trim(row.score.value)} 分，超过该指标分值 "
                        f"{trim(row.weight.value)} 分。",
                        [self._src(doc, row.score), self._src(doc, row.weight)],
                        expected=f"≤ {trim(row.weight.value)} 分", found=f"{trim(row.score.value)} 分",
                        arithmetic=f"{trim(row.score.value)} > {trim(row.weight.value)}")
        if form.total is not None and form.header_total is not None:
            self.checked += 1
            if form.total.value != form.header_total.value:
                yield self.finding(
                    f"{where}表头总分 {trim(form.header_total.value)} 分，表内总分 {trim(form.total.value)} 分，两处不一致。",
                    [self._src(doc, form.header_total), self._src(doc, form.total)],
                    expected=f"{trim(form.header_total.value)} 分", found=f"{trim(form.total.value)} 分")
        if not form.tabular or len(form.rows) < 3:
            # indicator rows read from a layout without tabs may be incomplete: their sums are not checked;
            # the weights are read from the budget header and the target headers, whatever the layout
            yield from self._weights(doc, form, where)
            return
        # target blocks: the indicator scores of a block cannot exceed the block's weight
        for bi, block in enumerate(form.blocks):
            scores = [r.score for r in form.rows if r.block == bi]
            if len(scores) < 2:
                continue
            self.checked += 1
            total = sum((s.value for s in scores), Decimal(0))
            if total > block.weight.value + sum(half_unit(s.precision) for s in scores):
                yield self.finding(
                    f"{where}中分值 {trim(block.weight.value)} 分的年度目标，其指标得分合计 {trim(total)} 分，超过分值。",
                    [self._src(doc, block.weight)] + [self._src(doc, s) for s in scores],
                    expected=f"≤ {trim(block.weight.value)} 分", found=f"{trim(total)} 分",
                    arithmetic=" + ".join(trim(s.value) for s in scores) + f" = {trim(total)}")
        total = form.stated_total
        if total is None:
            return
        parts: list[Figure] = []
        if form.budget is not None:
            if form.budget.get("s") is None:
                return
            parts.append(form.budget["s"])
        parts += [r.score for r in form.rows]
        self.checked += 1
        found = sum((p.value for p in parts), Decimal(0))
        cmp = compare(total.value, found, score_precisions(parts + [total]))
        if cmp.status != "equal":
            severity = Severity.INFO if cmp.status == "rounding" else None
            labels = [f"预算执行 {trim(form.budget['s'].value)}"] if form.budget is not None else []
            for bi in sorted({r.block for r in form.rows}):
                sub = sum((r.score.value for r in form.rows if r.block == bi), Decimal(0))
                head = f"年度目标（{trim(form.blocks[bi].weight.value)}分）" if bi >= 0 else "各指标"
                labels.append(f"{head} {trim(sub)}")
            yield self.finding(
                f"{where}总分 {trim(total.value)} 分，但表中预算执行得分与各指标得分合计为 {trim(found)} 分。",
                [self._src(doc, total)] + [self._src(doc, p) for p in parts],
                expected=f"{trim(found)} 分", found=f"{trim(total.value)} 分",
                arithmetic=" + ".join(labels) + f" = {trim(found)}，总分为 {trim(total.value)}", severity=severity)
            return
        yield from self._weights(doc, form, where)

    def _weights(self, doc, form: Form, where: str):
        """The budget weight and the target weights cannot exceed the full score of 100 (when the stated total
        shows the form scores out of 100)."""
        total = form.stated_total
        if total is None or form.budget_weight is None or not form.blocks or total.value > 100:
            return
        weights = [form.budget_weight] + [b.weight for b in form.blocks]
        wsum = sum((w.value for w in weights), Decimal(0))
        self.checked += 1
        if wsum > 100:
            yield self.finding(
                f"{where}预算执行与年度目标的分值合计 {trim(wsum)} 分，超过满分 100 分（总分按百分制计）。",
                [self._src(doc, w) for w in weights], expected="100 分", found=f"{trim(wsum)} 分",
                arithmetic=" + ".join(trim(w.value) for w in weights) + f" = {trim(wsum)}",
                severity=Severity.WARNING)

    def _budget(self, doc, budget, weight: Figure | None, where: str, ev):
        """预算数 A, 执行数 B, 执行率 B/A, 得分 = 分值 × 执行率 (capped at the weight)."""
        if budget is None:
            return
        a, b, r, s = budget["a"], budget["b"], budget["r"], budget["s"]
        rate = r.value
        rate_prec = r.precision
        if not budget["pct"] and rate <= Decimal("1.5") and b.value <= a.value * 2:
            rate, rate_prec = rate * 100, max(0, r.precision - 2)  # written as a fraction (0.92)
        if a.value > 0:
            self.checked += 1
            rc = rate_check(b.value, b.precision, a.value, a.precision, rate, rate_prec)
            if rc is not None and not rc.ok:
                yield self.finding(
                    f"{where}预算执行率有误：预算数 {fmt(a.value)}，执行数 {fmt(b.value)}，执行率应为 "
                    f"{fmt_rate(rc.exact)}，表中为 {trim(rate)}%。",
                    [ev(doc, r), ev(doc, a), ev(doc, b)], expected=fmt_rate(rc.exact), found=f"{trim(rate)}%",
                    arithmetic=f"{fmt(b.value)} ÷ {fmt(a.value)} = {fmt_rate(rc.exact)}，表中为 {trim(rate)}%")
        if s is not None and weight is not None:
            self.checked += 1
            capped = min(rate, Decimal(100))
            expected = weight.value * capped / 100
            slack = half_unit(s.precision) + weight.value * half_unit(rate_prec) / 100
            if abs(s.value - expected) > slack:
                yield self.finding(
                    f"{where}预算执行得分有误：分值 {trim(weight.value)} 分 × 执行率 {trim(rate)}% 应得 "
                    f"{trim(expected.quantize(Decimal('0.01')))} 分，表中为 {trim(s.value)} 分。",
                    [ev(doc, s), ev(doc, weight), ev(doc, r)],
                    expected=f"{trim(expected.quantize(Decimal('0.01')))} 分", found=f"{trim(s.value)} 分",
                    arithmetic=f"{trim(weight.value)} × {trim(capped)}% = {trim(expected.quantize(Decimal('0.01')))}")

    # -- prose --
    def _breakdown(self, doc, pt: ProseTotal):
        comps = pt.components
        for c in comps:
            if c.weight is not None:
                self.checked += 1
                if c.score.value > c.weight.value:
                    yield self.finding(
                        f"“{c.name}”自评得分 {trim(c.score.value)} 分，超过其分值 {trim(c.weight.value)} 分。",
                        [self._view(doc, c.score), self._view(doc, c.weight)],
                        expected=f"≤ {trim(c.weight.value)} 分", found=f"{trim(c.score.value)} 分",
                        arithmetic=f"{trim(c.score.value)} > {trim(c.weight.value)}")
            if c.rate is not None and c.weight is not None and ("预算执行" in c.name or "执行率" in c.name):
                self.checked += 1
                capped = min(c.rate.value, Decimal(100))
                expected = c.weight.value * capped / 100
                slack = half_unit(c.score.precision) + c.weight.value * half_unit(c.rate.precision) / 100
                if abs(c.score.value - expected) > slack:
                    e = trim(expected.quantize(Decimal("0.01")))
                    yield self.finding(
                        f"预算执行得分有误：分值 {trim(c.weight.value)} 分 × 执行率 {trim(c.rate.value)}% 应得 {e} 分，"
                        f"文中为 {trim(c.score.value)} 分。",
                        [self._view(doc, c.score), self._view(doc, c.weight), self._view(doc, c.rate)],
                        expected=f"{e} 分", found=f"{trim(c.score.value)} 分",
                        arithmetic=f"{trim(c.weight.value)} × {trim(capped)}% = {e}")
        if len(comps) < 2:
            return
        self.checked += 1
        found = sum((c.score.value for c in comps), Decimal(0))
        complete = all(c.weight is not None for c in comps) and \
            sum((c.weight.value for c in comps), Decimal(0)) in (Decimal(100), pt.total.value)
        cmp = compare(pt.total.value, found, score_precisions([c.score for c in comps] + [pt.total]))
        if cmp.status == "equal" or (not complete and cmp.difference < 0) or \
                (not complete and cmp.status == "rounding"):
            return
        yield self.finding(
            f"自评总分 {trim(pt.total.value)} 分，但其中所列各部分得分合计 {trim(found)} 分。",
            [self._view(doc, pt.total)] + [self._view(doc, c.score) for c in comps],
            expected=f"{trim(found)} 分", found=f"{trim(pt.total.value)} 分",
            arithmetic=" + ".join(trim(c.score.value) for c in comps) + f" = {trim(found)}，总分为 {trim(pt.total.value)}",
            severity=Severity.INFO if cmp.status == "rounding" else None)

    def _restated(self, doc, forms: list[Form], prose: list[ProseTotal]):
        """The same total stated twice: the report's 自评得分 and its form's 总分; two reports of one subject."""
        view = doc.view
        prose_src = [(view.source_span(pt.total.start, pt.total.end)[0], pt) for pt in prose]
        prev_end = -1
        for form in forms:
            start = doc.lines[form.first_line].start
            total = form.stated_total
            candidates = [(p, pt) for p, pt in prose_src if prev_end < p < start]
            prev_end = doc.lines[min(form.end_line, len(doc.lines) - 1)].start
            if total is None or not candidates:
                continue
            _, pt = candidates[-1]
            self.checked += 1
            if pt.total.value != total.value:
                yield self.finding(
                    f"报告写自评得分 {trim(pt.total.value)} 分，随附的{self._where(form)}总分却是 {trim(total.value)} 分。",
                    [self._view(doc, pt.total), self._src(doc, total)],
                    expected=f"{trim(pt.total.value)} 分", found=f"{trim(total.value)} 分")
        seen: dict[str, ProseTotal] = {}
        for pt in prose:
            if len(pt.subject) < 4:
                continue
            first = seen.setdefault(pt.subject, pt)
            if first is pt:
                continue
            self.checked += 1
            if first.total.value != pt.total.value:
                yield self.finding(
                    f"“{pt.subject}”的自评得分前后不一：先写 {trim(first.total.value)} 分，后写 {trim(pt.total.value)} 分。",
                    [self._view(doc, first.total), self._view(doc, pt.total)],
                    expected=f"{trim(first.total.value)} 分", found=f"{trim(pt.total.value)} 分")

    @staticmethod
    def _short(name: str) -> str:
        name = SPACES.sub(" ", name).strip()
        parts = name.split(" ")
        return parts[-1] if parts else name
