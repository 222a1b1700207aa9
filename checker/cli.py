"""Command line: ``checker check``, ``checker batch``, ``checker rules``.

Exit codes: 0 no error-level findings; 1 some error-level finding; 2 an input could not be read
(or the command line was wrong).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from checker import __version__
from checker.reporters import BINARY_FORMATS, FORMATS, SUFFIXES, render


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="checker", description="部门决算公开审核工具：核对文字说明与表格、计算与原因说明。")
    p.add_argument("--version", action="version", version=f"checker {__version__}")
    sub = p.add_subparsers(dest="command", metavar="命令")

    c = sub.add_parser("check", help="审核一个或多个文件", description="审核一个或多个文件（.txt / .pdf / .docx）。")
    c.add_argument("files", nargs="+", metavar="FILE", help="要审核的文件")
    c.add_argument("--format", choices=FORMATS, default=None,
                   help="输出格式：text（终端阅读，默认）、json、csv、html、xlsx（Excel 问题清单）；默认按 -o 的扩展名")
    c.add_argument("-o", "--output", metavar="OUT", help="写入文件（多个输入且格式为 html 时为目录）；默认输出到终端")
    c.add_argument("--open", action="store_true",
                   help="写好后用默认浏览器（或关联程序）打开报告；未给 -o 时写入临时文件，格式默认为 html")

    b = sub.add_parser("batch", help="审核整个文件夹", description="审核文件夹（含子文件夹）中的全部文件，输出逐份报告和汇总。")
    b.add_argument("directory", metavar="DIR")
    b.add_argument("-o", "--output", metavar="OUT_DIR", required=True, help="输出目录")
    b.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="并行审核的进程数（默认为本机 CPU 核数；1 表示在本进程内逐份审核）")
    b.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="在 Dask 分布式集群上审核（需安装 cluster 可选依赖）；材料由本机读取后发送给集群")
    b.add_argument("--no-cache", action="store_true",
                   help="不使用输出目录 .cache/ 中的上次结果，全部重新审核（结果仍写入缓存）")

    t = sub.add_parser("train", help="重新训练原因说明分类器", description="用 corpora/explanations/ 中的标注数据重新训练原因说明分类器。")
    t.add_argument("--evaluate", action="store_true", help="同时按文档留一交叉验证，并与词表基线比较")

    r = sub.add_parser("rules", help="列出全部规则", description="列出已注册的规则：编号、严重程度、说明。")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    return p


def _stdout_utf8() -> None:
    try:
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stderr.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError):
        pass


def cmd_check(args) -> int:
    from checker.pipeline import check_path

    if getattr(args, "open", False) and not args.output:
        args.format = args.format or "html"
        tmp = Path(tempfile.mkdtemp(prefix="checker-"))
        several_html = args.format == "html" and len(args.files) > 1
        args.output = str(tmp if several_html else tmp / f"{Path(args.files[0]).stem}.{args.format.replace('text', 'txt')}")
    fmt = args.format or (SUFFIXES.get(Path(args.output).suffix.lower(), "text") if args.output else "text")
    if fmt in BINARY_FORMATS and not args.output:
        print(f"{fmt.upper()} 格式请用 -o 指定输出文件，例如 -o 问题清单.{fmt}", file=sys.stderr)
        return 2
    reports = [check_path(f) for f in args.files]
    dicts = [r.to_dict() for r in reports]
    for r in reports:
        if not r.ok:
            print(str(r.error), file=sys.stderr)
    if fmt == "html" and len(dicts) > 1:
        if not args.output:
            print("多个文件输出 HTML 时请用 -o 指定一个目录。", file=sys.stderr)
            return 2
        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for d in dicts:
            written.append(out / (Path(d["document"]["path"]).stem + ".html"))
            written[-1].write_text(render([d], "html"), encoding="utf-8")
    else:
        text = render(dicts, fmt)
        written = [Path(args.output)] if args.output else []
        if isinstance(text, bytes):
            written[0].write_bytes(text)
        elif args.output:
            written[0].write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if getattr(args, "open", False):
        _open_in_browser(written)
    if any(not r.ok for r in reports):
        return 2
    return 1 if any(f.severity.value == "error" for r in reports for f in r.findings) else 0


def _open_in_browser(paths: list[Path]) -> None:
    import webbrowser

    for path in paths:
        uri = path.resolve().as_uri()
        if webbrowser.open(uri):
            print(f"已打开：{path}", file=sys.stderr)
        else:
            print(f"无法自动打开浏览器，请手动打开：{path.resolve()}", file=sys.stderr)


def cmd_batch(args) -> int:
    from checker.batch import BatchError, run_batch

    root = Path(args.directory)
    if not root.is_dir():
        print(f"不是文件夹：{root}", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("--jobs 必须是正整数。", file=sys.stderr)
        return 2
    try:
        summary = run_batch(root, args.output, progress=not args.quiet, jobs=args.jobs, scheduler=args.scheduler,
                            use_cache=not args.no_cache)
    except BatchError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    t, run = summary["totals"], summary["run"]
    print(f"共 {t['documents']} 个文件：已审核 {t['checked']}，无法读取 {t['failed']}；"
          f"错误 {t['error']}，警告 {t['warning']}，提示 {t['info']}。汇总见 {Path(args.output) / 'index.html'}")
    print(f"本次新审核 {run['checked_now']} 份，沿用缓存 {run['from_cache']} 份，用时 {run['seconds']:.1f} 秒"
          + ("" if run["xlsx"] else f"（未生成 findings.xlsx：{run['xlsx_skipped']}）") + "。")
    if t["failed"]:
        for d in summary["documents"]:
            if d["status"] == "failed":
                print(f"  无法读取 {d['path']}：{d['error']['message']}", file=sys.stderr)
        return 2
    return 1 if t["error"] else 0


def cmd_rules(args) -> int:
    from checker.rules import all_rules
    from checker.findings import CATEGORIES

    rules = all_rules()
    if args.format == "json":
        import json
        print(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity.value,
                           "title": r.title, "summary": r.summary()} for r in rules], ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        from checker.ruledocs import rules_markdown
        sys.stdout.write(rules_markdown(rules))
    else:
        for r in rules:
            print(f"{r.code}  {r.severity.zh}  {CATEGORIES[r.category]:<8}  {r.title}：{r.summary()}")
        print(f"共 {len(rules)} 条规则。")
    return 0


def cmd_train(args) -> int:
    from checker.explain.model import train

    summary = train()
    print(f"已用 {summary['examples']} 条标注样本训练原因说明分类器，模型写入 {summary['path']}（{summary['bytes']:,} 字节）。")
    if args.evaluate:
        from checker.explain.evaluate import leave_one_document_out

        r = leave_one_document_out()
        print(f"按文档留一交叉验证（{r['documents']} 份文档，{r['examples']} 条真实原因说明）：")
        for name, zh in (("model", "模型"), ("baseline", "词表基线")):
            print(f"  {zh}：准确率 {r[name]['accuracy']:.1%}，宏平均 F1 {r[name]['macro_f1']:.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    _stdout_utf8()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "batch":
        return cmd_batch(args)
    if args.command == "rules":
        return cmd_rules(args)
    if args.command == "train":
        return cmd_train(args)
    parser.print_help()
    return 2
