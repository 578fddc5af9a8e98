"""Hard filters with graded scores: does a measure's sector and scope reach the node?"""

from __future__ import annotations

from carbonnodes.attribute._settings import AttributionSettings
from carbonnodes.model import Measure
from carbonnodes.names import ancestors

CROSS_CUTTING = "cross_cutting"
_AVIATION = frozenset({"aviation", "domestic_aviation", "international_aviation"})


def sectors_meet(node_sector: str, other: str) -> bool:
    """Same sector, any sector for a Total node, and the aviation family counted as one."""
    if node_sector == "total" or node_sector == other:
        return True
    return node_sector in _AVIATION and other in _AVIATION


def sector_score(node_sector: str, measure: Measure, settings: AttributionSettings) -> float | None:
    """1 for the node's sector, the cross-cutting score for cross-cutting measures, else None."""
    if any(sectors_meet(node_sector, s) for s in measure.sectors if s != CROSS_CUTTING):
        return settings.sector_match
    if CROSS_CUTTING in measure.sectors:
        return settings.cross_cutting_match
    return None


def covers(scope_region: str, node_region: str) -> bool:
    """Whether a measure or event scoped to ``scope_region`` reaches ``node_region``: the
    nation's, the region's own, or a place above it (its prefecture, its province)."""
    return scope_region in ("national", "china", node_region) or scope_region in ancestors(
        node_region
    )


def is_national(measure: Measure) -> bool:
    """A measure of the whole nation, not of one region."""
    return measure.scope == "national" or measure.region == "china"


def scope_score(node_region: str, measure: Measure, settings: AttributionSettings) -> float | None:
    """The region itself 1, a place above it (its province, a county-level city's prefecture)
    0.8, national 0.6, a place within it 0.4 (a city's measure moves a part of its province's
    series); None when the measure does not reach it."""
    if is_national(measure):
        return settings.scope_national
    if measure.region == node_region:
        return settings.scope_city
    if measure.region in ancestors(node_region):
        return settings.scope_province
    if node_region in ancestors(measure.region):
        return settings.scope_within
    return None
