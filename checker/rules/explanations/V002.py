from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

import regex

from checker.findings import Severity
from checker.explain.features import boilerplate_phrases
from checker.lexicons import read_grouped
from checker.rules import NotApplicable, Rule, register
from checker.rules.narrative.B001 import breakdowns
from checker.rules.narrative._common import in_attachment
from checker.statements import clause_evidence

SPACES = regex.compile(r"\s+")
NAME_SEPARATORS = regex.compile(r"[|、（）()“”\"]+")
HAN = regex.compile(r"\p{Han}")


CLAUSE = regex.compile(r"[，,；;。：:！？!?]")
LIST_MARK = regex.compile(r"^(?:[一二三四五六七八九十]是|\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[①-⑩])")
CONNECTIVE = "和及与的、"
MIN_DISTINCT = 6  # Han characters a shared clause must keep once stock phrases are removed
NEAR_VERBATIM = 0.85  # difflib ratio above which two clauses are the same clause
ITEM_KINDS = ("classification", "project", "quoted", "item")


@lru_cache(maxsize=None)
def _words() -> dict[str, tuple[str, ...]]:
    words = read_grouped("explanation_copy.tsv", ("name_word", "reason_phrase"))
    phrases = words["reason_phrase"] + boilerplate_phrases()
    return {"name_word": words["name_word"],
            "reason_phrase": tuple(sorted(dict.fromkeys(phrases), key=len, reverse=True))}


@lru_cache(maxsize=None)
def _leaf_parts() -> frozenset[str]:
    """Lexicon subjects that are parts of a breakdown and never totals (基本支出, 公务接待费 …)."""
    rows = breakdowns()
    return frozenset({p for _, _, parts in rows for p in parts} - {total for total, _, _ in rows})


FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
# any character FULL_WIDTH changes: most reasons hold none, and str.translate looks up every character
# of a Chinese text (several µs a reason)
HALF_WIDTH = regex.compile("[" + regex.escape("".join(chr(c) for c in FULL_WIDTH)) + "]")


def _norm(text: str) -> str:
    text = SPACES.sub("", text)
    return text.translate(FULL_WIDTH) if HALF_WIDTH.search(text) else text


def _mask(text: str, words) -> str:
    for w in words:
        text = text.replace(w, "|" * len(w))
    return text


@lru_cache(maxsize=4096)
def content_words(subject: str) -> tuple[str, ...]:
    """The words of a subject's names that say what it is for: 机关事业单位基本养老保险缴费支出 → 基本养老保险."""
    out = []
    for name in subject.split("/"):
        for chunk in NAME_SEPARATORS.split(_mask(_norm(name), _words()["name_word"])):
            if len(chunk) >= 2:
                out.append(chunk)
    return tuple(out)


@lru_cache(maxsize=None)
def _generic_words() -> frozenset[str]:
    return frozenset(_words()["name_word"])


@lru_cache(maxsize=8192)
def _terms(text: str, words: tuple[str, ...]) -> frozenset[str]:
    """The longest pieces (2+ Han characters, not generic) that ``text`` shares with any of ``words``."""
    generic = _generic_words()
    found: set[str] = set()
    for w in words:
        for size in range(len(w), 1, -1):
            for i in range(len(w) - size + 1):
                piece = w[i:i + size]
                if piece in generic or piece[0] in CONNECTIVE or piece[-1] in CONNECTIVE:
                    continue
                if piece in text and not any(piece in f for f in found):
                    found.add(piece)
    return frozenset(f for f in found if not any(f != g and f in g for g in found))


def subject_label(subject: str) -> str:
    """卫生健康支出/行政事业单位医疗/事业单位医疗 → 卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）"""
    parts = subject.split("/")
    if len(parts) == 1:
        return subject
    return "".join(f"{p}（{level}）" for p, level in zip(parts, "类款项"))


@lru_cache(maxsize=4096)
def _clauses(reason: str) -> tuple[str, ...]:
    return tuple(LIST_MARK.sub("", c) for c in CLAUSE.split(reason) if c.strip())


@lru_cache(maxsize=8192)
def _distinct(clause: str) -> int:
    return len(HAN.findall(_mask(clause, _words()["reason_phrase"])))


@lru_cache(maxsize=4096)
def distinctive_clauses(reason: str) -> tuple[str, ...]:
    """The clauses of a reason, in order, that keep ``MIN_DISTINCT`` Han characters once stock phrases are
    removed: the only ones ``_copied`` compares with another reason's."""
    return tuple(c for c in _clauses(reason) if _distinct(c) >= MIN_DISTINCT)


def _ratio(matches: int, length: int) -> float:
    """difflib's ratio of ``matches`` shared elements in two sequences of ``length`` elements together."""
    return 2.0 * matches / length if length else 1.0


@lru_cache(maxsize=8192)
def _counts(text: str) -> Counter:
    """The characters of ``text`` counted, remembered per text. The Counter is shared by every caller:
    read it (``&`` makes a new one), never change it."""
    return Counter(text)


def _shared(a: str, b: str) -> int:
    """The characters ``a`` and ``b`` have in common, counted with repeats: ``sum((_counts(a) & _counts(b))
    .values())``, summed from the smaller count instead of building the intersection's Counter."""
    ca, cb = _counts(a), _counts(b)
    if len(cb) < len(ca):
        ca, cb = cb, ca
    get = cb.get
    return sum([min(n, get(c, 0)) for c, n in ca.items()])


@lru_cache(maxsize=8192)
def _near(a: str, b: str) -> bool:
    """Near-verbatim: difflib's ratio at least NEAR_VERBATIM. Its cheap upper bounds come first, computed
    without building the matcher: ``real_quick_ratio`` (the shorter length) and ``quick_ratio`` (the
    characters the two share, counted with repeats). Remembered per pair: the clauses of one reason are
    compared with those of every other."""
    length = len(a) + len(b)
    if _ratio(min(len(a), len(b)), length) < NEAR_VERBATIM:
        return False
    if _ratio(_shared(a, b), length) < NEAR_VERBATIM:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_VERBATIM


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _naming_index(items) -> dict[str, set[int]]:
    """Each pair of adjacent characters in the content words of the items' subjects → the places of the
    items (``CopiedExplanation._items``) whose subject's content words hold it."""
    index: dict[str, set[int]] = {}
    for k, (_, _, words) in enumerate(items):
        for w in words:
            for pair in _bigrams(w):
                index.setdefault(pair, set()).add(k)
    return index


def _named_items(index: dict[str, set[int]], clauses: tuple[str, ...]) -> set[int]:
    """The places of the items whose subject's content words share a pair of adjacent characters with one
    of ``clauses``: the only others whose words ``_copied`` can find in a clause (``_terms`` finds pieces
    of two or more characters of the words, and such a piece holds a pair of them)."""
    out: set[int] = set()
    for clause in clauses:
        for pair in _bigrams(clause):
            found = index.get(pair)
            if found:
                out |= found
    return out


def _related(a: str, b: str) -> bool:
    """The same subject, or one a 类/款 of the other: a class's change may be explained by its item's."""
    pa, pb = a.split("/"), b.split("/")
    n = min(len(pa), len(pb))
    return pa[:n] == pb[:n]


@register
class CopiedExplanation(Rule):
    """差异原因说明疑似从其他科目照搬：与另一科目的原因说明中同一具体说法雷同，而说法讲的是那个科目的事。

    为什么
    逐项说明预算与决算差异时，单位常复制上一条的原因再改科目名，漏改的原因说的是别的科目的事，
    既没有解释本科目的差异，也说明这段文字没人核对过。“按政策规定，追加财政拨款预算……”这类通用说法
    在各科目间重复是常见的（空泛与否由 V001 判断），本规则只在两条原因共有一个具体的分句、
    且分句里点到的是另一科目的名称（如“养老保险”）、本条原因又只字未提本科目时提示。

    反例
    20. 社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）……
    主要原因是新进人员及养老保险缴费基数调整。
    37. 卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）……主要原因是：按政策规定，
    新进人员及养老保险缴费基数调整。

    正例
    36. 卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）……主要原因是新进人员及医疗保险缴费基数调整。
    37. 卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）……主要原因是新进人员及医疗保险缴费基数调整。
    """

    code = "V002"
    name = "explanation.copied"
    category = "vague_explanation"
    severity = Severity.WARNING
    title = "原因说明照搬其他科目"

    def check(self, doc):
        items = self._items(doc)
        if len(items) < 2:
            raise NotApplicable("没有两条以上针对具体科目的原因说明")
        naming = _naming_index(items)
        for own in items:
            hit = None
            if _terms(own[1], own[2]):
                continue  # the reason speaks of its own subject: adapted, not copied (see ``_copied``)
            clauses = distinctive_clauses(own[1])
            if not clauses:
                continue  # no clause of it could be a copy (``_copied`` would find none with any other)
            named = _named_items(naming, clauses)
            for k, other in enumerate(items):
                if k not in named or other is own or _related(own[0].subject, other[0].subject):
                    continue
                hit = self._copied(own, other, clauses)
                if hit:
                    break
            if hit is None:
                continue
            other, clause, names = hit
            e, reason, _ = own
            o, other_reason, _ = other
            words = "、".join(f"“{w}”" for w in sorted(names, key=clause.find))
            yield self.finding(
                f"{subject_label(e.subject)}的原因说明“{clause}”与{subject_label(o.subject)}的原因说明雷同，其中{words}是后者的内容，"
                f"与本科目无关，本条原因也未提及本科目：疑似从其他科目照搬，请单位核实并写明本科目差异的原因。",
                [self._evidence(doc, e), self._evidence(doc, o)],
                expected=f"{e.subject.split('/')[-1]}本身的差异原因", found=reason)

    @staticmethod
    def _evidence(doc, e):
        text = doc.view.text
        start, end = e.start, e.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return clause_evidence(doc, start, end)

    @staticmethod
    def _items(doc):
        """(explanation, normalised reason, content words of its subject) for reasons about one specific
        subject: a 类/款/项, a project, or a part of a breakdown (not a total, which restates its parts' reasons)."""
        mentions = {m.id: m for m in doc.extraction.mentions}
        out = []
        for e in doc.extraction.explanations:
            if not e.subject or e.end <= e.start or in_attachment(doc, e.cue_start):
                continue
            kinds = {mentions[i].subject_kind for i in e.mentions if i in mentions and mentions[i].subject == e.subject}
            if not (kinds & set(ITEM_KINDS) or e.subject in _leaf_parts()):
                continue
            words = content_words(e.subject)
            if words:
                out.append((e, _norm(doc.view.text[e.start:e.end]), words))
        return out

    @staticmethod
    def _copied(own, other, clauses: tuple[str, ...] | None = None):
        """(other, the shared clause, the other subject's words it names) when ``own`` took a distinctive
        clause of ``other``'s reason that speaks of ``other``'s subject and ``own``'s reason never names its own.

        ``clauses``: ``distinctive_clauses`` of ``own``'s reason, when the caller has them and has already
        found that the reason does not name its own subject."""
        _, reason, own_words = own
        _, other_reason, other_words = other
        if clauses is None:
            if _terms(reason, own_words):
                return None  # the reason speaks of its own subject: adapted, not copied
            clauses = distinctive_clauses(reason)
        for clause in clauses:
            for theirs in _clauses(other_reason):
                if clause not in theirs and not _near(clause, theirs):
                    continue
                names = {t for t in _terms(clause, other_words) if t in theirs and not _terms(t, own_words)}
                if names:
                    return other, clause, names
        return None
