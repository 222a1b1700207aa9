"""Stated reasons: every explanation span, its full extent, and the variance statement it explains."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from checker.extract.anchored import after_optional_lead
from checker.lexicons import read_patterns
from checker.markers import match_heading


@dataclass
class ReasonSpan:
    cue_start: int  # view offsets
    cue_end: int
    start: int  # the reason text itself
    end: int
    cue: str
    strength: str


@lru_cache(maxsize=None)
def reason_cues() -> tuple[tuple[str, regex.Pattern], ...]:
    return read_patterns("reason_cues.tsv", "strength", ("strong", "weak"))


SENTENCE_END = regex.compile(r"[。！？!?\n]")
LIST_ITEM = regex.compile(r"^\s*(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+是|[①-⑳])")
VARIANCE_CONTEXT = regex.compile(r"增加|减少|增长|下降|大于|小于|高于|低于|超|节约|未完成|差异|偏差|变动|变化|执行率")
NOT_A_REASON = regex.compile(r"^\s*(?:如下|以下)?[：:]?\s*$")


# Cue patterns of the shape (?:[^S]{0,N}的)?WORD… (see checker.extract.anchored.after_optional_lead), by their
# exact text in reason_cues.tsv (a row that is changed is searched the plain way): WORD, the lead-in's last
# character, its longest length and its stop characters S. The other cues start with a word of their own,
# which the regex module finds quickly by itself.
LEAD_IN_CUES: dict[str, tuple[str, str, int, str]] = {
    r"(?:[^，。；,;:：]{0,30}的)?主要原因(?:是|为|有|在于|系)?[：:]?": ("主要原因", "的", 30, "，。；,;:："),
    r"(?:[^，。；,;:：]{0,30}的)?原因(?:是|为|有|在于|系)[：:]?": ("原因", "的", 30, "，。；,;:："),
}


def cue_matches(pattern: regex.Pattern, text: str) -> list[regex.Match]:
    """``list(pattern.finditer(text))`` for a reason cue; tried only before its word when ``LEAD_IN_CUES``
    lists it."""
    shape = LEAD_IN_CUES.get(pattern.pattern)
    if shape is None:
        return list(pattern.finditer(text))
    return after_optional_lead(pattern, text, *shape)


def find_reasons(text: str, allowed) -> list[ReasonSpan]:
    """Reason spans in the view ``text``; ``allowed(pos)`` says whether a position is narrative."""
    spans: list[ReasonSpan] = []
    taken_end = -1  # where the last cue taken ends (cues taken are disjoint and in order: only it can hold a start)
    candidates = []
    for strength, pattern in reason_cues():
        for m in cue_matches(pattern, text):
            candidates.append((m.start(), -len(m.group(0)), strength, m))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for start, _, strength, m in candidates:
        # a reason may nest inside another (an outer reason listing items with their own reasons),
        # but two cues never overlap
        if start < taken_end or not allowed(start):
            continue
        sent_start = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
        if strength == "weak" and not VARIANCE_CONTEXT.search(text[max(0, sent_start - 80): m.end() + 40]):
            continue
        r_start = m.end()
        end = _reason_end(text, r_start)
        body = text[r_start:end]
        if not body.strip(" ：:，,。") or (NOT_A_REASON.match(body) and end == r_start):
            continue
        spans.append(ReasonSpan(m.start(), m.end(), r_start, end, m.group(0), strength))
        taken_end = m.end()
    spans.sort(key=lambda s: s.cue_start)
    return spans


def _reason_end(text: str, start: int) -> int:
    """A reason runs to the end of its sentence; a lead-in ending in '：' takes the list that follows."""
    m = SENTENCE_END.search(text, start)
    end = m.start() if m else len(text)
    if m and text[end] == "。":
        end += 1
    body = text[start:end].rstrip()
    line_end = text.find("\n", start)
    if not body.strip(" ：:") and line_end != -1 and not LIST_ITEM.match(text[line_end + 1: line_end + 8]):
        # "主要原因是：⏎按政策规定，……。": the reason is the next paragraph
        nxt = text.find("\n", line_end + 1)
        end = len(text) if nxt == -1 else nxt
        body = text[start:end].rstrip()
        line_end = end if nxt != -1 else -1
    if body.endswith(("：", ":")) or (m and text[m.start()] == "\n" and not body.strip(" ：:")) or \
            (line_end != -1 and not text[start:line_end].strip(" ：:")):
        # the explanation is the numbered list on the following lines
        pos = line_end if line_end != -1 else len(text)
        while pos < len(text):
            nxt_end = text.find("\n", pos + 1)
            nxt_end = len(text) if nxt_end == -1 else nxt_end
            line = text[pos + 1: nxt_end]
            if not LIST_ITEM.match(line) or (match_heading(line) and match_heading(line)[0] in ("part", "cn", "cn_paren")):
                break
            end = nxt_end
            pos = nxt_end
    return end
