"""The look of the streamed workbook (XlsxWriter) against openpyxl's: every cell shows with the same
format, whether the cell carries it or takes it from its row or column as Excel does for a cell the file
leaves out. Values are compared in test_fast_paths_reports.py."""

from __future__ import annotations

import io

import pytest

from checker.pipeline import check_path
from conftest import SEEDS
from test_fast_paths_reports import streamed

pytest.importorskip("xlsxwriter")


@pytest.fixture(scope="module")
def reports():
    return [check_path(SEEDS[c]).to_dict() for c in sorted(SEEDS)]


def _rgb(color) -> str | None:
    """The colour without its alpha byte (openpyxl writes 00, XlsxWriter FF; Excel ignores it)."""
    return color.rgb[-6:] if color is not None and isinstance(color.rgb, str) else None


def _look(obj) -> tuple:
    """What a cell, row or column format shows, in the attributes the two writers set."""
    font, fill, border, al = obj.font, obj.fill, obj.border, obj.alignment
    return (bool(font.b), _rgb(font.color),
            fill.fill_type, _rgb(fill.fgColor) if fill.fill_type else None,
            tuple((getattr(border, side).style, _rgb(getattr(border, side).color))
                  for side in ("left", "right", "top", "bottom")),
            al.horizontal, al.vertical, bool(al.wrap_text), obj.number_format)


def looks(data: bytes) -> dict:
    """Per sheet: the effective format of every cell of the used range and of one row and one column
    beyond it (the cell's own, else its row's, else its column's, else the default), and the row and
    column formats themselves, which are what all the cells beyond the used range show."""
    import openpyxl
    from openpyxl.cell.cell import Cell

    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        n_rows, n_cols = ws.max_row, ws.max_column
        rows = {r: _look(d) for r, d in ws.row_dimensions.items() if d.has_style}
        cols = {(d.min, d.max): _look(d) for d in ws.column_dimensions.values() if d.has_style}
        default = _look(Cell(ws))  # a cell with no format of its own (not added to the sheet)

        def col_look(c):
            return next((lk for (a, b), lk in cols.items() if a <= c <= b), default)

        grid = []
        for r in range(1, n_rows + 2):
            line = []
            for c in range(1, n_cols + 2):
                if (r, c) in ws._cells:  # in the file (ws.cell() would add it)
                    line.append(_look(ws._cells[(r, c)]))
                else:
                    line.append(rows.get(r) or col_look(c))
            grid.append(line)
        # whole characters: XlsxWriter stores Excel's width with its padding (6 -> 6.71), openpyxl as given
        widths = [int(next((d.width for d in ws.column_dimensions.values() if d.min <= c <= d.max), 0))
                  for c in range(1, n_cols + 1)]
        out[ws.title] = {"grid": grid, "rows": rows, "columns": cols, "freeze": ws.freeze_panes,
                         "filter": ws.auto_filter.ref, "widths": widths}
    return out


def _first_difference(a: dict, b: dict) -> str:
    for title in a:
        for key in a[title]:
            if a[title][key] != b[title][key]:
                if key == "grid":
                    for r, (la, lb) in enumerate(zip(a[title][key], b[title][key]), 1):
                        for c, (x, y) in enumerate(zip(la, lb), 1):
                            if x != y:
                                return f"{title} row {r} column {c}: {x} != {y}"
                return f"{title} {key}: {a[title][key]} != {b[title][key]}"
    return "same"


def test_streamed_workbook_looks_as_openpyxls_in_every_cell(reports):
    from checker.reporters.xlsx import render_xlsx_openpyxl

    fast, slow = looks(streamed(reports)), looks(render_xlsx_openpyxl(reports))
    assert fast.keys() == slow.keys()
    assert fast == slow, _first_difference(fast, slow)


def test_the_look_comparison_sees_a_row_format(reports):
    """looks() tells a workbook whose rows carry a format (empty cells beyond the table would show it)."""
    import openpyxl
    from openpyxl.styles import PatternFill

    base = streamed(reports[:1])
    wb = openpyxl.load_workbook(io.BytesIO(base))
    wb["问题清单"].row_dimensions[2].fill = PatternFill("solid", fgColor="FFEBE9")
    buf = io.BytesIO()
    wb.save(buf)
    assert looks(buf.getvalue())["问题清单"]["rows"] != looks(base)["问题清单"]["rows"]


def test_the_look_comparison_sees_an_empty_cell_left_to_its_row(reports):
    """A blank cell the file leaves out takes its row's format (not the default) in looks()."""
    import openpyxl
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["C1"] = "甲", "乙"
    ws.row_dimensions[1].fill = PatternFill("solid", fgColor="FFEBE9")
    buf = io.BytesIO()
    wb.save(buf)
    b1 = looks(buf.getvalue())["Sheet"]["grid"][0][1]
    assert b1[2] == "solid" and b1[3] == "FFEBE9"


def _parts(data: bytes) -> dict:
    """The workbook's files but its properties (which hold the time it was written)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _written(report_dicts, **options) -> bytes:
    """The workbook WorkbookWriter(**options) writes of ``report_dicts``."""
    from checker.reporters.xlsx import WorkbookWriter

    buf = io.BytesIO()
    writer = WorkbookWriter(buf, **options)
    for r in report_dicts:
        writer.add(r)
    writer.close()
    return buf.getvalue()


def _with_odd_values(report: dict) -> dict:
    """A report whose cells hold what the writer treats apart: empty and None, True, 0, -0.0, big and
    small numbers, text with spaces at its ends, "=…" and "http://…" (stay text), control characters."""
    texts = ["", " 前后空格 ", "=SUM(A1)", "http://example.com", "\x07响铃", "\t", "<&>\"'", "😀", "1.5"]
    numbers = [0, -0.0, 1e-300, 0.1 + 0.2, 2**60, True, 1]
    r = {**report, "findings": [dict(f) for f in report["findings"]],
         "explanations": [dict(x) for x in report["explanations"]]}
    for i, f in enumerate(r["findings"]):
        f.update(message=texts[i % len(texts)], found=texts[(i + 3) % len(texts)], expected=None)
        if i % 5 == 0:
            f["rule"] = None  # a cell given None, not ""
    for i, x in enumerate(r["explanations"]):
        x.update(probability=numbers[i % len(numbers)], line=numbers[(i + 2) % len(numbers)])
    return r


def test_odd_values_read_back_and_look_as_from_openpyxl(reports):
    import openpyxl

    from checker.reporters.xlsx import render_xlsx_openpyxl

    def cells(data: bytes) -> dict:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}

    odd = [_with_odd_values(r) for r in reports[:3]]
    fast, slow = streamed(odd), render_xlsx_openpyxl(odd)
    assert cells(fast) == cells(slow)
    assert looks(fast) == looks(slow)


def test_undecorated_cell_writers_write_the_same_workbook(reports):
    """XlsxWriter's undecorated write methods (taken for speed) against its public ones: the same files."""
    from checker.reporters.xlsx import WorkbookWriter, _cell_writers

    for report_dicts in (reports, [_with_odd_values(r) for r in reports]):
        fast, plain = _written(report_dicts, undecorated=True), _written(report_dicts, undecorated=False)
        assert _parts(fast) == _parts(plain)
    writer = WorkbookWriter(io.BytesIO())
    try:  # the fast path is the one taken with the XlsxWriter installed
        assert [f.__name__ for f in _cell_writers(writer._wb.worksheets()[0])] == [
            "_write_blank", "_write_string", "_write_number", "_write_boolean"]
    finally:
        writer.abort()


def test_cell_writers_without_all_undecorated_twins_are_the_public_ones():
    from checker.reporters.xlsx import _cell_writers

    class Sheet:  # an XlsxWriter that would lack some of the twins
        def write_blank(self): ...
        def write_string(self): ...
        def write_number(self): ...
        def write_boolean(self): ...
        def _write_string(self): ...

    public = ["write_blank", "write_string", "write_number", "write_boolean"]
    assert [f.__name__ for f in _cell_writers(Sheet())] == public
    Sheet._write_blank = Sheet._write_number = Sheet._write_boolean = Sheet._write_string
    assert [f.__name__ for f in _cell_writers(Sheet())] == ["_write_string"] * 4
    assert [f.__name__ for f in _cell_writers(Sheet(), undecorated=False)] == public


def test_reused_cell_xml_writes_the_same_workbook(reports, monkeypatch):
    """Cells written again from the XML of an equal cell (xlsx.CellXml) against every cell built anew: the
    same files, with odd values (0 and -0.0, True and 1, spaces, control characters) mixed in, and with
    the store emptied every few cells as well as kept whole."""
    from checker.reporters import xlsx

    mixed = reports + [_with_odd_values(r) for r in reports]
    plain = _parts(_written(mixed, reuse=False))
    assert _parts(_written(mixed, reuse=True)) == plain
    monkeypatch.setattr(xlsx, "_REUSE_CELLS_MAX", 7)
    assert _parts(_written(mixed, reuse=True)) == plain


def test_cells_are_written_from_reused_xml(monkeypatch):
    """Rows of equal values after the first take its cells' XML: XlsxWriter builds only the cells that
    differ (序号), and the reused ones carry their own row numbers."""
    import xlsxwriter.worksheet

    from checker.reporters.xlsx import FINDING_COLUMNS, WorkbookWriter

    built = []
    original = xlsxwriter.worksheet.Worksheet._write_cell

    def counting(self, row, col, cell):
        built.append((row, col))
        return original(self, row, col, cell)

    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "_write_cell", counting)
    buf = io.BytesIO()
    writer = WorkbookWriter(buf)
    finding = {"severity": "error", "category": "arithmetic", "rule": "A001", "name": "n", "message": "同一句话",
               "expected": "", "found": "", "evidence": []}
    writer.add({"document": {"path": "a.txt", "department": "某局", "year": 2023}, "findings": [finding] * 3,
                "explanations": []})
    writer.close()
    data = [(r, c) for r, c in built if r > 0]  # the header row is row 0
    assert sorted(data) == sorted([(1, c) for c in range(len(FINDING_COLUMNS))] + [(2, 0), (3, 0)])
    import zipfile

    with zipfile.ZipFile(buf) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    for r in (2, 3, 4):
        assert f'<c r="B{r}"' in sheet and f'<c r="G{r}"' in sheet
