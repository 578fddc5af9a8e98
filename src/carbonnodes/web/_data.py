"""What the server reads: the store's catalogue and corpus, loaded once, and cached results.

The store is opened read-only and touched under one lock (a DuckDB connection is not meant
for several threads at once). Detection and attribution of a series are the expensive part:
they run on the first request for that (region, sector, dataset), one series at a time, and
stay in memory; each detection is reused as a peer when another region of the sector is
explained. Cached results are read without waiting for a computation in progress.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from carbonnodes.attribute import AttributionSettings
from carbonnodes.corpus import VersionDiff, version_diff
from carbonnodes.errors import CarbonNodesError, SeriesError
from carbonnodes.index import Hit
from carbonnodes.model import Document, Measure
from carbonnodes.pipeline import (
    NATIONAL,
    CorpusView,
    DetectedSeries,
    Panels,
    detect_divided,
    explain_detected,
    iso_time,
    load_corpus,
    provenance,
)
from carbonnodes.report import ReportContext, SectorReport, build_context, render
from carbonnodes.series import SeriesInfo, list_series
from carbonnodes.store import Store

SeriesKey = tuple[str, str, str, str]  # region, sector, dataset, what it is divided by
V = TypeVar("V")


class NotInStore(Exception):
    """A well-formed request for something the store does not hold (answered with 404)."""


@dataclass(frozen=True)
class IngestRow:
    """One ingested input file and its provenance, as the ``ingests`` table records it."""

    ingest_id: int
    kind: str
    file: str
    sha256: str
    rows: int
    dataset: str
    layout: str
    unit: str
    source_unit: str
    release: str
    ingested_at: str


@dataclass(frozen=True)
class Explained:
    """A series' report section and its JSON form in each language (parsed once)."""

    section: SectorReport
    context: ReportContext
    json: Mapping[str, Mapping[str, Any]]


class WebData:
    """The store's content as the pages and the API read it; results cached per series."""

    def __init__(self, store: Store, *, started: dt.datetime) -> None:
        self._store = store
        self._lock = threading.RLock()
        self._index_lock = threading.Lock()
        self.started = started.astimezone(dt.UTC).isoformat(timespec="seconds")
        self.settings = AttributionSettings()
        with self._lock:
            self.catalog: tuple[SeriesInfo, ...] = tuple(
                i for i in list_series(store) if i.frequency == "daily"
            )
            self.corpus: CorpusView = load_corpus(store)
            self.ingests: tuple[IngestRow, ...] = _ingests(store)
            self.documents: dict[str, Document] = {d.id: d for d in self.corpus.documents}
            self._diffs: dict[str, tuple[VersionDiff, ...]] = {
                d.id: tuple(version_diff(store, d.id)) for d in self.corpus.documents
                if d.family
            }
        measures: dict[str, list[Measure]] = {}
        for m in self.corpus.measures:
            measures.setdefault(m.doc_id, []).append(m)
        self.measures_of: dict[str, tuple[Measure, ...]] = {
            k: tuple(v) for k, v in measures.items()
        }
        self._detected: dict[SeriesKey, DetectedSeries] = {}
        #: each sector's regions by dataset, read once for their construction steps
        self._panels = Panels(self._store)
        self._explained: dict[SeriesKey, Explained] = {}

    def close(self) -> None:
        with self._lock:
            self._store.close()

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted({i.city for i in self.catalog}))

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(sorted({i.dataset for i in self.catalog}))

    def series_info(self, region: str, sector: str, dataset: str | None) -> SeriesInfo:
        """The series a request names; the longest daily one when no dataset is given."""
        found = [i for i in self.catalog if i.city == region and i.sector == sector
                 and (dataset is None or i.dataset == dataset)]
        if not found:
            where = f" in dataset {dataset}" if dataset else ""
            raise NotInStore(f"no daily series for {region}/{sector}{where} in the store")
        return max(found, key=lambda i: (i.n_days, i.ingest_id))

    def detected(self, info: SeriesInfo, divided_by: str | None = None) -> DetectedSeries:
        """The series' detection, or its ratio's (``detect_divided``)."""
        return self._cached(
            self._detected,
            info,
            divided_by,
            lambda: detect_divided(self._store, info.city, info.sector, dataset=info.dataset,
                                   divided_by=divided_by,
                                   panel=self._panels.of(info.sector, info.dataset)),
        )

    def explained(self, info: SeriesInfo, divided_by: str | None = None) -> Explained:
        """The series explained against the corpus, with peers of its sector and dataset; a
        ratio (``divided_by``) is its own comparison and has none."""
        return self._cached(self._explained, info, divided_by,
                            lambda: self._explain(info, divided_by))

    def _cached(self, cache: dict[SeriesKey, V], info: SeriesInfo, divided_by: str | None,
                make: Callable[[], V]) -> V:
        """The series' entry of ``cache``, made once under the lock; a cached one is read
        without waiting for it."""
        key = (info.city, info.sector, info.dataset, divided_by or "")
        if key in cache:
            return cache[key]
        with self._lock:
            if key not in cache:
                cache[key] = make()
            return cache[key]

    def warm(self) -> int:
        """Explain every series, sector by sector (meant for a background thread).

        Returns how many were explained; a series the detector cannot analyse is skipped
        (its request answers with the reason).
        """
        done = 0
        for info in sorted(self.catalog, key=lambda i: (i.dataset, i.sector, i.city)):
            try:
                self.explained(info)
            except CarbonNodesError:
                continue
            done += 1
        return done

    def _explain(self, info: SeriesInfo, divided_by: str | None) -> Explained:
        target = self.detected(info, divided_by)
        peers = []
        for peer in self.catalog if divided_by is None else ():
            if peer.sector != info.sector or peer.dataset != info.dataset \
                    or peer.city in (info.city, NATIONAL):
                continue
            try:
                peers.append(self.detected(peer).detection)
            except SeriesError:
                continue  # a peer the detector cannot analyse is left out of the comparison
        section = explain_detected(self._store, target, self.corpus, peers=peers or None,
                                   settings=self.settings)
        record = provenance(self._store, self.corpus, [info.ingest_id], self.started,
                            {"detect": dict(target.detection.settings),
                             "attribute": self.settings, "peers": bool(peers),
                             "dataset": info.dataset, "divided_by": divided_by})
        context = build_context([section], self.corpus.documents, record)
        as_json = {lang: json.loads(render(context, "json", lang)) for lang in ("zh", "en")}
        return Explained(context.sections[0], context, as_json)

    def search(self, query: str, **filters: Any) -> list[Hit]:
        """Ranked measures for ``query``; the index keeps a query cache, hence the lock."""
        if self.corpus.index is None:
            return []
        with self._index_lock:
            return self.corpus.index.search(query, **filters)

    def document(self, doc_id: str) -> Document:
        found = self.documents.get(doc_id)
        if found is None:
            raise NotInStore(f"no document '{doc_id}' in the store")
        return found

    def version_diffs(self, doc_id: str) -> tuple[VersionDiff, ...]:
        """The document's draft/final comparisons (none when it has no family)."""
        self.document(doc_id)
        return self._diffs.get(doc_id, ())


def _ingests(store: Store) -> tuple[IngestRow, ...]:
    rows = store.con.execute(
        "SELECT ingest_id, kind, file, sha256, rows, dataset, layout, unit, source_unit, "
        "release, ingested_at FROM ingests ORDER BY ingest_id"
    ).fetchall()
    return tuple(
        IngestRow(
            ingest_id=int(r[0]), kind=str(r[1]), file=str(r[2]), sha256=str(r[3]),
            rows=int(r[4]), dataset=str(r[5] or ""), layout=str(r[6] or ""),
            unit=str(r[7] or ""), source_unit=str(r[8] or ""), release=str(r[9] or ""),
            ingested_at=iso_time(r[10]),
        )
        for r in rows
    )
