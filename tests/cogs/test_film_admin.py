"""/film-admin through the tree: uploads, files, forms and confirm buttons."""

from __future__ import annotations

import yaml

from tests.conftest import FILMS
from tests.support.discord_markdown import visible_text
from tests.support.fake_discord import (
    ADMIN,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    IN_DM,
    MEMBER,
    MODAL,
    MODERATOR,
    UPDATE_MESSAGE,
    Attachment,
    Session,
)

MIB = 1024 * 1024


def new_film_file() -> Attachment:
    """La La Land's content file, turned into another film."""
    doc = yaml.safe_load((FILMS / "la-la-land.yaml").read_text(encoding="utf-8"))
    doc["title"], doc["year"] = "Whiplash", 2014
    doc.pop("aliases", None)
    return Attachment("whiplash.yaml", yaml.safe_dump(doc, allow_unicode=True).encode())


async def test_import_previews_then_loads_on_confirm(discord_session: Session) -> None:
    upload = new_film_file()

    preview = await discord_session.command("film-admin import", ADMIN, file=upload)

    assert preview.first.callback_type == DEFERRED_CHANNEL_MESSAGE
    assert preview.first.body["data"]["flags"] == 1 << 6
    assert preview.reply.path.startswith("/webhooks/")
    assert preview.reply.ephemeral and not preview.is_error, preview.text
    assert "Import Whiplash" in preview.text
    assert len(discord_session.discord.downloads) == 1
    confirm = next(i for i in preview.custom_ids() if i.startswith("epi:p:confirm:"))

    confirmed = await discord_session.press(preview.message, confirm, ADMIN)

    # The pressed preview becomes the outcome: in the callback itself when the import is done
    # within client.slash.READY_WITHIN_S, else edited once the press was taken (a busy machine).
    assert confirmed.first.callback_type in (UPDATE_MESSAGE, DEFERRED_UPDATE_MESSAGE)
    assert confirmed.reply.data["components"] == []
    assert "Loaded Whiplash (2014)" in visible_text(confirmed.content)
    info = await discord_session.command("film info", MEMBER, film="Whiplash")
    assert not info.is_error, info.text


async def test_import_over_one_mib_is_refused_without_downloading(
    discord_session: Session,
) -> None:
    upload = Attachment("huge.yaml", b"title: x\n", size=2 * MIB)

    exchange = await discord_session.command("film-admin import", ADMIN, file=upload)

    assert exchange.is_error
    assert "2 MiB; the limit is 1 MiB" in exchange.content
    assert discord_session.discord.downloads == []


async def test_import_by_a_moderator_is_refused_without_downloading(
    discord_session: Session,
) -> None:
    exchange = await discord_session.command("film-admin import", MODERATOR, file=new_film_file())

    assert exchange.is_error
    assert "is for server admins" in exchange.content
    assert discord_session.discord.downloads == []


async def test_admin_commands_in_dms(discord_session: Session) -> None:
    exchange = await discord_session.command("film-admin export", IN_DM, film="La La Land")

    assert exchange.is_error
    assert "only works in a server" in exchange.content


async def test_export_sends_the_content_file(discord_session: Session) -> None:
    exchange = await discord_session.command("film-admin export", ADMIN, film="La La Land")

    [(name, data)] = exchange.reply.files.items()
    assert name.endswith(".yaml")
    assert yaml.safe_load(data)["title"] == "La La Land"
    assert exchange.reply.ephemeral


async def test_add_form_then_submit(discord_session: Session) -> None:
    form = await discord_session.command("film-admin add", ADMIN)

    assert form.first.callback_type == MODAL
    data = form.first.data
    fields = [row["components"][0]["custom_id"] for row in data["components"]]
    values = {
        "title": "Arrival",
        "year": "2016",
        "synopsis": "A linguist is asked to talk to visitors.",
        "quick_answer": "She chooses her future knowing how it goes.",
        "ending": "",
    }
    assert set(fields) == set(values)

    saved = await discord_session.submit(data["custom_id"], values, ADMIN)

    assert saved.reply.ephemeral and not saved.is_error, saved.text
    assert "Added Arrival (2016)" in visible_text(saved.content)
    quick = await discord_session.command("film quick", MEMBER, film="Arrival")
    assert not quick.is_error, quick.text


async def test_a_form_submitted_by_a_member_is_refused(discord_session: Session) -> None:
    saved = await discord_session.submit("epi:add", {"title": "X", "year": "2000"}, MEMBER)

    assert saved.is_error
    assert "Only server admins" in saved.content


async def test_edit_form_is_prefilled_and_saves_a_server_copy(discord_session: Session) -> None:
    form = await discord_session.command(
        "film-admin edit", ADMIN, film="La La Land", section="synopsis"
    )

    data = form.first.data
    [field] = [row["components"][0] for row in data["components"]]
    assert field["value"]
    saved = await discord_session.submit(
        data["custom_id"], {"body": "Two dreamers in Los Angeles."}, ADMIN
    )

    assert "Saved the synopsis" in saved.content


async def test_remove_asks_then_removes(discord_session: Session) -> None:
    await discord_session.submit(
        "epi:add",
        {"title": "Arrival", "year": "2016", "synopsis": "S.", "quick_answer": "Q."},
        ADMIN,
    )
    asked = await discord_session.command("film-admin remove", ADMIN, film="Arrival")
    remove = next(i for i in asked.custom_ids() if i.startswith("epi:p:remove:"))

    removed = await discord_session.press(asked.message, remove, ADMIN)

    assert "Removed Arrival (2016)" in visible_text(removed.content)
    gone = await discord_session.command("film info", MEMBER, film="Arrival")
    assert gone.is_error


async def test_admin_film_autocomplete(discord_session: Session) -> None:
    choices = await discord_session.autocomplete("film-admin export", "film", ADMIN, film="la")

    assert [choice["name"] for choice in choices] == ["La La Land (2016)"]


async def test_a_form_whose_answer_fails_hands_back_what_was_typed(
    discord_session: Session,
) -> None:
    """Discord closes a form once it is sent: a failure before its change is saved must not
    lose the text; one after it says it was saved (not "try again", which would add it twice)."""
    form = await discord_session.command("film-admin add", ADMIN)
    values = {"title": "Arrival", "year": "2016", "synopsis": "A linguist talks to visitors."}
    values |= {"quick_answer": "She chooses her future knowing how it goes.", "ending": ""}
    discord_session.discord.fail_next("POST", r"/interactions/\d+/[^/]+/callback", 400, 50035)

    saved = await discord_session.submit(form.first.data["custom_id"], values, ADMIN)

    # Saved either way, and the admin reads so: the answer itself where the refused callback
    # was the acknowledgement sent while the film was stored (``acknowledged_or_answered_later``:
    # a slower database), else that it did what was asked.
    said = visible_text(saved.content)
    told_saved = "did what you asked" in said and "no need to do it again" in said
    assert "Added Arrival (2016)" in said or (saved.is_error and told_saved), said
    assert "try again" not in said.lower(), said
    again = await discord_session.command("film-admin add", ADMIN)
    twice = await discord_session.submit(again.first.data["custom_id"], values, ADMIN)
    assert twice.is_error and "already" in twice.content.lower(), twice.content


async def test_a_refused_form_opens_again_filled_in_from_its_edit_again_button(
    discord_session: Session,
) -> None:
    """Discord closes a form once sent, and a form's answer cannot be a form: the refusal's
    Edit again button opens it (a modal answers a press), filled in with what was typed."""
    values = {"title": "Arrival", "year": "20166", "synopsis": "A linguist talks to visitors."}
    values |= {"quick_answer": "She chooses her future knowing how it goes.", "ending": ""}
    refused = await discord_session.submit("epi:add", values, ADMIN)
    assert refused.is_error and "Edit again" in refused.content, refused.content
    again = next(i for i in refused.custom_ids() if i.startswith("epi:again:"))

    opened = await discord_session.press(refused.message, again, ADMIN)

    assert opened.first.callback_type == MODAL
    fields = [row["components"][0] for row in opened.first.data["components"]]
    # A field is filled in no longer than it holds: Discord refuses to open it otherwise.
    assert {f["custom_id"]: f.get("value", "") for f in fields} == values | {"year": "2016"}
    saved = await discord_session.submit(
        opened.first.data["custom_id"], values | {"year": "2016"}, ADMIN
    )
    assert "Added Arrival (2016)" in visible_text(saved.content), saved.text
