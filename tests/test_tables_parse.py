"""Parsed tables of the seeds: concrete cells, shapes, placements, and what a blank or a code becomes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.tables.parse import CODE

TABLE_KEYS = [f"table{i:02d}" for i in range(1, 10)]

# (status, layout, number of entries) per table, counted by hand from the seed text
SHAPES = {
    "001": {"table01": ("parsed", "tsv", 62), "table02": ("parsed", "tsv", 27), "table03": ("parsed", "tsv", 27),
            "table04": ("parsed", "tsv", 64), "table05": ("parsed", "tsv", 27), "table06": ("parsed", "tsv", 83),
            "table07": ("empty", "text", 0), "table08": ("empty", "text", 0), "table09": ("parsed", "tsv", 2)},
    "003": {"table01": ("parsed", "text", 62), "table02": ("parsed", "text", 25), "table03": ("parsed", "text", 25),
            "table04": ("parsed", "text", 64), "table05": ("parsed", "text", 25), "table06": ("parsed", "text", 65),
            "table07": ("empty", "text", 0), "table08": ("empty", "text", 0),
            "table09": ("not_extractable", "text", 0)},
}


def cells(entry) -> dict[str, str]:
    return {c.column: c.text for c in entry.cells}


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize("code", ["001", "003"])
def test_table_shapes(seed, code):
    tables = seed(code).tables
    assert sorted(tables) == TABLE_KEYS
    got = {k: (t.status, t.layout, len(t.entries)) for k, t in tables.items()}
    assert got == SHAPES[code]
    assert all(t.unit == "万元" for t in tables.values())


@pytest.mark.parametrize("code", ["000", "004"])
def test_image_tables_are_not_extractable(seed, code):
    """000 and 004 carry only the tables' titles (the tables were images); 07 (and 000's 08) declare themselves empty."""
    tables = seed(code).tables
    empty = {"000": {"table07", "table08"}, "004": {"table07"}}[code]
    assert {k: t.status for k, t in tables.items()} == {
        k: "empty" if k in empty else "not_extractable" for k in TABLE_KEYS}
    assert all(not t.entries for t in tables.values())


def test_page_number_inside_a_lost_table_is_no_header(seed):
    """000 line 81 ('8', a page number) and 004 line 98 ('5') sit under an image table's title: still not extractable."""
    assert seed("000").lines[80].content == "8"
    assert seed("000").tables["table03"].status == "not_extractable"
    assert seed("004").lines[97].content == "5"
    assert seed("004").tables["table01"].status == "not_extractable"


# ---------------------------------------------------------------- seed 001 (tab-separated)


def test_001_table05_row_with_blank_basic_expenditure(seed):
    t = seed("001").tables["table05"]
    e = t.entry("2010302")
    assert (e.code, e.name, e.level, e.segment, e.line + 1) == ("2010302", "一般行政管理事务", "项", "main", 227)
    assert cells(e) == {"本年支出合计": "312.47", "项目支出": "312.47"}
    assert e.cell("本年支出合计").value == Decimal("312.47")
    assert e.cell("项目支出").value == Decimal("312.47")
    assert e.cell("基本支出") is None  # blank: no cell, never 0
    assert all(c.placement == "position" and c.precision == 2 for c in e.cells)
    assert t.value("2010301", "项目支出") is None and t.value("2010301", "基本支出").value == Decimal("911.92")


def test_001_table05_total_row_and_columns(seed):
    t = seed("001").tables["table05"]
    assert t.columns == {"main": ["本年支出合计", "基本支出", "项目支出"]}
    assert cells(t.entry("合计")) == {"本年支出合计": "5,102.22", "基本支出": "1,330.67", "项目支出": "3,771.55"}
    assert [e.key for e in t.entries[:4]] == ["合计", "201", "20103", "2010301"]
    assert [e.level for e in t.entries[:4]] == [None, "类", "款", "项"]


def test_001_table01_rows_by_row_number_and_side(seed):
    t = seed("001").tables["table01"]
    income = t.entry("27", "income")
    assert (income.name, income.row_no, income.segment) == ("本年收入合计", 27, "income")
    assert income.cell("决算数").value == Decimal("5102.22") and income.cell("决算数").text == "5,102.22"
    assert t.find("本年收入合计", "income") is income
    spend = t.entry("58", "expenditure")
    assert (spend.name, cells(spend)) == ("本年支出合计", {"决算数": "5,102.22"})
    assert cells(t.entry("48", "expenditure")) == {"决算数": "3,400.00"}
    assert cells(t.entry("2", "income")) == {}  # 二、政府性基金预算财政拨款收入: blank
    assert len([e for e in t.entries if e.segment == "income"]) == 31
    assert len([e for e in t.entries if e.segment == "expenditure"]) == 31


def test_001_table02_other_columns_blank(seed):
    t = seed("001").tables["table02"]
    assert cells(t.entry("合计")) == {"本年收入合计": "5,102.22", "财政拨款收入": "5,102.22"}
    assert all(set(cells(e)) == {"本年收入合计", "财政拨款收入"} for e in t.entries)


def test_001_table06_blocks_and_merged_total(seed):
    """The three side-by-side blocks of table 06; 公用经费合计's amount sits under the third block's 决算数."""
    t = seed("001").tables["table06"]
    assert cells(t.entry("302")) == {"决算数": "215.69"} and t.entry("302").segment == "public"
    assert cells(t.entry("310")) == {"决算数": "3.10"} and t.entry("310").segment == "public"
    assert cells(t.entry("303")) == {"决算数": "94.74"} and t.entry("303").segment == "personnel"
    assert t.entry("30202").cells == []  # 印刷费: blank
    personnel, public = t.find("人员经费合计"), t.find("公用经费合计")
    assert (personnel.segment, cells(personnel)) == ("personnel", {"决算数": "1,111.87"})
    assert (public.segment, cells(public), public.line + 1) == ("public", {"决算数": "218.80"}, 287)
    assert len([e for e in t.entries if e.code]) == 81


def test_001_table09_budget_and_final(seed):
    t = seed("001").tables["table09"]
    assert [(e.key, e.segment, cells(e)) for e in t.entries] == [
        ("合计", "budget", {"合计": "0.42", "公务接待费": "0.42"}),
        ("合计", "final", {"合计": "0.42", "公务接待费": "0.42"})]


def test_001_table04_zero_is_printed_not_invented(seed):
    t = seed("001").tables["table04"]
    assert cells(t.entry("2", "income")) == {"决算数": "0.00"}  # printed 0.00
    assert cells(t.entry("60", "expenditure")) == {}  # 年末财政拨款结转和结余: blank


# ---------------------------------------------------------------- seed 003 (PDF text, blanks lost)


def test_003_table05_total_row(seed):
    t = seed("003").tables["table05"]
    total = t.entry("合计")
    assert cells(total) == {"本年支出合计": "990.24", "基本支出": "866.15", "项目支出": "124.09"}
    assert all(c.placement == "position" for c in total.cells)  # three values for three columns
    assert total.line + 1 == 878


def test_003_packed_rows_keep_only_the_total_column(seed):
    t = seed("003").tables["table05"]
    e = t.entry("2013602")
    assert [(c.text, c.placement) for c in e.cells] == [("124.09", "total"), ("124.09", "packed")]
    assert e.cell("本年支出合计").text == "124.09"
    t2 = seed("003").tables["table02"]
    assert [(c.column, c.text, c.placement) for c in t2.entry("合计").cells] == [
        ("本年收入合计", "990.75", "total"), ("财政拨款收入", "990.24", "packed"), ("上级补助收入", "0.50", "packed")]


def test_003_wrapped_names_join(seed):
    t = seed("003").tables["table02"]
    assert t.entry("20103").name == "政府办公厅（室）及相关机构事务"
    assert cells(t.entry("20103"))["本年收入合计"] == "22.25"
    assert t.entry("2080505").name == "机关事业单位基本养老保险缴费支出"
    assert seed("003").tables["table01"].entry("32", "expenditure").name == "一、一般公共服务支出"


def test_003_table01_sides(seed):
    t = seed("003").tables["table01"]
    assert cells(t.entry("1", "income")) == {"决算数": "990.24"}
    assert cells(t.entry("8", "income")) == {"决算数": "0.50"}
    assert cells(t.entry("40", "expenditure")) == {"决算数": "55.48"}
    assert cells(t.find("本年收入合计", "income")) == {"决算数": "990.75"}
    assert cells(t.find("总计", "expenditure")) == {"决算数": "990.75"}


def test_003_table06_number_broken_over_lines(seed):
    doc = seed("003")
    t = doc.tables["table06"]
    public = t.find("公用经费合计")
    c = public.cell("决算数")
    assert (c.value, c.precision, c.line + 1) == (Decimal("28.09"), 2, 1177)
    assert c.text == "28.09" and doc.source[c.start:c.end] == "28\n\n.0\n\n9"  # pieces joined, span kept
    assert cells(t.find("人员经费合计")) == {"决算数": "838.07"}


def test_003_table06_header_words_are_not_a_row(seed):
    """The header wrapped under '金额单位：万 / 元' is not read as a row named 元人员经费…."""
    t = seed("003").tables["table06"]
    assert [e.key for e in t.entries if not e.code] == ["人员经费合计", "公用经费合计"]
    assert t.entries[0].key == "301"
    assert cells(t.entry("30213")) == {"决算数": "0.02"}
    assert cells(t.entry("30228")) == {"决算数": "0.50"}
    assert t.entry("310").cells == []


# ---------------------------------------------------------------- invariants over both seeds


@pytest.mark.parametrize("code", ["001", "003"])
def test_codes_and_row_numbers_are_never_amounts(seed, code):
    for t in seed(code).tables.values():
        for e in t.entries:
            for c in e.cells:
                assert "." in c.text and c.precision == 2, (t.key, e.key, c.text)
                assert not CODE.match(c.text.replace(",", "")), (t.key, e.key, c.text)
            if e.code:
                assert e.code == e.key and len(e.code) in (3, 5, 7)


@pytest.mark.parametrize("code", ["001", "003"])
def test_blank_is_none_never_zero(seed, code):
    for t in seed(code).tables.values():
        for e in t.entries:
            for c in e.cells:
                assert c.value != 0 or c.text == "0.00", (t.key, e.key, c.text)


@pytest.mark.parametrize("code", ["001", "003"])
def test_cells_point_at_their_source_text(seed, code):
    doc = seed(code)
    for t in doc.tables.values():
        for e in t.entries:
            for c in e.cells:
                # a number broken over lines is joined in the text; its span runs from first piece to last
                assert "".join(doc.source[c.start:c.end].split()) == "".join(c.text.split())
                assert c.segment == e.segment


# ---------------------------------------------------------------- layouts not in the seeds


def test_table07_item_column_stacking_项目_over_科目代码(text_doc):
    """公开07表's header stacks 项目 / 科目代码 / 栏次 in the first column (seed 001 line 297)."""
    doc = text_doc("\n".join([
        "政府性基金预算财政拨款收入支出决算表", "公开07表", "单位：万元",
        "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余",
        "科目代码\t科目名称\t\t\t小计\t基本支出\t项目支出\t",
        "栏次\t\t1\t2\t3\t4\t5\t6",
        "合计\t\t10.00\t50.00\t45.00\t\t45.00\t15.00",
        "212\t城乡社区支出\t10.00\t50.00\t45.00\t\t45.00\t15.00"]))
    t = doc.tables["table07"]
    assert [e.key for e in t.entries] == ["合计", "212"]
    assert cells(t.entry("212")) == {"年初结转和结余": "10.00", "本年收入": "50.00", "本年支出合计": "45.00",
                                     "项目支出": "45.00", "年末结转和结余": "15.00"}
    assert t.entry("212").cell("基本支出") is None


def test_row_number_with_a_zero_width_character_is_read_as_the_number(seed_path):
    """A zero-width space inside a row-number cell (as copied from some Word/PDF sources) made int() fail and
    the whole document an internal error; the number is read as the cell kind was: folded."""
    from checker.document import Document

    text = seed_path("001").read_text(encoding="utf-8").replace("本年收入合计\t27\t", "本年收入合计\t\u200b27\t")
    assert "\u200b27" in text
    doc = Document.from_text("zw.txt", "text", text)
    income = doc.tables["table01"].entry("27", "income")  # the key without the invisible character
    assert (income.name, income.row_no) == ("本年收入合计", 27)


@pytest.mark.parametrize("code", ["001", "003"])  # the seeds whose tables are text (tab-separated; one cell a line)
@pytest.mark.parametrize("where", ["end", "start"])
def test_zero_width_characters_around_every_line_keep_the_tables_readable(seed_path, where, code):
    """Zero-width spaces at every line's end (or start), as some Word/PDF copies carry them, and a line of
    them alone: every table of the seeds parses as without them — the same rows, with the same values
    in the same columns. They made int() fail on row numbers (the whole document an internal error),
    kept header words from matching the schema's columns (001, tab-separated), made lines of them alone
    count as table rows (001 表9 read as text), kept a number broken over two lines apart (003 表6), and
    hid 支出/合计 at the end of row names (003 表4) and 301 at the start of codes (003 表6). Keys, codes and
    names keep no zero-width character."""
    from checker.document import Document

    text = seed_path(code).read_text(encoding="utf-8")
    marked = "\n".join((line + "\u200b") if where == "end" else ("\u200b" + line) for line in text.split("\n"))
    plain, doc = Document.from_text("p.txt", "text", text), Document.from_text("zw.txt", "text", marked)
    assert any(t.entries for t in plain.tables.values())

    def seen(table):
        return (table.layout, [(e.key, e.code, e.name, e.row_no, e.segment,
                                [(c.column, c.value, c.placement) for c in e.cells]) for e in table.entries])

    assert doc.tables.keys() == plain.tables.keys()
    for key, table in plain.tables.items():
        assert seen(doc.tables[key]) == seen(table), key


def test_the_sangong_table_as_text_is_one_total_row_named_as_in_the_tab_layout(seed_path):
    """Seed 001's 公开09表 with its tabs turned into spaces (as text taken from a PDF has it): the one row is the
    total, not named after the header words above it (it was 预算数决算数, and L001 quoted that row)."""
    from checker.document import Document

    text = seed_path("001").read_text(encoding="utf-8")
    tab = Document.from_text("p.txt", "text", text).tables["table09"]
    spaced = Document.from_text("p.txt", "text", text.replace("\t", "  ")).tables["table09"]
    assert spaced.layout == "text" and tab.layout == "tsv"
    assert {(e.key, e.name) for e in spaced.entries} == {(e.key, e.name) for e in tab.entries} == {("合计", "")}
