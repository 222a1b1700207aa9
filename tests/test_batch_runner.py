"""How many worker processes each pass of a batch uses: pass two leaves the batch's own process a core
when it writes the tables and the workers would otherwise take every core."""

from __future__ import annotations

import os

import pytest

from checker import batch


@pytest.mark.parametrize("jobs, cores, tables_here, expected", [
    (2, 2, True, 1), (2, 2, False, 2), (4, 4, True, 3), (8, 4, True, 7), (2, 8, True, 2), (1, 1, True, 1),
    (1, 4, True, 1)])
def test_pass_two_workers(monkeypatch, jobs, cores, tables_here, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    assert batch.pass_two_workers(jobs, tables_here) == expected


def _pid(_):
    return os.getpid()


def test_a_process_runner_runs_each_map_on_as_many_workers_as_asked():
    runner = batch.ProcessRunner(2)
    try:
        first = {r for _, r in runner.map(_pid, range(40))}
        second = {r for _, r in runner.map(_pid, range(40), 1)}
        assert len(second) == 1 and not second & first  # a new pool of one process
        assert 1 <= len(first) <= 2 and os.getpid() not in first | second
    finally:
        runner.close()


def test_warm_up_loads_what_every_worker_would_load_on_its_first_document():
    from checker.explain.model import _segmenter, load

    batch._warm_up()
    assert _segmenter().initialized and load.cache_info().currsize == 1
