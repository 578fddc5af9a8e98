"""Script and width normalisation that keeps the text's length.

Traditional characters are converted to simplified (OpenCC ``t2s``) only when the text is
detected as traditional, and full-/half-width forms are folded to one canonical form, so that
every lexicon and pattern downstream sees one spelling. Both steps replace characters one for
one, so offsets into the original survive.
"""

from __future__ import annotations

import re
from functools import cache

from opencc import OpenCC

#: Share of CJK characters that t2s changes above which a text counts as traditional.
TRADITIONAL_SHARE = 0.02

_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


def _convert(text: str) -> str:
    return str(_converter().convert(text))


@cache
def _traditional_chars() -> re.Pattern[str]:
    """Every CJK character that t2s changes, as one character class (built once)."""
    chars = [chr(code) for code in range(0x4E00, 0xA000)]
    converted = _convert("\n".join(chars)).split("\n")
    changed = "".join(c for c, s in zip(chars, converted, strict=True) if s != c)
    return re.compile(f"[{changed}]")


def traditional_share(text: str) -> float:
    """Share of CJK characters that simplified Chinese would spell differently."""
    total = len(_CJK.findall(text))
    if not total:
        return 0.0
    return len(_traditional_chars().findall(text)) / total


def to_simplified(text: str) -> str:
    """t2s conversion with the same length: phrase conversion, else character by character."""
    whole = _convert(text)
    if len(whole) == len(text):
        return whole
    lines = []
    for line in text.split("\n"):
        converted = _convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(s := _convert(c)) != 1 else s for c in line)
        lines.append(converted)
    return "\n".join(lines)


def _width_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}  # ０-９
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
    for full, half in ("％%", "．.", "／/", "＋+", "－-", "～~", "＝=", "＜<", "＞>"):
        table[ord(full)] = half
    for half, full in ("(（", ")）", ";；", "!！", "?？"):
        table[ord(half)] = full
    table[0x3000] = " "
    table[0x00A0] = " "
    table[0x2002] = " "
    table[0x2003] = " "
    return table


_WIDTH = _width_table()
# A half-width comma or colon between two non-digits is Chinese punctuation typed half-width.
_HALF_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_HALF_COLON = re.compile(r"(?<!\d):|:(?!\d)")


def normalise_width(text: str) -> str:
    """Fold width variants to one form: ASCII digits and letters, Chinese punctuation."""
    text = text.translate(_WIDTH)
    text = _HALF_COMMA.sub("，", text)
    return _HALF_COLON.sub("：", text)
