"""Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from checker.document import Document
from checker.errors import InputError

# control characters other than \n \r \t \f, C1 controls and the replacement character: signs of a
# binary file or of a wrong decoding
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for _ in _BAD_CHAR.finditer(text))
    return bad / len(text)


def _cjk_ratio(text: str) -> float:
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u4e00" <= c <= "\u9fff") / len(letters)


def _common_hanzi_ratio(text: str) -> float:
    """Share of Han characters that GB2312 (the everyday set) can encode.

    Bytes in another encoding decoded as GB18030 tend to land on rare characters; real
    Chinese text is almost entirely in GB2312.
    """
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 1.0
    ok = 0
    for c in han:
        try:
            c.encode("gb2312")
            ok += 1
        except UnicodeEncodeError:
            pass
    return ok / len(han)


def decode(path: str, data: bytes) -> tuple[str, str]:
    """Return (text, encoding) or raise InputError. Never guesses silently."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(path, "bad_encoding", f"文件声明为 UTF-8（带 BOM），但第 {exc.start} 字节处编码错误，文件可能已损坏。") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(path, "bad_encoding", "文件声明为 UTF-16，但内容编码错误，文件可能已损坏。") from exc
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary", "文件不是文本：含有二进制内容，可能已损坏，或是改了扩展名的其他格式文件。")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _control_ratio(text) < 0.001 and _cjk_ratio(text) > 0.05 and _common_hanzi_ratio(text) > 0.97:
        return text, "gb18030"
    # Only UTF-8/UTF-16/GB18030 are accepted: a guess at another encoding could silently misread
    # figures. charset-normalizer is asked only to name what the file probably is.
    best = from_bytes(data).best()
    hint = f"（看起来像是 {best.encoding} 编码）" if best is not None and best.encoding not in ("utf_8", "gb18030") else ""
    raise InputError(path, "bad_encoding",
                     f"无法可靠识别文件编码{hint}：既不是 UTF-8，也不是 GB18030/GBK，为避免读错文字已停止；请另存为 UTF-8 编码后重试。")


def read_text(path: Path, data: bytes) -> Document:
    text, encoding = decode(str(path), data)
    if _control_ratio(text) > 0.01:
        raise InputError(str(path), "binary", "文件不是正常文本：含有大量控制字符或乱码，可能已损坏。")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(str(path), "empty", "文件只有空白字符，没有可审核的文字。")
    return Document.from_text(str(path), "text", text, encoding=encoding)
