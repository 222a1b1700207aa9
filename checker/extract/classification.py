"""The 政府收支分类科目 lexicons: function codes (类/款/项) and economic codes, with name lookups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from checker.lexicons import LexiconError, read_table

LEVEL_LENGTH = {"类": 3, "款": 5, "项": 7}


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    level: str
    parent: str | None
    system: str  # function | economic


def _load(name: str, system: str) -> dict[str, Code]:
    out: dict[str, Code] = {}
    for r in read_table(name, ("code", "name", "level", "parent")):
        code, level = r["code"], r["level"]
        if level not in LEVEL_LENGTH or len(code) != LEVEL_LENGTH[level] or not code.isdigit():
            raise LexiconError(f"{name}:{r['_line']}: code {code!r} does not fit level {level!r}")
        if code in out:
            raise LexiconError(f"{name}:{r['_line']}: duplicate code {code}")
        parent = r["parent"] or None
        if parent and not code.startswith(parent):
            raise LexiconError(f"{name}:{r['_line']}: code {code} does not start with its parent {parent}")
        out[code] = Code(code, r["name"], level, parent, system)
    for c in out.values():
        if c.parent and c.parent not in out:
            raise LexiconError(f"{name}: parent {c.parent} of {c.code} is missing")
    return out


@lru_cache(maxsize=None)
def function_codes() -> dict[str, Code]:
    return _load("function_codes.tsv", "function")


@lru_cache(maxsize=None)
def economic_codes() -> dict[str, Code]:
    return _load("economic_codes.tsv", "economic")


@lru_cache(maxsize=None)
def codes() -> dict[str, Code]:
    return {**economic_codes(), **function_codes()}


def norm_name(name: str) -> str:
    return name.replace("(", "（").replace(")", "）").replace(" ", "")


@lru_cache(maxsize=None)
def class_names() -> dict[str, Code]:
    """类 names with and without the trailing 支出 (the narrative writes both)."""
    out: dict[str, Code] = {}
    for c in function_codes().values():
        if c.level == "类":
            n = norm_name(c.name)
            out[n] = c
            if n.endswith("支出"):
                out[n[:-2]] = c
    return out


@lru_cache(maxsize=None)
def _children() -> dict[str, dict[str, Code]]:
    out: dict[str, dict[str, Code]] = {}
    for c in function_codes().values():
        if c.parent:
            out.setdefault(c.parent, {})[norm_name(c.name)] = c
    return out


def child_by_name(parent: str, name: str) -> Code | None:
    return _children().get(parent, {}).get(norm_name(name))


def resolve_path(lei: str, kuan: str | None = None, xiang: str | None = None) -> Code | None:
    """The deepest code the written 类/款/项 names resolve to (None when the 类 is unknown)."""
    c = class_names().get(norm_name(lei))
    if c is None:
        return None
    if kuan:
        k = child_by_name(c.code, kuan)
        if k is None:
            return c
        c = k
        if xiang:
            x = child_by_name(k.code, xiang)
            if x is not None:
                c = x
    return c
