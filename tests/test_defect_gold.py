"""The real defects of the seeds (corpora/defects/gold.yaml): every one a rule is meant to find is found."""

from pathlib import Path

import pytest
import yaml

from checker.pipeline import check_path

ROOT = Path(__file__).resolve().parent.parent
GOLD = yaml.safe_load((ROOT / "corpora" / "defects" / "gold.yaml").read_text(encoding="utf-8"))["defects"]
SEEDS = {p.name[:3]: p for p in (ROOT / "corpora" / "seeds").glob("*.txt")}


@pytest.fixture(scope="module")
def reports():
    return {code: check_path(path) for code, path in SEEDS.items()}


def _found(report, rule, line):
    return any(f.rule == rule and any(e.line is not None and abs(e.line - line) <= 1 for e in f.evidence)
               for f in report.findings)


@pytest.mark.parametrize("defect", [d for d in GOLD if d["rule"]], ids=lambda d: f"{d['doc']}:{d['line']}:{d['rule']}")
def test_known_defect_is_found(reports, defect):
    assert _found(reports[defect["doc"]], defect["rule"], defect["line"]), defect


def test_defect_recall_is_printed(reports, capsys):
    found = sum(1 for d in GOLD if d["rule"] and _found(reports[d["doc"]], d["rule"], d["line"]))
    with capsys.disabled():
        print(f"\n[defects] found {found} of {len(GOLD)} known defects in the seeds "
              f"({found / len(GOLD):.0%}); {sum(1 for d in GOLD if not d['rule'])} still have no rule")
    assert found == sum(1 for d in GOLD if d["rule"])
