"""``events()``: every known non-policy driver that touches a city, a date range and a sector."""

from __future__ import annotations

import datetime as dt

from carbonnodes.calendar._artefacts import artefact_events
from carbonnodes.calendar._days import holiday_events
from carbonnodes.calendar._explains import condition
from carbonnodes.calendar._heating import heating_events
from carbonnodes.calendar._tables import covid_events, heating_profiles, kind_labels
from carbonnodes.errors import InputError
from carbonnodes.model import Event
from carbonnodes.names import ancestors, region, resolve_region, resolve_sector

#: A series of these sectors is part of the one named in an event's ``sectors``.
_PART_OF = {"domestic_aviation": "aviation", "international_aviation": "aviation"}


def events(
    city: str,
    start: dt.date,
    end: dt.date,
    *,
    sector: str | None = None,
    dataset: str | None = None,
    conditions: bool = True,
) -> list[Event]:
    """Events scoped national, to the city or to its province that overlap [start, end].

    ``city`` and ``sector`` may be any spelling :mod:`carbonnodes.names` knows. Events with no
    sectors apply to every sector; data artefacts come only for a ``dataset`` with rules.
    ``conditions``: whether the dataset's year-long artefacts come too (a sector recorded as
    zero, Residential's temperature-driven shape); a series that imitates only the dataset's
    construction steps, as the simulator's do, leaves them out. Sorted by (start, kind, id).
    """
    if end < start:
        raise InputError(f"end {end} is before start {start}")
    key = resolve_region(city)
    scopes = _scopes(key)
    sector_key = resolve_sector(sector) if sector is not None else None
    found = [*holiday_events(), *covid_events(), *heating_events(_heating_region(key))]
    found = [e for e in found if e.scope in scopes and e.start <= end and e.end >= start]
    if dataset is not None:
        found.extend(e for e in artefact_events(dataset, frozenset(scopes), start, end)
                     if conditions or not condition(e))
    if sector_key is not None:
        found = [e for e in found if _applies(e, sector_key)]
    return sorted(found, key=lambda e: (e.start, e.kind, e.id))


def kind_label(kind: str, lang: str = "zh") -> str:
    """Display name of an event kind: 供暖季开始 / Heating season starts."""
    labels = kind_labels().get(kind)
    if labels is None:
        return kind
    return labels[1] if lang == "zh" else labels[0]


def _scopes(key: str) -> frozenset[str]:
    """``national`` plus the region and the places above it (a county-level city's
    prefecture and province)."""
    if region(key).kind == "country":
        return frozenset({"national"})
    return frozenset({"national", key, *ancestors(key)})


def _heating_region(key: str) -> str:
    """Whose heating season a region keeps: its own statutory season where it has one
    (Harbin heats from 20 October, its province's default from 15 November), else the
    nearest place above it with one, else its province's."""
    chain = (key, *ancestors(key))
    return next((k for k in chain if k in heating_profiles()), chain[-1])


def _applies(event: Event, sector: str) -> bool:
    if not event.sectors or sector == "total":
        return True
    return sector in event.sectors or _PART_OF.get(sector) in event.sectors
