"""Which Discord shards this process runs: ``--shard-ids 0-3 --shard-count 8``.

Discord requires sharding above 2,500 servers; a server's events go to shard
``(guild_id >> 22) % shard_count``. Large bots run groups of shards in separate processes that
share one database, so sharded running needs PostgreSQL (SQLite is one writer, one process).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url


class ShardSpecError(ValueError):
    """A shard list that cannot be read; the message says what to write instead."""


def parse_shard_ids(text: str) -> list[int]:
    """``"0-3"``, ``"0,2,5"`` or ``"0-3,8-11"`` as a sorted list of shard ids."""
    ids: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        first, dash, last = part.partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise ShardSpecError(
                f"{part!r} is not a shard id or range: write e.g. 0-3 or 0,1,2,3"
            ) from None
        if low < 0 or high < low:
            raise ShardSpecError(f"{part!r}: a range goes from a low id up, e.g. 0-3")
        ids.update(range(low, high + 1))
    if not ids:
        raise ShardSpecError("no shard ids given: write e.g. 0-3 or 0,1,2,3")
    return sorted(ids)


@dataclass(frozen=True)
class Shards:
    ids: list[int] | None
    count: int | None

    @property
    def sharded(self) -> bool:
        return self.ids is not None or self.count is not None

    @property
    def every_shard_here(self) -> bool:
        """Whether this process runs all the bot's shards (no other process can share them)."""
        return self.ids is None or (
            self.count is not None and set(self.ids) >= set(range(self.count))
        )


def check_shards(ids: list[int] | None, count: int | None) -> Shards:
    """The shards to run, checked; raises ShardSpecError naming the setting to fix."""
    if ids is not None and count is None:
        raise ShardSpecError(
            "discord.shard_ids needs discord.shard_count (--shard-count): how many shards the"
            " bot has in all, across every process"
        )
    if count is not None and count < 1:
        raise ShardSpecError(f"discord.shard_count must be 1 or more (got {count})")
    if ids is not None and count is not None and max(ids) >= count:
        raise ShardSpecError(
            f"discord.shard_ids: shard {max(ids)} does not exist when shard_count is {count}"
            f" (ids go from 0 to {count - 1})"
        )
    return Shards(ids, count)


def refuse_sqlite(shards: Shards, database_url: str) -> str | None:
    """The one-line reason sharded running cannot use this database, or None. Every shard in
    this one process is one process, which SQLite serves (as ``epilogue run`` runs itself when
    Discord requires sharding); some of them, with the others in other processes, is not."""
    if shards.every_shard_here or make_url(database_url).get_backend_name() != "sqlite":
        return None
    return (
        "sharded running over processes (discord.shard_ids, --shard-ids: some of the shards"
        " here) needs PostgreSQL: database.url is SQLite, which serves one process; set"
        " database.url to"
        " postgresql+asyncpg://user@host:5432/epilogue (README: Running at scale)"
    )
