"""A channel rule remembers whether its channel is a thread.

``/spoiler-rules show`` names each channel with a rule as ``<#id>``, which Discord draws as the
channel's current name: a thread's is its title, a member's words that may have been renamed to
give an ending away since. A thread is named behind spoiler bars there; a rule stored before
this revision (``thread`` unknown, NULL) may be a thread's, so it is named behind bars too until
a moderator sets it again.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channel_rules") as batch:
        batch.add_column(sa.Column("thread", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channel_rules") as batch:
        batch.drop_column("thread")
