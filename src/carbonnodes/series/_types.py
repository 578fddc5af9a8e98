"""What the series stage hands back: the outcome of an ingest and the catalogue of series."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

IngestStatus = Literal["new", "unchanged", "replaced"]
Frequency = Literal["daily", "monthly"]


@dataclass(frozen=True)
class IngestResult:
    """One file of an ingest: its provenance and what it did to the store.

    ``status`` is ``"unchanged"`` when the very same file (SHA-256 and dataset) was ingested
    before — then ``ingest_id`` is that earlier ingest and nothing is written — or when every
    series in it equals the current version; ``"replaced"`` when at least one of its series
    superseded an older version; ``"new"`` otherwise. The ``series_*`` counts say how many
    (region, sector) series fell in each case.
    """

    file: str
    ingest_id: int
    sha256: str
    rows: int
    dataset: str
    layout: str
    unit: str
    source_unit: str
    frequency: Frequency
    release: str | None
    status: IngestStatus
    series_new: int = 0
    series_replaced: int = 0
    series_unchanged: int = 0


@dataclass(frozen=True)
class SeriesInfo:
    """One current series in the store.

    ``n_days`` counts the periods that carry a value (days, or months for a monthly series);
    ``n_missing`` the periods between ``start`` and ``end`` that do not (the gaps).
    """

    dataset: str
    city: str
    sector: str
    start: dt.date
    end: dt.date
    n_days: int
    n_missing: int
    unit: str
    frequency: Frequency
    ingest_id: int
    release: str | None
