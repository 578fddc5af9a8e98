"""Attribution: which measures plausibly caused each node, and which calendar events compete.

A measure dated after its node is never a cause: it is listed under ``later`` (后续出台).
``cuts_only`` says whether a measure's words only cut a sector's emissions (no cause of a rise).
"""

from __future__ import annotations

from carbonnodes.attribute._action import cuts_only
from carbonnodes.attribute._attribute import attribute
from carbonnodes.attribute._result import NodeExplanation, PolicyMix
from carbonnodes.attribute._settings import AttributionSettings

__all__ = ["AttributionSettings", "NodeExplanation", "PolicyMix", "attribute", "cuts_only"]
