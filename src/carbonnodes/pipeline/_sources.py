"""Where an explained series and corpus came from, read from the store's ingests table."""

from __future__ import annotations

from collections.abc import Sequence

from carbonnodes.report import InputFile, SeriesSource
from carbonnodes.series import SeriesInfo, list_series
from carbonnodes.store import Store

_COLUMNS = "ingest_id, kind, file, sha256, rows, dataset, release, ingested_at"


def series_info(store: Store, city: str, sector: str, dataset: str | None) -> SeriesInfo | None:
    """The catalogue entry ``load_series`` picks: daily, most days, then latest ingest."""
    found = [
        i for i in list_series(store)
        if i.city == city and i.sector == sector and i.frequency == "daily"
        and (dataset is None or i.dataset == dataset)
    ]
    return max(found, key=lambda i: (i.n_days, i.ingest_id), default=None)


def series_source(store: Store, info: SeriesInfo | None) -> SeriesSource:
    if info is None:
        return SeriesSource(dataset="", file="")
    row = store.con.execute(
        "SELECT file, release, ingested_at FROM ingests WHERE ingest_id = ?", [info.ingest_id]
    ).fetchone()
    if row is None:
        return SeriesSource(dataset=info.dataset, file="", release=info.release or "")
    file, release, ingested_at = row
    return SeriesSource(
        dataset=info.dataset,
        file=str(file),
        release=str(release or info.release or ""),
        ingested_at=iso_time(ingested_at),
    )


def input_files(store: Store, emission_ingests: Sequence[int]) -> tuple[InputFile, ...]:
    """The emission files the report's series came from and every ingested policy file."""
    rows = store.con.execute(
        f"SELECT {_COLUMNS} FROM ingests WHERE kind <> 'emissions' OR ingest_id IN "
        f"(SELECT unnest(?::INTEGER[])) ORDER BY kind, file, ingest_id",
        [sorted(set(emission_ingests))],
    ).fetchall()
    return tuple(
        InputFile(kind=str(kind), file=str(file), sha256=str(sha), rows=int(n),
                  dataset=str(dataset or ""), release=str(release or ""),
                  ingested_at=iso_time(ingested_at))
        for _, kind, file, sha, n, dataset, release, ingested_at in rows
    )


def iso_time(value: object) -> str:
    """A stored timestamp as ISO text to the second ('' when there is none)."""
    if value is None:
        return ""
    iso = getattr(value, "isoformat", None)
    return str(iso(timespec="seconds")) if callable(iso) else str(value)
