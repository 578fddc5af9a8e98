"""Finding a font that draws Chinese, at run time, from matplotlib's font manager.

A font cache built before ``fonts-noto-cjk`` was installed does not know the font, so the
usual font folders are searched and any CJK font file found there is added.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from matplotlib import font_manager

_PREFERRED = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
              "SimHei", "Microsoft YaHei", "PingFang SC")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))


def _known() -> list[str]:
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    chosen = [name for name in _PREFERRED if name in names]
    return chosen or sorted(name for name in names if "CJK" in name)


@cache
def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None."""
    found = _known()
    if found:
        return found[0]
    for folder in _FONT_DIRS:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in {".ttc", ".otf", ".ttf"} and "cjk" in path.name.lower():
                font_manager.fontManager.addfont(str(path))
    found = _known()
    return found[0] if found else None
