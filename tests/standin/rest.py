"""Discord's REST API as the bot sees it: JSON in, JSON out, everything recorded.

Shapes follow what discord.py 2.7 parses (``http.py``, ``webhook/async_.py``,
``interactions.py``): e.g. interaction callbacks are POSTed with
``?with_response=1`` and must answer an ``InteractionCallback`` object, and
follow-ups use ``?wait=1`` and expect the created message back.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import BodyPartReader, web

from tests.support.timing import scaled

from . import commands as opt
from .faults import CUT, Fault
from .gateway import without_nulls, without_offsets, without_user_fields
from .limits import (
    CREATE_FLAGS,
    INVALID,
    Problem,
    callback_problems,
    callback_type_problem,
    edit_flag_problems,
    flag_problems,
    focused_option,
    invalid_form_body,
    is_empty_after_edit,
    is_empty_message,
    message_problems,
    name_problems,
)
from .records import EPHEMERAL, LOADING, InteractionRecord, RecordedFile, RecordedRequest
from .state import API_PREFIX, StandinState
from .world import (
    ANNOUNCEMENT_THREAD,
    GUILD_STAGE_VOICE,
    GUILD_VOICE,
    MANAGE_CHANNELS,
    MANAGE_EVENTS,
    MANAGE_NICKNAMES,
    MANAGE_THREADS,
    MOVE_MEMBERS,
    MUTE_MEMBERS,
    PRIVATE_THREAD,
    PUBLIC_THREAD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    UPLOAD_LIMITS,
    VIEW_CHANNEL,
    Channel,
    Guild,
    snowflake,
)


def stage_payload(channel: Channel) -> dict[str, Any]:
    """A live stage (Discord's stage instance; its id here is the channel's)."""
    return {
        "id": str(channel.id),
        "guild_id": str(channel.guild_id),
        "channel_id": str(channel.id),
        "topic": channel.stage_topic,
        "privacy_level": 2,
        "discoverable_disabled": False,
        "guild_scheduled_event_id": None,
    }


GATEWAY_PATHS = ("/gateway", "/resume-gateway")
REC = web.RequestKey("standin_rec", RecordedRequest)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


EMPTY_ANSWERS: dict[str, Any] = {"empty": {}, "null": None}
"""An answer setting's shapes of a 200 with nothing in it: ``{}``, or JSON's ``null``."""


def json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py parses bodies only when Content-Type is exactly "application/json";
    # web.json_response would append "; charset=utf-8".
    body = json.dumps(data).encode()
    return web.Response(body=body, status=status, content_type="application/json")


NULLED = {
    "message": (
        *("embeds", "components", "mentions", "mention_roles", "member", "nonce", "reactions"),
        *("message_reference", "sticker_items", "webhook_id", "interaction_metadata", "thread"),
        *("flags", "application_id", "poll", "edited_timestamp"),
    ),
    "channel": (
        *("topic", "permission_overwrites", "parent_id", "last_message_id", "nsfw"),
        *("rate_limit_per_user", "position", "thread_metadata", "member", "flags", "owner_id"),
    ),
    "webhook": ("user", "avatar", "guild_id", "source_guild", "source_channel", "url"),
}
"""What ``rest_nulls`` sends as ``null`` when unset or empty, by the kind of object."""

EMBED_FIELDS = (
    *("title", "type", "description", "url", "timestamp", "color"),
    *("footer", "image", "thumbnail", "video", "provider", "author", "fields"),
)
"""An embed's fields, every one optional in Discord's Embed Object (``title?``, ``color?``,
``footer?``, ...): ``rest_nulls`` sends those unset as ``null``, in each of a message's
embeds (and the gateway's ``reshape_dispatch`` can, with :func:`embed_nulls`)."""


COMPONENT_FIELDS: dict[int, tuple[str, ...]] = {
    1: ("id",),
    2: ("id", "label", "emoji", "custom_id", "sku_id", "url", "disabled"),
    3: ("id", "placeholder", "min_values", "max_values", "required", "disabled"),
    **dict.fromkeys(
        (5, 6, 7, 8),
        ("id", "placeholder", "default_values", "min_values", "max_values", "disabled"),
    ),
    9: ("id",),
    10: ("id",),
    11: ("id", "description", "spoiler"),
    12: ("id",),
    13: ("id", "spoiler"),
    14: ("id", "divider", "spacing"),
    17: ("id", "accent_color", "spoiler"),
}
"""Each component type's optional fields in Discord's component reference (a button's
``emoji?``, ``sku_id?``; a select's ``default_values?``; a container's ``accent_color?``)."""
SELECT_OPTION_FIELDS = ("description", "emoji", "default")
CHANNEL_SELECT_FIELDS = ("channel_types",)
MEDIA_ITEM_FIELDS = ("description", "spoiler")


def component_nulls(message: dict[str, Any]) -> None:
    """Each of ``message``'s components (nested too) with its unset optional fields ``null``."""

    def nulled(found: dict[str, Any], fields: tuple[str, ...]) -> None:
        for key in fields:
            if found.get(key) in (None, [], {}):
                found[key] = None

    def walk(components: Any) -> None:
        for component in components or ():
            if not isinstance(component, dict):
                continue
            kind = component.get("type")
            nulled(component, COMPONENT_FIELDS.get(kind, ("id",)))
            if kind == 8:
                nulled(component, CHANNEL_SELECT_FIELDS)
            for option in component.get("options") or ():
                nulled(option, SELECT_OPTION_FIELDS)
            for item in component.get("items") or ():
                nulled(item, MEDIA_ITEM_FIELDS)
            walk(component.get("components"))
            walk([component["accessory"]] if isinstance(component.get("accessory"), dict) else [])

    walk(message.get("components"))


ATTACHMENT_FIELDS = (
    *("title", "description", "content_type", "height", "width", "ephemeral"),
    *("duration_secs", "waveform", "flags"),
)
"""An attachment's optional fields in Discord's Attachment Object."""
METADATA_FIELDS = (
    *("original_response_message_id", "target_user", "target_message_id"),
    *("interacted_message_id", "triggering_interaction_metadata"),
)
"""A Message Interaction Metadata Object's optional fields."""


def nested_nulls(message: dict[str, Any]) -> None:
    """Each object ``message`` holds (embeds, components, files, its interaction's metadata)
    with its unset optional fields ``null``, as a stand-in serializing every field sends them."""
    embed_nulls(message)
    component_nulls(message)
    for file in message.get("attachments") or ():
        for key in ATTACHMENT_FIELDS:
            file.setdefault(key, None)
    metadata = message.get("interaction_metadata")
    if isinstance(metadata, dict):
        for key in METADATA_FIELDS:
            metadata.setdefault(key, None)


def embed_nulls(message: dict[str, Any]) -> None:
    """Each of ``message``'s embeds with its unset fields ``null``."""
    for embed in message.get("embeds") or ():
        for key in EMBED_FIELDS:
            if embed.get(key) in (None, [], {}):
                embed[key] = None


def with_nulls(response: web.Response) -> web.Response:
    """``response`` with each object it describes given its unset fields as ``null``."""
    if response.content_type != "application/json" or not response.body:
        return response
    data = json.loads(bytes(response.body))  # type: ignore[arg-type]
    for found in data if isinstance(data, list) else [data]:
        if isinstance(found, dict):
            _null_unset(found)
    return json_response(data, response.status)


def with_nulls_omitted(response: web.Response, empty_lists: bool) -> web.Response:
    """``response`` with every field whose value is null (and with ``empty_lists``, an empty
    list) left out (``rest_nulls_omitted``, ``rest_empty_lists_omitted``)."""
    if response.content_type != "application/json" or not response.body:
        return response
    data = json.loads(bytes(response.body))  # type: ignore[arg-type]
    return json_response(without_nulls(data, empty_lists=empty_lists), response.status)


def with_users_as_today(response: web.Response) -> web.Response:
    """``response`` with its users' ``discriminator`` and ``avatar`` and its members' ``flags``
    left out (``rest_user_fields = False``), as the gateway's ``user_fields = False`` sends them."""
    if response.content_type != "application/json" or not response.body:
        return response
    data = json.loads(bytes(response.body))  # type: ignore[arg-type]
    without_user_fields(data)
    return json_response(data, response.status)


def with_offsets_left_out(response: web.Response) -> web.Response:
    """``response`` with its UTC timestamps written without their offset
    (``rest_timestamps_without_offset``), as the gateway's ``timestamps_without_offset``."""
    if response.content_type != "application/json" or not response.body:
        return response
    data = json.loads(bytes(response.body))  # type: ignore[arg-type]
    return json_response(without_offsets(data), response.status)


def _null_unset(found: dict[str, Any]) -> None:
    if "content" in found and "channel_id" in found:
        kind = "message"
    elif "token" in found or ("application_id" in found and "channel_id" in found):
        kind = "webhook"
    elif isinstance(found.get("type"), int) and "id" in found:
        kind = "channel"
    else:
        return
    if kind == "message":
        nested_nulls(found)
    for key in NULLED[kind]:
        if found.get(key) in (None, [], {}):
            found[key] = None


CALLBACK_BUCKET_EMPTIED = "callback-emptied"
"""``rate_limit_headers``: only interaction callbacks carry bucket headers, each callback its
bucket's last request until the interaction's token expires (one callback an interaction)."""
CALLBACK_PATH = re.compile(rf"{API_PREFIX}/interactions/\d+/[^/]+/callback")
EMPTIED_CALLBACK_BUCKET = {
    "X-RateLimit-Limit": "1",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset-After": "900.000",
    "X-RateLimit-Bucket": "standin-callback",
}


def bucket_headers(shape: str) -> dict[str, str]:
    """A route bucket with requests left, in the ``shape`` ``rate_limit_headers`` names."""
    headers = {"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "4"}
    if shape != "remaining-only":
        headers["X-RateLimit-Reset"] = f"{time.time() + 1:.3f}"
        headers["X-RateLimit-Bucket"] = "standin-bucket"
    if shape == "full":
        headers["X-RateLimit-Reset-After"] = "1.000"
    return headers


THREAD_ARCHIVED = 50083
"""Discord's code (400, "Thread is archived") for a write in an archived thread it will not
unarchive for the writer: a message edited or deleted there (the bot unarchives it first, with
Manage Threads), or, once a moderator locked it, anything posted (a webhook's post, an
interaction's answer for a member without Manage Threads: discord/discord-api-docs#5517)."""


AUTOMOD_BLOCKED = 200000
"""Discord's code (400) for a message an AutoMod rule of the server blocked."""


THREAD_LOCKED = 160005
"""Discord's code (400, "Thread is locked") for a post in a thread a moderator locked, by
whoever may not unlock it (Manage Threads), while it is not archived."""


def locked_thread(archived: bool) -> web.Response:
    """Discord's refusal of a post in a locked thread: archived (50083) or not (160005)."""
    if archived:
        return error_response(400, "Thread is archived", THREAD_ARCHIVED)
    return error_response(400, "Thread is locked", THREAD_LOCKED)


MAX_FOLLOWUPS_USER_INSTALLED = 5


def user_installed_only(payload: dict[str, Any]) -> bool:
    """An interaction with the app installed to the member's account alone, not to the server
    it is used in: ``authorizing_integration_owners`` names only ``USER_INSTALL`` (``"1"``)."""
    owners = payload.get("authorizing_integration_owners") or {}
    return set(owners) == {"1"}


def error_response(status: int, message: str, code: int = 0) -> web.Response:
    return json_response({"message": message, "code": code}, status)


async def _parse_request(request: web.Request) -> RecordedRequest:
    rec = RecordedRequest(
        method=request.method,
        path=request.path,
        query=dict(request.query),
        headers=dict(request.headers),
    )
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            name = part.name or ""
            if part.filename is not None:
                data = bytes(await part.read())
                rec.files.append(
                    RecordedFile(name, part.filename, part.headers.get("Content-Type"), data)
                )
            elif name == "payload_json":
                rec.json = json.loads(await part.text())
            else:
                rec.form[name] = await part.text()
    elif request.can_read_body:
        body = await request.text()
        if body and request.content_type == "application/json":
            rec.json = json.loads(body)
        elif body:
            rec.form["body"] = body
    return rec


class RestApi(StandinState):
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/_standin") or request.path in GATEWAY_PATHS:
            return await handler(request)
        if self._cut_on_reuse(request):
            raise ConnectionResetError("the stand-in cut a kept-alive connection")
        rec = await _parse_request(request)
        request[REC] = rec
        self.requests.append(rec)
        try:
            fault = self._fault_for(request)
            if self._needs_bot_auth(request) and not self._authorised(request):
                response: web.StreamResponse = error_response(401, "401: Unauthorized")
            elif fault is not None and not fault.after:
                self._cut_by(fault, request, rec)
                response = fault.response()
            else:
                response = await handler(request)
                if fault is not None:  # done, but the answer is lost on the way back
                    self._cut_by(fault, request, rec)
                    response = fault.response()
            if self.rest_nulls and isinstance(response, web.Response):
                response = with_nulls(response)
            if self.rest_nulls_omitted and isinstance(response, web.Response):
                response = with_nulls_omitted(response, self.rest_empty_lists_omitted)
            if not self.rest_user_fields and isinstance(response, web.Response):
                response = with_users_as_today(response)
            if self.rest_timestamps_without_offset and isinstance(response, web.Response):
                response = with_offsets_left_out(response)
            rec.status = response.status
            if self.rate_limit_headers == CALLBACK_BUCKET_EMPTIED:
                if CALLBACK_PATH.fullmatch(request.path) and response.status != 429:
                    response.headers.update(EMPTIED_CALLBACK_BUCKET)
            elif self.rate_limit_headers is not None and response.status != 429:
                response.headers.update(bucket_headers(self.rate_limit_headers))
            if self.json_sent_as is not None and response.content_type == "application/json":
                response.headers["Content-Type"] = self.json_sent_as
            if self.json_type_without_body and response.status == 204:
                response.headers["Content-Type"] = "application/json"
            if self.answers_encoded is not None and isinstance(response, web.Response):
                encoded(response, self.answers_encoded)
            # Flush before waking waiters: a test must never act (say, press a button)
            # before the bot could even have received the answer it is reacting to.
            await response.prepare(request)
            await response.write_eof()
            return response
        finally:
            await self._notify()

    def _cut_on_reuse(self, request: web.Request) -> bool:
        """Whether ``request`` came on a connection that answered before and is to be cut
        (``keep_alive_cuts``); a connection's first request is always answered."""
        transport = request.transport
        if transport is None:
            return False
        peer = transport.get_extra_info("peername")
        reused = peer in self._answered_on
        self._answered_on.add(peer)
        if not reused or self.keep_alive_cuts <= 0:
            return False
        self.keep_alive_cuts -= 1
        self.keep_alive_cut += 1
        transport.abort()
        return True

    @staticmethod
    def _cut_by(fault: Fault, request: web.Request, rec: RecordedRequest) -> None:
        """A ``CUT`` fault: the connection closed under ``request``, no answer sent."""
        if fault.status != CUT:
            return
        fault.hits += 1
        rec.status = CUT
        if request.transport is not None:
            request.transport.abort()
        raise ConnectionResetError("the stand-in closed the connection without an answer")

    def _fault_for(self, request: web.Request) -> Fault | None:
        path = request.path.removeprefix(API_PREFIX)
        return next((f for f in self.faults if f.matches(request.method, path)), None)

    def fail(
        self,
        method: str,
        route: str,
        status: int,
        *,
        code: int = 0,
        message: str = "",
        times: int = 1,
        retry_after: float = 0.05,
        global_limit: bool = False,
        after: bool = False,
        via: bool = True,
        html: bool = False,
        shared: bool = False,
        bucket_reset_after: float | None = None,
        wait_headers: bool = True,
        framework_body: tuple[str, str] | None = None,
        wait_in_body: bool = True,
    ) -> Fault:
        """The next ``times`` requests ``method route`` (a regex over the path after
        ``/api/v10``) fail as Discord fails them (see ``faults.py``)."""
        fault = Fault(
            method,
            route,
            status,
            code,
            message,
            times,
            retry_after,
            global_limit,
            after,
            via,
            html,
            shared,
            bucket_reset_after,
            wait_headers,
            framework_body,
            wait_in_body,
        )
        self.faults.append(fault)
        return fault

    def _needs_bot_auth(self, request: web.Request) -> bool:
        path = request.path
        if not path.startswith(API_PREFIX) or self.expected_token is None:
            return False
        # Interaction callbacks and webhooks are authorised by their token in the URL.
        return not path.startswith((API_PREFIX + "/interactions/", API_PREFIX + "/webhooks/"))

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.expected_token}"

    def _add_routes(self, router: web.UrlDispatcher) -> None:
        p = API_PREFIX
        for path in GATEWAY_PATHS:
            router.add_get(path, self.gateway.handle)
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway_url),
            ("GET", "/gateway/bot", self._get_gateway),
            ("GET", "/applications/{app}/commands", self._get_commands),
            ("PUT", "/applications/{app}/commands", self._put_commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._get_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._put_commands),
            ("POST", "/interactions/{iid}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("GET", "/channels/{cid}", self._get_channel),
            ("PATCH", "/channels/{cid}", self._modify_channel),
            ("PUT", "/channels/{cid}/voice-status", self._set_voice_status),
            ("GET", "/stage-instances/{cid}", self._stage_instance),
            ("PATCH", "/stage-instances/{cid}", self._stage_instance),
            ("GET", "/channels/{cid}/threads/archived/public", self._archived_threads),
            ("GET", "/channels/{cid}/threads/archived/private", self._archived_threads),
            ("GET", "/channels/{cid}/messages", self._list_messages),
            ("POST", "/channels/{cid}/messages", self._create_channel_message),
            ("GET", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("PATCH", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("DELETE", "/channels/{cid}/messages/{mid}", self._channel_message),
            ("GET", "/guilds/{gid}", self._get_guild),
            ("GET", "/guilds/{gid}/channels", self._get_guild),
            ("GET", "/guilds/{gid}/roles", self._get_guild),
            ("GET", "/guilds/{gid}/members/{uid}", self._get_member),
            ("PATCH", "/guilds/{gid}/members/{uid}", self._modify_member),
            ("GET", "/guilds/{gid}/scheduled-events/{eid}", self._scheduled_event),
            ("PATCH", "/guilds/{gid}/scheduled-events/{eid}", self._scheduled_event),
        ]
        for method, path, handler in routes:
            router.add_route(method, p + path, self._if_implemented(method, path, handler))
        router.add_get("/attachments/{aid}/{filename}", self._download)
        router.add_route("*", "/{tail:.*}", self._unknown)  # must stay last

    def _if_implemented(self, method: str, path: str, handler: Handler) -> Handler:
        """``handler``, or 404 as for a route never written when ``implemented_routes`` leaves
        it out."""

        async def answer(request: web.Request) -> web.StreamResponse:
            implemented = self.implemented_routes
            if implemented is not None and f"{method} {path}" not in implemented:
                return await self._unknown(request)
            return await handler(request)

        return answer

    async def _unknown(self, request: web.Request) -> web.Response:
        request[REC].known = False
        return error_response(404, "404: Not Found")

    async def _get_me(self, request: web.Request) -> web.Response:
        return json_response(
            {**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "flags": 0}
        )

    async def _get_user(self, request: web.Request) -> web.Response:
        user = self.world.users.get(int(request.match_info["user_id"]))
        return json_response(user.payload()) if user else error_response(404, "Unknown User", 10013)

    async def _get_application(self, request: web.Request) -> web.Response:
        if request.path.removeprefix(API_PREFIX) not in self.application_paths:
            return error_response(404, "404: Not Found")
        world = self.world
        application = {
            "id": str(world.application_id),
            "name": world.bot.username,
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": world.owner.payload(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": world.application_flags,
            "rpc_origins": [],
            "summary": "",
            "bot": world.bot.payload(),
        }
        if self.reshape_application is not None:
            self.reshape_application(application)
        return json_response(application)

    async def _get_gateway_url(self, request: web.Request) -> web.Response:
        """Get Gateway: the URL alone (no authentication, no shards; Discord's reference)."""
        return json_response({"url": self.gateway_url})

    async def _get_gateway(self, request: web.Request) -> web.Response:
        limit = self.gateway.session_start_limit()
        found = {"url": self.gateway_url, "shards": self.gateway.shard_count}
        found["session_start_limit"] = limit
        if self.reshape_gateway_bot is not None:
            self.reshape_gateway_bot(found)
        return json_response(found)

    def _command_list(self, request: web.Request) -> list[dict[str, Any]]:
        guild = request.match_info.get("guild")
        if guild is None:
            return self.global_commands
        return self.guild_commands.setdefault(int(guild), [])

    async def _get_commands(self, request: web.Request) -> web.Response:
        return json_response(self._command_list(request))

    async def _put_commands(self, request: web.Request) -> web.Response:
        body = request[REC].json
        if not isinstance(body, list):
            return error_response(400, "Invalid Form Body", 50035)
        if problems := opt.command_problems(body):
            return json_response(invalid_form_body(problems), 400)
        guild = request.match_info.get("guild")
        previous = {c["name"]: c for c in self._command_list(request)}
        stored = []
        for command in body:
            entry = {
                "type": 1,
                "default_member_permissions": None,
                "nsfw": False,
                "description": "",  # context-menu commands have none; Discord sends ""
                **command,
                # Discord keeps ids stable across overwrites of a same-named command.
                "id": previous.get(command["name"], {}).get("id") or str(snowflake()),
                "application_id": str(self.world.application_id),
                "version": str(snowflake()),
            }
            if guild is not None:
                entry["guild_id"] = guild
            stored.append(entry)
        if guild is None:
            self.global_commands = stored
        else:
            self.guild_commands[int(guild)] = stored
        if self.commands_answer in EMPTY_ANSWERS:
            return json_response(EMPTY_ANSWERS[self.commands_answer])
        if self.commands_answer == "none":
            return web.Response(status=204)
        if self.commands_answer == "partial":
            return json_response([{"id": c["id"], "name": c["name"]} for c in stored])
        return json_response(stored)

    def _record_for(self, request: web.Request) -> InteractionRecord | None:
        record = self._by_token.get(request.match_info["token"])
        if record is not None:
            record.requests.append(request[REC])
        return record

    async def _callback(self, request: web.Request) -> web.Response:
        record = self._record_for(request)
        if record is None or str(record.id) != request.match_info["iid"]:
            return error_response(404, "Unknown interaction", 10062)
        deadline = self.interaction_deadline_s
        if (
            record.callback is None
            and deadline is not None
            and time.perf_counter() - record.sent_at > scaled(deadline)
        ):
            # Discord forgets an interaction not acknowledged within 3 seconds (on a machine
            # EPILOGUE_TEST_TIME_SCALE times slower, as many times 3 seconds).
            return error_response(404, "Unknown interaction", 10062)
        if record.callback is not None:
            return error_response(400, "Interaction has already been acknowledged.", 40060)
        rec: RecordedRequest = request[REC]
        body = rec.json or {}
        kind, data = int(body.get("type", 0)), body.get("data") or {}
        if wrong := callback_type_problem(record.type, kind, "message" in record.payload):
            return json_response(invalid_form_body([Problem(wrong, ("type",), *INVALID)]), 400)
        focused = focused_option((record.payload.get("data") or {}).get("options") or [])
        updated = self._messages.get(record.original_id or 0) or record.payload.get("message")
        problems = callback_problems(
            kind,
            data,
            option_type=None if focused is None else int(focused.get("type") or 3),
            current_flags=int((updated or {}).get("flags") or 0),
        )
        if problems:
            return json_response(invalid_form_body(problems), 400)
        if kind == 4 and is_empty_message(data, rec.files):
            return error_response(400, "Cannot send an empty message", 50006)
        if kind == 7 and updated is not None and is_empty_after_edit(updated, data, rec.files):
            return error_response(400, "Cannot send an empty message", 50006)
        if (heavy := self._too_heavy(record.channel_id, rec.files)) is not None:
            return heavy
        if kind in (4, 5, 6, 7) and (closed := self._closed_to(record)) is not None:
            return closed
        if kind in (4, 7) and (blocked := self._automod(data)) is not None:
            return blocked
        record.callback_at = time.perf_counter()
        record.callback = body
        if kind not in (5, 6):
            record.answered_at = record.callback_at
        message: dict[str, Any] | None = None
        type_ = record.answer_type
        if kind == 4:
            message = self._new_message(
                record.channel_id, data, rec.files, record=record, type_=type_
            )
        elif kind == 5:
            loading = {"flags": LOADING | (int(data.get("flags") or 0) & EPHEMERAL)}
            message = self._new_message(record.channel_id, loading, [], record=record, type_=type_)
        elif kind in (6, 7) and record.original_id is not None:
            message = self._messages.get(record.original_id)
            if kind == 7 and message is not None:
                self._apply(message, data, rec.files, creating=False)
            if message is not None and record.original_id not in record.message_ids:
                record.message_ids.append(record.original_id)
        elif kind == 9:
            self.modals.append((record, data))
        if kind in (4, 5) and message is not None:
            record.original_id = int(message["id"])
            record.message_ids.append(record.original_id)
            self._announce_answer(message, "MESSAGE_CREATE")
        elif kind == 7 and message is not None:
            self._announce_answer(message, "MESSAGE_UPDATE")

        if self.callback_delay_s:
            await asyncio.sleep(self.callback_delay_s)  # taken at once, answered slowly
        wanted = request.query.get("with_response") in ("1", "true", "True")
        if not wanted or not self.callback_bodies:
            return web.Response(status=204)
        if self.callback_answer in EMPTY_ANSWERS:
            return json_response(EMPTY_ANSWERS[self.callback_answer])
        summary: dict[str, Any] = {"id": str(record.id), "type": record.type}
        response: dict[str, Any] = {"interaction": summary}
        if message is not None and kind in (4, 5, 7):
            summary.update(
                response_message_id=message["id"],
                response_message_loading=kind == 5,
                response_message_ephemeral=bool(int(message["flags"]) & EPHEMERAL),
            )
            response["resource"] = {"type": kind, "message": message}
        elif kind != 6:
            response["resource"] = {"type": kind}
        if self.callback_answer == "summary":
            response.pop("resource", None)
        if self.callback_answer == "partial" and "message" in response.get("resource", {}):
            response["resource"]["message"] = {key: message[key] for key in ("id", "content")}
        return json_response(response)

    async def _followup(self, request: web.Request) -> web.Response:
        record = self._record_for(request)
        if record is None or record.callback is None or not self._app_matches(request):
            return error_response(404, "Unknown Webhook", 10015)
        if self._token_expired(record):
            return error_response(401, "Invalid Webhook Token", 50027)
        rec: RecordedRequest = request[REC]
        body = rec.json or {}
        if problems := message_problems(body) + flag_problems(body.get("flags"), CREATE_FLAGS):
            return json_response(invalid_form_body(problems), 400)
        if is_empty_message(body, rec.files):
            return error_response(400, "Cannot send an empty message", 50006)
        if (heavy := self._too_heavy(record.channel_id, rec.files)) is not None:
            return heavy
        if (closed := self._closed_to(record)) is not None:
            return closed
        if (blocked := self._automod(body)) is not None:
            return blocked
        if len(record.followup_ids) >= MAX_FOLLOWUPS_USER_INSTALLED and user_installed_only(
            record.payload
        ):
            # "Apps are limited to 5 followup messages per interaction if it was initiated from
            # a user-installed app and isn't installed in the server" (Create Followup Message).
            return error_response(
                400, "This interaction has hit the maximum number of follow up messages", 40094
            )
        if record.answered_at is None:
            record.answered_at = time.perf_counter()
        if self._loading(record):
            # Discord's rule: the first follow-up after a "thinking" defer replaces that message.
            assert record.original_id is not None
            message = self._messages[record.original_id]
            self._apply(message, body, rec.files, creating=False)
            self._announce_answer(message, "MESSAGE_UPDATE")
        else:
            type_ = record.answer_type
            message = self._new_message(
                record.channel_id, body, rec.files, record=record, type_=type_
            )
            record.message_ids.append(int(message["id"]))
            self._announce_answer(message, "MESSAGE_CREATE")
        record.followup_ids.append(int(message["id"]))
        rec.message_id = int(message["id"])
        # "Functions the same as Execute Webhook, but ``wait`` is always true."
        return self._post_answer(message)

    def _post_answer(self, message: dict[str, Any]) -> web.Response:
        """A posted message's answer in the shape ``post_answer`` names."""
        if self.post_answer in EMPTY_ANSWERS:
            return json_response(EMPTY_ANSWERS[self.post_answer])
        if self.post_answer == "none":
            return web.Response(status=204)
        if self.post_answer == "partial":
            return json_response({key: message[key] for key in ("id", "channel_id", "content")})
        return json_response(message)

    async def _webhook_message(self, request: web.Request) -> web.StreamResponse:
        record = self._record_for(request)
        if record is None or not self._app_matches(request):
            return error_response(404, "Unknown Webhook", 10015)
        if self._token_expired(record):
            return error_response(401, "Invalid Webhook Token", 50027)
        ref = request.match_info["mid"]
        mid = record.original_id if ref == "@original" else int(ref)
        owned = {record.original_id, *record.message_ids}
        if mid is None or mid not in owned or mid not in self._messages:
            return error_response(404, "Unknown Message", 10008)
        message = self._messages[mid]
        rec: RecordedRequest = request[REC]
        if request.method != "GET" and (closed := self._closed_to(record)) is not None:
            return closed
        if request.method == "PATCH":
            edit = rec.json or {}
            current = int(message.get("flags") or 0) & ~LOADING
            problems = message_problems(edit) + edit_flag_problems(edit.get("flags"), current)
            if problems:
                return json_response(invalid_form_body(problems), 400)
            if is_empty_after_edit(message, edit, rec.files):
                return error_response(400, "Cannot send an empty message", 50006)
            if (heavy := self._too_heavy(record.channel_id, rec.files)) is not None:
                return heavy
            if (blocked := self._automod(rec.json or {})) is not None:
                return blocked
            if record.answered_at is None:
                record.answered_at = time.perf_counter()
            self._apply(message, rec.json or {}, rec.files, creating=False)
            self._announce_answer(message, "MESSAGE_UPDATE")
            record.edits.append(rec.json or {})
            if mid not in record.message_ids:
                record.message_ids.append(mid)
        elif request.method == "DELETE":
            self._delete(mid)
            record.deleted.append(mid)
            return web.Response(status=204)
        return self._edit_answer(message)

    def _edit_answer(self, message: dict[str, Any]) -> web.Response:
        """An interaction's message, read or edited, in the shape ``edit_answer`` names."""
        if self.edit_answer in EMPTY_ANSWERS:
            return json_response(EMPTY_ANSWERS[self.edit_answer])
        if self.edit_answer == "none":
            return web.Response(status=204)
        if self.edit_answer == "partial":
            return json_response({key: message[key] for key in ("id", "content")})
        return json_response(message)

    def _too_heavy(self, channel_id: int, files: list[RecordedFile]) -> web.Response | None:
        """413 for a file over the server's upload limit, as Discord refuses it."""
        guild, _ = self._where(channel_id)
        limit = guild.upload_limit if guild is not None else UPLOAD_LIMITS[0]
        if any(len(file.data) > limit for file in files):
            return error_response(413, "Request entity too large", 40005)
        return None

    def _closed_to(self, record: InteractionRecord) -> web.Response | None:
        """An answer to an interaction made in a thread a moderator locked, by a member who may
        not unlock it (no Manage Threads): Discord takes none of it, not even a private answer
        or "thinking…" (discord/discord-api-docs#5517): 50083 once the thread is archived,
        160005 "Thread is locked" while it is not."""
        guild, channel = self._where(record.channel_id)
        if guild is None or channel is None or not channel.locked:
            return None
        if guild.permissions_in(record.user.id, channel) & MANAGE_THREADS:
            return None
        return locked_thread(channel.archived)

    def _automod(self, message: dict[str, Any]) -> web.Response | None:
        """400 200000 for an interaction's answer that holds one of ``automod_keywords`` (a whole
        word, any case, spoiler bars or not) in its content or its embeds' text."""
        if not self.automod_keywords:
            return None
        texts = [str(message.get("content") or "")]
        for embed in message.get("embeds") or []:
            texts += [str(embed.get(key) or "") for key in ("title", "description")]
            texts += [
                str(f.get(k) or "") for f in embed.get("fields") or [] for k in ("name", "value")
            ]
        words = set(re.findall(r"\w+", " ".join(texts).casefold()))
        if any(keyword.casefold() in words for keyword in self.automod_keywords):
            return error_response(
                400, "Message was blocked by automatic moderation", AUTOMOD_BLOCKED
            )
        return None

    def _archived_thread(self, channel_id: int) -> web.Response | None:
        """50083 for a message edited or deleted in an archived thread: Discord's own client
        unarchives the thread first, and so must a bot."""
        _guild, channel = self._where(channel_id)
        if channel is not None and channel.archived:
            return error_response(400, "Thread is archived", THREAD_ARCHIVED)
        return None

    def _unreadable(self, channel_id: int, *, needs_history: bool) -> web.Response | None:
        """403 for the bot's read of a server channel it may not view (50001 Missing Access),
        or of one message there without Read Message History (Get Channel Message needs both;
        a listing without it is answered empty, an edit or delete needs View Channel alone)."""
        guild, channel = self._where(channel_id)
        if guild is None or channel is None:
            return None
        granted = guild.permissions_in(self.world.bot.id, channel)
        if not granted & VIEW_CHANNEL:
            return error_response(403, "Missing Access", 50001)
        if needs_history and not granted & READ_MESSAGE_HISTORY:
            return error_response(403, "Missing Access", 50001)
        return None

    def _bot_reads_history(self, channel_id: int) -> bool:
        guild, channel = self._where(channel_id)
        if guild is None or channel is None:
            return True
        return bool(guild.permissions_in(self.world.bot.id, channel) & READ_MESSAGE_HISTORY)

    def _token_expired(self, record: InteractionRecord) -> bool:
        return time.perf_counter() - record.sent_at > self.token_lifetime_s

    def _app_matches(self, request: web.Request) -> bool:
        return request.match_info["app"] == str(self.world.application_id)

    def _channel_or_404(self, request: web.Request) -> tuple[Guild | None, int] | web.Response:
        cid = int(request.match_info["cid"])
        guild, channel = self._where(cid)
        if channel is None and cid not in self._dm_channels.values():
            return error_response(404, "Unknown Channel", 10003)
        if (refused := self._missing_access(cid)) is not None:
            return refused
        return guild, cid

    def _missing_access(self, channel_id: int) -> web.Response | None:
        """403 50001 for a channel of a server the bot is not in (the app only user-installed),
        or one it may not view: its overwrites deny the bot View Channel, or a private thread it
        was not added to (without Manage Threads). "Denying a user or a role VIEW_CHANNEL on a
        channel implicitly denies other permissions on the channel" (``topics/permissions``,
        Implicit Permissions): its Manage Webhooks and Manage Messages there too."""
        guild, channel = self._where(channel_id)
        if guild is not None and not self.world.has_bot(guild):
            return error_response(403, "Missing Access", 50001)
        if guild is None or channel is None:
            return None
        if not guild.permissions_in(self.world.bot.id, channel) & VIEW_CHANNEL:
            return error_response(403, "Missing Access", 50001)
        return None

    async def _get_channel(self, request: web.Request) -> web.Response:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        if guild is None:
            dm = {"id": str(cid), "type": 1, "recipients": [], "last_message_id": None}
            return json_response(dm)
        payload = guild.channels[cid].payload()
        if not self.gateway.thread_counts:  # optional in Discord's channel object, here too
            payload.pop("message_count", None)
            payload.pop("member_count", None)
        return json_response(payload)

    async def _modify_channel(self, request: web.Request) -> web.Response:
        """Rename, unarchive or archive a thread (all the bot does): Manage Threads, else 403
        50013; THREAD_UPDATE. An archived thread takes no change but its unarchiving (50083,
        discord/discord-api-docs#6928): ``archived: false`` in the same request."""
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        if guild is None:
            return error_response(400, "Cannot edit a DM channel", 50003)
        channel = guild.channels[cid]
        if not channel.is_thread:
            return error_response(403, "Missing Permissions", 50013)
        if not guild.permissions_in(self.world.bot.id, channel) & MANAGE_THREADS:
            return error_response(403, "Missing Permissions", 50013)
        body = request[REC].json or {}
        if channel.archived and body.get("archived") is not False:
            return error_response(400, "Thread is archived", THREAD_ARCHIVED)
        if "name" in body and (problems := name_problems("thread", body["name"], ("name",))):
            return json_response(invalid_form_body(problems), 400)
        if "name" in body:
            if (held := self._rename_held(cid)) is not None:
                return held
            channel.name = str(body["name"])
        if "locked" in body:
            channel.locked = bool(body["locked"])
        if "archived" in body:
            channel.archived = bool(body["archived"])
        payload = {**channel.payload(), "guild_id": str(guild.id)}
        await self.gateway.dispatch("THREAD_UPDATE", payload)
        if self.channel_edit_answer in EMPTY_ANSWERS:
            return json_response(EMPTY_ANSWERS[self.channel_edit_answer])
        if self.channel_edit_answer == "none":
            return web.Response(status=204)
        return json_response(channel.payload())

    async def _stage_instance(self, request: web.Request) -> web.Response:
        """Read or change a live stage's topic: as its moderator (Manage Channels, Mute
        Members and Move Members in it), else 403 50013; STAGE_INSTANCE_UPDATE."""
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        channel = guild.channels[cid] if guild is not None else None
        if channel is None or channel.stage_topic is None:
            return error_response(404, "Unknown Stage Instance", 10067)
        if request.method == "PATCH":
            moderator = MANAGE_CHANNELS | MUTE_MEMBERS | MOVE_MEMBERS
            if guild.permissions_in(self.world.bot.id, channel) & moderator != moderator:
                return error_response(403, "Missing Permissions", 50013)
            body = request[REC].json or {}
            if "topic" in body and (
                problems := name_problems("stage topic", body["topic"], ("topic",))
            ):
                return json_response(invalid_form_body(problems), 400)
            if body.get("topic"):
                channel.stage_topic = str(body["topic"])
            await self.gateway.dispatch("STAGE_INSTANCE_UPDATE", stage_payload(channel))
        return json_response(stage_payload(channel))

    async def _set_voice_status(self, request: web.Request) -> web.Response:
        """Set a voice channel's status: the bot is in no call, so only with Manage Channels
        (else 403 50013); VOICE_CHANNEL_STATUS_UPDATE; 204."""
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        if guild is None or guild.channels[cid].type not in (GUILD_VOICE, GUILD_STAGE_VOICE):
            return error_response(400, "Invalid Form Body", 50035)
        channel = guild.channels[cid]
        if not guild.permissions_in(self.world.bot.id, channel) & MANAGE_CHANNELS:
            return error_response(403, "Missing Permissions", 50013)
        body = request[REC].json or {}
        if problems := name_problems("voice status", body.get("status"), ("status",)):
            return json_response(invalid_form_body(problems), 400)
        channel.status = body.get("status") or None
        payload = {"id": str(cid), "guild_id": str(guild.id), "status": channel.status}
        await self.gateway.dispatch("VOICE_CHANNEL_STATUS_UPDATE", payload)
        return web.Response(status=204)

    def _rename_held(self, channel_id: int) -> web.Response | None:
        """A third name change within the window: Discord's 429, as it answers one (``Via``
        set, a ``retry_after`` of minutes, the route's headers still showing requests left:
        a sub-limit of the route, not the route's own); else the change is counted."""
        now = time.monotonic()
        recent = [t for t in self.renamed_at.get(channel_id, []) if now - t < self.rename_window_s]
        self.renamed_at[channel_id] = recent
        if len(recent) < self.renames_per_window:
            recent.append(now)
            return None
        wait = round(self.rename_window_s - (now - recent[0]), 3)
        response = Fault("PATCH", "", 429, retry_after=wait).response()
        response.headers.update(
            {
                "X-RateLimit-Remaining": "4",
                "X-RateLimit-Reset-After": "15.000",
                "X-RateLimit-Reset": f"{time.time() + 15:.3f}",
            }
        )
        return response

    def _edit_bucket(self, channel_id: int) -> tuple[web.Response | None, dict[str, str]]:
        """An edit in ``channel_id`` counted against ``edits_per_window``: a 429 once the
        channel's bucket is empty (as Discord answers it: ``Via``, the bucket's headers, the
        wait in ``Retry-After`` and the body), else the headers the edit's answer carries."""
        if self.edits_per_window is None:
            return None, {}
        limit, window = self.edits_per_window
        now = time.monotonic()
        recent = [t for t in self.edited_at.get(channel_id, []) if now - t < window]
        self.edited_at[channel_id] = recent
        taken = len(recent) < limit
        if taken:
            recent.append(now)
        reset_after = window - (now - recent[0])
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - len(recent))),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": "standin-message-edits",
        }
        if taken:
            return None, headers
        response = Fault("PATCH", "", 429, retry_after=round(reset_after, 3)).response()
        response.headers.update(headers | {"X-RateLimit-Scope": "user"})
        return response, {}

    async def _list_messages(self, request: web.Request) -> web.Response:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        # As Discord pages a channel: ``limit`` 1-100 (50 by default), newest first; ``after``
        # gives the ``limit`` messages right after that id (the oldest of them), ``before``
        # those right before it.
        query = request.query
        try:
            limit = int(query.get("limit", 50))
            after, before = (int(query[k]) if k in query else None for k in ("after", "before"))
        except ValueError:
            return error_response(400, "Invalid Form Body", 50035)
        if not 1 <= limit <= 100:
            return error_response(400, "Invalid Form Body", 50035)
        if (refused := self._unreadable(found[1], needs_history=False)) is not None:
            return refused
        if not self._bot_reads_history(found[1]):
            # "If the current user is missing the READ_MESSAGE_HISTORY permission in the
            # channel, then no messages will be returned" (Get Channel Messages): no error.
            return json_response([])
        oldest_first = sorted(self.channel_messages.get(found[1], []))
        if after is not None:
            page = [mid for mid in oldest_first if mid > after][:limit]
        else:
            older = [mid for mid in oldest_first if before is None or mid < before]
            page = older[-limit:]
        return json_response([self._as_read(self._messages[mid]) for mid in reversed(page)])

    async def _archived_threads(self, request: web.Request) -> web.Response:
        """List Public (or Private) Archived Threads of a channel, archived last first, those
        archived ``before`` a time alone, as Discord answers and pages it: ``{"threads",
        "members", "has_more"}``.
        Read Message History, else 403 50001; private ones Manage Threads too, else 50013."""
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        if guild is None:
            return error_response(400, "Cannot execute action on a DM channel", 50003)
        granted = guild.permissions_in(self.world.bot.id, guild.channels[cid])
        if not granted & VIEW_CHANNEL or not granted & READ_MESSAGE_HISTORY:
            return error_response(403, "Missing Access", 50001)
        private = request.path.endswith("/private")
        if private and not granted & MANAGE_THREADS:
            return error_response(403, "Missing Permissions", 50013)
        try:
            limit = int(request.query.get("limit", 50))
        except ValueError:
            return error_response(400, "Invalid Form Body", 50035)
        before = request.query.get("before")
        try:
            before_at = None if before is None else datetime.fromisoformat(before)
        except ValueError:
            return error_response(400, "Invalid Form Body", 50035)
        kinds = {PRIVATE_THREAD} if private else {PUBLIC_THREAD, ANNOUNCEMENT_THREAD}
        threads = sorted(
            (
                c
                for c in guild.channels.values()
                if c.parent_id == cid
                and c.archived
                and c.type in kinds
                and (before_at is None or datetime.fromisoformat(c.archive_timestamp) < before_at)
            ),
            key=lambda c: (c.archive_stamp, c.id),
            reverse=True,
        )
        page = [{**c.payload(), "guild_id": str(guild.id)} for c in threads[:limit]]
        return json_response({"threads": page, "members": [], "has_more": len(threads) > limit})

    async def _create_channel_message(self, request: web.Request) -> web.Response:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        guild, cid = found
        if guild is not None:
            needed = VIEW_CHANNEL | SEND_MESSAGES
            if guild.permissions_in(self.world.bot.id, guild.channels[cid]) & needed != needed:
                return error_response(403, "Missing Permissions", 50013)
        rec: RecordedRequest = request[REC]
        body = rec.json or {}
        # A channel's message is everyone's: it cannot be sent ephemeral.
        flags = flag_problems(body.get("flags"), CREATE_FLAGS & ~EPHEMERAL)
        if problems := message_problems(body) + flags:
            return json_response(invalid_form_body(problems), 400)
        if is_empty_message(body, rec.files):
            return error_response(400, "Cannot send an empty message", 50006)
        if (heavy := self._too_heavy(cid, rec.files)) is not None:
            return heavy
        # ``enforce_nonce`` (``resources/message#create-message``): a nonce the same author
        # sent within the last few minutes returns that message; none is created again.
        nonce = body.get("nonce") if body.get("enforce_nonce") else None
        earlier = None if nonce is None else self._nonces.get(str(nonce))
        if earlier is not None and (kept := self._messages.get(earlier)) is not None:
            return json_response(kept)
        type_ = 19 if body.get("message_reference") else 0
        message = self._new_message(cid, body, rec.files, type_=type_)
        if nonce is not None:
            self._nonces[str(nonce)] = int(message["id"])
        if guild is not None and self.gateway.wants_messages():
            me = guild.members[self.world.bot.id].payload()
            del me["user"]
            await self.gateway.dispatch(
                "MESSAGE_CREATE", {**message, "guild_id": str(guild.id), "member": me}
            )
        return self._post_answer(message)

    async def _channel_message(self, request: web.Request) -> web.StreamResponse:
        found = self._channel_or_404(request)
        if isinstance(found, web.Response):
            return found
        mid = int(request.match_info["mid"])
        message = self._messages.get(mid)
        if (
            message is None
            or int(message["channel_id"]) != found[1]
            # An ephemeral message exists for its interaction's token alone: the channel's
            # routes do not know it (read, edit or delete it through the webhook routes).
            or int(message.get("flags") or 0) & EPHEMERAL
        ):
            return error_response(404, "Unknown Message", 10008)
        rec: RecordedRequest = request[REC]
        reading = request.method == "GET"
        if (refused := self._unreadable(found[1], needs_history=reading)) is not None:
            return refused
        if request.method != "GET" and (closed := self._archived_thread(found[1])) is not None:
            return closed
        if request.method == "PATCH":
            if int(message["author"]["id"]) != self.world.bot.id:
                return error_response(403, "Cannot edit a message authored by another user", 50005)
            edit = rec.json or {}
            flags = edit_flag_problems(edit.get("flags"), int(message.get("flags") or 0))
            if problems := message_problems(edit) + flags:
                return json_response(invalid_form_body(problems), 400)
            if is_empty_after_edit(message, edit, rec.files):
                return error_response(400, "Cannot send an empty message", 50006)
            held, bucket = self._edit_bucket(found[1])
            if held is not None:
                return held
            self._apply(message, rec.json or {}, rec.files, creating=False)
            self._announce_answer(message, "MESSAGE_UPDATE")
            answer = json_response(self._as_read(message))
            answer.headers.update(bucket)
            return answer
        elif request.method == "DELETE":
            self._delete(mid)
            return web.Response(status=204)
        return json_response(self._as_read(message))

    async def _get_guild(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.get(int(request.match_info["gid"]))
        if guild is None:
            return error_response(404, "Unknown Guild", 10004)
        if not self.world.has_bot(guild):  # as Discord answers a server the bot is not in
            return error_response(403, "Missing Access", 50001)
        payload = guild.payload(self.world.bot.id)
        tail = request.path.rsplit("/", 1)[-1]
        return json_response(payload[tail] if tail in ("channels", "roles") else payload)

    async def _get_member(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.get(int(request.match_info["gid"]))
        member = guild.members.get(int(request.match_info["uid"])) if guild else None
        if member is None:
            return error_response(404, "Unknown Member", 10007)
        return json_response(member.payload())

    async def _modify_member(self, request: web.Request) -> web.Response:
        """Change a member's nickname (all the bot does): Manage Nicknames, and the member
        neither the owner nor holding a role as high as the bot's highest, else 403 50013;
        GUILD_MEMBER_UPDATE."""
        guild = self.world.guilds.get(int(request.match_info["gid"]))
        member = guild.members.get(int(request.match_info["uid"])) if guild else None
        if guild is None or member is None:
            return error_response(404, "Unknown Member", 10007)
        bot = guild.members[self.world.bot.id]

        def top(of: Any) -> int:
            return max((guild.roles[r].position for r in of.roles if r in guild.roles), default=0)

        if (
            not guild.base_permissions(bot.user.id) & MANAGE_NICKNAMES
            or member.user.id == guild.owner_id
            or top(member) >= top(bot)
        ):
            return error_response(403, "Missing Permissions", 50013)
        body = request[REC].json or {}
        if "nick" in body:
            member.nick = body["nick"] or None
        data = {**member.payload(), "guild_id": str(guild.id)}
        await self.gateway.dispatch("GUILD_MEMBER_UPDATE", data)
        return json_response(member.payload())

    async def _scheduled_event(self, request: web.Request) -> web.Response:
        """Read or change a scheduled event: its name, description or location (what the bot
        changes), with Manage Events (in its channel, for one held in a channel), else 403
        50013; GUILD_SCHEDULED_EVENT_UPDATE."""
        guild = self.world.guilds.get(int(request.match_info["gid"]))
        event = guild.events.get(int(request.match_info["eid"])) if guild else None
        if guild is None or event is None:
            return error_response(404, "Unknown Guild Scheduled Event", 10070)
        if request.method == "GET":
            return json_response(event.payload())
        channel = guild.channels.get(event.channel_id) if event.channel_id is not None else None
        bot = self.world.bot.id
        granted = (
            guild.permissions_in(bot, channel)
            if channel is not None
            else guild.base_permissions(bot)
        )
        if not granted & MANAGE_EVENTS:
            return error_response(403, "Missing Permissions", 50013)
        body = request[REC].json or {}
        location = (body.get("entity_metadata") or {}).get("location")
        problems = [
            problem
            for what, text, path in (
                ("event name", body.get("name"), ("name",)),
                ("event description", body.get("description"), ("description",)),
                ("event location", location, ("entity_metadata", "location")),
            )
            if path[0] in body and (path[0] != "entity_metadata" or location is not None)
            for problem in name_problems(what, text, path)
        ]
        if problems:
            return json_response(invalid_form_body(problems), 400)
        for key in ("name", "description"):
            if key in body:
                setattr(event, key, body[key])
        if "entity_metadata" in body:
            event.location = (body["entity_metadata"] or {}).get("location")
        await self.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event.payload())
        return json_response(event.payload())

    async def _download(self, request: web.Request) -> web.Response:
        stored = self._attachments.get(int(request.match_info["aid"]))
        if stored is None:
            return web.Response(status=404, text="not found")
        payload, data = stored
        try:
            expires = int(request.query.get("ex", ""), 16)
        except ValueError:
            expires = None
        if expires is None or "hm" not in request.query or expires < time.time():
            # An unsigned or expired link: Discord's CDN says this, as plain text.
            return web.Response(status=404, text="This content is no longer available.")
        kind = payload.get("content_type") or "application/octet-stream"
        return web.Response(body=data, content_type=kind)


def encoded(response: web.Response, how: str) -> None:
    """``response`` carried gzip-encoded, chunked, or both (``answers_encoded``)."""
    if response.body is None or response.status in (204, 304):
        return
    if "gzip" in how:
        response.enable_compression(web.ContentCoding.gzip)
    if "chunked" in how:
        response.enable_chunked_encoding()
