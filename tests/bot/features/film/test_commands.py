"""/film faq question: as members type it: a number, a picked choice, or words pressed Enter on."""

from __future__ import annotations

from typing import Any

import pytest

from bot.command_table import command_table
from bot.dispatch import run_command
from bot.invocation import Invocation
from bot.replies import Reply

# La La Land's FAQ, in order; questions 1, 2 and 4 are spoiler-free (3 is a spoiler).
QUESTIONS = 4
SAD = "Is the ending of La La Land sad?"


def member() -> Invocation:
    return Invocation(user_id=7, guild_id=1, channel_id=10)


async def faq(app, question: str) -> Reply:
    options: dict[str, Any] = {"film": "La La Land", "question": question}
    return await run_command(app, command_table()["film faq"], member(), options)


def shown(reply: Reply) -> str:
    return " ".join(
        [reply.content or ""] + [f"{e.title} {e.description or ''}" for e in reply.embeds]
    )


@pytest.mark.parametrize("question", ["0", "5", "99", "q:0", "q:99"])
async def test_a_number_past_the_questions_says_how_many_there_are(app, question: str) -> None:
    reply = await faq(app, question)

    assert reply.is_error and reply.ephemeral
    # Not "has no faq yet": the film has one; the number is what was wrong.
    assert "no faq" not in reply.content.casefold(), reply.content
    assert f"1 to {QUESTIONS}" in reply.content, reply.content


@pytest.mark.parametrize("typed", [SAD, SAD.lower(), "is the ending of la la land sad", " SAD? "])
async def test_words_of_one_question_typed_without_picking_answer_it(app, typed: str) -> None:
    reply = await faq(app, typed)

    assert not reply.is_error, reply.content
    assert SAD in shown(reply)
    assert "How does La La Land end?" not in shown(reply)


async def test_words_of_several_questions_list_them_to_pick_from(app) -> None:
    reply = await faq(app, "la la land")

    assert reply.is_error and reply.ephemeral
    assert "What is La La Land about?" in reply.content
    assert SAD in reply.content


async def test_a_spoiler_question_is_never_matched_by_its_hidden_words(app) -> None:
    # Question 3 ("Why does Mia marry someone else?") is offered only as "Question 3 (spoiler)":
    # its words must not find it, or the reply would confirm what it hides.
    reply = await faq(app, "marry someone else")

    assert reply.is_error and not reply.embeds
    # Told exactly what words matching nothing are told: the questions, listed as offered.
    nothing = await faq(app, "zzzz")
    assert reply.content == nothing.content.replace("'zzzz'", "'marry someone else'")
    assert "marry" not in reply.content.replace("'marry someone else'", "")


@pytest.mark.parametrize("film", ["La La Land", "la la", "lalaland", "la la land 2016"])
async def test_questions_are_offered_for_the_film_enter_would_answer(app, film: str) -> None:
    """A member who typed "la la" without picking gets La La Land on Enter: the question
    option offers its questions too, not an empty list."""
    from bot.features.film.commands import question_choices

    choices = await question_choices(app, member(), film, "")

    assert SAD in [choice.name for choice in choices]


@pytest.mark.parametrize(
    "typed",
    [
        *("4", "q:4", "#4", "Q4", "question 4", "4.", "4)", "(4)", "no. 4", "q 4"),
        # A number in words or as an ordinal: "four" was "No FAQ question matches 'four'"
        # while a sequel's number in words names a film ("rocky two").
        *("four", "Four", "fourth", "4th", "question four", "the fourth one", "number 4"),
        # The last, as members say it: was "No FAQ question … matches 'last'".
        *("last", "Last", "the last one", "last question", "the last question"),
    ],
)
async def test_a_question_number_is_read_as_members_write_it(app, typed: str) -> None:
    reply = await faq(app, typed)

    assert not reply.is_error, reply.content
    assert SAD in shown(reply)


SPARSE = {
    "title": "Sparse Film",
    "year": 2021,
    "synopsis": "Someone wants something.",
    "sections": [
        {"kind": "themes", "level": "none", "body": "Time."},
        {"kind": "faq", "level": "none", "body": "One text, no questions."},
    ],
}


async def _sparse(app) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.features.film.test_answers import store

    await store(app, SPARSE)


@pytest.mark.parametrize(
    ("command", "missing"),
    [
        ("film quick", "has no quick answer yet."),
        ("film ending", "has no explanation of its ending yet."),
        ("film recap", "has no plot recap yet."),
        ("film symbolism", "has no symbolism yet."),
    ],
)
async def test_a_topic_the_film_lacks_is_named_in_a_sentence_with_what_it_has(
    app, command: str, missing: str
) -> None:
    """Was "has no the ending explained yet": the heading pasted into a sentence."""
    await _sparse(app)
    options = {"film": "Sparse Film"}
    reply = await run_command(app, command_table()[command], member(), options)

    assert reply.is_error and reply.ephemeral
    assert f"Sparse Film \\(2021\\) {missing}" in reply.content, reply.content
    assert "Explained so far: `/film themes`, `/film faq`." in reply.content, reply.content


async def test_a_question_asked_of_an_faq_without_questions_says_to_read_it_whole(app) -> None:
    await _sparse(app)
    options = {"film": "Sparse Film", "question": "2"}
    reply = await run_command(app, command_table()["film faq"], member(), options)

    assert reply.is_error and reply.ephemeral
    assert "has no separate questions: leave question: out" in reply.content, reply.content


async def test_words_matching_no_question_name_the_film_and_its_numbers(app) -> None:
    reply = await faq(app, "zzzz")

    assert reply.is_error and reply.ephemeral
    assert "No FAQ question of La La Land \\(2016\\) matches 'zzzz'" in reply.content
    # Was "pick one from the list, or give its number (1 to 4)": a member who had pressed
    # Enter saw no list, so which number meant what was theirs to guess. Questions that are
    # spoilers themselves are listed by their number alone.
    assert "1. What is La La Land about?" in reply.content, reply.content
    assert "3. Question 3 \\(spoiler\\)" in reply.content, reply.content
    assert "marry" not in reply.content
    assert "question:2" in reply.content, reply.content


@pytest.mark.parametrize("typed", ["is it sad", "sad ending", "SAD?"])
async def test_the_words_of_one_question_in_any_order_answer_it(app, typed: str) -> None:
    """Was "No FAQ question matches that" for "is it sad": only a run of the question's text
    was matched."""
    reply = await faq(app, typed)

    assert not reply.is_error, reply.content
    assert SAD in shown(reply)


async def test_words_in_any_order_of_several_questions_list_them(app) -> None:
    reply = await faq(app, "land la la")  # every question names the film

    assert reply.is_error and "Several FAQ questions" in reply.content


async def test_several_questions_matching_are_listed_with_the_numbers_to_give(app) -> None:
    """Was "match that: **How does La La Land end?**, **Is the ending …**. Pick one from the
    list": a member who pressed Enter saw no list, and was not told the number to type."""
    reply = await faq(app, "end")

    assert reply.is_error, reply.content
    assert "2. How does La La Land end?" in reply.content, reply.content
    assert "4. Is the ending of La La Land sad?" in reply.content, reply.content
    assert "question:2" in reply.content and "What is La La Land about" not in reply.content
    assert "marry" not in reply.content


async def test_the_question_list_offers_what_enter_would_take(app) -> None:
    from bot.features.film.commands import question_choices

    offered = await question_choices(app, member(), "La La Land", "is it sad")

    assert [choice.name for choice in offered] == [SAD]


async def test_a_film_of_one_question_is_told_as_one(app) -> None:
    """Was "has 1 FAQ questions, not 2 ... Give its number from 1 to 1 (question:1)"."""
    from tests.bot.features.film.test_answers import store

    single = {
        "title": "Single Question",
        "year": 2020,
        "synopsis": "A film.",
        "sections": [
            {
                "kind": "faq",
                "items": [{"heading": "Who is it?", "heading_level": "none", "body": "Her."}],
            }
        ],
    }
    await store(app, single)
    options = {"film": "Single Question", "question": "2"}
    reply = await run_command(app, command_table()["film faq"], member(), options)

    assert reply.is_error and reply.ephemeral
    assert "has 1 FAQ question, not 2" in reply.content, reply.content
    assert "1 to 1" not in reply.content and "question:1" in reply.content, reply.content


@pytest.mark.parametrize(
    "typed", ["-1", "−1", "- 2", "-0", "1.5", "2,5", "3.0", "1000", "#-1", "q:-3"]
)
async def test_a_number_no_question_can_have_says_numbers_run_from_one(app, typed: str) -> None:
    """Was "No FAQ question of La La Land (2016) matches '-1'", as if a question's words were
    sought: a negative, fractional or overlong number is a number all the same, and the
    member is told what numbers the questions have."""
    reply = await faq(app, typed)

    assert reply.is_error and reply.ephemeral
    assert "matches" not in reply.content, reply.content
    assert "whole number from 1 to 4" in reply.content, reply.content
    assert "1. What is La La Land about?" in reply.content, reply.content
