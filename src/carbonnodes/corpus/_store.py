"""Documents, measures, targets and families in the store, both ways.

Writes go through column-wise DataFrames (one INSERT per table per batch, not one per row)
and always inside the caller's transaction. Reads return the model dataclasses in a stable order:
documents by id, measures by document and reading order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import pandas as pd

from carbonnodes.corpus._parse import PARSER_REVISION
from carbonnodes.model import DocDates, Document, Measure, Scope, Target
from carbonnodes.store import Store

_DOC_COLUMNS = (
    "doc_id, title, number, issuers, signed, published, effective, scope, region, doc_type, "
    "abridged, url, file, sha256, warnings"
)
_MEASURE_COLUMNS = (
    "measure_id, doc_id, number, title, text, kind, departments, sectors, signed, published, "
    "effective, scope, region, source, span_start, span_end"
)


#: Column types the store declares, so that empty or all-NULL columns still insert cleanly.
_TYPES = {
    "issuers": "VARCHAR[]", "warnings": "VARCHAR[]", "departments": "VARCHAR[]",
    "sectors": "VARCHAR[]", "signed": "DATE", "published": "DATE", "effective": "DATE",
    "ingest_id": "INTEGER", "ordinal": "INTEGER", "year": "INTEGER", "value": "DOUBLE",
    "span_start": "INTEGER", "span_end": "INTEGER", "abridged": "BOOLEAN",
    "similarity": "DOUBLE",
}


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: dict[str, list[Any]]) -> None:
    """One INSERT for a whole column-wise batch (a DataFrame scan, not a row loop)."""
    frame = pd.DataFrame(rows)
    columns = ", ".join(rows)
    selected = ", ".join(f"CAST({c} AS {_TYPES.get(c, 'VARCHAR')})" for c in rows)
    con.register("_corpus_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {selected} FROM _corpus_rows")
    finally:
        con.unregister("_corpus_rows")


def delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Remove documents with their measures, targets and family rows."""
    if not doc_ids:
        return
    ids = list(doc_ids)
    con.execute(
        "DELETE FROM targets WHERE measure_id IN "
        "(SELECT measure_id FROM measures WHERE list_contains(?, doc_id))",
        [ids],
    )
    for table in ("measures", "families", "documents"):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [ids])


def write_documents(
    con: duckdb.DuckDBPyConnection, documents: Sequence[Document], ingest_ids: Sequence[int]
) -> None:
    """Insert parsed documents (already free of clashes) with everything they hold."""
    docs: dict[str, list[Any]] = defaultdict(list)
    measures: dict[str, list[Any]] = defaultdict(list)
    targets: dict[str, list[Any]] = defaultdict(list)
    value: Any
    for document, ingest_id in zip(documents, ingest_ids, strict=True):
        for key, value in (
            ("doc_id", document.id), ("title", document.title), ("number", document.number),
            ("issuers", list(document.issuers)), ("signed", document.dates.signed),
            ("published", document.dates.published), ("effective", document.dates.effective),
            ("scope", document.scope), ("region", document.region),
            ("doc_type", document.doc_type), ("abridged", document.abridged),
            ("url", document.url), ("file", document.file), ("sha256", document.sha256),
            ("text", document.text), ("warnings", list(document.warnings)),
            ("ingest_id", ingest_id), ("parser", PARSER_REVISION),
        ):
            docs[key].append(value)
        for ordinal, m in enumerate(document.measures, start=1):
            for key, value in (
                ("measure_id", m.id), ("doc_id", m.doc_id), ("ordinal", ordinal),
                ("number", m.number), ("title", m.title), ("text", m.text), ("kind", m.kind),
                ("departments", list(m.departments)), ("sectors", list(m.sectors)),
                ("signed", m.dates.signed), ("published", m.dates.published),
                ("effective", m.dates.effective), ("scope", m.scope), ("region", m.region),
                ("source", m.source), ("span_start", m.span[0]), ("span_end", m.span[1]),
            ):
                measures[key].append(value)
            for t_ordinal, t in enumerate(m.targets, start=1):
                for key, value in (
                    ("measure_id", m.id), ("ordinal", t_ordinal), ("year", t.year),
                    ("indicator", t.indicator), ("value", t.value), ("unit", t.unit),
                    ("qualifier", t.qualifier), ("text", t.text),
                ):
                    targets[key].append(value)
    for table, rows in (("documents", docs), ("measures", measures), ("targets", targets)):
        if rows:
            _insert(con, table, dict(rows))


def write_families(
    con: duckdb.DuckDBPyConnection, rows: Iterable[tuple[str, str, str, float]]
) -> None:
    """Replace the family table: (doc_id, family, role, similarity) rows."""
    con.execute("DELETE FROM families")
    listed = list(rows)
    if listed:  # nothing to insert when no document has a second version
        _insert(
            con,
            "families",
            {
                "doc_id": [r[0] for r in listed],
                "family": [r[1] for r in listed],
                "role": [r[2] for r in listed],
                "similarity": [r[3] for r in listed],
            },
        )


def known_hashes(store: Store) -> dict[str, str]:
    """sha256 → doc_id of every stored document read by this parser revision (an older
    reading is not known: the file is read again)."""
    rows = store.con.execute(
        "SELECT sha256, doc_id FROM documents WHERE parser = ?", [PARSER_REVISION]
    ).fetchall()
    return {str(sha): str(doc_id) for sha, doc_id in rows}


def _targets(store: Store, doc_id: str | None) -> dict[str, list[Target]]:
    query = "SELECT t.measure_id, year, indicator, value, unit, qualifier, t.text FROM targets t"
    params: list[Any] = []
    if doc_id is not None:
        query += " JOIN measures m USING (measure_id) WHERE m.doc_id = ?"
        params.append(doc_id)
    query += " ORDER BY t.measure_id, t.ordinal"
    found: dict[str, list[Target]] = defaultdict(list)
    for measure_id, year, indicator, value, unit, qualifier, text in store.con.execute(
        query, params
    ).fetchall():
        found[measure_id].append(Target(year, indicator, float(value), unit, qualifier, text))
    return found


def read_measures(store: Store, doc_id: str | None = None) -> list[Measure]:
    query = f"SELECT {_MEASURE_COLUMNS} FROM measures"
    params: list[Any] = []
    if doc_id is not None:
        query += " WHERE doc_id = ?"
        params.append(doc_id)
    query += " ORDER BY doc_id, ordinal"
    targets = _targets(store, doc_id)
    measures = []
    for row in store.con.execute(query, params).fetchall():
        (measure_id, m_doc, number, title, text, kind, departments, sectors, signed,
         published, effective, scope, region, source, span_start, span_end) = row
        measures.append(
            Measure(
                id=measure_id,
                doc_id=m_doc,
                number=number,
                title=title,
                text=text,
                departments=tuple(departments),
                sectors=tuple(sectors),
                targets=tuple(targets.get(measure_id, ())),
                dates=DocDates(signed, published, effective),
                scope=_scope(scope),
                region=region,
                source=source,
                span=(int(span_start), int(span_end)),
                kind=kind,
            )
        )
    return measures


def _scope(value: str) -> Scope:
    if value == "national":
        return "national"
    if value == "city":
        return "city"
    return "province"


def read_documents(store: Store, doc_id: str | None = None) -> list[Document]:
    query = (
        f"SELECT {_DOC_COLUMNS}, text, coalesce(f.family, '') FROM documents d "
        "LEFT JOIN families f USING (doc_id)"
    )
    params: list[Any] = []
    if doc_id is not None:
        query += " WHERE doc_id = ?"
        params.append(doc_id)
    query += " ORDER BY doc_id"
    documents = []
    for row in store.con.execute(query, params).fetchall():
        (d_id, title, number, issuers, signed, published, effective, scope, region, doc_type,
         abridged, url, file, sha256, warnings, text, family) = row
        documents.append(
            Document(
                id=d_id,
                title=title,
                number=number,
                issuers=tuple(issuers),
                dates=DocDates(signed, published, effective),
                scope=_scope(scope),
                region=region,
                doc_type=doc_type,
                abridged=bool(abridged),
                url=url,
                file=file,
                sha256=sha256,
                text=text,
                warnings=tuple(warnings),
                family=family,
            )
        )
    return documents
