"""Failures a person caused and can fix: adapters show the message privately, as it is."""

from __future__ import annotations

from typing import Any


class UserFacingError(Exception):
    """The message is complete and safe to show: no spoilers, no internals."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(UserFacingError):
    pass


class SeveralFilms(NotFound):
    """A title several films fit: the message asks which; ``films`` (the catalog's entries)
    lets a command that can tell which one is meant (only one of them could be unmarked)
    take it instead of asking."""

    def __init__(self, message: str, films: tuple[Any, ...]) -> None:
        super().__init__(message)
        self.films = films


class NotAllowed(UserFacingError):
    pass


class InvalidInput(UserFacingError):
    pass


class OnCooldown(UserFacingError):
    def __init__(self, retry_after: float, command: str) -> None:
        """``command``: the command's name as typed without its slash ("film ending"): a
        member using several commands is told which one to wait for."""
        seconds = max(1, round(retry_after))
        super().__init__(f"Slow down: you can use /{command} again in {seconds} s.")
        self.retry_after = retry_after


class AlreadyHandled(Exception):
    """This interaction was handled already (a gateway replay, a second process on its shard,
    a payload sent again): it changes nothing and answers nothing. Not a ``UserFacingError``:
    there is nobody to tell, Discord holds the first handling's answer."""


def not_discords(value: int) -> InvalidInput:
    """An id no Discord payload holds: refused before the database is asked about it."""
    return InvalidInput(
        f"{value} is not an id Discord gives (ids are whole numbers from 0 to 2^63 - 1): this"
        " request did not come from Discord as sent, so nothing was done."
    )
