"""Table rows made in pass two's worker processes (batch.table_rows, xlsx.RowRenderer) and appended by the
batch's process (TableWriter.put with ``rows``, WorkbookWriter.append): the CSV and the workbook must be
the ones the batch's process writes from the records itself, byte for byte."""

from __future__ import annotations

import io
import zipfile

import pytest

from checker import batch
from checker.pipeline import check_path
from checker.reporters import xlsx
from conftest import SEEDS

pytest.importorskip("xlsxwriter")


@pytest.fixture(scope="module")
def reports():
    return [check_path(SEEDS[c]).to_dict() for c in sorted(SEEDS)]


def members(data: bytes) -> dict[str, bytes]:
    """The workbook's files, without docProps/core.xml (it holds the time the workbook was made)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def workbook(reports, how) -> bytes:
    """``how(i)``: "add" (the record's rows written here) or "append" (rows rendered by a RowRenderer)."""
    buf = io.BytesIO()
    writer, renderer = xlsx.WorkbookWriter(buf), xlsx.RowRenderer()
    for i, r in enumerate(reports):
        if how(i) == "add":
            writer.add(r)
        else:
            writer.append(renderer.render(r))
    writer.close()
    return buf.getvalue()


def empty(report: dict) -> dict:
    return {**report, "findings": [], "explanations": []}


def test_appended_rows_make_the_workbook_add_makes(reports):
    assert xlsx.chunks_supported()
    assert xlsx.RowRenderer()._direct  # this XlsxWriter: the renderer writes the cells' XML itself (CellXml)
    direct = members(workbook(reports, lambda i: "add"))
    assert direct["xl/worksheets/sheet1.xml"].count(b"<row ") > 20  # rows were written at all
    assert members(workbook(reports, lambda i: "append")) == direct


def test_appended_and_added_rows_mix_in_any_order(reports):
    # an empty report between (no rows on either sheet), and a report added after one appended and back
    docs = [reports[0], empty(reports[1]), *reports[1:], reports[0]]
    direct = members(workbook(docs, lambda i: "add"))
    for how in (lambda i: "add" if i % 2 else "append", lambda i: "append" if i % 2 else "add",
                lambda i: "append" if i in (1, 2) else "add"):
        assert members(workbook(docs, how)) == direct


def test_a_renderer_renders_each_report_alone(reports):
    renderer = xlsx.RowRenderer()
    first = renderer.render(reports[0])
    renderer.render(reports[1])
    assert renderer.render(reports[0]) == first
    (n, template), (m, _) = first
    assert n == len(reports[0]["findings"]) and m == len(reports[0]["explanations"])
    assert template.startswith('<row r="{2}">') and f'<row r="{{{n + 1}}}">' in template
    assert f'<row r="{{{n + 2}}}">' not in template and "<row r=\"{1}\">" not in template  # no header


def test_odd_values_appended_make_the_workbook_add_makes(reports):
    """Values the cell writers treat apart (None and "", 0 and -0.0, True and 1, floats, big integers,
    spaces at the ends, control characters, texts past the reuse limit) rendered by the renderer's own
    cell writers, again by a second renderer that has kept their XML, and written by XlsxWriter's."""
    from test_xlsx_fast import _with_odd_values

    odd = [_with_odd_values(r) for r in reports[:3]]
    long = {**reports[0], "findings": [{**f, "message": "长" * (xlsx._REUSE_TEXT_MAX + i % 3)}
                                       for i, f in enumerate(reports[0]["findings"])]}
    docs = [*odd, long, *odd]
    direct = members(workbook(docs, lambda i: "add"))
    assert members(workbook(docs, lambda i: "append")) == direct


def test_a_renderer_without_direct_rows_renders_through_xlsxwriter(reports, monkeypatch):
    """An XlsxWriter that writes a row otherwise than the renderer would: its rows go through XlsxWriter's
    own row writing, and the workbook is the same."""
    monkeypatch.setattr(xlsx, "direct_rows_supported", lambda ws: False)
    assert xlsx.RowRenderer()._direct is None
    assert members(workbook(reports, lambda i: "append")) == members(workbook(reports, lambda i: "add"))


def test_direct_rows_are_refused_for_a_row_written_otherwise():
    writer = xlsx.WorkbookWriter(io.BytesIO())
    try:
        ws = writer._wb.worksheets()[0]
        assert xlsx.direct_rows_supported(ws)
        real = ws._write_row

        def with_attributes(row, spans, *args, **kw):  # as an XlsxWriter writing more in every row tag would
            ws._xml_start_tag("row", [("r", row + 1), ("spans", "1:19")])

        ws._write_row = with_attributes
        assert not xlsx.direct_rows_supported(ws)
        ws._write_row = real
        ws.table = None  # cells kept otherwise than in a table of dicts
        assert not xlsx.direct_rows_supported(ws)
    finally:
        writer.abort()


def test_braces_and_row_like_text_in_a_cell_stay_text(reports):
    r = reports[0]
    odd = {**r, "findings": [{**f, "message": '{0} <c r="A9"> {x} }} <row r="3">'} for f in r["findings"]]}
    direct = members(workbook([r, odd], lambda i: "add"))
    assert b"{0} &lt;c r=\"A9\"&gt; {x} }}" in direct["xl/worksheets/sheet1.xml"]
    assert members(workbook([r, odd], lambda i: "append")) == direct


def test_a_renderer_refuses_what_add_refuses(reports):
    r = reports[0]
    odd = {**r, "findings": [{**r["findings"][0], "message": "文字 _x0041_ 文字"}]}
    with pytest.raises(xlsx.NotExact):
        xlsx.WorkbookWriter(io.BytesIO()).add(odd)
    with pytest.raises(xlsx.NotExact):
        xlsx.RowRenderer().render(odd)
    assert batch.table_rows(odd)["xlsx"] is None
    assert batch.table_rows(r)["xlsx"] is not None


def test_table_rows_csv_is_the_table_writers(tmp_path, reports):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    direct = batch.TableWriter(tmp_path / "a", len(reports), None)
    made = batch.TableWriter(tmp_path / "b", len(reports), None)
    for i, r in enumerate(reports):
        direct.put(i, r)
        made.put(i, None, reloadable=True, rows=batch.table_rows(r))
    assert made.rows == direct.rows and made.rows[0] > 0
    direct.close(lambda: reports)
    made.close(lambda: reports)
    for name in ("findings.csv", "findings.xlsx"):
        a, b = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert (a == b) if name.endswith(".csv") else (members(a) == members(b))


def test_rows_far_ahead_of_their_turn_are_reloaded(tmp_path, reports):
    """Rows that arrive more than EARLY_ROWS documents early are not kept: the record is loaded again
    when its turn comes, and the tables are the same as in order."""
    docs = reports * 3
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    in_order = batch.TableWriter(tmp_path / "a", len(docs), None)
    for i, r in enumerate(docs):
        in_order.put(i, r)
    in_order.close(lambda: docs)
    loaded = []
    late = batch.TableWriter(tmp_path / "b", len(docs), lambda i: loaded.append(i) or docs[i])
    late.EARLY_ROWS = 4
    for i in [*range(1, len(docs)), 0]:  # document 0 last, as a retried one
        late.put(i, None, reloadable=True, rows=batch.table_rows(docs[i]))
    late.close(lambda: docs)
    assert loaded == list(range(4, len(docs)))  # those 4 or more ahead of document 0
    assert (tmp_path / "a" / "findings.csv").read_bytes() == (tmp_path / "b" / "findings.csv").read_bytes()
    assert members((tmp_path / "a" / "findings.xlsx").read_bytes()) == members(
        (tmp_path / "b" / "findings.xlsx").read_bytes())


def test_rows_of_a_report_xlsxwriter_cannot_write_send_the_workbook_to_openpyxl(tmp_path, reports):
    r = reports[0]
    odd = {**r, "findings": [{**r["findings"][0], "message": "文字 _x0041_ 文字"}]}
    docs = [r, odd]
    tables = batch.TableWriter(tmp_path, len(docs), None)
    for i, d in enumerate(docs):
        tables.put(i, None, reloadable=True, rows=batch.table_rows(d))
    assert tables.close(lambda: docs) == ("findings.xlsx", None)
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "findings.xlsx", read_only=True).worksheets[0]
    assert [row[8] for row in ws.iter_rows(values_only=True)][-1] == "文字 _x0041_ 文字"


def test_a_batch_with_workers_writes_the_tables_of_one_in_process(tmp_path, monkeypatch):
    """--jobs 2 (the rows made by the workers) against --jobs 1 (made by the batch's process)."""
    import shutil

    appended = []
    write_rows = batch.TableWriter._write_rows
    monkeypatch.setattr(batch.TableWriter, "_write_rows", lambda self, made: appended.append(1) or write_rows(self, made))

    root = tmp_path / "in"
    root.mkdir()
    for code in sorted(SEEDS):
        shutil.copy(SEEDS[code], root / SEEDS[code].name)
        shutil.copy(SEEDS[code], root / f"copy-{SEEDS[code].name}")
    one = batch.run_batch(root, tmp_path / "one", jobs=1)
    assert not appended
    two = batch.run_batch(root, tmp_path / "two", jobs=2)
    assert len(appended) == 2 * len(SEEDS)  # every document's rows came from a worker
    assert two["run"]["runner"] == "processes" and one["run"]["runner"] == "in-process"
    assert (tmp_path / "one" / "findings.csv").read_bytes() == (tmp_path / "two" / "findings.csv").read_bytes()
    a = members((tmp_path / "one" / "findings.xlsx").read_bytes())
    assert a == members((tmp_path / "two" / "findings.xlsx").read_bytes())
    assert a["xl/worksheets/sheet1.xml"].count(b"<row ") > 20
