"""Buttons and forms on Epilogue's messages: each custom id decoded (``bot.buttons``) and
handed to the feature that made it, which decides again, now, what the presser may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import buttons
from bot.command_table import command_table
from bot.dispatch import check_access
from bot.errors import NotFound, UserFacingError, not_discords
from bot.features.film.listing import list_page
from bot.invocation import Invocation
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

EXPIRED_FORM = "This form has expired: run the command again."
LOG_COMMAND = "spoiler-rules log"


async def press(
    app: Epilogue, invocation: Invocation, custom_id: str, *, on_private_message: bool = False
) -> Reply:
    """A button press. ``on_private_message``: the message carrying the button is seen by the
    presser only (an ephemeral reply); when the adapter cannot tell, the default treats it as
    public, the stricter case."""
    try:
        if (foreign := invocation.foreign_id()) is not None:
            raise not_discords(foreign)
        button = buttons.parse(custom_id)
        if isinstance(button, buttons.AnswerButton):
            return await app.film.press(invocation, button, on_private_message=on_private_message)
        if isinstance(button, buttons.ListPageButton):
            return list_page(app.catalog, invocation, button.page, pressed=True)
        if isinstance(button, buttons.SeenPageButton):
            return await app.spoilers.status(invocation, page=button.page, pressed=True)
        if isinstance(button, buttons.LogPageButton):
            # The log is the moderators': the presser is checked as the command checks them.
            await check_access(app, command_table()[LOG_COMMAND], invocation)
            return await app.spoiler_rules.history(invocation, button.page, pressed=True)
        if isinstance(button, buttons.DraftButton):
            # Edit again opens a form, which changes nothing (its submission is claimed).
            return await app.film_admin.reopen(invocation, button)
        if isinstance(button, buttons.PendingButton):
            # A Confirm changes content: once, however often the press is delivered.
            await app.claims.claim_interaction(invocation.interaction_id)
            return await app.film_admin.press(invocation, button)
        raise NotFound(buttons.UNKNOWN)
    except UserFacingError as exc:
        return Reply.error(exc.message)


async def submit(
    app: Epilogue, invocation: Invocation, custom_id: str, values: dict[str, str]
) -> Reply:
    """A submitted form (modal) with its fields' values by custom id."""
    try:
        if (foreign := invocation.foreign_id()) is not None:
            raise not_discords(foreign)
        try:
            form = buttons.parse(custom_id)
        except NotFound:
            form = None
        if not isinstance(form, buttons.EditForm | buttons.AddForm):
            raise NotFound(EXPIRED_FORM)
        # A form's submission changes content: once, however often it is delivered.
        await app.claims.claim_interaction(invocation.interaction_id)
        return await app.film_admin.submit(invocation, form, values)
    except UserFacingError as exc:
        return Reply.error(exc.message)
