"""The vocabulary every stage speaks: Series, Event, Node, Measure, Document, Link.

Plain frozen data, no behaviour beyond derived views. Field names follow DESIGN.md so that
JSON output, the store and the report all use the same words. Regions and sectors are the
canonical keys of :mod:`carbonnodes.names` (``"tianjin"``, ``"ground_transport"``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

NodeKind = Literal["level_shift", "trend_change", "seasonal", "anomaly"]
NODE_KINDS: tuple[NodeKind, ...] = ("level_shift", "trend_change", "seasonal", "anomaly")

#: How widely other regions show a node (``Node.reach``).
Reach = Literal["shared", "partly_shared", "local"]
#: A node is local while chance coincidences alone would give as many peers this often.
LOCAL_CHANCE = 0.05

Scope = Literal["national", "province", "city"]
SCOPES: tuple[Scope, ...] = ("national", "province", "city")

EventKind = Literal[
    "spring_festival",
    "public_holiday",
    "makeup_workday",
    "heating_season_start",
    "heating_season_end",
    "lockdown",
    "covid",
    "data_artefact",
    "shared_shock",
]


@dataclass(frozen=True)
class Series:
    """One region × one sector, one value per day from ``start`` on (NaN = missing day)."""

    city: str
    sector: str
    start: dt.date
    values: NDArray[np.float64]
    unit: str = "MtCO2/day"
    source: str = ""

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=len(self) - 1)

    def date_at(self, index: int) -> dt.date:
        return self.start + dt.timedelta(days=index)

    def index_of(self, day: dt.date) -> int:
        return (day - self.start).days

    @property
    def dates(self) -> NDArray[np.datetime64]:
        return np.datetime64(self.start, "D") + np.arange(len(self))


@dataclass(frozen=True)
class Event:
    """A dated non-policy driver (holiday, heating-season edge, lockdown, data artefact).

    ``scope`` is ``"national"`` or a region key; ``sectors`` empty means every sector.
    ``uncertainty_days`` says how sure the date is (0 = decreed, 14 = an unconfirmed edge).
    """

    id: str
    kind: EventKind
    name: str
    start: dt.date
    end: dt.date
    scope: str
    source: str
    sectors: tuple[str, ...] = ()
    uncertainty_days: int = 0
    name_zh: str = ""


@dataclass(frozen=True)
class Node:
    """A key node (关键节点): a day where the series left its ordinary behaviour.

    ``confidence`` is a calibrated probability that a real change of this kind lies within
    ``window`` of ``date``. ``effect_pct`` is the change against the ordinary model's
    counterfactual, with a 90 % interval; for ``seasonal`` nodes it is additive: the change
    of the weekly swing (highest minus lowest weekday) in percentage points of the level.
    ``end`` is set for anomalies only. ``data_end`` is the last day of the series it was
    found in: how long the data follow it.
    ``explained_by`` holds the ids of calendar events or data artefacts the node coincides with.
    ``peers_same``/``peers_total`` count other regions of the sector showing the same node
    (``peers_showing`` names them); ``peers_expected`` is how many would by chance, from how
    often each shows such nodes.
    """

    city: str
    sector: str
    date: dt.date
    kind: NodeKind
    confidence: float
    effect_pct: float
    effect_ci: tuple[float, float]
    window: tuple[dt.date, dt.date]
    end: dt.date | None = None
    explained_by: tuple[str, ...] = ()
    peers_same: int | None = None
    peers_total: int | None = None
    peers_expected: float | None = None
    peers_showing: tuple[str, ...] = ()
    score: float = 0.0
    data_end: dt.date | None = None

    def effect_by(self, day: dt.date) -> tuple[float, float, float] | None:
        """What a trend change's yearly rate, and its 90 % interval, amount to by ``day`` (%),
        where that is less than a year after the node: the data follow the new growth for
        so long only. None for other kinds and other days."""
        days = (day - self.date).days
        if self.kind != "trend_change" or not 0 < days < 365:
            return None
        years = days / 365.25

        def amount(rate: float) -> float:
            return float(100.0 * np.expm1(np.log1p(max(rate, -99.99) / 100.0) * years))

        return amount(self.effect_pct), amount(self.effect_ci[0]), amount(self.effect_ci[1])

    @property
    def is_shared(self) -> bool | None:
        """True when most other regions show the node too (a national shock)."""
        if not self.peers_total:
            return None
        return self.peers_same is not None and self.peers_same >= 0.5 * self.peers_total

    @property
    def reach(self) -> Reach | None:
        """Shared by most other regions, by more than chance would give (a regional shock,
        not this region's alone), or by no more than chance: local. None without peers."""
        if not self.peers_total or self.peers_same is None:
            return None
        if self.is_shared:
            return "shared"
        if self.peers_expected is None:
            return "local"
        chance = _poisson_at_least(self.peers_same, self.peers_expected)
        return "local" if chance >= LOCAL_CHANCE else "partly_shared"


def _poisson_at_least(count: int, mean: float) -> float:
    """P(X ≥ count) for X ~ Poisson(mean): peers are many regions, each rarely a chance match."""
    term, below = math.exp(-mean), 0.0
    for k in range(count):
        below += term
        term *= mean / (k + 1)
    return max(0.0, 1.0 - below)


@dataclass(frozen=True)
class Target:
    """A quantitative target a measure states: 到2025年 … 达到25%左右."""

    year: int | None
    indicator: str
    value: float
    unit: str
    qualifier: str = ""
    text: str = ""


@dataclass(frozen=True)
class DocDates:
    """The dates a document states, each labelled by what it is."""

    signed: dt.date | None = None  # 成文日期 / date under the signature
    published: dt.date | None = None  # 发布 / 发文日期
    effective: dt.date | None = None  # 自X起施行

    @property
    def earliest_public(self) -> dt.date | None:
        """The first day the public could know of the document.

        Publication wins over signature: a plan signed on 25 August but published on
        14 September cannot have moved emissions on 1 September. The signature date is used
        only when no publication date is known, then the effective date.
        """
        for day in (self.published, self.signed, self.effective):
            if day is not None:
                return day
        return None


@dataclass(frozen=True)
class Measure:
    """One actionable item (举措) of a document, with its span in the original text."""

    id: str
    doc_id: str
    number: str
    title: str
    text: str
    departments: tuple[str, ...]
    sectors: tuple[str, ...]
    targets: tuple[Target, ...]
    dates: DocDates
    scope: Scope
    region: str
    source: str
    span: tuple[int, int]
    kind: str = "action"


@dataclass(frozen=True)
class Document:
    """A policy document: metadata, the original text and its measures."""

    id: str
    title: str
    number: str
    issuers: tuple[str, ...]
    dates: DocDates
    scope: Scope
    region: str
    doc_type: str
    abridged: bool
    url: str
    file: str
    sha256: str
    text: str
    measures: tuple[Measure, ...] = ()
    warnings: tuple[str, ...] = ()
    family: str = ""


@dataclass(frozen=True)
class Link:
    """One explanation offered for a node, with the components of its score.

    ``relation`` is ``"cause"`` (dated before the node, inside the lag window),
    ``"announced_later"`` (dated after the node: never a cause), ``"calendar"``,
    ``"shared_shock"`` (most other regions show the node) or ``"national_shape"`` (the data
    give every region the national daily shape at the node's days: not a local change).
    """

    node: Node
    explanation: Measure | Event
    score: float
    components: dict[str, float] = field(default_factory=dict)
    lag_days: int | None = None
    evidence: str = ""
    relation: Literal[
        "cause", "announced_later", "calendar", "shared_shock", "national_shape"
    ] = "cause"
