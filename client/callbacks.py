"""An answer sent as its interaction's callback, in one request that asks for nothing back.

discord.py's ``InteractionResponse.send_message`` asks Discord to describe what the callback
made (``?with_response=1``) and reads that description into an ``InteractionMessage``: a
message object of the answer's whole size, built by Discord, sent back, parsed, then dropped,
since Epilogue reads nothing of it (``delivery.taken`` already treats a callback answered with
no body as taken). Without the query Discord answers 204, no body (the reference's default).
The body sent is the one discord.py would send for the same reply
(``tests/client/test_callbacks.py`` compares them), built from the payloads already made once
per embed (``delivery.embed_payload``), without a ``discord.Embed`` or a ``discord.ui.View``.

Posted through discord.py's own interaction adapter, as ``send_message`` posts it: the same
session, proxy, per-interaction lock and retries (server errors, a 429 through Discord's front
end), and the same exceptions for a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
import orjson
from discord import app_commands
from discord.http import Route
from discord.webhook.async_ import async_context

if TYPE_CHECKING:
    from collections.abc import Sequence

    from client.bot import EpilogueBot

CHANNEL_MESSAGE = discord.InteractionResponseType.channel_message
AUTOCOMPLETE_RESULT = discord.InteractionResponseType.autocomplete_result
MAX_EMBEDS = 10
"""discord.py refuses more (``ValueError``) before sending anything; so does this."""
EPHEMERAL = discord.MessageFlags(ephemeral=True).value
SUPPRESS_EMBEDS = discord.MessageFlags(suppress_embeds=True).value


def message_data(
    content: str | None,
    embeds: Sequence[dict[str, Any]],
    components: list[dict[str, Any]] | None,
    *,
    ephemeral: bool,
    suppress_embeds: bool,
    allowed_mentions: discord.AllowedMentions,
    bot_mentions: discord.AllowedMentions | None,
) -> dict[str, Any]:
    """A message callback's ``data`` as ``send_message`` builds it (discord.py's
    ``interaction_message_response_params``): the same keys, in the same order, so the JSON
    sent is the same. ``embeds`` are embed payloads (``Embed.to_dict``); ``components``
    None: no buttons (discord.py then sends no ``components`` key); ``bot_mentions`` the
    client's own ``allowed_mentions``, which the message's are merged into."""
    if len(embeds) > MAX_EMBEDS:
        raise ValueError("embeds has a maximum of 10 elements.")
    data: dict[str, Any] = {
        "tts": False,
        "embeds": list(embeds),
        "content": None if content is None else str(content),
    }
    if components is not None:
        data["components"] = components
    if ephemeral or suppress_embeds:
        data["flags"] = (EPHEMERAL if ephemeral else 0) | (
            SUPPRESS_EMBEDS if suppress_embeds else 0
        )
    mentions = allowed_mentions if bot_mentions is None else bot_mentions.merge(allowed_mentions)
    data["allowed_mentions"] = mentions.to_dict()
    return data


async def send_message(interaction: discord.Interaction[EpilogueBot], data: dict[str, Any]) -> None:
    """Answer ``interaction`` with the message ``data`` (``message_data``), as
    ``InteractionResponse.send_message`` would but asking no description back; the response
    then counts as made, as discord.py marks it after its own request succeeded."""
    await _respond(interaction, CHANNEL_MESSAGE, data)


async def send_choices(
    interaction: discord.Interaction[EpilogueBot], choices: Sequence[app_commands.Choice[str]]
) -> None:
    """Answer a keystroke with ``choices``, as ``InteractionResponse.autocomplete`` would (the
    same body: each choice's ``to_dict``; Epilogue sets no translator) but asking no
    description back. Discord's description of an autocomplete callback names the interaction
    and a resource of type 8, nothing discord.py or Epilogue reads, yet aiohttp read it, the
    trace rewrote it and discord.py decoded it on every keystroke (146 K instructions of a
    keystroke's 670 K of posting, ``docs/performance.md``, ``perfac8``)."""
    if interaction.type is not discord.InteractionType.autocomplete:
        raise ValueError("cannot respond to this interaction with autocomplete.")
    await _respond(interaction, AUTOCOMPLETE_RESULT, {"choices": [c.to_dict() for c in choices]})


CALLBACK_PATH = "/interactions/{webhook_id}/{webhook_token}/callback"
_AS_QUOTED = re.compile(r"[A-Za-z0-9_.~-]*")
"""Characters ``urllib.parse.quote(safe="")`` leaves as they are (RFC 3986's unreserved)."""


def callback_route(interaction_id: int, token: str) -> Route:
    """The route discord.py makes for an interaction's callback, the same in every attribute.
    Its ``Route`` quotes the token for the URL, a third of posting's own CPU before the
    request; a token of unreserved characters alone (as Discord's are) is its own quoting."""
    if not _AS_QUOTED.fullmatch(token):
        return Route("POST", CALLBACK_PATH, webhook_id=interaction_id, webhook_token=token)
    route = Route("POST", CALLBACK_PATH)
    route.url = f"{Route.BASE}/interactions/{int(interaction_id)}/{token}/callback"
    route.webhook_id = interaction_id
    route.webhook_token = token
    return route


async def _respond(
    interaction: discord.Interaction[EpilogueBot],
    kind: discord.InteractionResponseType,
    data: dict[str, Any],
) -> None:
    response = interaction.response
    if response.is_done():
        raise discord.InteractionResponded(interaction)
    route = callback_route(interaction.id, interaction.token)
    http = interaction._state.http
    await async_context.get().request(
        route,
        session=interaction._session,
        proxy=http.proxy,
        proxy_auth=http.proxy_auth,
        payload=EncodedJson({"type": kind.value, "data": data}),  # type: ignore[arg-type]
    )
    response._response_type = kind


class EncodedJson:
    """A request's JSON body as the bytes discord.py's webhook adapter would send, handed to
    it in place of the payload (``_to_json`` passes them on).

    The adapter encodes a payload to text (``discord.utils._to_json``: orjson's bytes decoded)
    and aiohttp encodes that text back to bytes: for an answer page (4-5 KB, never all ASCII:
    "·", curly quotes) the two conversions cost about twice orjson's encoding itself
    (``docs/performance.md``, ``perf20``). The bytes are the same as aiohttp would have sent,
    and so are the headers (the adapter names the type, ``application/json``)."""

    __slots__ = ("encoded",)

    def __init__(self, payload: dict[str, Any]) -> None:
        self.encoded = (
            orjson.dumps(payload) if discord.utils.HAS_ORJSON else _as_text(payload).encode()
        )


def _to_json(obj: Any) -> Any:
    """``discord.utils._to_json``, but an ``EncodedJson`` is its bytes as they are."""
    if obj.__class__ is EncodedJson:
        return obj.encoded
    return _as_text(obj)


_as_text: Callable[[Any], str] = discord.utils._to_json
if getattr(_as_text, "__module__", None) == __name__:  # imported again (a reload): not twice
    _as_text = _as_text.__globals__["_as_text"]
discord.utils._to_json = _to_json
