"""The promise, checked on every payload the bot sent to the stand-in.

1. A public message in a channel that is not a spoiler channel shows no plot or ending detail of
   La La Land to a reader who clicks nothing (``visible_text`` reads it as Discord's client does).
2. Text Discord cannot hide (embed titles, author names, footers, field names, button labels,
   select options, autocomplete choices, modal titles and labels, file names) never carries one,
   nor does a public message's file that is not sent as a spoiler (its text is a click away,
   and Discord previews a text file inline).
3. Every message the bot sent or edited allows no mentions (``allowed_mentions.parse == []``).

Every public surface is read: interaction answers, channel messages, messages posted or edited
through a channel's webhook (the spoiler guard's reposts: their text as 1, the name they are
posted under as 2) and thread renames (a name is text Discord cannot hide). One post is left
out: what Undo spoiler hide puts back, the member's own words restored at a moderator's request
(a webhook post made while an Undo was handled whose text is, exactly, one a member sent).

Markers are phrases that appear only in La La Land's plot- and ending-level text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.standin import InteractionRecord, RecordedRequest, StandinServer
from tests.standin.records import EPHEMERAL
from tests.support.discord_markdown import visible_text

ENDING_MARKERS = (
    "marr",  # married, marry, marriage
    "five years",
    "jazz club",
    "smile",
    "daydream",
    "montage",
    "alternate-timeline",
    "break up",
    "split up",
    "end up together",
)
PLOT_MARKERS = ("goes on the road", "green dress", "yellow dress", "they part")


def _pattern(markers: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(m) for m in markers), re.IGNORECASE)


MARKER = _pattern(ENDING_MARKERS + PLOT_MARKERS)

_CALLBACK = re.compile(r"/api/v10/interactions/\d+/[^/]+/callback")
_FOLLOWUP = re.compile(r"/api/v10/webhooks/\d+/[^/]+")
_WEBHOOK_MESSAGE = re.compile(r"/api/v10/webhooks/\d+/[^/]+/messages/(@original|\d+)")
_CHANNEL_MESSAGE = re.compile(r"/api/v10/channels/(\d+)/messages(?:/\d+)?")
_HOOK = re.compile(r"/api/v10/webhooks/(\d+)/[^/]+(?:/messages/\d+)?")
_CHANNEL = re.compile(r"/api/v10/channels/(\d+)")
UNDO = "Undo spoiler hide"


@dataclass
class Sent:
    """One message body the bot sent, where it goes and whether everyone can read it."""

    what: str
    body: dict[str, Any]
    channel_id: int
    public: bool
    files: list[str] = field(default_factory=list)
    contents: list[tuple[str, bytes]] = field(default_factory=list)


def markers_in(text: str, pattern: re.Pattern[str] = MARKER) -> list[str]:
    return [match.group(0) for match in pattern.finditer(text or "")]


class PromiseChecker:
    """Collects violations over everything the stand-in recorded."""

    def __init__(self, standin: StandinServer) -> None:
        self.standin = standin
        self.spoiler_channels: set[int] = set()
        self.markers = MARKER
        self.checked_messages = 0
        self.checked_labels = 0

    def watch(self, *markers: str) -> None:
        """Also trace these words: plot or ending text of a film a test loaded."""
        self.markers = _pattern([*ENDING_MARKERS, *PLOT_MARKERS, *markers])

    def allow_spoilers_in(self, *channel_ids: int) -> None:
        """Spoiler channels show everything to everyone, by a moderator's choice."""
        self.spoiler_channels.update(channel_ids)

    # -- collecting ---------------------------------------------------------------------------
    def _sent(self) -> Iterator[Sent]:
        by_request: dict[int, InteractionRecord] = {}
        for record in self.standin.interactions:
            for request in record.requests:
                by_request[id(request)] = record
        undoing = self._undo_windows()
        for index, request in enumerate(self.standin.requests):
            if request.method not in {"POST", "PATCH"} or request.status >= 400:
                continue
            record = by_request.get(id(request))
            if record is None and self._restored_by_undo(index, request, undoing):
                continue
            yield from self._bodies(request, record)

    def _undo_windows(self) -> list[tuple[int, int]]:
        """The requests (first, last index) the bot made while handling each Undo."""
        at = {id(request): index for index, request in enumerate(self.standin.requests)}
        windows = []
        for record in self.standin.interactions:
            if (record.payload.get("data") or {}).get("name") != UNDO or not record.requests:
                continue
            last = max(at.get(id(request), -1) for request in record.requests)
            windows.append((record.requests_before, last))
        return windows

    def _restored_by_undo(
        self, index: int, request: RecordedRequest, undoing: list[tuple[int, int]]
    ) -> bool:
        """A webhook post made while an Undo was handled, of exactly a member's own words."""
        match = _HOOK.fullmatch(request.path)
        if request.method != "POST" or match is None:
            return False
        if int(match.group(1)) not in self.standin.webhooks:
            return False
        body = request.json if isinstance(request.json, dict) else {}
        content = str(body.get("content") or "")
        return content in self.standin.member_texts and any(
            first <= index <= last for first, last in undoing
        )

    def _bodies(self, request: RecordedRequest, record: InteractionRecord | None) -> Iterator[Sent]:
        body = request.json if isinstance(request.json, dict) else {}
        files = [f.filename for f in request.files]
        contents = [(f.filename, f.data) for f in request.files]
        if record is not None and _CALLBACK.fullmatch(request.path):
            kind, data = int(body.get("type", 0)), body.get("data") or {}
            if kind == 8:
                yield Sent("autocomplete", {"choices": data.get("choices", [])}, 0, False)
            elif kind == 9:
                yield Sent("modal", data, record.channel_id, False)
            elif kind == 4:
                public = not int(data.get("flags") or 0) & EPHEMERAL
                yield Sent("reply", data, record.channel_id, public, files, contents)
            elif kind == 7:
                public = self._public(record)
                yield Sent("edit", data, record.channel_id, public, files, contents)
        elif record is not None and _WEBHOOK_MESSAGE.fullmatch(request.path):
            yield Sent("edit", body, record.channel_id, self._public(record), files, contents)
        elif record is not None and _FOLLOWUP.fullmatch(request.path):
            # The first follow-up after "thinking" replaces that message and keeps who sees it,
            # whatever its own flags say (a private follow-up to public thinking is public);
            # any later one is as its flags say.
            landed = self.standin.message(request.message_id or 0)
            if landed is not None:
                public = not landed.ephemeral
            else:
                public = not int(body.get("flags") or 0) & EPHEMERAL and self._public(record)
            yield Sent("follow-up", body, record.channel_id, public, files, contents)
        elif match := _CHANNEL_MESSAGE.fullmatch(request.path):
            yield Sent("channel message", body, int(match.group(1)), True, files, contents)
        elif (match := _HOOK.fullmatch(request.path)) and (
            hook := self.standin.webhooks.get(int(match.group(1)))
        ):
            # A repost through a channel's webhook (into a thread with ``thread_id``).
            channel_id = int(request.query.get("thread_id") or hook["channel_id"])
            yield Sent("webhook message", body, channel_id, True, files, contents)
        elif (
            request.method == "PATCH"
            and "name" in body  # a thread renamed: its name is shown to all, never hidden
            and (match := _CHANNEL.fullmatch(request.path))
        ):
            yield Sent("thread name", {"name": body["name"]}, int(match.group(1)), True)

    def _public(self, record: InteractionRecord) -> bool:
        """Whether the message an interaction answers on/edits is public (unknown: assume so)."""
        if record.original_id is None:
            return True
        message = self.standin.message(record.original_id)
        return message is None or not message.ephemeral

    # -- checking -----------------------------------------------------------------------------
    def violations(self) -> list[str]:
        found: list[str] = []
        for sent in self._sent():
            found += self._check(sent)
        return found

    def _check(self, sent: Sent) -> list[str]:
        problems: list[str] = []
        body = sent.body

        def plain(where: str, text: Any) -> None:
            self.checked_labels += 1
            if isinstance(text, str) and (hits := markers_in(text, self.markers)):
                problems.append(f"{sent.what}: {where} {text!r} shows {hits}")

        if sent.what == "autocomplete":
            for choice in body["choices"]:
                plain("choice name", choice.get("name"))
                plain("choice value", choice.get("value"))
            return problems
        if sent.what == "modal":
            plain("modal title", body.get("title"))
            for component in _walk(body.get("components") or []):
                plain("input label", component.get("label"))
                plain("input placeholder", component.get("placeholder"))
            return problems

        if sent.what == "thread name":
            plain("thread name", body["name"])
            return problems
        plain("posted under the name", body.get("username"))
        plain("forum post title", body.get("thread_name"))  # a webhook's post that opens one

        self.checked_messages += 1
        mentions = body.get("allowed_mentions")
        if not isinstance(mentions, dict) or mentions.get("parse") != []:
            problems.append(f"{sent.what}: allowed_mentions is {mentions!r}, not parse []")
        for embed in body.get("embeds") or []:
            plain("embed title", embed.get("title"))
            plain("embed author", (embed.get("author") or {}).get("name"))
            plain("embed footer", (embed.get("footer") or {}).get("text"))
            for embed_field in embed.get("fields") or []:
                plain("field name", embed_field.get("name"))
        for component in _walk(body.get("components") or []):
            plain("button label", component.get("label"))
            plain("placeholder", component.get("placeholder"))
            for option in component.get("options") or []:
                plain("select option", option.get("label"))
                plain("select description", option.get("description"))
        for name in sent.files + [a.get("filename") for a in body.get("attachments") or []]:
            plain("file name", name)

        standard = sent.channel_id not in self.spoiler_channels
        if sent.public and standard and self.standin.world.find_channel(sent.channel_id):
            for name, data in sent.contents:
                opened = data.decode("utf-8", errors="replace")
                if not name.startswith("SPOILER_") and (hits := markers_in(opened, self.markers)):
                    problems.append(
                        f"{sent.what} in public channel {sent.channel_id}: file {name!r}"
                        f" shows {hits} to whoever opens it"
                    )
            for where, text in _readable(body):
                if hits := markers_in(visible_text(text), self.markers):
                    shown = visible_text(text)[:300]
                    problems.append(
                        f"{sent.what} in public channel {sent.channel_id}: {where} shows {hits}"
                        f" without a click: {shown!r}"
                    )
        return problems


def _readable(body: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """Message parts where a spoiler can be hidden, so only the unhidden part counts."""
    if body.get("content"):
        yield "content", body["content"]
    for embed in body.get("embeds") or []:
        if embed.get("description"):
            yield "embed description", embed["description"]
        for embed_field in embed.get("fields") or []:
            yield "field value", embed_field.get("value") or ""


def _walk(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        yield component
        yield from _walk(component.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                yield from _walk([component[key]])
