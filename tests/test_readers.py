"""Readers: PDF (PyMuPDF text layer), Word .docx, and text in the encodings submissions arrive in."""

from __future__ import annotations

import codecs
import random

import pytest

from checker.errors import InputError
from checker.readers import read_document
from checker.rules import all_rules
from conftest import SEED001_PART3, SEEDS

# ---------------------------------------------------------------- PDF


@pytest.fixture
def two_page_pdf(make_pdf):
    return make_pdf([SEED001_PART3[:3], SEED001_PART3[3:]], name="seed001_part3.pdf")


def test_pdf_text_comes_back(two_page_pdf):
    doc = read_document(two_page_pdf)
    assert doc.format == "pdf"
    assert len(doc.pages) == 2
    assert [p.number for p in doc.pages] == [1, 2]
    assert "武汉市武昌区人民政府办公室" in doc.source
    assert "5,102.22" in doc.view.text
    assert "收入合计5,102.22万元" in doc.view.text
    facts = doc.facts.to_dict()
    assert facts["department"] == "武汉市武昌区人民政府办公室"
    assert facts["year"] == 2023
    assert facts["unit"] == "万元"
    assert facts["kind"] == "final_accounts"


def test_pdf_pages_are_separated_by_form_feed(two_page_pdf):
    doc = read_document(two_page_pdf)
    p1, p2 = doc.pages
    assert doc.source[p1.end] == "\f"
    assert p2.start == p1.end + 1
    assert "一、收入支出决算总体情况说明" in doc.source[p1.start:p1.end]
    assert "二、收入决算情况说明" in doc.source[p2.start:p2.end]
    assert "二、收入决算情况说明" not in doc.source[p1.start:p1.end]


def test_pdf_locations_carry_page_and_page_relative_offsets(two_page_pdf):
    doc = read_document(two_page_pdf)
    p2 = doc.pages[1]
    target = "二、收入决算情况说明"
    start = doc.source.index(target)
    loc = doc.locate(start, start + len(target))
    assert loc.page == 2
    assert loc.text == target
    assert (loc.start, loc.end) == (start - p2.start, start - p2.start + len(target))
    page_text = doc.source[p2.start:p2.end]
    assert page_text[loc.start:loc.end] == target
    assert loc.line == page_text.count("\n", 0, loc.start) + 1 == 1
    # a span on page 1
    s1 = doc.source.index("一、收入支出决算总体情况说明")
    loc1 = doc.locate(s1, s1 + 2)
    assert loc1.page == 1
    assert loc1.line == doc.source.count("\n", 0, s1) + 1 == 2
    # view spans map into the right page too
    v = doc.view.text.index("5,102.22")
    assert doc.locate_view(v, v + 8).page == 1
    assert doc.locate_view(v, v + 8).text == "5,102.22"


def test_pdf_heading_at_top_of_second_page_is_its_own_line(two_page_pdf):
    """A page break ends a line: the first line of page 2 must not be glued to the last line of page 1."""
    doc = read_document(two_page_pdf)
    assert "\n二、收入决算情况说明\n" in doc.view.text
    part3 = doc.structure.parts()[0]
    assert part3.title == "武汉市武昌区人民政府办公室2023年度部门决算情况说明"
    assert [(c.marker, c.title) for c in part3.children] == [
        ("一、", "收入支出决算总体情况说明"),
        ("二、", "收入决算情况说明"),
        ("三、", "支出决算情况说明"),
    ]


def test_pdf_reading_order_follows_position_not_insertion(make_pdf):
    path = make_pdf([[(600, "第三段在页面最下方。"), (350, "第二段在页面中间。"), (100, "第一段在页面最上方。")]],
                    name="bottom_first.pdf", boxes=False)
    doc = read_document(path)
    src = doc.source
    a, b, c = src.index("第一段在页面最上方"), src.index("第二段在页面中间"), src.index("第三段在页面最下方")
    assert a < b < c
    assert doc.view.text.split("\n") == ["第一段在页面最上方。", "第二段在页面中间。", "第三段在页面最下方。"]


def test_pdf_with_one_image_page_reads_and_reports_it(tmp_path):
    import pymupdf
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(200)
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 100), "武汉市武昌区人民政府办公室2023年度部门决算", fontname="china-s")
    pdf.new_page().insert_image(pymupdf.Rect(50, 50, 250, 250), pixmap=pix)
    pdf.new_page().insert_text((72, 100), "第三部分 2023年度部门决算情况说明", fontname="china-s")
    path = tmp_path / "mixed.pdf"
    pdf.save(str(path))
    doc = read_document(path)
    assert len(doc.pages) == 3
    assert [d["page"] for d in doc.diagnostics if d["code"] == "page_without_text"] == [2]
    s005 = {r.code: r for r in all_rules()}["S005"].evaluate(doc)
    assert s005.status == "failed"
    assert len(s005.findings) == 1
    assert [e.page for e in s005.findings[0].evidence] == [2]
    assert "第 2 页" in s005.findings[0].message


def test_pdf_all_pages_with_text_passes_s005(two_page_pdf):
    s005 = {r.code: r for r in all_rules()}["S005"].evaluate(read_document(two_page_pdf))
    assert s005.status == "passed"
    assert s005.findings == []


def test_pdf_encrypted_with_owner_password_only_is_readable(tmp_path):
    import pymupdf
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 100), "武汉市武昌区人民政府办公室2023年度部门决算", fontname="china-s")
    path = tmp_path / "owner_only.pdf"
    pdf.save(str(path), encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="y")
    assert "2023年度部门决算" in read_document(path).source


# ---------------------------------------------------------------- Word


@pytest.fixture
def docx_path(tmp_path):
    import docx
    d = docx.Document()
    d.add_paragraph(SEED001_PART3[0])
    d.add_paragraph(SEED001_PART3[1])
    d.add_paragraph(SEED001_PART3[2])
    table = d.add_table(rows=3, cols=3)
    rows = [["项目", "行次", "金额"], ["一般公共预算财政拨款收入", "1", "5,102.22"], ["本年收入合计", "27", "5,102.22"]]
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    d.add_paragraph(SEED001_PART3[3])
    path = tmp_path / "seed001.docx"
    d.save(str(path))
    return path


def test_docx_paragraphs_and_table_in_document_order(docx_path):
    doc = read_document(docx_path)
    assert doc.format == "docx"
    lines = doc.source.split("\n")
    assert lines == [
        SEED001_PART3[0], SEED001_PART3[1], SEED001_PART3[2],
        "项目\t行次\t金额",
        "一般公共预算财政拨款收入\t1\t5,102.22",
        "本年收入合计\t27\t5,102.22",
        SEED001_PART3[3],
    ]
    assert doc.native_tables == [{"first_line": 3, "rows": [["项目", "行次", "金额"],
                                                            ["一般公共预算财政拨款收入", "1", "5,102.22"],
                                                            ["本年收入合计", "27", "5,102.22"]]}]


def test_docx_facts_and_locations(docx_path):
    doc = read_document(docx_path)
    facts = doc.facts.to_dict()
    assert facts["department"] == "武汉市武昌区人民政府办公室"
    assert facts["year"] == 2023
    assert "5,102.22" in doc.view.text
    start = doc.source.index("二、收入决算情况说明")
    loc = doc.locate(start, start + 2)
    assert loc.page is None
    assert loc.line == 7
    assert loc.text == "二、"
    # table rows stay rows in the view (tab separated, not joined to the paragraphs around them)
    assert "\n一般公共预算财政拨款收入\t1\t5,102.22\n" in doc.view.text


def test_docx_merged_cells_are_read_once(tmp_path):
    import docx
    d = docx.Document()
    d.add_paragraph("收入支出决算总表")
    t = d.add_table(rows=2, cols=3)
    merged = t.cell(0, 0).merge(t.cell(0, 1))
    merged.text = "收入"
    t.cell(0, 2).text = "支出"
    for j, text in enumerate(["项目", "行次", "金额"]):
        t.cell(1, j).text = text
    path = tmp_path / "merged.docx"
    d.save(str(path))
    assert read_document(path).source.split("\n")[1:] == ["收入\t支出", "项目\t行次\t金额"]


# ---------------------------------------------------------------- text encodings


@pytest.mark.parametrize("code", ["001", "002"])
@pytest.mark.parametrize("encoding,prefix,reported", [
    ("gb18030", b"", "gb18030"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
])
def test_encoded_copies_read_like_the_utf8_original(tmp_path, seed, code, encoding, prefix, reported):
    original = seed(code)
    text = SEEDS[code].read_text(encoding="utf-8")
    if encoding == "gb18030":
        text = text.replace("\ufffd", "")  # GB18030 cannot carry U+FFFD faithfully in every decoder
    path = tmp_path / f"{code}_{encoding}.txt"
    path.write_bytes(prefix + text.encode(encoding))
    doc = read_document(path)
    assert doc.encoding == reported
    assert original.encoding == "utf-8"
    if text == original.source:
        assert doc.source == original.source
        assert doc.view.text == original.view.text
    assert doc.facts.to_dict() == original.facts.to_dict()


def test_crlf_line_ends_are_normalised(tmp_path, seed):
    text = SEEDS["002"].read_text(encoding="utf-8")
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    doc = read_document(path)
    assert doc.source == seed("002").source
    assert doc.view.text == seed("002").view.text


def test_shift_jis_text_is_refused_not_guessed(tmp_path):
    """Neither UTF-8 nor GB18030: the reader must stop with a message rather than pick another codec."""
    path = tmp_path / "japanese.txt"
    path.write_bytes(("これは日本語のテキストです。部門の決算について説明します。" * 30).encode("shift_jis"))
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.code == "bad_encoding"
    assert "无法可靠识别文件编码" in info.value.message


def test_random_high_bytes_are_refused(tmp_path):
    rnd = random.Random(7)
    path = tmp_path / "high.txt"
    path.write_bytes(bytes(rnd.randrange(0x80, 0x100) for _ in range(4000)))
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.code == "bad_encoding"
    assert "UTF-8" in info.value.message and "GB18030" in info.value.message


def test_binary_junk_with_nuls_is_refused(tmp_path):
    rnd = random.Random(3)
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(rnd.randrange(0, 256) for _ in range(4000)) + b"\x00\x00")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.code == "binary"


def test_directory_is_refused(tmp_path):
    with pytest.raises(InputError) as info:
        read_document(tmp_path)
    assert info.value.code == "is_directory"
    assert "checker batch" in info.value.message


def test_input_error_str_and_dict(tmp_path):
    err = InputError(str(tmp_path / "a.txt"), "empty", "文件为空。")
    assert str(err) == f"无法读取文件 {tmp_path / 'a.txt'}：文件为空。"
    assert err.to_dict() == {"path": str(tmp_path / "a.txt"), "code": "empty", "message": "文件为空。"}
