"""/film-admin: import with preview and confirm, export, add, edit, remove; who may do what."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.buttons import AddForm, EditForm
from bot.command_table import command_table
from bot.content import film_file
from bot.content.film_file import ContentError, parse_film_bytes
from bot.db.models import GLOBAL_SCOPE, AuditEntry, Film, PendingChange, utcnow
from bot.dispatch import run_command
from bot.features.film_admin.content import _file_name, public_texts
from bot.features.film_admin.forms import markers_as_spans, spans_as_markers
from bot.features.film_admin.uploads import read_upload
from bot.invocation import Invocation
from bot.replies import Attachment, Reply
from tests.support.discord_markdown import visible_text

ROOT = Path(__file__).resolve().parents[4]
LA_LA_LAND = ROOT / "data" / "films" / "la-la-land.yaml"
ARRIVAL = ROOT / "tests" / "bot" / "importer" / "fixtures" / "arrival.md"
GUILD, OTHER_GUILD = 1, 2
ADMIN, OTHER_ADMIN, MEMBER, OWNER = 1001, 1002, 1000, 999
BODY_MARKER = "zebraquux"

FILM = f"""\
title: Heron Lake
year: 2019
synopsis: A birdwatcher returns to the lake of her childhood.
sources:
  - id: 1
    author: A. Critic
    title: A review
sections:
  - kind: quick_answer
    level: ending
    body: The {BODY_MARKER} was her brother all along.[^1]
  - kind: faq
    level: ending
    items:
      - heading: Who is the stranger?
        body: Her brother.
      - heading: Is it sad?
        heading_level: none
        level: plot
        body: A little.
"""


def admin(user: int = ADMIN, guild: int = GUILD) -> Invocation:
    return Invocation(
        user_id=user, guild_id=guild, channel_id=10, permissions=frozenset({"manage_guild"})
    )


def member() -> Invocation:
    return Invocation(user_id=MEMBER, guild_id=GUILD, channel_id=10)


def owner(guild: int = GUILD) -> Invocation:
    return Invocation(user_id=OWNER, guild_id=guild, channel_id=10, is_owner=True)


async def run(app, name: str, invocation: Invocation, **options: Any) -> Reply:  # type: ignore[no-untyped-def]
    return await run_command(app, command_table()[f"film-admin {name}"], invocation, options)


async def upload(app, filename: str, data: bytes, invocation: Invocation | None = None) -> Reply:  # type: ignore[no-untyped-def]
    return await run(app, "import", invocation or admin(), file=Attachment(filename, data))


def assert_error(reply: Reply, *phrases: str) -> None:
    assert reply.ephemeral
    assert reply.is_error and reply.content, reply.content
    for phrase in phrases:
        assert phrase in visible_text(reply.content), reply.content


def button(reply: Reply, label: str) -> str:
    return next(b.custom_id for b in reply.buttons if b.label == label)


async def films(app) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        rows = await session.execute(select(Film.guild_id, Film.slug, Film.content_hash))
        return sorted(tuple(row) for row in rows)


async def audit(app) -> list[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        rows = await session.execute(
            select(
                AuditEntry.guild_id, AuditEntry.user_id, AuditEntry.action, AuditEntry.detail
            ).order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


ADD_FORM = AddForm().encode()


def edit_id(entry, section: str) -> str:  # type: ignore[no-untyped-def]
    """The id of the edit form ``/film-admin edit`` opens for this film version and section."""
    return EditForm(entry.key, entry.revision, section).encode()


async def anchors(app) -> int:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(PendingChange)) or 0


async def body_of(app, film_id: int, kind: str) -> str | None:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        film = await app.film.load(session, app.catalog.get(film_id))
        return next(s.body for s in film.sections if s.kind == kind)


# --- import --------------------------------------------------------------------------------------


async def test_import_previews_then_loads_on_confirm(app) -> None:  # type: ignore[no-untyped-def]
    before = await films(app)
    preview = await upload(app, "heron.yaml", FILM.encode())
    assert preview.ephemeral and preview.embeds
    embed = preview.embeds[0]
    assert embed.title == r"Import Heron Lake \(2019\)?"
    assert "• Quick answer · ending · text" in embed.description
    assert "• FAQ · ending · 2 items" in embed.description
    assert "**Sources**: 1" in embed.description
    assert BODY_MARKER not in str(preview.payload())
    assert "Her brother" not in str(preview.payload())
    assert await films(app) == before  # nothing saved yet

    done = await app.press(admin(), button(preview, "Confirm"))
    assert done.edits_original and done.ephemeral and done.rows == ()
    assert done.content == r"✅ Loaded Heron Lake \(2019\) for this server."
    entry = app.catalog.resolve(GUILD, "Heron Lake")
    assert entry is not None and entry.guild_id == GUILD
    assert app.catalog.resolve(OTHER_GUILD, "Heron Lake") is None
    assert await audit(app) == [
        (GUILD, ADMIN, "film-import", "imported Heron Lake (2019) from an uploaded file")
    ]
    assert await anchors(app) == 0
    again = await app.press(admin(), button(preview, "Confirm"))
    assert_error(again, "expired")


async def test_only_the_admin_who_started_an_import_can_confirm_or_cancel_it(app) -> None:  # type: ignore[no-untyped-def]
    preview = await upload(app, "heron.yaml", FILM.encode())
    for custom_id in (button(preview, "Confirm"), button(preview, "Cancel")):
        for intruder in (admin(OTHER_ADMIN), member(), owner()):
            assert_error(await app.press(intruder, custom_id), "This isn't your menu")
    assert app.catalog.resolve(GUILD, "Heron Lake") is None
    cancelled = await app.press(admin(), button(preview, "Cancel"))
    assert cancelled.edits_original and cancelled.content == "Cancelled: nothing was changed."
    assert await anchors(app) == 0 and await audit(app) == []
    assert_error(await app.press(admin(), button(preview, "Confirm")), "expired")


async def test_a_pending_import_survives_a_restart(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bot.epilogue import Epilogue

    preview = await upload(app, "heron.yaml", FILM.encode())
    restarted = await Epilogue.open(app.config)
    try:
        done = await restarted.press(admin(), button(preview, "Confirm"))
        assert done.content and done.content.startswith("✅ Loaded")
    finally:
        await restarted.close()


async def test_a_broken_content_file_shows_the_loaders_exact_errors(app) -> None:  # type: ignore[no-untyped-def]
    broken = FILM.replace("year: 2019", "year: soon").replace("level: plot", "level: loud")
    broken = broken.replace("[^1]", "[^4]")
    with pytest.raises(ContentError) as expected:
        parse_film_bytes(broken.encode(), "heron.yaml")
    assert len(expected.value.problems) >= 2
    before = await films(app)
    reply = await upload(app, "heron.yaml", broken.encode())
    assert_error(reply, "heron.yaml was not loaded; nothing was saved:")
    lines = visible_text(reply.content).splitlines()[1:]
    assert lines == [str(problem) for problem in expected.value.problems]
    assert await films(app) == before and await anchors(app) == 0


async def test_malformed_yaml_names_the_line(app) -> None:  # type: ignore[no-untyped-def]
    reply = await upload(app, "bad.yml", b"title: [unclosed\nyear: 2019\n")
    with pytest.raises(ContentError) as expected:
        parse_film_bytes(b"title: [unclosed\nyear: 2019\n", "bad.yml")
    assert visible_text(reply.content).splitlines()[1] == str(expected.value.problems[0])
    assert "is not valid YAML" in reply.content


@pytest.mark.parametrize(
    ("filename", "data", "phrase"),
    [
        (
            "huge.yaml",
            b"a: b\n" * (1024 * 1024 // 5 + 1),
            "huge.yaml is 1.01 MiB; the limit is 1 MiB",  # just over reads as over, not 1.0
        ),
        # Was "is binary data, not a text file": what the file is, and the files to send
        # instead, as for a PDF.
        (
            "photo.yaml",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "photo.yaml is binary data (a PNG image), not a text file: upload a YAML content"
            " file (.yaml), or save the article as .html, .md or .txt",
        ),
        (
            "review.docx",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00",
            "review.docx is binary data (a zip archive (a Word .docx, an .odt or an .epub)),"
            " not a text file: upload a YAML content file (.yaml), or save the article as"
            " .html, .md or .txt",
        ),
        (
            "blob.txt",
            b"abc\x00\x01\x02def",
            "blob.txt is binary data, not a text file: upload a YAML content file (.yaml), or"
            " save the article as .html, .md or .txt",
        ),
        # Was "not a format Epilogue reads": the importer says what the file is, and how to
        # save the article instead.
        ("notes.pdf", b"%PDF-1.4 some text", "is binary data (a PDF)"),
        # Neither a content file nor an article: was "no film title found" once every file
        # went to the importer.
        ("data.csv", b"a,b\n1,2\n", "data.csv is not a format Epilogue reads"),
        ("latin1.yaml", "title: Amélie".encode("latin-1"), "is not UTF-8 text"),
        # Was "is binary data": Windows editors save "Unicode" as UTF-16, with its mark.
        ("utf16.yaml", "title: Amélie\n".encode("utf-16"), "is UTF-16 text: save it as UTF-8"),
    ],
)
async def test_unusable_uploads_are_refused(app, filename: str, data: bytes, phrase: str) -> None:  # type: ignore[no-untyped-def]
    before = await films(app)
    assert_error(await upload(app, filename, data), phrase)
    assert await films(app) == before and await anchors(app) == 0


@pytest.mark.parametrize("filename", ["heron-lake.txt", "heron-lake.yaml.txt", "heron-lake"])
async def test_a_content_file_saved_under_another_name_is_read_as_one(app, filename: str) -> None:  # type: ignore[no-untyped-def]
    """Was "no film title found: begin the article with the film's title as its headline":
    Notepad saves a content file as .txt, and a phone may drop the name's suffix."""
    preview = await upload(app, filename, FILM.encode())
    assert preview.embeds, preview.content
    # As Notepad writes it: a byte-order mark and Windows line ends.
    preview = await upload(app, filename, FILM.replace("\n", "\r\n").encode("utf-8-sig"))
    assert preview.embeds, preview.content
    assert preview.embeds[0].title == r"Import Heron Lake \(2019\)?"


async def test_an_explainer_article_is_imported_through_the_importer(app) -> None:  # type: ignore[no-untyped-def]
    preview = await upload(app, "arrival.md", ARRIVAL.read_bytes())
    assert preview.embeds, preview.content
    assert preview.embeds[0].title == r"Import Arrival \(2016\)?"
    # The preview shows every text that will be public, verbatim, and nothing hidden.
    description = preview.embeds[0].description
    film_file, _yaml, _warnings = read_upload(Attachment("arrival.md", ARRIVAL.read_bytes()))
    public = public_texts(film_file.doc)
    assert public and all(f"**{where}:** {text}" in description for where, text in public)
    assert "Heptapod" not in str(preview.payload())
    done = await app.press(admin(), button(preview, "Confirm"))
    assert done.content == r"✅ Loaded Arrival \(2016\) for this server."
    assert app.catalog.resolve(GUILD, "Arrival").guild_id == GUILD


ARTICLES = ROOT / "tests" / "bot" / "importer" / "fixtures"


@pytest.mark.parametrize(
    ("name", "fixture"),
    [
        ("primer.rst", "general/rst_primer.txt"),
        ("dark-city.org", "blind_art11/org_mode_dark_city.txt"),
        ("snowpiercer.adoc", "blind_art12/asciidoc_snowpiercer.txt"),
    ],
)
async def test_an_article_in_any_format_the_importer_reads_is_imported(  # type: ignore[no-untyped-def]
    app, name: str, fixture: str
) -> None:
    """Was "is not a format Epilogue reads: upload … an explainer article (.txt, .md, .html,
    .htm)": epilogue import-article reads reStructuredText, Org and AsciiDoc (README), the
    upload went by the file's name."""
    data = (ARTICLES / fixture).read_bytes()
    preview = await upload(app, name, data)
    assert preview.embeds, preview.content
    assert preview.embeds[0].title.startswith("Import "), preview.embeds[0].title


async def test_a_content_file_written_as_json_is_read_as_one(app) -> None:  # type: ignore[no-untyped-def]
    """JSON is YAML, and `epilogue import` reads it; the upload refused it by its name."""
    text = (
        '{"title": "Heron Lake", "year": 2019,\n'
        ' "sections": [{"kind": "quick_answer", "body": "It ends."}]}\n'
    )
    preview = await upload(app, "heron-lake.json", text.encode())
    assert preview.embeds, preview.content
    assert preview.embeds[0].title == r"Import Heron Lake \(2019\)?"


FRANCHISE = ROOT / "tests" / "bot" / "importer" / "fixtures" / "other_pages"
FRANCHISE = FRANCHISE / "franchise_before_trilogy.md"


async def test_an_article_about_several_films_asks_for_title_then_imports_that_part(app) -> None:  # type: ignore[no-untyped-def]
    before = await films(app)
    refused = await upload(app, "before.md", FRANCHISE.read_bytes())
    assert_error(refused, "explains 3 films", "give the film's title yourself with title:")
    assert await films(app) == before and await anchors(app) == 0

    preview = await run(
        app, "import", admin(), file=Attachment("before.md", FRANCHISE.read_bytes()),
        title="Before Sunset",
    )  # fmt: skip
    assert preview.embeds, preview.content
    assert preview.embeds[0].title == r"Import Before Sunset \(2004\)?"
    done = await app.press(admin(), button(preview, "Confirm"))
    assert done.content == r"✅ Loaded Before Sunset \(2004\) for this server."
    assert app.catalog.resolve(GUILD, "Before Sunset") is not None
    assert app.catalog.resolve(GUILD, "Before Sunrise") is None


async def test_an_undated_article_asks_for_year_then_takes_it(app) -> None:  # type: ignore[no-untyped-def]
    article = b"Heron Lake ending explained\n\nWhat happens at the end?\n\nShe stays by the lake."
    refused = await upload(app, "heron.txt", article)
    assert_error(refused, "no release year found", "give the year with year:")
    assert "title:" not in refused.content  # the title was found: only the year is asked for
    preview = await run(app, "import", admin(), file=Attachment("heron.txt", article), year=2019)
    assert preview.embeds and preview.embeds[0].title == r"Import Heron Lake \(2019\)?"


@pytest.mark.parametrize("year", [1800, 0, -5, 2101, 20190])
async def test_a_year_option_no_film_can_have_is_named_as_the_options(app, year: int) -> None:  # type: ignore[no-untyped-def]
    """Was "heron.txt: year: must be greater than or equal to 1870": the article blamed for
    the year the admin typed."""
    article = b"Heron Lake ending explained\n\nWhat happens at the end?\n\nShe stays by the lake."
    before = await films(app)
    reply = await run(app, "import", admin(), file=Attachment("heron.txt", article), year=year)
    assert_error(reply, f"year: must be a film's year, from 1870 to 2100, not {year}.")
    assert "heron.txt" not in reply.content
    assert await films(app) == before


@pytest.mark.parametrize("options", [{"title": "Heron Lake"}, {"year": 2019}])
async def test_title_and_year_are_refused_for_a_content_file(app, options: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    before = await films(app)
    reply = await run(
        app, "import", admin(), file=Attachment("heron.yaml", FILM.encode()), **options
    )
    assert_error(reply, "is a content file: it names its film itself", f"{next(iter(options))}:")
    assert await films(app) == before and await anchors(app) == 0


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"title": "Heron Lake"}, "so title: only applies to articles"),
        ({"year": 0}, "so year: only applies to articles"),  # was named as "" (a falsy year)
        ({"title": "Heron Lake", "year": 2019}, "so title: and year: only apply to articles"),
    ],
)
async def test_the_options_a_content_file_refuses_are_named_in_good_grammar(
    app, options: dict[str, Any], said: str
) -> None:  # type: ignore[no-untyped-def]
    """Was "so title: only apply to articles", and "so  only apply" for year:0."""
    reply = await run(
        app, "import", admin(), file=Attachment("heron.yaml", FILM.encode()), **options
    )
    assert_error(reply, said)


async def test_a_source_only_public_text_cites_is_in_the_preview(app) -> None:  # type: ignore[no-untyped-def]
    """A source is listed like the text citing it: cited only by public text, it is in the
    preview's public text. Its words may state the twist whoever cites it (an "ending
    explained" headline), so they are behind bars there and in public answers."""
    teaser = "Why the stranger is her brother"
    text = FILM.replace(
        "    title: A review\n",
        f"    title: A review\n  - id: 2\n    author: B. Critic\n    title: {teaser}\n",
    ).replace(
        "        level: plot\n        body: A little.",
        "        level: none\n        body: A little.[^2]",
    )
    preview = await upload(app, "heron.yaml", text.encode())
    description = preview.embeds[0].description
    assert "Source 2" in visible_text(description)
    assert teaser in description and teaser not in visible_text(description)
    # It is public indeed: a member's answer in a standard channel lists it, its words
    # behind bars.
    await app.press(admin(), button(preview, "Confirm"))
    faq = await run_command(
        app, command_table()["film faq"], member(), {"film": "Heron Lake", "question": "2"}
    )
    answer = faq.embeds[0].description
    assert not faq.ephemeral and "[2]" in visible_text(answer)
    assert f"||B. Critic: {teaser}||" in answer and teaser not in visible_text(answer)


async def test_importing_the_same_file_twice_changes_nothing_the_second_time(app) -> None:  # type: ignore[no-untyped-def]
    first = await upload(app, "heron.yaml", FILM.encode())
    await app.press(admin(), button(first, "Confirm"))
    second = await upload(app, "heron.yaml", FILM.encode())
    assert "Confirm changes nothing" in second.embeds[0].description
    done = await app.press(admin(), button(second, "Confirm"))
    assert "nothing changed" in (done.content or "")
    assert len(await audit(app)) == 1


async def test_a_server_import_of_a_global_title_shadows_it_only_there(app) -> None:  # type: ignore[no-untyped-def]
    own = LA_LA_LAND.read_text().replace("Sebastian, a struggling", "Sebastian, a flamingo-loving")
    preview = await upload(app, "la-la-land.yaml", own.encode())
    assert "instead of the global one" in preview.embeds[0].description
    await app.press(admin(), button(preview, "Confirm"))
    ours = app.catalog.resolve(GUILD, "La La Land")
    theirs = app.catalog.resolve(OTHER_GUILD, "La La Land")
    assert ours.guild_id == GUILD and theirs.guild_id == GLOBAL_SCOPE


async def test_a_server_copy_with_fewer_sections_names_those_its_members_lose(app) -> None:  # type: ignore[no-untyped-def]
    """A one-section file for La La Land was previewed as "This server will see this version
    instead of the global one": Confirm took the recap, ending, themes, symbolism and FAQ
    from the server's members without a word."""
    partial = "title: La La Land\nyear: 2016\nsections:\n  - kind: quick_answer\n    body: x\n"
    preview = await upload(app, "la-la-land.yaml", partial.encode())
    text = preview.embeds[0].description
    assert "instead of the global one" in text
    for label in ("Plot recap", "The ending", "The final shot", "Themes", "Symbolism", "FAQ"):
        assert label in text.split("instead of the global one", 1)[1], text
    assert "leaves out" in text
    # A copy with every section the global one has names none.
    whole = await upload(
        app, "la-la-land.yaml", LA_LA_LAND.read_bytes().replace(b"struggling", b"x")
    )
    assert "leaves out" not in whole.embeds[0].description
    await app.press(admin(), button(whole, "Confirm"))
    # Replacing the server's own copy with a smaller one says so as well.
    smaller = await upload(app, "la-la-land.yaml", partial.encode())
    assert "Replaces this server's own version" in smaller.embeds[0].description
    assert "leaves out" in smaller.embeds[0].description


# --- who may use the commands --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("import", {"file": Attachment("heron.yaml", FILM.encode())}),
        ("export", {"film": "La La Land"}),
        ("add", {}),
        ("edit", {"film": "La La Land", "section": "ending"}),
        ("remove", {"film": "La La Land"}),
    ],
)
async def test_members_cannot_use_admin_commands(app, name: str, options: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    reply = await run(app, name, member(), **options)
    assert_error(reply, "is for server admins")
    dm = Invocation(user_id=ADMIN, permissions=frozenset({"manage_guild"}))
    assert_error(await run(app, name, dm, **options), "only works in a server")


async def test_members_cannot_submit_admin_forms(app) -> None:  # type: ignore[no-untyped-def]
    values = {"title": "Sneaky", "year": "2000", "synopsis": "x", "quick_answer": "y"}
    assert_error(await app.submit(member(), ADD_FORM, values), "Only server admins")
    assert app.catalog.resolve(GUILD, "Sneaky") is None


# --- export --------------------------------------------------------------------------------------


async def test_export_gives_a_file_that_loads_back_to_the_same_film(app) -> None:  # type: ignore[no-untyped-def]
    reply = await run(app, "export", admin(), film="La La Land")
    assert reply.ephemeral
    (attachment,) = reply.attachments
    assert attachment.filename == "la-la-land-2016.yaml"
    assert "Ending" not in attachment.filename
    preview = await upload(app, attachment.filename, attachment.data)
    await app.press(admin(), button(preview, "Confirm"))
    copy = app.catalog.resolve(GUILD, "La La Land")
    assert copy.guild_id == GUILD
    again = await run(app, "export", admin(), film="La La Land")
    assert again.attachments[0].data == attachment.data


@pytest.mark.parametrize(
    "stale", ["la-la-land-mia-marries-greg-2016", "la-la-land-spoiler-mia-marries-greg-2016"]
)
async def test_an_exports_file_is_named_by_the_mended_title_not_a_stale_slug(  # type: ignore[no-untyped-def]
    app, stale: str
) -> None:
    # A film once stored as "La La Land ||Mia marries Greg||": migrations mend its title, not
    # its slug, and an attachment's name is plain text Discord cannot hide.
    async with app.sessions() as session:
        await session.execute(update(Film).where(Film.title == "La La Land").values(slug=stale))
        await session.commit()
    await app.catalog.refresh()
    reply = await run(app, "export", admin(), film="La La Land")
    (attachment,) = reply.attachments
    assert attachment.filename == "la-la-land-2016.yaml"
    assert "mia" not in attachment.filename.lower() and "greg" not in attachment.filename.lower()


@pytest.mark.parametrize(
    "title",
    [
        'La La Land 〈span class="spoiler"〉Mia marries Greg〈/span〉',
        "La La Land [cut]Mia marries Greg[/cut]",
        "La La Land ||Mia marries Greg||",
    ],
)
def test_an_exports_file_name_leaves_out_what_markup_in_a_title_hides(title: str) -> None:
    # A title holding markup read only since the last mending migration.
    assert _file_name(title, 2016) == "la-la-land-2016.yaml"
    assert _file_name("La La Land", 2016) == "la-la-land-2016.yaml"
    assert _file_name("Mia: A Story", 2016) == "mia-a-story-2016.yaml"  # not over-hidden


# --- add -----------------------------------------------------------------------------------------


ADD_VALUES = {
    "title": "Paper Moon Harbour",
    "year": "2021",
    "synopsis": "A ferry captain takes one last trip.",
    "quick_answer": "She stays on the island.",
    "ending": "",
}


async def test_add_opens_a_form_and_stores_a_server_film(app) -> None:  # type: ignore[no-untyped-def]
    form = await run(app, "add", admin())
    assert form.modal is not None and form.modal.title == "Add a film"
    assert form.modal.custom_id == ADD_FORM
    assert [i.custom_id for i in form.modal.inputs] == [
        "title",
        "year",
        "synopsis",
        "quick_answer",
        "ending",
    ]
    done = await app.submit(admin(), ADD_FORM, ADD_VALUES | {"ending": "The harbour burns."})
    assert done.content == r"✅ Added Paper Moon Harbour \(2021\) to this server."
    entry = app.catalog.resolve(GUILD, "Paper Moon Harbour")
    assert entry.guild_id == GUILD and app.catalog.resolve(OTHER_GUILD, entry.title) is None
    async with app.sessions() as session:
        film = await app.film.load(session, entry)
        assert [(s.kind, s.level) for s in film.sections] == [
            ("quick_answer", "ending"),
            ("ending", "ending"),
        ]
    assert (await audit(app))[-1][2:] == ("film-add", "added Paper Moon Harbour (2021)")


async def test_a_film_may_be_added_without_a_synopsis(app) -> None:  # type: ignore[no-untyped-def]
    """Nothing public unless a person wrote it: an empty synopsis stays empty, and says so."""
    done = await app.submit(admin(), ADD_FORM, ADD_VALUES | {"synopsis": ""})
    assert not done.is_error, done.content
    card = await run_command(
        app, command_table()["film info"], member(), {"film": "Paper Moon Harbour"}
    )
    assert card.embeds[0].description == "*No synopsis yet.*"


@pytest.mark.parametrize(
    ("values", "phrase"),
    [
        ({"title": "  "}, "The film needs a title: nothing was saved."),
        ({"year": "soon"}, "Year must be a number like 2016, not 'soon'"),
        # Digits to str.isdigit that int() cannot read (circled, superscript): a clear error,
        # not a crash that lost the form.
        ({"year": "⓵⓽⓽⓽"}, "Year must be a number like 2016, not '⓵⓽⓽⓽'"),
        ({"year": "1700"}, "Year: must be from 1870 to 2100"),
        ({"year": "2200"}, "Year: must be from 1870 to 2100"),
        ({"quick_answer": "  "}, "Quick answer: must not be empty"),
        ({"quick_answer": "Cites [^3]."}, "Quick answer: cites [^3] but this film has no sources"),
    ],
)
async def test_a_bad_add_form_changes_nothing(app, values: dict[str, str], phrase: str) -> None:  # type: ignore[no-untyped-def]
    before = await films(app)
    reply = await app.submit(admin(), ADD_FORM, ADD_VALUES | values)
    assert_error(reply, phrase)
    assert await films(app) == before and await audit(app) == []


@pytest.mark.parametrize(
    "values",
    [{"year": "soon"}, {"title": "  "}, {"quick_answer": "Cites [^3]."}, {"synopsis": "A ||twist"}],
)
async def test_a_refused_add_form_hands_back_everything_typed(app, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Discord closes a form when it is sent: what was typed exists only in the reply now."""
    typed = ADD_VALUES | values
    reply = await app.submit(admin(), ADD_FORM, typed)
    assert_error(reply, "What you typed is attached")
    kept = b"".join(attachment.data for attachment in reply.attachments).decode()
    for text in typed.values():
        assert text.strip() in kept


@pytest.mark.parametrize(
    "values", [{"year": "1700"}, {"quick_answer": "  "}, {"title": "A ||twist||"}, {"year": "x"}]
)
async def test_a_refused_form_says_its_text_is_attached_in_a_sentence_of_its_own(
    app, values: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    """Was "…must not be empty What you typed is attached.": a problem line ran into it."""
    reply = await app.submit(admin(), ADD_FORM, ADD_VALUES | values)
    text = visible_text(reply.content or "")
    before, _, _ = text.partition("What you typed is attached")
    assert before, text
    # The problem ends, then the note starts: a full stop, or the end of a list's last line.
    assert before.endswith((". ", "\n")), text


async def test_a_citation_of_no_source_in_a_form_says_how_to_fix_it(app) -> None:  # type: ignore[no-untyped-def]
    """Was "cites [^3] but no source has id 3" alone: a form has no field for sources, so an
    admin was told of a source to add and given nowhere to add it."""
    added = await app.submit(admin(), ADD_FORM, ADD_VALUES | {"quick_answer": "Cites [^3]."})
    assert_error(added, "cites [^3]", "has no sources", "remove the [^3]", "/film-admin import")
    entry = app.catalog.resolve(GUILD, "La La Land")
    edited = await app.submit(admin(), edit_id(entry, "ending"), {"body": "See [^9]."})
    # La La Land cites five sources: the ones a form may cite are named.
    assert_error(edited, "cites [^9]", "[^1] to [^5]", "remove the [^9]")


async def test_a_refused_edit_hands_back_the_text(app) -> None:  # type: ignore[no-untyped-def]
    entry = app.catalog.resolve(GUILD, "La La Land")
    bad = await app.submit(admin(), edit_id(entry, "ending"), {"body": "Long text. See [^9]."})
    assert_error(bad, "cites [^9]", "What you typed is attached")
    assert bad.attachments[0].data == b"Long text. See [^9]."


async def test_a_form_opened_before_a_server_copy_was_made_says_the_film_changed(app) -> None:  # type: ignore[no-untyped-def]
    """Two admins edit the global La La Land: the first save makes this server's own copy.
    Was: the second told "That film was removed, or this server cannot see it"."""
    entry = app.catalog.resolve(GUILD, "La La Land")
    assert entry.guild_id == GLOBAL_SCOPE
    first, second = edit_id(entry, "recap"), edit_id(entry, "recap")

    saved = await app.submit(admin(), first, {"body": "One admin's recap."})
    assert "this server's own copy" in saved.content
    late = await app.submit(admin(OTHER_ADMIN), second, {"body": "Another admin's recap."})

    assert_error(late, "The film changed after you opened this form", "What you typed is attached")
    assert "removed" not in late.content
    assert late.attachments[0].data == b"Another admin's recap."


async def test_the_preview_of_a_file_already_loaded_says_confirm_changes_nothing(app) -> None:  # type: ignore[no-untyped-def]
    """Was "Replaces this server's own version of this film." for the very same file."""
    first = await upload(app, "heron.yaml", FILM.encode())
    assert "Adds a film to this server." in first.embeds[0].description
    await app.press(admin(), button(first, "Confirm"))

    again = await upload(app, "heron.yaml", FILM.encode())
    assert "already has exactly this version: Confirm changes nothing" in (
        again.embeds[0].description
    )
    changed = await upload(app, "heron.yaml", FILM.replace("A little.", "Very.").encode())
    assert "Replaces this server's own version" in changed.embeds[0].description


async def test_adding_a_film_the_server_already_has_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    await app.submit(admin(), ADD_FORM, ADD_VALUES)
    again = await app.submit(admin(), ADD_FORM, ADD_VALUES | {"synopsis": "Other."})
    assert_error(again, "already has Paper Moon Harbour (2021)", "/film-admin edit")


async def test_adding_a_film_the_server_reads_globally_would_not_drop_its_sections(app) -> None:  # type: ignore[no-untyped-def]
    """Was "✅ Added La La Land (2016) to this server. It replaces the global version": the
    server's members lost its recap, ending, themes, symbolism and FAQ for one quick answer
    typed into a form. The admin is told what would be lost and where to change it instead,
    with what they typed handed back."""
    before = await films(app)
    typed = ADD_VALUES | {"title": "la la land", "year": "2016", "quick_answer": "Mine."}
    reply = await app.submit(admin(), ADD_FORM, typed)
    assert_error(
        reply,
        "La La Land (2016)",
        "Plot recap, The ending, The final shot, Themes, Symbolism, FAQ",
        "/film-admin edit film:La La Land (2016) section:",
        "/film-admin export",
        "What you typed is attached",
    )
    assert "Mine." in reply.attachments[0].data.decode()
    assert await films(app) == before and await audit(app) == []
    # A global film whose every section the form has may still be given a server version.
    quick_only = FILM.split("  - kind: faq")[0]
    await app.loader.store([parse_film_bytes(quick_only.encode(), "heron.yaml")])
    await app.catalog.refresh()
    heron = ADD_VALUES | {"title": "Heron Lake", "year": "2019"}
    done = await app.submit(admin(), ADD_FORM, heron)
    assert not done.is_error, done.content
    assert "It replaces the global version for this server." in done.content


# --- edit ----------------------------------------------------------------------------------------


async def test_a_section_named_with_the_is_named_once_in_the_answer(app) -> None:  # type: ignore[no-untyped-def]
    """'The ending' is a section's label: saved, it is 'the ending', not 'the the ending'."""
    form = await run(app, "edit", admin(), film="La La Land", section="ending")
    assert form.modal is not None and form.modal.title.startswith("The ending")
    done = await app.submit(admin(), form.modal.custom_id, {"body": "A new ending."})
    again = await run(app, "edit", admin(), film="La La Land", section="ending")
    assert again.modal is not None
    same = await app.submit(admin(), again.modal.custom_id, {"body": "A new ending."})
    assert (done.content or "").startswith("✅ Saved the ending of La La Land"), done.content
    assert (same.content or "").startswith("The ending of La La Land"), same.content


async def test_editing_a_global_film_gives_the_server_its_own_copy(app) -> None:  # type: ignore[no-untyped-def]
    original = app.catalog.resolve(GUILD, "La La Land")
    form = await run(app, "edit", admin(), film="La La Land", section="quick_answer")
    modal = form.modal
    assert modal is not None
    assert modal.custom_id == edit_id(original, "quick_answer")
    assert modal.title == "Quick answer: La La Land (2016)"
    current = await body_of(app, original.id, "quick_answer")
    assert modal.inputs[0].value == current
    done = await app.submit(admin(), modal.custom_id, {"body": "A new quick answer."})
    assert (
        done.content
        == r"✅ Saved the quick answer of La La Land \(2016\) in this server's own copy."
    )
    copy = app.catalog.resolve(GUILD, "La La Land")
    assert copy.guild_id == GUILD and copy.id != original.id
    assert await body_of(app, copy.id, "quick_answer") == "A new quick answer."
    assert await body_of(app, original.id, "quick_answer") == current  # global unchanged
    assert app.catalog.resolve(OTHER_GUILD, "La La Land").id == original.id
    async with app.sessions() as session:
        kept = await app.film.load(session, copy)
        faq = next(s for s in kept.sections if s.kind == "faq")
        assert len(faq.items) == 4 and len(kept.sources) == 5
    assert (await audit(app))[-1][2] == "film-edit"


async def test_the_owner_edits_global_content_in_place(app) -> None:  # type: ignore[no-untyped-def]
    original = app.catalog.resolve(GUILD, "La La Land")
    custom_id = edit_id(original, "synopsis")
    done = await app.submit(owner(), custom_id, {"body": "A new synopsis."})
    assert "the global version" in (done.content or "")
    assert app.catalog.resolve(OTHER_GUILD, "La La Land").id == original.id
    async with app.sessions() as session:
        assert (await session.get(Film, original.id)).synopsis == "A new synopsis."
    assert [slug for _g, slug, _h in await films(app)] == ["la-la-land-2016"]


async def test_editing_keeps_items_and_can_add_a_missing_section(app) -> None:  # type: ignore[no-untyped-def]
    entry = app.catalog.resolve(GUILD, "La La Land")
    await app.submit(owner(), edit_id(entry, "notes"), {"body": "A production note."})
    async with app.sessions() as session:
        film = await app.film.load(session, entry)
        kinds = [s.kind for s in film.sections]
    assert kinds[-1] == "notes" and await body_of(app, entry.id, "notes") == "A production note."
    # A form opened before that save no longer matches the film: nothing is saved, nothing lost.
    stale = await app.submit(owner(), edit_id(entry, "themes"), {"body": "Typed text."})
    assert_error(stale, "changed after you opened this form")
    assert stale.attachments[0].data == b"Typed text."
    entry = app.catalog.resolve(GUILD, "La La Land")
    empty_themes = await app.submit(owner(), edit_id(entry, "themes"), {"body": ""})
    assert "already says exactly that" in (empty_themes.content or "")


async def test_a_bad_edit_changes_nothing(app) -> None:  # type: ignore[no-untyped-def]
    entry = app.catalog.resolve(GUILD, "La La Land")
    before = await films(app)
    bad = await app.submit(admin(), edit_id(entry, "ending"), {"body": "See [^9]."})
    assert_error(bad, "The ending: cites [^9] but no source has id 9")
    empty = await app.submit(admin(), edit_id(entry, "ending"), {"body": " "})
    assert_error(empty, "The ending: a section needs a body, items, or both")
    assert await films(app) == before and await audit(app) == []


async def test_a_section_longer_than_a_form_points_to_export(app) -> None:  # type: ignore[no-untyped-def]
    long_body = " ".join(["word"] * 1000)
    await app.loader.store(
        [parse_film_bytes(FILM.replace("A little.", long_body).encode(), "heron.yaml")],
        guild_id=GUILD,
    )
    await app.catalog.refresh()
    reply = await run(app, "edit", admin(), film="Heron Lake", section="faq")
    assert reply.modal is not None and reply.modal.inputs[0].value == ""
    assert not reply.modal.inputs[0].required  # the FAQ has items, so its body may stay empty
    long = FILM.replace("body: The zebraquux", f"body: {long_body} The zebraquux")
    await app.loader.store([parse_film_bytes(long.encode(), "heron.yaml")], guild_id=GUILD)
    await app.catalog.refresh()
    reply = await run(app, "edit", admin(), film="Heron Lake", section="quick_answer")
    assert_error(reply, "is 5044 characters, more than a form holds (4000)", "/film-admin export")
    assert reply.content and reply.content.startswith("⚠️ The quick answer of ")
    # Was "The the ending of …": a part whose label has its own article, said twice.
    ending = FILM.replace("A little.", long_body)
    ending += f"  - kind: ending\n    level: ending\n    body: {long_body}\n"
    await app.loader.store([parse_film_bytes(ending.encode(), "heron.yaml")], guild_id=GUILD)
    await app.catalog.refresh()
    reply = await run(app, "edit", admin(), film="Heron Lake", section="ending")
    assert reply.content and reply.content.startswith("⚠️ The ending of Heron Lake"), reply


@pytest.mark.parametrize(
    ("section", "label"),
    [
        ("faq", "Text before its 4 questions"),
        ("themes", "Text before its 3 themes"),
    ],
)
async def test_the_form_of_a_section_with_items_says_it_edits_the_text_before_them(
    app, section: str, label: str
) -> None:  # type: ignore[no-untyped-def]
    """Was an empty box labelled "Themes": as if La La Land had no themes."""
    reply = await run(app, "edit", admin(), film="La La Land", section=section)

    (field,) = reply.modal.inputs
    assert field.value == "" and field.label == label
    assert "/film-admin export" in field.placeholder
    # A section of one text edits that text, under its own name.
    quick = await run(app, "edit", admin(), film="La La Land", section="quick_answer")
    assert quick.modal.inputs[0].label == "Quick answer" and quick.modal.inputs[0].value


async def test_another_servers_film_cannot_be_edited_or_seen(app) -> None:  # type: ignore[no-untyped-def]
    await app.submit(admin(), ADD_FORM, ADD_VALUES)
    theirs = app.catalog.resolve(GUILD, "Paper Moon Harbour")
    stranger = admin(OTHER_ADMIN, OTHER_GUILD)
    for name, options in [
        ("edit", {"film": "Paper Moon Harbour", "section": "synopsis"}),
        ("export", {"film": "Paper Moon Harbour"}),
        ("remove", {"film": "Paper Moon Harbour"}),
    ]:
        assert_error(await run(app, name, stranger, **options), "No film matches")
    form_id = edit_id(theirs, "synopsis")
    assert_error(await app.submit(stranger, form_id, {"body": "Mine now."}), "cannot see it")
    async with app.sessions() as session:
        assert (await session.get(Film, theirs.id)).synopsis == ADD_VALUES["synopsis"]


# --- remove --------------------------------------------------------------------------------------


async def test_removing_global_content_is_for_the_owner_only(app) -> None:  # type: ignore[no-untyped-def]
    refused = await run(app, "remove", admin(), film="La La Land")
    assert_error(refused, "global content can only be changed by the bot owner or the CLI")
    # Said with what an admin can do: take it out of this server alone.
    assert_error(refused, "/film-admin hide film:La La Land (2016) takes it out of this server")
    menu = await run(app, "remove", owner(), film="La La Land")
    assert "for every server" in (menu.content or "")
    done = await app.press(owner(), button(menu, "Remove"))
    assert done.content == r"✅ Removed La La Land \(2016\) for every server."
    assert await films(app) == [] and len(app.catalog) == 0


async def test_removing_a_servers_copy_brings_back_the_global_film(app) -> None:  # type: ignore[no-untyped-def]
    original = app.catalog.resolve(GUILD, "La La Land")
    await app.submit(admin(), edit_id(original, "synopsis"), {"body": "Ours."})
    menu = await run(app, "remove", admin(), film="La La Land")
    assert menu.ephemeral and "from this server" in (menu.content or "")
    assert_error(
        await app.press(admin(OTHER_ADMIN), button(menu, "Remove")), "This isn't your menu"
    )
    done = await app.press(admin(), button(menu, "Remove"))
    assert done.edits_original
    assert done.content == (
        r"✅ Removed La La Land \(2016\) from this server."
        " This server sees the global version again."
    )
    assert app.catalog.resolve(GUILD, "La La Land").id == original.id
    assert (await audit(app))[-1][2:] == (
        "film-remove",
        "removed La La Land (2016), this server's version",
    )
    assert await anchors(app) == 0


async def test_cancelling_a_removal_keeps_the_film(app) -> None:  # type: ignore[no-untyped-def]
    await app.submit(admin(), ADD_FORM, ADD_VALUES)
    menu = await run(app, "remove", admin(), film="Paper Moon Harbour")
    cancelled = await app.press(admin(), button(menu, "Cancel"))
    assert cancelled.content == "Cancelled: nothing was changed."
    assert app.catalog.resolve(GUILD, "Paper Moon Harbour") is not None


async def test_unknown_admin_buttons_and_forms_are_refused(app) -> None:  # type: ignore[no-untyped-def]
    assert_error(await app.press(admin(), "epi:adm:explode:1"), "not from Epilogue")
    assert_error(await app.press(admin(), "epi:adm:confirm:x"), "not from Epilogue")
    assert_error(await app.submit(admin(), "epi:adm:edit:1:plot", {"body": "x"}), "expired")


@pytest.mark.parametrize("before", [2300, 2400, 2480])
async def test_a_preview_cut_short_never_opens_an_inline_spoiler(app, before: int) -> None:  # type: ignore[no-untyped-def]
    """The preview's public text is cut to fit; a cut inside an author's ||span|| must close
    it, not leave its words shown after a stray pair of bars."""
    filler = ("The lake is calm. " * (before // 18 + 1))[:before]
    secret = " ".join([BODY_MARKER] * 60)
    film = FILM.replace(
        "synopsis: A birdwatcher returns to the lake of her childhood.",
        f"synopsis: {filler} ||{secret}|| The end.",
    )

    preview = await upload(app, "heron.yaml", film.encode())

    description = preview.embeds[0].description or ""
    assert "The lake is calm" in visible_text(description)
    assert BODY_MARKER not in visible_text(description)
    assert BODY_MARKER not in visible_text(description, lazy_bars=True)


async def test_the_attached_public_text_holds_no_inline_spoiler(app) -> None:  # type: ignore[no-untyped-def]
    """A long public text is attached as a plain file, which no client renders: an author's
    inline spoiler in it is a placeholder, never its words behind bars anyone can read."""
    filler = "The lake is calm. " * 200
    film = FILM.replace(
        "synopsis: A birdwatcher returns to the lake of her childhood.",
        f"synopsis: {filler} ||{BODY_MARKER} drowned|| The end.",
    )

    preview = await upload(app, "heron.yaml", film.encode())

    [attached] = preview.attachments
    text = attached.data.decode()
    assert "The lake is calm." in text and "[spoiler]" in text
    assert BODY_MARKER not in text


async def test_a_form_that_arrives_without_its_fields_saves_nothing(app) -> None:  # type: ignore[no-untyped-def]
    """A submission whose fields are not its form's (another form's fields under an edit
    form's id, a field left out of the payload) was read as an empty text: the synopsis or
    section was wiped, and what was typed, under names the form does not have, was dropped."""
    entry = app.catalog.resolve(GUILD, "La La Land")
    before = await films(app)

    crossed = await app.submit(admin(), edit_id(entry, "synopsis"), ADD_VALUES)
    empty = await app.submit(admin(), edit_id(entry, "quick_answer"), {})
    extra = await app.submit(admin(), ADD_FORM, ADD_VALUES | {"notes": "A long note typed."})

    for reply in (crossed, empty, extra):
        assert_error(reply, "Nothing was saved", "run the command again")
    assert b"She stays on the island." in crossed.attachments[0].data
    assert b"A long note typed." in extra.attachments[0].data
    assert await films(app) == before and await audit(app) == []


async def test_an_answer_button_after_a_server_copy_was_made_says_the_film_changed(app) -> None:  # type: ignore[no-untyped-def]
    """An answer about the global film, then this server's admin edits it (a server copy).
    Was: pressing Reveal said the film "was removed, or this server cannot see it"."""
    reader = Invocation(user_id=MEMBER, guild_id=GUILD, channel_id=10)
    answer = await run_command(app, command_table()["film quick"], reader, {"film": "La La Land"})
    reveal = answer.buttons[-1].custom_id
    entry = app.catalog.resolve(GUILD, "La La Land")
    await app.submit(admin(), edit_id(entry, "synopsis"), {"body": "This server's synopsis."})

    pressed = await app.press(reader, reveal)

    assert pressed.is_error and pressed.ephemeral
    assert "has changed since this answer was posted" in pressed.content, pressed.content
    # Another server, which has no copy, still reads the global answer the button names.
    elsewhere = Invocation(user_id=MEMBER, guild_id=OTHER_GUILD, channel_id=10)
    assert not (await app.press(elsewhere, reveal)).is_error


async def test_the_operators_log_names_an_imported_film_never_its_files_name(
    app,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An explainer saved from the web is named by its headline, which often states the twist:
    whoever runs the bot reads its log, so an import is logged by its film, as the moderators'
    log records it."""
    named = "heron-lake-ending-explained-the-stranger-was-her-brother.yaml"
    preview = await upload(app, named, FILM.encode())
    with caplog.at_level(logging.DEBUG):
        done = await app.press(admin(), button(preview, "Confirm"))
    assert "Loaded" in (done.content or "")
    ours = [r for r in caplog.records if r.name.split(".")[0] in {"bot", "client", "cogs"}]
    logged = "\n".join(record.getMessage() for record in ours)
    assert "Heron Lake (2019)" in logged
    assert "brother" not in logged and "stranger" not in logged


async def test_a_later_file_import_never_names_an_uploaded_files_name(
    app,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """``epilogue import --guild`` says which file a film it replaces was loaded from: for an
    upload, that was its name, which for an explainer saved from the web is its headline
    (often the twist), read by whoever runs the bot, who asked for nothing."""
    named = "heron-lake-ending-explained-the-stranger-was-her-brother.yaml"
    preview = await upload(app, named, FILM.encode())
    assert "Loaded" in ((await app.press(admin(), button(preview, "Confirm"))).content or "")
    edited = tmp_path / "heron-lake.yaml"
    edited.write_text(FILM.replace("A little.", "A little, and then hopeful."))

    report = await app.load_content([edited], guild_id=GUILD)

    ((label, before, now),) = report.replaced
    assert label == "Heron Lake (2019)" and now == str(edited)
    assert "/film-admin import" in before
    assert "brother" not in before and "stranger" not in before, before


async def test_an_upload_stored_with_its_name_before_is_reported_without_it(
    app,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """A database kept from before stored an upload's origin with its name."""
    named = "heron-lake-ending-explained-the-stranger-was-her-brother.yaml"
    preview = await upload(app, named, FILM.encode())
    await app.press(admin(), button(preview, "Confirm"))
    async with app.sessions() as session, session.begin():
        await session.execute(update(Film).values(origin=f"/film-admin import {named}"))
    edited = tmp_path / "heron-lake.yaml"
    edited.write_text(FILM.replace("A little.", "A little, and then hopeful."))

    report = await app.load_content([edited], guild_id=GUILD)

    ((_, before, _),) = report.replaced
    assert "/film-admin import" in before and "brother" not in before, before


TOLD_BY_CREDITS = b"""# The Game (1997) ending explained

The Game is a 1997 thriller directed by David Fincher. It stars Michael Douglas.

## The ending

Every trap was directed by Conrad Van Orton, his brother, and the last scene is a show
starring Christine Strong Herself.
"""


async def test_an_imported_articles_ending_never_reaches_the_public_card(app) -> None:  # type: ignore[no-untyped-def]
    """/film info is public in every channel: director and cast an import took from the
    article's ending ("directed by his brother") would tell every member the twist."""
    preview = await run(
        app, "import", admin(), file=Attachment("game.md", TOLD_BY_CREDITS), title="The Game"
    )
    assert "Conrad" not in str(preview.payload()), preview.payload()
    await app.press(admin(), button(preview, "Confirm"))
    card = await run_command(app, command_table()["film info"], member(), {"film": "The Game"})
    shown = str(card.payload())
    assert "David Fincher" in shown
    assert "Conrad" not in shown and "Christine" not in shown


async def test_the_edit_form_says_when_what_is_typed_is_read_by_everyone(app) -> None:  # type: ignore[no-untyped-def]
    """The add form names the synopsis spoiler-free; the edit form named it "Synopsis" alone,
    and a section at level none by its name: an admin adding how it ends to either, as they
    would to the quick answer, put the ending in front of every member, in every channel,
    with nothing to tell them (an import shows them first what everyone may read)."""
    notes = FILM + "  - kind: notes\n    level: none\n    body: Shot in one summer.\n"
    await app.loader.store([parse_film_bytes(notes.encode(), "heron.yaml")], guild_id=GUILD)
    await app.catalog.refresh()

    for section in ("synopsis", "notes"):
        reply = await run(app, "edit", admin(), film="Heron Lake", section=section)
        (field,) = reply.modal.inputs
        assert "spoiler-free" in field.label and len(field.label) <= 45, field.label
        entry = app.catalog.resolve(GUILD, "Heron Lake")
        done = await app.submit(admin(), edit_id(entry, section), {"body": f"New {section}."})
        assert "everyone reads it" in (done.content or ""), done.content
    # Text behind a spoiler level is edited under its own name, as before.
    quick = await run(app, "edit", admin(), film="Heron Lake", section="quick_answer")
    assert quick.modal.inputs[0].label == "Quick answer"
    entry = app.catalog.resolve(GUILD, "Heron Lake")
    done = await app.submit(admin(), edit_id(entry, "quick_answer"), {"body": "She stays."})
    assert "everyone reads it" not in (done.content or "")


@pytest.mark.parametrize(
    ("section", "who"),
    [
        ("notes", "hidden as a spoiler"),
        ("recap", "hidden as a spoiler"),
        ("synopsis", "everyone reads it"),
    ],
)
async def test_the_edit_form_of_a_part_the_film_lacks_says_it_is_empty_and_adds_it(
    app, section: str, who: str
) -> None:  # type: ignore[no-untyped-def]
    """Was an empty form titled "Notes: Heron Lake (2019)", as if the notes had been wiped or
    failed to load: nothing said the film has none, nor that typing there adds them."""
    bare = FILM.replace("synopsis: A birdwatcher returns to the lake of her childhood.\n", "")
    await app.loader.store([parse_film_bytes(bare.encode(), "heron.yaml")], guild_id=GUILD)
    await app.catalog.refresh()

    reply = await run(app, "edit", admin(), film="Heron Lake", section=section)

    assert reply.modal is not None
    (field,) = reply.modal.inputs
    assert field.value == ""
    assert reply.modal.title.startswith("Add ") and len(reply.modal.title) <= 45, reply.modal.title
    assert "none yet" in field.placeholder and who in field.placeholder, field.placeholder
    assert len(field.placeholder) <= 100
    entry = app.catalog.resolve(GUILD, "Heron Lake")
    done = await app.submit(admin(), edit_id(entry, section), {"body": "New text."})
    assert (done.content or "").startswith("✅ Added the "), done.content
    # A part the film has is edited as it is, under its own name.
    quick = await run(app, "edit", admin(), film="Heron Lake", section="quick_answer")
    assert not quick.modal.title.startswith("Add ") and not quick.modal.inputs[0].placeholder


@pytest.mark.parametrize("second", ["Confirm", "Cancel"])
async def test_two_presses_of_one_menu_at_once_do_one_thing(
    app, tmp_path: Path, second: str
) -> None:  # type: ignore[no-untyped-def]
    """A double click, or the menu's Confirm and Cancel pressed in two processes: two
    interactions each read the waiting import before either took it, and both acted: the film
    loaded twice (two log entries), or loaded while Cancel said nothing was changed."""
    from bot.epilogue import Epilogue
    from tests.conftest import make_config

    preview = await upload(app, "heron.yaml", FILM.encode())
    async with Epilogue.open(make_config(tmp_path, url=app.config.database.url)) as other:
        done = await asyncio.gather(
            app.press(admin(), button(preview, "Confirm")),
            other.press(admin(), button(preview, second)),
        )
    loaded = [reply for reply in done if "Loaded" in (reply.content or "")]
    cancelled = [reply for reply in done if (reply.content or "").startswith("Cancelled")]
    assert len(loaded) + len(cancelled) == 1, [reply.content for reply in done]
    imports = [row for row in await audit(app) if row[2] == "film-import"]
    assert len(imports) == len(loaded)
    stored = [slug for guild, slug, _ in await films(app) if guild == GUILD]
    assert bool(stored) == bool(loaded), stored


async def test_an_upload_that_fails_unexpectedly_is_logged_without_its_name_or_words(  # type: ignore[no-untyped-def]
    app, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A content file Python failed on past every check (``parse_film_bytes``) was logged by
    its name with its error: an upload's name is a member's (an explainer saved from the web is
    named by its headline), and an error's text may quote the file. The admin is told the
    file's problem; the log says what failed where in the code."""

    def failing(data: bytes, name: str) -> None:
        raise ValueError(f"could not read {data.decode()[:40]!r}")

    monkeypatch.setattr(film_file, "_parse_film_bytes", failing)
    with caplog.at_level(logging.INFO):
        reply = await upload(app, "why-mia-marries-greg.yaml", FILM.encode())

    assert reply.is_error and "could not be read" in (reply.content or "")
    assert "ValueError" in caplog.text and "failing" in caplog.text  # where, in the code
    assert "marries" not in caplog.text and "Heron Lake" not in caplog.text


@pytest.mark.parametrize("global_version", ["shown", "hidden here", "none"])
async def test_remove_and_hide_say_what_a_server_copy_leaves_behind(
    app, global_version: str
) -> None:  # type: ignore[no-untyped-def]
    """Was: removing a server's copy of a global film asked "Remove La La Land (2016) from this
    server? Its explanations are deleted", though the global film shows there again at once;
    hiding the copy said "if a global version exists, it then shows again", which Epilogue
    knows; and a copy whose global film the server had hidden was said, once removed, to be
    replaced by "the global version again", which stays hidden."""
    if global_version == "hidden here":
        await run(app, "hide", admin(), film="La La Land")
    ours = LA_LA_LAND.read_bytes().replace(b"synopsis: ", b"synopsis: Ours. ", 1)
    if global_version == "none":
        ours = ours.replace(b"La La Land", b"Paper Moon Harbour")
    assert "✅" in (
        (await app.press(admin(), button(await upload(app, "x.yaml", ours), "Confirm"))).content
        or ""
    )
    title = "La La Land" if global_version != "none" else "Paper Moon Harbour"

    hidden = await run(app, "hide", admin(), film=title)
    menu = await run(app, "remove", admin(), film=title)
    done = await app.press(admin(), button(menu, "Remove"))

    assert "if a global version exists" not in (hidden.content or ""), hidden.content
    said = {"prompt": menu.content or "", "done": done.content or "", "hide": hidden.content or ""}
    if global_version == "shown":
        assert "global version shows in this server again" in said["prompt"], said
        assert "sees the global version again" in said["done"], said
        assert "own copy of a global film" in said["hide"], said
    elif global_version == "hidden here":
        assert "global version stays hidden here" in said["prompt"], said
        assert "global version" in said["done"] and "stays hidden" in said["done"], said
        assert "sees the global version again" not in said["done"], said
        assert app.catalog.resolve(GUILD, "La La Land") is None
    else:
        assert "global" not in said["prompt"] and "global" not in said["done"], said
        assert "not a global one (there is none to hide)" in said["hide"], said


async def test_unhiding_a_global_film_behind_a_server_copy_says_the_copy_is_shown(app) -> None:  # type: ignore[no-untyped-def]
    """Was: "La La Land (2016) shows in this server again", when members there go on reading
    the server's own copy, made while the global film was hidden."""
    await run(app, "hide", admin(), film="La La Land")
    ours = LA_LA_LAND.read_bytes().replace(b"synopsis: ", b"synopsis: Ours. ", 1)
    await app.press(admin(), button(await upload(app, "x.yaml", ours), "Confirm"))

    back = await run(app, "unhide", admin(), film="La La Land")

    assert "✅" in (back.content or "") and "own copy" in (back.content or ""), back.content
    assert app.catalog.resolve(GUILD, "La La Land").guild_id == GUILD


@pytest.mark.parametrize(
    "title",
    ["Heron Lake: The Stranger Was Her Brother", "Why Heron Lake's Stranger Dies"],
)
async def test_a_title_that_may_tell_the_ending_is_said_in_the_open_before_confirm(  # type: ignore[no-untyped-def]
    app, title: str
) -> None:
    """A title is shown to every member (autocomplete, /film list, embed titles). The
    importer's own check that it may give the story away was a note behind spoiler bars,
    "to check after loading": a careless admin pressed Confirm and the twist was public."""
    text = FILM.replace("title: Heron Lake", f'title: "{title}"')
    preview = await upload(app, "heron.yaml", text.encode())
    shown = visible_text(preview.embeds[0].description or "")
    assert "title may give the story away" in shown
    assert "title:" in shown  # how to name the film instead
    plain = await upload(app, "plain.yaml", FILM.encode())
    assert "may give the story away" not in visible_text(plain.embeds[0].description or "")


async def test_the_add_form_says_its_title_is_public_and_warns_of_a_telling_one(app) -> None:  # type: ignore[no-untyped-def]
    """The form's Title field said nothing of who reads it (the synopsis field did), and a
    title "Heron Lake: The Stranger Was Her Brother" was saved with a plain ✅: the twist in
    every member's autocomplete, with no word to the admin who could still fix it."""
    form = await run(app, "add", admin())
    title_field = next(i for i in form.modal.inputs if i.custom_id == "title")
    assert "everyone" in title_field.placeholder
    telling = ADD_VALUES | {"title": "Heron Lake: The Stranger Was Her Brother"}
    done = await app.submit(admin(), ADD_FORM, telling)
    assert done.content.startswith("✅ Added")
    assert "may give the story away" in visible_text(done.content)
    plain = await app.submit(admin(), ADD_FORM, ADD_VALUES)
    assert "may give the story away" not in visible_text(plain.content)


async def test_a_title_is_checked_off_the_event_loop(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check of whether a title may give the story away is the article importer's: its
    first use imports it (beautifulsoup4, markdown-it, some sixty modules: 0.7 s of CPU on an
    idle 2-core machine, 4 s under load). On the event loop, after a film was added, it held
    every server's commands, and the form's own acknowledgement, past Discord's 3 s. The check
    (and so the import) runs in a worker thread, for a form and for an upload's preview."""
    import threading

    import bot.importer.identity as identity

    checked = identity.may_tell
    threads: list[int] = []

    def watched(title: str) -> bool:
        threads.append(threading.get_ident())
        return checked(title)

    monkeypatch.setattr(identity, "may_tell", watched)
    telling = ADD_VALUES | {"title": "Heron Lake: The Stranger Was Her Brother"}
    done = await app.submit(admin(), ADD_FORM, telling)
    assert "may give the story away" in visible_text(done.content)  # the check still answers
    preview = await upload(app, "heron.yaml", FILM.encode())
    assert "may give the story away" not in visible_text(preview.embeds[0].description or "")
    assert len(threads) == 2  # the form's title and the upload's were both checked, and watched
    assert threading.get_ident() not in threads


async def test_an_edit_form_never_shows_a_spoiler_span_its_text_hides(app) -> None:  # type: ignore[no-untyped-def]
    """A form's text field is plain text, which Discord cannot hide: the synopsis (or a
    section below ending) opened for editing showed an author's ||span|| in the open, so an
    admin correcting a spoiler-free synopsis read the ending it hid. Each span is a marker in
    the form that the save puts back as it was, unless the admin deleted it."""
    spanned = FILM.replace(
        "synopsis: A birdwatcher returns to the lake of her childhood.",
        "synopsis: A birdwatcher returns to the lake. ||Her brother QZXONE drowned there.||"
        " She stays ||to find QZXTWO||.",
    ).replace(
        "  - kind: faq", "  - kind: recap\n    body: She arrives. ||QZXTHREE||\n  - kind: faq"
    )
    await app.loader.store([parse_film_bytes(spanned.encode(), "heron.yaml")], guild_id=GUILD)
    await app.catalog.refresh()

    for section in ("synopsis", "recap"):
        (field,) = (
            await run(app, "edit", admin(), film="Heron Lake", section=section)
        ).modal.inputs
        assert "QZX" not in field.value and "||" in field.value, field.value
    # Ending text is what an admin editing it asked for: shown as it is.
    (quick,) = (
        await run(app, "edit", admin(), film="Heron Lake", section="quick_answer")
    ).modal.inputs
    assert BODY_MARKER in quick.value

    original = (
        "A birdwatcher returns to the lake. ||Her brother QZXONE drowned there.|| She stays"
        " ||to find QZXTWO||."
    )
    form = (await run(app, "edit", admin(), film="Heron Lake", section="synopsis")).modal
    typed = form.inputs[0].value
    await app.submit(admin(), form.custom_id, {"body": typed})
    assert await synopsis_of(app) == original  # sent back as shown: every span as it was
    # Text around the markers edited, one marker deleted: the other span is kept as it was.
    form = (await run(app, "edit", admin(), film="Heron Lake", section="synopsis")).modal
    typed = form.inputs[0].value
    first, second = typed.split("||")[1], typed.split("||")[3]
    assert first != second
    edited = typed.replace("the lake", "the old lake").replace(f"||{second}||", "alone")
    done = await app.submit(admin(), form.custom_id, {"body": edited})
    assert (done.content or "").startswith("✅ Saved"), done.content
    assert await synopsis_of(app) == (
        "A birdwatcher returns to the old lake. ||Her brother QZXONE drowned there.|| She stays"
        " alone."
    )
    # A marker pasted from an older form names a span this text no longer has: refused, never
    # put back as another span, and what was typed is handed back.
    fresh = (await run(app, "edit", admin(), film="Heron Lake", section="synopsis")).modal
    stale = await app.submit(admin(), fresh.custom_id, {"body": typed})
    assert_error(stale, "no longer has")
    assert stale.attachments[0].data == typed.encode()
    same = await run(app, "edit", admin(), film="Heron Lake", section="synopsis")
    unchanged = await app.submit(
        admin(), same.modal.custom_id, {"body": same.modal.inputs[0].value}
    )
    assert "already says exactly that" in (unchanged.content or ""), unchanged.content


async def synopsis_of(app) -> str:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        return (await app.film.load(session, app.catalog.resolve(GUILD, "Heron Lake"))).synopsis


def test_text_whose_bars_hide_less_than_meant_is_one_marker_in_a_form() -> None:
    """Bars left unclosed or nested (stored before content files refused them) leave words in
    the open as Discord pairs them: the answers hide such text whole, and so does the form."""
    for stored in ("Calm. ||Her brother QZXONE drowned", "Calm. ||she ||QZXONE|| at last||"):
        shown = spans_as_markers(stored)
        assert "QZX" not in shown and "Calm" not in shown, shown
        assert markers_as_spans(shown, stored) == stored


async def test_another_admins_press_on_a_menu_is_told_the_command_to_run_for_their_own(app) -> None:  # type: ignore[no-untyped-def]
    """Was "This isn't your menu: run the command yourself.", naming no command."""
    preview = await upload(app, "heron.yaml", FILM.encode())
    removal = await run(app, "remove", owner(), film="La La Land")
    for menu, line in (
        (preview, "/film-admin import file:<"),
        (removal, "/film-admin remove film:La La Land"),
    ):
        for label in ("Confirm" if menu is preview else "Remove", "Cancel"):
            refused = await app.press(admin(OTHER_ADMIN), button(menu, label))
            assert_error(refused, "This isn't your menu")
            assert line in (refused.content or ""), refused.content


# --- Edit again: a refused form opens once more, filled in ------------------------------------


def typed_in(reply: Reply) -> dict[str, str]:
    assert reply.modal is not None, reply.content
    return {field.custom_id: field.value for field in reply.modal.inputs}


async def test_a_refused_add_form_opens_again_filled_in_with_what_was_typed(app) -> None:  # type: ignore[no-untyped-def]
    """Was: one bad field closed the form, and the admin retyped five fields from a file."""
    typed = ADD_VALUES | {"year": "20x1", "ending": "The harbour burns."}
    refused = await app.submit(admin(), ADD_FORM, typed)
    assert_error(refused, "Year must be a number", "Edit again opens the form")
    assert refused.attachments  # the file stays too: a draft expires, a download does not

    again = await app.press(admin(), button(refused, "Edit again"))
    assert again.modal is not None and again.modal.custom_id == ADD_FORM
    assert typed_in(again) == typed
    # Opening it changes nothing, and it opens as often as it is pressed (a form dismissed).
    assert typed_in(await app.press(admin(), button(refused, "Edit again"))) == typed

    saved = await app.submit(admin(), again.modal.custom_id, typed_in(again) | {"year": "2021"})
    assert saved.content == r"✅ Added Paper Moon Harbour \(2021\) to this server."
    assert await body_of(app, app.catalog.resolve(GUILD, "Paper Moon Harbour").id, "ending") == (
        "The harbour burns."
    )


async def test_a_refused_edit_opens_again_on_the_film_as_it_is_now(app) -> None:  # type: ignore[no-untyped-def]
    """Two admins edit the global La La Land; the second is refused as the film changed. Edit
    again opens the form on the film as it now is (this server's copy), with their text."""
    entry = app.catalog.resolve(GUILD, "La La Land")
    first, second = edit_id(entry, "recap"), edit_id(entry, "recap")
    await app.submit(admin(), first, {"body": "One admin's recap."})
    late = await app.submit(admin(OTHER_ADMIN), second, {"body": "Another admin's recap."})
    assert_error(late, "The film changed", "Edit again opens the form")

    again = await app.press(admin(OTHER_ADMIN), button(late, "Edit again"))
    copy = app.catalog.resolve(GUILD, "La La Land")
    assert copy.guild_id == GUILD
    assert again.modal is not None and again.modal.custom_id == edit_id(copy, "recap")
    assert typed_in(again) == {"body": "Another admin's recap."}
    saved = await app.submit(admin(OTHER_ADMIN), again.modal.custom_id, typed_in(again))
    assert "Saved the plot recap" in saved.content, saved.content
    assert await body_of(app, copy.id, "recap") == "Another admin's recap."


async def test_a_refused_edit_keeps_its_spoiler_markers_when_opened_again(app) -> None:  # type: ignore[no-untyped-def]
    """The text comes back as the form showed it: a span's marker, never the span's words
    (the synopsis field cannot hide them), and saved again as the span."""
    entry = app.catalog.resolve(GUILD, "La La Land")
    await app.submit(owner(), edit_id(entry, "synopsis"), {"body": "Two dreamers. ||Mia leaves.||"})
    entry = app.catalog.resolve(GUILD, "La La Land")
    form = await run(app, "edit", owner(), film="La La Land", section="synopsis")
    marked = typed_in(form)["body"]
    assert "Mia leaves" not in marked and "hidden spoiler 1" in marked
    refused = await app.submit(owner(), form.modal.custom_id, {"body": marked + " See [^9]."})
    again = await app.press(owner(), button(refused, "Edit again"))
    assert typed_in(again) == {"body": marked + " See [^9]."}
    assert "Mia leaves" not in str(again.payload())
    fixed = typed_in(again)["body"].replace(" See [^9].", " Fixed.")
    saved = await app.submit(owner(), again.modal.custom_id, {"body": fixed})
    assert not saved.is_error, saved.content
    async with app.sessions() as session:
        film = await app.film.load(session, app.catalog.resolve(GUILD, "La La Land"))
    assert film.synopsis == "Two dreamers. ||Mia leaves.|| Fixed."


async def test_a_server_admins_refused_edit_of_a_global_film_opens_again(app) -> None:  # type: ignore[no-untyped-def]
    """An edit of a global film makes this server's copy: Edit again opens it, as the
    command does, rather than refusing the film as global content."""
    entry = app.catalog.resolve(GUILD, "La La Land")
    assert entry.guild_id == GLOBAL_SCOPE
    refused = await app.submit(admin(), edit_id(entry, "ending"), {"body": "See [^9]."})
    again = await app.press(admin(), button(refused, "Edit again"))
    assert again.modal is not None, again.content
    assert again.modal.custom_id == edit_id(entry, "ending")
    assert typed_in(again) == {"body": "See [^9]."}


async def test_edit_again_is_its_admins_alone_and_expires(app) -> None:  # type: ignore[no-untyped-def]
    refused = await app.submit(admin(), ADD_FORM, ADD_VALUES | {"year": "soon"})
    again = button(refused, "Edit again")
    for intruder in (admin(OTHER_ADMIN), member()):
        reply = await app.press(intruder, again)
        assert_error(reply, "This isn't your menu", "/film-admin add")
        assert reply.modal is None
    assert_error(await app.press(admin(guild=OTHER_GUILD), again), "expired")
    async with app.sessions() as session, session.begin():
        await session.execute(update(PendingChange).values(created_at=utcnow() - timedelta(days=2)))
    expired = await app.press(admin(), again)
    assert_error(expired, "This draft has expired", "attached above")


async def test_a_form_with_nothing_typed_or_fields_it_lacks_offers_no_edit_again(app) -> None:  # type: ignore[no-untyped-def]
    entry = app.catalog.resolve(GUILD, "La La Land")
    nothing = await app.submit(admin(), edit_id(entry, "recap"), {"body": "  "})
    odd = await app.submit(admin(), ADD_FORM, ADD_VALUES | {"year": "x", "plot": "Text."})
    for reply in (nothing, odd):
        assert reply.is_error and not reply.buttons, reply.content
    assert await anchors(app) == 0
