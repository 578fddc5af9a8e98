"""Commands: ingest emissions, series list, series show."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, JustifyMethod
from rich.table import Table

from carbonnodes.cli._app import (
    DbOption,
    JsonFlag,
    LangOption,
    check_lang,
    err,
    handles_errors,
    ingest_app,
    out,
    print_json,
    progress_bar,
    series_app,
)
from carbonnodes.cli._emissions_text import (
    info_payload,
    ingest_line,
    series_caption,
    summary_lines,
    summary_payload,
    text,
)
from carbonnodes.errors import InputError
from carbonnodes.names import region_label, resolve_region, resolve_sector, sector_label
from carbonnodes.series import (
    USER_DATASET,
    IngestResult,
    Said,
    ingest_emissions,
    list_series,
    load_series,
    plot_series,
    summarize_series,
)
from carbonnodes.store import DEFAULT_DB, open_store

CityOption = Annotated[str, typer.Option("--city", help="Region, any spelling: 天津, Tianjin.")]
SectorOption = Annotated[
    str, typer.Option("--sector", help="Sector, any spelling: 地面交通, Ground Transport.")
]
DatasetOption = Annotated[
    str | None, typer.Option("--dataset", help="carbon_monitor, cui2021, …")
]
#: Width of ``series list`` when stdout is a file or a pipe, so that no cell is cut.
_LIST_WIDTH = 150


@ingest_app.command("emissions")
@handles_errors
def ingest_emissions_command(
    paths: Annotated[list[Path], typer.Argument(help="Emission CSV/Parquet files or folders.")],
    city: Annotated[
        str | None,
        typer.Option("--city", help="The region of files that have no region column "
                     "(a city's own date,value file): 苏州, Suzhou, Jiangsu."),
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option("--sector", help="The sector of files that have no sector column."),
    ] = None,
    dataset: Annotated[
        str | None,
        typer.Option("--dataset", help="The files' dataset, in place of the one their layout "
                     f"suggests (with --city or --sector: {USER_DATASET}, your own data); "
                     "carbon_monitor makes Carbon Monitor China's construction steps their "
                     "artefacts, any other name none."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    json_output: JsonFlag = False,
    lang: LangOption = "zh",
) -> None:
    """Load Carbon Monitor emission files into the store (one transaction for the batch)."""
    lang = check_lang(lang)
    said = _said(city, sector, dataset)
    with open_store(db) as store, progress_bar(
        text("reading", lang), lambda file: file or text("storing", lang)
    ) as advance:
        results = ingest_emissions(store, paths, said=said, on_progress=advance)
    if json_output:
        print_json([_result_payload(r) for r in results])
        return
    for result in results:
        out.print(ingest_line(result, lang), markup=False)


def _said(city: str | None, sector: str | None, dataset: str | None) -> Said:
    """What the options say the files are: names resolved now, so a typo fails first."""
    if dataset is not None and not re.fullmatch(r"[A-Za-z0-9_\-]{1,40}", dataset):
        raise InputError(f"'{dataset}' is no dataset name (letters, digits, _ and -)",
                         field="--dataset")
    return Said(
        region=resolve_region(city) if city is not None else None,
        sector=resolve_sector(sector) if sector is not None else None,
        dataset=dataset,
    )


def _result_payload(result: IngestResult) -> dict[str, Any]:
    return dataclasses.asdict(result)


@series_app.command("list")
@handles_errors
def series_list_command(
    db: DbOption = DEFAULT_DB,
    json_output: JsonFlag = False,
    lang: LangOption = "zh",
    dataset: DatasetOption = None,
    city: Annotated[str | None, typer.Option("--city", help="Only this region.")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="Only this sector.")] = None,
) -> None:
    """List the series in the store: regions × sectors, date range, unit, gaps."""
    lang = check_lang(lang)
    region_key = resolve_region(city) if city else None
    sector_key = resolve_sector(sector) if sector else None
    with open_store(db, read_only=True) as store:
        infos = [
            i
            for i in list_series(store)
            if (dataset is None or i.dataset == dataset)
            and (region_key is None or i.city == region_key)
            and (sector_key is None or i.sector == sector_key)
        ]
    if json_output:
        print_json([info_payload(i) for i in infos])
        return
    table = Table(title=text("list_title", lang), caption=series_caption(infos, lang))
    for column in ("dataset", "region", "sector", "start", "end", "days", "gaps", "unit",
                   "frequency", "ingest", "release"):
        justify: JustifyMethod = "right" if column in {"days", "gaps", "ingest"} else "left"
        table.add_column(text(column, lang), justify=justify)
    for i in infos:
        table.add_row(
            i.dataset, region_label(i.city, lang), sector_label(i.sector, lang),
            i.start.isoformat(), i.end.isoformat(), str(i.n_days), str(i.n_missing), i.unit,
            text(i.frequency, lang), str(i.ingest_id), i.release or "",
        )
    wide = out if out.is_terminal else Console(highlight=False, width=_LIST_WIDTH)
    wide.print(table)


@series_app.command("show")
@handles_errors
def series_show_command(
    city: CityOption,
    sector: SectorOption,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
    ingest_id: Annotated[
        int | None, typer.Option("--ingest-id", help="A replaced version, by its ingest id.")
    ] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Write a chart to this PNG.")] = None,
    lang: LangOption = "zh",
    json_output: JsonFlag = False,
) -> None:
    """Summarise one series (range, mean, extremes, yearly means, gaps); optionally chart it."""
    lang = check_lang(lang)
    with open_store(db, read_only=True) as store:
        series = load_series(store, city, sector, dataset=dataset, ingest_id=ingest_id)
    summary = summarize_series(series)
    if png is not None:
        png.parent.mkdir(parents=True, exist_ok=True)
        if plot_series(series, png, lang=lang) != lang:
            err.print(text("no_cjk_font", lang))
    if json_output:
        print_json(summary_payload(series, summary, png))
        return
    for line in summary_lines(series, summary, png, lang):
        out.print(line, markup=False)
