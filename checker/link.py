"""Linking narrative figures to the table cells they restate.

A link names the table, row and column, how sure it is and why. Subjects from the lexicon follow
``lexicons/table_links.tsv`` (which table, row and column restate them, by funding scope);
类/款/项 paths go to the row of their code (table 05 in a 财政拨款 section, table 03 elsewhere);
economic items (基本工资, 办公费 …) go to table 06. No link is guessed across sentences or tables
that do not hold the subject: an unresolvable figure simply has no link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from checker.lexicons import read_table
from checker.statements import funding_scope

ACTUAL_ROLES = ("current", "final")
BUDGET_ROLES = ("budget_full",)


@dataclass
class Link:
    mention: object  # extract.Mention
    table: object  # tables.model.Table
    entry: object  # tables.model.Entry
    cell: object | None  # tables.model.Cell (None: the table has the row but the cell is blank)
    column: str
    confidence: float
    reason: str
    # the written 类/款/项 path did not resolve, and the 项 was matched by its name alone (L001 says so)
    by_name: bool = False

    @property
    def ambiguous(self) -> bool:
        """The row lost its blank cells (text layout): which column a value sits in is only guessed."""
        return any(c.placement == "packed" for c in self.entry.cells)

    def to_dict(self) -> dict:
        return {"mention": self.mention.id, "ambiguous": self.ambiguous, "table": self.table.key, "row": self.entry.key, "row_name": self.entry.name,
                "segment": self.entry.segment, "column": self.column,
                "value": None if self.cell is None else str(self.cell.value),
                "confidence": round(self.confidence, 2), "reason": self.reason}


@lru_cache(maxsize=None)
def link_table() -> tuple[dict, ...]:
    return tuple(read_table("table_links.tsv", ("subject", "scope", "role", "table", "segment", "row", "column")))


def _entry(table, segment: str, row: str):
    if row == "合计":
        e = table.entry("合计", segment)
        return e or table.find("合计", segment)
    return table.find(row, segment)


def link_mentions(doc) -> list[Link]:
    tables = doc.tables
    links: list[Link] = []
    from checker.extract.classification import economic_codes, norm_name

    econ_by_name = {norm_name(c.name): c for c in economic_codes().values()}
    levels = 0
    for m in doc.extraction.mentions:
        if m.type != "money" or m.value is None or not m.subject:
            continue
        role = "actual" if m.role in ACTUAL_ROLES else "budget" if m.role in BUDGET_ROLES else None
        if role is None:
            continue
        scope = funding_scope(doc, m.start)
        link = None
        levels = m.subject.count("/") + 1
        if m.subject_kind == "classification" and m.subject_code and role == "actual" \
                and len(m.subject_code) == {1: 3, 2: 5, 3: 7}.get(levels):  # the whole written path resolved
            key = "table05" if scope == "fiscal" else "table03"
            t = tables.get(key)
            if t is not None and t.status == "parsed":
                e = t.entry(m.subject_code, "main")
                if e is not None:
                    col = "本年支出合计"
                    link = Link(m, t, e, e.cell(col), col, 0.9, f"科目代码 {m.subject_code} 的{col}（{'财政拨款' if scope == 'fiscal' else '全部资金'}口径）")
        if link is None and m.subject_kind == "classification" and m.subject_code and role == "actual" and levels == 3:
            # the written 款 is wrong (财政事务 under 208 …): link the 项 only if its name is unique in the class
            key = "table05" if scope == "fiscal" else "table03"
            t = tables.get(key)
            leaf = norm_name(m.subject.split("/")[-1])
            if t is not None and t.status == "parsed":
                cands = [e for e in t.entries if e.code and len(e.code) == 7 and e.code.startswith(m.subject_code[:3])
                         and norm_name(e.name) == leaf]
                if len(cands) == 1:
                    e, col = cands[0], "本年支出合计"
                    link = Link(m, t, e, e.cell(col), col, 0.6,
                                f"文中科目路径与分类不符，按该类下唯一同名的项 {e.code} {e.name} 对应", by_name=True)
        if link is not None:
            pass
        elif m.subject_kind == "lexicon":
            for row in link_table():
                if row["subject"] != m.subject or row["role"] != role or row["scope"] not in (scope, "any"):
                    continue
                t = tables.get(row["table"])
                if t is None or t.status != "parsed":
                    break
                e = _entry(t, row["segment"], row["row"])
                if e is not None:
                    link = Link(m, t, e, e.cell(row["column"]), row["column"], 0.85,
                                f"“{m.subject}”在{t.display_name}中对应“{e.name or e.key}”行“{row['column']}”栏")
                break
        elif norm_name(m.subject) in econ_by_name and scope == "fiscal" and role == "actual":
            code = econ_by_name[norm_name(m.subject)].code
            t = tables.get("table06")
            if t is not None and t.status == "parsed":
                e = t.entry(code)
                if e is not None:
                    link = Link(m, t, e, e.cell("决算数"), "决算数", 0.8, f"经济分类 {code} {m.subject}")
        if link is not None:
            if link.ambiguous:
                link.confidence = min(link.confidence, 0.4)
                link.reason += "；该行空白栏位在提取时丢失，栏位按顺序推断，不作比较"
            links.append(link)
    return links
