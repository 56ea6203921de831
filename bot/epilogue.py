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

from bot import buttons
from bot.cache_sync import start_change_feed
from bot.catalog import FilmCatalog
from bot.config import Config
from bot.content.loader import ContentLoader, LoadReport
from bot.db import storage_errors
from bot.db.change_feed import ChangeFeed
from bot.db.engine import create_engine, exclusive_sessions, migrate, session_factory
from bot.errors import NotFound, OnCooldown, UserFacingError
from bot.features.film.answers import FilmAnswers
from bot.features.film.listing import list_page
from bot.features.film.search import FilmSearch
from bot.features.film_admin.content import FilmAdmin
from bot.features.spoiler_rules.rules import SpoilerRules
from bot.features.spoilers.opt_ins import SpoilerOptIns
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoiler_policy.standing import Standings

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
        self.standings = Standings(sessions)
        self.film = FilmAnswers(self)
        self.film_search = FilmSearch(self)
        self.spoilers = SpoilerOptIns(self)
        self.spoiler_rules = SpoilerRules(self)
        self.film_admin = FilmAdmin(self)
        self.changes: ChangeFeed | None = None  # other processes' changes (PostgreSQL only)

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
        # Listening starts before anything is cached, so no change can slip in between.
        app.changes = await start_change_feed(app)
        try:
            await app.prune()
            if config.content.load_on_start if load_content is None else load_content:
                report = await app.load_content(config.content.directories)
                for problem in report.problems:
                    log.error("content not loaded: %s", problem)
            else:
                await app.catalog.refresh()
        except BaseException:
            await app.close()  # the listener and the engine too
            raise
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

    async def press(
        self, invocation: Invocation, custom_id: str, *, on_private_message: bool = False
    ) -> Reply:
        """A button on one of Epilogue's messages (``bot.buttons``), decided again now.

        ``on_private_message``: the message carrying the button is seen by the presser only
        (an ephemeral reply). When the adapter cannot tell, the default treats it as public,
        the stricter case.
        """
        try:
            button = buttons.parse(custom_id)
            if isinstance(button, buttons.AnswerButton):
                return await self.film.press(
                    invocation, button, on_private_message=on_private_message
                )
            if isinstance(button, buttons.ListPageButton):
                return list_page(self.catalog, invocation, button.page, pressed=True)
            if isinstance(button, buttons.PendingButton):
                return await self.film_admin.press(invocation, button)
            raise NotFound(buttons.UNKNOWN)
        except UserFacingError as exc:
            return Reply.error(exc.message)

    async def submit(self, invocation: Invocation, custom_id: str, values: dict[str, str]) -> Reply:
        """A submitted form (modal) with its fields' values by custom id."""
        try:
            try:
                form = buttons.parse(custom_id)
            except NotFound:
                form = None
            if not isinstance(form, buttons.EditForm | buttons.AddForm):
                raise NotFound("This form has expired: run the command again.")
            return await self.film_admin.submit(invocation, form, values)
        except UserFacingError as exc:
            return Reply.error(exc.message)

    async def prune(self) -> None:
        """Delete what has outlived its use (pending admin changes); at start and daily."""
        if pruned := await self.film_admin.prune():
            log.info("pruned %d expired pending change(s)", pruned)

    def is_owner(self, user_id: int) -> bool:
        return user_id in self.config.discord.owner_ids

    async def close(self) -> None:
        if self.changes is not None:
            await self.changes.close()
        await self.film_search.close()
        await self.engine.dispose()
