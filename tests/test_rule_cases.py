"""YAML-driven rule cases: tests/rules/cases/<CODE>.yml, one file per rule.

Each file: ``rule: CODE`` and ``cases:`` — a list of {name, text, expect, status[, severity]}. ``expect`` lists the
rule codes expected to fire, one entry per finding (empty for a pass); ``status`` is the outcome
(passed | failed | not_applicable | insufficient_data). The text becomes a text Document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.document import Document
from checker.rules import all_rules

CASE_DIR = Path(__file__).resolve().parent / "rules" / "cases"
STATUSES = {"passed", "failed", "not_applicable", "insufficient_data"}
RULES = {r.code: r for r in all_rules()}


def load_cases():
    out = []
    for path in sorted(CASE_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append(pytest.param(path.stem, data["rule"], case, id=f"{path.stem}:{case['name']}"))
    return out


CASES = load_cases()


def test_case_files_are_well_formed():
    assert CASES, f"no case files in {CASE_DIR}"
    for path in sorted(CASE_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == {"rule", "cases"}, path.name
        assert data["rule"] == path.stem, f"{path.name} declares rule {data['rule']}"
        assert data["rule"] in RULES, f"{path.name}: no registered rule {data['rule']}"
        names = [c["name"] for c in data["cases"]]
        assert len(names) == len(set(names)), f"{path.name}: duplicate case names"
        for case in data["cases"]:
            assert {"name", "text", "expect", "status"} <= set(case) <= {"name", "text", "expect", "status", "severity"}, \
                (path.name, case.get("name"))
            assert case.get("severity", "error") in ("error", "warning", "info")
            assert isinstance(case["text"], str) and case["text"].strip()
            assert case["status"] in STATUSES
            assert isinstance(case["expect"], list)
            assert all(code == data["rule"] for code in case["expect"]), (path.name, case["name"])
            assert (case["status"] == "failed") == bool(case["expect"]), (path.name, case["name"])


def test_every_rule_has_pass_and_fail_cases():
    by_rule: dict[str, set[str]] = {}
    for p in CASES:
        _, rule, case = p.values
        by_rule.setdefault(rule, set()).add(case["status"])
    assert set(by_rule) == set(RULES)
    for code, statuses in by_rule.items():
        if code == "S005":  # PDF-only: text cases can only be not applicable (PDF cases: test_readers.py)
            assert statuses == {"not_applicable"}
            continue
        if getattr(RULES[code], "batch_only", False):  # compares documents: batch cases in test_batch.py
            assert statuses == {"not_applicable"}
            continue
        assert {"passed", "failed"} <= statuses, f"{code} lacks a pass or a fail case: {statuses}"


@pytest.mark.parametrize("stem,rule,case", CASES)
def test_rule_case(stem, rule, case):
    doc = Document.from_text(f"cases/{stem}/{case['name']}.txt", "text", case["text"])
    outcome = RULES[rule].evaluate(doc)
    assert outcome.status == case["status"], (outcome.status, outcome.detail, [f.message for f in outcome.findings])
    assert sorted(f.rule for f in outcome.findings) == sorted(case["expect"])
    assert len(outcome.findings) == len(case["expect"])
    for f in outcome.findings:
        # a finding keeps its rule's default severity unless the case says otherwise (e.g. a rounding hint)
        assert f.message and f.severity.value == case.get("severity", RULES[rule].severity.value)
        for ev in f.evidence:
            if ev.start is not None:
                assert doc.source[ev.start:ev.end] == ev.text
                assert ev.line == doc.source.count("\n", 0, ev.start) + 1
    if outcome.status in ("not_applicable", "insufficient_data"):
        assert outcome.detail, "a skipped check must say why"
