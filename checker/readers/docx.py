"""Word .docx via python-docx: paragraphs and tables in document order.

Table rows become tab-separated lines (merged cells once), the layout the table parser reads;
the cell grid is also kept on the document for later stages.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from checker.document import Document
from checker.errors import InputError


def _row_cells(row) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    return cells


def read_docx(path: Path, data: bytes) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(str(path), "corrupt_docx", "文件扩展名是 .docx，但内容不是有效的 Word 文档（不是 ZIP 包），可能已损坏或改了扩展名。")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(str(path), "corrupt_docx", f"Word 文档已损坏，无法打开（{exc}）。") from exc
    lines: list[str] = []
    grids: list[dict] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            first = len(lines)
            rows = [_row_cells(r) for r in table.rows]
            lines.extend("\t".join(r) for r in rows)
            grids.append({"first_line": first, "rows": rows})
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(str(path), "empty", "Word 文档中没有文字。")
    doc = Document.from_text(str(path), "docx", text)
    doc.native_tables = grids
    return doc
