"""Who sees what, where: the one place that decides how plot and ending text is treated.

Adapters never decide this; they send what the core renders from a ``Plan``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from bot.levels import SpoilerLevel
from bot.spoiler_policy.markup import Treatment


class ChannelMode(enum.StrEnum):
    STANDARD = "standard"
    SPOILERS = "spoilers"
    NO_SPOILERS = "no-spoilers"


class Audience(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


class OptIn(enum.StrEnum):
    """How a reader came to be opted in to a film's spoilers: each is undone differently."""

    FILM = "film"  # /spoilers seen
    ALL_FILMS = "all films"  # /spoilers on
    ROLE = "role"  # the server's opt-in role


@dataclass(frozen=True)
class Standing:
    """What the rules say for one reader, in one place, about one film."""

    in_guild: bool
    mode: ChannelMode
    opted_in: bool
    embargo_until: dt.date | None = None
    # Which opt-in it is, when ``opted_in``: the footer says what is true of it.
    opted_in_by: OptIn = OptIn.FILM

    @property
    def spoiler_channel(self) -> bool:
        return self.in_guild and self.mode is ChannelMode.SPOILERS

    @property
    def keeps_spoilers_private(self) -> bool:
        """No-spoiler channels and embargoed films: never posted publicly, not even wrapped."""
        if self.spoiler_channel:
            return False
        return self.mode is ChannelMode.NO_SPOILERS or self.embargo_until is not None


@dataclass(frozen=True)
class Plan:
    """How one reply treats its text: who sees it and what happens to plot/ending pieces."""

    audience: Audience
    spoilers: Treatment
    pointer: str = ""
    # Why the reply goes only to its reader when they did not ask for that; safe text for the
    # footer, so nobody wonders why a question asked in public was answered in private.
    why_private: str = ""

    def treatment(self, level: SpoilerLevel) -> Treatment:
        return Treatment.SHOW if level is SpoilerLevel.NONE else self.spoilers

    @property
    def reveal_button(self) -> bool:
        return self.spoilers is Treatment.WRAP

    @property
    def private(self) -> bool:
        return self.audience is Audience.PRIVATE


def opens(plan: Plan) -> bool:
    """Whether ``plan`` shows plot and ending text unwrapped to everyone where it is posted."""
    return not plan.private and plan.spoilers is Treatment.SHOW


REVEALED = Plan(Audience.PRIVATE, Treatment.SHOW)
"""A reader pressed "Reveal to me": private and unwrapped, whatever the channel."""


def pointer_for(standing: Standing) -> str:
    if standing.embargo_until is not None and not standing.spoiler_channel:
        return (
            "Plot and ending details of this film are under a spoiler embargo here until "
            f"{standing.embargo_until.isoformat()}: ask in a spoiler channel."
        )
    return (
        "Plot and ending details are hidden in this channel: ask in a spoiler channel, "
        "or use /spoilers seen and ask again."
    )


def why_private(standing: Standing) -> str:
    """Why an answer with spoilers, asked in a server's non-spoiler channel, went private."""
    if standing.embargo_until is not None:
        return (
            "Sent only to you: this film is under a spoiler embargo here until "
            f"{standing.embargo_until.isoformat()}"
        )
    if standing.mode is ChannelMode.NO_SPOILERS:
        return "Sent only to you: this channel keeps spoilers out"
    return f"Sent only to you, unwrapped: {_OPTED_IN_BY[standing.opted_in_by]}"


_OPTED_IN_BY = {
    OptIn.FILM: "you opted in to this film's spoilers (/spoilers unseen to undo)",
    OptIn.ALL_FILMS: "you opted in to spoilers for all films (/spoilers off to undo)",
    OptIn.ROLE: "your role here opts you in to spoilers for all films",
}


def plan_reply(standing: Standing, *, private_requested: bool, has_spoilers: bool) -> Plan:
    """Decide audience and treatment for an answer about one film."""
    if standing.spoiler_channel:
        audience = Audience.PRIVATE if private_requested else Audience.PUBLIC
        return Plan(audience, Treatment.SHOW)
    personal = Treatment.SHOW if standing.opted_in else Treatment.WRAP
    if not standing.in_guild:
        # A DM is seen only by the reader.
        return Plan(Audience.PRIVATE, personal, pointer_for(standing))
    goes_private = private_requested or (
        has_spoilers and (standing.opted_in or standing.keeps_spoilers_private)
    )
    if goes_private:
        return Plan(
            Audience.PRIVATE,
            personal,
            pointer_for(standing),
            "" if private_requested else why_private(standing),
        )
    # Public in a non-spoiler channel: never unwrapped, whatever the asker's opt-in.
    return Plan(Audience.PUBLIC, Treatment.WRAP, pointer_for(standing))


def public_plan(standing: Standing) -> Plan:
    """How a message everyone in the channel sees may show this film's text *now*.

    Used when a public message is edited (a page turned): the rules in force at the press
    decide, not those of the moment it was posted, so a channel turned no-spoilers or a film put
    under embargo since then withholds its spoilers from the edit.
    """
    if standing.spoiler_channel:
        return Plan(Audience.PUBLIC, Treatment.SHOW)
    if standing.keeps_spoilers_private or not standing.in_guild:
        return Plan(Audience.PUBLIC, Treatment.WITHHOLD, pointer_for(standing))
    return Plan(Audience.PUBLIC, Treatment.WRAP, pointer_for(standing))


def audience_hangs_on_content(standing: Standing, *, private_requested: bool) -> bool:
    """Whether ``plan_reply`` picks a different audience for text with spoilers than without.

    Only in a server's non-spoiler channel, unasked for privacy, for a reader who opted in or
    where spoilers stay private (no-spoiler channel, embargo). Everywhere else who sees an
    answer is known before its text is read.
    """
    return (
        standing.in_guild
        and not standing.spoiler_channel
        and not private_requested
        and (standing.opted_in or standing.keeps_spoilers_private)
    )


def listing_treatment(standing: Standing, audience: Audience) -> Treatment:
    """For replies that mix films (search): how one film's spoiler text is treated."""
    if standing.spoiler_channel:
        return Treatment.SHOW
    if audience is Audience.PRIVATE:
        return Treatment.SHOW if standing.opted_in else Treatment.WRAP
    return Treatment.WITHHOLD if standing.keeps_spoilers_private else Treatment.WRAP


def listing_shows_spoilers(standing: Standing, audience: Audience) -> bool | None:
    """Whether ``listing_treatment`` shows spoiler text here for every film (True), for none
    (False), or for some only, by the reader's opt-in and the film's embargo (None)."""
    shown = {
        listing_treatment(Standing(standing.in_guild, standing.mode, opted_in, embargo), audience)
        is Treatment.SHOW
        for opted_in in (False, True)
        for embargo in (None, dt.date.max)
    }
    return shown.pop() if len(shown) == 1 else None
