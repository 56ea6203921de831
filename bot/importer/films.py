"""An article that explains several films (a franchise's or a trilogy's endings, one part per
film): each part is one film's content, so one film is imported at a time."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from bot.importer.blocks import Block
from bot.importer.decoding import fail
from bot.importer.formats import ParsedArticle
from bot.importer.identity import may_tell

# A heading that is a film and its year and nothing more: "Before Sunset (2004)", "2. Alien
# (1979)", "Part one: The Godfather (1972)".
_FILM_HEADING = re.compile(
    r"^(?:(?:part \w+|#?\d{1,2})\s*[.):–—-]?\s+)?(?P<title>[^()\n]{1,80}?)\s*"
    r"\((?P<year>(?:18|19|20)\d\d)\)\s*[.:]?$",
    re.I,
)
_MIN_FILMS = 2
_MAX_LISTED = 8
# The films' parts must hold at least two thirds of the article's words.
_PARTS_SHARE, _PARTS_SHARE_OF = 3, 2


@dataclass(frozen=True)
class FilmPart:
    title: str
    year: int | None
    # Where the part's heading is, and where the part ends (the next film's heading).
    start: int
    stop: int


def film_parts(blocks: list[Block]) -> list[FilmPart]:
    """The parts of an article that are one film each: two or more headings at one depth that
    are each a different dated film title. Fewer is an article about one film."""
    found: list[tuple[int, str, int]] = []
    depth: int | None = None
    for index, block in enumerate(blocks):
        if not block.is_heading:
            continue
        match = _FILM_HEADING.match(block.text.strip())
        if match is None:
            continue
        if found and block.level != depth:
            continue
        depth = block.level
        found.append((index, match["title"].strip(" \"'“”‘’«»"), int(match["year"])))
    if len({_fold(title) for _, title, _ in found}) < _MIN_FILMS:
        found = _parallel_parts(blocks)
    if len({_fold(title) for _, title, _ in found}) < _MIN_FILMS:
        return []
    parts: list[FilmPart] = []
    for position, (index, title, year) in enumerate(found):
        stop = found[position + 1][0] if position + 1 < len(found) else _part_end(blocks, index)
        parts.append(FilmPart(title, year, index, stop))
    # Each film's part has text of its own. Dated lines one after another with nothing between
    # them ("Sources: / McQuarrie interview, Empire (2015) / Singer commentary, MGM DVD (1999)",
    # a filmography) are a list inside one film's article, not parts about several films.
    with_text = [
        part
        for part in parts
        if any(not block.is_heading for block in blocks[part.start + 1 : part.stop])
    ]
    if len({_fold(part.title) for part in with_text}) < _MIN_FILMS:
        return []
    # "If you liked it, watch these": dated films heading a box of recommendations at the end
    # of one film's explainer are a small part of it; a franchise's parts are most of it.
    words = [len(block.text.split()) for block in blocks]
    covered = sum(sum(words[part.start : part.stop]) for part in parts)
    if covered * _PARTS_SHARE < sum(words) * _PARTS_SHARE_OF:
        return []
    return parts


# A sub-heading that names an ending ("How it ends", "The ending", "Fin"): one film has one.
_ENDING_LABEL = re.compile(r"\b(?:end|ends|ending|endings|finale|fin|final scene)\b", re.I)
_MIN_LABELS = 2


def _parallel_parts(blocks: list[Block]) -> list[tuple[int, str, int | None]]:
    """Undated parts of a comparison ("The Witch" and "The Lighthouse", each over "Before the
    end" and "How it ends"): sibling headings over the same sub-headings, an ending among them.
    A film has one ending, so each such part is a film of its own; its year is the one the
    article gives beside its title ("The Lighthouse in 2019", "The Witch (2015)"), if any."""
    text = "\n".join(block.text for block in blocks)
    by_labels: dict[tuple[str, ...], list[int]] = {}
    for index, block in enumerate(blocks):
        if not block.is_heading or block.level is None:
            continue
        labels: list[str] = []
        for below in blocks[index + 1 :]:
            if below.is_heading and (below.level or 0) <= block.level:
                break
            if below.is_heading and below.level == block.level + 1:
                labels.append(_fold(below.text))
        if len(labels) >= _MIN_LABELS and any(_ENDING_LABEL.search(label) for label in labels):
            by_labels.setdefault((str(block.level), *labels), []).append(index)
    heads = max(by_labels.values(), key=len, default=[])
    if len(heads) < _MIN_FILMS:
        return []
    return [
        (index, blocks[index].text.strip(), _year_beside(text, blocks[index].text.strip()))
        for index in heads
    ]


def _year_beside(text: str, title: str) -> int | None:
    match = re.search(
        rf"(?<!\w){re.escape(title)}\W{{1,3}}(?:in |from |\()?((?:18|19|20)\d\d)\b", text
    )
    return int(match.group(1)) if match else None


def _part_end(blocks: list[Block], index: int) -> int:
    """The last film's part runs to a heading shallower than its own, or to the end."""
    level = blocks[index].level
    for position in range(index + 1, len(blocks)):
        block = blocks[position]
        if block.is_heading and level is not None and (block.level or level) < level:
            return position
    return len(blocks)


def one_film(
    article: ParsedArticle, name: str, title: str | None, year: int | None
) -> tuple[ParsedArticle, str | None, int | None]:
    """The article cut to the part about one film when it explains several: the part whose
    film is ``title`` (the admin's choice) or the one the headline names. Several films and no
    way to choose is an error that lists them."""
    parts = film_parts(article.blocks)
    if not parts:
        return article, title, year
    wanted = [_fold(title)] if title else [_fold(hint) for hint in article.title_hints]
    if not title:
        wanted += [_fold(b.text) for b in article.blocks[: parts[0].start] if b.level == 1]
    chosen = [part for part in parts if _fold(part.title) in wanted] or [
        part for part in parts if any(_names(hint, part.title) for hint in wanted)
    ]
    if len(chosen) > 1:
        # "Dune: Part Two ending explained" over "Dune (2021)" and "Dune: Part Two (2024)": the
        # fullest title the headline names, when the others are only names inside it. A
        # headline naming two films ("Raw and Titane") chooses neither.
        longest = max(chosen, key=lambda part: len(part.title))
        if all(_names(_fold(longest.title), part.title) for part in chosen):
            chosen = [longest]
    if len(chosen) != 1:
        # A part's heading is named only when it reads as a film's title: one that may tell
        # the story ("Malcolm Is Dead") is the article's text, and an error is read before
        # anyone chose to read the article. The admin finds it in their own file.
        telling = [part for part in parts if may_tell(part.title)]
        named = [part for part in parts if part not in telling][:_MAX_LISTED]
        pieces = [
            ", ".join(
                part.title if part.year is None else f"{part.title} ({part.year})" for part in named
            )
        ]
        if more := len(parts) - len(named) - len(telling):
            pieces.append(f"{more} more")
        if telling:
            one = len(telling) == 1
            pieces.append(
                f"{len(telling)} under {'a heading' if one else 'headings'} that may give"
                f" {'its story' if one else 'their stories'} away"
            )
        listed = " and ".join(piece for piece in pieces if piece)
        raise fail(
            name,
            f"explains {len(parts)} films ({listed}): import one film at a time; keep only the"
            " part about the film you want (its heading and the text under it) and import that",
        )
    part = chosen[0]
    # The part's heading is its headline; the other films' parts are not this film's content.
    # What comes before the first part (an introduction to them all) is kept as its lede.
    before = article.blocks[: parts[0].start]
    intro = [block for block in before if not block.is_heading]
    body = article.blocks[part.start + 1 : part.stop]
    headline = replace(article.blocks[part.start], level=1)
    shifted = [_raised(block, article.blocks[part.start].level) for block in body]
    # The whole article's headline ("The Before Trilogy Endings Explained") still says what kind
    # of article this is; the film is the part's.
    hints = [*article.title_hints, *(block.text for block in before if block.is_heading)]
    cut = replace(article, blocks=[headline, *intro, *shifted], title_hints=hints)
    return cut, title or part.title, year if year is not None else part.year


def _raised(block: Block, depth: int | None) -> Block:
    """A part's sub-headings one step up, as if the part were an article of its own."""
    if not block.is_heading or depth is None or block.level is None or block.level <= depth:
        return block
    return replace(block, level=max(2, block.level - (depth - 1)))


def _names(text: str, title: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(_fold(title))}(?!\w)", text))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())
