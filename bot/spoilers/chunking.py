"""Split rendered Discord markdown into message-sized chunks without breaking a spoiler.

Each chunk is rendered again from tokens that know whether they were hidden, so a spoiler open at
a cut is closed at the end of one chunk and reopened at the start of the next.
"""

from __future__ import annotations

import enum
import re
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
        end, chunk = _next_chunk(tokens, start, limit)
        chunks.append(chunk)
        start = _skip_spaces(tokens, end)
    return chunks


class _Builder:
    """Renders tokens into one chunk, knowing its length as if the chunk ended right here."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.inside = False
        self.word = ""
        # ``bars_need_gap(self.word)``, kept up to date as the word grows.
        self.gap = False

    def add(self, token: Token) -> None:
        space = token.kind is Lexeme.SPACE
        # Whitespace stays inside a spoiler that is already open but never opens one.
        hidden = token.hidden and (self.inside or not space)
        text = token.text
        if hidden != self.inside:
            if space and text[0] in " \n" and self.gap:
                # The space that follows anyway serves as the gap before the bars.
                self._emit(text[0])
                text = text[1:]
                self.gap = False
            self._emit(" " + BARS if self.gap else BARS)
            self.inside = hidden
        self._emit(text)
        if space:
            self.word = ""
            self.gap = False
        else:
            self.word += text
            self.gap = bars_need_gap(self.word)

    def total(self) -> int:
        if not self.inside:
            return self.length
        return self.length + (3 if self.gap else 2)

    def mark(self) -> tuple[int, bool, bool]:
        """The state to finish a chunk that ends right here, for ``finish_at``."""
        return len(self.parts), self.inside, self.gap

    def finish_at(self, mark: tuple[int, bool, bool]) -> str:
        parts, inside, gap = mark
        closing = (" " + BARS if gap else BARS) if inside else ""
        return "".join(self.parts[:parts]) + closing

    def finish(self) -> str:
        return self.finish_at(self.mark())

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


def _trimmed(tokens: list[Token], end: int) -> int:
    """``end`` moved back over the whitespace before it, which a chunk never ends with."""
    while tokens[end - 1].kind is Lexeme.SPACE:
        end -= 1
    return end


def _render(tokens: list[Token]) -> str:
    while tokens and tokens[-1].space:
        tokens = tokens[:-1]
    builder = _Builder()
    for token in tokens:
        builder.add(token)
    return builder.finish()


def _next_chunk(tokens: list[Token], start: int, limit: int) -> tuple[int, str]:
    """The chunk that starts at the atom ``tokens[start]``, and the index just past its end.

    One pass renders the chunk while looking for its end: at each space the builder marks how
    the chunk would end there, so a cut at whitespace needs no second rendering.
    """
    builder = _Builder()
    cuts: dict[_Cut, tuple[int, int]] = {}
    marks: dict[int, tuple[int, bool, bool]] = {}
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.kind is Lexeme.SPACE:
            # The atom before fitted, so cutting here gives a chunk of the current total.
            cuts[_cut_kind(tokens, i)] = (i, builder.total())
            marks[i] = builder.mark()
        builder.add(token)
        if builder.total() > limit:
            break
    else:
        # All the rest fits; whitespace at its end is dropped as at any cut.
        end = _trimmed(tokens, len(tokens))
        return len(tokens), builder.finish_at(marks[end]) if end in marks else builder.finish()
    if cuts:
        end = _best_cut(cuts, limit)
        return end, builder.finish_at(marks[_trimmed(tokens, end)])
    end = _hard_end(tokens, start, i, limit)
    return end, _render(tokens[start:end])


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
    if last != "\\" and last not in _CLOSERS:
        # The common case, decided by the last character alone, as the general rule below would.
        return _Cut.SENTENCE if last in _SENTENCE_END else _Cut.WORD
    before = tokens[i - 2].text if i - 2 >= 0 and not tokens[i - 2].space else ""
    tail = (before + tokens[i - 1].text).replace("\\", "").rstrip(_CLOSERS)
    return _Cut.SENTENCE if tail[-1:] in _SENTENCE_END else _Cut.WORD


def _hard_end(tokens: list[Token], start: int, i: int, limit: int) -> int:
    """Where to cut a word too long for a chunk of its own, which ``tokens[i]`` overflowed;
    it is cut inside if it can be, else the chunk ends before it."""
    _split_text_at_h(tokens, start, i)
    builder = _Builder()
    for i in range(start, len(tokens)):
        builder.add(tokens[i])
        if builder.total() > limit:
            break
    token = tokens[i]
    overflow = builder.total() - limit
    # One character spare: the piece may need a space before its closing bars the whole did not.
    keep = len(token.text) - overflow - 1
    if token.kind in (Lexeme.TEXT, Lexeme.LINK) and keep >= 1:
        _split(tokens, i, keep)
        return i + 1
    end = i
    while end - 1 > start and _joined(tokens[end - 1].text, tokens[end].text):
        end -= 1
    return end


_H_PIECES = re.compile(r"h|[^h]+")


def _split_text_at_h(tokens: list[Token], start: int, i: int) -> None:
    """Split the text runs of ``tokens[start : i + 1]`` at every ``h``.

    Text runs used to end at each ``h`` (where a link might start), and hard cuts, which only
    long unbroken words need, depend on where runs end; cutting the same pieces keeps every
    chunk as it always was.
    """
    pieces: list[Token] = []
    for token in tokens[start : i + 1]:
        if token.kind is Lexeme.TEXT and "h" in token.text and len(token.text) > 1:
            pieces.extend(
                Token(piece, token.hidden, Lexeme.TEXT) for piece in _H_PIECES.findall(token.text)
            )
        else:
            pieces.append(token)
    tokens[start : i + 1] = pieces


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
        if token.kind is Lexeme.SPACE and merged and merged[-1].kind is Lexeme.SPACE:
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
