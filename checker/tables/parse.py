"""Parsing a table block's lines into entries and typed cells.

Two layouts reach here as text: rows whose cells are tab-separated (cell positions known, seed
001, Word tables) and rows broken into whitespace-separated pieces or one cell per line with
wrapped names and numbers (seed 003, most PDF text). In the second, blank cells leave no trace,
so a row's values are placed by order and marked ``packed`` unless the count settles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from checker.chars import ZERO_WIDTH, fold_text, visible
from checker.extract.numbers import parse_number
from checker.lexicons import read_table
from checker.tables.model import Cell, Entry, Table

CODE = regex.compile(r"^[23]\d{2}(?:\d{2}(?:\d{2})?)?$")
ROW_NO = regex.compile(r"^\d{1,2}$")
AMOUNT = regex.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
TOTAL_NAMES = ("合计", "总计", "小计")
# header lines that can repeat inside the rows (a table continued on the next page); 收入/支出 alone
# can also be the wrapped end of a row name, so they do not count here
HEADER_START = regex.compile(r"^(栏次|行次|类\s*款\s*项|项目\s+(行次|本年)|项目$|科目代码|科目编码|功能分类|经济分类)")
BLANK = regex.compile(f"[\\s{ZERO_WIDTH}]")  # blanks, and zero-width characters (not matched by \s)
NON_BLANK_RUN = regex.compile(r"\S+")
ONE_DECIMAL = regex.compile(r"^\d+\.\d$")
ONE_DIGIT = regex.compile(r"^\d$")
COLUMNS_ROW = regex.compile(r"^栏次")
MONEY_HEADER_WORD = regex.compile(r"收\s*入|支\s*出|人员经费|公用经费|预算数|决算数")
NAME_LABEL = regex.compile(r"^(项目)?(项目|科目代码|科目编码|代码|科目名称)(栏次)?\d*$")
CODE_LABEL = regex.compile(r"^(项目)?(科目代码|科目编码|代码)")
FIRST_ITEM = regex.compile(r"^一[、.]")
META = regex.compile(r"(?:编制)?(?:部门|单位)(?:名称)?\s*[:：]|金额单位|^单位|公开\s*0?\d{1,2}\s*表")
ROW_KEYED = ("table01", "table04")
SINGLE_ROW = ("table09",)


def key_text(text: str) -> str:
    """A code or row-number token as a row's key holds it: folded ("３０２" → "302"; zero-width characters
    gone), so that a table typed with full-width digits is keyed as any other (the cell keeps its text)."""
    return fold_text(text).strip()


def row_number(text: str) -> int:
    """The number of a row-number token as its kind was read: folded and stripped ("\u200b1", "35\u200b", "１")."""
    return int(fold_text(text).strip())


@lru_cache(maxsize=None)
def schemas() -> dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]]:
    out: dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]] = {}
    for r in read_table("table_columns.tsv", ("key", "segment", "column", "aliases")):
        aliases = tuple(a.strip() for a in r["aliases"].split("|") if a.strip())
        out.setdefault(r["key"], {}).setdefault(r["segment"], []).append((r["column"], aliases))
    return out


@dataclass
class Token:
    kind: str  # code | row_no | num | text | blank
    text: str
    line: int
    start: int
    end: int
    pos: int | None  # cell position in a tab-separated row


def _tokens(doc, index: int, tsv: bool) -> list[Token]:
    line = doc.lines[index]
    raw = line.text
    out: list[Token] = []
    if tsv:
        pos, offset = 0, 0
        for cell in raw.split("\t"):
            stripped = cell.strip()
            lead = len(cell) - len(cell.lstrip())
            s = line.start + offset + lead
            out.append(Token(_kind(stripped), stripped, index, s, s + len(stripped), pos))
            offset += len(cell) + 1
            pos += 1
        return out
    for m in NON_BLANK_RUN.finditer(raw):
        piece = m.group(0)
        out.append(Token(_kind(piece), piece, index, line.start + m.start(), line.start + m.end(), None))
    return _merge_split_numbers(out)


@lru_cache(maxsize=16384)
def _kind(text: str) -> str:
    """What a cell holds. Remembered per text: cells repeat ("0.00", codes, 合计) within and across tables."""
    t = fold_text(text).strip()
    if not t:
        return "blank"
    if CODE.match(t):
        return "code"
    if ROW_NO.match(t):
        return "row_no"
    if AMOUNT.match(t):
        return "num"
    return "text"


def _merge_split_numbers(tokens: list[Token]) -> list[Token]:
    """'1, 171.58', '28 .09' or '28⏎.0⏎9': a number broken by spaces or line breaks.

    A joined token keeps the span from its first piece to its last (it may cross lines)."""
    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if prev is not None and prev.kind in ("num", "row_no"):
            before, after = fold_text(prev.text), fold_text(t.text)  # "28.0\u200b": zero-width characters go
            joins = after.startswith((".", ",")) or before.endswith((",", "."))
            # "28.0" then "9" on the next line: amounts carry two decimals
            short_decimal = ONE_DECIMAL.match(before) and ONE_DIGIT.match(after) and t.line != prev.line
            if joins or short_decimal:
                joined = prev.text + t.text
                if AMOUNT.match(fold_text(joined)):
                    out[-1] = Token("num", joined, prev.line, prev.start, t.end, None)
                    continue
        out.append(t)
    return out


def _is_header_line(text: str) -> bool:
    t = fold_text(text).strip()
    return bool(HEADER_START.match(t)) or bool(META.search(t))


def _starts_code_row(text: str) -> bool:
    words = fold_text(text).split()
    if not words:
        return False
    first = BLANK.sub("", words[0])
    return bool(CODE.match(first)) or first in TOTAL_NAMES or first.startswith(TOTAL_NAMES)


def parse_block(doc, block) -> Table:
    from checker.rules.structure.S001 import declared_empty
    from checker.structure import _is_header_like

    key = block.key
    table = Table(key, block.title, block.label, block.unit or doc.facts.unit.value, "text", "parsed",
                  first_line=block.first_line, last_line=block.last_line)
    schema = schemas().get(key)
    if schema is None:
        table.status = "unrecognised"
        table.problems.append("不是标准公开表，未解析单元格")
        return table
    table.columns = {seg: [c for c, _ in cols] for seg, cols in schema.items()}
    lines = [i for i in range(block.first_line, block.last_line + 1)
             if i in doc.structure.rigid_lines and i != block.title_line and i not in block.note_lines]
    if not block.has_data:
        # header rows without amounts: an empty table; a stray page number is no header (the table was an image)
        headers = any(_is_header_like(doc.lines[i].content) for i in lines)
        table.status = "empty" if declared_empty(doc, block) or headers else "not_extractable"
        return table
    tsv = sum("\t" in doc.lines[i].text for i in lines) >= max(1, len(lines) // 2)
    table.layout = "tsv" if tsv else "text"
    first_data = next((i for i in block.data_lines), None)
    if first_data is not None and not tsv:
        # row names wrapped above the first amount line belong to the data, not the header
        before = [i for i in lines if i < first_data and doc.lines[i].content]
        last_header = max((i for i in before if _is_header_line(fold_text(doc.lines[i].content))
                           or COLUMNS_ROW.match(fold_text(doc.lines[i].content).strip())), default=None)
        if last_header is not None:
            wrapped = [i for i in before if i > last_header]
            if key not in ROW_KEYED and key not in SINGLE_ROW:
                # a code-keyed row starts with its code or a total name: wrapped header words above
                # the line that starts the first row are not part of it
                starts = [i for i in wrapped + [first_data] if _starts_code_row(doc.lines[i].content)]
                if starts:
                    wrapped = [i for i in wrapped if i >= starts[-1]]
            first_data = min(wrapped + [first_data])
    header_lines = [i for i in lines if first_data is not None and i < first_data and doc.lines[i].content]
    data_lines = [i for i in lines if first_data is not None and i >= first_data]
    if tsv:
        _parse_tsv(doc, table, schema, header_lines, data_lines)
    else:
        _parse_text(doc, table, schema, data_lines)
    return table


# ---------------------------------------------------------------- tab-separated rows

def _header_labels(doc, header_lines: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Per cell position: the column label (header words stacked top to bottom) and the group word
    spanning it (收入/支出, 人员经费/公用经费, 预算数/决算数)."""
    labels: dict[int, str] = {}
    groups: dict[int, str] = {}
    # folded: a zero-width character (Word and PDF copies carry them, at a line's ends too) is no header word
    # and leaves no cell filled
    rows = [[c.strip() for c in fold_text(doc.lines[i].text).split("\t")] for i in header_lines
            if "\t" in doc.lines[i].text and not META.search(fold_text(doc.lines[i].text))]
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        filled = [p for p, c in enumerate(r) if c]
        group_row = len(filled) <= max(3, width // 3) and any(
            MONEY_HEADER_WORD.search(c) for c in r if c)
        for p, c in enumerate(r):
            if not c:
                continue
            c = BLANK.sub("", c)
            if group_row:
                nxt = min([q for q in filled if q > p] + [width])
                for q in range(p, nxt):
                    groups[q] = c
            else:
                labels[p] = labels.get(p, "") + c
    return labels, groups


def _segment_name(key: str, group: str, schema) -> str:
    if "main" in schema:
        return "main"
    for word, seg in (("收入", "income"), ("支出", "expenditure"), ("人员", "personnel"), ("公用", "public"),
                      ("预算", "budget"), ("决算", "final")):
        if word in group and seg in schema:
            return seg
    return next(iter(schema))


def _parse_tsv(doc, table: Table, schema, header_lines, data_lines) -> None:
    labels, groups = _header_labels(doc, header_lines)
    # segments start where an item column starts
    # an item column may stack 项目 over 科目代码 (公开07表: 项目 / 科目代码 / 栏次 in one column)
    starts = sorted(p for p, lab in labels.items() if NAME_LABEL.match(lab)
                    and not (p - 1 in labels and CODE_LABEL.match(labels[p - 1])))
    if not starts:
        starts = [0]
    width = max([len(doc.lines[i].text.split("\t")) for i in data_lines] + [max(labels, default=0) + 1])
    bounds = list(zip(starts, starts[1:] + [width]))
    segments = []
    last_seg = None
    for a, b in bounds:
        seg = _segment_name(table.key, groups.get(a, "") or groups.get(a + 2, ""), schema)
        if seg == last_seg and table.key == "table06":
            seg = "public"  # the third block of table 06 continues 公用经费 (307/309/310/399)
        segments.append((a, b, seg))
        last_seg = seg
    if table.key in SINGLE_ROW:
        segments = _single_row_segments(labels, groups, width, schema)
    for i in data_lines:
        toks = _tokens(doc, i, tsv=True)
        parts = _join_spanning([(seg, [t for t in toks if a <= (t.pos or 0) < b]) for a, b, seg in segments])
        for seg, part in parts:
            if not any(t.kind != "blank" for t in part):
                continue
            entry = _entry_from_cells(table, seg, part, labels, schema[seg])
            if entry is not None:
                table.entries.append(entry)


def _join_spanning(parts: list[tuple[str, list[Token]]]) -> list[tuple[str, list[Token]]]:
    """A row named in one block whose value sits in the next block of the same segment (table 06:
    公用经费合计 is a merged cell over the 302 and 307/310 blocks, its amount under the last 决算数)."""
    out: list[tuple[str, list[Token]]] = []
    for seg, part in parts:
        if out:
            prev_seg, prev = out[-1]
            named_only = any(t.kind in ("text", "code") for t in prev) and not any(t.kind == "num" for t in prev)
            values_only = any(t.kind == "num" for t in part) and not any(t.kind in ("text", "code") for t in part)
            if prev_seg == seg and named_only and values_only:
                out[-1] = (seg, prev + part)
                continue
        out.append((seg, part))
    return out


def _single_row_segments(labels, groups, width, schema):
    segs = []
    for p in range(width):
        g = groups.get(p, "")
        seg = "budget" if "预算" in g else "final" if "决算" in g else None
        if seg and (not segs or segs[-1][2] != seg):
            segs.append([p, p + 1, seg])
        elif seg:
            segs[-1][1] = p + 1
    if not segs:
        half = width // 2
        segs = [[0, half, "budget"], [half, width, "final"]]
    return [tuple(s) for s in segs]


def _column_for(label: str, columns, used: set[str]) -> str | None:
    lab = BLANK.sub("", label)
    for col, aliases in columns:
        if col in used:
            continue
        if any(a and a in lab for a in aliases):
            return col
    return None


def _entry_from_cells(table, seg, part: list[Token], labels, columns) -> Entry | None:
    key_tok = name_tok = None
    values: list[Token] = []
    for t in part:
        if t.kind == "blank":
            continue
        if t.kind == "code" and key_tok is None and not values and table.key not in ROW_KEYED:
            key_tok = t
        elif t.kind == "row_no" and key_tok is None and table.key in ROW_KEYED and name_tok is not None:
            key_tok = t
        elif t.kind == "row_no" and key_tok is None and table.key in ROW_KEYED and not values:
            key_tok = t
        elif t.kind in ("num", "row_no") and (key_tok is not None or name_tok is not None or table.key in SINGLE_ROW):
            values.append(t)
        elif t.kind == "text" and name_tok is None and not values:
            name_tok = t
    name = visible(name_tok.text) if name_tok else ""
    if table.key in SINGLE_ROW:
        key, code, row_no = "合计", None, None
    elif key_tok is not None and key_tok.kind == "code":
        key = code = key_text(key_tok.text)
        row_no = None
    elif key_tok is not None:
        key, code, row_no = key_text(key_tok.text), None, row_number(key_tok.text)
    elif name.replace(" ", "") in TOTAL_NAMES or name.startswith(TOTAL_NAMES):
        key, code, row_no = "合计", None, None
    else:
        if not values:
            return None
        key, code, row_no = name or f"第{part[0].line + 1}行", None, None
    entry = Entry(key, name, seg, part[0].line, code, row_no)
    used: set[str] = set()
    value_positions = [p for p in sorted(labels) if (part[0].pos or 0) <= p <= (part[-1].pos or 0)]
    order = [c for c, _ in columns]
    for v in values:
        col = _column_for(labels.get(v.pos, ""), columns, used) if v.pos in labels else None
        if col is None:
            # no header word over this cell: fall back to its place among the segment's value cells
            candidates = [p for p in value_positions if p not in (key_tok.pos if key_tok else -1,
                                                                   name_tok.pos if name_tok else -1)]
            idx = candidates.index(v.pos) if v.pos in candidates else None
            col = order[idx] if idx is not None and idx < len(order) and order[idx] not in used else None
        if col:
            used.add(col)
        parsed = parse_number(fold_text(v.text))
        if parsed is None:
            continue
        entry.cells.append(Cell(parsed[0], parsed[1], v.text, v.line, v.start, v.end, col, seg, "position"))
    return entry


# ---------------------------------------------------------------- text rows (positions lost)

def _parse_text(doc, table: Table, schema, data_lines) -> None:
    tokens: list[Token] = []
    for i in data_lines:
        content = fold_text(doc.lines[i].content)
        if not content or _is_header_line(content):
            continue
        tokens.extend(_tokens(doc, i, tsv=False))
    tokens = _merge_split_numbers(tokens)
    entries: list[Entry] = []
    pending: list[tuple[Entry, list[Token]]] = []
    row_keyed = table.key in ROW_KEYED
    current: Entry | None = None
    values: list[Token] = []

    def close():
        nonlocal current, values
        if current is not None:
            pending.append((current, values))
        current, values = None, []

    for n, t in enumerate(tokens):
        nxt = tokens[n + 1] if n + 1 < len(tokens) else None
        if t.kind == "code" and not row_keyed:
            close()
            code = key_text(t.text)
            current = Entry(code, "", "", t.line, code=code)
        elif t.kind == "row_no" and row_keyed:
            if current is not None and current.row_no is None and not values:
                current.row_no, current.key = row_number(t.text), key_text(t.text)
            else:
                close()
                current = Entry(key_text(t.text), "", "", t.line, row_no=row_number(t.text))
        elif t.kind in ("num", "row_no"):
            if current is None:
                current = Entry("合计" if table.key in SINGLE_ROW else f"第{t.line + 1}行", "", "", t.line)
            values.append(t)
        elif t.kind == "text":
            name = BLANK.sub("", t.text)
            starts_total = name in TOTAL_NAMES or (name.startswith(TOTAL_NAMES) and len(name) <= 4)
            if current is None or starts_total:
                close()
                current = Entry("合计" if starts_total else name, name, "", t.line)
            elif values or (row_keyed and current.row_no is not None):
                if not row_keyed and (nxt is None or nxt.kind == "code"):
                    current.name += name  # a wrapped name after the row's values
                else:
                    close()
                    current = Entry(name, name, "", t.line)
            else:
                current.name += name
    close()
    boundary = _income_boundary(pending) if row_keyed else None
    for entry, vals in pending:
        if not vals and not entry.name and entry.row_no is None:
            continue
        if row_keyed:
            if entry.row_no is None:
                continue
            entry.key = str(entry.row_no)
            seg = "income" if boundary is None or entry.row_no < boundary else "expenditure"
        elif table.key in SINGLE_ROW:
            seg = None
        else:
            seg = next(iter(schema))
        if table.key == "table06":
            personnel = (entry.code or "").startswith(("301", "303")) or "人员经费" in entry.name
            seg = "personnel" if personnel else "public"
        if seg is None:
            _single_row_text(table, schema, entry, vals, entries)
            continue
        entry.segment = seg
        cols = [c for c, _ in schema[seg]]
        _place_packed(entry, vals, cols, seg)
        entries.append(entry)
    table.entries = entries


def _income_boundary(pending) -> int | None:
    """Row numbers run on from the income side to the expenditure side; the first expenditure
    class row (一、一般公共服务支出) marks where."""
    rows = [e.row_no for e, _ in pending if e.row_no is not None and FIRST_ITEM.match(e.name)
            and e.name.endswith("支出")]
    return min(rows) if rows else None


def _place_packed(entry: Entry, vals: list[Token], cols: list[str], seg: str) -> None:
    exact = len(vals) == len(cols)
    for k, v in enumerate(vals):
        parsed = parse_number(fold_text(v.text))
        if parsed is None:
            continue
        if exact:
            col, placement = cols[k], "position"
        elif k == 0:
            col, placement = cols[0], "total"
        else:
            col, placement = (cols[k] if k < len(cols) else None), "packed"
        entry.cells.append(Cell(parsed[0], parsed[1], v.text, v.line, v.start, v.end, col, seg, placement))


def _single_row_text(table, schema, entry, vals, entries) -> None:
    """Table 09 as text: the budget columns then the final columns, blanks lost."""
    n = len(schema["budget"])
    if len(vals) == 2 * n:
        halves = [("budget", vals[:n]), ("final", vals[n:])]
    else:
        half = len(vals) // 2
        halves = [("budget", vals[:half]), ("final", vals[half:])]
    for seg, part in halves:
        e = Entry("合计", "", seg, entry.line)  # the one row is the total (what stands left of it are headers)
        _place_packed(e, part, [c for c, _ in schema[seg]], seg)
        entries.append(e)


def parse_tables(doc) -> dict[str, Table]:
    """The standard tables of a document by key (the first block of each key; continuations merged)."""
    out: dict[str, Table] = {}
    for block in doc.structure.tables:
        if not block.key or not block.key.startswith("table"):
            continue
        table = parse_block(doc, block)
        if block.key in out:
            prev = out[block.key]
            if prev.status == "parsed" and table.status == "parsed":
                prev.entries.extend(table.entries)  # a table continued over pages
                prev.last_line = table.last_line
            continue
        out[block.key] = table
    return out
