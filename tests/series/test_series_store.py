"""The shared files in the store, provenance, re-ingest, newer releases and the reading API."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from carbonnodes.errors import InputError, SeriesError
from carbonnodes.series import ingest_emissions, list_series, load_panel, load_series
from carbonnodes.store import Store

Row = tuple[str, str, str, str]
Snapshot = dict[str, list[tuple[object, ...]]]
HEADER = "date,state,sector,value"


def test_all_three_shared_files_ingest(shared_store: Store) -> None:
    infos = list_series(shared_store)
    by_dataset: dict[str, set[tuple[str, str]]] = {}
    for info in infos:
        by_dataset.setdefault(info.dataset, set()).add((info.city, info.sector))
    carbon_monitor = by_dataset["carbon_monitor"]
    assert len({city for city, _ in carbon_monitor}) == 26
    assert {sector for _, sector in carbon_monitor} == {
        "power", "industry", "ground_transport", "residential", "aviation"
    }
    assert len(carbon_monitor) == 26 * 5
    assert len(by_dataset["cui2021"]) == 27 * 3 and ("china", "power") in by_dataset["cui2021"]
    assert len(by_dataset["carbon_monitor_monthly"]) == 26


def test_provenance_is_recorded(shared_store: Store, emissions_dir: Path) -> None:
    path = emissions_dir / "cm_china_province_daily_2019_2022.csv"
    row = shared_store.con.execute(
        "SELECT sha256, rows, dataset, layout, unit, source_unit, release, ingested_at "
        "FROM ingests WHERE file = ?",
        [path.name],
    ).fetchone()
    assert row is not None
    assert row[0] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert row[1:7] == (189_930, "carbon_monitor", "long", "MtCO2/day", "MtCO2/day", None)
    assert isinstance(row[7], dt.datetime)


def test_monthly_file_is_a_monthly_total_series(shared_store: Store) -> None:
    info = next(
        i for i in list_series(shared_store)
        if i.dataset == "carbon_monitor_monthly" and i.city == "tianjin"
    )
    assert (info.sector, info.frequency, info.unit) == ("total", "monthly", "tCO2/month")
    assert (info.n_days, info.n_missing, info.release) == (48, 0, "2026-04-11")
    with pytest.raises(SeriesError, match="monthly"):
        load_series(shared_store, "天津", "合计", dataset="carbon_monitor_monthly")


def test_load_series_matches_the_readme_figures(shared_store: Store) -> None:
    ground = load_series(shared_store, "天津", "地面交通")
    assert ground.source.startswith("cm_china_province_daily_2019_2022.csv")
    assert (ground.start, ground.end, len(ground)) == (
        dt.date(2019, 1, 1), dt.date(2022, 12, 31), 1461
    )
    assert ground.values.mean() == pytest.approx(0.0289, abs=5e-5)
    power_2019 = load_series(shared_store, "Tianjin", "Power").values[:365].sum()
    assert power_2019 == pytest.approx(56.3, abs=0.05)


def test_load_series_by_dataset_and_unknown_series(shared_store: Store) -> None:
    cui = load_series(shared_store, "tianjin", "industry", dataset="cui2021")
    assert len(cui) == 731
    national = load_series(shared_store, "China", "Power", dataset="cui2021")
    assert national.city == "china"
    with pytest.raises(InputError, match="the store has for tianjin: carbon_monitor:aviation"):
        load_series(shared_store, "天津", "Residential", dataset="cui2021")
    with pytest.raises(InputError, match="did you mean"):
        load_series(shared_store, "Tianjn", "Power")


def test_load_panel_is_every_region_but_china(shared_store: Store) -> None:
    panel = load_panel(shared_store, "Ground Transport")
    assert [s.city for s in panel] == sorted(s.city for s in panel)
    assert len(panel) == 26 and all(len(s) == 1461 for s in panel)
    cui = load_panel(shared_store, "电力", dataset="cui2021")
    assert len(cui) == 26 and "china" not in {s.city for s in cui}
    tianjin = next(s for s in panel if s.city == "tianjin")
    np.testing.assert_array_equal(
        tianjin.values, load_series(shared_store, "tianjin", "ground_transport").values
    )


def test_reingesting_the_same_file_changes_nothing(
    store: Store,
    write_rows: Callable[..., Path],
    tianjin_rows: list[Row],
    snapshot: Callable[[Store], Snapshot],
) -> None:
    path = write_rows("tianjin.csv", HEADER, tianjin_rows)
    (first,) = ingest_emissions(store, [path])
    before = snapshot(store)
    (again,) = ingest_emissions(store, [path])
    assert snapshot(store) == before
    assert again.status == "unchanged" and again.ingest_id == first.ingest_id
    assert again.series_unchanged == 2


def test_newer_release_replaces_and_the_old_stays_queryable(
    store: Store, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    beijing = [(d, "Beijing", s, v) for d, _, s, v in tianjin_rows]
    old_file = write_rows("carbonmonitor-china_datas_2023-01-28.csv", HEADER,
                          [*tianjin_rows, *beijing])
    revised = [(d, st, s, repr(float(v) * 1.1)) for d, st, s, v in tianjin_rows]
    new_file = write_rows("carbonmonitor-china_datas_2023-06-01.csv", HEADER,
                          [*revised, *beijing])
    (old,) = ingest_emissions(store, [old_file])
    (new,) = ingest_emissions(store, [new_file])
    assert (old.release, new.release) == ("2023-01-28", "2023-06-01")
    assert new.status == "replaced"
    assert (new.series_new, new.series_replaced, new.series_unchanged) == (0, 2, 2)
    current = load_series(store, "tianjin", "power")
    previous = load_series(store, "tianjin", "power", ingest_id=old.ingest_id)
    np.testing.assert_allclose(current.values, previous.values * 1.1, rtol=1e-12)
    ids = {(i.city, i.sector): i.ingest_id for i in list_series(store)}
    assert ids[("tianjin", "power")] == new.ingest_id
    assert ids[("beijing", "power")] == old.ingest_id
    assert len(list_series(store)) == 4


def test_same_series_in_another_file_stores_no_values_again(
    store: Store, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    ingest_emissions(store, [write_rows("a.csv", HEADER, tianjin_rows)])
    reordered = [(st, d, s, v) for d, st, s, v in tianjin_rows]
    (second,) = ingest_emissions(store, [write_rows("b.csv", "state,date,sector,value", reordered)])
    assert (second.status, second.series_unchanged, second.series_new) == ("unchanged", 2, 0)
    counts = store.con.execute(
        "SELECT (SELECT count(*) FROM ingests), (SELECT count(*) FROM emission_values)"
    ).fetchone()
    assert counts == (2, len(tianjin_rows))
