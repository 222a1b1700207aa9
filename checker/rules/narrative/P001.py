from __future__ import annotations

import regex

from checker.findings import Evidence, Severity
from checker.rules import NotApplicable, Rule, register

SET = regex.compile(r"(?:共)?设置(?:了)?(?:绩效)?(?:目标|指标)?\s*(?P<n>\d+)\s*个(?:[\p{Han}]{0,6}?(?:指标|目标))?")
DONE = regex.compile(r"(?<!未)(?:实际)?完成(?:了)?(?:的)?(?:绩效)?(?:指标|目标)?(?:有)?\s*(?P<n>\d+)\s*个")
UNDONE = regex.compile(r"未完成(?:的)?(?:绩效)?(?:指标|目标)?(?:有)?\s*(?P<n>\d+)\s*个")


@register
class PerformanceTargetsDisagree(Rule):
    """绩效目标的个数对不上：设置数 ≠ 完成数 + 未完成数，或称全部完成却又列出未完成的目标。

    为什么
    绩效自评要写明设置了多少个指标、完成了多少个、哪些没有完成。称“实际完成了 3 个”（全部）之后又在
    “未完成的绩效目标”下列出项目，自评结论与事实矛盾，得分也就不可信。

    反例
    2. 完成的绩效目标。年初项目共设置 3 个绩效指标，实际完成了 3 个……
    3. 未完成的绩效目标。“生活服务经费”预算金额 697 万元，执行数 581 万元，资金执行率 83.36%。

    正例
    共设置29个三级指标，完成的绩效指标有24个……部门未完成的绩效指标有5个。
    """

    code = "P001"
    name = "performance.targets"
    category = "narrative_internal"
    severity = Severity.WARNING
    title = "绩效目标完成情况自相矛盾"

    def check(self, doc):
        text = doc.view.text
        checked = 0
        for m in SET.finditer(text):
            window_end = text.find("\n", m.end())
            window_end = len(text) if window_end == -1 else window_end
            window = text[m.end():window_end]
            done = DONE.search(window)
            if not done:
                continue
            checked += 1
            n_set, n_done = int(m.group("n")), int(done.group("n"))
            undone = UNDONE.search(text, m.end(), min(len(text), window_end + 400))
            ev = [Evidence.from_location(doc.locate_view(m.start(), m.end())),
                  Evidence.from_location(doc.locate_view(m.end() + done.start(), m.end() + done.end()))]
            if undone:
                n_undone = int(undone.group("n"))
                if n_set != n_done + n_undone:
                    ev.append(Evidence.from_location(doc.locate_view(undone.start(), undone.end())))
                    yield self.finding(
                        f"绩效指标个数对不上：设置 {n_set} 个，完成 {n_done} 个、未完成 {n_undone} 个。",
                        ev, expected=f"{n_done + n_undone} 个", found=f"{n_set} 个",
                        arithmetic=f"{n_done} + {n_undone} = {n_done + n_undone}，设置数为 {n_set}")
                continue
            if n_done == n_set:
                listed = self._unfinished_listed(doc, m.start())
                if listed is not None:
                    ev.append(Evidence.from_location(doc.locate_view(*listed)))
                    yield self.finding(
                        f"称设置的 {n_set} 个指标已全部完成，但随后又列出了“未完成的绩效目标”。",
                        ev, expected="完成数与未完成的目标一致", found=f"完成 {n_done} 个，另列未完成目标")
        if not checked:
            raise NotApplicable("没有绩效指标设置与完成个数的表述")

    @staticmethod
    def _unfinished_listed(doc, pos: int):
        """A sibling section titled 未完成… with content, after the statement."""
        node = doc.structure.section_at(pos)
        if node is None or node.parent is None:
            return None
        for sib in node.parent.children:
            if sib.view_start > pos and "未完成" in sib.title:
                body = doc.view.text[sib.view_start:sib.view_end]
                rest = body.split("\n", 1)[1] if "\n" in body else ""
                if len(regex.sub(r"\s", "", rest)) >= 10:
                    return sib.view_start, sib.view_start + len(body.split("\n", 1)[0])
        return None
