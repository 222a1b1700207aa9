from __future__ import annotations

from checker.extract.classification import class_names, child_by_name, function_codes, norm_name
from checker.findings import Severity
from checker.rules import NotApplicable, Rule, register
from checker.statements import mention_evidence


def path_problem(path: str, code: str | None, table_codes: set[str]) -> str | None:
    """Why a written 类/款/项 path is wrong, or None."""
    names = path.split("/")
    lei = class_names().get(norm_name(names[0]))
    if lei is None:
        return None
    parent = lei
    for level, name in zip(("款", "项"), names[1:]):
        child = child_by_name(parent.code, name)
        if child is None:
            siblings = "、".join(c.name for c in function_codes().values() if c.parent == parent.code)[:60]
            return f"“{name}”不是“{parent.name}”下的{level}（{parent.code} 下的{level}有：{siblings}…）"
        parent = child
    if table_codes and parent.code not in table_codes:
        return f"科目 {parent.code}（{'/'.join(names)}）不在本部门的决算表中"
    return None


@register
class SubjectPathMismatch(Rule):
    """文中写的类/款/项科目名称与政府收支分类科目或本部门决算表不符。

    为什么
    情况说明逐项说明“某（类）某（款）某（项）”的支出。款写错（例如各类下面都写“财政事务（款）行政运行（项）”）、
    项名与官方名称不同，或写了表中根本没有的科目，读者就无法把说明对应到表格上，往往是照抄模板或邻近条目。

    反例
    2. 社会保障和就业支出（类）财政事务（款）行政运行（项）……（“财政事务”只在一般公共服务支出类下）
    1. 一般公共服务支出(类)财政事务(款)行政运行(项)……（本部门表中是 2010301 政府办公厅（室）及相关机构事务/行政运行）

    正例
    1. 一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)行政运行(项)年初预算为……
    """

    code = "L002"
    name = "label.subject_path"
    category = "label_mismatch"
    severity = Severity.WARNING
    title = "科目名称与分类或表格不符"

    def check(self, doc):
        paths = [m for m in doc.extraction.mentions if m.subject_kind == "classification" and "/" in m.subject]
        if not paths:
            raise NotApplicable("文中没有类/款/项科目路径")
        table_codes: set[str] = set()
        for key in ("table05", "table03", "table02"):
            t = doc.tables.get(key)
            if t is not None and t.status == "parsed":
                table_codes |= {e.code for e in t.entries if e.code}
        seen: set[tuple[str, int]] = set()
        for m in paths:
            # one finding per written path and paragraph, not per figure in it
            para = doc.view.text.rfind("\n", 0, m.start)
            if (m.subject, para) in seen:
                continue
            seen.add((m.subject, para))
            problem = path_problem(m.subject, m.subject_code, table_codes)
            if problem:
                yield self.finding(f"科目名称有误：{problem}。", [mention_evidence(doc, m)],
                                   expected="政府收支分类科目中、本部门决算表中的科目", found=m.subject.replace("/", "（类）", 1))
