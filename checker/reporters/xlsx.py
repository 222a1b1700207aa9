"""Excel workbook from the report records: 问题清单 (one row per finding) and 原因说明 (one row per stated
reason), Chinese headers, styled header row, filters and frozen panes, and an empty 部门反馈 column so the
file can go back to the department for correction.

The workbook is streamed with XlsxWriter (``constant_memory``: each row goes to disk as it is written,
both sheets in one pass over the records), which writes a cell in a fraction of openpyxl's time and
holds any number of rows up to Excel's own limit. Its cells read back (openpyxl) exactly as openpyxl's
own would: the few values XlsxWriter stores differently (a carriage return or text looking like Excel's
``_xHHHH_`` escape, a string past Excel's 32,767 characters, NaN and infinity, a value that is not a
string, number or boolean) make the whole workbook go through the former openpyxl writer instead
(:class:`NotExact`).
"""

from __future__ import annotations

import functools
import gc
import io
import math
import os
import re
import tempfile
import threading
from contextlib import contextmanager

from checker.findings import CATEGORIES
from checker.labels import DIRECTION_ZH, EXPLANATION_LABEL_ZH, EXPLANATION_SUBTYPE_ZH, SEVERITY_ZH

FINDINGS_SHEET = "问题清单"
EXPLANATIONS_SHEET = "原因说明"

# (header, column width)
FINDING_COLUMNS = [("序号", 6), ("文件", 24), ("部门", 22), ("年度", 7), ("严重程度", 9), ("类别", 14), ("规则", 7),
                   ("规则名称", 20), ("问题说明", 60), ("应为", 16), ("实为", 16), ("计算过程", 36), ("页", 5),
                   ("行", 7), ("原文", 40), ("表", 12), ("行项目", 20), ("栏目", 14), ("部门反馈", 30)]
EXPLANATION_COLUMNS = [("序号", 6), ("文件", 24), ("部门", 22), ("年度", 7), ("页", 5), ("行", 7), ("说明对象", 22),
                       ("增减方向", 9), ("涉及数字", 24), ("原因说明", 50), ("判定", 12), ("类型", 10), ("可能性", 9),
                       ("判定理由", 40), ("部门反馈", 30)]

SEVERITY_FILL = {"error": "FFEBE9", "warning": "FFF4D4", "info": "DDF4FF"}
BOILERPLATE_FILL = "FFF0EE"
HEADER_FILL, HEADER_FONT, BORDER_COLOR = "24476B", "FFFFFF", "B7C3D0"
PROBABILITY_COLUMN, PROBABILITY_FORMAT = [h for h, _ in EXPLANATION_COLUMNS].index("可能性"), "0.0%"
MAX_ROWS = 1_048_575  # data rows of one worksheet: Excel's 1,048,576 rows, the header included
# text XlsxWriter stores otherwise than openpyxl: a carriage return and Excel's own _xHHHH_ escapes (both
# written as escapes that openpyxl reads back as they are), and the non-characters openpyxl refuses
_INEXACT_TEXT = re.compile(r"[\r\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE
_STRING_MAX = 32767  # UTF-16 code units of a cell: XlsxWriter cuts a longer string, openpyxl does not
_SUSPECT = re.compile(r"[\000-\010\013\014\016-\037\r\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")  # both of the above


# integers a double can hold at all (math.isfinite of a larger int raises): beyond, the openpyxl path
_FLOAT_INT = 2 ** 1023


class NotExact(ValueError):
    """A value XlsxWriter would not store as openpyxl does: the workbook is written with openpyxl instead."""


class TooManyRows(ValueError):
    """A worksheet would have more rows than Excel allows (:data:`MAX_ROWS` besides the header)."""


def finding_rows(report: dict):
    doc = report["document"]
    titles = {d["code"]: d.get("title") for d in report.get("rules") or []}
    for n, f in enumerate(report["findings"], 1):
        ev = f["evidence"][0] if f["evidence"] else {}
        yield f["severity"], [
            n, doc["path"], doc.get("department") or "", doc.get("year") or "",
            SEVERITY_ZH.get(f["severity"], f["severity"]), CATEGORIES.get(f["category"], f["category"]), f["rule"],
            titles.get(f["rule"]) or f["name"], f["message"], f["expected"] or "", f["found"] or "",
            f.get("arithmetic") or "", ev.get("page") or "", ev.get("line") or "",
            "\n".join(e["text"] for e in f["evidence"] if e.get("text")),
            ev.get("table") or "", ev.get("row") or "", ev.get("column") or "", ""]


def explanation_rows(report: dict):
    doc = report["document"]
    mentions = {m["id"]: m for m in report.get("mentions") or []}
    for x in report.get("explanations") or []:
        prob = x.get("probability")
        yield x.get("label"), [
            x["id"], doc["path"], doc.get("department") or "", doc.get("year") or "", x.get("page") or "",
            x.get("line") or "", x.get("subject") or "", DIRECTION_ZH.get(x.get("direction"), x.get("direction") or ""),
            "、".join(mentions[i]["text"] for i in x.get("mentions") or [] if i in mentions),
            (x.get("cue") or "") + x["text"], EXPLANATION_LABEL_ZH.get(x.get("label"), x.get("label") or ""),
            EXPLANATION_SUBTYPE_ZH.get(x.get("subtype"), x.get("subtype") or ""),
            prob if prob is not None else "", "；".join(x.get("reasons") or []), ""]


def _sheet(ws, columns, rows, fill_of, number_formats=None):
    """Header row, data rows (``rows``: (key, values) pairs; ``fill_of(key)``: the row's background or None),
    column widths, filter and frozen header. ``number_formats``: 1-based column -> number format.

    openpyxl interns every style object a cell is given by hashing it, which cost far more than the rest of
    the workbook; each distinct style of data cell (fill × column number format) is therefore built once on
    the first cell that needs it and its style indices copied to the cells that share it."""
    from copy import copy

    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    number_formats = number_formats or {}
    thin = Side(style="thin", color=BORDER_COLOR)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([h for h, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    ws.row_dimensions[1].height = 24
    wrap = Alignment(vertical="top", wrap_text=True)
    styles: dict[tuple, object] = {}  # (fill, number format) -> the style indices of such a cell
    row_no = 1
    for key, values in rows:
        values = [_cell_text(v) if isinstance(v, str) else v for v in values]
        ws.append(values)
        row_no += 1
        fill = fill_of(key)
        # address the row just written by number: ws[ws.max_row] rescans the sheet and made this quadratic
        for col in range(1, len(values) + 1):
            cell = ws.cell(row=row_no, column=col)
            if cell.data_type == "f":  # document text starting with "=" stays text, never a formula
                cell.data_type = "s"
            fmt = number_formats.get(col)
            style = styles.get((fill, fmt))
            if style is not None:
                cell._style = copy(style)
                continue
            cell.alignment = wrap
            cell.border = border
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            if fmt:
                cell.number_format = fmt
            styles[(fill, fmt)] = copy(cell._style)
    for i, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, row_no)}"
    ws.sheet_view.zoomScale = 100


@contextmanager
def _collector_paused():
    """openpyxl makes a few objects per cell, all alive until the workbook is saved: the garbage collector
    would scan them again and again for nothing (a fifth of the time of a big workbook)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cell_text(v: str) -> str:
    """Control characters (PDF and Word text can hold them) are not allowed in a worksheet: shown as U+FFFD."""
    return _ILLEGAL_CHARACTERS.sub("\ufffd", v)


def _exact_text(v: str) -> str:
    """The text of a cell for XlsxWriter, or :class:`NotExact` when it would read back otherwise."""
    v = _cell_text(v)
    if _INEXACT_TEXT.search(v) or (len(v) > _STRING_MAX // 2 and len(v.encode("utf-16-le")) // 2 > _STRING_MAX):
        raise NotExact(f"text XlsxWriter stores otherwise: {v[:40]!r}")
    return v


def _cell_writers(ws, undecorated: bool = True) -> tuple:
    """The worksheet's (write_blank, write_string, write_number, write_boolean) for cells given by row and
    column. XlsxWriter's public methods also take "A1" cell names: a decorator tries ``int()`` on the row
    of every call before handing the same arguments to an undecorated twin (``_write_string`` …), about a
    tenth of the time of writing a cell. The twins are taken when this XlsxWriter has them (``undecorated``);
    tests/test_xlsx_fast.py checks that both write the same worksheet."""
    kinds = ("blank", "string", "number", "boolean")
    if undecorated and all(callable(getattr(ws, f"_write_{k}", None)) for k in kinds):
        return tuple(getattr(ws, f"_write_{k}") for k in kinds)
    return tuple(getattr(ws, f"write_{k}") for k in kinds)


# cells whose XML is kept for reuse (per worksheet): short texts only (a long one rarely comes again), and
# no more than this many before the store is emptied and starts again
_REUSE_TEXT_MAX, _REUSE_CELLS_MAX = 64, 20_000


class CellXml:
    """A worksheet's cells written from the XML of an equal cell it wrote before (same column, value and
    format; on another row), XlsxWriter's own XML of the first, instead of building it again: most cells of
    a findings sheet repeat (file, department, year, rule, severity, blank columns …), and building a
    cell's XML was most of the time of a row. Only the row number of ``<c r="A12"`` differs, and is written
    anew. Texts up to :data:`_REUSE_TEXT_MAX` characters, blanks, booleans and integers are reused (floats
    not: 0.0 and -0.0 are equal keys but not equal XML); every other cell is built by XlsxWriter.

    Two ways in: :meth:`writers` gives cell writers that write the XML at once, without XlsxWriter keeping
    the row, for :meth:`WorkbookWriter._write`, which then writes the row tags itself (``<row r="…">`` as
    XlsxWriter writes a row without row attributes, checked by :func:`direct_rows_supported`);
    :meth:`install` makes it the worksheet's ``_write_cell`` instead, where that check fails (XlsxWriter
    then keeps each row's cells and writes them row by row). tests/test_xlsx_fast.py and
    tests/test_xlsx_chunks.py check the workbooks are the same byte for byte."""

    def __init__(self, ws, templated: bool = False):
        from xlsxwriter.utility import xl_col_to_name

        self.ws = ws
        self.templated = templated  # XML written as RowRenderer's templates (see _row_template)
        self.build = type(ws)._write_cell.__get__(ws)  # XlsxWriter's own, even when install() replaced it
        self.kept: dict[tuple, tuple[str, str]] = {}
        self.heads = [f'<c r="{xl_col_to_name(c)}' for c in range(64)]

    def built(self, row: int, col: int, cell, key) -> None:
        """XlsxWriter writes ``cell``; its XML is kept under ``key`` (None: not kept). ``templated``: the
        XML is written with its row number as a ``{m}`` placeholder and its braces doubled."""
        ws = self.ws
        fh = ws.fh
        ws.fh = buf = io.StringIO()
        try:
            self.build(row, col, cell)
        finally:
            ws.fh = fh
        text = buf.getvalue()
        head = f'{self.heads[col]}{row + 1}"' if col < len(self.heads) else None
        if head is None or not text.startswith(head):  # not kept
            fh.write(_row_template(text) if self.templated else text)
            return
        tail = text[len(head) - 1:]
        if self.templated:
            tail = tail.replace("{", "{{").replace("}", "}}")
            fh.write(f"{self.heads[col]}{{{row + 1}}}{tail}")
        else:
            fh.write(text)
        if key is not None:
            if len(self.kept) >= _REUSE_CELLS_MAX:
                self.kept.clear()
            self.kept[key] = (self.heads[col], tail)

    def install(self) -> None:
        """Make this the worksheet's ``_write_cell``."""
        kept, built, ws = self.kept, self.built, self.ws

        def write_cell(row: int, col: int, cell) -> None:
            t, v = type(cell), cell[0]  # the value (a Blank's first field is its format)
            tv = type(v)
            if not (tv is str and len(v) <= _REUSE_TEXT_MAX or tv is int or tv is bool or t.__name__ == "Blank"):
                built(row, col, cell, None)
                return
            key = (col, t, tv, cell)  # the types too: 1, 1.0 and True are equal keys
            xml = kept.get(key)
            if xml is None:
                built(row, col, cell, key)
            else:
                ws.fh.write(f"{xml[0]}{row + 1}{xml[1]}")

        ws._write_cell = write_cell

    def writers(self, stored: tuple) -> tuple:
        """(write_blank, write_string, write_number, write_boolean), called as :func:`_cell_writers`' are
        (row, column, value, format), each writing the cell's XML to the worksheet's file at once (as a
        template when ``templated``). Values are as :meth:`WorkbookWriter._write` passes them (text exact,
        numbers finite). ``stored``: the worksheet's own cell writers of :func:`_cell_writers`, which make a
        cell not kept yet: the cell XlsxWriter stores (as it converts the value) is taken from its table at
        once and written."""
        kept, built, ws, templated = self.kept, self.built, self.ws, self.templated
        store_blank, store_string, store_number, store_boolean = stored

        def made(row, col, key):
            cells = ws.table.get(row)
            cell = cells.pop(col, None) if cells else None
            if cell is not None:  # else XlsxWriter writes no such cell (a blank without a format)
                built(row, col, cell, key)

        def writer(store, kind: str):
            texts, numbers = kind == "str", kind == "number"

            def write(row, col, v, fmt):
                if (texts and len(v) > _REUSE_TEXT_MAX) or (numbers and type(v) is not int):
                    store(row, col, v, fmt)  # a long text, a float: not kept
                    made(row, col, None)
                    return
                key = (col, kind, v, fmt)  # the kind too: 1 and True are equal keys
                xml = kept.get(key)
                if xml is None:
                    store(row, col, v, fmt)
                    made(row, col, key)
                elif templated:
                    ws.fh.write(f"{xml[0]}{{{row + 1}}}{xml[1]}")
                else:
                    ws.fh.write(f"{xml[0]}{row + 1}{xml[1]}")

            return write

        return (writer(store_blank, "blank"), writer(store_string, "str"), writer(store_number, "number"),
                writer(store_boolean, "bool"))


def direct_rows_supported(ws) -> bool:
    """Whether :meth:`CellXml.writers` can write this worksheet's rows: XlsxWriter keeps the cells of a row
    in a table of dicts (``ws.table[row][col]``) and writes a data row (no row attributes) as
    ``<row r="2">`` … ``</row>``, as :meth:`WorkbookWriter._write` then does itself."""
    if not isinstance(getattr(ws, "table", None), dict):
        return False
    if not (cell_xml_supported() and callable(getattr(ws, "_write_row", None))
            and callable(getattr(ws, "_xml_end_tag", None))):
        return False
    fh = ws.fh
    ws.fh = buf = io.StringIO()
    try:
        ws._write_row(1, None)
        ws._xml_end_tag("row")
    except Exception:  # noqa: BLE001 — another XlsxWriter: the rows are written as before
        return False
    finally:
        ws.fh = fh
    return buf.getvalue() == '<row r="2"></row>'


def cell_xml_supported() -> bool:
    """Whether this XlsxWriter has what :class:`CellXml` uses (a worksheet's ``_write_cell``)."""
    try:
        import xlsxwriter.worksheet
    except ImportError:
        return False
    return callable(getattr(xlsxwriter.worksheet.Worksheet, "_write_cell", None))


class WorkbookWriter:
    """The workbook streamed with XlsxWriter, one report at a time (:meth:`add`), both sheets at once;
    :meth:`close` writes ``target`` (a path or a binary file), :meth:`abort` drops what was written.
    :meth:`add` raises :class:`NotExact` for a value that would read back otherwise than from
    :func:`render_xlsx_openpyxl`'s workbook, and :class:`TooManyRows`; the writer must then be aborted.
    ``undecorated``: see :func:`_cell_writers` (False: XlsxWriter's public methods only); ``reuse``: see
    :class:`CellXml` (False: every cell's XML built anew)."""

    def __init__(self, target, undecorated: bool = True, reuse: bool = True):
        import xlsxwriter

        # the rows wait in temporary files until close(): in a folder of our own, removed even on abort
        self._tmp = tempfile.TemporaryDirectory(prefix="checker-xlsx-", ignore_cleanup_errors=True)
        self._wb = wb = xlsxwriter.Workbook(target, {"constant_memory": True, "tmpdir": self._tmp.name})
        wb.set_properties({"author": "checker", "title": "部门决算审核问题清单"})
        border = {"border": 1, "border_color": "#" + BORDER_COLOR}
        header = wb.add_format({"bold": True, "font_color": "#" + HEADER_FONT, "pattern": 1,
                                "fg_color": "#" + HEADER_FILL, "align": "center", "valign": "vcenter",
                                "text_wrap": True, **border})
        formats: dict[tuple, object] = {}

        def data_format(fill: str | None, number_format: str | None = None):
            key = (fill, number_format)
            if key not in formats:
                spec = {"valign": "top", "text_wrap": True, **border}
                if fill:
                    spec.update(pattern=1, fg_color="#" + fill)
                if number_format:
                    spec["num_format"] = number_format
                formats[key] = wb.add_format(spec)
            return formats[key]

        def sheet(title, columns, fills, number_formats):
            ws = wb.add_worksheet(title)
            for i, (_, width) in enumerate(columns):
                ws.set_column(i, i, width)
            ws.set_row(0, 24)
            for i, (h, _) in enumerate(columns):
                ws.write_string(0, i, h, header)
            ws.freeze_panes(1, 0)
            # one format per column for each kind of row (fill)
            row_formats = {key: [data_format(fill, number_formats.get(i)) for i in range(len(columns))]
                           for key, fill in fills.items()}
            return ws, row_formats, _cell_writers(ws, undecorated)

        self._findings = sheet(FINDINGS_SHEET, FINDING_COLUMNS, {**SEVERITY_FILL, None: None}, {})
        self._explanations = sheet(EXPLANATIONS_SHEET, EXPLANATION_COLUMNS,
                                   {"boilerplate": BOILERPLATE_FILL, None: None},
                                   {PROBABILITY_COLUMN: PROBABILITY_FORMAT})
        self.rows = [0, 0]  # data rows written on each sheet
        # the cells written from kept XML (CellXml): at once where this XlsxWriter allows it, else as the
        # worksheets' _write_cell
        sheets = (self._findings, self._explanations)
        self._direct = None
        if reuse and all(direct_rows_supported(ws) for ws, _, _ in sheets):
            self._direct = self._direct_sheets(templated=False)
        elif reuse and cell_xml_supported():
            for ws, _, _ in sheets:
                CellXml(ws).install()
        # every format gets its style number now, in the order the formats were made, instead of when a
        # cell first uses it: the rows another process renders (RowRenderer) then carry the same numbers
        for f in wb.formats:
            if hasattr(f, "_get_xf_index"):
                f._get_xf_index()

    def _direct_sheets(self, templated: bool) -> list[tuple]:
        """Both sheets as :meth:`_write` takes them, with the cell writers of :meth:`CellXml.writers`."""
        return [(ws, formats, CellXml(ws, templated).writers(stored))
                for ws, formats, stored in (self._findings, self._explanations)]

    def add(self, report: dict) -> None:
        """The rows of one report record."""
        for k, sheet, rows in self._sheets(report):
            if self._direct is None:
                self._write(k, sheet, rows)
                continue
            ws, r = sheet[0], self.rows[k]
            # the report's XML gathered and written to XlsxWriter's file at once: that file is opened
            # for reading too ("w+"), and each write to such a file resets its decoder, a call in Python
            fh = ws.fh
            ws.fh = buf = io.StringIO()
            try:
                ws._write_single_row(r + 1)  # the row before (the header) if XlsxWriter still holds it
                self._write(k, self._direct[k], rows, '<row r="{}">')
            finally:
                ws.fh = fh
            fh.write(buf.getvalue())
            if self.rows[k] > r:  # the sheet's extent, which XlsxWriter's cell writers would have set
                ws._check_dimensions(self.rows[k], len((FINDING_COLUMNS, EXPLANATION_COLUMNS)[k]) - 1)

    def _sheets(self, report: dict):
        """(index, sheet, rows of ``report``) of 问题清单 and 原因说明."""
        return ((0, self._findings, finding_rows(report)), (1, self._explanations, explanation_rows(report)))

    def _write(self, k: int, sheet, rows, row_tag: str | None = None) -> None:
        """The rows on sheet ``k``. ``row_tag``: the cell writers write each cell's XML at once
        (:meth:`CellXml.writers`), and each row's start tag is written here, ``row_tag`` with its number."""
        ws, row_formats, (write_blank, write_string, write_number, write_boolean) = sheet
        fh = ws.fh
        plain = row_formats[None]
        r = self.rows[k]
        for key, values in rows:
            r += 1
            if r > MAX_ROWS:
                raise TooManyRows(f"more than {MAX_ROWS} rows on one sheet")
            fmts = row_formats.get(key, plain)
            # one search of the row's text for anything that needs a closer look (rarely found)
            text = "\n".join(v for v in values if type(v) is str)
            if _SUSPECT.search(text) or len(text) > _STRING_MAX // 2:
                values = [_exact_text(v) if isinstance(v, str) else v for v in values]
            if row_tag:
                fh.write(row_tag.format(r + 1))
            for col, v in enumerate(values):
                t = type(v)  # the most frequent first: text, then numbers
                if t is str:
                    if v:
                        write_string(r, col, v, fmts[col])
                    else:
                        write_blank(r, col, None, fmts[col])
                elif (t is int and -_FLOAT_INT < v < _FLOAT_INT) or (t is float and math.isfinite(v)):
                    write_number(r, col, v, fmts[col])  # "%.16G", as openpyxl's "%.16g"
                elif v is None:
                    write_blank(r, col, None, fmts[col])
                elif t is bool:
                    write_boolean(r, col, v, fmts[col])
                else:
                    raise NotExact(f"value XlsxWriter stores otherwise: {v!r}")
            if row_tag:
                fh.write("</row>")
        self.rows[k] = r

    def close(self) -> None:
        try:
            for (ws, _, _), n, columns in ((self._findings, self.rows[0], FINDING_COLUMNS),
                                           (self._explanations, self.rows[1], EXPLANATION_COLUMNS)):
                ws.autofilter(0, 0, n, len(columns) - 1)
            with _zip_level(ZIP_LEVEL):
                self._wb.close()
        finally:
            self._tmp.cleanup()

    def append(self, chunks) -> None:
        """The rows of one report rendered by a :class:`RowRenderer` (in a worker process): ``chunks``, one
        (rows, XML template) per sheet, written with this workbook's row numbers. The result is the
        workbook :meth:`add` would have written (tests/test_xlsx_chunks.py compares them)."""
        for k, (sheet, (n, template)) in enumerate(zip((self._findings, self._explanations), chunks)):
            if not n:
                continue
            ws, r = sheet[0], self.rows[k]
            if r + n > MAX_ROWS:
                raise TooManyRows(f"more than {MAX_ROWS} rows on one sheet")
            ws._write_single_row(r + 1)  # the row before (the header, or a row add() wrote) if still held
            # the template's {m} is the row the renderer numbered m (its first data row is 2): here r + m
            ws.fh.write(template.format(*range(r, r + n + 2)))
            ws.previous_row = r + n  # written: the next write starts a new row
            ws._check_dimensions(r + n, len((FINDING_COLUMNS, EXPLANATION_COLUMNS)[k]) - 1)
            self.rows[k] = r + n

    def abort(self) -> None:
        for ws in self._wb.worksheets():
            fh = getattr(ws, "row_data_fh", None)
            if fh is not None:
                fh.close()
        self._tmp.cleanup()


# zlib level of the workbook's ZIP: XlsxWriter's (zipfile's) default 6 took 1.08 s for the 136 MB of
# sheets of 1,000 synthetic documents, level 1 0.39 s, for a file 30 % larger (19.4 MB instead of 14.9)
ZIP_LEVEL = 1
_ZIP_PATCH = threading.Lock()


@contextmanager
def _zip_level(level: int):
    """XlsxWriter's ZIP compressed at zlib ``level``. XlsxWriter has no option for it: its module's
    ``ZipFile`` is replaced meanwhile by one made with ``compresslevel`` (left alone, with the default
    level, when this XlsxWriter has no such name)."""
    import xlsxwriter.workbook as module

    zip_file = getattr(module, "ZipFile", None)
    if zip_file is None:
        yield
        return
    with _ZIP_PATCH:
        module.ZipFile = functools.partial(zip_file, compresslevel=level)
        try:
            yield
        finally:
            module.ZipFile = zip_file


def chunks_supported() -> bool:
    """Whether this XlsxWriter lets rows be rendered in one process and appended in another (the
    worksheet internals :class:`RowRenderer` and :meth:`WorkbookWriter.append` use)."""
    try:
        import xlsxwriter.format
        import xlsxwriter.worksheet
    except ImportError:
        return False
    ws = xlsxwriter.worksheet.Worksheet
    return (all(callable(getattr(ws, name, None)) for name in ("_write_single_row", "_check_dimensions"))
            and callable(getattr(xlsxwriter.format.Format, "_get_xf_index", None)))


class RowRenderer(WorkbookWriter):
    """The workbook rows of one report at a time, rendered where the report is made (a worker process) for
    the batch's :class:`WorkbookWriter` to :meth:`~WorkbookWriter.append`: the XML XlsxWriter writes for
    them, its row numbers left as ``{m}`` placeholders (its braces doubled) for ``str.format``. Style
    numbers match: both workbooks number their formats alike on creation. Never written to a file.
    :meth:`render` raises :class:`NotExact` as :meth:`WorkbookWriter.add` does."""

    def __init__(self):
        super().__init__(io.BytesIO())
        for ws, _, _ in (self._findings, self._explanations):
            ws.row_data_fh.close()
            os.unlink(ws.row_data_filename)
            ws.fh = ws.row_data_fh = io.StringIO()
        self._tmp.cleanup()
        self._wb.fileclosed = True  # nothing to write, even when garbage collected
        if self._direct is not None:  # the cells' XML written at once, as templates
            self._direct = self._direct_sheets(templated=True)

    def render(self, report: dict) -> tuple[tuple[int, str], tuple[int, str]]:
        """((rows, template) of 问题清单, (rows, template) of 原因说明) for ``report``."""
        out = []
        for k, sheet, rows in self._sheets(report):
            ws, fh = sheet[0], sheet[0].fh
            ws.table.clear()  # the header row, or what a failed render left
            ws.previous_row = 1
            fh.seek(0)
            fh.truncate()
            self.rows[k] = 0
            if self._direct:
                self._write(k, self._direct[k], rows, '<row r="{{{}}}">')
            else:
                self._write(k, sheet, rows)
            n = self.rows[k]
            if n and not self._direct:
                ws._write_single_row(n + 1)  # the last row
            out.append((n, fh.getvalue() if self._direct else _row_template(fh.getvalue())))
        return out[0], out[1]


_ROW_NUMBER = re.compile(r'(<row r="|<c r="[A-Z]+)(\d+)"')


def _row_template(xml: str) -> str:
    """``xml``'s row numbers (of ``<row r="12"`` and ``<c r="AB12"``, which document text cannot hold: its
    ``<`` is escaped) as ``{12}`` placeholders, its own braces doubled. Split and joined rather than
    substituted: the template expansion of ``re.sub`` took three times as long (~2,000 cells a report)."""
    parts = _ROW_NUMBER.split(xml.replace("{", "{{").replace("}", "}}"))
    parts[2::3] = ["{" + m + '}"' for m in parts[2::3]]
    return "".join(parts)


def render_xlsx(report_dicts: list[dict]) -> bytes:
    """The workbook's bytes: XlsxWriter's, or openpyxl's when XlsxWriter would store a value otherwise."""
    buf = io.BytesIO()
    try:
        writer = WorkbookWriter(buf)
    except ImportError:  # XlsxWriter is not installed
        return render_xlsx_openpyxl(report_dicts)
    try:
        for r in report_dicts:
            writer.add(r)
    except NotExact:
        writer.abort()
        return render_xlsx_openpyxl(report_dicts)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return buf.getvalue()


def render_xlsx_openpyxl(report_dicts: list[dict]) -> bytes:
    """The same workbook with openpyxl (slower, holds the workbook in memory; writes every value)."""
    with _collector_paused():
        return _render_xlsx(report_dicts)


def _render_xlsx(report_dicts: list[dict]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = FINDINGS_SHEET
    _sheet(ws, FINDING_COLUMNS, [row for r in report_dicts for row in finding_rows(r)],
           lambda sev: SEVERITY_FILL.get(sev))
    prob_col = PROBABILITY_COLUMN + 1
    wx = wb.create_sheet(EXPLANATIONS_SHEET)
    _sheet(wx, EXPLANATION_COLUMNS, [row for r in report_dicts for row in explanation_rows(r)],
           lambda label: BOILERPLATE_FILL if label == "boilerplate" else None,
           number_formats={prob_col: PROBABILITY_FORMAT})
    wb.properties.creator = "checker"
    wb.properties.title = "部门决算审核问题清单"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
