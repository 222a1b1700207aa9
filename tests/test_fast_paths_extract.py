"""Fast paths of extraction, facts and classification give exactly what the plain paths give."""

import random
from pathlib import Path

import pytest

from checker.extract.recognizer import Trigger
from checker.extract.recognizers import RECOGNIZERS

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))
TRIGGERED = [p for r in RECOGNIZERS for p in r.PATTERNS if p.follow is not None or p.separated]


def _seed_views() -> list[str]:
    from checker.readers import read_document

    return [read_document(f).view.text for f in SEEDS]


def _random_texts(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    alphabet = list("0123456789０１２.,，-%％﹪ \n\t年月个元万千亿m²2㎡平方米人次台（套）()日项-/") + \
        ["万元", "百分点", "2023年", "个月", "千米", "课时"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _seed_views() + _random_texts(3000)


def test_when_a_pattern_is_triggered_then_it_finds_what_finditer_finds(texts):
    assert TRIGGERED, "no pattern declares follow characters"
    for text in texts:
        trigger = Trigger(text)
        for p in TRIGGERED:
            fast, plain = list(trigger.finditer(p)), list(p.regex.finditer(text))
            if p.separated:  # only the numbers written with a separator are wanted; others may be left out
                assert {m.span() for m in fast} <= {m.span() for m in plain}, (p.name, text)
                fast, plain = ([m for m in ms if any(c in m.group("num") for c in ".,")] for ms in (fast, plain))
            assert [m.span() for m in fast] == [m.span() for m in plain], (p.name, text)


def test_when_recognizers_get_a_trigger_then_their_hits_are_unchanged(texts):
    for text in texts:
        trigger = Trigger(text)
        for r in RECOGNIZERS:
            assert r.analyze(text, trigger) == r.analyze(text), (type(r).__name__, text)


def _plain_alias_pattern():
    """The alias pattern as it was: every alias tried in turn, longest first."""
    import re

    from checker.extract.subjects import _aliases

    return re.compile("|".join(re.escape(a).replace("（", "[（(]").replace("）", "[）)]") for a, _ in _aliases()))


def test_when_aliases_are_a_trie_then_the_longest_alias_still_wins(texts):
    from checker.extract.subjects import _alias_pattern, _aliases

    aliases = [a for a, _ in _aliases()]
    rnd = random.Random(2)
    glued = ["".join(rnd.choice(aliases)[: rnd.randint(1, 8)] for _ in range(6)).replace("（", rnd.choice("（(")) for _ in range(2000)]
    plain = _plain_alias_pattern()
    for text in texts[:5] + glued + aliases:
        assert [m.span() for m in _alias_pattern().finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_when_project_heads_are_searched_by_line_then_the_names_are_unchanged():
    from checker.extract.subjects import PROJECT_HEAD, _project_heads

    rnd = random.Random(3)
    pieces = ["自评综述", "绩效自评综述", "绩效自评情况", "绩效评价情况", "\n", "\n  \n", "。", "；", " ", "1.", "（2）",
              "办公", "项目", "“", "”", "维修", "经费", "12"]
    texts = _seed_views() + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25))) for _ in range(3000)]
    for text in texts:
        assert [m.span("name") for m in _project_heads(text)] == [m.span("name") for m in PROJECT_HEAD.finditer(text)], text


# --- explanation classifier -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipe():
    from checker.explain.model import load

    return load()


@pytest.fixture(scope="module")
def reason_records():
    from checker.explain.model import load_corpus
    from checker.readers import read_document

    records = [{"text": r["text"], "subject": r.get("subject", ""), "doc_frequency": 1} for r in load_corpus()]
    for n, f in enumerate(SEEDS):
        doc = read_document(f)
        records += [{"text": doc.view.text[e.start:e.end], "subject": e.subject, "doc_frequency": 1 + n % 4}
                    for e in doc.extraction.explanations]
    return records


def test_when_features_are_built_directly_then_the_matrix_is_the_unions(pipe, reason_records):
    from checker.explain.model import transform

    odd = [{"text": "主要原因是\ud835人员增加", "subject": ""}, {"text": "因\u200b项目𝄞减少\r\n", "subject": "基本支出"}]
    for chunk in (reason_records[:1], reason_records[:40], reason_records, [{"text": "", "subject": ""}], odd):
        plain = pipe.named_steps["features"].transform(chunk).tocsr()
        fast = transform(pipe, chunk)
        assert type(fast) is type(plain) and fast.shape == plain.shape
        assert fast.indptr.tolist() == plain.indptr.tolist() and fast.indices.tolist() == plain.indices.tolist()
        assert fast.data.tobytes() == plain.data.tobytes()


def test_when_jieba_cuts_are_remembered_then_the_words_are_jiebas(reason_records):
    from checker.explain.model import _jieba_words, _normalise, _segmenter

    for r in reason_records[:50]:
        text = _normalise(r["text"])
        assert _jieba_words(text) == [w for w in _segmenter().lcut(text) if w.strip()]


def plain_reasons(contrib: list[tuple[float, str]], record: dict, substantive: bool, top: int) -> list[str]:
    """A verdict's reasons computed plainly from every positive (weight, feature) of its row, sorted
    strongest first: hand features before n-grams, each only on the side of the verdict (the reference
    explain/model.py's _why is compared with)."""
    import regex

    from checker.explain.features import boilerplate_phrases
    from checker.explain.model import BOILERPLATE_SIDE, describe, n_is_ngram

    why: list[str] = []
    has_generic = any(n == "generic_hits" for _, n in contrib)
    for _, n in [c for c in contrib if not n_is_ngram(c[1])] + [c for c in contrib if n_is_ngram(c[1])]:
        if not n_is_ngram(n) and (n in BOILERPLATE_SIDE or n.startswith("phrase:")) == substantive:
            continue
        d = describe(n)
        if n == "generic_hits":
            found = [p for p in boilerplate_phrases() if p in record["text"]][:3]
            d = "使用套话" + "、".join(f"“{p}”" for p in found) if found else d
        if n.startswith("phrase:") and has_generic:
            continue
        if n_is_ngram(n):
            gram = n.split(":", 1)[1].replace(" ", "")
            if len(regex.findall(r"\p{Han}", gram)) < 2:
                continue
            d = f"含有“{gram}”"
        if d not in why:
            why.append(d)
        if len(why) == top:
            break
    return why


def _plain_verdicts(pipe, records, top=3):
    """Verdicts the way explain_many made them before: the union's transform, scipy rows and a Python
    loop over every feature of a row."""
    import numpy as np

    from checker.explain.model import LABEL_OF, _feature_names

    x = pipe.named_steps["features"].transform(records).tocsr()
    clf = pipe.named_steps["clf"]
    probas, classes, names = clf.predict_proba(x), [str(c) for c in clf.classes_], _feature_names(pipe)
    out = []
    for i, record in enumerate(records):
        k = int(np.argmax(probas[i]))
        label = LABEL_OF[classes[k]]
        p_sub = float(probas[i][classes.index("specific_cause")])
        row, coef = x[i], clf.coef_[k]
        contrib = []
        for j, v in zip(row.indices, row.data):
            if coef[j] * v > 0:
                contrib.append((coef[j] * v, names[j]))
        contrib.sort(reverse=True)
        why = plain_reasons(contrib, record, classes[k] == "specific_cause", top)
        out.append((label, classes[k], p_sub if label == "substantive" else 1.0 - p_sub, why))
    return out


def test_when_verdicts_are_explained_then_they_match_the_plain_computation(pipe, reason_records):
    from checker.explain.model import explain_many

    verdicts = explain_many(pipe, reason_records)
    assert [(v.label, v.subtype, v.probability, v.reasons) for v in verdicts] == _plain_verdicts(pipe, reason_records)


def test_when_doc_frequency_has_no_weight_then_remembered_verdicts_equal_fresh_ones(pipe, reason_records):
    from checker.explain.classify import _remembered, doc_frequency_matters
    from checker.explain.model import explain_many

    assert not doc_frequency_matters(pipe)  # the shipped model: the cache is in use
    fresh = [v.to_dict() | {"p": v.probability} for v in explain_many(pipe, reason_records)]
    varied = [dict(r, doc_frequency=7) for r in reason_records]
    for _ in range(2):  # cold, then every verdict from the cache
        assert [v.to_dict() | {"p": v.probability} for v in _remembered(pipe, varied)] == fresh


def test_when_doc_frequency_has_weight_then_verdicts_are_not_remembered(pipe, reason_records, monkeypatch):
    import copy

    import checker.explain.classify as classify
    from checker.document import Document
    from checker.explain.model import _feature_names

    weighted = copy.deepcopy(pipe)
    for attr in ("_checker_frequency_matters", "_checker_verdicts"):
        weighted.__dict__.pop(attr, None)
    weighted.named_steps["clf"].coef_[:, _feature_names(weighted).index("doc_frequency")] = [-3.0, 0.0, 0.0, 3.0]
    assert classify.doc_frequency_matters(weighted)
    monkeypatch.setattr(classify, "load", lambda: weighted)
    doc = Document.from_text("t.txt", "text", SEEDS[0].read_text(encoding="utf-8"))
    reasons = [doc.view.text[e.start:e.end] for e in doc.extraction.explanations]
    once = classify.classify_document(doc, {})
    often = classify.classify_document(doc, {classify.normalised_reason(r): 11 for r in reasons})
    assert [v.probability for v in once] != [v.probability for v in often]
    assert getattr(weighted, "_checker_verdicts", None) is None


# --- facts ------------------------------------------------------------------------------------------

def _plain_candidate_lines(text):
    pos, prev = 0, 0
    for line in text.split("\n"):
        if any(t in line for t in ("部门", "概况", "决算", "绩效", "构成")):
            yield prev, pos + len(line)
        prev = pos
        pos += len(line) + 1


def test_when_department_lines_are_found_by_one_scan_then_they_are_the_same():
    from checker.facts import _candidate_lines

    rnd = random.Random(4)
    pieces = ["部门", "概况", "决算", "绩效", "构成", "\n", "\n\n", "某某局", "2023年", " "]
    texts = _seed_views() + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(2000)]
    for text in texts:
        assert list(_candidate_lines(text)) == list(_plain_candidate_lines(text)), text


def test_when_department_patterns_need_their_tail_then_the_facts_are_unchanged(monkeypatch):
    import checker.facts as facts
    from checker.document import Document

    docs = [Document.from_text(f.name, "text", f.read_text(encoding="utf-8")) for f in SEEDS]
    docs += [Document.from_text("t.txt", "text", t) for t in (
        "武汉市某某局2023年度部门决算\n", "某某局\n2023 年度 单位决算", "某某局 2023年度整体绩效自评报告",
        "2023年某某中心部门决算", "某某局2023年部门决算数")]
    fast = [facts._department(d.view.text) for d in docs]
    monkeypatch.setattr(facts, "_PATTERN_TAILS", {})
    assert fast == [facts._department(d.view.text) for d in docs]


def test_every_match_of_a_department_pattern_holds_the_tail_it_is_filtered_by():
    import checker.facts as facts

    texts = [f.read_text(encoding="utf-8") for f in SEEDS] + [
        "武汉市某某局2023年度部门决算", "某某局 2023 年 单位决算", "某某局2023年度项目绩效评价报告", "编制部门：某某局\t单位：万元"]
    assert set(facts._PATTERN_TAILS) <= {p for _, p in facts.DEPARTMENT_PATTERNS}
    seen = 0
    for pattern, tail in facts._PATTERN_TAILS.items():
        for text in texts:
            for m in pattern.finditer(text):
                assert tail.search(m.group(0)), (pattern.pattern, m.group(0))
                seen += 1
    assert seen >= 4


def test_every_unit_starts_with_a_character_its_trigger_waits_for():
    import random

    import regex

    from checker.extract.recognizers.quantity import COUNT_UNITS, MEASURE_UNITS, first_chars

    rnd = random.Random(8)
    for units in (MEASURE_UNITS, COUNT_UNITS):
        starts = first_chars(units)
        pattern = regex.compile(rf"(?:{units})")
        texts = [f.read_text(encoding="utf-8") for f in SEEDS]
        texts += ["".join(rnd.choice("万m^²2㎡平方米公里千吨亩小时天人次台（套）(辆名个 ") for _ in range(8)) for _ in range(3000)]
        found = 0
        for text in texts:
            for m in pattern.finditer(text):
                assert m.group(0)[0] in starts, (units, m.group(0))
                found += 1
        assert found > 100


# --- clauses and roles ------------------------------------------------------------------------------

def test_when_boundaries_are_searched_backwards_then_they_are_the_last_ones():
    from checker.extract import CLAUSE_BOUNDARY, SENTENCE_BOUNDARY, SENTENCE_END, _boundary_before

    def plain(pattern, text, pos, floor):
        window_start = max(floor, pos - 400)
        last = None
        for m in pattern.finditer(text, window_start, pos):
            last = m
        return last.end() if last else window_start

    rnd = random.Random(5)
    for text in _seed_views():
        for _ in range(300):
            pos = rnd.randrange(len(text) + 1)
            floor = rnd.choice([0, max(0, pos - rnd.randrange(600))])
            for pattern in (CLAUSE_BOUNDARY, SENTENCE_BOUNDARY, SENTENCE_END):
                assert _boundary_before(pattern, text, pos, floor) == plain(pattern, text, pos, floor)


def test_when_a_role_is_remembered_then_it_is_the_one_decided_afresh():
    from checker.extract.roles import assign_role

    clauses = ["支出决算为", "比上年增加", "占本年支出的", "年初预算为", "完成年初预算的", "", "其中：", "较上年下降"]
    for hit_type in ("money", "percent", "pp", "residue"):
        for clause in clauses:
            first = assign_role(hit_type, clause)
            fresh = assign_role.__wrapped__(hit_type, clause)
            assert first[0] == fresh[0] and (first[1] and first[1].span()) == (fresh[1] and fresh[1].span())
            assert assign_role(hit_type, clause) is first


# --- tables -----------------------------------------------------------------------------------------

def test_when_a_cell_kind_is_remembered_then_it_is_the_one_read_afresh():
    from checker.tables.parse import _kind

    cells = ["", " ", "201", "20101", "2010101", "12", "1,171.58", "１２３．４５", "-3.5", "合计", "0.00", "3", "项目"]
    for text in cells + cells:
        assert _kind(text) == _kind.__wrapped__(text)
