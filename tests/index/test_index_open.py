"""open_index over a real ingested corpus: the cache in the store, and its invalidation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carbonnodes.corpus import ingest_policies
from carbonnodes.index import open_index, sector_query
from carbonnodes.store import Store

SEED_001 = "001_9dd9838cf756847a.txt"
SEED_004 = "004_f9eb803d73e354f4.txt"


def _cache_rows(store: Store) -> list[tuple[str, dt.datetime]]:
    rows = store.con.execute("SELECT snapshot, built_at FROM index_cache").fetchall()
    return [(str(r[0]), r[1]) for r in rows]


def test_ground_transport_of_seed_001_comes_first(store: Store, shared: Path) -> None:
    ingest_policies(store, [shared / "seeds" / SEED_001])
    hits = open_index(store).search(sector_query("ground_transport", "down"), k=5)
    assert [h.measure.number.startswith("二、（五）") for h in hits[:4]] == [True] * 4
    assert {"二、（五）1.", "二、（五）2.", "二、（五）3."} <= {h.measure.number for h in hits}
    assert hits[0].doc_title == "天津市碳达峰实施方案"


def test_second_open_reads_the_cache(store: Store, shared: Path) -> None:
    ingest_policies(store, [shared / "seeds" / SEED_001])
    first = open_index(store)
    rows = _cache_rows(store)
    assert len(rows) == 1
    second = open_index(store)
    assert _cache_rows(store) == rows  # not rebuilt, not rewritten
    query = "新能源汽车 公交"
    assert second.search(query) == first.search(query)


def test_cache_follows_the_corpus(store: Store, shared: Path) -> None:
    ingest_policies(store, [shared / "seeds" / SEED_001])
    before = open_index(store)
    old = _cache_rows(store)
    assert before.search("碳普惠 方法学", k=50)
    ingest_policies(store, [shared / "seeds" / SEED_004])
    after = open_index(store)
    new = _cache_rows(store)
    assert len(new) == 1 and new[0][0] != old[0][0]
    assert len(after) > len(before)
    assert after.search("碳普惠 方法学", k=1)[0].measure.doc_id.startswith("004")
