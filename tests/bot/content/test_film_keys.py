"""A film's key (on buttons, in every autocomplete choice's value) stays the same text."""

from __future__ import annotations

import base64
import hashlib
import random

import pytest

from bot.content import works
from bot.content.works import film_key


def _as_base64_writes_it(guild_id: int, work: str) -> str:
    digest = hashlib.blake2b(f"{guild_id}/{work}".encode(), digest_size=8).digest()
    return base64.b32encode(digest).decode().rstrip("=").lower()


def test_a_films_key_is_the_base32_of_its_digest_for_every_server_and_work() -> None:
    """Keys on buttons already posted and in choices already offered must still match."""
    rng = random.Random(5)
    cases = [(0, "la-la-land-2016"), (2**63 - 1, "x-1"), (123456789012345678, "ветер-2001")]
    cases += [(rng.getrandbits(64), f"film-{rng.getrandbits(40):x}-{n}") for n in range(3000)]
    for guild_id, work in cases:
        assert film_key(guild_id, work) == _as_base64_writes_it(guild_id, work)


def test_every_digest_bit_reaches_the_key() -> None:
    """All-zero, all-one and each single bit: 13 letters, each as base64 writes them."""
    digests = [bytes(8), b"\xff" * 8] + [(1 << bit).to_bytes(8, "big") for bit in range(64)]
    for digest in digests:
        expected = base64.b32encode(digest).decode().rstrip("=").lower()
        assert works._base32(digest) == expected
        assert len(expected) == 13


def test_a_films_key_is_made_without_base64s_python_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``base64.b32encode`` is written in Python (5-10 µs a key), and every film a keystroke
    shows for the first time pays for its key (``docs/performance.md``, ``perfac9``)."""

    def refused(_data: bytes) -> bytes:
        raise AssertionError("film_key used base64.b32encode")

    expected = _as_base64_writes_it(7, "la-la-land-2016")
    monkeypatch.setattr(base64, "b32encode", refused)
    assert film_key(7, "la-la-land-2016") == expected
