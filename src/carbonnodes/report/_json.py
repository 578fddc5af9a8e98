"""The JSON report: the same content in the DESIGN vocabulary (Node, Link), ISO dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from typing import Any

from carbonnodes.detect import ConstructionStep
from carbonnodes.model import Event, Measure, Node, Target
from carbonnodes.names import region_label, sector_label
from carbonnodes.report._views import (
    CalendarEntry,
    MeasureEntry,
    NodeReport,
    ReportContext,
    SectorReport,
)

SCHEMA_VERSION = "1.0"


def render_json(ctx: ReportContext, lang: str) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "meta": meta(ctx, lang),
        "reports": [_section(s, lang) for s in ctx.sections],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def meta(ctx: ReportContext, lang: str) -> dict[str, Any]:
    p = ctx.provenance
    return {
        "tool": "carbonnodes",
        "version": p.tool_version,
        "lang": lang,
        "generated_at": p.run_time,
        "inputs": [dataclasses.asdict(i) for i in p.inputs],
        "corpus": {"documents": p.corpus_documents, "snapshot": p.corpus_snapshot},
        "settings": plain_json(dict(p.settings)),
    }


def _section(s: SectorReport, lang: str) -> dict[str, Any]:
    return {
        "city": s.series.city,
        "city_label": region_label(s.series.city, lang),
        "sector": s.series.sector,
        "sector_label": sector_label(s.series.sector, lang),
        "period": {"start": s.series.start.isoformat(), "end": s.series.end.isoformat()},
        "unit": s.series.unit,
        "resolution": s.resolution,
        "source": dataclasses.asdict(s.source),
        "nodes": [_node(n) for n in s.nodes],
        "construction_steps": [construction_fields(c) for c in s.construction],
        "divided_by": list(s.divided_by),
    }


def construction_fields(step: ConstructionStep) -> dict[str, Any]:
    """A yearly share step: the change of the region's share of the sum of ``regions``
    regions (itself included)."""
    return {
        "date": step.date.isoformat(),
        "event": step.event,
        "effect_pct": _num(step.effect_pct),
        "effect_ci": [_num(v) for v in step.effect_ci],
        "regions": step.regions,
    }


def node_fields(node: Node) -> dict[str, Any]:
    return {
        "city": node.city,
        "sector": node.sector,
        "date": node.date.isoformat(),
        "kind": node.kind,
        "confidence": _num(node.confidence),
        "effect_pct": _num(node.effect_pct),
        "effect_ci": [_num(v) for v in node.effect_ci],
        "window": [d.isoformat() for d in node.window],
        "end": node.end.isoformat() if node.end else None,
        "explained_by": list(node.explained_by),
        "peers_same": node.peers_same,
        "peers_total": node.peers_total,
        "peers_expected": node.peers_expected,
        "peers_showing": list(node.peers_showing),
        "shared": node.is_shared,
        "reach": node.reach,
        "score": _num(node.score),
    }


def _node(n: NodeReport) -> dict[str, Any]:
    return {
        **node_fields(n.node),
        "none_found": n.none_found,
        "undated_measures": n.undated,
        "unfit_measures": n.unfit,
        "opposite_measures": n.opposite,
        "links": [
            *(_calendar(e) for e in n.calendar),
            *(_measure(m) for m in n.causes),
            *(_measure(m) for m in n.later),
        ],
        "mixes": [
            {"doc_id": m.doc_id, "doc_title": m.doc_title, "measures": list(m.numbers),
             "score": _num(m.score)}
            for m in n.mixes
        ],
    }


def _link(relation: str, score: float | None, components: tuple[tuple[str, float], ...],
          lag_days: int | None, evidence: str) -> dict[str, Any]:
    return {
        "relation": relation,
        "score": _num(score) if score is not None else None,
        "components": {k: _num(v) for k, v in components},
        "lag_days": lag_days,
        "evidence": evidence,
    }


def _calendar(e: CalendarEntry) -> dict[str, Any]:
    return {
        **_link(e.relation, e.score, e.components, e.lag_days, e.evidence),
        "explanation": {"type": "event", **_event(e.event)},
    }


def _event(event: Event) -> dict[str, Any]:
    fields: dict[str, Any] = plain_json(dataclasses.asdict(event))
    return fields


def _measure(m: MeasureEntry) -> dict[str, Any]:
    measure: Measure = m.measure
    return {
        **_link(m.relation, m.score, m.components, m.lag_days, m.evidence),
        "explanation": {
            "type": "measure",
            "id": measure.id,
            "doc_id": measure.doc_id,
            "number": measure.number,
            "title": measure.title,
            "name": m.name,
            "excerpt": m.content,
            "summary": {"text": m.summary, "by": "llm"} if m.summary else None,
            "text": measure.text,
            "departments": list(m.departments),
            "departments_from": m.departments_from or None,
            "sectors": list(measure.sectors),
            "targets": [_target(t) for t in m.targets],
            "dates": {label: day.isoformat() for label, day in m.dates},
            "scope": measure.scope,
            "region": measure.region,
            "source": measure.source,
            "span": list(measure.span),
            "document": {"title": m.doc_title, "number": m.doc_number, "url": m.url or None,
                         "file": m.file or None, "location": m.location or None},
        },
    }


def _target(t: Target) -> dict[str, Any]:
    return {"year": t.year, "indicator": t.indicator, "value": _num(t.value), "unit": t.unit,
            "qualifier": t.qualifier, "text": t.text}


def _num(value: float) -> float | None:
    return round(float(value), 6) if math.isfinite(value) else None


def plain_json(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists: what json can write, in a stable form."""
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return _num(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain_json(dataclasses.asdict(value))
    return value
