from __future__ import annotations

from checker.findings import Severity
from checker.rules import InsufficientData, Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import Term, check_sum, table_name

SEGMENTS = {"budget": "预算数", "final": "决算数"}
ABROAD, CARS, CAR_BUY, CAR_RUN, RECEPTION = ("因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费",
                                             "公务用车运行维护费", "公务接待费")


@register
class Table09ThreePublic(Rule):
    """公开09表“三公”经费合计不等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和，或用车小计不等于购置费与运行维护费之和。

    预算数、决算数两组分别核对：合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费；
    公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费。只有按位置读出的单元格才能
    确定所在栏；空白单元格位置丢失（文本版式）的一组无法按栏核对，会在结论中说明。
    差额在尾数误差以内的只作提示。

    为什么
    “三公”经费是社会关注度最高的公开内容，文字说明要逐项复述表中预算数和决算数。
    表内合计与分项不一致，说明至少一个数字填错，说明中的完成率、增减额也就无从核对。

    反例
    预算数：合计 5.42，因公出国（境）费 空，公务用车购置及运行维护费 4.00（购置费 空，运行维护费 4.00），公务接待费 0.42
    （4.00 + 0.42 = 4.42，与合计 5.42 不符）

    正例
    0.42 （空） （空） （空） （空） 0.42 0.42 （空） （空） （空） （空） 0.42
    （预算数、决算数的合计都等于公务接待费 0.42）
    """

    code = "T006"
    name = "table_identity.table09_three_public"
    category = "table_identity"
    severity = Severity.ERROR
    title = "“三公”经费表合计不符"

    def check(self, doc):
        t = require_tables(doc, "table09")
        name = table_name(t)
        unplaced = []
        findings = []
        checked = 0
        for seg, label in SEGMENTS.items():
            rows = [e for e in t.entries if e.segment == seg and e.cells]
            if not rows:
                continue
            if any(c.placement != "position" or not c.column for e in rows for c in e.cells):
                unplaced.append(label)
                continue
            e = rows[0]
            term = lambda col: Term(t, e, e.cell(col), col)  # noqa: E731
            checked += 1
            for f in (check_sum(self, doc, f"{name} {label}", term("合计"), [term(ABROAD), term(CARS), term(RECEPTION)]),
                      check_sum(self, doc, f"{name} {label}", term(CARS), [term(CAR_BUY), term(CAR_RUN)])):
                if f is not None:
                    findings.append(f)
        if not checked and unplaced:
            raise InsufficientData(f"{name}{'、'.join(unplaced)}的空白单元格位置未能确定（文本版式），无法按栏核对")
        if unplaced:
            note = f"（另：{'、'.join(unplaced)}的空白单元格位置未能确定，未核对）"
            for f in findings:
                f.message += note
        yield from findings
