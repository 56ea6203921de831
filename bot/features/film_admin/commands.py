"""``/film-admin …``: a server's own film content, for admins; every command declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.command_table import Access, CommandSpec, GroupSpec, OptionKind, OptionSpec
from bot.content.schema import FIRST_YEAR, LAST_YEAR
from bot.features.film.commands import FILM_OPTION
from bot.features.film_admin import hiding
from bot.features.film_admin.forms import EDITABLE, EDITABLE_NAMES
from bot.invocation import Invocation
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


FILM_ADMIN = GroupSpec(
    "film-admin", "This server's own films (admins)", access=Access.ADMIN, guild_only=True
)


async def _import(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.film_admin.start_import(
        invocation, options["file"], title=options.get("title"), year=options.get("year")
    )


async def _export(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.film_admin.export(invocation, options["film"])


async def _add(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return app.film_admin.add_form()


async def _edit(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.film_admin.edit_form(invocation, options["film"], options["section"])


async def _remove(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.film_admin.start_remove(invocation, options["film"])


async def _hide(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await hiding.hide(app, invocation, options["film"])


async def _unhide(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await hiding.unhide(app, invocation, options)


def _admin(
    name: str, description: str, handler: Any, *options: OptionSpec, changes: bool = True
) -> CommandSpec:
    return CommandSpec(
        ("film-admin", name),
        description,
        handler,
        options,
        access=Access.ADMIN,
        guild_only=True,
        changes=changes,
    )


FILM_ADMIN_COMMANDS: list[CommandSpec] = [
    _admin(
        "import",
        "Load a content file (.yaml) or an explainer article as this server's film",
        _import,
        OptionSpec(
            "file",
            OptionKind.ATTACHMENT,
            "A content file (.yaml) or an explainer article (text, Markdown, HTML, …)",
            required=True,
        ),
        OptionSpec(
            "title",
            OptionKind.STRING,
            "An article's film, if it does not say or explains several (a franchise's endings)",
        ),
        OptionSpec(
            "year",
            OptionKind.INTEGER,
            "An article's film's year, if it does not say",
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
        ),
    ),
    _admin(
        "export",
        "Download a film as a content file to edit and import again",
        _export,
        FILM_OPTION,
        changes=False,
    ),
    # add and edit open a form: its submission is the change (``bot.components.submit``).
    _admin("add", "Add a film to this server with a short form", _add, changes=False),
    _admin(
        "edit",
        "Edit a film's synopsis or one section (a global film gets a server copy)",
        _edit,
        FILM_OPTION,
        OptionSpec(
            "section",
            OptionKind.STRING,
            "What to edit",
            required=True,
            choices=EDITABLE,
            choice_names=EDITABLE_NAMES,
        ),
        changes=False,
    ),
    _admin("remove", "Remove one of this server's own films", _remove, FILM_OPTION),
    _admin(
        "hide",
        "Hide a global film in this server: lists, autocomplete, search and answers",
        _hide,
        FILM_OPTION,
    ),
    _admin(
        "unhide",
        "Show a global film hidden in this server again",
        _unhide,
        OptionSpec(
            "film",
            OptionKind.STRING,
            "A film hidden in this server",
            required=True,
            suggest=hiding.hidden_choices,
        ),
    ),
]
