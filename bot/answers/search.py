"""Full-text search across the films a server can see, and the film list."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


class FilmSearch:
    def __init__(self, app: Epilogue) -> None:
        self._app = app
