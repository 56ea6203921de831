"""A kept first page (``answers._FirstPage``) is built from the page's parts: for every asker
it must be the very reply ``reply_for_page`` builds for page 1, audience and buttons included."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from bot.buttons import AnswerAction, AnswerButton, parse
from bot.features.film.answers import _FirstPage
from bot.features.film.documents import Topic
from bot.features.film.render import AnswerButtons, PageButton, reply_for_page
from bot.spoiler_policy.markup import Treatment
from bot.spoiler_policy.policy import ChannelMode, OptIn, Standing, plan_reply

_STANDINGS = [
    Standing(in_guild=in_guild, mode=mode, opted_in=opted_in, embargo_until=embargo)
    for in_guild, mode, opted_in, embargo in itertools.product(
        (True, False), ChannelMode, (False, True), (None, dt.date(2999, 1, 1))
    )
] + [Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=True, opted_in_by=OptIn.ROLE)]
_PLANS = list(
    {
        plan_reply(standing, private_requested=private, has_spoilers=spoilers)
        for standing in _STANDINGS
        for private in (False, True)
        for spoilers in (False, True)
    }
)


@pytest.mark.parametrize("pages", [("only page",), ("one", "two"), ("a", "b", "c")])
@pytest.mark.parametrize("question", [None, 2])
def test_a_kept_first_page_is_reply_for_page_for_each_asker(
    pages: tuple[str, ...], question: int | None
) -> None:
    key = ("k3y", "0123abcd", Topic.FAQ, question)
    for plan, has_spoilers in itertools.product(_PLANS, (False, True)):
        first = _FirstPage.build(key, "Title · The ending", plan, pages, has_spoilers)
        for owner in (0, 7, 123456789012345678):
            buttons = AnswerButtons(
                "k3y", "0123abcd", "faq", question, plan.spoilers, owner, private=plan.private
            )
            expected = reply_for_page("Title · The ending", plan, pages, 0, buttons, has_spoilers)
            mine = first.for_asker(owner)
            assert mine == expected, (plan, has_spoilers, owner)
            # Every field set (those ``==`` skips too), each button whole.
            assert vars(mine) == vars(expected)
            assert [vars(b) for b in mine.buttons] == [vars(b) for b in expected.buttons]


@pytest.mark.parametrize("revealed", [False, True])
@pytest.mark.parametrize("private", [False, True])
@pytest.mark.parametrize("question", [None, 0, 4])
def test_page_button_ids_are_the_answer_buttons_own(
    revealed: bool, private: bool, question: int | None
) -> None:
    """The ids made without an ``AnswerButton`` (``answer_id_before_owner``) are its ``encode``,
    and read back as the same button."""
    for treatment in Treatment:
        ids = AnswerButtons("k3y", "0123abcd", "ending", question, treatment, 99, revealed, private)
        paging = AnswerAction.REVEALED_PAGE if revealed else AnswerAction.PAGE
        for button, action in (
            (PageButton("Next", False, 2), paging),
            (PageButton("Reveal", True, 1), AnswerAction.REVEAL),
        ):
            made = AnswerButton(
                action,
                "k3y",
                "0123abcd",
                "ending",
                question,
                button.target,
                treatment,
                99,
                private=private or revealed,
            )
            assert ids.id_for(button) == made.encode()
            assert parse(made.encode()) == made
