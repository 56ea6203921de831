"""A change delivered again after a newer one (a gateway RESUME's replay, a second process on
the shard that was behind): the older change must not undo the newer one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, shown, spoils
from tests.e2e.paper_moons import TWIST, admin, import_paper_moons
from tests.e2e.test_spoiler_guard import SPOILS, turn_on
from tests.standin import InteractionResult, StandinServer
from tests.support.fake_discord import settle as discord_tasks_done


async def delivered_again(standin: StandinServer, payload: dict[str, Any]) -> None:
    """Deliver ``payload`` again, as a RESUME's replay or a second process would, and wait
    until the bot is done with it (it may answer nothing)."""
    await standin.gateway.dispatch("INTERACTION_CREATE", payload)
    await standin.settle()
    await discord_tasks_done()
    await standin.settle()


FLIPS = {
    "a spoiler channel made standard again": (
        "/spoiler-rules channel channel:{general} mode:spoilers",
        "/spoiler-rules channel channel:{general} mode:standard",
        "moderator",
    ),
    "an opt-in taken back": ("/spoilers on", "/spoilers off", "member"),
    "a film unmarked seen": (
        f"/spoilers seen film:{LA_LA_LAND}",
        f"/spoilers unseen film:{LA_LA_LAND}",
        "member",
    ),
}


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("flip", list(FLIPS))
async def test_an_older_change_delivered_again_never_undoes_a_newer_one(
    standin: StandinServer, people: FilmClub, flip: str
) -> None:
    older, newer, who = FLIPS[flip]
    general = f"<#{people.general.id}>"
    first = await standin.run_command(
        older.format(general=general), user=getattr(people, who), channel=people.general
    )
    await standin.run_command(
        newer.format(general=general), user=getattr(people, who), channel=people.general
    )
    answered = len(first.record.requests)
    await delivered_again(standin, first.record.payload)
    assert len(first.record.requests) == answered, "the replay is answered by the first answer"
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    for message in asked.messages:
        assert not spoils(message), f"{flip}: the ending is open again"


async def edit_synopsis(standin: StandinServer, people: FilmClub, text: str) -> InteractionResult:
    opened = await admin(standin, people, "/film-admin edit film:Paper Moons section:synopsis")
    assert opened.modal is not None
    return await standin.submit_modal(opened.modal["custom_id"], {"body": text}, user=people.admin)


@pytest.mark.usefixtures("bot")
async def test_a_form_delivered_again_never_puts_back_what_a_newer_edit_took_out(
    standin: StandinServer, people: FilmClub
) -> None:
    """An admin puts the twist into the synopsis, which everyone reads, and edits it out
    again. The content is back at the revision the first form was opened from (a revision
    names content, not a time), so the first form, delivered again, would be taken."""
    await import_paper_moons(standin, people)
    clean = "Two sisters run a puppet theatre."
    await edit_synopsis(standin, people, clean)
    oops = await edit_synopsis(standin, people, f"Two sisters; {TWIST} burns their theatre down.")
    await edit_synopsis(standin, people, clean)
    await delivered_again(standin, oops.record.payload)
    card = await standin.run_command(
        "/film info film:Paper Moons", user=people.member, channel=people.general
    )
    assert TWIST not in shown(card.message)


@pytest.mark.usefixtures("guarded_bot")
async def test_an_undo_that_failed_is_not_done_by_its_replay(
    standin: StandinServer, people: FilmClub
) -> None:
    """A moderator's Undo failed (Discord refused the post that puts the message back), and
    they were told nothing changed: the same Undo delivered again later must not put the
    spoiler back in the open behind their back."""
    await turn_on(standin, people)
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()
    (repost,) = standin.messages_in(people.general)
    standin.fail("POST", r"/webhooks/\d+/(?!standin-)[^/]+", 403, code=50013)
    undo = await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)
    assert "nothing changed" in undo.message.content.lower(), undo.message.content

    await delivered_again(standin, undo.record.payload)
    for message in standin.messages_in(people.general):
        assert "marries" not in shown(message), shown(message)
