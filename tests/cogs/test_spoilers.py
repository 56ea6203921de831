"""/spoilers through discord.py's tree: opt-ins answer privately and change later answers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.discord_markdown import visible_text
from tests.support.fake_discord import (
    IN_DM,
    MEMBER,
    Session,
)

ENDING_WORDS = "five years"


def shown(exchange: Any) -> str:
    return visible_text(exchange.reply.data["embeds"][0]["description"])


async def test_seen_film_then_answers_show_it_privately(discord_session: Session) -> None:
    seen = await discord_session.command("spoilers seen", MEMBER, film="La La Land")
    answer = await discord_session.command("film quick", MEMBER, film="La La Land")

    assert seen.reply.ephemeral and not seen.is_error, seen.text
    assert answer.reply.ephemeral
    assert ENDING_WORDS in shown(answer)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("spoilers on", {}),
        ("spoilers off", {}),
        ("spoilers unseen", {"film": "La La Land"}),
        ("spoilers status", {}),
    ],
)
async def test_spoilers_commands_answer_privately(
    discord_session: Session, name: str, options: dict[str, Any]
) -> None:
    for asker in (MEMBER, IN_DM):
        exchange = await discord_session.command(name, asker, **options)

        assert exchange.reply.ephemeral
        assert not exchange.is_error, exchange.text
