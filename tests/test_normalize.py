"""The analysis view: reflow, width folding, broken numbers, and the offset map back to the source."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.chars import fold, fold_text
from checker.document import Document
from checker.normalize import is_soft_break, normalize, split_lines

ALL_SEEDS = ["000", "001", "002", "003", "004"]

# a wrapped paragraph line at the typical width of the document (26 CJK characters, like the seeds)
WIDE = "这是从文件中提取的一行较长的说明文字，用于模拟换行宽"
assert len(WIDE) == 26


def view_of(text: str) -> str:
    return Document.from_text("case.txt", "text", text).view.text


def squeeze(s: str) -> str:
    """Drop whitespace (incl. newlines and form feeds) and fold widths."""
    return "".join(fold(c) for c in s if not (c.isspace() or c == "\f"))


def assert_char_map(source: str, view) -> None:
    """Every view character comes from a source character that folds to it (newlines from \\n or \\f)."""
    assert len(view.to_source) == len(view.text)
    for i, ch in enumerate(view.text):
        src = source[view.to_source[i]]
        if ch == "\n":
            assert src in "\n\f", (i, ch, src)
        elif ch in " \t":
            assert src.isspace() or src == "\f", (i, ch, src)
        else:
            assert fold(src) == ch, (i, ch, src)
    assert all(a < b for a, b in zip(view.to_source, view.to_source[1:])), "offset map must increase"


def without_furniture(doc, s: int, e: int) -> str:
    """The source slice [s, e) without the page-furniture lines (page numbers) the view leaves out."""
    if doc is None:
        return ""
    out, pos = [], s
    for i in sorted(doc.structure.skipped_lines):
        line = doc.lines[i]
        if line.end <= s or line.start >= e:
            continue
        out.append(doc.source[pos:max(pos, line.start)])
        pos = max(pos, line.end)
    out.append(doc.source[pos:e])
    return "".join(out)


def span_mismatches(source: str, view, spans, doc=None) -> list[tuple[str, str]]:
    """Spans whose source slice, less whitespace and page furniture, differs from the view text."""
    bad = []
    for a, b in spans:
        s, e = view.source_span(a, b)
        text = without_furniture(doc, s, e) if doc is not None else source[s:e]
        if squeeze(text) != squeeze(view.text[a:b]):
            bad.append((view.text[a:b][:60], source[s:e][:80]))
    return bad


# ---------------------------------------------------------------- broken numbers and words


@pytest.mark.parametrize("text,expected", [
    ("本年支出总计83.\n3 万元，比上年增长。", "本年支出总计83.3万元，比上年增长。"),
    ("预算执行率为99.\n6%，较上年提高。", "预算执行率为99.6%，较上年提高。"),
    ("本年收入１２３．４５万元。", "本年收入123.45万元。"),
    ("本年支出1, 171.58万元。", "本年支出1,171.58万元。"),
    ("执行率为９９．６％。", "执行率为99.6%。"),
    ("收入合计 5,102.22 万元。", "收入合计5,102.22万元。"),
])
def test_broken_numbers_are_joined(text, expected):
    assert view_of(text) == expected


def test_number_broken_over_three_lines_is_joined():
    """'28\\n.0\\n9' (a number wrapped twice in a narrow column) must read 28.09 — see is_soft_break's docstring."""
    assert view_of("本年度决算数为28\n.0\n9万元，主要用于办公。") == "本年度决算数为28.09万元，主要用于办公。"


def test_number_split_at_decimal_point_in_a_wrapped_paragraph():
    text = f"{WIDE}，支出总计为\n83.\n3 万元，较上年减少。"
    assert "支出总计为\n83.3万元，较上年减少。" in view_of(text) or "支出总计为83.3万元，较上年减少。" in view_of(text)
    assert "83.3万元" in view_of(text)


def test_word_broken_over_lines_in_wrapped_paragraph():
    text = "\n".join([WIDE, "其中部分项目支出执行进度偏慢，实际支出小", "于年初预算数，主要原因是压减一般性支出。", "二、收入决算情况说明"])
    view = view_of(text)
    assert "实际支出小于年初预算数" in view
    assert view.split("\n") == [WIDE + "其中部分项目支出执行进度偏慢，实际支出小于年初预算数，主要原因是压减一般性支出。",
                                "二、收入决算情况说明"]


def test_wrapped_paragraph_lines_are_joined_and_short_paragraphs_kept():
    text = "\n".join([WIDE, WIDE + "。", "短句。", "（一）标题"])
    assert view_of(text).split("\n") == [WIDE + WIDE + "。", "短句。", "（一）标题"]


def test_ascii_word_wrap_keeps_a_space():
    text = "\n".join(["Annual report of the department for the fiscal year", "ending in December 2023 prepared"])
    assert "year ending" in view_of(text)


def test_seed000_section_headings_are_not_joined_with_their_first_paragraph():
    """Seed 000 lines 381-405: a heading line that is a complete title (…情况说明) must stay its own line.

    The heading happens to be as wide as the wrapped paragraph lines, so it is taken for a wrapped line.
    """
    src = "\n".join([
        "六、一般公共预算财政拨款基本支出决算情况说明", "",
        "2023年度一般公共预算财政拨款基本支1,606.12万元，", "",
        "其中：人员经费836.44万元，主要包括：基本工资、津贴补", "",
        "贴、奖金、绩效工资、机关事业单位基本养老保险缴费、职", "",
        "业年金缴费、职工基本医疗保险缴费、公务员医疗补助缴费、", "",
        "其他社会保障缴费、住房公积金、退休费、生活补助、医疗", "",
        "费补助、奖励金、其他对个人和家庭的补助。", "",
        "七、政府性基金预算财政拨款收入支出决算情况说明", "",
        "本部门当年无政府性基金预算财政拨款收入支出。", "",
        "八、国有资本经营预算财政拨款支出决算情况说明",
    ])
    doc = Document.from_text("case.txt", "text", src)
    lines = doc.view.text.split("\n")
    assert "七、政府性基金预算财政拨款收入支出决算情况说明" in lines
    assert "六、一般公共预算财政拨款基本支出决算情况说明" in lines
    assert [(s.marker, s.title) for s in doc.structure.walk()] == [
        ("六、", "一般公共预算财政拨款基本支出决算情况说明"),
        ("七、", "政府性基金预算财政拨款收入支出决算情况说明"),
        ("八、", "国有资本经营预算财政拨款支出决算情况说明"),
    ]


def test_wrapped_part_title_is_joined():
    src = "第三部分 中国共产党武汉市蔡甸区\n\n委员会办公室 2023 年度部门决算情\n\n况说明\n\n一、收入支出决算总体情况说明\n\n2023 年度收、支总计 990.75 万元。"
    doc = Document.from_text("case.txt", "text", src)
    assert doc.view.text.split("\n")[0] == "第三部分中国共产党武汉市蔡甸区委员会办公室2023年度部门决算情况说明"
    assert doc.structure.parts()[0].title == "中国共产党武汉市蔡甸区委员会办公室2023年度部门决算情况说明"


@pytest.mark.parametrize("prev,nxt,full,expected", [
    ("支出总计83.", "3万元。", False, True),
    ("执行率99.", "6%。", False, True),
    ("比上年减少", "，主要原因是", False, True),      # a line never starts with ，
    ("详见《", "政府工作报告》", False, True),          # opening bracket at line end
    ("收入合计。", "二、收入决算", True, False),       # next line is a heading
    ("主要原因如下：", "人员减少。", True, False),      # colon ends the line
    ("一段说明。", "下一段", True, False),
    ("一段较长的说明文字", "继续说明", True, True),
    ("一段较短的说明文字", "继续说明", False, False),
    ("", "任何", True, False),
])
def test_is_soft_break(prev, nxt, full, expected):
    assert is_soft_break(prev, nxt, full) is expected


# ---------------------------------------------------------------- offset map on the seeds


@pytest.mark.parametrize("code", ALL_SEEDS)
def test_seed_view_characters_map_to_their_source(seed, code):
    doc = seed(code)
    assert_char_map(doc.source, doc.view)


@pytest.mark.parametrize("code", ALL_SEEDS)
def test_seed_view_spans_round_trip(seed, code):
    """Every view line and 2,000 random spans map to source slices with the same non-blank text."""
    doc = seed(code)
    view = doc.view
    spans = [(a, b) for a, b in view.view_lines() if b > a]
    rnd = random.Random(int(code))
    n = len(view.text)
    for _ in range(2000):
        a = rnd.randrange(n)
        spans.append((a, rnd.randrange(a + 1, min(n, a + 400) + 1)))
    bad = span_mismatches(doc.source, view, spans, doc)
    assert bad == [], f"{len(bad)} spans whose source slice holds other text, e.g. {bad[:2]}"


def test_source_span_of_paragraph_wrapped_around_a_page_number():
    """Seed 000 line 1243-1250: a page number between two halves of a paragraph is dropped from the view;
    a view span across it maps to a source slice holding only that page-number line besides its text."""
    src = "(十三)基本支出：指为保障机构正常运转、完成日常工\n\n\n\n44\n\n作任务而发生的人员支出和公用支出。\n"
    doc = Document.from_text("case.txt", "text", src)
    view = doc.view
    assert "完成日常工作任务" in view.text
    a = view.text.index("日常工作")
    s, e = view.source_span(a, a + 4)
    assert squeeze(without_furniture(doc, s, e)) == "日常工作"
    assert [doc.lines[i].content for i in doc.structure.skipped_lines] == ["44"]
    assert squeeze(doc.source[s:e]) == "日常工44作"


@pytest.mark.parametrize("code", ALL_SEEDS)
def test_seed_locate_line_numbers(seed, code):
    doc = seed(code)
    src = doc.source
    rnd = random.Random(100 + int(code))
    for _ in range(500):
        a = rnd.randrange(len(src))
        b = rnd.randrange(a, min(len(src), a + 60) + 1)
        loc = doc.locate(a, b)
        assert loc.line == 1 + src.count("\n", 0, a)
        assert loc.text == src[a:b]
        assert (loc.start, loc.end, loc.page) == (a, b, None)
    for line in doc.lines[::37]:
        assert doc.locate(line.start, line.end).line == line.index + 1


def test_locate_rejects_spans_outside_the_source(text_doc):
    doc = text_doc("一、收入\n二、支出")
    with pytest.raises(ValueError):
        doc.locate(3, 100)
    with pytest.raises(ValueError):
        doc.locate(5, 4)
    with pytest.raises(ValueError):
        doc.view.source_span(2, 2)


def test_locate_line_strips_surrounding_whitespace(text_doc):
    doc = text_doc("标题\n\u3000\u3000正文第一段。  \n结尾")
    loc = doc.locate_line(1)
    assert (loc.text, loc.line, loc.start, loc.end) == ("正文第一段。", 2, 5, 11)


def test_split_lines_offsets():
    lines = split_lines("ab\n\ncd\n")
    assert [(l.index, l.start, l.end, l.text) for l in lines] == [(0, 0, 2, "ab"), (1, 3, 3, ""), (2, 4, 6, "cd"),
                                                                  (3, 7, 7, "")]


def test_view_lines_and_line_sources(text_doc):
    doc = text_doc("一段说明。\n\n正文。\n二、标题")
    view = doc.view
    assert view.text == "一段说明。\n正文。\n二、标题"
    assert view.view_lines() == [(0, 5), (6, 9), (10, 14)]
    assert view.line_sources == [0, 2, 3]


def test_heading_of_a_short_document_is_not_joined_with_its_body(text_doc):
    """In a short document every line is 'full width', so a heading must not be joined by width alone."""
    doc = text_doc("一、基本情况\n本单位2023年度收入合计\n100.00万元。\n二、收入情况\n收入合计100.00万元。")
    assert doc.view.text.split("\n")[0] == "一、基本情况"
    assert [(s.marker, s.title) for s in doc.structure.walk()] == [("一、", "基本情况"), ("二、", "收入情况")]


def test_rigid_and_skipped_lines():
    src = "收入\t\t支出\n  5\n合计 100.00"
    lines = split_lines(src)
    view = normalize(src, lines, rigid={0}, skip={1})
    assert view.text == "收入\t支出\n合计100.00" or view.text == "收入\t支出\n合计 100.00"
    assert view.text.startswith("收入\t支出\n")
    assert "5" not in view.text.split("\n")[1][:1]


# ---------------------------------------------------------------- property tests

FRAGMENTS = ["83.\n3 万元", "99.\n6%", "28\n.0\n9", "１２３．４５", "1, 171.58", "小\n于", "一、", "（二）", "(3)",
             "第三部分 ", "。", "，", "；", "：", "\n", "\n\n", " ", "\u3000", "\t", "\u00a0", "\u200b", "万元", "%",
             "2023 年度", "收入", "支出", "决算", "5,102.22", "公开01表", "注：", "abc ", "\f", "——", "…", "“三公”"]
ALPHABET = "收支预算决算万元一二三四五六七八九十年度部门单位0123456789.,%，。；：（）()“” \n\t\u3000ＡＢ０１"
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=14)),
                 max_size=40).map("".join)
PROPERTY = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _all_short_spans(n: int, width: int = 12):
    return [(a, b) for a in range(n) for b in range(a + 1, min(n, a + width) + 1)]


@PROPERTY
@given(TEXTS)
def test_normalize_round_trip_property(text):
    view = normalize(text, split_lines(text))
    assert_char_map(text, view)
    assert span_mismatches(text, view, _all_short_spans(len(view.text))) == []
    assert squeeze(view.text) == squeeze(text)


@PROPERTY
@given(TEXTS)
def test_document_analysis_never_crashes_property(text):
    doc = Document.from_text("case.txt", "text", text)
    view, structure, facts = doc.view, doc.structure, doc.facts
    assert_char_map(text, view)
    assert facts.kind.value in ("final_accounts", "performance_self_evaluation", "unknown")
    for s in structure.walk():
        assert 0 <= s.view_start <= s.view_end <= len(view.text)
    for t in structure.tables:
        assert 0 <= t.first_line <= t.last_line < len(doc.lines)
    if view.text:
        loc = doc.locate_view(0, len(view.text))
        assert loc.text == text[loc.start:loc.end]


@PROPERTY
@given(st.lists(st.sampled_from(["１２３．４５", "99.\n6%", "83.\n3 万元", "1, 171.58", "5,102.22"]), min_size=1, max_size=6))
def test_numbers_survive_in_view_property(parts):
    text = "金额为" + "，另有".join(parts) + "。"
    view = view_of(text)
    for p in parts:
        joined = fold_text(p).replace("\n", "").replace(" ", "")
        assert joined in view


def test_a_quote_is_shown_on_one_line():
    from checker.chars import one_line

    assert one_line("主要\n\n是用于主要是用于") == "主要是用于主要是用于"
    assert one_line("（具体增减原因 \n\n 由部门单位根据实际情况填列）") == "（具体增减原因由部门单位根据实际情况填列）"
    assert one_line("PPP\nproject") == "PPP project"  # Latin words keep a space between them
    assert one_line("中予以 说明；2.不用") == "中予以 说明；2.不用"  # blanks within a line stay


def test_a_residue_finding_quotes_the_wrapped_words_on_one_line():
    """R001 finds a phrase written twice across a wrap: the message quotes it joined, the evidence keeps the
    source's text with its line breaks and offsets."""
    from checker.document import Document
    from checker.rules import all_rules

    # full lines (the wrap is read as one), a blank line after each, as text taken from a PDF often has
    text = ("2023年度部门决算\n\n一、收入支出决算总体情况说明\n\n"
            "2023年度收入总计 6,391.6 万元，其中财政拨款收入 6,391.6 万\n\n"
            "元，其他收入为 0 万元。其他支出 12.5 万元，主要\n\n"
            "是用于主要是用于日常办公和会议室设备维护，与上年相比持平\n\n"
            "，与年初预算相比无变化。本年度支出总计 6,391.6 万元，较上\n\n"
            "年增加 1,171.58 万元。\n")
    rule = next(r for r in all_rules() if r.code == "R001")
    result = rule.evaluate(Document.from_text("x.txt", "text", text))
    [f] = [f for f in result.findings if "词语重复" in f.message]
    assert "“主要是用于主要是用于”" in f.message and f.found == "主要是用于主要是用于"
    ev = f.evidence[0]
    assert "\n" in ev.text and text[ev.start:ev.end] == ev.text


def test_a_classification_path_wrapped_on_a_short_line_stays_one_paragraph(seed_path):
    """Seed 000 typed with half-width parentheses: its lines holding （类）（款） become shorter than the page, but
    “1.一般公共服务支出(类)政府办公厅(室)及相关⏎机构事务(款)一般行政管理事务(项)” is still one path: every figure
    keeps the subject it has with full-width parentheses (before: 一般公共服务支出 alone, and 8 false findings)."""
    from checker.document import Document

    text = seed_path("000").read_text(encoding="utf-8")
    half = text.replace("（", "(").replace("）", ")")
    full_doc, half_doc = Document.from_text("p.txt", "text", text), Document.from_text("p.txt", "text", half)

    def subjects(doc):
        return [(m.role, m.value, (m.subject or "").replace("（", "(").replace("）", ")")) for m in doc.extraction.mentions]

    assert any("/一般行政管理事务" in s for _, _, s in subjects(full_doc))
    assert subjects(half_doc) == subjects(full_doc)


def test_a_figure_or_its_unit_wrapped_onto_the_next_line_goes_on_the_paragraph():
    """A PDF wraps at a space: “…下降⏎1.83%，” and “…支出决算为1227.34⏎万元,” leave the first line short of the text's
    width, yet no paragraph starts with a figure and a clause mark, nor with a unit. A figure alone (a score
    form's “100% 100%”) still starts its own line."""
    from checker.document import Document

    long = "2023年度收入合计5,102.22万元，与2022年度相比，收入合计减少91.8万元，主要原因是人员减少、支出压降，其中财政拨款收入为本年收入的全部。"
    text = "\n".join([
        "一、收入决算情况说明", long, long,
        "2023年度收入合计5,102.22万元，与2022年度相比，减少91.8万元，下降",
        "1.83%，主要原因是人员减少、支出压降。",
        "1.一般公共服务支出(类)年初预算为1305.33万元,支出决算为1227.34",
        "万元,完成年初预算的93.98%。",
        "服务对象满意率",
        "100% 100%",
        long,
    ])
    view = Document.from_text("p.txt", "text", text).view.text
    assert "下降1.83%，主要原因是" in view
    assert "支出决算为1227.34万元,完成年初预算的93.98%" in view
    assert "服务对象满意率\n100% 100%" in view
