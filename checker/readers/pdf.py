"""PDF with a text layer, read with PyMuPDF (it decodes the CJK fonts that pdfminer turns into (cid:N)).

Text blocks are ordered by position (``sort=True``): files re-saved by WPS often store them out
of reading order. Pages are joined with a form feed; offsets in findings are given per page.
"""

from __future__ import annotations

from pathlib import Path

from checker.document import Document
from checker.errors import InputError


def read_pdf(path: Path, data: bytes) -> Document:
    import pymupdf

    if not data.lstrip().startswith(b"%PDF"):
        raise InputError(str(path), "corrupt_pdf", "文件扩展名是 .pdf，但内容不是 PDF（缺少 %PDF 文件头），可能已损坏或改了扩展名。")
    try:
        pdf = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several error types for damaged files
        raise InputError(str(path), "corrupt_pdf", f"PDF 文件已损坏，无法打开（{exc}）。") from exc
    with pdf:
        if pdf.needs_pass or pdf.is_encrypted:
            raise InputError(str(path), "encrypted_pdf", "PDF 已加密，需要密码才能读取；请提供未加密的文件。")
        repaired = bool(getattr(pdf, "is_repaired", False))
        if pdf.page_count == 0:
            raise InputError(str(path), "empty", "PDF 没有任何页面。")
        pages: list[str] = []
        try:
            for page in pdf:
                text = page.get_text("text", sort=True)
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
                if text and not text.endswith("\n"):
                    text += "\n"  # a page break always ends a line
                pages.append(text)
        except Exception as exc:
            raise InputError(str(path), "corrupt_pdf", f"PDF 页面内容损坏，无法提取文字（{exc}）。") from exc
    blank = [i + 1 for i, t in enumerate(pages) if not t.strip()]
    if len(blank) == len(pages) and repaired:
        raise InputError(str(path), "corrupt_pdf", "PDF 文件已损坏（可能不完整或被截断）：修复后仍提取不到任何内容，请重新导出或重新下载原文件。")
    if len(blank) == len(pages):
        raise InputError(str(path), "no_text_layer",
                         f"PDF 没有文字层（共 {len(pages)} 页均提取不到文字），可能是扫描件；请提供带文字的 PDF，或先做文字识别（OCR）后再审核。")
    garbled = sum(t.count("\ufffd") for t in pages)
    total = sum(len(t) for t in pages)
    if total and garbled / total > 0.2:
        raise InputError(str(path), "garbled_pdf", "PDF 的字体无法解码（大部分文字提取为乱码），请提供由原文件重新导出的 PDF。")
    doc = Document.from_pages(str(path), "pdf", pages)
    for number in blank:
        doc.diagnostics.append({"code": "page_without_text", "page": number,
                                "message": f"第 {number} 页没有文字层（可能是图片或扫描页），其内容未能审核。"})
    return doc
