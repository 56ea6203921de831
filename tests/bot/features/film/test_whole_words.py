"""Whole-word matching in search passages agrees with the lookbehind pattern it replaces."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.features.film.search import any_word_of, whole_words

_PIECES = st.sampled_from([*"ab_ é1½⁄-'", "ab", "ba", " ab "])


def _reference(terms: set[str], text: str) -> list[str]:
    alternatives = "|".join(map(re.escape, sorted(terms, key=len, reverse=True)))
    return re.findall(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])", text)


@given(
    terms=st.sets(st.lists(_PIECES, min_size=1, max_size=3).map("".join), min_size=1, max_size=3),
    text=st.lists(_PIECES, max_size=40).map("".join),
)
@example(terms={"ab", "b"}, text="xab b ab")
@example(terms={"1⁄2"}, text="a1⁄2 1⁄2")
def test_whole_words_finds_what_the_lookbehind_pattern_finds(terms: set[str], text: str) -> None:
    assert whole_words(any_word_of(terms), text) == _reference(terms, text)


def test_a_word_inside_a_longer_word_is_not_found() -> None:
    assert whole_words(any_word_of({"harbour"}), "harbours harbour_ (harbour) harbour2") == [
        "harbour",
        "harbour",
    ]
