"""The analysis's fast paths give exactly what the plain computations they replace give."""

from __future__ import annotations

import random
import unicodedata

from checker.chars import _FOLD, _WIDE_AMBIGUOUS, char_width, display_width, fold_text
from checker.extract.subjects import PATH, _path_matches

SAMPLE = "2023年度收、支总计６,３９１.６万元\u3000（一般公共服务支出（类））\t“会议费”…—·abc\u200b\r\n"


def test_display_width_counts_wide_characters_twice_and_line_breaks_not_at_all():
    expected = sum(2 if unicodedata.east_asian_width(c) in "WF" or c in _WIDE_AMBIGUOUS else 1
                   for c in SAMPLE if c not in "\t\r\n")
    assert display_width(SAMPLE) == expected
    assert char_width("\t") == 0 and char_width("中") == 2 and char_width("a") == 1


def test_fold_text_is_the_character_by_character_fold():
    assert fold_text(SAMPLE) == "".join(_FOLD.get(c, c) for c in SAMPLE)
    plain = "收入合计5,102.22万元。"
    assert fold_text(plain) is plain  # nothing to fold: the text itself


def test_path_matches_are_those_of_the_full_pattern():
    rng = random.Random(8)
    alphabet = list("一般公共服务支出类款项（）()、 \n教育科学技术类支出其他收入，。12")
    texts = ["一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）支出 12 万元",
             "教育类支出、科学技术类\n（类）人类"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        assert [(m.span(), m.groups()) for m in _path_matches(text)] == \
               [(m.span(), m.groups()) for m in PATH.finditer(text)], text
