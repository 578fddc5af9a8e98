"""Downloads of nodes and explanations as CSV or JSON, with the filters of the API listings."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from carbonnodes.series import SeriesInfo
from carbonnodes.web._params import ChosenSeries, Data, LangQuery, Nodes
from carbonnodes.web._records import (
    LINK_COLUMNS,
    NODE_COLUMNS,
    csv_text,
    explanation_records,
    link_rows,
    node_records,
    node_rows,
)

router = APIRouter(prefix="/api/download", tags=["downloads"])

_CSV = {"description": "CSV file, UTF-8 with a header row", "content": {"text/csv": {}}}


@router.get("/nodes.csv", summary="Nodes of one series as CSV", response_class=Response,
            responses={200: _CSV})
def nodes_csv(data: Data, info: ChosenSeries, keep: Nodes, lang: LangQuery = "zh") -> Response:
    rows = node_rows(node_records(data.explained(info), lang, keep))
    return _file(csv_text(NODE_COLUMNS, rows), info, "nodes", "csv")


@router.get("/nodes.json", summary="Nodes of one series as a JSON file", response_class=Response)
def nodes_file(data: Data, info: ChosenSeries, keep: Nodes, lang: LangQuery = "zh") -> Response:
    return _file(_json(info, node_records(data.explained(info), lang, keep)), info, "nodes",
                 "json")


@router.get("/explanations.csv", summary="Explanations (one row per link) as CSV",
            response_class=Response, responses={200: _CSV})
def explanations_csv(data: Data, info: ChosenSeries, keep: Nodes,
                     lang: LangQuery = "zh") -> Response:
    rows = link_rows(explanation_records(data.explained(info), lang, keep))
    return _file(csv_text(LINK_COLUMNS, rows), info, "explanations", "csv")


@router.get("/explanations.json", summary="Nodes with their explanations as a JSON file",
            response_class=Response)
def explanations_file(data: Data, info: ChosenSeries, keep: Nodes,
                      lang: LangQuery = "zh") -> Response:
    records = explanation_records(data.explained(info), lang, keep)
    return _file(_json(info, records), info, "explanations", "json")


def _json(info: SeriesInfo, records: list[dict[str, Any]]) -> str:
    payload = {"region": info.city, "sector": info.sector, "dataset": info.dataset,
               "nodes": records}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _file(text: str, info: SeriesInfo, what: str, ext: str) -> Response:
    """An attachment named from canonical keys only (ASCII, no path parts)."""
    name = f"{what}-{info.city}-{info.sector}-{info.dataset}.{ext}"
    media = "text/csv; charset=utf-8" if ext == "csv" else "application/json"
    return Response(text, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
