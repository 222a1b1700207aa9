"""Command line: bad inputs, output formats, rules listing, batch runs, and evidence offsets in reports."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import zipfile

import pytest

from checker import REPORT_SCHEMA
from checker.cli import main
from checker.pipeline import check_path
from checker.rules import all_rules
from conftest import SEED001_PART3, SEEDS

# ---------------------------------------------------------------- bad inputs


def _pdf(path, build):
    import pymupdf
    doc = pymupdf.open()
    build(doc)
    return doc


def make_encrypted_pdf(path):
    import pymupdf
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), SEED001_PART3[0], fontname="china-s")
    doc.save(str(path), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")


def make_text_pdf_bytes() -> bytes:
    import pymupdf
    doc = pymupdf.open()
    for para in SEED001_PART3[:4]:
        doc.new_page().insert_text((72, 100), para[:30], fontname="china-s")
    return doc.tobytes()


def make_truncated_pdf(path):
    data = make_text_pdf_bytes()
    path.write_bytes(data[: len(data) // 3])


def make_rectangle_pdf(path):
    import pymupdf
    doc = pymupdf.open()
    for _ in range(2):
        page = doc.new_page()
        page.draw_rect(pymupdf.Rect(50, 50, 300, 300), color=(0, 0, 0), fill=(0.6, 0.6, 0.6))
    doc.save(str(path))


def make_image_pdf(path):
    import pymupdf
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 60), False)
    pix.clear_with(180)
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(50, 50, 400, 400), pixmap=pix)
    doc.save(str(path))


def make_zip_without_word(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "不是 Word 文档")


def make_truncated_docx(path):
    import docx
    d = docx.Document()
    for para in SEED001_PART3:
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


BAD_INPUTS = {
    # id: (file name, builder(path) or None for a missing file, code, fragments the message must contain)
    "empty": ("empty.txt", lambda p: p.write_bytes(b""), "empty", ["文件为空", "没有可审核的文字"]),
    "whitespace": ("blank.txt", lambda p: p.write_bytes(b"  \n\n\t \r\n   \n"), "empty", ["没有可审核的文字"]),
    "whitespace_fullwidth": ("blank2.txt", lambda p: p.write_text("\u3000\u3000\n \n\u3000", encoding="utf-8"),
                             "empty", ["空白", "没有可审核的文字"]),
    "binary_junk": ("junk.txt", lambda p: p.write_bytes(bytes(random.Random(5).randrange(256) for _ in range(5000))
                                                        + b"\x00" * 8), "binary", ["不是文本", "二进制"]),
    "unknown_extension": ("report.xyz", lambda p: p.write_text("部门决算", encoding="utf-8"), "unsupported_format",
                          ["不支持的文件类型", "“.xyz”", ".docx"]),
    "no_extension": ("report", lambda p: p.write_text("部门决算", encoding="utf-8"), "unsupported_format",
                     ["（无扩展名）"]),
    "legacy_doc": ("report.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
                   "unsupported_format", ["旧版 Word（.doc）", "另存为 .docx"]),
    "encrypted_pdf": ("locked.pdf", make_encrypted_pdf, "encrypted_pdf", ["PDF 已加密", "密码"]),
    # cut to a third: PyMuPDF "repairs" it into pages without content; that is damage, not a scan
    "truncated_pdf": ("truncated.pdf", make_truncated_pdf, "corrupt_pdf", ["已损坏"]),
    "garbage_after_pdf_header": ("garbage.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n\x00\x01 garbage garbage\n"),
                                 "corrupt_pdf", ["PDF 文件已损坏"]),
    "not_a_pdf": ("fake.pdf", lambda p: p.write_text("这不是 PDF 文件", encoding="utf-8"), "corrupt_pdf",
                  ["不是 PDF", "%PDF"]),
    "scan_rectangles": ("scan.pdf", make_rectangle_pdf, "no_text_layer", ["文字层", "扫描件", "共 2 页"]),
    "scan_image": ("scan_image.pdf", make_image_pdf, "no_text_layer", ["文字层", "扫描件", "OCR"]),
    "docx_not_zip": ("broken.docx", lambda p: p.write_bytes(b"this is not a zip archive at all"), "corrupt_docx",
                     ["不是有效的 Word 文档"]),
    "docx_truncated": ("truncated.docx", make_truncated_docx, "corrupt_docx", ["Word 文档"]),
    "docx_wrong_zip": ("other.docx", make_zip_without_word, "corrupt_docx", ["Word 文档已损坏"]),
    "missing": ("missing.txt", None, "not_found", ["文件不存在"]),
}


@pytest.fixture(params=sorted(BAD_INPUTS))
def bad_input(request, tmp_path):
    name, build, code, fragments = BAD_INPUTS[request.param]
    path = tmp_path / name
    if build is not None:
        build(path)
    return path, code, fragments


def test_bad_input_gives_message_and_exit_code_2(bad_input, capsys):
    path, code, fragments = bad_input
    rc = main(["check", str(path)])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"无法读取文件 {path}：" in err
    for fragment in fragments:
        assert fragment in err


def test_bad_input_json_report_carries_the_error(bad_input, capsys):
    path, code, fragments = bad_input
    rc = main(["check", str(path), "--format", "json"])
    out = capsys.readouterr().out
    report = json.loads(out)
    assert rc == 2
    assert report["status"] == "failed"
    assert report["error"]["code"] == code
    assert report["error"]["path"] == str(path)
    assert all(f in report["error"]["message"] for f in fragments)
    assert report["findings"] == [] and report["coverage"] == []
    assert report["document"]["kind"] is None


def test_directory_argument_to_check(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    assert "文件夹" in capsys.readouterr().err


def test_no_command_prints_help_and_returns_2(capsys):
    assert main([]) == 2
    assert "checker" in capsys.readouterr().out


def test_one_bad_file_among_good_ones_exits_2(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    rc = main(["check", str(SEEDS["001"]), str(bad), "--format", "json"])
    reports = json.loads(capsys.readouterr().out)
    assert rc == 2
    assert [r["status"] for r in reports] == ["checked", "failed"]


# ---------------------------------------------------------------- output formats

DOCUMENT_KEYS = {"path", "kind", "department", "year", "unit", "pages"}
FINDING_KEYS = {"rule", "name", "category", "severity", "message", "expected", "found", "evidence"}
EVIDENCE_KEYS = {"text", "line", "start", "end", "page", "table", "row", "column"}


@pytest.fixture(scope="module")
def seed_reports():
    return {code: check_path(path) for code, path in SEEDS.items()}


def test_json_single_file(capsys):
    rc = main(["check", str(SEEDS["002"]), "--format", "json"])
    out = capsys.readouterr().out
    report = json.loads(out)
    assert rc == 0
    assert isinstance(report, dict)
    assert report["schema"] == REPORT_SCHEMA == "checker.report/1"
    assert report["status"] == "checked" and report["error"] is None
    assert DOCUMENT_KEYS <= set(report["document"])
    doc = report["document"]
    assert (doc["path"], doc["kind"], doc["department"], doc["year"], doc["unit"], doc["pages"]) == (
        str(SEEDS["002"]), "performance_self_evaluation", "武汉市东湖高新区机关事务服务中心", 2024, "万元", None)
    for key in ("findings", "mentions", "explanations", "coverage"):
        assert isinstance(report[key], list)
    # 002 also carries template residue (自评得分为分) and targets called complete while unfinished ones
    # are listed (P001, once per copy of the report), and the meetings it counts twice (1930 次 / 1479 场,
    # N003); all warnings, listed by rule code
    assert [f["rule"] for f in report["findings"]] == ["N003", "P001", "P001", "R001", "S004"]
    finding = next(f for f in report["findings"] if f["rule"] == "S004")
    assert FINDING_KEYS <= set(finding)
    assert (finding["name"], finding["category"], finding["severity"]) == (
        "document_facts.inconsistent", "document_facts", "warning")
    assert finding["expected"] == "武汉市东湖高新区机关事务服务中心"
    assert finding["found"] == "武汉市东西湖区机关事务服务中心"
    assert [set(e) for e in finding["evidence"]] == [EVIDENCE_KEYS, EVIDENCE_KEYS]
    assert [(e["text"], e["line"]) for e in finding["evidence"]] == [
        ("武汉市东湖高新区机关事务服务中心", 5), ("武汉市东西湖区机关事务服务中心", 115)]
    assert report["summary"] == {"error": 0, "warning": 5, "info": 0, "findings": 5}
    assert [c["rule"] for c in report["coverage"]] == [r.code for r in all_rules()]
    assert {c["status"] for c in report["coverage"]} <= {"passed", "failed", "not_applicable", "insufficient_data"}
    assert out.endswith("}\n")


def test_json_two_files_gives_a_list(capsys):
    rc = main(["check", str(SEEDS["001"]), str(SEEDS["002"]), "--format", "json"])
    reports = json.loads(capsys.readouterr().out)
    assert rc == 1  # 001 has error-level findings (wrong rates)
    assert isinstance(reports, list) and len(reports) == 2
    assert [r["document"]["department"] for r in reports] == ["武汉市武昌区人民政府办公室", "武汉市东湖高新区机关事务服务中心"]
    assert all(r["schema"] == "checker.report/1" for r in reports)


def test_json_output_file(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["check", str(SEEDS["003"]), "-o", str(out)]) == 1
    assert capsys.readouterr().out == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["document"]["department"] == "中国共产党武汉市蔡甸区委员会办公室"


def test_csv_has_bom_and_one_row_per_finding(tmp_path, capsys):
    rc = main(["check", str(SEEDS["000"]), str(SEEDS["002"]), "--format", "csv"])
    out = capsys.readouterr().out
    assert rc == 1  # 000: 公务用车保有量 57 辆 > 共有车辆 48 辆 is an error (B002)
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert rows[0][:4] == ["文件", "部门", "年度", "规则"]
    n_findings = len(check_path(SEEDS["000"]).findings) + len(check_path(SEEDS["002"]).findings)
    assert len(rows) - 1 == n_findings
    assert {"S001", "S004", "R001"} <= {r[3] for r in rows[1:]}
    s004 = next(r for r in rows[1:] if r[3] == "S004")
    assert s004[1] == "武汉市东湖高新区机关事务服务中心" and s004[2] == "2024"
    # written to a file the BOM is the first three bytes
    path = tmp_path / "f.csv"
    assert main(["check", str(SEEDS["002"]), "-o", str(path)]) == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_html_report_file(tmp_path, capsys):
    path = tmp_path / "x.html"
    rc = main(["check", str(SEEDS["002"]), "--format", "html", "-o", str(path)])
    assert rc == 0
    html = path.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "武汉市东湖高新区机关事务服务中心" in html
    assert "S004" in html
    assert "</html>" in html


def test_html_for_several_files_needs_a_directory(tmp_path, capsys):
    assert main(["check", str(SEEDS["001"]), str(SEEDS["002"]), "--format", "html"]) == 2
    assert "-o" in capsys.readouterr().err
    out = tmp_path / "html"
    assert main(["check", str(SEEDS["001"]), str(SEEDS["002"]), "--format", "html", "-o", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{SEEDS[c].stem}.html" for c in ("001", "002"))


def test_html_escapes_document_text(tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text("<script>alert(1)</script>会议纪要\n会议讨论了食堂管理问题。", encoding="utf-8")
    path = tmp_path / "evil.html"
    assert main(["check", str(src), "-o", str(path)]) == 1  # a document of no known kind: S003 is an error
    html = path.read_text(encoding="utf-8")
    assert "S003" in html  # the unrecognised layout is reported, quoting the first line
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_text_format(capsys):
    rc = main(["check", str(SEEDS["002"])])
    out = capsys.readouterr().out
    assert rc == 0
    assert f"文件：{SEEDS['002']}" in out
    assert "类型：绩效自评报告" in out and "部门：武汉市东湖高新区机关事务服务中心" in out and "年度：2024" in out
    assert "[警告] S004" in out
    assert "第5行：武汉市东湖高新区机关事务服务中心" in out


def test_rules_lists_every_registered_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    codes = [r.code for r in all_rules()]
    for code in codes:
        assert any(line.startswith(code + " ") for line in out.splitlines()), code
    assert f"共 {len(codes)} 条规则。" in out
    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in listed] == codes
    assert all(r["summary"] and r["title"] for r in listed)
    assert main(["rules", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert all(f"## {code} " in md for code in codes)


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert "checker 0.1.0" in capsys.readouterr().out


# ---------------------------------------------------------------- batch


def test_batch(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS["001"], src / "a_001.txt")
    shutil.copy(SEEDS["002"], src / "b_002.txt")
    (src / "c_broken.pdf").write_bytes(b"not a pdf")
    (src / "notes.md").write_text("ignored", encoding="utf-8")
    out = tmp_path / "out"
    rc = main(["batch", str(src), "-o", str(out)])
    captured = capsys.readouterr()
    assert rc == 2
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["schema"] == "checker.batch/1" and summary["report_schema"] == "checker.report/1"
    docs = summary["documents"]
    assert [d["path"] for d in docs] == ["a_001.txt", "b_002.txt", "c_broken.pdf"]
    assert [d["status"] for d in docs] == ["checked", "checked", "failed"]
    assert docs[2]["error"]["code"] == "corrupt_pdf"
    assert "不是 PDF" in docs[2]["error"]["message"]
    assert docs[0]["department"] == "武汉市武昌区人民政府办公室" and docs[1]["year"] == 2024
    assert summary["totals"]["documents"] == 3
    assert summary["totals"]["checked"] == 2 and summary["totals"]["failed"] == 1
    assert (out / "index.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    for d in docs:
        assert (out / d["report_json"]).is_file() and (out / d["report_html"]).is_file()
        assert d["path"] in index
        report = json.loads((out / d["report_json"]).read_text(encoding="utf-8"))
        assert report["status"] == d["status"]
    assert (out / "findings.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "共 3 个文件" in captured.out
    assert "c_broken.pdf" in captured.err


def test_batch_on_a_file_is_refused(capsys):
    assert main(["batch", str(SEEDS["001"]), "-o", "unused"]) == 2
    assert "不是文件夹" in capsys.readouterr().err


# ---------------------------------------------------------------- evidence offsets


@pytest.mark.parametrize("code", sorted(SEEDS))
def test_finding_evidence_equals_source_slice(seed_reports, seed, code):
    report = seed_reports[code].to_dict()
    source = seed(code).source
    located = 0
    for finding in report["findings"]:
        assert FINDING_KEYS <= set(finding)
        for ev in finding["evidence"]:
            assert set(ev) == EVIDENCE_KEYS
            if ev["start"] is None:
                continue
            located += 1
            assert ev["page"] is None
            assert source[ev["start"]:ev["end"]] == ev["text"]
            assert ev["line"] == source.count("\n", 0, ev["start"]) + 1
            assert ev["text"].strip(), "evidence with offsets must quote something"
    assert located > 0


def test_seed_findings(seed_reports):
    rules = {code: sorted(f.rule for f in r.findings if f.rule.startswith("S")) for code, r in seed_reports.items()}
    assert rules == {"000": ["S001"], "001": [], "002": ["S004"], "003": ["S001"], "004": ["S001"]}
    s001_000 = next(f for f in seed_reports["000"].findings if f.rule == "S001")
    assert [e.table for e in s001_000.evidence] == ["table01", "table02", "table03", "table04", "table05", "table06",
                                                    "table09"]
    assert [e.table for e in next(f for f in seed_reports["003"].findings if f.rule == "S001").evidence] == ["table09"]


def test_004_declared_empty_table07_is_not_reported_as_unreadable(seed_reports):
    """004 line 107 '本单位无政府性基金预算财政拨款经费' under 七、政府性基金…决算表 declares the table empty."""
    finding = next(f for f in seed_reports["004"].findings if f.rule == "S001")
    assert [e.table for e in finding.evidence] == ["table01", "table02", "table03", "table04", "table05", "table06",
                                                   "table08", "table09"]


def test_pdf_finding_evidence_is_page_relative(tmp_path):
    import pymupdf
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(100)
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "武汉市东湖高新区机关事务服务中心2024年整体绩效自评报告", fontname="china-s")
    doc.new_page().insert_image(pymupdf.Rect(50, 50, 250, 250), pixmap=pix)
    page3 = doc.new_page()
    page3.insert_text((72, 100), "一、自评结论", fontname="china-s")
    page3.insert_text((72, 130), "武汉市东西湖区机关事务服务中心2024年整体绩效自评报告", fontname="china-s")
    path = tmp_path / "two_names.pdf"
    doc.save(str(path))
    report = check_path(path)
    d = report.to_dict()
    assert d["document"]["pages"] == 3
    assert sorted(f["rule"] for f in d["findings"]) == ["S004", "S005"]
    src_doc = report.document
    for f in d["findings"]:
        for ev in f["evidence"]:
            if ev["start"] is None:
                assert f["rule"] == "S005" and ev["page"] == 2
                continue
            page = src_doc.pages[ev["page"] - 1]
            page_text = src_doc.source[page.start:page.end]
            assert page_text[ev["start"]:ev["end"]] == ev["text"]
            assert ev["line"] == page_text.count("\n", 0, ev["start"]) + 1
    s004 = next(f for f in d["findings"] if f["rule"] == "S004")
    assert [(e["text"], e["page"]) for e in s004["evidence"]] == [
        ("武汉市东湖高新区机关事务服务中心", 1), ("武汉市东西湖区机关事务服务中心", 3)]


def test_a_crash_inside_the_tool_fails_that_file_only(tmp_path, monkeypatch):
    """An unexpected exception while checking one document is reported for that file; the batch goes on."""
    from checker import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS["002"], folder / "a.txt")
    shutil.copy(SEEDS["002"], folder / "b.txt")
    real = pipeline.check_document

    def flaky(doc):
        if doc.path.endswith("a.txt"):
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(pipeline, "check_document", flaky)
    code = main(["batch", str(folder), "-o", str(tmp_path / "out"), "-q"])
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    status = {d["path"]: (d["status"], (d["error"] or {}).get("code")) for d in summary["documents"]}
    assert status == {"a.txt": ("failed", "internal_error"), "b.txt": ("checked", None)}
    assert code == 2
