"""The spoiler policy: who sees a reply and how its plot/ending text is treated.

Table tests pin the decisions one by one; property tests check the promise over every standing:
nobody reads a plot or ending detail they did not ask for.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.levels import SpoilerLevel
from bot.spoiler_policy.markup import Treatment
from bot.spoiler_policy.policy import (
    REVEALED,
    Audience,
    ChannelMode,
    OptIn,
    Plan,
    Standing,
    audience_hangs_on_content,
    listing_treatment,
    plan_reply,
    pointer_for,
)

EMBARGO = dt.date(2031, 1, 1)
PUBLIC, PRIVATE = Audience.PUBLIC, Audience.PRIVATE
SHOW, WRAP, WITHHOLD = Treatment.SHOW, Treatment.WRAP, Treatment.WITHHOLD

standings = st.builds(
    Standing,
    in_guild=st.booleans(),
    mode=st.sampled_from(list(ChannelMode)),
    opted_in=st.booleans(),
    embargo_until=st.none() | st.just(EMBARGO),
)


def standing(
    mode: ChannelMode = ChannelMode.STANDARD,
    *,
    opted_in: bool = False,
    embargo: bool = False,
    in_guild: bool = True,
) -> Standing:
    return Standing(in_guild, mode, opted_in, EMBARGO if embargo else None)


@pytest.mark.parametrize(
    ("case", "private_requested", "expected"),
    [
        # Standard channel: public and wrapped, unless the reader opted in (then private, shown).
        (standing(), False, (PUBLIC, WRAP)),
        (standing(), True, (PRIVATE, WRAP)),
        (standing(opted_in=True), False, (PRIVATE, SHOW)),
        (standing(opted_in=True), True, (PRIVATE, SHOW)),
        # No-spoilers channel: never public.
        (standing(ChannelMode.NO_SPOILERS), False, (PRIVATE, WRAP)),
        (standing(ChannelMode.NO_SPOILERS, opted_in=True), False, (PRIVATE, SHOW)),
        # Spoiler channel: shown to everyone, private only on request.
        (standing(ChannelMode.SPOILERS), False, (PUBLIC, SHOW)),
        (standing(ChannelMode.SPOILERS), True, (PRIVATE, SHOW)),
        # An embargo acts like a no-spoilers channel, except in spoiler channels.
        (standing(embargo=True), False, (PRIVATE, WRAP)),
        (standing(embargo=True, opted_in=True), False, (PRIVATE, SHOW)),
        (standing(ChannelMode.SPOILERS, embargo=True), False, (PUBLIC, SHOW)),
        # DMs are private; the reader's own choice decides.
        (standing(in_guild=False), False, (PRIVATE, WRAP)),
        (standing(in_guild=False, opted_in=True), False, (PRIVATE, SHOW)),
        # A DM is never a spoiler channel, whatever mode is passed.
        (standing(ChannelMode.SPOILERS, in_guild=False), False, (PRIVATE, WRAP)),
    ],
)
def test_plan_for_an_answer_with_spoilers(case, private_requested, expected):
    plan = plan_reply(case, private_requested=private_requested, has_spoilers=True)
    assert (plan.audience, plan.spoilers) == expected


def test_an_answer_without_spoilers_stays_public_in_no_spoiler_places():
    for case in (standing(ChannelMode.NO_SPOILERS), standing(embargo=True)):
        plan = plan_reply(case, private_requested=False, has_spoilers=False)
        assert plan.audience is PUBLIC
        assert plan.spoilers is WRAP  # nothing to wrap, but never SHOW in public by default


def test_plan_treats_spoiler_free_text_as_shown():
    plan = Plan(PUBLIC, WRAP)
    assert plan.treatment(SpoilerLevel.NONE) is SHOW
    assert plan.treatment(SpoilerLevel.PLOT) is WRAP
    assert plan.treatment(SpoilerLevel.ENDING) is WRAP
    assert plan.reveal_button and not plan.private
    assert not Plan(PRIVATE, SHOW).reveal_button and Plan(PRIVATE, SHOW).private
    assert (REVEALED.audience, REVEALED.spoilers) == (PRIVATE, SHOW)


def test_standing_properties():
    assert standing(ChannelMode.SPOILERS).spoiler_channel
    assert not standing(ChannelMode.SPOILERS, in_guild=False).spoiler_channel
    assert standing(ChannelMode.NO_SPOILERS).keeps_spoilers_private
    assert standing(embargo=True).keeps_spoilers_private
    assert not standing(ChannelMode.SPOILERS, embargo=True).keeps_spoilers_private
    assert not standing().keeps_spoilers_private


def test_pointer_names_the_embargo_end_or_how_to_opt_in():
    assert "until 2031-01-01" in pointer_for(standing(embargo=True))
    assert "/spoilers seen" in pointer_for(standing())
    assert "/spoilers seen" in pointer_for(standing(ChannelMode.SPOILERS, embargo=True))
    plan = plan_reply(standing(embargo=True), private_requested=False, has_spoilers=True)
    assert "embargo" in plan.pointer


@pytest.mark.parametrize(
    ("case", "audience", "expected"),
    [
        (standing(), PUBLIC, WRAP),
        (standing(), PRIVATE, WRAP),
        (standing(opted_in=True), PUBLIC, WRAP),
        (standing(opted_in=True), PRIVATE, SHOW),
        (standing(ChannelMode.NO_SPOILERS), PUBLIC, WITHHOLD),
        (standing(ChannelMode.NO_SPOILERS, opted_in=True), PUBLIC, WITHHOLD),
        (standing(ChannelMode.NO_SPOILERS, opted_in=True), PRIVATE, SHOW),
        (standing(embargo=True), PUBLIC, WITHHOLD),
        (standing(ChannelMode.SPOILERS), PUBLIC, SHOW),
        (standing(ChannelMode.SPOILERS, embargo=True), PUBLIC, SHOW),
    ],
)
def test_listing_treatment(case, audience, expected):
    assert listing_treatment(case, audience) is expected


# -- the promise, over every standing ----------------------------------------------------------


@given(standings, st.booleans(), st.booleans())
def test_spoilers_are_shown_only_to_the_opted_in_or_in_spoiler_channels(case, private, spoilers):
    plan = plan_reply(case, private_requested=private, has_spoilers=spoilers)
    if plan.spoilers is SHOW:
        assert case.spoiler_channel or (case.opted_in and plan.private)


@given(standings, st.booleans(), st.booleans())
def test_public_replies_outside_spoiler_channels_are_wrapped(case, private, spoilers):
    plan = plan_reply(case, private_requested=private, has_spoilers=spoilers)
    if plan.audience is PUBLIC and not case.spoiler_channel:
        assert plan.spoilers is WRAP
        assert case.in_guild  # a DM is always private


@given(standings, st.booleans())
def test_no_spoiler_places_never_post_spoilers_publicly(case, private):
    plan = plan_reply(case, private_requested=private, has_spoilers=True)
    if case.keeps_spoilers_private:
        assert plan.private


@given(standings, st.booleans())
def test_asking_privately_is_always_honoured(case, spoilers):
    assert plan_reply(case, private_requested=True, has_spoilers=spoilers).private


@given(standings, st.sampled_from(list(Audience)))
def test_listings_show_spoilers_only_where_an_answer_would(case, audience):
    treatment = listing_treatment(case, audience)
    if treatment is SHOW:
        assert case.spoiler_channel or (case.opted_in and audience is PRIVATE)
    if audience is PUBLIC and case.keeps_spoilers_private:
        assert treatment is WITHHOLD


def test_the_audience_hangs_on_content_exactly_when_the_plans_differ() -> None:
    """Every standing and request: answers are acknowledged before their text is read, so this
    shortcut must agree with ``plan_reply`` everywhere."""
    embargo = dt.date(2099, 1, 1)
    for in_guild, mode, opted_in, until, private in itertools.product(
        (True, False), ChannelMode, (True, False), (None, embargo), (True, False)
    ):
        standing = Standing(in_guild, mode, opted_in, until)
        plans = {
            plan_reply(standing, private_requested=private, has_spoilers=has)
            for has in (True, False)
        }
        audiences = {plan.audience for plan in plans}
        hangs = audience_hangs_on_content(standing, private_requested=private)
        assert hangs == (len(audiences) == 2), standing
        assert hangs or len(plans) == 1, standing


def test_a_reply_sent_privately_unasked_says_why() -> None:
    embargo = Standing(True, ChannelMode.STANDARD, opted_in=False, embargo_until=EMBARGO)
    quiet = Standing(True, ChannelMode.NO_SPOILERS, opted_in=False)
    opted = Standing(True, ChannelMode.STANDARD, opted_in=True)
    plain = Standing(True, ChannelMode.STANDARD, opted_in=False)
    dm = Standing(False, ChannelMode.STANDARD, opted_in=True)

    def why(standing: Standing, private: bool = False) -> str:
        return plan_reply(standing, private_requested=private, has_spoilers=True).why_private

    assert why(embargo) == (
        f"Sent only to you: this film is under a spoiler embargo here until {EMBARGO.isoformat()}"
    )
    assert why(quiet) == "Sent only to you: this channel keeps spoilers out"
    assert why(opted) == (
        "Sent only to you, unwrapped: you opted in to this film's spoilers"
        " (/spoilers unseen to undo)"
    )
    # Asked for, public, or a DM: nothing to explain.
    assert why(quiet, private=True) == why(plain) == why(dm) == ""


@pytest.mark.parametrize(
    ("opted_in_by", "said", "not_said"),
    [
        (OptIn.FILM, "you opted in to this film's spoilers", "all films"),
        (OptIn.ALL_FILMS, "you opted in to spoilers for all films", "this film"),
        (OptIn.ROLE, "your role here opts you in", "you opted in"),
    ],
)
def test_a_private_unwrapped_reply_names_the_opt_in_that_did_it(
    opted_in_by: OptIn, said: str, not_said: str
) -> None:
    """Was "you opted in to this film's spoilers" for every opt-in, /spoilers on too."""
    standing = Standing(True, ChannelMode.STANDARD, opted_in=True, opted_in_by=opted_in_by)
    why = plan_reply(standing, private_requested=False, has_spoilers=True).why_private
    assert why.startswith("Sent only to you, unwrapped: ")
    assert said in why and not_said not in why
