"""The reviewer-facing Chinese names of the record's codes, shared by every reporter."""

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_ZH = {"final_accounts": "部门决算", "performance_self_evaluation": "绩效自评报告", "unknown": "未识别"}
STATUS_ZH = {"passed": "通过", "failed": "发现问题", "not_applicable": "不适用", "insufficient_data": "数据不足"}
EXPLANATION_LABEL_ZH = {"boilerplate": "空泛（套话）", "substantive": "具体"}
EXPLANATION_SUBTYPE_ZH = {"specific_cause": "具体原因", "generic": "泛泛套话", "restatement": "复述数字",
                          "residue": "模板残留"}
MENTION_TYPE_ZH = {"money": "金额", "percent": "百分比", "pp": "百分点", "residue": "未填写的空位"}
ROLE_ZH = {"current": "本年数", "prior": "上年数", "budget_initial": "年初预算", "budget_full": "全年预算",
           "budget_supplement": "追加预算", "final": "决算数", "change_amount": "增减额", "change_rate": "增减率",
           "share": "占比", "completion_rate": "完成率", "other": "其他"}
DIRECTION_ZH = {"increase": "增加", "decrease": "减少", "flat": "持平"}
TABLE_STATUS_ZH = {"parsed": "已解析", "empty": "空表", "not_extractable": "无法读取"}
SEGMENT_ZH = {"main": "", "income": "收入", "expenditure": "支出", "personnel": "人员经费", "public": "公用经费",
              "budget": "预算数", "final": "决算数"}
FORMAT_ZH = {"text": "文本", "pdf": "PDF", "docx": "Word"}


def where(ev: dict, with_table: bool = False) -> str:
    """An evidence record's place as reviewers say it: 第3页 第12行 (and its table)."""
    parts = []
    if ev.get("page"):
        parts.append(f"第{ev['page']}页")
    if ev.get("line"):
        parts.append(f"第{ev['line']}行")
    if with_table and ev.get("table"):
        parts.append(ev["table"])
    return " ".join(parts)
