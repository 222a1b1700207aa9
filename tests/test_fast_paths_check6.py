"""Fast paths of checking one document (session 6): each compared with the plain computation it replaces,
on the seeds and on edge cases."""

import random
from pathlib import Path

import pytest

from checker.statements import sentence_spans, sentence_spans_plain

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_docs():
    from checker.readers import read_document

    return [read_document(f) for f in SEEDS]


def _random_texts(n: int, seed: int) -> list[str]:
    """Texts of sentence ends, line breaks, blanks of every kind (str.strip's, \\x1c included) and words."""
    rnd = random.Random(seed)
    pieces = list("。！？!?\n\n ") + ["\u3000", "\t", "\x1c", "\u00a0", "\r", "\f", "收入", "a", "1.5", "：", "，"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


EDGE_TEXTS = ["", "。", "\n", "\n\n", "  \n", "a", "a。", "a。\n", "a。\n\nb", "\u3000\n", "x！？", "。  ",
              "\x1c\n。", "末尾没有句号", "一。\n  \n二！\n三?", "\n\n末尾\n"]


def test_when_sentences_are_split_at_once_then_the_spans_are_the_plain_ones(seed_docs):
    texts = [d.view.text for d in seed_docs] + EDGE_TEXTS + _random_texts(3000, 6)
    for text in texts:
        assert sentence_spans(text) == sentence_spans_plain(text), repr(text[:80])
    assert any(len(sentence_spans(d.view.text)) > 100 for d in seed_docs)  # the seeds do have sentences


def test_when_sentences_are_built_then_each_holds_the_mentions_starting_in_it(seed_docs):
    for doc in seed_docs:
        sentences = doc.sentences
        assert [(s.start, s.end) for s in sentences] == sentence_spans_plain(doc.view.text)
        for mention in doc.extraction.mentions:
            holding = [s for s in sentences if s.start <= mention.start]
            held = [s for s in sentences if any(m is mention for m in s.mentions)]
            assert held == holding[-1:]


def _residue_texts(seed_docs) -> list[str]:
    """The seeds' views, and random texts of the residue patterns' words, brackets, blanks and x's."""
    from checker.rules.narrative.R001 import STARTS_WITH

    rnd = random.Random(61)
    words = sorted({w for lits in STARTS_WITH.values() for w in lits} | {"增加", "减少", "大", "小", "于", "等于", "增长",
                                                                          "下降", "上升", "减", "部门", "单位", "万元", "元",
                                                                          "项目", "年", "%", "支出", "收入", "经费",
                                                                          "为", "是", "达", "共", "计", "约", "单位",
                                                                          "人次", "次", "辆", "个", "分", "％", "亿元",
                                                                          "旦", "以", "增减", "持平", "/", "增减少"})
    pieces = words + list("（()）  \n\t×xX某，。；：:a1") + ["\u3000", "\u2028", "\x1c", "\u00a0"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25))) for _ in range(8000)]
    return [d.view.text for d in seed_docs] + texts + ["", "xx", "XXX部门", "××××年", "增加(减少)", "增（减）",
                                                       "支出支出支出", "项目项目项目项目", "大 ( 小 ) 于", "增增加（减少）",
                                                       "(增加/减少)", "( 增加 / 减少 )", "（\u3000增加/减少）", "持平(增加",
                                                       "持平 （ 增加", "为 万元。", "是\u3000%，", "单位 为万元，", "约元旦",
                                                       "：\u3000。", "其他 。a", "为人次；"]


def test_when_residue_patterns_are_tried_at_their_words_then_the_spans_are_those_of_a_scan(seed_docs):
    from checker.rules.narrative.R001 import (BLANK_STOP, CHOICE_CHANGE, EMPTY_SLOTS, STARTS_WITH, residue_patterns,
                                              residue_spans, residue_spans_plain)

    patterns = [p for _, p in residue_patterns()]
    listed = [p for p in patterns if p.pattern in STARTS_WITH]
    assert len(listed) == len(STARTS_WITH)  # every statement is about a pattern of the lexicon
    assert {BLANK_STOP, CHOICE_CHANGE, *EMPTY_SLOTS} <= {p.pattern for p in patterns}
    found = blank_stops = slots = choices = 0
    for text in _residue_texts(seed_docs):
        for p in patterns:
            plain = residue_spans_plain(p, text)
            assert residue_spans(p, text) == plain, (p.pattern, text[:80])
            if p.pattern in STARTS_WITH:
                found += len(plain)
                # the statement itself: every match starts with one of the words
                assert all(text.startswith(STARTS_WITH[p.pattern], s) for s, _ in plain)
            elif p.pattern == BLANK_STOP:
                blank_stops += len(plain)
            elif p.pattern in EMPTY_SLOTS:
                slots += len(plain)
            elif p.pattern == CHOICE_CHANGE:
                choices += len(plain)
    assert min(found, blank_stops, slots, choices) > 100  # the texts do exercise the fast paths


def test_when_a_pattern_is_tried_at_its_words_then_overlaps_and_edges_are_those_of_finditer():
    import regex

    from checker.extract.anchored import occurrences, starting_with

    assert occurrences("aaaa", ("aa",)) == [0, 1, 2]
    assert occurrences("", ("a",)) == []
    p = regex.compile(r"ab+|b")
    for text in ["abbb b ab", "", "bbbb", "aab", "ba ab"]:
        assert [m.span() for m in starting_with(p, text, ("a", "b"))] == [m.span() for m in p.finditer(text)]


def test_when_reason_cues_are_tried_before_their_words_then_the_matches_are_those_of_a_search(seed_docs):
    from checker.extract.reasons import LEAD_IN_CUES, cue_matches, reason_cues

    patterns = [p for _, p in reason_cues()]
    assert sum(p.pattern in LEAD_IN_CUES for p in patterns) == len(LEAD_IN_CUES)
    rnd = random.Random(62)
    pieces = ["的", "原因", "主要原因", "是", "为", "有", "在于", "系", "：", ":", "，", "。", "；", ",", ";", "\n", " ",
              "支出", "增加", "人员", "主要", "因", "原"]
    texts = [d.view.text for d in seed_docs] + ["", "原因", "的原因是", "的的原因是：", "主要原因主要原因是",
                                                "原因是的原因是", "原" * 40 + "的原因是", "，" + "甲" * 30 + "的主要原因"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40))) for _ in range(4000)]
    found = 0
    for text in texts:
        for p in patterns:
            plain = [m.span() for m in p.finditer(text)]
            assert [m.span() for m in cue_matches(p, text)] == plain, (p.pattern, text[:80])
            found += len(plain) if p.pattern in LEAD_IN_CUES else 0
    assert found > 1000


def test_when_a_lead_in_is_short_then_every_edge_of_it_matches_as_finditer():
    """The same shape with a lead-in of at most 3 characters, so that random texts reach its limits."""
    import regex

    from checker.extract.anchored import after_optional_lead

    p = regex.compile(r"(?:[^,.]{0,3}d)?wo(?:x)?")
    rnd = random.Random(63)
    for _ in range(20000):
        text = "".join(rnd.choice(["d", "w", "o", "wo", "x", ",", ".", "a", "b"]) for _ in range(rnd.randint(0, 16)))
        assert [m.span() for m in after_optional_lead(p, text, "wo", "d", 3, ",.")] == \
            [m.span() for m in p.finditer(text)], text


def _line_fields(lines):
    return [(l.index, l.start, l.end, l.text, l.content, l.content_start, l.content_end, l.folded) for l in lines]


def test_when_the_source_is_folded_once_then_the_lines_and_forms_read_the_plain_fold(seed_docs):
    from checker.chars import fold_text
    from checker.normalize import split_lines
    from checker.readers import read_document
    from checker.rules.narrative._performance import folded_source

    for path in SEEDS:
        doc = read_document(path)
        assert _line_fields(doc.lines) == _line_fields(split_lines(doc.source))
        assert folded_source(doc) == doc.folded_source == fold_text(doc.source)
    for text in ["", "\n", "ＡＢ\u3000１２\n\u200b支出\t", "  标题\u3000\n\n正文 12\t"]:
        assert _line_fields(split_lines(text, fold_text(text))) == _line_fields(split_lines(text))


def test_when_blanks_are_looked_for_before_a_stop_then_every_blank_of_regex_is_a_blank_of_str():
    """blank_stop_starts passes over the stops after a character that ``str.isspace`` does not take."""
    import regex

    blank = regex.compile(r"\s")
    assert all(chr(c).isspace() for c in range(0x110000) if blank.match(chr(c)))


def test_when_the_folded_lines_are_joined_once_then_toc_and_page_numbers_are_those_found_alone(seed_docs):
    from checker import structure

    for doc in seed_docs:
        lines = doc.lines
        text = structure.folded_lines_text(lines)
        assert structure.find_toc_lines(lines, text) == structure.find_toc_lines(lines)
        rigid = doc.structure.rigid_lines
        assert structure.find_page_numbers(lines, rigid, text) == structure.find_page_numbers(lines, rigid)
        assert doc.structure.toc_lines == structure.find_toc_lines(lines)
        assert doc.structure.skipped_lines == structure.find_page_numbers(lines, rigid)
    assert any(d.structure.toc_lines for d in seed_docs) and any(d.structure.skipped_lines for d in seed_docs)


def test_when_the_figure_index_is_made_from_the_mentions_then_it_is_the_pass_over_the_sentences(seed_docs):
    from types import SimpleNamespace

    from checker.statements import _figure_index, _figure_index_plain

    for doc in seed_docs:
        index = _figure_index(doc)
        assert index == _figure_index_plain(doc) and len(index) > 3
    # edge cases: mentions out of order, before the first sentence, several kinds in one sentence
    text = "\n甲 1 元。乙 2%\n丙 3 元，4%。"
    doc = SimpleNamespace(view=SimpleNamespace(text=text), _memo={})
    kinds = [("current", "money"), ("prior", "percent"), ("current", "money"), ("change", "pp")]
    mentions = [SimpleNamespace(start=p, role=r, type=t) for p, (r, t) in zip((15, 0, 3, 10), kinds)]
    mentions.append(SimpleNamespace(start=17, role="current", type="money"))
    doc.extraction = SimpleNamespace(mentions=mentions)
    from checker.statements import build_sentences

    doc.sentences = build_sentences(doc)
    doc.sentence_starts = [s.start for s in doc.sentences]
    assert doc.sentence_starts[0] == 1  # the mention at 0 is in no sentence
    assert _figure_index(doc) == _figure_index_plain(doc) == {("current", "money"): [0, 2], ("change", "pp"): [1]}


def _trigger_state(trigger):
    return dict(trigger._by_follow), dict(trigger._by_length), list(trigger._separated)


def test_when_digit_runs_are_read_with_re_then_the_trigger_files_them_as_with_regex(seed_docs, monkeypatch):
    from checker.extract import narrative
    from checker.extract.figures import _windows
    from checker.extract.recognizer import ASTRAL, Trigger

    rnd = random.Random(64)
    pieces = list("0123456789.,，%万元 \n\t") + ["\u3000", "\x1c", "\x85", "\u2028", "١٢", "²", "年", "１２", "\u0e51"]
    cases = []
    for doc in seed_docs:
        text, allowed = doc.view.text, narrative(doc)
        cases += [(text, None), (text, _windows(text, allowed.line_starts, allowed.allowed))]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        cut = sorted(rnd.sample(range(len(text) + 1), min(2, len(text) + 1)))
        cases.append((text, None if len(cut) < 2 else [(cut[0], cut[1])]))
    assert not any(ASTRAL.search(text) for text, _ in cases)  # all read with RUNS_BMP
    fast = [_trigger_state(Trigger(text, windows)) for text, windows in cases]
    monkeypatch.setattr(Trigger, "RUNS_BMP", Trigger.RUNS)
    plain = [_trigger_state(Trigger(text, windows)) for text, windows in cases]
    assert fast == plain
    assert sum(len(f[2]) for f in fast) > 100 and sum(len(f[0]) > 1 for f in fast) > 100


def test_when_a_text_holds_a_newer_digit_then_its_runs_are_read_with_regex():
    from checker.extract.recognizer import Trigger

    text = "共 1\U00010d42 个，2.5 万元"  # a digit regex knows beyond the BMP, which re's \d does not take
    trigger = Trigger(text)
    assert _trigger_state(trigger)[1] == {2: [2], 1: [7, 9]}  # (re would read a run "1" of one digit)


def test_when_re_spells_out_regex_classes_then_they_take_the_same_characters():
    import re

    import regex

    from checker.extract.recognizer import ASTRAL, WHITE_SPACE

    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    bmp = chars[:0xF800]
    assert regex.findall(r"\s", chars) == list(WHITE_SPACE)
    assert regex.findall(r"\d", bmp) == re.findall(r"\d", bmp)
    assert regex.findall(r"\D", bmp) == re.findall(r"\D", bmp)
    assert regex.findall(r".", chars) == re.findall(r".", chars)
    assert not ASTRAL.search(bmp) and len(ASTRAL.findall(chars)) == 0x110000 - 0x10000
