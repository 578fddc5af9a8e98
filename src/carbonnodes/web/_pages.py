"""The HTML pages: choose a series, see its nodes and explanations, search, documents, runs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from carbonnodes.corpus import DOC_TYPES
from carbonnodes.errors import InputError, SeriesError
from carbonnodes.model import SCOPES, Scope
from carbonnodes.report import KIND_COLOURS, Formatter, chart_svg
from carbonnodes.web._highlight import marked_passage, marked_text
from carbonnodes.web._labels import WebLabels
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
    check_range,
    region_key,
    sector_key,
)
from carbonnodes.web._templates import page

router = APIRouter(include_in_schema=False)

OptionalName = Annotated[str | None, Query(max_length=MAX_NAME)]


def _choices(data: Data, lang: str, divided_by: str | None = None) -> dict[str, Any]:
    """The chooser's options, and what the shown series is divided by (None: nothing)."""
    f = Formatter(WebLabels(lang).report)
    return {
        "regions": [(k, f.region(k)) for k in data.regions],
        "sectors": [(k, f.sector(k)) for k in sorted({i.sector for i in data.catalog})],
        "datasets": data.datasets,
        "divided_by": divided_by or "",
    }


@router.get("/", response_class=HTMLResponse)
def home(request: Request, data: Data, lang: LangQuery = "zh") -> HTMLResponse:
    return page(request, "home.html.j2", lang, catalog=data.catalog, selected=None,
                **_choices(data, lang))


@router.get("/series", response_class=HTMLResponse)
def series_page(
    request: Request, data: Data,
    info: ChosenSeries,
    divided_by: DividedBy,
    dataset: DatasetQuery = None,
    node: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    lang: LangQuery = "zh",
) -> HTMLResponse:
    selected = (info.city, info.sector, dataset or "")
    try:
        explained = data.explained(info, divided_by)
    except SeriesError as exc:  # e.g. all zero: say so beside the chooser, not on a bare page
        return page(request, "unusable.html.j2", lang, status=422, info=info,
                    message=" ".join(str(exc).split()), selected=selected,
                    **_choices(data, lang, divided_by))
    section = explained.section
    if node is not None and node > len(section.nodes):
        raise InputError(f"the series has {len(section.nodes)} nodes, not {node}", field="node")
    f = Formatter(WebLabels(lang).report)
    chosen = section.nodes[node - 1] if node else None
    return page(
        request, "series.html.j2", lang,
        info=info, section=section, chosen=chosen, provenance=explained.context.provenance,
        mixes=[m for m in chosen.mixes if len(m.numbers) > 1] if chosen else [],
        chart=chart_svg(section, f), kind_colours=KIND_COLOURS,
        selected=selected,
        query={"region": info.city, "sector": info.sector, "dataset": info.dataset,
               "divided_by": divided_by or "", "lang": lang},
        **_choices(data, lang, divided_by),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, data: Data,
    q: Annotated[str, Query(max_length=200)] = "",
    sector: Annotated[list[str] | None, Query(max_length=8)] = None,
    region: OptionalName = None,
    scope: Annotated[Scope | None, Query()] = None,
    after: Annotated[str | None, Query(max_length=10)] = None,
    before: Annotated[str | None, Query(max_length=10)] = None,
    doc_type: Annotated[DocType | None, Query(alias="type")] = None,
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
    lang: LangQuery = "zh",
) -> HTMLResponse:
    # Empty form fields arrive as '' and mean "no filter".
    sector_keys = [sector_key(s) for s in sector or () if s]
    region_k = region_key(region) if region else None
    after_day, before_day = _day(after, "after"), _day(before, "before")
    check_range(after_day, before_day)
    hits = []
    if q.strip():
        hits = data.search(q, sectors=sector_keys or None, region=region_k,
                           scope=scope, after=after_day, before=before_day, doc_type=doc_type,
                           k=k)
    return page(
        request, "search.html.j2", lang,
        q=q, hits=[(h, marked_passage(h.passage, h.terms)) for h in hits],
        form={"sectors": sector_keys, "region": region_k or "", "scope": scope or "",
              "after": after or "", "before": before or "", "type": doc_type or "", "k": k},
        scopes=SCOPES, doc_types=DOC_TYPES, **_choices(data, lang),
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, data: Data, lang: LangQuery = "zh") -> HTMLResponse:
    docs = sorted(data.documents.values(), key=lambda d: d.id)
    counts = {d.id: len(data.measures_of.get(d.id, ())) for d in docs}
    return page(request, "documents.html.j2", lang, documents=docs, counts=counts)


@router.get("/document/{doc_id}", response_class=HTMLResponse)
def document_page(
    request: Request, data: Data,
    doc_id: Annotated[str, Path(pattern=DOC_ID_PATTERN)], lang: LangQuery = "zh",
) -> HTMLResponse:
    document = data.document(doc_id)
    measures = data.measures_of.get(doc_id, ())
    return page(
        request, "document.html.j2", lang,
        document=document, measures=measures, text=marked_text(document.text, measures),
        versions=data.version_diffs(doc_id),
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, data: Data, lang: LangQuery = "zh") -> HTMLResponse:
    return page(request, "runs.html.j2", lang, ingests=data.ingests)


@router.get("/apidocs", response_class=HTMLResponse)
def api_page(request: Request, lang: LangQuery = "zh") -> HTMLResponse:
    """The API's operations and parameters, read from the app's own OpenAPI schema."""
    schema = request.app.openapi()
    operations = [
        (path, item["get"]) for path, item in schema["paths"].items() if "get" in item
    ]
    return page(request, "apidocs.html.j2", lang, operations=operations)


def _day(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"'{value}' is not a date (YYYY-MM-DD)", field=field) from None


