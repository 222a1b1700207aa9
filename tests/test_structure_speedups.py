"""The structure stage's shortcuts give the answers of the plain computations they stand in for.

Each shortcut (a line's folded content made once, candidate lines found by one search over all lines,
the table finder's gates, reordered tests, vectorised character tables) is compared with the plain
computation, written out here as it stood before, on every line of the seeds and on edge cases.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import regex

from checker import structure
from checker.chars import (
    FOLDED_AWAY,
    cjk_code_points,
    display_width,
    fold,
    fold_code_points,
    fold_text,
    is_cjk,
    span_widths,
)
from checker.document import Document
from checker.markers import NOTE_START, PAGE_NUMBER, TABLE_LABEL, TOC_ENTRY, linewise, match_heading
from checker.normalize import (
    _LEAD_TOKEN,
    CLOSING_PUNCT,
    FIGURE_CAPTION,
    HEADING_END,
    OPENING_PUNCT,
    PAGE_TAIL,
    TERMINAL_PUNCT,
    TITLE_END,
    YEAR_START,
    _ends_number,
    _lead_token_width,
    _NUMBER_FRAGMENT,
    _FIGURE_GOES_ON,
    _PATH_OPEN,
    _PATH_REST,
    _UNIT_GOES_ON,
    _starts_number_tail,
    is_soft_break,
    split_lines,
)
from checker.markers import starts_block
from checker.titles import clean, match_table_title, may_end_title, title_end_chars

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))
ODD = ["", " ", "\u200b", "\u2002x\u2002", "  目 \t录 ", "目次", "—3—", "－３－", "第 2 页 共 9 页", "12\x1c", "\f5",
       "一、概况……3", "第二部分\t12 \u3000", "说明 ·····５", "表\t1\x1c", "一、收入决算表（续）", "单位：万元",
       "编制部门：某某局", "部门：万元", "项目支出", "项目\t合计", "1,234.56", "栏次\t1\t2", "本单位无政府性基金。",
       "\u200b单\u200b位：元", "①②", "²³", "٣٤", "😀12", "a\u2028b", "Word 12",
       "\U00010d41、标题", "\U000116d3.概况", "\U00010d40 万元", "\U0001f600、x"]  # digits regex knows, Python not yet


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def seed_lines() -> list[str]:
    out = [line for text in seed_texts() for line in text.split("\n")]
    return out + ODD


def test_line_folded_content_is_fold_of_content():
    for text in seed_texts() + ["\n".join(ODD), "a\u200b \u3000b\u200b\n\u2002\u200bx "]:
        for line in split_lines(text):
            assert line.folded == fold_text(line.content), line


@pytest.mark.parametrize("pattern", [TOC_ENTRY, PAGE_NUMBER, regex.compile(r"^\s*目\s*录\s*$")])
def test_linewise_pattern_finds_exactly_the_lines_that_match_alone(pattern):
    lines = seed_lines()
    whole = linewise(pattern)
    text = "\n".join(lines)
    found, pos, k = set(), 0, 0
    for m in whole.finditer(text):
        k += text.count("\n", pos, m.start())
        pos = m.start()
        found.add(k)
    assert found == {k for k, line in enumerate(lines) if pattern.search(line)}


def test_linewise_refuses_a_pattern_that_crosses_lines():
    for bad in (r"[^。]+表", r"[\s\d]+页", r"^合计\D{0,4}\d+$", r"^a\Wb", r"^\S+页", r"\p{Han}\P{Han}", "a\nb", r"a\nb"):
        with pytest.raises(ValueError):
            linewise(regex.compile(bad))
    # what such a pattern would do: match across a line break where no line matches alone
    assert regex.compile(r"^合计\D{0,4}\d+$", regex.MULTILINE).search("合计\n12")
    with pytest.raises(ValueError):
        linewise(regex.compile(r"^a.b", regex.DOTALL))
    assert linewise(regex.compile(r"^a.b")).search("x\na b")  # "." without DOTALL stays inside a line


def plain_toc_lines(lines) -> set[int]:
    toc = set()
    for line in lines:
        c = fold_text(line.content)
        if not c:
            continue
        if clean(c) in ("目录", "目次"):
            toc.add(line.index)
        elif TOC_ENTRY.search(c) and (match_heading(c.strip()) or "部分" in c[:6]) and structure._toc_shaped(c):
            toc.add(line.index)
    return toc


def plain_page_numbers(lines, rigid) -> set[int]:
    skip = set()
    nonblank = [l for l in lines if l.content.strip("\f ")]
    for k, line in enumerate(nonblank):
        if line.index in rigid or not PAGE_NUMBER.match(line.content):
            continue
        prev = fold_text(nonblank[k - 1].content) if k else ""
        nxt = fold_text(nonblank[k + 1].content) if k + 1 < len(nonblank) else ""
        if (prev and (prev[-1].isdigit() or prev[-1] in ".,")) or (nxt and nxt[0] in ".,%"):
            continue
        skip.add(line.index)
    return skip


def test_toc_and_page_number_lines_as_line_by_line():
    rnd = random.Random(5)
    texts = seed_texts() + ["\n".join(ODD), "\n".join(rnd.sample(ODD, len(ODD)))]
    texts += [t.replace("0", "０").replace("\n", "\n\u200b", 500) for t in seed_texts()[:2]]
    for text in texts:
        lines = split_lines(text)
        assert structure.find_toc_lines(lines) == plain_toc_lines(lines)
        rigid = {l.index for l in lines if rnd.random() < 0.2}
        assert structure.find_page_numbers(lines, rigid) == plain_page_numbers(lines, rigid)


def _may_open_table(text: str, raw: str) -> bool:
    """The gate find_tables writes inline, spelled with may_end_title."""
    return "公开" in text or "\t" in raw or may_end_title(text[-1:])


def test_lines_passed_over_outside_tables_open_none():
    for raw in seed_lines():
        text = fold_text(raw.strip()).strip()
        if not _may_open_table(text, raw):
            assert not TABLE_LABEL.search(text) and "\t" not in raw, raw
            assert match_table_title(text) is None and match_table_title(clean(text)) is None, raw
        if text and not may_end_title(text[-1]):
            assert match_table_title(clean(text)) is None, raw


class _Everything:
    """A set holding every character: with it as title_end_chars, find_tables passes no line over."""

    def __contains__(self, item) -> bool:
        return True


def test_find_tables_finds_what_it_finds_without_passing_lines_over(monkeypatch):
    """The blocks and row lines find_tables gives are those it gives when its gate lets every line through."""
    rnd = random.Random(11)
    texts = seed_texts() + [t.replace("\t", "  ", 300) for t in seed_texts()[:2]]
    texts += ["\n".join(rnd.sample(t.split("\n"), len(t.split("\n")))) for t in seed_texts()[:2]]
    results = []
    for text in texts:
        lines = split_lines(text)
        toc = structure.find_toc_lines(lines)
        results.append((lines, toc, structure.find_tables(lines, toc)))
    monkeypatch.setattr(structure, "title_end_chars", lambda: _Everything())
    found = 0
    for lines, toc, gated in results:
        blocks, rigid = structure.find_tables(lines, toc)
        assert gated == (blocks, rigid)
        found += len(blocks)
    assert found > 20


def test_title_end_chars_is_may_end_title_as_a_set():
    ends = title_end_chars()
    lasts = {fold_text(raw.strip()).strip()[-1:] for raw in seed_lines()} | {""} | set(map(chr, range(0x3000, 0xA000)))
    for last in lasts | set(")）表续"):
        assert (last in ends) == may_end_title(last), repr(last)
    assert "" in ends and "表" in ends and "。" not in ends


def test_lead_token_is_never_narrower_than_one():
    """normalize takes a line as wide as the text for full without measuring the next line's first word."""
    for raw in seed_lines() + ["", "\u200b", "%", ".", "，"]:
        assert _lead_token_width(fold_text(raw).strip()) >= 1, raw


def plain_is_header_like(text: str) -> bool:
    if plain_has_amount(text):
        return False
    t = clean(text)
    return sum(w in t for w in structure.HEADER_WORDS) >= 2 or bool(structure.UNIT_LINE.search(fold_text(text)))


def plain_has_amount(text: str) -> bool:
    t = fold_text(text)
    return not t.strip().startswith(("栏次", "行次")) and bool(structure.AMOUNT_CELL.search(t))


def plain_is_prose(text: str) -> bool:
    t = fold_text(text).strip()
    if NOTE_START.match(t) or "。" in t:
        return True
    if plain_is_header_like(t) or structure.DEPT_LINE.search(t):
        return False
    if "\t" not in t and not any(c.isdigit() for c in t) and structure.DECLARED_EMPTY.search(t):
        return True
    return "\t" not in t and not any(c.isdigit() for c in t) and display_width(t) >= 40


def test_row_tests_as_written_plainly():
    for raw in seed_lines():
        for text in (raw, fold_text(raw).strip()):
            assert structure._is_header_like(text) == plain_is_header_like(text), text
            assert structure._is_prose(text) == plain_is_prose(text), text
            assert bool(structure._dept_line(text)) == bool(structure.DEPT_LINE.search(text)), text


def test_row_patterns_compiled_by_re_find_what_regex_finds():
    """_HEADER_WORD and _DECLARED_EMPTY_RE are compiled by ``re``: the same answers as ``regex`` and ``in``."""
    rnd = random.Random(5)
    alphabet = "无没有未发生安排收入支出资金经费结转结余为空表均0零。；项目合计行次报告说明情况 \t\n1一"
    texts = seed_lines() + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 50))) for _ in range(3000)]
    texts += ["无" + "x" * 30 + "收入", "无" + "x" * 31 + "收入", "无。收入", "本单位无\n收入"]
    for t in texts:
        assert bool(structure._DECLARED_EMPTY_RE.search(t)) == bool(structure.DECLARED_EMPTY.search(t)), t
        assert bool(structure._HEADER_WORD.search(t)) == any(w in t for w in structure.HEADER_WORDS), t
        assert bool(structure._NARRATIVE_WORD.search(t)) == any(w in t for w in structure.NARRATIVE_HEADING_WORDS), t
    assert structure._DECLARED_EMPTY_RE.search("无" + "x" * 30 + "收入")
    assert not structure._DECLARED_EMPTY_RE.search("无" + "x" * 31 + "收入")


def test_a_character_is_at_most_two_wide():
    """_is_prose takes a line of fewer than 20 characters for narrower than 40 without measuring it."""
    for c in map(chr, range(0x10000)):
        if not 0xD800 <= ord(c) <= 0xDFFF:
            assert display_width(c) <= 2
    for t in seed_lines():
        assert display_width(t) <= 2 * len(t)


def plain_is_doc_title(text: str) -> bool:
    t = text.strip()
    if not t or t[-1] in "。；，：:！？" or display_width(t) > 70:
        return False
    return any(w in t for w in structure.DOC_TITLE_WORDS) and not t.startswith(("根据", "按照", "纳入", "从"))


def test_every_document_title_word_holds_what_find_sections_looks_for_first():
    """find_sections tries _is_doc_title only on view lines holding 决算 or 报告."""
    assert all("决算" in w or "报告" in w for w in structure.DOC_TITLE_WORDS)


def test_document_titles_as_before():
    for line in seed_lines() + ["某某局2023年度部门决算" + "很长" * 40, "2023年度部门决算"]:
        assert structure._is_doc_title(line) == plain_is_doc_title(line), line


def plain_is_soft_break(prev: str, nxt: str, prev_full: bool, paragraph: str = "") -> bool:
    """is_soft_break with its tests in the order they were first written."""
    if not prev or not nxt:
        return False
    para = paragraph or prev
    h = match_heading(para)
    if h and h[0] == "part" and not starts_block(nxt) and not any(c in nxt for c in "。，；：,;:") \
            and display_width(para + nxt) <= 90 and not PAGE_TAIL.search(nxt):
        untitled = not para[h[2].end():].strip()
        known_table = (match_table_title(nxt) or (None,))[0] is not None
        if untitled or not (TITLE_END.search(para) or known_table):
            return True
    if nxt[0] in CLOSING_PUNCT and nxt[0] != "%":
        return True
    if prev[-1] in OPENING_PUNCT:
        return True
    if _ends_number(prev) and _starts_number_tail(nxt) and not match_heading(nxt):
        if prev[-1] in ".," or nxt[0] in ".,%" or prev_full or _NUMBER_FRAGMENT.match(prev):
            return True
    if not prev_full and is_cjk(prev[-1]) and _FIGURE_GOES_ON.match(nxt):
        return True
    if prev[-1].isdigit() and _UNIT_GOES_ON.match(nxt):
        return True
    if starts_block(nxt) or (prev[0] == "图" and FIGURE_CAPTION.match(prev)):
        return False
    if not prev_full and _PATH_OPEN.search(prev) and _PATH_REST.match(nxt):
        return True
    if h and h[0] != "part" and not any(c in para for c in "，。；,;") and \
            (HEADING_END.search(para) or YEAR_START.match(nxt)):
        return False
    if prev[-1] in TERMINAL_PUNCT or prev[-1] in "：:":
        return False
    return prev_full


def test_soft_break_tests_reordered_give_the_same_answers():
    lines = [fold_text(l).strip() for l in seed_lines()]
    lines = [l for l in lines if l]
    rnd = random.Random(3)
    pairs = list(zip(lines, lines[1:])) + [(rnd.choice(lines), rnd.choice(lines)) for _ in range(3000)]
    for prev, nxt in pairs:
        for full in (False, True):
            for paragraph in ("", prev, "第三部分" + prev, "一、" + prev, "第" + prev, "（二）" + prev, "3." + prev,
                              "一、" + prev + "，", "二、工作目标"):
                assert is_soft_break(prev, nxt, full, paragraph) == plain_is_soft_break(prev, nxt, full, paragraph)


def test_title_and_heading_ends_by_endswith_as_by_pattern():
    """On folded, stripped lines (never holding a line break) endswith of the words is search of the pattern."""
    from checker.normalize import HEADING_END_WORDS, TITLE_END_WORDS

    lines = [fold_text(l).strip() for l in seed_lines()]
    paragraphs = ["".join(lines[i:i + 3]) for i in range(0, len(lines), 3)]
    for t in lines + paragraphs + ["表", "说明表", "情况 ", "收入。", "支出）", ""]:
        t = t.strip()
        assert t.endswith(TITLE_END_WORDS) == bool(TITLE_END.search(t)), t
        assert t.endswith(HEADING_END_WORDS) == bool(HEADING_END.search(t)), t


def test_lead_token_width_as_the_pattern_alone():
    for line in seed_lines() + ["٣٤ 万元", "²3", "ａ", "%5", ".5", ""]:
        t = fold_text(line).strip()
        m = _LEAD_TOKEN.match(t)
        assert _lead_token_width(t) == (len(m.group(0)) if m else 2), t


def test_span_widths_are_display_widths():
    for text in seed_texts()[:2] + ["a\t中文😀𝄞ｘ\r\n—…“”·\u200b\u3000x"]:
        lines = [l for l in split_lines(text) if l.content]  # a line of blanks has its content start after its end
        starts, ends = [l.content_start for l in lines], [l.content_end for l in lines]
        assert span_widths(text, starts, ends) == [display_width(l.content) for l in lines]
    assert span_widths("", [], []) == []


def test_code_point_tables_as_the_character_functions():
    import numpy as np

    codes = np.arange(0x10000, dtype=np.uint32)
    folded = fold_code_points(codes).tolist()
    assert folded == [FOLDED_AWAY if not fold(chr(c)) else ord(fold(chr(c))) for c in range(0x10000)]
    assert cjk_code_points(codes).tolist() == [is_cjk(chr(c)) for c in range(0x10000)]
    astral = np.array([0x10000, 0x1F600, 0x10FFFF], dtype=np.uint32)
    assert fold_code_points(astral).tolist() == astral.tolist()
    assert cjk_code_points(astral).tolist() == [False] * 3


def test_page_number_candidates_by_re_include_every_page_number_line():
    whole = structure._PAGE_NUMBER_LINE
    assert isinstance(whole, re.Pattern)
    astral = [d + tail for d in ASTRAL_DIGITS for tail in ("", "2 ", " —")]
    found = 0
    for raw in seed_lines() + astral + ["- 3 -", "第 2 页 共 9 页\x1c", "\u2002 12 \u2003"]:
        content = raw.strip(" \t\r\f\u3000\u00a0")
        if PAGE_NUMBER.match(content):
            found += 1
            assert whole.search("\n" + fold_text(content)), raw  # a line follows a line break (_lines_matching)
    assert found > len(astral)


def test_regex_blanks_are_python_blanks():
    """re's [^\\S\\n] (str.isspace) takes every blank regex's \\s does: the page-number candidates by re miss none."""
    for c in map(chr, range(0x110000)):
        if regex.match(r"\s", c):
            assert c.isspace(), hex(ord(c))


def test_lines_matching_gives_the_lines_of_matches():
    lines = split_lines("目录\n\n正文 3\n  12  \n第 2 页\n- 7 -\n图表……5\n13")
    assert structure._lines_matching(lines, structure._PAGE_NUMBER_LINE) == [3, 4, 5, 7]
    assert structure._lines_matching(lines, *structure._TOC_LINES) == [0, 6]
    assert structure._lines_matching(lines, *structure._TOC_LINES, structure._PAGE_NUMBER_LINE) == [0, 3, 4, 5, 6, 7]


def test_toc_candidates_by_re_include_every_line_the_regex_pattern_finds():
    """_TOC_LINES (one re pattern per alternative) find every line the single regex pattern finds."""
    single = linewise(regex.compile(r"目[ \t]*[录次]|" + TOC_ENTRY.pattern))
    rnd = random.Random(11)
    alphabet = "目 录次.…·\t12３\u3000\x1c章a"
    texts = seed_lines() + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(20000)]
    texts += [d + tail for d in ASTRAL_DIGITS for tail in ("", " ")]
    texts = [fold_text(t.strip(" \t\r\f\u3000\u00a0")) for t in texts]
    texts += ["概况……" + d for d in ASTRAL_DIGITS] + ["目\t录", "说明...12", "说明··· 3 ", "a\t7"]
    found = 0
    for t in texts:
        if single.search(t):
            found += 1
            assert structure._lines_matching(split_lines(t), *structure._TOC_LINES) == [0], repr(t)
    assert found > 1000
    assert structure._lines_matching(split_lines(""), structure._PAGE_NUMBER_LINE) == []
    assert structure._lines_matching(split_lines("5"), structure._PAGE_NUMBER_LINE) == [0]


def test_structure_of_the_seeds_is_unchanged_by_cached_answers():
    """A second analysis with every remembered answer in place finds the same structure."""
    for text in seed_texts():
        first = Document.from_text("x", "text", text)
        again = Document.from_text("x", "text", text)
        a, b = first.structure, again.structure
        assert [s.to_dict() for s in a.sections] == [s.to_dict() for s in b.sections]
        assert [t.to_dict() for t in a.tables] == [t.to_dict() for t in b.tables]
        assert (first.view.text, list(first.view.to_source)) == (again.view.text, list(again.view.to_source))


def plain_section_ends(ordered, view_length: int) -> list[int]:
    """Where each section ends, as first written: at the next heading at its own depth or above."""
    ends = []
    for i, node in enumerate(ordered):
        end = view_length
        for later in ordered[i + 1:]:
            if later.depth <= node.depth:
                end = later.view_start
                break
        ends.append(end)
    return ends


NESTED = "\n".join([
    "某某局2023年度部门决算", "第一部分 部门概况", "一、主要职责", "（一）机构", "1.处室", "2.单位", "（二）人员",
    "二、机构设置", "第二部分 决算情况说明", "一、收入", "①财政拨款", "②其他", "（一）基本", "二、支出",
    "第三部分 名词解释", "某某局2023年度绩效自评报告", "一、概况", "（三）倒序", "（一）再来", "二、结论",
])


def test_section_ends_as_the_next_heading_at_the_same_depth_or_above():
    for text in seed_texts() + [NESTED, "", "一、只有一节"]:
        doc = Document.from_text("x", "text", text)
        ordered = [s for s in doc.structure.walk()]
        ordered.sort(key=lambda s: s.view_start)
        assert [s.view_end for s in ordered] == plain_section_ends(ordered, len(doc.view.text))
    doc = Document.from_text("x", "text", NESTED)
    assert len(list(doc.structure.walk())) >= 15 and len({s.depth for s in doc.structure.walk()}) >= 3


ASTRAL_DIGITS = [chr(c) for c in range(0x10000, 0x110000) if regex.match(r"\d", chr(c)) and not chr(c).isdecimal()]


def test_headings_starting_with_digits_python_does_not_know_yet():
    """regex reads a few digits beyond the BMP as \\d that str.isdecimal does not: the first-character
    shortcuts of match_heading, starts_block and _lead_token_width let them through to the patterns."""
    from checker.markers import HEADING_STYLES

    for d in ASTRAL_DIGITS[:3] + ["\U0001f600", "\U00010d40"]:
        for line in (d + "、概况", d + ".标题", d, d + " 万元"):
            plain = next(((s, m.span()) for s, p in HEADING_STYLES if (m := p.match(line))), None)
            h = match_heading(line)
            assert (h and (h[0], h[2].span())) == plain, line
            assert starts_block(line) == bool(plain), line
            m = _LEAD_TOKEN.match(line)
            assert _lead_token_width(line) == (len(m.group(0)) if m else 2), line
    assert match_heading("\U00010d41、概况")[0] == "arabic"


def test_table_meta_is_only_read_from_lines_naming_a_unit_or_department():
    """find_tables calls _absorb_meta on a row only when it holds 单位 or 部门: the others change nothing."""
    for raw in seed_lines() + ["金额单位：万元", "编制部门：某某局", "单位:元", "部门 ： 某局"]:
        text = fold_text(raw).strip()
        block = structure.TableBlock(None, None, None, None, 0, 0)
        structure._absorb_meta(block, text)
        if "单位" not in text and "部门" not in text:
            assert (block.unit, block.department) == (None, None), raw
            assert not structure.UNIT_LINE.search(text) and not structure.DEPT_LINE.search(text), raw
