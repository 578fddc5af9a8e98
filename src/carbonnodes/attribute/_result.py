"""What attribution hands to the report: per node, its explanations sorted into groups."""

from __future__ import annotations

from dataclasses import dataclass

from carbonnodes.model import Link, Node


@dataclass(frozen=True)
class PolicyMix:
    """Measures of one document that act together on a node (a policy mix)."""

    doc_id: str
    doc_title: str
    links: tuple[Link, ...]
    score: float


@dataclass(frozen=True)
class NodeExplanation:
    """Everything offered for one node, best first within each group.

    ``causes`` are measures dated before the node inside the lag window (grouped by document
    in ``mixes``); ``calendar`` are calendar events, data artefacts and the shared-shock
    explanation competing with them; ``later`` are measures announced after the node, which
    are never causes. ``none_found`` is True when no measure qualifies as a cause.
    ``undated`` counts measures of matching sector and scope left out because the corpus
    gives them no date at all (they can be neither causes nor "announced later");
    ``unfit`` counts measures that would be offered (as causes or as announced later) but whose
    action cannot make a node of this kind (``attribute._action``: a standing programme no
    episode that returns, a measure that does not act by weekday no weekly-cycle change);
    ``opposite`` those whose action fits the kind but only cuts where the node is a rise.
    """

    node: Node
    causes: tuple[Link, ...]
    calendar: tuple[Link, ...]
    later: tuple[Link, ...]
    mixes: tuple[PolicyMix, ...]
    undated: int = 0
    unfit: int = 0
    opposite: int = 0

    @property
    def none_found(self) -> bool:
        return not self.causes
