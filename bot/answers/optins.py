"""Members' personal spoiler opt-ins, which follow them to every server."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


class OptIns:
    def __init__(self, app: Epilogue) -> None:
        self._app = app
