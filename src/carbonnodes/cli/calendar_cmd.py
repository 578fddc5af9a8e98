"""Commands: calendar — the known non-policy drivers for a city and a date range."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, get_args

import typer
from rich.table import Table
from rich.text import Text

from carbonnodes.calendar import artefact_datasets, events, kind_label
from carbonnodes.cli._app import (
    DbOption,
    JsonFlag,
    LangOption,
    app,
    check_lang,
    err,
    handles_errors,
    out,
    print_json,
)
from carbonnodes.errors import InputError
from carbonnodes.model import Event, EventKind
from carbonnodes.names import region_label, resolve_region, resolve_sector, sector_label

KINDS: tuple[str, ...] = get_args(EventKind)

CityOption = Annotated[str, typer.Option("--city", help="City or province, any spelling.")]
FromOption = Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToOption = Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")]
SectorOption = Annotated[
    str | None, typer.Option("--sector", help="Only events that concern this sector.")
]
DatasetOption = Annotated[
    str | None,
    typer.Option("--dataset", help="Add this dataset's data artefacts (carbon_monitor, cui2021)."),
]
KindOption = Annotated[str | None, typer.Option("--kind", help="Only events of this kind.")]


@app.command("calendar")
@handles_errors
def calendar_command(
    city: CityOption,
    start: FromOption,
    end: ToOption,
    sector: SectorOption = None,
    dataset: DatasetOption = None,
    kind: KindOption = None,
    lang: LangOption = "zh",
    as_json: JsonFlag = False,
    db: DbOption = "",
) -> None:
    """Holidays, Spring Festival, heating season, COVID-19 events and data artefacts."""
    del db  # accepted like every command's, but the calendar is package data, not the store
    lang = check_lang(lang)
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind '{kind}' (one of {', '.join(KINDS)})", field="--kind")
    first, last = _day(start, "--from"), _day(end, "--to")
    if dataset is not None and dataset not in artefact_datasets():
        err.print(f"no data-artefact rules for dataset '{dataset}' "
                  f"(known: {', '.join(artefact_datasets())})")
    found = events(city, first, last, sector=sector, dataset=dataset)
    if kind is not None:
        found = [e for e in found if e.kind == kind]
    key = resolve_region(city)
    if as_json:
        print_json({
            "city": key, "from": first.isoformat(), "to": last.isoformat(),
            "sector": resolve_sector(sector) if sector else None, "dataset": dataset,
            "events": [_payload(e) for e in found],
        })
        return
    out.print(_table(found, key, first, last, lang))
    err.print(f"{len(found)} events")


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"'{text}' is not a date (YYYY-MM-DD)", field=option) from None


def _payload(event: Event) -> dict[str, Any]:
    payload = dataclasses.asdict(event)
    payload["start"] = event.start.isoformat()
    payload["end"] = event.end.isoformat()
    payload["sectors"] = list(event.sectors)
    return payload


def _table(found: list[Event], key: str, first: dt.date, last: dt.date, lang: str) -> Table:
    """One row per event; sectors and source go under the name, so the table fits 80 columns."""
    zh = lang == "zh"
    title = f"{region_label(key, lang)} {first} – {last}"
    table = Table(title=f"{title} {'日历事件' if zh else 'calendar events'}", show_lines=True)
    for header_zh, header_en in (
        ("日期", "Date(s)"), ("类型", "Kind"), ("范围", "Scope"), ("±天", "±days"),
    ):
        table.add_column(header_zh if zh else header_en, no_wrap=True)
    table.add_column("名称 · 部门 · 来源" if zh else "Name · sectors · source", overflow="fold")
    for e in found:
        dates = e.start.isoformat() if e.start == e.end else f"{e.start}–{e.end:%m-%d}"
        if e.start.year != e.end.year:
            dates = f"{e.start}–{e.end}"
        national = "全国" if zh else "National"
        scope = national if e.scope == "national" else region_label(e.scope, lang)
        sectors = ("、" if zh else ", ").join(sector_label(s, lang) for s in e.sectors)
        detail = Text((e.name_zh or e.name) if zh else e.name)
        detail.append(f"\n{'部门' if zh else 'sectors'}: {sectors or ('全部' if zh else 'all')}",
                      style="dim")
        detail.append(f"\n{'来源' if zh else 'source'}: {e.source}", style="dim")
        uncertainty = str(e.uncertainty_days) if e.uncertainty_days else ""
        table.add_row(dates, kind_label(e.kind, lang), scope, uncertainty, detail)
    return table
