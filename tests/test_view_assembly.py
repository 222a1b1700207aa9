"""The vectorised view assembly (``normalize._assemble``) gives the view of the plain normaliser.

``plain_normalize`` below is the normaliser as it was written before: the same decisions about line
breaks, and the view emitted character by character, each blank run decided by looking back at the last
character emitted. The fast one must give the same text and the same offsets on the seeds, on their
variants with odd characters, and on random texts made of the characters that matter (Chinese and ASCII
text, digits and number punctuation, every kind of blank, zero-width spaces, page breaks).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from checker.chars import WHITESPACE, fold, fold_text
from checker.document import Document
from checker.normalize import (
    _content_widths,
    _lead_token_width,
    _space_is_noise,
    _typical_width,
    is_soft_break,
    normalize,
    split_lines,
)

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))
GAPS = WHITESPACE | {"\f"}


def plain_normalize(source: str, lines, rigid=None, skip=None) -> tuple[str, list[int], list[int]]:
    """(text, offsets, line sources) of the view, the straightforward way."""
    rigid, skip = rigid or set(), skip or set()
    widths = _content_widths(lines, rigid)
    width = _typical_width(widths)
    parts: list[str] = []
    offsets: list[int] = []
    line_sources: list[int] = []

    def emit(ch: str, src: int) -> None:
        parts.append(ch)
        offsets.append(src)

    def last() -> str:
        return parts[-1] if parts else ""

    prev, prev_folded, paragraph = None, "", ""
    for line in lines:
        if not line.content or line.index in skip:
            continue
        folded = fold_text(line.content).strip()
        if prev is not None:
            soft = (prev.index not in rigid and line.index not in rigid and is_soft_break(
                prev_folded, folded, widths[prev.index] + _lead_token_width(folded) >= 0.85 * width, paragraph))
            if not soft:
                emit("\n", prev.end if prev.end < len(source) else prev.end - 1)
                line_sources.append(line.index)
                paragraph = ""
            else:
                left, right = last(), folded[:1]
                if left.isascii() and left.isalpha() and right.isascii() and right.isalpha():
                    emit(" ", prev.end)
        else:
            line_sources.append(line.index)
        i, end = line.content_start, line.content_end
        while i < end:
            if source[i] not in GAPS:
                if fold(source[i]):
                    emit(fold(source[i]), i)
                i += 1
                continue
            j = i
            while j < end and source[j] in GAPS:
                j += 1
            if line.index in rigid:
                emit("\t" if "\t" in source[i:j] else " ", i)
            else:
                left = last() if last() != "\n" else ""
                right = fold(source[j]) if j < end else ""
                if left and right and not _space_is_noise(left, right):
                    emit(" ", i)
            i = j
        prev, prev_folded = line, folded
        paragraph += folded
    return "".join(parts), offsets, line_sources


def assert_same_view(source: str, rigid=None, skip=None) -> None:
    lines = split_lines(source)
    view = normalize(source, lines, rigid, skip)
    assert (view.text, list(view.to_source), view.line_sources) == plain_normalize(source, lines, rigid, skip)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_views_as_the_plain_normaliser_makes_them(seed):
    source = seed.read_text(encoding="utf-8")
    structure = Document.from_text("x", "text", source).structure
    assert_same_view(source, structure.rigid_lines, structure.skipped_lines)
    assert_same_view(source)  # no table rows, no furniture: every line may be joined


@pytest.mark.parametrize("change", [
    lambda t: t.replace("0", "０").replace(".", "．").replace("%", "％"),
    lambda t: t.replace("，", "，\u200b").replace("元", "元\u2002").replace("万", "\u200b万"),
    lambda t: t.replace("\n", "\r\n"),
    lambda t: t.replace("\n\n", "\n\f").replace("\n", "\n\u2003", 300),
    lambda t: t.replace(" ", "\u3000").replace("\t", " \t\u00a0"),
], ids=["wide", "zero-width", "crlf", "page-breaks", "odd-blanks"])
def test_seed_variants_with_odd_characters(change):
    for seed in SEEDS[:3]:
        source = change(seed.read_text(encoding="utf-8"))
        structure = Document.from_text("x", "text", source).structure
        assert_same_view(source, structure.rigid_lines, structure.skipped_lines)


PIECES = ["收入", "支出", "合计", "。", "，", "（", "）", "一、", "（二）", "3.", "第一部分", "注：", "图1", "abc", "Word",
          "12", "3.5", "1,234.56", "%", ".", ",", "９", "Ａ", "－", " ", "  ", "\t", "\u3000", "\u00a0", "\u2002",
          "\u2009", "\u200b", "\f", "\r", "\n", "\n", "\n\n", "😀", "²", "٣"]


def test_random_texts():
    rnd = random.Random(8)
    for _ in range(400):
        source = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 60)))
        n = source.count("\n") + 1
        rigid = {i for i in range(n) if rnd.random() < 0.3}
        skip = {i for i in range(n) if rnd.random() < 0.1}
        assert_same_view(source, rigid, skip)


def test_edges():
    for source in ["", "\n", " ", "\u200b", "\u200b\n\u200b", "a", "a b", "a\nb", "中 文", "1 .5", "\u2002a b\u2002",
                   "ab\n\u2002cd", "a\u200b b", "x\t\ty", "行\f续"]:
        assert_same_view(source)
        assert_same_view(source, rigid={0})
    view = normalize("支出\u200b合计 12", split_lines("支出\u200b合计 12"))
    assert view.text == "支出合计12"  # the space after a Chinese character only splits words: dropped
    assert ["支出\u200b合计 12"[i] for i in view.to_source] == ["支", "出", "合", "计", "1", "2"]


def test_blanks_are_exactly_the_characters_folding_to_a_blank():
    """_assemble finds the blanks by what the characters fold to: the folded blanks are folded from blanks only."""
    from checker.normalize import _FOLDED_GAP_CHARS, _GAP_CHARS

    folding_to_blank = {chr(c) for c in range(0x10000) if fold(chr(c)) and fold(chr(c)) in _FOLDED_GAP_CHARS}
    assert folding_to_blank == set(_GAP_CHARS)
    assert set(_FOLDED_GAP_CHARS) == {" ", "\t", "\r", "\f"}


def test_runs_of_blanks_with_tabs_in_table_rows():
    """A row's run of blanks is shown as a tab exactly when it holds one (tabs counted by position)."""
    source = "收入\t \t100\n项目  合计\u3000\t5\n\t\t\n说明 文字\tx\nA\u3000\u3000B"
    lines = split_lines(source)
    rigid = {0, 1, 2, 4}
    view = normalize(source, lines, rigid)
    assert (view.text, list(view.to_source)) == plain_normalize(source, lines, rigid)[:2]
    assert view.text.split("\n")[:2] == ["收入\t100", "项目 合计\t5"]
