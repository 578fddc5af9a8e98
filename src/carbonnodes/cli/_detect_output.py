"""What ``carbonnodes detect`` prints: the JSON document and the tables for people."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.table import Table

from carbonnodes.cli._app import bilingual
from carbonnodes.detect import ConstructionStep, Detection
from carbonnodes.model import Event, Node, NodeKind
from carbonnodes.names import is_region, region_label, sector_label
from carbonnodes.report import Formatter, Labels, construction_fields

SCHEMA_VERSION = 1

HEADERS: dict[str, tuple[str, str]] = {
    "date": ("日期", "date"),
    "kind": ("类型", "kind"),
    "confidence": ("置信度", "confidence"),
    "effect": ("效应 %（趋势转折: %/年；季节性: 百分点）",
               "effect % (trend change: % a year; seasonal: pp)"),
    "interval": ("90% 区间", "90% interval"),
    "window": ("日期窗口", "date window"),
    "end": ("结束", "end"),
    "explained": ("日历/数据解释", "calendar / data explanation"),
    "peers": ("同见地区", "peers showing it"),
    "not_local": ("（非本地：各地区逐日形状相同）", "(not local: one daily shape for all)"),
    "partly_shared": ("（多于偶然：与他地区共有）", "(more than chance: shared)"),
    "none": ("未发现关键节点", "no key nodes found"),
    "expected_false": ("预计误报数", "expected false nodes"),
    "by_month": ("按月检测（节点日期为当月1日）·",
                 "detected month by month (nodes dated to the 1st) ·"),
    "by_end": ("至{date}累计 {pct:+.1f}", "by {date}: {pct:+.1f}"),
    "steps": ("数据构造步长（本地区占各地区之和的份额；检测前已除去，非关键节点）",
              "data-construction steps (the region's share of the regions' sum; divided out "
              "before detection, not nodes)"),
    "step": ("步长 %", "step %"),
    "event": ("数据构造事件", "construction event"),
    "step_regions": ("合计地区数", "regions summed"),
}


def _text(key: str, lang: str) -> str:
    return bilingual(HEADERS[key], lang)


def kind_label(kind: NodeKind, lang: str) -> str:
    """The kind's name from the report's label catalog, so both say the same."""
    return Labels(lang)(f"kind.{kind}")


def node_payload(node: Node, local: bool, series_end: dt.date) -> dict[str, Any]:
    """One node in the DESIGN.md JSON vocabulary, dates as ISO strings; ``local_possible`` is
    false where the data give every region the national daily shape at the node's days.
    ``effect_by_end`` (added to the DESIGN.md shape) says what a trend change's yearly rate
    amounts to by the series' last day, where the data follow it for less than a year."""
    by_end = node.effect_by(series_end)
    return {
        "date": node.date.isoformat(),
        "kind": node.kind,
        "confidence": node.confidence,
        "effect_pct": node.effect_pct,
        "effect_ci": [node.effect_ci[0], node.effect_ci[1]],
        "effect_by_end": None if by_end is None else {
            "date": series_end.isoformat(),
            "effect_pct": round(by_end[0], 2),
            "effect_ci": [round(by_end[1], 2), round(by_end[2], 2)],
        },
        "window": [node.window[0].isoformat(), node.window[1].isoformat()],
        "end": node.end.isoformat() if node.end is not None else None,
        "explained_by": list(node.explained_by),
        "peers_same": node.peers_same,
        "peers_total": node.peers_total,
        "peers_expected": node.peers_expected,
        "peers_showing": list(node.peers_showing),
        "reach": node.reach,
        "local_possible": local,
    }


@dataclass(frozen=True)
class Result:
    """One series' output: its source, its detection, its nodes (peers filled in), for each
    node whether the region's data could hold it as a change of its own (``local_possible``),
    and the yearly construction steps measured in its share of the regions' sum."""

    source: str
    detection: Detection
    nodes: Sequence[Node]
    local: Sequence[bool]
    steps: Sequence[ConstructionStep] = ()
    #: whether ``source`` is a CSV file's name (the title shows it) or a stored series'
    from_file: bool = False
    #: the series' calendar by event id, so that the table names the events it cites
    events: Mapping[str, Event] = field(default_factory=dict)


def document(results: Sequence[Result], settings: dict[str, Any]) -> dict[str, Any]:
    """``{"schema_version", "settings", "series": [{"source", "region", "sector", "resolution",
    "nodes": [...], "construction_steps": [...]}, ...]}``.
    ``region`` and ``sector`` (added to the DESIGN.md shape) are the keys the series was
    judged as, null for a CSV file that ``--city`` or ``--sector`` did not name.
    ``resolution`` (added too) is ``day``, or ``month`` for a series
    built month by month, whose nodes are dated to their month's first day.
    ``construction_steps`` (added too) are the yearly share steps, divided out before
    detection and not nodes: empty without other regions of the sector in the store, and for
    series built month by month."""
    return {
        "schema_version": SCHEMA_VERSION,
        "settings": settings,
        "series": [
            {"source": r.source,
             "region": r.detection.series.city if is_region(r.detection.series.city) else None,
             "sector": r.detection.series.sector or None,
             "resolution": r.detection.settings.get("resolution", "day"),
             "nodes": [node_payload(n, local, r.detection.series.end)
                       for n, local in zip(r.nodes, r.local, strict=True)],
             "construction_steps": [construction_fields(s) for s in r.steps]}
            for r in results
        ],
    }


def title(result: Result, lang: str) -> str:
    """A table title: region and sector in the chosen language; for a CSV file its name, then
    the region and sector it was said to be, if any."""
    series = result.detection.series
    parts = [result.source] if result.from_file else []
    if is_region(series.city):
        parts.append(region_label(series.city, lang))
    if series.sector:
        parts.append(sector_label(series.sector, lang))
    return " · ".join(parts)


#: How many explaining events a table cell lists before "+N".
SHOWN_EXPLANATIONS = 3


#: A name's closing aside, "(national context, 76 days)": the report and JSON keep it.
_ASIDE = re.compile(r"\s*[(（][^(（]*[)）]$")


def _event_text(event_id: str, events: Mapping[str, Event], lang: str) -> str:
    """An event by its name in ``lang`` without its closing aside, and its first day (the JSON
    keeps the id)."""
    event = events.get(event_id)
    if event is None:
        return event_id
    name = _ASIDE.sub("", Formatter(Labels(lang)).event_name(event))
    return f"{name} {event.start.isoformat()}"


def _explanations(ids: Sequence[str], events: Mapping[str, Event], lang: str) -> str:
    shown = [_event_text(i, events, lang) for i in ids[:SHOWN_EXPLANATIONS]]
    if len(ids) > SHOWN_EXPLANATIONS:
        shown.append(f"+{len(ids) - SHOWN_EXPLANATIONS}")
    return "\n".join(shown)


def node_table(result: Result, lang: str) -> Table:
    """The nodes of one series, one row each; the peers cell says where a node most other
    regions do not show cannot be local either (``local_possible``)."""
    detection, nodes = result.detection, result.nodes
    table = Table(title=title(result, lang), title_justify="left")
    for key in ("date", "kind", "confidence", "effect", "interval", "window", "end",
                "explained", "peers"):
        table.add_column(_text(key, lang), overflow="fold")
    end = detection.series.end
    for n, local in zip(nodes, result.local, strict=True):
        peers = "" if n.peers_total is None else f"{n.peers_same}/{n.peers_total}"
        effect = f"{n.effect_pct:+.1f}"
        by_end = n.effect_by(end)
        if by_end is not None:
            effect += "\n" + _text("by_end", lang).format(date=end.isoformat(), pct=by_end[0])
        if not local and not n.is_shared:
            peers = f"{peers} {_text('not_local', lang)}".strip()
        elif n.reach == "partly_shared":
            peers = f"{peers} {_text('partly_shared', lang)}"
        table.add_row(
            n.date.isoformat(),
            kind_label(n.kind, lang),
            f"{n.confidence:.2f}",
            effect,
            f"{n.effect_ci[0]:+.1f} … {n.effect_ci[1]:+.1f}",
            f"{n.window[0].isoformat()} … {n.window[1].isoformat()}",
            n.end.isoformat() if n.end else "",
            _explanations(n.explained_by, result.events, lang),
            peers,
        )
    if not nodes:
        table.caption = _text("none", lang)
    else:
        expected = detection.expected_false_nodes
        table.caption = f"{_text('expected_false', lang)}: {expected:.1f}"
    if detection.settings.get("resolution") == "month":
        table.caption = f"{_text('by_month', lang)} {table.caption}"
    return table


def steps_table(steps: Sequence[ConstructionStep], events: Mapping[str, Event], lang: str
                ) -> Table:
    """The yearly construction steps of one series (the caller skips an empty list)."""
    table = Table(title=_text("steps", lang), title_justify="left")
    for key in ("date", "step", "interval", "event", "step_regions"):
        table.add_column(_text(key, lang), overflow="fold")
    for s in steps:
        table.add_row(
            s.date.isoformat(),
            f"{s.effect_pct:+.2f}",
            f"{s.effect_ci[0]:+.2f} … {s.effect_ci[1]:+.2f}",
            _event_text(s.event, events, lang),
            str(s.regions),
        )
    return table
