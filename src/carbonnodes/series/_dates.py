"""Dates as Carbon Monitor releases and spreadsheets write them: ISO, YYYYMMDD, DD/MM/YYYY or
YYYY年M月D日, one form per file.

The form is taken from the first row and every other row must use it. Slashed dates are
read day-first or month-first only when the file itself proves which (a first part above 12
means day-first); a file that never does is ambiguous and refused rather than guessed.
Each distinct text is parsed once, so a 190,000-row file costs a few thousand parses.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbonnodes.errors import InputError

_FORMS: dict[str, re.Pattern[str]] = {
    "YYYY-MM-DD": re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?"),
    "YYYYMMDD": re.compile(r"(\d{4})(\d{2})(\d{2})"),
    "DD/MM/YYYY": re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"),
    # as Chinese spreadsheets write them: 2020年1月23日
    "YYYY年M月D日": re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
}


def is_date(text: str) -> bool:
    """Whether ``text`` is written in one of the date forms ``parse_dates`` reads (so that a
    file's first cell tells a header row from a first row of data)."""
    return any(rx.fullmatch(text.strip()) for rx in _FORMS.values())


def parse_dates(
    cells: NDArray[np.object_], lines: NDArray[np.int64], *, file: str, field: str
) -> tuple[NDArray[np.datetime64], str]:
    """Each cell as a day, and the date form the file uses."""
    codes, uniques = pd.factorize(cells)
    first_rows = np.unique(codes, return_index=True)[1]
    texts = [str(u).strip() for u in uniques]
    where = [int(lines[i]) for i in first_rows]
    form, parts = _split(texts, where, file=file, field=field)
    if form == "DD/MM/YYYY":
        form, parts = _orient(parts, where, file=file, field=field)
    days = np.empty(len(texts), dtype="datetime64[D]")
    for k, (year, month, day) in enumerate(parts):
        try:
            days[k] = np.datetime64(dt.date(year, month, day), "D")
        except ValueError:
            raise InputError(
                f"'{texts[k]}' is not a calendar day", file=file, line=where[k], field=field
            ) from None
    return days[codes], form


def _split(
    texts: list[str], where: list[int], *, file: str, field: str
) -> tuple[str, list[tuple[int, int, int]]]:
    """The file's date form (from its first row) and each text's three numeric parts."""
    form = next((name for name, rx in _FORMS.items() if rx.fullmatch(texts[0])), None)
    if form is None:
        raise InputError(
            f"'{texts[0]}' is not a date (expected YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY or "
            "YYYY年M月D日)",
            file=file,
            line=where[0],
            field=field,
        )
    pattern = _FORMS[form]
    parts: list[tuple[int, int, int]] = []
    for text, line in zip(texts, where, strict=True):
        match = pattern.fullmatch(text)
        if match is None:
            raise InputError(
                f"'{text}' does not follow the file's date form {form} (mixed date forms)",
                file=file,
                line=line,
                field=field,
            )
        a, b, c = (int(g) for g in match.groups())
        parts.append((a, b, c) if form != "DD/MM/YYYY" else (c, b, a))
    return form, parts


def _orient(
    parts: list[tuple[int, int, int]], where: list[int], *, file: str, field: str
) -> tuple[str, list[tuple[int, int, int]]]:
    """Decide day-first or month-first from the data; refuse files that cannot tell."""
    day_first = next((k for k, (_, m, d) in enumerate(parts) if d > 12 >= m), None)
    month_first = next((k for k, (_, m, d) in enumerate(parts) if m > 12 >= d), None)
    if day_first is not None and month_first is not None:
        later = max(day_first, month_first)
        raise InputError(
            "slashed dates mix day-first and month-first order",
            file=file,
            line=where[later],
            field=field,
        )
    if day_first is not None:
        return "DD/MM/YYYY", parts
    if month_first is not None:
        return "MM/DD/YYYY", [(y, d, m) for y, m, d in parts]
    raise InputError(
        "slashed dates are ambiguous: no day above 12 shows whether they are DD/MM/YYYY or "
        "MM/DD/YYYY; write them as YYYY-MM-DD",
        file=file,
        line=where[0],
        field=field,
    )
