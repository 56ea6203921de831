"""Render a document through a plan into Discord-sized pages and a reply with its buttons.

Only the description of an embed carries content text: it is the one embed part that can hide a
spoiler and holds the most (4096). Titles, footers and button labels are built from safe text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bot.buttons import AnswerAction, AnswerButton, answer_id_before_owner
from bot.features.film.documents import Document
from bot.levels import SpoilerLevel
from bot.replies import Button, Colour, Embed, Reply, Style
from bot.spoiler_policy.chunking import split_message
from bot.spoiler_policy.markup import Treatment, bars_need_gap, escape_text, render_text
from bot.spoiler_policy.policy import Plan, opens

PAGE_LIMIT = 3900
"""Characters of one page's embed description: under Discord's 4096, leaving headroom."""


@dataclass(frozen=True)
class AnswerButtons:
    """Custom ids for a posted answer's buttons: what it shows (film version, revision, topic),
    never a stored row, so a press works in any process and is decided again when it comes."""

    film_key: str
    revision: str
    topic: str
    question: int | None
    treatment: Treatment
    owner_id: int
    # Pages of a revealed (private, unwrapped) copy turn with their own action: anyone who
    # revealed may page their copy, while the public original pages only for its asker.
    revealed: bool = False
    # Whether the message carrying these buttons is its reader's alone (``AnswerButton.private``).
    private: bool = False

    def _button(self, action: AnswerAction, page: int) -> AnswerButton:
        return AnswerButton(
            action,
            self.film_key,
            self.revision,
            self.topic,
            self.question,
            page,
            self.treatment,
            self.owner_id,
            private=self.private or self.revealed,
        )

    def page(self, target: int) -> str:
        return self._button(self._paging, target).encode()

    def reveal(self, page: int) -> str:
        return self._button(AnswerAction.REVEAL, page).encode()

    @property
    def _paging(self) -> AnswerAction:
        return AnswerAction.REVEALED_PAGE if self.revealed else AnswerAction.PAGE

    def id_for(self, button: PageButton) -> str:
        """``button``'s custom id."""
        return self.before_owner(button) + str(self.owner_id)

    def before_owner(self, button: PageButton) -> str:
        """``button``'s custom id up to its owner (``AnswerButton.encode_before_owner``)."""
        return answer_id_before_owner(
            AnswerAction.REVEAL if button.reveals else self._paging,
            self.film_key,
            self.revision,
            self.topic,
            self.question,
            button.target,
            self.treatment,
            private=self.private or self.revealed,
        )


class PageButton(NamedTuple):
    """A button under a page, before its id: a page turn to ``target``, or Reveal of page
    ``target`` (``reveals``). A tuple: a first answer makes up to three."""

    label: str
    reveals: bool
    target: int
    style: Style = Style.SECONDARY
    disabled: bool = False


def render_blocks(document: Document, plan: Plan) -> str:
    """The whole document as one markdown text, every piece treated by the plan."""
    parts: list[str] = []
    inline = plan.treatment(SpoilerLevel.ENDING)
    for block in document.blocks:
        treatment = plan.treatment(block.level)
        if treatment is Treatment.WITHHOLD:
            pointer = f"*{escape_text(plan.pointer)}*"
            if not parts or parts[-1] != pointer:
                parts.append(pointer)
            continue
        text = render_text(block.text, treatment, inline_treatment=inline, pointer=plan.pointer)
        # Bold marks must enclose the whole heading, or its spoilers' bars pair across them: a
        # link at its end would swallow the closing marks, and `**` in a link (the one place
        # rendered text keeps it unescaped) would close them early. Such a heading stays plain.
        bold = block.heading and not bars_need_gap(text) and "**" not in text
        parts.append(f"**{text}**" if bold else text)
    sources = [
        source.rendered(treatment, inline=inline, pointer="")
        for source in document.sources
        if (treatment := plan.treatment(source.effective_level)) is not Treatment.WITHHOLD
    ]
    if sources:
        parts.append("**Sources**\n" + "\n".join(sources))
    return "\n\n".join(part for part in parts if part.strip())


def render_pages(document: Document, plan: Plan) -> list[str]:
    text = render_blocks(document, plan)
    return split_message(text, PAGE_LIMIT) if text else []


def footer_for(plan: Plan, page: int, pages: int, *, has_spoilers: bool = True) -> str:
    """The footer; it speaks of hidden or withheld spoilers only when the text has some (a
    spoiler-free answer planned to wrap would send members looking for bars that are not there)."""
    parts = [f"Page {page + 1}/{pages}"] if pages > 1 else []
    if has_spoilers and plan.spoilers is Treatment.WRAP:
        parts.append("Spoilers are hidden: click a black bar to read it")
    elif has_spoilers and plan.spoilers is Treatment.WITHHOLD:
        parts.append("Spoilers are withheld here")
    if plan.why_private:
        parts.append(plan.why_private)
    parts.append("Epilogue")
    return " · ".join(parts)


def reply_for_page(
    document: Document | str,
    plan: Plan,
    pages: Sequence[str],
    page: int,
    buttons: AnswerButtons | None,
    has_spoilers: bool | None = None,
) -> Reply:
    """One page as a reply, with paging and Reveal buttons when ``buttons`` is given
    (``has_spoilers``: the document's, when the caller already knows it; then ``document`` may
    be its title alone, all the reply shows of it beside the pages)."""
    page = max(0, min(page, len(pages) - 1))
    if isinstance(document, str):
        if has_spoilers is None:
            raise ValueError("a reply from a title alone needs has_spoilers")
        title = document
    else:
        title = document.title
        if has_spoilers is None:
            has_spoilers = document.has_spoilers
    rows: tuple[tuple[Button, ...], ...] = ()
    if buttons is not None and (row := page_buttons(plan, len(pages), page, has_spoilers)):
        rows = (tuple(Button(b.label, buttons.id_for(b), b.style, b.disabled) for b in row),)
    return page_reply(page_embed(title, plan, pages, page, has_spoilers), rows, plan, has_spoilers)


def page_embed(
    title: str, plan: Plan, pages: Sequence[str], page: int, has_spoilers: bool
) -> Embed:
    """Page ``page`` of ``pages`` (a valid index) as its embed."""
    wrapped = has_spoilers and plan.spoilers is Treatment.WRAP
    return Embed(
        title=title[:256],
        description=pages[page],
        footer=footer_for(plan, page, len(pages), has_spoilers=has_spoilers),
        colour=Colour.SPOILER if wrapped else Colour.INFO,
    )


def page_buttons(plan: Plan, count: int, page: int, has_spoilers: bool) -> tuple[PageButton, ...]:
    """The buttons under page ``page`` of ``count``: paging where there are pages to turn,
    Reveal where the plan offers it and the text has something to reveal."""
    row: list[PageButton] = []
    if count > 1:
        row.append(PageButton("◀ Previous", False, page - 1, disabled=page == 0))
        row.append(PageButton("Next ▶", False, page + 1, disabled=page == count - 1))
    if plan.reveal_button and has_spoilers:
        row.append(PageButton("Reveal to me", True, page, style=Style.PRIMARY))
    return tuple(row)


def page_reply(
    embed: Embed, rows: tuple[tuple[Button, ...], ...], plan: Plan, has_spoilers: bool
) -> Reply:
    """A page's embed and buttons as the reply: its audience the plan's."""
    return Reply(
        embeds=(embed,),
        rows=rows,
        ephemeral=plan.private,
        suppress_embeds=True,
        place_bound=True,
        opens_spoilers=bool(has_spoilers) and opens(plan),
    )
