"""The one finding record every rule produces and every reporter reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


# category code -> the reviewer's name for it
CATEGORIES = {
    "structure": "文档结构",
    "document_facts": "文档基本信息",
    "narrative_vs_table": "文字与表格不符",
    "narrative_internal": "文字前后不一致",
    "arithmetic": "计算错误",
    "table_identity": "表内/表间关系",
    "missing_explanation": "缺少原因说明",
    "vague_explanation": "原因说明空泛",
    "template_residue": "模板残留",
    "label_mismatch": "科目/名称不符",
    "direction_mismatch": "增减方向不符",
    "cross_year": "与上年材料不符",
}


@dataclass
class Evidence:
    """A place a reviewer can check: exact source text and position, or a table cell."""

    text: str
    line: int | None = None
    start: int | None = None
    end: int | None = None
    page: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    document: str | None = None  # set only when the evidence is in another document of a batch (X001)

    @classmethod
    def from_location(cls, loc, **cell) -> "Evidence":
        return cls(loc.text, loc.line, loc.start, loc.end, loc.page, **cell)

    def to_dict(self) -> dict:
        out = {"text": self.text, "line": self.line, "start": self.start, "end": self.end, "page": self.page,
               "table": self.table, "row": self.row, "column": self.column}
        if self.document is not None:
            out["document"] = self.document
        return out


@dataclass
class Finding:
    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    expected: str | None = None
    found: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    arithmetic: str | None = None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule, "name": self.name, "category": self.category, "severity": self.severity.value,
            "message": self.message, "expected": self.expected, "found": self.found,
            "arithmetic": self.arithmetic, "evidence": [e.to_dict() for e in self.evidence],
        }
