"""An article travels the whole way: import → YAML → load → /film symbolism."""

from __future__ import annotations

from bot.command_table import command_table
from bot.content.film_file import parse_film_bytes
from bot.content.yaml_dump import dump_film_yaml
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.importer import import_article
from bot.invocation import Invocation
from bot.levels import SectionKind
from tests.bot.importer.helpers import FIXTURES
from tests.support.discord_markdown import hidden_text, visible_text


async def test_every_imported_symbol_reaches_the_symbolism_answer(app: Epilogue) -> None:
    article = (FIXTURES / "la_la_land_site.txt").read_bytes()
    doc = import_article(article, name="la_la_land_site.txt").doc
    film_file = parse_film_bytes(dump_film_yaml(doc).encode(), "imported.yaml")
    await app.loader.store([film_file], guild_id=77)
    await app.catalog.refresh()
    symbols = next(s for s in film_file.doc.sections if s.kind is SectionKind.SYMBOLISM).items
    assert len(symbols) == 3

    asker = Invocation(user_id=5, guild_id=77, channel_id=1)
    reply = await run_command(app, command_table()["film symbolism"], asker, {"film": "La La Land"})
    text = "\n".join(embed.description or "" for embed in reply.embeds)
    readable = visible_text(text) + hidden_text(text)
    for symbol in symbols:
        assert symbol.heading in readable
        assert symbol.body.split(".")[0][:60] in readable
