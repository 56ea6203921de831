"""Numbers past twenty written in words, read as digits (``bot.number_words``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.number_words import digits_of_number_words

UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
TEENS += ["seventeen", "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spelt(n: int, *, joined_by_and: bool) -> str:
    """``n`` (1 to 99,999) as English writes it in words."""
    words: list[str] = []
    if n >= 1000:
        words += [spelt(n // 1000, joined_by_and=joined_by_and), "thousand"]
        n %= 1000
    if n >= 100:
        words += [UNITS[n // 100 - 1], "hundred"]
        n %= 100
    if n and words and joined_by_and:
        words.append("and")
    if n >= 20:
        words.append(TENS[n // 10 - 2])
        n %= 10
    if 10 <= n < 20:
        words.append(TEENS[n - 10])
    elif n:
        words.append(UNITS[n - 1])
    return " ".join(words)


@given(
    n=st.integers(21, 99_999), joined_by_and=st.booleans(), before=st.sampled_from(["", "anchor "])
)
def test_a_number_past_twenty_in_words_reads_as_its_digits(
    n: int, joined_by_and: bool, before: str
) -> None:
    typed = f"{before}{spelt(n, joined_by_and=joined_by_and)} days"
    assert digits_of_number_words(typed) == f"{before}{n} days"


@pytest.mark.parametrize(
    ("key", "read"),
    [
        ("nineteen eighty four", "1984"),  # a year said in two halves
        ("twenty twenty", "2020"),
        ("two thousand and one a space odyssey", "2001 a space odyssey"),
        ("one hundred and one dalmatians", "101 dalmatians"),
        # Up to twenty in one word: a sequel's number, read elsewhere; words that only hold
        # number words ("and" between two numbers) are no number.
        ("oceans thirteen", None),
        ("rocky two", None),
        ("two and a half men", None),
        ("seven seven", None),
        ("la la land", None),
    ],
)
def test_numbers_read_and_left_alone(key: str, read: str | None) -> None:
    assert digits_of_number_words(key) == read
