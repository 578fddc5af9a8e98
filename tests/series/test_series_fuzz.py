"""Generated bad emission files: only our own errors escape, on one line, store unchanged."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carbonnodes.calendar import events
from carbonnodes.cli import app
from carbonnodes.detect import MIN_DAYS, detect
from carbonnodes.errors import InputError
from carbonnodes.model import Series
from carbonnodes.series import ingest_emissions, read_bare_csv
from carbonnodes.store import Store, open_store
from series.conftest import Row, snapshot_of

HEADER = "date,state,sector,value"
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_dates = st.one_of(
    st.dates(dt.date(2019, 1, 1), dt.date(2022, 12, 31)).map(dt.date.isoformat),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.sampled_from(["2020-02-30", "2020-13-01", "0000-01-01", "31/31/2020", "2020/1/1 25:00",
                     "", "date", "２０２０-01-01", "2020-01-01T00:00:00Z", "1e3"]),
    st.text(max_size=12),
)
_names = st.one_of(
    st.sampled_from(["Tianjin", "Beijing", "天津", "Power", "Ground Transport", "Atlantis",
                     "", " ", "Residential", "tianjin ", "TIANJIN"]),
    st.text(max_size=10),
)
_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["-1", "nan", "NaN", "inf", "-inf", "1e400", "-0", "0x10", "1,5", "1_000",
                     "", "n/a", "−1", "١٢", "9" * 400, "1e-400", "True"]),
    st.text(max_size=8),
)
_columns = st.sampled_from([
    "date", "日期", "state", "city", "province", "country", "sector", "value", "co2_tonnes",
    "value (KtCO2 per day)", "value (tCO2/yr)", "value [GtCO2e per month]", "Power", "Industry",
    "Tianjin", "Beijing", "province_code", "source_sheet", "source_file", "timestamp", "",
])
_headers = st.lists(st.one_of(_columns, st.text(max_size=8)), min_size=1, max_size=6).map(
    lambda names: ",".join(_quote(n) for n in names)
)
_cell = st.one_of(_dates, _names, _values)
_row = st.one_of(
    st.tuples(_dates, _names, _names, _values).map(list),
    st.lists(_cell, max_size=6),
)


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell


@st.composite
def _csv_bytes(draw: st.DrawFn, good: list[Row]) -> bytes:
    """The Carbon Monitor header, some real rows and garbage ones, in some encoding."""
    rows = [",".join(r) for r in good[: draw(st.integers(0, 6))]]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(rows)))
        rows.insert(at, ",".join(_quote(c) for c in draw(_row)))
    header = draw(st.one_of(st.just(HEADER), _headers))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join([header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


_any_bytes = st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode))


@pytest.fixture(scope="module")
def fuzz_store(
    tmp_path_factory: pytest.TempPathFactory, tianjin_rows: list[Row]
) -> Iterator[Store]:
    """A store holding one good file, so that 'unchanged' means something."""
    folder = tmp_path_factory.mktemp("fuzz")
    good = folder / "good.csv"
    good.write_text("\n".join([HEADER, *(",".join(r) for r in tianjin_rows)]) + "\n")
    store = open_store(folder / "fuzz.duckdb")
    ingest_emissions(store, [good])
    yield store
    store.close()


def _one_line_naming(exc: Exception, name: str) -> None:
    message = str(exc)
    assert "\n" not in message and "\r" not in message, message
    assert name in message, message


def _check_ingest(store: Store, name: str, data: bytes) -> None:
    before = snapshot_of(store)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            ingest_emissions(store, [path])
        except InputError as exc:
            _one_line_naming(exc, name)
            assert snapshot_of(store) == before
            return
    (bad,) = store.con.execute(
        "SELECT count(*) FROM emission_values WHERE NOT isfinite(value) OR value < 0"
    ).fetchone() or (0,)
    assert bad == 0


@FUZZ
@given(data=st.data())
def test_garbage_rows_never_escape_as_other_errors(
    fuzz_store: Store, tianjin_rows: list[Row], data: st.DataObject
) -> None:
    _check_ingest(fuzz_store, "fuzz_rows.csv", data.draw(_csv_bytes(tianjin_rows)))


@FUZZ
@given(data=_any_bytes)
def test_random_bytes_are_refused_as_input(fuzz_store: Store, data: bytes) -> None:
    _check_ingest(fuzz_store, "fuzz_bytes.csv", data)


@FUZZ
@given(data=st.one_of(_any_bytes, st.lists(st.tuples(_dates, _values)).map(
    lambda rows: "\n".join(f"{_quote(d)},{_quote(v)}" for d, v in rows).encode())))
def test_bare_csv_refuses_with_input_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz_bare.csv"
        path.write_bytes(data)
        try:
            series = read_bare_csv(path)
        except InputError as exc:
            _one_line_naming(exc, path.name)
        else:
            values = series.values[~np.isnan(series.values)]
            assert values.size and bool((values >= 0).all()) and bool(np.isfinite(values).all())


def test_cli_failing_ingest_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(f"{HEADER}\n2020-01-01,Tianjin,Power,\"1\n2\"\n".encode())
    result = CliRunner().invoke(
        app, ["ingest", "emissions", str(bad), "--db", str(tmp_path / "cli.duckdb")]
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.csv" in lines[0], result.stderr
    assert "Traceback" not in result.output


_shapes = st.sampled_from(
    ["constant", "nan", "zeros", "inf", "negative", "random", "huge", "tiny", "step"]
)


@st.composite
def _daily(draw: st.DrawFn) -> Series:
    n = draw(st.one_of(st.integers(0, 60), st.integers(MIN_DAYS, MIN_DAYS + 300)))
    shape = draw(_shapes)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = {
        "constant": np.full(n, draw(st.floats(0, 1e6))),
        "nan": np.full(n, np.nan),
        "zeros": np.where(rng.random(n) < 0.9, 0.0, rng.random(n)),
        "inf": np.where(rng.random(n) < 0.05, np.inf, rng.random(n) + 1),
        "negative": rng.normal(0, 1, n),
        "random": rng.lognormal(0, 1, n),
        "huge": rng.lognormal(0, 1, n) * 1e300,
        "tiny": rng.lognormal(0, 1, n) * 1e-300,
        "step": np.where(np.arange(n) < n // 2, 1.0, 1e6) * rng.lognormal(0, 0.1, n),
    }[shape]
    holes = rng.random(n) < draw(st.sampled_from([0.0, 0.0, 0.02, 0.3, 1.0]))
    values = np.where(holes, np.nan, values) if shape != "constant" else values
    start = draw(st.dates(dt.date(2019, 1, 1), dt.date(2022, 6, 30)))
    return Series("Tianjin", "Power", start, values.astype(np.float64))


@settings(max_examples=60, deadline=None)
@given(series=_daily())
def test_detect_only_refuses_with_series_errors(series: Series) -> None:
    end = max(series.start, series.end)
    try:
        detection = detect(series, events("Tianjin", series.start, end, sector="Power"))
    except InputError:  # a SeriesError, or the calendar refusing the range
        return
    for node in detection.nodes:
        assert 0.0 <= node.confidence <= 1.0
        assert series.start <= node.date <= series.end


def test_value_overflowing_its_unit_is_refused(store: Store, tmp_path: Path) -> None:
    """1e308 GtCO2 is a finite number but infinite in tCO2; it must not be stored as inf."""
    path = tmp_path / "huge.csv"
    path.write_bytes(b"date,state,value [GtCO2 per month]\n2020-01-01,Tianjin,1e308\n")
    with pytest.raises(InputError, match="huge.csv.*too large"):
        ingest_emissions(store, [path])
    assert store.con.execute("SELECT count(*) FROM emission_values").fetchone() == (0,)


def test_bad_byte_is_located_in_a_file_with_bare_cr_lines(tmp_path: Path) -> None:
    """Line and column of an undecodable byte count \\r-only line ends like any other."""
    path = tmp_path / "mac.csv"
    path.write_bytes(b"date,state,sector,value\r2020-01-01,Tianjin,Power,\x80\r")
    with pytest.raises(InputError, match=r"mac.csv, line 2, field 'value': byte 0x80"):
        read_bare_csv(path)
