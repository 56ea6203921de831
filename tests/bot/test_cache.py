from __future__ import annotations

import asyncio

import pytest

from bot.cache import LoadingCache, LruCache
from bot.cooldowns import MAX_COOLDOWN_SECONDS, Cooldowns
from bot.errors import OnCooldown


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_least_recently_used_goes_first() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_values_age_out_from_when_they_were_read() -> None:
    clock = Clock()
    cache: LruCache[str, int] = LruCache(10, max_age=60, clock=clock)
    cache.put("a", 1, at=-10)
    clock.now = 49
    assert cache.get("a") == 1
    clock.now = 50
    assert cache.get("a") is None
    assert len(cache) == 0


async def test_a_load_that_raced_a_forget_is_not_kept() -> None:
    stored = {"k": "old"}
    release = asyncio.Event()
    loads = 0

    async def load(key: str) -> str:
        nonlocal loads
        loads += 1
        value = stored[key]
        if loads == 1:
            await release.wait()
        return value

    cache: LoadingCache[str, str] = LoadingCache(load, 10)
    racing = asyncio.create_task(cache.get("k"))
    await asyncio.sleep(0)
    stored["k"] = "new"
    cache.forget("k")
    release.set()
    assert await racing == "old"  # the racing caller gets what it read...
    assert await cache.get("k") == "new"  # ...but it was not kept
    assert await cache.get("k") == "new"
    assert loads == 2


async def test_nothing_is_kept_or_read_from_memory_while_untrusted() -> None:
    """A process that cannot hear of others' changes (its listener down) reads every value
    as stored; once it hears again, values are kept as before."""
    stored = {"rule": 1}
    hearing = True

    async def load(key: str) -> int:
        return stored[key]

    cache: LoadingCache[str, int] = LoadingCache(load, 10)
    cache.trusted = lambda: hearing
    assert await cache.get("rule") == 1  # kept
    hearing = False
    stored["rule"] = 2  # changed by another process, unheard
    assert await cache.get("rule") == 2
    stored["rule"] = 3
    assert await cache.get("rule") == 3  # the load above was not kept
    hearing = True
    assert await cache.get("rule") == 3
    stored["rule"] = 4
    assert await cache.get("rule") == 3  # kept again while heard


async def test_a_load_that_ends_after_hearing_stopped_is_not_kept() -> None:
    stored = {"rule": 1}
    hearing = True
    loading = asyncio.Event()
    release = asyncio.Event()

    async def load(key: str) -> int:
        loading.set()
        await release.wait()
        return stored[key]

    cache: LoadingCache[str, int] = LoadingCache(load, 10)
    cache.trusted = lambda: hearing
    first = asyncio.create_task(cache.get("rule"))
    await loading.wait()
    hearing = False  # the listener went down while the row was read
    release.set()
    assert await first == 1
    hearing = True
    stored["rule"] = 2
    assert await cache.get("rule") == 2


def test_cooldowns_hold_a_member_back_per_command_and_server() -> None:
    clock = Clock()
    cooldowns = Cooldowns(clock)
    cooldowns.check(1, 5, "film quick", 30)
    with pytest.raises(OnCooldown):
        cooldowns.check(1, 5, "film quick", 30)
    cooldowns.check(2, 5, "film quick", 30)  # another server
    cooldowns.check(1, 5, "film ending", 30)  # another command
    clock.now = 30
    cooldowns.check(1, 5, "film quick", 30)
    clock.now += MAX_COOLDOWN_SECONDS - 1
    with pytest.raises(OnCooldown):
        cooldowns.check(1, 5, "film quick", MAX_COOLDOWN_SECONDS)
