from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from checker.chars import fold_text
from checker.findings import Evidence, Severity
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative._performance import (NUM, ScoreRow, dec, performance_terms, read_forms, trim,
                                                  word_positions)

PER_YEAR = regex.compile(r"/年$")
SPACES = regex.compile(r"\s+")
DIGIT = regex.compile(r"\d")
SENTENCE = regex.compile(r"[^。！？\n]+")
SENTENCE_STOP = regex.compile(r"[。！？\n]")  # what ends a SENTENCE
LAST_STOP = regex.compile(SENTENCE_STOP.pattern, regex.REVERSE)
TARGET_WORDS = ("目标", "指标值")  # every prose pair names one (its 目标/目标值/指标值)


MONEY_UNITS = ("元", "万元", "亿元", "千元", "美元", "万美元", "亿美元")
UNIT = r"[%‰㎡²\p{Han}a-zA-Z/]{0,6}?"
OP_NAMES = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}


@dataclass(frozen=True)
class Value:
    op: str | None  # ge | gt | le | lt | eq | None (a bare figure)
    number: Decimal
    unit: str
    text: str


@lru_cache(maxsize=None)
def _ops() -> tuple[tuple[str, str], ...]:
    """(comparison word, ge | gt | le | lt | eq), longest word first (the lexicon is read once)."""
    t = performance_terms()
    pairs = [(term, kind[3:]) for kind in ("op_ge", "op_gt", "op_le", "op_lt", "op_eq") for term in t[kind]]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


@lru_cache(maxsize=None)
def _value_pattern() -> regex.Pattern:
    """A value after its comparison word: number, unit, then perhaps 以上/以内…"""
    terms = performance_terms()
    suffixes = "|".join(regex.escape(s) for s in terms["suffix_ge"] + terms["suffix_le"])
    return regex.compile(rf"(?P<n>{NUM})(?P<u>{UNIT})(?P<suf>{suffixes})?")


@lru_cache(maxsize=None)
def _prose_patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """The prose target/actual pair ("目标值为≥90%，实际完成值为 85%"), a met claim, an unmet word."""
    terms = performance_terms()
    met = "|".join(regex.escape(w) for w in terms["met"])
    unmet = "|".join(regex.escape(w) for w in terms["unmet"])
    ops = "|".join(regex.escape(t) for t, _ in _ops())
    pair = regex.compile(
        rf"(?:年初|年度)?(?:目标值|指标值|目标)(?:为|是|设定为|设置为)?[:：]?\s*(?P<t>(?:{ops})?\s*(?:{NUM})[^，,；;。\s]{{0,8}})"
        rf"\s*[，,；;]\s*(?:实际)?(?:完成值|完成|达到|为)(?:为|是)?[:：]?\s*(?P<a>(?:{NUM})\s*[^，,；;。\s]{{0,8}})")
    return pair, regex.compile(met), regex.compile(unmet)


def _unit(u: str) -> str:
    u = u.replace("％", "%").replace("平方米", "㎡").replace("m²", "㎡")
    if u == "万":
        return "万元"
    return PER_YEAR.sub("", u)


@lru_cache(maxsize=4096)
def parse_value(text: str) -> Value | None:
    """'≥95%' → (ge, 95, %); '85分以上' → (ge, 85, 分); '完成' / '约 57107㎡' / '12月31日之前' → None.

    Remembered per text (a form repeats its targets and values: ≥90%, 100%; the terms it reads,
    ``performance_terms``, are read once per process: whoever reads them again must clear this cache too):
    the Value is shared, read it and never change it."""
    t = SPACES.sub("", fold_text(text)).replace("％", "%")
    terms = performance_terms()
    if any(w in t for w in terms["approx"]):
        return None
    op = None
    for term, kind in _ops():
        if t.startswith(term):
            op, t = kind, t[len(term):]
            break
    m = _value_pattern().fullmatch(t)
    if not m:
        return None
    unit = m.group("u")
    if DIGIT.search(unit) or any(w in unit for w in ("完成", "前", "后", "内", "季度", "月底")):
        return None
    suf = m.group("suf")
    if suf:
        op = op or ("ge" if suf in terms["suffix_ge"] else "le")
    return Value(op, dec(m.group("n")), _unit(unit), text)


def target_missed(target: Value, actual: Value, name: str) -> bool | None:
    """True when the actual value misses the target, False when it meets it, None when they cannot be compared."""
    if target.unit != actual.unit:
        return None
    if actual.op not in (None, "eq"):
        # "85分以上" against "≥85分": a bound, comparable only in the target's direction
        if actual.op in ("ge", "gt") and target.op in ("ge", "gt"):
            return actual.number < target.number or (target.op == "gt" and actual.number == target.number)
        if actual.op in ("le", "lt") and target.op in ("le", "lt"):
            return actual.number > target.number or (target.op == "lt" and actual.number == target.number)
        return None
    op = target.op
    if op is None or op == "eq":
        if target.unit in MONEY_UNITS:
            return None  # a bare amount may be a budget ceiling or a sum to pay out: direction unknown
        lower = any(w in name for w in performance_terms()["lower_better"])
        op = "le" if (lower or target.number == 0) else "ge"
    a, t = actual.number, target.number
    return {"ge": a < t, "gt": a <= t, "le": a > t, "lt": a >= t}[op]


def op_text(v: Value) -> str:
    return f"{OP_NAMES.get(v.op or '', '')}{trim(v.number)}{v.unit}"


@register
class TargetCalledMetButMissed(Rule):
    """绩效指标的实际完成值未达到年初目标值，却给了满分或写“完成年初目标”。

    为什么
    自评表和自评报告逐项对比年初目标值与实际完成值。数量、比率类指标可以直接比较：目标“≥30个”、实际“8个”
    就是没有完成，这一项不应得满分，文字也不能写“完成年初目标”；标为“未完成”的指标同样不应得满分。
    定性目标（优、良、合格、达标、完成等）无法比较，不在此列。

    反例
    数量指标	帮助村集体建设、发展产业扶贫项目	≥30个	8个	10
    （目标不少于 30 个，实际 8 个，却与其他完成的指标一样得 10 分）
    服务对象满意度年初目标值为≥90%，实际完成值为 85%，完成年初目标。

    正例
    数量指标	帮助村集体建设、发展产业扶贫项目	≥30个	8个	1
    党建培训活动覆盖率（3分） ≥90% 95% 3
    """

    code = "P003"
    name = "performance.target_met"
    category = "narrative_internal"
    severity = Severity.WARNING
    title = "未达目标却称完成"

    def check(self, doc):
        self.compared = 0
        forms = read_forms(doc)
        rows = [(f, r) for f in forms for r in f.rows]
        findings = []
        for form in forms:
            findings += list(self._form(doc, form))
        prose = list(self._prose(doc))
        findings += prose
        if not rows and not self.compared:
            raise NotApplicable("没有可对比的绩效指标年初目标值与实际完成值")
        if not self.compared:
            raise NotApplicable("绩效指标的目标值均为定性表述或单位不同，无法与实际完成值比较")
        return findings

    @staticmethod
    def _ev(doc, cell) -> Evidence:
        return Evidence.from_location(doc.locate(cell.start, cell.end))

    def _form(self, doc, form):
        where = f"《{form.title}》" if form.title else "绩效自评表"
        judged = []  # (row, missed or None)
        for row in form.rows:
            target, actual = parse_value(row.target.text), parse_value(row.actual.text)
            missed = None
            if target is not None and actual is not None:
                missed = target_missed(target, actual, row.name)
                if missed is not None:
                    self.compared += 1
            judged.append((row, target, actual, missed))
        for row, target, actual, missed in judged:
            unmet_word = next((w for w in performance_terms()["unmet"] if w in row.actual.text), None)
            if unmet_word:
                self.compared += 1
            if not missed and not unmet_word:
                continue
            full, how = self._full_score(row, judged)
            if not full:
                continue
            name = self._short(row.name)
            if missed:
                msg = (f"{where}中“{name}”年初目标值 {row.target.text}，实际完成值 {row.actual.text}，未达到目标，"
                       f"却得 {trim(row.score.value)} 分（{how}）。")
                arithmetic = f"{trim(actual.number)}{actual.unit} 不满足 {op_text(target)}"
            else:
                msg = f"{where}中“{name}”实际完成情况写“{row.actual.text}”，却得 {trim(row.score.value)} 分（{how}）。"
                arithmetic = None
            ev = [self._ev(doc, row.target), self._ev(doc, row.actual), self._ev(doc, row.score)]
            if row.weight is not None:
                ev.append(self._ev(doc, row.weight))
            yield self.finding(msg, ev, expected="低于该项分值的得分", found=f"{trim(row.score.value)} 分",
                               arithmetic=arithmetic)

    @staticmethod
    def _full_score(row: ScoreRow, judged) -> tuple[bool, str]:
        """Is the row's score a full score? By its stated weight, else by the score the block gives its
        indicators that were met in full."""
        if row.weight is not None:
            return row.score.value >= row.weight.value, f"满分 {trim(row.weight.value)} 分"
        met_scores = []
        for other, _, _, missed in judged:
            if other is row or other.block != row.block:
                continue
            met_text = other.target.text.replace(" ", "") == other.actual.text.replace(" ", "")
            if missed is False or met_text:
                met_scores.append(other.score.value)
        if len(met_scores) < 3:
            return False, ""
        top = max(met_scores)
        if row.score.value >= top and sum(1 for s in met_scores if s == top) >= 2:
            return True, f"与同一目标下完成目标的指标同为最高分 {trim(top)} 分"
        return False, ""

    @staticmethod
    def _short(name: str) -> str:
        parts = SPACES.sub(" ", name).strip().split(" ")
        return parts[-1] if parts else name

    # -- prose: "满意度年初目标值为≥90%，实际完成值为 85%，完成年初目标" --
    def _prose(self, doc):
        text = doc.view.text  # width-folded already: fold_text would give it back unchanged
        pair, met, unmet = _prose_patterns()
        for base, end in target_sentences(text):
            sent = text[base:end]
            for m in pair.finditer(sent):
                target, actual = parse_value(m.group("t")), parse_value(m.group("a"))
                if target is None or actual is None:
                    continue
                name = sent[:m.start()]
                missed = target_missed(target, actual, name)
                if missed is None:
                    continue
                self.compared += 1
                tail = sent[m.end():]
                claim = met.search(tail)
                if not missed or not claim or unmet.search(sent):
                    continue
                ev = [Evidence.from_location(doc.locate_view(base + m.start("t"), base + m.end("t"))),
                      Evidence.from_location(doc.locate_view(base + m.start("a"), base + m.end("a"))),
                      Evidence.from_location(doc.locate_view(base + m.end() + claim.start(), base + m.end() + claim.end()))]
                yield self.finding(
                    f"目标值 {m.group('t').strip()}，实际完成值 {m.group('a').strip()}，未达到目标，文中却称“{claim.group()}”。",
                    ev, expected="写明未完成及原因", found=claim.group(),
                    arithmetic=f"{trim(actual.number)}{actual.unit} 不满足 {op_text(target)}")


def target_sentences(text: str) -> list[tuple[int, int]]:
    """The spans, in order, of the sentences (``SENTENCE`` matches) that hold 目标 or 指标值 (``TARGET_WORDS``),
    found from the words out to the sentence ends instead of splitting the whole text: a sentence is a
    maximal run of characters other than 。！？ and line breaks, and neither word holds one of those."""
    hits = word_positions(text, TARGET_WORDS)
    out: list[tuple[int, int]] = []
    for pos in hits:
        if out and pos < out[-1][1]:
            continue  # in the sentence just found
        before = LAST_STOP.search(text, 0, pos)
        after = SENTENCE_STOP.search(text, pos)
        out.append((before.end() if before else 0, after.start() if after else len(text)))
    return out

