"""Document facts: kind, department, year, unit — with their evidence and conflicting candidates."""

from __future__ import annotations

import pytest

from checker.facts import Fact, clean_department

EXPECTED = {
    "000": ("final_accounts", "武汉市武昌区机关事务服务中心", 2023, "万元"),
    "001": ("final_accounts", "武汉市武昌区人民政府办公室", 2023, "万元"),
    "002": ("performance_self_evaluation", "武汉市东湖高新区机关事务服务中心", 2024, "万元"),
    "003": ("final_accounts", "中国共产党武汉市蔡甸区委员会办公室", 2023, "万元"),
    "004": ("final_accounts", "武汉市洪山区人民政府青菱街道办事处", 2023, "万元"),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_seed_facts(seed, code):
    facts = seed(code).facts
    kind, department, year, unit = EXPECTED[code]
    assert facts.kind.value == kind
    assert facts.department.value == department
    assert facts.year.value == str(year)
    assert facts.unit.value == unit
    assert facts.to_dict() == {"kind": kind, "department": department, "year": year, "unit": unit}


@pytest.mark.parametrize("code", ["000", "001", "003", "004"])
def test_seed_facts_have_no_conflicts(seed, code):
    facts = seed(code).facts
    assert facts.department.conflicts() == []
    assert facts.year.conflicts() == []
    assert list(facts.department.candidates) == [EXPECTED[code][1]]


def test_002_names_a_second_department(seed):
    dept = seed("002").facts.department
    assert dept.value == "武汉市东湖高新区机关事务服务中心"
    assert dept.candidates == {"武汉市东湖高新区机关事务服务中心": 1, "武汉市东西湖区机关事务服务中心": 1}
    assert dept.conflicts() == ["武汉市东西湖区机关事务服务中心"]


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_fact_evidence_points_at_the_value(seed, code):
    doc = seed(code)
    facts = doc.facts
    assert facts.department.evidence, "department evidence missing"
    for a, b in facts.department.evidence:
        assert doc.view.text[a:b] == facts.department.value
        loc = doc.locate_view(a, b)
        assert "".join(loc.text.split()) == facts.department.value
    assert facts.year.evidence
    for a, b in facts.year.evidence:
        assert doc.view.text[a:b] == facts.year.value
    for a, b in facts.unit.evidence:
        assert doc.view.text[a:b] == facts.unit.value


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_year_mention_votes_once(seed, code):
    """Two year patterns matching the same words ('2023年度部门决算情况说明') are one statement, not two."""
    year = seed(code).facts.year
    assert len(year.evidence) == len(set(year.evidence)), sorted(year.evidence)
    assert year.candidates[year.value] == len(set(year.evidence))


def test_year_votes_count_mentions_not_pattern_hits(text_doc):
    doc = text_doc("武汉市某某局2023年度部门决算\n第三部分 武汉市某某局2022年度部门决算情况说明\n部门：武汉市某某局")
    assert doc.facts.year.candidates == {"2023": 1, "2022": 1}


def test_department_evidence_spans_are_distinct(seed):
    dept = seed("001").facts.department
    assert len(dept.evidence) == len(set(dept.evidence)) == dept.candidates["武汉市武昌区人民政府办公室"] == 15


def test_kind_scores(seed):
    assert seed("002").facts.kind.candidates == {"performance_self_evaluation": 24, "budget": 2}  # 部门预算总额 in its opening
    fa = seed("001").facts.kind.candidates
    assert fa["final_accounts"] > fa["performance_self_evaluation"] > 0


def test_unknown_kind_and_missing_facts(text_doc):
    facts = text_doc("会议纪要\n会议讨论了食堂管理和车辆调度问题，要求各科室做好准备。").facts
    assert facts.kind.value == "unknown"
    assert facts.department.value is None
    assert facts.year.value is None
    assert facts.unit.value is None
    assert facts.to_dict() == {"kind": "unknown", "department": None, "year": None, "unit": None}


def test_unit_from_narrative_when_no_table_declares_one(text_doc):
    facts = text_doc("2023年度收入合计5,102.22万元，支出合计5,102.22万元，其中基本支出1.2亿元。").facts
    assert facts.unit.value == "万元"
    assert facts.unit.source == "narrative_usage"
    assert facts.unit.candidates == {"万元": 2, "亿元": 1}


def test_unit_declared_by_table_wins(text_doc):
    doc = text_doc("收入支出决算总表\n公开01表\n金额单位：元\n项目\t行次\t金额\n一般公共预算财政拨款收入\t1\t51,022.20\n"
                   "说明：共计5.1万元。")
    assert doc.facts.unit.value == "元"
    assert doc.facts.unit.source == "table_unit_line"


def test_department_from_table_header_and_overview(text_doc):
    doc = text_doc("第一部分 武汉市江夏区财政局概况\n一、部门主要职责\n负责全区财政工作。\n部门：武汉市江夏区财政局\t单位：万元")
    dept = doc.facts.department
    assert dept.value == "武汉市江夏区财政局"
    assert dept.candidates == {"武汉市江夏区财政局": 2}
    assert dept.source == "table_header"  # the first pattern (in DEPARTMENT_PATTERNS order) that saw it


def test_longest_form_of_a_department_is_preferred(text_doc):
    doc = text_doc("武汉市江夏区财政局2023年度部门决算\n部门：江夏区财政局\n部门：江夏区财政局")
    assert doc.facts.department.value == "武汉市江夏区财政局"
    assert doc.facts.department.conflicts() == []


def test_performance_report_department_and_year(text_doc):
    facts = text_doc("武汉市江夏区财政局2024年整体绩效自评报告\n一、自评结论\n（一）自评得分\n自评得分为95分。").facts
    assert facts.kind.value == "performance_self_evaluation"
    assert facts.department.value == "武汉市江夏区财政局"
    assert facts.year.value == "2024"


@pytest.mark.parametrize("raw,expected", [
    ("武汉市武昌区人民政府办公室", "武汉市武昌区人民政府办公室"),
    ("武汉市 武昌区 人民政府办公室", "武汉市武昌区人民政府办公室"),
    ("一、武汉市江夏区财政局", "武汉市江夏区财政局"),
    ("目录武汉市江夏区财政局", "武汉市江夏区财政局"),
    ("纳入武汉市江夏区财政局", "武汉市江夏区财政局"),
    ("2023年度", None),
    ("本部门", None),
    ("收入支出", None),
    ("局", None),
])
def test_clean_department(raw, expected):
    assert clean_department(raw) == expected


def test_fact_conflicts_ignore_short_and_long_forms():
    fact = Fact("武汉市江夏区财政局", candidates={"武汉市江夏区财政局": 3, "江夏区财政局": 1, "武汉市江夏区教育局": 1})
    assert fact.conflicts() == ["武汉市江夏区教育局"]
    assert Fact(None, candidates={"a": 1}).conflicts() == []
