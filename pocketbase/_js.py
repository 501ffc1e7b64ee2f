"""JavaScript semantics the port needs in several places (truthiness, number formatting)."""

from __future__ import annotations

import math
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

__all__ = ["js_iso_string", "js_number_to_string", "js_truthy"]


def js_truthy(value: Any) -> bool:
    """JavaScript truthiness: ``{}`` and ``[]`` are true; ``""``, ``0``, NaN, ``None``, ``False``
    are not."""
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return value != ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    return True


def js_number_to_string(value: float | int) -> str:
    """A number written the way JavaScript's ``String(n)`` writes it (``1.0`` -> ``"1"``,
    ``1e21`` -> ``"1e+21"``, ``2.0**60`` -> ``"1152921504606847000"``)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if 1e-6 <= magnitude < 1e21:
        # the shortest round-trip digits (as JS picks them), written out without an exponent
        text = format(Decimal(repr(value)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    mantissa, _, exponent = repr(value).partition("e")
    exp = int(exponent)
    return f"{mantissa}e{'+' if exp > 0 else '-'}{abs(exp)}"


def js_iso_string(value: datetime | date) -> str:
    """``Date.prototype.toISOString``: UTC with milliseconds and ``Z`` (naive values are UTC)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
