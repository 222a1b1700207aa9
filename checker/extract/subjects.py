"""What a figure is about: lexicon subjects, 类/款/项 paths, quoted project names, list-item names."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import re
import regex

from checker.chars import is_cjk
from checker.extract.classification import class_names, economic_codes, norm_name, resolve_path
from checker.lexicons import read_table


@dataclass(frozen=True)
class SubjectSpan:
    start: int  # view offsets
    end: int
    subject: str  # canonical name or 类/款/项 path
    kind: str  # lexicon | classification | quoted | item
    code: str | None = None


@lru_cache(maxsize=None)
def _aliases() -> tuple[tuple[str, str], ...]:
    rows = read_table("subjects.tsv", ("subject", "alias"))
    pairs = {(norm_name(r["alias"]), r["subject"]) for r in rows}
    # economic classification items (基本工资, 津贴补贴, 办公费 …) name the lines of 人员经费/公用经费 lists
    known = {a for a, _ in pairs}
    for c in economic_codes().values():
        n = norm_name(c.name)
        if len(n) >= 2 and n not in known:
            pairs.add((n, c.name))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


# how an alias character is written in the alias pattern: a bracket of either width
_ALIAS_CHAR = {"（": "[（(]", "）": "[）)]"}


@lru_cache(maxsize=None)
def _alias_pattern() -> re.Pattern:
    """All aliases as one trie-shaped pattern that prefers the longest alias at a position.

    That is what an alternation of the aliases longest first finds (two aliases of the same length
    never both match at one position), but each position costs one walk down the trie instead of a
    try of every alias. The pattern holds only literals and ``[（(]`` classes, which the standard
    library engine matches several times faster than ``regex``."""
    trie: dict = {}
    for alias, _ in _aliases():
        node = trie
        for ch in alias:
            node = node.setdefault(ch, {})
        node[""] = {}  # an alias ends here

    def render(node: dict) -> str:
        alts = [_ALIAS_CHAR.get(ch, re.escape(ch)) + render(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: a longer alias first

    return re.compile(render(trie))


@lru_cache(maxsize=None)
def _alias_map() -> dict[str, str]:
    return {a: s for a, s in _aliases()}


@lru_cache(maxsize=None)  # bounded: one entry per way of writing an alias (either width of bracket)
def _alias_subject(written: str) -> str:
    """The subject an alias pattern match names."""
    return _alias_map()[norm_name(written)]


_HAN = r"[\p{Han}、（）()]"
PATH = regex.compile(
    rf"(?P<lei>[\p{{Han}}、]{{2,24}}?)\s*(?:[（(]\s*类\s*[)）]|类)(?P<zc>支出)?"
    rf"(?:\s*(?P<kuan>{_HAN}{{2,30}}?)\s*[（(]\s*款\s*[)）])?"
    rf"(?:\s*(?P<xiang>{_HAN}{{2,30}}?)\s*[（(]\s*项\s*[)）])?"
)
QUOTED = regex.compile(r"[“\"]([^”\"\n，。；：,;:！？]{2,20})[”\"]")
# "3.其他工作经费项目绩效自评综述：项目全年预算数…": a project named at the head of its item
PROJECT_HEAD = regex.compile(r"(?:^|\n|[。；])\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])?\s*(?P<name>[\p{Han}（）()“”]{2,30}?)"
                             r"(?:绩效自评综述|绩效自评情况|自评综述|绩效评价情况)")
# every PROJECT_HEAD match holds one of these (a text without them is not searched)
PROJECT_HEAD_WORDS = ("自评综述", "绩效自评情况", "绩效评价情况")
# a stretch of text a PATH match can begin in: its 类 name and the 类 marker (Han characters, 、,
# blanks and an opening bracket) up to the closing bracket after 类
PATH_STRETCH = regex.compile(r"[\p{Han}、\s（(]+")
PATH_STRETCH_BACK = regex.compile(PATH_STRETCH.pattern, regex.REVERSE)  # the stretch ending at a position
# what lies between the start of a PATH match and its 类 marker: at most 25 characters that are not blanks
# (the 类 name, at most 24 by PATH, and a bracket) with blanks among and after them; read backwards
PATH_LEAD_BACK = regex.compile(r"(?:\S\s*){0,25}", regex.REVERSE)
# a stretch of text that holds every PATH match it meets: every character PATH matches is one of these
PATH_REGION = regex.compile(r"[\p{Han}、（）()\s]+")
PATH_REGION_BACK = regex.compile(PATH_REGION.pattern, regex.REVERSE)


def _meets(lines: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """Does [a, b) share a character with one of ``lines`` (sorted, disjoint; ``starts`` their starts)?"""
    i = bisect.bisect_left(starts, b) - 1  # the last line starting before b
    return i >= 0 and lines[i][1] > a


def _path_matches(text: str, lines: list[tuple[int, int]] | None = None):
    """The matches of ``PATH.finditer(text)``, found without running PATH over the whole text.

    The part of a match up to and including its 类 marker (``…类`` or ``…（类）``) lies inside one
    PATH_STRETCH run plus the closing bracket after it, and the rest of PATH is optional. So a match
    can only start in a run that contains 类, and within such a run the first position PATH matches
    at is found by searching the run alone; the match itself is then taken from the whole text.
    The runs holding a 类 are found from the 类 characters (类 is a run character): each run is the
    stretch ending just before one and the stretch starting at it. Within a run, a match's 类 marker
    lies after its start and inside the run, at most 25 characters that are not blanks after its start
    (a 类 name of up to 24 characters and a bracket): the search for the next match starts there.

    With ``lines`` (sorted (start, end) spans), only the matches that meet one of the lines: a match lies
    inside one PATH_REGION run, so the 类 of a run that meets none of them are skipped (matches in
    different runs do not touch: each is searched for from its own run's start).
    """
    starts = None if lines is None else [a for a, _ in lines]
    region_end = -1  # the end of the last PATH_REGION run found to meet a line
    pos = 0
    i = text.find("类")
    while i != -1:
        if lines is not None and i >= region_end:
            back = PATH_REGION_BACK.match(text, 0, i)
            region_start = back.start() if back else i
            region_end = PATH_REGION.match(text, i).end()
            if not _meets(lines, starts, region_start, region_end):
                i = text.find("类", region_end)
                continue
        before = PATH_STRETCH_BACK.match(text, 0, i)
        run_start, run_end = before.start() if before else i, PATH_STRETCH.match(text, i).end()
        start = max(pos, run_start)
        while (marker := text.find("类", start, run_end)) != -1:
            # the next match's 类 marker is this one or a later one, at most PATH_LEAD from its start
            first = PATH.search(text, PATH_LEAD_BACK.match(text, start, marker).start(), run_end + 1)
            if first is None:
                break
            m = PATH.match(text, first.start())
            yield m
            pos = start = m.end()
        i = text.find("类", run_end)


def _project_heads(text: str, lines=None):
    """The matches of ``PROJECT_HEAD.finditer(text)``, searched for only on the lines that hold one of
    PROJECT_HEAD_WORDS (with the newline before each). A match's name and word lie on one line; a match
    reaching back over blank lines to an earlier 。 names the same span as the one from the newline.
    With ``lines`` (line spans), only on those of them."""
    starts = set()
    for a, b in lines if lines is not None else ((0, len(text)),):
        for word in PROJECT_HEAD_WORDS:
            i = text.find(word, a, b)
            while i != -1:
                starts.add(text.rfind("\n", 0, i) + 1)
                i = text.find(word, i + 1, b)
    for a in sorted(starts):
        b = text.find("\n", a)
        yield from PROJECT_HEAD.finditer(text, max(0, a - 1), len(text) if b == -1 else b)


def _class_suffix(text: str) -> tuple[int, str] | None:
    """The longest suffix of ``text`` that is a 类 name: (offset in text, official name)."""
    names = class_names()
    normed = norm_name(text)
    if len(normed) == len(text):  # no blank dropped: each suffix of text normalises to that of normed
        suffixes = (normed[i:] for i in range(len(text)))
    else:
        suffixes = (norm_name(text[i:]) for i in range(len(text)))
    for i, suffix in enumerate(suffixes):
        c = names.get(suffix)
        if c is not None:
            return i, c.name
    return None


def find_subject_spans(text: str, lines: list[tuple[int, int]] | None = None) -> list[SubjectSpan]:
    """The subjects named in ``text``: 类/款/项 paths first, then lexicon names, quoted names and project
    heads where no earlier subject lies, in order of start.

    With ``lines`` (sorted (start, end) spans of whole lines): the subjects that start in those lines, the
    same as without, and the paths that meet them. No lexicon name, quoted name or project name holds a
    line break, and each kind is searched for left to right without overlap, so a line's names do not
    depend on the other lines' names, only on the paths that meet the line (a path may run over lines).
    """
    spans: list[SubjectSpan] = []
    for m in _path_matches(text, lines):
        suffix = _class_suffix(m.group("lei"))
        if suffix is None:
            continue
        offset, lei_name = suffix
        kuan, xiang = m.group("kuan"), m.group("xiang")
        names = [lei_name] + [norm_name(n) for n in (kuan, xiang) if n]
        code = resolve_path(lei_name, kuan, xiang)
        spans.append(SubjectSpan(m.start("lei") + offset, m.end(), "/".join(names), "classification",
                                 code.code if code else None))
    occupied = bytearray(len(text) + 1)

    def take(a, b):
        occupied[a:b] = b"\x01" * (b - a)

    def free(a, b):
        return 1 not in occupied[a:b]

    for s in spans:
        take(s.start, s.end)

    amap = _alias_map()
    read = _joined(lines) if lines is not None else ((0, len(text)),)
    for m in (m for a, b in read for m in _alias_pattern().finditer(text, a, b)):
        if free(m.start(), m.end()) and not _inside_a_name(text, m):
            spans.append(SubjectSpan(m.start(), m.end(), _alias_subject(m.group(0)), "lexicon"))
            take(m.start(), m.end())
    for m in (m for a, b in read for m in QUOTED.finditer(text, a, b)):
        if free(m.start(), m.end()) and not DIGIT.search(m.group(1)):
            name = m.group(1)
            spans.append(SubjectSpan(m.start(), m.end(), amap.get(norm_name(m.group(0)), name), "quoted"))
            take(m.start(), m.end())
    for m in _project_heads(text, lines):
        name = m.group("name").strip("“”")
        if free(m.start("name"), m.end("name")) and name not in ("项目", "部门整体", "整体"):
            spans.append(SubjectSpan(m.start("name"), m.end("name"), name, "project"))
    spans.sort(key=lambda s: s.start)
    return spans


# 总收入 / 总支出 name the department's totals at the head of a phrase ("2023年度总支出"), not inside another
# name ("项目总支出", "机关总支出"): an alias starting with 总 right after a Chinese character other than these
# is no subject
TOTAL_HEAD = "总"
TOTAL_HEAD_AFTER = frozenset("年度的，、：")


def _inside_a_name(text: str, m) -> bool:
    """Is the alias match ``m`` a 总… alias inside a longer name (TOTAL_HEAD_AFTER)?"""
    a = m.start()
    if a == 0 or text[a] != TOTAL_HEAD:
        return False
    before = text[a - 1]
    return is_cjk(before) and before not in TOTAL_HEAD_AFTER


def _joined(lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``lines`` with each run of consecutive lines (only a line break between them) made one span: no
    alias or quoted name holds a line break, so a search of the span finds what searches of its lines find,
    in fewer calls."""
    out: list[tuple[int, int]] = []
    for a, b in lines:
        if out and out[-1][1] + 1 == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


# the name of a listed item: "1.办公用房维修71.8万元", "主要用于乡村振兴工作经费312.47万元"
ITEM_LEAD = regex.compile(r"^(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+是|其中[:：]?|[一二三四五六七八九十]+、)\s*")
ITEM_SPLIT = regex.compile(r"(?:主要)?(?:用于|包括|主要有|如下[:：]?|其中[:：]|即)")
YEAR_LEAD = regex.compile(r"^(?:20\d\d\s*年度?|本年度?|上年度?)\s*")
VERB_LEAD = regex.compile(r"^(?:投入|安排|拨付|支付|下达|发放|使用|落实|累计支付|共计|合计|涉及|实现|确保|保障|完成)")
FILLER_TAIL = regex.compile(r"(?:为|是|达到?|约|共计|合计)+$")
# words that name no particular thing: the subject must come from elsewhere in the sentence
DIGIT = regex.compile(r"\d")
NAME_CHARS = regex.compile(r"[\p{Han}（）()“”\"、A-Za-z0-9]+")
UNFINISHED_NAME = regex.compile(r"(为|是|达|共|约|占|比|较|增加|减少|增长|下降|合计|总计)$")
GENERIC = {"项目", "资金", "部门", "全年", "单价", "其中", "合计", "总计", "金额", "预算", "支出", "收入", "经费",
           "本年", "上年", "年初", "年末", "价值", "部门价值", "无单价", "总额", "单位"}


@lru_cache(maxsize=4096)
def item_name(clause: str) -> tuple[int, str] | None:
    """A short noun phrase that names the figure right after it, or None. Remembered: a document asks
    again and again about the same clause tails (half of them empty)."""
    pieces = ITEM_SPLIT.split(clause)
    piece = pieces[-1]
    offset = len(clause) - len(piece)
    lead = ITEM_LEAD.match(piece)
    if lead:
        offset += lead.end()
        piece = piece[lead.end():]
    y = YEAR_LEAD.match(piece)
    if y:
        offset += y.end()
        piece = piece[y.end():]
    v = VERB_LEAD.match(piece)
    if v:
        offset += v.end()
        piece = piece[v.end():]
    piece = FILLER_TAIL.sub("", piece)
    stripped = piece.strip().strip("“”\"")
    if stripped in GENERIC:
        return None
    if 2 <= len(stripped) <= 25 and NAME_CHARS.fullmatch(stripped) and not UNFINISHED_NAME.search(stripped):
        return offset, stripped
    return None
