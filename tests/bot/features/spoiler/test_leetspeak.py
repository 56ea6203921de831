"""Words disguised in leetspeak or dotted apart are read as readers read them (``as_read``)."""

from __future__ import annotations

import pytest

from bot.catalog import FilmEntry
from bot.features.spoiler.guard import as_read
from bot.features.spoiler.mentions import FilmMentions

_LEET = str.maketrans("oieast", "013457")


@pytest.mark.parametrize(
    "plain",
    [
        "edith killed her twin",
        "mia marries some other guy and seb gets his club alone",
        "the sound guy owen was the night owl",
        "frankie took the bribe and jo takes over the team",
    ],
)
@pytest.mark.parametrize("share", [1.0, 0.5])
def test_digits_standing_for_letters_read_as_the_letters(plain: str, share: float) -> None:
    """Every word, or every other word, spelt with digits for the letters they look like."""
    words = plain.split(" ")
    disguised = " ".join(
        word.translate(_LEET) if index % round(1 / share) == 0 else word
        for index, word in enumerate(words)
    )
    assert disguised != plain

    assert as_read(disguised) == plain


@pytest.mark.parametrize("plain", ["mrs pell is edith", "the younger sister burns the theatre"])
def test_letters_dotted_apart_read_as_their_word(plain: str) -> None:
    disguised = " ".join(".".join(word) if len(word) > 2 else word for word in plain.split(" "))
    assert disguised != plain

    assert as_read(disguised) == plain


@pytest.mark.parametrize(
    "text",
    [
        "at 1:52:10 on my 2nd rewatch at 10pm, in 4k 1080p, the 90s cut, 5yrs on, 21st of may",
        "the 2005 final, 3d screening, 7pm, 3rd row, 4th time, seat 14b",
        "blind23 covid19 r2d2 b2b 2nd-best",
        "e.g. this, i.e. that, p.s. see u at 9 a.m",
        "la la land (2016) is 128 min",
    ],
)
def test_numbers_quantities_and_abbreviations_stay_as_they_are(text: str) -> None:
    assert as_read(text) == text


def test_a_title_spelt_with_digits_is_still_named_once_leetspeak_is_undone() -> None:
    """The guard reads "se7en" as "seven": a film whose title has digits for letters is named by
    the title as written and as read, and a film spelt in leetspeak by its plain title."""
    entries = [
        FilmEntry(1, 0, "se7en-1995", "Se7en", 1995, ()),
        FilmEntry(2, 0, "m3gan-2022", "M3GAN", 2022, ()),
        FilmEntry(3, 0, "salt-road-2019", "Salt Road", 2019, ()),
    ]

    class Catalog:
        generation = 1

        def films(self, guild_id: int | None, *, hidden_too: bool = False) -> list[FilmEntry]:
            return entries

    mentions = FilmMentions(Catalog())  # type: ignore[arg-type]

    def named(text: str) -> list[str]:
        return [entry.title for entry in mentions.named(None, as_read(text))]

    assert named("se7en's ending ruined me") == ["Se7en"]
    assert named("the M3GAN doll dances") == ["M3GAN"]
    assert named("s4lt r04d: the tin is his ashes") == ["Salt Road"]
    assert named("salt road at 10pm, 2nd time") == ["Salt Road"]
