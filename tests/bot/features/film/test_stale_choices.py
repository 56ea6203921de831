"""A film picked from autocomplete is sent by the choice's value, which outlives the list:
the member may send the command long after picking (Discord keeps the draft), and the film may
have been removed and another stored since. The value must name the film the member picked,
or nothing: never whatever took its place in the database.
"""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy import delete

from bot.command_table import command_table
from bot.content.film_file import parse_film_bytes
from bot.db.models import Film
from bot.dispatch import complete, start_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from bot.replies import Deferred, Reply

OTHER_ENDING = "the lighthouse keeper was the drowned sailor all along"


def film(title: str, year: int, ending: str) -> dict[str, Any]:
    return {
        "title": title,
        "year": year,
        "synopsis": "A film.",
        "sections": [
            {"kind": "quick_answer", "level": "ending", "body": ending},
            {"kind": "ending", "level": "ending", "body": ending},
        ],
    }


async def store(app: Epilogue, data: dict[str, Any]) -> None:
    name = f"{data['title']}.yaml"
    await app.loader.store([parse_film_bytes(yaml.safe_dump(data).encode(), name)])
    await app.catalog.refresh()


async def remove(app: Epilogue, title: str) -> None:
    """As ``/film-admin remove`` takes a film out: its row deleted."""
    async with app.sessions() as session, session.begin():
        await session.execute(delete(Film).where(Film.title == title))
    await app.catalog.refresh()


async def ask(app: Epilogue, name: str, invocation: Invocation, options: dict[str, Any]) -> Reply:
    outcome = await start_command(app, command_table()[name], invocation, options)
    return await complete(outcome) if isinstance(outcome, Deferred) else outcome


def shown(reply: Reply) -> str:
    parts = [reply.content or ""]
    for embed in reply.embeds:
        parts += [embed.title or "", embed.description or "", embed.footer or ""]
        parts += [f"{field.name} {field.value}" for field in embed.fields]
    return "\n".join(parts)


async def test_a_picked_film_removed_since_never_names_the_film_stored_after_it(
    app: Epilogue,
) -> None:
    member = Invocation(user_id=501, guild_id=1, channel_id=10)
    # Opted in to every film: any film's ending comes to her unwrapped, privately.
    await ask(app, "spoilers on", member, {})
    await store(app, film("Quiet Harbour", 2021, "the harbour stays quiet"))
    picked = app.catalog.resolve(None, "Quiet Harbour")
    assert picked is not None
    value = picked.choice.value  # what autocomplete offered, and Discord will send back
    # Before she sends the command, the film goes and another is stored.
    await remove(app, "Quiet Harbour")
    await store(app, film("Drowned Light", 2022, OTHER_ENDING))
    for name in ("film ending", "film quick", "spoilers seen"):
        reply = await ask(app, name, member, {"film": value})
        assert reply.is_error and reply.ephemeral, (name, reply)
        assert "no longer here" in (reply.content or shown(reply)), (name, reply)
        assert "drowned sailor" not in shown(reply) and "Drowned Light" not in shown(reply)
    # The film stored since is still hers to ask for by its own choice.
    other = app.catalog.resolve(None, "Drowned Light")
    assert other is not None
    answer = await ask(app, "film ending", member, {"film": other.choice.value})
    assert "drowned sailor" in shown(answer)


async def test_a_picked_film_stored_again_is_still_that_film(app: Epilogue) -> None:
    """Removed and loaded again (the same title and year): the same work, so the pick holds."""
    member = Invocation(user_id=502, guild_id=1, channel_id=10)
    await store(app, film("Quiet Harbour", 2021, "the harbour stays quiet"))
    picked = app.catalog.resolve(None, "Quiet Harbour")
    assert picked is not None
    value = picked.choice.value
    await remove(app, "Quiet Harbour")
    await store(app, film("Some Other Film", 2019, "it rains"))
    await store(app, film("Quiet Harbour", 2021, "the harbour stays quiet, then sings"))
    entry = app.catalog.find(member.guild_id, value)
    assert entry.title == "Quiet Harbour" and entry.year == 2021


async def test_a_choice_from_another_servers_list_names_nothing_here(app: Epilogue) -> None:
    """A server's own film, picked in its list, sent from another server (a forged or pasted
    value): that server does not see the film, so it is not answered there."""
    data = film("Harbour Cut", 2020, "the harbour was flooded on purpose")
    await app.loader.store(
        [parse_film_bytes(yaml.safe_dump(data).encode(), "cut.yaml")], guild_id=7
    )
    await app.catalog.refresh()
    own = app.catalog.resolve(7, "Harbour Cut")
    assert own is not None and own.guild_id == 7
    elsewhere = Invocation(user_id=503, guild_id=8, channel_id=80)
    for where in (elsewhere, Invocation(user_id=503, guild_id=None, channel_id=None)):
        reply = await ask(app, "film ending", where, {"film": own.choice.value})
        assert reply.is_error and "flooded" not in shown(reply), reply
    # Its row id with another film's version name is no film either.
    la_la = app.catalog.resolve(None, "La La Land")
    assert la_la is not None
    forged = f"film-id:{own.id}:{la_la.key}"
    reply = await ask(app, "film ending", elsewhere, {"film": forged})
    assert "flooded" not in shown(reply)
