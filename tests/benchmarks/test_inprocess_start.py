from __future__ import annotations

import asyncio.base_events
import sys
from pathlib import Path

import pytest

import bot.epilogue
from benchmarks.inprocess import COMPILED, FROM_SOURCE, Bytecode, measure_start, start_report


def test_only_the_compile_step_may_write_bytecode(tmp_path: Path) -> None:
    """Measured starts read the caches as prepared and never write to them; each way reads its
    own prefix, whatever the environment says about writing bytecode."""
    bytecode = Bytecode(tmp_path / "compiled", tmp_path / "from-source")
    compile_env = bytecode.env("compile")
    assert "PYTHONDONTWRITEBYTECODE" not in compile_env
    assert compile_env["PYTHONPYCACHEPREFIX"] == str(bytecode.compiled)
    for way, prefix in (("compiled", bytecode.compiled), ("from_source", bytecode.from_source)):
        env = bytecode.env(way)
        assert env["PYTHONDONTWRITEBYTECODE"] == "1"
        assert env["PYTHONPYCACHEPREFIX"] == str(prefix)


@pytest.mark.slow  # five interpreters start the bot
def test_start_is_measured_compiled_and_from_source(tmp_path: Path) -> None:
    """The compiled start reads every module it imports from compiled files, as a deployed bot
    does; the from-source start compiles the bot and its dependencies itself (the standard
    library stays compiled). Both are reported, each with its own label."""
    starts = measure_start(tmp_path / "store.db", None, 1, tmp_path / "bytecode")
    assert starts["compiled"]["modules_from_source"] == 0
    assert starts["from_source"]["modules_from_source"] > 100
    for stats in starts.values():
        assert stats["films"] == 0
        assert stats["import_cpu_s"] > 0 and stats["open_cpu_s"] > 0
    # The standard library's compiled files are the only ones the from-source way keeps.
    for module, from_source in ((asyncio.base_events, True), (bot.epilogue, False)):
        source = Path(module.__file__).resolve()
        relative = source.parent.relative_to(source.anchor)
        name = f"{source.stem}.{sys.implementation.cache_tag}.pyc"
        assert (tmp_path / "bytecode" / "compiled" / relative / name).exists()
        assert (tmp_path / "bytecode" / "from-source" / relative / name).exists() == from_source
    shown = start_report(0, starts)
    assert COMPILED in shown and FROM_SOURCE in shown
    assert "0 modules compiled in process" in shown
