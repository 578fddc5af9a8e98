"""Carbon Monitor files as they really come all ingest to the same values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbonnodes.errors import InputError
from carbonnodes.model import Series
from carbonnodes.series import ingest_emissions, list_series, load_series
from carbonnodes.store import open_store

Row = tuple[str, str, str, str]
_ZH_SECTOR = {"Power": "电力", "Ground Transport": "地面交通"}


def _load_both(path: Path, tmp_path: Path) -> tuple[Series, Series]:
    with open_store(tmp_path / f"{path.name}.duckdb") as store:
        (result,) = ingest_emissions(store, [path])
        assert result.status == "new" and result.series_new == 2
        return load_series(store, "天津", "电力"), load_series(store, "Tianjin", "Ground")


def _compact(date: str) -> str:
    return date.replace("-", "")


def _day_first(date: str) -> str:
    year, month, day = date.split("-")
    return f"{day}/{month}/{year}"


@pytest.fixture
def reference(
    tianjin_rows: list[Row], write_rows: Callable[..., Path], tmp_path: Path
) -> tuple[Series, Series]:
    path = write_rows("iso.csv", "date,state,sector,value", tianjin_rows)
    return _load_both(path, tmp_path)


def test_reference_series_is_the_real_data(
    reference: tuple[Series, Series], tianjin_rows: list[Row]
) -> None:
    power, ground = reference
    assert power.start == dt.date(2020, 1, 1) and power.end == dt.date(2020, 3, 31)
    assert ground.city == "tianjin" and ground.sector == "ground_transport"
    first_ground = next(float(v) for d, _, s, v in tianjin_rows if s == "Ground Transport")
    assert ground.values[0] == first_ground
    assert power.unit == "MtCO2/day"


@pytest.mark.parametrize(
    ("name", "header", "convert", "encoding"),
    [
        ("compact.csv", "date,state,sector,value", lambda r: (_compact(r[0]), *r[1:]), "utf-8"),
        ("dayfirst.csv", "state,date,sector,value", lambda r: (r[1], _day_first(r[0]), *r[2:]),
         "utf-8"),
        ("bom.csv", "date,state,sector,value", lambda r: r, "utf-8-sig"),
        ("bom_crlf.csv", "date,state,sector,value", lambda r: r, "utf-8-sig"),
        ("gbk.csv", "日期,省份,部门,value", lambda r: (r[0], "天津市", _ZH_SECTOR[r[2]], r[3]),
         "gbk"),
        ("gbk_province.csv", "date,Province,sector,value", lambda r: (r[0], "天津", *r[2:]),
         "gbk"),
    ],
)
def test_variants_ingest_to_identical_values(
    reference: tuple[Series, Series],
    write_rows: Callable[..., Path],
    tianjin_rows: list[Row],
    tmp_path: Path,
    name: str,
    header: str,
    convert: Callable[[Row], tuple[str, ...]],
    encoding: str,
) -> None:
    newline = "\r\n" if "crlf" in name else "\n"
    rows = [convert(r) for r in tianjin_rows]
    path = write_rows(name, header, rows, encoding=encoding, newline=newline)
    for got, want in zip(_load_both(path, tmp_path), reference, strict=True):
        assert got.start == want.start
        np.testing.assert_array_equal(got.values, want.values)


def test_kilotonnes_in_the_header_are_converted_and_the_source_unit_kept(
    reference: tuple[Series, Series],
    write_rows: Callable[..., Path],
    tianjin_rows: list[Row],
    tmp_path: Path,
) -> None:
    rows = [
        ("Tianjin", "China", d, s, repr(float(v) * 1000), "1577836800")
        for d, _, s, v in tianjin_rows
    ]
    path = write_rows("cities.csv", "city,country,date,sector,value (KtCO2 per day),timestamp",
                      rows)
    with open_store(tmp_path / "kt.duckdb") as store:
        (result,) = ingest_emissions(store, [path])
        assert result.source_unit == "KtCO2 per day" and result.unit == "MtCO2/day"
        assert result.dataset == "carbon_monitor_cities"
        stored = store.con.execute("SELECT source_unit FROM ingests").fetchone()
        assert stored == ("KtCO2 per day",)
        power = load_series(store, "tianjin", "power")
    np.testing.assert_allclose(power.values, reference[0].values, rtol=1e-12)


def test_parquet_ingests_like_csv(
    reference: tuple[Series, Series], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    frame = pd.DataFrame(tianjin_rows, columns=["date", "state", "sector", "value"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["value"] = frame["value"].astype(float)
    path = tmp_path / "tianjin.parquet"
    frame.to_parquet(path)
    for got, want in zip(_load_both(path, tmp_path), reference, strict=True):
        np.testing.assert_array_equal(got.values, want.values)


def test_wide_file_with_one_column_per_sector(
    reference: tuple[Series, Series], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    wide = pd.DataFrame(tianjin_rows, columns=["date", "state", "sector", "value"]).pivot(
        index=["date", "state"], columns="sector", values="value"
    )
    path = tmp_path / "wide.csv"
    wide.reset_index().to_csv(path, index=False)
    with open_store(tmp_path / "wide.duckdb") as store:
        (result,) = ingest_emissions(store, [path])
        assert result.layout == "wide_sectors"
        got = load_series(store, "天津", "电力"), load_series(store, "天津", "地面交通")
    for one, want in zip(got, reference, strict=True):
        np.testing.assert_array_equal(one.values, want.values)


def test_a_wide_file_of_a_city_is_not_carbon_monitor_china_s(
    tianjin_rows: list[Row], tmp_path: Path
) -> None:
    """Carbon Monitor China is provincial: a city's wide file (its name the city's) is taken
    as Carbon Monitor Cities', so that no provincial share step is made its artefact; one of a
    province, or of provinces, stays Carbon Monitor China's."""
    power = [(d, v) for d, _, s, v in tianjin_rows if s == "Power"]
    files = {
        "苏州.csv": "date,电力\n", "kunshan_sectors.csv": "date,Power\n",
        "tianjin_sectors.csv": "date,Power\n", "power.csv": "date,Tianjin,北京\n",
        "power_cities.csv": "date,苏州,北京\n",
    }
    datasets = {}
    for name, header in files.items():
        path = tmp_path / name
        columns = header.count(",")
        path.write_text(header + "".join(f"{d}{f',{v}' * columns}\n" for d, v in power),
                        encoding="utf-8")
        with open_store(tmp_path / f"{name}.duckdb") as store:
            (result,) = ingest_emissions(store, [path])
        datasets[name] = result.dataset
    assert datasets == {
        "苏州.csv": "carbon_monitor_cities", "kunshan_sectors.csv": "carbon_monitor_cities",
        "tianjin_sectors.csv": "carbon_monitor", "power.csv": "carbon_monitor",
        "power_cities.csv": "carbon_monitor_cities",
    }


def test_missing_days_are_gaps_not_errors(
    write_rows: Callable[..., Path], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    kept = [r for r in tianjin_rows if not ("2020-02-10" <= r[0] <= "2020-02-12")]
    path = write_rows("gappy.csv", "date,state,sector,value", kept)
    with open_store(tmp_path / "gappy.duckdb") as store:
        ingest_emissions(store, [path])
        info = next(i for i in list_series(store) if i.sector == "power")
        power = load_series(store, "tianjin", "power")
    assert (info.n_days, info.n_missing) == (88, 3)
    gap = power.index_of(dt.date(2020, 2, 10))
    assert np.isnan(power.values[gap : gap + 3]).all()
    assert not np.isnan(power.values[gap + 3])


def test_wide_file_with_one_column_per_region_takes_the_sector_from_its_name(
    tianjin_rows: list[Row], tmp_path: Path
) -> None:
    power = [(d, v) for d, _, s, v in tianjin_rows if s == "Power"]
    path = tmp_path / "power_by_region.csv"
    path.write_text(
        "date,Tianjin,北京\n" + "".join(f"{d},{v},{v}\n" for d, v in power), encoding="utf-8"
    )
    with open_store(tmp_path / "regions.duckdb") as store:
        (result,) = ingest_emissions(store, [path])
        assert (result.layout, result.series_new) == ("wide_regions", 2)
        beijing = load_series(store, "beijing", "power")
    assert beijing.values[0] == float(power[0][1]) and len(beijing) == 91


def test_a_city_file_s_province_column_tells_two_suzhous_apart(
    write_rows: Callable[..., Path], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    """Carbon Monitor Cities' China files write ``city,Province,…``: 苏州 and 宿州 are both
    "Suzhou" in English, and the province beside each row says which."""
    places = (("Suzhou", "Jiangsu"), ("Suzhou", "Anhui"), ("Harbin", "Heilongjiang"))
    rows = [(city, province, d, s, v) for city, province in places for d, _, s, v in tianjin_rows]
    path = write_rows("cn.csv", "city,Province,date,sector,value (KtCO2 per day)", rows)
    with open_store(tmp_path / "cities.duckdb") as store:
        (result,) = ingest_emissions(store, [path])
        assert result.series_new == 6
        regions = {s.city for s in list_series(store)}
        assert regions == {"suzhou_jiangsu", "suzhou_anhui", "harbin"}
        assert load_series(store, "宿州", "电力").city == "suzhou_anhui"


def test_a_city_name_two_cities_share_without_a_province_names_both(
    write_rows: Callable[..., Path], tianjin_rows: list[Row], tmp_path: Path
) -> None:
    rows = [("Suzhou", d, s, v) for d, _, s, v in tianjin_rows]
    path = write_rows("sz.csv", "city,date,sector,value", rows)
    with open_store(tmp_path / "sz.duckdb") as store, pytest.raises(InputError) as caught:
        ingest_emissions(store, [path])
    message = str(caught.value)
    assert "sz.csv, line 2, field 'city'" in message
    assert "苏州" in message and "宿州" in message
