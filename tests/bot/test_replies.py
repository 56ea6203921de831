"""Joining a sentence onto a message: ``bot.replies.with_sentence``."""

from __future__ import annotations

import pytest

from bot.replies import with_sentence

LIST = "Nothing was saved:\nQuick answer: must not be empty"


@pytest.mark.parametrize(
    ("message", "joined"),
    [
        ("Nothing was posted.", "Nothing was posted. Then this."),
        ("Year: must be at least 1870", "Year: must be at least 1870. Then this."),
        ("Really?", "Really? Then this."),
        (LIST, f"{LIST}\nThen this."),  # a list of problems: the sentence on a line of its own
        ("  ", "Then this."),
    ],
)
def test_a_sentence_follows_a_message_as_a_sentence(message: str, joined: str) -> None:
    assert with_sentence(message, "Then this.") == joined
