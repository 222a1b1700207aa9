from __future__ import annotations

from checker.findings import Severity
from checker.rules import InsufficientData, Rule, register
from checker.rules.evidence import require_tables
from checker.rules.tables._identity import Term, check_sum, positional, row_label, table_name

TABLES = ("table02", "table03", "table05")
CHILD_LEVEL = {3: 5, 5: 7}  # 类 -> 款 -> 项
LEVEL_WORDS = {3: "各类", 5: "其下各款", 7: "其下各项"}


def _groups(table):
    """(parent, children): 合计 and its 类 rows, each 类 and its 款 rows, each 款 and its 项 rows."""
    coded = [e for e in table.entries if e.code]
    total = table.entry("合计")
    classes = [e for e in coded if len(e.code) == 3]
    if total is not None and classes:
        yield total, classes
    children_of = _children_index(coded)
    for parent in coded:
        width = CHILD_LEVEL.get(len(parent.code))
        if width is None:
            continue
        children = children_of.get((width, parent.code), [])
        if children:
            yield parent, children


def _children_index(coded) -> dict[tuple[int, str], list]:
    """(child code width, parent code) → the rows of that width whose code begins with the parent's, in
    table order: the children of every parent from one pass instead of a scan per parent."""
    index: dict[tuple[int, str], list] = {}
    for e in coded:
        for parent_width, width in CHILD_LEVEL.items():
            if len(e.code) == width:
                index.setdefault((width, e.code[:parent_width]), []).append(e)
    return index


@register
class SubjectHierarchy(Rule):
    """公开02、03、05表中类级科目不等于所属款级之和、款级不等于所属项级之和，或合计行不等于各类之和。

    合计栏（第 1 栏）逐级核对；其余各栏只在所涉各行的单元格都按位置读出时核对（文本版式中空白单元格
    位置丢失的行，只知道第一个数是合计栏）。差额在尾数误差以内的只作提示。

    为什么
    科目按类、款、项三级汇总，上级数必须等于下级数之和。对不上往往是某个项级科目漏列、
    金额录错，或上级数没有随下级一起修改；按类、款、项引用表中数字的文字说明也会随之出错。

    反例
    210 卫生健康支出 130.02
    21004 公共卫生 56.13
    21011 行政事业单位医疗 83.89      ← 56.13 + 83.89 = 140.02 ≠ 130.02

    正例
    221 住房保障支出 145.29
    22102 住房改革支出 145.29
    2210201 住房公积金 91.95
    2210202 提租补贴 17.64
    2210203 购房补贴 35.70      ← 91.95 + 17.64 + 35.70 = 145.29
    """

    code = "T007"
    name = "table_identity.subject_hierarchy"
    category = "table_identity"
    severity = Severity.ERROR
    title = "科目类款项合计不符"

    def check(self, doc):
        reasons = []
        usable = []
        for key in TABLES:
            try:
                usable.append(require_tables(doc, key))
            except InsufficientData as exc:
                reasons.append(str(exc))
        if not usable:
            raise InsufficientData("；".join(reasons))
        for t in usable:
            cols = t.columns.get("main", [])
            if not cols:
                continue
            for parent, children in _groups(t):
                rows = [parent] + children
                placed = all(positional(e) for e in rows)
                for col in cols if placed else cols[:1]:
                    where = f"{table_name(t)} {row_label(parent)}"
                    f = check_sum(self, doc, where, Term(t, parent, parent.cell(col), col),
                                  [Term(t, e, e.cell(col), e.code) for e in children],
                                  parts_name=LEVEL_WORDS[len(children[0].code)])
                    if f is not None:
                        yield f
