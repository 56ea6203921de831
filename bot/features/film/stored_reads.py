"""A first answer's read of its stored render, in one statement on the event loop.

Kept apart from ``stored_renders``: every change to that module changes ``renderer_key``
(its source is digested), which makes every stored row unread until ``epilogue import``
renders them again. How a row is read changes nothing it holds.
"""

from __future__ import annotations

from bot.db.reads import Reads
from bot.features.film.documents import Topic
from bot.features.film.stored_renders import (
    _STORED_ROW_SQLITE,
    STORED_TOPICS,
    STORED_TREATMENTS,
    StoredTopic,
    stored_part,
    stored_part_parameters,
)
from bot.spoiler_policy.markup import Treatment


def stored(topic: Topic, question: int | None) -> bool:
    """Whether this topic's answers are stored with the film (``STORED_TOPICS``)."""
    return topic in STORED_TOPICS and question is None


def read_stored_at_once(
    reads: Reads, film_id: int, topic: Topic, treatment: Treatment | None
) -> StoredTopic | None:
    """One part of the topic's stored answer for the film's content as stored now and for
    this renderer: ``treatment``'s pages (one of ``STORED_TREATMENTS``), or with None its
    document; read now in one statement (``Reads.row_at_once``: no transaction, which cost
    more than the row itself). None: none stored. ``ReadLater`` where a read would wait."""
    if treatment is not None and treatment not in STORED_TREATMENTS:
        raise ValueError(f"no pages are stored for {treatment}")
    parameters = stored_part_parameters(film_id, topic, treatment)
    row = reads.row_at_once(_STORED_ROW_SQLITE, parameters)
    return None if row is None else stored_part(row, treatment)
