"""How a member's spoiler reads once hidden: the author's name as a webhook may post under it,
the text and file names behind bars, neutral file names, embed pages for text that outgrows a
message, and a thread title that repeats the hidden words.
"""

from __future__ import annotations

import itertools
import mimetypes
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from bot.catalog import FilmEntry
from bot.labels import bold_film_label
from bot.replies import Attachment, Colour, Embed, Reply
from bot.spoiler_policy.chunking import split_message
from bot.spoiler_policy.markup import (
    DRAWN_AS_NOTHING,
    escape_text,
    paragraph_breaks,
    truncate_plain,
    wrap,
)

EMBED_DESCRIPTION_LIMIT = 4096
"""An embed's description: it hides spoilers as message text does, and holds twice as much."""
EMBEDS_PER_MESSAGE = 10
EMBEDS_TEXT_LIMIT = 6000
"""What a message's embeds hold together (a webhook's included)."""
SPOILER_PREFIX = "SPOILER_"


WEBHOOK_NAME_CHARS = 80
_WEBHOOK_BANNED_WORDS = re.compile(r"discord|clyde", re.IGNORECASE)
_WEBHOOK_BANNED_NAMES = frozenset({"everyone", "here", "system message"})


def webhook_username(name: str) -> str:
    """The author's name as a webhook may post under it. Discord refuses a webhook username
    containing "discord" (or "clyde"), that is "everyone", "here" or "system message", or
    that is empty once what it draws as nothing is trimmed: reposting as such a member would
    fail, and their spoiler would stay in the open. The word keeps its look: "Disc0rd",
    "C1yde"."""
    name = truncate_plain(DRAWN_AS_NOTHING.sub("", name), WEBHOOK_NAME_CHARS).strip()
    name = _WEBHOOK_BANNED_WORDS.sub(
        lambda word: (
            word[0].replace("o", "0").replace("O", "0").replace("l", "1").replace("L", "1")
        ),
        name,
    )
    if not name:
        return "member"
    if name.casefold() in _WEBHOOK_BANNED_NAMES:
        return f"{name} (member)"
    return name


NAME_WITHHELD = "member (name hidden: it tells an ending)"
"""The name a repost goes up under when its author's gives away an ending it hides."""

RETITLED = "Spoiler discussion"
"""A thread's neutral title once the title it had repeated a hidden message's words."""
THREAD_TITLE_LIMIT = 100


def echoes(title: str, text: str) -> bool:
    """Whether ``title`` repeats words of ``text``: its words, in order and side by side, are
    words of ``text``, the last perhaps cut short (Discord titles a thread made from a message
    with its opening, cut at a length, not between words)."""
    said, titled = _words(text), _words(title)
    if not titled:
        return False
    *whole, last = titled
    return any(
        said[start : start + len(whole)] == whole and said[start + len(whole)].startswith(last)
        for start in range(len(said) - len(whole))
    )


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """Words as a reader reads them (``guard.as_read``: what is drawn as nothing does not part
    them, look-alike and styled letters are plain ones)."""
    from bot.features.spoiler.guard import as_read  # the guard imports this module

    return _WORD.findall(as_read(text).casefold())


LABELLED_FILMS = 5
"""Films a spoiler's label names by title; more are counted ("and 2 other films")."""


@dataclass(frozen=True)
class LabelFilms:
    """The films a hidden spoiler is about: ``named`` on its label (the one it is about first,
    then those its author named in the open), and ``unnamed``, named only in words its author
    hid, which the label counts without naming ("…just like ||The Sixth Sense||": which film
    it is compared to is itself the spoiler)."""

    named: tuple[FilmEntry, ...]
    unnamed: tuple[FilmEntry, ...] = ()

    @property
    def about(self) -> FilmEntry | None:
        """The film named first: what a log line or note names the spoiler by."""
        return self.named[0] if self.named else None

    @property
    def every(self) -> tuple[FilmEntry, ...]:
        return self.named + self.unnamed


def films_to_label(
    first: FilmEntry | None,
    named: Callable[[str], Sequence[FilmEntry]],
    shown: Iterable[str],
    hidden: Iterable[str],
) -> LabelFilms:
    """``first`` (the film a post or hide is about), then every other film the texts name, as
    readers read them (``named``: the server's film mentions), each once, in order: those of
    ``shown`` (what its author showed everyone) named, the rest of ``hidden`` counted."""
    from bot.features.spoiler.guard import as_read  # the guard imports this module

    def each(texts: Iterable[str]) -> dict[str, FilmEntry]:
        found: dict[str, FilmEntry] = {}
        for text in texts:
            if text.strip():
                for film in named(as_read(text)):
                    found.setdefault(film.work, film)
        return found

    open_ = ({first.work: first} if first is not None else {}) | each(shown)
    unnamed = [film for work, film in each(hidden).items() if work not in open_]
    return LabelFilms(tuple(open_.values()), tuple(unnamed))


def spoiler_label(films: LabelFilms) -> str:
    """The plain line over a hidden spoiler, which a reader decides by whether to click: it
    names the films its words are about and counts those named only behind its author's bars.
    One film named over another film's ending would have a reader who saw that one read the
    other's."""
    shown = films.named[:LABELLED_FILMS]
    more = len(films.every) - len(shown)
    others = f"{more} other film{'s' if more > 1 else ''}"
    if not shown:
        return f"🔒 Spoiler about {others.replace('other ', '')}" if more else "🔒 Spoiler"
    label = ", ".join(bold_film_label(film) for film in shown)
    return f"🔒 Spoiler: {label}" + (f" and {others}" if more else "")


def hidden_text(text: str) -> str:
    """A member's text, made inert and hidden behind bars (empty text stays empty)."""
    return wrap(escape_text(text)) if text.strip() else ""


# Media kinds Python's own table lacks, kept so Discord still plays them under a neutral name.
_MORE_MEDIA = frozenset({".ogg", ".opus", ".m4a", ".flac", ".mkv", ".avif", ".heic"})
_KNOWN_SUFFIXES = (
    frozenset(mimetypes.MimeTypes(filenames=()).types_map[True])
    | frozenset(mimetypes.MimeTypes(filenames=()).types_map[False])
    | _MORE_MEDIA
)
"""File kinds a neutral name keeps (Python's built-in table, not the machine's, so every
process names a file alike): a kind is a format's name, never words a member chose."""


def neutral_filename(name: str, number: int) -> str:
    """The name a member's file is posted or reposted under: ``SPOILER_fileN``, with its kind
    when that is a known one (so Discord still shows the image or plays the video).

    Discord shows a file's name in plain text, spoiler or not, and a member's name for a file
    can state the ending ("mia-marries-greg.png"): the name goes behind bars in the text
    instead (``files_line``), and a hide keeps it for Undo.
    """
    suffix = PurePosixPath(name).suffix.lower()
    return f"{SPOILER_PREFIX}file{number}{suffix if suffix in _KNOWN_SUFFIXES else ''}"


def files_line(names: Sequence[str], alts: Sequence[str] = ()) -> str:
    """The files' own names, each behind spoiler bars, with its alt text behind bars too
    (``alts``, by file; a neutral file's own alt text could not hide it): the last line of a
    post or repost."""
    return "📎 " + " ".join(file_parts(names, alts)) if names else ""


def file_parts(names: Sequence[str], alts: Sequence[str] = ()) -> list[str]:
    """Each file's part of ``files_line``: its name and alt text, each behind bars."""
    return [
        hidden_text(name) + (f" (alt text: {hidden_text(alt)})" if alt.strip() else "")
        for name, alt in itertools.zip_longest(names, alts[: len(names)], fillvalue="")
    ]


def hidden_pieces(text: str) -> list[tuple[str, str]]:
    """``hidden_text(text)`` as pieces that each hold their own bars, with the gap before
    each: its paragraphs, and one that outgrows an embed cut between words, each part hidden on
    its own (escaping works character by character, and a link holds no space, so the parts
    hide exactly what the whole would)."""
    raw: list[str] = []
    pos = 0
    for start, end in paragraph_breaks(text):
        raw.append(text[pos:start])
        pos = end
    raw.append(text[pos:])
    pieces: list[tuple[str, str]] = []
    for paragraph in raw:
        shown = hidden_text(paragraph)
        parts = [shown] if len(shown) <= EMBED_DESCRIPTION_LIMIT else _cut(paragraph)
        pieces += [(part, "\n\n" if index == 0 else " ") for index, part in enumerate(parts)]
    return [(piece, gap) for piece, gap in pieces if piece]


_BETWEEN_WORDS = re.compile(r"(\s+)")
_CUT_ROOM = 16
"""Characters kept free in each cut part for its bars and what escaping a part on its own may
add at its start (a list marker's escape)."""


def _cut(paragraph: str) -> list[str]:
    """``paragraph`` hidden in parts of whole words, each as long as an embed holds; a part
    still too long (one word) is left so, and the repost refused."""
    parts: list[str] = []
    words: list[str] = []
    size = 0
    for token in _BETWEEN_WORDS.split(paragraph):
        cost = len(escape_text(token))
        if words and size + cost > EMBED_DESCRIPTION_LIMIT - _CUT_ROOM and not token.isspace():
            parts.append(hidden_text("".join(words)))
            words, size = [], 0
        if words or not token.isspace():
            words.append(token)
            size += cost
    parts.append(hidden_text("".join(words)))
    return parts


def embed_pages(
    pieces: Sequence[tuple[str, str]], title: Callable[[int, int], str] | None = None
) -> tuple[str, ...] | None:
    """Wrapped pieces (each with the gap that comes before it) packed in order into embed
    descriptions, cut only between pieces (each holds its own bars: cut inside one, its text
    would be left outside them); None if they cannot fit in one message's embeds, whose total
    counts each page's ``title`` (by its number and the count) too."""
    pages: list[str] = []
    for piece, gap in pieces:
        if pages and len(pages[-1]) + len(gap) + len(piece) <= EMBED_DESCRIPTION_LIMIT:
            pages[-1] += gap + piece
        elif len(piece) <= EMBED_DESCRIPTION_LIMIT:
            pages.append(piece)
        else:
            return None
    titles = sum(len(title(n, len(pages))) for n in range(1, len(pages) + 1)) if title else 0
    if len(pages) > EMBEDS_PER_MESSAGE or sum(map(len, pages)) + titles > EMBEDS_TEXT_LIMIT:
        return None
    return tuple(pages)


LEFT_OUT = (
    "✂️ Too long to repost whole: the end of it is left out here (a moderator's Undo puts"
    " the message back as it was written, where Discord lets a message hold it)."
)
"""Said under a hide's repost cut to what one message holds (``fitted_pages``)."""
_PAGE_MIN = 100
"""Room below which the rest of a page is left empty rather than filled with a scrap."""


def fitted_pages(pieces: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """As many of ``pieces`` (as ``embed_pages`` takes them) as one message's embeds hold, in
    order, the piece that overflows cut between words (``split_message`` keeps the part shown
    behind its own bars), for a message whose hidden form no message holds: escaping doubles
    markdown, and ten files' alt texts or a feed's embeds outgrow a message's 6,000 characters
    of embeds. A hide must never leave such a message in the open for want of room. Whatever
    is left out comes after everything shown."""
    pages: list[str] = []
    total = 0
    for piece, gap in pieces:
        added = len(gap) + len(piece)
        if (
            pages
            and len(pages[-1]) + added <= EMBED_DESCRIPTION_LIMIT
            and total + added <= EMBEDS_TEXT_LIMIT
        ):
            pages[-1] += gap + piece
            total += added
            continue
        room = min(EMBED_DESCRIPTION_LIMIT, EMBEDS_TEXT_LIMIT - total)
        if len(pages) == EMBEDS_PER_MESSAGE or room < _PAGE_MIN:
            break
        if len(piece) <= room:
            pages.append(piece)
            total += len(piece)
            continue
        pages.extend(split_message(piece, room)[:1])
        break
    return tuple(pages)


def page_title(number: int, count: int) -> str:
    """A ``/spoiler post`` page's title (plain text: nothing of the member's)."""
    return f"🔒 Spoiler ({number}/{count})" if count > 1 else "🔒 Spoiler"


def with_files(content: str, names: Sequence[str], alts: Sequence[str] = ()) -> str:
    return f"{content}\n{files_line(names, alts)}" if names else content


def posted(content: str, pages: tuple[str, ...], attachment: Attachment | None) -> Reply:
    """The post: ``pages``, when the hidden text outgrew ``content``, as embeds (then not
    suppressed, which would drop them too; ``content`` then holds no link of the member's)."""
    files = (
        (Attachment(neutral_filename(attachment.filename, 1), attachment.data),)
        if attachment is not None
        else ()
    )
    embeds = tuple(
        Embed(
            title=page_title(number, len(pages)),
            description=page,
            colour=Colour.SPOILER,
        )
        for number, page in enumerate(pages, start=1)
    )
    return Reply(content=content, embeds=embeds, attachments=files, suppress_embeds=not embeds)
