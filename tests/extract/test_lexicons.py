"""Lexicons load and validate in one place; a malformed file is reported with its name and line."""

import shutil

import pytest

from checker import lexicons
from checker.extract import classification, roles


def test_every_lexicon_loads_with_entries():
    counts = lexicons.validate_all()
    assert counts["function_codes.tsv"] > 1000
    assert counts["economic_codes.tsv"] > 90
    assert all(n > 0 for n in counts.values())


def test_classification_lexicon_knows_codes_beyond_the_seeds():
    codes = classification.function_codes()
    assert codes["2080505"].name == "机关事业单位基本养老保险缴费支出"
    assert codes["2101101"].parent == "21011"
    assert classification.economic_codes()["30108"].name == "机关事业单位基本养老保险缴费"
    assert classification.resolve_path("住房保障支出", "住房改革支出", "提租补贴").code == "2210202"


@pytest.fixture
def lexicon_copy(tmp_path, monkeypatch):
    shutil.copytree(lexicons.lexicon_dir(), tmp_path / "lex")
    monkeypatch.setenv("CHECKER_LEXICONS", str(tmp_path / "lex"))
    caches = (classification.function_codes, classification.economic_codes, classification.codes, roles.role_cues,
              roles.assign_role)  # the roles remembered from the cues read before
    for f in caches:
        f.cache_clear()
    yield tmp_path / "lex"
    for f in caches:
        f.cache_clear()


def test_when_a_code_does_not_start_with_its_parent_then_the_error_names_file_and_line(lexicon_copy):
    path = lexicon_copy / "function_codes.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "2999901\t假科目\t项\t20101\n", encoding="utf-8")
    with pytest.raises(lexicons.LexiconError, match=r"function_codes.tsv:\d+: code 2999901 does not start with its parent"):
        classification.function_codes()


def test_when_a_role_pattern_is_broken_then_the_error_names_file_and_line(lexicon_copy):
    path = lexicon_copy / "roles.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "share\tpercent\t占(比\n", encoding="utf-8")
    with pytest.raises(lexicons.LexiconError, match=r"roles.tsv:\d+: bad pattern"):
        roles.role_cues()


def test_every_lexicon_file_is_validated():
    files = {p.name for p in lexicons.lexicon_dir().iterdir() if p.suffix in (".tsv", ".txt")}
    assert files == set(lexicons.validate_all())


def test_roles_follow_the_cues_read_again(lexicon_copy):
    assert roles.assign_role("money", "比上年增加")[0] == "change_amount"
    path = lexicon_copy / "roles.tsv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("change_amount\t")), encoding="utf-8")
    for f in (roles.role_cues, roles.assign_role):
        f.cache_clear()
    assert roles.assign_role("money", "比上年增加")[0] == roles.assign_role_plain("money", "比上年增加")[0] != "change_amount"
