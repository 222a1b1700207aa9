from __future__ import annotations

from checker.findings import Evidence, Severity
from checker.rules import NotApplicable, Rule, register
from checker.titles import STANDARD_TITLES, table_label



@register
class StandardTablesAbsent(Rule):
    """部门决算缺少全国模板规定的公开表（既无表名也无“公开NN表”标注）。

    为什么
    部门决算公开须包含九张标准表（公开01表至09表）。某张表整张缺失，往往是漏报，
    也可能是该地区使用了不同的表名——无论哪种，都需要审核人员确认。

    反例
    第二部分 2023年度部门决算表 之下只有 收入支出决算总表、收入决算表、支出决算表，其余六张表不见踪影。

    正例
    九张表均以表名或“公开01表”…“公开09表”标注出现（空表也应保留表名并注明“无…收支”）。
    """

    code = "S002"
    name = "structure.standard_tables_absent"
    category = "structure"
    severity = Severity.WARNING
    title = "缺少标准公开表"

    def check(self, doc):
        if doc.facts.kind.value != "final_accounts":
            raise NotApplicable("不是部门决算文档")
        present = {t.key for t in doc.structure.tables if t.key}
        missing = [k for k in STANDARD_TITLES if k not in present]
        if missing:
            names = "、".join(f"{table_label(k)}（{STANDARD_TITLES[k]}）" for k in missing)
            yield self.finding(
                f"未找到 {len(missing)} 张标准公开表：{names}。",
                [Evidence(text="、".join(STANDARD_TITLES[k] for k in missing), table=",".join(missing))],
                expected="公开01表至公开09表齐全", found=f"缺少 {len(missing)} 张")
