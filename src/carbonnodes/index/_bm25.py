"""BM25F over the fields of a measure, precomputed into one sparse weight matrix.

Each field's term counts are length-normalised and weighted, summed into one pseudo term
frequency, then saturated once (BM25F). What is left at query time is a column slice and a
sparse product, well under a millisecond for the whole corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from carbonnodes.index._analyze import Analyzer, analyze

K1 = 1.2


@dataclass(frozen=True)
class Field:
    """One text field of every measure, its weight and its length normalisation ``b``."""

    texts: Sequence[str]
    weight: float
    b: float


@dataclass(frozen=True)
class Bm25:
    """Saturated weights (measures × terms, CSC) and the idf of each term."""

    weights: sp.csc_matrix
    idf: NDArray[np.float64]
    vocabulary: dict[str, int]

    def scores(self, query: dict[str, float]) -> tuple[NDArray[np.float64], float]:
        """BM25F score of every measure, and the best score any measure could reach."""
        cols = [self.vocabulary[t] for t in sorted(query) if t in self.vocabulary]
        n = self.weights.shape[0]
        if not cols:
            return np.zeros(n), 0.0
        term_weights = np.array(
            [query[t] for t in sorted(query) if t in self.vocabulary], dtype=np.float64
        )
        coef = self.idf[cols] * term_weights
        scores = np.asarray(self.weights[:, cols] @ coef, dtype=np.float64).ravel()
        return scores, float(coef.sum() * (K1 + 1.0))

    def term_idf(self, token: str) -> float:
        col = self.vocabulary.get(token)
        return 0.0 if col is None else float(self.idf[col])


def build_bm25(fields: Sequence[Field], analyzer: Analyzer) -> Bm25:
    """Index the fields (all of the same length) into one BM25F weight matrix."""
    n = len(fields[0].texts)
    per_field = [analyze(f.texts, analyzer) for f in fields]
    vocab_list = sorted({t for occ in per_field for t in occ.tokens})
    vocabulary = {t: i for i, t in enumerate(vocab_list)}
    combined = sp.csr_matrix((n, len(vocab_list)), dtype=np.float64)
    for field, occ in zip(fields, per_field, strict=True):
        remap = np.asarray([vocabulary[t] for t in occ.tokens], dtype=np.int64)
        cols = remap[occ.cols] if occ.cols.size else occ.cols
        counts = sp.csr_matrix(
            (np.ones(occ.rows.size), (occ.rows, cols)), shape=(n, len(vocab_list))
        )
        counts.sum_duplicates()
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        mean = float(lengths.mean()) if n and lengths.sum() > 0 else 1.0
        norm = field.weight / (1.0 - field.b + field.b * lengths / mean)
        combined = combined + sp.diags(norm) @ counts
    combined = sp.csr_matrix(combined)
    combined.eliminate_zeros()
    df = np.bincount(combined.indices, minlength=len(vocab_list)).astype(np.float64)
    idf = np.log1p((n - df + 0.5) / (df + 0.5))
    saturated = combined.copy()
    saturated.data = saturated.data * (K1 + 1.0) / (saturated.data + K1)
    return Bm25(sp.csc_matrix(saturated, dtype=np.float32), idf, vocabulary)
