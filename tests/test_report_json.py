"""checker.reporters.json.report_json writes exactly what json.dumps(..., ensure_ascii=False, indent=2) writes,
with orjson where orjson writes the same and the standard library elsewhere; the pass-one blob reads back as
the standard library's own round trip of the record."""

from __future__ import annotations

import collections
import enum
import json
import math
import random
import struct
import uuid

import pytest

from checker.reporters.json import dumps_compact, dumps_indented, orjson_writes_alike, report_json, report_json_bytes


class _Str(str):
    pass


class _Level(enum.IntEnum):
    HIGH = 3


class _Colour(enum.Enum):
    RED = "red"


CASES = [
    {"a": 1, "b": [1, 2, {"c": []}], "d": {}, "e": [[]], "f": [{}], "g": "行一\n行二\"\\\u2028\x00\x7f",
     "h": None, "i": True, "j": 1.5e-7, "k": float("nan"), "l": float("inf"), "m": -float("inf")},
    [1, [2, [3, [4, []]]], (5, 6), {"x": (1, (2,))}],
    {1: "int key", 2.5: "float key", True: "t", None: "n", "s": {3: [1]}, False: {"z": 1}},
    collections.OrderedDict([("z", 1), ("a", [collections.Counter(a=2)])]),
    {"sub": _Str("abc"), "enum": _Level.HIGH, "big": 10**30, "neg": -0.0,
     "nested": {"sub": _Str("q"), "l": [_Str("r"), _Level.HIGH, 2**70]}},
    [], {}, [[]], [{}], "text", 1, None, [None], {"": ""},
    {"k": [1.0, 2.0, 1e16, 1e-5, 0.1 + 0.2]},
    # what orjson would write otherwise or refuse: the standard library writes these
    {"x": [0.00001, 9.999999999999999e-05, 1e-7, 1e22, 5e-324, -1e16]},
    {"edge": [2**63 - 1, -2**63, 2**64 - 1, 2**64, -2**63 - 1]},
    {"lone": "a\ud800b"}, {"\udc00": 1}, {_Str("k"): 1}, [_Colour.RED], [uuid.UUID(int=7)],
    {"deep": json.loads("[" * 300 + "]" * 300)},
    # and what it writes alike
    {"k\x01\u2028\"\\/": ["\x1f\t\b\f\r\n\x7f\u0085\u2029😀\ufeff"], "f": [0.0, -0.0, 0.0001, 9999999999999998.0]},
]


@pytest.mark.parametrize("value", CASES)
def test_same_text_as_the_standard_library(value):
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2)
    except TypeError:  # the same error
        with pytest.raises(TypeError):
            report_json(value)
        with pytest.raises(TypeError):
            report_json_bytes(value)
        return
    assert report_json(value) == expected
    try:
        encoded = expected.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: no UTF-8 text, as before
        with pytest.raises(UnicodeEncodeError):
            report_json_bytes(value)
    else:
        assert report_json_bytes(value) == encoded


def test_the_walk_leaves_to_the_standard_library_what_orjson_writes_otherwise():
    for value in [float("nan"), [float("inf")], {"a": {"b": [1e-5]}}, [1e16], [_Colour.RED], [uuid.UUID(int=1)],
                  [_Str("s")], [_Level.HIGH], {"a": collections.OrderedDict()}, [{1, 2}]]:
        assert not orjson_writes_alike(value), value
        assert dumps_indented(value) is None
    d: dict = {"a": []}
    d["a"].append(d)
    assert not orjson_writes_alike(d)


def test_a_report_record_takes_the_fast_path():
    from conftest import SEEDS
    from checker.pipeline import check_path

    for code in sorted(SEEDS):
        record = json.loads(json.dumps(check_path(SEEDS[code]).to_dict(), ensure_ascii=False))
        fast = dumps_indented(record)
        assert fast is not None, code
        assert fast.decode("utf-8") == json.dumps(record, ensure_ascii=False, indent=2)


def _random_floats(rng: random.Random, n: int) -> list[float]:
    out = []
    while len(out) < n:
        f = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if math.isfinite(f):
            out.append(f)
        out.append(rng.random() * 10 ** rng.randint(-8, 20) * rng.choice([1, -1]))
        out.append(round(rng.uniform(-1e9, 1e9), rng.randint(0, 4)))
    return out


def test_floats_in_every_range():
    """Every float gives the standard library's text: orjson's where the walk lets it, else the stdlib's."""
    rng = random.Random(3)
    floats = _random_floats(rng, 60000)
    for chunk in range(0, len(floats), 1000):
        value = {"v": floats[chunk:chunk + 1000]}
        assert report_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
    alike = [f for f in floats if orjson_writes_alike(f)]
    assert len(alike) > len(floats) / 3  # the fast path is taken for most of them
    assert dumps_indented(alike).decode() == json.dumps(alike, ensure_ascii=False, indent=2)


def test_every_character_is_escaped_alike():
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    value = {text[:5000]: [text], "k": {text[::7]: text[::-3]}}
    assert dumps_indented(value).decode() == json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps_compact(value).decode() == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("value", [{"a": {1, 2}}, {"a": [object()]}, {(1, 2): 3}, {"x": {"y": {(1,): 2}}}])
def test_the_same_errors(value):
    with pytest.raises(TypeError):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        report_json(value)


def test_a_cycle_is_an_error():
    d: dict = {"a": []}
    d["a"].append(d)
    with pytest.raises(ValueError):
        report_json(d)


# ---------------------------------------------------------------- the pass-one blob


def _stdlib_round_trip(value):
    return json.loads(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _same(a, b) -> bool:
    """Equal, NaN included, and of the same types throughout."""
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False) and repr(a) == repr(b)


@pytest.mark.parametrize("value", [c for c in CASES if isinstance(c, dict)] + [
    {"nan": float("nan"), "inf": [float("-inf")], "big": 10**40, "t": (1, (2, 3)), "i": {1: 2}},
    {"f": [1e-5, 1e300, -0.0, 5e-324]}, {"e": _Level.HIGH, "s": _Str("x")}, {}])
def test_blob_reads_back_as_the_standard_librarys_round_trip(value):
    from checker.batch import pack_record, unpack_record

    try:
        expected = _stdlib_round_trip(value)
    except (TypeError, ValueError, UnicodeEncodeError) as exc:
        with pytest.raises(type(exc)):
            pack_record(value)
        return
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            pack_record(value)
        return
    assert _same(unpack_record(pack_record(value)), expected)


def test_blob_of_report_records():
    from conftest import SEEDS
    from checker.batch import pack_record, unpack_record
    from checker.pipeline import check_path

    rng = random.Random(4)
    for code in sorted(SEEDS):
        record = check_path(SEEDS[code]).to_dict()
        assert _same(unpack_record(pack_record(record)), _stdlib_round_trip(record))
        record["findings"].append({"odd": [float("nan"), 2**70, _random_floats(rng, 50)]})  # the stdlib's way
        assert _same(unpack_record(pack_record(record)), _stdlib_round_trip(record))


def test_cache_records_of_another_format_are_refused_not_misread():
    """A meta or final file written by an earlier version (plain JSON), or cut short, is a ValueError for
    decode_internal: the batch then treats the entry as missing and checks the document again."""
    from checker.batch import decode_internal, encode_internal

    record = {"fingerprint": "f", "meta": {"status": "checked", "big": 2**70, "p": 0.25}}
    assert decode_internal(encode_internal(record)) == record
    assert encode_internal(record)[:1] == b"j"  # the integer beyond 64 bits: the standard library's text
    assert encode_internal({"p": 0.25})[:1] == b"o"
    for payload in (json.dumps(record).encode("utf-8"), encode_internal({"a": [1, 2, 3]})[:-3], b""):
        with pytest.raises(ValueError):
            decode_internal(payload)
