"""Split rendered Discord markdown into message-sized chunks without breaking a spoiler.

Each chunk is rendered again from tokens that know whether they were hidden, so a spoiler open at
a cut is closed at the end of one chunk and reopened at the start of the next.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import replace

from bot.spoiler_policy.markup import (
    BARS,
    Lexeme,
    Token,
    WordTail,
    bars_need_gap,
    escape_text,
    paragraph_breaks,
    scan_rendered,
)

MIN_LIMIT = 10
"""Smallest limit that fits any uncuttable token hidden: ``||`` + ``\\|\\|`` + `` ||``."""

_SENTENCE_END = frozenset(".?!…")
_CLOSERS = "\"'”’»)]*_"
_ZWJ = "\u200d"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
GRAPHEME_REACH = 32
"""How far back a cut looks for the edge of a user-perceived character. Real ones are a few code
points (Unicode's stream-safe text allows 30 combining marks in a row); a longer run of marks or
joiners is cut where it overflows, or it would cost a rescan per character and give one-character
chunks."""
# Two space tokens lie side by side only where bars between whitespace were dropped; with none of
# these in the text, merging spaces would change nothing (and costs a pass over every token).
_BARS_BETWEEN_SPACES = re.compile(r"\s(?:\|\|)+\s")


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
    chunks, rest = _whole_paragraph_chunks(text, limit)
    if rest < len(text):
        chunks.extend(_split_tokens(text[rest:], limit))
    return chunks


def truncate_rendered(text: str, limit: int) -> str:
    """Rendered markdown cut to ``limit`` characters without ever leaving a spoiler open.

    Cutting rendered text as plain text (``truncate_plain``) can stop inside ``||…||`` and
    leave its opening bars unpaired, which shows the rest as text: every cut of rendered
    markdown goes through here.
    """
    if len(text) <= limit:
        return text
    chunks = split_message(text, limit - 1)
    return f"{chunks[0]}…" if chunks else ""


def _split_tokens(text: str, limit: int) -> list[str]:
    """``split_message`` by its general rule: over the tokens of the text, whatever it holds."""
    tokens = _tokens(text)
    chunks: list[str] = []
    start = _skip_spaces(tokens, 0)
    while start < len(tokens):
        marker = _list_marker(tokens[start])
        if marker is None:
            end, chunk = _next_chunk(tokens, start, limit)
        else:
            # Room for the backslash that keeps the marker text.
            end, chunk = _next_chunk(tokens, start, limit - 1)
            chunk = f"{chunk[:marker]}\\{chunk[marker:]}"
        chunks.append(chunk)
        start = _skip_spaces(tokens, end)
    return chunks


# What starts a list item at a line start (``markup._LIST_MARKER``), the character to escape
# last. Rendered text escapes it only at its own line starts; a chunk starts a line too.
_LIST_MARKER = re.compile(r"\d+\.|\+")


def _list_marker(token: Token) -> int | None:
    """Where in a chunk starting with ``token`` a backslash goes so that the chunk's first line
    starts no list item (None: it starts none). A chunk is a message or page of its own, so
    a cut before "1." or "+", plain text mid-line, would make a list item of the line, which
    Discord parses on its own: a spoiler opened on it and closed on the next line would show.
    A hidden token is preceded by bars, and other markers are always escaped."""
    if token.hidden or token.kind is not Lexeme.TEXT:
        return None
    found = _LIST_MARKER.match(token.text)
    return found.end() - 1 if found else None


_SPACE_RUN = re.compile(r"\s+")
_PLAIN_SPACE = re.compile(r"[ \t\n\r\f\v]*")
# A backslash that escapes nothing the token rule reads as plain (``_plain_words_and_spoilers``),
# or ends the text.
_BAD_BACKSLASH = re.compile(r"\\(?:[0-9A-Za-z\s|\\]|\Z)")


def _whole_paragraph_chunks(text: str, limit: int) -> tuple[list[str], int]:
    """The chunks ``_split_tokens`` would give for the text's leading paragraphs, worked out
    from the paragraphs themselves, and where in ``text`` the token rule must take over.

    A rendered answer is mostly paragraphs whose tokens render back to themselves, each spoiler
    closed within its paragraph. For those the token rule cuts at the last paragraph break that
    fits, when that leaves the chunk half full, and a chunk is the text between its breaks:
    a slice, found without tokenising a page of text (the bulk of a first answer's CPU). The
    first paragraph that is not so plain, or a cut that would not fall at a paragraph break,
    hands the rest over, from a point where the token rule starts afresh.
    """
    chunks: list[str] = []
    start = _SPACE_RUN.match(text).end() if text[:1].isspace() else 0
    fits = -1  # end of the last paragraph that fits in the chunk begun at ``start``
    pos = start
    breaks = paragraph_breaks(text, start)
    last = (len(text.rstrip()), len(text))  # whitespace at the very end is dropped, as at a cut
    while pos < len(text):
        end, after = next(breaks, last)
        # A paragraph longer than a chunk is cut inside by the token rule anyway: hand over
        # before reading it through, rather than read it twice.
        if (
            end - pos > limit
            # A link swallows what Discord does not take for space (e.g. U+001C) though Python
            # does: with such a character after it, a paragraph is not its own tokens.
            or not _PLAIN_SPACE.fullmatch(text, end, after)
            or not _renders_as_itself(text[pos:end])
            # A chunk starting with a list marker gets it escaped (``_list_marker``).
            or _LIST_MARKER.match(text, pos)
        ):
            return chunks, start
        if end - start > limit:
            # This paragraph does not fit: cut before it, if that leaves the chunk half full.
            if fits < 0 or (fits - start) * 2 < limit:
                return chunks, start
            chunks.append(text[start:fits])
            start, fits = pos, -1
        fits = end
        pos = after
    if fits > start:
        chunks.append(text[start:fits])
    return chunks, len(text)


def _renders_as_itself(paragraph: str) -> bool:
    """Whether the token rule gives this paragraph back unchanged, every spoiler in it closed,
    so that a chunk of such paragraphs is a slice of the text."""
    if "://" not in paragraph:
        if _plain_words_and_spoilers(paragraph):
            return True
    elif "\n" in paragraph and all(map(_renders_as_itself, paragraph.split("\n"))):
        # Lines that each render as themselves, every spoiler closed within its line (a list
        # of sources, a few with links): a link ends at the line break, so no line's tokens
        # reach into the next, and only the lines with links are tokenised.
        return True
    if _one_spoiler_as_itself(paragraph) or _spoilers_then_link_as_itself(paragraph):
        return True
    # Links (which place bars by the words before them) and anything unusual: ask the rule.
    # An unpaired last bar comes back escaped, so it fails here too.
    return _render_tokens(paragraph) == paragraph


# Whitespace other than a plain space: the token rule ends a word at it, ``bars_need_gap`` not
# always (and the other way round), so a text holding one is left to the rule.
_OTHER_SPACE = re.compile(r"[^\S ]")


def _plain_words_and_spoilers(paragraph: str) -> bool:
    """Whether the paragraph is words and closed spoilers the token rule reads as plain text:
    no piece between bars holds a bar, or a backslash that is not an escape of something
    other than a bar or a backslash (an escaped bar pairs differently, and a word ending in a
    backslash moves the bars after it)."""
    pieces = paragraph.split(BARS)
    if (
        not len(pieces) % 2
        # Every bar is one of the bars split at, and no backslash ends a piece (bars follow it
        # in the paragraph) or escapes what it cannot.
        or paragraph.count("|") != len(BARS) * (len(pieces) - 1)
        or _BAD_BACKSLASH.search(paragraph)
        # A spoiler holds something and touches no other.
        or not all(pieces[1:-1])
    ):
        return False
    # No whitespace at a spoiler's edges.
    for spoiler in pieces[1::2]:  # noqa: SIM110 (no generator per paragraph)
        if spoiler[0].isspace() or spoiler[-1].isspace():
            return False
    return True


def _one_spoiler_as_itself(text: str) -> bool:
    """Whether ``text`` is one spoiler the token rule writes back as it stands, as a wrapped
    line ending in a link is (``||[3] A critic: An essay https://example.org/3 ||``).

    The rule gives such a text back as its opening bars, the text inside (every token of it
    hidden), and the closing bars ``_bars_before`` writes after its last word: so it renders
    as itself exactly when the text inside is one whose word ends as ``bars_need_gap`` reads
    them, and the closing bars are the ones that would be written. False: not shown here,
    left to the rule.
    """
    if not (text.startswith(BARS) and text.endswith(BARS)):
        return False
    inside = text[len(BARS) : -len(BARS)]
    gap = inside.endswith(" ")
    core = inside[:-1] if gap else inside
    return (
        bool(core)
        and BARS not in core
        and not core[0].isspace()
        and not core[-1].isspace()
        and not _OTHER_SPACE.search(core)
        and bars_need_gap(core) == gap
    )


_SPOILERS_APART = BARS + " " + BARS


def _spoilers_then_link_as_itself(text: str) -> bool:
    """Whether ``text`` is plain words and spoilers without a link (``_plain_words_and_spoilers``)
    ending in a spoiler, a space, then one spoiler that ``_one_spoiler_as_itself`` gives back:
    a source's line as answers list it, its number and its words each behind bars
    (``||\\[3\\]|| ||A critic: An essay https://example.org/3 ||``).

    The head renders as itself and its last spoiler closes with bars of its own (no word in it
    needs a gap: no link, no bar or backslash at its end); the space between is outside any
    spoiler, so the tail's tokens begin a word of their own, as they do alone; and no link or
    escape reaches across that space. False: not shown here, left to the rule.
    """
    head, apart, tail = text.rpartition(_SPOILERS_APART)
    if not apart:
        return False
    head += BARS
    return (
        "://" not in head
        and _plain_words_and_spoilers(head)
        and _one_spoiler_as_itself(BARS + tail)
    )


def _tokens(text: str) -> list[Token]:
    tokens = scan_rendered(text)
    if BARS in text and _BARS_BETWEEN_SPACES.search(text):
        tokens = _merge_spaces(tokens)
    return tokens


def _render_tokens(text: str) -> str:
    tokens = _tokens(text)
    return _render(tokens, 0, len(tokens))


# Kept per space: its index, the chunk's length before it without closing bars, whether a spoiler
# is open there, and where the word before it starts (for ``_gap``).
_Space = tuple[int, int, bool, int]


def _next_chunk(tokens: list[Token], start: int, limit: int) -> tuple[int, str]:
    """The chunk that starts at the atom ``tokens[start]``, and the index just past its end.

    A first pass only measures, up to the token that overflows; cut kinds and totals are worked
    out afterwards, walking back from there, and the chunk is rendered once its end is known.
    """
    over, _, spaces = _measure(tokens, start, limit)
    if over is None:
        # All the rest fits; whitespace at its end is dropped as at any cut.
        return len(tokens), _render(tokens, start, len(tokens))
    # Only a word too long for a chunk of its own leaves no space to cut at.
    end = _best_cut(tokens, spaces, limit) if spaces else _hard_end(tokens, start, over, limit)
    return end, _render(tokens, start, end)


def _measure(tokens: list[Token], start: int, limit: int) -> tuple[int | None, int, list[_Space]]:
    """Render ``tokens`` from ``start`` in length only, until the chunk would pass ``limit``.

    Gives the index of the token that takes it past (None if none does), the chunk's total there
    (closing bars included), and every space on the way, the overflowing token included.
    This loop runs for every token of a reply, so it keeps to lengths and leaves the
    rarer work (bars at a spoiler's edge, the exact total near the limit) to helpers.
    """
    spaces: list[_Space] = []
    length = 0
    inside = False
    word_start = start
    word = WordTail()  # the word since ``word_start``, for the bars at a spoiler's edges
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.kind is Lexeme.SPACE:
            spaces.append((i, length, inside, word_start))
            # Whitespace stays inside a spoiler that is already open but never opens one.
            if inside and not token.hidden:
                length += len(_closing_space(token.text, word.needs_gap))
                inside = False
            else:
                length += len(token.text)
            word_start = i + 1
            word = WordTail()
        else:
            if token.hidden != inside:
                length += len(_bars_before(word.needs_gap))
                inside = token.hidden
            length += len(token.text)
            word.feed(token.text)
        # Closing bars take at most 3 characters; only near the limit is their length needed.
        if length + (3 if inside else 0) > limit:
            total = length + (3 if word.needs_gap else 2) if inside else length
            if total > limit:
                return i, total, spaces
    return None, 0, spaces


def _gap(tokens: list[Token], word_start: int, end: int) -> bool:
    """Whether bars right after ``tokens[end - 1]`` need a space, the word having begun at
    ``word_start`` (a space token, or the chunk's start, begins a word)."""
    return bars_need_gap("".join(token.text for token in tokens[word_start:end]))


def _total(tokens: list[Token], length: int, inside: bool, word_start: int, end: int) -> int:
    """The chunk's length if it ended just before ``tokens[end]``, with its closing bars."""
    if not inside:
        return length
    return length + (3 if _gap(tokens, word_start, end) else 2)


def _bars_before(gap: bool) -> str:
    """The bars that open or close a spoiler right before a word piece; ``gap`` is whether
    bars right after the word so far need a space (``bars_need_gap``)."""
    return " " + BARS if gap else BARS


def _closing_space(text: str, gap: bool) -> str:
    """The space ``text`` with the bars that close the spoiler before it."""
    if text[0] in " \n" and gap:
        # The space that follows anyway serves as the gap before the bars.
        return text[0] + BARS + text[1:]
    return _bars_before(gap) + text


def _render(tokens: list[Token], start: int, end: int) -> str:
    """``tokens[start:end]`` as one chunk, without the whitespace at its end, every spoiler
    open at its end closed; each token as ``_measure`` counted it."""
    while end > start and tokens[end - 1].kind is Lexeme.SPACE:
        end -= 1
    parts: list[str] = []
    inside = False
    word = WordTail()
    for i in range(start, end):
        token = tokens[i]
        if token.kind is Lexeme.SPACE:
            if inside and not token.hidden:
                parts.append(_closing_space(token.text, word.needs_gap))
                inside = False
            else:
                parts.append(token.text)
            word = WordTail()
        else:
            if token.hidden != inside:
                parts.append(_bars_before(word.needs_gap))
                inside = token.hidden
            parts.append(token.text)
            word.feed(token.text)
    if inside:
        parts.append(_bars_before(word.needs_gap))
    return "".join(parts)


def _best_cut(tokens: list[Token], spaces: list[_Space], limit: int) -> int:
    """The space to cut at: the last one of the best kind that leaves the chunk half full, else
    the last one. A paragraph break two words in would waste a page."""
    last_of_kind: dict[_Cut, _Space] = {}
    for space in reversed(spaces):
        index, length, _, _ = space
        if (length + 3) * 2 < limit:
            break  # no cut from here back fills half a chunk, closing bars and all
        kind = _cut_kind(tokens, index)
        if kind in last_of_kind:
            continue
        last_of_kind[kind] = space
        if kind is _Cut.PARAGRAPH and _fills_half(tokens, space, limit):
            break  # the best kind, far enough in: nothing further back can beat it
        if len(last_of_kind) == len(_Cut):
            break
    for kind in _Cut:
        if kind in last_of_kind and _fills_half(tokens, last_of_kind[kind], limit):
            return last_of_kind[kind][0]
    return spaces[-1][0]


def _fills_half(tokens: list[Token], space: _Space, limit: int) -> bool:
    """Whether a cut at ``space`` leaves the chunk at least half full."""
    index, length, inside, word_start = space
    return _total(tokens, length, inside, word_start, index) * 2 >= limit


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
    over, total, _ = _measure(tokens, start, limit)
    # The pieces render as the whole did, so one of them overflows where the whole did.
    assert over is not None
    token = tokens[over]
    # One character spare: the piece may need a space before its closing bars the whole did not.
    keep = len(token.text) - (total - limit) - 1
    if token.kind in (Lexeme.TEXT, Lexeme.LINK) and keep >= 1:
        _split(tokens, over, keep)
        return over + 1
    end = over
    floor = max(start + 1, over - GRAPHEME_REACH)
    while end > floor and _joined(tokens[end - 1].text, tokens[end].text):
        end -= 1
    if end == floor > start + 1 and _joined(tokens[end - 1].text, tokens[end].text):
        return over  # no edge within reach: a run of marks, not one character
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
    floor = max(1, keep - GRAPHEME_REACH)
    while cut > floor and _joined(token.text[cut - 1], token.text[cut]):
        cut -= 1
    if cut == floor and floor > 1 and _joined(token.text[cut - 1], token.text[cut]):
        cut = keep  # no edge within reach: a run of marks, not one character
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
