"""Fixtures of the detect tests: real Carbon Monitor rows, written out or ingested once."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonnodes.calendar import events
from carbonnodes.detect import Detection, detect
from carbonnodes.model import Event, Series
from carbonnodes.series import ingest_emissions, load_series
from carbonnodes.store import open_store

#: Regions whose Ground Transport series make a small peer panel.
PANEL_STATES = ("Tianjin", "Beijing", "Shandong", "Shanghai", "Guangdong")
Rows = dict[tuple[str, str], list[tuple[str, str]]]


@pytest.fixture(scope="session")
def cm_rows(shared: Path) -> Rows:
    """(state, sector) → [(date, value)] of the Carbon Monitor province file, as text."""
    rows: Rows = {}
    path = shared / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
    with open(path, encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for date, state, sector, value in reader:
            rows.setdefault((state, sector), []).append((date, value))
    return rows


@pytest.fixture(scope="session")
def panel_db(tmp_path_factory: pytest.TempPathFactory, cm_rows: Rows) -> str:
    """A store file holding Ground Transport of a few provinces and Tianjin's Power, ingested
    once and closed (the CLI opens it read-only)."""
    folder = tmp_path_factory.mktemp("detect_panel")
    path = folder / "cm_china_province_daily_2019_2022.csv"
    wanted = [(s, "Ground Transport") for s in PANEL_STATES] + [("Tianjin", "Power")]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "state", "sector", "value"])
        for state, sector in wanted:
            for date, value in cm_rows[(state, sector)]:
                writer.writerow([date, state, sector, value])
    with open_store(folder / "panel.duckdb") as store:
        ingest_emissions(store, [path])
        return store.path


@pytest.fixture
def bare_csv(tmp_path: Path, cm_rows: Rows) -> Callable[..., Path]:
    """Write one real series as a bare ``date,value`` file (optionally edited) in tmp_path."""

    def write(state: str, sector: str, name: str | None = None,
              edit: Callable[[list[tuple[str, str]]], list[tuple[str, str]]] | None = None) -> Path:
        rows = cm_rows[(state, sector)]
        if edit is not None:
            rows = edit(rows)
        path = tmp_path / (name or f"{state}_{sector.replace(' ', '_')}.csv")
        lines = ["date,value", *(f"{d},{v}" for d, v in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def _calendar_of(series: Series) -> list[Event]:
    return events(series.city, series.start, series.end, sector=series.sector,
                  dataset="carbon_monitor")


@pytest.fixture(scope="session")
def calendar_of() -> Callable[[Series], list[Event]]:
    """The calendar a stored Carbon Monitor series is detected against."""
    return _calendar_of


@pytest.fixture(scope="session")
def tianjin_transport(panel_db: str) -> tuple[Detection, list[Event]]:
    """Tianjin Ground Transport 2019–2022 from the store, detected once with its calendar."""
    with open_store(panel_db, read_only=True) as store:
        series = load_series(store, "天津", "地面交通")
    found = _calendar_of(series)
    return detect(series, found), found
