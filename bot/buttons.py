"""Every button and form id Epilogue puts on a message, as typed values, and the one codec for them.

A custom id outlives the message it came with (Discord keeps buttons forever, any process may
receive the press), so it names immutable content, never a database row: a film by its stable key
and content revision, a pending change by a random token. The core decides every press again with
today's rules; what an id says is only ever used to narrow what is shown, never to widen it, so a
tampered id is harmless. ``parse`` turns any string into one of these values or a ``NotFound``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from bot.errors import NotFound
from bot.spoiler_policy.markup import Treatment

PREFIX = "epi:"
MAX_CUSTOM_ID = 100
"""Discord's limit on a custom id."""

UNKNOWN = "This button is not from Epilogue, or is from an older version: ask again."

_KEY = r"[a-z2-7]{1,16}"
_REV = r"[0-9a-f]{1,16}"
_TOKEN = r"[0-9a-f]{16,32}"
_INT = r"-?\d{1,6}"
_ID = r"\d{1,20}"


class AnswerAction(enum.StrEnum):
    PAGE = "page"  # turn the page of an answer (its asker only)
    REVEAL = "reveal"  # send the presser this page privately, unwrapped
    REVEALED_PAGE = "rpage"  # turn the page of a revealed copy


class PendingAction(enum.StrEnum):
    CONFIRM_IMPORT = "confirm"
    CONFIRM_REMOVE = "remove"
    CANCEL = "cancel"


_TREATMENT_CODES = {Treatment.SHOW: "s", Treatment.WRAP: "w", Treatment.WITHHOLD: "h"}
_CODE_TREATMENTS = {code: treatment for treatment, code in _TREATMENT_CODES.items()}


@dataclass(frozen=True)
class AnswerButton:
    """A paging or Reveal button under a film answer.

    ``treatment`` is how the message showed spoilers when it was posted: an edit may be stricter
    than that (today's rules win), never more open. ``owner_id`` pages a public answer.
    ``private``: the message was posted for its reader alone (an ephemeral reply). A press is
    taken as made on a private message only when both this and the press's own description of
    the message say so: Discord's ``flags`` alone, forged or replayed on a public answer's press,
    turned its page as a private one's, to text the channel's rules no longer let it show. Both
    are the press's own word (anyone may write this mark into an id), so a page turned as a
    private one's replaces the pressed message only once Discord says that message is private.
    """

    action: AnswerAction
    film_key: str
    revision: str
    topic: str
    question: int | None
    page: int
    treatment: Treatment
    owner_id: int
    private: bool = False

    def encode(self) -> str:
        return self.encode_before_owner() + str(self.owner_id)

    def encode_before_owner(self) -> str:
        """The id up to its owner (ending in ``:``): the same for every asker of an answer,
        so a kept first page adds each asker's id to it (``FilmAnswers._first_page``)."""
        return answer_id_before_owner(
            self.action,
            self.film_key,
            self.revision,
            self.topic,
            self.question,
            self.page,
            self.treatment,
            private=self.private,
        )


def answer_id_before_owner(
    action: AnswerAction,
    film_key: str,
    revision: str,
    topic: str,
    question: int | None,
    page: int,
    treatment: Treatment,
    *,
    private: bool,
) -> str:
    """``AnswerButton(...).encode_before_owner()`` without making the button: a first answer
    makes up to three ids, and each frozen button cost more than its id."""
    code = _TREATMENT_CODES[treatment]
    if private:
        code = code.upper()
    asked = "-" if question is None else str(question)
    return f"{PREFIX}a:{action.value}:{film_key}:{revision}:{topic}:{asked}:{page}:{code}:"


@dataclass(frozen=True)
class ListPageButton:
    """A page of ``/film list`` (titles only, so anyone may turn it)."""

    page: int

    def encode(self) -> str:
        return f"{PREFIX}list:{self.page}"


@dataclass(frozen=True)
class SeenPageButton:
    """A page of the films listed by ``/spoilers status``. It names no member: a press shows
    the presser's own list, so a page number typed into the id shows them only their own."""

    page: int

    def encode(self) -> str:
        return f"{PREFIX}seen:{self.page}"


@dataclass(frozen=True)
class LogPageButton:
    """A page of ``/spoiler-rules log`` (from 1). A press is for moderators only, checked again
    as the command is: the id names no one, and anyone may send one."""

    page: int

    def encode(self) -> str:
        return f"{PREFIX}log:{self.page}"


@dataclass(frozen=True)
class PendingButton:
    """Confirm or Cancel of a change an admin started (an import, a removal)."""

    action: PendingAction
    token: str

    def encode(self) -> str:
        return f"{PREFIX}p:{self.action.value}:{self.token}"


@dataclass(frozen=True)
class DraftButton:
    """Edit again, under a refused form: opens the form once more, filled in with what was
    typed (kept server-side under the random ``token``, as a form's text is up to 20,000
    characters and a custom id 100)."""

    token: str

    def encode(self) -> str:
        return f"{PREFIX}again:{self.token}"


@dataclass(frozen=True)
class EditForm:
    """The form that edits one part of a film, made from one revision of it."""

    film_key: str
    revision: str
    section: str

    def encode(self) -> str:
        return f"{PREFIX}edit:{self.film_key}:{self.revision}:{self.section}"


@dataclass(frozen=True)
class AddForm:
    def encode(self) -> str:
        return f"{PREFIX}add"


ComponentId = (
    AnswerButton
    | ListPageButton
    | SeenPageButton
    | LogPageButton
    | PendingButton
    | DraftButton
    | EditForm
    | AddForm
)

_ANSWER = re.compile(
    rf"a:(?P<action>page|reveal|rpage):(?P<key>{_KEY}):(?P<rev>{_REV}):(?P<topic>[a-z_]{{1,20}}):"
    rf"(?P<question>-|\d{{1,4}}):(?P<page>{_INT}):(?P<treatment>[swhSWH]):"
    rf"(?P<owner>{_ID})"
)
_LIST = re.compile(rf"list:(?P<page>{_INT})")
_SEEN = re.compile(rf"seen:(?P<page>{_INT})")
_LOG = re.compile(rf"log:(?P<page>{_INT})")
_PENDING = re.compile(rf"p:(?P<action>confirm|remove|cancel):(?P<token>{_TOKEN})")
_DRAFT = re.compile(rf"again:(?P<token>{_TOKEN})")
_EDIT = re.compile(rf"edit:(?P<key>{_KEY}):(?P<rev>{_REV}):(?P<section>[a-z_]{{1,20}})")


def parse(custom_id: str) -> ComponentId:
    """The typed value a custom id names; ``NotFound`` (a readable, private error) otherwise."""
    if not custom_id.startswith(PREFIX) or len(custom_id) > MAX_CUSTOM_ID:
        raise NotFound(UNKNOWN)
    body = custom_id[len(PREFIX) :]
    if match := _ANSWER.fullmatch(body):
        question = match["question"]
        return AnswerButton(
            action=AnswerAction(match["action"]),
            film_key=match["key"],
            revision=match["rev"],
            topic=match["topic"],
            question=None if question == "-" else int(question),
            page=int(match["page"]),
            treatment=_CODE_TREATMENTS[match["treatment"].lower()],
            owner_id=int(match["owner"]),
            private=match["treatment"].isupper(),
        )
    if match := _LIST.fullmatch(body):
        return ListPageButton(int(match["page"]))
    if match := _SEEN.fullmatch(body):
        return SeenPageButton(int(match["page"]))
    if match := _LOG.fullmatch(body):
        return LogPageButton(int(match["page"]))
    if match := _PENDING.fullmatch(body):
        return PendingButton(PendingAction(match["action"]), match["token"])
    if match := _DRAFT.fullmatch(body):
        return DraftButton(match["token"])
    if match := _EDIT.fullmatch(body):
        return EditForm(match["key"], match["rev"], match["section"])
    if body == "add":
        return AddForm()
    raise NotFound(UNKNOWN)
