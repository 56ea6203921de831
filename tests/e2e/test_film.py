"""``/film …`` through Discord's stand-in: answers, autocomplete, paging and Reveal."""

from __future__ import annotations

import pytest

from benchmarks.corpus import generate
from bot.content.film_file import parse_film_bytes
from client.bot import EpilogueBot
from tests.e2e.harness import FILMS, LA_LA_LAND, FilmClub, behind_bars, footer, shown, spoils
from tests.standin import StandinError, StandinServer
from tests.standin.faults import Fault

pytestmark = pytest.mark.usefixtures("bot")

VIEWS = ("quick", "ending", "recap", "themes", "symbolism", "faq")


async def test_info_card_is_public_and_spoiler_free(
    standin: StandinServer, people: FilmClub
) -> None:
    result = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    card = result.message
    assert not card.ephemeral
    assert card.embeds[0]["title"].replace("\\", "") == "La La Land (2016)"
    assert "struggling jazz pianist" in shown(card)
    assert "Damien Chazelle" in shown(card)
    assert behind_bars(card) == ""
    assert card.flags & 4  # link previews suppressed


@pytest.mark.parametrize("view", VIEWS)
async def test_every_view_is_wrapped_in_public(
    standin: StandinServer, people: FilmClub, view: str
) -> None:
    result = await standin.run_command(
        f"/film {view} film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    answer = result.message
    assert not answer.ephemeral
    assert not spoils(answer), shown(answer)
    assert behind_bars(answer), "the spoilers are hidden, not withheld"
    assert any(cid.startswith("epi:a:reveal:") for cid in answer.custom_ids)
    assert "Spoilers are hidden" in footer(answer)


async def test_private_answer_is_ephemeral(standin: StandinServer, people: FilmClub) -> None:
    result = await standin.run_command(
        f"/film quick film:{LA_LA_LAND} private:true", user=people.member, channel=people.general
    )

    assert result.message.ephemeral
    assert not spoils(result.message)  # not opted in: still wrapped, even privately
    assert standin.messages_in(people.general) == []


async def test_paging_belongs_to_the_asker_and_reveal_to_everyone(
    standin: StandinServer, people: FilmClub
) -> None:
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    answer = asked.message
    assert "Page 1/3" in footer(answer)
    next_id = answer.button_id("Next")

    turned = await standin.press_button(answer, next_id, user=people.member)
    assert turned.callback_type == 7  # the public message itself turns its page
    page_two = standin.message(answer.id)
    assert page_two is not None and "Page 2/3" in footer(page_two)
    assert not spoils(page_two)

    next_id = page_two.button_id("Next")
    someone_else = await standin.press_button(page_two, next_id, user=people.friend)
    assert someone_else.message.ephemeral
    assert "isn't your menu" in someone_else.message.content
    assert "Page 2/3" in footer(standin.message(answer.id))  # type: ignore[arg-type]

    reveal_id = next(cid for cid in page_two.custom_ids if cid.startswith("epi:a:reveal:"))
    revealed = await standin.press_button(page_two, reveal_id, user=people.friend)
    copy = revealed.message
    assert copy.ephemeral and copy.id != answer.id
    assert spoils(copy), "a pressed Reveal shows the text unwrapped, to the presser only"
    assert "Page 2/3" in footer(copy)

    back_id = copy.button_id("◀")
    assert back_id.startswith("epi:a:rpage:")
    back = await standin.press_button(copy, back_id, user=people.friend)
    # Turned in place, once Discord itself says the pressed message is private: taken
    # quietly, @original read through the press's token, then edited (the press's own
    # ``flags`` are no proof: a forged one turned a public answer into the page).
    assert back.callback_type == 6 and not back.followups
    app, token = standin.world.application_id, back.record.token
    read = f"/api/v10/webhooks/{app}/{token}/messages/@original"
    assert [str(r) for r in back.record.requests if r.method == "GET"] == [f"GET {read} -> 200"]
    turned_copy = standin.message(copy.id)
    assert turned_copy is not None and turned_copy.ephemeral
    assert "Page 1/3" in footer(turned_copy) and spoils(turned_copy)

    # Discord does not say (its read refused): the page is sent anew, privately.
    standin.faults.append(Fault("GET", r"/webhooks/.+/messages/@original", 404, code=10008))
    on = await standin.press_button(turned_copy, turned_copy.button_id("Next"), user=people.friend)
    assert on.callback_type == 6 and on.followups and on.followups[0].ephemeral
    assert "Page 2/3" in footer(on.followups[0]) and spoils(on.followups[0])
    assert "Page 1/3" in footer(standin.message(copy.id))  # type: ignore[arg-type]
    assert "Page 2/3" in footer(standin.message(answer.id))  # type: ignore[arg-type]


async def test_film_autocomplete_offers_titles_only(
    standin: StandinServer, people: FilmClub
) -> None:
    for typed in ("la la", "La La Land", "lala lnd", "LA LA"):
        choices = await standin.autocomplete(
            f"/film ending film:{typed}", user=people.member, channel=people.general
        )
        assert [c["name"] for c in choices] == ["La La Land (2016)"], typed
    everything = await standin.autocomplete(
        "/film info film:", focused="film", user=people.member, channel=people.general
    )
    assert [c["name"] for c in everything] == ["La La Land (2016)"]

    picked = everything[0]["value"]
    result = await standin.run_command(
        f"/film info film:{picked}", user=people.member, channel=people.general
    )
    assert "La La Land" in result.message.embeds[0]["title"]


async def test_faq_questions_hide_spoiler_questions(
    standin: StandinServer, people: FilmClub
) -> None:
    choices = await standin.autocomplete(
        f"/film faq film:{LA_LA_LAND} question:",
        focused="question",
        user=people.member,
        channel=people.general,
    )

    names = [c["name"] for c in choices]
    assert names == [
        "What is La La Land about?",
        "How does La La Land end?",
        "Question 3 (spoiler)",
        "Is the ending of La La Land sad?",
    ]
    narrowed = await standin.autocomplete(
        f"/film faq film:{LA_LA_LAND} question:sad", user=people.member, channel=people.general
    )
    assert [c["name"] for c in narrowed] == ["Is the ending of La La Land sad?"]

    spoiler_question = choices[2]["value"]
    result = await standin.run_command(
        f"/film faq film:{LA_LA_LAND} question:{spoiler_question}",
        user=people.member,
        channel=people.general,
    )
    answer = result.message
    assert not answer.ephemeral and not spoils(answer)
    assert "marry someone else" in behind_bars(answer)  # the question itself is behind bars


async def test_search_finds_words_and_keeps_them_wrapped(
    standin: StandinServer, people: FilmClub
) -> None:
    found = await standin.run_command(
        "/film search query:planetarium stars", user=people.member, channel=people.general
    )
    assert not found.message.ephemeral
    assert "La La Land" in shown(found.message)

    # A word that only the ending contains finds nothing in public: a result would say that
    # La La Land's ending holds it, even with the passage behind bars.
    ending_word = await standin.run_command(
        "/film search query:married", user=people.member, channel=people.general
    )
    assert "Nothing matches" in ending_word.message.content
    assert "La La Land" not in str(ending_word.message.embeds) + ending_word.message.content
    # Marked seen, the member finds it in a private search, and reads it.
    await standin.run_command(
        "/spoilers seen film:La La Land", user=people.member, channel=people.general
    )
    private = await standin.run_command(
        "/film search query:married private:true", user=people.member, channel=people.general
    )
    assert private.message.ephemeral
    assert "La La Land" in shown(private.message) and "married" in shown(private.message)

    nothing = await standin.run_command(
        "/film search query:xylophone", user=people.member, channel=people.general
    )
    # The asker's alone when it is the reply itself; after a public "thinking…" (a slow
    # search) the channel reads it there, never the words typed.
    assert "Nothing matches your search" in nothing.message.content
    assert "xylophone" not in nothing.message.content


async def test_list_shows_every_film(standin: StandinServer, people: FilmClub) -> None:
    result = await standin.run_command("/film list", user=people.member, channel=people.general)

    listing = result.message
    assert listing.embeds[0]["title"] == "Films explained here"
    assert "La La Land" in shown(listing)
    too_far = await standin.run_command(
        "/film list page:5", user=people.member, channel=people.general
    )
    assert too_far.message.ephemeral and "no page 5" in too_far.message.content


async def test_list_pages_turn_for_anyone(
    standin: StandinServer, people: FilmClub, bot: EpilogueBot
) -> None:
    await bot.app.loader.store([film.film_file() for film in generate(30)])
    await bot.app.catalog.refresh()

    listing = (
        await standin.run_command("/film list", user=people.member, channel=people.general)
    ).message
    assert "Page 1/2 · 31 films" in footer(listing)
    next_id = next(cid for cid in listing.custom_ids if cid.endswith(":1"))
    turned = await standin.press_button(listing, next_id, user=people.friend)
    assert turned.callback_type == 7
    assert "Page 2/2" in footer(standin.message(listing.id))  # type: ignore[arg-type]


async def test_unknown_film_is_a_private_hint(standin: StandinServer, people: FilmClub) -> None:
    result = await standin.run_command(
        "/film ending film:La La Lend", user=people.member, channel=people.general
    )

    assert result.message.ephemeral
    assert "Did you mean" in result.message.content and "La La Land" in result.message.content


async def test_direct_messages_answer_privately(standin: StandinServer, people: FilmClub) -> None:
    result = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, dm=True
    )

    assert result.message.ephemeral and not spoils(result.message)


async def test_reveal_of_changed_content_explains_itself(
    standin: StandinServer, people: FilmClub, bot: EpilogueBot
) -> None:
    asked = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    reveal_id = next(c for c in asked.message.custom_ids if c.startswith("epi:a:reveal:"))
    # The film's content changes after the answer is posted: the old button names the old
    # revision, so it shows nothing of the new text and says why, privately.
    changed = (FILMS / "la-la-land.yaml").read_text().replace("five years", "six years")
    await bot.app.loader.store([parse_film_bytes(changed.encode(), "la-la-land.yaml")])
    await bot.app.catalog.refresh()

    pressed = await standin.press_button(asked.message, reveal_id, user=people.friend)
    assert pressed.message.ephemeral and "has changed since" in pressed.message.content
    assert "six years" not in str(pressed.message.content)
    with pytest.raises(StandinError, match="no component"):
        await standin.press_button(asked.message, "epi:a:reveal:0:0", user=people.member)


@pytest.mark.parametrize("typed", ["-1", "1.5"])
async def test_a_question_number_no_question_has_is_told_the_numbers_privately(
    standin: StandinServer, people: FilmClub, typed: str
) -> None:
    """Through Discord: question:-1 was "No FAQ question … matches '-1'", as if words were
    sought; the member is told the numbers the questions have, privately, nothing posted."""
    result = await standin.run_command(
        f"/film faq film:la la question:{typed}", user=people.member, channel=people.general
    )

    said = result.message.content
    assert result.message.ephemeral, said
    assert "no question's number" in said and "whole number from 1 to 4" in said, said
    assert standin.messages_in(people.general) == []
