"""The format-neutral shape of an article: a flat list of headings, paragraphs and list items."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

# A question's mark, typed in ASCII, in full width (Chinese, Japanese, Korean input methods:
# "続編はある？") or in Arabic script ("؟").
QUESTION_MARKS = ("?", "？", "؟")


def ends_as_question(text: str) -> bool:
    return text.endswith(QUESTION_MARKS)


class BlockKind(enum.StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True)
class Block:
    """One unit of article text, whitespace collapsed to single spaces."""

    kind: BlockKind
    text: str
    # Heading depth (1 = <h1> / ``#``); None for plain text, where the depth is not written down.
    level: int | None = None
    # A bold lead-in ("**The spinning top.** Nolan never…"): how lists name their items.
    lead: str | None = None
    # The number of an ordered-list item, so numbered source lists keep their footnote ids.
    number: int | None = None
    links: tuple[str, ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.kind is BlockKind.HEADING

    @property
    def is_question(self) -> bool:
        return self.is_heading and ends_as_question(self.text.rstrip())

    def with_text(self, text: str) -> Block:
        return replace(self, text=text)
