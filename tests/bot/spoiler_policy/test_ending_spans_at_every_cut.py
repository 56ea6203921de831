"""Ending text put anywhere in a film's content stays hidden through every cut a reader meets.

The renderer hides spans; then pages (3,900), messages (2,000), embed fields (1,024), card
descriptions (4,000), search snippets and "… and N more" lists cut what it rendered, and the
console prints it. Spans are generated at random positions and lengths so that every one of
those cuts falls inside, across and at the edges of them, for a reader at spoiler level none
(the answer wrapped or withheld). Ending words are written in letters no other text here uses,
so a single letter of one in sight is a leak, whatever the cut did to the word.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.console import readable
from bot.features.film.documents import Block, CitedSource, Document
from bot.features.film.render import render_blocks, render_pages, reply_for_page
from bot.features.film.search import snippet
from bot.levels import SpoilerLevel
from bot.line_fitting import FIELD_VALUE_LIMIT, fit_in_fields, fit_lines, pages_of_lines
from bot.spoiler_policy.chunking import MIN_LIMIT, split_message, truncate_rendered
from bot.spoiler_policy.markup import Treatment, render_each, render_text
from bot.spoiler_policy.policy import Audience, Plan
from tests.support.discord_markdown import HOSTILE, visible_text
from tests.support.hypothesis_profiles import examples
from tests.support.spoiler_world import spots

POINTER = "Plot and ending details are hidden in this channel: ask in a spoiler channel."
ENDING_LETTERS = "жщэю"
LEAK = re.compile(f"[{ENDING_LETTERS}]")
READINGS = (False, True)

_ending_word = st.text(ENDING_LETTERS, min_size=1, max_size=30)
# Text around and inside the spans: Discord's markup, links, list and block markers, line and
# paragraph breaks, and long words that can only be cut inside. No bars: the spans' own are the
# only ones, so what the content model marks ending is exactly the spans' text.
_filler = st.one_of(
    st.sampled_from([piece for piece in HOSTILE if "|" not in piece]),
    st.sampled_from(("Mia", "the", "said.", "Greg", "a")),
    st.integers(1, 300).map(lambda length: "x" * length),
)
_gap = st.sampled_from((" ", " ", "\n", "\n\n", ""))
# Made once, not inside each draw (each new strategy was validated again): the same examples.
_span_words = st.lists(st.one_of(_ending_word, _filler), min_size=1, max_size=12)


@st.composite
def ending_span(draw: st.DrawFn) -> str:
    """A span of ending text, as the content model marks one inline (``||…||``, or another
    site's markup that means the same), holding filler too so its edges fall anywhere."""
    words = draw(_span_words)
    words.append(draw(_ending_word))  # at least one ending word, wherever the filler puts it
    inner = " ".join(draw(st.permutations(words)))
    opening, closing = draw(st.sampled_from(SPAN_MARKUP))
    return f"{_invisibly(draw, opening)}{inner}{_invisibly(draw, closing)}"


# Markup the content model reads as a span: Discord's bars, Reddit's, AniList's, forum BBCode.
SPAN_MARKUP = (("||", "||"), (">!", "!<"), ("~!", "!~"), ("[spoiler]", "[/spoiler]"))
# Characters drawn as nothing (zero-width space, soft hyphen, word joiner, variation selector,
# zero-width non-joiner) or on the character before it (a combining mark): typed between the two
# characters of an opening or closing, what a reader sees is still the markup the author meant.
INVISIBLE = ("\u200b", "\u00ad", "\u2060", "\ufe0f", "\u200c", "\u0301")


def _invisibly(draw: st.DrawFn, markup: str) -> str:
    """``markup``, sometimes with an invisible character after its first."""
    if draw(st.integers(0, 3)):
        return markup
    return markup[0] + draw(st.sampled_from(INVISIBLE)) + markup[1:]


@st.composite
def block_text(draw: st.DrawFn, *, spans: bool) -> str:
    parts = draw(_spanned_parts if spans else _plain_parts)
    return "".join(part + draw(_gap) for part in parts)


_spanned_parts = st.lists(st.one_of(_filler, ending_span()), min_size=1, max_size=25)
_plain_parts = st.lists(st.one_of(_filler, _ending_word), min_size=1, max_size=25)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Spoiler-free blocks with ending spans, and plot or ending blocks wholly in ending words."""
    blocks: list[Block] = []
    for _ in range(draw(st.integers(1, 6))):
        level = draw(st.sampled_from(SpoilerLevel))
        text = draw(block_text(spans=level is SpoilerLevel.NONE))
        blocks.append(Block(text, level, heading=draw(st.booleans())))
    sources = tuple(
        CitedSource(number, "Ann", None, draw(block_text(spans=True)), None)
        for number in range(1, draw(st.integers(0, 2)) + 1)
    )
    return Document("Title", tuple(blocks), sources)


def assert_no_ending_shown(markdown: str, where: str) -> None:
    for lazy in READINGS:
        shown = visible_text(markdown, lazy_bars=lazy)
        assert LEAK.search(shown) is None, f"{where} shows {shown!r} of {markdown!r}"


def plans() -> st.SearchStrategy[Plan]:
    """How an answer reaches a reader at spoiler level none: wrapped, or withheld."""
    return st.sampled_from(
        [
            Plan(audience, treatment, POINTER)
            for audience in Audience
            for treatment in (Treatment.WRAP, Treatment.WITHHOLD)
        ]
    )


@examples(200, whole_in_ci=True)
@given(documents(), plans(), st.data())
def test_no_ending_word_is_visible_through_any_cut(
    document: Document, plan: Plan, data: st.DataObject
) -> None:
    whole = render_blocks(document, plan)
    assert_no_ending_shown(whole, "the rendered answer")
    # Pages, then each page as the reply a member gets, and as the console prints it.
    pages = render_pages(document, plan)
    for number in range(len(pages)):
        reply = reply_for_page(document, plan, pages, number, None)
        for spot in spots(reply):
            if spot.hideable:
                assert_no_ending_shown(spot.text, spot.where)
            else:
                assert LEAK.search(spot.text) is None, spot
        assert LEAK.search(readable(reply)) is None
    # A cut anywhere in the answer: a message chunk, a field, a description ("…" at its end).
    limit = data.draw(st.integers(MIN_LIMIT, max(MIN_LIMIT, len(whole) + 1)), label="limit")
    for chunk in split_message(whole, limit):
        assert_no_ending_shown(chunk, f"a {limit}-character chunk")
    assert_no_ending_shown(truncate_rendered(whole, limit + 1), f"{limit + 1} characters, cut")
    # Each block on its own, as the film card's fields and the search results show one.
    inline = plan.treatment(SpoilerLevel.ENDING)
    lines = []
    for block in document.blocks:
        treatment = plan.treatment(block.level)
        lines.append(render_text(block.text, treatment, inline_treatment=inline, pointer=POINTER))
        assert_no_ending_shown(truncate_rendered(lines[-1], limit + 1), "a card's field")
        cut = snippet(block.text, (), data.draw(st.integers(2, 400), label="snippet"))
        searched = inline if block.effective_level is not SpoilerLevel.NONE else Treatment.SHOW
        shown = render_text(cut, searched, inline_treatment=searched, pointer=POINTER)
        assert_no_ending_shown(shown, "a search snippet")
    cast = render_each(
        [block.text for block in document.blocks if block.level is SpoilerLevel.NONE],
        Treatment.SHOW,
        inline_treatment=inline,
        pointer=POINTER,
    )
    field_limit = data.draw(st.integers(MIN_LIMIT + 1, FIELD_VALUE_LIMIT), label="field")
    assert_no_ending_shown(truncate_rendered(cast, field_limit), "the cast field")
    # Lists of rendered lines, fitted whole into one field or page, or spread over several.
    assert_no_ending_shown(fit_lines(lines, field_limit), "a fitted list")
    for name, value in fit_in_fields("Blocks", lines, chars=6000, fields=25):
        assert LEAK.search(name) is None
        assert_no_ending_shown(value, "a list's field")
    for page in pages_of_lines(lines, field_limit):
        assert_no_ending_shown("\n".join(page), "a list's page")
