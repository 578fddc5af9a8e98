"""Commands: ingest policies, corpus list, corpus show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonnodes.cli._app import (
    DbOption,
    JsonFlag,
    LangOption,
    check_lang,
    corpus_app,
    err,
    handles_errors,
    ingest_app,
    out,
    print_json,
    progress_bar,
)
from carbonnodes.cli._corpus_text import (
    dates_line,
    diff_payload,
    document_payload,
    measure_payload,
    place,
    report_payload,
    sector_name,
    target_line,
    text,
)
from carbonnodes.corpus import (
    VersionDiff,
    ingest_policies,
    load_document,
    load_documents,
    measure_counts,
    version_diff,
)
from carbonnodes.errors import InputError
from carbonnodes.model import Document
from carbonnodes.store import DEFAULT_DB, open_store

#: Warnings listed after an ingest; the rest stay on the documents (corpus show).
_WARNINGS_SHOWN = 20
#: Width of ``corpus list`` when stdout is a file or a pipe, so that cells are not cut.
_LIST_WIDTH = 200


def _message(line: str) -> None:
    """One unwrapped, unstyled line on stderr (file names and messages stay whole)."""
    err.print(line, markup=False, highlight=False, soft_wrap=True)


@ingest_app.command("policies")
@handles_errors
def ingest_policies_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Policy files (txt, html, pdf, docx, jsonl) or folders.")
    ],
    db: DbOption = DEFAULT_DB,
    json_output: JsonFlag = False,
    lang: LangOption = "zh",
    force: Annotated[
        bool, typer.Option("--force", help="Re-parse documents already stored unchanged.")
    ] = False,
) -> None:
    """Read policy documents, split them into measures and store them (one transaction)."""
    lang = check_lang(lang)
    for path in paths:
        if not path.exists():
            raise InputError("no such file or folder", file=str(path))
    with open_store(db) as store, progress_bar(
        text("reading", lang), lambda name: Path(name).name[:40]
    ) as advance:
        report = ingest_policies(store, paths, on_progress=advance, force=force)
    for line in report.skipped:
        _message(f"{text('skipped', lang)}: {line}")
    for line in report.warnings[:_WARNINGS_SHOWN]:
        _message(f"{text('warnings', lang)}: {line}")
    if len(report.warnings) > _WARNINGS_SHOWN:
        more = len(report.warnings) - _WARNINGS_SHOWN
        err.print(text("more_warnings", lang).format(n=more), highlight=False)
    if json_output:
        print_json(report_payload(report))
        return
    out.print(
        f"{text('stored', lang)} {report.documents} · {text('measures', lang)} {report.measures}"
        f" · {text('unchanged', lang)} {len(report.unchanged)}"
        f" · {text('skipped', lang)} {len(report.skipped)}"
        f" · {text('warnings', lang)} {len(report.warnings)}"
    )


@corpus_app.command("list")
@handles_errors
def corpus_list_command(
    db: DbOption = DEFAULT_DB,
    json_output: JsonFlag = False,
    lang: LangOption = "zh",
) -> None:
    """List the policy documents: number, issuers, dated events, scope, type, measures."""
    lang = check_lang(lang)
    with open_store(db, read_only=True) as store:
        documents = load_documents(store)
        counts = measure_counts(store)
    if json_output:
        print_json([document_payload(d, counts.get(d.id, 0)) for d in documents])
        return
    if not documents:
        err.print(text("empty", lang))
        return
    table = Table(title=text("list_title", lang))
    for key in ("id", "title", "number", "issuers", "dates", "place", "type", "measures", "family"):
        table.add_column(text(key, lang), overflow="fold", no_wrap=key in ("dates", "number"))
    for d in documents:
        table.add_row(
            d.id,
            d.title,
            d.number,
            "、".join(d.issuers),
            dates_line(d.dates, lang, separator="\n"),
            place(d, lang),
            text(d.doc_type, lang),
            str(counts.get(d.id, 0)),
            d.family,
        )
    console = out if out.is_terminal else Console(highlight=False, width=_LIST_WIDTH)
    console.print(table)


@corpus_app.command("show")
@handles_errors
def corpus_show_command(
    doc_id: Annotated[str, typer.Argument(help="Document id, as 'corpus list' shows it.")],
    db: DbOption = DEFAULT_DB,
    json_output: JsonFlag = False,
    lang: LangOption = "zh",
) -> None:
    """Show one document: metadata, its measures, and how it differs from its other version."""
    lang = check_lang(lang)
    with open_store(db, read_only=True) as store:
        document = load_document(store, doc_id)
        diffs = version_diff(store, doc_id)
    if json_output:
        payload = document_payload(document, len(document.measures))
        payload["measures"] = [measure_payload(m, document.text) for m in document.measures]
        payload["versions"] = [diff_payload(d) for d in diffs]
        print_json(payload)
        return
    _print_document(document, lang)
    for diff in diffs:
        _print_diff(diff, lang)


def _print_document(document: Document, lang: str) -> None:
    out.print(f"[bold]{document.title}[/bold]  {document.number}", highlight=False)
    out.print(f"{text('issuers', lang)}: {'、'.join(document.issuers) or '—'}", highlight=False)
    out.print(f"{text('dates', lang)}: {dates_line(document.dates, lang)}", highlight=False)
    out.print(
        f"{text('place', lang)}: {place(document, lang)} · {text('type', lang)}: "
        f"{text(document.doc_type, lang)}"
        + (f" · {text('abridged', lang)}" if document.abridged else ""),
        highlight=False,
    )
    if document.url or document.file:
        out.print(f"{text('url', lang)}: {document.url or document.file}", highlight=False)
    for warning in document.warnings:
        out.print(f"{text('warnings', lang)}: {warning}", highlight=False, markup=False)
    for m in document.measures:
        out.print()
        kind = "" if m.kind == "action" else f" [{text(m.kind, lang)}]"
        out.print(f"[bold]{m.number}[/bold] {m.title}{kind}", highlight=False)
        sectors = "、".join(sector_name(s, lang) for s in m.sectors)
        out.print(f"  {text('sectors', lang)}: {sectors}", highlight=False)
        if m.departments:
            departments = "、".join(m.departments)
            out.print(f"  {text('departments', lang)}: {departments}", highlight=False)
        for target in m.targets:
            out.print(f"  {text('targets', lang)}: {target_line(target)}", highlight=False)


def _print_diff(diff: VersionDiff, lang: str) -> None:
    out.print()
    title = text("draft_vs_final", lang).format(draft=diff.draft_id, final=diff.final_id)
    out.print(f"[bold]{text('versions', lang)}[/bold]: {title}", highlight=False)
    for change in diff.changes:
        if change.status == "same":
            continue
        draft = change.draft.number if change.draft else "—"
        final = change.final.number if change.final else "—"
        shown = change.final or change.draft
        name = shown.title if shown else ""
        similarity = f" ({change.similarity:.2f})" if change.draft and change.final else ""
        out.print(f"  {text(change.status, lang)}: {draft} → {final} {name}{similarity}",
                  highlight=False)
