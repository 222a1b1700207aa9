"""Narrative figures linked to the table cells they restate, with confidence and reason."""

from decimal import Decimal
from pathlib import Path

import pytest

from checker.readers import read_document

SEEDS = {p.name[:3]: p for p in (Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt")}


@pytest.fixture(scope="module")
def doc001():
    return read_document(SEEDS["001"])


@pytest.fixture(scope="module")
def doc003():
    return read_document(SEEDS["003"])


def _links(doc, subject):
    return [link for link in doc.links if link.mention.subject == subject]


def test_all_funds_basic_expenditure_links_to_table03(doc001):
    [link] = [l for l in _links(doc001, "基本支出") if l.table.key == "table03"]
    assert (link.entry.key, link.column, link.cell.value) == ("合计", "基本支出", Decimal("1330.67"))
    assert link.mention.value == Decimal("1330.67")
    assert "公开03表" in link.reason and 0 < link.confidence <= 1


def test_fiscal_section_basic_expenditure_links_to_table05(doc003):
    links = [l for l in _links(doc003, "基本支出") if l.table.key == "table05"]
    assert [(l.mention.value, l.cell.value) for l in links] == [(Decimal("838.06"), Decimal("866.15"))]


def test_class_path_links_to_its_code_row(doc001):
    links = [l for l in doc001.links if l.mention.subject == "住房保障支出"]
    assert links and all(l.entry.key == "221" and l.column == "本年支出合计" for l in links)
    assert {l.cell.value for l in links} == {Decimal("145.29")}


def test_a_path_that_does_not_resolve_fully_is_not_linked(doc003):
    # "卫生健康支出（类）财政事务（款）行政运行（项）": no such 款, so no link to the class row either
    assert not [l for l in doc003.links if l.mention.subject == "卫生健康支出/财政事务/行政运行"]


def test_packed_rows_are_marked_ambiguous(doc003):
    amb = [l for l in doc003.links if l.ambiguous]
    assert amb and all(l.confidence <= 0.4 and "不作比较" in l.reason for l in amb)
    assert all(l.to_dict()["ambiguous"] for l in amb)


def test_links_are_in_the_report_json():
    from checker.pipeline import check_path

    d = check_path(SEEDS["001"]).to_dict()
    assert d["links"] and {"mention", "table", "row", "column", "value", "confidence", "reason"} <= set(d["links"][0])
    ids = {m["id"] for m in d["mentions"]}
    assert all(link["mention"] in ids for link in d["links"])


def test_only_a_link_made_by_the_items_name_says_the_path_was_wrong(doc001, doc003):
    """L001 adds “文中科目路径有误，按同名的项对应” when the written path did not resolve and the 项 was matched by
    name (001: 财政事务 for 政府办公厅（室）及相关机构事务), not when a link is merely uncertain (003: a packed
    row of 公开05表, where the path 卫生健康支出 is right)."""
    from checker.pipeline import check_document

    def l001(doc):
        return {f.message: f for f in check_document(doc).findings if f.rule == "L001"}

    by_name = [l for l in doc001.links if l.by_name]
    assert [l.entry.code for l in by_name] == ["2010301"]
    assert any("行政运行" in m and m.endswith("（文中科目路径有误，按同名的项对应）") for m in l001(doc001))
    packed = [l for l in doc003.links if l.ambiguous and not l.by_name]
    assert packed
    health = [m for m in l001(doc003) if m.startswith("卫生健康支出")]
    assert health and not any("按同名的项对应" in m for m in health)
