"""Words run together as hashtags or camelCase, letters parted by slashes or hyphens, letters
stretched, and text turned upside down are read as the words a reader reads (``as_read``);
blind26's misses of the red62 round."""

from __future__ import annotations

import pytest

from bot.epilogue import Epilogue
from bot.features.spoiler.guard import as_read
from tests.bot.features.spoiler.test_guard import check, guard_on

ENDING = "mia marries another man and seb ends up alone"


def _turned(text: str) -> str:
    """``text`` as upside-down text generators write it: each letter turned, read backwards."""
    turned = dict(zip("abcdefghijklmnopqrstuvwxyz", "ɐqɔpǝɟƃɥᴉɾʞlɯuodbɹsʇnʌʍxʎz", strict=True))
    return "".join(turned.get(char, char) for char in reversed(text))


DISGUISED = {
    "hashtags": "#LaLaLand #MiaMarriesAnotherMan #SebEndsUpAlone",
    "camel case": "la la land: miaMarriesAnotherMan, sebEndsUpAlone",
    "slashes": "la la land: m/i/a m/a/r/r/i/e/s a/n/o/t/h/e/r m/a/n",
    "hyphens": "la la land: m-i-a m-a-r-r-i-e-s a-n-o-t-h-e-r m-a-n",
    "stretched": "la la land: miiiaaa marrriesss anotherrrr mannnn and sebbb ends up aloneee",
    "upside down": f"la la land: {_turned(ENDING)}",
}


@pytest.mark.parametrize("text", DISGUISED.values(), ids=DISGUISED.keys())
def test_disguised_words_are_read_as_the_words_they_spell(text: str) -> None:
    read = " ".join(as_read(text).lower().split())
    assert "mia marries another man" in read, read


# The guard's reading, not the database, is under test: one start, on SQLite.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_an_ending_so_disguised_is_hidden_and_harmless_talk_so_written_left(
    app: Epilogue,
) -> None:
    await guard_on(app, all_films=True)

    for text in DISGUISED.values():
        assert (await check(app, text)).hidden, text
    for text in (
        "#LaLaLand #CityOfStars rewatch tonight",
        "la la laaaaand is on netflix nowww",
        "la la land: the p-l-a-n-e-t-a-r-i-u-m scene is the best",
        "la la land: ǝuǝɔs ɯnᴉɹɐʇǝuɐld ǝɥʇ",
    ):
        assert not (await check(app, text)).hidden, text


@pytest.mark.parametrize(
    "text",
    [
        # Names and brands in camelCase, acronyms, alternating caps: not words run together.
        "McDonald's, DeNiro and iPhone",
        "LA la LAND: mIa MaRrIeS sOmEoNe ElSe",
        "Rocky III and Rocky II",
        # Hyphenated words, dates and single letters: not letters parted one at a time.
        "a well-to-do x-ray on 2-3-2031, and/or t-shirts",
        # Everyday words with doubled letters stay as they are.
        "the coffee at the ball was really good, sooo good",
        # Turned letters used as phonetics or a language's own letters, one at a time.
        "the schwa ǝ and the turned a ɐ in IPA",
    ],
)
def test_what_is_not_disguised_stays_readable(text: str) -> None:
    read = as_read(text)
    for word in ("McDonald", "DeNiro", "well-to-do", "coffee", "ball", "really", "Rocky III"):
        if word in text:
            assert word in read, read
    if "mIa" in text:
        assert "mIa MaRrIeS" in read, read
    if "ǝ" in text:
        assert read == text
