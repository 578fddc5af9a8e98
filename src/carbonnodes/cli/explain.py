"""Commands: explain — a city's key nodes and what plausibly caused them, as a report.

The steps (load series → calendar events → detect → compare with peer regions → attribute)
are :mod:`carbonnodes.pipeline`, shared with the web view; this command adds the sectors to
cover, worker processes for the peers, rendering and writing.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Annotated

import typer

from carbonnodes.attribute import AttributionSettings
from carbonnodes.cli._app import DbOption, LangOption, app, check_lang, err, handles_errors
from carbonnodes.cli._explain_llm import llm_endpoint, summarize
from carbonnodes.errors import InputError, SeriesError, StoreError
from carbonnodes.names import resolve_region, resolve_sector
from carbonnodes.pipeline import (
    PEERS,
    detect_divided,
    explain_detected,
    load_corpus,
    peer_detections,
    provenance,
    reference_region,
)
from carbonnodes.report import (
    FORMATS,
    ReportContext,
    SectorInput,
    build_context,
    measure_texts,
    render,
    run_time,
    with_summaries,
    write_atomic,
)
from carbonnodes.series import list_series
from carbonnodes.store import DEFAULT_DB, Store, open_store

FormatOption = Annotated[
    list[str] | None,
    typer.Option("--format", "-f", help="md, html or json; repeat for several (default md)."),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Output file; with several formats, the path without "
                 "extension. Default: stdout (one format only)."),
]


@app.command("explain")
@handles_errors
def explain_command(
    city: Annotated[str, typer.Option("--city", help="City or province, any spelling.")],
    sector: Annotated[
        str | None, typer.Option("--sector", help="Sector, any spelling; omit for all.")
    ] = None,
    formats: FormatOption = None,
    lang: LangOption = "zh",
    out: OutOption = None,
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Emission dataset (default: the longest).")
    ] = None,
    all_sectors: Annotated[
        bool, typer.Option("--all-sectors", help="Every sector of the city in the store.")
    ] = False,
    peers: Annotated[
        bool, typer.Option("--peers/--no-peers", help="Compare nodes with the other regions.")
    ] = True,
    relative: Annotated[
        bool, typer.Option("--relative", help="Explain the nodes of the ratio to the sum of the "
                           "other regions: the region's own changes.")
    ] = False,
    relative_to: Annotated[
        str | None,
        typer.Option("--relative-to", help="Explain the nodes of the ratio to this region's "
                     "stored series of the same sector: a city's to its province's (苏州 ÷ 江苏)."),
    ] = None,
    llm_summary: Annotated[
        bool,
        typer.Option("--llm-summary", help="Add an LLM summary beside each measure's extracted "
                     "text, through the OpenAI-compatible endpoint you configured (off)."),
    ] = False,
    fixed_time: Annotated[
        str | None,
        typer.Option("--fixed-time", help="ISO time stamped on the report (reproducible bytes; "
                     "SOURCE_DATE_EPOCH works too)."),
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Explain each key node of a city's emissions: policies, calendar, evidence, sources."""
    chosen = list(dict.fromkeys(formats or ["md"]))
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        raise InputError(f"unknown format '{bad[0]}' (choose from {', '.join(FORMATS)})",
                         field="--format")
    lang = check_lang(lang)
    if len(chosen) > 1 and out is None:
        raise InputError("several formats need --out (the path without extension)",
                         field="--out")
    if relative and relative_to is not None:
        raise InputError("--relative divides by the other regions, --relative-to by one: "
                         "choose one", field="--relative-to")
    own = resolve_region(city)
    reference = reference_region(relative_to, own) if relative_to is not None else None
    divided_by = PEERS if relative else reference
    stamp = run_time(fixed_time, os.environ, dt.datetime.now(dt.UTC))
    endpoint = llm_endpoint(os.environ) if llm_summary else None
    if db != ":memory:" and not Path(db).exists():
        raise StoreError(f"{db}: no store here yet; run 'carbonnodes ingest emissions' first")
    peers = peers and divided_by is None  # a ratio is its own comparison
    extra: dict[str, object] = {"peers": peers, "dataset": dataset, "relative": relative}
    if reference is not None:
        extra["relative_to"] = reference
    if endpoint is not None:
        extra["llm_summary"] = {"base_url": endpoint.base_url, "model": endpoint.model}
    with open_store(db) as store:
        context = _context(store, city, sector, all_sectors, dataset, peers, divided_by,
                           stamp, extra)
    if endpoint is not None:
        err.print("asking the LLM endpoint for summaries …")
        context = with_summaries(context, summarize(endpoint, measure_texts(context), lang))
    for fmt in chosen:
        text = render(context, fmt, lang)
        if out is None:
            typer.echo(text, nl=False)
            continue
        target = out if len(chosen) == 1 else out.with_name(f"{out.name}.{fmt}")
        write_atomic(target, text)
        err.print(f"wrote {target}", markup=False)


def _context(
    store: Store, city: str, sector: str | None, all_sectors: bool, dataset: str | None,
    peers: bool, divided_by: str | None, stamp: str, extra: dict[str, object],
) -> ReportContext:
    region = resolve_region(city)
    keys = _sectors(store, region, None if all_sectors else sector, dataset)
    corpus = load_corpus(store)
    settings = AttributionSettings()
    sections: list[SectorInput] = []
    ingest_ids: list[int] = []
    detect_settings: dict[str, object] = {}
    # Peer regions are detected in worker processes (spawned, so the open store is not forked).
    workers = max(1, min(os.cpu_count() or 1, 8)) if peers else 1
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for key in keys:
            err.print(f"{region}/{key}: detecting nodes …", markup=False)
            try:
                target = detect_divided(store, region, key, dataset=dataset,
                                        divided_by=divided_by)
            except SeriesError as exc:
                if len(keys) == 1:
                    raise
                err.print(f"{region}/{key}: skipped, {exc}", markup=False)
                continue
            detect_settings = dict(target.detection.settings)
            compared = None
            if peers and target.detection.nodes:
                err.print(f"{region}/{key}: detecting the other regions for comparison …",
                          markup=False)
                compared = peer_detections(target, pool=pool)
            sections.append(explain_detected(store, target, corpus, peers=compared,
                                             settings=settings))
            if target.info is not None:
                ingest_ids.append(target.info.ingest_id)
            err.print(f"{region}/{key}: {len(target.detection.nodes)} nodes explained",
                      markup=False)
    record = provenance(store, corpus, ingest_ids, stamp,
                        {"detect": detect_settings, "attribute": settings, **extra})
    return build_context(sections, corpus.documents, record)


def _sectors(store: Store, region: str, sector: str | None, dataset: str | None) -> list[str]:
    if sector is not None:
        return [resolve_sector(sector)]
    keys = sorted({
        i.sector for i in list_series(store)
        if i.city == region and i.frequency == "daily" and (dataset is None or i.dataset == dataset)
    })
    if not keys:
        raise InputError(f"no daily series for {region} in the store"
                         + (f" (dataset {dataset})" if dataset else ""), field="--city")
    return keys
