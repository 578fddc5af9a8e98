"""Escaped HTML of a document's text with its measures' spans marked, and of search passages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from carbonnodes.model import Measure


def marked_text(text: str, measures: Sequence[Measure]) -> Markup:
    """The whole text, each measure's span wrapped in a ``<mark>`` that links to its entry.

    Spans outside the text or overlapping an earlier one are left unmarked rather than
    guessed at; the measure list beside the text still shows them.
    """
    parts: list[str] = []
    at = 0
    for m in sorted(measures, key=lambda m: (m.span[0], m.span[1], m.id)):
        start, end = m.span
        if not at <= start < end <= len(text):
            continue
        parts.append(str(escape(text[at:start])))
        label = f"{m.number} {m.title}".strip()
        parts.append(
            f'<mark class="measure" id="m-{escape(m.id)}" title="{escape(label)}">'
            f"{escape(text[start:end])}</mark>"
        )
        at = end
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))


def marked_passage(passage: str, terms: Sequence[str]) -> Markup:
    """A search passage with the stretches the query matched in ``<mark>``."""
    wanted = sorted({t for t in terms if t}, key=len, reverse=True)
    if not wanted:
        return Markup(escape(passage))
    pattern = re.compile("|".join(re.escape(t) for t in wanted))
    parts: list[str] = []
    at = 0
    for found in pattern.finditer(passage):
        parts.append(str(escape(passage[at:found.start()])))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        at = found.end()
    parts.append(str(escape(passage[at:])))
    return Markup("".join(parts))
