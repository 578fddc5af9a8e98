"""Measures, documents, search hits and series as plain JSON (ISO dates, lists)."""

from __future__ import annotations

import dataclasses
from typing import Any

from carbonnodes.corpus import VersionDiff
from carbonnodes.index import Hit
from carbonnodes.model import DocDates, Document, Measure
from carbonnodes.names import region_label, sector_label
from carbonnodes.series import SeriesInfo
from carbonnodes.web._data import IngestRow


def dates_json(dates: DocDates) -> dict[str, str | None]:
    return {
        "signed": _iso(dates.signed),
        "published": _iso(dates.published),
        "effective": _iso(dates.effective),
        "earliest_public": _iso(dates.earliest_public),
    }


def measure_json(m: Measure) -> dict[str, Any]:
    return {
        "id": m.id,
        "doc_id": m.doc_id,
        "number": m.number,
        "title": m.title,
        "text": m.text,
        "kind": m.kind,
        "departments": list(m.departments),
        "sectors": list(m.sectors),
        "targets": [dataclasses.asdict(t) for t in m.targets],
        "dates": dates_json(m.dates),
        "scope": m.scope,
        "region": m.region,
        "source": m.source,
        "span": list(m.span),
    }


def document_json(d: Document, measures: int) -> dict[str, Any]:
    """A document's metadata (the text and measures are asked for separately)."""
    return {
        "id": d.id,
        "title": d.title,
        "number": d.number,
        "issuers": list(d.issuers),
        "dates": dates_json(d.dates),
        "scope": d.scope,
        "region": d.region,
        "doc_type": d.doc_type,
        "abridged": d.abridged,
        "url": d.url,
        "family": d.family,
        "measures": measures,
        "warnings": list(d.warnings),
    }


def diff_json(diff: VersionDiff) -> dict[str, Any]:
    return {
        "family": diff.family,
        "draft_id": diff.draft_id,
        "final_id": diff.final_id,
        "counts": {s: diff.count(s) for s in ("same", "reworded", "added", "removed")},
        "changes": [
            {
                "status": c.status,
                "similarity": c.similarity,
                "draft": _brief(c.draft),
                "final": _brief(c.final),
            }
            for c in diff.changes
        ],
    }


def _brief(m: Measure | None) -> dict[str, str] | None:
    if m is None:
        return None
    return {"id": m.id, "number": m.number, "title": m.title, "text": m.text}


def hit_json(rank: int, hit: Hit) -> dict[str, Any]:
    return {
        "rank": rank,
        "score": round(hit.score, 4),
        "passage": hit.passage,
        "passage_span": list(hit.passage_span),
        "terms": list(hit.terms),
        "doc_title": hit.doc_title,
        "doc_type": hit.doc_type,
        "measure": measure_json(hit.measure),
    }


def series_json(info: SeriesInfo, lang: str) -> dict[str, Any]:
    return {
        "region": info.city,
        "region_label": region_label(info.city, lang),
        "sector": info.sector,
        "sector_label": sector_label(info.sector, lang),
        "dataset": info.dataset,
        "start": info.start.isoformat(),
        "end": info.end.isoformat(),
        "days": info.n_days,
        "missing": info.n_missing,
        "unit": info.unit,
        "ingest_id": info.ingest_id,
        "release": info.release,
    }


def ingest_json(row: IngestRow) -> dict[str, Any]:
    return dataclasses.asdict(row)


def _iso(day: object) -> str | None:
    iso = getattr(day, "isoformat", None)
    return str(iso()) if callable(iso) else None
