"""client.filter(): placeholders bound safely for every server generation's filter grammar.

The exact output is pinned for each generation, and property tests run the output through an
executable model of each generation's parser (tests/robustness/fexpr_model.py): whatever the
value, the parsed filter has the template's structure and the operand is exactly the value.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pocketbase import AsyncPocketBase, PocketBase
from pocketbase._filters import FilterString, bind_filter, rebind_filters
from pocketbase._generations import GENERATIONS
from tests.robustness import fexpr_model

GENS = ["0.7", "0.8", "0.23"]


def bind(expr: str, params: dict[str, Any], server_api: str | None) -> str:
    gen = GENERATIONS[server_api] if server_api else None
    return str(bind_filter(expr, params, gen))


# -- exact output ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "by_gen"),
    [
        ("abc", {"0.7": "'abc'", "0.8": "'abc'", "0.23": "'abc'"}),
        ("", {"0.7": "''", "0.8": "''", "0.23": "''"}),
        ("it's", {"0.7": r"'it\'s'", "0.8": r"'it\'s'", "0.23": r"'it\'s'"}),
        ('say "hi"', {"0.7": "'say \"hi\"'", "0.8": "'say \"hi\"'", "0.23": "'say \"hi\"'"}),
        (r"C:\dir", {"0.7": r"'C:\dir'", "0.8": r"'C:\dir'", "0.23": r"'C:\\dir'"}),
        (r"a\'b", {"0.7": r"'a\\'b'", "0.8": r"'a\\'b'", "0.23": r"'a\\\'b'"}),
        ("x' || id != '", {g: r"'x\' || id != \''" for g in GENS}),
        ("100%_", {g: "'100%_'" for g in GENS}),
        ("line\nbreak", {g: "'line\nbreak'" for g in GENS}),
        ("ünï ☃", {g: "'ünï ☃'" for g in GENS}),
        (None, {g: "null" for g in GENS}),
        (True, {g: "true" for g in GENS}),
        (False, {g: "false" for g in GENS}),
        (0, {g: "0" for g in GENS}),
        (42, {g: "42" for g in GENS}),
        (-7, {"0.7": "'-7'", "0.8": "-7", "0.23": "-7"}),
        (1.5, {g: "1.5" for g in GENS}),
        (1e-7, {g: "0.0000001" for g in GENS}),
        (1e22, {g: "10000000000000000000000" for g in GENS}),
        (-0.25, {"0.7": "'-0.25'", "0.8": "-0.25", "0.23": "-0.25"}),
        (Decimal("12.50"), {g: "12.50" for g in GENS}),
        (
            datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc),
            {
                "0.7": "'2024-01-02 03:04:05.678'",
                "0.8": "'2024-01-02 03:04:05.678Z'",
                "0.23": "'2024-01-02 03:04:05.678Z'",
            },
        ),
        (
            datetime(2024, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2))),
            {
                "0.7": "'2024-01-02 03:04:05.000'",
                "0.8": "'2024-01-02 03:04:05.000Z'",
                "0.23": "'2024-01-02 03:04:05.000Z'",
            },
        ),
        (
            datetime(2024, 1, 2, 3, 4, 5),  # naive: taken as UTC
            {
                "0.7": "'2024-01-02 03:04:05.000'",
                "0.8": "'2024-01-02 03:04:05.000Z'",
                "0.23": "'2024-01-02 03:04:05.000Z'",
            },
        ),
        (
            date(2024, 2, 29),
            {
                "0.7": "'2024-02-29 00:00:00.000'",
                "0.8": "'2024-02-29 00:00:00.000Z'",
                "0.23": "'2024-02-29 00:00:00.000Z'",
            },
        ),
        (["a", 1, None], {g: """'["a",1,null]'""" for g in GENS}),
        (("x'",), {"0.7": r"""'["x\'"]'""", "0.8": r"""'["x\'"]'""", "0.23": r"""'["x\'"]'"""}),
        ({"k": "v", "n": [True]}, {g: """'{"k":"v","n":[true]}'""" for g in GENS}),
    ],
)
def test_literal_per_generation(value: Any, by_gen: dict[str, str]) -> None:
    for server_api, expected in by_gen.items():
        assert bind("f = {:v}", {"v": value}, server_api) == f"f = {expected}"
    # an unknown generation writes the 0.23+ form
    assert bind("f = {:v}", {"v": value}, None) == f"f = {by_gen['0.23']}"


def test_quotes_inside_groups_on_0_7_get_one_backslash_per_level() -> None:
    value = 'say "hi"'
    assert bind("a = {:v}", {"v": value}, "0.7") == "a = 'say \"hi\"'"
    assert bind("(a = {:v})", {"v": value}, "0.7") == "(a = 'say \\\"hi\\\"')"
    assert bind("((a = {:v}))", {"v": value}, "0.7") == "((a = 'say \\\\\"hi\\\\\"'))"
    # parentheses inside the template's own quotes do not count
    assert bind("b = '(' && a = {:v}", {"v": value}, "0.7") == "b = '(' && a = 'say \"hi\"'"
    # newer servers do not rewrite groups
    for server_api in ("0.8", "0.23"):
        assert bind("((a = {:v}))", {"v": value}, server_api) == "((a = 'say \"hi\"'))"


def test_several_placeholders_repeated_and_unused_params() -> None:
    result = bind(
        "a = {:x} || b = {:y} || c = {:x}", {"x": "1'", "y": 2, "unused": object()}, "0.23"
    )
    assert result == r"a = '1\'' || b = 2 || c = '1\''"


@pytest.mark.parametrize(
    ("expr", "params", "message"),
    [
        ("a = {:missing}", {}, "params has no 'missing'"),
        ("a = {:x} && b = {:y}", {"x": 1}, "params has no 'y'"),
        ("a = '{:x}'", {"x": 1}, "inside a quoted string"),
        ('a = "%{:x}%"', {"x": 1}, "inside a quoted string"),
        ("a = '{:x}", {"x": 1}, "inside a quoted string"),
        ("a = {:x-y}", {"x-y": 1}, "malformed placeholder"),
        ("a = {: x}", {" x": 1}, "malformed placeholder"),
        ("a = {:}", {"": 1}, "malformed placeholder"),
        ("a = {:x", {"x": 1}, "malformed placeholder"),
        ("a = {:x}", {"x": float("nan")}, "not a finite number"),
        ("a = {:x}", {"x": float("inf")}, "not a finite number"),
        ("a = {:x}", {"x": Decimal("NaN")}, "not a finite number"),
    ],
)
def test_bad_templates_and_values_raise_value_error(
    expr: str, params: dict[str, Any], message: str
) -> None:
    for server_api in (*GENS, None):
        with pytest.raises(ValueError, match=message):
            bind(expr, params, server_api)


@pytest.mark.parametrize("server_api", ["0.7", "0.8"])
def test_trailing_backslash_cannot_be_written_before_0_23(server_api: str) -> None:
    with pytest.raises(ValueError, match="ends with a backslash"):
        bind("a = {:x}", {"x": "end\\"}, server_api)
    assert bind("a = {:x}", {"x": "end\\"}, "0.23") == r"a = 'end\\'"


@pytest.mark.parametrize("value", [object(), b"bytes", {1, 2}, complex(1, 2), [object()]])
def test_unsupported_types_raise_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        bind("a = {:x}", {"x": value}, "0.23")


def test_comments_are_skipped_on_0_8_and_later() -> None:
    expr = "a = {:x} // b = {:y}\n&& c = {:x}"
    assert bind(expr, {"x": "v"}, "0.23") == "a = 'v' // b = {:y}\n&& c = 'v'"
    assert bind(expr, {"x": "v"}, "0.8") == "a = 'v' // b = {:y}\n&& c = 'v'"
    with pytest.raises(ValueError, match="no 'y'"):
        bind(expr, {"x": "v"}, "0.7")  # 0.7 has no comments


def test_client_filter_and_rebinding() -> None:
    params = {"q": "C:\\x", "when": datetime(2024, 1, 2, tzinfo=timezone.utc)}
    expr = "(title ~ {:q} && created > {:when})"
    auto = PocketBase("http://pb.test")
    bound = auto.filter(expr, params)
    assert isinstance(bound, FilterString)
    assert bound == r"(title ~ 'C:\\x' && created > '2024-01-02 00:00:00.000Z')"
    assert params == {"q": "C:\\x", "when": datetime(2024, 1, 2, tzinfo=timezone.utc)}
    query = {"filter": bound, "page": 1}
    rebind_filters(query, GENERATIONS["0.7"])
    assert query["filter"] == r"(title ~ 'C:\x' && created > '2024-01-02 00:00:00.000')"
    # bound for its own generation: kept as is
    modern = PocketBase("http://pb.test", server_api="0.23").filter(expr, params)
    again = {"filter": modern}
    rebind_filters(again, GENERATIONS["0.23"])
    assert again["filter"] is modern
    # the async client has the same method
    assert (
        AsyncPocketBase("http://pb.test", server_api="0.8").filter("a = {:x}", {"x": 1}) == "a = 1"
    )
    assert PocketBase("http://pb.test").filter("a = 1") == "a = 1"


# -- properties against the parser models ----------------------------------------------------

TEMPLATES = [
    "title = {:v}",
    "{:v} = title",
    "title = {:v} && body != {:w}",
    "(title = {:v})",
    "((title ~ {:v}) || (body = {:w})) && id != 'lit'",
    "(((a = {:v})))",
    "a = {:v} || (b = {:w} && (c = {:v}))",
    "(a = {:v} && b = 'x(' ) || c = {:w}",
]

tricky_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ab'\"\\()&|=!~ /{}:\n\t%_-.0@#")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=16,
)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _expected_texts(template: str, v: str, w: str) -> list[str]:
    """The text operands, in order, that the template should parse to."""
    out: list[str] = []
    i = 0
    while i < len(template):
        if template.startswith("{:v}", i):
            out.append(v)
            i += 4
        elif template.startswith("{:w}", i):
            out.append(w)
            i += 4
        elif template[i] == "'":
            end = template.index("'", i + 1)
            out.append(template[i + 1 : end])
            i = end + 1
        else:
            i += 1
    return out


@PROPERTY
@given(v=tricky_text, w=tricky_text, template=st.sampled_from(TEMPLATES))
def test_bound_filters_parse_to_exactly_the_values(v: str, w: str, template: str) -> None:
    reference = fexpr_model.shape(
        fexpr_model.parse(bind(template, {"v": "x", "w": "y"}, "0.23"), "0.23")
    )
    for dialect in GENS:
        try:
            text = bind(template, {"v": v, "w": w}, dialect)
        except ValueError:
            assert dialect != "0.23" and (v.endswith("\\") or w.endswith("\\"))
            continue
        tree = fexpr_model.parse(text, dialect)
        assert fexpr_model.shape(tree) == reference
        assert fexpr_model.texts(tree) == _expected_texts(template, v, w)


@PROPERTY
@given(v=tricky_text, w=tricky_text, template=st.sampled_from(TEMPLATES))
def test_the_0_23_form_never_widens_a_query_on_older_parsers(v: str, w: str, template: str) -> None:
    """Sent to a server with the older text rule (0.23.0-0.2x, or an "auto" client's string
    reused on an older server), the 0.23+ form parses to the same structure or fails."""
    text = bind(template, {"v": v, "w": w}, None)
    reference = fexpr_model.shape(
        fexpr_model.parse(bind(template, {"v": "x", "w": "y"}, "0.8"), "0.8")
    )
    try:
        tree = fexpr_model.parse(text, "0.8")
    except fexpr_model.FexprError:
        return
    assert fexpr_model.shape(tree) == reference


@PROPERTY
@given(
    value=st.one_of(
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.datetimes(timezones=st.just(timezone.utc)),
    )
)
def test_scalars_parse_as_one_operand(value: Any) -> None:
    for dialect in GENS:
        tree = fexpr_model.parse(bind("(a = {:v}) && b = 1", {"v": value}, dialect), dialect)
        group = tree[0][1]
        assert len(group) == 1
        operand = group[0][1][2]
        assert operand[0] in ("number", "ident", "text")
        if isinstance(value, bool) or value is None:
            assert operand == ("ident", {True: "true", False: "false", None: "null"}[value])
        elif isinstance(value, (int, float)) and (dialect != "0.7" or value >= 0):
            assert operand[0] == "number"
            assert Decimal(operand[1]) == Decimal(
                repr(value) if isinstance(value, float) else value
            )
