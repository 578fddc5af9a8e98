"""Reading policy files into sources: text, provenance and whatever metadata travels with them.

Supported: .txt/.md (UTF-8, UTF-8 with BOM, GBK/GB18030), .html/.htm, .pdf (pypdfium2), .docx
(python-docx) and .jsonl records of ../shared/data/policies (``id`` stays the document id,
``source`` becomes a GitHub link, ``kg_metadata`` and ``title_from_filename`` are only hints).
A file that cannot be read at all becomes a :class:`Skipped` with a one-line reason; a file
that reads but is doubtful (image-only PDF) carries a warning instead.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from carbonnodes.corpus._extract import (
    ExtractError,
    decode_text,
    docx_text,
    html_meta,
    html_text,
    pdf_text,
)
from carbonnodes.corpus._sidecar import SIDECAR_SUFFIX, manifest_for, sidecar_for

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".jsonl")


@dataclass(frozen=True)
class Source:
    """One document as read: its own text plus provenance and metadata from outside it."""

    doc_id: str
    text: str
    file: str
    sha256: str
    url: str = ""
    sidecar: Mapping[str, str] = field(default_factory=dict)
    hints: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A file (or record) that could not be read, and why, in one line."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


def slug(name: str) -> str:
    """A document id from a file name: lower-case, CJK kept, separators folded to ``-``."""
    text = re.sub(r"[^\w\u4e00-\u9fff]+", "-", name.strip().lower())
    return text.strip("-") or "document"


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUFFIXES
                    and not child.name.endswith(SIDECAR_SUFFIX)
                    and child.name.lower() != "readme.md"
                ):
                    yield child
        else:
            yield path


def _github_url(source: Mapping[str, object]) -> str:
    repo, commit, path = source.get("repo"), source.get("commit"), source.get("path")
    if not (isinstance(repo, str) and isinstance(commit, str) and isinstance(path, str)):
        return ""
    return f"https://github.com/{repo}/blob/{commit}/{quote(path)}"


def _hints(record: Mapping[str, object]) -> dict[str, str]:
    hints: dict[str, str] = {}
    title = record.get("title_from_filename")
    if isinstance(title, str) and title.strip():
        hints["title"] = title.strip()
    kg = record.get("kg_metadata")
    if isinstance(kg, dict):
        for key, name in (("organization", "issuers"), ("date", "date"), ("province", "region")):
            value = kg.get(key)
            if isinstance(value, str) and value.strip():
                hints[name] = value.strip()
        if isinstance(kg.get("city"), str) and kg["city"].strip():
            hints["city"] = kg["city"].strip()
    return hints


def _jsonl(path: Path) -> Iterator[Source | Skipped]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        yield Skipped(str(path), f"cannot read JSONL ({exc.__class__.__name__})")
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"not a JSON record ({exc.msg})")
            continue
        try:  # JSON may escape lone surrogates (\ud800) that no UTF-8 text or store can hold
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            yield Skipped(where, "record holds a lone surrogate (\\udXXX), not text")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Skipped(where, "record has no 'text'")
            continue
        doc_id = record.get("id")
        source = record.get("source")
        text = record["text"]
        if not text.strip():
            yield Skipped(where, "record text is empty")
            continue
        if doc_id and str(doc_id).splitlines() != [str(doc_id)]:  # the id starts report lines
            yield Skipped(where, "record id is not one line")
            continue
        yield Source(
            doc_id=str(doc_id) if doc_id else f"{slug(path.stem)}-{number}",
            text=text,
            file=where,
            sha256=hashlib.sha256(line.encode("utf-8")).hexdigest(),
            url=_github_url(source) if isinstance(source, dict) else "",
            hints=_hints(record),
        )


def _document(path: Path, manifest: Mapping[str, Mapping[str, str]]) -> Source | Skipped:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(str(path), f"cannot read file ({exc.strerror or exc})")
    if not data.strip():
        return Skipped(str(path), "empty file")
    suffix = path.suffix.lower()
    warnings: list[str] = []
    hints: dict[str, str] = {}
    try:
        if suffix == ".pdf":
            text, pdf_warnings = pdf_text(data)
            warnings.extend(pdf_warnings)
        elif suffix == ".docx":
            text = docx_text(data)
        elif suffix in (".html", ".htm"):
            markup = decode_text(data)
            text = html_text(markup)
            hints = html_meta(markup)
        else:
            text = decode_text(data)
    except ExtractError as exc:
        return Skipped(str(path), str(exc))
    if not text.strip() and not warnings:
        return Skipped(str(path), "no text in the file")
    sidecar = dict(manifest.get(path.name, {}))
    sidecar.update(sidecar_for(path))
    if "_error" in sidecar:
        warnings.append(sidecar.pop("_error"))
    return Source(
        doc_id=sidecar.pop("id", "") or slug(path.stem),
        text=text,
        file=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        url=sidecar.pop("url", ""),
        sidecar=sidecar,
        hints=hints,
        warnings=tuple(warnings),
    )


def read_sources(paths: list[Path]) -> Iterator[Source | Skipped]:
    """Every document under ``paths`` (files or folders, recursively), in a stable order."""
    for path in _files(paths):
        if not path.exists():
            yield Skipped(str(path), "no such file")
        elif path.suffix.lower() == ".jsonl":
            yield from _jsonl(path)
        elif path.suffix.lower() not in SUFFIXES:
            yield Skipped(str(path), f"unsupported file type '{path.suffix or path.name}'")
        else:
            yield _document(path, manifest_for(path.parent))
