"""Run code once a session's transaction is committed, and never if it is rolled back.

Caches of what is stored (spoiler rules, opt-ins) must forget an entry only after the change is
visible to other sessions: forgetting earlier lets a concurrent reader load the old row again and
keep it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_KEY = "epilogue.after_commit"


def after_commit(session: AsyncSession | Session, action: Callable[[], None]) -> None:
    """Call ``action`` when ``session`` commits its current transaction."""
    session.info.setdefault(_KEY, []).append(action)


@event.listens_for(Session, "after_commit")
def _run_actions(session: Session) -> None:
    for action in session.info.pop(_KEY, ()):
        action()


@event.listens_for(Session, "after_rollback")
def _drop_actions(session: Session) -> None:
    session.info.pop(_KEY, None)
