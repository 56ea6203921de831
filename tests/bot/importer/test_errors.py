"""Unusable input is refused with a message that says what to do."""

from __future__ import annotations

import pytest

from bot.content import film_file
from bot.content.film_file import ContentError, parse_film_bytes
from bot.importer import import_article
from bot.importer.decoding import decode_article
from tests.bot.importer.helpers import all_text, import_fixture


def _message(data: bytes) -> str:
    with pytest.raises(ContentError) as caught:
        import_article(data, name="article.txt")
    assert all(problem.file == "article.txt" for problem in caught.value.problems)
    return str(caught.value)


@pytest.mark.parametrize("data", [b"", b"  \n\n\t \n"])
def test_empty(data: bytes) -> None:
    assert "is empty" in _message(data)


def test_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    assert "binary" in _message(png)


def test_control_characters_without_nul_are_binary_too() -> None:
    assert "binary" in _message(b"\x01\x02\x03\x04\x05 Inception ending explained \x06\x07")


def test_over_one_mebibyte() -> None:
    data = b"Inception ending explained\n\n" + b"x" * (1024 * 1024)
    assert "larger than 1 MiB" in _message(data)


# A plain-text article of short lines: its draft (indented YAML, review notes) is larger than it.
_SHORT_LINES = (
    "Inception (2010) ending explained\n\nWhat happens at the end?\n\n"
    + "".join(f"Cobb spins the top, scene {n}.\n\n" for n in range(60))
).encode()


def test_a_draft_over_the_film_file_limit_is_refused_at_import_with_its_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The article fits the limit; the draft made of it would not, and `epilogue import` (or the
    # upload that loads it at once) would refuse what the importer had just written.
    limit = len(_SHORT_LINES)
    draft = import_article(_SHORT_LINES, name="article.txt").yaml.encode()
    assert len(draft) > limit
    monkeypatch.setattr(film_file, "MAX_FILE_BYTES", limit)
    with pytest.raises(ContentError):
        parse_film_bytes(draft, "draft.yaml")  # what would become of the draft
    message = _message(_SHORT_LINES)
    assert f"{len(draft):,}-byte draft" in message
    assert f"{limit:,} bytes" in message
    assert "save only the article itself" in message


def test_a_draft_just_within_the_film_file_limit_is_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = import_article(_SHORT_LINES, name="article.txt").yaml.encode()
    monkeypatch.setattr(film_file, "MAX_FILE_BYTES", len(draft))
    assert import_article(_SHORT_LINES, name="article.txt").yaml.encode() == draft
    assert parse_film_bytes(draft, "draft.yaml").doc.title == "Inception"


def test_western_ansi_text_is_read_as_windows_1252_with_a_note() -> None:
    # Notepad's "ANSI": accents and curly quotes one byte each, CRLF line ends.
    text = "Amélie (2001) ending explained\r\n\r\nWhat happens at the end?\r\n\r\n"
    text += "Amélie finally lets Nino in — “the right moment”, at last.\r\n"
    result = import_article(text.encode("cp1252"), name="article.txt")
    assert (result.doc.title, result.doc.year) == ("Amélie", 2001)
    assert "“the right moment”" in all_text(result.doc)
    assert any("read as Windows-1252" in warning for warning in result.warnings)
    assert "# the file is not UTF-8: it was read as Windows-1252" in result.yaml


@pytest.mark.parametrize(
    "data",
    [
        # Another script in its own code page: Windows-1252 would make nonsense of it.
        "Сталкер (1979): объяснение концовки\n\nЧто происходит в конце?".encode("cp1251"),
        "Сталкер (1979): объяснение концовки".encode("koi8-r"),
        # Bytes Windows-1252 leaves undefined.
        b"Inception (2010) ending explained\n\n\x81\x8d what?",
    ],
)
def test_not_utf8_and_not_western_is_refused(data: bytes) -> None:
    assert "not UTF-8 text" in _message(data)
    assert "save it again as UTF-8" in _message(data)


def test_invisible_marks_do_not_split_words() -> None:
    # A direction mark copied with a page title, a soft hyphen from a justified layout.
    article = "\u200eMulhol\u00adland Drive (2001) ending explained\n\nThe ending\n\nDiane wakes."
    doc = import_article(article.encode(), name="article.txt").doc
    assert (doc.title, doc.year) == ("Mulholland Drive", 2001)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_with_a_note(codec: str) -> None:
    # With its mark it is read (test_blind_art14). Without one, text of mostly Latin letters
    # tells its byte order by where its zero bytes stand (a text of another script, with few
    # zero bytes, is not taken for UTF-16): it is read, and the draft says how.
    decoded = decode_article("Inception (2010) — the ending".encode(codec), "article.txt")
    assert decoded.text == "Inception (2010) — the ending"
    assert decoded.note is not None and codec in decoded.note


def test_no_title_says_how_an_article_names_its_film() -> None:
    message = _message(b"Some thoughts about a film.\n\nIt was long, and then it ended.")
    assert "no film title found: begin the article with the film's title" in message


def test_no_year_says_how_to_date_the_film_unless_given() -> None:
    article = b"Inception ending explained\n\nWhat happens at the end?\n\nCobb goes home."
    assert "write the year beside the title" in _message(article)
    doc = import_article(article, name="article.txt", year=2010).doc
    assert (doc.title, doc.year) == ("Inception", 2010)


def test_the_hints_name_no_command_line_flag() -> None:
    # The same importer answers /film-admin import, where there are no --title/--year flags.
    for article in (b"Some thoughts.\n\nIt ended.", b"Inception ending explained\n\nThe end."):
        assert "--" not in _message(article)


def test_html_without_text() -> None:
    assert "contains no article text" in _message(b"<html><body><script>x()</script></body></html>")


def test_headline_only() -> None:
    message = _message(b"Inception (2010) ending explained\n\n12 min read\n\nAdvertisement")
    assert "nothing to import besides its headline" in message


def test_title_and_year_flags_override_the_article() -> None:
    doc = import_fixture("inception_news.txt", title="Inception (Director's Cut)", year=2011).doc
    assert (doc.title, doc.year) == ("Inception (Director's Cut)", 2011)


def test_a_title_given_too_long_is_named_as_given_not_as_found() -> None:
    article = b"Heron Lake ending explained\n\nShe stays by the lake."
    with pytest.raises(ContentError) as caught:
        import_article(article, name="a.txt", title="x" * 101, year=2019)
    message = str(caught.value)
    assert "the title given is 101 characters long; at most 100" in message
    assert "headline" not in message  # the article's headline is not what was wrong
