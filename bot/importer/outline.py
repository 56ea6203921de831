"""Group an article's blocks into sections and items, before any spoiler level is decided.

Two article shapes are handled. Guides name their sections ("Themes", "Frequently Asked") and
put sub-headings under them: a sub-heading with its paragraphs is an item. News articles use
question headings instead ("Is Cobb still dreaming?"): each question is filed as an item under
the kind its words point to. A section opened by a question is not a container, so the next
question is filed on its own merits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importer.blocks import Block, BlockKind
from bot.importer.classify import kind_from_content, named_kind
from bot.levels import SectionKind

# Kinds whose parts are named one by one, so a bold-led list item is an item of its own.
_LISTED_KINDS = {SectionKind.THEMES, SectionKind.SYMBOLISM, SectionKind.FAQ, SectionKind.FINAL_SHOT}


@dataclass
class ItemDraft:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class SectionDraft:
    kind: SectionKind
    heading: str | None = None
    # True when the heading only names the section ("Themes", "What happens at the end?").
    heading_is_name: bool = False
    paragraphs: list[str] = field(default_factory=list)
    items: list[ItemDraft] = field(default_factory=list)
    # Markup depth of the heading that opened it; None in plain text.
    depth: int | None = None
    # Opened by a section name that is not a question: its sub-headings are its items.
    container: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.paragraphs and not self.items


@dataclass
class Outline:
    sections: dict[SectionKind, SectionDraft]
    # Paragraphs before the first heading: a standfirst, a lede, or leftovers.
    intro: list[str]


def build_outline(blocks: list[Block], film: str) -> Outline:
    return _OutlineBuilder(film).build(blocks)


class _OutlineBuilder:
    def __init__(self, film: str) -> None:
        self.film = film
        self.sections: dict[SectionKind, SectionDraft] = {}
        self.intro: list[str] = []
        self.current: SectionDraft | None = None
        self.item: ItemDraft | None = None
        # The item came from a bold-led list item: the next such list item starts a new one.
        self.item_from_list = False

    def build(self, blocks: list[Block]) -> Outline:
        for index, block in enumerate(blocks):
            if block.is_heading:
                self._heading(block, _paragraphs_after(blocks, index))
            else:
                self._text(block)
        return Outline(self.sections, self.intro)

    def _section(self, kind: SectionKind) -> SectionDraft:
        return self.sections.setdefault(kind, SectionDraft(kind))

    def _heading(self, block: Block, following: str) -> None:
        current = self.current
        named = named_kind(block.text, self.film)
        deeper = bool(current and current.depth and block.level and block.level > current.depth)
        inside = current is not None and current.container and (deeper or block.level is None)
        if current and current.kind is SectionKind.FAQ and block.is_question and inside:
            self._open_item(block.text)
        elif (
            current
            and current.is_empty
            and current.heading_is_name
            and current.kind not in _LISTED_KINDS
            and (named is current.kind or (block.is_question and named is None))
        ):
            # "Quick Answer" then "So what actually happens at the end?": a label and its
            # question name one section; the question reads better as its heading.
            current.heading = block.text
            current.heading_is_name = named is current.kind
        elif named and not (inside and deeper):
            self._open_section(named, block)
        elif inside:
            self._open_item(block.text)
        else:
            kind = kind_from_content(block.text, following) or SectionKind.NOTES
            self.current = self._section(kind)
            self._open_item(block.text)

    def _open_section(self, kind: SectionKind, block: Block) -> None:
        section = self._section(kind)
        if section.heading is None and section.is_empty:
            section.heading = block.text
            section.heading_is_name = True
            section.depth = block.level
            section.container = not block.is_question
            self.current, self.item = section, None
        elif section.paragraphs or section.items:
            # The same kind named twice ("What happens at the end?" after "The ending"): the
            # second heading is one more item of the first section.
            self.current = section
            self._open_item(block.text)
        else:
            self.current, self.item = section, None

    def _open_item(self, heading: str) -> None:
        assert self.current is not None
        self.item = ItemDraft(heading)
        self.item_from_list = False
        self.current.items.append(self.item)

    def _text(self, block: Block) -> None:
        text = _list_text(block)
        current = self.current
        if current is None:
            self.intro.append(text)
            return
        if (
            block.kind is BlockKind.LIST_ITEM
            and block.lead
            and current.kind in _LISTED_KINDS
            and (self.item is None or self.item_from_list)
        ):
            body = block.text[len(block.lead) :].lstrip(" :.–—-")
            if body:
                self._open_item(block.lead.rstrip(" :.–—-"))
                self.item_from_list = True
                assert self.item is not None
                self.item.paragraphs.append(body)
                return
        target = self.item.paragraphs if self.item else current.paragraphs
        if block.kind is BlockKind.LIST_ITEM and target and _LIST_LINE.match(target[-1]):
            target[-1] += "\n" + text  # one list stays one paragraph
        else:
            target.append(text)


def _paragraphs_after(blocks: list[Block], index: int) -> str:
    texts: list[str] = []
    for block in blocks[index + 1 :]:
        if block.is_heading:
            break
        texts.append(block.text)
    return "\n".join(texts)


_LIST_LINE = re.compile(r"^(?:-|\d+\.) ")


def _list_text(block: Block) -> str:
    if block.kind is not BlockKind.LIST_ITEM:
        return block.text
    marker = f"{block.number}." if block.number is not None else "-"
    return f"{marker} {block.text}"
