"""Features of a stated reason that carry meaning: specificity, generic phrases, restatement, residue.

Each feature has a Chinese description so that the model's decision can be explained to a reviewer
("给出了具体金额", "使用套话“人员减少”"). Surface n-grams are added by the pipeline in
:mod:`checker.explain.model`.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from checker.lexicons import read_terms

AMOUNT = regex.compile(r"\d[\d,，.]*\s*(?:万元|亿元|元)")
NUMBER = regex.compile(r"\d+(?:\.\d+)?")
COUNT = regex.compile(r"\d+\s*(?:人次|人|名|个|家|辆|台|套|项|次|批|户|场|处|间|所|座|栋|期)")
DATE = regex.compile(r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?|\d{1,2}\s*月(?:份)?|\d{1,2}\s*个月")
QUOTED = regex.compile(r"《[^》]{2,40}》|“[^”]{2,30}”")
PROJECT = regex.compile(r"(?:项目|工程|建设|改造|装修|维修|购置|采购|补贴|补助|保险|经费|专项|活动|会议|试点|系统)")
PLACE_ORG = regex.compile(r"(?:[\p{Han}]{2,6}(?:区|县|街道?|镇|乡|村|社区|路|园|中心|医院|学校|法庭|公司|委员会|局|办))")
# PLACE_ORG occurs exactly where one of its endings has two Han characters right before it (2 to 6 of them
# before an ending is found whenever 2 are): searched from the endings, not tried at every Han character
PLACE_ORG_ENDING = regex.compile(r"(?<=\p{Han}{2})(?:区|县|街道?|镇|乡|村|社区|路|园|中心|医院|学校|法庭|公司|委员会|局|办)")
CAUSE_VERB = regex.compile(r"(?:新增|新建|补缴|补发|一次性|下拨|划转|调入|调出|退休|增设|撤销|合并|完工|竣工|结转|收回|上划|下划|延期|暂停|取消)")
RESTATE = regex.compile(r"^(?:主要)?(?:是)?用于|支出决算数等于|等于年初预算|与年初预算持平|持平|无变化|保障.{0,6}正常运转|按预算执行|严格按照预算")
NEGATIVE_FILLER = regex.compile(r"^(?:无|没有|不涉及|未发生)")
BLANK = regex.compile(r"\s")
PUNCT_OR_DIGIT = regex.compile(r"[\p{P}\d]")


@lru_cache(maxsize=None)
def boilerplate_phrases() -> tuple[str, ...]:
    return tuple(sorted(read_terms("boilerplate_phrases.txt"), key=len, reverse=True))


DESCRIPTIONS = {
    "has_amount": "给出了具体金额",
    "has_count": "给出了具体数量（人数、项目数等）",
    "has_date": "给出了具体时间",
    "has_quoted_title": "引用了文件或项目名称",
    "has_project_word": "指明了具体项目或事项",
    "has_place_or_org": "指明了具体地点或单位",
    "has_cause_verb": "说明了变化的具体机制（新增、补缴、下拨等）",
    "numbers": "含有可核实的数字",
    "generic_hits": "使用套话",
    "generic_share": "大部分内容是套话",
    "restatement": "仅复述科目用途或说明数字相等",
    "residue": "模板残留，原因未按实际情况填写",
    "short": "过于简短",
    "no_specifics": "未给出具体事项、金额或时间",
    "doc_frequency": "相同表述在多份材料中重复出现",
}


def hand_features(text: str, subject: str = "", doc_frequency: int = 1) -> dict[str, float]:
    from checker.rules.narrative.R001 import residue_patterns

    t = BLANK.sub("", text)
    f: dict[str, float] = {}
    f["has_amount"] = float(bool(AMOUNT.search(t)))
    f["has_count"] = float(bool(COUNT.search(t)))
    f["has_date"] = float(bool(DATE.search(t)))
    f["has_quoted_title"] = float(bool(QUOTED.search(t)))
    f["has_project_word"] = float(len(PROJECT.findall(t)) >= 1)
    f["has_place_or_org"] = float(bool(PLACE_ORG_ENDING.search(t)))
    f["has_cause_verb"] = float(bool(CAUSE_VERB.search(t)))
    f["numbers"] = min(len(NUMBER.findall(t)), 5) / 5
    hits = [p for p in boilerplate_phrases() if p in t]
    covered = sum(len(p) for p in hits)
    f["generic_hits"] = min(len(hits), 3) / 3
    # (no phrase: a share of 0.0 whatever the length, which is then not measured)
    f["generic_share"] = min(1.0, covered / max(1, len(PUNCT_OR_DIGIT.sub("", t)))) if covered else 0.0
    restates = bool(RESTATE.search(t)) or (bool(subject) and len(subject) >= 4 and subject.split("/")[-1] in t and len(t) < 30)
    f["restatement"] = float(restates)
    f["residue"] = float(_residue_found(t, residue_patterns()) or not t.strip("。，；") or bool(NEGATIVE_FILLER.match(t)) and len(t) < 12)
    f["short"] = float(len(t) < 12)
    specific = f["has_amount"] or f["has_count"] or f["has_date"] or f["has_quoted_title"] or f["has_cause_verb"]
    f["no_specifics"] = float(not specific)
    f["doc_frequency"] = min(max(doc_frequency - 1, 0), 10) / 10
    for p in hits:
        f[f"phrase:{p}"] = 1.0
    return f


def _residue_found(text: str, patterns) -> bool:
    """Does any of the residue ``patterns`` (R001's (kind, pattern) pairs) occur in ``text``?"""
    either = _any_of(patterns)
    if either is None:
        return any(p.search(text) for _, p in patterns)
    return either.search(text) is not None


@lru_cache(maxsize=1)
def _any_of(patterns) -> regex.Pattern | None:
    """One pattern that occurs in a text exactly when one of ``patterns`` does: their alternation, each
    alternative in a group of its own. None when an alternation could read a pattern otherwise: flags that
    differ, numbered groups referred to by number (also in a conditional), a group name used twice."""
    pats = [p for _, p in patterns]
    names = [n for p in pats for n in p.groupindex]
    if not pats or len({p.flags for p in pats}) != 1 or len(names) != len(set(names)) or \
            any(regex.search(r"\\[1-9]|\(\?P?=\d|\(\?\d|\(\?\(\d|\(\?[a-zA-Z]+[:)]|\\g<\d", p.pattern) for p in pats):
        return None
    return regex.compile("|".join(f"(?:{p.pattern})" for p in pats), pats[0].flags)


def describe(feature: str) -> str:
    if feature.startswith("phrase:"):
        return f"使用套话“{feature[7:]}”"
    if feature.startswith("char:") or feature.startswith("word:"):
        return f"含有“{feature.split(':', 1)[1]}”"
    return DESCRIPTIONS.get(feature, feature)
