"""Corpus fixtures: the seed documents, parsed once, and a store holding them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from carbonnodes.corpus import Source, ingest_policies, parse_source, read_sources
from carbonnodes.model import Document
from carbonnodes.store import Store, open_store
from corpus._files import SEED_NUMBERS, seed_path


@pytest.fixture(scope="session")
def seeds(shared: Path) -> dict[str, Document]:
    """Seeds 001–004 parsed (pure, no store), keyed by their number."""
    parsed = {}
    for number in SEED_NUMBERS:
        (source,) = read_sources([seed_path(shared, number)])
        assert isinstance(source, Source)
        parsed[number] = parse_source(source)
    return parsed


@pytest.fixture(scope="module")
def seed_store(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding seeds 001–004, ingested once per test module."""
    store = open_store(tmp_path_factory.mktemp("corpus") / "seeds.duckdb")
    ingest_policies(store, [seed_path(shared, n) for n in SEED_NUMBERS])
    yield store
    store.close()
