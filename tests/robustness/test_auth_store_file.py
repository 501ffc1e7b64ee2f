"""LocalAuthStore(path) from the outside: private file mode, no symlink following, no leaks."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from pocketbase import LocalAuthStore
from pocketbase.models import Admin, User

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InUxIiwidHlwZSI6ImF1dGgifQ.c2VjcmV0LXNpZ25hdHVyZQ"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = tmp_path / "auth.json"
        store = LocalAuthStore(path)
        store.save(TOKEN, User(id="u1", email="u@example.com"))
        assert _mode(path) == 0o600
        assert json.loads(path.read_text())["token"] == TOKEN
        # an existing, world-readable file is replaced by a private one
        path.chmod(0o644)
        store.save(TOKEN, Admin(id="a1"))
        assert _mode(path) == 0o600
        store.clear()
        assert _mode(path) == 0o600
        assert sorted(p.name for p in tmp_path.iterdir()) == ["auth.json"]  # no temp files left
    finally:
        os.umask(old)
    reloaded = LocalAuthStore(path)
    assert reloaded.token == ""


def test_a_symlink_planted_at_the_path_is_never_followed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    victim.chmod(0o644)
    path = tmp_path / "auth.json"
    path.symlink_to(victim)
    caplog.set_level(logging.DEBUG)

    store = LocalAuthStore(path)  # reading: refused, empty store
    assert store.token == "" and store.model is None
    store.save(TOKEN, User(id="u1"))  # writing: refused, memory keeps the state
    assert store.token == TOKEN

    assert victim.read_text() == "do not touch"
    assert _mode(victim) == 0o644
    assert path.is_symlink()
    assert any("symlink" in r.getMessage() for r in caplog.records)
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


def test_a_symlink_to_a_valid_store_file_is_not_read(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    LocalAuthStore(real).save(TOKEN, User(id="u1"))
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert LocalAuthStore(link).token == ""


def test_a_dangling_symlink_does_not_create_its_target(tmp_path: Path) -> None:
    target = tmp_path / "created-by-attacker.json"
    path = tmp_path / "auth.json"
    path.symlink_to(target)
    LocalAuthStore(path).save(TOKEN, User(id="u1"))
    assert not target.exists()
    assert path.is_symlink()


def test_a_directory_or_fifo_at_the_path(tmp_path: Path) -> None:
    directory = tmp_path / "auth.json"
    directory.mkdir()
    store = LocalAuthStore(directory)
    store.save(TOKEN, User(id="u1"))
    assert directory.is_dir() and list(directory.iterdir()) == []
    fifo = tmp_path / "auth.fifo"
    os.mkfifo(fifo)
    store = LocalAuthStore(fifo)  # must not block on the FIFO
    assert store.token == ""
    store.save(TOKEN, User(id="u1"))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"null", b"[]", b'{"token": 5}', b"\xff\xfe", b'{"token":"t","model":"x"}'],
)
def test_corrupt_files_give_an_empty_store(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "auth.json"
    path.write_bytes(content)
    store = LocalAuthStore(path)
    assert store.token == ""
    assert store.model is None


def test_repr_and_str_hide_the_token(tmp_path: Path) -> None:
    store = LocalAuthStore(tmp_path / "auth.json")
    store.save(TOKEN, User(id="u1", email="u@example.com"))
    for text in (repr(store), str(store), f"{store!r}"):
        assert TOKEN not in text
        assert TOKEN.rsplit(".", 1)[1] not in text
