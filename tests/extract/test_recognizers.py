"""The tricky forms of money, percentages and non-money numbers, as tables of (text, expectation)."""

from decimal import Decimal

import pytest

from checker.document import Document
from checker.extract.figures import find_hits


def figures(text: str):
    doc = Document.from_text("t.txt", "text", text)
    return [(h.type, h.value, h.unit, h.precision) for h in find_hits(doc.view.text) if h.is_figure]


def types(text: str):
    doc = Document.from_text("t.txt", "text", text)
    return [(h.type, doc.view.text[h.start:h.end]) for h in find_hits(doc.view.text)]


@pytest.mark.parametrize("text, value, unit, precision", [
    ("收支总计 1,171.58 万元。", "1171.58", "万元", 2),
    ("收支总计 1，171.58万元。", "1171.58", "万元", 2),          # full-width thousands separator
    ("收支总计１２３．４５万元。", "123.45", "万元", 2),          # full-width digits
    ("收支总计 1, 171.58 万元。", "1171.58", "万元", 2),         # stray space after the separator
    ("支出决算为 83.\n3 万元。", "83.3", "万元", 1),              # broken over lines
    ("支出 28\n.0\n9 万元。", "28.09", "万元", 2),
    ("公务接待费 3,500 元。", "3500", "元", 0),
    ("总投资 1.2 亿元。", "1.2", "亿元", 1),
    ("年初预算为三千四百万元。", "34000000", "元", 0),            # Chinese numerals: 三千四百万 + 元
    ("合计 0 万元。", "0", "万元", 0),
])
def test_when_money_is_written_in_any_form_then_value_unit_and_precision_are_read(text, value, unit, precision):
    money = [f for f in figures(text) if f[0] == "money"]
    assert money == [("money", Decimal(value), unit, precision)]


def test_when_a_slot_is_half_filled_then_it_is_residue_not_zero():
    got = figures("比上年增加(减少) 0.万元。")
    assert got == [("residue", None, "万元", None)]


@pytest.mark.parametrize("text, kind, value, unit", [
    ("增长 22.4%。", "percent", "22.4", "%"),
    ("占本年收入 99.9 ％。", "percent", "99.9", "%"),
    ("完成年初预算的 99.\n6%。", "percent", "99.6", "%"),
    ("达标率达百分之九十五。", "percent", "95", "%"),
    ("执行率为百分之95.5。", "percent", "95.5", "%"),
    ("比上年提高 1.5 个百分点。", "pp", "1.5", "个百分点"),
])
def test_when_a_rate_is_written_then_percent_and_percentage_points_are_kept_apart(text, kind, value, unit):
    got = figures(text)
    assert got == [(kind, Decimal(value), unit, got[0][3])]


@pytest.mark.parametrize("text, expected_type", [
    ("共有车辆 48 辆。", "count"),
    ("接待 120 人次。", "count"),
    ("完成 30 家单位登记。", "count"),
    ("采购办公设备 5 台（套）。", "count"),
    ("物业管理服务面积 81420m²。", "measure"),
    ("建筑面积 10.58 万 m^2 。", "measure"),
    ("2023 年度部门决算。", "year"),
    ("2024年1月31日填报。", "date"),
    ("公开咨询电话：88936456。", "phone"),
])
def test_when_a_number_is_not_money_then_it_is_recognised_as_what_it_is(text, expected_type):
    got = types(text)
    assert [t for t, _ in got] == [expected_type]
    assert not [f for f in figures(text)]


def test_when_a_subject_code_precedes_its_name_then_it_is_a_code_not_an_amount():
    got = types("2010301 行政运行 911.92")
    assert got[0] == ("code", "2010301")
    assert not [f for f in figures("2010301 行政运行")]


def test_when_an_amount_has_its_unit_later_in_the_sentence_then_it_is_money_with_that_unit():
    got = figures("年初预算为 5093.22，支出决算为 5,102.22 万元。")
    assert got[0] == ("money", Decimal("5093.22"), "万元", 2)
    assert got[1] == ("money", Decimal("5102.22"), "万元", 2)


def test_when_a_decimal_has_no_money_cue_then_it_is_not_money():
    assert figures("评分 98.28 分。") == []
