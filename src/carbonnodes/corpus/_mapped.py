"""Text that remembers where each character came from in the original.

Cleaning deletes and rewrites characters; every measure must still point at its passage in the
document's own text. Keeping one original offset per character makes that mapping exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class MappedText:
    """``text[i]`` came from ``original[origin[i]]``."""

    text: str
    origin: NDArray[np.int64]

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, np.arange(len(text), dtype=np.int64))

    def rewrite(self, new_text: str) -> MappedText:
        """Same-length rewrite (script or width conversion): offsets stay as they are."""
        if len(new_text) != len(self.text):
            raise ValueError("rewrite must keep the length")
        return MappedText(new_text, self.origin)

    def delete(self, spans: Iterable[tuple[int, int]]) -> MappedText:
        """Drop the characters inside ``spans`` (half-open, any order, may overlap)."""
        keep = np.ones(len(self.text), dtype=bool)
        pieces: list[str] = []
        for start, end in spans:
            if end > start:
                keep[start:end] = False
        if keep.all():
            return self
        # Rebuild the string from the runs of kept characters.
        edges = np.flatnonzero(np.diff(np.concatenate(([False], keep, [False])).astype(np.int8)))
        for run_start, run_end in zip(edges[::2], edges[1::2], strict=True):
            pieces.append(self.text[run_start:run_end])
        return MappedText("".join(pieces), self.origin[keep])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text that covers ``text[start:end]``."""
        if end <= start or start >= len(self.text):
            return (0, 0)
        return (int(self.origin[start]), int(self.origin[end - 1]) + 1)
