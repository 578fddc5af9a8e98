"""read_bare_csv: a date,value file for detect --csv, with the same checks as an ingest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from carbonnodes.errors import InputError
from carbonnodes.series import read_bare_csv, summarize_series

Row = tuple[str, str, str, str]


def _ground(tianjin_rows: list[Row]) -> list[tuple[str, str]]:
    return [(d, v) for d, _, s, v in tianjin_rows if s == "Ground Transport"]


def test_bare_series_takes_its_name_from_the_file(
    write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    path = write_rows("tianjin_ground.csv", "date,value", _ground(tianjin_rows))
    series = read_bare_csv(path)
    assert (series.city, series.sector, series.start) == ("tianjin_ground", "", dt.date(2020, 1, 1))
    assert len(series) == 91 and series.values[0] == float(_ground(tianjin_rows)[0][1])


def test_bare_series_without_header_gbk_and_day_first(
    write_rows: Callable[..., Path], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    rows = _ground(tianjin_rows)
    plain = read_bare_csv(write_rows("a.csv", "日期,排放", rows, encoding="gbk"))
    day_first = [(f"{d[8:]}/{d[5:7]}/{d[:4]}", v) for d, v in rows]
    path = tmp_path / "b.csv"
    path.write_text("\n".join(",".join(r) for r in day_first) + "\n", encoding="utf-8")
    np.testing.assert_array_equal(read_bare_csv(path).values, plain.values)


def test_bare_series_with_chinese_dates(
    write_rows: Callable[..., Path], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    rows = _ground(tianjin_rows)
    plain = read_bare_csv(write_rows("plain.csv", "date,value", rows))
    chinese = [(f"{d[:4]}年{int(d[5:7])}月{int(d[8:])}日", v) for d, v in rows]
    with_header = read_bare_csv(write_rows("zh.csv", "日期,排放", chinese))
    path = tmp_path / "zh_bare.csv"  # no header row: its first date is data
    path.write_text("\n".join(",".join(r) for r in chinese) + "\n", encoding="utf-8")
    for series in (with_header, read_bare_csv(path)):
        assert series.start == plain.start
        np.testing.assert_array_equal(series.values, plain.values)


def test_bare_series_as_spreadsheets_export_it(
    write_rows: Callable[..., Path], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    """Tab- or semicolon-separated, and numbers with thousands separators in quotes."""
    rows = _ground(tianjin_rows)
    plain = read_bare_csv(write_rows("plain.csv", "date,value", rows))
    for name, mark in (("tab.csv", "\t"), ("semicolon.csv", ";")):
        path = tmp_path / name
        path.write_text("\n".join(mark.join(r) for r in [("date", "value"), *rows]) + "\n",
                        encoding="utf-8")
        np.testing.assert_array_equal(read_bare_csv(path).values, plain.values)
    path = tmp_path / "thousands.csv"
    big = [(d, f"{float(v) * 1e6:,.3f}") for d, v in rows]
    path.write_text("date,value\n" + "".join(f'{d},"{v}"\n' for d, v in big), encoding="utf-8")
    assert big[0][1].count(",") >= 1
    np.testing.assert_allclose(read_bare_csv(path).values, plain.values * 1e6, rtol=1e-6)


def test_a_first_row_in_any_date_form_is_data(
    write_rows: Callable[..., Path], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    """No header row: the first cell is a date in a form the date parser reads (here with
    midnight written out), so the first row is data, not a header that loses a day."""
    rows = _ground(tianjin_rows)
    plain = read_bare_csv(write_rows("plain.csv", "date,value", rows))
    path = tmp_path / "stamped.csv"
    path.write_text("".join(f"{d} 00:00:00,{v}\n" for d, v in rows), encoding="utf-8")
    series = read_bare_csv(path)
    assert series.start == plain.start
    np.testing.assert_array_equal(series.values, plain.values)


def test_bare_series_gaps_become_nan(
    write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    rows = _ground(tianjin_rows)
    rows[10] = (rows[10][0], "")
    series = read_bare_csv(write_rows("gap.csv", "date,value", [*rows[:20], *rows[25:]]))
    assert len(series) == 91
    assert np.isnan(series.values[10]) and np.isnan(series.values[20:25]).all()
    summary = summarize_series(series)
    assert summary.n_missing == 6
    assert summary.gaps == (
        (dt.date(2020, 1, 11), dt.date(2020, 1, 11)),
        (dt.date(2020, 1, 21), dt.date(2020, 1, 25)),
    )


def test_monthly_dates_are_refused(write_rows: Callable[..., Path]) -> None:
    rows = [(f"2020-{m:02d}-01", "1.0") for m in range(1, 13)]
    with pytest.raises(InputError, match="must be daily") as caught:
        read_bare_csv(write_rows("monthly.csv", "date,value", rows))
    assert (caught.value.file, caught.value.line, caught.value.field) == ("monthly.csv", 3, "date")


def test_bare_series_bad_value_names_line_and_field(write_rows: Callable[..., Path]) -> None:
    rows = [(f"2020-01-{d:02d}", "1.0") for d in range(1, 20)]
    rows[4] = ("2020-01-05", "oops")
    with pytest.raises(InputError) as caught:
        read_bare_csv(write_rows("bad.csv", "date,value", rows))
    assert str(caught.value).startswith("bad.csv, line 6, field 'value': 'oops' is not a number")


def test_bare_series_duplicate_date_names_both_lines(write_rows: Callable[..., Path]) -> None:
    rows = [(f"2020-01-{d:02d}", "1.0") for d in range(1, 20)]
    rows.insert(7, ("2020-01-03", "2.0"))
    with pytest.raises(InputError) as caught:
        read_bare_csv(write_rows("twice.csv", "date,value", rows))
    assert str(caught.value) == (
        "twice.csv, line 9, field 'value': duplicate date 2020-01-03 with a different value "
        "than line 4"
    )


def test_three_columns_are_not_a_bare_series(write_rows: Callable[..., Path]) -> None:
    with pytest.raises(InputError, match="two columns.*carbonnodes ingest emissions"):
        read_bare_csv(write_rows("three.csv", "date,state,value", [("2020-01-01", "TJ", "1")]))


def test_summary_of_a_bare_series(
    write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    rows = _ground(tianjin_rows)
    summary = summarize_series(read_bare_csv(write_rows("s.csv", "date,value", rows)))
    values = [float(v) for _, v in rows]
    assert summary.min_value == min(values)
    assert summary.min_date == dt.date.fromisoformat(rows[values.index(min(values))][0])
    ((year, mean, n_days),) = summary.yearly_means
    assert (year, n_days) == (2020, 91) and mean == pytest.approx(float(np.mean(values)))
