"""carbonnodes: key nodes in daily CO2 emissions and the policies that plausibly caused them."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
