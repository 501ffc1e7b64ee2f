"""A small notes application on generated models, through the generated ``TypedPocketBase``.

    python -m examples.typegen_usage [URL] [ADMIN_EMAIL] [ADMIN_PASSWORD]

(run from the repository root; the arguments default as in ``quickstart.py``). The
application's schema is ``examples/typegen_usage_schema.json`` (the collections ``notebooks``
and ``notes`` in the shape the admin UI's "Export collections" gives, trimmed), and its models,
``examples/typegen_usage_models.py``, were generated from that file:

    pocketbase-typegen --schema examples/typegen_usage_schema.json \\
        --collection notebooks --collection notes --out examples/typegen_usage_models.py

(the same command with ``--url`` instead of ``--schema`` gives the same file from a server that
has the collections). ``pb.collection("notes")`` on the module's ``TypedPocketBase`` is a
``RecordService[NotesRecord]`` to mypy and to the IDE, with no ``model=``: every result below
is typed, ``note.status`` as ``Literal["todo", "doing", "done"]`` and ``note.expand.notebook``
as ``NotebooksRecord | None``.

The script imports the schema into the server (0.8-0.22 or 0.23+: the SDK converts the
collections for the server), writes and reads notes, and deletes the collections at the end.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from examples.typegen_usage_models import NotebooksRecord, NotesRecord, TypedPocketBase
from pocketbase import ClientResponseError

SCHEMA = Path(__file__).resolve().parent / "typegen_usage_schema.json"
COLLECTIONS = ("notes", "notebooks")  # delete order: the notes point at the notebooks


def settings(argv: list[str]) -> tuple[str, str, str]:
    """URL, admin e-mail and admin password from argv, the environment or the defaults."""
    defaults = [
        os.environ.get("POCKETBASE_URL", "http://127.0.0.1:8090"),
        os.environ.get("POCKETBASE_ADMIN_EMAIL", "admin@example.com"),
        os.environ.get("POCKETBASE_ADMIN_PASSWORD", "1234567890"),
    ]
    values = argv[:3] + defaults[len(argv[:3]) :]
    return values[0], values[1], values[2]


def step(text: str) -> None:
    print(f"[typed] {text}", flush=True)


def schema() -> list[dict[str, Any]]:
    collections: list[dict[str, Any]] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return collections


def remove_collections(pb: TypedPocketBase) -> None:
    for name in COLLECTIONS:
        try:
            pb.collections.delete(name)
        except ClientResponseError as err:
            if err.status != 404:
                raise


def describe(note: NotesRecord) -> str:
    """One line about a note; its notebook when ``expand="notebook"`` filled it in."""
    notebook = note.expand.notebook  # NotebooksRecord | None
    where = f" in {notebook.title}" if notebook is not None else ""
    due = f", due {note.due_date:%Y-%m-%d}" if note.due_date is not None else ""
    return f"{note.title!r} ({note.status}, priority {note.priority}{due}){where}"


def write_notes(pb: TypedPocketBase) -> NotesRecord:
    """Two notebooks and three notes; returns the note about the report."""
    notebooks = pb.collection("notebooks")  # RecordService[NotebooksRecord]
    notes = pb.collection("notes")  # RecordService[NotesRecord]
    work = notebooks.create({"title": "Work", "color": "blue"})
    home = notebooks.create(NotebooksRecord(title="Home"))  # a model works as the body too
    report = notes.create(
        {
            "title": "Write the report",
            "status": "doing",
            "labels": ["work"],
            "priority": 2,
            "dueDate": datetime(2030, 1, 15, 9, tzinfo=timezone.utc),
            "notebook": work.id,
        }
    )
    notes.create(
        {
            "title": "Plan the garden",
            "status": "todo",
            "labels": ["home", "idea"],
            "priority": 1,
            "notebook": home.id,
        }
    )
    notes.create(
        {
            "title": "Send the invoices",
            "status": "done",
            "labels": ["work"],
            "priority": 3,
            "pinned": True,
            "notebook": work.id,
        }
    )
    step(f"created notebooks {work.title!r} ({work.color}) and {home.title!r}, and 3 notes")
    return report


def read_notes(pb: TypedPocketBase, report: NotesRecord) -> None:
    notes = pb.collection("notes")

    note = notes.get_one(report.id, expand="notebook")  # a NotesRecord
    classes = f"{type(note).__name__} (notebook: {type(note.expand.notebook).__name__})"
    step(f"read a {classes}: {describe(note)}")

    open_notes = pb.filter("status != {:status}", {"status": "done"})
    page = notes.get_list(1, 10, filter=open_notes, sort="-priority", expand="notebook")
    step(f"{page.total_items} open: " + "; ".join(describe(n) for n in page.items))

    # iterate() fetches page after page lazily, each item a NotesRecord
    labels = Counter(label for n in notes.iterate(batch=2) for label in n.labels)
    pinned = [n.title for n in notes.iterate(batch=2, sort="title") if n.pinned]
    step(f"labels {dict(sorted(labels.items()))}; pinned {pinned}")

    done = notes.update(note.id, {"status": "done", "priority+": 1})
    step(f"updated {describe(done)}")


def main(argv: list[str] | None = None) -> int:
    url, admin_email, admin_password = settings(sys.argv[1:] if argv is None else argv)

    with TypedPocketBase(url) as pb:
        pb.collection("_superusers").auth_with_password(admin_email, admin_password)
        remove_collections(pb)  # left over by an interrupted run
        pb.collections.import_collections(schema())
        step(f"imported {SCHEMA.name}: {', '.join(sorted(COLLECTIONS))}")
        try:
            report = write_notes(pb)
            read_notes(pb, report)
        finally:
            remove_collections(pb)
            step("removed the collections")

    step("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
