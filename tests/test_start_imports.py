"""What `epilogue run` imports to start leaves out what only some commands need.

Every module a start imports is compiled or read before the bot is ready, and the 100,000-film
start has a 3 s target on a 2-core machine. The article importer (beautifulsoup4, markdown-it
and some sixty modules of ours: 0.6 s of a start compiled from source) is needed only when an
admin imports an article; a module-level import of one helper of it (``may_tell`` in the add
form's checks) brought all of it into every start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Imported lazily, where they are used: nothing a start runs needs them.
NOT_AT_START = ("bot.importer", "bs4", "markdown_it")

SCRIPT = """
import json, sys
import client.runner, bot.epilogue  # what `epilogue run` imports before it opens
ours = ("bot", "bs4", "markdown_it")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ours)))
"""


def test_a_start_imports_no_article_importer() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    assert "bot.epilogue" in loaded  # the script imported what a start imports
    early = [m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_AT_START)]
    assert early == [], f"imported at start, though only some commands need them: {early}"
