"""Pass two of a batch skips the walk over a whole record when orjson packed it in pass one: only the parts
finalise_report sets are walked (batch.FINALISED_PARTS). These tests hold that shortcut to the plain way:
finalise_report must leave every other part as it was, and the reports and the stored final record must be
the standard library's text whatever values the finalised parts bring."""

from __future__ import annotations

import copy
import json

import pytest

from checker import batch
from checker.pipeline import check_path
from conftest import SEEDS


@pytest.fixture(scope="module")
def checked():
    out = []
    for code in sorted(SEEDS):
        report = check_path(SEEDS[code])
        out.append((code, report.to_dict(), batch.batch_facts(report)))
    return out


def _x001(d: dict, expected) -> dict:
    """A cross-year result as the parent hands it over: one finding shaped like the record's own."""
    f = copy.deepcopy(d["findings"][0])
    f.update(rule="X001", expected=expected, found="1", message="与上年决算数不一致")
    return {"findings": [f], "status": "failed", "detail": "上年报告"}


def _task(code: str, d: dict, facts: dict, df: int, x001) -> dict:
    return {"name": f"{code}.txt", "blob": batch.pack_record(d), "facts": facts, "fp": f"fp-{code}",
            "df": [df] * len(facts["reasons"]), "x001": x001}


def test_finalise_report_sets_only_the_finalised_parts(checked):
    """Reclassified reasons (document frequency above one), a cross-year finding and a renamed path touch
    no part outside FINALISED_PARTS: the walk over those alone sees everything pass two changed."""
    for code, d, facts in checked:
        before = batch.unpack_record(batch.pack_record(d))
        after = batch.unpack_record(batch.pack_record(d))
        task = _task(code, d, facts, 3, _x001(d, "2"))
        batch.finalise_report(after, task)
        assert after["findings"] != before["findings"]  # the task did change the record
        assert set(after) == set(before)
        for key in set(before) - set(batch.FINALISED_PARTS):
            assert json.dumps(after[key], ensure_ascii=False) == json.dumps(before[key], ensure_ascii=False), key


def _stdlib(d: dict, keys, fp: str) -> tuple[bytes, object]:
    text = json.dumps(d, ensure_ascii=False, indent=2).encode("utf-8")
    final = json.loads(json.dumps({"fingerprint": fp, "final": batch.final_record(d, keys)}, ensure_ascii=False))
    return text, final


def _assert_standard_outputs(task: dict, facts: dict) -> None:
    """Pass two's JSON report and stored final record of ``task`` are the standard library's text of the
    record finalise_report makes."""
    result = batch.finalise_task(task)
    finalised = batch.unpack_record(task["blob"])
    batch.finalise_report(finalised, task)
    keys = [r["key"] for r in facts["reasons"]]
    text, final = _stdlib(finalised, keys if len(keys) == len(finalised["explanations"]) else None, task["fp"])
    assert result["json"] == text
    assert repr(batch.decode_internal(result["stored"])) == repr(final)


@pytest.mark.parametrize("expected", ["2", float("nan"), 1e-7, 2**70])
def test_pass_two_outputs_are_the_standard_librarys(checked, expected):
    """The JSON report and the stored final record of pass two, against the standard library's text of the
    same finalised record: alike when every value is orjson's kind (the walk skipped), and when the
    cross-year finding brings one that is not (NaN, a float orjson spells otherwise, an integer beyond 64
    bits), which only the walk over the finalised parts can see."""
    for code, d, facts in checked:
        task = _task(code, d, facts, 2, _x001(d, expected))
        _assert_standard_outputs(task, facts)


def test_a_record_the_standard_library_packed_is_walked_whole(checked):
    """A value orjson would write otherwise in a part pass two leaves alone (here in the tables) makes pass
    one pack the record with the standard library; pass two then walks it whole and writes it so too."""
    code, d, facts = checked[0]
    d = copy.deepcopy(d)
    d["structure"] = {**d["structure"], "odd": [float("inf"), 1e-9]}
    task = _task(code, d, facts, 1, None)
    assert batch._zstd()[1].decompress(task["blob"])[:1] == b"j"
    _assert_standard_outputs(task, facts)
