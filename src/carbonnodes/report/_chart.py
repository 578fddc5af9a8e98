"""The offline chart: a static inline SVG of a series, its ordinary model, nodes and events.

No chart library and no CDN, so the HTML report opens anywhere; markers carry ``data-node``
so a few lines of inline script can open the node's explanation panel.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np
from markupsafe import escape
from numpy.typing import NDArray

from carbonnodes.calendar import condition
from carbonnodes.report._format import Formatter
from carbonnodes.report._views import SectorReport

WIDTH, HEIGHT = 960, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 26, 36

Scale = Callable[[float], float]

KIND_COLOURS = {
    "level_shift": "#c0392b",
    "trend_change": "#2463a6",
    "seasonal": "#1e8449",
    "anomaly": "#7d3c98",
}
#: Event kinds shade the chart in three families: holidays, heating season, epidemic.
EVENT_FAMILIES = {
    "spring_festival": "holiday",
    "public_holiday": "holiday",
    "makeup_workday": "holiday",
    "heating_season_start": "heating",
    "heating_season_end": "heating",
    "lockdown": "epidemic",
    "covid": "epidemic",
    "data_artefact": "artefact",
}
FAMILY_COLOURS = {
    "holiday": "#f4c542",
    "heating": "#e59866",
    "epidemic": "#85929e",
    "artefact": "#c39bd3",
}


def unit_scale(unit: str) -> float:
    """Daily MtCO2 is shown in kt CO2 per day, where Tianjin's values are readable."""
    return 1000.0 if unit == "MtCO2/day" else 1.0


def unit_label(unit: str, fmt: Formatter) -> str:
    """The unit the chart's values are shown in: kt CO2 a day, a ratio, or as stored."""
    return fmt.t("report.unit_value") if unit_scale(unit) != 1.0 else fmt.unit(unit)


def chart_svg(section: SectorReport, fmt: Formatter) -> str:
    series = section.series
    scale = unit_scale(series.unit)
    values = series.values * scale
    ordinary = section.ordinary * scale
    finite = np.concatenate([values[np.isfinite(values)], ordinary[np.isfinite(ordinary)]])
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    ticks = _nice_ticks(low, high)
    y_min, y_max = min(ticks[0], low), max(ticks[-1], high)
    days = max(len(series) - 1, 1)

    def x(index: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * index / days

    def y(value: float) -> float:
        span = (y_max - y_min) or 1.0
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - y_min) / span)

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(fmt.sector(series.sector))}">'
    ]
    # a year-long state of the data (a temperature-driven shape) would shade every day
    for event in (e for e in section.events if not condition(e)):
        start = max(series.index_of(event.start), 0)
        end = min(series.index_of(event.end) + 1, len(series) - 1)
        colour = FAMILY_COLOURS[EVENT_FAMILIES.get(event.kind, "artefact")]
        parts.append(
            f'<rect class="event" x="{x(start):.1f}" y="{TOP}" '
            f'width="{max(x(end) - x(start), 1.0):.1f}" height="{HEIGHT - TOP - BOTTOM}" '
            f'fill="{colour}" fill-opacity="0.28"><title>{escape(fmt.event_name(event))} · '
            f"{escape(fmt.event_span(event))}</title></rect>"
        )
    parts.extend(_axes(series.start, len(series), ticks, x, y, fmt))
    parts.append(f'<text class="unit" x="{LEFT - 8}" y="{TOP - 12}" font-size="11" '
                 f'fill="#52606d">{escape(unit_label(series.unit, fmt))}</text>')
    parts.append(f'<path class="series" d="{_path(values, x, y)}" fill="none" stroke="#7b8794" '
                 'stroke-width="1"/>')
    parts.append(f'<path class="ordinary" d="{_path(ordinary, x, y)}" fill="none" '
                 'stroke="#e67e22" stroke-width="1.3" stroke-opacity="0.9"/>')
    for item in section.nodes:
        node = item.node
        index = series.index_of(node.date)
        if not 0 <= index < len(series):
            continue
        colour = KIND_COLOURS.get(node.kind, "#333")
        value = values[index] if math.isfinite(values[index]) else ordinary[index]
        cx, cy = x(index), y(float(value)) if math.isfinite(value) else TOP
        if node.end is not None:
            width = max(x(series.index_of(node.end)) - cx, 1.0)
            parts.append(f'<rect x="{cx:.1f}" y="{TOP}" width="{width:.1f}" '
                         f'height="{HEIGHT - TOP - BOTTOM}" fill="{colour}" fill-opacity="0.12"/>')
        label = f"{fmt.date(node.date)} · {fmt.kind(node.kind)} · {fmt.size(node, node.effect_pct)}"
        parts.append(
            f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            f'stroke="{colour}" stroke-width="1" stroke-dasharray="2 3"/>'
            f'<circle class="node-marker" data-node="{item.anchor}" data-kind="{node.kind}" '
            f'cx="{cx:.1f}" cy="{cy:.1f}" r="7" fill="{colour}" stroke="#fff" stroke-width="2" '
            f'tabindex="0" role="button" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _path(values: NDArray[np.float64], x: Scale, y: Scale) -> str:
    commands: list[str] = []
    pen_up = True
    for i, value in enumerate(values):
        if not math.isfinite(value):
            pen_up = True
            continue
        commands.append(f"{'M' if pen_up else 'L'}{x(i):.1f} {y(float(value)):.1f}")
        pen_up = False
    return "".join(commands)


def _axes(start: dt.date, length: int, ticks: list[float], x: Scale, y: Scale,
          fmt: Formatter) -> list[str]:
    out = ['<g class="axes" font-size="11" fill="#52606d">']
    for tick in ticks:
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                   'stroke="#e4e7eb"/>'
                   f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end">{tick:g}</text>')
    end = start + dt.timedelta(days=length - 1)
    for year in range(start.year, end.year + 1):
        for month in (1, 7):
            day = dt.date(year, month, 1)
            if not start <= day <= end:
                continue
            tx = x((day - start).days)
            text = str(year) if month == 1 else ("7月" if fmt.lang == "zh" else "Jul")
            out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{HEIGHT - BOTTOM}" '
                       f'y2="{HEIGHT - BOTTOM + 5}" stroke="#9aa5b1"/>'
                       f'<text x="{tx:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                       f'text-anchor="middle">{text}</text>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
               f'y2="{HEIGHT - BOTTOM}" stroke="#9aa5b1"/></g>')
    return out


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values (1, 2, 5 × 10^k steps) covering ``low`` to ``high``."""
    if not high > low:
        high = low + 1.0
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks
