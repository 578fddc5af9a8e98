"""Grouping the causes of one node by document into policy mixes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from carbonnodes.attribute._result import PolicyMix
from carbonnodes.model import Link, Measure


def policy_mixes(causes: Sequence[Link], doc_titles: Mapping[str, str]) -> tuple[PolicyMix, ...]:
    """One mix per document with at least one cause, best first.

    A mix scores the maximum of its members, not a noisy-or: a noisy-or would rank long plans
    above focused notices merely for having more clauses that pass the filters.
    """
    by_doc: dict[str, list[Link]] = {}
    for link in causes:
        if isinstance(link.explanation, Measure):
            by_doc.setdefault(link.explanation.doc_id, []).append(link)
    mixes = [
        PolicyMix(
            doc_id=doc_id,
            doc_title=doc_titles.get(doc_id, ""),
            links=tuple(links),
            score=max(link.score for link in links),
        )
        for doc_id, links in by_doc.items()
    ]
    mixes.sort(key=lambda mix: (-mix.score, mix.doc_id))
    return tuple(mixes)
