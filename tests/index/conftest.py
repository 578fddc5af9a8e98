"""Measures for the index tests, cut from real seed text.

The cut is deliberately crude (numbered ``1.`` items under ``（X）`` headings) so that these
tests exercise the index alone; the corpus stage's own segmentation is tested there.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from carbonnodes.model import DocDates, Measure

_SECTION = re.compile(r"^([一二三四五六七八九十]+、)")
_SUBSECTION = re.compile(r"^(（[一二三四五六七八九十]+）)")
_ITEM = re.compile(r"^(\d+)\.\s*(.*)")


def cut_measures(
    path: Path,
    doc_id: str,
    published: dt.date,
    *,
    region: str = "tianjin",
    sectors: tuple[str, ...] = (),
) -> list[Measure]:
    """One measure per numbered item, numbered by its heading path (二、（五）1.)."""
    section = subsection = ""
    measures: list[Measure] = []
    offset = 0
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        stripped = line.strip()
        if m := _SECTION.match(stripped):
            section, subsection = m.group(1), ""
        elif m := _SUBSECTION.match(stripped):
            subsection = m.group(1)
        elif m := _ITEM.match(stripped):
            number = f"{section}{subsection}{m.group(1)}."
            body = m.group(2)
            measures.append(
                Measure(
                    id=f"{doc_id}:{len(measures):03d}",
                    doc_id=doc_id,
                    number=number,
                    title=body.split("。")[0],
                    text=body,
                    departments=(),
                    sectors=sectors,
                    targets=(),
                    dates=DocDates(published=published),
                    scope="city",
                    region=region,
                    source=str(path),
                    span=(offset, offset + len(line)),
                )
            )
        offset += len(line)
    return measures


@pytest.fixture(scope="session")
def seed001_measures(shared: Path) -> list[Measure]:
    return cut_measures(
        shared / "seeds" / "001_9dd9838cf756847a.txt", "seed-001", dt.date(2022, 9, 14)
    )
