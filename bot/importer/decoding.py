"""Turn the uploaded bytes into article text, refusing anything that is not a text article."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from bot.content.film_file import MAX_FILE_BYTES, MAX_FILE_SIZE, ContentError, Problem
from bot.file_kinds import binary_kind

# Control characters other than tab, newline and carriage return do not occur in articles; a file
# with more than a few of them is an image, a PDF or a word-processor file renamed to .txt.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}
_MAX_CONTROL_RATIO = 0.01
# Characters that print as nothing but break words apart: direction marks copied with a page
# title ("\u200eMulholland Drive"), zero-width spaces, soft hyphens, word joiners, a stray BOM.
# Zero-width (non-)joiners are left alone: some scripts spell with them.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# A Western text saved as "ANSI" (Windows-1252) has its accents and curly quotes one byte each,
# here and there. Runs of high bytes, or many of them, are another script in another code page,
# which Windows-1252 would turn into nonsense: those files are refused.
_HIGH_RUN = re.compile(rb"[\x80-\xff]{4,}")
_MAX_HIGH_RATIO = 0.05


@dataclass(frozen=True)
class DecodedArticle:
    text: str
    # How the bytes were read when that was a guess, for the reviewer; None for UTF-8.
    note: str | None = None


def fail(name: str, message: str) -> ContentError:
    """The one way the importer reports an unusable article."""
    return ContentError([Problem(name, None, "", message)])


def decode_article(data: bytes, name: str) -> DecodedArticle:
    """The article's text with a byte-order mark and invisible marks dropped and line ends made
    ``\\n``. UTF-8 is expected; a Western "ANSI" text is read as Windows-1252, and UTF-16 or
    UTF-32 with a byte-order mark as what the mark says, each with a note."""
    if len(data) > MAX_FILE_BYTES:
        raise fail(name, f"is larger than {MAX_FILE_SIZE}; save only the article itself")
    if not data.strip():
        raise fail(name, "is empty")
    unicode = _marked_unicode(data, name)
    if unicode is not None:
        return unicode
    kind = binary_kind(data)
    if kind is not None:
        raise fail(
            name, f"is binary data ({kind}), not a text, Markdown or HTML article; {_SAVE_AS_TEXT}"
        )
    if _unmarked_utf16(data):
        raise fail(name, "is UTF-16 text without a byte-order mark; save it again as UTF-8")
    if b"\x00" in data:
        raise fail(name, f"is binary data, not a text, Markdown or HTML article; {_SAVE_AS_TEXT}")
    note = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data)
        if declared is not None:
            text, label = declared
            note = f"the file is not UTF-8: it was read as {label}, as its <meta> declares"
            return _checked(text, note, name)
        text = _windows_1252(data)
        if text is None:
            message = f"is not UTF-8 text (bad byte at offset {exc.start}); save it again as UTF-8"
            raise fail(name, message) from exc
        note = (
            "the file is not UTF-8: it was read as Windows-1252 (Western); check accented "
            "letters and quotation marks"
        )
    return _checked(text, note, name)


def _checked(text: str, note: str | None, name: str) -> DecodedArticle:
    control = sum(1 for char in text if char in _CONTROL)
    if control > max(3, len(text) * _MAX_CONTROL_RATIO):
        raise fail(name, f"is binary data, not a text, Markdown or HTML article; {_SAVE_AS_TEXT}")
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    if _ONLY_ADDRESSES.fullmatch(text):
        # The importer reads what it is given and fetches nothing from the network.
        raise fail(
            name,
            "holds only a web address, not the article; open the page, save it (Save Page As… "
            "HTML, or copy its text into a .txt file) and import that file",
        )
    return DecodedArticle(text, note)


_SAVE_AS_TEXT = "save the article as .html, .md or .txt (or copy its text into a .txt file)"
_ONLY_ADDRESSES = re.compile(r"\s*(?:<?https?://\S+>?\s*)+")


# Notepad's "Unicode", Excel's "Unicode Text" and PowerShell 5's Out-File write UTF-16 with a
# byte-order mark; the mark names the encoding, so nothing is guessed. UTF-32 is checked first:
# its little-endian mark begins with UTF-16's.
_UNICODE_MARKS = [
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
]


def _marked_unicode(data: bytes, name: str) -> DecodedArticle | None:
    for mark, codec, label in _UNICODE_MARKS:
        if data.startswith(mark):
            try:
                text = data[len(mark) :].decode(codec)
            except UnicodeDecodeError as exc:
                message = f"is not valid {label} text (bad bytes at offset {exc.start})"
                raise fail(name, f"{message}; save it again as UTF-8") from exc
            note = f"the file is {label} ({codec}, from its byte-order mark), not UTF-8"
            return _checked(text, note, name)
    return None


def _unmarked_utf16(data: bytes) -> bool:
    """Mostly ASCII written two bytes a character: every other byte is zero."""
    sample = data[:2000]
    if len(sample) < 8:
        return b"\x00" in sample
    zeros = [sample[offset::2].count(0) for offset in (0, 1)]
    return max(zeros) * 4 > len(sample) * 3 // 2 and min(zeros) * 10 < len(sample) // 2


# A saved page names its code page in its head: <meta charset="windows-1251">, or
# <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">.
_META_CHARSET = re.compile(
    rb"<meta\b[^>]{0,200}?\bcharset\s*=\s*[\"']?(?P<name>[\w.:-]{2,40})", re.I
)
_HEAD_BYTES = 4096
# The code pages web pages are saved in (Python's names for them), and no other: not UTF-7, and
# not a codec that turns text into other text ("unicode_escape", "rot13").
_WEB_CODEC = re.compile(
    r"cp12[05]\d|cp874|cp866|iso8859-\d{1,2}|koi8-[ru]|mac-[\w-]+|shift_jis|euc_jp|iso2022_jp"
    r"|euc_kr|gb2312|gbk|gb18030|big5|big5hkscs|tis-620|latin-1|ascii"
)


def _declared_charset(data: bytes) -> tuple[str, str] | None:
    """The text of an HTML page that is not UTF-8, read in the code page its <meta> declares
    (as browsers do, "iso-8859-1" and "ascii" as Windows-1252), and that code page's name; None
    when it declares none, one Python does not know, UTF-8 or UTF-16, or the bytes do not fit it."""
    match = _META_CHARSET.search(data[:_HEAD_BYTES])
    if match is None:
        return None
    label = match["name"].decode("ascii", "replace")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if not _WEB_CODEC.fullmatch(codec):
        return None  # UTF-8 or UTF-16 (not this file), UTF-7, or no code page pages use
    if codec in {"latin-1", "iso8859-1", "ascii"}:
        codec, label = "cp1252", "Windows-1252"
    try:
        return data.decode(codec), label
    except UnicodeDecodeError:
        return None


def _windows_1252(data: bytes) -> str | None:
    high = sum(1 for byte in data if byte >= 0x80)
    if high > len(data) * _MAX_HIGH_RATIO or _HIGH_RUN.search(data):
        return None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: no Windows-1252 text has them
