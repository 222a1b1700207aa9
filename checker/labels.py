"""The reviewer-facing Chinese names of the record's codes, shared by every reporter."""

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_ZH = {"final_accounts": "部门决算", "performance_self_evaluation": "绩效自评报告", "unknown": "未识别"}
STATUS_ZH = {"passed": "通过", "failed": "发现问题", "not_applicable": "不适用", "insufficient_data": "数据不足"}
