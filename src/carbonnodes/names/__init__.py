"""Region and sector names, both ways: any spelling in, one canonical key out.

``resolve_region("天津市") == resolve_region("Tianjin") == "tianjin"`` and
``resolve_sector("地面交通") == resolve_sector("Ground") == "ground_transport"``. The tables
are data files beside this module; unknown names raise :class:`UnknownNameError` with the
closest known spellings.
"""

from __future__ import annotations

from carbonnodes.names._tables import (
    Region,
    Sector,
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
