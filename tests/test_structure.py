"""Structure of the seeds: parts, numbered sections, table blocks, table of contents."""

from __future__ import annotations

import pytest

from checker.structure import Section
from conftest import FINAL_ACCOUNTS_SEEDS

PART_TITLES = {
    "000": ["武汉市武昌区机关事务服务中心概况", "2023年度部门决算表", "2023年度部门决算情况说明",
            "2023年重点工作完成情况", "名词解释", "附件"],
    "001": ["武汉市武昌区人民政府办公室概况", "武汉市武昌区人民政府办公室2023年度部门决算表",
            "武汉市武昌区人民政府办公室2023年度部门决算情况说明", "2023年重点工作完成情况", "名词解释", "附件"],
    "003": ["中国共产党武汉市蔡甸区委员会办公室概况", "中国共产党武汉市蔡甸区委员会办公室2023年度部门决算表",
            "中国共产党武汉市蔡甸区委员会办公室2023年度部门决算情况说明", "2023年重点工作完成情况", "名词解释", "附件"],
    "004": ["武汉市洪山区人民政府青菱街道办事处概况", "2023年度部门决算表", "2023年度部门决算情况说明",
            "其他需要说明的情况", "名词解释", "附件"],
}
PART_LINES = {"000": [0, 71, 96, 759, 1070, 1291], "001": [42, 52, 331, 486, 502, 550],
              "003": [0, 46, 1270, 1990, 2014, 2138], "004": [0, 91, 109, 951, 1001, 1408]}
PART_MARKERS = ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分"]

PART3_TITLES = [
    "收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
    "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
    "政府性基金预算财政拨款收入支出决算情况说明", "国有资本经营预算财政拨款支出决算情况说明",
    "财政拨款“三公”经费支出决算情况说明", "机关运行经费支出说明", "政府采购支出说明", "国有资产占用情况说明",
    "预算绩效情况说明",
]
CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"]

TABLE_KEYS = [f"table{i:02d}" for i in range(1, 10)]
TABLE_TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
                "一般公共预算财政拨款基本支出决算明细表", "政府性基金预算财政拨款收入支出决算表",
                "国有资本经营预算财政拨款支出决算表", "财政拨款“三公”经费支出决算表"]


def part3(doc) -> Section:
    parts = doc.structure.parts()
    assert parts[2].marker == "第三部分"
    return parts[2]


def child(section: Section, marker_num: int) -> Section:
    found = [c for c in section.children if c.number == marker_num]
    assert len(found) == 1, [c.marker for c in section.children]
    return found[0]


def standard_tables(doc):
    return [t for t in doc.structure.tables if (t.key or "").startswith("table0")]


# ---------------------------------------------------------------- parts


@pytest.mark.parametrize("code", FINAL_ACCOUNTS_SEEDS)
def test_six_parts_with_titles(seed, code):
    parts = seed(code).structure.parts()
    assert [p.marker for p in parts] == PART_MARKERS
    assert [p.number for p in parts] == [1, 2, 3, 4, 5, 6]
    assert [p.title for p in parts] == PART_TITLES[code]
    assert [p.line for p in parts] == PART_LINES[code]
    assert all(p.style == "part" and p.depth == 0 and p.parent is None for p in parts)


@pytest.mark.parametrize("code", FINAL_ACCOUNTS_SEEDS)
def test_parts_are_top_level_and_ordered(seed, code):
    st = seed(code).structure
    tops = [s for s in st.sections if s.style == "part"]
    assert tops == st.parts()
    starts = [p.view_start for p in tops]
    assert starts == sorted(starts)
    # a part runs to the next part
    for a, b in zip(tops, tops[1:]):
        assert a.view_end == b.view_start
    after = [s for s in st.sections if s.view_start > tops[-1].view_start]
    assert tops[-1].view_end == (after[0].view_start if after else len(seed(code).view.text))


def test_001_cover_title_precedes_the_parts(seed):
    first = seed("001").structure.sections[0]
    assert (first.style, first.title, first.line) == ("title", "武汉市武昌区人民政府办公室部门决算", 4)


def test_002_has_no_parts_but_report_titles(seed):
    st = seed("002").structure
    assert st.parts() == []
    assert [(s.style, s.title) for s in st.sections] == [
        ("title", "武汉市东湖高新区机关事务服务中心2024年整体绩效自评报告"),
        ("title", "整体绩效自评报告"),
    ]
    first = st.sections[0]
    assert [(c.marker, c.title) for c in first.children] == [("一、", "自评结论"), ("二、", "佐证材料")]
    assert [c.number for c in first.children[0].children] == [1, 2, 3, 4]
    assert [c.title for c in st.sections[1].children] == ["自评得分", "绩效目标完成情况", "存在的问题和原因", "下一步拟改进措施"]


# ---------------------------------------------------------------- sections of 第三部分


@pytest.mark.parametrize("code", FINAL_ACCOUNTS_SEEDS)
def test_part3_numbered_sections(seed, code):
    kids = part3(seed(code)).children
    expected = 14 if code == "004" else 13
    assert [c.marker for c in kids] == [f"{n}、" for n in CN[:expected]]
    assert [c.number for c in kids] == list(range(1, expected + 1))
    assert all(c.style == "cn" and c.depth == 1 for c in kids)


@pytest.mark.parametrize("code", FINAL_ACCOUNTS_SEEDS)
def test_part3_section_titles(seed, code):
    titles = [c.title for c in part3(seed(code)).children]
    expected = PART3_TITLES + (["财政专项支出、专项转移支付支出情况说明"] if code == "004" else [])
    assert titles == expected


@pytest.mark.parametrize("code,third", [
    ("000", "一般公共预算财政拨款支出决算具体情况"),
    ("001", "一般公共预算财政拨款支出决算具体情况"),
    ("003", "一般公共预算财政拨款支出决算具体情况"),
    ("004", "财政拨款支出决算具体情况"),
])
def test_section_five_has_three_subsections(seed, code, third):
    five = child(part3(seed(code)), 5)
    assert five.title == "一般公共预算财政拨款支出决算情况说明"
    assert [c.number for c in five.children] == [1, 2, 3]
    assert all(c.style == "cn_paren" and c.depth == 2 and c.parent is five for c in five.children)
    assert [c.title for c in five.children] == ["一般公共预算财政拨款支出决算总体情况", "一般公共预算财政拨款支出决算结构情况",
                                                third]
    assert five.children[0].path == [f"第三部分{part3(seed(code)).title}", "五、一般公共预算财政拨款支出决算情况说明",
                                     f"{five.children[0].marker}一般公共预算财政拨款支出决算总体情况"]


@pytest.mark.parametrize("code", FINAL_ACCOUNTS_SEEDS)
def test_section_nine_has_two_subsections_with_three_items(seed, code):
    nine = child(part3(seed(code)), 9)
    assert [c.title for c in nine.children] == ["“三公”经费财政拨款支出决算总体情况说明", "“三公”经费财政拨款支出决算具体情况说明"]
    assert [c.number for c in nine.children[1].children] == [1, 2, 3]
    assert all(c.style == "arabic" for c in nine.children[1].children)


def test_001_section_thirteen_children(seed):
    thirteen = child(part3(seed("001")), 13)
    assert [(c.marker, c.title) for c in thirteen.children] == [
        ("（一）", "预算绩效管理工作开展情况"), ("（二）", "部门整体支出自评结果"), ("（三）", "项目支出自评结果"),
        ("（四）", "绩效自评结果应用情况")]


def test_001_section_five_three_items(seed):
    items = child(child(part3(seed("001")), 5), 3).children
    assert [c.marker for c in items] == ["1.", "2.", "3.", "4、", "5."]


@pytest.mark.parametrize("code", FINAL_ACCOUNTS_SEEDS)
def test_section_spans_nest(seed, code):
    doc = seed(code)
    for s in doc.structure.walk():
        assert 0 <= s.view_start < s.view_end <= len(doc.view.text)
        view_line = doc.view.text[s.view_start:].split("\n", 1)[0]
        assert view_line.startswith(s.marker.strip())
        for c in s.children:
            assert s.view_start < c.view_start and c.view_end <= s.view_end
            assert c.depth == s.depth + 1


def test_section_at(seed):
    doc = seed("001")
    pos = doc.view.text.index("2023年度收、支总计5,102.22万元")
    sec = doc.structure.section_at(pos)
    assert (sec.marker, sec.title) == ("一、", "收入支出决算总体情况说明")
    assert sec.parent.marker == "第三部分"
    cover = doc.view.text.index("武汉市武昌区人民政府办公室部门决算")
    assert doc.structure.section_at(cover).title == "武汉市武昌区人民政府办公室部门决算"
    assert doc.structure.section_at(0) is None  # "2023 年度" above the cover title belongs to no section


def test_section_to_dict(seed):
    d = part3(seed("001")).to_dict()
    assert (d["style"], d["number"], d["marker"], d["line"]) == ("part", 3, "第三部分", 332)
    assert len(d["children"]) == 13
    assert d["children"][0] == {"style": "cn", "number": 1, "marker": "一、", "title": "收入支出决算总体情况说明",
                                "line": 334, "children": []}


# ---------------------------------------------------------------- table of contents


def test_001_table_of_contents_lines_are_not_sections(seed):
    doc = seed("001")
    toc = doc.structure.toc_lines
    assert doc.lines[8].content == "目 录"
    assert 8 in toc
    entries = [l.index for l in doc.lines[10:41] if l.content]
    assert len(entries) == 30  # 6 parts, 2 + 9 + 13 numbered entries
    assert set(entries) <= toc
    assert not any(s.line in toc for s in doc.structure.walk())


def test_table_rows_are_not_taken_for_toc_entries(seed):
    """001 lines 184-185 are rows of 公开04表 ('二、政府性基金预算财政拨款<TAB>2<TAB>0.00<TAB>二、外交支出<TAB>34');
    the trailing row number must not make them table-of-contents entries."""
    doc = seed("001")
    t04 = standard_tables(doc)[3]
    assert 183 not in doc.structure.toc_lines
    assert 184 not in doc.structure.toc_lines
    assert {183, 184} <= set(t04.data_lines)
    assert "\n二、政府性基金预算财政拨款\t2\t0.00\t二、外交支出\t34\n" in doc.view.text
    # the table of contents ends at line 41; no table row further down is a TOC entry
    assert sorted(i for i in doc.structure.toc_lines if i > 40) == []


# ---------------------------------------------------------------- table blocks


@pytest.mark.parametrize("code", FINAL_ACCOUNTS_SEEDS)
def test_nine_standard_table_titles_found(seed, code):
    tables = standard_tables(seed(code))
    assert [t.key for t in tables] == TABLE_KEYS
    assert [t.title for t in tables] == TABLE_TITLES
    assert all(t.found_by == "title" and t.title_line == t.first_line for t in tables)
    firsts = [t.first_line for t in tables]
    assert firsts == sorted(firsts)


@pytest.mark.parametrize("code", ["000", "004"])
def test_tables_without_data_in_000_and_004(seed, code):
    tables = standard_tables(seed(code))
    assert [t.has_data for t in tables] == [False] * 9
    assert [t.label for t in tables] == [None] * 9
    assert [len(t.data_lines) for t in tables] == [0] * 9
    part2 = seed(code).structure.parts()[1]
    assert [(c.marker, c.title) for c in part2.children] == [(f"{CN[i]}、", TABLE_TITLES[i]) for i in range(9)]


def test_000_empty_tables_carry_their_notes(seed):
    doc = seed("000")
    t07, t08 = standard_tables(doc)[6:8]
    assert [doc.lines[i].content for i in t07.note_lines] == ["武汉市武昌区机关事务服务中心当年无政府性基金预算财政拨款收入", "支出。"]
    assert [doc.lines[i].content for i in t08.note_lines] == ["武汉市武昌区机关事务服务中心当年无国有资本经营预算", "财政拨款支出。"]


@pytest.mark.parametrize("code,labels", [
    ("001", ["公开01表", "公开02表", "公开03表", "公开04表", None, "公开06表", "公开07表", "公开08表", "公开09表"]),
    ("003", ["公开01表", "公开02表", "公开03表", "公开04表", "公开05表", "公开06表", "公开07表", "公开08表", None]),
])
def test_table_labels(seed, code, labels):
    tables = standard_tables(seed(code))
    assert [t.label for t in tables] == labels
    assert [t.number for t in tables] == [int(l[2:4]) if l else None for l in labels]


@pytest.mark.parametrize("code,first_lines", [
    ("001", [55, 102, 137, 174, 217, 252, 290, 304, 315]),
    ("003", [50, 208, 376, 525, 862, 953, 1184, 1233, 1259]),
])
def test_table_positions(seed, code, first_lines):
    tables = standard_tables(seed(code))
    assert [t.first_line for t in tables] == first_lines
    for a, b in zip(tables, tables[1:]):
        assert a.last_line < b.first_line


@pytest.mark.parametrize("code,rows", [
    # rows holding at least one amount (decimal or thousands-separated), totals rows included
    ("001", [7, 27, 27, 13, 27, 22, 0, 0, 1]),
    ("003", [8, 25, 25, 8, 25, 24, 0, 0, 0]),
])
def test_table_data_rows_counted(seed, code, rows):
    tables = standard_tables(seed(code))
    assert [len(t.data_lines) for t in tables] == rows
    assert [t.to_dict()["data_rows"] for t in tables] == rows
    doc = seed(code)
    for t in tables:
        assert all(i in doc.structure.rigid_lines for i in t.data_lines)
        assert all(t.first_line < i <= t.last_line for i in t.data_lines)


def test_total_row_is_a_data_row(seed):
    """'本年收入合计<TAB>27<TAB>5,102.22<TAB>本年支出合计<TAB>58<TAB>5,102.22' (001 line 93) is the totals row of
    公开01表; the words 本年收入/合计 in it must not make it a header row."""
    doc = seed("001")
    t01 = standard_tables(doc)[0]
    assert doc.lines[92].content.startswith("本年收入合计")
    assert 92 in t01.data_lines
    assert 96 in t01.data_lines  # 总计


def test_first_data_rows_of_001(seed):
    doc = seed("001")
    t01 = standard_tables(doc)[0]
    assert doc.lines[t01.data_lines[0]].content == "一、一般公共预算财政拨款收入\t1\t5,102.22\t一、一般公共服务支出\t32\t1,227.34"
    t09 = standard_tables(doc)[8]
    assert len(t09.data_lines) == 1


@pytest.mark.parametrize("code", ["001", "003"])
def test_table_rows_keep_cell_separators_in_view(seed, code):
    doc = seed(code)
    view_rows = set(doc.view.text.split("\n"))
    t01 = standard_tables(doc)[0]
    row = doc.lines[t01.data_lines[0]]
    expected = "\t".join(row.content.split("\t")).strip() if "\t" in row.content else " ".join(row.content.split())
    assert expected.rstrip("\t") in view_rows or expected in view_rows


def test_table_unit_and_department_from_meta_lines(seed):
    doc = seed("001")
    t01, t03, t06 = (standard_tables(doc)[i] for i in (0, 2, 5))
    for t in (t01, t03, t06):
        assert (t.unit, t.department) == ("万元", "武汉市武昌区人民政府办公室")


def test_label_line_metadata_is_read(seed):
    """001 line 105: '部门：武汉市武昌区人民政府办公室 … 公开02表 单位：万元' gives table02 its label, unit and department."""
    t02 = standard_tables(seed("001"))[1]
    assert t02.label == "公开02表"
    assert t02.unit == "万元"
    assert t02.department == "武汉市武昌区人民政府办公室"


@pytest.mark.parametrize("index", [3, 6, 8])
def test_unit_line_is_not_taken_for_the_department(seed, index):
    """001 公开04/07/09表 have '单位：万元' on the line before '部门：…'; the unit is not a department."""
    t = standard_tables(seed("001"))[index]
    assert t.unit == "万元"
    assert t.department == "武汉市武昌区人民政府办公室"


def test_table_to_dict(seed):
    d = standard_tables(seed("003"))[0].to_dict()
    assert d["key"] == "table01" and d["label"] == "公开01表" and d["number"] == 1
    assert d["first_line"] == 51 and d["unit"] == "万元" and d["department"] == "中国共产党武汉市蔡甸区委员会办公室"
    assert d["has_data"] is True and d["found_by"] == "title"


# ---------------------------------------------------------------- small documents


def test_table_found_by_label_and_by_header(text_doc):
    doc = text_doc("公开03表\n单位：万元\n项目\t行次\t金额\n一般公共服务支出\t1\t1,227.34\n教育支出\t2\t12.00")
    (t,) = doc.structure.tables
    assert (t.key, t.label, t.number, t.found_by, t.unit) == ("table03", "公开03表", 3, "label", "万元")
    assert t.data_lines == [3, 4]
    doc = text_doc("说明文字。\n项目\t行次\t金额\n一般公共服务支出\t1\t1,227.34\n教育支出\t2\t12.00\n合计\t3\t1,239.34")
    (t,) = doc.structure.tables
    assert (t.key, t.found_by, t.first_line) == (None, "header", 1)
    assert t.data_lines == [2, 3, 4]


def test_label_inside_a_sentence_is_not_a_table(text_doc):
    doc = text_doc("本部门无政府性基金收支，故“政府性基金预算财政拨款收入支出决算表(公开07表)”为空表。")
    assert doc.structure.tables == []


def test_page_numbers_are_skipped(text_doc):
    doc = text_doc("本年收入合计100.00万元。\n- 3 -\n本年支出合计100.00万元。\n第 4 页\n结余为零。\n12")
    assert doc.structure.skipped_lines == {1, 3, 5}
    assert doc.view.text == "本年收入合计100.00万元。\n本年支出合计100.00万元。\n结余为零。"


def test_number_continuing_over_a_line_is_not_a_page_number(text_doc):
    doc = text_doc("本年收入合计1,0\n23\n.45万元。")
    assert doc.structure.skipped_lines == set()
    assert "1,023.45万元" in doc.view.text
