"""Fast paths of extraction and facts (session 5, round 2): each compared with the plain computation it replaces."""

import random
from pathlib import Path

import regex

from checker.extract.figures import find_hits
from checker.extract.recognizers import RECOGNIZERS
from checker.extract.recognizers.money import BareAmountRecognizer

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))


def _seed_texts() -> list[str]:
    from checker.readers import read_document

    return [read_document(f).view.text for f in SEEDS]


def _random_texts(n: int, seed: int) -> list[str]:
    """Texts of numbers written every way (separators, decimals, blanks), units, cues and other hits' words."""
    rnd = random.Random(seed)
    pieces = list("0123456789.,，-  \n") + ["1,171.58", "1，234.5", "5093.22", "12.", "0.", "2023", "1,2023",
                                            "万元", "亿元", "千元", "元", "万", "千", "十", "三千", "%", "个百分点",
                                            "年", "月", "日", "人", "m²", "支出决算为", "预算为", "合计",
                                            "收入", "共", "：", "，", "。", "及", "百分之", "（", "）"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


def _plain_bare_pattern(pattern: regex.Pattern) -> regex.Pattern:
    """The bare amount pattern without its atomic group: every way of reading the number is tried."""
    assert "(?P<num>(?>" in pattern.pattern
    return regex.compile(pattern.pattern.replace("(?P<num>(?>", "(?P<num>(?:", 1), pattern.flags)


def test_when_bare_amounts_are_read_atomically_then_the_hits_are_those_of_the_plain_pattern(monkeypatch):
    bare = next(r for r in RECOGNIZERS if isinstance(r, BareAmountRecognizer))
    fast = bare.PATTERNS[0]
    plain = type(fast)(fast.name, _plain_bare_pattern(fast.regex), fast.score, fast.follow, fast.lead,
                       fast.separated, fast.runs, fast.stop_run, fast.not_after)
    texts = _seed_texts() + _random_texts(6000, 5) + ["", "1,171.58万元", "预算为1,171.58万元", "预算为 1,171.58 万元",
                                                      "预算为1,171，000.5万元", "合计9" * 3 + "9" * 400 + ".5万元"]
    dropped = 0
    for text in texts:
        fast_hits = find_hits(text)
        fast_bare = bare.analyze(text)
        monkeypatch.setattr(bare, "PATTERNS", [plain])
        assert find_hits(text) == fast_hits, text[:200]
        plain_bare = bare.analyze(text)
        monkeypatch.setattr(bare, "PATTERNS", [fast])
        assert [h for h in plain_bare if h in fast_bare] == fast_bare  # the fast pattern only leaves some out
        dropped += len(plain_bare) - len(fast_bare)
    assert dropped > 50  # the partial numbers the atomic group saves


def test_when_lone_numerals_are_not_matched_then_the_chinese_amounts_are_those_of_the_plain_pattern(monkeypatch):
    from checker.extract.recognizer import Trigger
    from checker.extract.recognizers.money import CN_CHARS, ChineseMoneyRecognizer

    r = next(r for r in RECOGNIZERS if isinstance(r, ChineseMoneyRecognizer))
    fast = r.PATTERNS[0]
    plain = type(fast)(fast.name, regex.compile(rf"(?P<cn>[{CN_CHARS}]+)(?P<unit>亿元|万元|千元|元)"), fast.score,
                       stop_run=fast.stop_run)
    rnd = random.Random(8)
    pieces = list(CN_CHARS) + ["元", "万元", "亿元", "千元", "十", "5", "，", "共", " ", "\n"]
    texts = _seed_texts() + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) for _ in range(5000)] + \
        ["", "十元", "万元", "三千四百万元", "一百二十点五万元", "零元", "点元", "一" * 50 + "元"]
    validate = r.validate

    def plain_validate(m, text, pattern):
        """The check the plain pattern needs: a lone numeral is no amount but 十."""
        return None if len(m.group("cn")) < 2 and m.group("cn") != "十" else validate(m, text, pattern)

    lone = 0
    for text in texts:
        fast_hits, fast_matches = find_hits(text), [m.span() for m in Trigger(text).finditer(fast)]
        monkeypatch.setattr(r, "PATTERNS", [plain])
        monkeypatch.setattr(r, "validate", plain_validate)
        assert find_hits(text) == fast_hits, text[:200]
        plain_matches = [m.span() for m in plain.regex.finditer(text)]
        monkeypatch.setattr(r, "PATTERNS", [fast])
        monkeypatch.undo()
        # the fast pattern leaves out exactly the matches of one numeral other than 十
        assert fast_matches == [(a, b) for a, b in plain_matches if not (b - a == 2 and text[a] != "十")]
        lone += len(plain_matches) - len(fast_matches)
    assert lone > 1000


def _plain_candidate_lines(text: str):
    """Every trigger word's line (and the line before), each line once."""
    from checker.facts import _DEPT_TRIGGER

    last = -1
    for m in _DEPT_TRIGGER.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start == last:
            continue
        last = start
        end = text.find("\n", m.end())
        yield (text.rfind("\n", 0, start - 1) + 1 if start else 0), (len(text) if end == -1 else end)


def _title_texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    pieces = ["某某县", "财政局", "人民政府办公室", "2023", "2024", "年", "年度", "部门", "单位", "决算", "整体", "项目",
              "绩效", "自评", "评价", "报告", " ", "  ", "\t", "\u3000", "\n", "，", "（", "）", "“", "、", "部门决算",
              "2023年度部门决算", "绩效自评报告", "纳入", "概况", "构成", "x" * 30, "长" * 45]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


def test_when_department_patterns_search_near_their_tails_then_they_find_what_finditer_finds():
    from checker.facts import _NAME_FIRST, DEPARTMENT_PATTERNS, _candidate_lines, _finditer

    assert _NAME_FIRST and all(p in [q for _, q in DEPARTMENT_PATTERNS] for p in _NAME_FIRST)
    texts = _seed_texts() + _title_texts(5000, 12) + ["", "\n", "决算", "某2023年决算", "\n\n部门\n"]
    found = 0
    for text in texts:
        lines = list(_candidate_lines(text))
        assert lines == list(_plain_candidate_lines(text)), text[:200]
        for _, pattern in DEPARTMENT_PATTERNS:
            for a, b in lines + [(0, len(text))]:
                fast = [m.span() for m in _finditer(pattern, text, a, b)]
                assert fast == [m.span() for m in pattern.finditer(text, a, b)], (pattern.pattern, text[a:b])
                found += len(fast) if pattern in _NAME_FIRST else 0
    assert found > 1000


def _seed_clauses() -> list[str]:
    """The clause before every figure of the seeds, and every suffix of the longer ones."""
    import checker.extract as E
    from checker.readers import read_document

    out = []
    for f in SEEDS:
        doc = read_document(f)
        text = doc.view.text
        for h in find_hits(text):
            line_start = text.rfind("\n", 0, h.start) + 1
            clause = text[E._boundary_before(E.CLAUSE_BOUNDARY, text, h.start, line_start):h.start]
            out.append(clause)
    return out + [c[i:] for c in out[:300] for i in range(len(c))]


def test_when_role_cues_are_tried_at_once_then_the_role_and_cue_are_those_of_the_plain_rule():
    from checker.extract.roles import assign_role, assign_role_plain, role_cues

    rnd = random.Random(21)
    words = ["年初预算", "预算", "决算", "支出", "为", "是", "共", "合计", "：", " ", "增加", "减少", "比上年", "同比", "增长",
             "（增长）", "了", "占", "比重", "的", "完成", "执行率", "达到", "年中追加", "实际", "执行", "数", "金额", "x", "，"]
    clauses = _seed_clauses() + ["".join(rnd.choice(words) for _ in range(rnd.randint(0, 8))) for _ in range(5000)] + \
        ["", " ", "：", "占" + "x" * 30 + "的"]
    roles = set()
    for clause in clauses:
        for hit_type in ("money", "percent", "pp", "residue"):
            fast, plain = assign_role.__wrapped__(hit_type, clause), assign_role_plain(hit_type, clause)
            assert fast[0] == plain[0], (hit_type, clause)
            assert (fast[1] and (fast[1].span(), fast[1].group(0))) == (plain[1] and (plain[1].span(), plain[1].group(0)))
            roles.add(fast[0])
    assert roles >= {c.role for c in role_cues()}  # every cue chosen somewhere


def test_every_pattern_reading_a_number_writes_it_first_and_its_unit_second():
    from checker.extract.recognizer import NUMBER_GROUP, UNIT_GROUP

    numbered = 0
    for r in RECOGNIZERS:
        for p in r.PATTERNS:
            names = p.regex.groupindex
            number = names.get("num", names.get("cn"))
            if number is None:
                continue  # (its validator reads no number group)
            numbered += 1
            assert number == NUMBER_GROUP, p.name
            assert names.get("unit", UNIT_GROUP) == UNIT_GROUP, p.name
    assert numbered >= 7


def test_line_starts_are_those_of_the_plain_loop():
    from checker.extract.figures import line_starts

    def plain(text):
        starts, pos = [], 0
        for part in text.split("\n"):
            starts.append(pos)
            pos += len(part) + 1
        return starts + [pos]

    for text in _seed_texts() + _random_texts(500, 3) + ["", "\n", "\n\n", "a", "a\n", "\na", "中文\n\n𠀀x\n"]:
        assert line_starts(text) == plain(text)


def test_when_extraction_hands_over_its_line_starts_then_the_hits_are_the_same():
    from checker.extract import narrative
    from checker.readers import read_document

    for f in SEEDS:
        doc = read_document(f)
        allowed = narrative(doc)
        text = doc.view.text
        assert find_hits(text, allowed.allowed, allowed.line_starts) == find_hits(text, allowed.allowed)


def test_a_change_keeps_the_documents_year_and_other_figures_read_the_years_before_them():
    """The years of a figure's sentence are read only for figures that are not changes: the periods are
    those of the rule reading them for every figure."""
    import checker.extract as E
    from checker.extract.roles import YEAR
    from checker.readers import read_document

    checked = changes = 0
    for f in SEEDS:
        doc = read_document(f)
        text, year = doc.view.text, int(doc.facts.year.value)
        for m in doc.extraction.mentions:
            line_start = text.rfind("\n", 0, m.start) + 1
            sentence = text[E._boundary_before(E.SENTENCE_BOUNDARY, text, m.start, line_start):m.start]
            years = [int(y) for y in YEAR.findall(sentence)]
            if m.role == "prior":
                expected = min(years) if years else year - 1
            elif years and m.role not in E.CHANGE_ROLES:
                expected = years[-1]
            else:
                expected = year
            assert m.period == expected, (f.name, m)
            checked += 1
            changes += m.role in E.CHANGE_ROLES and bool(years)
    assert checked > 500 and changes > 0


def _plain_unit(doc, text):
    from collections import Counter

    from checker.facts import UNIT_DECL, UNIT_USE, Fact

    declared = Counter(t.unit for t in doc.structure.tables if t.unit)
    spans = {}
    for m in UNIT_DECL.finditer(text):
        declared[m.group("u")] += 0
        spans.setdefault(m.group("u"), []).append(m.span("u"))
    if declared and sum(declared.values()):
        value = declared.most_common(1)[0][0]
        return Fact(value, "table_unit_line", spans.get(value, []), dict(declared))
    used = Counter()
    for m in UNIT_USE.finditer(text):
        used[m.group("u")] += 1
        spans.setdefault(m.group("u"), []).append(m.span("u"))
    if not used:
        return Fact(None)
    value = used.most_common(1)[0][0]
    return Fact(value, "narrative_usage", spans[value][:1], dict(used))


def _plain_kind(doc, text):
    from collections import Counter

    from checker.facts import Fact
    from checker.lexicons import document_kind_cues

    sections = list(doc.structure.walk())
    heads = [s.title for s in sections] + [s.marker + s.title for s in sections]
    opening = "\n".join(text.split("\n")[:15])
    scores = Counter()
    for kind, cue, weight in document_kind_cues():
        hits = opening.count(cue) + sum(1 for h in heads if cue in h)
        if hits:
            scores[kind] += weight * min(hits, 3)
    standard_tables = {t.key for t in doc.structure.tables if t.key and t.key.startswith("table0")}
    if len(standard_tables) >= 3:
        scores["final_accounts"] += 5
    if not scores:
        return Fact("unknown", None, [], {})
    value = scores.most_common(1)[0][0]
    return Fact(value, "cues", [], {k: v for k, v in scores.items()})


def test_unit_and_kind_facts_are_those_of_the_plain_computation():
    from types import SimpleNamespace

    from checker.facts import _kind, _unit
    from checker.readers import read_document

    docs = [read_document(f) for f in SEEDS]
    texts = [d.view.text for d in docs] + ["", "单位：元\n共5万元，3 亿元", "金额单位：万元\n12元 3元 4万元", "5千元\n6千元\n7 元",
                                            "无金额", "部门决算\n" * 20 + "1元", "单位：元\n5元 6元"]
    usage = 0
    for doc in docs:
        for text in texts:
            assert _unit(doc, text) == _plain_unit(doc, text)
            assert _kind(doc, text) == _plain_kind(doc, text)
            bare = SimpleNamespace(structure=SimpleNamespace(tables=[], walk=doc.structure.walk))  # no table states a unit
            assert _unit(bare, text) == _plain_unit(bare, text)
            assert _kind(bare, text) == _plain_kind(bare, text)
            usage += _unit(bare, text).source == "narrative_usage"
    assert usage > 10


def _plain_resolve(hits, length):
    hits = sorted(hits, key=lambda h: (-(h.end - h.start), -h.score, h.start))
    kept = []
    occupied = bytearray(length + 1)
    for h in hits:
        if 1 in occupied[h.start:h.end]:
            continue
        kept.append(h)
        occupied[h.start:h.end] = b"\x01" * (h.end - h.start)
    kept.sort(key=lambda h: h.start)
    return kept


def test_when_hits_are_resolved_run_by_run_then_the_kept_hits_are_those_of_the_plain_resolution():
    from checker.extract.figures import resolve
    from checker.extract.recognizer import Hit, Trigger

    # the hits of real and random texts, every recognizer's, before resolution
    for text in _seed_texts() + _random_texts(2000, 17):
        trigger = Trigger(text)
        hits = [h for r in RECOGNIZERS for h in r.analyze(text, trigger)]
        assert all(h.end > h.start for h in hits)  # (resolve's premise: no hit is empty)
        assert [id(h) for h in resolve(hits)] == [id(h) for h in _plain_resolve(hits, len(text))]
    # random spans: nested, chained, equal spans with equal scores (the first given wins)
    rnd = random.Random(4)
    runs = 0
    for _ in range(3000):
        hits = []
        for i in range(rnd.randint(0, 12)):
            a = rnd.randrange(40)
            hits.append(Hit("money", a, a + rnd.randint(1, 8), str(i), rnd.choice([0.5, 0.9, 0.95]), "p"))
        fast = resolve(hits)
        assert [id(h) for h in fast] == [id(h) for h in _plain_resolve(hits, 60)], hits
        runs += len(fast) < len(hits)
    assert runs > 1000
    assert resolve([]) == []


def test_parse_number_is_the_plain_parse():
    from decimal import Decimal, InvalidOperation

    from checker.extract.numbers import parse_number

    def plain(text):
        cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
        if not cleaned or cleaned.endswith("."):
            return None
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return None
        return value, (len(cleaned.split(".", 1)[1]) if "." in cleaned else 0)

    rnd = random.Random(6)
    pieces = list("0123456789.,， -+eE") + ["Infinity", "NaN", "１２", "1,171.58", "1，234.5", "千", ""]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10))) for _ in range(20000)]
    texts += ["", ".", "1.", "0.00", "1e5", "-3.5", "9" * 400 + ".5", " 1 234.50 ", "1.2.3", "．5"]
    texts += [h.text for t in _seed_texts() for h in find_hits(t)]
    for text in texts:
        fast, slow = parse_number(text), plain(text)
        assert (fast is None) == (slow is None), text
        if fast is not None:
            assert fast[1] == slow[1] and (fast[0] == slow[0] or (fast[0].is_nan() and slow[0].is_nan())), text
            assert str(fast[0]) == str(slow[0]), text


def test_count_units_are_plain_words_without_blanks():
    """QuantityRecognizer drops blanks from measure units only: every count unit is a word as written."""
    from checker.extract.recognizers.quantity import COUNT_UNITS, QuantityRecognizer

    words = COUNT_UNITS.split("|")
    assert all(regex.fullmatch(r"(?:[^\s\\\[\].*+?{}()|^$]|\\[()])+", w) for w in words), words  # literals only
    assert not any(regex.search(r"\s", regex.sub(r"\\(.)", r"\1", w)) for w in words)
    r = QuantityRecognizer()
    for text in _seed_texts() + ["3 台（套）", "5\n人次", "12 个", "7台(套)"]:
        for h in r.analyze(text):
            if h.type == "count":
                assert not regex.search(r"\s", h.unit), h


def test_when_consecutive_subject_lines_are_joined_then_the_subjects_are_those_of_line_by_line(monkeypatch):
    from checker.extract import subjects

    assert subjects._joined([]) == []
    assert subjects._joined([(0, 3), (4, 9), (11, 12), (13, 13), (20, 25)]) == [(0, 9), (11, 13), (20, 25)]
    rnd = random.Random(13)
    for text in _seed_texts():
        lines, pos = [], 0
        for part in text.split("\n"):
            if rnd.random() < 0.6:
                lines.append((pos, pos + len(part)))
            pos += len(part) + 1
        fast = subjects.find_subject_spans(text, lines)
        with monkeypatch.context() as m:
            m.setattr(subjects, "_joined", lambda spans: spans)
            assert subjects.find_subject_spans(text, lines) == fast


def test_when_department_lines_are_narrowed_word_by_word_then_the_fact_is_that_of_every_line(monkeypatch):
    import checker.facts as facts

    texts = _seed_texts() + _title_texts(3000, 14) + ["", "部门", "第一部分某某局概况", "纳入某某局2023年度部门决算编制范围"]
    fast = [facts._department(t) for t in texts]
    monkeypatch.setattr(facts, "_PATTERN_TAILS", {})
    monkeypatch.setattr(facts, "_PATTERN_WORDS", {k: () for k in facts._PATTERN_WORDS})
    assert fast == [facts._department(t) for t in texts]
    assert sum(1 for f in fast if f.value) > 50


def _plain_trigger_index(text, windows):
    """The digit runs as Trigger filed them with one look-ahead match per run."""
    from collections import defaultdict

    scan = regex.compile(r"\d+(?=([\d.,，]*)\s*(.?))")
    by_follow, by_length, separated = defaultdict(list), defaultdict(list), []
    for a, b in windows if windows is not None else ((0, len(text)),):
        for m in scan.finditer(text, a):
            start, end = m.span()
            if start >= b:
                break
            rest, after = m.group(1, 2)
            by_follow[after].append(start)
            by_length[end - start].append(start)
            if "." in rest or "," in rest:
                separated.append(start)
    return dict(by_follow), dict(by_length), separated


def test_when_digit_runs_are_read_with_findall_then_the_trigger_files_them_as_one_match_per_run():
    from checker.extract import narrative
    from checker.extract.figures import _windows, line_starts
    from checker.extract.recognizer import Trigger
    from checker.readers import read_document

    cases = []
    for f in SEEDS:
        doc = read_document(f)
        cases.append((doc.view.text, _windows(doc.view.text, line_starts(doc.view.text), narrative(doc).allowed)))
    rnd = random.Random(15)
    pieces = list("0123456789.,， \t\u3000\n\x1c万元%年x") + ["\n\n", " \n 5", "12\n", "\n 3.5"]
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        starts = line_starts(text)
        wanted = [rnd.random() < 0.5 for _ in range(len(starts) - 1)]
        cases += [(text, _windows(text, starts, wanted)), (text, None)]
    cases += [("", None), ("1", None), ("1\n", [(0, 1)]), ("x\n5 万元", [(0, 1)]), ("5 \n \n万元", [(0, 2)])]
    for text, windows in cases:
        t = Trigger(text, windows)
        assert (dict(t._by_follow), dict(t._by_length), t._separated) == _plain_trigger_index(text, windows), \
            (text, windows)


def test_subject_lines_are_those_of_the_plain_list_of_line_ends():
    import bisect

    import checker.extract as E
    from checker.readers import read_document

    def plain(text, starts, figures, sections):
        wanted = {bisect.bisect_right(starts, h.start) - 1 for h in figures}
        for section in {id(s): s for s in sections if s is not None}.values():
            first = bisect.bisect_right(starts, section.view_start) - 1
            last = bisect.bisect_right(starts, E._head_end(section) - 1) - 1
            wanted.update(range(first, last + 1))
        ends = [s - 1 for s in starts[1:]] + [len(text)]
        return [(starts[i], ends[i]) for i in sorted(wanted) if i >= 0]

    for f in SEEDS:
        doc = read_document(f)
        text, allowed = doc.view.text, E.narrative(doc)
        figures = [h for h in find_hits(text, allowed.allowed) if h.is_figure]
        sections = [doc.structure.section_at(h.start) for h in figures]
        for starts in (allowed.starts, allowed.starts[:-3], allowed.starts[:1]):
            kept = [h for h in figures if h.start >= starts[0]]
            assert E._subject_lines(text, starts, kept, sections) == plain(text, starts, kept, sections)


def test_direction_of_a_word_is_read_from_the_lexicon():
    from checker.extract.roles import direction_in, direction_words

    for word, direction in direction_words():
        got = direction_in(f"比上年{word}了")
        assert got is not None and got[1] == dict(direction_words())[got[0]]
    assert direction_in("") is None and direction_in("预算为") is None
