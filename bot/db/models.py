"""Database models (SQLAlchemy 2, typed ``Mapped[]``).

Schema changes ship as Alembic migrations in ``bot/db/migrations``; a test checks that the
migrations and these models agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

GLOBAL_SCOPE = 0
"""``Film.guild_id`` of content every server sees (shipped, or loaded by the bot owner)."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""What no database here stores: NUL (PostgreSQL refuses it in text; SQLite keeps it) and a
lone surrogate (a JSON payload may escape one, and UTF-8 cannot encode it)."""


def storable(text: str) -> str:
    """``text`` as every database stores it: each character none stores becomes U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


class WordsText(TypeDecorator[str]):
    """Text someone outside wrote (a member's message): stored ``storable``. Refused, the
    write it belongs to failed on one database and not the other (a hide's record on
    PostgreSQL, after its repost was up)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else storable(value)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        int: BigInteger().with_variant(Integer, "sqlite")
    }


class Film(Base):
    __tablename__ = "films"
    __table_args__ = (
        UniqueConstraint("guild_id", "slug", name="uq_films_guild_slug"),
        Index("ix_films_guild", "guild_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guild_id: Mapped[int] = mapped_column(default=GLOBAL_SCOPE)
    slug: Mapped[str] = mapped_column(String(140))
    title: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    release_date: Mapped[dt.date | None] = mapped_column(Date)
    director: Mapped[str | None] = mapped_column(String(100))
    cast: Mapped[list[str]] = mapped_column(JSON, default=list)
    synopsis: Mapped[str] = mapped_column(Text)
    # Where the film was loaded from (a file's path, of any length: migration 0015). SQLite
    # enforces no length, and its column keeps the type it was made with.
    origin: Mapped[str] = mapped_column(Text().with_variant(String(500), "sqlite"))
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    sections: Mapped[list[Section]] = relationship(
        back_populates="film", cascade="all, delete-orphan", order_by="Section.position"
    )
    sources: Mapped[list[Source]] = relationship(
        back_populates="film", cascade="all, delete-orphan", order_by="Source.number"
    )


class ContentRevision(Base):
    """One row whose number moves with every committed change to ``films``, whatever the
    process, the write path or the time on its rows. Triggers move it (migration 0010), in the
    writing transaction, so the number becomes visible exactly with the change: other
    processes compare it to tell that their catalog is stale (``bot.catalog.content_stamp``)."""

    __tablename__ = "content_revision"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger)


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("film_id", "number", name="uq_sources_film_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(100))
    outlet: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))

    film: Mapped[Film] = relationship(back_populates="sources")


class Section(Base):
    __tablename__ = "sections"
    # Also answers "which kinds of section has each film" from the index alone (bot.catalog).
    __table_args__ = (Index("ix_sections_film_kind", "film_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))
    heading: Mapped[str | None] = mapped_column(String(200))
    heading_level: Mapped[str] = mapped_column(String(10))
    body: Mapped[str | None] = mapped_column(Text)

    film: Mapped[Film] = relationship(back_populates="sections")
    items: Mapped[list[Item]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="Item.position"
    )


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (Index("ix_items_section", "section_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(200))
    heading_level: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)

    section: Mapped[Section] = relationship(back_populates="items")


class FilmRender(Base):
    """A film topic's answer rendered when the film was stored: its pages for each open
    treatment and its document, each in a row of its own named in ``topic``
    (``stored_renders.part_name``: ``ending:wrap``, ``ending:show``, ``ending``), so that a first
    answer reads by key the one row it shows (``bot.features.film.stored_renders``).

    Valid only for the content it was rendered from (``content_hash``) and the code that rendered
    it (``renderer``): a row either no longer names is never read, whoever wrote it."""

    __tablename__ = "film_renders"

    film_id: Mapped[int] = mapped_column(
        ForeignKey("films.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    topic: Mapped[str] = mapped_column(String(20), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    renderer: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)


class ReaderSettings(Base):
    """A member's personal spoiler opt-in; it follows them to every server."""

    __tablename__ = "reader_settings"

    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    all_films: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class SeenFilm(Base):
    """``/spoilers seen``: the member has seen this work (every version of it) and wants its
    spoilers. Keyed by the work (``bot.content.works``), never a row id that can be reused."""

    __tablename__ = "seen_works"

    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    work: Mapped[str] = mapped_column(String(140), primary_key=True)
    # Title and year when it was marked: /spoilers status still names a film that was removed.
    title: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class GuildSettings(Base):
    """A server's spoiler rules that are not per channel or per film."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    default_mode: Mapped[str] = mapped_column(String(20), default="standard")
    optin_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    optin_role_id: Mapped[int | None] = mapped_column()
    moderator_role_id: Mapped[int | None] = mapped_column()
    cooldown_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # Members' own spoilers (``bot.features.spoiler``): any member may hide a message as a
    # spoiler; the automatic guard runs here; it checks every film, not only embargoed ones.
    member_hiding: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    guard_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    guard_all_films: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ChannelRule(Base):
    """A channel's own spoiler mode, as one server set it: keyed by server and channel, so no
    server's rule for a channel id (a forged option's) ever touches another server's."""

    __tablename__ = "channel_rules"
    __table_args__ = (Index("ix_channel_rules_guild", "guild_id"),)

    channel_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    mode: Mapped[str] = mapped_column(String(20))
    # Whether the channel is a thread, whose title (a member's words) Discord draws for its
    # mention: named behind bars when listed. None: set before this was kept, maybe a thread.
    thread: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class Embargo(Base):
    """A server keeps a work's spoilers private until ``until``, whichever version it shows."""

    __tablename__ = "work_embargoes"

    guild_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    work: Mapped[str] = mapped_column(String(140), primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    until: Mapped[dt.date] = mapped_column(Date)


class HiddenWork(Base):
    """A global film a server's admins hid there (``/film-admin hide``): gone from its lists,
    autocomplete, typed titles and answers, in that server only. Title and year as when hidden,
    to name it in ``/film-admin unhide`` should the global film change or go meanwhile. Triggers
    move ``ContentRevision`` with every change (migration 0012): catalogs in every process read
    which films each server sees again."""

    __tablename__ = "hidden_works"

    guild_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    work: Mapped[str] = mapped_column(String(140), primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    hidden_by: Mapped[int] = mapped_column()
    hidden_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Who changed which server rule or content, when: ``/spoiler-rules log``."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_guild_time", "guild_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guild_id: Mapped[int] = mapped_column()
    user_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MergedCopy(Base):
    """A server's copy of a film that migration 0027 merged into the film it reads as, kept
    whole (its content file) so an admin can load it back: ``epilogue merged-copies``."""

    __tablename__ = "merged_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    guild_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    merged_into: Mapped[str] = mapped_column(String(140))
    content: Mapped[str] = mapped_column(Text)
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PendingChange(Base):
    """A change an admin started and has not confirmed yet (an import, a removal), or the text
    of a form refused for a mistake, which its Edit again button opens the form with again.

    Its Confirm and Cancel buttons name the random ``token``, which is never reused; rows older
    than ``retention.pending_hours`` are pruned.
    """

    __tablename__ = "pending_changes"
    __table_args__ = (Index("ix_pending_changes_created", "created_at"),)

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    arguments: Mapped[dict[str, str | int | None]] = mapped_column(JSON)
    owner_id: Mapped[int] = mapped_column()
    guild_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class GuardedChannel(Base):
    """A channel's own switch for the automatic guard (channels without one follow the server)."""

    __tablename__ = "guarded_channels"
    __table_args__ = (Index("ix_guarded_channels_guild", "guild_id"),)

    # Keyed by server and channel, as ``ChannelRule`` is.
    channel_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    guarded: Mapped[bool] = mapped_column(Boolean)


class GuardOptOut(Base):
    """A member who asked the automatic guard to leave their messages alone in a server."""

    __tablename__ = "guard_opt_outs"

    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class HiddenMessage(Base):
    """A member's message Epilogue hid as a spoiler (by request or by the guard): moderators
    see it in the list and can undo it. Keyed by the repost, which Discord never reuses."""

    __tablename__ = "hidden_messages"
    __table_args__ = (Index("ix_hidden_messages_guild_time", "guild_id", "created_at"),)

    repost_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column()
    channel_id: Mapped[int] = mapped_column()
    thread_id: Mapped[int | None] = mapped_column()
    author_id: Mapped[int] = mapped_column()
    # 0: the automatic guard.
    hidden_by: Mapped[int] = mapped_column()
    work: Mapped[str | None] = mapped_column(String(140))
    content: Mapped[str] = mapped_column(WordsText)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The names the author gave its files (JSON list, repost order): the repost uses neutral
    # names, as Discord cannot hide a file name. NULL for hides made before names were kept.
    file_names: Mapped[str | None] = mapped_column(Text, nullable=True)
    # True: not a hide but the message Undo put back (through Epilogue's webhook, so Discord
    # calls it a webhook's): Hide as spoiler takes it as the author's message again.
    restored: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ActionClaim(Base):
    """One process's claim to act once on something every process may be shown at once: a
    member's message (one version of it) to hide, a thread title to rename. Two processes on
    one shard (a deploy's overlap) and a replayed event both deliver it twice; the first insert
    of the key wins (``bot.claims``). ``expires_at`` is the holder's lease, renewed while it
    acts: past it, a holder that died is taken over. ``done`` rows are kept a day, so a late
    replay is refused too, then pruned."""

    __tablename__ = "action_claims"
    __table_args__ = (Index("ix_action_claims_claimed", "claimed_at"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    subject: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # Which version of the subject (a hash of what the author sent: an edit is another).
    revision: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    done: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PendingRehiding(Base):
    """Epilogue's answers still to hide again where a spoiler channel ended (a moderator's
    change, a channel made an announcement channel), recorded before anyone is told they will
    be, so a restart, crash or redeploy mid-way leaves none showing endings for good: whichever
    process holds the server resumes it when the server becomes available
    (``bot/spoiler_policy/pending_rehidings.py``). Deleted once done."""

    __tablename__ = "pending_rehidings"
    __table_args__ = (Index("ix_pending_rehidings_guild", "guild_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guild_id: Mapped[int] = mapped_column()
    # Who made the change (0: Epilogue itself), named in the moderators' log when a resumed
    # run cannot reach some places.
    user_id: Mapped[int] = mapped_column()
    # The rules before the change: {"default": mode, "channels": {id: mode}}; which places it
    # concerns is decided against the rules when it runs (a later change back is respected).
    rules_before: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Once listed, the places left: {place id: withhold rather than wrap}, narrowed as each is
    # done, and {"archived_threads_of:<channel id>": true} for a channel whose archived threads
    # Discord failed to list (listed again when resumed); NULL until the places are listed.
    places: Mapped[dict[str, bool] | None] = mapped_column(JSON, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
