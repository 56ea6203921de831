"""Epilogue's own messages hidden again when a spoiler channel stops being one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features.spoiler_rules.rules import LOG_DETAIL_LIMIT, _shown_detail
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.rehiding import (
    WITHHELD,
    RehidingOutcome,
    RulesChange,
    out_of_reach_log,
    out_of_reach_note,
    published_withholds,
    rehidden,
)
from bot.spoiler_policy.stored_rules import GuildRules
from tests.support.discord_markdown import (
    author_text,
    block_text,
    hidden_text,
    marker,
    visible_text,
)

TODAY = dt.date(2030, 1, 1)
SPOILERS, STANDARD, QUIET = ChannelMode.SPOILERS, ChannelMode.STANDARD, ChannelMode.NO_SPOILERS
GENERAL, THREAD, OTHER, KEPT = 10, 11, 20, 30
MARK = marker(0)[:3]  # every marker word starts so
ENDING = "Mia marries Greg and Sebastian plays their theme"


def answer(description: str, *, fields: tuple[str, ...] = (), content: str = "") -> dict[str, Any]:
    """A message as Discord's history gives it (an answer posted in a spoiler channel)."""
    embed: dict[str, Any] = {
        "type": "rich",
        "title": "La La Land \\(2016\\) · The ending explained",
        "description": description,
        "color": 5793266,
        "footer": {"text": "Page 1/3 · Epilogue"},
        "flags": 0,
    }
    if fields:
        embed["fields"] = [{"name": f"Theme {i}", "value": v} for i, v in enumerate(fields)]
    return {"content": content, "embeds": [embed]}


def readable(edit: dict[str, Any]) -> list[str]:
    texts = [edit["content"]]
    for embed in edit["embeds"]:
        texts.append(embed.get("description") or "")
        texts += [field["value"] for field in embed.get("fields") or []]
    return texts


def seen(edit: dict[str, Any]) -> str:
    """What a reader of the edited message sees without clicking (the client's model)."""
    return "\n".join(visible_text(text) for text in readable(edit))


def test_an_open_answer_is_wrapped_where_spoilers_may_be_wrapped() -> None:
    message = answer(
        f"**The ending**\n\n{ENDING}.\n\nA second paragraph, with a ||hidden|| word.",
        fields=(ENDING,),
    )
    edit = rehidden(message, withhold=False)
    assert edit is not None
    assert "Mia" not in seen(edit) and "hidden" not in seen(edit)
    # Still there behind bars: a click reads it, as in any standard channel.
    assert ENDING in hidden_text(edit["embeds"][0]["description"])
    assert edit["embeds"][0]["title"] == message["embeds"][0]["title"]
    assert edit["embeds"][0]["footer"] == message["embeds"][0]["footer"]
    assert rehidden({**message, **edit}, withhold=False) is None, "hidden once, left alone then"


def test_withheld_where_spoilers_may_not_be_posted_even_wrapped() -> None:
    message = answer(ENDING, fields=(ENDING,), content=ENDING)
    edit = rehidden(message, withhold=True)
    assert edit is not None
    assert ENDING not in "".join(readable(edit))
    assert edit["embeds"][0]["description"] == WITHHELD and "fields" not in edit["embeds"][0]
    assert edit["embeds"][0]["title"] == message["embeds"][0]["title"]
    assert rehidden({**message, **edit}, withhold=True) is None


def test_what_cannot_be_wrapped_whole_is_withheld() -> None:
    # Bars around each paragraph would pass the description's 4,096 characters.
    long = "\n\n".join([ENDING] * 80)[:4096]
    edit = rehidden(answer(long), withhold=False)
    assert edit is not None and edit["embeds"][0]["description"] == WITHHELD
    # A picture or a link no bars hide.
    pictured = answer(ENDING)
    pictured["embeds"][0]["image"] = {"url": "https://x.io/mia-marries-greg.png"}
    edit = rehidden(pictured, withhold=False)
    assert edit is not None and edit["embeds"] == [
        {
            "type": "rich",
            "title": pictured["embeds"][0]["title"],
            "color": 5793266,
            "footer": {"text": "Page 1/3 · Epilogue"},
            "description": WITHHELD,
        }
    ]


def test_a_message_showing_nothing_openly_is_left_alone() -> None:
    assert rehidden(answer(f"||{ENDING}||"), withhold=False) is None
    assert rehidden({"content": f"||{ENDING}||", "embeds": []}, withhold=True) is None


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(author_text(), block_text()), withhold=st.booleans())
def test_no_edit_shows_what_the_message_held(text: str, withhold: bool) -> None:
    """Whatever markdown a message of Epilogue's holds (a member's words it reposted, quotes,
    headings, code, links, bars of its own), the edit shows none of its marker words."""
    for message in (answer(text, fields=(text[:1024],)), {"content": text, "embeds": []}):
        edit = rehidden(message, withhold=withhold)
        if edit is None:
            assert not any(MARK in visible_text(t) for t in readable(message))
            continue
        assert MARK not in seen(edit), edit


def rules(default: ChannelMode = STANDARD, **channels: ChannelMode) -> GuildRules:
    modes = {{"general": GENERAL, "kept": KEPT}[name]: mode for name, mode in channels.items()}
    return GuildRules(guild_id=1, default_mode=default, channel_modes=modes)


PLACES = [(GENERAL, None), (THREAD, GENERAL), (OTHER, None), (KEPT, None)]


def test_places_that_left_spoilers_threads_following_their_parent() -> None:
    change = RulesChange(rules(general=SPOILERS), rules(general=QUIET), TODAY)
    assert change.left_spoilers(PLACES) == {GENERAL: QUIET, THREAD: QUIET}
    assert change.may_leave_spoilers(GENERAL, None)
    # The default changing leaves a channel with a spoilers rule of its own as it was.
    change = RulesChange(rules(SPOILERS, kept=SPOILERS), rules(STANDARD, kept=SPOILERS), TODAY)
    assert change.left_spoilers(PLACES) == {GENERAL: STANDARD, THREAD: STANDARD, OTHER: STANDARD}
    assert change.may_leave_spoilers(None, None)
    # Into spoilers, or between two other modes: nothing to hide again.
    change = RulesChange(rules(STANDARD), rules(SPOILERS), TODAY)
    assert change.left_spoilers(PLACES) == {} and not change.may_leave_spoilers(None, None)
    change = RulesChange(rules(general=STANDARD), rules(general=QUIET), TODAY)
    assert change.left_spoilers(PLACES) == {}


def test_an_embargo_in_force_withholds_in_a_standard_channel() -> None:
    embargoed = GuildRules(guild_id=1, embargoes={"la-la-land": dt.date(2031, 1, 1)})
    ended = GuildRules(guild_id=1, embargoes={"la-la-land": TODAY})
    assert RulesChange(rules(), embargoed, TODAY).withholds(STANDARD)
    assert not RulesChange(rules(), ended, TODAY).withholds(STANDARD)
    assert RulesChange(rules(), rules(), TODAY).withholds(QUIET)


def test_a_spoiler_channel_made_an_announcement_channel_hides_what_it_showed() -> None:
    """Published messages may reach other servers: a spoiler channel's answers are wrapped,
    or withheld while an embargo is in force (until its day has begun everywhere), and a
    channel that showed nothing openly is left alone."""
    morning = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
    spoilers = rules(general=SPOILERS)
    assert published_withholds(spoilers, GENERAL, morning) is False
    assert published_withholds(rules(default=SPOILERS), GENERAL, morning) is False
    assert published_withholds(spoilers, OTHER, morning) is None
    assert published_withholds(rules(default=STANDARD), GENERAL, morning) is None
    ends_today = GuildRules(
        guild_id=1, channel_modes={GENERAL: SPOILERS}, embargoes={"la-la-land": TODAY}
    )
    assert published_withholds(ends_today, GENERAL, morning) is True
    assert published_withholds(ends_today, GENERAL, morning + dt.timedelta(hours=4)) is False


def test_the_moderator_is_told_each_place_left_showing_answers_and_why() -> None:
    assert out_of_reach_note(RehidingOutcome(edited=3)) is None
    places = list(range(100, 130))
    note = out_of_reach_note(
        RehidingOutcome(unreadable=places, closed=[THREAD], refused={GENERAL: 2}, stopped=[OTHER])
    )
    assert note is not None and note.ephemeral and note.content is not None
    unreadable, closed, refused, stopped = note.content.splitlines()
    assert f"<#{THREAD}>" in closed and "Manage Threads" in closed
    assert "Read Message History" in unreadable and "<#100>" in unreadable
    assert "<#119>" in unreadable and "<#120>" not in unreadable and "10 more" in unreadable
    assert "2 of its answers" in refused and f"<#{GENERAL}>" in refused
    assert f"<#{OTHER}>" in stopped and "limiting" in stopped
    assert len(note.content) <= 2000


def test_a_resumed_runs_log_entries_show_whole_in_a_log_line() -> None:
    """The moderators' log shows about 140 characters of an entry: each reason's entry says
    what to do first and fits with a place named, the rest counted."""
    snowflake = 1_579_420_465_472_995_331
    places = [snowflake + n for n in range(5)]
    outcome = RehidingOutcome(
        unreadable=places, closed=places, refused=dict.fromkeys(places, 2), stopped=places
    )
    entries = out_of_reach_log(outcome)
    assert len(entries) == 4
    for entry in entries:
        assert len(entry) <= LOG_DETAIL_LIMIT, entry
        assert _shown_detail(entry).endswith(f"||<#{places[0]}>|| and 4 more"), "shown whole"
    assert out_of_reach_log(RehidingOutcome(edited=3)) == []


def test_a_place_not_known_to_be_a_channel_is_named_behind_bars_to_the_moderator() -> None:
    """Discord draws ``<#id>`` as the place's name now: a thread's title is a member's words
    (a forum post's "Mia marries Greg"), and the places hiding again could not reach are the
    threads under the channel the moderator changed, none of which they named. The note and
    the log name a thread, or a place not known to be a channel, behind bars; a channel (a
    name moderators chose) in the clear."""
    outcome = RehidingOutcome(
        unreadable=[GENERAL, THREAD],
        closed=[THREAD],
        refused={THREAD: 1},
        stopped=[OTHER],
        channels={GENERAL},
    )
    note = out_of_reach_note(outcome)
    assert note is not None and note.content is not None
    for text in (
        note.content,
        *out_of_reach_log(outcome),
        *out_of_reach_log(
            RehidingOutcome(
                unreadable=[THREAD], closed=[THREAD], refused={THREAD: 1}, stopped=[OTHER]
            )
        ),
    ):
        for place in (THREAD, OTHER):
            assert f"<#{place}>" not in visible_text(text), text
    assert f"<#{GENERAL}>" in visible_text(note.content)
    assert hidden_text(note.content).count(f"<#{THREAD}>") == 3
    logged = out_of_reach_log(RehidingOutcome(unreadable=[GENERAL], channels={GENERAL}))
    assert f"<#{GENERAL}>" in visible_text(logged[0])


def test_archived_threads_are_looked_through_where_the_change_may_have_ended_their_spoilers() -> (
    None
):
    """Discord sends no archived thread on connecting: they are listed under a channel whose
    threads followed it out of spoilers, or wherever a rule of a thread's own that no held
    place has was ended."""
    default_ended = RulesChange(rules(SPOILERS), rules(STANDARD), TODAY)
    assert default_ended.may_have_left_archived(GENERAL, {GENERAL})
    kept_by_channel = RulesChange(
        rules(SPOILERS, general=SPOILERS), rules(STANDARD, general=SPOILERS), TODAY
    )
    assert not kept_by_channel.may_have_left_archived(GENERAL, {GENERAL})
    archived = 55  # a thread of its own rule that no held place is
    own_ended = RulesChange(
        GuildRules(guild_id=1, channel_modes={archived: SPOILERS}), rules(), TODAY
    )
    assert own_ended.may_have_left_archived(GENERAL, {GENERAL})
    assert not own_ended.may_have_left_archived(GENERAL, {GENERAL, archived})
    assert not RulesChange(rules(), rules(), TODAY).may_have_left_archived(GENERAL, {GENERAL})
