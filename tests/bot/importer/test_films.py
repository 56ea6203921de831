"""An article about several films: refused with the films it explains, and never by quoting a
heading that may tell a film's story (an error is read before anyone chose to read the
article)."""

from __future__ import annotations

import pytest

from bot.content.film_file import ContentError
from bot.importer import import_article

TWO_TEASERS = b"""# Two endings explained

## Malcolm Is Dead

### Before the end
Cole sees ghosts everywhere he goes, and a doctor tries to help him.
### How it ends
Malcolm learns he died long before, on the night of the shooting.

## Teddy Is Andrew Laeddis

### Before the end
Teddy investigates a disappearance on an island asylum with his partner.
### How it ends
He chooses the lobotomy rather than live with what he did.
"""

MIXED = b"""# The trilogy's endings explained

## Before Sunrise (1995)

Jesse and Celine meet on a train and walk through Vienna all night, talking until dawn comes.

## Before Sunset (2004)

Nine years later they meet again in Paris, and the film ends in her apartment as he stays.

## Jesse Dies In Greece (2013)

In Greece their marriage nearly breaks in a hotel room, then holds by the sea at night.
"""


def _refusal(article: bytes) -> str:
    with pytest.raises(ContentError) as refused:
        import_article(article, name="endings.md")
    return str(refused.value)


@pytest.mark.parametrize(
    ("article", "hidden", "shown"),
    [
        (TWO_TEASERS, ("Malcolm", "Dead", "Laeddis", "Teddy"), ("explains 2 films",)),
        (
            MIXED,
            ("Jesse Dies", "Greece"),
            ("explains 3 films", "Before Sunrise (1995)", "Before Sunset (2004)", "1 under"),
        ),
    ],
)
def test_a_heading_that_may_tell_a_story_is_never_quoted_in_the_refusal(
    article: bytes, hidden: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    message = _refusal(article)
    for words in hidden:
        assert words not in message, message
    for words in shown:
        assert words in message, message


TOO_LONG = (
    "The Ghost Of Malcolm Crowe Who Died In The Very First Scene And Never Knew It Until The"
    " Final Reel Of The Film"
)


def test_a_title_found_too_long_is_not_quoted() -> None:
    """What was taken for a title over 100 characters is a headline's sentence."""
    article = (
        f"# {TOO_LONG} (1999) Ending Explained\n\nIn {TOO_LONG} Cole sees ghosts.\n\n"
        "## The ending\n\nMalcolm learns he died.\n"
    )
    message = _refusal(article.encode())
    assert "too long" in message and "Malcolm" not in message and "Ghost" not in message
