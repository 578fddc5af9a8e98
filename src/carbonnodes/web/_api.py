"""The JSON API under /api: catalogue, series, nodes, explanations, corpus, search, runs.

Every handler validates its parameters (see ``_params``) and reads the in-memory
:class:`WebData`; nothing here writes to the store or touches the file system.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from carbonnodes.model import Scope
from carbonnodes.names import region_label, sector_label
from carbonnodes.web._json import (
    diff_json,
    document_json,
    hit_json,
    ingest_json,
    measure_json,
    series_json,
)
from carbonnodes.web._params import (
    DOC_ID_PATTERN,
    MAX_K,
    MAX_NAME,
    ChosenSeries,
    Data,
    DatasetQuery,
    DividedBy,
    DocType,
    LangQuery,
    Nodes,
    check_range,
    region_key,
    sector_key,
)
from carbonnodes.web._records import explanation_records, node_records

router = APIRouter(prefix="/api", tags=["api"])

OptionalRegion = Annotated[
    str | None, Query(min_length=1, max_length=MAX_NAME, description="Region, any spelling.")
]
OptionalSector = Annotated[
    str | None, Query(min_length=1, max_length=MAX_NAME, description="Sector, any spelling.")
]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many items.")]
DocId = Annotated[str, Path(pattern=DOC_ID_PATTERN, description="Document id (dcp-001).")]


@router.get("/regions", summary="Regions with series in the store")
def regions(data: Data, lang: LangQuery = "zh") -> list[dict[str, Any]]:
    return [
        {"key": key, "label": region_label(key, lang), "zh": region_label(key, "zh"),
         "en": region_label(key, "en"),
         "sectors": sorted({i.sector for i in data.catalog if i.city == key})}
        for key in data.regions
    ]


@router.get("/sectors", summary="Sectors with series in the store")
def sectors(data: Data, lang: LangQuery = "zh") -> list[dict[str, Any]]:
    keys = sorted({i.sector for i in data.catalog})
    return [{"key": k, "label": sector_label(k, lang), "zh": sector_label(k, "zh"),
             "en": sector_label(k, "en")} for k in keys]


@router.get("/series", summary="The daily series in the store, optionally filtered")
def series_list(
    data: Data, region: OptionalRegion = None, sector: OptionalSector = None,
    dataset: DatasetQuery = None, lang: LangQuery = "zh",
) -> list[dict[str, Any]]:
    region_k = region_key(region) if region else None
    sector_k = sector_key(sector) if sector else None
    return [
        series_json(i, lang) for i in data.catalog
        if (region_k is None or i.city == region_k) and (sector_k is None or i.sector == sector_k)
        and (dataset is None or i.dataset == dataset)
    ]


@router.get("/series/values", summary="One series' daily values and ordinary model")
def series_values(
    data: Data, info: ChosenSeries, divided_by: DividedBy,
    start: Annotated[dt.date | None, Query(description="First day (inclusive).")] = None,
    end: Annotated[dt.date | None, Query(description="Last day (inclusive).")] = None,
    lang: LangQuery = "zh",
) -> dict[str, Any]:
    if start is not None and end is not None:
        check_range(start, end + dt.timedelta(days=1))
    detected = data.detected(info, divided_by)
    series = detected.series
    first = max(series.index_of(start), 0) if start else 0
    last = min(series.index_of(end), len(series) - 1) if end else len(series) - 1
    days = range(first, last + 1)
    return {
        **series_json(info, lang),
        "unit": series.unit,  # a ratio's, where the series was divided
        "divided_by": list(detected.divided_by),
        "dates": [series.date_at(i).isoformat() for i in days],
        "values": [_finite(series.values[i]) for i in days],
        "ordinary": [_finite(detected.detection.ordinary[i]) for i in days],
    }


@router.get("/nodes", summary="Key nodes of one series")
def nodes(data: Data, info: ChosenSeries, keep: Nodes, divided_by: DividedBy,
          lang: LangQuery = "zh") -> list[dict[str, Any]]:
    return node_records(data.explained(info, divided_by), lang, keep)


@router.get("/explanations", summary="Key nodes of one series with their explanations")
def explanations(data: Data, info: ChosenSeries, keep: Nodes, divided_by: DividedBy,
                 lang: LangQuery = "zh") -> list[dict[str, Any]]:
    return explanation_records(data.explained(info, divided_by), lang, keep)


@router.get("/documents", summary="Policy documents (metadata only)")
def documents(
    data: Data, doc_type: Annotated[DocType | None, Query(alias="type")] = None,
    region: OptionalRegion = None, limit: Limit = 100, offset: Offset = 0,
) -> dict[str, Any]:
    region_k = region_key(region) if region else None
    kept = [d for d in data.documents.values()
            if (doc_type is None or d.doc_type == doc_type)
            and (region_k is None or d.region == region_k)]
    return {
        "total": len(kept),
        "documents": [document_json(d, len(data.measures_of.get(d.id, ())))
                      for d in kept[offset:offset + limit]],
    }


@router.get("/documents/{doc_id}", summary="One document: text, measures, draft/final changes")
def document(data: Data, doc_id: DocId) -> dict[str, Any]:
    d = data.document(doc_id)
    measures = data.measures_of.get(doc_id, ())
    return {
        **document_json(d, len(measures)),
        "text": d.text,
        "measure_list": [measure_json(m) for m in measures],
        "versions": [diff_json(v) for v in data.version_diffs(doc_id)],
    }


@router.get("/measures", summary="Measures of the corpus, optionally filtered")
def measures(
    data: Data,
    doc_id: Annotated[str | None, Query(pattern=DOC_ID_PATTERN)] = None,
    sector: OptionalSector = None, region: OptionalRegion = None,
    limit: Limit = 100, offset: Offset = 0,
) -> dict[str, Any]:
    if doc_id is not None:
        data.document(doc_id)
    sector_k = sector_key(sector) if sector else None
    region_k = region_key(region) if region else None
    pool = data.measures_of.get(doc_id, ()) if doc_id is not None else data.corpus.measures
    kept = [m for m in pool
            if (sector_k is None or sector_k in m.sectors)
            and (region_k is None or m.region == region_k)]
    return {"total": len(kept), "measures": [measure_json(m) for m in kept[offset:offset + limit]]}


@router.get("/search", summary="Search the measures (the filters of `carbonnodes search`)")
def search(
    data: Data,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Query text.")],
    sector: Annotated[list[str] | None, Query(max_length=8)] = None,
    region: OptionalRegion = None,
    scope: Scope | None = None,
    after: Annotated[dt.date | None, Query(description="Public on or after this day.")] = None,
    before: Annotated[dt.date | None, Query(description="Public before this day.")] = None,
    doc_type: Annotated[DocType | None, Query(alias="type")] = None,
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
) -> dict[str, Any]:
    check_range(after, before)
    hits = data.search(
        q,
        sectors=[sector_key(s) for s in sector] if sector else None,
        region=region_key(region) if region else None,
        scope=scope, after=after, before=before, doc_type=doc_type, k=k,
    )
    return {"query": q, "hits": [hit_json(i, h) for i, h in enumerate(hits, 1)]}


@router.get("/runs", summary="Ingested inputs with their provenance")
def runs(data: Data) -> list[dict[str, Any]]:
    return [ingest_json(r) for r in data.ingests]


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
