"""Request parameters, validated before anything is looked up.

Names go through :mod:`carbonnodes.names` (an unknown one is a 404 with the closest
spellings); dates, kinds and limits are typed so a malformed value is a 422 with a message.
No parameter is ever used as a file path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal, cast

from fastapi import Depends, Query, Request

from carbonnodes.errors import InputError
from carbonnodes.model import Node, NodeKind
from carbonnodes.names import resolve_region, resolve_sector
from carbonnodes.pipeline import PEERS, reference_region
from carbonnodes.series import SeriesInfo
from carbonnodes.web._data import WebData

Lang = Literal["zh", "en"]
#: The corpus' ``DOC_TYPES`` as a type the schema can list (a test keeps the two equal).
DocType = Literal[
    "draft", "regulation", "plan", "implementation_plan", "opinion", "catalogue", "notice",
    "other",
]

#: A document id as the corpus makes them (slugs, ``dcp-001``): never a path.
DOC_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$"
MAX_K = 100
MAX_NAME = 64

LangQuery = Annotated[Lang, Query(description="Display language: zh (default) or en.")]
RegionQuery = Annotated[
    str, Query(min_length=1, max_length=MAX_NAME, examples=["天津", "Tianjin"],
               description="Region, any spelling (天津, Tianjin).")
]
SectorQuery = Annotated[
    str, Query(min_length=1, max_length=MAX_NAME, examples=["地面交通", "Ground Transport"],
               description="Sector, any spelling (地面交通, Ground Transport).")
]
DatasetQuery = Annotated[
    str | None, Query(pattern=r"^[A-Za-z0-9_\-]{1,40}$",
                      description="Emission dataset (default: the longest daily one).")
]


DividedByQuery = Annotated[
    str | None,
    Query(max_length=MAX_NAME, examples=["peers", "北京"],
          description="Detect on a ratio: 'peers' divides the series by the sum of its sector's "
          "other regions, a region (any spelling) by that region's series of the sector. The "
          "nodes are then the region's own changes against it."),
]


def web_data(request: Request) -> WebData:
    return cast(WebData, request.app.state.data)


Data = Annotated[WebData, Depends(web_data)]


def region_key(name: str) -> str:
    return resolve_region(name.strip())


def sector_key(name: str) -> str:
    return resolve_sector(name.strip())


def chosen_series(
    data: Data, region: RegionQuery, sector: SectorQuery, dataset: DatasetQuery = None
) -> SeriesInfo:
    """The series a request names: known names, and a series the store holds."""
    return data.series_info(region_key(region), sector_key(sector), dataset)


ChosenSeries = Annotated[SeriesInfo, Depends(chosen_series)]


def divisor(info: ChosenSeries, divided_by: DividedByQuery = None) -> str | None:
    """What the chosen series is divided by: None, ``PEERS`` or a region key (never its own)."""
    name = (divided_by or "").strip()
    if not name:
        return None
    if name.lower() == PEERS:
        return PEERS
    return reference_region(name, info.city, field="divided_by")


DividedBy = Annotated[str | None, Depends(divisor)]


@dataclass(frozen=True)
class NodeFilter:
    """Which nodes of a series a listing or download keeps."""

    kind: NodeKind | None = None
    min_confidence: float = 0.0
    after: dt.date | None = None
    before: dt.date | None = None
    number: int | None = None

    def keeps(self, number: int, node: Node) -> bool:
        return (
            (self.kind is None or node.kind == self.kind)
            and node.confidence >= self.min_confidence
            and (self.after is None or node.date >= self.after)
            and (self.before is None or node.date < self.before)
            and (self.number is None or number == self.number)
        )


def node_filter(
    kind: Annotated[NodeKind | None, Query(description="Node kind.")] = None,
    min_confidence: Annotated[
        float, Query(ge=0.0, le=1.0, description="Lowest confidence kept.")
    ] = 0.0,
    after: Annotated[dt.date | None, Query(description="Nodes on or after this day.")] = None,
    before: Annotated[dt.date | None, Query(description="Nodes before this day.")] = None,
    node: Annotated[
        int | None, Query(ge=1, le=10_000, description="One node, by its number in the series.")
    ] = None,
) -> NodeFilter:
    check_range(after, before)
    return NodeFilter(kind, min_confidence, after, before, node)


Nodes = Annotated[NodeFilter, Depends(node_filter)]


def check_range(after: dt.date | None, before: dt.date | None) -> None:
    if after is not None and before is not None and after >= before:
        raise InputError(f"'after' ({after}) must come before 'before' ({before})",
                         field="after")
