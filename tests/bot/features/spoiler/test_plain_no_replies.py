"""A plain no under a quoted question whether something happened tells what did not: the reply
claims it, though its only word is "nope" (``words._denied``, ``vocabulary._replies``)."""

from __future__ import annotations

import pytest

from bot.epilogue import Epilogue
from tests.bot.features.spoiler.test_guard import READ_ON_SQLITE, check, guard_on

QUESTIONS = [
    "> does seb win mia back in la la land?",
    "> do mia and seb get back together in la la land?",
    "> does their romance survive in la la land?",
]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("no", ["nope", "no", "nah 😭", "lol no."])
@READ_ON_SQLITE
async def test_a_plain_no_to_whether_it_happened_is_hidden(
    app: Epilogue, question: str, no: str
) -> None:
    await guard_on(app, all_films=True)

    assert (await check(app, f"{question}\n{no}")).hidden


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    "reply",
    [
        "no idea, haven't seen it",
        "no spoilers pls",
        "idk, watching it tonight",
        "i won't say, go see it",
    ],
)
@READ_ON_SQLITE
async def test_a_reply_that_tells_nothing_is_left(app: Epilogue, question: str, reply: str) -> None:
    await guard_on(app, all_films=True)

    assert not (await check(app, f"{question}\n{reply}")).hidden
