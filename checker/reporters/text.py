"""The terminal view: what a reviewer reads after ``checker check FILE``."""

from __future__ import annotations

from checker.findings import CATEGORIES
from checker.labels import KIND_ZH, SEVERITY_ZH, where



def render_one(r: dict) -> str:
    doc = r["document"]
    out = [f"文件：{doc['path']}"]
    if r["status"] == "failed":
        out.append(f"  无法读取：{r['error']['message']}")
        return "\n".join(out)
    out.append(f"  类型：{KIND_ZH.get(doc['kind'], doc['kind'])}　部门：{doc['department'] or '未识别'}"
               f"　年度：{doc['year'] or '未识别'}　金额单位：{doc['unit'] or '未识别'}")
    s = r["summary"]
    out.append(f"  共 {s['findings']} 条问题（错误 {s['error']}，警告 {s['warning']}，提示 {s['info']}）")
    for f in r["findings"]:
        out.append(f"  [{SEVERITY_ZH[f['severity']]}] {f['rule']} {CATEGORIES.get(f['category'], f['category'])}：{f['message']}")
        if f.get("expected") or f.get("found"):
            out.append(f"      应为：{f['expected'] or '—'}　实为：{f['found'] or '—'}")
        if f.get("arithmetic"):
            out.append(f"      计算：{f['arithmetic']}")
        for ev in f["evidence"][:5]:
            place = where(ev, with_table=True)
            text = (ev.get("text") or "").replace("\n", "⏎")
            if len(text) > 60:
                text = text[:60] + "…"
            out.append(f"      · {place}{'：' if place else ''}{text}")
        if len(f["evidence"]) > 5:
            out.append(f"      · ……另有 {len(f['evidence']) - 5} 处")
    skipped = [c for c in r["coverage"] if c["status"] == "insufficient_data"]
    if skipped:
        out.append("  未能完成的检查：" + "；".join(f"{c['rule']}（{c['detail']}）" for c in skipped))
    return "\n".join(out)


def render_text(report_dicts: list[dict]) -> str:
    return "\n\n".join(render_one(r) for r in report_dicts) + "\n"
