"""Claims that let exactly one process act on a gateway event every process was shown.

Two processes on one shard (a deploy's overlap) and an event replayed after a RESUME both
deliver a member's message twice; the spoiler guard remembered what it hid in process memory
only, so each process reposted it. ``action_claims`` holds one row per (kind, subject,
revision): the insert that creates it acts, the others wait for it to be done or its lease to
run out (``bot.claims``).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_claims",
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column(
            "subject",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("revision", sa.String(32), nullable=False),
        sa.Column("holder", sa.String(32), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("kind", "subject", "revision"),
    )
    op.create_index("ix_action_claims_claimed", "action_claims", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_action_claims_claimed", table_name="action_claims")
    op.drop_table("action_claims")
