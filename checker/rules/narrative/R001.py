from __future__ import annotations

from functools import lru_cache

import regex

from checker.chars import one_line
from checker.findings import Severity
from checker.lexicons import read_patterns
from checker.rules import NotApplicable, Rule, register
from checker.findings import Evidence
from checker.statements import clause_evidence
from checker.extract.anchored import occurrences, starting_with, tried_at

SOURCE_SLOT = regex.compile(r"(?<=\p{Han})[ \t\u3000]+。")
FIGURE_BEFORE = regex.compile(r"\d\s*\S{0,2}$")

KIND_ZH = {"choice": "二选一的模板词未删改", "placeholder": "占位符未填写", "instruction": "撰写提示未删除",
           "empty_slot": "空格未填数字", "duplicate": "词语重复", "residue_number": "数字未填完整",
           "truncated": "词语残缺"}


AMOUNT_AHEAD = r"(?=\s*[\d０-９][\d,，.]*\s*(?:万元|亿元|元))"
CUT_ENDINGS = ("支出", "收入")  # a term losing its last character here leaves a word that never precedes an amount


@lru_cache(maxsize=None)
def truncated_terms() -> regex.Pattern:
    """A standard subject name cut short right before its amount (基本支1,606.12万元): every subject alias
    ending in 支出/收入 without its last character, followed by an amount."""
    from checker.extract.subjects import _aliases

    stems = sorted({a[:-1] for a, _ in _aliases() if a.endswith(CUT_ENDINGS) and len(a) >= 4}, key=len, reverse=True)
    return regex.compile("(?:" + "|".join(regex.escape(s) for s in stems) + ")" + AMOUNT_AHEAD)


TRUNCATION_POINT = regex.compile("[支收]" + AMOUNT_AHEAD)  # where a cut 支出/收入 term would end


@lru_cache(maxsize=None)
def _stems_by_length() -> tuple[frozenset[str], tuple[int, ...]] | None:
    """The cut terms of ``truncated_terms`` as a set and their lengths, longest first; None when a term
    holds a digit or a blank (then a term could run on into an amount, and only the full pattern is safe)."""
    from checker.extract.subjects import _aliases

    stems = {a[:-1] for a, _ in _aliases() if a.endswith(CUT_ENDINGS) and len(a) >= 4}
    if any(ch.isdigit() or ch.isspace() for s in stems for ch in s):
        return None
    return frozenset(stems), tuple(sorted({len(s) for s in stems}, reverse=True))


def truncated_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``truncated_terms().finditer(text)`` gives, found backwards from the few places where a
    cut term can end (支 or 收 right before an amount) instead of trying every term at every position.

    Every term ends in 支 or 收 and holds no digit or blank, so two matches cannot overlap and the
    leftmost match ending at a point is the longest term ending there."""
    index = _stems_by_length()
    if index is None:
        return [m.span() for m in truncated_terms().finditer(text)]
    stems, lengths = index
    out: list[tuple[int, int]] = []
    last = 0
    for point in TRUNCATION_POINT.finditer(text):
        end = point.end()
        for n in lengths:
            if end - n >= last and text[end - n:end] in stems:
                out.append((end - n, end))
                last = end
                break
    return out


@lru_cache(maxsize=None)
def residue_patterns() -> tuple[tuple[str, regex.Pattern], ...]:
    return read_patterns("residue_patterns.tsv", "kind", KIND_ZH, pattern_column="pattern")


# Residue patterns every match of which starts with one of a few words (see checker/extract/anchored.py): by
# the exact text of the pattern in residue_patterns.tsv (a row that is changed is scanned the plain way).
# Only patterns whose words are rare are listed: tried at each of several hundred brackets or commas, a
# pattern costs more than its scan.
STARTS_WITH: dict[str, tuple[str, ...]] = {
    r"增加\s*[（(]\s*减少\s*[)）]|减少\s*[（(]\s*增加\s*[)）]": ("增加", "减少"),
    r"大\s*[（(]\s*小\s*[)）]\s*于|小\s*[（(]\s*大\s*[)）]\s*于": ("大", "小"),
    r"大于\s*[（(]\s*小于\s*[)）]|小于\s*[（(]\s*大于\s*[)）]|大于\s*[（(]\s*等于\s*[)）]": ("大于", "小于"),
    r"增长\s*[（(]\s*下降\s*[)）]|下降\s*[（(]\s*增长\s*[)）]|上升\s*[（(]\s*下降\s*[)）]|增\s*[（(]\s*减\s*[)）]":
        ("增", "下降", "上升"),
    r"[×xX]{2,}\s*(?:部门|单位|万元|元|项目|年|%)|某某|XX|xx": ("×", "x", "X", "某某"),
    r"(?P<w>主要是用于|主要原因是|主要用于|支出|收入|经费|预算|决算|项目)(?P=w)":  # a word written twice
        tuple(w + w for w in ("主要是用于", "主要原因是", "主要用于", "支出", "收入", "经费", "预算", "决算", "项目")),
}


BLANK_STOP = r"[：:]\s*[。；]|(?<=[\p{Han}])\s+[。](?=\S)"  # an empty slot before a full stop (the costliest scan)
_BLANKS_BACK = regex.compile(r"\s*", regex.REVERSE)


def blank_stop_starts(text: str) -> list[int]:
    """Where a match of ``BLANK_STOP`` can start, ascending: every match ends in 。 or ；, right after a run of
    blanks (``\\s``) that a colon or a Chinese character precedes; the match starts at the colon, or at the
    run. Most stops follow a character that is neither a colon nor a blank: only the others are looked at
    (``str.isspace`` holds for every character ``\\s`` matches, as tests/test_fast_paths_check6.py checks)."""
    out: list[int] = []
    for e in occurrences(text, ("。", "；")):
        before = text[e - 1] if e else ""
        if before in ("：", ":"):
            out.append(e - 1)
        elif before.isspace():
            w = _BLANKS_BACK.match(text, 0, e).start()  # the run of blanks before the stop
            if w < e:
                if w and text[w - 1] in "：:":
                    out.append(w - 1)
                out.append(w)
    return out


# empty slots after a verb ("为万元。", "达 %，"): every match starts with one of the verbs, then blanks or the
# first character of a unit
EMPTY_SLOTS = (r"(?<!单位\s*)(?:为|是|达|共|计|约)\s*(?:万元|亿元|元|%|％|分|个|辆|人次|次)(?=[，。；,;])",
               r"(?<!单位\s*)(?:为|是|达|共|计|约)\s*(?:万元|亿元|元)(?=\p{Han})(?![旦宵素首以])")
SLOT_VERBS = ("为", "是", "达", "共", "计", "约")
SLOT_UNIT_FIRST = frozenset("万亿元%％分个辆人次")


@lru_cache(maxsize=1)  # the two EMPTY_SLOTS patterns of one text ask in turn
def empty_slot_starts(text: str) -> list[int]:
    """Where a match of an ``EMPTY_SLOTS`` pattern can start, ascending: at a verb followed by a blank
    (``str.isspace`` takes every ``\\s``) or by the first character of a unit."""
    out: list[int] = []
    for k in occurrences(text, SLOT_VERBS):
        after = text[k + 1:k + 2]
        if after in SLOT_UNIT_FIRST or after.isspace():
            out.append(k)
    return out


# a choice left in ("增减少", "持平（增加", "（增加/减少）"): at 增减, at 持平, or at the bracket before 增加 and its blanks
CHOICE_CHANGE = r"增减少|增减了|持平\s*[（(]\s*增加|[（(]\s*增加\s*/\s*减少\s*[)）]"


def choice_change_starts(text: str) -> list[int]:
    """Where a match of ``CHOICE_CHANGE`` can start, ascending."""
    out = occurrences(text, ("增减", "持平"))
    for k in occurrences(text, ("增加",)):
        w = _BLANKS_BACK.match(text, 0, k).start()
        if w and text[w - 1] in "（(":
            out.append(w - 1)
    return sorted(set(out))


def residue_spans(pattern: regex.Pattern, text: str) -> list[tuple[int, int]]:
    """Where ``pattern`` (a residue pattern) occurs in ``text``: found from its words when ``STARTS_WITH``
    lists them, from the places it can start for ``BLANK_STOP``, ``EMPTY_SLOTS`` and ``CHOICE_CHANGE``, else
    by scanning (:func:`residue_spans_plain`)."""
    literals = STARTS_WITH.get(pattern.pattern)
    if literals is not None:
        return [m.span() for m in starting_with(pattern, text, literals)]
    if pattern.pattern == BLANK_STOP:
        starts = blank_stop_starts(text)
    elif pattern.pattern in EMPTY_SLOTS:
        starts = empty_slot_starts(text)
    elif pattern.pattern == CHOICE_CHANGE:
        starts = choice_change_starts(text)
    else:
        return residue_spans_plain(pattern, text)
    return [m.span() for m in tried_at(pattern, text, starts)]


def residue_spans_plain(pattern: regex.Pattern, text: str) -> list[tuple[int, int]]:
    """Where ``pattern`` occurs in ``text``, the plain way."""
    return [m.span() for m in pattern.finditer(text)]


@register
class TemplateResidue(Rule):
    """模板残留：二选一的词没删（增加(减少)、大(小)于）、占位符（XX、某某）、撰写提示、空着的数字、0.万元。

    为什么
    部门决算说明由模板改写而来。留下“增加(减少)”“(具体增减原因由部门单位根据实际情况填列)”或“自评得分为分”，
    说明这一段没有按本单位实际情况填写，数字和原因都需要重新核实。

    反例
    比2022年度决算数增加(减少) 0.万元。增加(减少)主要原因是……(具体增减原因由部门单位根据实际情况填列)
    经综合评价，自评得分为分。

    正例
    比2022年度决算数减少 91.80 万元，减少的主要原因是人员减少。
    """

    code = "R001"
    name = "residue.template"
    category = "template_residue"
    severity = Severity.WARNING
    title = "模板残留"

    def check(self, doc):
        text = doc.view.text
        from checker.extract import narrative

        allowed = narrative(doc)  # the same test extraction used, made once per document
        excluded = allowed.excluded
        if not text.strip():
            raise NotApplicable("没有正文")
        seen: list[tuple[int, int]] = []
        hits = []
        found = [(kind, residue_spans(pattern, text)) for kind, pattern in residue_patterns()]
        for kind, spans in found + [("truncated", truncated_spans(text))]:
            for start, end in spans:
                if not allowed(start) or any(s < end and start < e for s, e in seen):
                    continue
                seen.append((start, end))
                hits.append((start, end, kind))
        for mention in doc.extraction.mentions:
            if mention.type == "residue" and not any(s < mention.end and mention.start < e for s, e in seen):
                hits.append((mention.start, mention.end, "residue_number"))
        for start, end, kind in sorted(hits):
            ev = clause_evidence(doc, start, end)
            quoted = one_line(ev.text.strip())  # the evidence keeps the source's line breaks
            yield self.finding(f"{KIND_ZH[kind]}：“{quoted}”。", [ev], found=quoted, expected="按实际情况填写后的文字")
        # a blank left before the full stop ("来访对象 。") only shows in the source: the view drops spaces
        for index in slot_lines(doc):
            line = doc.lines[index]
            if index in excluded:
                continue
            for m in SOURCE_SLOT.finditer(line.text):
                if FIGURE_BEFORE.search(line.text[max(0, m.start() - 5):m.start()]):
                    continue  # "0 万元 ." : a figure with a stray space, not a blank slot
                start = line.start + max(0, m.start() - 4)
                loc = doc.locate(start, line.start + m.end())
                yield self.finding(f"{KIND_ZH['empty_slot']}：“{loc.text}”（句号前留有空白）。",
                                   [Evidence.from_location(loc)], found=loc.text, expected="按实际情况填写后的文字")


SLOT_ENDS = (" 。", "\t。", "\u3000。")  # every SOURCE_SLOT match ends with one of these


def slot_lines(doc) -> list[int]:
    """The lines, in order, that may hold a blank before a full stop (``SOURCE_SLOT``): those holding one
    of ``SLOT_ENDS``, found in the source rather than by searching every line."""
    source = doc.source
    hits: list[int] = []
    for end in SLOT_ENDS:
        pos = source.find(end)
        while pos != -1:
            hits.append(pos)
            pos = source.find(end, pos + 1)
    out: list[int] = []
    line, counted = 0, 0  # the line of source offset ``counted``
    for pos in sorted(hits):
        line += source.count("\n", counted, pos)
        counted = pos
        if not out or out[-1] != line:
            out.append(line)
    return out
