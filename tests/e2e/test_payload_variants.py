"""INTERACTION_CREATE in every shape Discord's reference allows, not only our stand-in's.

Another Discord (or Discord next year) may leave out what its reference marks optional, add
fields, or name kinds (channels, components, flags, contexts) newer than discord.py: each
journey below (a command in a channel and in a DM, autocomplete, a button, Hide as spoiler) is
answered whatever the shape, and what is unknown is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    LA_LA_LAND,
    FilmClub,
    behind_bars,
    bot_in_process,
    footer,
    make_config,
    shown,
    with_integer_snowflakes,
)
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.rest import nested_nulls

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"
UNKNOWN_FLAG = 1 << 40
"""A message flag no Discord has yet."""

Reshape = Callable[[dict[str, Any]], None]


def _members(payload: dict[str, Any]) -> list[dict[str, Any]]:
    resolved = (payload.get("data") or {}).get("resolved") or {}
    found = [payload["member"]] if isinstance(payload.get("member"), dict) else []
    return found + list((resolved.get("members") or {}).values())


def without_locales(payload: dict[str, Any]) -> None:
    payload.pop("locale", None)
    payload.pop("guild_locale", None)
    if isinstance(payload.get("guild"), dict):
        payload["guild"].pop("locale", None)


def without_guild_object(payload: dict[str, Any]) -> None:
    """Older payloads: ``guild_id`` only, no partial ``guild``."""
    payload.pop("guild", None)


def with_unknown_fields(payload: dict[str, Any]) -> None:
    payload["brand_new_field"] = {"nested": [1, "two", None]}
    payload.setdefault("data", {})["brand_new_field"] = 7
    for member in _members(payload):
        member["brand_new_field"] = True
    for key in ("user", "channel", "guild", "message"):
        if isinstance(payload.get(key), dict):
            payload[key]["brand_new_field"] = "x"
    if isinstance(payload.get("member"), dict):
        payload["member"]["user"]["primary_guild"] = {"identity_enabled": None, "tag": None}
        payload["member"]["user"]["collectibles"] = {"nameplate": {"sku_id": "1", "asset": "a"}}


def with_unknown_kinds(payload: dict[str, Any]) -> None:
    """Kinds newer than discord.py: a context, an installation type, message flags, a
    component on the pressed message, a channel flag."""
    payload["context"] = 9
    owners = payload.setdefault("authorizing_integration_owners", {})
    owners["7"] = "123"
    if isinstance(payload.get("channel"), dict):
        payload["channel"]["flags"] = int(payload["channel"].get("flags") or 0) | UNKNOWN_FLAG
    message = payload.get("message")
    if isinstance(message, dict):
        message["flags"] = int(message.get("flags") or 0) | UNKNOWN_FLAG
        message.setdefault("components", []).append({"type": 99, "id": 4242, "future": 1})
    resolved = (payload.get("data") or {}).get("resolved") or {}
    for target in (resolved.get("messages") or {}).values():
        target["flags"] = int(target.get("flags") or 0) | UNKNOWN_FLAG
        target.setdefault("components", []).append({"type": 99, "id": 4243})


def with_entitlements(payload: dict[str, Any]) -> None:
    """A member who bought the app's SKU: one entitlement as Discord documents it, one with
    only its required fields."""
    user = payload.get("user") or payload["member"]["user"]
    full = {
        "id": "1300000000000000001",
        "sku_id": "1300000000000000002",
        "application_id": payload["application_id"],
        "user_id": user["id"],
        "type": 8,
        "deleted": False,
        "starts_at": "2026-01-01T00:00:00+00:00",
        "ends_at": None,
        "consumed": False,
    }
    least = {
        "id": "1300000000000000003",
        "sku_id": "1300000000000000004",
        "application_id": payload["application_id"],
        "type": 99,
        "deleted": False,
    }
    payload["entitlements"] = [full, least]
    payload["entitlement_sku_ids"] = ["1300000000000000002"]


def with_minimal_members(payload: dict[str, Any]) -> None:
    """Members and users as Discord's objects require them and no more (``joined_at`` null,
    as Discord allows for a guest; a user's nullable fields null)."""
    for member in _members(payload):
        for key in ("nick", "avatar", "banner", "premium_since", "pending"):
            member.pop(key, None)
        for key in ("communication_disabled_until", "avatar_decoration_data"):
            member.pop(key, None)
        member["joined_at"] = None
    user = payload.get("user") or (payload.get("member") or {}).get("user")
    if isinstance(user, dict):
        user.pop("public_flags", None)
        user.update(global_name=None, avatar=None)


def without_optional_fields(payload: dict[str, Any]) -> None:
    """What Discord's reference marks optional, left out rather than null: a member's
    ``nick``, a user's ``global_name``, the ``channel`` object (``channel_id`` stays), the
    pressed message's ``guild_id`` and ``member`` (an ephemeral one's are never sent), and
    ``resolved``'s maps a command did not need."""
    payload.pop("channel", None)
    for member in _members(payload):
        member.pop("nick", None)
    for user in [payload.get("user"), (payload.get("member") or {}).get("user")]:
        if isinstance(user, dict):
            user.pop("global_name", None)
    message = payload.get("message")
    if isinstance(message, dict):
        message.pop("guild_id", None)
        message.pop("member", None)
    resolved = (payload.get("data") or {}).get("resolved")
    if isinstance(resolved, dict):
        for key in [key for key, value in resolved.items() if not value]:
            del resolved[key]
        if not resolved:
            del payload["data"]["resolved"]


def with_the_asker_as_a_user(payload: dict[str, Any]) -> None:
    """The asker in a server as ``user`` alone, no ``member`` (Discord's reference sends
    ``user`` for DMs; a stand-in modelling an app installed to the member's account may send it
    in a server too)."""
    member = payload.pop("member", None)
    if isinstance(member, dict):
        payload["user"] = member["user"]


OPTIONAL_FIELDS = (
    *("guild", "guild_id", "channel", "channel_id", "member", "user", "message"),
    *("app_permissions", "locale", "guild_locale", "entitlements", "context"),
    "authorizing_integration_owners",
)
"""An interaction's fields Discord's reference marks optional (``?``)."""


def with_optional_fields_null(payload: dict[str, Any]) -> None:
    """What Discord leaves out sent as null instead (a stand-in serializing every field of
    its interaction type, set or not), the pressed message's nested objects' too."""
    for key in OPTIONAL_FIELDS:
        payload.setdefault(key, None)
    data = payload.get("data")
    if isinstance(data, dict):
        for key in ("resolved", "options", "guild_id", "target_id", "values", "components"):
            data.setdefault(key, None)
    # And the pressed message's components', files' and interaction metadata's (a button's
    # ``emoji?``, ``sku_id?``; ``interacted_message_id?``...).
    if isinstance(payload.get("message"), dict):
        nested_nulls(payload["message"])


VARIANTS: dict[str, Reshape] = {
    "no-locales": without_locales,
    "no-guild-object": without_guild_object,
    "unknown-fields": with_unknown_fields,
    "unknown-kinds": with_unknown_kinds,
    "entitlements": with_entitlements,
    "minimal-members": with_minimal_members,
    "integer-snowflakes": with_integer_snowflakes,
    "no-optional-fields": without_optional_fields,
    "optional-fields-null": with_optional_fields_null,
    "asker-as-user": with_the_asker_as_a_user,
}


@pytest.mark.parametrize("reshape", VARIANTS.values(), ids=VARIANTS.keys())
async def test_every_journey_is_answered_whatever_the_interaction_shape(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    tmp_path: Path,
    reshape: Reshape,
) -> None:
    standin.reshape_interaction = reshape
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        choices = await standin.autocomplete(
            "/film ending film:la la", user=people.member, channel=people.general
        )
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        answer = asked.message
        turned = await standin.press_button(answer, answer.button_id("Next"), user=people.member)
        in_dm = await standin.run_command(
            f"/film quick film:{LA_LA_LAND}", user=people.member, dm=True
        )
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert any(choice["name"].startswith("La La Land") for choice in choices), choices
    assert "Page 1/3" in footer(answer), answer.content
    page_two = standin.message(answer.id)
    assert turned.callback_type == 7 and page_two is not None and "Page 2/3" in footer(page_two)
    assert "La La Land" in in_dm.message.content or in_dm.message.embeds, in_dm.message.content
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    (repost,) = [m for m in standin.messages_in(people.general) if m.id != answer.id]
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert promise.violations() == []
    assert standin.unknown_requests == []


async def test_a_members_message_of_a_kind_newer_than_discord_py_is_reposted_not_deleted(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> None:
    """Discord adds kinds of messages that members write (replies and commands were once
    new). One of a ``type`` discord.py does not know was taken for Discord's own notice and
    deleted without a repost: the member's words were lost. A kind it does not know is read
    as its author's; Discord's own notices are the kinds discord.py names."""

    def newer_kind(payload: dict[str, Any]) -> None:
        for target in (
            ((payload.get("data") or {}).get("resolved") or {}).get("messages", {}).values()
        ):
            target["type"] = 99

    standin.reshape_interaction = newer_kind
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert promise.violations() == []


def without_file_weights(payload: dict[str, Any]) -> None:
    """Files as a Discord more minimal than its reference might describe them: no ``size``
    (which the reference requires) and no ``content_type`` (optional)."""
    resolved = (payload.get("data") or {}).get("resolved") or {}
    files = list((resolved.get("attachments") or {}).values())
    for target in (resolved.get("messages") or {}).values():
        files += target.get("attachments") or []
    for file in files:
        file.pop("size", None)
        file.pop("content_type", None)


async def test_files_described_without_their_weight_are_posted_and_hidden(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> None:
    """discord.py requires an attachment's ``size``: an interaction carrying a file described
    without it went unanswered (a /spoiler post, Hide as spoiler on a message with a file).
    A file of unknown weight is fetched, and Discord's own limit (413) has the last word."""
    standin.reshape_interaction = without_file_weights
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        posted = await standin.run_command(
            f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}",
            user=people.member,
            channel=people.general,
            options={"attachment": ("last-shot.png", b"\x89PNG" + b"\0" * 64)},
        )
        said = await standin.member_says(
            SPOILER, user=people.member, channel=people.general, files=[("clip.mp4", b"frames")]
        )
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert not posted.message.ephemeral, posted.message.content
    assert "marries" in behind_bars(posted.message) and len(posted.message.attachments) == 1
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    repost = standin.messages_in(people.general)[-1]
    assert "marries" in behind_bars(repost) and len(repost.attachments) == 1
    assert standin.message(said.id) is None
    assert promise.violations() == []


async def test_a_channel_option_sent_as_an_integer_is_read(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """An option naming a channel by a JSON number: discord.py finds it in ``resolved`` by
    the id as sent, and found nothing (the rule was never set)."""
    standin.reshape_interaction = with_integer_snowflakes
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        await standin.run_command(
            f"/spoiler-rules channel channel:{people.quiet.mention} mode:no-spoilers",
            user=people.moderator,
            channel=people.general,
        )
        quiet = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.quiet
        )

    assert quiet.message.ephemeral


async def test_a_file_without_its_weight_in_a_message_read_from_discord_is_hidden(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> None:
    """A Discord that never sends a file's ``size``: the message a Hide as spoiler reads whole
    (its target described without its words) carries a file discord.py could not read, and the
    read failed (the member was told Epilogue could not read it; the spoiler stayed up)."""
    standin.attachment_sizes = False

    def in_part(interaction: dict[str, Any]) -> None:
        for message in interaction["data"]["resolved"]["messages"].values():
            for key in ("content", "author"):
                message.pop(key, None)

    standin.reshape_interaction = in_part
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        said = await standin.member_says(
            SPOILER, user=people.member, channel=people.general, files=[("clip.mp4", b"frames")]
        )
        hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and len(repost.attachments) == 1
    assert promise.violations() == []


def nothing_typed_as_null(payload: dict[str, Any]) -> None:
    """The option being typed into, while empty, sent with ``"value": null`` (Discord sends
    ""): a stand-in serializing an unset value."""
    _nothing_typed(payload, lambda option: option.update(value=None))


def nothing_typed_left_out(payload: dict[str, Any]) -> None:
    """The same ``null`` left out, by a serializer that omits nulls: no ``value`` at all."""
    _nothing_typed(payload, lambda option: option.pop("value"))


def _nothing_typed(payload: dict[str, Any], unset: Callable[[dict[str, Any]], object]) -> None:
    def walk(options: Any) -> None:
        for option in options or []:
            if option.get("focused") and option.get("value") == "":
                unset(option)
            walk(option.get("options"))

    if payload.get("type") == 4:
        walk(payload["data"].get("options"))


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize(
    "unset", [nothing_typed_as_null, nothing_typed_left_out], ids=["null", "left-out"]
)
async def test_films_are_offered_while_nothing_typed_comes_as_null(
    standin: StandinServer, people: FilmClub, unset: Reshape
) -> None:
    """discord.py handed the ``None`` to the autocomplete, the film search failed on it, and a
    member opening the film option saw no choices at all."""
    standin.reshape_interaction = unset

    choices = await standin.autocomplete(
        "/film ending film:", user=people.member, channel=people.general
    )

    assert any(choice["name"].startswith("La La Land") for choice in choices), choices


async def test_a_command_as_discord_registered_it_before_is_told_to_be_out_of_date(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> None:
    """After Epilogue's commands are registered anew, Discord's clients may still send an
    older copy for a while: a subcommand since removed, or an option of another kind (the
    film named by a number). The number reached the core as it came and failed there
    ("something went wrong"); the member is told, privately, that the copy is out of date."""

    def stale(payload: dict[str, Any]) -> None:
        if payload.get("type") != 2:
            return
        (sub,) = payload["data"]["options"]
        if sub["name"] == "quick":
            sub["name"] = "trivia"  # a subcommand Epilogue no longer has
        for option in sub.get("options") or []:
            if option["name"] == "film":
                option.update(type=4, value=12)

    standin.reshape_interaction = stale
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        answers = [
            await standin.run_command(
                f"/film {sub} film:{LA_LA_LAND}", user=people.member, channel=people.general
            )
            for sub in ("info", "quick")
        ]

    for answered in answers:
        assert answered.message.ephemeral
        assert "out of date" in answered.message.content, answered.message.content
    assert promise.violations() == []
