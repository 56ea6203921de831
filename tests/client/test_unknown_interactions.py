"""Interactions of a type Epilogue does not know (one Discord may add) are logged in one line
naming the type, and not answered: a callback whose validity is unknown is not sent."""

from __future__ import annotations

import logging

import pytest

from tests.support.fake_discord import IN_DM, MEMBER, Session


@pytest.mark.parametrize("kind", [1, 6, 10, 99])
async def test_an_interaction_of_an_unknown_type_is_logged_and_not_answered(
    discord_session: Session, caplog: pytest.LogCaptureFixture, kind: int
) -> None:
    for asker in (MEMBER, IN_DM):
        caplog.clear()
        payload = discord_session.discord.interaction(kind, {"custom_id": "x"}, asker)
        with caplog.at_level(logging.INFO):
            exchange = await discord_session.dispatch(payload)
        assert exchange.sent == []
        lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
        assert [line for line in lines if "search index" not in line] == [
            f"not answered: interaction {payload['id']} is of type {kind},"
            " which Epilogue does not know"
        ]
        assert not [r for r in caplog.records if r.exc_info]
