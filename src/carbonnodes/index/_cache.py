"""Keeping the built index in the store, keyed by a hash of what it was built from.

Tokenising the whole corpus is the slow part of opening an index; the weights it yields are
saved as one ``.npz`` blob in ``index_cache``. Any change to a measure, a document title or
type, the domain dictionary or the index settings changes the snapshot hash, and the next
open rebuilds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import scipy.sparse as sp

from carbonnodes.index._analyze import Analyzer
from carbonnodes.index._bm25 import K1, Bm25
from carbonnodes.index._index import DOC_TITLE, TEXT, TITLE, DocInfo, MeasureIndex
from carbonnodes.index._text import domain_terms
from carbonnodes.model import Measure
from carbonnodes.store import Store

#: Bump when the layout of the blob or the scoring changes.
INDEX_FORMAT = 1
_SEPARATOR = "\n"


def snapshot_hash(measures: Sequence[Measure], docs: dict[str, DocInfo], analyzer: Analyzer) -> str:
    """sha256 over everything the index depends on, in a fixed order."""
    digest = hashlib.sha256()
    settings = (INDEX_FORMAT, analyzer, K1, TITLE, TEXT, DOC_TITLE, domain_terms())
    digest.update(repr(settings).encode())
    for m in sorted(measures, key=lambda m: m.id):
        for part in (m.id, m.doc_id, m.title, m.text):
            digest.update(part.encode())
            digest.update(b"\x00")
    for doc_id in sorted(docs):
        digest.update(f"{doc_id}\x00{docs[doc_id].title}\x00{docs[doc_id].doc_type}\x01".encode())
    return digest.hexdigest()


def _joined(words: Sequence[str]) -> np.ndarray:
    return np.frombuffer(_SEPARATOR.join(words).encode(), dtype=np.uint8)


def _split(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode()
    return text.split(_SEPARATOR) if text else []


def to_blob(index: MeasureIndex) -> bytes:
    """Weights, idf, vocabulary, traditional-script documents (and embeddings) as ``.npz``."""
    weights = index.bm25.weights
    vocabulary = sorted(index.bm25.vocabulary, key=index.bm25.vocabulary.__getitem__)
    arrays: dict[str, Any] = {
        "data": weights.data,
        "indices": weights.indices,
        "indptr": weights.indptr,
        "shape": np.asarray(weights.shape, dtype=np.int64),
        "idf": index.bm25.idf,
        "vocabulary": _joined(vocabulary),
        "traditional": _joined(sorted(index.traditional)),
    }
    if index.embeddings is not None:
        arrays["embeddings"] = index.embeddings
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def from_blob(
    blob: bytes, measures: Sequence[Measure], docs: dict[str, DocInfo], analyzer: Analyzer
) -> MeasureIndex:
    """The index :func:`to_blob` saved, around the same measures."""
    with np.load(io.BytesIO(blob), allow_pickle=False) as saved:
        shape = tuple(int(x) for x in saved["shape"])
        weights = sp.csc_matrix((saved["data"], saved["indices"], saved["indptr"]), shape=shape)
        vocabulary = {t: i for i, t in enumerate(_split(saved["vocabulary"]))}
        bm25 = Bm25(weights, saved["idf"], vocabulary)
        traditional = frozenset(_split(saved["traditional"]))
        embeddings = saved["embeddings"] if "embeddings" in saved.files else None
    ordered = sorted(measures, key=lambda m: m.id)
    return MeasureIndex(ordered, docs, bm25, traditional, analyzer, embeddings)


def read_cached(store: Store, snapshot: str) -> bytes | None:
    """The cached blob for this snapshot, if any (a store without the table has none)."""
    try:
        row = store.con.execute(
            "SELECT blob FROM index_cache WHERE snapshot = ?", [snapshot]
        ).fetchone()
    except duckdb.Error:
        return None
    return None if row is None else bytes(row[0])


def write_cached(store: Store, snapshot: str, analyzer: Analyzer, blob: bytes) -> bool:
    """Replace the cached index; False when the store cannot be written (read-only)."""
    try:
        with store.transaction() as con:
            con.execute("DELETE FROM index_cache")
            con.execute(
                "INSERT INTO index_cache VALUES (?, ?, ?, ?)",
                [snapshot, analyzer, dt.datetime.now(dt.UTC).replace(tzinfo=None), blob],
            )
    except duckdb.Error:
        return False
    return True
