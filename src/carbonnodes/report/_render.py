"""``render(context, fmt, lang)``: one report content, three formats."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from carbonnodes.errors import InputError
from carbonnodes.report._chart import (
    EVENT_FAMILIES,
    FAMILY_COLOURS,
    KIND_COLOURS,
    chart_svg,
    unit_label,
)
from carbonnodes.report._format import Formatter
from carbonnodes.report._json import plain_json, render_json
from carbonnodes.report._labels import Labels
from carbonnodes.report._views import MeasureEntry, ReportContext, SectorReport

FORMATS = ("md", "html", "json")
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


def render(context: ReportContext, fmt: str, lang: str = "zh") -> str:
    """The report as text: Markdown, self-contained HTML or JSON."""
    labels = Labels(lang)
    if fmt == "json":
        return render_json(context, lang)
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}' (choose one of: {', '.join(FORMATS)})",
                         field="format")
    env = _environment(fmt)
    template = env.get_template("report.md.j2" if fmt == "md" else "report.html.j2")
    return template.render(**_globals(context, labels))


@cache
def _environment(fmt: str) -> Environment:
    env = Environment(
        loader=PackageLoader("carbonnodes.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=fmt == "html",
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md_escape
    return env


def _md_escape(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _asset(name: str) -> str:
    return resources.files("carbonnodes.report").joinpath(f"templates/{name}").read_text(
        encoding="utf-8"
    )


def _globals(ctx: ReportContext, labels: Labels) -> dict[str, Any]:
    f = Formatter(labels)
    zh = labels.lang == "zh"
    sep = "、" if zh else ", "
    sectors_text = sep.join(f.sector(s.series.sector) for s in ctx.sections)
    title = labels("report.title", region=f.region(ctx.region), sectors=sectors_text)

    def unit_text(section: SectorReport) -> str:
        return unit_label(section.series.unit, f)

    def chart(section: SectorReport) -> Markup:
        return Markup(chart_svg(section, f))

    def source_md(entry: MeasureEntry) -> str:
        if not entry.url:
            return _md_escape(f.source_text(entry))
        link = f"[{_md_escape(entry.doc_title or entry.url)}]({entry.url})"
        return f"{link} › {_md_escape(entry.location)}" if entry.location else link

    def event_families(section: SectorReport) -> list[tuple[str, str]]:
        present = {EVENT_FAMILIES.get(e.kind, "artefact") for e in section.events}
        return [(labels(f"legend.{name}"), colour) for name, colour in FAMILY_COLOURS.items()
                if name in present]

    def linkify(text: str) -> Markup:
        """Escaped text whose URLs become short links naming their host."""
        parts = []
        for token in re.split(r"(https?://[^\s;，；]+)", text):
            if token.startswith(("http://", "https://")):
                host = token.split("/")[2]
                parts.append(Markup('<a href="{}" rel="noopener">{}</a>').format(token, host))
            else:
                parts.append(escape(token))
        return Markup("").join(parts)

    def bar_width(value: float) -> int:
        return round(100 * min(max(value, 0.0), 1.0))

    return {
        "ctx": ctx,
        "t": labels,
        "f": f,
        "title": title,
        "sectors_text": sectors_text,
        "colon": "：" if zh else ": ",
        "lp": "（" if zh else " (",
        "rp": "）" if zh else ")",
        "html_lang": "zh-CN" if zh else "en",
        "settings_json": json.dumps(plain_json(dict(ctx.provenance.settings)),
                                    ensure_ascii=False, sort_keys=True),
        "kind_colours": KIND_COLOURS,
        "unit_text": unit_text,
        "chart": chart,
        "bar_width": bar_width,
        "linkify": linkify,
        "event_families": event_families,
        "source_md": source_md,
        "css": Markup(_asset("report.css")),
        "js": Markup(_asset("report.js")),
    }
