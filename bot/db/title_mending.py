"""Stored titles mended again under the spoiler markup read today.

Titles and aliases reach places Discord cannot hide (autocomplete, /film list, embed titles), so
migration 0013 takes out of them what spoiler markup hid. Each time the renderer learns to read
more markup as bars (``bars_as_meant``), a database still holds titles the earlier reading let
through: a later migration runs 0013's mending once more (0016-0021, 0023-0025), as it reads
titles now.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_MENDING = Path(__file__).parent / "migrations" / "versions" / "0013_titles_without_spoilers.py"


def mend_titles_again() -> None:
    """0013's ``upgrade``, in the migration that calls this: loaded from its file as Alembic
    loads a migration (its name starts with a digit, so it cannot be imported by name)."""
    spec = importlib.util.spec_from_file_location("epilogue_migration_0013", _MENDING)
    assert spec is not None and spec.loader is not None
    mending = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mending)
    mending.upgrade()
