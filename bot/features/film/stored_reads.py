"""A first answer's read of its stored render, in one statement on the event loop.

Kept apart from ``stored_renders``: every change to that module changes ``renderer_key``
(its source is digested), which makes every stored row unread until ``epilogue import``
renders them again. How a row is read changes nothing it holds.
"""

from __future__ import annotations

from bot.db.reads import Reads
from bot.features.film.documents import Topic
from bot.features.film.stored_renders import (
    _SQLITE_ORDER,
    _STORED_ROW_SQLITE,
    STORED_TOPICS,
    StoredTopic,
    _stored_topic,
    renderer_key,
)


def stored(topic: Topic, question: int | None) -> bool:
    """Whether this topic's answers are stored with the film (``STORED_TOPICS``)."""
    return topic in STORED_TOPICS and question is None


def read_stored_at_once(reads: Reads, film_id: int, topic: Topic) -> StoredTopic | None:
    """The topic's stored answer for the film's content as stored now and for this renderer
    (what ``read_topic_answer`` reads first), read now in one statement
    (``Reads.row_at_once``: no transaction, which cost more than the row itself); None: none
    stored. ``ReadLater`` where a read would have to wait."""
    parameters = {"topic": topic.value, "renderer": renderer_key(), "film_id": film_id}
    row = reads.row_at_once(_STORED_ROW_SQLITE, tuple(parameters[n] for n in _SQLITE_ORDER))
    return None if row is None else _stored_topic(row)
