"""Input errors: everything that stops a file from being read, with a message a reviewer can act on."""

from __future__ import annotations


class InputError(Exception):
    """A file that cannot be read as a document.

    ``code`` is a stable machine-readable reason (used in batch summaries and JSON);
    ``message`` is the Chinese explanation shown to the reviewer.
    """

    def __init__(self, path: str, code: str, message: str):
        self.path = str(path)
        self.code = code
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def to_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "message": self.message}

    def __str__(self) -> str:  # what the CLI prints
        return f"无法读取文件 {self.path}：{self.message}"
