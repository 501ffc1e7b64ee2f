"""``pocketbase.typegen``'s schema reader and module generator (pure: no server, no process).

The golden modules of real 0.22.27 and 0.40.6 schemas are checked in ``test_cli.py`` and
``test_live.py``; here each rule is pinned on small schemas, and the layout is checked against
``ruff format`` on names of every length.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings, strategies as st

from pocketbase.models import GeoPoint, Record, RecordExpand
from pocketbase.typegen import (
    CollectionSpec,
    FieldSpec,
    Options,
    SchemaError,
    generate,
    load_schema,
    parse_collections,
)

ROOT = Path(__file__).resolve().parents[2]
MODELS_ONLY = Options(client=False)


def spec(name: str, *fields: FieldSpec, **kwargs: Any) -> CollectionSpec:
    return CollectionSpec(name, fields=fields, **kwargs)


def body_of(text: str, class_name: str) -> str:
    """The lines of ``class_name`` in a generated module (header to the next blank pair)."""
    start = text.index(f"class {class_name}(")
    end = text.find("\n\n\n", start)
    return text[start : end if end != -1 else len(text)].rstrip("\n") + "\n"


def load(text: str, tmp_path: Path, name: str = "generated_models") -> ModuleType:
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    module_spec = importlib.util.spec_from_file_location(name, path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module  # pydantic resolves the forward references through it
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


@pytest.fixture
def modules() -> Any:
    yield
    for name in [n for n in sys.modules if n.startswith("generated_models")]:
        del sys.modules[name]


# --- field kinds ---------------------------------------------------------------------------


EVERY_KIND = spec(
    "posts",
    FieldSpec("id", "text", required=True, system=True),
    FieldSpec("title", "text", required=True),
    FieldSpec("body", "editor"),
    FieldSpec("contact", "email"),
    FieldSpec("website", "url"),
    FieldSpec("views", "number"),
    FieldSpec("score", "number", integer=True),
    FieldSpec("published", "bool"),
    FieldSpec("published_at", "date"),
    FieldSpec("status", "select", required=True, values=("draft", "published")),
    FieldSpec("mood", "select", values=("happy", "sad")),
    FieldSpec("categories", "select", multiple=True, values=("news", "tech")),
    FieldSpec("author", "relation", required=True, target="users_id"),
    FieldSpec("tags", "relation", multiple=True, target="tags_id"),
    FieldSpec("parent", "relation", target="posts_id"),
    FieldSpec("cover", "file"),
    FieldSpec("attachments", "file", multiple=True),
    FieldSpec("metadata", "json"),
    FieldSpec("location", "geoPoint"),
    FieldSpec("pin", "password"),
    FieldSpec("embedding", "vector"),
    FieldSpec("created", "autodate"),
    FieldSpec("updated", "autodate"),
    id="posts_id",
)
USERS = spec(
    "users",
    FieldSpec("id", "text", system=True),
    FieldSpec("password", "password", system=True, hidden=True),
    FieldSpec("tokenKey", "text", system=True, hidden=True),
    FieldSpec("email", "email", system=True),
    FieldSpec("emailVisibility", "bool", system=True),
    FieldSpec("verified", "bool", system=True),
    FieldSpec("name", "text"),
    type="auth",
    id="users_id",
)
TAGS = spec("tags", FieldSpec("name", "text"), id="tags_id")


def test_every_field_kind_gets_its_type_and_a_default() -> None:
    text = generate([EVERY_KIND, USERS, TAGS], MODELS_ONLY)
    assert body_of(text, "PostsRecord") == textwrap.dedent(
        '''\
        class PostsRecord(Record):
            """A record of the ``posts`` collection."""

            title: str = ""
            body: str = ""
            contact: str = ""
            website: str = ""
            views: float = 0
            score: int = 0
            published: bool = False
            published_at: DateField = None
            status: Literal["draft", "published"] = "draft"
            mood: Literal["", "happy", "sad"] = ""
            categories: list[Literal["news", "tech"]] = Field(default_factory=list)
            author: str = ""
            tags: list[str] = Field(default_factory=list)
            parent: str = ""
            cover: str = ""
            attachments: list[str] = Field(default_factory=list)
            metadata: JsonValue = None
            location: GeoPoint = Field(default_factory=GeoPoint)
            # "vector": a field type pocketbase-typegen does not know
            embedding: Any = None
            expand: PostsExpand = Field(default_factory=PostsExpand)  # type: ignore[assignment]
        '''
    )
    assert body_of(text, "PostsExpand") == textwrap.dedent(
        '''\
        class PostsExpand(RecordExpand):
            """The relations of a ``posts`` record that ``expand=`` filled in."""

            author: UsersRecord | None = None
            tags: list[TagsRecord] = Field(default_factory=list)
            parent: PostsRecord | None = None
        '''
    )
    assert "from typing import Any, Literal\n" in text
    assert "from pocketbase.models import DateField, Field, GeoPoint, JsonValue, Record, " in text


def test_auth_collections_carry_the_auth_fields_but_no_secret() -> None:
    text = generate([USERS], MODELS_ONLY)
    assert body_of(text, "UsersRecord") == textwrap.dedent(
        '''\
        class UsersRecord(Record):
            """A record of the ``users`` auth collection."""

            email: str = ""
            email_visibility: bool = Field(default=False, alias="emailVisibility")
            verified: bool = False
            name: str = ""
            expand: UsersExpand = Field(default_factory=UsersExpand)  # type: ignore[assignment]
        '''
    )


def test_legacy_auth_collections_get_the_fields_their_schema_leaves_implicit() -> None:
    legacy = spec("members", FieldSpec("name", "text"), type="auth", legacy=True)
    body = body_of(generate([legacy], MODELS_ONLY), "MembersRecord")
    assert body.splitlines()[3:8] == [
        '    username: str = ""',
        '    email: str = ""',
        '    email_visibility: bool = Field(default=False, alias="emailVisibility")',
        "    verified: bool = False",
        '    name: str = ""',
    ]
    # a legacy base collection gets nothing added
    plain = body_of(generate([spec("notes", legacy=True)], MODELS_ONLY), "NotesRecord")
    assert plain.splitlines()[3:] == [
        "    expand: NotesExpand = Field(default_factory=NotesExpand)  # type: ignore[assignment]"
    ]


def test_created_and_updated_that_are_not_dates_override_the_inherited_dates() -> None:
    collection = spec("logs", FieldSpec("created", "text"), FieldSpec("updated", "number"))
    body = body_of(generate([collection], MODELS_ONLY), "LogsRecord")
    assert '    created: str = ""  # type: ignore[assignment]\n' in body
    assert "    updated: float = 0  # type: ignore[assignment]\n" in body


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("title", 'title: str = ""'),
        ("created_by", 'created_by: str = ""'),
        ("createdBy", 'created_by: str = Field(default="", alias="createdBy")'),
        ("avatarURL", 'avatar_url: str = Field(default="", alias="avatarURL")'),
        ("HTTPStatus", 'http_status: str = Field(default="", alias="HTTPStatus")'),
        ("class", 'class_: str = Field(default="", alias="class")'),
        ("from", 'from_: str = Field(default="", alias="from")'),
        ("None", 'none: str = Field(default="", alias="None")'),
        ("json", 'json_: str = Field(default="", alias="json")'),
        ("get", 'get_: str = Field(default="", alias="get")'),
        ("export", 'export_: str = Field(default="", alias="export")'),
        ("expand", 'expand_: str = Field(default="", alias="expand")'),
        ("collectionId", 'collection_id_: str = Field(default="", alias="collectionId")'),
        ("model_dump", 'model_dump_: str = Field(default="", alias="model_dump")'),
        ("modelNumber", 'model_number_: str = Field(default="", alias="modelNumber")'),
        ("str", 'str_: str = Field(default="", alias="str")'),
        ("list", 'list_: str = Field(default="", alias="list")'),
        ("_hidden", 'hidden_: str = Field(default="", alias="_hidden")'),
        ("type", 'type: str = ""'),
        ("match", 'match: str = ""'),
    ],
)
def test_field_names_become_attributes_with_the_server_name_as_alias(field: str, line: str) -> None:
    text = generate([spec("things", FieldSpec(field, "text"))], MODELS_ONLY)
    assert f"\n    {line}\n" in text


def test_attributes_in_the_model_namespace_turn_off_pydantics_warning(
    tmp_path: Path, modules: None
) -> None:
    collection = spec("things", FieldSpec("model_name", "text"))
    text = generate([collection], MODELS_ONLY)
    assert '    model_config = {"protected_namespaces": ()}\n\n    model_name_: str' in text
    module = load(text, tmp_path)  # warnings are errors in this test suite
    thing = module.ThingsRecord.model_validate({"model_name": "x"})
    assert thing.model_name_ == "x" and thing["model_name"] == "x"


def test_no_member_of_record_or_its_expand_model_is_shadowed() -> None:
    members = {
        name
        for cls in (Record, RecordExpand)
        for name in dir(cls)
        if not name.startswith("_") and name not in ("id", "created", "updated")
    }
    fields = [FieldSpec(name, "text") for name in sorted(members)]
    text = generate([spec("things", *fields)], MODELS_ONLY)
    for name in members:
        assert f"\n    {name}_: str = Field(" in text, name


@pytest.mark.parametrize(
    ("name", "record"),
    [
        ("posts", "PostsRecord"),
        ("blog_posts", "BlogPostsRecord"),
        ("_externalAuths", "ExternalAuthsRecord"),
        ("post2024", "Post2024Record"),
    ],
)
def test_collection_names_become_pascal_case_classes(name: str, record: str) -> None:
    text = generate([spec(name)], MODELS_ONLY)
    expand = record.removesuffix("Record") + "Expand"
    assert f"\nclass {record}(Record):\n" in text
    assert f"\nclass {expand}(RecordExpand):\n" in text
    assert f'    "{record}",\n' in text and f'    "{expand}",\n' in text


@pytest.mark.parametrize(
    ("collections", "message"),
    [
        ([spec("blog-posts")], "the collection name 'blog-posts' cannot name a Python class"),
        ([spec("2fa")], "the collection name '2fa' cannot name a Python class"),
        ([spec("_2fa")], "the collection name '_2fa' cannot name a Python class"),
        ([spec("__")], "the collection name '__' cannot name a Python class"),
        ([spec("café")], "the collection name 'café' cannot name a Python class"),
        (
            [spec("blog_posts"), spec("blogPosts")],
            "the collections 'blogPosts' and 'blog_posts' would both become the class "
            "BlogPostsRecord",
        ),
        ([spec("record")], "the collection name 'record' would give the class RecordExpand"),
        ([spec("a"), spec("a")], "the schema lists the collection 'a' twice"),
        (
            [spec("posts", FieldSpec("my-field", "text"))],
            "collection 'posts': the field name 'my-field' is not a Python identifier",
        ),
        (
            [spec("posts", FieldSpec("2fa", "text"))],
            "collection 'posts': the field name '2fa' is not a Python identifier",
        ),
        (
            [spec("posts", FieldSpec("_2fa", "text"))],
            "collection 'posts': the field name '_2fa' gives no usable Python attribute",
        ),
        (
            [spec("posts", FieldSpec("_", "text"))],
            "collection 'posts': the field name '_' gives no usable Python attribute",
        ),
        (
            [spec("posts", FieldSpec("createdBy", "text"), FieldSpec("created_by", "text"))],
            "collection 'posts': the fields 'createdBy' and 'created_by' would both become the "
            "attribute 'created_by'",
        ),
        (
            [spec("posts", FieldSpec("title", "text"), FieldSpec("title", "editor"))],
            "collection 'posts': the field 'title' is listed twice",
        ),
        (
            [spec("users", FieldSpec("email", "email"), type="auth", legacy=True)],
            "collection 'users': the field 'email' is listed twice",
        ),
        (
            [spec("posts", FieldSpec("class", "text"), FieldSpec("class_", "text"))],
            "collection 'posts': the fields 'class' and 'class_' would both become the attribute "
            "'class_'",
        ),
    ],
)
def test_names_python_cannot_hold_are_refused_clearly(
    collections: list[CollectionSpec], message: str
) -> None:
    with pytest.raises(SchemaError) as info:
        generate(collections, MODELS_ONLY)
    assert message in str(info.value)


# --- selects and relations -----------------------------------------------------------------


def test_select_literals_hold_any_text_exactly() -> None:
    values = ("it's", 'say "hi"', "back\\slash", "new\nline", "café", "emoji 😀", "\x00\u2028")
    text = generate([spec("things", FieldSpec("pick", "select", values=values))], MODELS_ONLY)
    tree = ast.parse(text)
    literal = next(
        node.annotation
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "pick"
    )
    assert isinstance(literal, ast.Subscript) and isinstance(literal.slice, ast.Tuple)
    assert [ast.literal_eval(e) for e in literal.slice.elts] == ["", *values]
    expected = r"""
    pick: Literal[
        "", "it's", 'say "hi"', "back\\slash", "new\nline", "café", "emoji 😀", "\x00\u2028"
    ] = ""
"""
    assert expected in text


def test_select_edge_cases() -> None:
    text = generate(
        [
            spec(
                "things",
                FieldSpec("free", "select"),
                FieldSpec("frees", "select", multiple=True),
                FieldSpec("one", "select", required=True, values=("only",)),
                FieldSpec("many", "select", multiple=True, required=True, values=("a", "b")),
            )
        ],
        MODELS_ONLY,
    )
    assert '\n    free: str = ""\n' in text
    assert "\n    frees: list[str] = Field(default_factory=list)\n" in text
    assert '\n    one: Literal["only"] = "only"\n' in text
    assert '\n    many: list[Literal["a", "b"]] = Field(default_factory=list)\n' in text


def test_relation_targets_by_id_or_name_and_untyped_when_not_generated() -> None:
    text = generate(
        [
            spec(
                "posts",
                FieldSpec("by_id", "relation", target="users_id"),
                FieldSpec("by_name", "relation", target="users", multiple=True),
                FieldSpec("to_system", "relation", target="_superusers_id"),
                FieldSpec("to_nothing", "relation", target="gone"),
            ),
            USERS,
            spec("_superusers", type="auth", system=True, id="_superusers_id"),
        ],
        MODELS_ONLY,
    )
    assert body_of(text, "PostsExpand").splitlines()[3:] == [
        "    by_id: UsersRecord | None = None",
        "    by_name: list[UsersRecord] = Field(default_factory=list)",
        "    to_system: Record | None = None",
        "    to_nothing: Record | None = None",
    ]


# --- selection, determinism, header --------------------------------------------------------


def test_system_collections_only_when_asked_and_collections_by_name() -> None:
    system = spec("_superusers", type="auth", system=True)
    everything = [system, TAGS, USERS]
    assert "SuperusersRecord" not in generate(everything, MODELS_ONLY)
    assert "class SuperusersRecord(" in generate(
        everything, Options(client=False, include_system=True)
    )
    only = generate(everything, Options(client=False, collections=("_superusers", "tags")))
    assert "class SuperusersRecord(" in only and "class TagsRecord(" in only
    assert "UsersRecord" not in only
    assert "(collections _superusers, tags)" in only
    with pytest.raises(SchemaError, match="no collection named 'nope'; the schema has '_supe"):
        generate(everything, Options(collections=("nope",)))


def test_the_same_collections_give_the_same_bytes_in_any_order() -> None:
    collections = [EVERY_KIND, USERS, TAGS]
    first = generate(collections)
    for seed in range(5):
        shuffled = collections[:]
        random.Random(seed).shuffle(shuffled)
        assert generate(shuffled) == first
    order = [line for line in first.splitlines() if line.startswith("class ")]
    assert order[:6] == [
        "class PostsExpand(RecordExpand):",
        "class PostsRecord(Record):",
        "class TagsExpand(RecordExpand):",
        "class TagsRecord(Record):",
        "class UsersExpand(RecordExpand):",
        "class UsersRecord(Record):",
    ]


def test_the_header_tells_how_the_module_was_made_and_nothing_else() -> None:
    header = (
        "# Generated by pocketbase-typegen from a PocketBase schema (every collection but the "
        "system ones).\n# Do not edit this file: run pocketbase-typegen again when the "
        "collections change.\n"
        '"""Typed PocketBase records and clients: a ``Record`` subclass per collection."""\n'
        "\nfrom __future__ import annotations\n"
    )
    # the same for both shapes: the module does not tell which server generation it came from
    assert generate([USERS]).startswith(header)
    assert generate([spec("users", type="auth", legacy=True)]).startswith(header)
    models_only = generate([spec("notes")], Options(client=False, include_system=True))
    assert models_only.startswith(
        "# Generated by pocketbase-typegen from a PocketBase schema (every collection, system ones "
        "included).\n# Do not edit this file: run pocketbase-typegen again when the collections "
        "change.\n"
        '"""Typed PocketBase records (models only, no client): a ``Record`` subclass per '
        'collection."""\n'
    )


# --- the clients ---------------------------------------------------------------------------


def test_typed_clients_overload_collection_on_every_generated_name() -> None:
    text = generate([TAGS, USERS])
    assert text.endswith(
        textwrap.dedent(
            '''\
            _M = TypeVar("_M", bound=Record)

            # collection name -> its record class, for collection()
            _RECORD_CLASSES: dict[str, type[Record]] = {
                "tags": TagsRecord,
                "users": UsersRecord,
            }


            class TypedPocketBase(PocketBase):
                """``PocketBase`` whose ``collection(name)`` is typed with the record class of ``name``.

                ``collection(name, model)`` still takes any ``Record`` subclass.
                """

                @overload  # type: ignore[override]
                def collection(self, name: Literal["tags"]) -> RecordService[TagsRecord]: ...
                @overload
                def collection(self, name: Literal["users"]) -> RecordService[UsersRecord]: ...
                @overload
                def collection(self, name: str) -> RecordService[Record]: ...
                @overload
                def collection(self, name: str, model: type[_M]) -> RecordService[_M]: ...
                def collection(self, name: str, model: type[Record] | None = None) -> RecordService[Any]:
                    """The record service of ``name``, its records typed with the generated class."""
                    return super().collection(name, model=model or _RECORD_CLASSES.get(name, Record))


            class AsyncTypedPocketBase(AsyncPocketBase):
                """``AsyncPocketBase`` whose ``collection(name)`` is typed with the record class of ``name``.

                ``collection(name, model)`` still takes any ``Record`` subclass.
                """

                @overload  # type: ignore[override]
                def collection(self, name: Literal["tags"]) -> AsyncRecordService[TagsRecord]: ...
                @overload
                def collection(self, name: Literal["users"]) -> AsyncRecordService[UsersRecord]: ...
                @overload
                def collection(self, name: str) -> AsyncRecordService[Record]: ...
                @overload
                def collection(self, name: str, model: type[_M]) -> AsyncRecordService[_M]: ...
                def collection(self, name: str, model: type[Record] | None = None) -> AsyncRecordService[Any]:
                    """The record service of ``name``, its records typed with the generated class."""
                    return super().collection(name, model=model or _RECORD_CLASSES.get(name, Record))
            '''
        )
    )
    assert (
        "from pocketbase import AsyncPocketBase, AsyncRecordService, PocketBase, RecordService\n"
    ) in text
    assert "from typing import Any, Literal, TypeVar, overload\n" in text


def test_without_collections_the_clients_only_have_the_base_overloads() -> None:
    text = generate([])
    assert "_RECORD_CLASSES: dict[str, type[Record]] = {}\n" in text
    assert "# type: ignore[override]" not in text  # nothing is overridden incompatibly
    assert (
        "    @overload\n    def collection(self, name: str) -> RecordService[Record]: ..." in text
    )


def test_models_only_leaves_out_the_clients_and_their_imports() -> None:
    text = generate([TAGS], MODELS_ONLY)
    assert "TypedPocketBase" not in text and "RecordService" not in text
    assert "from typing" not in text  # nothing in TagsRecord needs typing
    assert "from pocketbase.models import Field, Record, RecordExpand\n" in text


# --- the generated models at run time ------------------------------------------------------


def test_generated_models_read_server_replies(tmp_path: Path, modules: None) -> None:
    renamed = spec(
        "notes",
        FieldSpec("class", "text"),
        FieldSpec("createdBy", "relation", target="users_id"),
        FieldSpec("json", "json"),
    )
    module = load(generate([EVERY_KIND, USERS, TAGS, renamed], MODELS_ONLY), tmp_path)
    post = module.PostsRecord.model_validate(
        {
            "id": "p1",
            "title": "Hi",
            "views": 3,
            "score": 7,
            "published_at": "2024-05-01 10:00:00.000Z",
            "status": "published",
            "mood": "",
            "categories": ["tech"],
            "tags": ["t1", "t2"],
            "metadata": {"a": [1, None, "x"]},
            "location": {"lon": 13.4, "lat": 52.5},
            "embedding": [0.1, 0.2],
            "expand": {
                "author": {"id": "u1", "email": "a@example.com", "emailVisibility": True},
                "tags": [{"id": "t1", "name": "one"}, {"id": "t2", "name": "two"}],
                "parent": {"id": "p0", "title": "Up", "expand": {"parent": {"id": "p00"}}},
                "notes_via_post": [{"id": "n1"}],
            },
        }
    )
    assert (post.title, post.views, post.score, post.status) == ("Hi", 3.0, 7, "published")
    assert post.published_at is not None and post.published_at.year == 2024
    assert post.categories == ["tech"] and post.metadata == {"a": [1, None, "x"]}
    assert post.location == GeoPoint(lon=13.4, lat=52.5) and post.embedding == [0.1, 0.2]
    author = post.expand.author
    assert type(author) is module.UsersRecord and author.email_visibility is True
    assert [type(t) for t in post.expand.tags] == [module.TagsRecord] * 2
    assert post.expand.parent.expand.parent.id == "p00"
    assert type(post.expand["notes_via_post"][0]) is Record

    # every key may be missing (``fields=``, hidden e-mails, partial expands)
    empty = module.PostsRecord.model_validate({})
    assert (empty.title, empty.views, empty.status, empty.mood) == ("", 0, "draft", "")
    assert empty.tags == [] and empty.location == GeoPoint() and empty.expand.author is None
    assert empty.expand.tags is not module.PostsRecord.model_validate({}).expand.tags

    note = module.NotesRecord.model_validate({"class": "c", "createdBy": "u1", "json": [1]})
    assert (note.class_, note.created_by, note.json_) == ("c", "u1", [1])
    assert (note["class"], note["createdBy"], note["json"]) == ("c", "u1", [1])
    assert note.export()["class"] == "c" and note.export()["createdBy"] == "u1"
    assert module.NotesRecord(class_="k").class_ == "k"  # attribute names work too
    with pytest.raises(pydantic.ValidationError):
        module.PostsRecord.model_validate({"status": "archived"})


# --- layout --------------------------------------------------------------------------------


def _long_names_schema(length: int) -> list[CollectionSpec]:
    name = "c" + "a" * length
    other = "o" + "b" * (length // 2)
    z = "z" * length
    fields = (
        FieldSpec("f" + z, "text"),
        FieldSpec("g" + z, "select", values=tuple("v" * k for k in range(1, 6))),
        FieldSpec(
            "h" + z,
            "select",
            multiple=True,
            values=tuple("w" * (k + length // 3) for k in range(1, 4)),
        ),
        FieldSpec("iZ" + z, "select", required=True, values=("q" * length,)),
        FieldSpec("jZ" + z, "relation", multiple=True, target=other),
        FieldSpec("kZ" + z, "relation", target=name),
        FieldSpec("l" + z, "relation", target=other),
        FieldSpec("mZ" + z, "geoPoint"),
        FieldSpec("n" + z, "vector"),
        FieldSpec("model_" + z, "json"),
        FieldSpec(
            "s" + z, "select", multiple=True, values=tuple("x" * (length + 3 * k) for k in (1, 2))
        ),
        FieldSpec("created", "text"),
        FieldSpec(
            "u" + z, "select", values=tuple(f"{k} 😀中" * (length // 10 + 1) for k in range(4))
        ),
    )
    return [spec(name, *fields, id=name), spec(other, type="auth", id=other, legacy=True)]


def test_the_output_is_what_ruff_format_and_ruff_check_leave_unchanged(tmp_path: Path) -> None:
    for length in range(1, 130, 3):
        text = generate(_long_names_schema(length))
        (tmp_path / f"long_{length:03d}.py").write_text(text, encoding="utf-8")
    for name in ("expected_0_22_27.py", "expected_0_40_6.py", "expected_0_40_6_system.py"):
        (tmp_path / name).write_bytes((Path(__file__).parent / name).read_bytes())
    config = ["--config", str(ROOT / "pyproject.toml")]
    # the project's settings, and ruff's defaults at line length 100 (pocketbase third-party)
    commands = [
        ["format", "--check", *config],
        ["check", *config],
        [
            "check",
            "--isolated",
            "--line-length",
            "100",
            "--select",
            "E,F,W,I,B,UP,PIE",
            "--ignore",
            "E501",
        ],
    ]
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (command, result.stdout[-3000:], result.stderr[-3000:])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=6, unique=True))
def test_select_values_survive_as_python_literals(values: list[str]) -> None:
    text = generate(
        [spec("things", FieldSpec("pick", "select", multiple=True, values=tuple(values)))],
        MODELS_ONLY,
    )
    tree = ast.parse(text)
    (literal,) = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Literal"
    ]
    elements = literal.slice.elts if isinstance(literal.slice, ast.Tuple) else [literal.slice]
    assert [ast.literal_eval(element) for element in elements] == values


# --- reading schemas -----------------------------------------------------------------------


def test_both_shapes_read_the_same() -> None:
    legacy = {
        "id": "p",
        "name": "posts",
        "type": "base",
        "schema": [
            {
                "name": "tags",
                "type": "relation",
                "options": {"collectionId": "t", "maxSelect": None},
            },
            {"name": "one", "type": "relation", "options": {"collectionId": "t", "maxSelect": 1}},
            {
                "name": "pick",
                "type": "select",
                "options": {"maxSelect": 2, "values": ["a", "a", "b"]},
            },
            {"name": "n", "type": "number", "required": True, "options": {"noDecimal": True}},
            {"name": "files", "type": "file", "options": {"maxSelect": 3}},
        ],
    }
    modern = {
        "id": "p",
        "name": "posts",
        "type": "base",
        "system": False,
        "fields": [
            {"name": "tags", "type": "relation", "collectionId": "t", "maxSelect": 999},
            {"name": "one", "type": "relation", "collectionId": "t", "maxSelect": None},
            {"name": "pick", "type": "select", "maxSelect": 2, "values": ["a", "a", "b"]},
            {"name": "n", "type": "number", "required": True, "onlyInt": True},
            {"name": "files", "type": "file", "maxSelect": 3.0},
        ],
    }
    fields = (
        FieldSpec("tags", "relation", multiple=True, target="t"),
        FieldSpec("one", "relation", target="t"),
        FieldSpec("pick", "select", multiple=True, values=("a", "b")),
        FieldSpec("n", "number", required=True, integer=True),
        FieldSpec("files", "file", multiple=True),
    )
    assert parse_collections([legacy]) == [
        CollectionSpec("posts", "base", "p", False, True, fields)
    ]
    assert parse_collections([modern]) == [
        CollectionSpec("posts", "base", "p", False, False, fields)
    ]


def test_load_schema_takes_the_export_an_api_reply_or_an_import_body() -> None:
    collection = {"name": "notes", "type": "base", "fields": []}
    expected = [CollectionSpec("notes")]
    for data in ([collection], {"items": [collection]}, {"collections": [collection]}):
        assert load_schema(json.dumps(data), "f.json") == expected
        assert load_schema(b"\xef\xbb\xbf" + json.dumps(data).encode(), "f.json") == expected
    assert load_schema("[]", "f.json") == []
    assert load_schema('[{"name": "old"}]', "f.json") == [CollectionSpec("old", legacy=True)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "f.json is not valid JSON: Expecting value (line 1, column 1)"),
        (b'[{"name": "a",]', "f.json is not valid JSON: Expecting property name enclosed"),
        (b"\xff\xfe[]", "f.json is not UTF-8 text (invalid start byte at byte 0)"),
        (b"[" * 100_000, "f.json is nested too deeply"),
        (b'{"name": "posts"}', "f.json does not hold a list of collections"),
        (b"42", "f.json does not hold a list of collections"),
        (b"[42]", "collection 1 is not a JSON object"),
        (b"[{}]", "collection 1: 'name' must be a string"),
        (b'[{"name": ""}]', "collection 1: 'name' must not be empty"),
        (b'[{"name": 7}]', "collection 1: 'name' must be a string"),
        (b'[{"name": "a", "type": 1}]', "collection 1 ('a'): 'type' must be a string"),
        (b'[{"name": "a", "system": "yes"}]', "collection 1 ('a'): 'system' must be true or false"),
        (b'[{"name": "a", "fields": {}}]', "collection 1 ('a'): 'fields' must be a list of fields"),
        (
            b'[{"name": "a", "schema": "x"}]',
            "collection 1 ('a'): 'schema' must be a list of fields",
        ),
        (b'[{"name": "a", "fields": [1]}]', "collection 1 ('a'): field 1 is not a JSON object"),
        (
            b'[{"name": "a", "fields": [{"name": "f"}]}]',
            "collection 1 ('a'): field 1 ('f'): 'type' must be a string",
        ),
        (
            b'[{"name": "a", "fields": [{"name": "f", "type": "file", "maxSelect": "2"}]}]',
            "collection 1 ('a'): field 1 ('f'): 'maxSelect' must be a whole number or null",
        ),
        (
            b'[{"name": "a", "fields": [{"name": "f", "type": "file", "maxSelect": 1.5}]}]',
            "'maxSelect' must be a whole number or null",
        ),
        (
            b'[{"name": "a", "fields": [{"name": "f", "type": "file", "maxSelect": Infinity}]}]',
            "'maxSelect' must be a whole number or null",
        ),
        (
            b'[{"name": "a", "fields": [{"name": "f", "type": "select", "values": [1]}]}]',
            "collection 1 ('a'): field 1 ('f'): 'values' must be a list of strings",
        ),
        (
            b'[{"name": "a", "schema": [{"name": "f", "type": "number", "options": {"noDecimal": 1}}]}]',
            "collection 1 ('a'): field 1 ('f'): 'noDecimal' must be true or false",
        ),
        (
            b'[{"name": "a", "fields": [{"name": "f", "type": "relation", "collectionId": 5}]}]',
            "collection 1 ('a'): field 1 ('f'): 'collectionId' must be a string",
        ),
    ],
)
def test_malformed_schemas_are_refused_with_the_place_of_the_fault(
    text: bytes, message: str
) -> None:
    with pytest.raises(SchemaError) as info:
        load_schema(text, "f.json")
    assert message in str(info.value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "type",
                    "id",
                    "system",
                    "fields",
                    "schema",
                    "options",
                    "maxSelect",
                    "values",
                    "collectionId",
                    "required",
                    "onlyInt",
                    "items",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_any_json_gives_a_module_or_a_schema_error(data: Any) -> None:
    try:
        collections = parse_collections(data)
        generate(collections)
    except SchemaError:
        pass
