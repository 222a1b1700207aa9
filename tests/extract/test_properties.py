"""No input text crashes the extractors, and every extracted span maps back to the source."""

from hypothesis import HealthCheck, given, settings, strategies as st

from checker.chars import fold
from checker.document import Document

PIECES = ["收支总计", "增加", "减少", "占", "完成年初预算的", "主要原因是", "万元", "元", "亿元", "%", "％", "个百分点",
          "百分之九十", "。", "，", "：", "\n", "\n\n", " ", "1,171.58", "83.", "3", "0.", "２０２３年", "（类）", "(款)",
          "一、", "（一）", "1.", "“三公”经费", "辆", "人次", "88936456", "2010301", "\t"]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extractors_never_crash_and_spans_map_back(text):
    if not text.strip():
        return
    doc = Document.from_text("p.txt", "text", text)
    ex = doc.extraction
    for m in ex.mentions:
        d = m.to_dict(doc)
        src = doc.source[d["start"]:d["end"]]
        assert src == d["text"]
        view = doc.view.text[m.start:m.end]
        # the source span, without the whitespace and line breaks the view dropped, folds to the view span
        assert "".join(fold(c) for c in src if not c.isspace()) == "".join(c for c in view if not c.isspace())
    for e in ex.explanations:
        d = e.to_dict(doc)
        assert doc.source[d["start"]:d["end"]] == d["text"]
