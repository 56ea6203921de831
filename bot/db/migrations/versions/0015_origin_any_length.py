"""``films.origin`` holds a file's path of any length.

It was ``VARCHAR(500)``: PostgreSQL refused a content file deeper in the file system (Linux
allows paths of 4,096 bytes), and the whole import's transaction with it. SQLite never enforced
the length, so there the column is left as it is (changing a SQLite column's type means
rebuilding the table, and with it the triggers that keep the content revision).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # From VARCHAR to TEXT is no rewrite of the table: the stored values stay as they are.
        op.alter_column("films", "origin", type_=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    """A longer path is cut to 500 characters: it names the file in reports only."""
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "films",
            "origin",
            type_=sa.String(500),
            existing_nullable=False,
            postgresql_using="left(origin, 500)",
        )
