"""Director and cast, when the article states them in the usual encyclopaedic phrasing.

Director and cast are public: ``/film info`` shows them to everyone, in every channel. So they
are taken only from the paragraph that introduces the film ("Arrival is a 2016 drama directed
by Denis Villeneuve. It stars Amy Adams…"), never from the discussion of its plot or ending,
where "directed by" or "starring" can name the twist ("the whole nightmare was directed by
his own brother, Conrad Van Orton"). Every credit phrase anywhere still names the film's
people for attributions (``people``), which nobody reads as a credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importer.blocks import Block
from bot.importer.classify import named_kind
from bot.importer.level_guesses import discusses_ending, gives_away
from bot.importer.sources import NAME
from bot.levels import SectionKind

_FULL_NAME = rf"(?:{NAME})"
_NAME_LIST = rf"{_FULL_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_FULL_NAME})*"
_DIRECTOR = re.compile(rf"\b(?:written and directed|directed|helmed) by (?P<name>{NAME})")
_CAST = re.compile(
    rf"\b(?:stars|starring|co-stars|supporting cast (?:includes|features)) (?P<names>{_NAME_LIST})"
)
_QUOTES = "*_\"'“”‘’«»"
_FILM_WORDS = (
    r"\b(?:film|movie|picture|feature|documentary|drama|thriller|comedy|musical|horror|western"
    r"|animation|animated|romance|mystery|satire|fantasy|science[- ]fiction|sci-fi|noir"
    r"|melodrama|epic)\b"
)
_ENDING_KINDS = frozenset({SectionKind.QUICK_ANSWER, SectionKind.ENDING, SectionKind.FINAL_SHOT})


@dataclass(frozen=True)
class Credits:
    # Public: from the film's introduction only.
    director: str | None = None
    cast: list[str] = field(default_factory=list)
    # Everyone a credit phrase names anywhere in the article, for attributions alone.
    named_director: str | None = None
    named_cast: list[str] = field(default_factory=list)

    @property
    def people(self) -> list[str]:
        director = self.named_director
        return [director, *self.named_cast] if director else list(self.named_cast)


def find_credits(blocks: list[Block], film: str | None = None) -> Credits:
    """The credits each passage states; the public ones (``director``, ``cast``) only from a
    passage that introduces ``film`` (the film's title) as a film, says nothing of its ending
    and stands under no heading of an ending section ("The ending", "Quick answer")."""
    named_director, named_cast = _credits(blocks)
    intro = _introductions(blocks, film)
    director, cast = _credits(intro)
    return Credits(director, cast, named_director, named_cast)


def _credits(blocks: list[Block]) -> tuple[str | None, list[str]]:
    director: str | None = None
    cast: list[str] = []
    for block in blocks:
        if director is None:
            match = _DIRECTOR.search(block.text)
            if match and len(match["name"].split()) >= 2:
                director = match["name"]
        for match in _CAST.finditer(block.text):
            for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", match["names"]):
                # One capitalised word is a character ("stars Mia"), not an actor's full name.
                if len(name.split()) >= 2 and name not in cast:
                    cast.append(name.strip())
    return director, cast[:50]


def _introductions(blocks: list[Block], film: str | None) -> list[Block]:
    """The paragraphs that introduce the film: a sentence of them says what the film is
    ("La La Land is a 2016 musical…"), and none of them tells or hints at the ending."""
    if not film or not film.strip():
        return []
    title = re.escape(" ".join(film.split())).replace(r"\ ", r"\s+")
    # "<Title> is a 2016 drama", "<Title> is a science-fiction heist film": what it is, as a
    # film, in the sentence's own words ("The Game is a trap: it was all directed by…" is not).
    introduces = re.compile(
        rf"(?:^|(?<=[.!?]\s))[{_QUOTES}]*{title}[{_QUOTES}]*\s*(?:\(\d{{4}}\)\s*)?"
        rf"(?:is|was)\s+(?:an?|the)\s[^.!?]*?(?:\b(?:18|19|20)\d\d\b|{_FILM_WORDS})",
        re.IGNORECASE,
    )
    found: list[Block] = []
    under_ending = False
    for block in blocks:
        if block.is_heading:
            under_ending = named_kind(block.text, film) in _ENDING_KINDS
            continue
        text = block.text
        if under_ending or discusses_ending(text) or gives_away(text):
            continue
        if introduces.search(text.strip()):
            found.append(block)
    return found
