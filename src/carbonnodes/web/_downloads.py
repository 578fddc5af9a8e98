"""Downloads of nodes and explanations as CSV or JSON, with the filters of the API listings."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from carbonnodes.series import SeriesInfo
from carbonnodes.web._params import ChosenSeries, Data, DividedBy, LangQuery, Nodes
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
def nodes_csv(data: Data, info: ChosenSeries, keep: Nodes, divided_by: DividedBy,
              lang: LangQuery = "zh") -> Response:
    rows = node_rows(node_records(data.explained(info, divided_by), lang, keep))
    return _file(csv_text(NODE_COLUMNS, rows), info, divided_by, "nodes", "csv")


@router.get("/nodes.json", summary="Nodes of one series as a JSON file", response_class=Response)
def nodes_file(data: Data, info: ChosenSeries, keep: Nodes, divided_by: DividedBy,
               lang: LangQuery = "zh") -> Response:
    records = node_records(data.explained(info, divided_by), lang, keep)
    return _file(_json(info, divided_by, records), info, divided_by, "nodes", "json")


@router.get("/explanations.csv", summary="Explanations (one row per link) as CSV",
            response_class=Response, responses={200: _CSV})
def explanations_csv(data: Data, info: ChosenSeries, keep: Nodes, divided_by: DividedBy,
                     lang: LangQuery = "zh") -> Response:
    rows = link_rows(explanation_records(data.explained(info, divided_by), lang, keep))
    return _file(csv_text(LINK_COLUMNS, rows), info, divided_by, "explanations", "csv")


@router.get("/explanations.json", summary="Nodes with their explanations as a JSON file",
            response_class=Response)
def explanations_file(data: Data, info: ChosenSeries, keep: Nodes, divided_by: DividedBy,
                      lang: LangQuery = "zh") -> Response:
    records = explanation_records(data.explained(info, divided_by), lang, keep)
    return _file(_json(info, divided_by, records), info, divided_by, "explanations", "json")


def _json(info: SeriesInfo, divided_by: str | None, records: list[dict[str, Any]]) -> str:
    payload = {"region": info.city, "sector": info.sector, "dataset": info.dataset,
               "divided_by": divided_by, "nodes": records}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _file(text: str, info: SeriesInfo, divided_by: str | None, what: str, ext: str) -> Response:
    """An attachment named from canonical keys only (ASCII, no path parts)."""
    ratio = f"-over-{divided_by}" if divided_by else ""
    name = f"{what}-{info.city}-{info.sector}-{info.dataset}{ratio}.{ext}"
    media = "text/csv; charset=utf-8" if ext == "csv" else "application/json"
    return Response(text, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
