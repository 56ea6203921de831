"""An edit form's field is plain text, so a text below ending shows its spoilers as markers
(``spans_as_markers``). A text stored with spoiler markup other than ``||`` (stored by an older
Epilogue, before the loader read that markup as bars) is read as the answers read it
(``film_doc``'s ``bars_as_meant``) before it is put in the form: markup read only since red51
(a name typed apart, ``[spoi\u200bler]``) was shown whole there, the admin correcting a
synopsis reading the ending it hid.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.command_table import command_table
from bot.db.models import Film
from bot.dispatch import run_command
from bot.invocation import Invocation

Z = "\u200b"


@pytest.mark.parametrize(
    "markup",
    [
        ">!{}!<",
        "[spoiler]{}[/spoiler]",
        f"[spoi{Z}ler]{{}}[/spoi{Z}ler]",
        "[𝐬𝐩𝐨𝐢𝐥𝐞𝐫]{}[/𝐬𝐩𝐨𝐢𝐥𝐞𝐫]",  # compatibility forms (red52)
        "[spoi\u0301ler]{}[/spoi\u0301ler]",
        "﹥!{}!﹤",
        "[ spoiler ]{}[ /spoiler ]",
    ],
)
async def test_a_synopsis_stored_with_markup_opens_its_form_without_the_words_it_hides(  # type: ignore[no-untyped-def]
    app, markup: str
) -> None:
    """A synopsis stored before its markup was read as bars (loaded by an older Epilogue): the
    card hides the words, and the edit form does too; saved, the markup is bars."""
    stored = f"Two dreamers meet. {markup.format('Mia marries QZXGREG')} Then winter."
    async with app.sessions() as session, session.begin():
        film = update(Film).where(Film.title == "La La Land")
        await session.execute(film.values(synopsis=stored))
    owner = Invocation(user_id=999, guild_id=1, channel_id=10, is_owner=True)
    form = await run_command(
        app,
        command_table()["film-admin edit"],
        owner,
        {"film": "La La Land", "section": "synopsis"},
    )
    assert form.modal is not None, form.content
    shown = form.modal.inputs[0].value
    assert "QZXGREG" not in shown and "Two dreamers meet." in shown, shown
    saved = await app.submit(owner, form.modal.custom_id, {"body": shown})
    assert not saved.is_error, saved.content
    async with app.sessions() as session:
        synopsis = await session.scalar(select(Film.synopsis).where(Film.title == "La La Land"))
    assert synopsis == "Two dreamers meet. ||Mia marries QZXGREG|| Then winter."
