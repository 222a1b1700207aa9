"""checker.reporters.json.report_json writes exactly what json.dumps(..., ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import collections
import enum
import json

import pytest

from checker.reporters.json import report_json


class _Str(str):
    pass


class _Level(enum.IntEnum):
    HIGH = 3


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
]


@pytest.mark.parametrize("value", CASES)
def test_same_text_as_the_standard_library(value):
    assert report_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_report_record(tmp_path):
    from conftest import SEEDS
    from checker.pipeline import check_path

    record = check_path(SEEDS["002"]).to_dict()
    assert report_json(record) == json.dumps(record, ensure_ascii=False, indent=2)


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
