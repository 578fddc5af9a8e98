"""Each kind of bad input: a one-line InputError naming file, line and field; store unchanged."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonnodes.errors import InputError
from carbonnodes.series import ingest_emissions
from carbonnodes.store import Store

Row = tuple[str, str, str, str]
HEADER = "date,state,sector,value"
Snapshot = dict[str, list[tuple[object, ...]]]


@pytest.fixture
def filled_store(
    store: Store, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> Store:
    """A store that already holds one good file, so that 'unchanged' means something."""
    ingest_emissions(store, [write_rows("good.csv", HEADER, tianjin_rows)])
    return store


def _rows(tianjin_rows: list[Row], n: int = 20) -> list[tuple[str, ...]]:
    return [tuple(r) for r in tianjin_rows[:n]]


def _bad_files(tianjin_rows: list[Row]) -> dict[str, tuple[str, list[tuple[str, ...]], str]]:
    """name → (header, rows, encoding)."""
    rows = _rows(tianjin_rows)
    return {
        "extra_field": (HEADER, [*rows[:4], (*rows[4], "9"), *rows[5:]], "utf-8"),
        "missing_field": (HEADER, [*rows[:4], rows[4][:3], *rows[5:]], "utf-8"),
        "unknown_layout": ("when,place,what,amount", rows, "utf-8"),
        "negative": (HEADER, [*rows[:6], (*rows[6][:3], "-0.5"), *rows[7:]], "utf-8"),
        "non_numeric": (HEADER, [*rows[:6], (*rows[6][:3], "n/a?"), *rows[7:]], "utf-8"),
        "duplicate": (HEADER, [*rows, (*rows[3][:3], "0.123")], "utf-8"),
        "unknown_region": (HEADER, [*rows[:2], ("2020-01-03", "Tianjn", *rows[2][2:])], "utf-8"),
        "unknown_sector": (HEADER, [*rows[:2], (*rows[2][:2], "Aviaton", rows[2][3])], "utf-8"),
        "mixed_dates": (HEADER, [*rows[:7], ("20200108", *rows[7][1:]), *rows[8:]], "utf-8"),
        "ambiguous_dates": (HEADER, [("0" + r[0][9] + "/01/2020", *r[1:]) for r in rows[:9]],
                            "utf-8"),
        "no_such_day": (HEADER, [("2020-02-30", *rows[0][1:])], "utf-8"),
        "two_cities_one_name": (HEADER, [*rows[:2], ("2020-01-03", "Suzhou", *rows[2][2:])],
                                "utf-8"),
        "two_cities_one_column": ("date,Suzhou,Wuxi", [(r[0], "1", "2") for r in rows], "utf-8"),
    }


# name → (line, field) the message must name
EXPECTED: dict[str, tuple[int, str]] = {
    "extra_field": (6, "extra field 5"),
    "missing_field": (6, "value"),
    "unknown_layout": (1, "date"),
    "negative": (8, "value"),
    "non_numeric": (8, "value"),
    "duplicate": (22, "value"),
    "unknown_region": (4, "state"),
    "unknown_sector": (4, "sector"),
    "mixed_dates": (9, "date"),
    "ambiguous_dates": (2, "date"),
    "no_such_day": (2, "date"),
    "two_cities_one_name": (4, "state"),
    "two_cities_one_column": (1, "Suzhou"),
}


def _check(error: InputError, file: str, line: int, field: str) -> None:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{file}, line {line}, field '{field}': ")
    assert (error.file, error.line, error.field) == (file, line, field)
    assert "nothing was stored" in message


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_file_is_refused_and_the_store_unchanged(
    case: str,
    filled_store: Store,
    write_rows: Callable[..., Path],
    tianjin_rows: list[Row],
    snapshot: Callable[[Store], Snapshot],
) -> None:
    header, rows, encoding = _bad_files(tianjin_rows)[case]
    path = write_rows(f"{case}.csv", header, rows, encoding=encoding)
    before = snapshot(filled_store)
    with pytest.raises(InputError) as caught:
        ingest_emissions(filled_store, [path])
    _check(caught.value, path.name, *EXPECTED[case])
    assert snapshot(filled_store) == before


def test_unknown_name_lists_close_matches(
    store: Store, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    header, rows, _ = _bad_files(tianjin_rows)["unknown_region"]
    with pytest.raises(InputError, match=r"unknown region 'Tianjn' \(did you mean: tianjin"):
        ingest_emissions(store, [write_rows("names.csv", header, rows)])


def test_a_file_named_for_two_cities_says_so(
    store: Store, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    """A wide file of sectors takes its city from its name; suzhou.csv could be 苏州 or 宿州."""
    rows = [(r[0], r[3]) for r in tianjin_rows if r[2] == "Power"]
    with pytest.raises(InputError) as caught:
        ingest_emissions(store, [write_rows("suzhou.csv", "date,Power", rows)])
    assert str(caught.value).startswith("suzhou.csv, field 'file name': 'suzhou' names more")
    assert "苏州" in str(caught.value) and "宿州" in str(caught.value)
    ingest_emissions(store, [write_rows("苏州.csv", "date,Power", rows)])


def test_duplicate_names_the_earlier_line(
    store: Store, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    header, rows, _ = _bad_files(tianjin_rows)["duplicate"]
    with pytest.raises(InputError, match="different value than line 5"):
        ingest_emissions(store, [write_rows("dup.csv", header, rows)])


def test_duplicate_with_the_same_value_is_harmless(
    store: Store, write_rows: Callable[..., Path], tianjin_rows: list[Row]
) -> None:
    rows = _rows(tianjin_rows)
    (result,) = ingest_emissions(store, [write_rows("same.csv", HEADER, [*rows, rows[3]])])
    stored = store.con.execute("SELECT count(*) FROM emission_values").fetchone()
    assert result.rows == 21 and stored == (20,)


def test_empty_file(
    filled_store: Store, tmp_path: Path, snapshot: Callable[[Store], Snapshot]
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    before = snapshot(filled_store)
    with pytest.raises(InputError, match="empty") as caught:
        ingest_emissions(filled_store, [path])
    _check(caught.value, "empty.csv", 1, "header")
    assert snapshot(filled_store) == before


def test_header_without_rows(
    filled_store: Store, tmp_path: Path, snapshot: Callable[[Store], Snapshot]
) -> None:
    path = tmp_path / "header_only.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")
    before = snapshot(filled_store)
    with pytest.raises(InputError, match="no data rows") as caught:
        ingest_emissions(filled_store, [path])
    _check(caught.value, "header_only.csv", 2, "row")
    assert snapshot(filled_store) == before


def test_bytes_neither_utf8_nor_gbk(
    filled_store: Store,
    tmp_path: Path,
    tianjin_rows: list[Row],
    snapshot: Callable[[Store], Snapshot],
) -> None:
    lines = [HEADER, *(",".join(r) for r in _rows(tianjin_rows))]
    data = "\n".join(lines).encode("utf-8").replace(b"Tianjin", b"Tianjin\xff", 3)
    path = tmp_path / "latin.csv"
    path.write_bytes(data)
    before = snapshot(filled_store)
    with pytest.raises(InputError, match="neither UTF-8 nor GBK") as caught:
        ingest_emissions(filled_store, [path])
    _check(caught.value, "latin.csv", 2, "state")
    assert snapshot(filled_store) == before


def test_utf16_file_is_named_as_such(
    store: Store, tmp_path: Path, tianjin_rows: list[Row]
) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("\n".join([HEADER, ",".join(tianjin_rows[0])]), encoding="utf-16")
    with pytest.raises(InputError, match="UTF-16") as caught:
        ingest_emissions(store, [path])
    _check(caught.value, "excel.csv", 1, "header")


def test_excel_workbook_is_named_as_such(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "book.csv"  # an .xlsx is a ZIP archive of XML parts
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="Excel workbook") as caught:
        ingest_emissions(store, [path])
    _check(caught.value, "book.csv", 1, "header")


def test_bad_third_file_stores_none_of_the_batch(
    filled_store: Store,
    write_rows: Callable[..., Path],
    tianjin_rows: list[Row],
    snapshot: Callable[[Store], Snapshot],
) -> None:
    rows = _rows(tianjin_rows)
    first = write_rows("one.csv", HEADER, [(r[0], "Beijing", *r[2:]) for r in rows])
    second = write_rows("two.csv", HEADER, [(r[0], "Shanghai", *r[2:]) for r in rows])
    third = write_rows("three.csv", HEADER, [*rows[:3], (*rows[3][:3], "-1")])
    before = snapshot(filled_store)
    with pytest.raises(InputError, match="none of the 3 files was stored") as caught:
        ingest_emissions(filled_store, [first, second, third])
    assert caught.value.file == "three.csv" and caught.value.line == 5
    assert snapshot(filled_store) == before
    assert len(ingest_emissions(filled_store, [first, second])) == 2


def test_a_file_that_does_not_exist(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest_emissions(store, [tmp_path / "nowhere.csv"])
