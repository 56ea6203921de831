"""page: out of range, said alike by every paged command (``bot.paging``)."""

from __future__ import annotations

import pytest

from bot.command_table import command_table
from bot.dispatch import run_command
from bot.errors import InvalidInput
from bot.invocation import Invocation
from bot.paging import check_page

MODERATOR = Invocation(
    user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"})
)


@pytest.mark.parametrize(
    ("page", "pages", "said"),
    [
        (0, 1, "There is no page 0: the log has 1 page (leave page: out)."),
        (2, 1, "There is no page 2: the log has 1 page (leave page: out)."),
        (-3, 4, "There is no page -3: the log has 4 pages (give page: from 1 to 4)."),
        (5, 4, "There is no page 5: the log has 4 pages (give page: from 1 to 4)."),
    ],
)
def test_a_page_out_of_range_says_how_many_there_are(page: int, pages: int, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_page(page, pages, "the log")
    assert refused.value.message == said


def test_a_page_in_range_passes() -> None:
    for page in (1, 2, 3):
        check_page(page, 3, "the list")


@pytest.mark.parametrize("page", [0, 9])
async def test_film_list_and_the_rules_log_say_it_alike(app, page: int) -> None:
    """Was "There is no page 0: the list has 1 page." beside "page: starts at 1 (the newest
    changes), not 0." and "The log has 1 page(s): pick page: 1 to 1." for the same mistake."""
    table = command_table()
    listed = await run_command(app, table["film list"], MODERATOR, {"page": page})
    logged = await run_command(app, table["spoiler-rules log"], MODERATOR, {"page": page})

    assert listed.content == f"⚠️ There is no page {page}: the list has 1 page (leave page: out)."
    assert logged.content == f"⚠️ There is no page {page}: the log has 1 page (leave page: out)."
