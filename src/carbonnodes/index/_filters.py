"""Search filters as numpy masks over per-measure columns, built once per index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.errors import InputError, UnknownNameError
from carbonnodes.model import SCOPES, Measure
from carbonnodes.names import region, resolve_region, resolve_sector

CROSS_CUTTING = "cross_cutting"
#: The sector "Total" covers every measure: asking for it filters nothing.
TOTAL = "total"
#: Asking for a parent sector also finds measures tagged with one of its parts.
_SECTOR_PARTS = {"aviation": ("domestic_aviation", "international_aviation")}
_NO_DATE = -1


@dataclass(frozen=True)
class FilterColumns:
    """What the filters look at, one entry per measure."""

    sector_bits: NDArray[np.int64]
    sector_keys: tuple[str, ...]
    regions: NDArray[np.int64]
    region_keys: tuple[str, ...]
    scopes: NDArray[np.int64]
    dates: NDArray[np.int64]
    doc_types: NDArray[np.int64]
    doc_type_keys: tuple[str, ...]

    @classmethod
    def of(cls, measures: Sequence[Measure], doc_types: Mapping[str, str]) -> FilterColumns:
        sector_keys = tuple(sorted({s for m in measures for s in m.sectors}))
        bit = {s: 1 << i for i, s in enumerate(sector_keys)}
        region_keys = tuple(sorted({m.region for m in measures}))
        type_keys = tuple(sorted({doc_types.get(m.doc_id, "").lower() for m in measures}))
        dates = [m.dates.earliest_public for m in measures]
        return cls(
            sector_bits=np.array(
                [sum(bit[s] for s in set(m.sectors)) for m in measures], dtype=np.int64
            ),
            sector_keys=sector_keys,
            regions=np.array([region_keys.index(m.region) for m in measures], dtype=np.int64),
            region_keys=region_keys,
            scopes=np.array([SCOPES.index(m.scope) for m in measures], dtype=np.int64),
            dates=np.array([d.toordinal() if d else _NO_DATE for d in dates], dtype=np.int64),
            doc_types=np.array(
                [type_keys.index(doc_types.get(m.doc_id, "").lower()) for m in measures],
                dtype=np.int64,
            ),
            doc_type_keys=type_keys,
        )

    def mask(
        self,
        *,
        sectors: Iterable[str] | None,
        region: str | None,
        scope: str | None,
        after: dt.date | None,
        before: dt.date | None,
        doc_type: str | None,
    ) -> NDArray[np.bool_]:
        """Measures passing every filter given; ``after`` is inclusive, ``before`` exclusive."""
        keep = np.ones(self.scopes.shape, dtype=bool)
        wanted_sectors = None if sectors is None else sector_keys(sectors)
        if wanted_sectors is not None and TOTAL not in wanted_sectors:
            wanted = 0
            for key in wanted_sectors:
                if key in self.sector_keys:
                    wanted |= 1 << self.sector_keys.index(key)
            keep &= (self.sector_bits & wanted) != 0
        if region is not None:
            allowed = [
                self.region_keys.index(r) for r in region_chain(region) if r in self.region_keys
            ]
            keep &= np.isin(self.regions, allowed)
        if scope is not None:
            if scope not in SCOPES:
                raise InputError(f"scope must be one of {', '.join(SCOPES)}", field="scope")
            keep &= self.scopes == SCOPES.index(scope)
        if after is not None or before is not None:
            keep &= self.dates != _NO_DATE
        if after is not None:
            keep &= self.dates >= after.toordinal()
        if before is not None:
            keep &= self.dates < before.toordinal()
        if doc_type is not None:
            wanted_type = doc_type.strip().lower()
            if wanted_type in self.doc_type_keys:
                keep &= self.doc_types == self.doc_type_keys.index(wanted_type)
            else:
                keep &= False
        return keep


def sector_keys(names: Iterable[str]) -> set[str]:
    """Canonical keys for sector names in any language, with the parts of parent sectors."""
    keys: set[str] = set()
    for name in names:
        folded = name.strip().lower().replace("-", "_")
        key = CROSS_CUTTING if folded == CROSS_CUTTING else resolve_sector(name)
        keys.add(key)
        keys.update(_SECTOR_PARTS.get(key, ()))
    return keys


def region_chain(name: str) -> list[str]:
    """A region and everything above it: a city, its province, the country."""
    key = resolve_region(name)
    chain = [key]
    while True:
        try:
            parent = region(chain[-1]).parent
        except UnknownNameError:
            break
        if not parent or parent in chain:
            break
        chain.append(parent)
    if "china" not in chain:
        chain.append("china")
    return chain
