"""The harmless-message probe: every message it makes must be harmless for the film it names."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from benchmarks.guard import GUILD, open_app
from benchmarks.guard_probe import NEAR, QUESTIONS, probe
from bot.features.film.film_text import read_film_texts
from bot.features.spoiler.vocabularies import texts_by_level


async def test_the_probe_says_no_sentence_of_an_ending(tmp_path: Path) -> None:
    """Its plot messages come from the films' plot-level text only: an ending-level section or
    an inline ||span|| in a plot section (La La Land's epilogue in a footnote) is never one."""
    app = await open_app(tmp_path)
    try:
        lines = await probe(app)
        entries = app.catalog.films(GUILD)
        read = await app.reads(partial(read_film_texts, film_ids=[entry.id for entry in entries]))
    finally:
        await app.close()
    titles = {entry.work: entry.title for entry in entries}
    texts = {entry.work: texts_by_level(read[entry.id]) for entry in entries}
    endings = {work: " ".join(" ".join(text.ending).split()) for work, text in texts.items()}
    others = {work: " ".join(" ".join(text.other).split()) for work, text in texts.items()}
    plot = [line for line in lines if line.kind == "plot"]

    assert {line.work for line in plot} == set(titles)
    for line in plot:
        sentence = line.text.removeprefix(f"{titles[line.work]}: ")
        # A sentence the ending says too is in the plot text as well (a line quoted in both).
        assert sentence in others[line.work], line.text
    assert any("In the epilogue" in endings[work] for work in endings)  # the inline span
    assert not any("In the epilogue" in line.text for line in plot)
    for work, title in titles.items():
        said = [line.text for line in lines if line.work == work and line.kind != "plot"]
        assert len(said) >= len(NEAR) + len(QUESTIONS)
        assert all(title in text for text in said)
    # The guesses, questions and talk of the ending's meaning say none of the film's ending
    # words: a guess naming the real killer would tell.
    kinds = {line.kind for line in lines}
    assert {"guess", "ask", "meaning", "moderator", "setup", "joke"} <= kinds
    assert {"rule", "idiom", "detail", "compare"} <= kinds
    # A labelled set-up says one of the film's own plot sentences, never its ending.
    for line in lines:
        if line.kind == "setup":
            reply = line.text.split("\n")[-1]
            sentence = reply if "\n" in line.text else reply.split(": ", 1)[-1]
            assert sentence in others[line.work], line.text
    assert not any(line.text in endings[line.work] for line in lines if line.kind != "plot")
