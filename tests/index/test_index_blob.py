"""The cached form of an index gives back the same index."""

from __future__ import annotations

import dataclasses

from carbonnodes.index import build_index, sector_query
from carbonnodes.index._cache import from_blob, snapshot_hash, to_blob
from carbonnodes.index._index import doc_infos
from carbonnodes.model import Measure


def test_blob_round_trip_searches_the_same(seed001_measures: list[Measure]) -> None:
    built = build_index(seed001_measures)
    loaded = from_blob(to_blob(built), seed001_measures, {}, "bigram")
    query = sector_query("ground_transport", "up")
    assert loaded.search(query, k=8) == built.search(query, k=8)
    assert loaded.relevance(seed001_measures[3].id, query) == built.relevance(
        seed001_measures[3].id, query
    )


def test_blob_is_byte_identical_for_the_same_input(seed001_measures: list[Measure]) -> None:
    first = to_blob(build_index(seed001_measures))
    second = to_blob(build_index(list(reversed(seed001_measures))))
    assert first == second


def test_snapshot_changes_with_any_measure_text(seed001_measures: list[Measure]) -> None:
    docs = doc_infos([])
    before = snapshot_hash(seed001_measures, docs, "bigram")
    assert before == snapshot_hash(list(reversed(seed001_measures)), docs, "bigram")
    last = seed001_measures[-1]
    edited = [*seed001_measures[:-1], dataclasses.replace(last, text=last.text + "。")]
    assert snapshot_hash(edited, docs, "bigram") != before
    assert snapshot_hash(seed001_measures, docs, "jieba") != before
