"""Server spoiler rules, embargoes, the audit log, and anchors for persistent buttons.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", ID, primary_key=True, autoincrement=False),
        sa.Column("default_mode", sa.String(20), nullable=False),
        sa.Column("optin_enabled", sa.Boolean, nullable=False),
        sa.Column("optin_role_id", ID, nullable=True),
        sa.Column("moderator_role_id", ID, nullable=True),
        sa.Column("cooldown_seconds", sa.Integer, nullable=False),
    )
    op.create_table(
        "channel_rules",
        sa.Column("channel_id", ID, primary_key=True, autoincrement=False),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
    )
    op.create_table(
        "embargoes",
        sa.Column("guild_id", ID, primary_key=True, autoincrement=False),
        sa.Column(
            "film_id",
            ID,
            sa.ForeignKey("films.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("until", sa.Date, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", ID, primary_key=True),
        sa.Column("guild_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_audit_guild_time", "audit_log", ["guild_id", "created_at"])
    op.create_table(
        "answer_anchors",
        sa.Column("id", ID, primary_key=True),
        sa.Column("command", sa.String(40), nullable=False),
        sa.Column("arguments", sa.JSON, nullable=False),
        sa.Column("owner_id", ID, nullable=False),
        sa.Column("guild_id", ID, nullable=True),
        sa.Column("channel_id", ID, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("answer_anchors", "audit_log", "embargoes", "channel_rules", "guild_settings"):
        op.drop_table(table)
