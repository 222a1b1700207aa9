"""JSON: the report record as published (``docs/report-schema.md``), indented by two spaces.

The text is always that of ``json.dumps(record, ensure_ascii=False, indent=2)``. The standard library
indents with its pure-Python encoder, which made the JSON report one of the slowest steps of a batch;
orjson writes the same text twenty times faster for the values a report record holds, and
:func:`orjson_writes_alike` tells, in one walk over the record, whether every value is of those:

- floats: orjson writes NaN and ±Infinity as ``null`` and spells some floats otherwise than Python's
  ``repr`` (``0.00001`` for ``1e-05``); both write a float in [1e-4, 1e16) alike (Python's ``repr``
  switches to the exponent form outside it), and 0.0 and -0.0;
- types: orjson writes enums, UUIDs and dataclasses that the standard library refuses; only ``dict``,
  ``list``, ``tuple``, ``str``, ``int``, ``bool`` and ``None`` pass (subclasses too are left to the
  standard library).

What the walk does not look at, orjson refuses and the standard library then writes: integers beyond
64 bits, keys that are not ``str``, strings with lone surrogates, nesting deeper than 255. Strings are
escaped alike by both (only ``"``, ``\\`` and the control characters, with the same escapes).
"""

from __future__ import annotations

import json

import orjson

_SCALARS = frozenset({str, int, bool, type(None)})
_CONTAINERS = frozenset({dict, list, tuple})


def _float_alike(v: float) -> bool:
    """orjson and ``repr`` spell a float alike in [1e-4, 1e16) and at zero (False for NaN and the infinities)."""
    return v == 0.0 or 1e-4 <= abs(v) < 1e16


def orjson_writes_alike(value) -> bool:
    """Does orjson write ``value`` as the standard library does, wherever it writes it at all?"""
    t = type(value)
    if t in _SCALARS:
        return True
    if t is float:
        return _float_alike(value)
    if t not in _CONTAINERS:
        return False
    try:
        return _alike(value)
    except RecursionError:  # a cycle, or nesting orjson refuses anyway
        return False


def _alike(container) -> bool:
    for v in (container.values() if type(container) is dict else container):
        t = type(v)
        if t in _SCALARS:
            continue
        if t is float:
            if not _float_alike(v):
                return False
        elif t in _CONTAINERS:
            if v and not _alike(v):
                return False
        else:
            return False
    return True


def _by_orjson(record, option: int | None, alike: bool | None = None) -> bytes | None:
    """orjson's UTF-8 text of ``record`` (with ``option``) if it is the standard library's, else None.
    ``alike``: what :func:`orjson_writes_alike` would say of ``record``, when the caller knows it (True or
    False); None to ask it."""
    if alike if alike is not None else orjson_writes_alike(record):
        try:
            return orjson.dumps(record, option=option)
        except orjson.JSONEncodeError:
            pass
    return None


def dumps_indented(record, alike: bool | None = None) -> bytes | None:
    """orjson's indented UTF-8 text of ``record`` if it is the standard library's (``indent=2``), else None.
    ``alike``: as for :func:`_by_orjson`."""
    return _by_orjson(record, orjson.OPT_INDENT_2, alike)


def dumps_compact(record, alike: bool | None = None) -> bytes | None:
    """orjson's compact UTF-8 text of ``record`` if it is what the standard library writes with
    ``separators=(",", ":")`` (and reads back as the standard library reads that), else None.
    ``alike``: as for :func:`_by_orjson`."""
    return _by_orjson(record, None, alike)


def report_json(record) -> str:
    """``json.dumps(record, ensure_ascii=False, indent=2)``: the text of a report file, without a final newline."""
    text = dumps_indented(record)
    return json.dumps(record, ensure_ascii=False, indent=2) if text is None else text.decode("utf-8")


def report_json_bytes(record, alike: bool | None = None) -> bytes:
    """:func:`report_json` encoded in UTF-8, as a report file holds it. ``alike``: as for :func:`_by_orjson`."""
    text = dumps_indented(record, alike)
    if text is not None:
        return text
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")


def render_json(report_dicts: list[dict]) -> str:
    """One report object for one file, a list for several."""
    payload = report_dicts[0] if len(report_dicts) == 1 else report_dicts
    return report_json(payload) + "\n"
