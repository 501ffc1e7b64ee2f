from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx

# a user's project with its own pyproject.toml: tests/test_sample_project.py runs it in a venv
collect_ignore = ["sample_project"]


@pytest.fixture
def respx_mock() -> Iterator[respx.MockRouter]:
    """A respx router for the test; unmatched requests fail, unused routes are allowed."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield router
