"""Split rendered Discord markdown into message-sized chunks without breaking a spoiler.

Each chunk is rendered again from tokens that know whether they were hidden, so a spoiler open at
a cut is closed at the end of one chunk and reopened at the start of the next.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import replace

from bot.spoilers.markup import BARS, Lexeme, Token, bars_need_gap, escape_text, scan_rendered

MIN_LIMIT = 10
"""Smallest limit that fits any uncuttable token hidden: ``||`` + ``\\|\\|`` + `` ||``."""

_SENTENCE_END = frozenset(".?!…")
_CLOSERS = "\"'”’»)]*_"
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
        text = token.text
        if hidden != self.inside:
            if token.space and text[0] in " \n" and bars_need_gap(self.word):
                # The space that follows anyway serves as the gap before the bars.
                self._emit(text[0])
                text = text[1:]
                self.word = ""
            self._emit(self._bars())
            self.inside = hidden
        self._emit(text)
        self.word = "" if token.space else self.word + text

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
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.space:
            # The atom before fitted, so cutting here gives a chunk of the current total.
            cuts[_cut_kind(tokens, i)] = (i, builder.total())
        builder.add(token)
        if builder.total() > limit:
            break
    else:
        return len(tokens)
    if cuts:
        return _best_cut(cuts, limit)
    return _hard_end(tokens, start, i, overflow=builder.total() - limit)


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
    before = tokens[i - 2].text if i - 2 >= 0 and not tokens[i - 2].space else ""
    tail = (before + tokens[i - 1].text).replace("\\", "").rstrip(_CLOSERS)
    return _Cut.SENTENCE if tail[-1:] in _SENTENCE_END else _Cut.WORD


def _hard_end(tokens: list[Token], start: int, i: int, *, overflow: int) -> int:
    """Where to cut a word too long for a chunk of its own; ``tokens[i]`` overflowed by
    ``overflow`` characters and is cut inside if it can be, else the chunk ends before it."""
    token = tokens[i]
    # One character spare: the piece may need a space before its closing bars the whole did not.
    keep = len(token.text) - overflow - 1
    if token.kind in (Lexeme.TEXT, Lexeme.LINK) and keep >= 1:
        _split(tokens, i, keep)
        return i + 1
    end = i
    while end - 1 > start and _joined(tokens[end - 1].text, tokens[end].text):
        end -= 1
    return end


def _split(tokens: list[Token], i: int, keep: int) -> None:
    """Cut ``tokens[i]`` after about ``keep`` characters, never inside a grapheme.

    The rest of a cut link is no longer a link, so its characters are escaped like any text.
    """
    token = tokens[i]
    cut = keep
    while cut > 1 and _joined(token.text[cut - 1], token.text[cut]):
        cut -= 1
    first = Token(token.text[:cut], token.hidden, token.kind)
    if token.kind is Lexeme.LINK:
        rest = [
            replace(t, hidden=token.hidden) for t in scan_rendered(escape_text(token.text[cut:]))
        ]
    else:
        rest = [Token(token.text[cut:], token.hidden, token.kind)]
    tokens[i : i + 1] = [first, *rest]


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
            hidden = previous.hidden and token.hidden
            merged[-1] = Token(previous.text + token.text, hidden, Lexeme.SPACE)
        else:
            merged.append(token)
    return merged


def _skip_spaces(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and tokens[i].space:
        i += 1
    return i
