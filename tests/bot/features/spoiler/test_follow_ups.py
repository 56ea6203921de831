"""``FollowUps``' memory of messages naming no film: bounded, its indexes kept in step."""

from __future__ import annotations

from typing import Any

from bot.features.spoiler.follow_ups import FollowUps
from bot.features.spoiler.member_message import MemberMessage


async def _never(films: Any) -> None:
    raise AssertionError("not read here")


def _said(follow_ups: FollowUps, mid: int, content: str = "hm", **kw: Any) -> MemberMessage:
    message = MemberMessage(
        id=mid,
        guild_id=1,
        channel_id=kw.pop("channel_id", 10),
        author_id=5,
        author_name="mia",
        content=content,
        **kw,
    )
    follow_ups.arrived(1, message.channel_id, 5, mid).settle()
    follow_ups.unnamed(message, _never)
    return message


def test_only_the_latest_messages_naming_no_film_are_kept_and_indexed() -> None:
    follow_ups = FollowUps(unnamed_kept=3)
    for mid in range(1, 6):
        _said(follow_ups, mid, f"<@&{900 + mid}> hm", channel_id=100 + mid)
    # The two oldest forgotten, with every index naming them.
    assert not follow_ups.waiting_in(101) and not follow_ups.waiting_in(901)
    assert not follow_ups.waiting_in(102) and not follow_ups.waiting_in(902)
    assert all(follow_ups.waiting_in(100 + mid) for mid in (3, 4, 5))
    assert all(follow_ups.waiting_in(900 + mid) for mid in (3, 4, 5))


def test_a_message_read_again_is_indexed_by_what_it_shows_now() -> None:
    follow_ups = FollowUps()
    _said(follow_ups, 1, "<#700> hm")
    assert follow_ups.waiting_in(700)
    _said(follow_ups, 1, "<#800> hm")  # edited: mentions another channel now
    assert not follow_ups.waiting_in(700) and follow_ups.waiting_in(800)
