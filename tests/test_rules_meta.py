"""The rule registry: codes, metadata, documentation sections and one case file per rule."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from checker.findings import CATEGORIES, Severity
from checker.rules import Rule, all_rules, register

CASE_DIR = Path(__file__).resolve().parent / "rules" / "cases"
RULES = all_rules()


def test_rules_registered():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes)), "rule codes must be unique"
    assert codes == sorted(codes)
    assert {"S001", "S002", "S003", "S004", "S005"} <= set(codes)
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)), "rule names must be unique"


def test_all_rules_returns_fresh_instances():
    assert [type(r) for r in all_rules()] == [type(r) for r in RULES]
    assert all(a is not b for a, b in zip(all_rules(), RULES))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata(rule):
    assert isinstance(rule, Rule)
    assert rule.code and rule.code[0].isupper() and rule.code[1:].isdigit() and len(rule.code) == 4
    assert rule.name and "." in rule.name and rule.name == rule.name.lower()
    assert rule.category in CATEGORIES
    assert isinstance(rule.severity, Severity)
    assert rule.title and not rule.title.isascii()
    module = inspect.getmodule(type(rule))
    assert module.__name__.rsplit(".", 1)[-1] == rule.code, "each rule lives in a file named by its code"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_docstring_sections(rule):
    sections = rule.doc_sections()
    assert rule.summary(), "first docstring line is the one-line description"
    assert sections["description"].splitlines()[0] == rule.summary()
    for key in ("为什么", "反例", "正例"):
        assert key in sections, f"{rule.code} docstring lacks the {key} section"
        assert sections[key].strip(), f"{rule.code}: {key} section is empty"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_case_file(rule):
    assert (CASE_DIR / f"{rule.code}.yml").is_file(), f"missing tests/rules/cases/{rule.code}.yml"


def test_no_case_file_without_rule():
    codes = {r.code for r in RULES}
    assert {p.stem for p in CASE_DIR.glob("*.yml")} <= codes


def test_doc_sections_parsing():
    class Sample(Rule):
        """一行说明。

        补充说明。

        为什么
        原因。

        反例：
        坏的例子

        正例
        好的例子
        """

    assert Sample.summary() == "一行说明。"
    assert Sample.doc_sections() == {"description": "一行说明。\n\n补充说明。", "为什么": "原因。", "反例": "坏的例子",
                                     "正例": "好的例子"}


def test_register_rejects_bad_rules():
    class NoCode(Rule):
        name = "x.y"
        category = "structure"

    class BadCategory(Rule):
        code = "Z998"
        name = "x.z"
        category = "nonsense"

    with pytest.raises(ValueError):
        register(NoCode)
    with pytest.raises(ValueError):
        register(BadCategory)
    first = RULES[0]

    class Duplicate(Rule):
        code = first.code
        name = "x.dup"
        category = "structure"

    with pytest.raises(ValueError, match="duplicate"):
        register(Duplicate)
    assert [r.code for r in all_rules()] == [r.code for r in RULES]


def test_evaluate_records_outcomes(text_doc):
    from checker.rules import InsufficientData, NotApplicable

    class Fires(Rule):
        code, name, category, title = "Z001", "x.fires", "structure", "测试"

        def check(self, doc):
            yield self.finding("问题。", expected=1, found=2)

    class Skips(Rule):
        code, name, category, title = "Z002", "x.skips", "structure", "测试"

        def check(self, doc):
            raise NotApplicable("不适用的原因")

    class Lacks(Rule):
        code, name, category, title = "Z003", "x.lacks", "structure", "测试"

        def check(self, doc):
            raise InsufficientData("缺少数据")
            yield  # pragma: no cover

    doc = text_doc("一、说明")
    o = Fires().evaluate(doc)
    assert (o.status, len(o.findings), o.findings[0].expected, o.findings[0].found) == ("failed", 1, "1", "2")
    assert o.to_dict() == {"rule": "Z001", "name": "x.fires", "category": "structure", "status": "failed",
                           "findings": 1, "detail": None}
    assert (Skips().evaluate(doc).status, Skips().evaluate(doc).detail) == ("not_applicable", "不适用的原因")
    assert (Lacks().evaluate(doc).status, Lacks().evaluate(doc).detail) == ("insufficient_data", "缺少数据")


def test_docs_rules_md_is_generated_from_the_registry():
    """docs/rules.md is regenerated with `checker rules --format markdown > docs/rules.md`, never edited."""
    from pathlib import Path

    from checker.ruledocs import rules_markdown
    from checker.rules import all_rules

    path = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == rules_markdown(all_rules())
