"""Workers on the batch's own machine read their pass-one record from the cache and store the final
record themselves. A cache changed by something else while the batch runs stops the batch with a clear
message, as it did when the parent read the cache; the final records the workers stored serve the next
run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker import batch
from conftest import SEEDS


@pytest.fixture
def two_seeds(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for code in sorted(SEEDS)[:2]:
        shutil.copy(SEEDS[code], src / SEEDS[code].name)
    return src


def test_a_cached_task_on_a_missing_entry_is_a_cache_change(tmp_path):
    with pytest.raises(batch.CacheChanged, match="被删除或改动"):
        batch.finalise_task({"name": "a.txt", "cached": (str(tmp_path), "nokey", "fp"), "df": [], "x001": None})


@pytest.mark.parametrize("jobs", [1, 2])
def test_cache_emptied_between_the_passes_stops_the_batch(two_seeds, tmp_path, monkeypatch, jobs):
    out = tmp_path / "out"
    real = batch.reason_frequencies

    def emptied_first(records):
        for p in (out / ".cache" / "docs").iterdir():
            p.unlink()
        return real(records)

    monkeypatch.setattr(batch, "reason_frequencies", emptied_first)
    with pytest.raises(batch.BatchError, match="被删除或改动"):
        batch.run_batch(two_seeds, out, jobs=jobs)


def test_final_records_stored_by_the_workers_serve_the_next_run(two_seeds, tmp_path):
    out = tmp_path / "out"
    first = batch.run_batch(two_seeds, out, jobs=2)
    assert first["run"]["reports_written"] == 2
    stored = sorted(p.name for p in (out / ".cache" / "final").iterdir())
    assert len(stored) == 2
    for p in (out / ".cache" / "final").iterdir():
        assert batch.decode_internal(p.read_bytes())["final"]["status"] == "checked"
    again = batch.run_batch(two_seeds, out, jobs=2)
    assert again["run"]["reports_written"] == 0 and again["run"]["checked_now"] == 0


def test_a_pass_one_worker_stores_its_record_and_returns_what_the_parent_holds(tmp_path, monkeypatch):
    code = sorted(SEEDS)[0]
    path = SEEDS[code]
    plain = batch.check_task({"name": path.name, "path": str(path)})
    stored = batch.check_task({"name": path.name, "path": str(path), "store": (str(tmp_path), "k1", "fp")})
    assert stored == {"held": batch._held(plain["meta"])}
    assert batch._load_meta(tmp_path, "k1", "fp") == batch.decode_internal(batch.encode_internal(plain["meta"]))
    assert batch.unpack_record(batch._read_blob(tmp_path, "k1")) == batch.unpack_record(plain["blob"])
    assert [p.name for p in tmp_path.iterdir()] == [f"k1{batch.ENTRY_SUFFIX}"]  # one file per document

    # a failure inside the tool is not cached: the record comes back whole, nothing is stored
    def broken(report):
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "batch_facts", broken)
    failed = batch.check_task({"name": path.name, "path": str(path), "store": (str(tmp_path), "k2", "fp")})
    assert failed["meta"]["error"]["code"] == "internal_error" and "blob" in failed
    assert not (tmp_path / f"k2{batch.ENTRY_SUFFIX}").exists()


def _store_many(cache: str, n: int) -> None:
    for k in range(n):
        batch._store(Path(cache), "samekey", "fp", {"status": "checked", "batch": {"n": k % 3}}, b"x" * (50_000 + k))


def test_two_processes_storing_one_key_at_once_leave_a_valid_entry(tmp_path):
    """Identical copies of a document are stored under one content key by two workers at the same time."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_store_many, args=(str(tmp_path), 300)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    assert [p.exitcode for p in procs] == [0, 0]  # no writer lost its file to the other
    assert batch._load_meta(tmp_path, "samekey", "fp")["status"] == "checked"
    assert len(batch._read_blob(tmp_path, "samekey")) >= 50_000
    assert [p.name for p in tmp_path.iterdir()] == [f"samekey{batch.ENTRY_SUFFIX}"]


def test_a_cache_entry_is_read_only_when_whole_and_of_this_fingerprint(tmp_path):
    """The meta is read without the record; a file cut short, of another format or of another fingerprint
    is no entry (the document is checked again), and reading its record says so."""
    meta = {"status": "checked", "batch": {"reasons": []}}
    batch._store(tmp_path, "k", "fp", meta, b"record-bytes")
    path = tmp_path / f"k{batch.ENTRY_SUFFIX}"
    assert batch._load_meta(tmp_path, "k", "fp") == meta
    assert batch._read_blob(tmp_path, "k") == b"record-bytes"
    assert batch._load_meta(tmp_path, "k", "other fingerprint") is None
    whole = path.read_bytes()
    for damaged in (b"", whole[:5], whole[:20], b"x" * len(whole), b"CHKPASS0" + whole[8:]):
        path.write_bytes(damaged)
        assert batch._load_meta(tmp_path, "k", "fp") is None, damaged[:20]
    path.write_bytes(whole[:20])
    with pytest.raises(ValueError):
        batch._read_blob(tmp_path, "k")
    path.unlink()
    assert batch._load_meta(tmp_path, "k", "fp") is None
    with pytest.raises(OSError):
        batch._read_blob(tmp_path, "k")
