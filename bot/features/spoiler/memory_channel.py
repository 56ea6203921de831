"""``ChannelOps`` kept in memory: the console's channels, where a hide can be watched offline.

It records what Discord would be asked to do (reposts, deletions, private notes) so the console
can print it; ``fail_repost`` lets a caller see that a failed repost loses nothing.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field, replace

from bot.features.spoiler.member_message import FileRef, MemberMessage, Repost, RepostFailed
from bot.replies import Reply

DISCORD_EPOCH_MS = 1_420_070_400_000
_REFUSED_NAMES = frozenset({"everyone", "here", "system message"})
_DRAWN_AS_NOTHING = re.compile("[\u115f\u1160\u200b-\u200f\u2060-\u2064\u3164\ufeff\uffa0]")
_sequence = itertools.count()


def next_snowflake() -> int:
    """An id as Discord makes them: milliseconds since its epoch, then a sequence number. The
    console's made-up messages and reposts are stored (``hidden_messages``) in a database that
    outlives the session, so a counter starting afresh each time would reuse a stored id."""
    now_ms = time.time_ns() // 1_000_000
    return ((now_ms - DISCORD_EPOCH_MS) << 22) | (next(_sequence) & 0x3FFFFF)


@dataclass
class MemoryChannel:
    files: dict[str, bytes] = field(default_factory=dict)
    reposts: list[tuple[int, Repost]] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    told: list[tuple[int, Reply]] = field(default_factory=list)
    fail_repost: str | None = None
    fail_delete: bool = False
    # Messages edited since they were read: their text as it is now, by id.
    edited: dict[int, str] = field(default_factory=dict)
    # Threads renamed, by id: their new titles.
    renamed: dict[int, str] = field(default_factory=dict)
    # What Discord says the channel is now (``publishable_now``), and how often it was asked.
    publishable: bool | None = False
    kind_asked: int = 0

    async def download(self, file: FileRef) -> bytes:
        return self.files.get(file.url, b"")

    async def repost(self, repost: Repost) -> int:
        if self.fail_repost is not None:
            raise RepostFailed(self.fail_repost)
        # Discord trims what it draws as nothing (zero-width and filler characters) and space.
        name = _DRAWN_AS_NOTHING.sub("", repost.username).strip().casefold()
        # What Discord answers a webhook username it refuses (400 Invalid Form Body).
        refused = "discord" in name or "clyde" in name or name in _REFUSED_NAMES
        if refused or not 1 <= len(name) <= 80:
            raise RepostFailed("Discord answered 400")
        repost_id = next_snowflake()
        self.reposts.append((repost_id, repost))
        return repost_id

    async def current(self, message: MemberMessage) -> MemberMessage | None:
        if message.id in self.deleted:
            return None
        if message.id in self.edited:
            return replace(message, content=self.edited[message.id])
        return message

    async def delete(self, message: MemberMessage) -> bool:
        if self.fail_delete:
            return False
        self.deleted.append(message.id)
        return True

    async def tell(self, user_id: int, reply: Reply) -> bool:
        self.told.append((user_id, reply))
        return True

    async def rename_thread(self, thread_id: int, name: str) -> bool:
        self.renamed[thread_id] = name
        return True

    async def publishable_now(self) -> bool | None:
        self.kind_asked += 1
        return self.publishable
