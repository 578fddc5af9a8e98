"""Reading the calendar's CSV files, with the file, line and field of any bad value."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

from carbonnodes.errors import InputError


class Row:
    """One CSV row that knows where it came from, so a bad field names its file and line."""

    def __init__(self, file: str, line: int, values: dict[str, str]) -> None:
        self.file = file
        self.line = line
        self.values = values

    def error(self, field: str, message: str) -> InputError:
        return InputError(message, file=self.file, line=self.line, field=field)

    def text(self, field: str, *, required: bool = True) -> str:
        value = self.values.get(field)
        if value is None:
            raise self.error(field, "column missing")
        value = value.strip()
        if required and not value:
            raise self.error(field, "empty value")
        return value

    def date(self, field: str) -> dt.date:
        value = self.text(field)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(field, f"not an ISO date: {value!r}") from None

    def integer(self, field: str) -> int:
        value = self.text(field)
        try:
            number = int(value)
        except ValueError:
            raise self.error(field, f"not an integer: {value!r}") from None
        if number < 0:
            raise self.error(field, f"negative: {number}")
        return number

    def keys(self, field: str) -> tuple[str, ...]:
        """A ``;``-separated list (sectors, regions), possibly empty."""
        return tuple(part.strip() for part in self.text(field, required=False).split(";") if part)


def read_rows(name: str) -> list[Row]:
    """Rows of ``data/<name>``; every row must carry a non-empty ``source``."""
    file = f"carbonnodes/calendar/data/{name}"
    text = resources.files("carbonnodes.calendar").joinpath("data", name).read_text("utf-8")
    rows = [
        Row(file, number, values)
        for number, values in enumerate(csv.DictReader(text.splitlines()), start=2)
    ]
    for row in rows:
        if None in row.values:
            raise row.error("source", "more fields than the header names")
        row.text("source")
    return rows
