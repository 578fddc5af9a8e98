"""The index stage: ranked, filtered search over the measures of the corpus.

``open_index(store)`` builds (or loads from the store's cache) a BM25F index over measure
titles, texts and document titles, tokenised as CJK character bigrams plus whole domain
terms. ``MeasureIndex.search`` ranks measures for a query in Chinese or English under
sector, region, scope, date and type filters; ``MeasureIndex.relevance`` gives the attribute
stage a text relevance in [0, 1]; ``sector_query`` is the standard query of a sector and
``direction_words`` the words of it that say which way emissions move.
"""

from __future__ import annotations

from carbonnodes.index._analyze import ANALYZERS, Analyzer
from carbonnodes.index._index import Hit, MeasureIndex, build_index
from carbonnodes.index._open import open_index
from carbonnodes.index._query import direction_words, sector_query
from carbonnodes.index._text import domain_terms, tokenize

__all__ = [
    "ANALYZERS",
    "Analyzer",
    "Hit",
    "MeasureIndex",
    "build_index",
    "direction_words",
    "domain_terms",
    "open_index",
    "sector_query",
    "tokenize",
]
