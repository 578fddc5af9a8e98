"""What a reader needs to reproduce a report: inputs with hashes, corpus snapshot, settings."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from carbonnodes.errors import InputError
from carbonnodes.model import Document


@dataclass(frozen=True)
class InputFile:
    """One ingested file, as the store's ingests table records it."""

    kind: str
    file: str
    sha256: str
    rows: int
    dataset: str = ""
    release: str = ""
    ingested_at: str = ""


@dataclass(frozen=True)
class Provenance:
    """The reproducibility footer; ``run_time`` is its only non-deterministic field."""

    tool_version: str
    inputs: tuple[InputFile, ...]
    corpus_snapshot: str
    corpus_documents: int
    run_time: str
    settings: Mapping[str, object] = field(default_factory=dict)


def corpus_snapshot(documents: Iterable[Document]) -> str:
    """SHA-256 over the sorted (document id, document sha256) pairs: same corpus, same hash."""
    digest = hashlib.sha256()
    for doc_id, sha in sorted((d.id, d.sha256) for d in documents):
        digest.update(f"{doc_id}\t{sha}\n".encode())
    return digest.hexdigest()


def run_time(fixed: str | None, environ: Mapping[str, str], now: dt.datetime) -> str:
    """The time stamped on a report: ``fixed`` if given, else SOURCE_DATE_EPOCH, else ``now``.

    Fixing it makes two runs on the same input byte-identical.
    """
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed)
        except ValueError as exc:
            raise InputError(f"'{fixed}' is not an ISO date-time", field="fixed-time") from exc
    elif environ.get("SOURCE_DATE_EPOCH"):
        try:
            moment = dt.datetime.fromtimestamp(int(environ["SOURCE_DATE_EPOCH"]), dt.UTC)
        except ValueError as exc:
            raise InputError("SOURCE_DATE_EPOCH is not a whole number of seconds",
                             field="SOURCE_DATE_EPOCH") from exc
    else:
        moment = now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
