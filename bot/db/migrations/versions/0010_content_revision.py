"""A content revision that every change to the films moves, by trigger.

Other processes told that their catalog is stale by the films' count, id sum and newest
``loaded_at``. Two stores at once could slip past that: the one that began first stamps its rows
with the earlier time and may commit last, so nothing in the stamp moved and its change (a fix
hiding a leaked ending, say) never reached the other process's answers. A number moved inside the
writing transaction cannot be missed: it becomes visible with the change itself.

SQLite moves it once per row written; PostgreSQL once per statement (its writers also announce
changes on the change feed). The trigger inserts the row if a TRUNCATE emptied the table.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BUMP = (
    "INSERT INTO content_revision (id, revision) VALUES (1, 1)"
    " ON CONFLICT (id) DO UPDATE SET revision = content_revision.revision + 1"
)
_SQLITE_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "content_revision",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO content_revision (id, revision) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for event in _SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER films_revision_{event} AFTER {event.upper()} ON films"
                f" FOR EACH ROW BEGIN {_BUMP}; END"
            )
    else:
        op.execute(
            "CREATE FUNCTION bump_content_revision() RETURNS trigger LANGUAGE plpgsql AS"
            f" $$ BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER films_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON films"
            " FOR EACH STATEMENT EXECUTE FUNCTION bump_content_revision()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in _SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER films_revision_{event}")
    else:
        op.execute("DROP TRIGGER films_revision ON films")
        op.execute("DROP FUNCTION bump_content_revision()")
    op.drop_table("content_revision")
