"""What the stand-in remembers: raw requests, messages, and interaction outcomes."""

# ruff: noqa: ASYNC109  -- helpers take ``timeout=`` on purpose: tests read better.

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .state import StandinState
    from .world import User

EPHEMERAL = 1 << 6
LOADING = 1 << 7
WAIT_S = 15.0
"""How long the stand-in waits for the bot by default. Only a failing test waits this long:
generous, so a machine busy with other work (a shared CI runner) does not fail a test that
passes alone."""


class StandinError(Exception):
    """A test asked the stand-in for something Discord's client would not allow."""


class StandinTimeout(StandinError, TimeoutError):
    """The bot did not answer in time; the message lists what it did send."""


@dataclass
class RecordedFile:
    field: str
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    """One HTTP request the bot made, with its body already parsed."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0
    known: bool = True
    message_id: int | None = None
    """The message a follow-up became (the "thinking…" message it replaced, or a new one)."""

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component in a tree (rows, labels, sections, containers)."""
    for component in components:
        yield component
        yield from walk_components(component.get("components", []))
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                yield from walk_components([component[key]])


@dataclass(frozen=True)
class StandinMessage:
    """A snapshot of a message as Discord stores it, with handy accessors."""

    raw: dict[str, Any]

    @property
    def id(self) -> int:
        return int(self.raw["id"])

    @property
    def channel_id(self) -> int:
        return int(self.raw["channel_id"])

    @property
    def content(self) -> str:
        return self.raw.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.raw.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.raw.get("components") or []

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return self.raw.get("attachments") or []

    @property
    def flags(self) -> int:
        return int(self.raw.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    def button_id(self, label_start: str) -> str:
        """The custom id of the button whose label starts with ``label_start`` (as a member
        picks a button: by what it says)."""
        for component in walk_components(self.components):
            if str(component.get("label", "")).startswith(label_start) and "custom_id" in component:
                return str(component["custom_id"])
        raise LookupError(f"no button labelled {label_start!r} on message {self.id}")

    @property
    def text(self) -> str:
        """Content plus embed titles/descriptions/fields, for loose assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for f in embed.get("fields", []):
                parts += [f.get("name", ""), f.get("value", "")]
        return "\n".join(p for p in parts if p)


APPLICATION_COMMAND = 2
"""An interaction's type for a command (of any kind); its ``data.type`` says which."""
CHAT_INPUT = 1
"""A command's ``data.type`` for a slash command (2 and 3: a user's, a message's)."""
CHAT_INPUT_COMMAND = 20
CONTEXT_MENU_COMMAND = 23


@dataclass
class InteractionRecord:
    """Server-side bookkeeping for one INTERACTION_CREATE and everything it caused."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    user: User
    guild_id: int | None
    channel_id: int
    sent_at: float = 0.0
    callback_at: float | None = None
    # When the answer itself arrived: the callback if it carried the message, else the first
    # follow-up or edit that replaced "thinking…" (what a member waits for).
    answered_at: float | None = None
    callback: dict[str, Any] | None = None
    original_id: int | None = None
    message_ids: list[int] = field(default_factory=list)
    followup_ids: list[int] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    # How many requests the bot had made when the interaction was sent: the ones it made
    # while handling it (a webhook's, which carry no token) come after.
    requests_before: int = 0

    @property
    def answer_type(self) -> int:
        """The message type Discord gives its answers: CHAT_INPUT_COMMAND (20) for a slash
        command's, CONTEXT_MENU_COMMAND (23) for a user or message command's, DEFAULT (0) for
        a press's or a form's."""
        if self.type != APPLICATION_COMMAND:
            return 0
        kind = (self.payload.get("data") or {}).get("type", CHAT_INPUT)
        return CHAT_INPUT_COMMAND if kind == CHAT_INPUT else CONTEXT_MENU_COMMAND

    @property
    def callback_type(self) -> int | None:
        return None if self.callback is None else int(self.callback["type"])

    @property
    def callback_data(self) -> dict[str, Any]:
        return (self.callback or {}).get("data") or {}


class InteractionResult:
    """A live view of how the bot answered one interaction.

    It keeps updating as more follow-ups/edits arrive; use :meth:`wait_until`
    to await later changes instead of sleeping.
    """

    def __init__(self, server: StandinState, record: InteractionRecord) -> None:
        self._server = server
        self.record = record

    def __repr__(self) -> str:
        texts = [m.text for m in self.messages]
        return f"<InteractionResult type={self.callback_type} messages={texts}>"

    @property
    def interaction(self) -> dict[str, Any]:
        return self.record.payload

    @property
    def callback(self) -> dict[str, Any] | None:
        return self.record.callback

    @property
    def callback_type(self) -> int | None:
        return self.record.callback_type

    @property
    def deferred(self) -> bool:
        return self.callback_type in (5, 6)

    @property
    def messages(self) -> list[StandinMessage]:
        """Original response (if any) then follow-ups, in creation order, as they are now."""
        return [m for m in map(self._server.message, self.record.message_ids) if m is not None]

    @property
    def message(self) -> StandinMessage:
        if not self.messages:
            raise StandinError(f"interaction produced no messages (callback={self.callback})")
        return self.messages[0]

    @property
    def original(self) -> StandinMessage | None:
        oid = self.record.original_id
        return None if oid is None else self._server.message(oid)

    @property
    def followups(self) -> list[StandinMessage]:
        found = map(self._server.message, self.record.followup_ids)
        return [m for m in found if m is not None]

    @property
    def edits(self) -> list[dict[str, Any]]:
        return self.record.edits

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (callback type 8)."""
        return list(self.record.callback_data.get("choices", []))

    @property
    def modal(self) -> dict[str, Any] | None:
        """The modal the bot opened (callback type 9), if any."""
        return self.record.callback_data if self.callback_type == 9 else None

    @property
    def latency(self) -> float | None:
        """Seconds from INTERACTION_CREATE being sent to the callback arriving."""
        if self.record.callback_at is None:
            return None
        return self.record.callback_at - self.record.sent_at

    async def wait_until(
        self, predicate: Callable[[InteractionResult], bool], *, timeout: float = WAIT_S
    ) -> InteractionResult:
        await self._server.wait_for(lambda: predicate(self), timeout=timeout, what=repr(self))
        await self._server.settle(timeout=timeout)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "interaction_id": str(self.record.id),
            "callback": self.callback,
            "messages": [m.raw for m in self.messages],
            "edits": self.edits,
            "latency": self.latency,
        }
