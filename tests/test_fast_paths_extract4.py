"""Extraction reads only the narrative lines: the hits and subjects it finds there are those of the whole text."""

import random
from pathlib import Path

import pytest
import regex

from checker.extract.figures import BREAK_AFTER, BREAK_BEFORE, find_hits, may_cross
from checker.extract.recognizers import RECOGNIZERS

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))


def _pattern_chars() -> list[str]:
    """Every character the recognizer patterns are written with (their literals among them)."""
    return sorted({c for r in RECOGNIZERS for p in r.PATTERNS for c in p.regex.pattern})


def _random_texts(n: int, seed: int) -> list[str]:
    """Texts of pattern characters, numbers, blanks and line breaks: hits glued across lines in every way."""
    rnd = random.Random(seed)
    alphabet = _pattern_chars() + list("0123456789０１.,，-  \t\u3000") + ["\n"] * 6 + \
        ["\n\n", "\n  ", "万元", "百分点", "2023年", "个月", "12月31日", "万m²", "m^2", "平方米", "本年", "支出", "二、", "合计"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 60))) for _ in range(n)]


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _seed_docs():
    from checker.extract import narrative
    from checker.readers import read_document

    docs = [read_document(f) for f in SEEDS]
    return [(d.view.text, narrative(d).allowed) for d in docs]


def _plain(text: str, wanted: list[bool]) -> list:
    """The hits of the whole text that start in a wanted line."""
    starts = [a for a, _ in _lines(text)]
    import bisect

    return [h for h in find_hits(text) if wanted[bisect.bisect_right(starts, h.start) - 1]]


def test_when_only_narrative_lines_are_wanted_then_their_hits_are_those_of_the_whole_text():
    docs = _seed_docs()
    assert any(not all(w) for _, w in docs), "every seed line is narrative: nothing is left out"
    for text, wanted in docs:
        assert find_hits(text, wanted) == _plain(text, wanted)


@pytest.mark.parametrize("seed", range(4))
def test_when_random_lines_are_wanted_then_their_hits_are_those_of_the_whole_text(seed):
    rnd = random.Random(100 + seed)
    for text in _random_texts(1500, seed):
        wanted = [rnd.random() < 0.5 for _ in _lines(text)]
        assert find_hits(text, wanted) == _plain(text, wanted), (text, wanted)


def test_edge_cases_of_wanted_lines():
    assert find_hits("", [True]) == find_hits("") == []
    assert find_hits("", []) == []
    text = "合计 1,171.58\n万元\n本年支出 3.5%"
    assert find_hits(text, [True, True, True]) == find_hits(text)
    assert find_hits(text, [False, False, False]) == []
    assert [h.text for h in find_hits(text, [True, False, False])] == ["1,171.58\n万元"]
    assert [h.text for h in find_hits(text, [False, True, True])] == ["3.5%"]
    assert find_hits(text, [False, False]) == []  # flags missing for the last line: not wanted
    huge = "支出" + "9" * 5000 + ".5万元\n" + "表 1 2 3\n" * 3
    assert find_hits(huge, [True, False, False, False, False]) == _plain(huge, [True, False, False, False, False])


def test_when_a_hit_reaches_past_a_line_break_then_may_cross_says_so():
    """The rule of :func:`may_cross` on every match of every recognizer pattern (not only the kept hits)."""
    texts = _random_texts(6000, 7) + [t for t, _ in _seed_docs()]
    crossing = 0
    for text in texts:
        blank_end = {}
        for a, _ in _lines(text)[1:]:
            b = a
            while b < len(text) and text[b].isspace():
                b += 1
            blank_end[a] = b
        for r in RECOGNIZERS:
            for p in r.PATTERNS:
                for m in p.regex.finditer(text):
                    for a, b in blank_end.items():
                        if m.start() < a and m.end() > b:
                            crossing += 1
                            assert may_cross(text, a), (p.name, text, m.span(), a)
    assert crossing > 100  # the random texts do glue hits across lines


def test_break_characters():
    assert BREAK_BEFORE.match("7") and BREAK_BEFORE.match("٣") and not BREAK_BEFORE.match("，")
    for c in "元%个百年月日m^²㎡人辆9":
        assert BREAK_AFTER.match(c), c
    for c in "，。（二注合\n":
        assert not BREAK_AFTER.match(c), c
    assert may_cross("1,171.58\n万元", 9) and may_cross("12 \n \n 万元", 4)
    assert not may_cross("1,171.58\n二、", 9) and not may_cross("说明\n万元", 3) and not may_cross("\n万元", 1)


def _subject_texts(n: int, seed: int) -> list[str]:
    from checker.extract.subjects import _aliases

    rnd = random.Random(seed)
    aliases = [a for a, _ in _aliases()]
    pieces = aliases[:40] + ["一般公共服务", "支出", "类", "（类）", "款", "（款）", "项", "（项）", "\n", "\n", " ", "“", "”",
                             "\"", "自评综述", "绩效自评情况", "1.", "。", "，", "12", "社会保障和就业", "行政运行",
                             "就业\n（类）", "支出\n类", "\n（款）", "，社会保障和\n就业支出（类）", "；", "a", "，教育\n（类）",
                             "。教育\n支出类", "教育"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(n)]


def test_when_subjects_are_read_on_some_lines_then_they_are_those_of_the_whole_text():
    from checker.extract.subjects import find_subject_spans

    rnd = random.Random(11)
    texts = [t for t, _ in _seed_docs()] + _subject_texts(3000, 12)
    for text in texts:
        lines = _lines(text)
        chosen = [span for span in lines if rnd.random() < 0.4]
        inside = lambda s: any(a <= s.start <= b for a, b in chosen)  # noqa: E731 (a span may start at a line's end: never)
        fast, plain = find_subject_spans(text, chosen), find_subject_spans(text)
        assert [s for s in fast if inside(s)] == [s for s in plain if inside(s)], (text, chosen)
        assert all(inside(s) or (s.kind == "classification" and s in plain) for s in fast)
        assert find_subject_spans(text, lines) == plain
    assert find_subject_spans("", []) == find_subject_spans("") == []


def _mentions(doc) -> tuple:
    from checker.extract import extract

    ex = extract(doc)
    return [m.to_dict(doc) for m in ex.mentions], [e.to_dict(doc) for e in ex.explanations], ex.quantities


def test_when_subjects_are_read_on_figure_lines_only_then_the_extraction_is_unchanged(monkeypatch):
    import checker.extract as extract_module
    from checker.readers import read_document

    for f in SEEDS:
        fast = _mentions(read_document(f))
        with monkeypatch.context() as m:
            plain = read_document(f)
            allowed = extract_module.narrative(plain)
            m.setattr(extract_module, "_subject_lines", lambda text, *_: _lines(text))  # subjects of every line
            m.setattr(extract_module, "find_hits",  # the hits of the whole text, of which the narrative ones are kept
                      lambda text, wanted, starts=None: [h for h in find_hits(text) if allowed(h.start)])
            assert _mentions(plain) == fast


def test_aside_test_by_brackets_is_the_regex_test():
    import regex

    from checker.extract import _in_aside

    close, opening = regex.compile(r"[）)]"), regex.compile(r"[（(][^（(）)]*$")

    def plain(text, pos, until):
        c = close.search(text[pos:until])
        return bool(c) and opening.search(text[max(0, pos - 120):pos]) is not None and c.start() > 0

    rnd = random.Random(21)
    for _ in range(20000):
        text = "".join(rnd.choice("（()）ab\n") for _ in range(rnd.randint(0, 30)))
        if rnd.random() < 0.05:
            text = "（" + "a" * 150 + text  # an opening bracket beyond the 120 characters looked at
        pos = rnd.randint(0, len(text))
        until = rnd.randint(pos, len(text))
        assert _in_aside(text, pos, until) == plain(text, pos, until), (text, pos, until)


def test_when_a_pattern_declares_not_after_then_no_match_starts_after_those_characters():
    patterns = [p for r in RECOGNIZERS for p in r.PATTERNS if p.not_after]
    assert {p.name for p in patterns} >= {"number_dot_unit", "number_measure", "number_with_unit", "number_percent",
                                          "number_count"}
    # (only digit runs are filtered: a lead character right after one may still start a match, "-" of ".-3%")
    texts = _random_texts(4000, 41) + [t for t, _ in _seed_docs()] + [".-3%", ",-3.5%", "1.2.3万元", "，5个"]
    digit = regex.compile(r"\d")
    tried = 0
    for text in texts:
        for p in patterns:
            for i in range(1, len(text)):
                if text[i - 1] in p.not_after and digit.match(text, i):
                    tried += 1
                    assert p.regex.match(text, i) is None, (p.name, text, i)
    assert tried > 1000


def test_when_a_numeral_stands_alone_before_yuan_then_only_shi_is_an_amount():
    """ChineseMoneyRecognizer rejects a lone numeral other than 十 before reading it: cn2an reads none of them."""
    from checker.extract.recognizer import Trigger
    from checker.extract.recognizers.money import CN_CHARS, ChineseMoneyRecognizer, _cn_number

    for cn in CN_CHARS:  # the test it replaces: no 十百千万亿点 in a lone numeral, or cn2an cannot read it
        plain = (not any(c in cn for c in "十百千万亿点") and len(cn) < 2) or _cn_number(cn) is None
        assert plain == (cn != "十"), cn
    r = ChineseMoneyRecognizer()
    for c in CN_CHARS:
        for text in (f"{c}元", f"12{c}元", f"共{c}万元", f"{c}{c}元"):
            assert r.analyze(text, Trigger(text)) == r.analyze(text)
    assert [h.value for h in r.analyze("十元")] == [10]
    assert r.analyze("万元") == r.analyze("5万元") == r.analyze("三元") == []


def test_class_suffix_normalises_each_suffix():
    from checker.extract.classification import class_names, norm_name
    from checker.extract.subjects import _class_suffix

    def plain(text):
        names = class_names()
        return next(((i, names[norm_name(text[i:])].name) for i in range(len(text)) if norm_name(text[i:]) in names), None)

    rnd = random.Random(51)
    names = list(class_names())
    for _ in range(3000):
        text = "".join(rnd.choice(["和", " ", "(", ")", "、", "支出", rnd.choice(names), rnd.choice(names)[1:]])
                       for _ in range(rnd.randint(0, 5)))
        assert _class_suffix(text) == plain(text), text
