"""From a raw table to checked observations, one series per (region, sector).

Everything here is pure: the file has been read, nothing is written. Any bad cell stops the
file with an InputError naming its line and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbonnodes.errors import InputError
from carbonnodes.names import resolve_region, resolve_sector
from carbonnodes.series._dates import parse_dates
from carbonnodes.series._layout import NOTHING_SAID, Layout, Said, detect_layout
from carbonnodes.series._read import RawTable
from carbonnodes.series._values import parse_values, resolve_cells

_KEYS = ["region", "sector", "date"]
_PAIR = "\x1f"  # joins a city and its province into one cell to resolve
_RELEASE = re.compile(r"(20\d\d)-?([01]\d)-?([0-3]\d)")


@dataclass(frozen=True)
class SeriesPart:
    """One (region, sector) series of a file, with a hash of its content."""

    region: str
    sector: str
    start: dt.date
    end: dt.date
    n_obs: int
    n_missing: int
    content_sha256: str


@dataclass(frozen=True)
class ParsedFile:
    """A checked file: provenance, layout and its observations sorted by region/sector/date."""

    raw: RawTable
    layout: Layout
    release: str | None
    frame: pd.DataFrame
    parts: tuple[SeriesPart, ...]


def parse_table(raw: RawTable, said: Said = NOTHING_SAID) -> ParsedFile:
    """Check every cell of a raw table and group its observations into series; ``said``: the
    region, sector and dataset the user gives a file whose columns lack them."""
    layout = detect_layout(raw.header, file=raw.file, said=said)
    frame = check_duplicates(_observations(raw, layout), raw.file)
    if layout.value_unit.frequency == "monthly":
        frame["date"] = frame["date"].to_numpy().astype("datetime64[M]").astype("datetime64[D]")
        frame = check_duplicates(frame, raw.file)
    parts = _series_parts(frame, monthly=layout.value_unit.frequency == "monthly")
    return ParsedFile(raw, layout, _release(raw), frame, parts)


def _observations(raw: RawTable, layout: Layout) -> pd.DataFrame:
    file = raw.file
    dates, _ = parse_dates(raw.column(layout.date), raw.lines, file=file, field=layout.date)
    regions = _region_keys(raw, layout)
    sectors = _keys(raw, layout.sector, layout.fixed_sector, resolve_sector)
    unit = layout.value_unit
    if layout.value is not None:
        values = parse_values(
            raw.column(layout.value), raw.lines, factor=unit.factor, file=file, field=layout.value
        )
        return observation_frame(regions, sectors, dates, values, raw.lines)
    frames = []
    for column, key in layout.wide:
        values = parse_values(
            raw.column(column), raw.lines, factor=unit.factor, file=file, field=column
        )
        fixed = np.full(raw.n_rows, key, dtype=object)
        if layout.wide_of == "sector":
            frames.append(observation_frame(regions, fixed, dates, values, raw.lines))
        else:
            frames.append(observation_frame(fixed, sectors, dates, values, raw.lines))
    return pd.concat(frames, ignore_index=True)


def _keys(
    raw: RawTable, column: str | None, fixed: str | None, resolve: Callable[[str], str]
) -> NDArray[np.object_]:
    if column is None:
        return np.full(raw.n_rows, fixed or "", dtype=object)
    return resolve_cells(raw.column(column), raw.lines, resolve, file=raw.file, field=column)


def _region_keys(raw: RawTable, layout: Layout) -> NDArray[np.object_]:
    """Each row's region; a city is resolved with the province beside it, where there is one."""
    if layout.region is None or layout.within is None:
        return _keys(raw, layout.region, layout.fixed_region, resolve_region)
    pairs = np.array(
        [f"{city}{_PAIR}{province}" for city, province in
         zip(raw.column(layout.region), raw.column(layout.within), strict=True)],
        dtype=object,
    )
    return resolve_cells(
        pairs, raw.lines, lambda pair: resolve_region(*pair.split(_PAIR)), file=raw.file,
        field=layout.region,
    )


def observation_frame(
    regions: NDArray[np.object_],
    sectors: NDArray[np.object_],
    dates: NDArray[np.datetime64],
    values: NDArray[np.float64],
    lines: NDArray[np.int64],
) -> pd.DataFrame:
    keep = ~np.isnan(values)
    return pd.DataFrame(
        {
            "region": regions[keep],
            "sector": sectors[keep],
            "date": dates[keep],
            "value": values[keep],
            "line": lines[keep],
        }
    )


def check_duplicates(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Sort by series and date; repeated rows with equal values collapse, others are refused."""
    frame = frame.sort_values([*_KEYS, "line"], kind="stable", ignore_index=True)
    repeated = frame.duplicated(_KEYS, keep=False).to_numpy()
    if not repeated.any():
        return frame
    rows = frame[repeated]
    first = rows.groupby(_KEYS, sort=False)[["value", "line"]].transform("first")
    clash = rows[rows["value"].to_numpy() != first["value"].to_numpy()]
    if not clash.empty:
        row = clash.sort_values("line").iloc[0]
        earlier = int(first.loc[row.name, "line"])
        day = str(row["date"])[:10]
        # a bare date,value file has no region or sector to name
        what = f"{row['region']}/{row['sector']} on {day}" if row["region"] else f"date {day}"
        raise InputError(
            f"duplicate {what} with a different value than line {earlier}",
            file=file,
            line=int(row["line"]),
            field="value",
        )
    return frame.drop_duplicates(_KEYS, ignore_index=True)


def _series_parts(frame: pd.DataFrame, *, monthly: bool) -> tuple[SeriesPart, ...]:
    regions = frame["region"].to_numpy()
    sectors = frame["sector"].to_numpy()
    dates = frame["date"].to_numpy().astype("datetime64[D]")
    values = frame["value"].to_numpy(dtype=np.float64)
    change = (regions[1:] != regions[:-1]) | (sectors[1:] != sectors[:-1])
    bounds = [0, *(np.flatnonzero(change) + 1).tolist(), len(frame)]
    parts = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        span = dates[lo:hi]
        periods = span.astype("datetime64[M]") if monthly else span
        expected = int((periods[-1] - periods[0]).astype(np.int64)) + 1
        digest = hashlib.sha256(span.astype(np.int64).tobytes() + values[lo:hi].tobytes())
        parts.append(
            SeriesPart(
                str(regions[lo]),
                str(sectors[lo]),
                span[0].astype(dt.date),
                span[-1].astype(dt.date),
                hi - lo,
                expected - (hi - lo),
                digest.hexdigest(),
            )
        )
    return tuple(parts)


def _release(raw: RawTable) -> str | None:
    """The release date a file name carries (…_2026-04-11.csv), else its source_file column."""
    texts = [raw.file]
    if "source_file" in raw.header:
        sources = {str(cell) for cell in raw.column("source_file")}
        texts += list(sources) if len(sources) == 1 else []
    for text in texts:
        match = _RELEASE.search(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                continue
    return None
