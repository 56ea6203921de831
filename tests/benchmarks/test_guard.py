"""The guard benchmark measures the guard, not what an earlier pass left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.guard import (
    CORPORA,
    SEPARATE,
    UNSEEN,
    corpora,
    moderate,
    open_app,
    read_corpus,
    score,
)


async def test_a_pass_scores_as_the_one_before_it(tmp_path: Path) -> None:
    """The benchmark scores each corpus twice (embargoed films, then every film); the guard
    hides each message once, so a pass that showed the same message ids again scored 0."""
    corpus = read_corpus(CORPORA["main"])[:40]
    app = await open_app(tmp_path)
    try:
        await moderate(app, "spoiler-rules guard", enabled=True, all_films=True)
        first = await score(app, corpus)
        second = await score(app, corpus)
    finally:
        await app.close()
    assert first.counts == second.counts
    assert sum(hidden for hidden, _total in first.counts.values()) > 0


def test_the_blind_corpora_stay_apart_and_the_old_blind_ones_are_development_data() -> None:
    """blind12 to blind18 and blind20 to blind26 served as blind measures and are now developed on;
    each blind corpus
    kept apart (blind19) is measured only when named, outside ``dev``, and never listed by
    ``--misses``."""
    development = corpora("dev")
    later = ("blind20", "blind21", "blind22", "blind23", "blind24", "blind25", "blind26")
    for name in (*(f"blind{n}" for n in range(12, 19)), *later):
        assert CORPORA[name] in development and CORPORA[name] not in UNSEEN
        assert name not in SEPARATE
        assert corpora(name) == [CORPORA[name]]
    assert list(SEPARATE) == ["blind19"], "the blind corpus kept apart is blind19"
    for name, path in SEPARATE.items():
        assert name not in CORPORA
        assert path in UNSEEN
        assert path not in development and path not in corpora("all")
        assert corpora(name) == [path]


def test_a_blind_corpus_not_written_yet_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blind corpus kept apart may be named before its file is written: measuring it says
    which file is missing rather than failing with a traceback."""
    monkeypatch.setitem(SEPARATE, "blind99", tmp_path / "guard_corpus_blind99.txt")
    with pytest.raises(SystemExit) as stopped:
        read_corpus(*corpora("blind99"))
    assert "guard_corpus_blind99.txt" in str(stopped.value) and "blind99" in str(stopped.value)
    assert "not written yet" in str(stopped.value)
