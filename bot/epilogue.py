"""The composition root: storage, content, the catalog and every answering service, built once.

Every adapter (the Discord client in ``client/`` with its extensions in ``cogs/``, the offline
console, the CLI) holds one ``Epilogue`` and calls its services; none implements an answer itself.
Open it with ``async with Epilogue.open(config) as app:`` so the database closes on every path.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Generator
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import components
from bot.cache_sync import WriteWatch, start_change_feed, start_write_watch
from bot.catalog import FilmCatalog
from bot.claims import Claims
from bot.config import Config
from bot.content.loader import ContentLoader, LoadReport, dropped_note
from bot.cooldowns import Cooldowns, MemberMinuteBudget
from bot.db import storage_errors
from bot.db.change_feed import ChangeFeed
from bot.db.engine import create_engine, exclusive_sessions, migrate, session_factory
from bot.db.reads import Reads
from bot.features.film.answers import FilmAnswers
from bot.features.film.search import FilmSearch
from bot.features.film.stored_renders import films_to_render, store_renders
from bot.features.film_admin.content import FilmAdmin
from bot.features.spoiler.members import MemberSpoilers
from bot.features.spoiler_rules.rules import SpoilerRules
from bot.features.spoilers.opt_ins import SpoilerOptIns
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoiler_policy.pending_rehidings import PendingRehidings
from bot.spoiler_policy.standing import StandingCache

log = logging.getLogger(__name__)

RENDER_BATCH = 500
"""Films whose answers ``refresh_renders`` stores per transaction (about a quarter second
each at 10,000 films): other writers wait for one batch at most."""


class Epilogue:
    def __init__(
        self, config: Config, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        self.config = config
        self.engine = engine
        self.sessions = sessions
        self.reads = Reads(engine)
        self.catalog = FilmCatalog(sessions)
        self.loader = ContentLoader(sessions)
        self.cooldowns = Cooldowns()
        # /spoilers: private, the member's own settings; bounded per member, not per channel.
        self.own_settings_budget = MemberMinuteBudget()
        # What one process of several must do once (a hide of a message all were shown).
        self.claims = Claims(sessions)
        self.standings = StandingCache(sessions)
        # Answers to hide again after a spoiler channel ended, until done (a restart resumes).
        self.rehidings = PendingRehidings(sessions)
        self.film = FilmAnswers(self)
        self.film_search = FilmSearch(self)
        self.spoilers = SpoilerOptIns(self)
        self.spoiler_rules = SpoilerRules(self)
        self.film_admin = FilmAdmin(self)
        self.changes: ChangeFeed | None = None  # other processes' changes (PostgreSQL only)
        self.write_watch: WriteWatch | None = None  # other processes' writes (SQLite)
        self.member_spoilers = MemberSpoilers(self)

    @classmethod
    def open(cls, config: Config, *, load_content: bool | None = None) -> Opening:
        """Create the database if needed, migrate it, load content, index titles.

        ``async with Epilogue.open(config) as app:`` closes it on every path; ``await`` gives
        the app to a caller that closes it itself.
        """
        return Opening(lambda: cls._open(config, load_content=load_content))

    @classmethod
    async def _open(cls, config: Config, *, load_content: bool | None) -> Epilogue:
        try:
            engine = create_engine(config.database.url, echo=config.database.echo)
        except Exception as error:  # a bad URL or a missing driver, in one line
            raise storage_errors.explain(error, config.database.url) from None
        try:
            await migrate(engine)
            app = cls(config, engine, session_factory(engine))
        except BaseException:
            await engine.dispose()
            raise
        try:
            # Listening starts before anything is cached, so no change can slip in between.
            app.changes = await start_change_feed(app)
            await app.prune()
            if config.content.load_on_start if load_content is None else load_content:
                report = await app.load_content(config.content.directories)
                named = {str(directory) for directory in config.content.directories}
                setting = config.source("content.directories")
                for problem in report.problems:
                    # A folder the config names and that is not there is the config's mistake:
                    # say which line to fix.
                    missing = problem.file in named and problem.message.startswith("no such")
                    if setting and missing:
                        log.error(
                            "content not loaded: %s: fix content.directories (%s)",
                            problem,
                            setting,
                        )
                    else:
                        log.error("content not loaded: %s", problem)
                for dropped in report.dropped:
                    log.warning("%s", dropped_note(*dropped))
            else:
                await app.catalog.refresh()
            app.write_watch = await start_write_watch(app)
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
        # Content already stored as the files have it (a restart's) is found by reading alone.
        # Anything to write is written under the database's lock and in one transaction:
        # concurrent starts and imports take turns (the second finds the films stored and
        # reports them unchanged), and a crash leaves the content as it was before.
        digests: dict[Path, str] = {}
        report = await self.loader.unchanged(
            paths, guild_id=guild_id, progress=progress, digests=digests
        )
        if report is None:
            async with exclusive_sessions(self.engine) as sessions:
                loader = ContentLoader(sessions)
                report = await loader.load_paths(
                    paths, guild_id=guild_id, progress=progress, digests=digests
                )
        if report.renamed:
            # Embargoes, hides and seen marks were carried to the new names: read them again
            # (other processes are told by the change feed, or by the audit entries on SQLite).
            self.standings.forget_all()
        await self.catalog.refresh()
        if report.loaded:
            log.info("loaded %d film(s), %d unchanged", len(report.loaded), len(report.unchanged))
        return report

    async def refresh_renders(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Render and store the answers of every film whose stored render is missing or was
        made from other content or by other code (``stored_renders``), a batch per transaction;
        the film topics rendered. ``epilogue import`` runs it after loading."""
        async with self.engine.connect() as connection:
            film_ids = await connection.run_sync(films_to_render)
        written = 0
        for start in range(0, len(film_ids), RENDER_BATCH):
            async with self.engine.begin() as connection:
                batch = film_ids[start : start + RENDER_BATCH]
                written += await connection.run_sync(store_renders, batch)
            if progress:
                progress(min(start + RENDER_BATCH, len(film_ids)), len(film_ids))
        return written

    async def press(
        self, invocation: Invocation, custom_id: str, *, on_private_message: bool = False
    ) -> Reply:
        """A button on one of Epilogue's messages, decided again now (``bot.components``)."""
        return await components.press(
            self, invocation, custom_id, on_private_message=on_private_message
        )

    async def submit(self, invocation: Invocation, custom_id: str, values: dict[str, str]) -> Reply:
        """A submitted form (modal) with its fields' values by custom id (``bot.components``)."""
        return await components.submit(self, invocation, custom_id, values)

    async def prune(self) -> None:
        """Delete what has outlived its use (pending admin changes, finished claims); at start
        and daily."""
        if pruned := await self.film_admin.prune():
            log.info("pruned %d expired pending change(s)", pruned)
        if pruned := await self.claims.prune():
            log.info("pruned %d old claim(s)", pruned)

    def is_owner(self, user_id: int) -> bool:
        return user_id in self.config.discord.owner_ids

    async def close(self) -> None:
        if self.changes is not None:
            await self.changes.close()
        if self.write_watch is not None:
            await self.write_watch.close()
        await self.film_search.close()
        await self.member_spoilers.guard.close()
        self.catalog.close()
        self.reads.close()
        await self.engine.dispose()


class Opening:
    """``Epilogue.open(...)``: awaited, the open app; entered with ``async with``, the app,
    closed again when the block ends, however it ends."""

    def __init__(self, open_app: Callable[[], Awaitable[Epilogue]]) -> None:
        self._open_app = open_app
        self._app: Epilogue | None = None

    def __await__(self) -> Generator[Any, None, Epilogue]:
        return self._open_app().__await__()

    async def __aenter__(self) -> Epilogue:
        self._app = await self._open_app()
        return self._app

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._app is not None:
            app, self._app = self._app, None
            await app.close()
