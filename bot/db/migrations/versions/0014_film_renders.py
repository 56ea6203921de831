"""Film topics' answers rendered when a film is stored, so a first answer reads one row.

``film_renders`` holds, per film and topic, the pages of the open treatments and the document,
with the content hash and the renderer's fingerprint they were made from: a row that names
other content or other code is ignored (``bot.features.film.stored_renders``). It starts empty;
``epilogue import`` fills it for every film it stores, and for the films whose row is missing
or outdated.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "film_renders",
        sa.Column(
            "film_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.ForeignKey("films.id", ondelete="CASCADE"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("topic", sa.String(20), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("renderer", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("film_id", "topic"),
    )


def downgrade() -> None:
    """Only renders made from other tables: nothing is lost."""
    op.drop_table("film_renders")
