"""A stored series divided by a reference, detected: the region's own nodes.

Divided by the sum of its sector's other regions (``relative``) or by one region's series
(``relative_to``: a city's by its province's), a series loses what it shares with the
reference, so what nodes remain are changes of the region against it. ``detect``, ``explain``
and their tests reach the ratio through these functions, so they cannot divide differently.
"""

from __future__ import annotations

from collections.abc import Sequence

from carbonnodes.calendar import as_reference_step
from carbonnodes.detect import detect, relative_to
from carbonnodes.errors import InputError
from carbonnodes.model import Event, Series
from carbonnodes.names import resolve_region, resolve_sector
from carbonnodes.pipeline._explain import DetectedSeries, detect_stored, series_calendar
from carbonnodes.pipeline._sources import series_info
from carbonnodes.series import load_panel, load_series
from carbonnodes.store import Store

#: ``divided_by`` for the sum of the sector's other regions (no region has this key).
PEERS = "peers"


def ratio_calendar(
    series: Series,
    dataset: str | None,
    reference: Series | None = None,
    reference_dataset: str | None = None,
) -> list[Event]:
    """The series' calendar events and the one-day data artefacts of the series it was divided
    by: the ratio carries their steps, which say nothing of when the series' own region can
    differ (``as_reference_step``)."""
    own = series_calendar(series, dataset)
    if reference is None or reference_dataset is None:
        return own
    theirs = [as_reference_step(e, reference.city)
              for e in series_calendar(reference, reference_dataset)
              if e.kind == "data_artefact" and e.start == e.end]
    return sorted([*own, *theirs], key=lambda e: (e.start, e.kind, e.id))


def stored_dataset(store: Store, region: str, sector: str) -> str | None:
    """The dataset ``load_series`` takes without one: the daily series with most days."""
    info = series_info(store, region, sector, None)
    return info.dataset if info is not None else None


def reference_region(region: str, own: str, field: str = "--relative-to") -> str:
    """The key of ``region``, to divide a series of region ``own`` by: never ``own`` itself."""
    key = resolve_region(region)
    if key == own:
        raise InputError(f"'{region}' is the series' own region: divided by itself, it "
                         "would be constant", field=field)
    return key


def reference_series(store: Store, series: Series, region: str) -> tuple[Series, str | None]:
    """``region``'s stored series of ``series``' sector, to divide it by, and its dataset.
    A series of no sector, or of that very region, has none."""
    if not series.sector:
        raise InputError("--relative-to needs the files' sector: say it with --sector",
                         field="--sector")
    key = reference_region(region, series.city)
    used = stored_dataset(store, key, series.sector)
    return load_series(store, key, series.sector, dataset=used), used


def detect_ratio(
    store: Store,
    region: str,
    sector: str,
    *,
    dataset: str | None = None,
    reference: str | None = None,
    panel: Sequence[Series] | None = None,
) -> DetectedSeries:
    """The stored series of ``region`` and ``sector`` on its ratio to ``reference``'s stored
    series, or to the sum of the sector's other regions where ``reference`` is None, detected
    against its calendar and the reference's one-day artefacts. ``divided_by`` names the
    regions divided out. ``panel``: the sector's regions of the dataset, where the caller
    holds them already."""
    key, sector_key = resolve_region(region), resolve_sector(sector)
    info = series_info(store, key, sector_key, dataset)  # the entry load_series picks
    used = info.dataset if info is not None else dataset
    series = load_series(store, key, sector_key, dataset=used)
    if reference is None:
        regions = tuple(load_panel(store, sector_key, dataset=used) if panel is None else panel)
        ratio = relative_to(series, regions)
        divided_by: Sequence[str] = sorted(p.city for p in regions if p.city != key)
        found = ratio_calendar(ratio, used)
    else:
        base, base_dataset = reference_series(store, series, reference)
        ratio = relative_to(series, base)
        divided_by = [base.city]
        found = ratio_calendar(ratio, used, base, base_dataset)
    detection = detect(ratio, found)
    return DetectedSeries(ratio, info, tuple(found), detection, divided_by=tuple(divided_by))


def detect_divided(
    store: Store,
    region: str,
    sector: str,
    *,
    dataset: str | None = None,
    divided_by: str | None = None,
    panel: Sequence[Series] | None = None,
) -> DetectedSeries:
    """The series as stored (``divided_by`` None: ``detect_stored``), or its ratio to the sum
    of the sector's other regions (``PEERS``) or to one region's series (its key)."""
    if divided_by is None:
        return detect_stored(store, region, sector, dataset=dataset, panel=panel)
    reference = None if divided_by == PEERS else divided_by
    return detect_ratio(store, region, sector, dataset=dataset, reference=reference, panel=panel)
