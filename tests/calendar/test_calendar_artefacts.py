"""Data-construction artefacts: rule expansion, and the rules checked against the real files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbonnodes.calendar import artefact_datasets, events, region_can_differ, share_step
from carbonnodes.names import resolve_region, resolve_sector

D = dt.date
CM = "data/emissions/cm_china_province_daily_2019_2022.csv"
CUI = "data/emissions/cui2021_china_province_daily_2019_2020.csv"


def _artefacts(city: str, sector: str, dataset: str, first: int, last: int) -> list[str]:
    found = events(city, D(first, 1, 1), D(last, 12, 31), sector=sector, dataset=dataset)
    return [e.id for e in found if e.kind == "data_artefact"]


def test_month_steps_for_power_year_steps_for_ground_transport() -> None:
    for year in (2019, 2020, 2021, 2022):
        power = _artefacts("天津", "电力", "carbon_monitor", year, year)
        steps = [i for i in power if i.startswith("artefact:month_step:")]
        assert steps == [f"artefact:month_step:{year}-{m:02d}-01" for m in range(1, 13)]
        assert f"artefact:jan_feb_shared:{year}" in power
        transport = _artefacts("Tianjin", "ground_transport", "carbon_monitor", year, year)
        assert transport == [f"artefact:year_step:{year}-01-01"]


def test_rules_cover_only_their_dataset_and_years() -> None:
    assert artefact_datasets() == ("carbon_monitor", "cui2021")
    assert _artefacts("天津", "power", "carbon_monitor", 2023, 2024) == []
    assert len(_artefacts("天津", "power", "cui2021", 2019, 2022)) == 2 * 12
    assert len(_artefacts("天津", "industry", "cui2021", 2019, 2022)) == 2 * 13
    assert _artefacts("天津", "aviation", "cui2021", 2020, 2020) == []
    assert len(_artefacts("天津", "domestic_aviation", "carbon_monitor", 2020, 2020)) == 12
    assert _artefacts("天津", "power", "carbon_monitor_monthly", 2020, 2020) == []
    plain = events("天津", D(2020, 1, 1), D(2020, 12, 31))
    assert not any(e.kind == "data_artefact" for e in plain)


def test_residential_switches_are_regional() -> None:
    zhejiang = _artefacts("浙江", "residential", "carbon_monitor", 2019, 2022)
    assert "artefact:residential_switch_on:zhejiang:2022-01-01" in zhejiang
    assert "artefact:residential_zero:zhejiang:2021" in zhejiang
    assert "artefact:residential_zero:zhejiang:2022" not in zhejiang
    jiangsu = _artefacts("南京", "residential", "carbon_monitor", 2019, 2022)
    assert "artefact:residential_switch_off:jiangsu:2022-01-01" in jiangsu
    tianjin = _artefacts("天津", "residential", "carbon_monitor", 2019, 2022)
    assert not any("residential_" in i for i in tianjin)


@pytest.fixture(scope="module")
def carbon_monitor(shared: Path) -> pd.DataFrame:
    return pd.read_csv(shared / CM, parse_dates=["date"])


@pytest.fixture(scope="module")
def cui2021(shared: Path) -> pd.DataFrame:
    return pd.read_csv(shared / CUI, parse_dates=["date"])


Share = Callable[[pd.DataFrame], "pd.Series[float]"]


def _step_days(frame: pd.DataFrame, sector: str, share: Share) -> set[dt.date]:
    """Days on which Tianjin's share of the sector changes."""
    wide = frame[frame["sector"] == sector].pivot(index="date", columns="state", values="value")
    values = share(wide).to_numpy()
    changed = ~np.isclose(values[1:], values[:-1], rtol=1e-9)
    return {d.date() for d in wide.index[1:][changed]}


def _against_beijing(wide: pd.DataFrame) -> pd.Series[float]:
    return wide["Tianjin"] / wide["Beijing"]


def _known(sector: str, dataset: str, last_year: int) -> dict[str, set[dt.date]]:
    """Start days of Tianjin's artefacts by rule."""
    found: dict[str, set[dt.date]] = {}
    for e in events("天津", D(2019, 1, 1), D(last_year, 12, 31), sector=sector, dataset=dataset):
        if e.kind == "data_artefact":
            found.setdefault(e.id.split(":")[1], set()).add(e.start)
    return found


@pytest.mark.parametrize(
    "sector", ["Power", "Industry", "Ground Transport", "Residential", "Aviation"]
)
def test_every_provincial_step_in_carbon_monitor_is_a_known_artefact(
    carbon_monitor: pd.DataFrame, sector: str
) -> None:
    # Aviation is a monthly step function itself; the others are compared with Beijing's
    # series, which shares the national daily shape, so only share changes remain.
    share: Share = (lambda w: w["Tianjin"]) if sector == "Aviation" else _against_beijing
    steps = _step_days(carbon_monitor, sector, share)
    known = _known(sector, "carbon_monitor", 2022)
    assert steps and steps <= set().union(*known.values())
    if "jan_feb_shared" in known:
        assert not any(d.month == 2 and d.day == 1 for d in steps)


@pytest.mark.parametrize("sector", ["Power", "Industry", "Ground Transport"])
def test_cui2021_steps_and_rules_agree(cui2021: pd.DataFrame, sector: str) -> None:
    steps = _step_days(cui2021, sector, _against_beijing)
    known = _known(sector, "cui2021", 2020)
    assert steps <= set().union(set(), *known.values())
    feb_steps = {d for d in steps if d.month == 2 and d.day == 1}
    if known:  # a 1 Feb step exists exactly where no Jan–Feb sharing is claimed
        assert bool(feb_steps) != ("jan_feb_shared" in known)
    else:  # Ground Transport: one share for both years, so no artefact is claimed
        assert sector == "Ground Transport" and not steps


def test_residential_zero_years_match_the_data(carbon_monitor: pd.DataFrame) -> None:
    residential = carbon_monitor[carbon_monitor["sector"] == "Residential"]
    zero = residential.groupby(["state", residential["date"].dt.year])["value"].apply(
        lambda v: bool((v == 0).all())
    )
    assert zero.any()
    for (state, year), is_zero in zero.items():
        key = resolve_region(str(state))
        ids = _artefacts(key, resolve_sector("Residential"), "carbon_monitor", int(year), int(year))
        assert (f"artefact:residential_zero:{key}:{year}" in ids) == is_zero, (state, year)


def test_residential_near_zero_years_match_the_data(carbon_monitor: pd.DataFrame) -> None:
    """A year under 1 % of the province's busiest, yet not zero (Jiangsu 2019–2020, about
    1/700 of 2021), is a data artefact too, and so is the 1 January it switches on."""
    residential = carbon_monitor[carbon_monitor["sector"] == "Residential"]
    totals = residential.groupby(["state", residential["date"].dt.year])["value"].sum()
    busiest = totals.groupby(level="state").transform("max")
    near = (totals > 0) & (totals < 0.01 * busiest)
    assert near.sum() == 2
    for (state, year), is_near in near.items():
        key = resolve_region(str(state))
        ids = _artefacts(key, resolve_sector("Residential"), "carbon_monitor", int(year),
                         int(year) + 1)
        assert (f"artefact:residential_near_zero:{key}:{year}" in ids) == is_near, (state, year)
        if is_near:
            switched_on = f"artefact:residential_switch_on:{key}:{int(year) + 1}-01-01" in ids
            assert switched_on == (not near.get((state, int(year) + 1), False)), (state, year)


def test_a_region_departs_from_the_national_shape_only_where_its_share_steps() -> None:
    def can_differ(sector: str, first: dt.date, last: dt.date, dataset: str | None) -> bool:
        found = events("天津", D(2019, 1, 1), D(2022, 12, 31), sector=sector, dataset=dataset)
        return region_can_differ(found, resolve_sector(sector), first, last)

    # Residential: one share a year, so only a window holding 1 January can be local
    assert not can_differ("居民", D(2022, 3, 10), D(2022, 3, 24), "carbon_monitor")
    assert can_differ("居民", D(2021, 12, 25), D(2022, 1, 8), "carbon_monitor")
    # Power: one share a month
    assert not can_differ("电力", D(2021, 6, 8), D(2021, 6, 22), "carbon_monitor")
    assert can_differ("电力", D(2021, 6, 24), D(2021, 7, 8), "carbon_monitor")
    # a region's own data (no share steps in its calendar) can change on any day
    assert can_differ("居民", D(2022, 3, 10), D(2022, 3, 24), None)


def test_residential_summer_steps_are_carbon_monitor_residential_s_only() -> None:
    ids = _artefacts("天津", "居民", "carbon_monitor", 2019, 2022)
    assert [i for i in ids if i.startswith("artefact:summer_step:")] == [
        f"artefact:summer_step:{year}-{month:02d}-01"
        for year in (2019, 2020, 2021, 2022) for month in (7, 9)
    ]
    assert not [i for i in _artefacts("天津", "地面交通", "carbon_monitor", 2019, 2022)
                if "summer" in i]
    assert not [i for i in _artefacts("天津", "residential", "cui2021", 2019, 2020)
                if "summer" in i]


def test_summer_steps_are_no_share_steps() -> None:
    """Every region steps alike there: no region can hold a change of its own on 1 July."""
    found = events("天津", D(2019, 1, 1), D(2022, 12, 31), sector="residential",
                   dataset="carbon_monitor")
    summer = [e for e in found if e.id.startswith("artefact:summer_step:")]
    assert len(summer) == 8 and not any(share_step(e) for e in summer)
    assert not region_can_differ(found, "residential", D(2021, 6, 25), D(2021, 7, 5))
    assert region_can_differ(found, "residential", D(2020, 12, 28), D(2021, 1, 5))


def test_every_residential_series_steps_on_1_july_and_1_september(
    carbon_monitor: pd.DataFrame,
) -> None:
    """The rule's claim, checked on every province with Residential emissions: each year the
    series drops on 1 July and rises on 1 September by at least 2 %, five times the median
    day-to-day change of the 20 days before, and hardly moves on 1 August between them."""
    residential = carbon_monitor[carbon_monitor["sector"] == "Residential"]
    wide = residential.pivot(index="date", columns="state", values="value")
    wide = wide.loc[:, (wide > 0).all()]
    assert wide.shape[1] >= 10
    logs = np.log(wide.to_numpy())
    days = [d.date() for d in wide.index]
    for year in (2019, 2020, 2021, 2022):
        for month, sign in ((7, -1.0), (9, 1.0)):
            i = days.index(D(year, month, 1))
            jump = sign * (logs[i] - logs[i - 1])
            usual = np.median(np.abs(np.diff(logs[i - 20 : i], axis=0)), axis=0)
            assert (jump > 0.02).all() and (jump > 5 * usual).all(), (year, month)
        i = days.index(D(year, 8, 1))
        assert (np.abs(logs[i] - logs[i - 1]) < 0.01).all()
