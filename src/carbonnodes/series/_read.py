"""Reading an emission file into a table of text cells, each row with its source line.

CSV comes as UTF-8 (with or without BOM) or GBK; anything else is refused with the line and
column of the first undecodable byte. Parquet columns are turned into the same text cells
(dates as ISO), so that one parser serves both; there a row's "line" is its row number.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from carbonnodes.errors import InputError

PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(frozen=True)
class RawTable:
    """A file's header and its cells as text, column by column, with each row's line."""

    file: str
    sha256: str
    header: tuple[str, ...]
    columns: tuple[NDArray[np.object_], ...]
    lines: NDArray[np.int64]

    @property
    def n_rows(self) -> int:
        return int(self.lines.shape[0])

    def column(self, name: str) -> NDArray[np.object_]:
        return self.columns[self.header.index(name)]


def read_raw(path: Path) -> RawTable:
    """Read a CSV or Parquet file; the bytes are hashed for provenance as they are read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _read_parquet(path, sha256)
    return split_csv(decode(data, file=path.name), file=path.name, sha256=sha256)


def decode(data: bytes, *, file: str) -> str:
    """UTF-8 (BOM or not), else GBK; bytes that are neither, or an Excel workbook, are an input
    error."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InputError(
            "the file is an Excel workbook (or another archive), not text; save the sheet as "
            "CSV", file=file, line=1, field="header"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            "the file is UTF-16; save it as UTF-8 (or GBK)", file=file, line=1, field="header"
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gbk")
    except UnicodeDecodeError as exc:
        line, field = _locate(data, exc.start)
        raise InputError(
            f"byte 0x{data[exc.start]:02x} is neither UTF-8 nor GBK text; "
            "save the file as UTF-8",
            file=file,
            line=line,
            field=field,
        ) from None


def _locate(data: bytes, offset: int) -> tuple[int, str | None]:
    """The line of a byte offset and the header name of the column it falls in."""
    # CSV lines may end in \r\n, \n or a bare \r (classic Mac); count them all alike.
    before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line = before.count(b"\n") + 1
    column = before.count(b",", before.rfind(b"\n") + 1)
    first = re.split(rb"\r\n|\r|\n", data, maxsplit=1)[0]
    header = first.decode("ascii", errors="replace").strip().split(",")
    return line, header[column].strip() if column < len(header) else None


def split_csv(text: str, *, file: str, sha256: str) -> RawTable:
    """Split CSV text into columns; a row with the wrong number of fields is refused. The
    first line says the delimiter: a comma, else a tab or a semicolon (spreadsheets export
    those too)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            header = [cell.strip() for cell in row]
            break
    if not header:
        raise InputError("the file is empty", file=file, line=1, field="header")
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    for row in reader:
        if len(row) != width:
            if not row:
                continue
            missing = header[len(row)] if len(row) < width else f"extra field {width + 1}"
            raise InputError(
                f"{len(row)} fields where the header has {width}",
                file=file,
                line=reader.line_num,
                field=missing,
            )
        rows.append(row)
        lines.append(reader.line_num)
    if not rows:
        raise InputError("the file has a header but no data rows", file=file, line=2, field="row")
    columns = tuple(np.array(cells, dtype=object) for cells in zip(*rows, strict=True))
    return RawTable(file, sha256, tuple(header), columns, np.array(lines, dtype=np.int64))


def _delimiter(text: str) -> str:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    return next((mark for mark in (",", "\t", ";") if mark in first), ",")


def _read_parquet(path: Path, sha256: str) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except (ValueError, OSError) as exc:
        raise InputError(f"not a readable Parquet file ({exc})", file=path.name) from exc
    if frame.empty:
        raise InputError("the file has no rows", file=path.name, line=1, field="row")
    columns = tuple(_text_cells(frame[name]) for name in frame.columns)
    lines = np.arange(1, len(frame) + 1, dtype=np.int64)
    return RawTable(path.name, sha256, tuple(str(c) for c in frame.columns), columns, lines)


def _text_cells(column: pd.Series) -> NDArray[np.object_]:
    """A Parquet column as text cells: dates in ISO form, numbers as written, nulls empty."""
    if pd.api.types.is_datetime64_any_dtype(column):
        column = column.dt.strftime("%Y-%m-%d")
    cells = column.astype(object).where(column.notna(), "")
    return np.array([str(cell) for cell in cells], dtype=object)
