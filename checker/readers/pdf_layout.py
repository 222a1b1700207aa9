"""Page text for PDF: ruled tables as tab-separated rows, the rest as position-ordered lines.

``page_text`` finds a page's ruled tables with PyMuPDF's ``find_tables`` and renders each table
row as one line of tab-separated cells (merged and empty cells as empty strings, so that a cell
keeps its column position) — the layout Word tables arrive in and the table parser reads. Text
outside the tables is laid out as PyMuPDF's ``get_text("text", sort=True)`` does (lines by
position, distances kept as spaces and blank lines); tables are placed among those lines by
their top edge. A page without tables gives exactly PyMuPDF's sorted text.

Also here: undoing fake bold (glyphs drawn twice, so every character is extracted twice) and
measuring how much of a text is undecodable (U+FFFD, pdfminer-style ``(cid:N)`` tokens).
"""

from __future__ import annotations

import re

CID_TOKEN = re.compile(r"\(cid:\d+\)")
REPLACEMENT = "\ufffd"
_NUMERIC_END = set("0123456789.,-+")
_NUMERIC_START = set("0123456789.,%")


# ---------------------------------------------------------------- fake bold

def undouble(text: str) -> str:
    """Undo fake bold: "收收入入合合计计" -> "收入合计".

    Only when the whole string (surrounding whitespace aside) has even length, at least four
    characters, and every pair of characters is identical; and the result is not a bare run of
    digits or of punctuation ("1100" stays, a dotted leader "........" stays). Legitimate doubles
    inside real text ("1100.00", "常常") never satisfy all of this.
    """
    core = text.strip()
    n = len(core)
    if n < 4 or n % 2:
        return text
    if any(core[i] != core[i + 1] for i in range(0, n, 2)):
        return text
    single = core[::2]
    if not any(c.isalnum() for c in single) or single.isdigit():
        return text
    lead = len(text) - len(text.lstrip())
    return text[:lead] + single + text[lead + n:]


def undouble_lines(text: str) -> str:
    return "\n".join(undouble(line) for line in text.split("\n"))


# ---------------------------------------------------------------- table cells

def _join_break(left: str, right: str) -> str:
    """What a line break inside a cell becomes: nothing for CJK (and a wrapped number), a space
    between ASCII words."""
    if not left or not right:
        return ""
    a, b = left[-1], right[0]
    if not (a.isascii() and b.isascii()):
        return ""
    if a in _NUMERIC_END and b in _NUMERIC_START:
        return ""  # 1,227.⏎34: one number wrapped
    return " "


def cell_text(value) -> str:
    """A cell as one line: None -> "", inner line breaks joined, whitespace runs to one space,
    fake bold undone. Never contains a tab or a line break."""
    if value is None:
        return ""
    parts = [p.strip() for p in str(value).replace("\r", "\n").split("\n")]
    parts = [p for p in parts if p]
    out = ""
    for p in parts:
        out = out + _join_break(out, p) + p if out else p
    out = " ".join(out.split())  # tabs, runs of spaces, odd whitespace
    return undouble(out)


# ---------------------------------------------------------------- undecodable text

def garbled_count(text: str) -> tuple[int, int]:
    """(undecodable, total) characters, whitespace not counted; a (cid:N) token counts as one
    undecodable character."""
    tokens = CID_TOKEN.findall(text)
    rest = CID_TOKEN.sub("", text)
    rest = "".join(rest.split())
    bad = rest.count(REPLACEMENT) + len(tokens)
    return bad, len(rest) + len(tokens)


# ---------------------------------------------------------------- page layout

def _has_vector_lines(page) -> bool:
    """Ruled tables are drawn with vector paths; a page without any cannot hold one (cheap check
    that spares narrative pages the table finder)."""
    drawings = getattr(page, "get_cdrawings", None)
    if drawings is None:
        return True
    return any(d.get("items") for d in drawings())


def _find_tables(page):
    if not _has_vector_lines(page):
        return []
    try:
        # line-based (lattice) detection only: no layout model, the same result on every machine
        return page.find_tables(use_layout=False).tables
    except TypeError:  # PyMuPDF before use_layout existed
        return page.find_tables().tables


def _table_rows(table) -> tuple[list[str], tuple[float, float, float, float]]:
    """A table's rows as tab-separated lines, and the area they cover (with an outside header)."""
    import pymupdf

    rows = [[cell_text(c) for c in row] for row in table.extract()]
    area = pymupdf.Rect(table.bbox)
    header = getattr(table, "header", None)
    if header is not None and getattr(header, "external", False):
        # PyMuPDF takes unruled lines above a table for its header; believe it only when the
        # names fill the columns like a header would (not a lone 公开05表 / 单位 line).
        names = [cell_text(n) for n in (header.names or [])]
        filled = sum(1 for n in names if n)
        if len(names) == table.col_count and filled >= max(2, (len(names) + 1) // 2):
            rows.insert(0, names)
            area |= pymupdf.Rect(header.bbox)
    lines = ["\t".join(r) for r in rows if any(r)]
    return lines, tuple(area)


def _inside(rect, area, pad: float = 1.0) -> bool:
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return area[0] - pad <= cx <= area[2] + pad and area[1] - pad <= cy <= area[3] + pad


def _text_lines(page, areas, tolerance: float = 3) -> list[tuple[tuple, str]]:
    """Lines of the words outside ``areas``, built as PyMuPDF's sorted text builds them."""
    import pymupdf

    words = page.get_text("words", flags=pymupdf.TEXTFLAGS_TEXT, sort=True, tolerance=tolerance)
    totalbox = pymupdf.EMPTY_RECT()  # indentation counts from the left edge of all the page's text
    for w in words:
        totalbox |= pymupdf.Rect(w[:4])
    words = [(pymupdf.Rect(w[:4]), w[4]) for w in words if not any(_inside(w[:4], a) for a in areas)]
    if not words:
        return []

    def line_text(line):
        line.sort(key=lambda w: w[0].x0)
        text, x1 = "", totalbox.x0
        for r, t in line:
            dist = max(int(round((r.x0 - x1) / r.width * len(t))) if r.width else 0,
                       0 if (x1 == totalbox.x0 or r.x0 <= x1) else 1)
            text += " " * dist + t
            x1 = r.x1
        return text

    lines = []
    line, lrect = [words[0]], pymupdf.Rect(words[0][0])
    for wr, text in words[1:]:
        if abs(lrect.y0 - wr.y0) <= tolerance or abs(lrect.y1 - wr.y1) <= tolerance:
            line.append((wr, text))
            lrect |= wr
        else:
            lines.append((tuple(lrect), line_text(line)))
            line, lrect = [(wr, text)], pymupdf.Rect(wr)
    lines.append((tuple(lrect), line_text(line)))
    lines.sort(key=lambda item: item[0][3])
    return lines


def page_text(page) -> tuple[str, int]:
    """The page's text (ruled tables as tab-separated rows) and how many tables were found."""
    tables = []
    try:
        found = _find_tables(page)
    except Exception:  # table detection is a bonus: never lose a page's text over it
        found = []
    for t in found:
        if t.col_count < 2:
            continue  # a frame around a paragraph or a page, not a table
        rows, area = _table_rows(t)
        if rows:
            tables.append((area, rows))
    if not tables:
        return undouble_lines(page.get_text("text", sort=True)), 0
    tables.sort(key=lambda t: (t[0][1], t[0][0]))
    text_lines = _text_lines(page, [a for a, _ in tables])

    # merge: a text line whose middle lies above a table's top edge comes before it
    items: list[tuple[str, tuple, object]] = []
    pending = list(tables)
    for rect, text in text_lines:
        middle = (rect[1] + rect[3]) / 2
        while pending and middle >= pending[0][0][1]:
            area, rows = pending.pop(0)
            items.append(("table", area, rows))
        items.append(("text", rect, text))
    items.extend(("table", area, rows) for area, rows in pending)

    out: list[str] = []
    prev_bottom, prev_kind = None, None
    for kind, rect, payload in items:
        if prev_bottom is not None:
            if kind == "table":
                out.append("\n\n")  # a table stands apart from the text above it
            else:
                height = rect[3] - rect[1]
                distance = min(int(round((rect[1] - prev_bottom) / height)), 5) if height > 0 else 0
                out.append("\n" * (max(distance, 0) + 1 + (prev_kind == "table" and distance < 1)))
        if kind == "table":
            out.append("\n".join(payload))
        else:
            out.append(undouble(payload))
        prev_bottom, prev_kind = rect[3], kind
    return "".join(out), len(tables)
