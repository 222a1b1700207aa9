"""JSON: the report record as published (``docs/report-schema.md``), indented by two spaces.

``json.dumps(..., indent=2)`` runs the pure-Python encoder (the C encoder of the standard library has no
indentation), which made the JSON report one of the slowest steps of a batch. :func:`report_json` gives
the same text, character for character: it walks the containers that hold other containers in Python
and hands every container of plain values (most of a report: the items of mentions, quantities, cells,
evidence, sections …) and every plain value to the standard library's C encoder, with the item separator
of that container's depth.
"""

from __future__ import annotations

import json
from json import encoder as _stdlib

INDENT = "  "
_CONTAINERS = (dict, list, tuple)
_CONSTANTS = {True: "true", False: "false", None: "null"}
_INFINITY = float("inf")
_encode_str = _stdlib.encode_basestring  # the C function when the standard library has it


def _default(o):
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


class _Flat:
    """C encoders of containers of plain values, one per depth (the item separator holds the indentation)."""

    def __init__(self):
        self._by_depth: dict[int, object] = {}

    def __call__(self, depth: int):
        enc = self._by_depth.get(depth)
        if enc is None:
            enc = self._by_depth[depth] = _stdlib.c_make_encoder(
                None, _default, _encode_str, None, ": ", ",\n" + INDENT * depth, False, False, True)
        return enc


_flat = _Flat() if _stdlib.c_make_encoder is not None else None


def _float(v: float) -> str:
    if v != v:
        return "NaN"
    if v == _INFINITY:
        return "Infinity"
    if v == -_INFINITY:
        return "-Infinity"
    return float.__repr__(v)


def _key(k) -> str:
    """A dict key as the standard library writes it (before quoting)."""
    if isinstance(k, str):
        return k
    if isinstance(k, float):
        return _float(k)
    if k is True or k is False or k is None:
        return _CONSTANTS[k]
    if isinstance(k, int):
        return int.__repr__(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def _scalar(v) -> str:
    t = type(v)
    if t is str:
        return _encode_str(v)
    if t is int:
        return int.__repr__(v)
    if t is float:
        return _float(v)
    if v is None or v is True or v is False:
        return _CONSTANTS[v]
    return "".join(_flat(0)(v, 0))  # subclasses of str, int, float; anything else raises as json.dumps does


def _write(o, depth: int, out: list, markers: set) -> None:
    """Append the indented text of the non-empty container ``o`` standing at ``depth``."""
    items = o.values() if isinstance(o, dict) else o
    for v in items:
        if isinstance(v, _CONTAINERS) and v:
            break
    else:  # plain values only (or empty containers): one call of the C encoder
        text = "".join(_flat(depth + 1)(o, 0))
        out.append(f"{text[0]}\n{INDENT * (depth + 1)}{text[1:-1]}\n{INDENT * depth}{text[-1]}")
        return
    if id(o) in markers:
        raise ValueError("Circular reference detected")
    markers.add(id(o))
    inner = "\n" + INDENT * (depth + 1)
    sep = "," + inner
    first = True
    if isinstance(o, dict):
        out.append("{")
        for k, v in o.items():
            out.append(inner if first else sep)
            first = False
            out.append(_encode_str(k if type(k) is str else _key(k)))
            out.append(": ")
            _value(v, depth, out, markers)
        out.append("\n" + INDENT * depth + "}")
    else:
        out.append("[")
        for v in o:
            out.append(inner if first else sep)
            first = False
            _value(v, depth, out, markers)
        out.append("\n" + INDENT * depth + "]")
    markers.discard(id(o))


def report_json(record) -> str:
    """``json.dumps(record, ensure_ascii=False, indent=2)``: the text of a report file, without a final newline."""
    if _flat is None or not isinstance(record, _CONTAINERS) or not record:
        return json.dumps(record, ensure_ascii=False, indent=2)
    out: list[str] = []
    _write(record, 0, out, set())
    return "".join(out)


def render_json(report_dicts: list[dict]) -> str:
    """One report object for one file, a list for several."""
    payload = report_dicts[0] if len(report_dicts) == 1 else report_dicts
    return report_json(payload) + "\n"


def _value(v, depth: int, out: list[str], markers: set[int]) -> None:
    """One member of a container at ``depth``."""
    if type(v) is str:
        out.append(_encode_str(v))
    elif isinstance(v, _CONTAINERS):
        if v:
            _write(v, depth + 1, out, markers)
        else:
            out.append("{}" if isinstance(v, dict) else "[]")
    else:
        out.append(_scalar(v))
