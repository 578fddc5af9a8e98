"""Nodes, measures and events for attribution tests, with words and dates from the seeds."""

from __future__ import annotations

import datetime as dt

from carbonnodes.model import DocDates, Event, EventKind, Measure, Node, NodeKind, Scope

# Seed 001 (天津市碳达峰实施方案), 二（五）1 and 二（三）3: their own first sentences.
TRANSPORT_TEXT = (
    "推动运输工具装备低碳转型。加快运输服务领域新能源的推广应用，鼓励公交、环卫、城市邮政、"
    "城市物流配送（接入城配平台）领域新增及更新车辆优先选用新能源车型。"
)
INDUSTRY_TEXT = (
    "推动钢铁、建材和石化化工行业碳达峰。深化钢铁行业供给侧结构性改革，严格落实产能置换、"
    "项目备案、环境影响评价等相关规定。"
)
PUBLISHED_001 = dt.date(2022, 9, 14)


def node(
    day: dt.date,
    *,
    city: str = "tianjin",
    sector: str = "ground_transport",
    kind: NodeKind = "level_shift",
    effect_pct: float = -5.0,
    explained_by: tuple[str, ...] = (),
    peers: tuple[int, int] | None = None,
    peers_expected: float | None = None,
    half_window: int = 7,
    end: dt.date | None = None,
) -> Node:
    pad = dt.timedelta(days=half_window)
    return Node(
        city=city,
        sector=sector,
        date=day,
        kind=kind,
        confidence=0.8,
        effect_pct=effect_pct,
        effect_ci=(effect_pct - 2.0, effect_pct + 2.0),
        window=(day - pad, day + pad),
        explained_by=explained_by,
        peers_same=peers[0] if peers else None,
        peers_total=peers[1] if peers else None,
        peers_expected=peers_expected,
        end=end,
    )


def measure(
    measure_id: str,
    *,
    published: dt.date | None = PUBLISHED_001,
    effective: dt.date | None = None,
    sectors: tuple[str, ...] = ("ground_transport",),
    scope: Scope = "city",
    region: str = "tianjin",
    text: str = TRANSPORT_TEXT,
    title: str = "",
    doc_id: str = "doc-001",
    kind: str = "action",
) -> Measure:
    return Measure(
        id=measure_id,
        doc_id=doc_id,
        number="1",
        title=title,
        text=text,
        departments=("市交通运输委",),
        sectors=sectors,
        targets=(),
        dates=DocDates(published=published, effective=effective),
        scope=scope,
        region=region,
        source="seeds/001",
        span=(0, len(text)),
        kind=kind,
    )


def event(
    event_id: str,
    kind: EventKind,
    start: dt.date,
    end: dt.date | None = None,
    *,
    scope: str = "national",
    sectors: tuple[str, ...] = (),
) -> Event:
    return Event(
        id=event_id,
        kind=kind,
        name=event_id,
        start=start,
        end=end or start,
        scope=scope,
        source="test",
        sectors=sectors,
    )
