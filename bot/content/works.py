"""A film's identity: the work a stored film is a version of, and compact keys for buttons.

Every version of a film (the global one, a server's own copy) is the same *work*: opt-ins,
embargoes and "seen" marks attach to it, so whichever copy a server shows, they cover it. The work
is named by a slug made from the title and year that is distinct for titles in any script, and is
never a database row id (SQLite may give a deleted row's id to the next film).
"""

from __future__ import annotations

import hashlib
import unicodedata

from bot.confusables import LATIN_TWINS
from bot.lookalikes import LOOKALIKES
from bot.spoiler_policy.markup import DRAWN_AS_NOTHING

MAX_WORK_CHARS = 140


def work_slug(title: str, year: int) -> str:
    """``"la-la-land-2016"``; accents fold to ASCII, other scripts are kept as they are.

    Latin titles keep the slugs they always had; a title in any other script keeps its letters
    (casefolded), so two different titles never share a slug. A title with no letters or digits at
    all is named by a hash of its text.

    A title is named as it reads: a character drawn as nothing (a soft hyphen, a joiner, a
    byte-order mark: pasted from a web page with the title) is no break between words, and a
    word of a Latin title whose letters are all drawn as Latin ones (Unicode's confusables
    skeleton, UTS #39: "Hеron" with a Cyrillic "е", "Ꮋeron" with a Cherokee "Ꮋ") is the Latin
    word it is drawn as. A title with no Latin letter (Река, Ποταμός, 河) keeps its own.
    Otherwise a server's copy titled so was another film to the embargoes, hides and "seen"
    marks of the film every reader takes it for.
    """
    read = DRAWN_AS_NOTHING.sub("", title) if not title.isascii() else title
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFKD", read):
        if unicodedata.combining(char):
            continue  # the accent of a decomposed letter: "é" is "e"
        if char.isalnum():
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    latin = not read.isascii() and any(_is_latin(char) for word in words for char in word)
    words = [_as_read(word) if latin else _casefolded(word) for word in words]
    name = "-".join(words)
    if not name:
        digest = hashlib.blake2b(unicodedata.normalize("NFC", title).encode(), digest_size=6)
        name = f"film-{digest.hexdigest()}"
    suffix = f"-{year}"
    return name[: MAX_WORK_CHARS - len(suffix)].rstrip("-") + suffix


_AS_LATIN: dict[int, str] = {**LATIN_TWINS, **{k: chr(v) for k, v in LOOKALIKES.items()}}
"""Every character Unicode's confusables skeleton reads as a Latin letter or digit (and the
look-alikes read so before it, whose works stay named as they were)."""


def _is_latin(char: str) -> bool:
    """A Latin letter (digits are every script's)."""
    return char.isalpha() and (char.isascii() or unicodedata.name(char, "").startswith("LATIN "))


def _casefolded(word: str) -> str:
    return (
        word.lower()
        if word.isascii()
        else "".join(char.casefold() if not char.isascii() else char.lower() for char in word)
    )


def _latin_twin(char: str) -> str:
    """``char`` as the Latin letter it is drawn as, by itself or by its lower case; else as it
    is (casefolded)."""
    if char.isascii():
        return char.lower()
    twin = _AS_LATIN.get(ord(char))
    if twin is not None:
        return twin.lower()
    return "".join(_AS_LATIN.get(ord(low), low).lower() for low in char.casefold())


def _as_read(word: str) -> str:
    """A word of a Latin title as the Latin word it is drawn as, when every letter of it is
    drawn as a Latin one ("Hеron" with a Cyrillic "е", "Ꮋeron" with a Cherokee "Ꮋ"); a word
    with a letter of its own script ("Река" beside a Latin word) as it is."""
    if word.isascii():
        return word.lower()
    folded = "".join(_latin_twin(char) for char in word)
    return folded if folded.isascii() else _casefolded(word)


def film_key(guild_id: int, work: str) -> str:
    """A short, fixed-length name for one server's (or the global) version of a work.

    Buttons carry it instead of a row id: it names the same content in every process and after
    any restart, is never reused for other content, and fits Discord's 100-character custom ids.
    """
    digest = hashlib.blake2b(f"{guild_id}/{work}".encode(), digest_size=8).digest()
    return _base32(digest)


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
"""RFC 4648's base32 alphabet, lower case."""
_BASE32_PAIRS = tuple(first + second for first in _BASE32 for second in _BASE32)
"""Every 10 bits as their two letters."""


def _base32(digest: bytes) -> str:
    """An 8-byte digest in lower-case base32 without padding, as
    ``base64.b32encode(digest).decode().rstrip("=").lower()`` writes it: 13 letters, the 64
    bits then one zero bit. ``base64`` does it in Python, 5-10 µs a key, paid for every film a
    keystroke shows for the first time (its choice's value); this is a tenth of that."""
    bits = int.from_bytes(digest, "big") << 1
    pairs = _BASE32_PAIRS
    return (
        pairs[bits >> 55]
        + pairs[(bits >> 45) & 1023]
        + pairs[(bits >> 35) & 1023]
        + pairs[(bits >> 25) & 1023]
        + pairs[(bits >> 15) & 1023]
        + pairs[(bits >> 5) & 1023]
        + _BASE32[bits & 31]
    )


REVISION_CHARS = 12


def revision(content_hash: str) -> str:
    """The content revision a button was made from: changed content never matches it."""
    return content_hash[:REVISION_CHARS]
