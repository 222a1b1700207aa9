"""Checking one document end to end: read, analyse, run every rule, assemble the report record."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from checker import REPORT_SCHEMA, __version__
from checker.document import Document
from checker.errors import InputError
from checker.findings import Finding
from checker.readers import read_document
from checker.rules import Outcome, all_rules



@dataclass
class Report:
    """Everything known about one input. ``to_dict`` is the published JSON contract."""

    path: str
    document: Document | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    error: InputError | None = None
    mentions: list[dict] = field(default_factory=list)
    explanations: list[dict] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def findings(self) -> list[Finding]:
        out = [f for o in self.outcomes for f in o.findings]
        return sorted(out, key=lambda f: (f.severity.rank, f.rule))

    @property
    def ok(self) -> bool:
        return self.error is None

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def document_dict(self) -> dict:
        if self.document is None:
            return {"path": self.path, "format": None, "kind": None, "department": None, "year": None,
                    "unit": None, "pages": None, "encoding": None}
        doc = self.document
        facts = doc.facts.to_dict()
        return {"path": self.path, "format": doc.format, **facts, "pages": len(doc.pages) if doc.format == "pdf" else None,
                "encoding": doc.encoding, "characters": len(doc.source), "lines": len(doc.lines)}

    def to_dict(self) -> dict:
        out = {
            "schema": REPORT_SCHEMA,
            "tool": {"name": "checker", "version": __version__},
            "document": self.document_dict(),
            "status": "checked" if self.ok else "failed",
            "error": self.error.to_dict() if self.error else None,
            "summary": {**self.counts(), "findings": len(self.findings)},
            "findings": [f.to_dict() for f in self.findings],
            "mentions": self.mentions,
            "explanations": self.explanations,
            "quantities": self.quantities,
            "links": self.links,
            "coverage": [o.to_dict() for o in self.outcomes],
            "structure": None,
            "source": None,
            "tables": [],
            "rules": [rule_doc(o.rule) for o in self.outcomes],
        }
        if self.document is not None:
            st = self.document.structure
            out["structure"] = {
                "sections": [s.to_dict() for s in st.sections],
                "tables": [t.to_dict() for t in st.tables],
            }
            out["source"] = source_pages(self.document)
            out["tables"] = parsed_tables(self.document)
        return out


def check_document(doc: Document) -> Report:
    start = time.perf_counter()
    report = Report(doc.path, doc)
    report.outcomes = [rule.evaluate(doc) for rule in all_rules()]
    ex = doc.extraction
    report.mentions = [m.to_dict(doc) for m in ex.mentions]
    report.explanations = [e.to_dict(doc) for e in ex.explanations]
    if ex.explanations and not doc.defer_classification:
        from checker.explain.classify import classify_document
        for d, verdict in zip(report.explanations, classify_document(doc)):
            d.update(verdict.to_dict())
    report.quantities = [quantity_dict(doc, q) for q in ex.quantities]
    report.links = [link.to_dict() for link in doc.links]
    report.seconds = time.perf_counter() - start
    return report


def source_pages(doc: Document) -> list[dict]:
    """The source as read, one entry per PDF page (one entry, page null, for text and Word files): the text
    every ``line``/``start``/``end`` of the record counts in."""
    if doc.format == "pdf":
        return [{"page": p.number, "text": doc.source[p.start:p.end]} for p in doc.pages]
    return [{"page": None, "text": doc.source}]


def parsed_tables(doc: Document) -> list[dict]:
    """The standard tables as parsed (``Table.to_dict``), with every cell's and entry's position given as
    in evidence (line, start, end within the page for PDF, and page)."""
    try:
        tables = list(doc.tables.values())
    except Exception:  # the tables are a view for reviewers; a parse failure is already a rule's finding
        return []
    out = []
    for table in tables:
        d = table.to_dict()
        for entry, ed in zip(table.entries, d["entries"]):
            loc = doc.locate_line(entry.line)
            ed["line"], ed["page"] = loc.line, loc.page
            for cell, cd in zip(entry.cells, ed["cells"]):
                loc = doc.locate(cell.start, cell.end)
                cd.update(line=loc.line, start=loc.start, end=loc.end, page=loc.page)
        out.append(d)
    return out


def rule_doc(rule) -> dict:
    """A rule's documentation (from its docstring), so that a report explains the rules it cites.

    Every report cites every rule: the docstring of each rule class is parsed once per process (a copy
    is returned, so that a caller may change its record)."""
    key = (rule if isinstance(rule, type) else type(rule), rule.code, rule.severity)
    doc = _RULE_DOCS.get(key)
    if doc is None:
        sec = rule.doc_sections()
        doc = _RULE_DOCS[key] = {
            "code": rule.code, "name": rule.name, "title": rule.title, "category": rule.category,
            "severity": rule.severity.value, "description": sec.get("description", ""),
            "why": sec.get("为什么", ""), "counterexample": sec.get("反例", ""), "example": sec.get("正例", "")}
    return dict(doc)


_RULE_DOCS: dict[tuple, dict] = {}  # rule_doc's records, by rule class (with code and severity)


def quantity_dict(doc, hit) -> dict:
    text, line, start, end, page = doc.view_location_fields(hit.start, hit.end)
    return {"type": hit.type, "text": text, "line": line, "start": start, "end": end, "page": page,
            "value": None if hit.value is None else str(hit.value), "unit": hit.unit}


def check_path(path: str | Path, defer_classification: bool = False) -> Report:
    """Check one file; an unreadable file gives a report carrying the error instead of raising.
    ``defer_classification``: see ``Document.defer_classification``."""
    try:
        doc = read_document(path)
    except InputError as exc:
        return Report(str(path), error=exc)
    doc.defer_classification = defer_classification
    try:
        return check_document(doc)
    except Exception as exc:  # one document's crash must not stop a batch: it is listed as failed
        import traceback
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Report(str(path), error=InputError(
            str(path), "internal_error", f"检查过程中出现内部错误（{detail}），该文件未能完成审核；请将文件和此信息反馈给维护人员。"))
