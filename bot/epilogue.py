"""The core, assembled: storage, content, the catalog and every answering service.

Both adapters (the Discord bot in ``cogs/`` and the offline console) hold one ``Epilogue`` and
call its services; neither implements an answer itself.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.answers.content_admin import ContentAdmin
from bot.answers.film_answers import FilmAnswers
from bot.answers.optins import OptIns
from bot.answers.rulebook import RuleBook
from bot.answers.search import FilmSearch
from bot.catalog import FilmCatalog
from bot.config import Config
from bot.content.loader import ContentLoader, LoadReport
from bot.db import storage_errors
from bot.db.engine import create_engine, exclusive_sessions, migrate, session_factory
from bot.errors import OnCooldown, UserFacingError
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoilers.standing import Standings

log = logging.getLogger(__name__)


class Cooldowns:
    """Per user, per command, per server: how long a member waits between uses."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: dict[tuple[int, int, str], float] = {}

    def check(self, guild_id: int, user_id: int, command: str, seconds: int) -> None:
        if seconds <= 0:
            return
        key = (guild_id, user_id, command)
        now = self._clock()
        last = self._last.get(key)
        if last is not None and now - last < seconds:
            raise OnCooldown(seconds - (now - last))
        self._last[key] = now
        if len(self._last) > 50_000:  # forget the oldest half rather than grow forever
            for stale in sorted(self._last, key=self._last.__getitem__)[:25_000]:
                del self._last[stale]


class Epilogue:
    def __init__(
        self, config: Config, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        self.config = config
        self.engine = engine
        self.sessions = sessions
        self.catalog = FilmCatalog(sessions)
        self.loader = ContentLoader(sessions)
        self.cooldowns = Cooldowns()
        self.standings = Standings(sessions, self.catalog.copies)
        self.films = FilmAnswers(self)
        self.search = FilmSearch(self)
        self.optins = OptIns(self)
        self.rules = RuleBook(self)
        self.admin = ContentAdmin(self)

    @classmethod
    async def open(cls, config: Config, *, load_content: bool | None = None) -> Epilogue:
        """Create the database if needed, migrate it, load content, index titles."""
        try:
            engine = create_engine(config.database.url, echo=config.database.echo)
        except Exception as error:  # a bad URL or a missing driver, in one line
            raise storage_errors.explain(error, config.database.url) from None
        try:
            await migrate(engine)
        except BaseException:
            await engine.dispose()
            raise
        app = cls(config, engine, session_factory(engine))
        if config.content.load_on_start if load_content is None else load_content:
            report = await app.load_content(config.content.directories)
            for problem in report.problems:
                log.error("content not loaded: %s", problem)
        else:
            await app.catalog.refresh()
        return app

    async def load_content(
        self,
        paths: list[Path],
        *,
        guild_id: int = 0,
        progress: Callable[[int, int], None] | None = None,
    ) -> LoadReport:
        # Under the database's lock and in one transaction: concurrent starts and imports take
        # turns (the second finds the films stored and reports them unchanged), and a crash
        # leaves the content as it was before.
        async with exclusive_sessions(self.engine) as sessions:
            loader = ContentLoader(sessions)
            report = await loader.load_paths(paths, guild_id=guild_id, progress=progress)
        await self.catalog.refresh()
        if report.loaded:
            log.info("loaded %d film(s), %d unchanged", len(report.loaded), len(report.unchanged))
        return report

    async def press(self, invocation: Invocation, custom_id: str) -> Reply:
        """A button on one of Epilogue's messages; custom ids name stored state, never text.

        ``epi:page|rpage|reveal:…`` belong to answers; ``epi:adm:…`` to content admin.
        """
        try:
            if custom_id.startswith("epi:adm:"):
                return await self.admin.press(invocation, custom_id)
            return await self.films.press(invocation, custom_id)
        except UserFacingError as exc:
            return Reply.error(exc.message)

    async def submit(self, invocation: Invocation, custom_id: str, values: dict[str, str]) -> Reply:
        """A submitted form (modal) with its fields' values by custom id."""
        try:
            return await self.admin.submit(invocation, custom_id, values)
        except UserFacingError as exc:
            return Reply.error(exc.message)

    def is_owner(self, user_id: int) -> bool:
        return user_id in self.config.discord.owner_ids

    async def close(self) -> None:
        await self.search.close()
        await self.engine.dispose()
