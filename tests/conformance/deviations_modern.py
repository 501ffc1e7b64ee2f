"""Every deliberate deviation of the Python SDK's modern surface from the JS SDK 0.28.1.

Each entry names a case of ``modern/*.json``, says why the Python SDK differs (a decision of
the modern API contract, or a documented Python design), and gives the Python side's expected
result as a *patch* over the JS result: dotted paths (list indexes are numbers) into the raw
driver output, replaced by the value Python must give (``Deviation.DELETE`` removes a key).
The suite asserts that Python gives exactly the patched value, and that it differs from the
JS result (a deviation that stopped deviating is stale).
"""

from __future__ import annotations

from .deviations import Deviation

__all__ = ["MODERN_DEVIATIONS"]


MODERN_DEVIATIONS: dict[str, Deviation] = {}
