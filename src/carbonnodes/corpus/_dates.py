"""Chinese dates in the forms policy texts write them: 2022年8月25日, 二〇二二年八月二十五日."""

from __future__ import annotations

import datetime as dt
import re

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_DIGITS["零"] = 0
_DIGITS["○"] = 0
_CN_DIGIT = "〇零○一二三四五六七八九"

#: One pattern for both spellings; the groups are year, month, day.
DATE = re.compile(
    rf"(\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(\d{{1,2}}|[十{_CN_DIGIT}]{{1,3}})\s*月\s*"
    rf"(\d{{1,2}}|[十{_CN_DIGIT}]{{1,3}})\s*日"
)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # a year written digit by digit
        return int("".join(str(_DIGITS[c]) for c in text))
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
    return _DIGITS[text]


def to_date(match: re.Match[str]) -> dt.date | None:
    """The date a :data:`DATE` match names, or None when it is no calendar day."""
    try:
        return dt.date(_number(match.group(1)), _number(match.group(2)), _number(match.group(3)))
    except (ValueError, KeyError):
        return None


def parse_date(text: str) -> dt.date | None:
    """First Chinese or ISO date in ``text`` (used for sidecar values too)."""
    iso = re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    match = DATE.search(text)
    return to_date(match) if match else None
