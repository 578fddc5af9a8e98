"""The measure index: BM25F over measure title, text and document title, with filters."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.errors import InputError
from carbonnodes.index._analyze import ANALYZERS, DEFAULT_ANALYZER, Analyzer
from carbonnodes.index._bm25 import Bm25, Field, build_bm25
from carbonnodes.index._filters import FilterColumns
from carbonnodes.index._passage import best_passage
from carbonnodes.index._query import named_sectors, query_tokens
from carbonnodes.index._semantic import embed_measures, embed_query, rrf
from carbonnodes.index._text import looks_traditional, to_simplified
from carbonnodes.model import Document, Measure

#: Field weights and length normalisation: a measure's own title says most about it, the
#: document's title least (it is shared by every measure of the document).
TITLE = (3.0, 0.5)
TEXT = (1.0, 0.75)
DOC_TITLE = (0.5, 0.0)
#: Context sections (指导思想, 基本原则, 发展成效 …) rank below actions that use the same words;
#: safeguards (财税政策, 组织实施) are real policy but rarely what a sector question is after.
KIND_PRIOR = {"action": 1.0, "safeguard": 0.9, "general": 0.6}
#: A query that names a sector (地面交通, "ground transport") prefers measures tagged with it.
SECTOR_BOOST = 1.5
_SAMPLE = 200
_QUERY_CACHE = 128
_RELEVANCE_FLOOR = 0.2
_FUSION_DEPTH = 100


@dataclass(frozen=True)
class Hit:
    """One search result: the measure, its BM25F score and the passage that matched.

    ``passage == measure.text[passage_span[0]:passage_span[1]]``; ``terms`` are the stretches
    of the passage the query matched (for highlighting).
    """

    measure: Measure
    score: float
    passage: str
    passage_span: tuple[int, int]
    terms: tuple[str, ...] = ()
    doc_title: str = ""
    doc_type: str = ""


@dataclass(frozen=True)
class DocInfo:
    """What the index keeps of a document: title and type, for display and filtering."""

    title: str
    doc_type: str


class MeasureIndex:
    """Ranked, filtered lexical search over measures; built by :func:`build_index`."""

    def __init__(
        self,
        measures: Sequence[Measure],
        docs: dict[str, DocInfo],
        bm25: Bm25,
        traditional: frozenset[str],
        analyzer: Analyzer,
        embeddings: NDArray[np.float32] | None = None,
    ) -> None:
        self.measures = tuple(measures)
        self.docs = docs
        self.bm25 = bm25
        self.traditional = traditional
        self.analyzer = analyzer
        self.embeddings = embeddings
        self._position = {m.id: i for i, m in enumerate(self.measures)}
        self._priors = np.array([KIND_PRIOR.get(m.kind, 1.0) for m in self.measures])
        self._filters = FilterColumns.of(
            self.measures, {d: info.doc_type for d, info in docs.items()}
        )
        self._queries: OrderedDict[str, tuple[dict[str, float], NDArray[np.float64], float]]
        self._queries = OrderedDict()

    def __len__(self) -> int:
        return len(self.measures)

    def embed(self) -> None:
        """Compute the semantic embeddings of every measure (slow: about 11 measures/s)."""
        if self.embeddings is None:
            self.embeddings = embed_measures(self.measures)

    def _scored(self, query: str) -> tuple[dict[str, float], NDArray[np.float64], float]:
        cached = self._queries.get(query)
        if cached is not None:
            self._queries.move_to_end(query)
            return cached
        tokens = query_tokens(query, self.analyzer)
        if not tokens:
            raise InputError(f"the query '{query}' has no searchable words", field="query")
        scores, ideal = self.bm25.scores(tokens)
        scores = scores * self._priors
        named = named_sectors(query)
        if named:
            tagged = self.passing(sectors=named)
            scores = np.where(tagged, scores * SECTOR_BOOST, scores)
            ideal *= SECTOR_BOOST
        self._queries[query] = (tokens, scores, ideal)
        if len(self._queries) > _QUERY_CACHE:
            self._queries.popitem(last=False)
        return tokens, scores, ideal

    def search(
        self,
        query: str,
        *,
        sectors: Iterable[str] | None = None,
        region: str | None = None,
        scope: str | None = None,
        after: dt.date | None = None,
        before: dt.date | None = None,
        doc_type: str | None = None,
        k: int = 10,
        semantic: bool = False,
    ) -> list[Hit]:
        """The ``k`` best measures for ``query`` among those passing every filter.

        Sectors filter strictly on the measure's tags (any of them); a region admits the
        region, the regions above it and national measures; ``after`` is inclusive and
        ``before`` exclusive on the measure's earliest public date (undated measures drop
        out when either is given). Equal scores are ordered by measure id.
        """
        if k < 1:
            raise InputError("k must be at least 1", field="k")
        tokens, scores, _ = self._scored(query)
        keep = self.passing(
            sectors=sectors,
            region=region,
            scope=scope,
            after=after,
            before=before,
            doc_type=doc_type,
        )
        if semantic:
            return self._fused(query, tokens, scores, keep, k)
        candidates = np.flatnonzero(keep & (scores > 0))
        if candidates.size > k:
            threshold = np.partition(scores[candidates], candidates.size - k)[candidates.size - k]
            candidates = candidates[scores[candidates] >= threshold]
        order = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
        return [self._hit(int(i), float(scores[i]), tokens) for i in order]

    def passing(
        self,
        *,
        sectors: Iterable[str] | None = None,
        region: str | None = None,
        scope: str | None = None,
        after: dt.date | None = None,
        before: dt.date | None = None,
        doc_type: str | None = None,
    ) -> NDArray[np.bool_]:
        """Which of ``self.measures`` pass the filters (the same rules as :meth:`search`)."""
        return self._filters.mask(
            sectors=sectors,
            region=region,
            scope=scope,
            after=after,
            before=before,
            doc_type=doc_type,
        )

    def _fused(
        self,
        query: str,
        tokens: dict[str, float],
        scores: NDArray[np.float64],
        keep: NDArray[np.bool_],
        k: int,
    ) -> list[Hit]:
        self.embed()
        assert self.embeddings is not None
        similarity = self.embeddings @ embed_query(query)
        lexical = np.flatnonzero(keep & (scores > 0))
        lexical = lexical[np.lexsort((lexical, -scores[lexical]))][:_FUSION_DEPTH]
        dense = np.flatnonzero(keep)
        dense = dense[np.lexsort((dense, -similarity[dense]))][:_FUSION_DEPTH]
        fused = rrf([lexical, dense], len(self.measures))
        chosen = np.union1d(lexical, dense)
        order = chosen[np.lexsort((chosen, -fused[chosen]))][:k]
        return [self._hit(int(i), float(fused[i]), tokens) for i in order]

    def _hit(self, position: int, score: float, tokens: dict[str, float]) -> Hit:
        measure = self.measures[position]
        info = self.docs.get(measure.doc_id, DocInfo("", ""))
        passage = best_passage(
            measure.text,
            tokens,
            self.bm25.term_idf,
            traditional=measure.doc_id in self.traditional,
        )
        return Hit(
            measure=measure,
            score=score,
            passage=passage.text,
            passage_span=passage.span,
            terms=passage.terms,
            doc_title=info.title,
            doc_type=info.doc_type,
        )

    def relevance(self, measure_id: str, query: str) -> float:
        """The measure's BM25F score for ``query`` against the best in the index, in [0, 1].

        1.0 is the best-matching measure of the index. So that an index where nothing fits
        does not crown a poor match, the scale is at least a fifth of the score a measure
        holding every query term would reach.
        """
        position = self._position.get(measure_id)
        if position is None:
            raise InputError(f"no measure '{measure_id}' in the index", field="measure_id")
        _, scores, ideal = self._scored(query)
        scale = max(float(scores.max(initial=0.0)), _RELEVANCE_FLOOR * ideal)
        if scale <= 0:
            return 0.0
        return float(min(1.0, scores[position] / scale))


def index_texts(
    measures: Sequence[Measure], docs: dict[str, DocInfo]
) -> tuple[list[Field], frozenset[str]]:
    """The three fields to index (simplified Chinese) and the documents that were traditional."""
    samples: dict[str, str] = {}
    for m in measures:
        if len(samples.get(m.doc_id, "")) < _SAMPLE:
            samples[m.doc_id] = samples.get(m.doc_id, "") + m.title + m.text[:_SAMPLE]
    traditional = frozenset(d for d, s in samples.items() if looks_traditional(s[:_SAMPLE]))

    def simplified(text: str, doc_id: str) -> str:
        return to_simplified(text) if doc_id in traditional else text

    titles = [simplified(m.title, m.doc_id) for m in measures]
    texts = [simplified(m.text, m.doc_id) for m in measures]
    doc_titles = [
        simplified(docs[m.doc_id].title if m.doc_id in docs else "", m.doc_id) for m in measures
    ]
    fields = [Field(titles, *TITLE), Field(texts, *TEXT), Field(doc_titles, *DOC_TITLE)]
    return fields, traditional


def doc_infos(documents: Iterable[Document]) -> dict[str, DocInfo]:
    return {d.id: DocInfo(d.title, d.doc_type) for d in documents}


def build_index(
    measures: Sequence[Measure],
    documents: Iterable[Document] = (),
    *,
    analyzer: Analyzer = DEFAULT_ANALYZER,
) -> MeasureIndex:
    """Index measures (documents supply titles and types). Pure: same input, same index."""
    if analyzer not in ANALYZERS:
        raise InputError(f"analyzer must be one of {', '.join(ANALYZERS)}", field="analyzer")
    ordered = sorted(measures, key=lambda m: m.id)
    docs = doc_infos(documents)
    fields, traditional = index_texts(ordered, docs)
    return MeasureIndex(ordered, docs, build_bm25(fields, analyzer), traditional, analyzer)
