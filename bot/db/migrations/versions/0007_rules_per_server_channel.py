"""A channel's spoiler rule and guard switch belong to the server that set them.

``channel_rules`` and ``guarded_channels`` were keyed by the channel alone, so setting a rule
for a channel id moved the row to the server that set it: a forged channel option (or one this
process cannot place, a channel of another shard's server) let another server's moderator
take this server's no-spoilers rule away. Keyed by (server, channel), each server's rows are its
own; a server's rule for a channel id it does not have changes nothing anywhere.

Going back keeps one row per channel (the lowest server id's); ``epilogue db downgrade``
reports any others it would delete.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
_TABLES = {
    "channel_rules": ("mode", sa.String(20)),
    "guarded_channels": ("guarded", sa.Boolean()),
}


def _rebuild(table: str, key: tuple[str, ...], *, one_per_channel: bool) -> None:
    """Recreate ``table`` with primary key ``key``, its rows copied (SQLite cannot alter a
    primary key in place; the same steps work on PostgreSQL, where the key's name, unique
    among the schema's indexes, says which of the two it is)."""
    column, kind = _TABLES[table]
    new = f"{table}_rebuilt"
    op.create_table(
        new,
        sa.Column("channel_id", _ID, nullable=False, autoincrement=False),
        sa.Column("guild_id", _ID, nullable=False, autoincrement=False),
        sa.Column(column, kind, nullable=False),
        sa.PrimaryKeyConstraint(*key, name=f"pk_{table}_by_{'_'.join(key)}"),
    )
    rows = f"SELECT channel_id, guild_id, {column} FROM {table}"
    if one_per_channel:
        rows += (
            f" WHERE guild_id = (SELECT min(other.guild_id) FROM {table} AS other"
            f" WHERE other.channel_id = {table}.channel_id)"
        )
    op.execute(f"INSERT INTO {new} (channel_id, guild_id, {column}) {rows}")
    op.drop_index(f"ix_{table}_guild", table_name=table)
    op.drop_table(table)
    op.rename_table(new, table)
    op.create_index(f"ix_{table}_guild", table, ["guild_id"])


def upgrade() -> None:
    for table in _TABLES:
        _rebuild(table, ("guild_id", "channel_id"), one_per_channel=False)


def downgrade() -> None:
    for table in _TABLES:
        _rebuild(table, ("channel_id",), one_per_channel=True)
