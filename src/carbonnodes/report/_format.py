"""Turning the report's values into display text in one language (dates, %, labels)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import PurePath

from carbonnodes.detect import RATIO_UNIT, ConstructionStep
from carbonnodes.model import Event, Node, Target
from carbonnodes.names import region_label, sector_label
from carbonnodes.report._labels import Labels
from carbonnodes.report._views import CalendarEntry, MeasureEntry

MINUS = "\u2212"
YEAR_DAYS = 365.25
MONTH_DAYS = YEAR_DAYS / 12
#: Stated targets shown per measure before "等，共 N 项".
TARGETS_SHOWN = 3
#: Target qualifiers that follow the value (25%左右); the others precede it (力争25%).
AFTER_VALUE = frozenset({"左右", "以上", "以下", "以内"})


class Formatter:
    """Display text for one language; a missing value always reads 未载明 / not stated."""

    def __init__(self, labels: Labels) -> None:
        self.t = labels
        self.lang = labels.lang

    @property
    def missing(self) -> str:
        return self.t("report.not_stated")

    def region(self, key: str) -> str:
        return region_label(key, self.lang)

    def sector(self, key: str) -> str:
        return sector_label(key, self.lang)

    def unit(self, unit: str) -> str:
        """A series' unit as stored; a ratio's, which has none, named as one."""
        return self.t("report.unit_ratio") if unit == RATIO_UNIT else unit

    def date(self, day: dt.date | None) -> str:
        if day is None:
            return self.missing
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return day.isoformat()

    def pct(self, value: float) -> str:
        if not math.isfinite(value):
            return self.missing
        text = f"{value:+.1f}%"
        return text.replace("-", MINUS)

    def number(self, value: float | None, digits: int = 2) -> str:
        if value is None or not math.isfinite(value):
            return self.missing
        return f"{value:.{digits}f}"

    def kind(self, kind: str) -> str:
        return self.t.get(f"kind.{kind}", kind)

    def points(self, value: float) -> str:
        """Percentage points: a seasonal node's change of the weekly swing."""
        if not math.isfinite(value):
            return self.missing
        return self.t("node.points", value=f"{value:+.1f}".replace("-", MINUS))

    def size(self, node: Node, value: float) -> str:
        """One of a node's effect figures in its unit: points for a seasonal node, percent a
        year for a trend change (a change of growth, not a change of level)."""
        if node.kind == "seasonal":
            return self.points(value)
        if node.kind == "trend_change" and math.isfinite(value):
            return self.t("node.per_year", value=self.pct(value))
        return self.pct(value)

    def effect(self, node: Node, series_end: dt.date | None = None) -> str:
        """The effect with its interval; a seasonal node's or a trend change's unit is named
        once, not thrice. A trend change the data follow for less than a year (``series_end``)
        also says what its rate amounts to by then: +181 % a year over five months is +54 %,
        not a near tripling."""
        low, high = node.effect_ci
        if node.kind in ("seasonal", "trend_change"):
            signed = [f"{v:+.1f}".replace("-", MINUS) for v in (node.effect_pct, low, high)]
            if node.kind == "seasonal":
                return self.t("node.effect_points", pct=signed[0], low=signed[1], high=signed[2])
            text = self.t("node.effect_per_year", pct=signed[0], low=signed[1], high=signed[2])
            return text + self._by_series_end(node, series_end)
        return self.t("node.effect_value", pct=self.pct(node.effect_pct),
                      low=self.pct(low), high=self.pct(high))

    def _by_series_end(self, node: Node, series_end: dt.date | None) -> str:
        """What a yearly rate amounts to where the series ends within a year of the node."""
        if series_end is None or (by_end := node.effect_by(series_end)) is None:
            return ""  # a full year of data: the yearly rate says it
        pct, low, high = (self.pct(x) for x in by_end)
        months = max(1, round((series_end - node.date).days / MONTH_DAYS))
        return self.t("node.effect_by_end", months=months,
                      date=self.date(series_end), pct=pct, low=low, high=high)

    def peers(self, node: Node, not_local: bool = False, ratio: bool = False) -> str:
        """How many other regions show the node; ``not_local`` where the data could not hold a
        change of this region's own there (a ``national_shape`` link); a ``ratio``'s node is
        already one against its reference."""
        if ratio:
            return self.t("node.peers_ratio")
        if not node.peers_total or node.peers_same is None:
            return self.t("node.peers_unknown_not_local" if not_local else "node.peers_unknown")
        key = f"node.peers_{node.reach}"
        if not_local and not node.is_shared:
            key = "node.peers_not_local"
        return self.t(key, same=node.peers_same, total=node.peers_total,
                      expected=self._chance(node.peers_expected), which=self._which(node))

    def _chance(self, expected: float | None) -> str:
        """How many regions chance gives: 约 2.3 个, or 不足 0.1 个 rather than 约 0.0 个."""
        if expected is None:
            return self.missing
        if expected < 0.05:
            return "不足 0.1 个" if self.lang == "zh" else "under 0.1"
        return f"约 {expected:.1f} 个" if self.lang == "zh" else f"about {expected:.1f}"

    def _which(self, node: Node) -> str:
        """The other regions that show a node fewer than half of them show: where to look for
        a shock they share (北京市、河北省); a shared node's list would be most of the panel."""
        if node.is_shared or not node.peers_showing:
            return ""
        names = [self.region(key) for key in node.peers_showing]
        return f"（{'、'.join(names)}）" if self.lang == "zh" else f" ({', '.join(names)})"

    def construction(self, steps: Sequence[ConstructionStep]) -> str:
        """The yearly share steps on one line, each with its interval where it has width at
        the shown precision, then what they were measured against."""
        sep = "；" if self.lang == "zh" else "; "
        parts = []
        for s in steps:
            text = f"{self.date(s.date)} {self.pct(s.effect_pct)}"
            low, high = (self.pct(v) for v in s.effect_ci)
            if low != high:
                text += self.t("report.construction_interval", low=low, high=high)
            parts.append(text)
        counts = sorted({s.regions for s in steps})
        regions = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        return sep.join(parts) + self.t("report.construction_note", regions=regions)

    def divided_by(self, region: str, regions: Sequence[str]) -> str:
        """What a ratio series was divided by, and what its nodes therefore are."""
        if len(regions) == 1:
            return self.t("report.divided_by_one", region=self.region(region),
                          reference=self.region(regions[0]))
        return self.t("report.divided_by_peers", region=self.region(region), count=len(regions))

    def window(self, node: Node) -> str:
        return self.t("report.period_range", start=self.date(node.window[0]),
                      end=self.date(node.window[1]))

    def measure_dates(self, entry: MeasureEntry) -> str:
        if not entry.dates:
            return self.missing
        sep = "；" if self.lang == "zh" else "; "
        return sep.join(f"{self.t(f'date.{label}')} {self.date(day)}" for label, day in entry.dates)

    def departments(self, entry: MeasureEntry) -> str:
        if not entry.departments:
            return self.missing
        text = "、".join(entry.departments) if self.lang == "zh" else ", ".join(entry.departments)
        if entry.departments_from == "issuer":
            text += self.t("measure.departments_issuer")
        return text

    def target(self, target: Target) -> str:
        """One stated target from its fields: 2025年 新能源汽车新车销量占比 25%左右."""
        value = f"{_plain(target.value)}{target.unit}"
        words = [w for w in target.qualifier.split("/") if w]
        if self.lang == "zh":
            pairs = [(w, self.t.get(f"qualifier.{w}", w)) for w in words]
            before = "".join(text for w, text in pairs if w not in AFTER_VALUE)
            after = "".join(text for w, text in pairs if w in AFTER_VALUE)
            year = f"{target.year}年 " if target.year is not None else ""
            return f"{year}{target.indicator} {before}{value}{after}"
        named = ", ".join(self.t.get(f"qualifier.{w}", w) for w in words)
        year = f"{target.year}: " if target.year is not None else ""
        return f"{year}{target.indicator} {value}" + (f" ({named})" if named else "")

    def targets(self, targets: tuple[Target, ...]) -> str:
        """Each distinct target once, the first ``TARGETS_SHOWN``, then how many there are.

        A target without an indicator ("80%以上") says nothing on its own and is left out;
        the JSON report keeps every target with its sentence.
        """
        distinct = list(dict.fromkeys(self.target(t) for t in targets if t.indicator))
        if not distinct:
            return ""
        sep = "、" if self.lang == "zh" else "; "
        text = sep.join(distinct[:TARGETS_SHOWN])
        if len(distinct) > TARGETS_SHOWN:
            text += self.t("measure.targets_more", total=len(distinct),
                           more=len(distinct) - TARGETS_SHOWN)
        return text

    def estimated_effect(self, entry: MeasureEntry, node: Node) -> str:
        """The effect measured at the node (for causes only), then the stated targets."""
        parts = []
        if entry.relation != "announced_later":
            parts.append(self.t("measure.effect_measured", value=self.effect(node)))
        stated = self.targets(entry.targets)
        if stated:
            parts.append(self.t("measure.effect_targets", targets=stated))
        return ("。" if self.lang == "zh" else ". ").join(parts) if parts else self.missing

    def components(self, components: tuple[tuple[str, float], ...]) -> str:
        sep = " · "
        return sep.join(f"{self.t.get(f'component.{k}', k)} {v:.2f}" for k, v in components)

    def score(self, score: float | None, components: tuple[tuple[str, float], ...],
              lag_days: int | None) -> str:
        text = self.number(score)
        if components:
            named = self.components(components)
            text += f"（{named}）" if self.lang == "zh" else f" ({named})"
        if lag_days is not None:
            text += ("，" if self.lang == "zh" else ", ") + self.lag(lag_days)
        return text

    def lag(self, lag_days: int | None) -> str:
        """Days from the explanation's date to the node; negative means it came after."""
        if lag_days is None:
            return self.missing
        key = "measure.lag" if lag_days >= 0 else "measure.lead"
        days = abs(lag_days)
        return self.t(key + ("_one" if days == 1 else ""), days=days)

    def event_name(self, event: Event) -> str:
        if self.lang == "zh" and event.name_zh:
            return event.name_zh
        return event.name or self.t.get(f"event.{event.kind}", event.kind)

    def event_span(self, event: Event) -> str:
        if event.end == event.start:
            return self.date(event.start)
        return self.t("report.period_range", start=self.date(event.start),
                      end=self.date(event.end))

    def calendar_line(self, entry: CalendarEntry) -> str:
        name = self.event_name(entry.event)
        if entry.relation == "shared_shock":
            return name  # "全国性冲击：…" or "多地区共有冲击：…" says what it is
        kind = self.t.get(f"event.{entry.event.kind}", entry.event.kind)
        relation = self.t.get(f"relation.{entry.relation}", entry.relation)
        tags = [tag for tag in dict.fromkeys((kind, relation)) if tag not in name]
        if not tags:
            return name
        if self.lang == "zh":
            return f"{name}（{'，'.join(tags)}）"
        return f"{name} ({', '.join(tags)})"

    def mix_numbers(self, numbers: tuple[str, ...]) -> str:
        """Measure numbers end in 、 or . themselves ("二、（五）1."): set apart by ； / ;."""
        return ("；" if self.lang == "zh" else "; ").join(numbers)

    def source_text(self, entry: MeasureEntry) -> str:
        """The file and heading path of a measure whose document has no url."""
        parts = [p for p in (PurePath(entry.file).name if entry.file else "", entry.location) if p]
        return " › ".join(parts) if parts else self.missing


def _plain(value: float) -> str:
    """A target value as the document writes it: 25, 2.74, 1000 (never 1e+03)."""
    return f"{value:f}".rstrip("0").rstrip(".") if math.isfinite(value) else str(value)
