"""``read_bare_csv``: a ``date,value`` file for ``detect --csv``, no store involved.

Same encodings, date forms and value checks as an ingest. The header row may be left out.
The series must be daily: gaps become NaN, but weekly or monthly dates are refused.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from carbonnodes.errors import InputError
from carbonnodes.model import Series
from carbonnodes.series._dates import is_date, parse_dates
from carbonnodes.series._parse import check_duplicates, observation_frame
from carbonnodes.series._read import RawTable, read_raw
from carbonnodes.series._units import value_unit
from carbonnodes.series._values import parse_values


def read_bare_csv(path: str | Path) -> Series:
    """The file's values as a daily Series; city is the file stem, sector is empty."""
    path = Path(path)
    raw = _with_header(read_raw(path))
    file = raw.file
    if len(raw.header) != 2:
        raise InputError(
            f"a bare series has two columns, date and value; found {', '.join(raw.header)} "
            "(a file of many series goes in with 'carbonnodes ingest emissions')",
            file=file,
            line=1,
            field=raw.header[2] if len(raw.header) > 2 else raw.header[0],
        )
    date_field, value_field = raw.header
    unit = value_unit(value_field, file=file)
    if unit.frequency != "daily":
        raise InputError(
            f"the values are {unit.source_unit}; a bare series must be daily",
            file=file,
            line=1,
            field=value_field,
        )
    dates, _ = parse_dates(raw.columns[0], raw.lines, file=file, field=date_field)
    values = parse_values(
        raw.columns[1], raw.lines, factor=unit.factor, file=file, field=value_field
    )
    labels = np.full(raw.n_rows, "", dtype=object)
    frame = check_duplicates(observation_frame(labels, labels, dates, values, raw.lines), file)
    if frame.empty:
        raise InputError("no values, only blanks", file=file, line=2, field=value_field)
    days = frame["date"].to_numpy().astype("datetime64[D]")
    steps = np.diff(days).astype(np.int64)
    if steps.size and int(np.bincount(steps).argmax()) != 1:
        raise InputError(
            f"dates are mostly {int(np.bincount(steps).argmax())} days apart; "
            "a bare series must be daily (gaps are fine)",
            file=file,
            line=int(frame["line"].iloc[1]),
            field=date_field,
        )
    series = np.full(int((days[-1] - days[0]).astype(np.int64)) + 1, np.nan)
    series[(days - days[0]).astype(np.int64)] = frame["value"].to_numpy(dtype=np.float64)
    return Series(
        city=path.stem,
        sector="",
        start=days[0].astype(object),
        values=series,
        unit=unit.unit,
        source=path.name,
    )


def _with_header(raw: RawTable) -> RawTable:
    """A file without a header row gets ``date,value``; its first row becomes data."""
    if not is_date(raw.header[0]):
        return raw
    columns = tuple(
        np.concatenate([np.array([cell], dtype=object), column])
        for cell, column in zip(raw.header, raw.columns, strict=True)
    )
    lines = np.concatenate([np.array([1], dtype=np.int64), raw.lines])
    header = ("date", "value", *raw.header[2:])
    return RawTable(raw.file, raw.sha256, header, columns, lines)
