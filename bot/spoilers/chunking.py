"""Split rendered Discord markdown into message-sized chunks without breaking a spoiler.

Each chunk is rendered again from tokens that know whether they were hidden, so a spoiler open at
a cut is closed at the end of one chunk and reopened at the start of the next.
"""

from __future__ import annotations

import enum
import unicodedata

from bot.spoilers.markup import BARS, Token, bars_need_gap, escape_text, scan_rendered

MIN_LIMIT = 10
"""Smallest limit that always fits a hidden indivisible atom: ``||`` + ``\\|\\|`` + `` ||``."""

_SENTENCE_END = frozenset(".?!…")
_CLOSERS = frozenset("\"'”’»)]*_")
_ZWJ = "\u200d"
_SKIN_TONES = range(0x1F3FB, 0x1F400)


class _Cut(enum.IntEnum):
    """Kinds of boundary to cut at, best first."""

    PARAGRAPH = 0
    LINE = 1
    SENTENCE = 2
    WORD = 3


def split_message(text: str, limit: int) -> list[str]:
    """``text`` as chunks of at most ``limit`` characters, each one a well-formed message.

    Cuts fall at whitespace, preferring (as long as the chunk is at least half full) a paragraph
    break, then a line break, then a sentence end, then any space. Only a word that cannot fit in
    a chunk of its own is cut inside, and never through an escape, a mention guard or a grapheme.
    Whitespace at a cut is dropped.
    """
    if limit < MIN_LIMIT:
        raise ValueError(f"limit must be at least {MIN_LIMIT}, not {limit}")
    tokens = _merge_spaces(scan_rendered(text))
    chunks: list[str] = []
    start = _skip_spaces(tokens, 0)
    while start < len(tokens):
        end = _chunk_end(tokens, start, limit)
        chunks.append(_render(tokens[start:end]))
        start = _skip_spaces(tokens, end)
    return chunks


class _Builder:
    """Renders tokens into one chunk, knowing its length as if the chunk ended right here."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.inside = False
        self.word = ""

    def add(self, token: Token) -> None:
        # Whitespace stays inside a spoiler that is already open but never opens one.
        hidden = token.hidden and (self.inside or not token.space)
        if hidden != self.inside:
            self._emit(self._bars())
            self.inside = hidden
        self._emit(token.text)
        self.word = "" if token.space else self.word + token.text

    def total(self) -> int:
        return self.length + (len(self._bars()) if self.inside else 0)

    def finish(self) -> str:
        if self.inside:
            self._emit(self._bars())
        return "".join(self.parts)

    def _bars(self) -> str:
        return (" " if bars_need_gap(self.word) else "") + BARS

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


def _render(tokens: list[Token]) -> str:
    while tokens and tokens[-1].space:
        tokens = tokens[:-1]
    builder = _Builder()
    for token in tokens:
        builder.add(token)
    return builder.finish()


def _chunk_end(tokens: list[Token], start: int, limit: int) -> int:
    """Index just past the last token of the chunk that starts at the atom ``tokens[start]``."""
    builder = _Builder()
    cuts: dict[_Cut, tuple[int, int]] = {}
    last_fit: int | None = None
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.space:
            # The atom before fitted, so cutting here gives a chunk of the current total.
            cuts[_cut_kind(tokens, i)] = (i, builder.total())
        builder.add(token)
        if token.space:
            continue
        if builder.total() > limit:
            break
        last_fit = i
    else:
        return len(tokens)
    if cuts:
        return _best_cut(cuts, limit)
    if last_fit is not None:
        return _hard_end(tokens, start, last_fit + 1)
    _split_link(tokens, start, limit)
    return start + 1


def _best_cut(cuts: dict[_Cut, tuple[int, int]], limit: int) -> int:
    # A paragraph break two words in would waste a page, so a better kind must fill half of it.
    for kind in _Cut:
        if kind in cuts and cuts[kind][1] * 2 >= limit:
            return cuts[kind][0]
    return max(index for index, _ in cuts.values())


def _cut_kind(tokens: list[Token], i: int) -> _Cut:
    newlines = tokens[i].text.count("\n")
    if newlines >= 2:
        return _Cut.PARAGRAPH
    if newlines:
        return _Cut.LINE
    last = tokens[i - 1].text[-1]
    if last in _CLOSERS and i >= 2 and not tokens[i - 2].space:
        last = tokens[i - 2].text[-1]
    return _Cut.SENTENCE if last in _SENTENCE_END else _Cut.WORD


def _hard_end(tokens: list[Token], start: int, end: int) -> int:
    """``end`` moved back, if it can be, so the cut does not split a grapheme."""
    while end - 1 > start and _joined(tokens[end - 1].text, tokens[end].text):
        end -= 1
    return end


def _split_link(tokens: list[Token], start: int, limit: int) -> None:
    """Cut a link too long for any chunk into a piece that fits and the rest.

    Only a link can be that long: every other atom is at most four characters. The rest is no
    longer a link, so its characters are escaped like any other text.
    """
    link = tokens[start]
    room = limit - (2 * len(BARS) + 1 if link.hidden else 0)
    cut = room
    while cut > 1 and _joined(link.text[cut - 1], link.text[cut]):
        cut -= 1
    rest = scan_rendered(escape_text(link.text[cut:]))
    tokens[start : start + 1] = [
        Token(link.text[:cut], link.hidden),
        *(Token(token.text, link.hidden, token.space) for token in rest),
    ]


def _joined(before: str, after: str) -> bool:
    """Whether a cut between these would split a user-perceived character."""
    first = after[0]
    return (
        before[-1] == _ZWJ
        or first == _ZWJ
        or unicodedata.category(first) in ("Mn", "Mc", "Me")
        or ord(first) in _SKIN_TONES
    )


def _merge_spaces(tokens: list[Token]) -> list[Token]:
    merged: list[Token] = []
    for token in tokens:
        if token.space and merged and merged[-1].space:
            previous = merged[-1]
            merged[-1] = Token(previous.text + token.text, previous.hidden and token.hidden, True)
        else:
            merged.append(token)
    return merged


def _skip_spaces(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and tokens[i].space:
        i += 1
    return i
