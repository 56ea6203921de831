"""The names a channel or thread was seen with (a replayed rename's old one included)."""

from __future__ import annotations

from client.place_names import NAMES_EACH, RecentNames


def test_both_names_of_a_rename_are_kept_whichever_came_last() -> None:
    names = RecentNames()
    names.saw(1, "movie night", "la la land")  # the rename
    names.saw(1, "la la land", "movie night")  # its replay, from before it
    names.saw(2, "general")

    assert set(names.of(1)) == {"movie night", "la la land"}
    assert set(names.of(1, 2)) == {"movie night", "la la land", "general"}
    assert names.of(3, None) == ()


def test_what_is_kept_is_bounded() -> None:
    names = RecentNames(places=2)
    names.saw(1, *(f"name {n}" for n in range(NAMES_EACH + 3)))
    names.saw(2, "two")
    names.saw(3, "three")

    assert names.of(1) == ()  # the least recently renamed place went
    assert names.of(2, 3) == ("two", "three")
    names.saw(2, *(f"name {n}" for n in range(NAMES_EACH + 3)))
    assert len(names.of(2)) == NAMES_EACH


def test_a_place_whose_names_replays_outran_is_unsure_until_discord_shows_it() -> None:
    """More old names than are kept, delivered again, pushed out the one Discord shows."""
    names = RecentNames()
    names.saw(1, "movie night", "la la land")
    assert not names.unsure(1)
    for n in range(NAMES_EACH):
        names.saw(1, "la la land" if n == 0 else f"old {n - 1}", f"old {n}")
    assert "la la land" not in names.of(1) and names.unsure(1)

    names.confirmed(1, "la la land")
    assert "la la land" in names.of(1) and not names.unsure(1)
    assert len(names.of(1)) == NAMES_EACH


def test_a_place_forgotten_with_several_names_is_unsure() -> None:
    """Its cached name may be a replayed one; the names it was seen with are gone."""
    names = RecentNames(places=2)
    names.saw(1, "la la land", "movie night")
    names.saw(2, "two")
    names.saw(3, "three")
    assert names.unsure(1) and not names.unsure(2) and not names.unsure(4)


def test_past_the_unsure_places_kept_every_place_not_remembered_is_unsure() -> None:
    names = RecentNames(places=2, unsure=1)
    for place in range(1, 5):
        names.saw(place, "a", "b")
    assert names.unsure(1) and names.unsure(99)
    assert not names.unsure(4), "remembered with its names"
