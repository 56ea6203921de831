"""The original names of a hidden message's files.

A hide reposts files under neutral names (Discord shows a file's name in plain text, spoiler or
not, and a name can state the ending); ``hidden_messages.file_names`` keeps the names the author
gave them, as a JSON list in the repost's order, so Undo gives them back. Hides made before it
have none (NULL): their repost names are the originals with a ``SPOILER_`` prefix.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hidden_messages") as batch:
        batch.add_column(sa.Column("file_names", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hidden_messages") as batch:
        batch.drop_column("file_names")
