"""Harmless messages the guard must leave alone, made for every film it knows.

    uv run python -m benchmarks.guard_probe [--misses]

The labelled corpora hold few harmless messages of each shape, and the guard has been tuned on
all but the newest, so their false hides say little about how the rules do on harmless talk in
general. This probe makes it per film, from templates that name no film's people or events and
from the film's own set-up:

- ``near``: talk about the ending that does not tell it ("no spoilers but the ending of X
  wrecked me", "the final scene of X lives in my head");
- ``question``: questions that ask ("who is the killer in X? dont tell me", "wait, who was behind
  everything in X? i fell asleep", "does the main character survive X? just yes or no");
- ``plot``: each sentence of the film's plot-level text (``texts_by_level(...).other``: no
  ending-level text, inline spoiler spans left out) said of the film ("X: <sentence>").

Every message is shown to the guard as ``benchmarks/guard.py`` shows a corpus (every film
embargoed, then no embargo with the guard on for all films); any hide is a false hide. The
templates were written without reading any corpus's messages; they are no corpus and are never a
target to tune a rule to one message of: a false hide here points to a class of messages.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.guard import GUILD, Line, moderate, open_app, score
from bot.epilogue import Epilogue
from bot.features.film.film_text import read_film_texts
from bot.features.spoiler.vocabularies import texts_by_level

NEAR = (
    "no spoilers but the ending of {title} wrecked me",
    "the last twenty minutes of {title} are insane, won't say why",
    "{title} has the best ending i've seen in years",
    "that {title} ending... we need to talk in the spoiler channel",
    "i guessed the twist in {title} way too early tbh",
    "did not see the ending of {title} coming at all",
    "the final scene of {title} lives in my head rent free",
    "without spoiling anything, {title} sticks the landing",
    "{title}'s ending split my group chat in half",
    "{title} made me sob at the end, no spoilers but bring tissues",
)
QUESTIONS = (
    "does anyone die at the end of {title}? need to know before i show my kid",
    "who is the killer in {title}? dont tell me, im halfway",
    "is there a twist in {title}? dont spoil it",
    "how does {title} end? dont answer here lol",
    "is the ending of {title} happy or sad? no details please",
    "does the main character survive {title}? just yes or no",
    "why does everyone hate the ending of {title}?",
    "wait, who was behind everything in {title}? i fell asleep",
    "ok so who is the villain in {title}? im 30 minutes in",
    "sorry quick question, is the ending of {title} ambiguous?",
    "does {title} have a post credits scene?",
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
SENTENCE_LENGTH = (20, 240)
"""Plot sentences of a chat message's length."""


async def probe(app: Epilogue) -> list[Line]:
    """The probe's messages for every film of the benchmark server, film by film."""
    plot = await plot_lines(app)
    lines = []
    for entry in sorted(app.catalog.films(GUILD), key=lambda entry: entry.work):
        lines += [Line(entry.work, "near", near.format(title=entry.title)) for near in NEAR]
        lines += [Line(entry.work, "question", q.format(title=entry.title)) for q in QUESTIONS]
        lines += [line for line in plot if line.work == entry.work]
    return lines


async def plot_lines(app: Epilogue) -> list[Line]:
    """Each sentence of every film's plot-level text said of the film ("X: <sentence>"), film by
    film: harmless by the film's own levels. ``guard_model`` measures the learned reading on them
    one film out, never training on them."""
    entries = sorted(app.catalog.films(GUILD), key=lambda entry: entry.work)
    read = await app.reads(partial(read_film_texts, film_ids=[entry.id for entry in entries]))
    lines = []
    for entry in entries:
        for piece in texts_by_level(read[entry.id]).other:
            for sentence in _SENTENCE.findall(piece):
                sentence = " ".join(sentence.split())
                if SENTENCE_LENGTH[0] <= len(sentence) <= SENTENCE_LENGTH[1]:
                    lines.append(Line(entry.work, "plot", f"{entry.title}: {sentence}"))
    return lines


async def main(misses: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = await open_app(Path(folder))
        try:
            lines = await probe(app)
            await moderate(app, "spoiler-rules guard", enabled=True, all_films=False)
            for entry in app.catalog.films(GUILD):
                await moderate(app, "spoiler-rules embargo", film=entry.title, until="2031-01-01")
            embargoed = await score(app, lines)
            for entry in app.catalog.films(GUILD):
                await moderate(app, "spoiler-rules embargo-clear", film=entry.title)
            await moderate(app, "spoiler-rules guard", enabled=True, all_films=True)
            everything = await score(app, lines)
        finally:
            await app.close()
    print(f"{len(lines)} harmless messages, {len(NEAR)} near misses and {len(QUESTIONS)} questions")
    print("a film, the rest its own plot sentences\n")
    for title, scored in (("every film embargoed", embargoed), ("all films guarded", everything)):
        parts = []
        for kind in ("near", "question", "plot"):
            hidden, total = scored.counts.get(f"all|{kind}", [0, 0])
            parts.append(f"{kind} {hidden}/{total}")
        print(f"{title}: false hides " + ", ".join(parts))
    if misses:
        print("\n" + "\n".join(everything.wrong))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every false hide")
    asyncio.run(main(parser.parse_args().misses))
