"""Pure service helpers: query merging and the get_full_list pager."""

from __future__ import annotations

from types import SimpleNamespace

from pocketbase._services import FullListPager, list_query, merge_params, one_query


def items(*ids: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i) for i in ids]


def test_pager_reference_rule_stops_on_the_total() -> None:
    pager = FullListPager(2, skip_total=False, caller_page=False)
    assert pager.add(items("a", "b"), 5) is False and pager.page == 2
    assert pager.add(items("c", "d"), 5) is False and pager.page == 3
    assert pager.add(items("e"), 5) is True
    assert [i.id for i in pager.items] == ["a", "b", "c", "d", "e"]


def test_pager_stops_on_an_empty_page() -> None:
    pager = FullListPager(2, skip_total=False, caller_page=False)
    assert pager.add(items("a", "b"), 10) is False
    assert pager.add([], 10) is True
    assert [i.id for i in pager.items] == ["a", "b"]


def test_pager_skip_total_stops_on_a_short_page() -> None:
    pager = FullListPager(2, skip_total=True, caller_page=False)
    assert pager.add(items("a", "b"), -1) is False
    assert pager.add(items("c"), -1) is True
    assert [i.id for i in pager.items] == ["a", "b", "c"]


def test_pager_clamped_repeat_stops_without_duplicates() -> None:
    pager = FullListPager(2, skip_total=False, caller_page=False)
    assert pager.add(items("a", "b"), 9) is False
    assert pager.add(items("c"), 9) is False
    assert pager.add(items("c"), 9) is True  # page 3 clamped to page 2 again
    assert [i.id for i in pager.items] == ["a", "b", "c"]


def test_pager_caller_page_repeats_like_the_reference() -> None:
    pager = FullListPager(2, skip_total=False, caller_page=True)
    assert pager.add(items("a", "b"), 5) is False
    assert pager.add(items("a", "b"), 5) is False
    assert pager.add(items("a", "b"), 5) is True
    assert [i.id for i in pager.items] == ["a", "b"] * 3


def test_list_and_one_query_merging() -> None:
    caller = {"perPage": 5, "q": 1}
    assert list(list_query(2, 30, caller, filter="x", sort="-a", expand="e").items()) == [
        ("page", 2),
        ("perPage", 5),
        ("q", 1),
        ("filter", "x"),
        ("sort", "-a"),
        ("expand", "e"),
    ]
    assert caller == {"perPage": 5, "q": 1}
    assert one_query(caller) is caller
    assert one_query(None) == {}
    assert one_query(caller, expand="e") == {"perPage": 5, "q": 1, "expand": "e"}


def test_merge_params_combines_filters() -> None:
    query = {"filter": "a=1", "page": 1}
    assert merge_params(query, {"filter": "data.type='request'", "perPage": 3}) == {
        "filter": "(data.type='request') && (a=1)",
        "page": 1,
        "perPage": 3,
    }
    assert merge_params({"page": 1}, None) == {"page": 1}
