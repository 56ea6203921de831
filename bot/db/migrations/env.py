"""Alembic environment: migrations run on a connection the application hands over.

That connection is already inside one transaction holding the database's lock
(``bot.db.engine.exclusive``), on SQLite too, so a whole upgrade commits or rolls back as one.
"""

from __future__ import annotations

from alembic import context

from bot.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bot.db.engine.migrate(), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    transactional_ddl=True,  # SQLite too: the driver's own BEGIN/COMMIT are turned off
)
with context.begin_transaction():
    context.run_migrations()
