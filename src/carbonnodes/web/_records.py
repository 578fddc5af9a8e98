"""Nodes and explanations as API records and CSV rows, from the report's JSON vocabulary.

The JSON the report stage writes for a series is the one source: the API returns its nodes
(numbered in report order), the downloads flatten the same records, so a page, an API answer
and a file never disagree.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from carbonnodes.web._data import Explained
from carbonnodes.web._params import NodeFilter

NODE_COLUMNS = (
    "city", "sector", "number", "date", "kind", "confidence", "effect_pct", "effect_ci_low",
    "effect_ci_high", "window_start", "window_end", "end", "peers_same", "peers_total",
    "peers_expected", "peers_showing", "shared", "reach", "explained_by", "none_found",
)
LINK_COLUMNS = (
    "city", "sector", "node_number", "node_date", "node_kind", "relation", "type",
    "explanation_id", "kind", "name", "doc_id", "document_title", "document_number", "dates",
    "departments", "score", "components", "lag_days", "evidence", "url",
)
#: Text cells starting with these would be read as formulas by a spreadsheet.
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def numbered(explained: Explained, keep: NodeFilter) -> list[int]:
    """Numbers (1-based, report order) of the nodes the filter keeps."""
    return [n.number for n in explained.section.nodes if keep.keeps(n.number, n.node)]


def explanation_records(
    explained: Explained, lang: str, keep: NodeFilter
) -> list[dict[str, Any]]:
    """Each kept node with its links (calendar, causes, announced later) and policy mixes."""
    nodes: Sequence[Mapping[str, Any]] = explained.json[lang]["reports"][0]["nodes"]
    return [{"number": n, **nodes[n - 1]} for n in numbered(explained, keep)]


def node_records(explained: Explained, lang: str, keep: NodeFilter) -> list[dict[str, Any]]:
    """The kept nodes alone, without their explanations."""
    return [
        {k: v for k, v in record.items() if k not in ("links", "mixes")}
        for record in explanation_records(explained, lang, keep)
    ]


def node_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **{k: r.get(k) for k in NODE_COLUMNS},
            "effect_ci_low": r["effect_ci"][0],
            "effect_ci_high": r["effect_ci"][1],
            "window_start": r["window"][0],
            "window_end": r["window"][1],
            "explained_by": ";".join(r["explained_by"]),
            "peers_showing": ";".join(r.get("peers_showing") or ()),
        }
        for r in records
    ]


def link_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        for link in r["links"]:
            x = link["explanation"]
            is_measure = x["type"] == "measure"
            document = x.get("document") or {}
            rows.append({
                "city": r["city"],
                "sector": r["sector"],
                "node_number": r["number"],
                "node_date": r["date"],
                "node_kind": r["kind"],
                "relation": link["relation"],
                "type": x["type"],
                "explanation_id": x["id"],
                "kind": x.get("kind", ""),
                "name": x["name"] if is_measure else (x.get("name_zh") or x.get("name")),
                "doc_id": x.get("doc_id", ""),
                "document_title": document.get("title", ""),
                "document_number": document.get("number", ""),
                "dates": ";".join(f"{k}={v}" for k, v in x["dates"].items()) if is_measure
                else f"start={x['start']};end={x['end']}",
                "departments": ";".join(x.get("departments", ())),
                "score": link["score"],
                "components": ";".join(f"{k}={v}" for k, v in link["components"].items()),
                "lag_days": link["lag_days"],
                "evidence": link["evidence"],
                "url": document.get("url") or (x.get("source", "") if not is_measure else ""),
            })
    return rows


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """UTF-8 CSV with a header; text cells that a spreadsheet would run are quoted with '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "" if not math.isfinite(value) else repr(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
