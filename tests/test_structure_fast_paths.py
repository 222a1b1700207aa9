"""The structure stage's fast paths give the answers of the plain paths they stand in for.

Each fast path (first-character dispatch of heading styles, a cleaned line passed on to the title matcher,
slotted lines) is compared with the straightforward computation on real seed lines and on edge cases the
seeds do not hold. The view's assembly is tested in test_view_assembly.py.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import regex

from checker import markers
from checker.normalize import Line, split_lines
from checker.titles import clean, match_table_title

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))


def _seed_lines() -> list[str]:
    out: list[str] = []
    for p in SEEDS:
        for line in p.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            out += [s, s[1:]]  # with and without the first character: every kind of line start
    return out


EDGE = ["第 3 部分 情况说明", "第十二部分", "３、全角数字", "٣、阿拉伯-印度数字", "²、上标不是十进制数字", "（3）括号",
        "(一)半角括号", "①圆圈数字", "⑳二十", "十一、十一", "1.5 万元不是标题", "12．全角点", "图1：图题", "注：说明",
        "说明：", "备注1：", "", "一", "（", "第"]


def _sequential(line: str):
    """match_heading as HEADING_STYLES define it: every style in order, behind the start-character test."""
    if not regex.match(rf"[第（(一二三四五六七八九十\d{markers.CIRCLED}]", line):
        return None
    for style, pattern in markers.HEADING_STYLES:
        m = pattern.match(line)
        if m:
            return style, m.span()
    return None


@pytest.mark.parametrize("lines", [EDGE, _seed_lines()], ids=["edge", "seeds"])
def test_heading_dispatch_matches_every_style_in_order(lines):
    for line in lines:
        h = markers.match_heading(line)
        assert (h and (h[0], h[2].span())) == _sequential(line), line


def test_starts_block_same_as_trying_every_pattern():
    for line in EDGE + _seed_lines():
        plain = bool(markers.match_heading(line) or markers.FIGURE_CAPTION.match(line)
                     or markers.NOTE_START.match(line))
        assert markers.starts_block(line) == plain, line


def test_title_matcher_takes_a_cleaned_line():
    for line in EDGE + _seed_lines() + ["２０２３年度 收入 支出 决算 总表", "一、收入决算表（续）"]:
        assert clean(clean(line)) == clean(line)
        assert match_table_title(clean(line)) == match_table_title(line), line


def test_lines_are_values():
    lines = split_lines("  标题\u3000\n\n正文 12\t")
    again = split_lines("  标题\u3000\n\n正文 12\t")
    assert lines == again and len({*lines, *again}) == 3
    first = lines[0]
    assert (first.content, first.content_start, first.content_end) == ("标题", 2, 4)
    assert (lines[2].start, lines[2].content, lines[2].content_end) == (7, "正文 12", 12)
    assert pickle.loads(pickle.dumps(first)) == first
    assert repr(first) == "Line(index=0, start=0, end=5, text='  标题\\u3000')"
    assert first != lines[1] and first != (0, 0, 5, "  标题\u3000")
    assert Line(0, 0, 5, "  标题\u3000") == first


def test_toc_prefilter_never_turns_away_a_toc_entry():
    from checker.markers import TOC_ENTRY

    lines = EDGE + _seed_lines() + ["一、部门职责……3", "第二部分\t12 \u3000", "目录\t٣", "说明 ·····５", "表\t1\x1c"]
    hits = [l for l in lines if TOC_ENTRY.search(l)]
    assert len(hits) > 20  # the seeds' tables of contents are there
    assert all(l.rstrip()[-1:].isdecimal() for l in hits)


def test_fold_text_by_runs_equals_translating_every_character():
    from checker.chars import _FOLD, _FOLD_TABLE, fold_text

    text = SEEDS[-1].read_text(encoding="utf-8")
    wide = text.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)}) + "".join(_FOLD) + "尾\u200b"
    for t in (text, wide, "ＡＢ\u200bｃ１２．５％", "没有可折叠的字符", ""):
        assert fold_text(t) == t.translate(_FOLD_TABLE)
    assert "\u200b" not in fold_text(wide) and "１" not in fold_text(wide)


def test_rule_docs_are_parsed_once_and_handed_out_as_copies():
    from checker.pipeline import rule_doc
    from checker.rules import all_rules

    for rule in all_rules():
        sec = rule.doc_sections()
        first = rule_doc(rule)
        assert first == {"code": rule.code, "name": rule.name, "title": rule.title, "category": rule.category,
                         "severity": rule.severity.value, "description": sec.get("description", ""),
                         "why": sec.get("为什么", ""), "counterexample": sec.get("反例", ""),
                         "example": sec.get("正例", "")}
        first["why"] = "changed by a caller"
        assert rule_doc(rule)["why"] == sec.get("为什么", "")


def test_running_widths_equal_display_width_of_every_span():
    from checker.chars import display_width, width_prefix
    from checker.normalize import _content_widths

    t = "a\t中文😀𝄞ｘ\r\n—…“”·\u200b\u3000x\ud800"
    p = width_prefix(t).tolist()
    assert all(p[j] - p[i] == display_width(t[i:j]) for i in range(len(t) + 1) for j in range(i, len(t) + 1))
    for seed in SEEDS:
        source = seed.read_text(encoding="utf-8")
        lines = split_lines(source)
        assert _content_widths(lines, set(), source) == _content_widths(lines, set())


def test_remembered_heading_answer_is_that_of_the_line_asked():
    lines = EDGE + _seed_lines()[:2000]
    for a, b in zip(lines, lines[1:]):
        for line in (a, a, b, a):  # asked again, then another line, then the first one again
            h = markers.match_heading(line)
            assert (h and (h[0], h[2].span())) == _sequential(line), line
