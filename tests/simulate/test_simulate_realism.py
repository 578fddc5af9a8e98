"""Smoke run of benchmarks/simulator_realism.py on the real file and a few simulated series."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from carbonnodes.simulate import SECTORS

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "simulator_realism.py"


def test_realism_table_measures_real_and_simulated_series_alike(shared: Path) -> None:
    emissions = shared / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--file", str(emissions), "--n", "8"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    rows = {
        (cells[0], cells[1] if len(cells) == 7 else f"{cells[1]} {cells[2]}"): cells[-5:]
        for cells in (line.split() for line in done.stdout.splitlines())
        if len(cells) in (7, 8) and cells[0] in SECTORS
    }
    assert len(rows) == 16  # four sectors, four statistics
    for real, *simulated, rank in rows.values():
        assert float(real) > 0.0
        low, middle, high = (float(cell) for cell in simulated)
        assert 0.0 < low <= middle <= high
        assert 0.0 <= float(rank) <= 1.0
    for sector in ("industry", "power"):
        # Carbon Monitor changes these provinces' shares on the 1st of each month
        month_step = float(rows[(sector, "month step")][0])
        assert month_step > 3 * float(rows[(sector, "day step")][0])
