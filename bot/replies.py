"""A reply as a value: what the core wants shown, and the exact payload Discord would receive.

Adapters (``client/delivery.py``, the console) only send or print it, so every adapter shows the
same thing and tests inspect replies without Discord.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.spoiler_policy.rehiding import RulesChange

EPHEMERAL = 1 << 6
SUPPRESS_EMBEDS = 1 << 2
NO_MENTIONS: dict[str, Any] = {"parse": [], "users": [], "roles": [], "replied_user": False}


SENTENCE_ENDS = (".", "!", "?", "…")


def with_sentence(message: str, sentence: str) -> str:
    """``message`` followed by ``sentence``: on a line of its own after a list of problems
    (whose last line is a problem, not a sentence of the message), else after a space, with
    the full stop a message may lack ("…must not be empty What you typed is attached")."""
    message = message.rstrip()
    if not message:
        return sentence
    if "\n" in message:
        return f"{message}\n{sentence}"
    stop = "" if message.endswith(SENTENCE_ENDS) else "."
    return f"{message}{stop} {sentence}"


class Style(enum.IntEnum):
    """Discord's button styles."""

    PRIMARY = 1
    SECONDARY = 2
    SUCCESS = 3
    DANGER = 4


class Colour(enum.IntEnum):
    INFO = 0x5865F2
    SPOILER = 0x2B2D31


@dataclass(frozen=True)
class Button:
    """A button; its label is plain text Discord cannot hide, so it never names plot."""

    label: str
    custom_id: str
    style: Style = Style.SECONDARY
    disabled: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "type": 2,
            "style": int(self.style),
            "label": self.label,
            "custom_id": self.custom_id,
            "disabled": self.disabled,
        }


@dataclass(frozen=True)
class EmbedField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Embed:
    """Title, author and footer are plain text: only safe text goes there."""

    title: str
    description: str | None = None
    fields: tuple[EmbedField, ...] = ()
    footer: str | None = None
    colour: Colour = Colour.INFO

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": "rich", "title": self.title, "color": int(self.colour)}
        if self.description:
            data["description"] = self.description
        if self.fields:
            data["fields"] = [
                {"name": f.name, "value": f.value, "inline": f.inline} for f in self.fields
            ]
        if self.footer:
            data["footer"] = {"text": self.footer}
        return data


@dataclass(frozen=True)
class Attachment:
    """A file: one a reply sends, or one a member uploaded (already downloaded).
    ``description``: its alt text (an author's own, which Undo gives back)."""

    filename: str
    data: bytes
    description: str = ""


UPLOAD_LIMIT_BYTES = 10 * 2**20
"""What one file may weigh in a message Epilogue posts in a server without boosts (Discord's
default; boost level 2 raises it to 50 MiB, level 3 to 100 MiB)."""


@dataclass(frozen=True)
class PendingFile:
    """A member's upload not fetched yet, for a command that posts it for everyone.

    Fetching can outlast Discord's three seconds, so the answer is acknowledged before it; the
    handler refuses (privately) first, and fetches only in a public ``Deferred``'s ``finish``.
    """

    filename: str
    size: int
    fetch: Callable[[], Awaitable[Attachment]] = field(compare=False)
    # What Discord lets Epilogue post in one file where the command was used (boosts raise it).
    limit: int = UPLOAD_LIMIT_BYTES


@dataclass(frozen=True)
class TextInput:
    custom_id: str
    label: str
    value: str = ""
    paragraph: bool = False
    required: bool = True
    max_length: int = 4000
    placeholder: str = ""


@dataclass(frozen=True)
class Modal:
    """A form for the asker to fill in; its title is plain text."""

    custom_id: str
    title: str
    inputs: tuple[TextInput, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "custom_id": self.custom_id,
            "title": self.title,
            "components": [
                {
                    "type": 1,
                    "components": [
                        {
                            "type": 4,
                            "custom_id": field.custom_id,
                            "label": field.label,
                            "style": 2 if field.paragraph else 1,
                            "value": field.value,
                            "required": field.required,
                            "max_length": field.max_length,
                            "placeholder": field.placeholder,
                        }
                    ],
                }
                for field in self.inputs
            ],
        }


@dataclass(frozen=True)
class Reply:
    content: str | None = None
    embeds: tuple[Embed, ...] = ()
    rows: tuple[tuple[Button, ...], ...] = ()
    ephemeral: bool = False
    # Link previews are unfurled by the client and could show what a spoiler hides (an
    # article's title under a wrapped link): none unless a reply asks for them.
    suppress_embeds: bool = True
    attachments: tuple[Attachment, ...] = ()
    # For a button press: replace the message that carries the button instead of a new one.
    # With ``ephemeral``, only a message Discord itself says is private (an edit keeps its
    # audience, and the press's own description of it may be forged); else a new private one.
    edits_original: bool = False
    # Instead of a message: ask the user to fill in this form.
    modal: Modal | None = None
    # Film content rendered under the rules of the place it was asked in (a spoiler channel's
    # ending in the clear): it is shown there or nowhere, never sent on to a DM, whose rules
    # for the member may wrap it.
    place_bound: bool = False
    # Plot or ending text shown to everyone where it is posted, unwrapped (a public answer in a
    # spoiler channel): once sent, the adapter reads the rules again and hides it should the
    # place have stopped being a spoiler channel while it was on its way (``rehidden_reply``).
    opens_spoilers: bool = False
    # A person's mistake or a refusal, said privately: adapters and the CLI read this, never
    # the text (the CLI exits 1 on it).
    is_error: bool = False
    # A moderator's change that turned places away from spoilers: once the reply is sent, the
    # adapter hides again what Epilogue's own messages there show openly (``client/rehiding.py``).
    rules_change: RulesChange | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def text(cls, message: str, *, ephemeral: bool = True) -> Reply:
        return cls(content=message, ephemeral=ephemeral)

    @classmethod
    def error(cls, message: str, *, attachments: tuple[Attachment, ...] = ()) -> Reply:
        return cls(content=f"⚠️ {message}", ephemeral=True, attachments=attachments, is_error=True)

    def private(self) -> Reply:
        return replace(self, ephemeral=True)

    @property
    def flags(self) -> int:
        return (EPHEMERAL if self.ephemeral else 0) | (
            SUPPRESS_EMBEDS if self.suppress_embeds else 0
        )

    @property
    def buttons(self) -> list[Button]:
        return [button for row in self.rows for button in row]

    def payload(self) -> dict[str, Any]:
        """The JSON body of Discord's message create (interaction response ``data``)."""
        if self.modal is not None:
            return self.modal.payload()
        data: dict[str, Any] = {
            "content": self.content or "",
            "embeds": [embed.payload() for embed in self.embeds],
            "components": [
                {"type": 1, "components": [button.payload() for button in row]} for row in self.rows
            ],
            "flags": self.flags,
            "allowed_mentions": NO_MENTIONS,
        }
        if self.attachments:
            data["attachments"] = [
                {"id": index, "filename": a.filename} for index, a in enumerate(self.attachments)
            ]
        return data


@dataclass(frozen=True)
class Deferred:
    """An answer whose audience is settled before its text is rendered.

    Discord drops an interaction not acknowledged within three seconds, and a deferred reply's
    visibility is fixed when it is acknowledged. So a slow answer first says, cheaply, who will
    see it; adapters acknowledge with that visibility and then await ``finish``.
    ``bot.dispatch.complete`` makes sure the reply never reaches a wider audience than that.
    """

    ephemeral: bool
    finish: Callable[[], Awaitable[Reply]] = field(compare=False)
    # What the member typed that a refusal while finishing hands back (``texts_to_hand_back``),
    # to them alone: a /spoiler post refused as its file comes in lost its text.
    hand_back: tuple[str, ...] = field(default=(), compare=False)
