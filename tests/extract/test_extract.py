"""Roles, directions, subjects and reasons on real seed sentences and on small texts."""

from pathlib import Path


from checker.document import Document
from checker.readers import read_document

SEEDS = Path(__file__).resolve().parents[2] / "corpora" / "seeds"


def mentions(text: str):
    doc = Document.from_text("t.txt", "text", text)
    return [m.to_dict(doc) for m in doc.extraction.mentions], doc


def test_when_a_total_is_compared_with_last_year_then_roles_direction_and_subject_are_read():
    ms, _ = mentions("2023 年度收、支总计 5,102.22 万元。与 2022 年度相比，收、支总计各减少 91.8 万元，下降 1.83%，主要原因是人员减少、支出压减。")
    assert [(m["role"], m["subject"], m["direction"]) for m in ms] == [
        ("current", "收支总计", None),
        ("change_amount", "收支总计", "decrease"),
        ("change_rate", "收支总计", "decrease"),
    ]


def test_when_a_share_names_its_denominator_then_the_subject_is_the_part():
    ms, _ = mentions("2023年度收入合计990.75万元。其中：财政拨款收入990.24万元，占本年收入99.9%；其他收入0.50万元，占本年收入0.1%。")
    assert [(m["role"], m["subject"]) for m in ms[1:]] == [
        ("current", "财政拨款收入"), ("share", "财政拨款收入"), ("current", "其他收入"), ("share", "其他收入")]


def test_when_a_budget_item_is_stated_then_budget_final_and_completion_rate_are_read_with_its_code():
    ms, _ = mentions("1. 一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)行政运行(项)年初预算为 1305.33 万元,"
                     "支出决算为 1227.34 万元,完成年初预算的 94.03%。")
    assert [m["role"] for m in ms] == ["budget_initial", "final", "completion_rate"]
    assert {m["subject"] for m in ms} == {"一般公共服务支出/政府办公厅（室）及相关机构事务/行政运行"}
    assert {m["subject_code"] for m in ms} == {"2010301"}


def test_when_the_completion_rate_is_worded_otherwise_then_it_is_still_a_completion_rate():
    """Other provinces write 为/占/达到年初预算的 where the seeds write 完成年初预算的; 占…的 alone stays a share."""
    for cue in ("完成年初预算的", "为年初预算的", "占年初预算的", "达到全年预算的", "为预算数的"):
        ms, _ = mentions(f"行政运行(项)年初预算为 1305.33 万元，支出决算为 1227.34 万元，{cue} 94.03%。")
        assert [m["role"] for m in ms] == ["budget_initial", "final", "completion_rate"], cue
    ms, _ = mentions("2023年度支出合计990.75万元，其中基本支出866.15万元，占全年预算支出的87.4%。")
    assert ms[-1]["role"] == "share"


def test_when_the_totals_are_called_zong_shouru_then_they_are_the_income_and_spending_totals():
    """总收入/总支出 (other provinces' word for 收入合计/支出合计) name the totals at a phrase's head only."""
    ms, _ = mentions("一、收入支出决算总体情况说明\n2023年度总收入 500 万元，总支出 480 万元，比上年增加 20 万元。")
    assert [(m["subject"], m["role"]) for m in ms] == [
        ("收入合计", "current"), ("支出合计", "current"), ("支出合计", "change_amount")]
    ms, _ = mentions("一、收入支出决算总体情况说明\n2023 年度收、支总计 5,102.22 万元。其中项目总支出 300 万元。")
    assert [m["subject"] for m in ms] == ["收支总计", "项目总支出"]


def test_when_last_years_amount_is_stated_then_its_role_is_prior_with_that_period():
    ms, _ = mentions("2023年度部门决算。2022年度收支总计5,193.02万元。")
    assert (ms[0]["role"], ms[0]["period"], ms[0]["subject"]) == ("prior", 2022, "收支总计")


def test_when_a_reason_runs_over_a_numbered_list_then_its_full_extent_is_kept():
    text = ("2023年度部门决算。收、支总计各增加1,171.58万元，增长22.4%，主要原因是2023年度新增项目支出：1.办公用房维修71.8万元；"
            "2.荆南街办公区房屋装修及配套设施建设1,010.51万元；3.中南法庭过渡办公点整修改造经费374.81万元。")
    doc = Document.from_text("t.txt", "text", text)
    [e] = doc.extraction.explanations
    d = e.to_dict(doc)
    assert d["text"].startswith("2023年度新增项目支出") and d["text"].endswith("374.81万元。")
    assert d["subject"] == "收支总计" and d["direction"] == "increase"
    ms = {m.id: m for m in doc.extraction.mentions}
    assert [ms[i].role for i in d["mentions"]] == ["change_amount", "change_rate"]


def test_when_the_reason_follows_a_colon_on_the_next_lines_then_the_list_is_the_reason():
    text = "支出决算数小于年初预算数的主要原因：\n一是压降项目支出；\n二是人员缩减。\n三、下一节"
    doc = Document.from_text("t.txt", "text", text)
    [e] = doc.extraction.explanations
    assert doc.view.text[e.start:e.end] == "\n一是压降项目支出；\n二是人员缩减。"
    assert e.direction == "decrease"


def test_when_the_narrative_restates_a_figure_then_mentions_point_at_exact_source_text():
    doc = read_document(SEEDS / "003_e6143ab6bd972ce2.txt")
    for m in doc.extraction.mentions:
        d = m.to_dict(doc)
        assert doc.source[d["start"]:d["end"]] == d["text"]
        assert doc.source.count("\n", 0, d["start"]) + 1 == d["line"]


def test_when_tables_are_present_then_their_cells_are_not_narrative_mentions():
    doc = read_document(SEEDS / "001_60a24d6727b10283.txt")
    table_lines = set()
    for t in doc.structure.tables:
        table_lines.update(range(t.first_line + 1, t.last_line + 2))
    lines = {m.to_dict(doc)["line"] for m in doc.extraction.mentions}
    assert not lines & table_lines
