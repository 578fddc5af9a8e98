"""Drafts and finals: which documents are versions of one another, and what changed.

A 征求意见稿 is linked to the final whose title (without the draft/period suffixes) and whose
measure text are most alike by character-bigram Jaccard. Numbering shifts between versions
(measure 7 of a final may be 6 of its draft), so measures are aligned by text, never by number:
greedy one-to-one matching on bigram Jaccard, strongest pairs first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from carbonnodes.model import Measure

#: Title likeness (bigram Jaccard, suffixes removed) a draft and its final must reach.
TITLE_MIN = 0.6
#: Likeness of the two documents' measure text.
BODY_MIN = 0.25
#: Measures less alike than this are not versions of each other (one added, one removed).
ALIGN_MIN = 0.2
#: At or above this they are the same measure, give or take punctuation.
SAME_MIN = 0.9

_NOISE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
_SUFFIX = re.compile(
    r"（[^（）]*(?:征求意见稿|试行|暂行|草案|\d{4}[-—–至]\d{4}年?)[^（）]*）|征求意见稿|草案"
)

ChangeStatus = Literal["same", "reworded", "added", "removed"]


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the text's letters and digits (punctuation and spaces dropped)."""
    folded = _NOISE.sub("", text)
    return frozenset(folded[i : i + 2] for i in range(len(folded) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _years(title: str) -> frozenset[str]:
    """Years a title names outside its period suffix (the 2021 of 2021年度…)."""
    return frozenset(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", title_key(title)))


def title_key(title: str) -> str:
    """A title without 征求意见稿, 试行 or period suffixes: what drafts and finals share."""
    return _SUFFIX.sub("", title).strip()


@dataclass(frozen=True)
class Version:
    """What linking needs to know of one document before reading its measures."""

    doc_id: str
    title: str
    is_draft: bool


def link_versions(
    versions: Sequence[Version], body_of: Callable[[str], str]
) -> list[tuple[str, str, str, float]]:
    """(doc_id, family, role, similarity) rows: each draft with the final it drafts.

    ``body_of`` gives a document's measure text; it is asked only for documents whose titles
    make them candidates. The family is named after its final. Drafts without a final and
    finals without drafts get no row.
    """
    finals = [v for v in versions if not v.is_draft]
    final_titles = {v.doc_id: bigrams(title_key(v.title)) for v in finals}
    body_cache: dict[str, frozenset[str]] = {}

    def body(doc_id: str) -> frozenset[str]:
        if doc_id not in body_cache:
            body_cache[doc_id] = bigrams(body_of(doc_id))
        return body_cache[doc_id]

    members: dict[str, list[tuple[str, float]]] = {}
    for draft in sorted((v for v in versions if v.is_draft), key=lambda v: v.doc_id):
        draft_title = bigrams(title_key(draft.title))
        best: tuple[float, str] | None = None
        for final in finals:
            if _years(draft.title) and _years(final.title) and (
                _years(draft.title) != _years(final.title)
            ):
                continue  # 2021年度… and 2022年度… are two documents, not two versions
            title_similarity = jaccard(draft_title, final_titles[final.doc_id])
            if title_similarity < TITLE_MIN:
                continue
            body_similarity = jaccard(body(draft.doc_id), body(final.doc_id))
            if body_similarity < BODY_MIN:
                continue
            score = (title_similarity + body_similarity) / 2
            if best is None or (score, final.doc_id) > best:
                best = (score, final.doc_id)
        if best is not None:
            members.setdefault(best[1], []).append((draft.doc_id, best[0]))
    rows: list[tuple[str, str, str, float]] = []
    for final_id in sorted(members):
        rows.append((final_id, final_id, "final", 1.0))
        rows.extend((draft_id, final_id, "draft", round(s, 4)) for draft_id, s in members[final_id])
    return rows


@dataclass(frozen=True)
class MeasureChange:
    """One line of a draft → final comparison."""

    status: ChangeStatus
    draft: Measure | None
    final: Measure | None
    similarity: float


def align_measures(draft: Sequence[Measure], final: Sequence[Measure]) -> list[MeasureChange]:
    """Measure-to-measure alignment in the final's order; removed draft measures last."""
    draft_grams = [bigrams(m.text) for m in draft]
    final_grams = [bigrams(m.text) for m in final]
    pairs = sorted(
        (
            (jaccard(dg, fg), -i, -j)
            for i, dg in enumerate(draft_grams)
            for j, fg in enumerate(final_grams)
        ),
        reverse=True,
    )
    draft_of: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for similarity, neg_i, neg_j in pairs:
        if similarity < ALIGN_MIN:
            break
        i, j = -neg_i, -neg_j
        if i in used or j in draft_of:
            continue
        used.add(i)
        draft_of[j] = (i, similarity)
    changes = []
    for j, m in enumerate(final):
        if j in draft_of:
            i, similarity = draft_of[j]
            status: ChangeStatus = "same" if similarity >= SAME_MIN else "reworded"
            changes.append(MeasureChange(status, draft[i], m, round(similarity, 4)))
        else:
            changes.append(MeasureChange("added", None, m, 0.0))
    changes.extend(
        MeasureChange("removed", m, None, 0.0) for i, m in enumerate(draft) if i not in used
    )
    return changes
