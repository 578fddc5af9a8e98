"""Commands: detect — key nodes of stored series or of bare ``date,value`` CSV files."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from carbonnodes.calendar import artefact_datasets, artefacts_by_sector, local_possible
from carbonnodes.cli._app import DbOption, LangOption, app, check_lang, err, handles_errors, out
from carbonnodes.cli._detect_output import Result, document, node_table, steps_table
from carbonnodes.detect import (
    DEFAULT_FALSE_ALARM_RATE,
    ConstructionStep,
    Detection,
    compare_peers,
    construction_steps,
    detect,
    relative_to,
)
from carbonnodes.errors import AmbiguousNameError, InputError, SeriesError, UnknownNameError
from carbonnodes.model import Event, Node, Series
from carbonnodes.names import resolve_region, resolve_sector
from carbonnodes.pipeline import (
    NATIONAL,
    Panels,
    panel_detections,
    ratio_calendar,
    reference_region,
    reference_series,
    stored_dataset,
)
from carbonnodes.report import write_atomic
from carbonnodes.series import list_series, load_series, read_bare_csv
from carbonnodes.store import DEFAULT_DB, Store, open_store

CityOption = Annotated[
    str | None, typer.Option("--city", help="Region, any spelling: 天津, Tianjin.")
]
SectorOption = Annotated[
    str | None, typer.Option("--sector", help="Sector, any spelling: 地面交通, Ground Transport.")
]
DatasetOption = Annotated[
    str | None,
    typer.Option("--dataset", help="carbon_monitor, cui2021, … (default: the longest stored); "
                 "for CSV files, whose artefacts it names, with --sector"),
]
CsvOption = Annotated[
    list[Path] | None,
    typer.Option("--csv", help="Bare date,value CSV files or folders (every *.csv in them); "
                 "--city, --sector and --dataset say what they are."),
]
MoreCsv = Annotated[
    list[Path] | None,
    typer.Argument(metavar="CSV", help="More CSV files or folders after --csv: --csv data/*.csv",
                   show_default=False),
]
AllFlag = Annotated[bool, typer.Option("--all", help="Every region × sector in the store.")]
RelativeFlag = Annotated[
    bool,
    typer.Option("--relative", help="Detect on the ratio to the sum of the other regions."),
]
RelativeToOption = Annotated[
    str | None,
    typer.Option("--relative-to", help="Detect on the ratio to this region's stored series of "
                 "the same sector: a city's to its province's (苏州 ÷ 江苏)."),
]
RateOption = Annotated[
    float,
    typer.Option(
        "--false-alarm-rate",
        help="Nodes that noise alone may produce per series-year (the one sensitivity knob).",
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Recorded in the settings.")]
JsonOut = Annotated[
    str | None, typer.Option("--json", help="Write the JSON document to OUT ('-' = stdout).")
]

#: Width of the tables when stdout is a file or a pipe, so that no cell is cut.
TABLE_WIDTH = 160


@dataclass(frozen=True)
class Job:
    """One series to detect on, with its label in the output (a CSV file's name, or the stored
    series' region/sector), the dataset whose calendar it takes, and its yearly construction
    steps (divided out before detection)."""

    source: str
    series: Series
    dataset: str | None
    steps: tuple[ConstructionStep, ...] = ()
    from_file: bool = False
    #: the series it was divided by (``--relative-to``), whose data artefacts the ratio holds
    reference: Series | None = None
    reference_dataset: str | None = None

    @cached_property
    def calendar(self) -> list[Event]:
        """The series' calendar events (national ones for a bare CSV), with the one-day data
        artefacts of the series it was divided by (``ratio_calendar``)."""
        return ratio_calendar(self.series, self.dataset, self.reference, self.reference_dataset)


def _csv_files(paths: Sequence[Path]) -> list[Path]:
    """The files named and every ``*.csv`` in the folders named, each file once (a folder and
    a file in it, or one file named twice, would be its own peer)."""
    files: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            found = sorted(f for f in path.iterdir() if f.suffix.lower() == ".csv" and f.is_file())
            if not found:
                raise InputError("no *.csv files in this folder", file=str(path))
        elif path.is_file():
            found = [path]
        else:
            raise InputError("no such file or folder", file=str(path))
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values())


def _labels(files: Sequence[Path]) -> list[str]:
    """Each file's label: its name, or the path as given where two files share a name
    (``a/x.csv`` and ``b/x.csv``), so that no two files pass for one region."""
    names = [f.name for f in files]
    return [f.name if names.count(f.name) == 1 else str(f) for f in files]


def _bare_job(path: Path, label: str, city: str | None, sector: str | None,
              dataset: str | None) -> Job:
    """A CSV file as a job; ``--city``, ``--sector`` and ``--dataset`` say what it is, so that
    it gets that region's and sector's calendar, that sector's thresholds and that dataset's
    artefacts. Without ``--city`` it takes the national calendar."""
    series = read_bare_csv(path)
    # Without --city the file's label stands for the region: one per file, so that files are
    # each other's peers, and never a region key (it ends in .csv), so the calendar is national.
    series = replace(series, city=resolve_region(city) if city is not None else label)
    if sector is not None:
        series = replace(series, sector=resolve_sector(sector))
    return Job(label, series, dataset, from_file=True)


def _check_city(city: str, *, for_files: bool) -> None:
    """A known region; a CSV file of a place the name tables do not list (a county or a town:
    周庄) can take its city's or province's calendar instead, and the message says so."""
    try:
        resolve_region(city)
    except AmbiguousNameError:
        raise
    except UnknownNameError as exc:
        if not for_files:
            raise
        raise InputError(f"{exc}; for a place not listed, name its city or province "
                         "(--city 苏州, --city 江苏)", field="--city") from None


def _check_csv_dataset(dataset: str | None, sector: str | None) -> None:
    """A dataset's artefacts (its share steps, Residential's temperature shape) belong to some
    of its sectors: without ``--sector`` none would apply, and ``--dataset`` would do nothing."""
    if dataset is None:
        return
    if dataset not in artefact_datasets():
        raise InputError(f"no calendar of data artefacts for dataset '{dataset}' "
                         f"(known: {', '.join(artefact_datasets())})", field="--dataset")
    if sector is None and artefacts_by_sector(dataset):
        raise InputError(f"the artefacts of dataset '{dataset}' differ by sector: say which "
                         "sector the files are with --sector", field="--sector")


def _relative_to_each_other(jobs: Sequence[Job]) -> list[Job]:
    """Each CSV file on its ratio to the sum of the other files (its peers)."""
    if len(jobs) < 2:
        raise InputError("--relative with --csv needs two files or more: the others are each "
                         "file's peers", field="--relative")
    return [_relative(job, [j.series for j in jobs]) for job in jobs]


def _stored_jobs(
    store: Store, city: str | None, sector: str | None, dataset: str | None, every: bool
) -> list[Job]:
    if every:
        infos = [i for i in list_series(store) if i.frequency == "daily" and i.city != NATIONAL]
        if dataset is not None:
            infos = [i for i in infos if i.dataset == dataset]
        if not infos:
            raise InputError("the store holds no daily series; run 'carbonnodes ingest' first")
        return [
            Job(f"{i.city}/{i.sector}", load_series(store, i.city, i.sector, dataset=i.dataset),
                i.dataset)
            for i in infos
        ]
    if city is None or sector is None:
        raise InputError("name a series with --city and --sector, or use --csv or --all")
    used = dataset or stored_dataset(store, resolve_region(city), resolve_sector(sector))
    series = load_series(store, city, sector, dataset=used)
    return [Job(f"{series.city}/{series.sector}", series, used)]


def _relative_to_region(store: Store, jobs: Sequence[Job], region: str) -> list[Job]:
    """Each job on its ratio to ``region``'s stored series of its sector (the daily one with
    most days), whose dataset's artefacts join the job's calendar."""
    references: dict[str, tuple[Series, str | None]] = {}  # by sector, each read once
    out = []
    for job in jobs:
        sector = job.series.sector
        if sector not in references:
            references[sector] = reference_series(store, job.series, region)
        else:
            reference_region(region, job.series.city)  # never the series' own region
        reference, used = references[sector]
        out.append(replace(job, source=f"{job.source} ÷ {reference.city}", reference=reference,
                           reference_dataset=used, series=relative_to(job.series, reference)))
    return out


def _relative(job: Job, peers: Sequence[Series]) -> Job:
    """The job on its series' ratio to the sum of ``peers`` (its own region left out)."""
    return replace(job, source=f"{job.source} ÷ peers", series=relative_to(job.series, peers))


def _progress(total: int) -> Iterator[None]:
    with Progress(
        TextColumn("detecting"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("detect", total=total)
        for _ in range(total):
            yield None
            progress.advance(task)


def _run(jobs: Sequence[Job], rate: float, seed: int) -> list[tuple[Job, Detection]]:
    """Detect on every job, each against its calendar; a series the detector cannot use is
    skipped with a message when there are several, and is the error when it is the only one."""
    done: list[tuple[Job, Detection]] = []
    failures: list[SeriesError] = []
    ticks = _progress(len(jobs)) if len(jobs) > 1 else iter([None] * len(jobs))
    for job, _ in zip(jobs, ticks, strict=True):
        try:
            detection = detect(job.series, job.calendar, false_alarm_rate=rate, seed=seed,
                               construction=job.steps)
            done.append((job, detection))
        except SeriesError as exc:
            if len(jobs) == 1:
                raise
            failures.append(exc)
            err.print(f"skipped {job.source}: {' '.join(str(exc).split())}", highlight=False)
    if not done and failures:
        raise failures[0]
    return done


def _with_peers(
    done: Sequence[tuple[Job, Detection]], panels: Panels | None
) -> list[list[Node]]:
    """Peers from the same run (``--all``) or, for one series, the other regions of the
    store's panel of its sector, each detected as it was: at its rate, with its own
    construction steps divided out."""
    if all(not job.series.sector for job, _ in done):
        return [list(d.nodes) for _, d in done]
    results = []
    for job, detection in done:
        peers = [d for j, d in done if j.series.sector == job.series.sector and j is not job]
        if len(done) == 1 and panels is not None:
            rate = float(detection.settings["false_alarm_rate"])
            panel = panels.of(job.series.sector, job.dataset)
            peers = panel_detections(panel, job.series.city, job.dataset, rate=rate)
        results.append(compare_peers(detection, peers) if peers else list(detection.nodes))
    return results


def _with_steps(panels: Panels, jobs: Sequence[Job]) -> list[Job]:
    """The jobs with their yearly construction steps, measured in their share of the sum of
    their sector's regions in the store."""
    return [
        replace(job, steps=construction_steps(
            job.series, panels.of(job.series.sector, job.dataset), job.calendar))
        for job in jobs
    ]


@app.command("detect")
@handles_errors
def detect_command(
    city: CityOption = None,
    sector: SectorOption = None,
    dataset: DatasetOption = None,
    csv: CsvOption = None,
    more_csv: MoreCsv = None,
    every: AllFlag = False,
    relative: RelativeFlag = False,
    relative_to_region: RelativeToOption = None,
    false_alarm_rate: RateOption = DEFAULT_FALSE_ALARM_RATE,
    seed: SeedOption = 0,
    json_out: JsonOut = None,
    lang: LangOption = "zh",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Key nodes (关键节点) with kind, calibrated confidence, effect and calendar explanation."""
    lang = check_lang(lang)
    if more_csv:
        if not csv:
            raise InputError(f"'{more_csv[0]}' needs --csv before it (detect --csv FILE...)",
                             field="--csv")
        csv = [*csv, *more_csv]
    if csv and every:
        raise InputError("--csv does not go with --all")
    if relative_to_region is not None and (relative or every):
        raise InputError("--relative-to divides by one region's series: not with --relative "
                         "or --all", field="--relative-to")
    if csv and relative and city is not None:
        raise InputError("--relative takes each CSV file for a region of its own; --city would "
                         "make them one", field="--city")
    if city is not None:
        _check_city(city, for_files=bool(csv))
    if sector is not None:
        resolve_sector(sector)
    if csv:
        _check_csv_dataset(dataset, sector)
        files = _csv_files(csv)
        jobs = [_bare_job(f, label, city, sector, dataset)
                for f, label in zip(files, _labels(files), strict=True)]
        if relative:
            jobs = _relative_to_each_other(jobs)
        if relative_to_region is not None:
            with open_store(db, read_only=True) as store:
                jobs = _relative_to_region(store, jobs, relative_to_region)
        done = _run(jobs, false_alarm_rate, seed)
        node_lists = _with_peers(done, None)
    else:
        with open_store(db, read_only=True) as store:
            jobs = _stored_jobs(store, city, sector, dataset, every)
            panels = Panels(store)
            if relative_to_region is not None:
                jobs = _relative_to_region(store, jobs, relative_to_region)
            elif relative:
                jobs = [_relative(job, panels.of(job.series.sector, job.dataset)) for job in jobs]
            else:
                jobs = _with_steps(panels, jobs)
            done = _run(jobs, false_alarm_rate, seed)
            ratio = relative or relative_to_region is not None
            node_lists = _with_peers(done, None if ratio else panels)
    settings: dict[str, Any] = {"false_alarm_rate": false_alarm_rate, "seed": seed,
                                "relative": relative}
    if relative_to_region is not None:
        settings["relative_to"] = resolve_region(relative_to_region)
    results = [
        Result(job.source, detection, nodes, [local_possible(n, job.calendar) for n in nodes],
               job.steps, from_file=job.from_file, events={e.id: e for e in job.calendar})
        for (job, detection), nodes in zip(done, node_lists, strict=True)
    ]
    payload = document(results, settings)
    if json_out is not None:
        _write_json(payload, json_out)
        if json_out == "-":
            return
    wide = out if out.is_terminal else Console(highlight=False, width=TABLE_WIDTH)
    for result in results:
        wide.print(node_table(result, lang))
        if result.steps:
            wide.print(steps_table(result.steps, result.events, lang))


def _write_json(payload: dict[str, Any], target: str) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise InputError(f"cannot write the JSON file ({exc.strerror})", file=target) from None
    err.print(f"wrote {target}", highlight=False)
