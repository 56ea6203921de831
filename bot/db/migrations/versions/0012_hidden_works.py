"""Global films a server's admins hid in their server (``/film-admin hide``).

The catalog reads them with the films: a change to them moves the content revision by the same
triggers as a change to the films (0010), so every process's catalog follows.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BUMP = (
    "INSERT INTO content_revision (id, revision) VALUES (1, 1)"
    " ON CONFLICT (id) DO UPDATE SET revision = content_revision.revision + 1"
)
_SQLITE_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "hidden_works",
        sa.Column("guild_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sa.Column("work", sa.String(140), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("hidden_by", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sa.Column("hidden_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "work"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for event in _SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER hidden_works_revision_{event} AFTER {event.upper()}"
                f" ON hidden_works FOR EACH ROW BEGIN {_BUMP}; END"
            )
    else:
        # The function 0010 made for the films.
        op.execute(
            "CREATE TRIGGER hidden_works_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
            " ON hidden_works FOR EACH STATEMENT EXECUTE FUNCTION bump_content_revision()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in _SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER hidden_works_revision_{event}")
    else:
        op.execute("DROP TRIGGER hidden_works_revision ON hidden_works")
    op.drop_table("hidden_works")
