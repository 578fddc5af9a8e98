"""Attribution: which measures plausibly caused each node, and which calendar events compete.

A measure dated after its node is never a cause: it is listed under ``later`` (后续出台).
"""

from __future__ import annotations

from carbonnodes.attribute._attribute import attribute
from carbonnodes.attribute._result import NodeExplanation, PolicyMix
from carbonnodes.attribute._settings import AttributionSettings

__all__ = ["AttributionSettings", "NodeExplanation", "PolicyMix", "attribute"]
