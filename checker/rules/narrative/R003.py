from __future__ import annotations

from functools import lru_cache

import regex

from checker.findings import Evidence, Severity
from checker.lexicons import read_table
from checker.rules import NotApplicable, Rule, register

LEVEL_ZH = {"province": "省级", "city": "市级", "county": "区县级"}
# the administrative places a department name starts with, widest first: 湖北省 / 武汉市 / 武昌区
PROVINCE = regex.compile(r"\p{Han}{1,8}?(?:省|自治区)(?!级|直|本级)")
CITY = regex.compile(r"\p{Han}{1,6}?(?:市|自治州|地区|盟)(?!级|直|本级|场|民|政府)")
COUNTY = regex.compile(r"\p{Han}{1,8}?(?:区|县|旗|自治县)(?!级|直|本级|域|间)")
CITED = regex.compile(r"《[^《》\n]{1,80}》")


@lru_cache(maxsize=None)
def level_terms() -> dict[str, str]:
    return {r["term"]: r["level"] for r in read_table("government_levels.tsv", ("level", "term"))}


@lru_cache(maxsize=None)
def level_pattern() -> regex.Pattern:
    return regex.compile("|".join(regex.escape(t) for t in sorted(level_terms(), key=len, reverse=True)))


def department_level(name: str | None) -> str | None:
    """武汉市武昌区人民政府办公室 → county; 武汉市财政局 → city; 湖北省财政厅 → province; otherwise None."""
    if not name:
        return None
    name = regex.sub(r"^中国共产党|^中共", "", name)
    pos, level = 0, None
    for pattern, lvl in ((PROVINCE, "province"), (CITY, "city"), (COUNTY, "county")):
        m = pattern.match(name, pos)
        if m:
            pos, level = m.end(), lvl
    return level


@register
class OtherLevelTerm(Rule):
    """用语的政府层级与本部门不符：区县部门的说明里写“市级财政”“市直部门”等（多为套用上级模板未改）。

    为什么
    部门决算说明（尤其是名词解释）由财政部门下发的模板改写。区县部门照搬市级模板时，常把“指市级财政当年
    拨付的资金”“市直部门用财政拨款安排的……”原样留下，说的就不是本部门的资金来源了。引用上级文件名
    （书名号内）不在此列。

    反例
    （武汉市武昌区人民政府办公室）一般公共预算财政拨款收入：指市级财政一般公共预算当年拨付的资金。

    正例
    （武汉市武昌区人民政府办公室）一般公共预算财政拨款收入：指区级财政一般公共预算当年拨付的资金。
    根据《武汉市市直预算绩效评价管理暂行办法》开展绩效自评。
    """

    code = "R003"
    name = "residue.other_level"
    category = "template_residue"
    severity = Severity.WARNING
    title = "政府层级用语不符"

    def check(self, doc):
        own = department_level(doc.facts.department.value)
        if own is None:
            raise NotApplicable("未能从部门名称判断其政府层级")
        text = doc.view.text
        cited = [(m.start(), m.end()) for m in CITED.finditer(text)]
        terms = level_terms()
        hits = [m for m in level_pattern().finditer(text)
                if terms[m.group()] != own and not any(s <= m.start() < e for s, e in cited)]
        if not hits:
            return
        # one finding per document: the same template passage usually repeats the words several times
        first = hits[0]
        words = "、".join(dict.fromkeys(f"“{m.group()}”" for m in hits))
        context = doc.locate_view(max(0, first.start() - 6), min(len(text), first.end() + 10)).text
        context = regex.sub(r"\s+", "", context)
        levels = "、".join(dict.fromkeys(LEVEL_ZH[terms[m.group()]] for m in hits))
        yield self.finding(
            f"本部门（{doc.facts.department.value}）是{LEVEL_ZH[own]}部门，文中却有 {len(hits)} 处{levels}用语"
            f"{words}，如“{context}”，多为套用上级模板未改，请改为本级的表述。",
            [Evidence.from_location(doc.locate_view(m.start(), m.end())) for m in hits],
            expected=f"{LEVEL_ZH[own]}用语", found=words)
