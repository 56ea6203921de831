"""Turns what a test "does in the Discord client" into INTERACTION_CREATE payloads.

Looks users/channels/roles up in the world the way Discord's client offers
them (ids, mentions or names), resolves option values into the ``resolved``
block, and refuses inputs the real client would not allow (missing required
options, commands the member lacks permissions for, disabled components,
someone else's ephemeral message).
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import commands as opt
from .records import (
    EPHEMERAL,
    InteractionRecord,
    StandinError,
    StandinMessage,
    walk_components,
)
from .state import StandinState
from .world import (
    ATTACH_FILES,
    EMBED_LINKS,
    RESPONSE_PERMISSIONS,
    USE_EXTERNAL_EMOJIS,
    Channel,
    Guild,
    Member,
    Role,
    User,
    snowflake,
)

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

UserRef = User | Member | int | str
GuildRef = Guild | int | str | None
ChannelRef = Channel | int | str | None
MessageRef = StandinMessage | int | str


@dataclass
class Context:
    """Who invokes an interaction, and where (``guild`` is None in DMs)."""

    user: User
    guild: Guild | None
    channel: Channel | None
    channel_id: int
    group: tuple[User, ...] | None = None
    """In a group DM (or a DM between two people): everyone else in it. The app is used there
    as installed to the invoking user's account (context 2, PRIVATE_CHANNEL); the bot is not in
    the channel, and everyone in it sees a reply that is not ephemeral."""


PARTIAL_CHANNEL_FIELDS = frozenset(
    {
        "id",
        "name",
        "type",
        "permissions",
        "app_permissions",
        "last_message_id",
        "last_pin_timestamp",
        "nsfw",
        "parent_id",
        "guild_id",
        "flags",
        "rate_limit_per_user",
        "topic",
        "position",
        "thread_metadata",
    }
)


class InteractionBuilder(StandinState):
    async def send_interaction(
        self,
        type_: int,
        ctx: Context,
        data: dict[str, Any],
        *,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Build an INTERACTION_CREATE like Discord's and dispatch it on the gateway."""
        iid = snowflake()
        token = f"standin-{iid}-{secrets.token_hex(12)}"
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.world.application_id),
            "type": type_,
            "token": token,
            "version": 1,
            "data": data,
            "channel_id": str(ctx.channel_id),
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        guild, user = ctx.guild, ctx.user
        if guild is not None:
            assert ctx.channel is not None
            # The server's own limit, boosts included, as Discord gives it.
            payload["attachment_size_limit"] = guild.upload_limit
            perms = guild.permissions_in(user.id, ctx.channel)
            installed = self.world.has_bot(guild)
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.locale, "features": []},
                guild_locale=guild.locale,
                channel=self._partial_channel(guild, ctx.channel, user.id),
                member=guild.members[user.id].payload(perms),
                app_permissions=str(
                    guild.permissions_in(self.world.bot.id, ctx.channel)
                    if installed
                    # An app not in the server: @everyone's, limited to what responses use, and
                    # always Attach Files and Embed Links (responses may always carry them).
                    else guild.permissions_in(self.world.bot.id, ctx.channel) & RESPONSE_PERMISSIONS
                    | ATTACH_FILES
                    | EMBED_LINKS
                ),
                # Installed to the server: the server authorised it; else the member's own app.
                authorizing_integration_owners=(
                    {"0": str(guild.id)} if installed else {"1": str(user.id)}
                ),
                context=0,
            )
        elif ctx.group is not None:
            people = [user, *ctx.group]
            payload.update(
                channel={
                    "id": str(ctx.channel_id),
                    "type": 3 if len(people) > 2 else 1,
                    "name": None,
                    "icon": None,
                    "owner_id": str(user.id),
                    "recipients": [p.payload() for p in people],
                    "last_message_id": None,
                    "flags": 0,
                },
                user=user.payload(),
                app_permissions=str(RESPONSE_PERMISSIONS & ~USE_EXTERNAL_EMOJIS),
                authorizing_integration_owners={"1": str(user.id)},
                context=2,
            )
        else:
            dm_channel = {
                "id": str(ctx.channel_id),
                "type": 1,
                "recipients": [user.payload()],
                "last_message_id": None,
                "flags": 0,
            }
            payload.update(
                channel=dm_channel,
                user=user.payload(),
                # "additionally includes USE_EXTERNAL_EMOJIS for DMs with the app's bot user"
                app_permissions=str(RESPONSE_PERMISSIONS),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )
        if guild is not None and not self.interaction_channels:
            del payload["channel"]
        elif (
            guild is not None
            and not self.interaction_thread_parents
            and payload["channel"].get("type") in (10, 11, 12)
        ):
            del payload["channel"]["parent_id"]
        if not self.member_permissions_sent and "member" in payload:
            del payload["member"]["permissions"]
        if not self.app_permissions_sent:
            payload.pop("app_permissions", None)
            if isinstance(payload.get("channel"), dict):
                payload["channel"].pop("app_permissions", None)
        if message is not None:
            payload["message"] = message
        if self.reshape_interaction is not None:
            self.reshape_interaction(payload)
        record = InteractionRecord(
            iid, token, type_, payload, user, guild.id if guild else None, ctx.channel_id
        )
        self.interactions.append(record)
        self._by_token[token] = record
        self._by_id[iid] = record
        record.sent_at = time.perf_counter()
        record.requests_before = len(self.requests)
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return record

    def _partial_channel(self, guild: Guild, channel: Channel, user_id: int) -> dict[str, Any]:
        """A channel as an interaction describes it; with ``documented_partials``, only the
        fields Discord's reference promises ("Partial Channel objects only have id, name, type,
        permissions, …; threads will also have the thread_metadata field")."""
        data = guild.channel_payload_for(channel, user_id)
        data["app_permissions"] = str(guild.permissions_in(self.world.bot.id, channel))
        if not self.documented_partials:
            return data
        return {key: value for key, value in data.items() if key in PARTIAL_CHANNEL_FIELDS}

    def _component(
        self, ref: MessageRef, custom_id: str, user: UserRef
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        mid = ref.id if isinstance(ref, StandinMessage) else int(ref)
        raw = self._messages.get(mid)
        if raw is None:
            raise StandinError(f"message {mid} does not exist (deleted?)")
        if int(raw.get("flags", 0)) & EPHEMERAL:
            owner = int(raw.get("interaction_metadata", {}).get("user", {}).get("id", 0))
            if owner != self._find_user(user).id:
                raise StandinError(f"message {mid} is ephemeral; only user {owner} can see it")
        for component in walk_components(raw.get("components") or []):
            if component.get("custom_id") == custom_id:
                if component.get("disabled"):
                    raise StandinError(f"component {custom_id!r} is disabled")
                return json.loads(json.dumps(raw)), component
        found = StandinMessage(raw).custom_ids
        raise StandinError(f"message {mid} has no component {custom_id!r}; it has {found}")

    def _fill_modal(self, component: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        kind = component["type"]
        out: dict[str, Any] = {"type": kind}
        if "id" in component:
            out["id"] = component["id"]
        if kind == 1:
            out["components"] = [self._fill_modal(c, values) for c in component["components"]]
        elif kind == 18:
            out["component"] = self._fill_modal(component["component"], values)
        elif "custom_id" in component:
            cid = component["custom_id"]
            if kind == 4:
                value = values.pop(cid, component.get("value") or "")
                if component.get("required", True) and not value:
                    raise StandinError(f"modal field {cid!r} is required")
                out.update(custom_id=cid, value=str(value))
            else:
                picked = values.pop(cid, [])
                out.update(
                    custom_id=cid, values=[picked] if isinstance(picked, str) else list(picked)
                )
        return out

    def _command_data(
        self,
        text: str,
        ctx: Context,
        extra: Mapping[str, Any] | None,
        *,
        focused: str | None,
    ) -> dict[str, Any]:
        parsed = opt.parse_command(text, self.commands_for(ctx.guild.id if ctx.guild else None))
        self._check_can_use(parsed.command, ctx)
        raw: dict[str, Any] = dict(parsed.raw)
        for name, value in (extra or {}).items():
            if name not in parsed.definitions:
                raise StandinError(f"/{parsed.qualified_name} has no option {name!r}")
            raw[name] = value
        if focused == "":
            if not raw:
                raise StandinError("autocomplete needs at least one option typed")
            focused = list(raw)[-1]
        elif focused is not None:
            if focused not in parsed.definitions:
                raise StandinError(f"/{parsed.qualified_name} has no option {focused!r}")
            raw.setdefault(focused, "")
        missing = [n for n, d in parsed.definitions.items() if d.get("required") and n not in raw]
        if focused is None and missing:
            raise StandinError(f"/{parsed.qualified_name} is missing required options {missing}")

        resolved: dict[str, dict[str, Any]] = {}
        leaf: list[dict[str, Any]] = []
        for name, definition in parsed.definitions.items():  # Discord keeps declared order
            if name not in raw:
                continue
            item: dict[str, Any] = {"name": name, "type": definition["type"]}
            if name == focused:
                item.update(value=str(raw[name]), focused=True)
            elif definition["type"] in opt.SNOWFLAKE_TYPES:
                item["value"] = str(self._snowflake(definition, raw[name], ctx, resolved))
            else:
                item["value"] = opt.convert_scalar(definition, raw[name])
                if self.option_values_as_text and not isinstance(item["value"], str):
                    item["value"] = json.dumps(item["value"])  # "false", "30", "2.5"
            leaf.append(item)
        for sub in reversed(parsed.path):
            leaf = [{"name": sub["name"], "type": sub["type"], "options": leaf}]

        command = parsed.command
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1}
        if leaf:
            data["options"] = leaf
        if not self.options_resolved:
            # Discord documents ``resolved`` as optional: the options name their ids alone.
            resolved = {}
        if resolved:
            data["resolved"] = resolved
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    def _check_can_use(self, command: dict[str, Any], ctx: Context) -> None:
        """Discord hides commands a user may not run; refuse to invoke them."""
        context = 0 if ctx.guild else 1 if ctx.group is None else 2
        contexts = command.get("contexts")
        if contexts is not None and context not in contexts:
            raise StandinError(f"/{command['name']} is not available in context {context}")
        if ctx.guild is None:
            if command.get("dm_permission") is False:
                raise StandinError(f"/{command['name']} is not available in DMs")
            return
        required = command.get("default_member_permissions")
        if required is not None:
            have = ctx.guild.base_permissions(ctx.user.id)
            if have & int(required) != int(required):
                raise StandinError(f"{ctx.user.username} lacks permissions for /{command['name']}")

    def _snowflake(
        self,
        definition: dict[str, Any],
        value: Any,
        ctx: Context,
        resolved: dict[str, dict[str, Any]],
    ) -> int:
        """Resolve a user/channel/role/mentionable/attachment value and fill ``resolved``."""
        kind, guild = definition["type"], ctx.guild
        if kind == opt.ATTACHMENT:
            attachment = self._attachment_from(definition["name"], value)
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            return int(attachment["id"])
        if kind == opt.CHANNEL:
            channel = self._find_channel(value, guild)
            if (types := definition.get("channel_types")) and channel.type not in types:
                raise StandinError(
                    f"{definition['name']}: channel type {channel.type} not in {types}"
                )
            assert guild is not None
            payload = self._partial_channel(guild, channel, ctx.user.id)
            resolved.setdefault("channels", {})[str(channel.id)] = payload
            return channel.id
        role = None
        if kind in (opt.ROLE, opt.MENTIONABLE):
            role = self._find_role(value, guild, required=kind == opt.ROLE)
        if role is not None:
            resolved.setdefault("roles", {})[str(role.id)] = role.payload()
            return role.id
        user = self._find_user(value)
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        if guild is not None and user.id in guild.members:
            member = guild.members[user.id].payload(guild.permissions_in(user.id, ctx.channel))
            for key in ("user", "deaf", "mute"):  # "Partial Member objects are missing …"
                del member[key]
            resolved.setdefault("members", {})[str(user.id)] = member
        return user.id

    def _attachment_from(self, name: str, value: Any) -> dict[str, Any]:
        if isinstance(value, Mapping) and "id" in value:
            return dict(value)
        if isinstance(value, str) and value.startswith("@"):
            value = Path(value[1:]).expanduser()
        if isinstance(value, Path):
            return self.add_attachment(value.name, value.read_bytes(), ephemeral=True)
        if isinstance(value, bytes):
            return self.add_attachment(f"{name}.bin", value, ephemeral=True)
        if isinstance(value, tuple) and len(value) == 2:
            return self.add_attachment(str(value[0]), bytes(value[1]), ephemeral=True)
        raise StandinError(f"{name}: give an attachment as '@path', bytes or (filename, bytes)")

    def _find_user(self, ref: UserRef) -> User:
        if isinstance(ref, User):
            return ref
        if isinstance(ref, Member):
            return ref.user
        if isinstance(ref, int) or (isinstance(ref, str) and opt.mention_id(ref) is not None):
            uid = ref if isinstance(ref, int) else opt.mention_id(ref)
            if uid in self.world.users:
                return self.world.users[uid]
        elif isinstance(ref, str):
            name = ref.removeprefix("@")
            for user in self.world.users.values():
                if user.username == name:
                    return user
        raise StandinError(f"unknown user {ref!r}")

    def _find_guild(self, ref: GuildRef) -> Guild:
        guilds = self.world.guilds
        if isinstance(ref, Guild):
            return ref
        if ref is None:
            if len(guilds) != 1:
                raise StandinError(f"say which guild: the world has {len(guilds)}")
            return next(iter(guilds.values()))
        if isinstance(ref, int) and ref in guilds:
            return guilds[ref]
        for guild in guilds.values():
            if guild.name == ref or str(guild.id) == ref:
                return guild
        raise StandinError(f"unknown guild {ref!r}")

    def _find_channel(self, ref: ChannelRef, guild: Guild | None) -> Channel:
        if isinstance(ref, Channel):
            return ref
        if guild is None:
            raise StandinError("channels can only be resolved inside a guild")
        if ref is None:
            text = [c for c in guild.channels.values() if c.type == 0]
            if not text:
                raise StandinError(f"guild {guild.name!r} has no text channel")
            return text[0]
        cid = ref if isinstance(ref, int) else opt.mention_id(ref)
        if cid is not None and cid in guild.channels:
            return guild.channels[cid]
        if isinstance(ref, str):
            for channel in guild.channels.values():
                if channel.name == ref.removeprefix("#"):
                    return channel
        raise StandinError(f"unknown channel {ref!r} in guild {guild.name!r}")

    def _find_role(self, ref: Any, guild: Guild | None, *, required: bool) -> Role | None:
        if isinstance(ref, Role):
            return ref
        if guild is not None:
            rid = ref if isinstance(ref, int) else opt.mention_id(str(ref))
            if rid is not None and rid in guild.roles:
                return guild.roles[rid]
            if isinstance(ref, str):
                name = "@everyone" if ref in ("@everyone", "everyone") else ref.removeprefix("@")
                for role in guild.roles.values():
                    if role.name == name:
                        return role
        if required:
            raise StandinError(f"unknown role {ref!r}")
        return None

    def _guild_of(self, channel: ChannelRef) -> Guild | None:
        """The guild a channel reference points into, so ``guild=`` can be omitted."""
        if isinstance(channel, Channel):
            return self.world.guilds[channel.guild_id]
        cid = channel if isinstance(channel, int) else opt.mention_id(channel or "")
        found = self.world.find_channel(cid) if cid is not None else None
        return found[0] if found else None

    def _group_channel_id(self, user: User, others: tuple[User, ...]) -> int:
        """The same group DM for the same people (kept with the stand-in's other channels)."""
        key = frozenset(u.id for u in (user, *others))
        return self._groups.setdefault(key, snowflake())

    def _message_context(self, raw: Mapping[str, Any], user: UserRef) -> Context:
        """Interactions on a message happen where the message is (guild channel or DM)."""
        guild, channel = self._where(int(raw["channel_id"]))
        group = next((k for k, v in self._groups.items() if v == int(raw["channel_id"])), None)
        if group is not None:
            who = self._find_user(user)
            others = tuple(self.world.users[u] for u in group if u != who.id)
            return Context(who, None, None, int(raw["channel_id"]), others)
        if guild is None:
            return Context(self._find_user(user), None, None, int(raw["channel_id"]))
        return self._context(user, guild, channel, None, False)

    def _context(
        self,
        user: UserRef,
        guild: GuildRef,
        channel: ChannelRef,
        roles: Sequence[Role | int] | None,
        dm: bool,
        group: Sequence[UserRef] | None = None,
    ) -> Context:
        who = self._find_user(user)
        if group is not None:
            others = tuple(self._find_user(u) for u in group)
            return Context(who, None, None, self._group_channel_id(who, others), others)
        if dm:
            return Context(who, None, None, self._dm_channel_id(who.id))
        where = self._find_guild(guild if guild is not None else self._guild_of(channel))
        chan = self._find_channel(channel, where)
        if chan.guild_id != where.id:
            raise StandinError(f"channel {chan.name!r} is not in guild {where.name!r}")
        if roles is not None or who.id not in where.members:
            where.add_member(who, list(roles) if roles is not None else None)
        return Context(who, where, chan, chan.id)
