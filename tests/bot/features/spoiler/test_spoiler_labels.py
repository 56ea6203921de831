"""A hidden spoiler's label is what a reader decides by: it names every film the hidden text
names. A label naming one film over another film's ending (a member's "La La Land was great;
Storm Light ends with …" labelled La La Land) has a reader who saw La La Land click and read
Storm Light's ending, which they never asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.epilogue import Epilogue
from bot.features.spoiler.guard import as_read
from bot.features.spoiler.memory_channel import MemoryChannel
from tests.bot.features.spoiler.test_guard import _film, check, guard_on
from tests.bot.features.spoiler.test_member_spoilers import (
    AUTHOR,
    GUILD,
    MOD,
    SPOILER,
    hide,
    message,
    run,
    seat,
)
from tests.support.discord_markdown import hidden_text, visible_text

STORM_ENDS = "storm light ends with the lighthouse keeper drowning, wren rows home alone"


async def _storm_light(app: Epilogue, tmp_path: Path) -> None:
    (tmp_path / "storm.yaml").write_bytes(
        _film(
            "Storm Light",
            2020,
            "The lighthouse keeper drowns and Wren rows home alone.",
            "Wren lives with her father, the lighthouse keeper, on a rock.",
        )
    )
    assert not (await app.load_content([tmp_path], guild_id=GUILD)).problems


def _labelled(shown: str, *titles: str) -> None:
    """Each title is in what every reader sees without clicking (the label)."""
    missing = [title for title in titles if title.casefold() not in shown.casefold()]
    assert not missing, f"label names not {missing}: {shown!r}"


async def test_a_hide_names_every_film_its_hidden_text_names(app: Epilogue, tmp_path: Path) -> None:
    await _storm_light(app, tmp_path)
    channel = MemoryChannel()
    said = message(f"La La Land was great. {STORM_ENDS}")

    reply = await hide(app, seat(AUTHOR), said, channel)

    assert not reply.is_error, reply
    ((_, repost),) = channel.reposts
    assert "drowning" in hidden_text(repost.content)
    _labelled(visible_text(repost.content), "La La Land", "Storm Light")


async def test_a_post_counts_every_other_film_its_text_names(app: Epilogue, tmp_path: Path) -> None:
    """A post's text is hidden whole at its author's asking: another film it names is counted
    on the label, not named (which film it compares to may be the spoiler itself)."""
    await _storm_light(app, tmp_path)

    reply = await run(app, "spoiler post", seat(), film="La La Land", text=STORM_ENDS)

    assert not reply.is_error, reply
    assert "drowning" in hidden_text(reply.content or "")
    shown = visible_text(reply.content or "")
    _labelled(shown, "La La Land", "1 other film")
    assert "storm" not in shown.casefold(), shown


@pytest.mark.parametrize(
    ("said", "labelled"),
    [
        ("La La Land's last scene is just like ||Storm Light's||, a ghost", "1 other film"),
        # Named first, it was the label: the very title its author hid, in the open.
        ("the twist is just like ||storm light||, he was a ghost", "about 1 film"),
    ],
)
async def test_a_film_named_only_behind_the_authors_bars_is_counted_not_named(
    app: Epilogue, tmp_path: Path, said: str, labelled: str
) -> None:
    await _storm_light(app, tmp_path)
    channel = MemoryChannel()

    reply = await hide(app, seat(AUTHOR), message(said), channel)

    assert not reply.is_error, reply
    ((_, repost),) = channel.reposts
    shown = visible_text(repost.content)
    _labelled(shown, labelled)
    assert "storm" not in shown.casefold(), shown


async def test_the_guards_hide_names_every_film_whose_ending_it_tells(
    app: Epilogue, tmp_path: Path
) -> None:
    await _storm_light(app, tmp_path)
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    told = f"la la land: mia marries someone else and they meet in seb's jazz club. {STORM_ENDS}"

    verdict = await check(app, told, channel)

    assert verdict.hidden, verdict
    ((_, repost),) = channel.reposts
    _labelled(visible_text(repost.content), "La La Land", "Storm Light")


async def test_a_repost_is_never_posted_under_a_name_that_tells_the_ending(
    app: Epilogue, tmp_path: Path
) -> None:
    """A repost goes up under its author's name as the server shows it, in plain text no bar
    hides: a member named after La La Land's ending had the guard (or anyone's hide) write that
    ending in the open over the words it hid."""
    await guard_on(app, all_films=True)
    for number, name in enumerate(("mia marries someone else", "ＭＩＡ ＭＡＲＲＩＥＳ ＧＲＥＧ")):
        channel = MemoryChannel()
        said = f"la la land ending: {SPOILER}"

        verdict = await check(app, said, channel, author_name=name, id=900 + number)

        assert verdict.hidden, verdict
        ((_, repost),) = channel.reposts
        assert "marr" not in as_read(repost.username).casefold(), repost.username
        assert repost.username.strip()
    # A name that tells nothing stays the author's.
    channel = MemoryChannel()
    await check(app, f"la la land ending: {SPOILER}", channel, author_name="Mia (she/her)")
    ((_, repost),) = channel.reposts
    assert repost.username == "Mia (she/her)"


async def test_a_post_about_one_film_never_carries_an_embargoed_films_spoiler(
    app: Epilogue, tmp_path: Path
) -> None:
    """An embargo keeps a film's spoilers out of every channel but spoiler channels, even
    wrapped, and /spoiler post is refused for such a film: it was checked for the film: option
    alone, so the embargoed film's ending went up under another film's name."""
    await _storm_light(app, tmp_path)
    mod = seat(MOD, mod=True)
    await run(app, "spoiler-rules embargo", mod, film="Storm Light", until="2031-01-01")

    refused = await run(app, "spoiler post", seat(), film="La La Land", text=STORM_ENDS)

    assert refused.is_error and "Storm Light" in (refused.content or ""), refused
    assert "embargo" in (refused.content or "")
    harmless = await run(app, "spoiler post", seat(), film="La La Land", text=SPOILER)
    assert not harmless.is_error, harmless


async def test_a_name_whose_film_cannot_be_read_is_withheld_and_the_hide_made(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the author's name is no reason to leave a spoiler in the open."""

    async def unreadable(*_: object) -> None:
        raise RuntimeError("vocabulary unreadable")

    monkeypatch.setattr(app.member_spoilers.guard, "_vocabulary", unreadable)
    channel = MemoryChannel()

    reply = await hide(app, seat(AUTHOR), message(author_name="ann"), channel)

    assert not reply.is_error, reply
    ((_, repost),) = channel.reposts
    assert repost.username != "ann" and channel.deleted == [555]
