"""Every module of the bot imports on its own, whatever was imported before it.

An import cycle goes unseen while some other module is always imported first (``client.bot``
in every test): ``import client.delivery`` alone failed (delivery → attempts → answer_files →
partial_updates → delivery), which a script, a tool or a new test importing it first would
meet. One process imports each module with the project's own modules forgotten before it, so
each starts from nothing of ours (third-party modules stay loaded: they cost the time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.timing import scaled

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "client", "cogs")

# ``re`` keeps the patterns it compiled, 512 of them, dropping the oldest: the modules compile
# more than that, so importing them over and over compiled every pattern again each time, half
# of this test's CPU. Kept without a limit, each is compiled once (the same Pattern objects).
SCRIPT = """
import importlib, re, sys, traceback
re._MAXCACHE = 1 << 20
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in ("bot", "client", "cogs")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc().strip().splitlines()[-1])
print("\\n".join(failed))
"""


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__main__" or "migrations" in parts:
                continue  # runs the CLI; Alembic's scripts are loaded by Alembic
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_on_its_own() -> None:
    modules = _modules()
    assert "client.delivery" in modules and "bot.catalog" in modules
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=scaled(300),
        check=True,
    )
    assert done.stdout.strip() == "", done.stdout
