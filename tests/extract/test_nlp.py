"""The spaCy view: jieba segmentation, span groups and the subject PhraseMatcher."""

from checker.document import Document
from checker.extract.nlp import pipeline, to_spacy


def test_spacy_pipeline_uses_jieba_and_keeps_subject_words_whole():
    nlp = pipeline()
    assert nlp.lang == "zh"
    tokens = [t.text for t in nlp.make_doc("一般公共预算财政拨款收入增加")]
    assert "一般公共预算财政拨款收入" in tokens


def test_mentions_reasons_and_subjects_become_span_groups():
    doc = Document.from_text("t.txt", "text", "2023 年度收、支总计 5,102.22 万元。与 2022 年度相比，收、支总计各减少 91.8 万元，"
                                             "下降 1.83%，主要原因是人员减少、支出压减。")
    sdoc = to_spacy(doc)
    assert [(s.text, s.label_) for s in sdoc.spans["mentions"]] == [
        ("5,102.22万元", "current"), ("91.8万元", "change_amount"), ("1.83%", "change_rate")]
    assert [s.text for s in sdoc.spans["reasons"]] == ["人员减少、支出压减。"]
    assert {s.label_ for s in sdoc.spans["subjects"]} == {"收支总计"}
