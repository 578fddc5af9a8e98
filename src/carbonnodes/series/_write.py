"""Writing one checked file into the store: its provenance row and the series it changes.

Called inside the caller's transaction. A file already ingested (same SHA-256, same dataset)
writes nothing. Otherwise each of its series is compared, by a hash of its dates and values,
with the current version of the same dataset/region/sector: equal ones are left alone, new
ones are added, changed ones become current and the old version keeps its rows and ingest id.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from carbonnodes.series._parse import ParsedFile, SeriesPart
from carbonnodes.series._types import IngestResult, IngestStatus


def write_file(
    con: duckdb.DuckDBPyConnection, parsed: ParsedFile, now: dt.datetime
) -> IngestResult:
    """Store one parsed file; returns what it did."""
    raw, layout = parsed.raw, parsed.layout
    unit = layout.value_unit
    known = con.execute(
        "SELECT min(ingest_id) FROM ingests WHERE kind = 'emissions' AND sha256 = ? "
        "AND dataset = ?",
        [raw.sha256, layout.dataset],
    ).fetchone()
    if known is not None and known[0] is not None:
        return _result(parsed, int(known[0]), "unchanged", unchanged=len(parsed.parts))
    next_id = con.execute("SELECT nextval('ingest_seq')").fetchone()
    assert next_id is not None
    ingest_id = int(next_id[0])
    con.execute(
        "INSERT INTO ingests (ingest_id, kind, file, sha256, rows, dataset, layout, unit, "
        "source_unit, release, ingested_at) VALUES (?, 'emissions', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [ingest_id, raw.file, raw.sha256, raw.n_rows, layout.dataset, layout.name, unit.unit,
         unit.source_unit, parsed.release, now],
    )
    current = {
        (region, sector): digest
        for region, sector, digest in con.execute(
            "SELECT region, sector, content_sha256 FROM emission_series "
            "WHERE dataset = ? AND is_current",
            [layout.dataset],
        ).fetchall()
    }
    stored = [p for p in parsed.parts if current.get((p.region, p.sector)) != p.content_sha256]
    replaced = [p for p in stored if (p.region, p.sector) in current]
    _retire(con, layout.dataset, replaced)
    _insert(con, parsed, ingest_id, stored)
    return _result(
        parsed,
        ingest_id,
        "replaced" if replaced else "new" if stored else "unchanged",
        new=len(stored) - len(replaced),
        replaced=len(replaced),
        unchanged=len(parsed.parts) - len(stored),
    )


def _result(
    parsed: ParsedFile,
    ingest_id: int,
    status: IngestStatus,
    *,
    new: int = 0,
    replaced: int = 0,
    unchanged: int = 0,
) -> IngestResult:
    raw, layout = parsed.raw, parsed.layout
    return IngestResult(
        file=raw.file,
        ingest_id=ingest_id,
        sha256=raw.sha256,
        rows=raw.n_rows,
        dataset=layout.dataset,
        layout=layout.name,
        unit=layout.value_unit.unit,
        source_unit=layout.value_unit.source_unit,
        frequency=layout.value_unit.frequency,
        release=parsed.release,
        status=status,
        series_new=new,
        series_replaced=replaced,
        series_unchanged=unchanged,
    )


def _retire(con: duckdb.DuckDBPyConnection, dataset: str, parts: list[SeriesPart]) -> None:
    """Mark the current versions of these series as replaced."""
    if not parts:
        return
    keys = pd.DataFrame({"region": [p.region for p in parts], "sector": [p.sector for p in parts]})
    con.register("retired_keys", keys)
    try:
        con.execute(
            "UPDATE emission_series SET is_current = false FROM retired_keys k "
            "WHERE emission_series.dataset = ? AND emission_series.is_current "
            "AND emission_series.region = k.region AND emission_series.sector = k.sector",
            [dataset],
        )
    finally:
        con.unregister("retired_keys")


def _insert(
    con: duckdb.DuckDBPyConnection, parsed: ParsedFile, ingest_id: int, parts: list[SeriesPart]
) -> None:
    """Add the series versions and their values under this ingest id."""
    if not parts:
        return
    unit = parsed.layout.value_unit
    versions = pd.DataFrame(
        {
            "region": [p.region for p in parts],
            "sector": [p.sector for p in parts],
            "start_date": [p.start for p in parts],
            "end_date": [p.end for p in parts],
            "n_obs": [p.n_obs for p in parts],
            "n_missing": [p.n_missing for p in parts],
            "content_sha256": [p.content_sha256 for p in parts],
        }
    )
    frame = parsed.frame
    if len(parts) < len(parsed.parts):
        wanted = {(p.region, p.sector) for p in parts}
        pairs = zip(frame["region"].to_numpy(), frame["sector"].to_numpy(), strict=True)
        frame = frame[np.fromiter((pair in wanted for pair in pairs), bool, len(frame))]
    values = frame[["region", "sector", "date", "value"]]
    con.register("incoming_series", versions)
    con.register("incoming_values", values)
    try:
        con.execute(
            "INSERT INTO emission_series SELECT ?, ?, region, sector, ?, ?, "
            "CAST(start_date AS DATE), CAST(end_date AS DATE), n_obs, n_missing, "
            "content_sha256, true FROM incoming_series",
            [ingest_id, parsed.layout.dataset, unit.frequency, unit.unit],
        )
        con.execute(
            "INSERT INTO emission_values SELECT ?, ?, region, sector, CAST(date AS DATE), value "
            "FROM incoming_values",
            [ingest_id, parsed.layout.dataset],
        )
    finally:
        con.unregister("incoming_series")
        con.unregister("incoming_values")
