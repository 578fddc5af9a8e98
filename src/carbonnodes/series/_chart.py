"""A PNG of one series: daily values and their 30-day mean against real calendar dates.

Chinese labels need a CJK font; without one the chart falls back to English rather than
drawing boxes, and says so through its return value.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from carbonnodes.model import Series
from carbonnodes.names import region_label, sector_label
from carbonnodes.series._fonts import cjk_font

_TEXT = {
    "zh": {"title": "{region} · {sector} 日排放", "daily": "日值", "mean": "30 日滑动平均",
           "unit": "排放量（{unit}）", "source": "数据来源：{source}"},
    "en": {"title": "{region} · {sector}: daily emissions", "daily": "daily",
           "mean": "30-day moving mean", "unit": "emissions ({unit})",
           "source": "Source: {source}"},
}


def _date_formats(lang: str) -> dict[str, list[str]]:
    """Tick labels in the chart's language: 2020年 / 7月 rather than 2020 / Jul."""
    if lang != "zh":
        return {}
    return {
        "formats": ["%Y年", "%-m月", "%-d日", "%H:%M", "%H:%M", "%S.%f"],
        "zero_formats": ["", "%Y年", "%-m月", "%-m月%-d日", "%H:%M", "%H:%M"],
        "offset_formats": ["", "%Y年", "%Y年%-m月", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"],
    }


def plot_series(series: Series, path: str | Path, *, lang: str = "zh") -> str:
    """Write the chart; returns the language used ("en" when no CJK font was found)."""
    font = cjk_font()
    if lang == "zh" and font is None:
        lang = "en"
    families = ["DejaVu Sans", font] if font else ["DejaVu Sans"]
    with matplotlib.rc_context({"font.family": families}):
        _draw(series, lang).savefig(Path(path), format="png", metadata={"Software": None})
    return lang


def _draw(series: Series, lang: str) -> Figure:
    text = _TEXT["zh" if lang == "zh" else "en"]
    fig = Figure(figsize=(11, 4.5), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    dates = series.dates.astype("datetime64[D]")
    smooth = pd.Series(series.values).rolling(30, center=True, min_periods=15).mean().to_numpy()
    ax.plot(dates, series.values, color="#9db4c8", linewidth=0.8, label=text["daily"])
    ax.plot(dates, smooth, color="#1f4e79", linewidth=1.8, label=text["mean"])
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    formatter = mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator, **_date_formats(lang)
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.set_xlim(dates[0], dates[-1])
    ax.set_ylim(bottom=0, top=float(np.nanmax(series.values)) * 1.08 or 1.0)
    ax.grid(True, color="#e5e5e5", linewidth=0.6)
    ax.set_title(
        text["title"].format(
            region=region_label(series.city, lang), sector=sector_label(series.sector, lang)
        ),
        fontsize=13,
    )
    ax.set_ylabel(text["unit"].format(unit=series.unit))
    fig.supxlabel(
        text["source"].format(source=series.source), fontsize=7, color="#666666", x=0.01,
        ha="left",
    )
    ax.legend(loc="best", frameon=False)
    return fig
