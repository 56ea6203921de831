"""Dispatch: a member's mistake is corrected at once, not after waiting out the cooldown."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

import bot.catalog
from bot.command_table import Access, OptionKind, command_table
from bot.content.film_file import parse_film_bytes
from bot.dispatch import check_access, run_command
from bot.epilogue import Epilogue
from bot.errors import OnCooldown
from bot.invocation import Invocation
from bot.replies import Reply
from tests.support.fake_discord import Session
from tests.support.typed_titles import ANSWERED, ASKED, LABELS, TYPED_FILMS, film_file

MOD = Invocation(user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"}))
MEMBER = Invocation(user_id=7, guild_id=1, channel_id=10)


async def run(app, name: str, invocation: Invocation, **options: Any) -> Reply:  # type: ignore[no-untyped-def]
    return await run_command(app, command_table()[name], invocation, options)


@pytest.mark.parametrize(
    ("name", "mistake", "fixed"),
    [
        ("film info", {"film": "La La Lnad"}, {"film": "La La Land"}),
        ("film faq", {"film": "La La Land", "question": "99"}, {"film": "La La Land"}),
        ("film quick", {"film": "zzz"}, {"film": "La La Land"}),  # /spoilers has no cooldown
    ],
)
async def test_a_refused_command_spends_no_cooldown(
    app, name: str, mistake: dict[str, Any], fixed: dict[str, Any]
) -> None:  # type: ignore[no-untyped-def]
    await run(app, "spoiler-rules cooldown", MOD, seconds=60)

    refused = await run(app, name, MEMBER, **mistake)
    assert refused.is_error and "Slow down" not in (refused.content or "")

    corrected = await run(app, name, MEMBER, **fixed)
    assert not corrected.is_error, corrected.content
    # The answered command counts: the cooldown itself still holds.
    again = await run(app, name, MEMBER, **fixed)
    assert again.is_error and "Slow down" in (again.content or "")


@pytest.mark.parametrize(
    "mistake",
    [{"film": ""}, {"film": "La La Land", "colour": "red"}],
    ids=["missing option", "unknown option"],
)
async def test_a_command_refused_before_its_cooldown_check_keeps_the_last_use(
    app, mistake: dict[str, Any]
) -> None:  # type: ignore[no-untyped-def]
    """Failing on purpose must not wipe the use that started the cooldown."""
    await run(app, "spoiler-rules cooldown", MOD, seconds=60)
    answered = await run(app, "film info", MEMBER, film="La La Land")
    assert not answered.is_error, answered.content

    refused = await run(app, "film info", MEMBER, **mistake)
    assert refused.is_error

    again = await run(app, "film info", MEMBER, film="La La Land")
    assert again.is_error and "Slow down" in (again.content or "")


LONG = "She marries someone else, and years later they meet again in his club. " * 5


@pytest.mark.parametrize(
    ("options", "why"),
    [
        ({"film": "La La Lnad", "text": LONG}, "No film matches"),  # refused before the handler
        ({"film": "La La Land", "text": LONG * 40}, "too long"),  # refused by the handler
    ],
)
async def test_a_refused_command_hands_back_long_text_typed_into_it(
    app, options: dict[str, Any], why: str
) -> None:  # type: ignore[no-untyped-def]
    """Discord does not give a sent command's text back: a refusal is all that is left of it."""
    reply = await run(app, "spoiler post", MEMBER, **options)

    assert reply.is_error and reply.ephemeral
    assert why in reply.content and "What you typed is attached" in reply.content
    assert reply.attachments[0].data.decode() == options["text"]


async def test_short_options_are_not_handed_back(app) -> None:  # type: ignore[no-untyped-def]
    reply = await run(app, "film search", MEMBER, query="   ")
    assert reply.is_error and not reply.attachments


@pytest.mark.parametrize("film", ["La La Lnad", "zzz"])
async def test_a_refused_post_hands_back_its_text_however_short(app, film: str) -> None:  # type: ignore[no-untyped-def]
    """Was: a /spoiler post text under 100 characters refused for a mistyped title was gone;
    it is what the member meant to post, not a search word, and Discord keeps none of it."""
    text = "Bruce Willis was dead the whole time, and the boy saw him from the start."
    reply = await run(app, "spoiler post", MEMBER, film=film, text=text)

    assert reply.is_error and "What you typed is attached" in reply.content
    assert reply.attachments[0].data.decode() == text


async def test_a_storage_failure_hands_back_long_text_and_spends_no_cooldown(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Was: "storage is unavailable" alone, the text typed into /spoiler post lost, and the
    try counted against the member's cooldown."""
    import sqlite3

    await run(app, "spoiler-rules cooldown", MOD, seconds=60)

    async def down(*args: Any, **kwargs: Any) -> Reply:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(app.member_spoilers, "post", down)
    failed = await run(app, "spoiler post", MEMBER, film="La La Land", text=LONG)

    assert failed.is_error and "storage is unavailable" in (failed.content or "")
    assert "What you typed is attached" in (failed.content or "")
    assert failed.attachments[0].data.decode() == LONG
    monkeypatch.undo()
    retried = await run(app, "spoiler post", MEMBER, film="La La Land", text="again")
    assert not retried.is_error, retried.content


async def test_the_cooldown_message_names_the_command_waited_for(app) -> None:  # type: ignore[no-untyped-def]
    """Was "Slow down: you can use this command again in 90 s" whichever command it was."""
    await run(app, "spoiler-rules cooldown", MOD, seconds=90)
    cooled = [
        spec
        for spec in command_table().values()
        if spec.access is Access.MEMBER and not spec.own_settings
    ]
    assert len(cooled) > 5  # every member command has the cooldown but /spoilers (its own)
    for spec in cooled:
        await check_access(app, spec, MEMBER)
        with pytest.raises(OnCooldown) as refused:
            await check_access(app, spec, MEMBER)
        message = refused.value.message
        assert f"you can use /{spec.name} again in 90 s" in message, spec.name
        # Another command's name never shows: each names its own.
        others = [o for o in cooled if o.name != spec.name and spec.name not in o.name]
        assert not any(f"/{o.name} " in message for o in others), message
    again = await run(app, "film info", MEMBER, film="La La Land")
    assert again.is_error and "/film info again in" in (again.content or "")


FILM_COMMANDS = sorted(
    name
    for name, spec in command_table().items()
    if any(option.kind is OptionKind.FILM for option in spec.options)
)


ADMIN = Invocation(
    user_id=5,
    guild_id=1,
    channel_id=10,
    permissions=frozenset({"manage_messages", "manage_guild"}),
)


def film_command_options(name: str, typed: str) -> dict[str, Any]:
    """Options that let ``/name`` get as far as its film: ``typed`` in the film option."""
    spec = command_table()[name]
    options: dict[str, Any] = {}
    for option in spec.options:
        if option.kind is OptionKind.FILM:
            options[option.name] = typed
        elif option.required and option.choices:
            options[option.name] = option.choices[0]
        elif option.required and option.kind is OptionKind.INTEGER:
            options[option.name] = option.min_value if option.min_value is not None else 1
        elif option.required and option.kind is OptionKind.BOOLEAN:
            options[option.name] = True
        elif option.required:
            options[option.name] = "A few words."
    if name == "spoiler-rules embargo":
        options["days"] = 30
    return options


@pytest.mark.parametrize("name", FILM_COMMANDS)
async def test_every_command_taking_a_film_reads_a_title_typed_without_picking(
    app, name: str
) -> None:  # type: ignore[no-untyped-def]
    """Members press Enter on a title written their way in every command that takes a film,
    not only /film: each resolves it through the one lookup, before its own checks."""
    # One app for the three texts, each in a server of its own and by a member of its own (as
    # a test of its own had them): /film-admin hide takes the film out of the server, and
    # /spoilers' per-member minute would refuse one asking again.
    for number, typed in enumerate(["the la la land", "la la 16", "LA-LA"]):
        admin = replace(ADMIN, guild_id=1 + number, user_id=ADMIN.user_id + number)
        options = film_command_options(name, typed)
        reply = await run_command(app, command_table()[name], admin, options)

        content = reply.content or ""
        assert "No film" not in content and "Several films" not in content, (name, typed, content)


def _film_named(reply: Reply) -> str:
    """The text of a reply where it names a film, markdown escapes and bold taken out."""
    parts = [reply.content or ""]
    parts += [f"{embed.title}\n{embed.description}" for embed in reply.embeds]
    if reply.modal is not None:
        parts.append(reply.modal.title)
    return "\n".join(parts).replace("\\", "").replace("**", "")


def _names(reply: Reply, label: str) -> bool:
    if reply.modal is not None:  # a form's title is cut to Discord's 45 characters
        _what, _, shown = reply.modal.title.partition(": ")
        return shown == label or (label.startswith(shown.rstrip("…")) and len(shown) > 10)
    return label in _film_named(reply)


@pytest.mark.parametrize("name", FILM_COMMANDS)
async def test_every_command_taking_a_film_offers_first_what_enter_answers(
    app: Epilogue, discord_session: Session, name: str
) -> None:
    """Titles typed their way (punctuation inside words, accents, ligatures, apostrophes,
    dashes, colons, full-width letters, sequel numbers as digits, numerals or words), in every
    command that takes a film: the film Enter answers with is the first choice autocomplete
    offers, and a text several films fit is asked about, naming each, and offers each."""
    files = [parse_film_bytes(film_file(*film), f"{film[0]}.yaml") for film in TYPED_FILMS]
    await app.loader.store(files)
    await app.catalog.refresh()
    spec = command_table()[name]
    film_option = next(option.name for option in spec.options if option.kind is OptionKind.FILM)

    # Each text in a server of its own: /film-admin hide takes the film out of the server;
    # and by a member of its own: /spoilers' per-member minute would refuse one asking so often.
    for guild_id, (typed, title) in enumerate(ANSWERED, start=1000):
        choices = await discord_session.autocomplete(name, film_option, **{film_option: typed})
        assert [choice["name"] for choice in choices[:1]] == [LABELS[title]], (name, typed)
        admin = replace(ADMIN, guild_id=guild_id, user_id=guild_id)
        reply = await run_command(app, spec, admin, film_command_options(name, typed))
        assert _names(reply, LABELS[title]), (name, typed, _film_named(reply))
        assert "No film" not in _film_named(reply) and "Several films" not in _film_named(reply)

    for typed, titles in ASKED:
        choices = await discord_session.autocomplete(name, film_option, **{film_option: typed})
        reply = await run_command(app, spec, ADMIN, film_command_options(name, typed))
        if spec.none_to_change:
            # None of them has anything for this command to change: it says so, naming each,
            # rather than ask which to pick only to say "nothing changed" about it.
            assert reply.ephemeral and "Nothing changed" in _film_named(reply), (name, typed)
        else:
            assert reply.is_error and "Several films" in _film_named(reply), (name, typed)
        for title in titles:
            assert LABELS[title] in [choice["name"] for choice in choices], (name, typed)
            assert LABELS[title] in _film_named(reply), (name, typed)


REQUIRING = sorted(
    name for name, spec in command_table().items() if any(o.required for o in spec.options)
)


@pytest.mark.parametrize("name", REQUIRING)
async def test_a_missing_required_option_is_told_with_the_line_to_type(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """Was "/spoiler post needs the option 'text:'.": the option named, not the line to type
    (which other options the command needs, what goes after each)."""
    spec = command_table()[name]
    who = Invocation(
        user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_guild"}), is_owner=True
    )

    refused = await run_command(app, spec, who, {})

    assert refused.is_error, refused.content
    required = [option.name for option in spec.options if option.required]
    placeholders = "".join(rf" {re.escape(option)}:<[^<>:]+>" for option in required)
    assert re.search(rf"`/{re.escape(spec.name)}{placeholders}`", refused.content), refused.content


async def test_a_post_missing_its_text_is_told_what_goes_there(app) -> None:  # type: ignore[no-untyped-def]
    refused = await run(app, "spoiler post", MEMBER, film="La La Land")
    line = "`/spoiler post film:<film title> text:<what you want to say>`"
    assert line in refused.content, refused.content


@pytest.mark.parametrize("typed", ["land", "land la la"])
async def test_a_word_from_inside_a_title_typed_before_the_words_are_read_answers_the_film(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """A large catalogue reads the words inside its titles in a thread, once, started by the
    first look that needs them. The member whose command starts it waits for it (the loop
    runs on meanwhile) and gets the film, not "send it again in a few seconds"."""
    monkeypatch.setattr(bot.catalog, "WORDS_BUILT_INLINE", 0)  # La La Land alone: "large"

    reply = await run(app, "film info", MEMBER, film=typed)

    assert not reply.ephemeral and reply.embeds, reply.content
    assert "La La Land" in (reply.embeds[0].title or ""), reply.embeds[0].title
