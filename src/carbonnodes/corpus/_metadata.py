"""Document metadata read from the text itself: title, own number, issuers, dates, type.

Only the head of a document (before its first heading) and a few well-marked lines are read:
the gov.cn info table (发文字号 / 成文日期 / 发文日期), the line under the title, the signature
block, the 印发 footer, a law's 会议通过 note and its 自…起施行 clause. A document number the
preamble merely cites (根据…国发〔2021〕33号) sits inside a sentence and is never taken.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from carbonnodes.corpus._dates import DATE, parse_date, to_date
from carbonnodes.corpus._departments import normalise_agency
from carbonnodes.corpus._headings import find_heading, is_law_style

_DOC_WORDS = (
    r"方案|规划|纲要|意见|通知|办法|条例|规定|决定|目录|公告|通告|细则|措施|计划|规则|清单|指南"
)
_TITLE_END = re.compile(rf"(?:{_DOC_WORDS})(?:（[^（）]{{1,20}}）)*$")
_ISSUED_TITLE = re.compile(r"关于印发《([^《》]{4,80})》|现将《([^《》]{4,80})》")
_NOTICE = re.compile(r"^(.*?)(?:关于)?印发(.+?)的通知$")
# Cover-page leftovers glued to a title: …规划2021年10月目录, …（发改能源〔2022〕206号）.
_TITLE_TAIL = re.compile(r"(?:\d{4}年\d{1,2}月)?[IⅠ]?目录$|（[^（）]*〔\d{4}〕\d+号）$")
_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10})\s*[〔\[［【（(]\s*((?:19|20)\d{2})\s*[〕\]］】）)]\s*(\d{1,4})\s*号"
)
_AGENCY_LINE = re.compile(
    r"^[\u4e00-\u9fff（）]{2,30}(?:人民政府|政府|局|委|委员会|办公室|办公厅|厅|部|院|分行|"
    r"集团|公司|中心|党委|国务院|中共中央|总工会|海关|管委会)$"
)
_TABLE = {
    "number": re.compile(r"发文字号：\s*([^\t]+?)(?=\t|主题|成文日期|$)"),
    "issuer": re.compile(r"(?:发布机构|发文机关)：\s*([^\t]+?)(?=\t|发文字号|主题|成文日期|$)"),
    "signed": re.compile(r"成文日期：\s*([^\t]+?)(?=\t|发文日期|发布日期|$)"),
    "published": re.compile(r"(?:发文日期|发布日期|发布时间)：\s*([^\t]+?)(?=\t|$)"),
    "notice_title": re.compile(r"^名称：\s*([^\t]+?)\s*$"),
}
_PASSED = re.compile(rf"（({DATE.pattern})([^（）]*?)(?:会议)?(?:通过|批准)[^（）]*）")
_CONGRESS = re.compile(
    r"(?:日|^|（)([\u4e00-\u9fff]{2,8}?[省市区])第[一二三四五六七八九十]+届人民代表大会常务委员会"
)
_EFFECTIVE = re.compile(rf"自({DATE.pattern})起(?:施行|实施|执行|生效)")
_EFFECTIVE_ON_ISSUE = re.compile(r"自(?:印发|发布)之日起(?:施行|实施|执行|生效)")
_ISSUED_FOOTER = re.compile(rf"({DATE.pattern})印发$")
#: A signature: a date alone on its line, after the signing body's name or in brackets under
#: the title (（2021年11月30日）).
_SIGNATURE = re.compile(rf"^(?:[\u4e00-\u9fff、]{{2,40}}?)?（?({DATE.pattern})）?$")
_NEWS = re.compile(rf"（新华社[^（）]*?({DATE.pattern})电）")


DOC_TYPES = (
    "draft",
    "regulation",
    "plan",
    "implementation_plan",
    "opinion",
    "catalogue",
    "notice",
    "other",
)
_TYPE_RULES = (
    ("regulation", re.compile(r"(?:条例|办法|规定|细则|规则)(?:（[^（）]*）)*$")),
    ("plan", re.compile(r"(?:规划|纲要)(?:（[^（）]*）)*$")),
    ("implementation_plan", re.compile(r"(?:方案|计划|措施|行动)(?:（[^（）]*）)*$")),
    ("opinion", re.compile(r"(?:意见|决定)(?:（[^（）]*）)*$")),
    ("catalogue", re.compile(r"(?:目录|清单)(?:（[^（）]*）)*$")),
    ("notice", re.compile(r"(?:通知|公告|通告|函)(?:（[^（）]*）)*$")),
)


@dataclass
class TextMeta:
    """What the text itself says about the document (each field empty when it is silent)."""

    title: str = ""
    number: str = ""
    issuers: tuple[str, ...] = ()
    signed: dt.date | None = None
    published: dt.date | None = None
    effective: dt.date | None = None
    effective_on_issue: bool = False
    abridged: bool = False
    warnings: list[str] = field(default_factory=list)


def doc_type(title: str) -> str:
    """Type from the title's last word; a 征求意见稿 is a draft whatever it drafts."""
    if "征求意见稿" in title or "草案" in title:
        return "draft"
    for name, pattern in _TYPE_RULES:
        if pattern.search(title):
            return name
    return "other"


def normalise_number(text: str) -> str:
    match = _NUMBER.search(text)
    if not match:
        return ""
    prefix = re.split(r"通知|公告|意见|方案|规划|的", match.group(1))[-1]
    return f"{prefix}〔{match.group(2)}〕{match.group(3)}号" if prefix else ""


def _head(lines: list[str]) -> list[str]:
    law = is_law_style(lines)
    head = []
    for line in lines[:60]:
        heading = find_heading(line, law=law)
        if heading is not None and heading.rank < 4:
            break
        head.append(line)
    return head


def _title_blocks(head: list[str]) -> list[str]:
    """Runs of short unpunctuated lines (PDF wraps long titles), joined."""
    blocks: list[str] = []
    current: list[str] = []
    for line in head:
        if re.fullmatch(r"（[^（）]{1,20}）", line):
            # （征求意见稿） completes the title above it; （本文有删减） stands alone.
            if current:
                current.append(line)
            continue
        titleish = (
            len(line) <= 45
            and not re.search(r"[。，；：！？]", line)
            and not DATE.search(line)
            and not line.startswith(("附件", "为", "根据", "现将", "各"))
            and not _AGENCY_LINE.match(line)
            and not _NUMBER.search(line)
        )
        if titleish:
            if not current or current[-1] != line:  # web pages repeat the title
                current.append(line)
            continue
        if current:
            blocks.append("".join(current))
        current = []
    if current:
        blocks.append("".join(current))
    return [b for b in blocks if _TITLE_END.search(b) and 6 <= len(b) <= 120]


def _title(head: list[str], table_title: str) -> str:
    candidates = _title_blocks(head)
    issued = next((m.group(1) or m.group(2) for ln in head if (m := _ISSUED_TITLE.search(ln))), "")
    if issued and any(c.endswith(issued) for c in candidates):
        return issued
    plans = [c for c in candidates if not _NOTICE.match(c)]
    if plans:
        return _tidy(plans[0])
    notice = table_title or (candidates[0] if candidates else "")
    match = _NOTICE.match(notice)
    if match:
        return _tidy(match.group(2).strip("《》"))
    return _tidy(notice)


def _tidy(title: str) -> str:
    """A title without leading dashes or a cover page's date, 目录 or number glued to it."""
    title = title.lstrip("—-－·• ")
    tidied = _TITLE_TAIL.sub("", title)
    return tidied if _TITLE_END.search(tidied) else title


def _signers(lines: list[str]) -> tuple[str, ...]:
    """The bodies named just above (or on) the first signature date line."""
    for i, line in enumerate(lines):
        signature = _SIGNATURE.match(line)
        if signature is None:
            continue
        block = []
        own = line[: signature.start(1)].rstrip("（")
        if own and _AGENCY_LINE.match(own):
            block.append(normalise_agency(own))
        for previous in reversed(lines[max(0, i - 10) : i]):
            if not _AGENCY_LINE.match(previous):
                break
            block.insert(0, normalise_agency(previous))
        if block:
            return tuple(block)
    return ()


def _issuers(
    head: list[str], tail: list[str], title_line: str, table_issuer: str
) -> tuple[str, ...]:
    if table_issuer:
        return tuple(normalise_agency(p) for p in re.split(r"[、，\s]+", table_issuer) if p)
    signers = _signers(head) or _signers(tail)
    if signers:
        return signers
    congress = _CONGRESS.search("".join(head))
    if congress:
        return (f"{congress.group(1)}人民代表大会常务委员会",)
    match = _NOTICE.match(title_line)
    if match and match.group(1):
        return (normalise_agency(match.group(1)),)
    return ()


def _own_number(head: list[str]) -> str:
    """The number on its own line under the title, or closing the notice title line."""
    for line in head[:25]:
        found = _NUMBER.search(line)
        if found is None or re.search(r"《|根据|按照|依据", line):
            continue
        own_line = len(line) - len(found.group(0)) <= 8
        ends_title = line.endswith(found.group(0)) and "通知" in line
        if own_line or ends_title:
            return normalise_number(line)
    return ""


def read_metadata(text: str) -> TextMeta:
    """Metadata stated in a cleaned text (one paragraph per line)."""
    lines = text.split("\n")
    head = _head(lines)
    meta = TextMeta(abridged="本文有删减" in text)
    table = {key: "" for key in _TABLE}
    for line in head:
        for key, pattern in _TABLE.items():
            match = pattern.search(line)
            if match and not table[key]:
                table[key] = match.group(1).strip()

    meta.title = _title(head, table["notice_title"])
    meta.number = normalise_number(table["number"]) or _own_number(head)
    notice_line = next((ln for ln in head if _NOTICE.match(ln)), table["notice_title"])
    meta.issuers = _issuers(head, lines[-15:], notice_line, table["issuer"])

    _read_dates(meta, table, head, lines, text)
    return meta


def _read_dates(
    meta: TextMeta, table: dict[str, str], head: list[str], lines: list[str], text: str
) -> None:
    """Signed, published and effective dates, each from the place that states it."""
    meta.signed = parse_date(table["signed"]) if table["signed"] else None
    meta.published = parse_date(table["published"]) if table["published"] else None
    passed = _PASSED.search("".join(head))  # the note may wrap over two lines
    if passed and meta.signed is None:
        meta.signed = parse_date(passed.group(1))
    if meta.signed is None:
        signature = next((m for ln in lines if (m := _SIGNATURE.match(ln))), None)
        if signature is not None:
            meta.signed = parse_date(signature.group(1))
    if meta.published is None:
        for line in lines:
            footer = _ISSUED_FOOTER.search(line) or _NEWS.search(line)
            if footer:
                meta.published = parse_date(footer.group(1))
                break
    effective = _EFFECTIVE.search(text)
    if effective:
        date_match = DATE.search(effective.group(0))
        meta.effective = to_date(date_match) if date_match else None
    meta.effective_on_issue = bool(_EFFECTIVE_ON_ISSUE.search(text))


