"""``ingest_policies``: read, parse (pure), then write everything in one transaction.

Parsing happens before the store is touched, so a document that cannot be read or parsed is
reported and left out while the rest of the batch is written; the write itself is one
transaction, so a failure there leaves the store exactly as it was (nothing half-written).
A document whose sha256 is already stored is a no-op; the same id with new content replaces
the old version. Families (draft ↔ final) are recomputed over the whole corpus afterwards.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from carbonnodes.corpus._family import Version, link_versions
from carbonnodes.corpus._parse import parse_source
from carbonnodes.corpus._read import Skipped, Source, read_sources
from carbonnodes.corpus._store import (
    delete_documents,
    known_hashes,
    write_documents,
    write_families,
)
from carbonnodes.model import Document
from carbonnodes.store import Store

#: Called after each document: (done, total, file or record name).
ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IngestReport:
    """What an ingest stored, left alone and could not read."""

    stored: tuple[str, ...]  # ids of documents written (new or replaced)
    measures: int  # measures written
    unchanged: tuple[str, ...]  # ids already stored with the same content
    skipped: tuple[str, ...]  # one line per file or record that could not be read
    warnings: tuple[str, ...]  # "doc_id: warning" for every stored document's warnings

    @property
    def documents(self) -> int:
        return len(self.stored)


def _origin(source: Source) -> str:
    """The file a source came from (a JSONL record's file without its line number)."""
    path, _, line = source.file.rpartition(":")
    return path if path and line.isdigit() else source.file


def _parse_all(
    sources: Sequence[Source], known: dict[str, str], on_progress: ProgressCallback | None
) -> tuple[list[Document], list[str], list[str]]:
    documents: list[Document] = []
    unchanged: list[str] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    for done, source in enumerate(sources, start=1):
        if source.sha256 in known:
            unchanged.append(known[source.sha256])
        elif source.doc_id in seen:
            first = seen[source.doc_id]
            skipped.append(
                f"{source.file}: duplicate document id '{source.doc_id}' (first in {first})"
            )
        else:
            seen[source.doc_id] = source.file
            try:
                documents.append(parse_source(source))
            except Exception as exc:  # one odd document must not sink the batch
                skipped.append(f"{source.file}: cannot parse ({exc.__class__.__name__}: {exc})")
        if on_progress is not None:
            on_progress(done, len(sources), source.file)
    return documents, unchanged, skipped


def _record_ingests(
    con: duckdb.DuckDBPyConnection, documents: Sequence[Document], origins: dict[str, str]
) -> list[int]:
    """One ``ingests`` row per source file; returns each document's ingest id."""
    ids: dict[str, int] = {}
    counts: dict[str, int] = {}
    for document in documents:
        origin = origins[document.id]
        counts[origin] = counts.get(origin, 0) + 1
    for origin in sorted(counts):
        path = Path(origin)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        row = con.execute(
            "INSERT INTO ingests (ingest_id, kind, file, sha256, rows, dataset, layout, "
            "ingested_at) VALUES (nextval('ingest_seq'), 'policies', ?, ?, ?, 'policies', ?, "
            "now()) RETURNING ingest_id",
            [origin, digest, counts[origin], path.suffix.lstrip(".").lower()],
        ).fetchone()
        assert row is not None
        ids[origin] = int(row[0])
    return [ids[origins[d.id]] for d in documents]


def refresh_families(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every draft ↔ final link from the documents now in the store."""
    versions = [
        Version(doc_id, title, doc_type == "draft")
        for doc_id, title, doc_type in con.execute(
            "SELECT doc_id, title, doc_type FROM documents ORDER BY doc_id"
        ).fetchall()
    ]

    def body_of(doc_id: str) -> str:
        row = con.execute(
            "SELECT string_agg(text, '\n' ORDER BY ordinal) FROM measures WHERE doc_id = ?",
            [doc_id],
        ).fetchone()
        return str(row[0]) if row and row[0] else ""

    write_families(con, link_versions(versions, body_of))


def ingest_policies(
    store: Store,
    paths: Sequence[str | Path],
    *,
    on_progress: ProgressCallback | None = None,
    force: bool = False,
) -> IngestReport:
    """Read policy files or folders, split them into measures and store them.

    ``force`` re-parses documents already stored with the same content (after the parser
    improved, say) and replaces them; without it they are left alone.
    """
    read = list(read_sources([Path(p) for p in paths]))
    sources = [s for s in read if isinstance(s, Source)]
    skipped = [str(s) for s in read if isinstance(s, Skipped)]
    known = {} if force else known_hashes(store)
    documents, unchanged, parse_skips = _parse_all(sources, known, on_progress)
    skipped.extend(parse_skips)
    origins: dict[str, str] = {}
    for source in sources:
        origins.setdefault(source.doc_id, _origin(source))
    if documents:
        with store.transaction() as con:
            delete_documents(con, [d.id for d in documents])
            write_documents(con, documents, _record_ingests(con, documents, origins))
            refresh_families(con)
    return IngestReport(
        stored=tuple(d.id for d in documents),
        measures=sum(len(d.measures) for d in documents),
        unchanged=tuple(unchanged),
        skipped=tuple(skipped),
        warnings=tuple(f"{d.id}: {w}" for d in documents for w in d.warnings),
    )
