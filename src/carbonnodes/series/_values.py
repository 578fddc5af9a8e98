"""Turning text cells into checked values: names to keys, numbers to non-negative floats."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbonnodes.errors import InputError, UnknownNameError

#: Cells that mean "no value for this day" (a gap), not a bad number.
MISSING_TEXTS = frozenset({"", "nan", "na", "n/a", "null", "none", "-"})
#: A number with thousands separators, as spreadsheets export formatted cells: "96,569.9".
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def resolve_cells(
    cells: NDArray[np.object_],
    lines: NDArray[np.int64],
    resolve: Callable[[str], str],
    *,
    file: str,
    field: str,
) -> NDArray[np.object_]:
    """Each cell's canonical key; each distinct spelling is resolved once."""
    codes, uniques = pd.factorize(cells)
    keys = np.empty(len(uniques), dtype=object)
    for k, name in enumerate(uniques):
        try:
            keys[k] = resolve(str(name))
        except UnknownNameError as exc:
            line = int(lines[int(np.argmax(codes == k))])
            raise InputError(str(exc), file=file, line=line, field=field) from None
    return keys[codes]


def parse_values(
    cells: NDArray[np.object_],
    lines: NDArray[np.int64],
    *,
    factor: float,
    file: str,
    field: str,
) -> NDArray[np.float64]:
    """Numbers scaled to the stored unit; blank cells become NaN (a gap), bad ones an error."""
    numbers = pd.to_numeric(pd.Series(cells, dtype=object), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan, copy=True
    )
    for row in np.flatnonzero(np.isnan(numbers)):
        text = str(cells[row]).strip()
        if _THOUSANDS.fullmatch(text):
            numbers[row] = float(text.replace(",", ""))
        elif text.lower() not in MISSING_TEXTS:
            raise InputError(
                f"'{text}' is not a number", file=file, line=int(lines[row]), field=field
            )
    with np.errstate(over="ignore"):  # checked below: a huge number times a unit factor is inf
        scaled = numbers * factor
    bad = np.flatnonzero(np.isinf(scaled) | (numbers < 0))
    if bad.size:
        first = int(bad[0])
        if numbers[first] < 0:
            why = "negative; emissions are at least 0"
        elif np.isinf(numbers[first]):
            why = "not a finite number"
        else:
            why = "too large: infinite once converted to the stored unit"
        raise InputError(
            f"value {str(cells[first]).strip()} is {why}",
            file=file,
            line=int(lines[first]),
            field=field,
        )
    return scaled
