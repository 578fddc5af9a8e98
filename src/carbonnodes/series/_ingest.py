"""``ingest_emissions``: read and check every file first, then store them in one transaction.

A batch is all-or-nothing: if any file is bad, none of them is stored, and the error says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from carbonnodes.errors import InputError
from carbonnodes.series._layout import NOTHING_SAID, Said
from carbonnodes.series._parse import ParsedFile, parse_table
from carbonnodes.series._read import PARQUET_SUFFIXES, read_raw
from carbonnodes.series._types import IngestResult
from carbonnodes.series._write import write_file
from carbonnodes.store import Store

#: Called with (files done, files in the batch, the file being read now).
ProgressCallback = Callable[[int, int, str], None]

_SUFFIXES = (".csv", *PARQUET_SUFFIXES)


def ingest_emissions(
    store: Store,
    paths: Iterable[str | Path],
    *,
    said: Said = NOTHING_SAID,
    on_progress: ProgressCallback | None = None,
) -> list[IngestResult]:
    """Ingest emission files (CSV or Parquet, or folders of them) into the store; ``said``
    places files whose columns do not say their region or sector (a city's ``date,value``)."""
    files = _expand(paths)
    parsed: list[ParsedFile] = []
    try:
        for done, path in enumerate(files):
            if on_progress is not None:
                on_progress(done, len(files), path.name)
            parsed.append(parse_table(read_raw(path), said))
    except InputError as exc:
        raise _nothing_stored(exc, len(files)) from exc
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with store.transaction() as con:
        results = [write_file(con, one, now) for one in parsed]
    if on_progress is not None:
        on_progress(len(files), len(files), "")
    return results


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the CSV and Parquet files directly inside it."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
            if not inside:
                raise InputError("no CSV or Parquet files in this folder", file=str(path))
            files.extend(inside)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file; nothing was stored", file=str(path))
    if not files:
        raise InputError("no files to ingest")
    return files


def _nothing_stored(exc: InputError, n_files: int) -> InputError:
    """The same error, saying that the store was left as it was."""
    scope = "nothing was stored" if n_files == 1 else f"none of the {n_files} files was stored"
    wrapped = InputError(f"{exc} ({scope}: a batch is one transaction)")
    wrapped.file, wrapped.line, wrapped.field = exc.file, exc.line, exc.field
    return wrapped
