"""Metadata that travels beside a file: ``NAME.meta.json`` or a folder's ``manifest.csv``.

Keys (all optional): id, url, title, number, issuers (``;`` or ``、`` separated), signed,
published, effective (ISO or Chinese dates), scope, region, doc_type. The manifest names its
file in a ``file`` column. Where a sidecar and the manifest both speak, the sidecar (closer to
the file) wins. A sidecar that cannot be parsed is reported on the document, never fatal.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

SIDECAR_SUFFIX = ".meta.json"
MANIFEST = "manifest.csv"
KEYS = (
    "id", "url", "title", "number", "issuers", "signed", "published", "effective", "scope",
    "region", "doc_type",
)
_ALIASES = {"issuer": "issuers", "type": "doc_type", "date": "published"}


def _clean(values: dict[str, object]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        name = _ALIASES.get(key.strip().lower(), key.strip().lower())
        if name not in KEYS or value is None:
            continue
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        text = str(value).strip()
        if text:
            cleaned[name] = text
    return cleaned


def sidecar_for(path: Path) -> dict[str, str]:
    """The values of ``NAME.meta.json`` (stem or full name); ``{"_error": …}`` if broken."""
    names = (path.stem + SIDECAR_SUFFIX, path.name + SIDECAR_SUFFIX)
    for candidate in (path.with_name(name) for name in names):
        if candidate.is_file():
            try:
                values = json.loads(candidate.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                reason = exc.__class__.__name__
                return {"_error": f"sidecar {candidate.name} unreadable ({reason})"}
            if not isinstance(values, dict):
                return {"_error": f"sidecar {candidate.name} is not a JSON object"}
            return _clean(values)
    return {}


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        return {row["file"].strip(): _clean(dict(row)) for row in rows if row.get("file")}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        return {}


def manifest_for(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of the folder's ``manifest.csv`` by file name (empty when there is none)."""
    return _manifest(folder.resolve())
