"""Reading submissions as they arrive: plain text, PDF with a text layer, Word .docx.

Each reader returns a :class:`checker.document.Document`; anything that cannot be read raises
:class:`checker.errors.InputError` with a Chinese message naming the reason.
"""

from __future__ import annotations

from pathlib import Path

from checker.document import Document
from checker.errors import InputError

SUPPORTED = {".txt": "text", ".text": "text", ".pdf": "pdf", ".docx": "docx"}


def read_document(path: str | Path) -> Document:
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "not_found", "文件不存在。")
    if p.is_dir():
        raise InputError(str(p), "is_directory", "这是一个文件夹，不是文件；审核整个文件夹请用 checker batch。")
    ext = p.suffix.lower()
    if ext == ".doc":
        raise InputError(str(p), "unsupported_format", "旧版 Word（.doc）格式不受支持，请在 Word/WPS 中另存为 .docx 后重试。")
    kind = SUPPORTED.get(ext)
    if kind is None:
        shown = ext or "（无扩展名）"
        raise InputError(str(p), "unsupported_format",
                         f"不支持的文件类型“{shown}”。目前支持：.txt（UTF-8/GB18030 文本）、.pdf（带文字层）、.docx。")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), "unreadable", f"无法打开文件（{exc.strerror or exc}）。") from exc
    if not data:
        raise InputError(str(p), "empty", "文件为空（0 字节），没有可审核的文字。")
    if not data.strip():
        raise InputError(str(p), "empty", "文件只有空白字符，没有可审核的文字。")
    if kind == "text":
        from checker.readers.text import read_text
        return read_text(p, data)
    if kind == "pdf":
        from checker.readers.pdf import read_pdf
        return read_pdf(p, data)
    from checker.readers.docx import read_docx
    return read_docx(p, data)
