"""The roles and objects an ending turns on (a detective, an informant, an empty vault, a final
lost on penalties) in Spanish, Portuguese, French and German are read in English, as their
outcome words already were: "der Kommissar ist der Mörder" tells what "the detective is the
killer" does."""

from __future__ import annotations

import pytest

from bot.features.spoiler.other_languages import in_english

CASES = [
    ("es", "el inspector es el asesino", "detective"),
    ("pt", "o investigador é o assassino", "detective"),
    ("fr", "l'inspecteur est le tueur", "detective"),
    ("de", "der Kommissar ist selbst der Mörder", "detective"),
    ("es", "Nico es un soplón de la policía", "informant"),
    ("pt", "o Nico é informante da polícia", "informant"),
    ("fr", "Nico est un indic de la police", "informant"),
    ("de", "Nico ist ein Spitzel der Polizei", "informant"),
    ("es", "la caja fuerte está vacía", "empty"),
    ("pt", "o cofre já está vazio", "empty"),
    ("fr", "le coffre est vide", "empty"),
    ("de", "der Tresor ist leer, die Polizei wartet", "empty"),
    ("es", "perdieron la final en los penaltis", "on penalties"),
    ("pt", "perderam a final nos pênaltis", "on penalties"),
    ("fr", "ils perdent la finale aux tirs au but", "on penalties"),
    ("de", "sie verlieren das Finale im Elfmeterschießen", "on penalties"),
]


@pytest.mark.parametrize(("language", "text", "english"), CASES)
def test_an_endings_roles_and_objects_are_read_in_english(
    language: str, text: str, english: str
) -> None:
    assert english in in_english(text), (language, in_english(text))


@pytest.mark.parametrize(
    "text",
    [
        "he leers at the camera the whole film",  # "leer" is German only where German shows
        "the detective is played so well",
        "an informant, an empty room, a penalty: the set-up is great",
    ],
)
def test_english_with_those_words_is_read_as_written(text: str) -> None:
    assert in_english(text) == text
