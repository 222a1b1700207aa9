"""Character classes and width folding shared by the normaliser and the structure finder."""

from __future__ import annotations

import re
import unicodedata

# Full-width forms that are folded to ASCII in the analysis view. Chinese punctuation
# (，。：；（）“”) is deliberately kept: it carries meaning for sentence and clause splitting.
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({
    "％": "%", "﹪": "%", "．": ".", "＋": "+", "－": "-", "／": "/", "＝": "=",
    "＜": "<", "＞": ">", "＃": "#", "＆": "&", "＊": "*", "＠": "@",
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
})
# zero-width characters (space, non-joiner, joiner, word joiner, BOM): Word and PDF copies leave them in the
# text, at the ends of lines too; they fold to nothing and count as blanks wherever blanks are skipped
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_FOLD.update({ch: "" for ch in ZERO_WIDTH})
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
# what a line's content (and a cell read from it) is stripped of: blanks, and the zero-width characters
# Word and PDF copies leave at a line's ends (a line of them alone is a blank line)
BLANKS = " \t\r\f\u3000\u00a0" + ZERO_WIDTH


def fold_keeping_offsets(text: str) -> str:
    """``fold_text(text)`` with each zero-width character folded to a space instead of to nothing: every
    character folds to one, so offsets into ``text`` are offsets into the result (for readers that slice
    the folded text with the source's offsets)."""
    if _ZERO_WIDTH_RE.search(text) is not None:
        text = _ZERO_WIDTH_RE.sub(" ", text)
    return fold_text(text)


def visible(text: str) -> str:
    """``text`` without its zero-width characters (a label or key read from the document, as shown)."""
    return _ZERO_WIDTH_RE.sub("", text)


_WRAP = re.compile(r"(\w?)[ \t\r\f\u3000\u00a0]*\n\s*(\w?)")


def one_line(text: str) -> str:
    """``text`` quoted on one line: each line break, with the blanks around it, removed — a wrap of the
    source (a PDF's, or the blank line between two halves of a sentence) is not part of what was written —
    except between two Latin letters or digits, which keep one space between them."""
    def join(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        gap = " " if a.isascii() and b.isascii() and a.isalnum() and b.isalnum() else ""
        return f"{a}{gap}{b}"

    return _WRAP.sub(join, text) if "\n" in text else text


WHITESPACE = frozenset(" \t\u3000\u00a0\u2002\u2003\u2009\r")
TERMINAL_PUNCT = frozenset("。！？；!?;")
CLAUSE_END = frozenset("。！？；!?;：:")
OPENING_PUNCT = frozenset("（(“‘《【〔")
CLOSING_PUNCT = frozenset("，,。、；;：:）)”’》】〕！？!?%")


def fold(ch: str) -> str:
    """Fold one character to its analysis form (may return '' for zero-width characters)."""
    return _FOLD.get(ch, ch)


_FOLD_TABLE = str.maketrans(_FOLD)
# any character that folding changes: most lines hold none, and then the text is returned as it is
_FOLDABLE = re.compile("[" + re.escape("".join(sorted(_FOLD))) + "]")
_FOLDABLE_RUN = re.compile(_FOLDABLE.pattern + "+")


def _fold_run(m: re.Match) -> str:
    return m.group().translate(_FOLD_TABLE)


def fold_text(text: str) -> str:
    """``text`` with every character folded (``fold``). Only the runs of foldable characters are
    translated: ``str.translate`` looks every character of a long Chinese text up in the table, which
    took 7× longer on a 37,000-character document, and still 2.4× with every digit full width."""
    if _FOLDABLE.search(text) is None:
        return text
    return _FOLDABLE_RUN.sub(_fold_run, text)


FOLDED_AWAY = 0xFFFFFFFF  # what ``fold_code_points`` gives for a character that folds to nothing
_FOLD_CODES = None  # numpy array: the folded code point of every code point below 0x10000


def fold_code_points(codes):
    """``fold`` over a numpy array of code points (uint32): the folded code point of each, ``FOLDED_AWAY``
    where the character folds to nothing. Characters beyond the BMP fold to themselves."""
    import numpy as np

    global _FOLD_CODES
    if _FOLD_CODES is None:
        table = np.arange(0x10000, dtype=np.uint32)
        for ch, to in _FOLD.items():
            table[ord(ch)] = ord(to) if to else FOLDED_AWAY
        _FOLD_CODES = table
    return np.where(codes > 0xFFFF, codes, _FOLD_CODES[np.minimum(codes, 0xFFFF)])


def is_cjk(ch: str) -> bool:
    """CJK ideographs and CJK/full-width punctuation."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2018 <= o <= 0x201F
        or ch in "…—·"
    )


_CJK_CODES = None  # numpy array: is_cjk of every code point below 0x10000


def cjk_code_points(codes):
    """``is_cjk`` over a numpy array of code points (no character beyond the BMP is one)."""
    import numpy as np

    global _CJK_CODES
    if _CJK_CODES is None:
        _CJK_CODES = np.fromiter((is_cjk(chr(c)) for c in range(0x10000)), dtype=bool, count=0x10000)
    return (codes <= 0xFFFF) & _CJK_CODES[np.minimum(codes, 0xFFFF)]


def is_numeric_char(ch: str) -> bool:
    return ch.isdigit() or ch in ".,"


# punctuation of ambiguous width that Chinese fonts print full width
_WIDE_AMBIGUOUS = frozenset("“”‘’…—·")

# printed width of each character met so far (tab and line breaks count nothing)
_WIDTHS: dict[str, int] = {"\t": 0, "\r": 0, "\n": 0}


def char_width(ch: str) -> int:
    """Printed width of one character: 2 for wide (CJK) characters, 0 for tab and line breaks, else 1."""
    w = _WIDTHS.get(ch)
    if w is None:
        w = _WIDTHS[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" or ch in _WIDE_AMBIGUOUS else 1
    return w


def display_width(text: str) -> int:
    """Printed width: wide (CJK) characters count 2, others 1. PDFs wrap by physical width.

    The width of each distinct character is looked up once (``char_width``) and remembered."""
    widths = _WIDTHS
    try:
        return sum(map(widths.__getitem__, text))
    except KeyError:  # a character not met before
        return sum(map(char_width, text))


_BMP_WIDTHS = None  # numpy array: char_width of each code point below 0x10000 met so far, -1 for the others


def width_prefix(text: str):
    """Running printed widths: ``p[j] - p[i] == display_width(text[i:j])`` for every span.

    One vectorised pass over a whole source instead of a dictionary lookup per character of every line
    (a 37,000-character document's line widths: 1.5 ms → 0.5 ms). The width table is filled as characters
    are met (``char_width``), so its cost is paid once per distinct character and process."""
    import numpy as np

    global _BMP_WIDTHS
    if _BMP_WIDTHS is None:
        _BMP_WIDTHS = np.full(0x10000, -1, dtype=np.int64)
    table = _BMP_WIDTHS
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    astral = codes > 0xFFFF
    has_astral = bool(astral.any())
    bmp = np.where(astral, 0, codes) if has_astral else codes
    widths = table[bmp]
    unknown = widths < 0
    if unknown.any():
        for c in np.unique(bmp[unknown]).tolist():
            table[c] = char_width(chr(c))
        widths = table[bmp]
    if has_astral:  # beyond the table: looked up one by one (rare in these documents)
        for i in np.flatnonzero(astral).tolist():
            widths[i] = char_width(text[i])
    prefix = np.empty(len(codes) + 1, dtype=np.int64)
    prefix[0] = 0
    np.cumsum(widths, out=prefix[1:])
    return prefix


def span_widths(text: str, starts: list[int], ends: list[int]) -> list[int]:
    """``display_width(text[s:e])`` for every pair of ``starts`` and ``ends``, from one ``width_prefix``
    of ``text`` (only the running widths at the spans' ends are turned into Python integers)."""
    import numpy as np

    prefix = width_prefix(text)
    return (prefix[np.asarray(ends, dtype=np.int64)] - prefix[np.asarray(starts, dtype=np.int64)]).tolist()
