"""A spoiler label an author sets beside a heading or a paragraph: "The ending (spoilers)",
"ラストの意味（ネタバレ）", "Grief [SPOILER]", "[Spoilers] Here is how it ends". The label is
no part of the section's name, and it is the author's word that what it heads tells the ending
(one that says the opposite, "(spoiler-free)", "（ネタバレなし）", only names nothing).

Typed in square brackets it looks like a forum's spoiler tag left without its pair, which a
content file refuses (it would open a spoiler that never closes): such a tag is read as what
its author meant, a label on a heading and, on a paragraph, the rest of the paragraph hidden."""

from __future__ import annotations

import re

from bot.importer.blocks import Block, BlockKind
from bot.spoiler_policy.markup import behind_bars, has_unpaired_bars

# Words that say "spoiler" in the languages explainers come in (French's "divulgâcheur",
# Catalan's "espòiler", Japanese "netabare", Chinese 剧透 and the BBS's 雷, Korean 스포, Russian
# спойлер, Hebrew).
_SPOILER_WORD = (
    r"(?:spoil\w*|esp[òo]il\w*|divulg[aâ]ch\w*"
    r"|ネタバレ|剧透|劇透|有雷|防雷|스포\w*|спойлер\w*|ספויל\w*)"
)
# …and the words that say there are none.
_NONE = re.compile(
    r"\b(?:no|non|free|zero|without|sin|sans|senza|ohne|keine|sem|bez|без)\b|なし|無し|没有|無雷"
    r"|없음|없는|-free",
    re.I,
)
_OPEN = r"[(\[（［【〔]"
_CLOSE = r"[)\]）］】〕]"
# A label in brackets: a few words, one of them a spoiler word ("(major spoilers)", "[SPOILER
# ALERT]", "（ネタバレ注意）", "(spoilers ahead!)").
_INSIDE = r"[^()\[\]（）［］【】〔〕\n]{0,30}?"
_LABEL = rf"{_OPEN}{_INSIDE}{_SPOILER_WORD}{_INSIDE}{_CLOSE}"
_LEADING = re.compile(rf"^\s*{_LABEL}[\s:：\-–—]*", re.I)
_TRAILING = re.compile(rf"[\s:：\-–—]*{_LABEL}[\s!！.]*$", re.I)
_ANY = re.compile(_LABEL, re.I)


def label_off(heading: str) -> str:
    """``heading`` without a spoiler label before or after its words."""
    return _TRAILING.sub("", _LEADING.sub("", heading))


def warns_of_spoilers(heading: str) -> bool:
    """Whether ``heading`` carries a spoiler label that says it holds spoilers."""
    return any(_NONE.search(label[0]) is None for label in _ANY.finditer(heading))


# A forum's spoiler tag, as content files read one ("[spoiler]", "[SPOILERS]", "[/spoiler]",
# "[spoiler=Ending]", "[details]"), square brackets ASCII or full width.
_TAG = re.compile(
    r"[\[［]\s*(?P<close>/)?\s*(?P<words>(?:i?spoilers?|details)(?:[=\s][^\]］\n]{0,200})?)"
    r"\s*[\]］]",
    re.I,
)


def lone_tags_read(blocks: list[Block]) -> list[Block]:
    """Each block whose spoiler tags a content file would refuse as left open, read as meant:
    a heading's tag as the label it is ("The ending [SPOILERS]" → "The ending (SPOILERS)"); a
    paragraph's words after an opening tag in bars (as a Reddit ``>!`` never closed hides the
    rest of its paragraph), the words before a closing one in bars, and a tag alone its words
    ("SPOILERS BELOW": a warning line)."""
    return [_read(block) if _has_open_tag(block.text) else block for block in blocks]


def _has_open_tag(text: str) -> bool:
    return (
        ("[" in text or "［" in text) and _TAG.search(text) is not None and has_unpaired_bars(text)
    )


def _read(block: Block) -> Block:
    text = block.text
    if block.kind is BlockKind.HEADING:
        read = _TAG.sub(lambda m: "" if m["close"] else f"({m['words'].strip()})", text).strip()
    else:
        tag = _TAG.search(text)
        assert tag is not None
        before, after = text[: tag.start()].strip(), _TAG.sub("", text[tag.end() :]).strip()
        if after and not tag["close"]:
            read = f"{before} {behind_bars(after)}".strip()
        elif before or after:
            read = behind_bars(f"{before} {after}".strip())
        else:
            read = tag["words"].strip()
    # Another spoiler markup left open beside it ("[spoiler] >!…"): left as it was, refused
    # with its own error.
    return block if has_unpaired_bars(read) else block.with_text(read)
