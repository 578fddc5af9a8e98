"""Tokenisation: bigrams, whole domain terms, folding, scripts and English queries."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from carbonnodes.index import tokenize
from carbonnodes.index._analyze import analyze, jieba_tokens
from carbonnodes.index._query import query_tokens, translate


def test_domain_terms_stay_whole_beside_their_bigrams() -> None:
    tokens = tokenize("推进大宗货物公转铁，推广新能源汽车", phrases=True)
    assert "公转铁" in tokens
    assert "新能源汽车" in tokens
    assert {"公转", "转铁", "汽车"} <= set(tokens)
    assert "货物公转铁" not in tokens


def test_bigrams_by_default() -> None:
    assert tokenize("公转铁") == ["公转", "转铁"]
    assert tokenize("煤") == ["煤"]


def test_jieba_keeps_domain_terms_whole() -> None:
    words = jieba_tokens("市交通运输委推进公转铁，单位换算周转量碳排放强度下降")
    assert {"市交通运输委", "公转铁", "单位换算周转量", "碳排放强度"} <= set(words)


def test_width_and_case_are_folded() -> None:
    assert tokenize("ＬＮＧ 与 Lng", phrases=False) == ["与", "lng", "lng"]
    assert tokenize("２０２５年", phrases=False) == ["年", "2025"]


def test_vectorised_analyser_matches_the_tokenizer(shared: Path) -> None:
    text = (shared / "seeds" / "001_9dd9838cf756847a.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()][:60]
    occ = analyze(paragraphs, "bigram+terms")
    for row, paragraph in enumerate(paragraphs):
        got = Counter(occ.tokens[c] for r, c in zip(occ.rows, occ.cols, strict=True) if r == row)
        assert got == Counter(tokenize(paragraph, phrases=True)), paragraph[:30]


def test_traditional_query_is_simplified() -> None:
    assert query_tokens("新能源汽車 公轉鐵") == query_tokens("新能源汽车 公转铁")


def test_english_sector_words_reach_chinese_terms() -> None:
    text = translate("Ground Transport emissions")
    assert "地面交通" in text and "运输" in text and "排放" in text
    assert "地面交通" in translate("ground")  # a sector alias from carbonnodes.names
    assert "lng" in translate("LNG trucks")  # unknown words stay
    assert "货车" in translate("LNG trucks")
