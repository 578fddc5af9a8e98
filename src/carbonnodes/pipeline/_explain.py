"""One stored series, explained: the steps ``carbonnodes explain`` and the web view share.

load series → calendar events → detect → compare with peer regions → attribute against the
corpus → the report's :class:`SectorInput`. Detection is a separate step so that a caller
that keeps results (the web server) can reuse a series' detection as another's peer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

from carbonnodes import __version__
from carbonnodes.attribute import AttributionSettings, attribute
from carbonnodes.calendar import events, provincial_share
from carbonnodes.corpus import load_documents, load_measures
from carbonnodes.detect import (
    DEFAULT_FALSE_ALARM_RATE,
    ConstructionStep,
    Detection,
    compare_peers,
    construction_steps,
    detect,
)
from carbonnodes.errors import SeriesError
from carbonnodes.index import MeasureIndex, open_index
from carbonnodes.model import Document, Event, Measure, Series
from carbonnodes.names import is_region
from carbonnodes.pipeline._sources import input_files, series_info, series_source
from carbonnodes.report import Provenance, SectorInput, corpus_snapshot
from carbonnodes.series import SeriesInfo, load_panel, load_series
from carbonnodes.store import Store

Relevance = Callable[[str, str], float]


@dataclass(frozen=True)
class CorpusView:
    """The corpus as attribution needs it: documents, every measure, the index's relevance."""

    documents: tuple[Document, ...]
    measures: tuple[Measure, ...]
    index: MeasureIndex | None

    @property
    def relevance(self) -> Relevance | None:
        return self.index.relevance if self.index is not None else None

    @property
    def titles(self) -> dict[str, str]:
        return {d.id: d.title for d in self.documents}


def load_corpus(store: Store) -> CorpusView:
    """Documents, measures and (when there are measures) their search index."""
    measures = tuple(load_measures(store))
    documents = tuple(load_documents(store))
    index = open_index(store, loaded=(measures, documents)) if measures else None
    return CorpusView(documents, measures, index)


class Panels:
    """Each sector's regions of a dataset in the store, read once: every series of a command
    or of the web view measures its construction steps, and detects its peers, against its
    sector's panel."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._read: dict[tuple[str, str | None], tuple[Series, ...]] = {}

    def of(self, sector: str, dataset: str | None) -> tuple[Series, ...]:
        key = (sector, dataset)
        if key not in self._read:
            self._read[key] = tuple(load_panel(self._store, sector, dataset=dataset))
        return self._read[key]


@dataclass(frozen=True)
class DetectedSeries:
    """A stored series with its catalogue entry, calendar events, detection, the yearly
    construction steps divided out before it, and the sector's regions (itself included)
    they were measured against: its peers. A ratio (``detect_ratio``) names the regions it
    was divided by instead."""

    series: Series
    info: SeriesInfo | None
    events: tuple[Event, ...]
    detection: Detection
    construction: tuple[ConstructionStep, ...] = ()
    panel: tuple[Series, ...] = ()
    divided_by: tuple[str, ...] = ()

    @property
    def dataset(self) -> str | None:
        return self.info.dataset if self.info is not None else None


#: The calendar region of a series that names none (a bare CSV), and the national series' key.
NATIONAL = "china"


def series_calendar(series: Series, dataset: str | None) -> list[Event]:
    """The calendar events a series is detected against: its region's and its sector's, with
    ``dataset``'s construction artefacts. A bare CSV's city is its file's name, which names no
    region: it takes the national events; one that names no sector takes every sector's. The
    national series takes no province's share steps."""
    region = series.city if is_region(series.city) else NATIONAL
    found = events(region, series.start, series.end, sector=series.sector or None,
                   dataset=dataset)
    if series.city == NATIONAL:  # the national curve itself: no province's share steps
        found = [e for e in found if not provincial_share(e)]
    return found


def detect_stored(
    store: Store,
    region: str,
    sector: str,
    *,
    dataset: str | None = None,
    panel: Sequence[Series] | None = None,
) -> DetectedSeries:
    """Load the series ``load_series`` picks and detect its nodes against its calendar, its
    yearly construction steps (measured in its share of the regions' sum) divided out.
    ``panel``: the sector's regions of that dataset, where the caller holds them already (the
    web view detects every region of a sector from one read)."""
    series = load_series(store, region, sector, dataset=dataset)
    info = series_info(store, series.city, series.sector, dataset)
    used = info.dataset if info is not None else dataset
    found = tuple(series_calendar(series, used))
    regions = tuple(load_panel(store, series.sector, dataset=used) if panel is None else panel)
    steps = construction_steps(series, regions, found)
    detection = detect(series, found, construction=steps)
    return DetectedSeries(series, info, found, detection, steps, regions)


def detect_region(
    series: Series,
    calendar: Sequence[Event],
    steps: tuple[ConstructionStep, ...] = (),
    rate: float = DEFAULT_FALSE_ALARM_RATE,
) -> Detection | None:
    """One region's detection against its ``calendar``, its construction ``steps`` divided
    out, or None for a series the detector cannot analyse (all zero, too short). Picklable,
    for worker processes."""
    try:
        return detect(series, list(calendar), false_alarm_rate=rate, construction=steps)
    except SeriesError:
        return None


def panel_detections(
    panel: Sequence[Series],
    region: str,
    dataset: str | None,
    *,
    rate: float = DEFAULT_FALSE_ALARM_RATE,
    pool: Executor | None = None,
) -> list[Detection]:
    """Every region of the sector's ``panel`` but ``region``, detected as one stored series
    is: against its own calendar, its construction steps divided out, at ``rate``. These are
    the peers that tell a local node from a shared one.

    With ``pool`` the regions are detected in its workers; regions whose series cannot be
    analysed are left out of the comparison.
    """
    others = [p for p in panel if p.city != region]
    calendars = [series_calendar(p, dataset) for p in others]
    steps = [construction_steps(p, panel, c) for p, c in zip(others, calendars, strict=True)]
    rates = [rate] * len(others)
    found = (map(detect_region, others, calendars, steps, rates) if pool is None
             else pool.map(detect_region, others, calendars, steps, rates))
    return [d for d in found if d is not None]


def peer_detections(
    target: DetectedSeries, *, pool: Executor | None = None
) -> list[Detection]:
    """The other regions of the target's panel, detected (``panel_detections``), for the
    local/shared status."""
    return panel_detections(target.panel, target.series.city, target.dataset, pool=pool)


def explain_detected(
    store: Store,
    target: DetectedSeries,
    corpus: CorpusView,
    *,
    peers: Sequence[Detection] | None,
    settings: AttributionSettings,
) -> SectorInput:
    """Attribute the series' nodes (marked local or shared when ``peers`` are given)."""
    nodes = list(target.detection.nodes)
    if peers is not None and nodes:
        nodes = compare_peers(nodes, list(peers))
    explained = attribute(nodes, corpus.measures, target.events, relevance=corpus.relevance,
                          settings=settings, doc_titles=corpus.titles)
    resolution = str(target.detection.settings.get("resolution", "day"))
    return SectorInput(target.series, target.detection.ordinary, explained, target.events,
                       series_source(store, target.info), resolution, target.construction,
                       target.divided_by)


def provenance(
    store: Store,
    corpus: CorpusView,
    ingest_ids: Sequence[int],
    stamp: str,
    settings: Mapping[str, object],
) -> Provenance:
    """The reproducibility record: tool version, input files, corpus snapshot, settings."""
    plain = {k: dataclasses.asdict(v) if dataclasses.is_dataclass(v) and not isinstance(v, type)
             else v for k, v in settings.items()}
    return Provenance(
        tool_version=__version__,
        inputs=input_files(store, ingest_ids),
        corpus_snapshot=corpus_snapshot(corpus.documents),
        corpus_documents=len(corpus.documents),
        run_time=stamp,
        settings=plain,
    )
