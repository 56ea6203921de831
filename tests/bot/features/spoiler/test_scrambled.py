"""Clauses written backwards or in ROT13 are read decoded (``scrambled``, through ``as_read``),
and sentences dotted apart word by word are read joined (``leetspeak``)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.epilogue import Epilogue
from bot.everyday_words import COMMON_ENGLISH
from bot.features.spoiler.guard import as_read
from bot.features.spoiler.scrambled import unscrambled
from tests.bot.features.spoiler.test_guard import check, guard_on

SPOILERS = [
    "mia marries another man and seb ends up alone",
    "the detective is the killer and his partner arrests him",
    "the buyer is her father",
    "the voice on the radio is ada herself",
    "mrs pell is edith and daniel dies",
    "they lose the final on penalties",
]
WRAPPERS = ["{}", "salt road: {}", "la la land ending for the spoiler-shy (rot13): {}", "{} <- ok"]


def _backwards(text: str) -> str:
    return text[::-1]


def _rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


@pytest.mark.parametrize("plain", SPOILERS)
@pytest.mark.parametrize("wrapper", WRAPPERS)
@pytest.mark.parametrize("scramble", [_backwards, _rot13])
def test_a_clause_backwards_or_in_rot13_is_read_decoded(
    plain: str, wrapper: str, scramble: object
) -> None:
    assert callable(scramble)
    scrambled = wrapper.format(scramble(plain))
    assert plain not in scrambled

    read = as_read(scrambled)
    assert plain in read and read.startswith(wrapper.split("{}")[0][:8])


@pytest.mark.parametrize(
    "text",
    [
        # Other languages: few everyday English words, and none once turned round.
        "glass orchard: ¿alguien sabe dónde se rodó? la finca es preciosa",
        "Eleventh Juror: der Angeklagte war schuldig, sagt die Zeitung",
        "La La Land : la musique est incroyable et Emma Stone chante si bien",
        "The Marigold Job: o elenco é ótimo, a atriz rouba o filme",
        "Ich habe den Film gestern gesehen, die Musik war großartig",
        # Names, slang and abbreviations.
        "omg lmao ngl tbh idk",
        "frances odell, jamal whitaker, greta lindholm",
        "mia seb keith laura",
        # Short reversed or ROT13 bits, too short to tell.
        "eivom a tahw",
        "jr ybir",
    ],
)
def test_what_is_not_scrambled_english_stays_as_it_is(text: str) -> None:
    assert unscrambled(text) == text


_EVERYDAY = sorted(word for word in COMMON_ENGLISH if len(word) > 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_EVERYDAY), min_size=3, max_size=12))
def test_everyday_english_stays_as_it_is(words: list[str]) -> None:
    text = " ".join(words)

    assert unscrambled(text) == text


@pytest.mark.parametrize(
    ("dotted", "plain"),
    [
        ("n.i.c.o i.s t.h.e r.a.t", "nico is the rat"),
        ("e.l.i d.i.d i.t", "eli did it"),
        ("j.u.n.e i.s a.l.i.v.e", "june is alive"),
        ("marigold job: t.h.e v.a.u.l.t i.s e.m.p.t.y.", "marigold job: the vault is empty"),
    ],
)
def test_a_sentence_dotted_apart_word_by_word_is_read_joined(dotted: str, plain: str) -> None:
    """Two-letter words ("i.s", "i.t") among dotted words of three letters or more are joined
    too: they dot a sentence apart, not abbreviate."""
    assert as_read(dotted) == plain


@pytest.mark.parametrize("text", ["p.s. i.e. nothing", "see you at 5 a.m. p.s. bring snacks"])
def test_abbreviations_alone_stay_dotted(text: str) -> None:
    assert as_read(text) == text


async def test_an_ending_written_backwards_or_in_rot13_is_hidden(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    ending = "mia marries another man and seb ends up alone"

    for scrambled in (_backwards(ending), _rot13(ending)):
        assert (await check(app, f"la la land for the spoiler-shy: {scrambled}")).hidden


async def test_harmless_talk_written_backwards_or_in_rot13_is_left(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    harmless = "the planetarium dance is the best scene of the decade"

    for scrambled in (_backwards(harmless), _rot13(harmless)):
        assert not (await check(app, f"la la land for fun: {scrambled}")).hidden
