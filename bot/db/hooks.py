"""Run code once a session's transaction is committed, and never if it is rolled back.

Caches of what is stored (spoiler rules, opt-ins) must forget an entry only after the change is
visible to other sessions: forgetting earlier lets a concurrent reader load the old row again and
keep it.

Other processes on the same PostgreSQL database hear of a change through ``publish``: the topics
go out with ``pg_notify`` inside the committing transaction (``bot.db.change_feed`` listens).
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Callable

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_KEY = "epilogue.after_commit"
_TOPICS = "epilogue.publish"
CHANNEL = "epilogue_changes"
"""The PostgreSQL notification channel every Epilogue process listens on."""


SENT: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()
"""Notifications sent inside transactions, by engine (for the metrics endpoint)."""


def origin_of(engine: Engine) -> str:
    """Who sent a notification: one name per engine (each core has its own), so a process
    skips its own changes, and two cores in one process still hear each other."""
    return f"{os.getpid()}:{id(engine)}"


def after_commit(session: AsyncSession | Session, action: Callable[[], None]) -> None:
    """Call ``action`` when ``session`` commits its current transaction."""
    session.info.setdefault(_KEY, []).append(action)


def publish(session: AsyncSession | Session, topic: str) -> None:
    """Tell other processes ``topic`` changed, when ``session`` commits (PostgreSQL only)."""
    session.info.setdefault(_TOPICS, set()).add(topic)


@event.listens_for(Session, "before_commit")
def _notify(session: Session) -> None:
    # Inside the transaction: PostgreSQL delivers the notification at commit, never on rollback.
    topics = session.info.pop(_TOPICS, None)
    if not topics:
        return
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    engine = bind if isinstance(bind, Engine) else bind.engine
    payload = json.dumps({"from": origin_of(engine), "topics": sorted(topics)})
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
    )
    SENT[engine] = SENT.get(engine, 0) + 1


@event.listens_for(Session, "after_commit")
def _run_actions(session: Session) -> None:
    for action in session.info.pop(_KEY, ()):
        action()


@event.listens_for(Session, "after_rollback")
def _drop_actions(session: Session) -> None:
    session.info.pop(_KEY, None)
    session.info.pop(_TOPICS, None)
