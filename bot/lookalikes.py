"""Letters of other scripts drawn exactly as Latin ones, read as the Latin letters they look like.

Shared by the spoiler guard (a message disguised with them is read as written) and the film
catalog (a title typed with them, by a keyboard set to another script or pasted from "fancy
text", names the film it looks like).
"""

from __future__ import annotations

import re
import unicodedata

LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁԛԝһӏɡսոհАВЕКМНОРСТХУІЈЅԜҮοαινκρυτΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwhlgunhABEKMHOPCTXYIJSWYoaivkputABEZHIKMNOPTYX",
)
"""Cyrillic, Greek and other letters drawn exactly as Latin ones (Unicode's confusables for the
Latin alphabet): "mаrriеs" with Cyrillic а and е reads "marries"."""


def _small_capitals() -> dict[int, str]:
    """Latin small capitals ("ᴍɪᴀ ᴍᴀʀʀɪᴇꜱ", as "fancy text" generators write): drawn as the
    letters they are, with no NFKC form. Found by their Unicode names in the blocks that hold
    them, so none is left out."""
    found: dict[int, str] = {}
    for start, end in ((0x0180, 0x02B0), (0x1D00, 0x1DC0), (0xA720, 0xA800)):
        for code in range(start, end):
            named = re.fullmatch(
                r"LATIN LETTER SMALL CAPITAL ([A-Z])", unicodedata.name(chr(code), "")
            )
            if named:
                found[code] = named[1].lower()
    return found


SMALL_CAPITALS: dict[int, str] = _small_capitals()
"""Latin small capitals as the lower-case letters they are drawn as."""

_AS_LATIN: dict[int, int | str | None] = {**LOOKALIKES, **str.maketrans(SMALL_CAPITALS)}


def as_latin(text: str) -> str:
    """``text`` with styled and full-width letters plain (NFKC), and look-alike letters and
    small capitals as the Latin letters they are drawn as ("lа lа lаnd" with Cyrillic "а",
    "Ιnception" with a Greek capital iota). ``text`` itself where it is ASCII."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_AS_LATIN)
