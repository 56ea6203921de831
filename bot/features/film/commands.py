"""``/film …``: every command of the group declared once, with its handler and autocomplete."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.catalog import FilmEntry
from bot.command_table import Choice, CommandSpec, GroupSpec, OptionKind, OptionSpec
from bot.errors import NotFound
from bot.features.film.documents import Block, Topic, missing_topic, topics_of
from bot.features.film.listing import list_command
from bot.features.film.search import search_command
from bot.invocation import Invocation
from bot.labels import film_label
from bot.levels import SectionKind, SpoilerLevel
from bot.replies import Reply
from bot.spoiler_policy.markup import escape_text

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

FILM = GroupSpec("film", "Film endings explained")
FILM_OPTION = OptionSpec(
    "film", OptionKind.FILM, "Film title (with year for remakes)", required=True
)
PRIVATE_OPTION = OptionSpec("private", OptionKind.BOOLEAN, "Answer only you (default: false)")
# A question's number: a choice's value ("q:3") or as members write it ("3", "#3", "Q3",
# "q 3", "no. 3", "question 3", "3.", "3)", "(3)").
QUESTION_VALUE = re.compile(
    r"^(?:q:?\s*|#\s*|no\.?\s*|number\s*|question\s*)?\(?(\d{1,3})(?:st|nd|rd|th)?[.)]?$",
    re.IGNORECASE,
)
_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
NUMBER_WORDS = {word: n for n, word in enumerate(_UNITS, 1)} | {
    word: n for n, word in enumerate(_ORDINALS, 1)
}
"""A question's number in words ("four", "the fourth one"), up to twelve."""
LAST_QUESTION = re.compile(r"^(?:the\s+)?(?:very\s+)?last(?:\s+(?:one|question))?$", re.I)
"""The last question, as members ask for it ("last", "the last one"), unless those are
words of a question's own ("What happens in the last scene?" is asked by its words)."""
NUMBER_SHAPED = re.compile(
    r"^(?:q:?\s*|#\s*|no\.?\s*|number\s*|question\s*)?\(?[-+\u2212\u2013]?\s*\d[\d.,]*"
    r"(?:st|nd|rd|th)?[.)]?$",
    re.IGNORECASE,
)
"""A number typed where a question's goes that no question can have: negative ("-1"),
with a fraction ("1.5") or longer than any FAQ ("1000"). A number, not words to look for."""
WORDED_NUMBER = re.compile(
    rf"^(?:the\s+)?(?:question\s+|number\s+|no\.?\s+)?({'|'.join(NUMBER_WORDS)})"
    r"(?:\s+(?:one|question))?$",
    re.IGNORECASE,
)


def film_choices(app: Epilogue, invocation: Invocation, current: str) -> list[Choice]:
    """Titles only (with year): autocomplete choices are plain text Discord cannot hide."""
    return server_film_choices(app, invocation.guild_id, current)


def server_film_choices(app: Epilogue, guild_id: int | None, current: str) -> list[Choice]:
    """``film_choices`` for anyone typing in server ``guild_id`` (None: a DM): they are the
    films that server sees, the same for every member, so a caller need not work out who
    asks (their roles and permissions) for each keystroke."""
    return [entry.choice for entry in films_to_offer(app, guild_id, current)]


def films_to_offer(app: Epilogue, guild_id: int | None, current: str) -> list[FilmEntry]:
    """The films whose choices (``FilmEntry.choice``) ``server_film_choices`` offers, best
    first: for an adapter that keeps its own form of each film's choice."""
    return app.catalog.search(guild_id, current)


async def question_choices(
    app: Epilogue, invocation: Invocation, film: str, current: str
) -> list[Choice]:
    """FAQ questions; a question that is itself a spoiler is offered only by its number.
    The film is the one Enter would answer with ("la la" typed without picking), not only an
    exact title."""
    entry = app.catalog.named_clearly(invocation.guild_id, film)
    if entry is None:
        return []
    wanted = _question_words(current)
    questions = await _questions(app, entry)
    # As Enter takes them: a run of a question's text, else its words in any order.
    return (
        [c for c in questions if wanted in _question_words(c.name)] or _by_words(questions, wanted)
    )[:25]


async def _questions(app: Epilogue, entry: FilmEntry) -> list[Choice]:
    """Every FAQ question of the film as a choice (not cut to Discord's 25)."""
    stored = await app.film.film_text(entry)  # kept per revision: one read for every key typed
    choices: list[Choice] = []
    for section in stored.sections:
        if section.kind != SectionKind.FAQ.value:
            continue
        for index, item in enumerate(section.items):
            # Choices are plain text: a question with an inline ||span|| is a spoiler too.
            heading = Block(item.heading, SpoilerLevel(item.heading_level))
            safe = heading.effective_level is SpoilerLevel.NONE
            name = item.heading if safe else f"Question {index + 1} (spoiler)"
            choices.append(Choice(name[:100], f"q:{index + 1}"))
    return choices


def _by_words(questions: list[Choice], wanted: str) -> list[Choice]:
    """The questions holding every word of three letters or more typed, in any order ("is it
    sad" for "Is the ending of La La Land sad?"): what a member remembers of a question is
    its words, not a run of its text. None when no such word was typed."""
    words = {word for word in re.findall(r"\w+", wanted) if len(word) >= 3}
    if not words:
        return []
    return [c for c in questions if words <= set(re.findall(r"\w+", _question_words(c.name)))]


def _question_words(text: str) -> str:
    """A question as typed and as listed compare alike: case, spacing, end punctuation."""
    return " ".join(text.casefold().split()).strip(" ?!.")


async def _suggest_question(
    app: Epilogue, invocation: Invocation, current: str, typed: Mapping[str, Any]
) -> list[Choice]:
    return await question_choices(app, invocation, str(typed.get("film") or ""), current)


def _asked_number(text: str, questions: list[Choice]) -> int | None:
    """The question's number ``text`` gives: in digits (``4``, ``#4``, ``Q4``, ``4th``), or in
    words (``four``, ``the fourth one``) unless those words are a question's own ("Who are
    the four friends?" is asked by its words)."""
    typed = " ".join(text.split())
    if match := QUESTION_VALUE.match(typed):
        return int(match[1])
    if LAST_QUESTION.match(typed) and not _by_words(questions, _question_words(typed)):
        return len(questions)
    if (match := WORDED_NUMBER.match(typed)) is None:
        return None
    wanted = _question_words(typed)
    if any(wanted in _question_words(c.name) for c in questions) or _by_words(questions, wanted):
        return None
    return NUMBER_WORDS[match[1].lower()]


async def _question_index(app: Epilogue, invocation: Invocation, film: FilmEntry, text: str) -> int:
    """The FAQ question meant: its number, or words typed without picking from the list (as
    the film option takes a title): one question whose listed text holds them answers, several
    are listed. Only listed text is matched, so a spoiler question's hidden words find nothing."""
    questions = await _questions(app, film)
    if not questions:
        present = topics_of(film.kinds)
        if Topic.FAQ in present:  # an FAQ of one text, with no questions to pick from
            raise NotFound(
                f"The FAQ of {film_label(film)} has no separate questions: leave question: out"
                " to read it whole."
            )
        raise NotFound(missing_topic(film_label(film), Topic.FAQ, present))
    number = _asked_number(text, questions)
    if number is None and NUMBER_SHAPED.match(" ".join(text.split())):
        count = len(questions)
        numbered = (
            f"the {count} FAQ questions of {film_label(film)} are numbered with a whole number"
            f" from 1 to {count}"
            if count > 1
            else f"the one FAQ question of {film_label(film)} is number 1"
        )
        raise NotFound(
            f"question: '{escape_text(text.strip()[:20])}' is no question's number: {numbered}:"
            + _numbered_questions(questions)
        )
    if number is not None:
        if not 1 <= number <= len(questions):
            raise NotFound(
                f"{film_label(film)} has {len(questions)} FAQ"
                f" question{'s' * (len(questions) != 1)}, not {number}:"
                + _numbered_questions(questions)
            )
        return number - 1
    wanted = _question_words(text)
    exact = [c for c in questions if _question_words(c.name) == wanted]
    found = (
        exact
        or [c for c in questions if wanted and wanted in _question_words(c.name)]
        or _by_words(questions, wanted)
    )
    if len(found) == 1:
        return int(found[0].value[2:]) - 1
    if found:
        # Each by the number it is asked by: a member who pressed Enter saw no list to pick from.
        numbered = [(int(choice.value[2:]), choice.name) for choice in found]
        lines = [f"{n}. {escape_text(name)}" for n, name in numbered[:LISTED_QUESTIONS]]
        if len(numbered) > LISTED_QUESTIONS:
            lines.append(f"…and {len(numbered) - LISTED_QUESTIONS} more.")
        raise NotFound(
            f"Several FAQ questions of {film_label(film)} match that:\n"
            + "\n".join(lines)
            + f"\nGive its number (question:{numbered[0][0]}), pick one from the list, or type"
            " more of the question."
        )
    shown = escape_text(text.strip()[:80])
    raise NotFound(
        f"No FAQ question of {film_label(film)} matches '{shown}'. Its questions:"
        + _numbered_questions(questions)
    )


LISTED_QUESTIONS = 10
"""FAQ questions listed in a refusal; the list offers every one."""


def _numbered_questions(questions: list[Choice]) -> str:
    """The questions as a numbered list, as the choices name them (a spoiler question by its
    number alone), and how to ask one: a member who pressed Enter saw no list to pick from."""
    lines = [f"{n}. {escape_text(c.name)}" for n, c in enumerate(questions[:LISTED_QUESTIONS], 1)]
    if len(questions) > LISTED_QUESTIONS:
        lines.append(f"…and {len(questions) - LISTED_QUESTIONS} more (the list shows them all).")
    example = min(2, len(questions))
    numbers = f"from 1 to {len(questions)} " if len(questions) > 1 else ""
    return (
        "\n" + "\n".join(lines) + f"\nGive its number {numbers}(question:{example}), or pick"
        " one from the list."
    )


async def _info(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.film.info(invocation, options["film"], private=options.get("private", False))


def _topic_preparer(topic: Topic):  # type: ignore[no-untyped-def]
    async def prepare(app: Epilogue, invocation: Invocation, film: FilmEntry) -> None:
        await app.film.prepare(invocation, film, topic)

    return prepare


def _topic_handler(topic: Topic):  # type: ignore[no-untyped-def]
    async def handler(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
        return await app.film.topic(
            invocation, options["film"], topic, private=options.get("private", False)
        )

    return handler


async def _faq(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    question = options.get("question")
    index = None
    if question:
        index = await _question_index(app, invocation, options["film"], question)
    return await app.film.topic(
        invocation,
        options["film"],
        Topic.FAQ,
        private=options.get("private", False),
        question=index,
    )


_TOPIC_HELP = {
    Topic.QUICK: "The quick answer: what happens at the end",
    Topic.ENDING: "The ending and the final shot, explained",
    Topic.RECAP: "A plot recap leading into the ending",
    Topic.THEMES: "The film's themes, with citations",
    Topic.SYMBOLISM: "The film's symbols, with citations",
}

FILM_COMMANDS: list[CommandSpec] = [
    CommandSpec(
        ("film", "info"),
        "A spoiler-free card: year, director, synopsis, what is explained",
        _info,
        (FILM_OPTION, PRIVATE_OPTION),
        changes=False,
    ),
    *(
        CommandSpec(
            ("film", topic.value),
            _TOPIC_HELP[topic],
            _topic_handler(topic),
            (FILM_OPTION, PRIVATE_OPTION),
            prepare=_topic_preparer(topic),
            changes=False,
        )
        for topic in _TOPIC_HELP
    ),
    CommandSpec(
        ("film", "faq"),
        "Answers to common questions about the film",
        _faq,
        (
            FILM_OPTION,
            OptionSpec(
                "question",
                OptionKind.STRING,
                "Which question (all if empty)",
                suggest=_suggest_question,
            ),
            PRIVATE_OPTION,
        ),
        # Typing the film comes first; the whole FAQ is what most ask for.
        prepare=_topic_preparer(Topic.FAQ),
        changes=False,
    ),
    CommandSpec(
        ("film", "search"),
        "Search every film's explanations for words (best matches first)",
        search_command,
        (
            OptionSpec(
                "query", OptionKind.STRING, "Words to look for, or a film's title", required=True
            ),
            PRIVATE_OPTION,
        ),
        changes=False,
    ),
    CommandSpec(
        ("film", "list"),
        "Every film explained here, by title",
        list_command,
        (OptionSpec("page", OptionKind.INTEGER, "Which page (default: 1)", min_value=1),),
        changes=False,
    ),
]
