"""Answers rendered before anyone asks, while the bot has nothing else to do.

A first answer about a film costs a render (a few milliseconds); a repeat is read from memory.
When the bot starts, the core's ``FilmAnswers.to_warm`` names what a small catalog's members
will ask first, and each is rendered in a quiet moment: only time the bot would spend idle is
used, so an interaction arriving meanwhile is never kept waiting behind this.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from client.slash import QUIET_S, RECHECK_S

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)


async def warm_answers(bot: EpilogueBot) -> int:
    """Render what ``to_warm`` names, one topic at a time, each in a quiet moment; the number
    rendered. Failures are logged, never raised: nothing here was asked for."""
    film = bot.app.film
    done = 0
    for entry, topic in film.to_warm():
        try:
            # As answers worked out ahead: in a quiet moment, taking turns with them.
            await bot.tree.when_quiet(partial(film.warm, entry, topic), QUIET_S, RECHECK_S)
        except Exception:
            log.exception("rendering /film %s about %s ahead failed", topic.value, entry.label)
            continue
        done += 1
    log.info("rendered %d answers ahead of their first ask", done)
    return done
