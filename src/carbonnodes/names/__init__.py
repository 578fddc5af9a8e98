"""Region and sector names, both ways: any spelling in, one canonical key out.

``resolve_region("天津市") == resolve_region("Tianjin") == "tianjin"`` and
``resolve_sector("地面交通") == resolve_sector("Ground") == "ground_transport"``. The tables
are data files beside this module: ``regions.csv`` (the country, the provinces and the cities
the calendar and the corpus name), ``cities.csv`` (every other prefecture-level city) and
``counties.csv`` (the county-level cities).
Unknown names raise :class:`UnknownNameError` with the closest known spellings; a name two
cities share ("Suzhou") raises :class:`AmbiguousNameError` unless a province tells them apart.
"""

from __future__ import annotations

from carbonnodes.names._tables import (
    Region,
    Sector,
    ancestors,
    cities,
    counties,
    is_region,
    region,
    region_label,
    regions,
    resolve_region,
    resolve_sector,
    sector,
    sector_label,
    sectors,
)

__all__ = [
    "Region",
    "Sector",
    "ancestors",
    "cities",
    "counties",
    "is_region",
    "region",
    "region_label",
    "regions",
    "resolve_region",
    "resolve_sector",
    "sector",
    "sector_label",
    "sectors",
]
