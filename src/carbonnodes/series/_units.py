"""Units as Carbon Monitor files state them, and the factor to the unit we store.

A plain ``value`` column is MtCO2 per day (Carbon Monitor's own unit); a header such as
``value (KtCO2 per day)`` carries its unit in parentheses; ``co2_tonnes`` is the monthly total
file's tCO2 per month. Daily data is stored in MtCO2/day, monthly data in tCO2/month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carbonnodes.errors import InputError
from carbonnodes.series._types import Frequency

DAILY_UNIT = "MtCO2/day"
MONTHLY_UNIT = "tCO2/month"

_UNIT_IN_NAME = re.compile(
    r"[(\[]\s*(?P<prefix>[kmg]?)t\s*co2e?\s*(?:/|per)\s*(?P<period>day|d|month|mon|year|yr)\s*[)\]]",
    re.IGNORECASE,
)
_TONNES = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9}
_PERIODS: dict[str, Frequency | None] = {
    "day": "daily",
    "d": "daily",
    "month": "monthly",
    "mon": "monthly",
    "year": None,
    "yr": None,
}


@dataclass(frozen=True)
class ValueUnit:
    """How to read one value column: its stated unit, the stored unit and the factor between."""

    source_unit: str
    unit: str
    factor: float
    frequency: Frequency


def value_unit(column: str, *, file: str) -> ValueUnit:
    """The unit a value column's name states; a bare ``value`` is Carbon Monitor's MtCO2/day."""
    folded = column.strip().lower()
    if folded in {"co2_tonnes", "co2 tonnes", "tco2"}:
        return ValueUnit("tCO2/month", MONTHLY_UNIT, 1.0, "monthly")
    match = _UNIT_IN_NAME.search(column)
    if match is None:
        return ValueUnit(DAILY_UNIT, DAILY_UNIT, 1.0, "daily")
    tonnes = _TONNES[match["prefix"].lower()]
    frequency = _PERIODS[match["period"].lower()]
    stated = match.group(0).strip("()[] ")
    if frequency is None:
        raise InputError(
            f"annual values ('{stated}') are not supported; daily or monthly only",
            file=file,
            line=1,
            field=column,
        )
    if frequency == "daily":
        return ValueUnit(stated, DAILY_UNIT, tonnes / 1e6, "daily")
    return ValueUnit(stated, MONTHLY_UNIT, tonnes, "monthly")
