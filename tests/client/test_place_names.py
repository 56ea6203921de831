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
