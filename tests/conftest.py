"""Fixtures shared by every test: where ../shared lives and a fresh store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from carbonnodes.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CARBONNODES_SHARED", REPO.parent / "shared")).resolve()
EMISSIONS_CSV = SHARED / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder; tests read real data from there, never from a copy."""
    if not SHARED.is_dir():
        pytest.fail(f"shared data not found at {SHARED} (set CARBONNODES_SHARED)")
    return SHARED


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary file."""
    s = open_store(tmp_path / "test.duckdb")
    yield s
    s.close()
