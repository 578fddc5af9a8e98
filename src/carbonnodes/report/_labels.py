"""Label catalogs: every display string of the report, per language, from locales/*.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from carbonnodes.errors import InputError

LANGS = ("zh", "en")


@cache
def _catalog(lang: str) -> dict[str, str]:
    text = resources.files("carbonnodes.report").joinpath(f"locales/{lang}.toml").read_text(
        encoding="utf-8"
    )
    flat: dict[str, str] = {}
    for section, entries in tomllib.loads(text).items():
        for key, value in entries.items():
            flat[f"{section}.{key}"] = str(value)
    return flat


class Labels:
    """The catalog of one language; a key missing there falls back to English."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise InputError(f"unknown language '{lang}' (choose one of: {', '.join(LANGS)})",
                             field="lang")
        self.lang = lang
        self._own = _catalog(lang)
        self._fallback = _catalog("en")

    def __call__(self, key: str, **values: object) -> str:
        text = self._own.get(key, self._fallback.get(key))
        if text is None:
            raise KeyError(f"no label '{key}' in the report catalogs")
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """A label that may not exist (an event kind or score component nobody named)."""
        return self._own.get(key, self._fallback.get(key, default))
