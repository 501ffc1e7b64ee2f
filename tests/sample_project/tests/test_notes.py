"""The sample project's tests: only the pocketbase plugin's fixtures, no conftest.py."""

from __future__ import annotations

import uuid

from notes_app import Note, add_note, install, invite, pinned_notes

from pocketbase import AsyncPocketBase, PocketBase
from pocketbase.pytest_plugin import ServerFactory
from pocketbase.testing import PocketBaseServer, SMTPSink


def test_add_note(superuser_client: PocketBase) -> None:
    install(superuser_client)
    note = add_note(superuser_client, "buy milk")
    assert isinstance(note, Note)
    assert superuser_client.records.get_one("notes", note.id, model=Note).text == "buy milk"


async def test_pinned_notes(
    superuser_client: PocketBase, async_superuser_client: AsyncPocketBase
) -> None:
    install(superuser_client)
    marker = uuid.uuid4().hex
    add_note(superuser_client, f"pinned {marker}", pinned=True)
    add_note(superuser_client, f"loose {marker}")
    texts = [note.text for note in await pinned_notes(async_superuser_client)]
    assert f"pinned {marker}" in texts and f"loose {marker}" not in texts


def test_invite_sends_the_verification_mail(
    superuser_client: PocketBase, smtp_sink: SMTPSink
) -> None:
    email = f"{uuid.uuid4().hex[:12]}@example.com"
    invite(superuser_client, email, "a-long-password")
    message = smtp_sink.wait_for(lambda m: m["To"] == email)
    superuser_client.users.confirm_verification(smtp_sink.extract_token(message))
    by_email = superuser_client.filter("email = {:email}", {"email": email})
    [user] = superuser_client.users.get_full_list(filter=by_email)
    assert user.verified


def test_a_server_of_its_own(
    pocketbase_server_factory: ServerFactory, pocketbase_server: PocketBaseServer
) -> None:
    server = pocketbase_server_factory(settings={"meta": {"appName": "Notes"}})
    assert server.url != pocketbase_server.url
    with PocketBase(server.url) as pb:
        pb.admins.auth_via_email(server.admin_email, server.admin_password)
        install(pb)
        assert pb.settings.get_all()["meta"]["appName"] == "Notes"
        assert [c.name for c in pb.collections.get_full_list() if c.name == "notes"] == ["notes"]
        assert add_note(pb, "only here").text == "only here"
