"""The rule engine: a registry of small rules, each in its own file named by its code.

A rule declares ``code``, ``name`` (dotted, English), ``category``, ``severity`` and a
docstring whose first line is the one-line description shown by ``checker rules`` and whose
``反例`` / ``正例`` sections document what it flags and what it accepts. ``check(doc)`` yields
findings; raising :class:`NotApplicable` or :class:`InsufficientData` records why the check did
not run, so the coverage ledger never mistakes a skipped check for a pass.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from typing import Iterable

from checker.findings import CATEGORIES, Evidence, Finding, Severity


class NotApplicable(Exception):
    """The check does not apply to this document (e.g. a self-evaluation report has no table 05)."""


class InsufficientData(Exception):
    """The check applies but the document lacks what it needs (e.g. a table that was an image)."""


@dataclass
class Outcome:
    rule: "Rule"
    status: str  # passed | failed | not_applicable | insufficient_data
    findings: list[Finding] = field(default_factory=list)
    detail: str | None = None

    def to_dict(self) -> dict:
        return {"rule": self.rule.code, "name": self.rule.name, "category": self.rule.category,
                "status": self.status, "findings": len(self.findings), "detail": self.detail}




class Rule:
    code: str = ""
    name: str = ""
    category: str = ""
    severity: Severity = Severity.WARNING
    title: str = ""  # short Chinese name shown to reviewers

    def check(self, doc) -> Iterable[Finding]:
        raise NotImplementedError

    def evaluate(self, doc) -> Outcome:
        try:
            findings = list(self.check(doc))
        except NotApplicable as exc:
            return Outcome(self, "not_applicable", [], str(exc) or None)
        except InsufficientData as exc:
            return Outcome(self, "insufficient_data", [], str(exc) or None)
        return Outcome(self, "failed" if findings else "passed", findings)

    def finding(self, message: str, evidence: list[Evidence] | None = None, *, expected=None, found=None,
                arithmetic: str | None = None, severity: Severity | None = None) -> Finding:
        return Finding(self.code, self.name, self.category, severity or self.severity, message,
                       None if expected is None else str(expected), None if found is None else str(found),
                       evidence or [], arithmetic)

    @classmethod
    def summary(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """Split the docstring into its sections (description, 为什么, 反例, 正例)."""
        doc = inspect.getdoc(cls) or ""
        sections: dict[str, list[str]] = {"description": []}
        current = "description"
        for line in doc.splitlines():
            key = line.strip().rstrip("：:")
            if key in ("为什么", "反例", "正例"):
                current = key
                sections[current] = []
                continue
            sections[current].append(line)
        return {k: "\n".join(v).strip() for k, v in sections.items()}


_REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    if not cls.code or not cls.name or cls.category not in CATEGORIES:
        raise ValueError(f"rule {cls.__name__} lacks code/name or has unknown category {cls.category!r}")
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise ValueError(f"duplicate rule code {cls.code}")
    _REGISTRY[cls.code] = cls
    return cls


_IMPORTED = False


def all_rules() -> list[Rule]:
    """Instances of every registered rule, in code order (rule modules are imported on the first call)."""
    global _IMPORTED
    if not _IMPORTED:
        package = importlib.import_module("checker.rules")
        for info in pkgutil.walk_packages(package.__path__, prefix="checker.rules."):
            importlib.import_module(info.name)
        _IMPORTED = True
    return [cls() for _, cls in sorted(_REGISTRY.items())]
