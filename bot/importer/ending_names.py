"""Names only the ending uses. A character (or a place) the recap never names but the ending
does ("her brother Zorvath was the killer all along") is one of the ending's details: a theme or
a symbol that names it ("Family: Zorvath took them all") tells that detail at the plot level in no
ending word. Such a part is kept at the ending level, its heading too when the heading names it.

A name is a word written capitalised mid-sentence and never in lower case ("life", "the star
child" are words, however a heading capitalises them). Read only when the recap is there to
compare with (a page with no recap names every character first in its ending), and not in a
language that capitalises its nouns; the film's title, its lede, its credited people, its
sources and anyone who speaks in it ("Fincher described…") are never such a name."""

from __future__ import annotations

import re

from bot.importer.outline import Outline
from bot.levels import SectionKind
from bot.spoiler_policy.markup import behind_bars

_CAPITALISED = re.compile(r"\b(?-i:[A-Z][a-z]{2,}(?:[-'’][A-Za-z]+)?)\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”‘(\[]|\n|[-–—•*])\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ENDING_KINDS = (SectionKind.ENDING, SectionKind.FINAL_SHOT, SectionKind.QUICK_ANSWER)
_CHECKED_KINDS = (SectionKind.THEMES, SectionKind.SYMBOLISM)
# A recap long enough to name the film's people.
_MIN_RECAP_CHARACTERS = 300
# Share of a recap's words capitalised mid-sentence past which its language capitalises its
# nouns (German: "das Publikum", "der Film"): capitals name nothing there.
_MAX_NAME_SHARE = 0.12
# A name followed by what people say is a commentator's or a maker's ("Fincher described the
# film as…", "Gleiberman called it…", "Crowe told Rolling Stone"), no character of the story.
_SAYS = re.compile(
    r"(?:[-'’]s)?\s+(?:(?:has|had|later|once|also)\s+)?(?:said|says|told|tells|called|calls"
    r"|described|describes|wrote|writes|explained|explains|argued|argues|noted|notes|admitted"
    r"|insisted|claimed|claims|put it|puts it|recalled|remembers|suggested|suggests|confirmed)\b"
)


def _bare(word: str) -> str:
    """``word`` lower-cased without a possessive's "'s" ("Railly's" is Railly)."""
    word = word.lower()
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _names(text: str) -> tuple[set[str], set[str]]:
    """Capitalised words of ``text`` that do not open a sentence (read as names), and those of
    them that speak ("Fincher described…"): the film's critics or makers."""
    found, speakers = set(), set()
    for match in _CAPITALISED.finditer(text):
        if _SAYS.match(text, match.end()):
            speakers.add(_bare(match[0]))
        elif not _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
            found.add(_bare(match[0]))
    return found, speakers


def _words(texts: list[str], *, lower_only: bool = False) -> set[str]:
    return {
        _bare(word)
        for text in texts
        for word in _WORD.findall(text)
        if not lower_only or word.islower()
    }


def ending_only_names(outline: Outline, film: str, people: list[str]) -> set[str]:
    """Names the ending's sections use that the recap, the lede, the title, the credits and
    the sources never do, nor anyone who speaks in the article."""
    recap = outline.sections.get(SectionKind.RECAP)
    if recap is None:
        return set()
    told = [
        *recap.paragraphs,
        *(part for item in recap.items for part in (item.heading, *item.paragraphs)),
    ]
    if sum(len(text) for text in told) < _MIN_RECAP_CHARACTERS:
        return set()
    in_recap = sum(len(_names(text)[0]) for text in told)
    if in_recap > _MAX_NAME_SHARE * len(_words(told)):
        return set()
    ending: set[str] = set()
    speaking: set[str] = set()
    every: list[str] = []
    for section in outline.sections.values():
        texts = [
            *section.paragraphs,
            *(part for item in section.items for part in (item.heading, *item.paragraphs)),
        ]
        every += texts
        for text in texts:
            names, speakers = _names(text)
            speaking |= speakers
            if section.kind in _ENDING_KINDS:
                ending |= names
    known = _words([*told, *outline.intro, film, *people]) | _words(every, lower_only=True)
    return ending - speaking - known


def keep_ending_names_at_the_ending(outline: Outline, film: str, people: list[str]) -> int:
    """Themes and symbols that name what only the ending names, at the ending level (their
    headings too, when they name it); a paragraph of such a section's own text in bars. The
    number of parts raised, for the review notes."""
    names = ending_only_names(outline, film, people)
    if not names:
        return 0
    raised = 0

    def names_one(text: str) -> bool:
        return not names.isdisjoint(_bare(word) for word in _WORD.findall(text))

    for kind in _CHECKED_KINDS:
        section = outline.sections.get(kind)
        if section is None:
            continue
        for item in section.items:
            if names_one(item.heading):
                item.heading_tells_ending = True
            if item.heading_tells_ending or any(names_one(p) for p in item.paragraphs):
                raised += not item.tells_ending
                item.tells_ending = True
        for index, paragraph in enumerate(section.paragraphs):
            if names_one(paragraph) and "||" not in paragraph:
                section.paragraphs[index] = behind_bars(paragraph)
                raised += 1
    return raised
