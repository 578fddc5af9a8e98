"""Reading series back: the catalogue, one series, and a panel of regions for one sector.

Names may be given in any spelling; the store holds canonical keys. A series comes back
daily from its first to its last day, NaN on the days the file did not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
from numpy.typing import NDArray

from carbonnodes.errors import InputError, SeriesError, StoreError
from carbonnodes.model import Series
from carbonnodes.names import resolve_region, resolve_sector
from carbonnodes.series._types import Frequency, SeriesInfo
from carbonnodes.store import Store

_VERSION_COLUMNS = (
    "s.dataset, s.region, s.sector, s.start_date, s.end_date, s.n_obs, s.n_missing, s.unit, "
    "s.frequency, s.ingest_id, i.release, i.file"
)
_VERSIONS = (
    f"SELECT {_VERSION_COLUMNS} FROM emission_series s JOIN ingests i USING (ingest_id)"
)


@dataclass(frozen=True)
class _Version:
    info: SeriesInfo
    file: str


def _versions(store: Store, where: str, params: list[object]) -> list[_Version]:
    try:
        rows = store.con.execute(
            f"{_VERSIONS} WHERE {where} ORDER BY s.dataset, s.region, s.sector, s.ingest_id",
            params,
        ).fetchall()
    except duckdb.CatalogException as exc:
        raise StoreError(f"{store.path}: the store has no emission tables ({exc})") from exc
    return [
        _Version(
            SeriesInfo(
                dataset=row[0], city=row[1], sector=row[2], start=row[3], end=row[4],
                n_days=row[5], n_missing=row[6], unit=row[7], frequency=_frequency(row[8]),
                ingest_id=row[9], release=row[10],
            ),
            file=row[11],
        )
        for row in rows
    ]


def _frequency(text: str) -> Frequency:
    return "monthly" if text == "monthly" else "daily"


def list_series(store: Store) -> list[SeriesInfo]:
    """Every current series, sorted by dataset, region and sector."""
    return [v.info for v in _versions(store, "s.is_current", [])]


def load_series(
    store: Store,
    city: str,
    sector: str,
    *,
    dataset: str | None = None,
    ingest_id: int | None = None,
) -> Series:
    """One daily series. Without ``dataset``: the daily one with most days (ties: latest)."""
    region, sector_key = resolve_region(city), resolve_sector(sector)
    where = ["s.region = ?", "s.sector = ?"]
    params: list[object] = [region, sector_key]
    if dataset is not None:
        where.append("s.dataset = ?")
        params.append(dataset)
    if ingest_id is not None:
        where.append("s.ingest_id = ?")
        params.append(ingest_id)
    else:
        where.append("s.is_current")
    found = _versions(store, " AND ".join(where), params)
    if dataset is None and ingest_id is None:
        found = [v for v in found if v.info.frequency == "daily"]
    if not found:
        raise InputError(_missing(store, region, sector_key, dataset, ingest_id))
    best = max(found, key=lambda v: (v.info.n_days, v.info.ingest_id))
    _require_daily(best.info)
    result = store.con.execute(
        "SELECT date, value FROM emission_values WHERE ingest_id = ? AND dataset = ? "
        "AND region = ? AND sector = ? ORDER BY date",
        [best.info.ingest_id, best.info.dataset, region, sector_key],
    ).fetchnumpy()
    return _series(best, np.asarray(result["date"]), np.asarray(result["value"]))


def load_panel(store: Store, sector: str, *, dataset: str | None = None) -> list[Series]:
    """Every region but ``china`` of one sector in one dataset, sorted by region.

    Without ``dataset``: the daily dataset with the most days over all its regions (ties: the
    latest ingest), as ``load_series`` picks.
    """
    sector_key = resolve_sector(sector)
    found = _versions(store, "s.is_current AND s.sector = ? AND s.region <> 'china'", [sector_key])
    if dataset is None:
        daily = [v.info for v in found if v.info.frequency == "daily"]
        rank = {i.dataset: (sum(j.n_days for j in daily if j.dataset == i.dataset), i.ingest_id)
                for i in daily}
        dataset = max(rank, key=lambda d: rank[d], default=None)
    chosen = [v for v in found if v.info.dataset == dataset]
    if not chosen:
        have = sorted({v.info.dataset for v in found})
        raise InputError(
            f"no {sector_key} series in dataset {dataset or '(any daily dataset)'}; "
            f"datasets with {sector_key}: {', '.join(have) or 'none'}"
        )
    _require_daily(chosen[0].info)
    result = store.con.execute(
        "SELECT v.region, v.date, v.value FROM emission_values v JOIN emission_series s "
        "USING (ingest_id, dataset, region, sector) WHERE s.is_current AND s.dataset = ? "
        "AND s.sector = ? AND s.region <> 'china' ORDER BY v.region, v.date",
        [dataset, sector_key],
    ).fetchnumpy()
    regions = np.asarray(result["region"], dtype=object)
    dates, values = np.asarray(result["date"]), np.asarray(result["value"])
    panel = []
    for version in sorted(chosen, key=lambda v: v.info.city):
        lo = int(np.searchsorted(regions, version.info.city, side="left"))
        hi = int(np.searchsorted(regions, version.info.city, side="right"))
        panel.append(_series(version, dates[lo:hi], values[lo:hi]))
    return panel


def _require_daily(info: SeriesInfo) -> None:
    if info.frequency != "daily":
        raise SeriesError(
            f"{info.dataset} {info.city}/{info.sector} is a {info.frequency} series "
            f"({info.unit}); only daily series can be analysed"
        )


def _series(version: _Version, dates: NDArray[Any], values: NDArray[Any]) -> Series:
    """A daily array from the first to the last day, NaN where the store has no row."""
    info = version.info
    offsets = (dates.astype("datetime64[D]") - np.datetime64(info.start, "D")).astype(np.int64)
    daily = np.full((info.end - info.start).days + 1, np.nan)
    daily[offsets] = values.astype(np.float64)
    return Series(
        city=info.city,
        sector=info.sector,
        start=info.start,
        values=daily,
        unit=info.unit,
        source=f"{version.file} (dataset {info.dataset}, ingest {info.ingest_id})",
    )


def _missing(
    store: Store, region: str, sector: str, dataset: str | None, ingest_id: int | None
) -> str:
    """Say what the store does have for this region, so the user can pick."""
    have = _versions(store, "s.region = ? AND s.is_current", [region])
    asked = f"{region}/{sector}" + (f" in dataset {dataset}" if dataset else "")
    asked += f" with ingest id {ingest_id}" if ingest_id is not None else ""
    if not have:
        regions = sorted({v.info.city for v in _versions(store, "s.is_current", [])})
        return f"no series {asked}; regions in the store: {', '.join(regions) or 'none'}"
    listed = ", ".join(
        f"{v.info.dataset}:{v.info.sector} ({v.info.frequency}, ingest {v.info.ingest_id})"
        for v in have
    )
    return f"no daily series {asked}; the store has for {region}: {listed}"

