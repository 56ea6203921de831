"""``ChannelOps`` kept in memory: the console's channels, where a hide can be watched offline.

It records what Discord would be asked to do (reposts, deletions, private notes) so the console
can print it; ``fail_repost`` lets a caller see that a failed repost loses nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.features.spoiler.members import FileRef, MemberMessage, Repost, RepostFailed
from bot.replies import Reply

_ids = itertools.count(900_000_000_000_000_000)


@dataclass
class MemoryChannel:
    files: dict[str, bytes] = field(default_factory=dict)
    reposts: list[tuple[int, Repost]] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    told: list[tuple[int, Reply]] = field(default_factory=list)
    fail_repost: str | None = None
    fail_delete: bool = False

    async def download(self, file: FileRef) -> bytes:
        return self.files.get(file.url, b"")

    async def repost(self, repost: Repost) -> int:
        if self.fail_repost is not None:
            raise RepostFailed(self.fail_repost)
        name = repost.username.casefold()
        # What Discord answers a webhook username it refuses (400 Invalid Form Body).
        refused = "discord" in name or "clyde" in name or name in {"everyone", "here"}
        if refused or not 1 <= len(repost.username) <= 80:
            raise RepostFailed("Discord answered 400")
        repost_id = next(_ids)
        self.reposts.append((repost_id, repost))
        return repost_id

    async def delete(self, message: MemberMessage) -> bool:
        if self.fail_delete:
            return False
        self.deleted.append(message.id)
        return True

    async def tell(self, user_id: int, reply: Reply) -> bool:
        self.told.append((user_id, reply))
        return True
