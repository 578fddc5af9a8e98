"""Smoke run of benchmarks/detect.py on one series per family, fast anchors only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "detect.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120,
        check=True,
    )


def test_benchmark_prints_its_table_and_generic_detectors_fail() -> None:
    done = _run("--n", "7", "--seed", "3", "--methods", "binseg,pelt")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("7 series of 1461 days, 7 families")
    row = next(line for line in lines if line.startswith("ruptures Binseg l2 (raw)"))
    precision, recall, f1 = (float(cell) for cell in row.split()[4:7])
    assert 0.0 <= precision <= 1.0 and 0.0 <= recall <= 1.0
    assert f1 < 0.5  # a mean-shift detector on raw daily series reports the calendar
    assert any(line.startswith("F1 by family") for line in lines)
    assert "7/7 series" in done.stderr


def test_monthly_benchmark_scores_by_month() -> None:
    done = _run("--n", "6", "--seed", "3", "--methods", "carbonnodes,binseg", "--monthly")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("6 series of 1461 days averaged by month, 6 families")
    ours = next(line for line in lines if line.startswith("carbonnodes detect"))
    assert 0.0 <= float(ours.split()[4]) <= 1.0
    families = next(line for line in lines if line.startswith("F1 by family"))
    assert "seasonal" not in families  # a month averages a weekly-cycle change away


def test_benchmark_runs_on_two_year_series() -> None:
    done = _run("--n", "7", "--seed", "3", "--methods", "carbonnodes,binseg", "--days", "731")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("7 series of 731 days, 7 families")
    ours = next(line for line in lines if line.startswith("carbonnodes detect"))
    assert 0.0 < float(ours.split()[4]) <= 1.0
    refused = subprocess.run([sys.executable, str(SCRIPT), "--days", "200"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--days must be at least 365" in refused.stderr


def test_ceiling_benchmark_puts_an_oracle_above_the_detector() -> None:
    """The oracle knows dates, shapes and the noise law: on easy changes it finds them."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT.with_name("detect_ceiling.py")), "--n", "7", "--seed", "3",
         "--draws", "100"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    lines = done.stdout.splitlines()
    ceiling = next(line for line in lines if line.startswith("ceiling:"))
    ours = next(line for line in lines if line.startswith("carbonnodes, same series:"))
    recall = float(ceiling.split("recall ")[1].split(",")[0])
    assert 0.5 < recall <= 1.0
    assert "F1 " in ours
    anomaly = next(line for line in lines if line.startswith("anomaly"))
    assert float(anomaly.split()[2]) > 0.95  # deep lockdown-like episodes are plain to see


ATTRIBUTE = SCRIPT.with_name("attribute.py")


def test_attribution_benchmark_counts_measures_offered_for_changes_they_cannot_make() -> None:
    done = subprocess.run(
        [sys.executable, str(ATTRIBUTE), "--mode", "injected", "--cases", "60"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    rows = dict(line.split("  ", 1) for line in done.stdout.splitlines() if "  " in line)
    rows = {k.strip(): v.strip() for k, v in rows.items()}
    assert rows["causes dated after their node"] == "0"
    assert rows["shape decoys: node detected"] == "1.000 of 10"
    right, _, count = rows["its measure not offered as a cause"].partition(" of ")
    assert count == "10" and float(right) >= 0.5  # demoted, most fall under the bar
