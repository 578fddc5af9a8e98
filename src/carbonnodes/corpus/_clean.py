"""Cleaning that keeps the original: noise out, broken lines rejoined, numbers tightened.

The result is a :class:`MappedText` holding one paragraph per line, each character still
pointing at its place in the document's own text. Web pages bring menus, SEO spam, footers and
sidebar links injected mid-sentence; PDF text brings hard wraps every ~30 characters, page
numbers, running headers and spaces inside numbers (``2022 年5 月8 日``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from carbonnodes.corpus._headings import is_bare_marker, starts_block
from carbonnodes.corpus._mapped import MappedText
from carbonnodes.corpus._script import (
    TRADITIONAL_SHARE,
    normalise_width,
    to_simplified,
    traditional_share,
)

_SPAM_WORDS = re.compile(r"久久|精品|在线观看|午夜|欧美|日韩|亚洲|国产|激情|视频|一区二区|av")
_CHROME = re.compile(
    r"版权所有|网站标识码|ICP备|公网安备|主办单位|^主办：|^承办：|技术支持：|\]\（|打印本页|"
    r"关闭窗口|人气：|浏览次数|点击数|阅读次数|【打印】|【关闭】|分享到|扫一扫|当前位置|"
    r"^首页\s*[>›»]|网站地图|无障碍|^字号：|【大中小】|上一篇|下一篇"
)
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[/／]?\s*共\s*\d{1,3}\s*页)?[-—–－\s]*$"
)
_LINK_WORDS = re.compile(r"解读|图解|一图读懂|相关链接|相关阅读|相关新闻|发布会|视频")
_SENTENCE_PUNCT = re.compile(r"[。，；：！？、（）]")
_TERMINAL = "。！？；：…"
_CJK_CLASS = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》"

# Spaces PDF extraction puts inside numbers, dates and document numbers, and between CJK.
_TIGHTEN = re.compile(
    rf"(?<=[\d.])[ \u3000]+(?=[\d.%年月日号])"
    rf"|(?<=[年月〔〕\[\]（）])[ \u3000]+(?=\d)"
    rf"|(?<=[{_CJK_CLASS}])[ \u3000]+(?=[{_CJK_CLASS}\dA-Za-z])"
    rf"|(?<=[\dA-Za-z%])[ \u3000]+(?=[{_CJK_CLASS}])"
    r"|[\r\f\u200b\ufeff\ufffd]"
)


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text (one paragraph per line) mapped onto the original."""

    mapped: MappedText
    traditional: bool

    @property
    def text(self) -> str:
        return self.mapped.text


def clean(original: str) -> Cleaned:
    """Normalise script and width, drop noise lines, rejoin broken lines, tighten numbers."""
    traditional = traditional_share(original) > TRADITIONAL_SHARE
    converted = to_simplified(original) if traditional else original
    mapped = MappedText.identity(original).rewrite(normalise_width(converted))
    mapped = _rejoin(mapped)
    mapped = mapped.delete(m.span() for m in _TIGHTEN.finditer(mapped.text))
    return Cleaned(mapped, traditional)


@dataclass
class _Line:
    start: int  # line start in the text
    end: int  # position of its newline (or end of text)
    content_start: int
    content_end: int
    content: str
    noise: bool = False


def _lines(text: str) -> list[_Line]:
    lines = []
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw)
        stripped_left = len(raw) - len(raw.lstrip())
        content = raw.strip()
        content_start = start + stripped_left
        lines.append(_Line(start, end, content_start, content_start + len(content), content))
        start = end + 1
    return lines


def _display_width(text: str) -> float:
    """Width in CJK cells: ASCII characters take half a cell in PDF layouts.

    Counted from the UTF-8 length (1 byte per ASCII character, 3 per CJK one), which is
    exact for such text and far faster than a loop over characters.
    """
    ascii_count = (3 * len(text) - len(text.encode("utf-8"))) / 2
    return len(text) - 0.5 * max(0.0, ascii_count)


def _wrap_width(lines: list[_Line]) -> float | None:
    """The fixed width PDF extraction wrapped at, when most lines share one."""
    widths = Counter(round(_display_width(ln.content)) for ln in lines if len(ln.content) >= 12)
    total = sum(widths.values())
    if total < 8:
        return None
    best, count = max(
        ((w, widths[w - 1] + widths[w] + widths[w + 1]) for w in widths), key=lambda x: (x[1], x[0])
    )
    if count < 0.25 * total:
        return None
    return float(best + 1)


def _is_noise(content: str) -> bool:
    separators = content.count("_") + content.count("|")
    if separators >= 4 and len(_SPAM_WORDS.findall(content)) >= 2:
        return True
    if len(_SPAM_WORDS.findall(content)) >= 4 and not _SENTENCE_PUNCT.search(content):
        return True
    if content.count(">") >= 2 and len(content) < 80:
        return True
    return bool(_CHROME.search(content) or _PAGE_NUMBER.match(content))


def _mark_repeated_headers(lines: list[_Line]) -> None:
    """Running headers and footers repeat on every page; headings and clauses do not."""
    counts = Counter(
        re.sub(r"\s+", "", ln.content) for ln in lines if 0 < len(ln.content) <= 40
    )
    for ln in lines:
        key = re.sub(r"\s+", "", ln.content)
        if (
            counts[key] >= 3
            and len(key) > 3
            and not _SENTENCE_PUNCT.search(key)  # a repeated responsibility tail is content
            and not starts_block(ln.content)
        ):
            ln.noise = True


def _mark_injections(content: list[_Line]) -> None:
    """Short unpunctuated link lines that interrupt a sentence (sidebar 政策解读 blocks)."""
    i = 0
    while i < len(content) - 2:
        before = content[i]
        if len(before.content) < 30 or before.content.endswith(tuple(_TERMINAL + "）")):
            i += 1
            continue
        j = i + 1
        while (
            j < len(content)
            and len(content[j].content) <= 30
            and not _SENTENCE_PUNCT.search(content[j].content)
            and not starts_block(content[j].content)
        ):
            j += 1
        run = content[i + 1 : j]
        resumes = j < len(content) and not starts_block(content[j].content)
        linky = any(_LINK_WORDS.search(ln.content) for ln in run)
        if run and resumes and (linky or len(run) >= 3):
            for ln in run:
                ln.noise = True
        i = max(j, i + 1)


def _joins(prev: str, line: str, wrap: float | None) -> bool:
    """Whether ``line`` continues the paragraph ``prev`` (a wrapped or broken sentence)."""
    if starts_block(line):
        return False
    if is_bare_marker(prev):
        return True
    if prev.endswith(tuple(_TERMINAL)):
        return False
    if prev.count("（") > prev.count("）") or prev.endswith(("，", "、", "“", "《")):
        return True  # an open bracket or a comma: the sentence goes on
    if wrap is not None:
        return _display_width(prev) >= wrap - 2.5
    return len(prev) >= 40


def _rejoin(mapped: MappedText) -> MappedText:
    lines = _lines(mapped.text)
    for ln in lines:
        ln.noise = bool(ln.content) and _is_noise(ln.content)
    _mark_repeated_headers(lines)
    content = [ln for ln in lines if ln.content and not ln.noise]
    _mark_injections(content)
    content = [ln for ln in content if not ln.noise]
    wrap = _wrap_width(content)

    spans: list[tuple[int, int]] = []
    kept = {id(ln) for ln in content}
    for ln in lines:
        if id(ln) not in kept:
            spans.append((ln.start, ln.end + 1))
        else:
            spans.append((ln.start, ln.content_start))
            spans.append((ln.content_end, ln.end))
    for prev, line in zip(content, content[1:], strict=False):
        if _joins(prev.content, line.content, wrap):
            spans.append((prev.end, prev.end + 1))
    if content:
        spans.append((content[-1].end, len(mapped.text)))
    return mapped.delete(spans)
