"""``/film-admin …``: a server's admins manage that server's own films.

Files travel as Discord attachments (the stand-in serves them to the bot and keeps what the bot
uploads); forms are Discord modals.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.e2e.harness import LA_LA_LAND, ROOT, FilmClub, behind_bars, shown
from tests.e2e.invariants import PromiseChecker
from tests.e2e.paper_moons import MARKERS, PAPER_MOONS, TWIST, admin, import_paper_moons
from tests.standin import StandinServer

pytestmark = pytest.mark.usefixtures("bot")


@pytest.fixture(autouse=True)
def _trace_paper_moons(promise: PromiseChecker) -> None:
    promise.watch(*MARKERS)


async def titles(standin: StandinServer, user: object, channel: object, typed: str) -> list[str]:
    choices = await standin.autocomplete(f"/film info film:{typed}", user=user, channel=channel)
    return [choice["name"] for choice in choices]


async def test_import_previews_then_confirm_loads_for_this_server(
    standin: StandinServer, people: FilmClub
) -> None:
    result = await admin(
        standin, people, "/film-admin import", file=("paper-moons.yaml", PAPER_MOONS)
    )
    preview = result.message
    assert preview.ephemeral
    assert preview.embeds[0]["title"].replace("\\", "") == "Import Paper Moons (2021)?"
    assert "Adds a film to this server" in shown(preview)
    assert standin.requests_to("GET", r"/attachments/\d+/paper-moons\.yaml"), "downloaded"
    assert await titles(standin, people.member, people.general, "paper") == [], "not yet"

    confirm = next(c for c in preview.custom_ids if c.startswith("epi:p:confirm:"))
    done = await standin.press_button(preview, confirm, user=people.admin)
    # A private message edited only once Discord says (@original, read through the press's
    # token) it is private: the press's own ``flags`` may be forged.
    assert done.callback_type == 6 and not done.followups and done.message.id == preview.id
    assert done.message.custom_ids == []
    assert "Loaded Paper Moons (2021) for this server" in done.message.content.replace("\\", "")

    assert await titles(standin, people.member, people.general, "paper") == ["Paper Moons (2021)"]
    answer = await standin.run_command(
        "/film quick film:Paper Moons", user=people.member, channel=people.general
    )
    assert not answer.message.ephemeral
    assert TWIST not in shown(answer.message) and TWIST in behind_bars(answer.message)

    faq = await standin.autocomplete(
        "/film faq film:Paper Moons question:",
        focused="question",
        user=people.member,
        channel=people.general,
    )
    assert [c["name"] for c in faq] == ["Is it a comedy?", "Question 2 (spoiler)"]

    # The other server never sees it.
    assert await titles(standin, people.other_member, people.other_general, "paper") == []
    missing = await standin.run_command(
        "/film info film:Paper Moons", user=people.other_member, channel=people.other_general
    )
    assert missing.message.ephemeral and "No film matches" in missing.message.content


async def test_import_cancel_and_bad_files_change_nothing(
    standin: StandinServer, people: FilmClub
) -> None:
    preview = (
        await admin(standin, people, "/film-admin import", file=("paper-moons.yaml", PAPER_MOONS))
    ).message
    cancel = next(c for c in preview.custom_ids if c.startswith("epi:p:cancel:"))
    cancelled = await standin.press_button(preview, cancel, user=people.admin)
    assert "Cancelled" in cancelled.message.content

    broken = await admin(
        standin, people, "/film-admin import", file=("broken.yaml", b"title: [unclosed\n")
    )
    assert broken.message.ephemeral and "nothing was saved" in broken.message.content
    binary = await admin(standin, people, "/film-admin import", file=("film.yaml", b"\x00\x01"))
    assert "binary data" in binary.message.content
    wrong = await admin(standin, people, "/film-admin import", file=("film.pdf", b"%PDF-1.4"))
    assert "is binary data" in wrong.message.content and "a PDF" in wrong.message.content

    assert await titles(standin, people.member, people.general, "paper") == []


async def test_import_an_article(standin: StandinServer, people: FilmClub) -> None:
    article = (ROOT / "tests/bot/importer/fixtures/arrival.md").read_bytes()
    preview = (
        await admin(standin, people, "/film-admin import", file=("arrival.md", article))
    ).message
    assert preview.ephemeral and "Import Arrival" in preview.embeds[0]["title"]
    confirm = next(c for c in preview.custom_ids if c.startswith("epi:p:confirm:"))
    await standin.press_button(preview, confirm, user=people.admin)

    assert any("Arrival" in t for t in await titles(standin, people.member, people.general, "arr"))


async def test_import_one_film_of_a_franchise_explainer_by_title(
    standin: StandinServer, people: FilmClub
) -> None:
    article = ROOT / "tests/bot/importer/fixtures/other_pages/franchise_before_trilogy.md"
    upload = ("before.md", article.read_bytes())
    refused = (await admin(standin, people, "/film-admin import", file=upload)).message
    assert refused.ephemeral and "explains 3 films" in refused.content
    assert "title:" in refused.content

    preview = (
        await admin(standin, people, "/film-admin import title:Before Sunset", file=upload)
    ).message
    assert preview.ephemeral and "Import Before Sunset" in preview.embeds[0]["title"]
    confirm = next(c for c in preview.custom_ids if c.startswith("epi:p:confirm:"))
    await standin.press_button(preview, confirm, user=people.admin)
    assert await titles(standin, people.member, people.general, "before") == [
        "Before Sunset (2004)"
    ]


async def test_export_sends_the_content_file(standin: StandinServer, people: FilmClub) -> None:
    result = await admin(standin, people, f"/film-admin export film:{LA_LA_LAND}")

    message = result.message
    assert message.ephemeral
    (attachment,) = message.attachments
    assert attachment["filename"] == "la-la-land-2016.yaml"
    exported = yaml.safe_load(standin.attachment_bytes(attachment))
    assert exported["title"] == "La La Land" and exported["year"] == 2016
    assert {s["kind"] for s in exported["sections"]} >= {"quick_answer", "ending", "faq"}


async def test_export_then_import_round_trips(standin: StandinServer, people: FilmClub) -> None:
    exported = (await admin(standin, people, f"/film-admin export film:{LA_LA_LAND}")).message
    data = standin.attachment_bytes(exported.attachments[0])

    preview = (
        await admin(standin, people, "/film-admin import", file=("la-la-land-2016.yaml", data))
    ).message
    assert "instead of the global one" in shown(preview)


async def test_add_film_with_a_form(standin: StandinServer, people: FilmClub) -> None:
    opened = await admin(standin, people, "/film-admin add")
    assert opened.callback_type == 9 and opened.modal is not None
    assert opened.modal["title"] == "Add a film"

    bad = await standin.submit_modal(
        "epi:add",
        {"title": "Paper Moons", "year": "soon", "synopsis": "Sisters.", "quick_answer": "x"},
        user=people.admin,
    )
    assert bad.message.ephemeral and "Year must be a number" in bad.message.content

    await admin(standin, people, "/film-admin add")
    added = await standin.submit_modal(
        "epi:add",
        {
            "title": "Paper Moons",
            "year": "2021",
            "synopsis": "Two sisters run a puppet theatre.",
            "quick_answer": f"The theatre burns down after the {TWIST} show.",
        },
        user=people.admin,
    )
    assert added.message.ephemeral
    assert "Added Paper Moons (2021) to this server" in added.message.content.replace("\\", "")

    answer = await standin.run_command(
        "/film quick film:Paper Moons", user=people.member, channel=people.general
    )
    assert not answer.message.ephemeral and TWIST in behind_bars(answer.message)


async def test_edit_makes_a_server_copy_of_a_global_film(
    standin: StandinServer, people: FilmClub
) -> None:
    opened = await admin(standin, people, f"/film-admin edit film:{LA_LA_LAND} section:synopsis")
    modal = opened.modal
    assert modal is not None and modal["title"] == "Synopsis: La La Land (2016)"
    (field,) = [
        c for row in modal["components"] for c in row.get("components", [row.get("component")])
    ]
    assert "struggling jazz pianist" in field["value"]

    saved = await standin.submit_modal(
        modal["custom_id"], {"body": "A pianist and an actress in Los Angeles."}, user=people.admin
    )
    assert "this server's own copy" in saved.message.content

    here = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert "A pianist and an actress" in shown(here.message)
    there = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.other_member, channel=people.other_general
    )
    assert "struggling jazz pianist" in shown(there.message)

    # The copy keeps the original's spoiler levels.
    copy = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert not copy.message.ephemeral and "married" in behind_bars(copy.message)


async def test_remove_own_film_but_not_global_content(
    standin: StandinServer, people: FilmClub
) -> None:
    refused = await admin(standin, people, f"/film-admin remove film:{LA_LA_LAND}")
    assert refused.message.ephemeral and "global content" in refused.message.content

    await import_paper_moons(standin, people)
    prompt = (await admin(standin, people, "/film-admin remove film:Paper Moons")).message
    assert prompt.ephemeral and "cannot be undone" in prompt.content
    remove = next(c for c in prompt.custom_ids if c.startswith("epi:p:remove:"))
    removed = await standin.press_button(prompt, remove, user=people.admin)
    assert "Removed Paper Moons (2021) from this server" in removed.message.content.replace(
        "\\", ""
    )
    assert await titles(standin, people.member, people.general, "paper") == []


async def test_removing_a_server_copy_brings_back_the_global_film(
    standin: StandinServer, people: FilmClub
) -> None:
    opened = await admin(standin, people, f"/film-admin edit film:{LA_LA_LAND} section:synopsis")
    assert opened.modal is not None
    await standin.submit_modal(
        opened.modal["custom_id"], {"body": "Local words."}, user=people.admin
    )

    prompt = (await admin(standin, people, f"/film-admin remove film:{LA_LA_LAND}")).message
    remove = next(c for c in prompt.custom_ids if c.startswith("epi:p:remove:"))
    removed = await standin.press_button(prompt, remove, user=people.admin)
    assert "sees the global version again" in removed.message.content

    card = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert "struggling jazz pianist" in shown(card.message)


async def test_changes_are_in_the_log(standin: StandinServer, people: FilmClub) -> None:
    await import_paper_moons(standin, people)

    log = await standin.run_command("/spoiler-rules log", user=people.admin, channel=people.general)
    assert "imported Paper Moons (2021) from an uploaded file" in log.message.embeds[0][
        "description"
    ].replace("\\", "")


async def test_a_global_film_hidden_in_one_server_is_gone_there_alone(
    standin: StandinServer, people: FilmClub
) -> None:
    """An admin hides La La Land in the club: members there no longer find it anywhere, the
    other server still does, and unhide (offering the hidden film) brings it back."""
    label = "La La Land (2016)"
    hidden = await admin(standin, people, "/film-admin hide film:la la")
    assert (
        hidden.message.ephemeral
        and f"Hid {label} in this server" in hidden.message.content.replace("\\", "")
    )

    for command in ("/film info", "/film ending", "/spoilers seen", "/spoiler post"):
        choices = await standin.autocomplete(
            f"{command} film:la la", user=people.member, channel=people.general
        )
        assert label not in [choice["name"] for choice in choices], command
    typed = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert typed.message.ephemeral and "No film matches" in typed.message.content
    # The admin hiding it again is told it is hidden here (was "No film matches 'La La Land'").
    again = await admin(standin, people, f"/film-admin hide film:{LA_LA_LAND}")
    assert again.message.ephemeral
    assert f"**{label}** is hidden in this server" in again.message.content.replace("\\", "")
    listing = await standin.run_command("/film list", user=people.member, channel=people.general)
    assert "La La Land" not in shown(listing.message)
    assert await titles(standin, people.other_member, people.other_general, "la la") == [label]

    log = await standin.run_command("/spoiler-rules log", user=people.admin, channel=people.general)
    assert f"hid {label}, a global film" in log.message.embeds[0]["description"].replace("\\", "")

    offered = await standin.autocomplete(
        "/film-admin unhide film:la", user=people.admin, channel=people.general
    )
    assert [choice["name"] for choice in offered] == [label]
    back = await admin(standin, people, "/film-admin unhide", film=offered[0]["value"])
    assert f"{label} shows in this server again" in back.message.content.replace("\\", "")
    assert await titles(standin, people.member, people.general, "la la") == [label]


async def test_a_form_submitted_in_labels_is_read_as_in_rows(
    standin: StandinServer, people: FilmClub
) -> None:
    """A modal submission whose text inputs come wrapped in Labels (type 18, ``component``),
    Discord's components v2 shape, not in the action rows the form was sent with: read the same."""

    def in_labels(payload: dict[str, object]) -> None:
        data = payload.get("data")
        if payload.get("type") != 5 or not isinstance(data, dict):
            return
        rows = data.get("components") or []
        data["components"] = [
            {"type": 18, "id": index, "component": field}
            for index, field in enumerate(
                field for row in rows for field in row.get("components", [row])
            )
        ]

    standin.reshape_interaction = in_labels  # type: ignore[assignment]
    opened = await admin(standin, people, f"/film-admin edit film:{LA_LA_LAND} section:synopsis")
    assert opened.modal is not None
    saved = await standin.submit_modal(
        opened.modal["custom_id"], {"body": "A pianist and an actress."}, user=people.admin
    )

    assert "this server's own copy" in saved.message.content
    here = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    assert "A pianist and an actress" in shown(here.message)


async def test_a_form_whose_empty_fields_come_as_null_is_read_as_empty(
    standin: StandinServer, people: FilmClub
) -> None:
    """A modal submission whose fields left empty carry ``"value": null`` (Discord sends "",
    a stand-in serializing an unset value null): the core read the null as text, and adding a
    film without its optional ending failed with 'Something went wrong'."""

    def empty_as_null(found: Any) -> None:
        if isinstance(found, list):
            for item in found:
                empty_as_null(item)
        elif isinstance(found, dict):
            if found.get("value") == "":
                found["value"] = None
            for value in found.values():
                empty_as_null(value)

    standin.reshape_interaction = lambda payload: (
        empty_as_null(payload.get("data")) if payload.get("type") == 5 else None
    )
    await admin(standin, people, "/film-admin add")
    added = await standin.submit_modal(
        "epi:add",
        {"title": "Paper Moons", "year": "2021", "synopsis": "Sisters.", "quick_answer": "Ash."},
        user=people.admin,
    )

    assert "Added Paper Moons (2021) to this server" in added.message.content.replace("\\", "")
