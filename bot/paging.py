"""A page number a member typed (``page:``), checked the same way by every paged command."""

from __future__ import annotations

from bot.errors import InvalidInput


def check_page(page: int, pages: int, listing: str) -> None:
    """Refuse ``page`` (counted from 1, as typed) outside ``1..pages`` of ``listing`` ("the
    list", "the log"), saying how many pages there are and which numbers to give."""
    if 1 <= page <= pages:
        return
    if pages == 1:
        raise InvalidInput(f"There is no page {page}: {listing} has 1 page (leave page: out).")
    raise InvalidInput(
        f"There is no page {page}: {listing} has {pages} pages (give page: from 1 to {pages})."
    )
