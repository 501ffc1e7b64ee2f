"""Notes kept in PocketBase: the application code the sample tests exercise."""

from __future__ import annotations

from pocketbase import AsyncPocketBase, ClientResponseError, PocketBase
from pocketbase.models import Record

COLLECTION = "notes"

#: the collection in the seed's format; the SDK converts it for the server it talks to
NOTES_SCHEMA = {
    "name": COLLECTION,
    "schema": [
        {"name": "text", "type": "text", "required": True},
        {"name": "pinned", "type": "bool"},
    ],
    "listRule": "",
    "viewRule": "",
}


class Note(Record):
    text: str = ""
    pinned: bool = False


def install(pb: PocketBase) -> None:
    """Create the notes collection unless the server already has it (needs an admin)."""
    try:
        pb.collections.get_one(COLLECTION)
    except ClientResponseError as exc:
        if exc.status != 404:
            raise
        pb.collections.create(NOTES_SCHEMA)


def add_note(pb: PocketBase, text: str, *, pinned: bool = False) -> Note:
    """Store a note and return it."""
    return pb.records.create(COLLECTION, {"text": text, "pinned": pinned}, model=Note)


async def pinned_notes(pb: AsyncPocketBase) -> list[Note]:
    """Every pinned note, oldest first."""
    return await pb.records.get_full_list(
        COLLECTION, filter=pb.filter("pinned = {:yes}", {"yes": True}), sort="created", model=Note
    )


def invite(pb: PocketBase, email: str, password: str) -> None:
    """Create a user and send them the verification e-mail."""
    pb.users.create({"email": email, "password": password, "passwordConfirm": password})
    pb.users.request_verification(email)
