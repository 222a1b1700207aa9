"""Fast paths of the extraction, classification, facts and tables stages (helper extract3), each
compared with the plain path it replaces."""

from __future__ import annotations

import json

import pytest

from checker.explain import model


def _reason_texts() -> list[str]:
    texts = [row["text"] for row in model.load_corpus()]
    return texts + ["", "，", "  ", "2023年增加12.5万元，主要原因是新增3辆车。", "abc 中文 def；（一）测试%", "\n\t主要是"]


def test_cut_block_by_block_is_jiebas_cut():
    """Cutting a text piece by piece (shared pieces cut once) gives jieba's words of the whole text."""
    seg = model._segmenter()
    texts = _reason_texts()
    assert len(texts) > 100
    for text in texts:
        for t in (text, model._normalise(text)):
            assert model._cut(t) == tuple(w for w in seg.lcut(t) if w.strip()), t
