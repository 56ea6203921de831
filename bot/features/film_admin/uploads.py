"""Uploaded files for ``/film-admin import``: a content file kept as uploaded, or an explainer
article turned into the content file its import produced."""

from __future__ import annotations

import math
from pathlib import PurePath
from typing import Any

from bot.content.film_file import (
    MAX_FILE_BYTES,
    MAX_FILE_SIZE,
    ContentError,
    FilmFile,
    looks_like_content_file,
    parse_film_bytes,
    wide_encoding,
)
from bot.content.loader import ARTICLE_SUFFIXES, CONTENT_SUFFIXES, DOCUMENT_SUFFIXES
from bot.content.schema import FIRST_YEAR, LAST_YEAR
from bot.content.yaml_dump import dump_film_yaml
from bot.errors import InvalidInput
from bot.features.film_admin.forms import problem_lines
from bot.file_kinds import binary_kind
from bot.replies import Attachment
from bot.spoiler_policy.markup import escape_text, truncate_plain


def too_large(filename: str, size: int) -> InvalidInput | None:
    """The error for a file over the upload limit, or None if it fits."""
    if size <= MAX_FILE_BYTES:
        return None
    return InvalidInput(
        f"{escape_text(truncate_plain(filename, 100))} is {_mib_over(size)} MiB;"
        f" the limit is {MAX_FILE_SIZE}. Split it or trim it."
    )


def _mib_over(size: int) -> str:
    """A size over the limit in MiB, rounded up to two places: a file just over 1 MiB must not
    read as "1.0 MiB" against a limit of 1 MiB."""
    return f"{math.ceil(size * 100 / 2**20) / 100:.2f}".rstrip("0").rstrip(".")


def _article_importer() -> Any:
    """``bot.importer.import_article``, or None if this installation has no article importer."""
    try:
        from bot.importer import import_article
    except ImportError:
        return None
    return import_article


def read_upload(
    upload: Attachment, title: str | None = None, year: int | None = None
) -> tuple[FilmFile, str, list[str]]:
    """A validated film from an uploaded file, the YAML to store, and warnings to review.

    A content file is kept exactly as uploaded; an article becomes the YAML its import produced,
    for the film ``title`` and ``year`` name when given (an article that does not say which
    film, or explains several: a franchise's endings).
    """
    name = PurePath(upload.filename).name or "upload"
    shown = escape_text(truncate_plain(name, 100))
    data = upload.data
    if (error := too_large(name, len(data))) is not None:
        raise error
    if b"\x00" in data and wide_encoding(data) is None:
        # UTF-16 text is read (an article) or named with how to save it (a content file).
        kind = binary_kind(data)
        raise InvalidInput(
            f"{shown} is binary data{f' ({kind})' if kind else ''}, not a text file: upload a"
            " YAML content file (.yaml), or save the article as .html, .md or .txt and upload"
            " that."
        )
    suffix = PurePath(name).suffix.lower()
    importer = _article_importer()
    try:
        # A content file saved as .txt (Notepad) or without a suffix is one all the same.
        if suffix in CONTENT_SUFFIXES or looks_like_content_file(data):
            if title is not None or year is not None:
                given = [
                    f"{option}:"
                    for option, value in (("title", title), ("year", year))
                    if value is not None
                ]
                applies = "apply" if len(given) > 1 else "applies"
                raise InvalidInput(
                    f"{shown} is a content file: it names its film itself, so"
                    f" {' and '.join(given)} only {applies} to articles. Change title: or"
                    " year: in the file, or import it without those options."
                )
            film_file = parse_film_bytes(data, name)
            return film_file, data.decode("utf-8"), []
        if importer is not None and suffix in ("", *ARTICLE_SUFFIXES, *DOCUMENT_SUFFIXES):
            # Every format the importer reads (as epilogue import-article does), and the
            # documents it names with how to save the article as text.
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                # The option's fault, not the article's: it was reported as the file's.
                raise InvalidInput(
                    f"year: must be a film's year, from {FIRST_YEAR} to {LAST_YEAR}, not {year}."
                    " Nothing was loaded."
                )
            result = importer(data, name=name, title=title, year=year)
            # The importer's YAML carries its review notes as comments, for whoever exports it.
            text = result.yaml or dump_film_yaml(result.doc)
            return parse_film_bytes(text.encode(), name), text, list(result.warnings)
    except ContentError as exc:
        intro = f"{shown} was not loaded; nothing was saved:"
        raise InvalidInput(
            problem_lines(intro, exc.problems, _option_hint(exc, title, year))
        ) from None
    kinds = "a YAML content file (.yaml, .yml)"
    if importer is not None:
        kinds += (
            " or an explainer article (text, Markdown, HTML, reStructuredText, Org, AsciiDoc, a"
            " feed, captions…: .txt, .md, .html, .rst, .org, .adoc, .xml, .srt, …)"
        )
    raise InvalidInput(f"{shown} is not a format Epilogue reads: upload {kinds}.")


def _option_hint(error: ContentError, title: str | None, year: int | None) -> str:
    """How /film-admin import's own options answer what the importer could not tell."""
    messages = [problem.message for problem in error.problems]
    hints = []
    if title is None and any(
        "film title found" in message or " films (" in message for message in messages
    ):
        hints.append("give the film's title yourself with title: (one film of several, too)")
    if year is None and any("no release year found" in message for message in messages):
        hints.append("give the year with year:")
    return f"Or {' and '.join(hints)}." if hints else ""
