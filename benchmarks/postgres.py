"""The PostgreSQL server benchmarks make their throwaway databases on (as the tests do)."""

from __future__ import annotations

import os

import asyncpg
from sqlalchemy.engine import make_url

ADMIN = os.environ.get(
    "EPILOGUE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


async def admin(statement: str) -> None:
    """Run one statement (``CREATE DATABASE …``, ``DROP DATABASE …``) as the server's admin."""
    url = make_url(ADMIN)
    connection = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()
