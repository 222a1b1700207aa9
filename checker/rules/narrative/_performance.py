"""Reading performance self-evaluation forms (绩效自评表) and the score statements of self-evaluation reports.

P002 (scores that do not add up) and P003 (targets called met that their values miss) read the same rows.
Forms are read on the raw source lines: their cells must not be reflowed, and text layouts keep the spaces
between cells that the analysis view drops.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import regex

from checker.chars import BLANKS, ZERO_WIDTH, fold_keeping_offsets, fold_text
from checker.extract.anchored import occurrences
from checker.lexicons import read_grouped

ENDS_WITH_DIGIT = regex.compile(r"\d$")
TITLE_BREAKER = regex.compile(r"[《》。；，,]")
SENTENCE_PUNCT = regex.compile(r"[。；，,]")
NOT_A_NAME = regex.compile(r"[。；;]|^(?:其中|合计)")
ENDS_WITH_COMMA = regex.compile(r"[，,]$")
SENTENCE = regex.compile(r"[^。！？\n]+[。！？]?")
CLAUSE_SEP = regex.compile(r"[，,；;:：]")
SELF_EVALUATION_WORD = regex.compile(r"自评|绩效|评价")
SUBJECT_NOISE = regex.compile(r"\d{4}\s*年度?|[（(]以下简称[^）)]*[）)]|本项目|\s")
LEADING_QUALIFIER = regex.compile(r"^(?:其中|[:：，,；;])+")


TERM_KINDS = ("op_ge", "op_gt", "op_le", "op_lt", "op_eq", "suffix_ge", "suffix_le", "approx", "met", "unmet",
              "lower_better", "total", "weight")


@lru_cache(maxsize=None)
def performance_terms() -> dict[str, tuple[str, ...]]:
    return read_grouped("performance_terms.tsv", TERM_KINDS)


def _alt(kind: str) -> str:
    return "|".join(regex.escape(t) for t in performance_terms()[kind])


NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCORE_CELL = regex.compile(rf"^(?P<n>{NUM})\s*分?$")
WEIGHT_IN_NAME = regex.compile(rf"[（(]\s*(?P<w>{NUM})\s*分\s*[)）]")
UNIT_ONLY = regex.compile(r"^(?:%|％|‰|[万亿千]?元|万|[万亿]?美元|个|次|人次|人|件|篇|条|天|日|户|家|场|期|项|处|吨|辆|所|名|台|套|起|"
                          r"分|小时|个月|月|年|批|轮|册|份|㎡|m²|平方米|公里|米)(?:/[年月日周])?$")
OP_ONLY = regex.compile(r"^(?:≥|≤|≧|≦|>|<|＞|＜|=|＝|>=|<=)$")
FORM_TITLE = regex.compile(r"(?:自评表|评价表|自评情况表)(?:[（(][^）)]{0,12}[）)])?$")
BUDGET_HEADER = regex.compile(r"预算执行(?:情|率)")
BUDGET_ROW = regex.compile(
    rf"(?P<a>{NUM})\s*(?:万元|元)?\s+(?P<b>{NUM})\s*(?:万元|元)?\s+(?P<r>{NUM})\s*(?P<pct>[%％])?"
    rf"(?:\s+(?P<s>{NUM})\s*分?)?\s*$")
BUDGET_WEIGHT = regex.compile(rf"[（(]\s*(?P<w>{NUM})\s*分\s*(?:[)）]|[*×xX＊])")
BLOCK_HEADER = regex.compile(
    rf"^(?:项目)?年度(?:绩效)?\s*(?:总)?目\s*标\s*\d*\s*[:：]?\s*[（(]\s*(?P<w>{NUM})\s*(?:分)?\s*(?:[)）]|$)")
INDICATOR_HEADER_WORDS = ("目标值", "指标值", "完成值", "三级指标", "指标名称")
END_WORDS = ("偏差", "改进措施", "附件", "存在的问题", "问题及", "原因分析")
END_MARK = regex.compile(r"^(?:<p>)?(?:" + "|".join(END_WORDS) + ")")
END_WORD = regex.compile("|".join(END_WORDS))
HEADER_TOTAL = regex.compile(rf"(?:总分|自评得分|总得分|综合得分)\s*[:：]\s*(?P<t>{NUM})\s*分?")


def dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def places(text: str) -> int:
    text = text.replace(",", "")
    return len(text.split(".", 1)[1]) if "." in text else 0


def trim(value: Decimal) -> str:
    """92.0 -> '92', 73.50 -> '73.5' (scores are printed without trailing zeros)."""
    s = f"{value:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def score_precisions(figures: list[Figure]) -> list[int]:
    """Scores are points awarded, not rounded amounts: whole scores are exact; only scores written with
    decimals (a weight × a rate) may carry a rounding error of half their last place."""
    decimals = [f.precision for f in figures if f.precision > 0]
    return decimals or [0]


@dataclass
class Cell:
    text: str
    start: int  # source offsets
    end: int


@dataclass
class Figure:
    """A number in the source: its value, printed precision and source span."""

    value: Decimal
    precision: int
    start: int
    end: int


@dataclass
class ScoreRow:
    line: int  # raw line index
    name: str
    target: Cell
    actual: Cell
    score: Figure
    weight: Figure | None
    block: int  # index into Form.blocks, -1 when the row has no target block


@dataclass
class Block:
    weight: Figure
    line: int


@dataclass
class Form:
    title: str | None
    first_line: int
    end_line: int  # exclusive: rows stop here
    tabular: bool = False
    total: Figure | None = None  # the 总分 row
    header_total: Figure | None = None  # 总分：92 in the heading lines
    budget_weight: Figure | None = None
    budget: dict | None = None  # a, b, r, s Figures; pct flag
    blocks: list[Block] = field(default_factory=list)
    rows: list[ScoreRow] = field(default_factory=list)
    has_weight_column: bool = False

    @property
    def stated_total(self) -> Figure | None:
        return self.total or self.header_total


TAB_CELL = regex.compile(r"[^\t]+")
SPACE_CELL = regex.compile(r"\S+")


def _cells(source: str, line) -> list[Cell]:
    text = line.text
    raw: list[Cell] = []
    for m in (TAB_CELL if "\t" in text else SPACE_CELL).finditer(text):
        piece = m.group()
        stripped = piece.strip(BLANKS)
        if not stripped:
            continue
        start = line.start + m.start() + (len(piece) - len(piece.lstrip(BLANKS)))
        raw.append(Cell(stripped, start, start + len(stripped)))
    # text layouts split "≥10 篇" into cells: glue a stray unit to the number before it, an operator to the next
    out: list[Cell] = []
    pending_op: Cell | None = None
    for c in raw:
        if pending_op is not None:
            c = Cell(source[pending_op.start:c.end], pending_op.start, c.end)
            pending_op = None
        if OP_ONLY.match(c.text):
            pending_op = c
            continue
        if out and UNIT_ONLY.match(c.text) and ENDS_WITH_DIGIT.search(out[-1].text):
            p = out[-1]
            out[-1] = Cell(source[p.start:c.end], p.start, c.end)
            continue
        out.append(c)
    if pending_op is not None:
        out.append(pending_op)
    return out


def _may_hold(text: str, words) -> bool:
    """Can a cell of this line, spaces taken out, be one of ``words``? A cheap necessary condition
    checked before splitting the line into cells (exact when folding kept the line's offsets)."""
    text = fold_text(text)
    if not any(w[-1] in text for w in words):  # most lines: not even the last character of a word
        return False
    text = text.replace(" ", "")
    return any(w in text for w in words)


def _may_end_score(text: str) -> bool:
    """Can the last cell of this line be a score (``SCORE_CELL``: a number, then perhaps 分)? The last
    character that is not blank must then be a digit or 分."""
    text = text.rstrip()
    if text and text[-1] in ZERO_WIDTH:
        text = text.rstrip(BLANKS)
    return bool(text) and (text[-1] == "分" or text[-1].isdigit())


def _folded_figure(m, group: str, ln, lead: int) -> Figure:
    """The figure of ``group`` of ``m``, a match in ``ln.folded`` from ``lead`` on, placed in the source:
    folding drops zero-width characters, and an offset past one moves by one."""
    a, b = lead + m.start(group), lead + m.end(group)
    if len(ln.folded) != len(ln.content):
        a, b = _unfolded(ln.content, a), _unfolded(ln.content, b - 1) + 1
    return Figure(dec(m.group(group)), places(m.group(group)), ln.content_start + a, ln.content_start + b)


def _unfolded(raw: str, i: int) -> int:
    """The offset in ``raw`` of character ``i`` of ``fold_text(raw)`` (which drops only zero-width
    characters and keeps every other character, one for one)."""
    n = -1
    for j, ch in enumerate(raw):
        if ch not in ZERO_WIDTH:
            n += 1
            if n == i:
                return j
    return len(raw)


def _figure(m, group: str, offset: int) -> Figure:
    return Figure(dec(m.group(group)), places(m.group(group)), offset + m.start(group), offset + m.end(group))


def _is_title(content: str) -> bool:
    return (len(content) <= 60 and "\t" not in content and not TITLE_BREAKER.search(content)
            and bool(FORM_TITLE.search(content)))


def read_forms(doc) -> list[Form]:
    """The score forms of a document, read once per document."""
    return doc.memo("performance_forms", _read_forms)


def folded_source(doc) -> str:
    """``fold_text(doc.source)``: the source folded at once (``fold_text`` translates only the runs of
    foldable characters, so one call over the source is cheaper than one call per line), the fold the
    document's lines were cut from (``Document.folded_source``)."""
    return doc.folded_source


def _read_forms(doc, fast: bool = True) -> list[Form]:
    """``fast=False`` splits every line into cells, the plain reading the fast paths must agree with."""
    lines = doc.lines
    starts: list[tuple[int, str | None]] = []
    budget_seen = False  # the current form already has its budget-execution header
    # fast: only the lines holding 表 or 预算执行, found in the source (neither a form title nor a
    # budget-execution header lacks both, and folding leaves both words alone)
    heads = sorted(set(LineFinder(doc).holding("表")) | set(LineFinder(doc).holding("预算执行"))) if fast \
        else range(len(lines))
    for i in heads:
        ln = lines[i]
        content = ln.folded  # fold_text(ln.content), made with the line
        if _is_title(content):
            starts.append((ln.index, content))
            budget_seen = False
        elif BUDGET_HEADER.search(content) and len(content) <= 40 and not SENTENCE_PUNCT.search(content):
            # a second budget-execution header opens a form without a title
            if not starts or budget_seen:
                starts.append((ln.index, None))
            budget_seen = True
    forms = []
    if not starts:
        return forms
    source = folded_source(doc)
    zero_width = len(source) != len(doc.source)
    if zero_width:  # zero-width characters folded away: fold them to spaces instead, keeping every offset
        source = fold_keeping_offsets(doc.source)
    # the lines holding a word are found by searching the text, unless a zero-width character may split one
    finder = LineFinder(doc, source) if fast and not zero_width else None
    for i, (first, title) in enumerate(starts):
        limit = starts[i + 1][0] if i + 1 < len(starts) else len(lines)
        form = _read_form(source, lines, first, limit, title, exact=fast, finder=finder)
        if form is not None:
            forms.append(form)
    return forms


class LineFinder:
    """The lines of a stretch of the document that hold a word or a pattern, found by searching the text
    once rather than testing every line: a hit without a line break lies in the line it starts in.

    ``folded``: the folded source (same offsets as the source) that ``where`` searches."""

    def __init__(self, doc, folded: str | None = None):
        self.source = doc.source
        self.folded = folded
        self.lines = doc.lines
        self.starts = doc.line_starts

    def _span(self, lo: int, hi: int) -> tuple[int, int]:
        """Source offsets from the start of line ``lo`` to the end of line ``hi - 1``."""
        starts = self.starts
        return (starts[lo] if lo < len(starts) else len(self.source),
                starts[hi] if hi < len(starts) else len(self.source))

    def holding(self, word: str, lo: int = 0, hi: int | None = None):
        """Indices of the lines in [lo, hi) whose text holds ``word`` (no line break in it), in order. A
        word without blanks found in a line's text is in its ``content`` too."""
        pos, end = self._span(lo, len(self.starts) if hi is None else hi)
        while (pos := self.source.find(word, pos, end)) != -1:
            i = bisect.bisect_right(self.starts, pos) - 1
            yield i
            pos = self.lines[i].end + 1

    def where(self, hint, test, lo: int, hi: int):
        """Indices of the lines in [lo, hi) passing ``test``, in order, where ``hint`` (a pattern that
        matches no line break) finds something in the folded source in every such line."""
        pos, end = self._span(lo, hi)
        while (m := hint.search(self.folded, pos, end)) is not None:
            i = bisect.bisect_right(self.starts, m.start()) - 1
            if test(self.lines[i]):
                yield i
            pos = self.lines[i].end + 1


def _row_candidates(lines, finder: LineFinder | None, lo: int, hi: int, scored: bool):
    """The lines in [lo, hi), in order, that the indicator-row loop of ``_read_form`` must look at.

    Every line, unless ``finder`` is given (folding kept the offsets) and the form has no score column
    (not ``scored``): then no line is read as a row, and only the lines holding 年度 (a block header) or
    得分 (a column header) can do anything in the loop; they are found by searching the source."""
    if finder is None or scored:
        return range(lo, hi)
    return sorted(set(finder.holding("年度", lo, hi)) | set(finder.holding("得分", lo, hi)))


def _may_total(line) -> bool:
    """Can this line hold a form's total row (``_may_hold`` a total word)?"""
    return _may_hold(line.text, performance_terms()["total"])


def _may_end(line) -> bool:
    """Does this line end the scored part of a form (``END_MARK``)?"""
    return END_MARK.match(line.content.lstrip("\t ")) is not None


@lru_cache(maxsize=None)
def _spaced_words(words: tuple[str, ...]) -> regex.Pattern:
    """Any of ``words`` with spaces between its characters: found in a folded line exactly when the line
    with its spaces taken out holds the word (``_may_hold``; a word with a space never matches)."""
    spaced = ["(?:" + " *".join(regex.escape(c) for c in w) + ")" for w in words if w and " " not in w]
    return regex.compile("|".join(spaced) or "(?!)")


def _read_form(source: str, lines, first: int, limit: int, title: str | None, exact: bool = False,
               finder: LineFinder | None = None) -> Form | None:
    """The form whose title (or budget header) is line ``first``, read up to line ``limit``.

    ``source``: the folded source, every offset kept (``fold_keeping_offsets``). ``exact``: the fast
    reading: lines that cannot hold a score row are skipped without splitting them into cells
    (``_may_end_score``). ``finder`` (only when ``exact``): the lines that may
    end the scored part, hold the total row, a budget header or 得分 are found by searching the source for
    their words (``LineFinder``) instead of testing every line."""
    form = Form(title, first, limit)
    # the end of the scored part: the first 偏差/改进措施 line after some content
    if finder is None:
        candidates = (idx for idx in range(first + 1, limit) if _may_end(lines[idx]))
    else:
        candidates = finder.where(END_WORD, _may_end, first + 1, limit)
    for idx in candidates:
        form.end_line = idx
        break
    # totals: a 总分 row anywhere up to the next form, a 总分：N in the heading lines
    total_words = performance_terms()["total"]
    for idx in range(first, min(first + 8, limit)):
        ln = lines[idx]
        m = HEADER_TOTAL.search(fold_keeping_offsets(ln.text))
        if m:
            form.header_total = _figure(m, "t", ln.start)
            break
    if finder is None:
        candidates = range(first, limit)
    else:
        candidates = finder.where(_spaced_words(total_words), _may_total, first, limit)
    for idx in candidates:
        ln = lines[idx]
        cells = _cells(source, ln)
        if len(cells) >= 2 and cells[0].text.replace(" ", "") in total_words:
            m = _score_cell(cells[1].text)
            if m:
                form.total = Figure(dec(m.group("n")), places(m.group("n")), cells[1].start + m.start("n"),
                                    cells[1].start + m.end("n"))
                break
    # budget execution: header, weight, then the row of 预算数 执行数 执行率 得分
    rows_from = None
    budget_header = None
    candidates = range(first, form.end_line) if finder is None else finder.holding("预算执行", first, form.end_line)
    for idx in candidates:  # every BUDGET_HEADER match holds 预算执行
        if BUDGET_HEADER.search(lines[idx].content):
            budget_header = idx
            break
    if budget_header is not None:
        for idx in range(budget_header, min(form.end_line, budget_header + 30)):
            ln = lines[idx]
            text = fold_keeping_offsets(ln.text)
            if form.budget_weight is None:
                m = BUDGET_WEIGHT.search(text)
                if m:
                    form.budget_weight = _figure(m, "w", ln.start)
            m = BUDGET_ROW.search(text)
            if m:
                form.budget = {k: (_figure(m, k, ln.start) if m.group(k) else None) for k in ("a", "b", "r", "s")}
                form.budget["pct"] = bool(m.group("pct"))
                form.budget["line"] = idx
                rows_from = idx + 1
                break
    if title is None and form.budget is None:
        return None
    # indicator rows, when the form has a score column at all
    if finder is None:
        scored = any("得分" in lines[i].content for i in range(rows_from or first + 1, form.end_line))
    else:
        scored = next(finder.holding("得分", rows_from or first + 1, form.end_line), None) is not None
    header_seen = False
    block = -1
    tab_rows = 0
    for idx in _row_candidates(lines, finder if exact else None, first + 1, form.end_line, scored):
        ln = lines[idx]
        if form.budget is not None and idx == form.budget["line"]:
            continue
        # a block header has 年度, a column header 得分 (in the folded line: a zero-width character may
        # stand between the two characters)
        block_line = "年度" in ln.folded
        header_line = "得分" in ln.folded
        content = ln.folded if block_line or header_line else ln.content
        bm = BLOCK_HEADER.search(content.lstrip("\t ")) if block_line else None
        if bm:
            form.blocks.append(Block(_folded_figure(bm, "w", ln, len(content) - len(content.lstrip("\t "))), idx))
            block = len(form.blocks) - 1
        if header_line and "得分" in content and any(w in content for w in INDICATOR_HEADER_WORDS):
            header_seen = True
            head = content[:content.index("得分")]
            form.has_weight_column = any(w in head for w in performance_terms()["weight"])
            continue
        if not scored or (not header_seen and (rows_from is None or idx < rows_from)):
            continue
        if exact and not _may_end_score(ln.text):
            continue
        cells = _cells(source, ln)
        row = _score_row(source, idx, cells, form.has_weight_column, block)
        if row is not None:
            form.rows.append(row)
            tab_rows += "\t" in ln.text
    form.tabular = bool(form.rows) and tab_rows >= 0.6 * len(form.rows)
    if form.stated_total is None and form.budget is None and not form.rows:
        return None
    return form


@lru_cache(maxsize=None)
def _total_words() -> frozenset[str]:
    """``performance_terms()["total"]`` as a set: ``_score_row`` asks of every cell of every row whether it is
    one of them (a set answers without comparing the cell with each word)."""
    return frozenset(performance_terms()["total"])


def _score_cell(text: str):
    """SCORE_CELL's match in a cell's text folded (０．５ is 0.5), offsets kept: the match's offsets are the
    cell's."""
    return SCORE_CELL.match(fold_keeping_offsets(text))


def _score_row(source: str, idx: int, cells: list[Cell], weight_column: bool, block: int) -> ScoreRow | None:
    if len(cells) < 3:
        return None
    total_words = _total_words()
    if any("得分" in c.text or c.text in total_words for c in cells):
        return None
    m = _score_cell(cells[-1].text)
    if not m:
        return None
    n = m.group("n")
    score = Figure(dec(n), places(n), cells[-1].start + m.start("n"), cells[-1].start + m.end("n"))
    if score.value > 100:
        return None
    k = len(cells) - 1
    weight = None
    if weight_column:
        wm = _score_cell(cells[k - 1].text)
        if not wm or len(cells) < 4:
            return None
        weight = Figure(dec(wm.group("n")), places(wm.group("n")), cells[k - 1].start + wm.start("n"),
                        cells[k - 1].start + wm.end("n"))
        k -= 1
    target, actual = cells[k - 2], cells[k - 1]
    for c in (target, actual):
        if len(c.text) > 30 or NOT_A_NAME.search(c.text) or ENDS_WITH_COMMA.search(c.text):
            return None
    name = " ".join(c.text for c in cells[:k - 2])
    if weight is None:
        wms = list(WEIGHT_IN_NAME.finditer(name))
        if wms:
            # the weight written in the name cell ("信访接待起数（2分）"): locate it in the source
            for c in reversed(cells[:k - 2]):
                ms = list(WEIGHT_IN_NAME.finditer(c.text))
                if ms:
                    weight = Figure(dec(ms[-1].group("w")), places(ms[-1].group("w")), c.start + ms[-1].start("w"),
                                    c.start + ms[-1].end("w"))
                    break
    return ScoreRow(idx, name, target, actual, score, weight, block)


# ---------------------------------------------------------------------------------------------------
# Score statements in prose: "自评得分 92 分。其中预算执行情况 20 分，实际预算执行率为 100%，自评得分 20分；…"
# ---------------------------------------------------------------------------------------------------

PROSE_TOTAL = regex.compile(
    rf"(?P<label>(?:自评|评价|综合评价|绩效评价|综合|绩效)?(?:总)?得分|总分)(?:为|是|达到?)?\s*[:：]?\s*(?P<t>{NUM})\s*分")
NAME = r"[^，,；;:：。\d（()）\s%]{2,20}?"
COMPONENT = regex.compile(
    # 预算执行情况 20 分，实际预算执行率为 100%，自评得分 20 分  |  产出指标（满分 50 分）得分 48 分
    rf"(?P<name>{NAME})\s*[（(]?\s*(?:满分|分值|权重)?(?:为)?\s*(?P<w>{NUM})\s*分\s*[)）]?\s*[，,]?\s*"
    rf"(?:[^，,；;。]{{0,12}}?执行率(?:为|是|达到?)?\s*(?P<r>{NUM})\s*[%％]\s*[，,]?\s*)?"
    rf"(?:自评|实际|评价)?得分(?:为|是)?\s*(?P<s>{NUM})\s*分?"
    # 预算执行率得分 9.5 分（满分 10 分）
    rf"|(?P<name2>{NAME})\s*(?:自评|实际)?得分(?:为|是)?\s*(?P<s2>{NUM})\s*分\s*"
    rf"(?:[（(]\s*(?:满分|分值|权重)(?:为)?\s*(?P<w2>{NUM})\s*分\s*[)）])?")
COMPONENT_BEFORE = regex.compile(rf"(?:{NUM})\s*分\s*[，,]?\s*(?:[^，,]*执行率[^，,]*[，,])?\s*$")  # a component's score
COMPONENT_WORDS = ("预算执行", "执行率", "产出", "效益", "满意度", "指标", "年度目标", "当年目标", "绩效目标", "目标")


@dataclass
class Component:
    name: str
    score: Figure
    weight: Figure | None = None
    rate: Figure | None = None


@dataclass
class ProseTotal:
    total: Figure  # view offsets
    subject: str
    components: list[Component] = field(default_factory=list)
    breakdown_start: int | None = None  # view offset of 其中


def _view_figure(m, group: str, offset: int = 0) -> Figure:
    return Figure(dec(m.group(group)), places(m.group(group)), offset + m.start(group), offset + m.end(group))


def _form_spans(doc, forms: list[Form]) -> list[tuple[int, int]]:
    """Source spans of the forms' own lines (a form's 总分 row is not a statement of the report)."""
    spans = []
    for f in forms:
        end = doc.lines[f.end_line].start if f.end_line < len(doc.lines) else len(doc.source)
        spans.append((doc.lines[f.first_line].start, end))
        if f.total is not None:
            spans.append((f.total.start, f.total.end))
    return spans


FULL_STOP = regex.compile(r"[。！？]")
SCORE_WORD = regex.compile(r"得分|总分")  # every PROSE_TOTAL label holds one
SCORE_WORDS = ("得分", "总分")  # SCORE_WORD's words
LAST_SENTENCE_STOP = regex.compile(r"[。！？\n]", regex.REVERSE)  # the last character a SENTENCE cannot hold


def word_positions(text: str, words: tuple[str, ...]) -> list[int]:
    """Where ``words`` occur in ``text``, ascending, each position once: the starts of what
    ``regex.finditer("|".join(words), text)`` finds when no two of the words can overlap (neither ends with
    a start of the other) and none is empty; found with ``str.find``, which is many times faster."""
    return occurrences(text, words)


def _score_sentences(text: str, fast: bool = True):
    """(start, end, the next sentence's span or None) of the sentences (``SENTENCE``) that hold 得分 or 总分,
    in order. Fast: found from the words back to the sentence start, not by splitting the whole text
    (``fast=False``); a sentence starts right after the last 。！？ or line break before it."""
    if not fast:
        sentences = [m.span() for m in SENTENCE.finditer(text)]
        for i, (s, e) in enumerate(sentences):
            if SCORE_WORD.search(text, s, e):
                yield s, e, sentences[i + 1] if i + 1 < len(sentences) else None
        return
    end = 0
    for pos in word_positions(text, SCORE_WORDS):
        if pos < end:
            continue
        stop = LAST_SENTENCE_STOP.search(text, 0, pos)
        start = stop.end() if stop else 0
        end = SENTENCE.match(text, start).end()
        following = SENTENCE.search(text, end)
        yield start, end, following.span() if following else None


def read_prose_totals(doc, forms: list[Form] | None = None, fast: bool = True) -> list[ProseTotal]:
    """Total scores stated in the report's text, each with the 其中… breakdown that follows it."""
    text = doc.view.text  # width-folded already: fold_text would give it back unchanged
    spans = _form_spans(doc, forms if forms is not None else read_forms(doc))
    out: list[ProseTotal] = []
    for s, e, following in _score_sentences(text, fast):
        sent = text[s:e]
        for m in PROSE_TOTAL.finditer(sent):
            before = sent[:m.start()]
            if "其中" in before:
                break
            clause = CLAUSE_SEP.split(before)[-1]
            prev = before[: len(before) - len(clause)]
            if COMPONENT_BEFORE.search(prev):
                continue  # "当年年度目标 80 分，自评得分 72 分": a component, not a total
            if any(w in clause for w in COMPONENT_WORDS if w not in ("绩效目标",)) and "整体" not in clause:
                continue
            if not SELF_EVALUATION_WORD.search(sent[:m.end()]):
                continue  # "全区考核中得分 95.6 分" is not a self-evaluation score
            src = doc.view.source_span(s + m.start("t"), s + m.end("t"))[0]
            if any(a <= src < b for a, b in spans):
                continue
            subject = SUBJECT_NOISE.sub("", clause)
            total = _view_figure(m, "t", s)
            pt = ProseTotal(total, subject)
            rest_start = s + m.end()
            # the breakdown: 其中… in the rest of this sentence, or opening the next one
            region = None
            rest = text[rest_start:e]
            k = rest.find("其中")
            if k != -1:
                region = rest_start + k
            elif following is not None:
                ns, ne = following
                if text[ns:ne].lstrip().startswith("其中"):
                    region = ns + text[ns:ne].index("其中")
            if region is not None:
                stop = FULL_STOP.search(text, region, region + 240)
                region = (region, stop.end() if stop else min(len(text), region + 240))
            if region is not None:
                pt.breakdown_start = region[0]
                body = text[region[0]:region[1]]
                for cm in COMPONENT.finditer(body, 2):
                    if cm.group("name") is not None:
                        comp = Component(cm.group("name").strip(), _view_figure(cm, "s", region[0]),
                                         _view_figure(cm, "w", region[0]),
                                         _view_figure(cm, "r", region[0]) if cm.group("r") else None)
                    else:
                        comp = Component(cm.group("name2").strip(), _view_figure(cm, "s2", region[0]),
                                         _view_figure(cm, "w2", region[0]) if cm.group("w2") else None)
                    comp.name = LEADING_QUALIFIER.sub("", comp.name)
                    pt.components.append(comp)
            out.append(pt)
            break
    return out


# ---------------------------------------------------------------------------------------------------
