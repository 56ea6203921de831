"""Turn the uploaded bytes into article text, refusing anything that is not a text article."""

from __future__ import annotations

import codecs
import itertools
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


def fail(name: str, message: str, line: int | None = None) -> ContentError:
    """The one way the importer reports an unusable article (at ``line`` when one is to blame)."""
    return ContentError([Problem(name, line, "", message)])


_SAVE_AS_UTF8 = (
    "open it in a text editor and save it again as UTF-8 (Notepad: File > Save as, Encoding"
    " UTF-8; TextEdit: Format > Make Plain Text, then save with Unicode (UTF-8))"
)


def _where(text: str, index: int) -> tuple[int, int]:
    """The line and column (from 1) of ``text[index]``, any line ending counted."""
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    before = text[:line_start]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, index - line_start + 1


def _not_read(name: str, label: str, text: str, index: int, byte: int | None) -> ContentError:
    """A refusal naming where the first character that is not ``label`` is, and what to do."""
    line, column = _where(text, index)
    what = f"a byte (0x{byte:02X})" if byte is not None else "bytes"
    return fail(
        name,
        f"is not {label} text: line {line}, column {column} holds {what} no {label} text has;"
        f" {_SAVE_AS_UTF8}",
        line,
    )


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
        return _utf16_without_a_mark(data, name)
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
        if text is not None:
            note = (
                "the file is not UTF-8: it was read as Windows-1252 (Western); check accented "
                "letters and quotation marks"
            )
            return _checked(text, note, name)
        mixed = _mostly_utf8(data)
        if mixed is None:
            seen = data.decode("utf-8", "surrogateescape")
            first = _ESCAPED.search(seen)
            index = first.start() if first else exc.start
            raise _not_read(name, "UTF-8", seen, index, data[exc.start]) from exc
        text, note = mixed
    return _checked(text, note, name)


# Bytes that are not UTF-8, as ``surrogateescape`` keeps them.
_ESCAPED = re.compile("[\udc80-\udcff]+")
# A few characters from an "ANSI" text pasted into a UTF-8 one (a quotation's curly quotes, an
# accent): single bytes, two or three side by side at most. Many, or longer runs, are another
# script in another code page (Shift-JIS, Windows-1251), which is refused.
_MAX_PASTED_RUN = 3
_MAX_PASTED = 64


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few Windows-1252 characters pasted in, each read as Windows-1252, and
    a note naming the first one's line; None when the bytes that are not UTF-8 are many."""
    text = data.decode("utf-8", "surrogateescape")
    runs = list(itertools.islice(_ESCAPED.finditer(text), _MAX_PASTED + 1))
    if len(runs) > _MAX_PASTED or any(len(run[0]) > _MAX_PASTED_RUN for run in runs):
        return None

    pasted = [bytes(ord(char) - 0xDC00 for char in run[0]) for run in runs]
    try:
        read = [raw.decode("cp1252") for raw in pasted]
    except UnicodeDecodeError:
        return None  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: no Windows-1252 text has them
    by_bytes = dict(zip(pasted, read, strict=True))

    def ansi(run: re.Match[str]) -> str:
        return by_bytes[bytes(ord(char) - 0xDC00 for char in run[0])]

    line, column = _where(text, runs[0].start())
    note = (
        f"the file is UTF-8 but for {len(runs)} character(s) saved in another encoding, read as"
        f" Windows-1252 (Western), the first on line {line}, column {column}; check them"
    )
    return _ESCAPED.sub(ansi, text), note


def _utf16_without_a_mark(data: bytes, name: str) -> DecodedArticle:
    """UTF-16 text saved without its byte-order mark, its byte order told by where the zero
    bytes of its ASCII characters stand ("A\\0": little-endian)."""
    sample = data[:2000]
    codec = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        seen = data[: exc.start - exc.start % 2].decode(codec, "replace")
        raise _not_read(name, "UTF-16", seen, len(seen), None) from exc
    note = f"the file is UTF-16 ({codec}, without a byte-order mark), not UTF-8"
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
                body = data[len(mark) :]
                width = 4 if label == "UTF-32" else 2
                seen = body[: exc.start - exc.start % width].decode(codec, "replace")
                raise _not_read(name, label, seen, len(seen), None) from exc
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
