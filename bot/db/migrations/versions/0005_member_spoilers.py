"""Members' own spoilers: who may hide a message, the automatic guard, and what it hid.

``guild_settings`` gains ``member_hiding`` (any member may use "Hide as spoiler"),
``guard_enabled`` (the guard runs in this server) and ``guard_all_films`` (it checks every
film, not only embargoed ones). ``guarded_channels`` holds each channel's own guard switch,
``guard_opt_outs`` the members who asked not to be guarded, and ``hidden_messages`` what was
hidden (for undo).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(
            sa.Column("member_hiding", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("guard_enabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("guard_all_films", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "guarded_channels",
        sa.Column("channel_id", _ID, nullable=False, autoincrement=False),
        sa.Column("guild_id", _ID, nullable=False),
        sa.Column("guarded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("channel_id"),
    )
    op.create_index("ix_guarded_channels_guild", "guarded_channels", ["guild_id"])
    op.create_table(
        "guard_opt_outs",
        sa.Column("user_id", _ID, nullable=False, autoincrement=False),
        sa.Column("guild_id", _ID, nullable=False, autoincrement=False),
        sa.PrimaryKeyConstraint("user_id", "guild_id"),
    )
    op.create_table(
        "hidden_messages",
        sa.Column("repost_id", _ID, nullable=False, autoincrement=False),
        sa.Column("guild_id", _ID, nullable=False),
        sa.Column("channel_id", _ID, nullable=False),
        sa.Column("thread_id", _ID, nullable=True),
        sa.Column("author_id", _ID, nullable=False),
        sa.Column("hidden_by", _ID, nullable=False),
        sa.Column("work", sa.String(140), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("repost_id"),
    )
    op.create_index("ix_hidden_messages_guild_time", "hidden_messages", ["guild_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_hidden_messages_guild_time", "hidden_messages")
    op.drop_table("hidden_messages")
    op.drop_table("guard_opt_outs")
    op.drop_index("ix_guarded_channels_guild", "guarded_channels")
    op.drop_table("guarded_channels")
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("guard_all_films")
        batch.drop_column("guard_enabled")
        batch.drop_column("member_hiding")
