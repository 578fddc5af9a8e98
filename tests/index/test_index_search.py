"""Ranking, filters, passages, relevance and determinism of build_index/search."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from carbonnodes.errors import InputError, UnknownNameError
from carbonnodes.index import build_index, sector_query
from carbonnodes.model import DocDates, Document, Measure

TRANSPORT = "二、（五）"


def _with(measure: Measure, **changes: object) -> Measure:
    return dataclasses.replace(measure, **changes)  # type: ignore[arg-type]


def test_ground_transport_query_returns_the_transport_measures_first(
    seed001_measures: list[Measure],
) -> None:
    index = build_index(seed001_measures)
    top = index.search(sector_query("ground_transport", "down"), k=5)
    assert [h.measure.number.startswith(TRANSPORT) for h in top[:4]] == [True] * 4
    numbers = {h.measure.number for h in top}
    assert {"二、（五）1.", "二、（五）2.", "二、（五）3."} <= numbers


def test_english_query_finds_transport_measures(seed001_measures: list[Measure]) -> None:
    index = build_index(seed001_measures)
    top = index.search("policies reducing road transport emissions", k=3)
    assert top[0].measure.number.startswith(TRANSPORT)


def test_passage_is_an_exact_slice_with_the_matched_terms(
    seed001_measures: list[Measure],
) -> None:
    index = build_index(seed001_measures)
    hit = index.search("货运 公转铁", k=1)[0]
    start, end = hit.passage_span
    assert hit.measure.text[start:end] == hit.passage
    assert "公转铁" in hit.passage
    assert "公转铁" in hit.terms


def test_before_excludes_later_documents(seed001_measures: list[Measure]) -> None:
    older = [
        _with(m, id=f"old:{m.id}", doc_id="old", dates=DocDates(published=dt.date(2020, 3, 1)))
        for m in seed001_measures[:20]
    ]
    index = build_index([*seed001_measures, *older])
    hits = index.search("交通 运输 新能源汽车", before=dt.date(2021, 1, 1), k=50)
    assert hits and all(h.measure.doc_id == "old" for h in hits)
    after = index.search("交通 运输 新能源汽车", after=dt.date(2022, 9, 14), k=50)
    assert after and all(h.measure.doc_id == "seed-001" for h in after)
    assert index.search("交通", before=dt.date(2020, 3, 1)) == []


def test_sector_filter_is_strict_on_tags(seed001_measures: list[Measure]) -> None:
    tagged = [
        _with(m, sectors=("ground_transport",) if m.number.startswith(TRANSPORT) else ("industry",))
        for m in seed001_measures
    ]
    index = build_index(tagged)
    hits = index.search("汽车 运输", sectors=["地面交通"], k=50)
    assert hits and all(h.measure.number.startswith(TRANSPORT) for h in hits)
    industry = index.search("汽车 运输", sectors=["Industry"], k=50)
    assert industry and not any(h.measure.number.startswith(TRANSPORT) for h in industry)
    assert len(index.search("汽车 运输", sectors=["Total"], k=50)) > len(hits)
    with pytest.raises(UnknownNameError):
        index.search("汽车", sectors=["Groud Transprt"])


def test_region_admits_the_nation_and_scope_narrows(seed001_measures: list[Measure]) -> None:
    national = [
        _with(m, id=f"cn:{m.id}", doc_id="cn", region="china", scope="national")
        for m in seed001_measures[:10]
    ]
    beijing = [
        _with(m, id=f"bj:{m.id}", doc_id="bj", region="beijing") for m in seed001_measures[:10]
    ]
    index = build_index([*seed001_measures, *national, *beijing])
    regions = {h.measure.region for h in index.search("能源 碳排放", region="天津", k=100)}
    assert regions == {"tianjin", "china"}
    scoped = index.search("能源 碳排放", region="Tianjin", scope="city", k=100)
    assert {h.measure.region for h in scoped} == {"tianjin"}


def test_doc_type_filter(seed001_measures: list[Measure]) -> None:
    doc = Document(
        id="seed-001",
        title="天津市碳达峰实施方案",
        number="",
        issuers=(),
        dates=DocDates(),
        scope="city",
        region="tianjin",
        doc_type="plan",
        abridged=True,
        url="",
        file="",
        sha256="",
        text="",
    )
    index = build_index(seed001_measures, [doc])
    assert index.search("交通", doc_type="plan")[0].doc_title == "天津市碳达峰实施方案"
    assert index.search("交通", doc_type="notice") == []


def test_ties_are_ordered_by_measure_id(seed001_measures: list[Measure]) -> None:
    base = seed001_measures[5]
    twins = [_with(base, id=f"twin:{i}") for i in (3, 1, 2)]
    index = build_index([*twins, *seed001_measures[:5]])
    hits = index.search(base.title, k=3)
    assert [h.measure.id for h in hits] == ["twin:1", "twin:2", "twin:3"]
    again = build_index(list(reversed([*twins, *seed001_measures[:5]])))
    assert again.search(base.title, k=3) == hits


def test_relevance_is_normalised(seed001_measures: list[Measure]) -> None:
    index = build_index(seed001_measures)
    query = sector_query("ground_transport", "down")
    best = index.search(query, k=1)[0].measure.id
    assert index.relevance(best, query) == pytest.approx(1.0)
    values = [index.relevance(m.id, query) for m in seed001_measures]
    assert all(0.0 <= v <= 1.0 for v in values)
    forest = next(m for m in seed001_measures if "碳汇" in m.title)
    assert index.relevance(forest.id, query) < 0.3
    with pytest.raises(InputError):
        index.relevance("no-such-measure", query)


def test_bad_queries_and_options(seed001_measures: list[Measure]) -> None:
    index = build_index(seed001_measures)
    with pytest.raises(InputError):
        index.search("，。！")
    with pytest.raises(InputError):
        index.search("交通", scope="county")
    with pytest.raises(InputError):
        sector_query("ground_transport", "sideways")
    assert "公转铁" in sector_query("Ground Transport", "down")
