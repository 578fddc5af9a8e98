"""Realistic report inputs: measures cut from the Tianjin carbon-peak plan (seed 001), the
real Tianjin ground-transport series, and the nodes, events and links a pipeline would make."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _report_nodes import make_node

from carbonnodes.attribute import NodeExplanation, PolicyMix
from carbonnodes.calendar import events
from carbonnodes.model import DocDates, Document, Event, Link, Measure, Series, Target
from carbonnodes.report import InputFile, Provenance, SectorInput, SeriesSource, corpus_snapshot

SEED_001 = "001_9dd9838cf756847a.txt"
FIXED_TIME = "2026-01-01T00:00:00Z"


def _paragraph(text: str, starts: str) -> str:
    """The seed's paragraph that starts with ``starts`` (a numbered measure of section 五)."""
    for line in text.splitlines():
        if line.startswith(starts):
            return line.strip()
    raise AssertionError(f"no paragraph starting with {starts!r} in {SEED_001}")


def _departments(paragraph: str) -> tuple[str, ...]:
    tail = re.search(r"（([^（）]*按职责分工负责)）$", paragraph)
    assert tail, "seed measure lost its department tail"
    names = tail.group(1).split("，")[0]
    return tuple(names.split("、"))


def _targets(paragraph: str) -> tuple[Target, ...]:
    found = re.search(r"到2025年，([^。]*?)达到[^。]*?(\d+)%左右", paragraph)
    assert found, "seed measure lost its 2025 target"
    sentence = paragraph[found.start(): paragraph.index("。", found.start()) + 1]
    return (Target(2025, found.group(1), float(found.group(2)), "%", "左右", sentence),)


@pytest.fixture(scope="session")
def seed_document(shared: Path) -> Document:
    """Seed 001 with its real metadata (津政发〔2022〕18号, 成文 2022-08-25, 发布 2022-09-14)."""
    path = shared / "seeds" / SEED_001
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    dates = DocDates(signed=dt.date(2022, 8, 25), published=dt.date(2022, 9, 14))
    common = dict(doc_id="seed-001", sectors=("ground_transport",), dates=dates,
                  scope="city", region="tianjin")
    vehicles = _paragraph(text, "1. 推动运输工具装备低碳转型")
    freight = _paragraph(text, "3. 持续优化货物运输结构")
    measures = (
        Measure(id="seed-001-5-1", number="五.1", title=vehicles.split("。")[0][3:],
                text=vehicles, departments=_departments(vehicles), targets=_targets(vehicles),
                source=f"{path}#五、（五）1.",
                span=(text.index(vehicles), text.index(vehicles) + len(vehicles)),
                **common),  # type: ignore[arg-type]
        Measure(id="seed-001-5-3", number="五.3", title="", text=freight, departments=(),
                targets=(), source=f"{path}#五、（五）3.",
                span=(text.index(freight), text.index(freight) + len(freight)),
                **common),  # type: ignore[arg-type]
    )
    return Document(
        id="seed-001", title="天津市碳达峰实施方案", number="津政发〔2022〕18号",
        issuers=(), dates=dates, scope="city", region="tianjin", doc_type="方案",
        abridged=True, url="", file=str(path), sha256=hashlib.sha256(raw).hexdigest(),
        text=text, measures=measures,
    )


@pytest.fixture(scope="session")
def tianjin_series(shared: Path) -> Series:
    frame = pd.read_csv(shared / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv")
    rows = frame[(frame["state"] == "Tianjin") & (frame["sector"] == "Ground Transport")]
    rows = rows.sort_values("date")
    start = dt.date.fromisoformat(str(rows["date"].iloc[0]))
    return Series("tianjin", "ground_transport", start, rows["value"].to_numpy(dtype=np.float64),
                  source="cm_china_province_daily_2019_2022.csv")


@pytest.fixture(scope="session")
def calendar_events(tianjin_series: Series) -> tuple[Event, ...]:
    """The real calendar of Tianjin over the series (holidays, heating seasons, COVID-19)."""
    return tuple(events("tianjin", tianjin_series.start, tianjin_series.end))


@pytest.fixture(scope="session")
def heating(calendar_events: tuple[Event, ...]) -> Event:
    return next(e for e in calendar_events
                if e.kind == "heating_season_start" and e.start.year == 2020)


@pytest.fixture(scope="session")
def explanations(seed_document: Document, heating: Event) -> tuple[NodeExplanation, ...]:
    """Three nodes: one after the plan (causes and a mix), one before it (the plan is
    announced later, the heating season competes), one where the link wrongly says cause."""
    vehicles, freight = seed_document.measures
    after = make_node(dt.date(2023, 3, 1))
    before = make_node(dt.date(2020, 11, 16), "seasonal", peers_same=25, peers_total=26,
                       explained_by=(heating.id,))
    wrong = make_node(dt.date(2021, 6, 1), "trend_change", peers_same=2, peers_total=25,
                      peers_expected=0.3, peers_showing=("beijing", "hebei"))
    parts = {"time": 0.9, "sector": 1.0, "scope": 1.0, "relevance": 0.62}
    calendar_parts = {"prior": 0.8, "proximity": 1.0, "attached": 1.0}
    cause_a = Link(after, vehicles, 0.81, parts, 168, vehicles.text[:40], "cause")
    cause_b = Link(after, freight, 0.64, {**parts, "relevance": 0.31}, 168, "", "cause")
    return (
        NodeExplanation(after, (cause_a, cause_b), (), (),
                        (PolicyMix("seed-001", seed_document.title, (cause_a, cause_b), 0.9),)),
        NodeExplanation(before, (), (Link(before, heating, 0.8, calendar_parts, 15, "",
                                          "calendar"),),
                        (Link(before, vehicles, 0.0, {}, -667, "", "announced_later"),), ()),
        NodeExplanation(wrong, (Link(wrong, vehicles, 0.5, parts, -470, "", "cause"),), (), (),
                        ()),
    )


@pytest.fixture(scope="session")
def sector_input(tianjin_series: Series, explanations: tuple[NodeExplanation, ...],
                 calendar_events: tuple[Event, ...]) -> SectorInput:
    values = pd.Series(tianjin_series.values)
    ordinary = values.rolling(29, center=True, min_periods=1).median().to_numpy(np.float64)
    source = SeriesSource("carbon_monitor", "cm_china_province_daily_2019_2022.csv", "2023-02-07",
                          "2026-01-01T00:00:00Z")
    return SectorInput(tianjin_series, ordinary, explanations, calendar_events, source)


@pytest.fixture(scope="session")
def provenance(seed_document: Document) -> Provenance:
    inputs = (InputFile("emissions", "cm_china_province_daily_2019_2022.csv", "ab" * 32, 189930,
                        "carbon_monitor", "", "2026-01-01T00:00:00"),)
    return Provenance("0.1.0", inputs, corpus_snapshot([seed_document]), 1, FIXED_TIME,
                      {"detect": {"false_alarm_rate": 0.05, "seed": 0},
                       "attribute": {"lag_days": [0, 730]}})
