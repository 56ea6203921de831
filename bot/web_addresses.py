"""A web address typed where a file is wanted: Epilogue reads files and fetches nothing.

One refusal for every place that takes a file (the CLI's paths, the console's attachments),
said before the address is read as a path, which would fold its ``//`` into ``/`` and report
the mangled address as a missing file.
"""

from __future__ import annotations

import re

WEB_ADDRESS = re.compile(r"\s*[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def web_address_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a file, if it is a web address; None if it is not one."""
    if WEB_ADDRESS.match(text) is None:
        return None
    return (
        f"'{text.strip()}' is a web address, not a file: Epilogue fetches nothing; download"
        " or save it (a page: Save Page As… HTML, or its text copied into a .txt file) and"
        " give that file's path"
    )
