"""Bytes → text for each file type; the text returned is what spans will point into."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import lxml.etree
import lxml.html
import pypdfium2 as pdfium

#: Fewer characters per page than this and a PDF has no usable text layer.
MIN_CHARS_PER_PAGE = 20
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section")
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe")
_PLAIN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\s\x20-\x7e“”‘’—…·]")


class ExtractError(Exception):
    """A file whose text cannot be had; the message is the one-line reason."""


def _plausible(text: str) -> bool:
    """Mostly CJK, ASCII and punctuation: a wrong codec gives rare symbols instead."""
    sample = text[:20000]
    if not sample:
        return True
    return len(_PLAIN.findall(sample)) >= 0.9 * len(sample)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), then GB18030 (a superset of GBK); binary is refused."""
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractError("binary file, not text")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").replace("\r\n", "\n")
        except UnicodeDecodeError:  # odd byte count or a lone surrogate: cut short or not text
            raise ExtractError("undecodable text: broken UTF-16") from None
    for codec in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text.replace("\r\n", "\n")
    raise ExtractError("undecodable text: neither UTF-8 nor GBK/GB18030")


def pdf_text(data: bytes) -> tuple[str, list[str]]:
    """Text of every page, pages joined by form feeds; warns on an image-only PDF."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractError("password-protected PDF") from None
        raise ExtractError("unreadable PDF") from None
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    text = "\f".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    warnings = []
    if len(text.strip()) < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        warnings.append("image-only PDF: no text layer (needs OCR)")
    return text, warnings


def docx_text(data: bytes) -> str:
    """Paragraphs, then table cells row by row."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractError(f"not a readable .docx ({exc.__class__.__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


#: <meta> names that carry a page's title or date on Chinese government sites.
_META_NAMES = {
    "articletitle": "title",
    "pubdate": "date",
    "publishdate": "date",
    "firstpublishedtime": "date",
    "contentsource": "issuers",
}


def html_meta(markup: str) -> dict[str, str]:
    """Title, date and source from the page's <meta> tags: hints, weaker than the text."""
    try:
        root = lxml.html.fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return {}
    hints: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = _META_NAMES.get((meta.get("name") or "").lower())
        content = (meta.get("content") or "").strip()
        if name and content:
            hints.setdefault(name, content)
    return hints


def html_text(markup: str) -> str:
    """Visible text with one block per line; scripts, menus, headers and footers dropped."""
    try:
        root = lxml.html.fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        raise ExtractError("unreadable HTML") from None
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    return re.sub(r"\n[ \t]*\n+", "\n\n", text)
