"""What ``FilmSearch`` keeps of each film shown in results: few objects for the collector to walk.

The cache fills in the middle of bursts of searches, and every young and middle collection
until the next full one walks each tracked object a kept film holds (``client.collector``)."""

from __future__ import annotations

import gc

from bot.features.film.film_text import FilmText, ItemText, SectionText
from bot.features.film.search import SearchableFilm, best_passage, film_passages
from bot.levels import SpoilerLevel

ENDING, PLOT = SpoilerLevel.ENDING, SpoilerLevel.PLOT


def a_film() -> FilmText:
    faq = SectionText(
        "faq",
        "ending",
        None,
        "none",
        None,
        tuple(
            ItemText(f"Question {n}?", "none", "ending", f"Answer {n}, ||hidden {n}||.")
            for n in range(20)
        ),
    )
    recap = SectionText("recap", "plot", "What happens", "none", "A heist goes wrong.", ())
    # Aliases made as a read makes them, not a literal: the module's constant may be in the
    # oldest generation, where no pass has stopped tracking it.
    aliases = tuple(["Job"])
    return FilmText(
        1, "job", "The Job", 2020, aliases, "Ann Lee", ("Bo",), "h", "A heist.", (recap, faq), ()
    )


def tracked_inside(root: object) -> int:
    """Tracked objects reachable from ``root`` (classes and what they hold left out)."""
    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, type):
            continue
        seen.add(id(value))
        count += gc.is_tracked(value)
        stack.extend(gc.get_referents(value))
    return count


def test_a_middle_collection_walks_two_objects_of_a_kept_film() -> None:
    film = SearchableFilm.of(a_film())
    gc.collect(1)  # its tuples of strings and numbers are no longer tracked after it
    assert tracked_inside(film) == 2  # the film and its label


def test_a_kept_film_gives_back_its_passages_as_film_passages_made_them() -> None:
    stored = a_film()
    film = SearchableFilm.of(stored)
    passages = film_passages(stored)
    assert [film.passage(n) for n in range(len(passages))] == passages
    # Synopsis, credits, the recap's heading and body, then each item's heading and body.
    assert best_passage(film, ["answer", "7"]) == passages[4 + 2 * 7 + 1]


def test_a_plot_passage_with_inline_spans_ranks_as_an_ending_where_spoilers_are_read() -> None:
    # A plot passage's level is worked out only when a search asks for it (``LATER``): with
    # an inline span it is an ending passage, and the plain plot one (as many words) is shown.
    spanned = SectionText("recap", "plot", None, "none", "The vault ||opens|| at dawn.", ())
    plain = SectionText("themes", "plot", None, "none", "The vault stays shut.", ())
    stored = FilmText(
        2, "crew", "The Crew", 2021, (), None, (), "h", "A crew.", (spanned, plain), ()
    )
    film = SearchableFilm.of(stored)
    passages = film_passages(stored)
    assert best_passage(film, ["vault"], spoilers=True) == passages[2]
    assert [film.effective_rank(n) for n in (1, 2)] == [ENDING.rank, PLOT.rank]
    # Found by neither where spoilers are not read: the synopsis, as for a title's words.
    assert best_passage(film, ["vault"], spoilers=False) == passages[0]


def test_the_levels_a_kept_film_knows_are_its_passages_and_contexts_own() -> None:
    # A result's render takes them from the film rather than working them out again: each
    # known level is the block's own effective level, and every spoiler-free block's is known
    # (a context's from the passage of its own that follows its heading).
    themes = SectionText(
        "themes",
        "none",
        "Why ||the twist||?",
        "none",
        "Open words, ||a span||.",
        (
            ItemText("Plain?", "none", "none", "Plain answer."),
            ItemText("Spanned?", "none", "none", "It ||was him||."),
            ItemText("Later?", "none", "plot", "A ||plot|| answer."),
        ),
    )
    recap = SectionText("recap", "plot", "What happens", "none", "It ||goes|| wrong.", ())
    stored = FilmText(3, "set", "The Set", 2022, (), None, (), "h", "A set.", (themes, recap), ())
    film = SearchableFilm.of(stored)
    passages = film_passages(stored)
    for number, passage in enumerate(passages):
        known = film.known_levels(number)
        blocks = (passage.block, passage.context)
        for block, level in zip(blocks, known, strict=True):
            if block is None:
                assert level is None
                continue
            assert level in (None, block.effective_level), (number, block)
            if block.level is SpoilerLevel.NONE:
                assert level is block.effective_level, (number, block)
    assert {film.known_levels(n)[1] for n in range(len(passages))} >= {ENDING, None}
