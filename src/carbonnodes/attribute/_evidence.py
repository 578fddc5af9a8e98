"""The measure's own words shown as evidence: its title, else its first sentence."""

from __future__ import annotations

import re

from carbonnodes.model import Measure

_SENTENCE_END = re.compile(r"[。；;！!？?]")
MAX_EVIDENCE_CHARS = 160


def first_sentence(text: str) -> str:
    """Text up to and including the first sentence end, whitespace collapsed."""
    flat = "".join(text.split())
    found = _SENTENCE_END.search(flat)
    return flat[: found.end()] if found else flat


def measure_evidence(measure: Measure) -> str:
    """Extracted, never written: the title if the corpus found one, else the first sentence.

    Long sentences are cut at ``MAX_EVIDENCE_CHARS`` and marked with an ellipsis.
    """
    words = " ".join(measure.title.split()) or first_sentence(measure.text)
    if len(words) > MAX_EVIDENCE_CHARS:
        return words[:MAX_EVIDENCE_CHARS] + "…"
    return words
