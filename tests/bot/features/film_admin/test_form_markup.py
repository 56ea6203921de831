"""An edit form's field is plain text, so a text below ending shows its spoilers as markers
(``spans_as_markers``). A text stored with spoiler markup other than ``||`` (Reddit's, BBCode,
look-alike bars; stored before the loader read that markup as bars, or read since only) is
hidden by the answers (``bars_as_meant``), and was shown whole in the form: the admin
correcting a synopsis read the ending the markup hid.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.command_table import command_table
from bot.db.models import Film
from bot.dispatch import run_command
from bot.features.film_admin.forms import markers_as_spans, spans_as_markers
from bot.invocation import Invocation
from bot.spoiler_policy.markup import bars_as_meant

Z = "\u200b"


@pytest.mark.parametrize(
    "stored",
    [
        "Calm. >!QZXONE drowns!< Then dawn.",
        "Calm. [spoiler]QZXONE drowns[/spoiler] Then dawn.",
        f"Calm. [spoi{Z}ler]QZXONE drowns[/spoi{Z}ler] Then dawn.",
        "Calm. ｜｜QZXONE drowns｜｜ Then dawn.",
        "Calm. ~!QZXONE drowns!~ Then dawn.",
        "Calm. <details>QZXONE drowns</details> Then dawn.",
    ],
)
def test_spoiler_markup_of_any_site_is_a_marker_in_a_form(stored: str) -> None:
    shown = spans_as_markers(stored)
    assert "QZX" not in shown and "drowns" not in shown, shown
    assert "Calm." in shown and "Then dawn." in shown, shown
    assert "hidden spoiler 1" in shown
    # Saved as it was read: the span the markup meant, in bars.
    assert markers_as_spans(shown, stored) == bars_as_meant(stored)


@pytest.mark.parametrize(
    "markup",
    [">!{}!<", "[spoiler]{}[/spoiler]", f"[spoi{Z}ler]{{}}[/spoi{Z}ler]"],
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
