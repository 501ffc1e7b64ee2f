"""``python -m pocketbase.typegen`` with exported schema files and bad input (no server here;
``test_live.py`` reads real ones).

Every failure must be one clear line on standard error and a non-zero exit status, never a
traceback, and must leave no output file (nor a changed one) behind.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDEN = {
    "0.22.27": HERE / "expected_0_22_27.py",
    "0.40.6": HERE / "expected_0_40_6.py",
}
SCHEMA = {
    "0.22.27": HERE / "schema_0_22_27.json",
    "0.40.6": HERE / "schema_0_40_6.json",
}


def typegen(
    *args: str, env: dict[str, str] | None = None, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("POCKETBASE_")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "pocketbase.typegen", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**base, **(env or {})},
        timeout=60,
        check=False,
    )


def fails(result: subprocess.CompletedProcess[bytes], status: int = 1) -> str:
    """The error output of a run that must have failed cleanly."""
    stderr = result.stderr.decode()
    assert result.returncode == status, stderr
    assert result.stdout == b""
    assert "Traceback" not in stderr
    return stderr


def regenerate_hint(version: str) -> str:
    return (
        f"if the change is intended: python -m pocketbase.typegen --schema "
        f"{SCHEMA[version].relative_to(ROOT)} --out {GOLDEN[version].relative_to(ROOT)}"
    )


# --- exported files --------------------------------------------------------------------------


@pytest.mark.parametrize("version", list(GOLDEN))
def test_an_exported_schema_gives_the_golden_module_byte_for_byte(
    version: str, tmp_path: Path
) -> None:
    result = typegen("--schema", str(SCHEMA[version]))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == GOLDEN[version].read_bytes(), regenerate_hint(version)
    assert result.stderr == b""
    out = tmp_path / "models.py"
    assert typegen("--schema", str(SCHEMA[version]), "--out", str(out)).returncode == 0
    assert out.read_bytes() == GOLDEN[version].read_bytes()


def test_system_collections_are_in_only_with_include_system() -> None:
    result = typegen("--schema", str(SCHEMA["0.40.6"]), "--include-system")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == (HERE / "expected_0_40_6_system.py").read_bytes()
    plain = GOLDEN["0.40.6"].read_text()
    for name in ("SuperusersRecord", "ExternalAuthsRecord", "MfasRecord", "OtpsRecord"):
        assert f"class {name}(" in result.stdout.decode() and name not in plain


def test_schema_from_standard_input_models_only_and_chosen_collections() -> None:
    schema = SCHEMA["0.40.6"].read_bytes()
    result = typegen("--schema", "-", "--models-only", "--collection", "tags", stdin=schema)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "class TagsRecord(Record):" in text and "class PostsRecord(" not in text
    assert "TypedPocketBase" not in text


def test_the_output_file_keeps_its_permissions_and_a_new_one_follows_the_umask(
    tmp_path: Path,
) -> None:
    existing = tmp_path / "existing.py"
    existing.write_text("old\n")
    existing.chmod(0o640)
    assert typegen("--schema", str(SCHEMA["0.22.27"]), "--out", str(existing)).returncode == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert existing.read_bytes() == GOLDEN["0.22.27"].read_bytes()
    fresh = tmp_path / "fresh.py"
    assert typegen("--schema", str(SCHEMA["0.22.27"]), "--out", str(fresh)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.py", "fresh.py"]


# --- bad input -------------------------------------------------------------------------------


def write(tmp_path: Path, content: str | bytes) -> str:
    path = tmp_path / "schema.json"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"name": "posts",', "is not valid JSON: Expecting property name enclosed"),
        ("", "is not valid JSON: Expecting value (line 1, column 1)"),
        (b"\x89PNG\r\n", "is not UTF-8 text"),
        ('{"posts": []}', "does not hold a list of collections"),
        ('[{"name": "posts", "fields": [{"name": "x"}]}]', "field 1 ('x'): 'type' must be"),
        ('[{"name": "blog-posts"}]', "the collection name 'blog-posts' cannot name a Python"),
        (
            '[{"name": "p", "fields": [{"name": "my-field", "type": "text"}]}]',
            "the field name 'my-field' is not a Python identifier",
        ),
        (
            '[{"name": "blog_posts"}, {"name": "blogPosts"}]',
            "the collections 'blogPosts' and 'blog_posts' would both become the class "
            "BlogPostsRecord; rename one of them",
        ),
        (
            json.dumps(
                [
                    {
                        "name": "posts",
                        "fields": [
                            {"name": "createdBy", "type": "text"},
                            {"name": "created_by", "type": "relation"},
                        ],
                    }
                ]
            ),
            "collection 'posts': the fields 'createdBy' and 'created_by' would both become the "
            "attribute 'created_by'; rename one of them",
        ),
    ],
)
def test_a_bad_schema_file_fails_clearly_and_writes_nothing(
    content: str | bytes, message: str, tmp_path: Path
) -> None:
    schema = write(tmp_path, content)
    out = tmp_path / "models.py"
    stderr = fails(typegen("--schema", schema, "--out", str(out)))
    assert stderr.startswith("pocketbase-typegen: error: ")
    assert message in stderr and stderr.count("\n") == 1
    assert not out.exists()
    # an existing output file is left as it was
    out.write_text("keep me\n")
    fails(typegen("--schema", schema, "--out", str(out)))
    assert out.read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["models.py", "schema.json"]


def test_files_that_cannot_be_read_or_written(tmp_path: Path) -> None:
    missing = fails(typegen("--schema", str(tmp_path / "nope.json")))
    assert f"cannot read {tmp_path / 'nope.json'}: No such file or directory" in missing
    unwritable = tmp_path / "no" / "such" / "dir" / "models.py"
    stderr = fails(typegen("--schema", str(SCHEMA["0.22.27"]), "--out", str(unwritable)))
    assert f"cannot write {unwritable}: No such file or directory" in stderr
    stderr = fails(typegen("--schema", str(SCHEMA["0.22.27"]), "--out", str(tmp_path)))
    assert f"cannot write {tmp_path}: Is a directory" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_unknown_collection_name_is_refused() -> None:
    stderr = fails(typegen("--schema", str(SCHEMA["0.40.6"]), "--collection", "comments"))
    assert "no collection named 'comments'; the schema has '_authOrigins', " in stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ([], {}, "give --url (or set POCKETBASE_URL) or --schema FILE"),
        (["--url", "http://x", "--schema", "f.json"], {}, "give either --url or --schema"),
        (["--url", "ftp://x", "--token", "t"], {}, "--url must be an http:// or https:// addr"),
        (["--url", "127.0.0.1:8090", "--token", "t"], {}, "--url must be an http:// or https://"),
        (["--url", "http://x", "--token", "t", "--email", "a"], {}, "give either --token or"),
        (["--url", "http://x"], {}, "logging in to --url needs --email and --password"),
        (["--url", "http://x", "--email", "a@b.c"], {}, "logging in to --url needs --email"),
        (
            ["--url", "http://x", "--email", "a@b.c", "--password", "p", "--timeout", "0"],
            {},
            "--timeout must be a positive number of seconds",
        ),
        (["--bogus"], {}, "unrecognized arguments: --bogus"),
        (["--url", "http://x", "--token", "a\nb"], {}, "the token holds spaces or control"),
        (
            ["--url", "http://x"],
            {"POCKETBASE_TOKEN": "SECRET with space"},
            "the token holds spaces or control characters: it is not a token",
        ),
    ],
)
def test_a_wrong_command_line_shows_the_usage(
    args: list[str], env: dict[str, str], message: str
) -> None:
    stderr = fails(typegen(*args, env=env), status=2)
    assert stderr.startswith("usage: pocketbase-typegen ")
    assert message in stderr and "SECRET" not in stderr


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_server_fails_clearly_without_leaking_secrets(tmp_path: Path) -> None:
    port = closed_port()
    out = tmp_path / "models.py"
    env = {"POCKETBASE_EMAIL": "admin@example.com", "POCKETBASE_PASSWORD": "PASSWORD-SECRET"}
    stderr = fails(
        typegen("--url", f"http://user:URL-SECRET@127.0.0.1:{port}", "--out", str(out), env=env)
    )
    assert stderr == (
        f"pocketbase-typegen: error: could not reach http://127.0.0.1:{port}: could not connect "
        f"to http://127.0.0.1:{port}/api/collections/_superusers/auth-methods: connection refused\n"
    )
    assert "SECRET" not in stderr
    assert not out.exists()
    # the whole configuration from the environment, a token this time
    env = {"POCKETBASE_URL": f"http://127.0.0.1:{port}", "POCKETBASE_TOKEN": "TOKEN-SECRET"}
    stderr = fails(typegen(env=env))
    assert stderr.startswith(f"pocketbase-typegen: error: could not reach http://127.0.0.1:{port}")
    assert "SECRET" not in stderr
