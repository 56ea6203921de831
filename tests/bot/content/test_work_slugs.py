"""A film's work is named as its title reads: Unicode's confusables, not a list of examples."""

from __future__ import annotations

import pytest

from bot.content.works import work_slug


@pytest.mark.parametrize(
    "title",
    [
        "Her\u0585n Lake",  # Armenian small oh
        "\u13bberon Lake",  # Cherokee "Ꮋ"
        "Heron \ua4e1ake",  # Lisu "ꓡ"
        "Heron L\u0251ke",  # Latin alpha "ɑ"
        "\u041d\u0435r\u043en L\u0430k\u0435",  # Cyrillic in every word
        "H\u0435ron \u0422\u041d\u0415",  # a word wholly of Cyrillic look-alikes, in a Latin title
    ],
)
def test_a_latin_title_with_any_confusable_letter_reads_as_the_latin_one(title: str) -> None:
    latin = "Heron Lake" if "\u0422" not in title else "Heron THE"
    assert work_slug(title, 2001) == work_slug(latin, 2001), title


@pytest.mark.parametrize(
    ("title", "lookalike"),
    [
        ("\u0420\u0435\u043a\u0430", "Peka"),  # Река
        ("\u0412\u041e\u0420", "BOP"),  # ВОР, every letter drawn as a Latin one
        ("\u03a0\u03bf\u03c4\u03b1\u03bc\u03cc\u03c2", "Potamos"),  # Ποταμός
        ("\u6cb3", "Ha"),  # 河
    ],
)
def test_a_title_wholly_in_another_script_keeps_a_work_of_its_own(
    title: str, lookalike: str
) -> None:
    work = work_slug(title, 2001)
    assert work != work_slug(lookalike, 2001)
    assert not work.isascii(), work  # its own letters, not a hash or a Latin reading


@pytest.mark.parametrize("title", ["Inception", "Mia Marries", "1917", "Film Ill"])
def test_a_latin_title_keeps_its_slug(title: str) -> None:
    """Skeletons read "m" as "rn" and "I" as "l": a Latin letter is never read so."""
    expected = "-".join(title.lower().split()) + "-2001"
    assert work_slug(title, 2001) == expected
    assert work_slug(title + " \u00e9", 2001) == expected[:-5] + "-e-2001"
