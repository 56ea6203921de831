"""Render a document through a plan into Discord-sized pages and a reply with its buttons.

Only the description of an embed carries content text: it is the one embed part that can hide a
spoiler and holds the most (4096). Titles, footers and button labels are built from safe text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.buttons import AnswerAction, AnswerButton
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

    def _id(self, action: AnswerAction, page: int) -> str:
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
        ).encode()

    def page(self, target: int) -> str:
        action = AnswerAction.REVEALED_PAGE if self.revealed else AnswerAction.PAGE
        return self._id(action, target)

    def reveal(self, page: int) -> str:
        return self._id(AnswerAction.REVEAL, page)


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
    wrapped = has_spoilers and plan.spoilers is Treatment.WRAP
    embed = Embed(
        title=title[:256],
        description=pages[page],
        footer=footer_for(plan, page, len(pages), has_spoilers=has_spoilers),
        colour=Colour.SPOILER if wrapped else Colour.INFO,
    )
    rows: list[tuple[Button, ...]] = []
    if buttons is not None:
        row: list[Button] = []
        if len(pages) > 1:
            row.append(Button("◀ Previous", buttons.page(page - 1), disabled=page == 0))
            row.append(Button("Next ▶", buttons.page(page + 1), disabled=page == len(pages) - 1))
        if plan.reveal_button and has_spoilers:
            row.append(Button("Reveal to me", buttons.reveal(page), style=Style.PRIMARY))
        if row:
            rows.append(tuple(row))
    return Reply(
        embeds=(embed,),
        rows=tuple(rows),
        ephemeral=plan.private,
        suppress_embeds=True,
        place_bound=True,
        opens_spoilers=bool(has_spoilers) and opens(plan),
    )
