"""One source → one Document of Measures: clean, read metadata, segment, tag. Pure.

Precedence of metadata, field by field: the sidecar (``NAME.meta.json`` / ``manifest.csv``)
first, then what the text states, then hints (a JSONL record's ``kg_metadata``, a web page's
<meta> tags).
A sidecar is a person's statement about this very file, while the text is read by
heuristics that can pick the wrong date or title; so where both have a value the sidecar is
preferred, the text fills whatever the sidecar leaves out, and a disagreement on a date is
recorded as a warning on the document. Hints come last because their meaning is unstated
(the catalogue's ``date`` is sometimes signed, sometimes published) and they contain errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from carbonnodes.corpus._clean import clean
from carbonnodes.corpus._dates import DATE, parse_date, to_date
from carbonnodes.corpus._departments import departments, normalise_agency, strip_tails
from carbonnodes.corpus._metadata import DOC_TYPES, doc_type, normalise_number, read_metadata
from carbonnodes.corpus._read import Source
from carbonnodes.corpus._region import (
    addressed_to_provinces,
    head_place,
    is_city_title,
    reads_national,
    scope_and_region,
    scope_for,
    signed_nationally,
)
from carbonnodes.corpus._sectors import tag_sectors
from carbonnodes.corpus._segment import Segment, segment
from carbonnodes.corpus._targets import targets
from carbonnodes.errors import UnknownNameError
from carbonnodes.model import SCOPES, DocDates, Document, Measure, Scope
from carbonnodes.names import resolve_region

#: Bumped whenever what the parser reads from a text changes (its measures, their kinds,
#: dates, places), so that a store re-reads its documents on the next ingest of their files
#: instead of keeping them as "unchanged". 2: a plan's review of achievements, problems and
#: the situation ahead is framing (kind general), not measures.
PARSER_REVISION = 2

_OWN_START = re.compile(rf"自({DATE.pattern})起")


def _split(value: str) -> tuple[str, ...]:
    return tuple(normalise_agency(p) for p in re.split(r"[;；、,，]+", value) if p.strip())


def _date(
    field: str, sidecar: dt.date | None, text: dt.date | None, warnings: list[str]
) -> dt.date | None:
    if sidecar and text and sidecar != text:
        warnings.append(f"{field} date: sidecar says {sidecar}, text says {text}; sidecar kept")
    return sidecar or text


def _dates(
    source: Source, meta_dates: DocDates, effective_on_issue: bool, warnings: list[str]
) -> DocDates:
    side = {k: parse_date(source.sidecar.get(k, "")) for k in ("signed", "published", "effective")}
    signed = _date("signed", side["signed"], meta_dates.signed, warnings)
    published = _date("published", side["published"], meta_dates.published, warnings)
    effective = _date("effective", side["effective"], meta_dates.effective, warnings)
    if effective is None and effective_on_issue:
        effective = published or signed
    if signed is None and published is None and effective is None:
        hinted = parse_date(source.hints.get("date", ""))
        if hinted is not None:
            warnings.append("date taken from catalogue or page metadata (signed or published?)")
            return DocDates(published=hinted)
        warnings.append("no date found in the text or its metadata")
    return DocDates(signed=signed, published=published, effective=effective)


def _place(
    source: Source, meta: tuple[str, tuple[str, ...], str], text: str, warnings: list[str]
) -> tuple[Scope, str]:
    """Scope and region: sidecar, then issuers / title / number, then the text's head (a
    notice to every province is national), then the title its file or page gave; a text that
    names no place but speaks of the nation is national.

    A city the names tables do not know (a title opening with 某某市) keeps scope ``city``,
    with the region of its province when the text names it.
    """
    title, issuers, number = meta
    region = ""
    if source.sidecar.get("region"):
        try:
            region = resolve_region(source.sidecar["region"])
        except UnknownNameError as exc:
            warnings.append(f"sidecar region ignored: {exc}")
    scope_value = source.sidecar.get("scope", "")
    sidecar_scope: Scope | None = next((s for s in SCOPES if s == scope_value), None)
    if scope_value and sidecar_scope is None:
        warnings.append(f"sidecar scope '{scope_value}' ignored (national, province or city)")
    if region:
        return sidecar_scope or scope_for(region), region
    head = text[:600]
    found = (
        scope_and_region(title, issuers, number)
        or (("national", "china") if addressed_to_provinces(head) else None)
        or head_place(head)
        or scope_and_region(source.hints.get("title", ""), ())
    )
    if found is None and source.hints.get("region"):
        found = scope_and_region(source.hints.get("city", "") + source.hints["region"], ())
    if found is None and sidecar_scope in (None, "national") and signed_nationally(title, head):
        warnings.append("no place named; its title or a signature is the nation's: taken as "
                        "national")
        return "national", "china"
    if found is None and sidecar_scope in (None, "national") and reads_national(text):
        warnings.append("no place named; its text speaks of the nation: taken as national")
        return "national", "china"
    if found is None:
        warnings.append("region not recognised")
        return sidecar_scope or ("city" if is_city_title(title) else "province"), ""
    if found[0] == "province" and is_city_title(title):
        return sidecar_scope or "city", found[1]
    return sidecar_scope or found[0], found[1]


def _measure_dates(text: str, document: DocDates) -> DocDates:
    """A measure that states its own start (自2023年1月1日起) gets it as effective date."""
    own = _OWN_START.search(text)
    if own:
        date_match = DATE.search(own.group(0))
        start = to_date(date_match) if date_match else None
        if start is not None:
            return dataclasses.replace(document, effective=start)
    return document


def _measure(doc: Document, index: int, seg: Segment, span: tuple[int, int]) -> Measure:
    return Measure(
        id=f"{doc.id}:{index:03d}",
        doc_id=doc.id,
        number=seg.number,
        title=seg.title,
        text=seg.text,
        departments=departments(seg.text),
        sectors=tag_sectors(seg.title, strip_tails(seg.text), seg.kind),
        targets=targets(seg.text),
        dates=_measure_dates(seg.text, doc.dates),
        scope=doc.scope,
        region=doc.region,
        source=doc.url or f"{doc.file}#{seg.number}",
        span=span,
        kind=seg.kind,
    )


def parse_source(source: Source) -> Document:
    """The Document a source holds, with its measures (pure: no files, no store)."""
    warnings = list(source.warnings)
    cleaned = clean(source.text)
    if cleaned.traditional:
        warnings.append("traditional script: converted to simplified for matching")
    meta = read_metadata(cleaned.text)
    sidecar = source.sidecar
    title = sidecar.get("title") or meta.title or source.hints.get("title", "") or source.doc_id
    issuers = (
        _split(sidecar.get("issuers", ""))
        or meta.issuers
        or _split(source.hints.get("issuers", ""))
    )
    dates = _dates(
        source,
        DocDates(meta.signed, meta.published, meta.effective),
        meta.effective_on_issue,
        warnings,
    )
    number = normalise_number(sidecar.get("number", "")) or meta.number
    scope, region = _place(source, (title, issuers, number), cleaned.text, warnings)
    kind = sidecar.get("doc_type", "")
    if kind and kind not in DOC_TYPES:
        warnings.append(f"sidecar doc_type '{kind}' ignored (one of {', '.join(DOC_TYPES)})")
        kind = ""
    if not kind:
        kind = "draft" if "征求意见稿" in cleaned.text[:300] else doc_type(title)
    segments = segment(cleaned.text)
    if not segments and cleaned.text.strip():
        warnings.append("no numbered measures found")
    document = Document(
        id=source.doc_id,
        title=title,
        number=number,
        issuers=issuers,
        dates=dates,
        scope=scope,
        region=region,
        doc_type=kind,
        abridged=meta.abridged,
        url=source.url,
        file=source.file,
        sha256=source.sha256,
        text=source.text,
        warnings=tuple(warnings),
    )
    measures = tuple(
        _measure(document, i, seg, cleaned.mapped.original_span(seg.start, seg.end))
        for i, seg in enumerate(segments, start=1)
    )
    return dataclasses.replace(document, measures=measures)
