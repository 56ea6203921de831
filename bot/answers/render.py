"""Render a document through a plan into Discord-sized pages and a reply with its buttons.

Only the description of an embed carries content text: it is the one embed part that can hide a
spoiler and holds the most (4096). Titles, footers and button labels are built from safe text.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers.documents import Document
from bot.levels import SpoilerLevel
from bot.replies import Button, Colour, Embed, Reply, Style
from bot.spoilers.chunking import split_message
from bot.spoilers.markup import Treatment, bars_need_gap, escape_text, render_text
from bot.spoilers.policy import Plan

PAGE_LIMIT = 3900
"""Characters of one page's embed description: under Discord's 4096, leaving headroom."""


@dataclass(frozen=True)
class AnchorIds:
    """Custom ids for a posted answer's buttons; they name a stored anchor, never any text."""

    anchor_id: int
    # Pages of a revealed (private, unwrapped) copy turn with their own action: anyone who
    # revealed may page their copy, while the public original pages only for its asker.
    revealed: bool = False

    def page(self, target: int, direction: str) -> str:
        action = "rpage" if self.revealed else "page"
        return f"epi:{action}:{self.anchor_id}:{target}:{direction}"

    def reveal(self, page: int) -> str:
        return f"epi:reveal:{self.anchor_id}:{page}"


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
        # A link at the end of a heading would swallow the closing bold marks: leave it plain.
        bold = block.heading and not bars_need_gap(text)
        parts.append(f"**{text}**" if bold else text)
    if document.sources:
        lines = "\n".join(escape_text(source.line) for source in document.sources)
        parts.append(f"**Sources**\n{lines}")
    return "\n\n".join(part for part in parts if part.strip())


def render_pages(document: Document, plan: Plan) -> list[str]:
    text = render_blocks(document, plan)
    return split_message(text, PAGE_LIMIT) if text else []


def footer_for(plan: Plan, page: int, pages: int) -> str:
    parts = [f"Page {page + 1}/{pages}"] if pages > 1 else []
    if plan.spoilers is Treatment.WRAP:
        parts.append("Spoilers are hidden: click a black bar to read it")
    elif plan.spoilers is Treatment.WITHHOLD:
        parts.append("Spoilers are withheld here")
    if plan.why_private:
        parts.append(plan.why_private)
    parts.append("Epilogue")
    return " · ".join(parts)


def reply_for_page(
    document: Document,
    plan: Plan,
    pages: list[str],
    page: int,
    anchor: AnchorIds | None,
) -> Reply:
    """One page as a reply; paging and Reveal buttons need an anchor to survive restarts."""
    page = max(0, min(page, len(pages) - 1))
    colour = Colour.SPOILER if plan.spoilers is Treatment.WRAP else Colour.INFO
    embed = Embed(
        title=document.title[:256],
        description=pages[page],
        footer=footer_for(plan, page, len(pages)),
        colour=colour,
    )
    rows: list[tuple[Button, ...]] = []
    if anchor is not None:
        buttons: list[Button] = []
        if len(pages) > 1:
            buttons.append(Button("◀ Previous", anchor.page(page - 1, "prev"), disabled=page == 0))
            buttons.append(
                Button("Next ▶", anchor.page(page + 1, "next"), disabled=page == len(pages) - 1)
            )
        if plan.reveal_button and document.has_spoilers:
            buttons.append(Button("Reveal to me", anchor.reveal(page), style=Style.PRIMARY))
        if buttons:
            rows.append(tuple(buttons))
    return Reply(
        embeds=(embed,),
        rows=tuple(rows),
        ephemeral=plan.private,
        suppress_embeds=True,
    )


def needs_anchor(document: Document, plan: Plan, pages: list[str]) -> bool:
    return len(pages) > 1 or (plan.reveal_button and document.has_spoilers)
