"""Film identity by work, not row id: "seen" marks and embargoes name the work (every version of
it), film slugs are distinct in every script, and pending admin changes get never-reused tokens.

Row ids can be reused by SQLite after a delete, so a mark or embargo on a row id could silently
move to another film; a button naming a row could show another server's film. Answer buttons now
carry what they show, so the answer-anchor table goes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import hashlib
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MAX_WORK_CHARS = 140


def _work_slug(title: str, year: int) -> str:
    """``bot.content.works.work_slug`` as of this revision (a migration must not change later)."""
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFKD", title):
        if unicodedata.combining(char):
            continue
        if char.isalnum():
            current.append(char.casefold() if not char.isascii() else char.lower())
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    name = "-".join(words)
    if not name:
        digest = hashlib.blake2b(unicodedata.normalize("NFC", title).encode(), digest_size=6)
        name = f"film-{digest.hexdigest()}"
    suffix = f"-{year}"
    return name[: MAX_WORK_CHARS - len(suffix)].rstrip("-") + suffix


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "seen_works",
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sa.Column("work", sa.String(140), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "work"),
    )
    op.create_table(
        "work_embargoes",
        sa.Column("guild_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sa.Column("work", sa.String(140), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "work"),
    )
    op.create_table(
        "pending_changes",
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_index("ix_pending_changes_created", "pending_changes", ["created_at"])

    # Slugs distinct in every script: recompute each film's; keep the old one on a clash.
    films = bind.execute(sa.text("SELECT id, guild_id, slug, title, year FROM films")).all()
    taken = {(guild, slug) for _id, guild, slug, _title, _year in films}
    work_of: dict[int, tuple[str, str, int]] = {}
    for film_id, guild, slug, title, year in films:
        new = _work_slug(title, year)
        if new != slug and (guild, new) not in taken:
            bind.execute(
                sa.text("UPDATE films SET slug = :slug WHERE id = :id"),
                {"slug": new, "id": film_id},
            )
            taken.add((guild, new))
            slug = new
        work_of[film_id] = (slug, title, year)

    seen: dict[tuple[int, str], dict[str, object]] = {}
    for user_id, film_id, created_at in bind.execute(
        sa.text("SELECT user_id, film_id, created_at FROM seen_films")
    ):
        if film_id in work_of:
            work, title, year = work_of[film_id]
            seen.setdefault(
                (user_id, work),
                {"user_id": user_id, "work": work, "title": title, "year": year, "at": created_at},
            )
    if seen:
        bind.execute(
            sa.text(
                "INSERT INTO seen_works (user_id, work, title, year, created_at)"
                " VALUES (:user_id, :work, :title, :year, :at)"
            ),
            list(seen.values()),
        )
    embargoes: dict[tuple[int, str], dict[str, object]] = {}
    for guild_id, film_id, until in bind.execute(
        sa.text("SELECT guild_id, film_id, until FROM embargoes")
    ):
        if film_id in work_of:
            work, title, year = work_of[film_id]
            kept = embargoes.get((guild_id, work))
            if kept is None or str(kept["until"]) < str(until):
                embargoes[(guild_id, work)] = {
                    "guild_id": guild_id,
                    "work": work,
                    "title": title,
                    "year": year,
                    "until": until,
                }
    if embargoes:
        bind.execute(
            sa.text(
                "INSERT INTO work_embargoes (guild_id, work, title, year, until)"
                " VALUES (:guild_id, :work, :title, :year, :until)"
            ),
            list(embargoes.values()),
        )
    op.drop_table("seen_films")
    op.drop_table("embargoes")
    # Answer buttons carry what they show now; pending changes in flight are asked again.
    op.drop_table("answer_anchors")


def downgrade() -> None:
    bind = op.get_bind()
    big = sa.BigInteger().with_variant(sa.Integer, "sqlite")
    op.create_table(
        "seen_films",
        sa.Column("user_id", big, nullable=False),
        sa.Column("film_id", big, sa.ForeignKey("films.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "film_id"),
    )
    op.create_table(
        "embargoes",
        sa.Column("guild_id", big, nullable=False),
        sa.Column("film_id", big, sa.ForeignKey("films.id", ondelete="CASCADE"), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "film_id"),
    )
    op.create_table(
        "answer_anchors",
        sa.Column("id", big, primary_key=True, autoincrement=True),
        sa.Column("command", sa.String(40), nullable=False),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("owner_id", big, nullable=False),
        sa.Column("guild_id", big, nullable=True),
        sa.Column("channel_id", big, nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    # Back to row ids: a work maps to its global version, else any server's copy.
    ids: dict[str, int] = {}
    for film_id, guild, slug in bind.execute(
        sa.text("SELECT id, guild_id, slug FROM films ORDER BY guild_id DESC")
    ):
        ids[slug] = film_id if guild == 0 or slug not in ids else ids[slug]
    if ids:
        rows = [{"film_id": film_id, "work": work} for work, film_id in ids.items()]
        bind.execute(
            sa.text(
                "INSERT INTO seen_films (user_id, film_id, created_at)"
                " SELECT user_id, :film_id, created_at FROM seen_works WHERE work = :work"
            ),
            rows,
        )
        bind.execute(
            sa.text(
                "INSERT INTO embargoes (guild_id, film_id, until)"
                " SELECT guild_id, :film_id, until FROM work_embargoes WHERE work = :work"
            ),
            rows,
        )
    op.drop_index("ix_pending_changes_created", table_name="pending_changes")
    op.drop_table("pending_changes")
    op.drop_table("work_embargoes")
    op.drop_table("seen_works")
