"""Benchmark: does the simulator look like the real Carbon Monitor file, sector by sector?

    .venv/bin/python benchmarks/simulator_realism.py [--file PATH] [--n 40] [--seed 7000]

The detection benchmark is only as honest as its simulator: noisier than the real data and
it understates what a detector finds, quieter and it flatters. This script measures the real
province series and ``--n`` simulated change-free series per sector with the same
statistics, none of which uses the detector, and prints where the real value falls among
the simulated ones. All statistics are on the log scale and leave out each Spring
Festival's window and the first COVID-19 months (2020-01-10 to 2020-05-31), where the real
series carry changes.

- ``fast``: day-to-day noise, the robust spread of the series minus its centred 7-day mean,
  once each year's weekday medians are taken out.
- ``slow``: weather-like spells, the robust spread of the 7-day mean around its calendar
  month's mean, days 5 to the 4th-last of each month (so a step on the 1st does not count).
- ``month step``: median absolute change from the last day of a month to the 1st of the
  next (January excepted), where Carbon Monitor changes a monthly provincial share.
- ``day step``: the same on the days that are not a 1st, for comparison.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from carbonnodes.simulate import SECTORS, simulate_series

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = (
    REPO.parent / "shared" / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
)
SECTOR_OF = {
    "Ground Transport": "ground_transport",
    "Industry": "industry",
    "Power": "power",
    "Residential": "residential",
}
STATISTICS = ("fast", "slow", "month step", "day step")
_FESTIVALS = ("2019-02-05", "2020-01-25", "2021-02-12", "2022-02-01", "2023-01-22")


def _quiet_days(days: pd.DatetimeIndex) -> np.ndarray:
    """Days outside Spring Festival windows and the first COVID-19 months."""
    loud = (days >= pd.Timestamp("2020-01-10")) & (days <= pd.Timestamp("2020-05-31"))
    for festival in pd.to_datetime(list(_FESTIVALS)):
        loud |= (days >= festival - pd.Timedelta(days=25)) & (
            days <= festival + pd.Timedelta(days=40)
        )
    return np.asarray(~loud)


def _spread(values: pd.Series) -> float:
    """Robust standard deviation (scaled median absolute deviation)."""
    finite = values.to_numpy(dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    return float(1.4826 * np.median(np.abs(finite - np.median(finite))))


def statistics_of(days: pd.DatetimeIndex, values: np.ndarray) -> dict[str, float]:
    """The four statistics of one daily series (values in any unit, > 0 where observed)."""
    positive = np.where(values > 0, values, np.nan)
    logs = pd.Series(np.log(positive), index=days).interpolate(limit=15)
    quiet = _quiet_days(days)
    week_mean = logs.rolling(7, center=True).mean()
    fast = logs - week_mean
    for year in np.unique(days.year):
        in_year = days.year == year
        part = fast[in_year]
        fast[in_year] = part - part.groupby(days[in_year].day_of_week).transform("median")
    month = days.year * 100 + days.month
    slow = week_mean - week_mean.groupby(month).transform("mean")
    inner = (days.day >= 5) & (days.day <= days.days_in_month - 4)
    change = logs.diff().abs()
    first = days.day == 1
    return {
        "fast": _spread(fast[quiet]),
        "slow": _spread(slow[quiet & inner]),
        "month step": float(np.nanmedian(change[first & (days.month != 1) & quiet])),
        "day step": float(np.nanmedian(change[~first & quiet])),
    }


def real_statistics(path: Path) -> dict[str, list[dict[str, float]]]:
    """Statistics of every province series of the four sectors (mostly-zero series skipped)."""
    table = pd.read_csv(path, parse_dates=["date"])
    out: dict[str, list[dict[str, float]]] = {sector: [] for sector in SECTORS}
    for (_, name), rows in table[table["sector"].isin(SECTOR_OF)].groupby(["state", "sector"]):
        rows = rows.sort_values("date")
        values = rows["value"].to_numpy(dtype=np.float64)
        if np.mean(values <= 0) > 0.1:
            continue
        out[SECTOR_OF[str(name)]].append(statistics_of(pd.DatetimeIndex(rows["date"]), values))
    return out


def simulated_statistics(n: int, seed: int) -> dict[str, list[dict[str, float]]]:
    """Statistics of ``n`` change-free simulated series per sector."""
    out: dict[str, list[dict[str, float]]] = {}
    for sector in SECTORS:
        out[sector] = []
        for i in range(n):
            series, _ = simulate_series("no_change", seed + i, sector=sector)
            days = pd.date_range(series.start, periods=len(series.values))
            out[sector].append(statistics_of(days, np.asarray(series.values, dtype=np.float64)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--n", type=int, default=40, help="simulated series per sector")
    parser.add_argument("--seed", type=int, default=7000)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        real = real_statistics(args.file)
        simulated = simulated_statistics(args.n, args.seed)
    print(f"real: {args.file.name}; simulated: {args.n} no_change series per sector\n")
    header = f"{'sector':<18}{'statistic':<12}{'real':>8}{'sim p10':>9}{'sim p50':>9}"
    print(header + f"{'sim p90':>9}  real's rank among simulated")
    print("-" * (len(header) + 38))
    for sector in SECTORS:
        for name in STATISTICS:
            observed = float(np.median([row[name] for row in real[sector]]))
            drawn = np.array([row[name] for row in simulated[sector]])
            p10, p50, p90 = np.percentile(drawn, [10, 50, 90])
            rank = float(np.mean(drawn < observed))
            print(
                f"{sector:<18}{name:<12}{observed:>8.4f}{p10:>9.4f}{p50:>9.4f}{p90:>9.4f}"
                f"  {rank:.2f}"
            )
    print(
        "\nreal: median over the province series (each is the national daily shape times a "
        "provincial share).\nrank: share of simulated series below the real value; near 0 "
        "the simulator is noisier than the real file, near 1 quieter."
    )


if __name__ == "__main__":
    main()
