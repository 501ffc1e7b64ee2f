"""``pocketbase-typegen``: typed record classes and typed clients from a PocketBase schema.

Command line: ``pocketbase-typegen --help`` (or ``python -m pocketbase.typegen --help``).
From Python::

    from pocketbase.typegen import Options, generate, load_schema

    collections = load_schema(Path("pb_schema.json").read_bytes(), "pb_schema.json")
    Path("models.py").write_text(generate(collections, Options()), encoding="utf-8")

``fetch_collections(url, email=..., password=...)`` reads them from a live server instead
(give its result to ``parse_collections``).
"""

from __future__ import annotations

from .cli import TypegenError, fetch_collections, main
from .generator import Options, generate
from .schema import CollectionSpec, FieldSpec, SchemaError, load_schema, parse_collections

__all__ = [
    "CollectionSpec",
    "FieldSpec",
    "Options",
    "SchemaError",
    "TypegenError",
    "fetch_collections",
    "generate",
    "load_schema",
    "main",
    "parse_collections",
]
