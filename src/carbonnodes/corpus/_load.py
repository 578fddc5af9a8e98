"""Reading the corpus back: documents, measures, and the differences between versions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from carbonnodes.corpus._family import MeasureChange, align_measures
from carbonnodes.corpus._store import read_documents, read_measures
from carbonnodes.errors import InputError
from carbonnodes.model import Document, Measure
from carbonnodes.store import Store


def load_documents(store: Store) -> list[Document]:
    """Every document with its metadata and text, by id; ``measures`` left empty.

    Listing needs no measures and the whole corpus' measures are large; use
    :func:`load_measures` (or :func:`load_document` for one document) to get them.
    """
    return read_documents(store)


def load_document(store: Store, doc_id: str) -> Document:
    """One document with its measures; :class:`InputError` when the id is unknown."""
    found = read_documents(store, doc_id)
    if not found:
        raise InputError(f"no document '{doc_id}' in the store (see 'carbonnodes corpus list')")
    return dataclasses.replace(found[0], measures=tuple(read_measures(store, doc_id)))


def load_measures(store: Store, *, doc_id: str | None = None) -> list[Measure]:
    """Every measure (or one document's), by document id and reading order."""
    return read_measures(store, doc_id)


@dataclass(frozen=True)
class VersionDiff:
    """A draft compared with its final, measure by measure."""

    family: str
    draft_id: str
    final_id: str
    changes: tuple[MeasureChange, ...]

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)


def version_diff(store: Store, doc_id: str) -> list[VersionDiff]:
    """How the document differs from its other versions (empty when it has none).

    For a final, one comparison per draft; for a draft, the comparison with its final.
    """
    load_document(store, doc_id)  # raises on an unknown id
    rows = store.con.execute(
        "SELECT f.doc_id, f.role, f.family FROM families f WHERE f.family = "
        "(SELECT family FROM families WHERE doc_id = ?) ORDER BY f.doc_id",
        [doc_id],
    ).fetchall()
    if not rows:
        return []
    family = str(rows[0][2])
    drafts = [str(r[0]) for r in rows if r[1] == "draft"]
    if doc_id in drafts:
        drafts = [doc_id]
    final_measures = read_measures(store, family)
    return [
        VersionDiff(
            family=family,
            draft_id=draft_id,
            final_id=family,
            changes=tuple(align_measures(read_measures(store, draft_id), final_measures)),
        )
        for draft_id in drafts
    ]


def measure_counts(store: Store) -> dict[str, int]:
    """Number of measures per document id (documents without measures are absent)."""
    rows = store.con.execute("SELECT doc_id, count(*) FROM measures GROUP BY doc_id").fetchall()
    return {str(doc_id): int(n) for doc_id, n in rows}
