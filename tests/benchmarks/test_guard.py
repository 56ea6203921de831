"""The guard benchmark measures the guard, not what an earlier pass left behind."""

from __future__ import annotations

from pathlib import Path

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
    """blind12 to blind14 served as blind measures and are now trained and developed on;
    blind15 and blind16 are measured only when named and never listed by ``--misses``."""
    development = corpora("dev")
    for name in ("blind12", "blind13", "blind14"):
        assert CORPORA[name] in development and CORPORA[name] not in UNSEEN
    for name in ("blind15", "blind16"):
        assert name not in CORPORA
        assert SEPARATE[name] in UNSEEN
        assert SEPARATE[name] not in development and SEPARATE[name] not in corpora("all")
    assert corpora("blind15") == [SEPARATE["blind15"]]
