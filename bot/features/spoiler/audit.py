"""The one place this feature writes to the moderators' audit log (``/spoiler-rules log``).

It goes through ``SpoilerRules._audit``, today's audit writer; when the audit writers are merged
into one module, only this function changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.invocation import Invocation

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


def audit(
    app: Epilogue, session: AsyncSession, invocation: Invocation, action: str, detail: str
) -> None:
    """Add the audit entry to ``session``: it commits with the change it records, or not at all."""
    app.spoiler_rules._audit(session, invocation, action, detail)
