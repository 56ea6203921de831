"""Films with sections, items and sources; members' spoiler opt-ins.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "films",
        sa.Column("id", ID, primary_key=True),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("slug", sa.String(140), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("release_date", sa.Date, nullable=True),
        sa.Column("director", sa.String(100), nullable=True),
        sa.Column("cast", sa.JSON, nullable=False),
        sa.Column("synopsis", sa.Text, nullable=False),
        sa.Column("origin", sa.String(500), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("loaded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("guild_id", "slug", name="uq_films_guild_slug"),
    )
    op.create_index("ix_films_guild", "films", ["guild_id"])
    op.create_table(
        "sources",
        sa.Column("id", ID, primary_key=True),
        sa.Column("film_id", ID, sa.ForeignKey("films.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("outlet", sa.String(100), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("url", sa.String(500), nullable=True),
        sa.UniqueConstraint("film_id", "number", name="uq_sources_film_number"),
    )
    op.create_table(
        "sections",
        sa.Column("id", ID, primary_key=True),
        sa.Column("film_id", ID, sa.ForeignKey("films.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("heading", sa.String(200), nullable=True),
        sa.Column("heading_level", sa.String(10), nullable=False),
        sa.Column("body", sa.Text, nullable=True),
    )
    op.create_index("ix_sections_film", "sections", ["film_id"])
    op.create_table(
        "items",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "section_id", ID, sa.ForeignKey("sections.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("heading", sa.String(200), nullable=False),
        sa.Column("heading_level", sa.String(10), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_items_section", "items", ["section_id"])
    op.create_table(
        "reader_settings",
        sa.Column("user_id", ID, primary_key=True, autoincrement=False),
        sa.Column("all_films", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "seen_films",
        sa.Column("user_id", ID, primary_key=True, autoincrement=False),
        sa.Column(
            "film_id",
            ID,
            sa.ForeignKey("films.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("seen_films", "reader_settings", "items", "sections", "sources", "films"):
        op.drop_table(table)
