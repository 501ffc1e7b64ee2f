"""A small executable model of the PocketBase filter parser (fexpr), for the property tests.

Three dialects, written from the parser's documented and observed behaviour:

- ``"0.7"`` (fexpr 0.1, servers 0.7): text ends at the first quote not preceded by a backslash;
  only ``\\<quote>`` is unescaped. A group ``( ... )`` is re-read: every text operand inside is
  unescaped and written back between ``"`` *without* escaping, then the group is parsed again.
  No comments, no negative numbers.
- ``"0.8"`` (fexpr 0.4, servers 0.8 to 0.23.x): the same text rule, groups parsed as written,
  ``//`` comments, negative numbers.
- ``"0.23"`` (fexpr 0.5+, later servers): a backslash escapes the next character (``\\\\``,
  ``\\'`` and ``\\"`` are unescaped, any other ``\\x`` is kept as is).

The real-server tests check the 0.8 and 0.23 dialects against PocketBase 0.22.27 and 0.40.6.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FexprError", "parse", "shape", "texts"]

_IDENT_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_@#")
_DIGITS = set("0123456789")
_SIGNS = set("=!<>~?")
_JOINS = set("&|")
_WS = set(" \t\n\r")


class FexprError(ValueError):
    pass


def _scan_text(src: str, i: int, dialect: str) -> tuple[str, int]:
    """Scan the quoted text starting at ``src[i]``; returns (unescaped literal, index after)."""
    quote = src[i]
    j = i + 1
    if dialect == "0.23":
        out: list[str] = []
        while j < len(src):
            ch = src[j]
            if ch == "\\" and j + 1 < len(src):
                nxt = src[j + 1]
                out.append(nxt if nxt in "\\'\"" else ch + nxt)
                j += 2
                continue
            if ch == quote:
                return "".join(out), j + 1
            out.append(ch)
            j += 1
        raise FexprError("unterminated text")
    prev = ""
    while j < len(src):
        ch = src[j]
        if ch == quote and prev != "\\":
            raw = src[i + 1 : j]
            return raw.replace("\\" + quote, quote), j + 1
        prev = ch
        j += 1
    raise FexprError("unterminated text")


def _scan_group(src: str, i: int, dialect: str) -> tuple[str, int]:
    """Scan ``( ... )`` starting at ``src[i]``; returns (the group's inner text, index after)."""
    j = i + 1
    depth = 1
    out: list[str] = []
    while j < len(src):
        ch = src[j]
        if ch in "'\"":
            literal, end = _scan_text(src, j, dialect)
            if dialect == "0.7":
                out.append('"' + literal + '"')  # re-quoted without escaping
            else:
                out.append(src[j:end])
            j = end
            continue
        if dialect != "0.7" and src.startswith("//", j):
            end = src.find("\n", j)
            end = len(src) if end == -1 else end
            out.append(src[j:end])
            j = end
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return "".join(out), j + 1
        out.append(ch)
        j += 1
    raise FexprError("missing closing bracket")


def _tokens(src: str, dialect: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    i = 0
    n = len(src)
    while i < n:
        ch = src[i]
        if ch in _WS:
            i += 1
        elif dialect != "0.7" and src.startswith("//", i):
            end = src.find("\n", i)
            i = n if end == -1 else end
        elif ch == "(":
            inner, i = _scan_group(src, i, dialect)
            tokens.append(("group", parse(inner, dialect)))
        elif ch in _IDENT_START:
            j = i
            while j < n and (src[j] in _IDENT_START or src[j] in _DIGITS or src[j] in ".:"):
                j += 1
            tokens.append(("ident", src[i:j]))
            i = j
        elif ch in _DIGITS or (ch == "-" and dialect != "0.7"):
            j = i + 1
            while j < n and (src[j] in _DIGITS or src[j] == "."):
                j += 1
            literal = src[i:j]
            try:
                float(literal)
            except ValueError:
                raise FexprError(f"invalid number {literal!r}") from None
            if literal.endswith("."):
                raise FexprError(f"invalid number {literal!r}")
            tokens.append(("number", literal))
            i = j
        elif ch in "'\"":
            literal, i = _scan_text(src, i, dialect)
            tokens.append(("text", literal))
        elif ch in _SIGNS:
            j = i
            while j < n and src[j] in _SIGNS:
                j += 1
            if src[i:j] not in ("=", "!=", "<", "<=", ">", ">=", "~", "!~"):
                raise FexprError(f"invalid sign {src[i:j]!r}")
            tokens.append(("sign", src[i:j]))
            i = j
        elif ch in _JOINS:
            j = i
            while j < n and src[j] in _JOINS:
                j += 1
            if src[i:j] not in ("&&", "||"):
                raise FexprError(f"invalid join {src[i:j]!r}")
            tokens.append(("join", src[i:j]))
            i = j
        else:
            raise FexprError(f"unexpected character {ch!r}")
    return tokens


def parse(src: str, dialect: str) -> list[Any]:
    """Parse a filter into ``[(join, item), ...]``; raises :class:`FexprError`."""
    result: list[Any] = []
    step = "left"
    join = "&&"
    expr: list[Any] = []
    for kind, value in _tokens(src, dialect):
        if kind == "group":
            if step not in ("left",):
                raise FexprError("unexpected group")
            result.append((join, value))
            step = "join"
            continue
        if step == "left":
            if kind not in ("ident", "text", "number"):
                raise FexprError(f"expected an operand, got {kind}")
            expr = [(kind, value)]
            step = "sign"
        elif step == "sign":
            if kind != "sign":
                raise FexprError(f"expected a sign, got {kind}")
            expr.append(value)
            step = "right"
        elif step == "right":
            if kind not in ("ident", "text", "number"):
                raise FexprError(f"expected an operand, got {kind}")
            expr.append((kind, value))
            result.append((join, tuple(expr)))
            step = "join"
        else:
            if kind != "join":
                raise FexprError(f"expected && or ||, got {kind}")
            join = value
            step = "left"
    if result and step != "join":
        raise FexprError("incomplete expression")
    return result


def shape(tree: list[Any]) -> Any:
    """The tree with every text literal replaced by ``"<text>"`` (its structure)."""
    out: list[Any] = []
    for join, item in tree:
        if isinstance(item, list):
            out.append((join, shape(item)))
        else:
            left, op, right = item
            out.append(
                (
                    join,
                    (
                        ("text", "<text>") if left[0] == "text" else left,
                        op,
                        ("text", "<text>") if right[0] == "text" else right,
                    ),
                )
            )
    return out


def texts(tree: list[Any]) -> list[str]:
    """Every text literal of the tree, in order."""
    out: list[str] = []
    for _, item in tree:
        if isinstance(item, list):
            out.extend(texts(item))
        else:
            for operand in (item[0], item[2]):
                if operand[0] == "text":
                    out.append(operand[1])
    return out
