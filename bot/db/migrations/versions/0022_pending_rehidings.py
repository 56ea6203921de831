"""Re-hiding recorded before the moderator is told: ``pending_rehidings``.

When a change ends a spoiler channel Epilogue edits its open answers there to hide them again;
that ran in memory only, so a restart mid-way left the rest showing endings for good. One row
per change holds what is left, resumed by whichever process holds the server.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pending_rehidings",
        sa.Column("id", ID, primary_key=True),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("rules_before", sa.JSON, nullable=False),
        sa.Column("places", sa.JSON, nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_pending_rehidings_guild", "pending_rehidings", ["guild_id"])


def downgrade() -> None:
    op.drop_index("ix_pending_rehidings_guild", table_name="pending_rehidings")
    op.drop_table("pending_rehidings")
