"""A server's spoiler rules: channel modes, embargoes, opt-in role, cooldown, audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


class RuleBook:
    def __init__(self, app: Epilogue) -> None:
        self._app = app
