"""PDF with a text layer, read with PyMuPDF (it decodes the CJK fonts that pdfminer turns into (cid:N)).

Text is ordered by position (``sort=True``): files re-saved by WPS often store it out of reading
order. Ruled tables (PyMuPDF ``find_tables``) arrive as tab-separated rows, one line per row with
empty cells kept, the layout Word tables arrive in (see ``pdf_layout``). Fake bold (every glyph
drawn twice) is undone. Pages are joined with a form feed; offsets in findings are given per page.
A text layer that is mostly undecodable (U+FFFD, or ``(cid:N)`` tokens) is refused.
"""

from __future__ import annotations

from pathlib import Path

from checker.document import Document
from checker.errors import InputError
from checker.readers.pdf_layout import CID_TOKEN, garbled_count, page_text

GARBLED_SHARE = 0.2  # undecodable characters above this share make a text layer unusable


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
                text, _ = page_text(page)
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
    counts = [garbled_count(t) for t in pages]
    bad, total = sum(b for b, _ in counts), sum(n for _, n in counts)
    # a page whose text is mostly (cid:N) tokens or U+FFFD has no usable text layer
    garbled_pages = [i + 1 for i, (b, n) in enumerate(counts) if n and b / n > GARBLED_SHARE]
    with_text = [i + 1 for i, t in enumerate(pages) if t.strip()]
    if total and (bad / total > GARBLED_SHARE or set(with_text) <= set(garbled_pages)):
        cid = sum(len(CID_TOKEN.findall(t)) for t in pages)
        fffd = sum(t.count("\ufffd") for t in pages)
        what = "、".join(x for x in (f"“(cid:数字)”形式的字形编号 {cid} 处" if cid else "",
                                     f"无法识别的字符“\ufffd” {fffd} 个" if fffd else "") if x)
        raise InputError(str(path), "garbled_pdf",
                         f"PDF 的文字层无法使用：提取出的文字大多是乱码（{what}，约占全部文字的 {bad / total:.0%}），"
                         "通常是字体没有嵌入汉字编码映射。请由原文件（Word/WPS/Excel）重新导出 PDF，或直接提供 Word/文本版本后再审核。")
    doc = Document.from_pages(str(path), "pdf", pages)
    for number in blank:
        doc.diagnostics.append({"code": "page_without_text", "page": number,
                                "message": f"第 {number} 页没有文字层（可能是图片或扫描页），其内容未能审核。"})
    for number, (b, n) in enumerate(counts, start=1):
        if number in garbled_pages:
            doc.diagnostics.append({"code": "garbled_page", "page": number,
                                    "message": f"第 {number} 页的文字大多无法解码（{b} 处乱码或“(cid:数字)”），该页内容未能审核。"})
        elif b:
            doc.diagnostics.append({"code": "undecodable_text", "page": number,
                                    "message": f"第 {number} 页有 {b} 处文字无法解码（乱码或“(cid:数字)”），相关内容可能未能正确审核。"})
    return doc
