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


def test_the_blind_corpus_stays_apart_and_the_old_blind_ones_are_development_data() -> None:
    """blind12 to blind15 served as blind measures and are now trained and developed on;
    blind16 is measured only when named and never listed by ``--misses``."""
    development = corpora("dev")
    for name in ("blind12", "blind13", "blind14", "blind15"):
        assert CORPORA[name] in development and CORPORA[name] not in UNSEEN
        assert name not in SEPARATE
    assert "blind16" not in CORPORA
    assert SEPARATE["blind16"] in UNSEEN
    assert SEPARATE["blind16"] not in development and SEPARATE["blind16"] not in corpora("all")
    assert corpora("blind16") == [SEPARATE["blind16"]]
    assert corpora("blind15") == [CORPORA["blind15"]]
