"""How a film is named to people: title and year, which tells remakes apart.

Titles are spoiler-free but untrusted text, so every markdown form escapes them. The plain form is
for places Discord shows as plain text (autocomplete choices) and for audit details, which are
escaped when shown.
"""

from __future__ import annotations

from typing import Protocol

from bot.spoiler_policy.markup import ZWSP, escape_text


class Titled(Protocol):
    """A film as stored, in the catalog, in a content file or a database row."""

    @property
    def title(self) -> str: ...

    @property
    def year(self) -> int: ...


def plain_label(film: Titled) -> str:
    """``Title (year)`` as plain text: at most 107 characters."""
    return f"{film.title} ({film.year})"


def logged_label(film: Titled) -> str:
    """``Title (year)`` for a moderators' log entry. The log shows its details escaped but
    keeps the channel and role mentions Epilogue writes in them (``audit_text``), and Discord
    draws ``<#id>`` as that channel's name now (a thread's title, a member's words): a title
    spelling a mention has its ``<`` parted from the rest by a zero-width space, so it stays
    the text it was."""
    return plain_label(film).replace("<", "<" + ZWSP)


def film_label(film: Titled) -> str:
    """``Title (year)`` as safe markdown (embed titles, messages)."""
    return escape_text(plain_label(film))


def bold_film_label(film: Titled) -> str:
    """``**Title** (year)`` as safe markdown, for a film named inside a sentence."""
    return f"**{escape_text(film.title)}** ({film.year})"
