"""PDF tables: ruled tables arrive as tab-separated rows with cell positions, like Word tables.

The PDFs are drawn here with PyMuPDF: text with the built-in CJK font ("china-s"), cell borders
with ``draw_rect`` so that ``find_tables`` sees a lattice.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.errors import InputError
from checker.readers import read_document
from checker.readers.pdf_layout import cell_text, undouble

# Seed 001, 公开05表 (一般公共预算财政拨款支出决算表), lines ~218–251 of the seed text.
HEADER = [["科目代码", "科目名称", "小计", "基本支出", "项目支出"]]
ROWS = [
    ["合计", "", "5,102.22", "1,330.67", "3,771.55"],
    ["201", "一般公共服务支出", "1,227.34", "911.92", "315.42"],
    ["20103", "政府办公厅（室）及相关机构事务", "1,224.39", "911.92", "312.47"],
    ["2010301", "行政运行", "911.92", "911.92", ""],
    ["2010302", "一般行政管理事务", "312.47", "", "312.47"],
    ["20136", "其他共产党事务支出", "2.95", "", "2.95"],
    ["208", "社会保障和就业支出", "199.57", "199.57", ""],
    ["219", "援助其他地区支出", "3,400.00", "", "3,400.00"],
]
XS = [40, 100, 260, 360, 460, 560]  # column edges
ROW_H = 20
BEFORE = "一般公共预算财政拨款支出决算情况说明：本年度支出决算数如下表所示。"
AFTER = "注：本表反映部门本年度一般公共预算财政拨款实际支出情况。"


def _text(page, x, y, text, size=8):
    page.insert_text((x, y), text, fontname="china-s", fontsize=size)


def _ruled_table(page, top, rows, *, group_row=True, wrap=None):
    """Draw a ruled table from ``top``: an optional merged group row (项目 | 本年支出), then ``rows``.

    ``wrap`` maps (row, col) to a list of lines written in a taller cell. Returns the bottom edge."""
    import pymupdf

    y = top
    if group_row:
        page.draw_rect(pymupdf.Rect(XS[0], y, XS[2], y + ROW_H), color=(0, 0, 0), width=0.5)
        page.draw_rect(pymupdf.Rect(XS[2], y, XS[5], y + ROW_H), color=(0, 0, 0), width=0.5)
        _text(page, XS[0] + 3, y + 14, "项目")
        _text(page, XS[2] + 3, y + 14, "本年支出")
        y += ROW_H
    for r, row in enumerate(rows):
        lines = {c: (wrap or {}).get((r, c)) for c in range(len(row))}
        height = ROW_H * max([len(v) for v in lines.values() if v] + [1])
        for c, text in enumerate(row):
            page.draw_rect(pymupdf.Rect(XS[c], y, XS[c + 1], y + height), color=(0, 0, 0), width=0.5)
            for k, piece in enumerate(lines[c] or ([text] if text else [])):
                _text(page, XS[c] + 3, y + 14 + k * ROW_H, piece)
        y += height
    return y


def _save(pdf, path):
    pdf.save(str(path))
    pdf.close()
    return path


@pytest.fixture
def table_pdf(tmp_path):
    """One page: narrative, title, label, unit, the ruled table 05, a note. The note is written
    into the content stream first and the opening narrative last, so only position gives the order."""
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    top = 150
    bottom = top + ROW_H * (2 + len(ROWS)) + ROW_H  # one data row is two lines high
    _text(page, 72, bottom + 30, AFTER, size=10)
    _ruled_table(page, top, HEADER + ROWS, wrap={(3, 1): ["政府办公厅（室）及相关", "机构事务"]})
    _text(page, 170, 100, "一般公共预算财政拨款支出决算表", size=14)
    _text(page, 480, 122, "公开05表", size=9)
    _text(page, 480, 140, "单位：万元", size=9)
    _text(page, 72, 60, BEFORE, size=10)
    return _save(pdf, tmp_path / "table05.pdf")


# ---------------------------------------------------------------- the round trip


def test_pdf_table_rows_arrive_tab_separated_with_blank_cells_kept(table_pdf):
    doc = read_document(table_pdf)
    lines = doc.source.split("\n")
    assert "项目\t\t本年支出\t\t" in lines  # merged cells: text once, covered cells empty
    assert "科目代码\t科目名称\t小计\t基本支出\t项目支出" in lines
    assert "合计\t\t5,102.22\t1,330.67\t3,771.55" in lines
    assert "2010301\t行政运行\t911.92\t911.92\t" in lines
    assert "2010302\t一般行政管理事务\t312.47\t\t312.47" in lines
    # a cell wrapped over two lines comes back as one cell, without the break
    assert "20103\t政府办公厅（室）及相关机构事务\t1,224.39\t911.92\t312.47" in lines
    assert doc.source.endswith("\n")


def test_pdf_table05_parses_cell_for_cell(table_pdf):
    doc = read_document(table_pdf)
    block = next(b for b in doc.structure.tables if b.key == "table05")
    assert block.title == "一般公共预算财政拨款支出决算表"
    assert block.label == "公开05表"
    assert block.unit == "万元"
    t = doc.tables["table05"]
    assert t.status == "parsed"
    assert t.layout == "tsv"
    expected = {
        "合计": ("5102.22", "1330.67", "3771.55"),
        "201": ("1227.34", "911.92", "315.42"),
        "20103": ("1224.39", "911.92", "312.47"),
        "2010301": ("911.92", "911.92", None),
        "2010302": ("312.47", None, "312.47"),
        "20136": ("2.95", None, "2.95"),
        "208": ("199.57", "199.57", None),
        "219": ("3400.00", None, "3400.00"),
    }
    assert [e.key for e in t.entries] == list(expected)
    columns = ("本年支出合计", "基本支出", "项目支出")
    for key, values in expected.items():
        for column, value in zip(columns, values):
            cell = t.value(key, column)
            if value is None:
                assert cell is None, (key, column)
                continue
            assert cell is not None, (key, column)
            assert cell.value == Decimal(value), (key, column)
            assert cell.placement == "position"
            assert doc.source[cell.start:cell.end] == cell.text
            loc = doc.locate(cell.start, cell.end)
            assert loc.page == 1
            assert loc.text == cell.text
    assert t.value("2010302", "项目支出").value == Decimal("312.47")
    assert t.value("2010302", "基本支出") is None
    assert t.value("2010301", "项目支出") is None
    assert t.entry("20103").name == "政府办公厅（室）及相关机构事务"
    assert t.entry("2010302").name == "一般行政管理事务"
    assert t.entry("201").level == "类"


def test_pdf_narrative_before_and_after_table_in_reading_order(table_pdf):
    doc = read_document(table_pdf)
    src = doc.source
    order = [src.index(BEFORE), src.index("一般公共预算财政拨款支出决算表\n"), src.index("公开05表"),
             src.index("单位：万元"), src.index("科目代码\t"), src.index("合计\t"), src.index("2010302\t"),
             src.index("219\t"), src.index(AFTER)]
    assert order == sorted(order)
    # the narrative lines are plain lines, not table rows, and nothing of the table leaks into them
    for line in src.split("\n"):
        if BEFORE in line or AFTER in line:
            assert "\t" not in line
            assert line.strip() in (BEFORE, AFTER)
    # the table's text appears once: as its rows, not again as loose text
    assert src.count("一般行政管理事务") == 1
    assert src.count("3,771.55") == 1
    # the note after the table is read as a note of the table, and the narrative before stays prose
    assert BEFORE in doc.view.text and AFTER in doc.view.text


def test_pdf_page_without_table_reads_as_before(tmp_path):
    """Pages without a ruled table keep PyMuPDF's position-sorted text."""
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    _text(page, 72, 300, "第二段在下面。", size=11)
    _text(page, 72, 100, "第一段在上面。", size=11)
    _save(pdf, tmp_path / "plain.pdf")
    with pymupdf.open(str(tmp_path / "plain.pdf")) as check:
        expected = check[0].get_text("text", sort=True)
    doc = read_document(tmp_path / "plain.pdf")
    assert doc.source == expected + ("" if expected.endswith("\n") else "\n")
    assert doc.source.index("第一段") < doc.source.index("第二段")


def test_pdf_table_on_second_page_locates_on_that_page(tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    first = pdf.new_page()
    _text(first, 72, 100, "第三部分 2023年度部门决算表", size=12)
    page = pdf.new_page()
    _text(page, 170, 100, "一般公共预算财政拨款支出决算表", size=14)
    _text(page, 480, 122, "公开05表", size=9)
    _text(page, 480, 140, "单位：万元", size=9)
    _ruled_table(page, 150, HEADER + ROWS)
    doc = read_document(_save(pdf, tmp_path / "two_pages.pdf"))
    cell = doc.tables["table05"].value("2010302", "项目支出")
    assert cell.value == Decimal("312.47")
    loc = doc.locate(cell.start, cell.end)
    assert loc.page == 2
    p2 = doc.pages[1]
    assert doc.source[p2.start:p2.end][loc.start:loc.end] == "312.47"


def test_pdf_table_continued_on_next_page_keeps_its_columns(tmp_path):
    """Rows carried over to the next page (no title, no header repeated) join the same table."""
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    _text(page, 170, 100, "一般公共预算财政拨款支出决算表", size=14)
    _text(page, 480, 122, "公开05表", size=9)
    _text(page, 480, 140, "单位：万元", size=9)
    _ruled_table(page, 150, HEADER + ROWS[:4])
    page = pdf.new_page()
    _ruled_table(page, 60, ROWS[4:], group_row=False)
    doc = read_document(_save(pdf, tmp_path / "continued.pdf"))
    t = doc.tables["table05"]
    assert [e.key for e in t.entries] == ["合计", "201", "20103", "2010301", "2010302", "20136", "208", "219"]
    cell = t.value("2010302", "项目支出")
    assert cell.value == Decimal("312.47") and doc.locate(cell.start, cell.end).page == 2
    assert t.value("2010302", "基本支出") is None
    assert t.value("208", "基本支出").value == Decimal("199.57")
    assert t.value("208", "项目支出") is None
    assert doc.locate(*(lambda c: (c.start, c.end))(t.value("201", "基本支出"))).page == 1


# ---------------------------------------------------------------- fake bold


def test_pdf_fake_bold_cell_is_undone_and_numbers_are_not(tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    _text(page, 170, 100, "一般公共预算财政拨款支出决算表", size=14)
    _text(page, 480, 122, "公开05表", size=9)
    _text(page, 480, 140, "单位：万元", size=9)
    header = [["科目代码", "科科目目名名称称", "小计", "基本支出", "项目支出"]]
    rows = [["合计", "", "1,411.00", "311.00", "1100.00"],
            ["201", "一般公共服务支出", "1,411.00", "311.00", "1100.00"],
            ["2010301", "行政运行", "311.00", "311.00", ""],
            ["2010302", "一般行政管理事务", "1100.00", "", "1100.00"]]
    _ruled_table(page, 150, header + rows)
    _text(page, 72, 60, "收收入入支支出出决决算算总总表表", size=10)  # a fake-bold text line
    doc = read_document(_save(pdf, tmp_path / "fake_bold.pdf"))
    lines = doc.source.split("\n")
    assert "科目代码\t科目名称\t小计\t基本支出\t项目支出" in lines
    assert "科科目目" not in doc.source
    assert "收入支出决算总表" in [line.strip() for line in lines]
    assert "2010302\t一般行政管理事务\t1100.00\t\t1100.00" in lines
    t = doc.tables["table05"]
    assert t.value("2010302", "项目支出").value == Decimal("1100.00")
    assert t.value("2010302", "本年支出合计").text == "1100.00"
    assert t.value("2010302", "基本支出") is None


def test_pdf_fake_bold_line_on_a_page_without_tables(tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    _text(page, 72, 100, "一一、、收收入入决决算算情情况况说说明明", size=12)
    _text(page, 72, 130, "2023年度收入合计1100.00万元，常常见的说明。", size=11)
    doc = read_document(_save(pdf, tmp_path / "bold_heading.pdf"))
    lines = [line.strip() for line in doc.source.split("\n")]
    assert "一、收入决算情况说明" in lines
    assert "2023年度收入合计1100.00万元，常常见的说明。" in lines


@pytest.mark.parametrize("text, expected", [
    ("收收入入合合计计", "收入合计"),
    ("科科目目名名称称", "科目名称"),
    ("  收收入入合合计计  ", "  收入合计  "),
    ("55,,110022..2222", "5,102.22"),
    ("1100.00", "1100.00"),  # odd length
    ("1100", "1100"),  # digits only: a real number as likely as a doubled one
    ("常常", "常常"),  # too short
    ("常常说说", "常说"),  # four characters, every pair doubled
    ("常常说明", "常常说明"),
    ("........", "........"),  # a dotted leader
    ("————", "————"),
    ("", ""),
])
def test_undouble(text, expected):
    assert undouble(text) == expected


@pytest.mark.parametrize("value, expected", [
    (None, ""),
    ("一般公共\n服务支出", "一般公共服务支出"),
    ("Public\nservices", "Public services"),
    ("1,227.\n34", "1,227.34"),
    ("  基本\t支出 ", "基本 支出"),
    ("收收入入\n合合计计", "收入合计"),
])
def test_cell_text(value, expected):
    assert cell_text(value) == expected


# ---------------------------------------------------------------- undecodable text layer


def test_pdf_with_cid_tokens_is_refused(tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    for k in range(20):
        page.insert_text((72, 60 + 20 * k), "(cid:12)(cid:345)(cid:67) 2023 (cid:12)(cid:89)", fontsize=10)
    path = _save(pdf, tmp_path / "cid.pdf")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.code == "garbled_pdf"
    message = str(err.value.message)
    assert "乱码" in message and "(cid:" in message and "重新导出" in message


def test_pdf_with_a_few_cid_tokens_reads_with_a_diagnostic(tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    for k in range(10):
        _text(page, 72, 60 + 20 * k, "2023年度收入合计5,102.22万元，与上年相比减少91.8万元。", size=10)
    page.insert_text((72, 300), "(cid:12)", fontsize=10)
    doc = read_document(_save(pdf, tmp_path / "few_cid.pdf"))
    diags = [d for d in doc.diagnostics if d["page"] == 1 and d["code"] == "undecodable_text"]
    assert diags and "无法解码" in diags[0]["message"]
