"""The words the emission commands print, in Chinese and English, and their JSON shapes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.cells import cell_len

from carbonnodes.cli._app import bilingual
from carbonnodes.model import Series
from carbonnodes.names import region_label, sector_label
from carbonnodes.series import IngestResult, SeriesInfo, SeriesSummary

_TEXT: dict[str, tuple[str, str]] = {
    "reading": ("读取文件", "reading files"),
    "storing": ("写入数据库", "storing"),
    "new": ("新增", "new"),
    "unchanged": ("未变（此前已入库）", "unchanged (ingested before)"),
    "replaced": ("已替换旧版本", "replaced an older version"),
    "rows": ("行", "rows"),
    "series": ("序列", "series"),
    "n_new": ("新", "new"),
    "n_replaced": ("替换", "replaced"),
    "n_unchanged": ("未变", "unchanged"),
    "n_days": ("天", "days"),
    "ingest": ("入库号", "ingest"),
    "list_title": ("排放序列", "Emission series"),
    "dataset": ("数据集", "dataset"),
    "region": ("地区", "region"),
    "sector": ("部门", "sector"),
    "start": ("起", "start"),
    "end": ("止", "end"),
    "days": ("天数", "days"),
    "gaps": ("缺失", "gaps"),
    "unit": ("单位", "unit"),
    "frequency": ("频率", "frequency"),
    "release": ("发布日期", "release"),
    "daily": ("日", "daily"),
    "monthly": ("月", "monthly"),
    "empty": ("库中还没有排放序列", "no emission series in the store"),
    "range": ("时间范围", "range"),
    "mean": ("均值", "mean"),
    "min": ("最小值", "minimum"),
    "max": ("最大值", "maximum"),
    "yearly": ("年均值", "yearly means"),
    "missing_days": ("缺失日", "missing days"),
    "none": ("无", "none"),
    "chart": ("图", "chart"),
    "source": ("来源", "source"),
    "no_cjk_font": (
        "警告：未找到中文字体（请安装 fonts-noto-cjk），图中标签改用英文",
        "warning: no CJK font found (install fonts-noto-cjk); chart labels are in English",
    ),
}


def text(key: str, lang: str) -> str:
    return bilingual(_TEXT[key], lang)


def ingest_line(result: IngestResult, lang: str) -> str:
    """One line per file: rows, dataset, unit, and whether it was new, unchanged or replaced."""
    counts = " · ".join(
        f"{text(f'n_{status}', lang)} {n}" if lang == "zh" else f"{n} {status}"
        for status, n in (("new", result.series_new), ("replaced", result.series_replaced),
                          ("unchanged", result.series_unchanged))
        if n
    )
    unit = result.unit if result.unit == result.source_unit else (
        f"{result.unit} ← {result.source_unit}"
    )
    release = f" · {text('release', lang)} {result.release}" if result.release else ""
    return (
        f"{result.file}: {result.rows:,} {text('rows', lang)} · {result.dataset} · {unit}"
        f"{release} · {text(result.status, lang)} ({text('series', lang)}: {counts})"
        f" · {text('ingest', lang)} {result.ingest_id}"
    )


def series_caption(infos: list[SeriesInfo], lang: str) -> str:
    """Per dataset: how many regions × sectors and the dates they span."""
    if not infos:
        return text("empty", lang)
    by_dataset: dict[str, list[SeriesInfo]] = defaultdict(list)
    for info in infos:
        by_dataset[info.dataset].append(info)
    parts = []
    for dataset, group in by_dataset.items():
        regions = len({i.city for i in group})
        sectors = len({i.sector for i in group})
        span = f"{min(i.start for i in group)} – {max(i.end for i in group)}"
        shape = (f"{regions} 个地区 × {sectors} 个部门" if lang == "zh"
                 else f"{regions} regions × {sectors} sectors")
        parts.append(f"{dataset}: {shape}, {span}")
    return "; ".join(parts)


def info_payload(info: SeriesInfo) -> dict[str, Any]:
    return {
        "dataset": info.dataset,
        "city": info.city,
        "sector": info.sector,
        "start": info.start.isoformat(),
        "end": info.end.isoformat(),
        "n_days": info.n_days,
        "n_missing": info.n_missing,
        "unit": info.unit,
        "frequency": info.frequency,
        "ingest_id": info.ingest_id,
        "release": info.release,
    }


def summary_lines(
    series: Series, summary: SeriesSummary, png: Path | None, lang: str
) -> list[str]:
    """The summary of ``series show`` as aligned lines."""
    unit = series.unit
    yearly = " · ".join(f"{year}: {mean:.4g}" for year, mean, _ in summary.yearly_means)
    gaps = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in summary.gaps[:10])
    if len(summary.gaps) > 10:
        gaps += f" … (+{len(summary.gaps) - 10})"
    days = f"{summary.n_days} {text('n_days', lang)}, {text('gaps', lang)} {summary.n_missing}"
    rows = [
        (text("range", lang), f"{summary.start} – {summary.end} ({days})"),
        (text("mean", lang), f"{summary.mean:.4g} {unit}"),
        (text("min", lang), f"{summary.min_value:.4g} {unit} ({summary.min_date})"),
        (text("max", lang), f"{summary.max_value:.4g} {unit} ({summary.max_date})"),
        (text("yearly", lang), yearly),
        (text("missing_days", lang), gaps or text("none", lang)),
        (text("source", lang), series.source),
    ]
    if png is not None:
        rows.append((text("chart", lang), str(png)))
    title = f"{region_label(series.city, lang)} · {sector_label(series.sector, lang)}"
    width = max(cell_len(label) for label, _ in rows)
    return [
        title,
        *(f"  {label}{' ' * (width - cell_len(label))}  {value}" for label, value in rows),
    ]


def summary_payload(
    series: Series, summary: SeriesSummary, png: Path | None
) -> dict[str, Any]:
    return {
        "city": series.city,
        "sector": series.sector,
        "source": series.source,
        "unit": series.unit,
        "start": summary.start.isoformat(),
        "end": summary.end.isoformat(),
        "n_days": summary.n_days,
        "n_missing": summary.n_missing,
        "mean": summary.mean,
        "min": {"value": summary.min_value, "date": summary.min_date.isoformat()},
        "max": {"value": summary.max_value, "date": summary.max_date.isoformat()},
        "yearly_means": [
            {"year": year, "mean": mean, "n_days": n} for year, mean, n in summary.yearly_means
        ],
        "gaps": [[a.isoformat(), b.isoformat()] for a, b in summary.gaps],
        "png": str(png) if png is not None else None,
    }
