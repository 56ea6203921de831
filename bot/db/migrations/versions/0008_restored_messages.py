"""Messages Undo put back are remembered, so they can be hidden again.

Undo reposts a hidden message as its author wrote it through Epilogue's webhook; to Discord
that is a webhook's message, which Hide as spoiler refuses (it is not a member's). A
``hidden_messages`` row with ``restored`` true names such a message and its author: Hide takes
it as the author's message again, and the hidden list and Undo leave it out.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hidden_messages") as batch:
        batch.add_column(
            sa.Column("restored", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    op.execute("DELETE FROM hidden_messages WHERE restored")
    with op.batch_alter_table("hidden_messages") as batch:
        batch.drop_column("restored")
