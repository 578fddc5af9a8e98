"""Recognising a file's column layout from its header, and the dataset it belongs to.

Long files carry ``date``, a region column (``city``, ``state``, ``province`` or ``country``),
``sector`` and a value column; extra columns (``timestamp``, ``weekday`` …) are ignored. The
Cui et al. 2021 file is long with ``province_code`` and ``source_sheet``; the monthly totals
file has ``co2_tonnes`` and no sector. Wide files carry ``date`` and one column per sector
(or per region); the missing dimension comes from a region (sector) column or the file name.
A file whose columns do not place it (a city's own ``date,value``) is placed by what its user
says (``Said``) and is their own dataset, ``user``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from carbonnodes.errors import AmbiguousNameError, InputError, UnknownNameError
from carbonnodes.names import region as region_entry
from carbonnodes.names import resolve_region, resolve_sector
from carbonnodes.series._units import ValueUnit, value_unit

_DATE_NAMES = ("date", "日期", "day")
_REGION_NAMES = ("city", "城市", "state", "province", "省份", "region", "地区", "country")
#: A province column beside a city column tells cities of one name apart (Carbon Monitor
#: Cities' China files: ``city,Province,…``).
_WITHIN_NAMES = ("province", "省份", "state", "省")
_CITY_NAMES = frozenset({"city", "城市"})
_SECTOR_NAMES = ("sector", "部门", "行业")
_VALUE_NAMES = ("value", "co2_tonnes", "co2 tonnes", "emissions", "排放量")
_IGNORED = frozenset(
    {"timestamp", "weekday", "holiday", "source_sheet", "source_file", "year_month", "year",
     "month", "province_code", "country", "province", "unit"}
)


@dataclass(frozen=True)
class Layout:
    """Which column plays which part. For wide layouts ``wide`` maps column → region/sector."""

    name: str
    dataset: str
    date: str
    value_unit: ValueUnit
    region: str | None = None
    #: the province of each row's city, where the file has one beside its city column
    within: str | None = None
    sector: str | None = None
    value: str | None = None
    fixed_region: str | None = None
    fixed_sector: str | None = None
    wide: tuple[tuple[str, str], ...] = ()
    wide_of: str = ""


def _find(header: tuple[str, ...], names: tuple[str, ...], *, prefix: bool = False) -> str | None:
    folded = {column.strip().lower(): column for column in header}
    for name in names:
        if name in folded:
            return folded[name]
    if prefix:
        for column in header:
            if column.strip().lower().startswith(names[0]):
                return column
    return None


#: The dataset of a file placed by its user (``ingest emissions --city``): their own data,
#: which no dataset's construction artefacts belong to.
USER_DATASET = "user"


@dataclass(frozen=True)
class Said:
    """What the user says a file is (``ingest emissions --city --sector --dataset``): the
    region and sector keys of a file whose columns lack them, and the dataset of any file
    (None: the one its layout suggests; ``USER_DATASET`` for a file placed by the user)."""

    region: str | None = None
    sector: str | None = None
    dataset: str | None = None

    @property
    def anything(self) -> bool:
        return self.region is not None or self.sector is not None


#: A file that says everything by its columns or name.
NOTHING_SAID = Said()


def detect_layout(header: tuple[str, ...], *, file: str, said: Said = NOTHING_SAID) -> Layout:
    """The layout of a file with this header, or an InputError naming what is missing."""
    date = _find(header, _DATE_NAMES)
    if date is None:
        raise _unknown(header, file, "date", "no date column")
    region = _find(header, _REGION_NAMES)
    sector = _find(header, _SECTOR_NAMES)
    value = _find(header, _VALUE_NAMES, prefix=True)
    if said.anything:
        return _said_layout(header, file, date, region, sector, value, said)
    layout = _own_layout(header, file, date, region, sector, value)
    return dataclasses.replace(layout, dataset=said.dataset) if said.dataset else layout


def _own_layout(
    header: tuple[str, ...], file: str, date: str, region: str | None, sector: str | None,
    value: str | None,
) -> Layout:
    """A file that says its regions and sectors by its columns or its name."""
    if value is not None:
        unit = value_unit(value, file=file)
        if region is None:
            raise _unknown(header, file, "region", "no region column (city/state/province)")
        if sector is None and unit.frequency == "daily":
            raise _unknown(header, file, "sector", "no sector column")
        folded = {column.strip().lower() for column in header}
        name, dataset = _long_dataset(folded, region, unit)
        within = _find(header, _WITHIN_NAMES) if region.strip().lower() in _CITY_NAMES else None
        return Layout(
            name, dataset, date, unit, region=region, within=within, sector=sector,
            value=value, fixed_sector=None if sector else "total",
        )
    return _wide(header, file, date, region, sector)


def _said_layout(
    header: tuple[str, ...], file: str, date: str, region: str | None, sector: str | None,
    value: str | None, said: Said,
) -> Layout:
    """A file whose region or sector the user says: one value column (``date,value``) or one
    column per sector (or per region) for the region (sector) said."""
    for column, given, flag in ((region, said.region, "--city"), (sector, said.sector,
                                                                  "--sector")):
        if column is not None and given is not None:
            raise InputError(f"the file has its own '{column}' column; {flag} is for a file "
                             "that has none", file=file, line=1, field=flag)
    if value is None:
        wide = _wide(header, file, date, region, sector, said)
        return dataclasses.replace(wide, name=f"{wide.name}_said",
                                   dataset=said.dataset or USER_DATASET)
    unit = value_unit(value, file=file)
    if region is None and said.region is None:
        raise _unknown(header, file, "region", "no region column, and no --city")
    if sector is None and said.sector is None and unit.frequency == "daily":
        raise _unknown(header, file, "sector", "no sector column, and no --sector")
    return Layout(
        "said", said.dataset or USER_DATASET, date, unit, region=region, sector=sector,
        value=value,
        fixed_region=said.region, fixed_sector=said.sector or (None if sector else "total"),
    )


def _long_dataset(folded: set[str], region: str, unit: ValueUnit) -> tuple[str, str]:
    if {"province_code", "source_sheet"} <= folded:
        return "cui2021", "cui2021"
    if unit.frequency == "monthly":
        return "monthly_total", "carbon_monitor_monthly"
    if region.strip().lower() in _CITY_NAMES:
        return "long", "carbon_monitor_cities"
    return "long", "carbon_monitor"


def _wide(
    header: tuple[str, ...], file: str, date: str, region: str | None, sector: str | None,
    said: Said = NOTHING_SAID,
) -> Layout:
    """Date plus one column per sector (or per region); the other dimension must be known: a
    column, the user's word or the file's name."""
    used = {date, region, sector}
    candidates = [c for c in header if c not in used and c.strip().lower() not in _IGNORED]
    if not candidates:
        raise _unknown(header, file, "value", "no value column")
    unit = value_unit("value", file=file)
    as_sectors = _resolve_all(candidates, resolve_sector, file=file)
    if as_sectors is not None and sector is None:
        fixed = None if region else said.region or _from_file_name(file, resolve_region)
        if region or fixed:
            return Layout(
                "wide_sectors", _wide_dataset(region, [fixed] if fixed else []), date, unit,
                region=region,
                fixed_region=fixed, wide=tuple(zip(candidates, as_sectors, strict=True)),
                wide_of="sector",
            )
    as_regions = _resolve_all(candidates, resolve_region, file=file)
    if as_regions is not None and region is None:
        fixed = None if sector else said.sector or _from_file_name(file, resolve_sector)
        if sector or fixed:
            return Layout(
                "wide_regions", _wide_dataset(None, as_regions), date, unit, sector=sector,
                fixed_sector=fixed, wide=tuple(zip(candidates, as_regions, strict=True)),
                wide_of="region",
            )
    raise _unknown(header, file, candidates[0], "no value column, and the other columns are "
                   "neither all sectors nor all regions (or the other dimension is unknown)")


def _wide_dataset(region_column: str | None, regions: Sequence[str]) -> str:
    """Carbon Monitor China is provincial, so a wide file of cities (a city column, or cities
    named by its file name or its columns) is taken as Carbon Monitor Cities', as a long file
    with a city column is: no provincial share steps are its artefacts."""
    if region_column is not None:
        cities = region_column.strip().lower() in _CITY_NAMES
    else:
        cities = any(region_entry(key).kind in ("city", "county") for key in regions)
    return "carbon_monitor_cities" if cities else "carbon_monitor"


def _resolve_all(
    columns: list[str], resolve: Callable[[str], str], *, file: str, field: str | None = None
) -> list[str] | None:
    """Each name's key, or None if one is unknown. A name two cities share ("Suzhou") can
    only have meant a region, so it is the error, naming where it stands."""
    keys: list[str] = []
    for column in columns:
        try:
            keys.append(resolve(column))
        except AmbiguousNameError as exc:
            raise InputError(str(exc), file=file, line=None if field else 1,
                             field=field or column) from None
        except UnknownNameError:
            return None
    return keys


def _from_file_name(file: str, resolve: Callable[[str], str]) -> str | None:
    """A region or sector named by one word of the file name (tianjin_sectors.csv)."""
    stem = file.rsplit(".", 1)[0]
    for word in re.split(r"[\s_\-.]+", stem):
        found = _resolve_all([word], resolve, file=file, field="file name") if word else None
        if found:
            return found[0]
    return None


def _unknown(header: tuple[str, ...], file: str, field: str, why: str) -> InputError:
    return InputError(
        f"unknown column layout ({why}); found {', '.join(header)}; expected "
        "date, city|state|province|country, sector, value — or date plus one column per sector",
        file=file,
        line=1,
        field=field,
    )
