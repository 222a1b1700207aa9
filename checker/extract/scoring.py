"""Scoring the extractor against the hand-checked gold set in ``corpora/gold/``."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import regex

from checker.extract.classification import norm_name


def _digits_value(text: str) -> Decimal | None:
    m = regex.search(r"\d[\d,，]*(?:\.\d+)?", text.replace(" ", "").replace("\n", ""))
    if not m:
        return None
    return Decimal(m.group(0).replace(",", "").replace("，", "").rstrip("."))


def norm_subject(s: str) -> str:
    """Compare subjects loosely where they name the same thing: 城市管理项目 = 城市管理."""
    n = norm_name(s or "").strip("“”\"")
    return n[:-2] if n.endswith("项目") and len(n) > 2 else n


def load_gold(gold_dir: Path, prefix: str) -> list[dict]:
    out = []
    for f in sorted(gold_dir.glob(f"{prefix}_*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_file"] = f"{f.name}:{n}"
                out.append(row)
    return out


@dataclass
class Score:
    gold_mentions: int = 0
    found: int = 0
    role_ok: int = 0
    subject_ok: int = 0
    gold_reasons: int = 0
    reasons_found: int = 0
    missed: list[dict] = field(default_factory=list)
    role_errors: list[tuple] = field(default_factory=list)
    subject_errors: list[tuple] = field(default_factory=list)
    reasons_missed: list[dict] = field(default_factory=list)
    by_role: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.found / self.gold_mentions if self.gold_mentions else 0.0

    @property
    def role_accuracy(self) -> float:
        return self.role_ok / self.found if self.found else 0.0

    @property
    def subject_accuracy(self) -> float:
        return self.subject_ok / self.found if self.found else 0.0

    @property
    def reason_recall(self) -> float:
        return self.reasons_found / self.gold_reasons if self.gold_reasons else 0.0

    def summary(self) -> str:
        return (f"mentions: recall {self.recall:.1%} ({self.found}/{self.gold_mentions}), "
                f"role accuracy {self.role_accuracy:.1%}, subject accuracy {self.subject_accuracy:.1%}; "
                f"reasons found {self.reason_recall:.1%} ({self.reasons_found}/{self.gold_reasons})")


def score(seed_dir: Path, gold_dir: Path) -> Score:
    from checker.readers import read_document
    from checker.extract import extract

    gold_m = load_gold(gold_dir, "mentions")
    gold_r = load_gold(gold_dir, "reasons")
    docs = sorted({g["doc"] for g in gold_m} | {g["doc"] for g in gold_r})
    s = Score()
    for stem in docs:
        doc = read_document(next(seed_dir.glob(f"{stem}.*")))
        ex = extract(doc)
        found: dict[tuple[int, Decimal], list[dict]] = {}
        for m in ex.mentions:
            d = m.to_dict(doc)
            value = Decimal(d["value"]) if d["value"] is not None else _digits_value(d["text"])
            found.setdefault((d["line"], value), []).append(d)
        for g in (g for g in gold_m if g["doc"] == stem):
            s.gold_mentions += 1
            cands = found.get((g["line"], Decimal(g["value"])))
            if not cands:
                s.missed.append(g)
                continue
            d = cands.pop(0)
            s.found += 1
            s.by_role[g["role"]] += 1
            if d["role"] == g["role"]:
                s.role_ok += 1
            else:
                s.role_errors.append((g["_file"], g["text"], g["role"], d["role"]))
            if norm_subject(d["subject"]) == norm_subject(g["subject"]):
                s.subject_ok += 1
            else:
                s.subject_errors.append((g["_file"], g["text"], g["subject"], d["subject"]))
        exps = [e.to_dict(doc) for e in ex.explanations]
        for g in (g for g in gold_r if g["doc"] == stem):
            s.gold_reasons += 1
            head = regex.sub(r"\s", "", g["text"])[:8]
            ok = any(abs(e["cue_line"] - g["line"]) <= 2 and
                     (head in regex.sub(r"\s", "", e["text"]) or regex.sub(r"\s", "", e["text"])[:8] in regex.sub(r"\s", "", g["text"]))
                     for e in exps)
            if ok:
                s.reasons_found += 1
            else:
                s.reasons_missed.append(g)
    return s
