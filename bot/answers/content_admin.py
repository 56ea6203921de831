"""A server's own content: import with preview and confirm, export, add, edit, remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.errors import NotFound
from bot.invocation import Invocation
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


class ContentAdmin:
    def __init__(self, app: Epilogue) -> None:
        self._app = app

    async def press(self, invocation: Invocation, custom_id: str) -> Reply:
        raise NotFound("This button has expired.")

    async def submit(self, invocation: Invocation, custom_id: str, values: dict[str, str]) -> Reply:
        raise NotFound("This form has expired.")
