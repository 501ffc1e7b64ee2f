"""Safe filter binding: ``client.filter("title ~ {:q}", {"q": user_input})``.

Each ``{:name}`` placeholder is replaced by a literal that the target server's filter parser
reads back as exactly the given value, and never as more than one operand. The filter grammar
changed across server generations, so the quoting does too:

- **0.7** (fexpr 0.1): text is ``'...'``; a quote preceded by a backslash is escaped
  (``\\'``) and every other backslash is kept as is. Inside parentheses the parser re-reads
  the group, rewriting each text operand as ``"..."`` without escaping, once per nesting level,
  so a ``"`` in a value needs one backslash per level. A value cannot end with a backslash.
  There are no negative number literals (a negative number is sent as quoted text, which
  SQLite compares numerically against number columns).
- **0.8 to 0.22** (and the first 0.23 releases): the same text rule without the group
  rewriting, plus ``//`` line comments. A value cannot end with a backslash.
- **0.23 and later**: a backslash escapes the next character (``\\\\`` is one backslash,
  ``\\'`` a quote), so every value can be written. Sent to a server that still has the older
  rule, a value holding a backslash compares a slightly different text, or is refused with a
  400 when it ends with one; the query is never widened.

Strings (and lists and dicts, as compact JSON text) are quoted; numbers and ``True``/``False``
/``None`` become ``123``, ``true``, ``false``, ``null``; datetimes become the server's date text
in UTC (``'2024-01-02 03:04:05.678'`` on 0.7, ``'2024-01-02 03:04:05.678Z'`` later; a naive
datetime is taken as UTC).

While the server generation is not known yet (an ``"auto"`` client before its first request),
the 0.23+ form is written, and the result is a :class:`FilterString` that the client binds
again for the real generation when it is sent unchanged as a query value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Literal, Protocol

from ._js import js_json_stringify

__all__ = ["FilterRule", "FilterString", "bind_filter", "rebind_filters"]

#: how a generation's parser reads quoted text (named after the first server with that rule)
FilterRule = Literal["0.7", "0.8", "0.23"]
Rule = FilterRule


class RuleSource(Protocol):
    """Anything that names a filter rule: a server generation (``Generation.filter_rule``)."""

    @property
    def filter_rule(self) -> FilterRule: ...


_PLACEHOLDER = re.compile(r"\{:([A-Za-z0-9_]+)\}")

Canonical = str | bool | int | float | Decimal | datetime | None


class FilterString(str):
    """A filter bound by :meth:`PocketBase.filter`; a plain ``str`` to everything else.

    It remembers its template and values, so the client can bind it again for the server
    generation once that is known (only when it is passed on unchanged).
    """

    expr: str
    values: dict[str, Canonical]
    rule: Rule

    def __new__(
        cls, text: str, expr: str, values: dict[str, Canonical], rule: Rule
    ) -> FilterString:
        self = super().__new__(cls, text)
        self.expr = expr
        self.values = values
        self.rule = rule
        return self

    def __reduce__(self) -> Any:
        return (str, (str(self),))


def _rule(source: RuleSource | None) -> Rule:
    # Before detection the newest grammar is written; the client binds again once it knows.
    return "0.23" if source is None else source.filter_rule


# --------------------------------------------------------------------------------------------
# template scanning


def _scan(expr: str, rule: Rule) -> list[str | tuple[str, int]]:
    """Split ``expr`` into literal text and ``(name, paren depth)`` placeholders.

    Only placeholders outside quoted text count; one inside quotes is an error (the value is
    quoted for you), one inside a ``//`` comment (0.8+) is left alone.
    """
    parts: list[str | tuple[str, int]] = []
    depth = 0
    start = 0  # start of the pending literal run
    i = 0
    n = len(expr)
    while i < n:
        ch = expr[i]
        if ch in "'\"":
            end = _text_end(expr, i, rule)
            inner = expr[i + 1 : end if end is not None else n]
            match = _PLACEHOLDER.search(inner)
            if match:
                raise ValueError(
                    f"placeholder {match.group(0)} is inside a quoted string in the filter; "
                    f"write it without quotes, its value is quoted for you"
                )
            if end is None:
                break  # unterminated text: the server rejects it, nothing left to bind
            i = end + 1
            continue
        if ch == "/" and rule != "0.7" and expr.startswith("//", i):
            newline = expr.find("\n", i)
            i = n if newline == -1 else newline + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "{" and expr.startswith("{:", i):
            match = _PLACEHOLDER.match(expr, i)
            if match is None:
                raise ValueError(
                    f"malformed placeholder at position {i} of the filter: "
                    f"{expr[i : i + 20]!r} (use {{:name}} with letters, digits and _)"
                )
            if start < i:
                parts.append(expr[start:i])
            parts.append((match.group(1), depth))
            i = start = match.end()
            continue
        i += 1
    if start < n:
        parts.append(expr[start:])
    return parts


def _text_end(expr: str, open_at: int, rule: Rule) -> int | None:
    """Index of the quote closing the text opened at ``open_at``, or None when unterminated."""
    quote = expr[open_at]
    i = open_at + 1
    n = len(expr)
    if rule == "0.23":
        while i < n:
            ch = expr[i]
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                return i
            i += 1
        return None
    prev = ""
    while i < n:
        ch = expr[i]
        if ch == quote and prev != "\\":
            return i
        prev = ch
        i += 1
    return None


# --------------------------------------------------------------------------------------------
# values


def _canonical(name: str, value: Any) -> Canonical:
    """Check a value and turn it into an immutable form (lists and dicts become JSON text)."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (float, Decimal)):
        if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
            raise ValueError(f"filter value {{:{name}}} is not a finite number: {value!r}")
        return value
    if isinstance(value, datetime):
        moment: datetime = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, (list, tuple, Mapping)):
        try:
            return js_json_stringify(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"filter value {{:{name}}} cannot be written as JSON: {exc}") from None
    raise TypeError(
        f"filter value {{:{name}}} has an unsupported type {type(value).__name__} "
        "(use str, int, float, Decimal, bool, None, datetime, date, list or dict)"
    )


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    if value == 0:
        return "0"  # also -0.0, which 0.7 would otherwise have to quote
    decimal = value if isinstance(value, Decimal) else Decimal(repr(value))
    text = format(decimal, "f")
    if text.endswith("."):
        text = text[:-1]
    return text


def _date_text(value: datetime, rule: Rule) -> str:
    text = value.strftime("%Y-%m-%d %H:%M:%S") + f".{value.microsecond // 1000:03d}"
    return text if rule == "0.7" else text + "Z"


def _quote(name: str, text: str, rule: Rule, depth: int) -> str:
    if rule == "0.23":
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if text.endswith("\\"):
        raise ValueError(
            f"filter value {{:{name}}} ends with a backslash, which servers before 0.23 "
            "cannot read inside a quoted string"
        )
    if rule == "0.7" and depth > 0 and '"' in text:
        # 0.7 re-reads a group's text operands as "..." once per nesting level
        text = text.replace('"', "\\" * depth + '"')
    return "'" + text.replace("'", "\\'") + "'"


def _literal(name: str, value: Canonical, rule: Rule, depth: int) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float, Decimal)):
        text = _number_text(value)
        if rule == "0.7" and text.startswith("-"):
            return _quote(name, text, rule, depth)  # 0.7 has no negative number literals
        return text
    if isinstance(value, datetime):
        return _quote(name, _date_text(value, rule), rule, depth)
    return _quote(name, value, rule, depth)


# --------------------------------------------------------------------------------------------
# public


def _render(expr: str, values: Mapping[str, Canonical], rule: Rule) -> str:
    out: list[str] = []
    for part in _scan(expr, rule):
        if isinstance(part, str):
            out.append(part)
        else:
            name, depth = part
            out.append(_literal(name, values[name], rule, depth))
    return "".join(out)


def bind_filter(expr: str, params: Mapping[str, Any], gen: RuleSource | None) -> FilterString:
    """Replace every ``{:name}`` in ``expr`` with ``params[name]``, quoted for ``gen``.

    Raises ``ValueError`` for a placeholder with no value, a placeholder inside quotes, a
    malformed ``{:...}``, a non-finite number, or a text the server cannot read; ``TypeError``
    for a value of an unsupported type. Unused params are ignored.
    """
    if not isinstance(expr, str):
        raise TypeError(f"the filter expression must be a str, got {type(expr).__name__}")
    rule = _rule(gen)
    values: dict[str, Canonical] = {}
    for part in _scan(expr, rule):
        if isinstance(part, str):
            continue
        name = part[0]
        if name in values:
            continue
        if name not in params:
            raise ValueError(f"the filter uses {{:{name}}} but params has no {name!r}")
        values[name] = _canonical(name, params[name])
    return FilterString(_render(expr, values, rule), expr, values, rule)


def rebind(value: FilterString, gen: RuleSource) -> str:
    """``value`` bound again for ``gen`` (itself when it was already bound for it)."""
    rule = _rule(gen)
    if value.rule == rule:
        return value
    return FilterString(_render(value.expr, value.values, rule), value.expr, value.values, rule)


def rebind_filters(params: dict[str, Any], gen: RuleSource) -> dict[str, Any]:
    """Bind again, for ``gen``, every :class:`FilterString` among the values of ``params``."""
    for key, value in params.items():
        if isinstance(value, FilterString):
            params[key] = rebind(value, gen)
    return params
