"""What discord.py requires of a file's description, filled in where Discord's shape allows it
to be left out. Its own module: REST answers (``client.answer_files``) and gateway parsers
(``client.partial_updates``) both need it, and the second imports the delivery code the first
is imported by (a cycle: ``import client.delivery`` alone failed)."""

from __future__ import annotations

from typing import Any

__all__ = ["UNKNOWN_SIZE", "complete_files"]


def complete_files(files: Any) -> None:
    """Fill in what discord.py requires of attachments and a stand-in, a proxy or a more
    minimal Discord may leave out, without which it failed to read the whole message or
    interaction (the guard never saw it; a /spoiler post or Hide as spoiler went unanswered):
    ``proxy_url`` (Discord's media proxy) is the file's own URL, and a ``size`` not given is
    0, a weight not known: such a file is fetched, and what is fetched is weighed again (a
    content file's bytes; a repost's by Discord, which refuses one too heavy, 413)."""
    for file in files if isinstance(files, list | tuple) else ():
        if isinstance(file, dict) and "url" in file:
            file.setdefault("proxy_url", file["url"])
            file.setdefault("size", UNKNOWN_SIZE)


UNKNOWN_SIZE = 0
"""The ``size`` of a file described without one (see ``complete_files``)."""
