"""Interaction payloads made for a fake-Discord session, and edits to them: the same cases sent
through two paths of the client (a keystroke's or a command's own, and discord.py's tree)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tests.support.fake_discord import Session

Payloads = Callable[[Session], list[dict[str, Any]]]
"""The INTERACTION_CREATE payloads one case delivers, made for a session."""
Change = Callable[[dict[str, Any]], None]


def again(first: Payloads, change: Change | None = None) -> Payloads:
    """``first``'s interaction, then the same interaction delivered again (``change`` made)."""

    def made(session: Session) -> list[dict[str, Any]]:
        (payload,) = first(session)
        repeat = copy.deepcopy(payload)
        if change is not None:
            change(repeat)
        return [payload, repeat]

    return made


def options_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """A subcommand's options (``/film ending``'s film, …)."""
    return payload["data"]["options"][0]["options"]  # type: ignore[no-any-return]


def set_at(path: str, value: Any) -> Change:
    """Set (or, for ``...``, remove) the key at dotted ``path``."""

    def change(payload: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        held: Any = payload
        for key in parents:
            held = held[key]
        if value is ...:
            held.pop(last, None)
        else:
            held[last] = value

    return change
