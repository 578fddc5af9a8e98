"""The pages' labels: the web catalog (locales/*.toml) first, then the report's catalog."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from carbonnodes.report import Labels


@cache
def _catalog(lang: str) -> dict[str, str]:
    text = resources.files("carbonnodes.web").joinpath(f"locales/{lang}.toml").read_text(
        encoding="utf-8"
    )
    return {f"web.{k}": str(v) for k, v in tomllib.loads(text)["web"].items()}


class WebLabels:
    """``t("web.show")`` from the web catalog, ``t("node.effect")`` from the report's."""

    def __init__(self, lang: str) -> None:
        self.report = Labels(lang)
        self.lang = lang
        self._own = _catalog(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self._own.get(key)
        if text is None:
            return self.report(key, **values)
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        return self._own.get(key) or self.report.get(key, default)
