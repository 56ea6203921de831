"""Turn the uploaded bytes into article text, refusing anything that is not a text article."""

from __future__ import annotations

from bot.content.film_file import MAX_FILE_BYTES, MAX_FILE_SIZE, ContentError, Problem

# Control characters other than tab, newline and carriage return do not occur in articles; a file
# with more than a few of them is an image, a PDF or a word-processor file renamed to .txt.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}
_MAX_CONTROL_RATIO = 0.01


def fail(name: str, message: str) -> ContentError:
    """The one way the importer reports an unusable article."""
    return ContentError([Problem(name, None, "", message)])


def decode_article(data: bytes, name: str) -> str:
    """The article's text with a UTF-8 byte-order mark dropped and line ends made ``\\n``."""
    if len(data) > MAX_FILE_BYTES:
        raise fail(name, f"is larger than {MAX_FILE_SIZE}; save only the article itself")
    if not data.strip():
        raise fail(name, "is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(name, "is UTF-16 text, not UTF-8; save it again as UTF-8")
    if b"\x00" in data:
        raise fail(name, "is binary data, not a text, Markdown or HTML article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(name, f"is not UTF-8 text (bad byte at offset {exc.start})") from exc
    control = sum(1 for char in text if char in _CONTROL)
    if control > max(3, len(text) * _MAX_CONTROL_RATIO):
        raise fail(name, "is binary data, not a text, Markdown or HTML article")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
