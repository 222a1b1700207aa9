"""Checking every submission of a folder and writing one output folder (``checker batch``).

A batch runs in two passes:

1. **check** — every document is checked on its own, in parallel: worker processes
   (:class:`concurrent.futures.ProcessPoolExecutor`, ``jobs`` of them) or the workers of a Dask
   cluster (``scheduler``), without the explanation classifier (``Document.defer_classification``).
   Each gives its report record (pass one) and what the batch needs from it:
   its normalised reasons, the V001 candidates and the figures of the cross-year check. Both are cached
   in ``OUT/.cache/docs/`` under the file's content hash; a document whose content hash and tool
   fingerprint (version, lexicons, explanation model, the tool's own code) are unchanged is not checked
   again.
2. **finalise** — with every document known, the parent counts in how many submissions each normalised
   reason occurs (``doc_frequency``) and the cross-year findings (X001) between two fiscal years of one
   department; each report is then completed in the workers: the explanations classified, once, with
   :func:`checker.explain.classify.classify_document` given the batch's document frequencies, V001 judged
   from them, X001 added, JSON and HTML rendered and written (by the parent when the workers are on a Dask
   cluster). A report whose inputs to this pass are unchanged since the last run is not rewritten.

While the workers finalise, the parent writes ``findings.csv`` and ``findings.xlsx`` (streamed with
XlsxWriter; both are left as they are when no report changed since the last run) from the reports as they
come back, in the batch's order; then ``summary.json`` (``checker.batch/1``) and ``index.html`` (the
district dashboard, a function of ``summary.json`` alone).
An unreadable file — or one the tool crashes on, even by killing its
worker process — never stops the batch: it is listed as failed with its error.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import struct
import sys
import tempfile
import time
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import islice
from pathlib import Path

import regex

from checker import REPORT_SCHEMA, __version__

# files a reviewer would drop in a submissions folder; unsupported ones are listed as failed
CANDIDATE_SUFFIXES = {".txt", ".text", ".pdf", ".docx", ".doc", ".wps", ".xls", ".xlsx", ".et", ".ofd"}
BATCH_SCHEMA = "checker.batch/1"
CACHE_FORMAT = 3
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
PHRASE_SPLIT = regex.compile(r"[\p{P}\s]+")
PHRASE_MIN, PHRASE_MAX = 4, 40  # characters of a normalised phrase, of which at least PHRASE_HAN are Chinese
PHRASE_HAN = regex.compile(r"\p{Han}.*\p{Han}.*\p{Han}")
RECURRING_LIMIT = 200  # recurring reasons / phrases kept in summary.json
# rows of one worksheet besides its header: Excel's limit (the workbook is streamed with XlsxWriter)
XLSX_MAX_ROWS = 1_048_575
# openpyxl (when XlsxWriter is not installed or cannot write a value exactly) keeps the whole workbook in
# memory and writes about 3,000 rows a second: a bigger batch then gets the CSV only
XLSX_OPENPYXL_MAX_ROWS = 50000


def collect(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in CANDIDATE_SUFFIXES
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted(files)


def output_stem(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    return "__".join(rel.with_suffix("").parts) + ("_" + path.suffix.lstrip(".").lower() if path.suffix else "")


# ---------------------------------------------------------------- tool fingerprint and content keys


@lru_cache(maxsize=None)
def tool_fingerprint(part: str = "check") -> str:
    """What makes a cached result stale besides the document. ``check`` (the cached report records):
    checker's version, the lexicons, the explanation model and the tool's own code (so a development
    checkout never reuses results of other code under the same version number); ``render`` (the
    written reports): that plus the templates, which change the reports but not the checking."""
    from checker.explain.model import MODEL_PATH
    from checker.lexicons import lexicon_dir

    package = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}|{part}|".encode())
    if part == "render":
        h.update(tool_fingerprint("check").encode())
        groups = [("templates", package / "templates")]
    else:
        groups = [("lexicons", lexicon_dir()), ("checker", package)]
    for label, base in groups:
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if not p.is_file() or "__pycache__" in p.parts or p.suffix in (".pyc", ".joblib"):
                continue
            if part == "check" and label == "checker" and p.relative_to(base).parts[0] == "templates":
                continue
            h.update(f"{label}/{p.relative_to(base).as_posix()}\0".encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    if part == "check":
        h.update(b"model\0")
        h.update(hashlib.sha256(MODEL_PATH.read_bytes()).digest() if MODEL_PATH.exists() else b"none")
    return h.hexdigest()[:24]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def content_key(path: Path) -> str | None:
    """Cache key of a file: the SHA-256 of its bytes plus its suffix (the suffix picks the reader)."""
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return f"{h.hexdigest()}{path.suffix.lower().replace('.', '_') or '_'}"


# ---------------------------------------------------------------- pass 1: check one document (worker)


def check_task(task: dict) -> dict:
    """Worker entry point of pass one. ``task``: ``name`` (path relative to the batch folder) and either
    ``path`` (a file the worker can read) or ``data`` (its bytes, for workers on other machines); the
    result: the record's ``meta`` and ``blob``.

    ``store`` (the cache folder, the document's content key and the tool's fingerprint), for workers that
    share the batch's cache: the worker stores the record there itself and returns only what the parent
    holds of it (``held``), unless the check failed inside the tool (such records are not cached)."""
    if task.get("data") is not None:
        with tempfile.TemporaryDirectory(prefix="checker-") as tmp:
            p = Path(tmp) / Path(task["name"]).name
            p.write_bytes(task["data"])
            result = _check_file(p, task["name"])
    else:
        result = _check_file(Path(task["path"]), task["name"])
    if task.get("store") and _cacheable(result["meta"]):
        cache, key, fingerprint = task["store"]
        _store(Path(cache), key, fingerprint, result["meta"], result["blob"])
        return {"held": _held(result["meta"])}
    return result


def _cacheable(meta: dict) -> bool:
    """A pass-one record is cached unless the tool failed on the document (it may not fail next time)."""
    return (meta["error"] or {}).get("code") != "internal_error"


def _check_file(path: Path, name: str) -> dict:
    from checker.pipeline import check_path

    # the reasons are classified in pass two, once, with the batch's document frequencies
    report = check_path(path, defer_classification=True)
    try:
        d = report.to_dict()
        facts = batch_facts(report)
    except Exception as exc:  # noqa: BLE001 — a tool failure on one document is that document's error
        d, facts = _internal_error(name, exc), empty_facts()
    return _pass_one(d, facts, name)


def _pass_one(d: dict, facts: dict, name: str) -> dict:
    d["document"]["path"] = name
    if d.get("error"):
        d["error"]["path"] = name
    meta = {"document": d["document"], "status": d["status"], "error": d["error"], "batch": facts}
    return {"meta": meta, "blob": pack_record(d)}


# What the batch keeps for itself (the pass-one record travelling to pass two and kept in .cache/docs/, the
# meta of a cached document, the final record in .cache/final/) is JSON behind a one-byte tag naming its
# writer. orjson writes the JSON where it writes what the standard library writes (see
# checker.reporters.json); the value read back is then the same as the standard library's own round trip
# gives. Where it does not (NaN, integers beyond 64 bits, keys that are not str …) the standard library
# writes it, and reads it back: orjson would read such text otherwise (big integers as floats). The
# pass-one record, the biggest, is also compressed with Zstandard (level 1: a quarter of gzip's time at
# level 1, and smaller).
#
# A cached document is one file in .cache/docs/, ``{content key}.pass1``: a header (ENTRY_MAGIC, then the
# meta's length as 4 bytes), the meta (tagged JSON of {"fingerprint", "meta"}: what the parent reads of a
# cached document without its record) and the pass-one record (pack_record's blob). One file rather than a
# meta file and a record file: creating a file is the costliest step of writing one on some filesystems
# (ext4 without a journal scans its inode bitmap past recently freed inodes: 0.03–0.8 ms a file measured
# on this project's machine), and a batch writes five files per document otherwise.
ENTRY_SUFFIX = ".pass1"
_ENTRY_MAGIC = b"CHKPASS1"
_ENTRY_HEAD = struct.Struct(">8sI")
_BY_ORJSON, _BY_STDLIB = b"o", b"j"


@lru_cache(maxsize=1)
def _zstd():
    import zstandard

    return zstandard.ZstdCompressor(level=1), zstandard.ZstdDecompressor()


def encode_internal(value, alike: bool | None = None) -> bytes:
    """The tagged JSON of ``value`` (see above). ``alike``: whether orjson writes ``value`` as the standard
    library does (``checker.reporters.json.orjson_writes_alike``), when the caller knows; None to find out."""
    from checker.reporters.json import dumps_compact

    text = dumps_compact(value, alike)
    if text is None:
        return _BY_STDLIB + json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _BY_ORJSON + text


def decode_internal(payload: bytes):
    """The value of :func:`encode_internal`'s bytes, as the standard library reads its JSON back;
    ValueError for anything else (a file of another format or cut short)."""
    import orjson

    if payload[:1] == _BY_ORJSON:
        return orjson.loads(memoryview(payload)[1:])  # orjson.JSONDecodeError is a ValueError
    if payload[:1] == _BY_STDLIB:
        return json.loads(payload[1:])
    raise ValueError("unknown format of a batch cache record")


def pack_record(d: dict) -> bytes:
    """The blob of a pass-one record: its tagged JSON, compressed."""
    return _zstd()[0].compress(encode_internal(d))


def unpack_record(blob: bytes) -> dict:
    """The record of a blob of :func:`pack_record`."""
    return decode_internal(_zstd()[1].decompress(blob))


def _unpack_alike(blob: bytes) -> tuple[dict, bool]:
    """The record of a blob of :func:`pack_record`, and whether orjson wrote it — then every value in it
    is one orjson writes as the standard library does (``orjson_writes_alike`` held when it was packed,
    and orjson reads back the same values)."""
    payload = _zstd()[1].decompress(blob)
    return decode_internal(payload), payload[:1] == _BY_ORJSON


def empty_facts() -> dict:
    return {"reasons": [], "vague": [], "cross_year": {"totals": [], "statements": []}}


def batch_facts(report) -> dict:
    """What pass two needs from one checked document, JSON-able."""
    doc = report.document
    if doc is None:
        return empty_facts()
    from checker.explain.classify import normalised_reason
    from checker.rules.batch.X001 import year_facts
    from checker.rules.explanations.V001 import candidates

    text = doc.view.text
    reasons = []
    for e in doc.extraction.explanations:
        reason = text[e.start:e.end]
        reasons.append({"text": reason, "key": normalised_reason(reason), "subject": e.subject})
    vague = [{"eligible": eligible, "evidence": ev.to_dict(), "found": found}
             for _, eligible, ev, found in candidates(doc)]
    return {"reasons": reasons, "vague": vague, "cross_year": year_facts(doc)}


def _internal_error(name: str, exc: BaseException | str) -> dict:
    from checker.errors import InputError
    from checker.pipeline import Report

    if isinstance(exc, BaseException):
        import traceback
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    else:
        detail = exc
    return Report(name, error=InputError(
        name, "internal_error", f"检查过程中出现内部错误（{detail}），该文件未能完成审核；请将文件和此信息反馈给维护人员。")).to_dict()


# ---------------------------------------------------------------- pass 2: finalise one report (worker)


class _ReasonDoc:
    """The part of a Document that :func:`classify_document` reads, rebuilt from the reasons' texts."""

    class _Part:
        def __init__(self, **kw):
            self.__dict__.update(kw)

    def __init__(self, reasons: list[dict]):
        exps, pos = [], 0
        for r in reasons:
            exps.append(self._Part(start=pos, end=pos + len(r["text"]), subject=r["subject"]))
            pos += len(r["text"])
        self.view = self._Part(text="".join(r["text"] for r in reasons))
        self.extraction = self._Part(explanations=exps)


def finalise_task(task: dict) -> dict:
    """Worker entry point of pass two: complete one report with what the batch knows, render it.

    Workers that share the output folder get paths instead of contents: ``cached`` (the cache folder,
    the document's key and the tool's fingerprint) to read the pass-one record and its batch facts from
    the cache themselves, instead of ``blob`` and ``facts``; ``write_to`` (the JSON and HTML report
    paths) to write the reports themselves, returning only the stored final record instead of both
    texts; ``store_final`` (a path in .cache/final/ and the pass-one status) to store that record there
    when the report's status is still the pass-one status (``stored_final`` in the result says so);
    ``tables``: to make the report's table rows too (``slim`` and ``table`` in the result, which then
    leaves out the stored bytes if the worker stored them)."""
    if task.get("cached"):
        task = {**task, **_cached_pass_one(*task["cached"])}
    d, packed_alike = _unpack_alike(task["blob"])
    try:
        finalise_report(d, task)
    except Exception as exc:  # noqa: BLE001
        d, alike = _internal_error(task["name"], exc), None
    else:
        alike = True if packed_alike and _finalised_alike(d) else None
    keys = [r["key"] for r in task["facts"]["reasons"]]
    result = render_outputs(d, keys if len(keys) == len(d["explanations"]) else None, task.get("fp"), alike)
    if task.get("write_to"):
        write_reports(result, *task["write_to"])
        result = {"stored": result["stored"], "written": True}
    if task.get("store_final") and d["status"] == task["store_final"][1]:
        Path(task["store_final"][0]).write_bytes(result["stored"])
        result["stored_final"] = True
    if task.get("tables"):
        try:
            final = decode_internal(result["stored"])["final"]  # as the batch's process would read it back
            table = table_rows(final)
        except Exception:  # noqa: BLE001 — the batch's process makes the rows then, as without "tables"
            pass
        else:
            result.update(slim=slim_record(final), table=table)
            if result.get("stored_final"):  # the batch's process needs neither the record nor its bytes
                del result["stored"]
    return result


@lru_cache(maxsize=1)
def _row_renderer():
    """This process's RowRenderer, made on first use."""
    from checker.reporters.xlsx import RowRenderer

    return RowRenderer()


def table_rows(final: dict) -> dict:
    """Document rows of the CSV and the workbook, made where the report is (a worker of pass two) for
    :meth:`TableWriter.put`: ``csv`` (the CSV text of its rows), ``rows`` (findings, explanations) and
    ``xlsx``, the workbook rows of both sheets (:class:`checker.reporters.xlsx.RowRenderer`), or None when
    XlsxWriter cannot write them exactly (the batch's workbook is then written otherwise)."""
    import csv
    import io

    from checker.reporters import csv as csv_reporter

    t = _table(final)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(csv_reporter.rows(t))
    try:
        chunks = _row_renderer().render(t)
    except ValueError:  # NotExact, TooManyRows
        chunks = None
    return {"csv": buf.getvalue(), "rows": (len(t["findings"]), len(t["explanations"])), "xlsx": chunks}


class CacheChanged(Exception):
    """The batch's cache was changed by something else while the batch ran."""


def _cached_pass_one(cache: str, key: str, fingerprint: str) -> dict:
    """The pass-one record (``blob``) and batch facts (``facts``) of the document ``key`` in the cache."""
    cache = Path(cache)
    meta = _load_meta(cache, key, fingerprint)
    if meta is not None:
        try:
            return {"blob": _read_blob(cache, key), "facts": meta["batch"]}
        except (OSError, ValueError):
            pass
    raise CacheChanged(cache_changed_message(cache))


def cache_changed_message(cache: Path) -> str:
    return f"缓存目录 {cache} 中的审核记录在运行中被删除或改动，请重新运行。"


# the parts of a record finalise_report may set or replace; it leaves the others as pass one made them
FINALISED_PARTS = ("document", "error", "summary", "findings", "explanations", "coverage")


def _finalised_alike(d: dict) -> bool:
    """Of a record orjson packed in pass one (every value of it was alike then) and finalise_report then
    completed: are the parts it set alike too? Then the whole record is, without walking the rest (the
    mentions, tables, structure … : most of a record)."""
    from checker.reporters.json import orjson_writes_alike

    return orjson_writes_alike([d.get(k) for k in FINALISED_PARTS])


def write_reports(result: dict, json_path: str | Path, html_path: str | Path) -> None:
    """The two report files of one document, from :func:`render_outputs` (the JSON already in UTF-8)."""
    Path(json_path).write_bytes(result["json"])
    Path(html_path).write_text(result["html"], encoding="utf-8")


def finalise_report(d: dict, task: dict) -> dict:
    name = task["name"]
    d["document"]["path"] = name
    if d.get("error"):
        d["error"]["path"] = name
    if d["status"] != "checked":
        return d
    facts = task["facts"]
    reasons, dfs = facts["reasons"], task["df"]
    if len(reasons) == len(d["explanations"]) == len(dfs):
        if reasons:  # pass one left them unclassified: judged here, once, with the batch's counts
            _classify_reasons(d, reasons, dfs, facts["vague"])  # first: the keys in the order of one check
        for e, df in zip(d["explanations"], dfs):
            e["doc_frequency"] = df
    x = task.get("x001")
    if x is not None:
        d["findings"] = [f for f in d["findings"] if f["rule"] != "X001"] + x["findings"]
        _set_coverage(d, "X001", x["status"], len(x["findings"]), x["detail"])
    d["findings"].sort(key=lambda f: (SEVERITY_RANK[f["severity"]], f["rule"]))
    counts = Counter(f["severity"] for f in d["findings"])
    d["summary"] = {"error": counts["error"], "warning": counts["warning"], "info": counts["info"],
                    "findings": len(d["findings"])}
    return d


def _classify_reasons(d: dict, reasons: list[dict], dfs: list[int], vague: list[dict]) -> None:
    """The explanations' verdicts given the batch's document frequencies ``dfs``, and V001 from them (pass
    one checked the document with ``defer_classification``: no labels, no V001 finding). With every count
    1 this is what checking the document alone gives."""
    from checker.explain.classify import classify_document
    from checker.findings import Evidence
    from checker.rules.explanations.V001 import VagueExplanation, vague_finding

    frequency = {r["key"]: df for r, df in zip(reasons, dfs)}
    verdicts = classify_document(_ReasonDoc(reasons), frequency)
    for e, v in zip(d["explanations"], verdicts):
        e.update(v.to_dict())
    if len(vague) != len(verdicts):
        return
    rule = VagueExplanation()
    v001 = [vague_finding(rule, r["subject"], v, Evidence(**c["evidence"]), c["found"]).to_dict()
            for r, v, c in zip(reasons, verdicts, vague) if c["eligible"] and v.label == "boilerplate"]
    d["findings"] = [f for f in d["findings"] if f["rule"] != "V001"] + v001
    _set_coverage(d, "V001", "failed" if v001 else "passed", len(v001), None)


def _set_coverage(d: dict, code: str, status: str, findings: int, detail: str | None) -> None:
    for c in d["coverage"]:
        if c["rule"] == code:
            c.update(status=status, findings=findings, detail=detail)
            return
    from checker.rules import all_rules
    rule = next((r for r in all_rules() if r.code == code), None)
    if rule is not None:
        d["coverage"].append({"rule": code, "name": rule.name, "category": rule.category, "status": status,
                              "findings": findings, "detail": detail})


def render_outputs(d: dict, keys: list[str] | None = None, fp: str | None = None,
                   alike: bool | None = None) -> dict:
    """The JSON report (UTF-8), the HTML report, and ``stored``: the final record (:func:`final_record`)
    with its fingerprint ``fp``, encoded as ``.cache/final/`` holds it — the parent reads it from these
    bytes, and stores them as they are. ``alike``: whether orjson writes ``d`` as the standard library
    does, when the caller knows (None: one walk over ``d`` finds out, for both encodings)."""
    from checker.reporters.html import render_html
    from checker.reporters.json import orjson_writes_alike, report_json_bytes

    if alike is None:
        alike = orjson_writes_alike(d)
    text = report_json_bytes(d, alike)
    try:
        html = render_html(d)
    except Exception as exc:  # noqa: BLE001 — the JSON record is still written
        import html as _html
        html = (f"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>报告生成失败</title>"
                f"<p>该文件的 HTML 报告未能生成（{_html.escape(repr(exc))}），请查看同名 JSON 报告。</p></html>")
    # the final record is made of d's values, the keys (strings) and fp: alike when d is
    stored = encode_internal({"fingerprint": fp, "final": final_record(d, keys)}, alike or None)
    return {"json": text, "html": html, "stored": stored}


def final_record(d: dict, keys: list[str] | None = None) -> dict:
    """What the parent keeps of one report: enough for summary.json, the CSV/XLSX tables and the dashboard
    (the explanations with their normalised reasons ``keys``, and the text of the figures they explain,
    but not every mention and table)."""
    doc = d["document"]
    wanted = {i for e in d["explanations"] for i in e.get("mentions") or []}
    return {"document": {k: doc.get(k) for k in ("path", "format", "kind", "department", "year", "unit", "pages")},
            "status": d["status"], "error": d["error"], "summary": d["summary"], "findings": d["findings"],
            "explanations": d["explanations"],
            "mentions": [{"id": m["id"], "text": m["text"]} for m in d.get("mentions") or [] if m["id"] in wanted],
            "rules": d.get("rules"), "keys": keys}


def _slim_finding(rule: str, name: str, category: str) -> dict:
    """A finding as the parent keeps it: one shared, read-only dict per rule (a batch of thousands of
    documents holds hundreds of thousands of findings of a few dozen rules)."""
    key = (rule, name, category)
    d = _SLIM_FINDINGS.get(key)
    if d is None:
        d = _SLIM_FINDINGS[key] = {"rule": rule, "name": name, "category": category}
    return d


_SLIM_FINDINGS: dict[tuple[str, str, str], dict] = {}


def slim_record(final: dict) -> dict:
    """The part of a final record the parent keeps for every document while the batch runs, with the
    document's ``phrases`` (:func:`document_phrases`; taken as they are from a slim record made by a
    worker: pass two's workers make them, instead of the batch's process at the end of the batch)."""
    explanations = [{"text": e.get("text", ""), "label": e.get("label"), "doc_frequency": e.get("doc_frequency", 1)}
                    for e in final["explanations"]]
    phrases = final.get("phrases")
    if phrases is None:
        phrases = document_phrases(explanations) if final["status"] == "checked" else []
    return {"document": final["document"], "status": final["status"], "error": final["error"],
            "summary": final["summary"],
            "findings": [_slim_finding(f["rule"], f["name"], f["category"]) for f in final["findings"]],
            "explanations": explanations, "keys": final.get("keys"), "phrases": phrases}


# ---------------------------------------------------------------- runners: in process, processes, Dask

_END = object()


def _settle() -> None:
    """Between two documents: collect this process's garbage, then freeze what stays (the models, the
    dictionaries, the compiled templates, the caches) out of the garbage collector's way. Without it every
    collection of the older generations scans those objects again — about 6 % of the time per document."""
    gc.collect()
    gc.freeze()


def _paused(fn, item):
    """``fn(item)`` with the garbage collector paused: a document's work makes a few hundred thousand
    objects, most alive until it ends, that every collection of the older generations would scan again —
    about 5 % of the time of a batch. The document's garbage is collected once, after it (:func:`_settle`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return fn(item)
    finally:
        if enabled:
            gc.enable()


def _warm_up() -> None:
    """Before worker processes are forked from this one: import the checker, load the explanation model and
    the classifier's jieba dictionary here, once, so that every worker starts with them (shared,
    copy-on-write) instead of loading its own — about a second and a half of CPU per worker. (This process
    needs most of these modules for the summary anyway.) Whatever fails here fails again in the workers,
    where it is reported per document as before."""
    try:
        import checker.explain.classify  # noqa: F401
        import checker.pipeline  # noqa: F401
        from checker.explain.model import _segmenter, load
        from checker.rules import all_rules

        all_rules()
        load()
        _segmenter().initialize()  # jieba reads its dictionary on the first cut otherwise (~0.4 s)
    except Exception:  # noqa: BLE001
        pass


def _worker_task(fn, item):
    """A task of a :class:`ProcessRunner` worker process (which ends with the pool): ``fn(item)``, then settle."""
    try:
        return _paused(fn, item)
    finally:
        _settle()


class InProcessRunner:
    name = "in-process"

    def map(self, fn, items, workers: int | None = None):
        # settle between documents here too, and leave nothing frozen: this may be a long-lived process
        owns_freeze = gc.get_freeze_count() == 0
        try:
            for item in items:
                try:
                    yield item, (_paused(fn, item) if owns_freeze else fn(item))
                except Exception as exc:  # noqa: BLE001
                    yield item, exc
                if owns_freeze:
                    _settle()
        finally:
            if owns_freeze:
                gc.unfreeze()

    def close(self):
        pass


def pass_two_workers(jobs: int, tables_here: bool) -> int:
    """Worker processes for pass two. While they render the reports this process writes the CSV and
    workbook rows of each (``tables_here``), about as much CPU per document as a worker's rendering. When
    the workers would take every core, one fewer leaves it a core of its own: sharing the cores three
    ways, it got two thirds of one and held the workers up (pass two of 1,000 documents at --jobs 2 on two
    cores, alternate runs: 12.4 and 13.9 s with two workers, 11.0 and 12.9 s with one)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return jobs - 1 if tables_here and jobs > 1 and jobs >= cores else jobs


class ProcessRunner:
    """A process pool with a bounded number of tasks in flight. A worker that dies (a crash inside a
    library, the memory killer) breaks the pool: the tasks that were in flight are then retried one at
    a time in a fresh pool, so only the document that kills its worker again is reported failed."""

    name = "processes"

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool = None
        self._workers = 0  # processes of the pool
        self._frozen: bool | None = None  # None: no pool forked yet; True: this runner froze the collector

    def _new_pool(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        if ctx.get_start_method() == "fork" and self._frozen is None:
            _warm_up()
            # what the workers share with this process stays out of their garbage collector's way: a
            # collection would touch, and so copy, every shared page
            self._frozen = gc.get_freeze_count() == 0
            if self._frozen:
                gc.collect()
                gc.freeze()
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def map(self, fn, items, workers: int | None = None):
        """``fn`` over ``items`` in ``workers`` processes (default: ``jobs``), yielding (item, result or
        exception) as they finish."""
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        workers = workers or self.jobs
        if self._pool is not None and self._workers != workers:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._pool is None:
            self._pool, self._workers = self._new_pool(workers), workers
        it = iter(items)
        window = workers * 4
        pending: dict = {}
        suspects: list = []

        def fill():
            while len(pending) < window:
                item = next(it, _END)
                if item is _END:
                    return
                pending[self._pool.submit(_worker_task, fn, item)] = item

        fill()
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            broken = False
            for f in done:
                item = pending.pop(f)
                try:
                    yield item, f.result()
                except BrokenProcessPool:
                    broken = True
                    suspects.append(item)
                except Exception as exc:  # noqa: BLE001
                    yield item, exc
            if broken:
                suspects.extend(pending.values())
                pending.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool(workers)
            fill()
        if suspects:
            yield from self._isolated(fn, suspects)

    def _isolated(self, fn, items):
        from concurrent.futures.process import BrokenProcessPool

        pool = self._new_pool(1)
        try:
            for item in items:
                try:
                    yield item, pool.submit(_worker_task, fn, item).result()
                except BrokenProcessPool as exc:
                    yield item, exc
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._new_pool(1)
                except Exception as exc:  # noqa: BLE001
                    yield item, exc
        finally:
            pool.shutdown(wait=True)

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False


class DaskRunner:
    """The same tasks on a Dask distributed cluster (``tcp://HOST:PORT``). Documents travel as bytes and
    results come back to this process, so the workers need no access to the input or output folders —
    only the same version of checker installed."""

    name = "dask"

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover — depends on the installation
            raise BatchError("使用 --scheduler 需要安装 Dask：pip install 'juesuan-checker[cluster]'") from exc
        try:
            self.client = Client(address, timeout="20s", set_as_default=False)
        except Exception as exc:  # noqa: BLE001
            raise BatchError(f"无法连接 Dask 调度器 {address}：{exc}") from exc
        self.address = address

    def map(self, fn, items, workers: int | None = None):  # workers: the cluster has its own
        from distributed import as_completed

        threads = sum(self.client.nthreads().values()) or 1
        it = iter(items)
        pending: dict = {}

        def submit(item):
            f = self.client.submit(fn, item, pure=False)
            pending[f.key] = item
            return f

        ac = as_completed([submit(item) for item in islice(it, threads * 4)], loop=self.client.loop)
        for f in ac:
            item = pending.pop(f.key)
            try:
                result = f.result()
            except Exception as exc:  # noqa: BLE001 — including a worker killed while on this document
                result = exc
            f.release()
            yield item, result
            nxt = next(it, _END)
            if nxt is not _END:
                ac.add(submit(nxt))

    def close(self):
        self.client.close()


class BatchError(Exception):
    """The batch cannot run at all (e.g. the Dask scheduler cannot be reached)."""


# ---------------------------------------------------------------- the batch


class _Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def bar(self, total: int, desc: str):
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked from this one
        return tqdm(total=total, desc=desc, unit="份", file=sys.stderr, disable=not self.enabled or total == 0,
                    mininterval=0.3, dynamic_ncols=True, leave=True)


def run_batch(root: str | Path, out: str | Path, progress: bool = False, *, jobs: int | None = None,
              scheduler: str | None = None, use_cache: bool = True) -> dict:
    """Check every supported file under ``root`` and write the output folder ``out``; returns the summary."""
    start = time.perf_counter()
    root, out = Path(root), Path(out)
    reports_dir, cache_docs, cache_final = out / "reports", out / ".cache" / "docs", out / ".cache" / "final"
    for d in (reports_dir, cache_docs, cache_final):
        d.mkdir(parents=True, exist_ok=True)
    jobs = max(1, jobs or os.cpu_count() or 1)
    lock = _lock(out / ".cache" / "batch.lock")
    try:
        return _run(root, out, reports_dir, cache_docs, cache_final, jobs, scheduler, use_cache, progress, start)
    finally:
        lock.close()


def _lock(path: Path):
    """One batch at a time per output folder (two would write the same reports and cache)."""
    fh = open(path, "a+")
    try:
        import fcntl
    except ImportError:  # pragma: no cover — not on POSIX: no lock
        return fh
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.close()
        raise BatchError(f"另一个 checker batch 正在写入输出目录 {path.parent.parent}，请等它结束后再运行。") from exc
    return fh


def _run(root, out, reports_dir, cache_docs, cache_final, jobs, scheduler, use_cache, progress, start) -> dict:
    bars = _Progress(progress)
    fingerprint = tool_fingerprint()

    files = collect(root)
    names = [p.relative_to(root).as_posix() for p in files]
    stems = [output_stem(root, p) for p in files]
    keys = [content_key(p) for p in files]

    # ---- pass 1: check what is not cached (identical copies are checked each: they are separate submissions)
    records: list[dict | None] = [None] * len(files)
    blobs: dict[int, bytes] = {}  # pass-one reports that are not in the cache (not cacheable)
    doc_keys = [key or f"#{i}" for i, key in enumerate(keys)]  # "#i": the file could not be hashed
    loaded: dict[str, dict | None] = {}
    todo: list[int] = []
    for i, key in enumerate(keys):
        if key and use_cache:
            if key not in loaded:
                meta = _load_meta(cache_docs, key, fingerprint)
                loaded[key] = None if meta is None else _held(meta)
            records[i] = loaded[key]
        if records[i] is None:
            todo.append(i)
    cached_docs = len(files) - len(todo)
    if scheduler or jobs > 1:
        # the biggest files first: the last documents of the pass, which keep the other workers waiting
        # before pass two can start, are then small ones
        todo.sort(key=lambda i: -_size(files[i]))

    runner = None
    tables = None  # the TableWriter, while pass two runs

    def get_runner(n_tasks: int):
        nonlocal runner
        if runner is None:
            if scheduler:
                runner = DaskRunner(scheduler)
            elif jobs > 1 and n_tasks > 1:
                runner = ProcessRunner(jobs)
            else:
                return InProcessRunner()
        return runner

    # this process's collector rests while the passes run: the results it handles (the tables' rows, the
    # records kept) make few reference cycles (about one object per document was found in them), and its
    # young-generation collections cost ~0.5 ms per document at --jobs 2. Worker processes forked meanwhile
    # collect after each document as always (_worker_task); in-process documents too (InProcessRunner).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with bars.bar(len(files), "审核") as bar:
            bar.update(cached_docs)

            def check_items():
                for i in todo:
                    task = {"name": names[i], "index": i}
                    if scheduler:
                        try:
                            task["data"] = files[i].read_bytes()
                        except OSError:
                            task["path"] = str(files[i])  # the worker reports it unreadable
                    else:
                        task["path"] = str(files[i])
                        if keys[i]:  # the worker stores the record in the cache itself
                            task["store"] = (str(cache_docs), keys[i], fingerprint)
                    yield task

            if todo:
                for task, result in get_runner(len(todo)).map(check_task, check_items()):
                    i = task["index"]
                    if isinstance(result, BaseException):
                        result = _pass_one(_internal_error(task["name"], _crash_detail(result)), empty_facts(), task["name"])
                    if "held" in result:  # stored in the cache by the worker
                        records[i] = result["held"]
                        bar.update(1)
                        continue
                    meta, blob = result["meta"], result["blob"]
                    if keys[i] and _cacheable(meta):
                        _store(cache_docs, keys[i], fingerprint, meta, blob)
                        meta = _held(meta)  # the rest is read back from the cache when it is needed
                    else:
                        blobs[i] = blob
                    records[i] = meta
                    bar.update(1)

        # ---- between the passes: batch-wide counts and the cross-year check
        df = reason_frequencies(records)
        def batch_facts_of(i: int) -> dict:
            """Document ``i``'s pass-one batch facts, whole (read back from the cache if held there)."""
            if not records[i].get("held"):
                return records[i]["batch"]
            meta = _load_meta(cache_docs, keys[i], fingerprint)
            if meta is None:
                raise BatchError(cache_changed_message(cache_docs))
            return meta["batch"]

        x001, cross_year = cross_year_checks(records, names, lambda i: batch_facts_of(i)["cross_year"])

        # ---- pass 2: finalise every report whose inputs changed
        finals: list[dict | None] = [None] * len(files)  # slim records (slim_record) of every document
        unstored: dict[int, dict] = {}  # full final records not in .cache/final/ (not cacheable)
        tasks = []
        final_fps = []  # what each report is a function of: together, what the tables are a function of
        for i, k in enumerate(doc_keys):
            meta = records[i]
            reasons = meta["batch"]["reasons"] if meta["status"] == "checked" else []
            dfs = [df.get(r["key"], 1) if r["key"] else 1 for r in reasons]
            fp = _final_fingerprint(tool_fingerprint("render"), k, names[i], stems[i], dfs, x001.get(i))
            final_fps.append(fp)
            if use_cache and i not in blobs:
                final = _load_final(cache_final, reports_dir, stems[i], fp)
                if final is not None:
                    finals[i] = slim_record(final)
                    continue
            tasks.append((i, k, dfs, fp))

        def finalise_items(with_rows: bool):
            for i, k, dfs, fp in tasks:
                task = {"index": i, "fp": fp, "name": names[i], "df": dfs, "x001": x001.get(i)}
                if with_rows:
                    task["tables"] = True
                if scheduler or i in blobs or not records[i].get("held"):
                    blob = blobs.get(i)
                    if blob is None:
                        blob = _read_blob(cache_docs, k)
                    task.update(blob=blob, facts=batch_facts_of(i))
                else:  # workers on this machine read the cache, write the reports and the final record
                    task["cached"] = (str(cache_docs), k, fingerprint)
                    task["store_final"] = (str(cache_final / f"{stems[i]}.json"), records[i]["status"])
                if not scheduler:
                    task["write_to"] = (str(reports_dir / f"{stems[i]}.json"), str(reports_dir / f"{stems[i]}.html"))
                yield task

        # the tables are rewritten only when a report changed (the key is known before pass two); they are
        # written while the reports are made, in the batch's order
        tables_key = _tables_key(final_fps)
        cached_tables = _load_tables(out, tables_key) if use_cache else None
        if cached_tables is None:
            (out / ".cache" / "tables.json").unlink(missing_ok=True)
            tables = TableWriter(out, len(files), lambda i: _read_final(cache_final, stems[i]))
            for i, f in enumerate(finals):
                if f is not None:  # unchanged since the last run
                    tables.put(i)

        written = 0
        with bars.bar(len(tasks), "生成报告") as bar:
            if tasks:
                pass_two = get_runner(len(tasks))
                # worker processes make the table rows of their reports too (the CPU of pass two shared
                # evenly), unless this process makes them anyway: in process, or no workbook XlsxWriter can
                # take rows made elsewhere
                rows_made_there = (tables is not None and not isinstance(pass_two, InProcessRunner)
                                   and tables.takes_rows())
                for task, result in pass_two.map(finalise_task, finalise_items(rows_made_there),
                                                 pass_two_workers(jobs, tables is not None and not rows_made_there)):
                    i = task["index"]
                    if isinstance(result, CacheChanged):
                        raise BatchError(str(result))
                    if isinstance(result, BaseException):
                        d = _internal_error(names[i], _crash_detail(result))
                        result = render_outputs(d, fp=task["fp"])
                    if not result.get("written"):
                        write_reports(result, reports_dir / f"{stems[i]}.json", reports_dir / f"{stems[i]}.html")
                    # the final record as a later run reads it back; only its slim part when the worker sent
                    # that and the record is stored in .cache/final/ (where the tables can read it again)
                    slim = result.get("slim")
                    final = None if slim is not None else decode_internal(result["stored"])["final"]
                    cacheable = i not in blobs and (slim or final)["status"] == records[i]["status"]
                    if final is None and not cacheable:
                        final = decode_internal(result["stored"])["final"]
                    finals[i] = slim_record(final if final is not None else slim)
                    if cacheable and not result.get("stored_final"):  # else the worker stored it
                        (cache_final / f"{stems[i]}.json").write_bytes(result["stored"])
                    elif not cacheable:
                        (cache_final / f"{stems[i]}.json").unlink(missing_ok=True)
                        unstored[i] = final
                    if tables is not None:
                        tables.put(i, final, reloadable=i not in unstored, rows=result.get("table"))
                    written += 1
                    bar.update(1)
    except BaseException:
        if tables is not None:
            tables.abort()
        raise
    finally:
        if runner is not None:
            runner.close()
        if collecting:
            gc.enable()

    def full_records():
        """Each document's final record, one at a time, from .cache/final/ (the parent keeps slim ones)."""
        for i, stem in enumerate(stems):
            if i in unstored:
                yield unstored[i]
            else:
                yield _read_final(cache_final, stem)

    # the tables are finished in a thread while the summary is made: most of that is the ZIP compression of
    # the workbook's sheets, during which zlib leaves the interpreter to this thread
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="checker-tables") as pool:
        closing = pool.submit(tables.close, full_records) if tables is not None else None
        _prune(reports_dir, cache_final, set(stems), cache_docs, {k for k in keys if k})
        summary = build_summary(root, names, stems, finals, df, cross_year)

    if closing is not None:
        xlsx, xlsx_skipped = closing.result()
        if not unstored:  # every report is in the cache
            _store_tables(out, tables_key, xlsx, xlsx_skipped)
    elif unstored:  # a report failed this time after all: the tables of the last run do not hold it
        xlsx, xlsx_skipped = write_tables(out, full_records, len(files))
    else:
        xlsx, xlsx_skipped = cached_tables
    summary["run"] = {"jobs": jobs, "scheduler": scheduler, "runner": runner.name if runner else "in-process",
                      "checked_now": len(todo), "from_cache": cached_docs, "reports_written": written,
                      "reports_unchanged": len(files) - written, "xlsx": xlsx, "xlsx_skipped": xlsx_skipped,
                      "seconds": round(time.perf_counter() - start, 3)}
    from checker.reporters.json import report_json
    (out / "summary.json").write_text(report_json(summary), encoding="utf-8")
    from checker.dashboard import render_dashboard
    (out / "index.html").write_text(render_dashboard(summary), encoding="utf-8")
    return summary


def _crash_detail(exc: BaseException) -> str:
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool) or type(exc).__name__ == "KilledWorker":
        return "审核进程在处理该文件时异常退出，可能是文件触发了底层库崩溃或内存不足"
    return f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------- cache files


def _held(meta: dict) -> dict:
    """What the parent holds of a pass-one record that is in the cache, between the passes: everything but
    the batch facts, of which only the reasons' keys (for the document frequencies). The facts are ~100 KB
    per document in memory, most of them the cross-year figures; they are read back from the cache for
    pass two and for the cross-year pairs (a batch of thousands would otherwise hold them all)."""
    batch = meta.get("batch") or {}
    return {**{k: v for k, v in meta.items() if k != "batch"}, "held": True,
            "batch": {"reasons": [{"key": r["key"]} for r in batch.get("reasons") or []]}}


def _entry_head(head: bytes) -> int | None:
    """The meta's length, from the first ``_ENTRY_HEAD.size`` bytes of a cache entry; None if they are not
    an entry's."""
    if len(head) < _ENTRY_HEAD.size:
        return None
    magic, n = _ENTRY_HEAD.unpack_from(head)
    return n if magic == _ENTRY_MAGIC else None


def _load_meta(cache: Path, key: str, fingerprint: str) -> dict | None:
    """The meta of the cache entry ``key`` if it was stored with ``fingerprint`` (read without its record)."""
    try:
        with open(cache / f"{key}{ENTRY_SUFFIX}", "rb") as f:
            n = _entry_head(f.read(_ENTRY_HEAD.size))
            if n is None:
                return None
            data = decode_internal(f.read(n))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return None
    return data["meta"]


def _read_blob(cache: Path, key: str) -> bytes:
    """The pass-one record (:func:`pack_record`'s blob) of the cache entry ``key``; OSError if it is gone,
    ValueError if the file is not an entry."""
    with open(cache / f"{key}{ENTRY_SUFFIX}", "rb") as f:
        data = f.read()
    n = _entry_head(data)
    if n is None or len(data) < _ENTRY_HEAD.size + n:
        raise ValueError("not a batch cache entry")
    return data[_ENTRY_HEAD.size + n:]


def _store(cache: Path, key: str, fingerprint: str, meta: dict, blob: bytes) -> None:
    """One file per document (see ENTRY_SUFFIX), written under a name of this process's own and then
    renamed into place: an interrupted write leaves no entry, and identical copies of a document (one
    content key) checked and stored by two workers at once cannot leave a file half one's and half the
    other's (found with --jobs 2)."""
    head = encode_internal({"fingerprint": fingerprint, "meta": meta})
    name = f"{key}{ENTRY_SUFFIX}"
    tmp = cache / f"{name}.{os.getpid()}.tmp"
    tmp.write_bytes(b"".join((_ENTRY_HEAD.pack(_ENTRY_MAGIC, len(head)), head, blob)))
    tmp.replace(cache / name)


def _final_fingerprint(fingerprint, key, name, stem, dfs, x001) -> str:
    raw = json.dumps([fingerprint, key, name, stem, dfs, x001], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _load_final(cache: Path, reports: Path, stem: str, fp: str) -> dict | None:
    if not ((reports / f"{stem}.json").is_file() and (reports / f"{stem}.html").is_file()):
        return None
    try:
        data = decode_internal((cache / f"{stem}.json").read_bytes())
    except (OSError, ValueError):
        return None
    return data["final"] if data.get("fingerprint") == fp else None


def _read_final(cache: Path, stem: str) -> dict:
    """The final record of a report in .cache/final/."""
    return decode_internal((cache / f"{stem}.json").read_bytes())["final"]


def _tables_key(final_fps: list[str]) -> str:
    """What findings.csv and findings.xlsx are a function of: every report, in order, and the writers."""
    writer = xlsx_writer()
    raw = json.dumps([tool_fingerprint("render"), final_fps, XLSX_MAX_ROWS, XLSX_OPENPYXL_MAX_ROWS,
                      writer and writer[0]])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _load_tables(out: Path, key: str | None) -> tuple[str | None, str | None] | None:
    """(xlsx, xlsx_skipped) of the tables written by an earlier run with the same ``key``, if they are there."""
    if key is None:
        return None
    try:
        data = json.loads((out / ".cache" / "tables.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != key or not (out / "findings.csv").is_file():
        return None
    if data["xlsx"] and not (out / data["xlsx"]).is_file():
        return None
    return data["xlsx"], data["xlsx_skipped"]


def _store_tables(out: Path, key: str, xlsx: str | None, xlsx_skipped: str | None) -> None:
    (out / ".cache" / "tables.json").write_text(
        json.dumps({"key": key, "xlsx": xlsx, "xlsx_skipped": xlsx_skipped}, ensure_ascii=False), encoding="utf-8")


def _prune(reports: Path, cache_final: Path, stems: set[str], cache_docs: Path | None = None,
           keys: set[str] = frozenset()) -> None:
    """Reports of files no longer in the folder are removed (the reports folder is the tool's own), and so
    is every file of ``cache_docs`` but the entries of this run's content ``keys``: the entries of earlier
    versions of resubmitted documents and of removed files, of an older cache layout (``*.meta.json``,
    ``*.report.json.zst``), and the temporary files of an interrupted write. Without this the cache grows
    with every resubmission. Called when no worker is writing (after pass two, the output folder locked)."""
    for folder, suffixes in ((reports, (".json", ".html")), (cache_final, (".json",))):
        for p in folder.iterdir():
            if p.is_file() and p.suffix in suffixes and p.stem not in stems:
                p.unlink()
    if cache_docs is None:
        return
    wanted = {f"{k}{ENTRY_SUFFIX}" for k in keys}
    for p in cache_docs.iterdir():
        if p.name not in wanted and p.is_file():
            p.unlink(missing_ok=True)


# ---------------------------------------------------------------- batch-wide analysis


def reason_frequencies(records: list[dict]) -> Counter:
    """Normalised reason -> number of checked submissions containing it (each document counted once)."""
    df: Counter = Counter()
    for meta in _distinct_checked(records):
        df.update({r["key"] for r in meta["batch"]["reasons"] if r["key"]})
    return df


def _distinct_checked(records: list[dict]):
    """Checked records, one per file (identical copies are separate submissions)."""
    return [m for m in records if m["status"] == "checked"]


def cross_year_checks(records: list[dict], names: list[str], cross_year=None) -> tuple[dict[int, dict], list[dict]]:
    """X001 between fiscal years Y and Y−1 of one department (final-accounts documents). Returns, per
    document index, the X001 result to merge into its report, and the list of compared pairs.
    ``cross_year(i)``: document i's cross-year facts (default: from its record)."""
    if cross_year is None:
        def cross_year(i: int) -> dict:
            return records[i]["batch"]["cross_year"]
    from checker.rules.batch.X001 import compare_years

    by_dept: dict[str, list[int]] = defaultdict(list)
    results: dict[int, dict] = {}
    for i, m in enumerate(records):
        doc = m["document"]
        if m["status"] != "checked":
            continue
        if doc.get("kind") == "final_accounts" and doc.get("department") and doc.get("year"):
            by_dept[doc["department"]].append(i)
        else:
            why = "不是部门决算材料" if doc.get("kind") != "final_accounts" else "未识别出部门或年度"
            results[i] = {"status": "not_applicable", "findings": [], "detail": f"{why}，未做跨年度核对"}
    pairs: list[dict] = []
    for dept, idxs in by_dept.items():
        for i in idxs:
            year = records[i]["document"]["year"]
            priors = sorted((j for j in idxs if records[j]["document"]["year"] == year - 1), key=lambda j: names[j])
            if not priors:
                results[i] = {"status": "not_applicable", "findings": [],
                              "detail": f"批次中没有本部门 {year - 1} 年度的决算公开材料，未做跨年度核对"}
                continue
            j = priors[0]
            findings, compared = compare_years(cross_year(i), cross_year(j),
                                               names[j], year - 1)
            fd = [f.to_dict() for f in findings]
            status = "failed" if fd else "passed" if compared else "not_applicable"
            detail = (f"与 {year - 1} 年度材料（{names[j]}）对照了 {compared} 项上年数" if compared else
                      f"{year - 1} 年度材料（{names[j]}）中没有可对照的本年数，或本文没有“与上年相比”的说明")
            results[i] = {"status": status, "findings": fd, "detail": detail}
            pairs.append({"department": dept, "year": year, "document": names[i], "prior_year": year - 1,
                          "prior_document": names[j], "compared": compared, "mismatches": len(fd),
                          "findings": [{"message": f["message"], "expected": f["expected"], "found": f["found"]}
                                       for f in fd]})
    pairs.sort(key=lambda p: (p["department"], p["year"], p["document"]))
    return results, pairs


def build_summary(root: Path, names, stems, finals, df: Counter, cross_year: list[dict]) -> dict:
    from checker.findings import CATEGORIES

    entries = []
    for name, stem, f in zip(names, stems, finals):
        doc = f["document"]
        cats = Counter(x["category"] for x in f["findings"])
        exps = f["explanations"]
        entries.append({
            "path": name, "status": f["status"], "error": f["error"], "format": doc.get("format"),
            "kind": doc.get("kind"), "department": doc.get("department"), "year": doc.get("year"),
            "summary": f["summary"] if f["status"] == "checked" else None,
            "categories": dict(sorted(cats.items())),
            "explanations": len(exps), "boilerplate": sum(e.get("label") == "boilerplate" for e in exps),
            "report_json": f"reports/{stem}.json", "report_html": f"reports/{stem}.html",
        })
    totals = {"documents": len(entries), "checked": sum(e["status"] == "checked" for e in entries),
              "failed": sum(e["status"] == "failed" for e in entries)}
    for sev in ("error", "warning", "info"):
        totals[sev] = sum((e["summary"] or {}).get(sev, 0) for e in entries)
    totals["findings"] = sum((e["summary"] or {}).get("findings", 0) for e in entries)
    totals["explanations"] = sum(e["explanations"] for e in entries)
    totals["boilerplate"] = sum(e["boilerplate"] for e in entries)

    # departments, ranked by errors (then warnings)
    depts: dict[str, dict] = {}
    for e in entries:
        if e["status"] != "checked":
            continue
        name = e["department"] or "（未识别部门）"
        d = depts.setdefault(name, {"department": name, "documents": 0, "years": set(), "error": 0, "warning": 0,
                                    "info": 0, "categories": Counter(), "explanations": 0, "boilerplate": 0,
                                    "reports": []})
        d["documents"] += 1
        if e["year"]:
            d["years"].add(e["year"])
        for sev in ("error", "warning", "info"):
            d[sev] += e["summary"][sev]
        d["categories"].update(e["categories"])
        d["explanations"] += e["explanations"]
        d["boilerplate"] += e["boilerplate"]
        d["reports"].append({"path": e["path"], "year": e["year"], "report_html": e["report_html"]})
    departments = []
    for d in depts.values():
        d["years"] = sorted(d["years"])
        d["categories"] = dict(sorted(d["categories"].items()))
        d["boilerplate_share"] = round(d["boilerplate"] / d["explanations"], 4) if d["explanations"] else None
        departments.append(d)
    departments.sort(key=lambda d: (-d["error"], -d["warning"], -d["info"], d["department"]))
    for rank, d in enumerate(departments, 1):
        d["rank"] = rank

    categories = Counter()
    rules: dict[str, dict] = {}
    for f in finals:
        for x in f["findings"]:
            categories[x["category"]] += 1
            r = rules.setdefault(x["rule"], {"rule": x["rule"], "name": x["name"], "category": x["category"],
                                             "count": 0, "documents": set()})
            r["count"] += 1
            r["documents"].add(f["document"]["path"])
    from checker.rules import all_rules

    titles = {r.code: r.title for r in all_rules()}
    rule_list = sorted(({**r, "title": titles.get(r["rule"], r["name"]), "documents": len(r["documents"])}
                        for r in rules.values()), key=lambda r: (-r["count"], r["rule"]))

    return {
        "schema": BATCH_SCHEMA, "report_schema": REPORT_SCHEMA,
        "tool": {"name": "checker", "version": __version__, "fingerprint": tool_fingerprint()},
        "input": str(root), "totals": totals, "documents": entries, "departments": departments,
        "categories": {c: categories[c] for c in CATEGORIES if categories[c]},
        "rules": rule_list,
        "recurring_reasons": recurring_reasons(finals, df),
        "recurring_phrases": recurring_phrases(finals, names),
        "cross_year": cross_year,
    }


def recurring_reasons(finals: list[dict], df: Counter) -> list[dict]:
    """Reasons that occur verbatim (after normalisation) in two or more submissions."""
    from checker.explain.classify import normalised_reason

    seen: dict[str, dict] = {}
    for f in finals:
        if f["status"] != "checked":
            continue
        keys = f.get("keys") or [normalised_reason(e["text"]) for e in f["explanations"]]
        for e, key in zip(f["explanations"], keys):
            n = max(df.get(key, 0) if key else 0, e.get("doc_frequency", 1))
            if n < 2:
                continue
            r = seen.setdefault(key, {"text": " ".join(e["text"].split()), "documents": n, "occurrences": 0,
                                      "boilerplate": 0, "paths": set(), "departments": set()})
            r["occurrences"] += 1
            r["boilerplate"] += e.get("label") == "boilerplate"
            r["paths"].add(f["document"]["path"])
            if f["document"].get("department"):
                r["departments"].add(f["document"]["department"])
    out = [{"text": r["text"], "documents": r["documents"], "occurrences": r["occurrences"],
            "boilerplate": r["boilerplate"], "departments": len(r["departments"]), "paths": sorted(r["paths"])}
           for r in seen.values()]
    out.sort(key=lambda r: (-r["documents"], -r["occurrences"], r["text"]))
    return out[:RECURRING_LIMIT]


def document_phrases(explanations: list[dict]) -> list[str]:
    """The distinct phrases of a document's explanations (split at punctuation and spaces, normalised,
    PHRASE_MIN to PHRASE_MAX characters with at least three Chinese ones), sorted."""
    from checker.explain.classify import normalised_reason

    phrases = set()
    for e in explanations:
        for part in PHRASE_SPLIT.split(e["text"]):
            p = normalised_reason(part)
            if PHRASE_MIN <= len(p) <= PHRASE_MAX and PHRASE_HAN.search(p):
                phrases.add(p)
    return sorted(phrases)


def recurring_phrases(finals: list[dict], names: list[str]) -> list[dict]:
    """Phrases found in two or more checked submissions, with their document frequency."""
    df: Counter = Counter()
    for f in finals:
        if f["status"] != "checked":
            continue
        phrases = f.get("phrases")
        df.update(document_phrases(f["explanations"]) if phrases is None else phrases)
    out = [{"phrase": p, "documents": n} for p, n in df.items() if n >= 2]
    out.sort(key=lambda r: (-r["documents"], r["phrase"]))
    return out[:RECURRING_LIMIT]


# ---------------------------------------------------------------- tables for all documents


def xlsx_writer():
    """How the XLSX table is written: ``("xlsxwriter", WorkbookWriter)`` (streamed), ``("openpyxl",
    render_xlsx_openpyxl)`` when XlsxWriter is not installed, or None when the reporters offer no XLSX."""
    try:
        from checker.reporters import xlsx
    except ImportError:
        return None
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        return "openpyxl", xlsx.render_xlsx_openpyxl
    return "xlsxwriter", xlsx.WorkbookWriter


def _table(f: dict) -> dict:
    """The part of a final record the CSV and XLSX rows are made of."""
    return {"document": f["document"], "findings": f["findings"], "explanations": f.get("explanations") or [],
            "mentions": f.get("mentions") or [], **({"rules": f["rules"]} if f.get("rules") else {})}


class TableWriter:
    """findings.csv and findings.xlsx, written document by document in the batch's order while the reports
    arrive in any order (:meth:`put`: from the workers as they finish, so the tables are written while
    the workers are busy), keeping only the reports that are early. ``load(i)``: the final record of
    document ``i`` when :meth:`put` was not given it (a report unchanged since the last run).

    A workbook XlsxWriter cannot write exactly as openpyxl would (:class:`checker.reporters.xlsx.NotExact`,
    rare) is written again by :meth:`close` with openpyxl from ``records()``, when small enough for it."""

    def __init__(self, out: Path, n: int, load):
        import csv

        from checker.reporters import csv as csv_reporter

        self.out, self.n, self._load = out, n, load
        self._early: dict[int, dict | None] = {}
        self._next = 0  # the first document not yet written
        self.rows = [0, 0]  # findings, explanations
        self._csv_rows = csv_reporter.rows
        self._target = out / "findings.xlsx"
        if self._target.exists():
            self._target.unlink()
        self._writer = xlsx_writer()
        self._book = self._writer[1](self._target) if self._writer and self._writer[0] == "xlsxwriter" else None
        self._fh = open(out / "findings.csv", "w", encoding="utf-8-sig", newline="")  # UTF-8 with BOM
        self._csv = csv.writer(self._fh, lineterminator="\r\n")
        self._csv.writerow(csv_reporter.COLUMNS)

    # documents ahead of their turn whose rows made by a worker are kept (~0.1 MB each); beyond, reloaded
    EARLY_ROWS = 256

    def takes_rows(self) -> bool:
        """Whether :meth:`put` can take rows made in another process (:func:`table_rows`) for the workbook."""
        from checker.reporters.xlsx import chunks_supported

        return self._book is not None and chunks_supported()

    def put(self, i: int, final: dict | None = None, reloadable: bool = False, rows: dict | None = None) -> None:
        """Document ``i`` is final (``final``: its record, or None to load it when its turn comes; ``rows``:
        its rows made by :func:`table_rows`, written instead of the record's). ``reloadable``: ``load(i)``
        gives the same record, so an early one is not kept in memory (reports can come back far ahead of
        their turn: after a worker crash its documents are retried last)."""
        if rows is not None and (not reloadable or i - self._next < self.EARLY_ROWS):
            self._early[i] = (None, rows)
        elif final is not None and not (reloadable and i != self._next):
            self._early[i] = (final, None)
        else:
            self._early[i] = None
        while self._next in self._early:
            entry = self._early.pop(self._next)
            if entry is None:
                self._write(self._load(self._next))
            elif entry[1] is not None:
                self._write_rows(entry[1])
            else:
                self._write(entry[0])
            self._next += 1

    def _write_rows(self, made: dict) -> None:
        self._fh.write(made["csv"])
        self.rows[0] += made["rows"][0]
        self.rows[1] += made["rows"][1]
        if self._book is not None:
            if max(self.rows) > XLSX_MAX_ROWS or made["xlsx"] is None:
                self.abort_xlsx()
                return
            try:
                self._book.append(made["xlsx"])
            except ValueError:  # TooManyRows
                self.abort_xlsx()

    def _write(self, f: dict) -> None:
        t = _table(f)
        self._csv.writerows(self._csv_rows(t))
        self.rows[0] += len(t["findings"])
        self.rows[1] += len(t["explanations"])
        if self._book is not None:
            if max(self.rows) > XLSX_MAX_ROWS:
                self.abort_xlsx()
                return
            try:
                self._book.add(t)
            except ValueError:  # NotExact, TooManyRows: openpyxl in close(), when small enough
                self.abort_xlsx()

    def abort_xlsx(self) -> None:
        if self._book is not None:
            self._book.abort()
            self._book = None

    def close(self, records) -> tuple[str | None, str | None]:
        """Finish both files once every document was :meth:`put`; returns (xlsx file name or None, why it
        was not written or None)."""
        if self._next != self.n:
            raise RuntimeError(f"tables: {self.n - self._next} documents not written")
        self._fh.close()
        rows = tuple(self.rows)
        if self._writer is None:
            return None, "checker.reporters 没有 XLSX 输出"
        if max(rows) > XLSX_MAX_ROWS:
            self.abort_xlsx()
            return None, (f"问题 {rows[0]} 行、原因说明 {rows[1]} 行，超过 {XLSX_MAX_ROWS} 行（Excel 一张工作表的上限），"
                          f"未生成 XLSX；请使用 findings.csv")
        if self._book is not None:
            self._book.close()
            return self._target.name, None
        if sum(rows) > XLSX_OPENPYXL_MAX_ROWS:
            why = "其中有需用 openpyxl 写出的文字" if self._writer[0] == "xlsxwriter" else "未安装 XlsxWriter"
            return None, (f"问题和原因说明共 {sum(rows)} 行，超过 {XLSX_OPENPYXL_MAX_ROWS} 行，而{why}，"
                          f"XLSX 输出太慢，未生成；请使用 findings.csv")
        from checker.reporters.xlsx import render_xlsx_openpyxl

        self._target.write_bytes(render_xlsx_openpyxl([_table(f) for f in records()]))
        return self._target.name, None

    def abort(self) -> None:
        """Stop without finishing (the batch failed): the workbook is not written, the CSV is incomplete."""
        self.abort_xlsx()
        self._fh.close()


def write_tables(out: Path, records, n: int) -> tuple[str | None, str | None]:
    """findings.csv and findings.xlsx from ``records()``, the final records of the ``n`` documents in order."""
    tables = TableWriter(out, n, None)
    try:
        for i, f in enumerate(records()):
            tables.put(i, f)
    except BaseException:
        tables.abort()
        raise
    return tables.close(records)
