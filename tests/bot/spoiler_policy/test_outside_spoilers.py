"""``outside_spoilers``: what readers see of a member's own markdown, for the spoiler guard.

The guard leaves alone only what Discord hides, so every word a reader sees without clicking
(under either reading of where a spoiler closes, ``tests.support.discord_markdown``) must be in
what it reads.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from bot.spoiler_policy.markup import outside_spoilers
from tests.support.discord_markdown import MARKER, author_text, block_text, visible_text
from tests.support.hypothesis_profiles import examples


def assert_every_shown_word_is_read(text: str) -> None:
    """What Discord shows of ``text`` (under either reading of where bars close) is read."""
    read = set(MARKER.findall(outside_spoilers(text)))
    for lazy in (False, True):
        shown = set(MARKER.findall(visible_text(text, lazy_bars=lazy)))
        assert shown <= read, (lazy, shown - read)


@examples(500)
@given(author_text())
def test_every_word_discord_shows_is_read(text: str) -> None:
    assert_every_shown_word_is_read(text)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("no bars at all", "no bars at all"),
        ("a ||b|| c", "a # c"),
        ("\\|| a ||", "\\|| a ||"),  # an escaped bar
        ("`||` a `||`", "`||` a `||`"),  # bars in code
        # A run of two backticks no run of two closes opens code with one (Discord's pattern).
        ("x `` || y `|| z", "x `` || y `|| z"),
        ("https://x.io/|| a ||", "https://x.io/|| a ||"),  # bars swallowed by a link
        ("<https://x.io/>|| a || b", "<https://x.io/># b"),  # an autolink ends at its >
        ("a ||b|| c ||d", "a # c ||d"),  # the last bars pair with nothing
        # Code inside a spoiler holds its bars in the parser's reading, not in the raw one.
        ("a ||b `c|| d` e|| f", "a # d` e|| f"),
        ("||x\\||y||", "#y||"),
    ],
)
def test_outside_spoilers(text: str, read: str) -> None:
    assert outside_spoilers(text, hidden_as="#") == read


@examples(1000)
@given(block_text())
def test_bars_never_reach_into_or_out_of_a_block_line(text: str) -> None:
    """A quote, heading, subtext or list line is parsed on its own by Discord: bars opened in
    it and closed on another line hide nothing, and its words are shown (``> ||the twist`` /
    ``is this||`` shows both lines), so the guard must read them."""
    assert_every_shown_word_is_read(text)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("> ||a\nb||", "> ||a\nb||"),  # a quote line: its bars close on no line of it
        ("# ||a\nb||", "# ||a\nb||"),
        ("### x ||a\nb|| c", "### x ||a\nb|| c"),
        ("-# ||a\nb||", "-# ||a\nb||"),
        ("- ||a\n- b||", "- ||a\n- b||"),
        ("1. ||a\nb||", "1. ||a\nb||"),
        ("a ||b\n# c||", "a #"),  # bars opened first take the next line whole
        ("a ||b|| c\n# ||d\ne||", "a # c\n# ||d\ne||"),
        ("> ||a\n> b|| c", "> # c"),  # one quote of two lines holds the spoiler whole
        ("> ||a|| b\nc", "> # b\nc"),
        ("||a\n> b||", "#"),  # opened first: the quote line is inside the spoiler
        ("x\n>>> ||a\nb||", "x\n>>> #"),  # >>> quotes the rest: one block
        ("\\# ||a\nb||", "\\# #"),  # an escaped marker starts nothing
        # Discord links steam:// addresses too: bars right after one are part of it.
        ("steam://run/1|| a || b", "steam://run/1|| a || b"),
        ("x steam://connect/1.2.3.4||a b|| c", "x steam://connect/1.2.3.4||a b|| c"),
        ("steam://run/1 ||a|| b", "steam://run/1 # b"),
    ],
)
def test_block_lines_in_outside_spoilers(text: str, read: str) -> None:
    assert outside_spoilers(text, hidden_as="#") == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A masked link's text is parsed on its own: its bars pair with no bars outside it, so
        # what lies between two such links is shown.
        ("[||](https://x.io) a [||](https://y.io)", "[||](https://x.io) a [||](https://y.io)"),
        ("[x ||](https://x.io/a) a || b", "[x ||](https://x.io/a) a || b"),
        ("a || b [||](https://x.io) c", "a || b [||](https://x.io) c"),
        ("[||a||](https://x.io) b", "[#](https://x.io) b"),  # bars closed inside it hide
        # Opened first: the parser's reading closes past the link, the raw one inside it.
        ("||a [b||](https://x.io) c|| d", "#](https://x.io) c|| d"),
        ("[||](not a link) a ||", "[#"),  # no web address: no link, the bars pair
        # A styled span's text is parsed on its own too: bold, italics, underline, strike.
        ("**||** a **||**", "**||** a **||**"),
        ("*||* a *||*", "*||* a *||*"),
        ("_x||_ a ||", "_x||_ a ||"),
        ("__||__ a __||__", "__||__ a __||__"),
        ("~~||~~ a ~~||~~", "~~||~~ a ~~||~~"),
        ("**||a||** b", "**#** b"),
        ("||a **b** c|| d", "# d"),  # styles inside a spoiler hide with it
        ("snake_case ||a|| b_c", "snake_case # b_c"),  # underscores inside words style nothing
    ],
)
def test_masked_links_and_styles_in_outside_spoilers(text: str, read: str) -> None:
    assert outside_spoilers(text, hidden_as="#") == read
    assert_every_shown_word_is_read(text.replace(" a ", " QZX001Q "))
