"""What discord.py requires of a file's description, filled in where Discord's shape allows it
to be left out. Its own module: REST answers (``client.answer_files``) and gateway parsers
(``client.partial_updates``) both need it, and the second imports the delivery code the first
is imported by (a cycle: ``import client.delivery`` alone failed)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

__all__ = ["UNKNOWN_SIZE", "complete_files", "waveform_unreadable"]


def complete_files(files: Any) -> None:
    """Fill in what discord.py requires of attachments and a stand-in, a proxy or a more
    minimal Discord may leave out, without which it failed to read the whole message or
    interaction (the guard never saw it; a /spoiler post or Hide as spoiler went unanswered):
    ``proxy_url`` (Discord's media proxy) is the file's own URL, and a ``size`` not given is
    0, a weight not known: such a file is fetched, and what is fetched is weighed again (a
    content file's bytes; a repost's by Discord, which refuses one too heavy, 413). A voice
    message's ``waveform`` discord.py cannot decode is made readable (``readable_waveform``)."""
    for file in files if isinstance(files, list | tuple) else ():
        if isinstance(file, dict) and "url" in file:
            file.setdefault("proxy_url", file["url"])
            file.setdefault("size", UNKNOWN_SIZE)
            if waveform_unreadable(file):
                file["waveform"] = readable_waveform(file["waveform"])


def waveform_unreadable(file: dict[str, Any]) -> bool:
    """Whether discord.py fails on ``file``'s ``waveform`` (and with it on the whole message or
    interaction): it decodes any it is given as padded standard base64 (and reads the URL-safe
    alphabet's characters as none, the samples wrong). Discord's reference
    says only "base64 encoded bytearray"; a stand-in or proxy may write it without padding, in
    the URL-safe alphabet, or as something else altogether."""
    waveform = file.get("waveform")
    if waveform is None:
        return False
    if not isinstance(waveform, str):
        return True
    if "-" in waveform or "_" in waveform:  # URL-safe: discord.py would drop those samples
        return True
    try:
        base64.b64decode(waveform.encode("ascii"))
    except (binascii.Error, ValueError):  # ValueError: not ASCII
        return True
    return False


def readable_waveform(waveform: object) -> str | None:
    """``waveform`` as padded standard base64, the same samples; None (no waveform, which
    discord.py reads as such and Epilogue never uses) when it is no base64 at all."""
    if not isinstance(waveform, str):
        return None
    text = "".join(waveform.split()).replace("-", "+").replace("_", "/").rstrip("=")
    text += "=" * (-len(text) % 4)
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return text


UNKNOWN_SIZE = 0
"""The ``size`` of a file described without one (see ``complete_files``)."""
