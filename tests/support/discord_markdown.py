"""A model of how Discord reads message text, for tests that must know what a reader sees.

The client parses inline markdown left to right, trying at each position (in this order) a
backslash escape, a link, inline code, spoiler bars, and otherwise takes one character of text.
A line that starts a block (a quote ``> ``, heading ``# ``, subtext ``-# ``, list item ``- ``,
``* `` or ``1. ``), met where the parser stands outside any spoiler, is parsed on its own: bars
opened in it close in it or not at all (bars opened before it take it whole, block and all).
Consecutive ``> `` lines are one quote; ``>>> `` quotes the rest of the message. (A list item
is modelled as its line alone, the reading that shows the most.)

Two readings of where a spoiler closes are modelled, and leak-proof text must pass both:

- the client reading (default): closing bars count only where the parser stands, so bars inside
  a code span, after a backslash, or straight after a link (which swallows them) do not close;
- the lazy reading (``lazy_bars=True``): the first raw ``||`` at least one character after the
  opening closes, as simple-markdown's spoiler regex ``^\\|\\|([\\s\\S]+?)\\|\\|`` does.

Written independently of ``bot.spoiler_policy`` on purpose: it must not share the code it checks.
Hypothesis strategies for hostile author text live at the bottom.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hypothesis import strategies as st

# JavaScript's `\s`, which is what the client's regexes use.
_JS_SPACE = "\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ESCAPE = re.compile(f"\\\\([^0-9A-Za-z{_JS_SPACE}])")
# Discord links steam:// addresses as it does web ones.
_URL = re.compile(f"(?:https?|steam)://[^{_JS_SPACE}<]+[^<.,:;\"')\\]{_JS_SPACE}]")
_AUTOLINK = re.compile(f"<(https?://[^{_JS_SPACE}>]+)>")
_CODE = re.compile(r"(`+)([\s\S]*?[^`])\1(?!`)")
# Spans whose text is parsed on its own, as simple-markdown's rules read them where the parser
# stands: bars in one pair only with bars in it. A masked link, [text](https://…) (Discord draws
# one to a web address), and the styles: bold, underline, italics (either mark), strike-through.
_MASKED_LINK = re.compile(
    r"\[((?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*)\]"
    r"\(\s*<?(https?://(?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['\"]([\s\S]*?)['\"])?\s*\)"
)
# The server finds mentions in the raw content, so this ignores markdown and escapes entirely.
_PINGS = re.compile(r"@everyone|@here|<@[!&]?\d+>")
_STYLES = {
    "*": (
        re.compile(r"\*\*((?:\\[\s\S]|[^\\])+?)\*\*(?!\*)"),
        re.compile(r"\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)"),
    ),
    "_": (
        re.compile(r"__((?:\\[\s\S]|[^\\])+?)__(?!_)"),
        re.compile(r"(?<![A-Za-z0-9_])_((?:__|\\[\s\S]|[^\\_])+?)_(?![A-Za-z0-9_])"),
    ),
    "~": (re.compile(r"~~(?=\S)((?:\\[\s\S]|~(?!~)|[^\s~\\]|\s(?!~~))+?)~~"),),
}
_FORMATTING = frozenset("*_~`|[<>#-")
# Characters no rule starts with (nor formatting to report): taken as text in one go, for speed.
_PLAIN_RUN = re.compile(r"[^\\hs<`|*_~\[>#\-\n]+")
# Blocks, tried only at a line start outside any spoiler (Discord's rules need the text before
# them to end a line). A quote holds no quote; its lines lose their `> `.
_QUOTE_REST = re.compile(r" *>>> ([\s\S]*)")
_QUOTE_LINES = re.compile(r" *>(?!>>) [^\n]*(?:\n *>(?!>>) [^\n]*)*")
_QUOTE_PREFIX = re.compile(r"^ *> ?", re.MULTILINE)
# `+` bullets as CommonMark and simple-markdown's list rule take them: the reading that shows
# the most, whether or not a given client draws the bullet.
_LINE_BLOCK = re.compile(r" *(?:#{1,3}|-#|[*+-]|\d+\.) +([^\n]*)")
BARS = "||"


@dataclass(frozen=True)
class Run:
    text: str
    hidden: bool
    kind: str  # "text", "escape", "link" or "code"


@functools.lru_cache(maxsize=2048)
def parse(text: str, *, lazy_bars: bool = False) -> tuple[Run, ...]:
    """``text`` as the runs a reader gets, each literal and either visible or behind a spoiler."""
    runs, _ = _inline(text, 0, len(text), hidden=False, lazy=lazy_bars)
    return tuple(runs)


def visible_text(text: str, *, lazy_bars: bool = False) -> str:
    """What a reader sees without clicking any spoiler."""
    return "".join(run.text for run in parse(text, lazy_bars=lazy_bars) if not run.hidden)


def hidden_text(text: str, *, lazy_bars: bool = False) -> str:
    """Everything behind spoilers, concatenated."""
    return "".join(run.text for run in parse(text, lazy_bars=lazy_bars) if run.hidden)


def mentions_that_ping(text: str) -> list[str]:
    """Mentions that would ping if the reply allowed mentions (escaped or not: the server decides
    from raw content, so only a broken-up mention is safe)."""
    return _PINGS.findall(text)


def live_markdown(text: str) -> list[str]:
    """Markdown the client would act on besides spoilers: unescaped formatting characters (a lone
    ``|`` included), code spans and blocks. Escaped text must have none."""
    live: list[str] = []
    for run in parse(text):
        if run.kind == "code":
            live.append(f"`{run.text}`")
        elif run.kind == "block" or (run.kind == "text" and run.text in _FORMATTING):
            live.append(run.text)
    return live


def _inline(
    text: str,
    pos: int,
    end: int,
    *,
    hidden: bool,
    lazy: bool,
    in_quote: bool = False,
    blocks: bool = True,
    scoped: bool = False,
) -> tuple[list[Run], int | None]:
    """Parse ``text[pos:end]``. Inside a client-read spoiler, stop after its closing bars and
    return that position; ``None`` means the text ran out first. ``blocks``: whether a line
    here may start a block (not in a heading's or list item's own text). ``scoped``: the text
    of a span parsed on its own (``_scoped``), where no bars close a spoiler opened outside."""
    runs: list[Run] = []
    start = pos
    while pos < end:
        if blocks and not hidden and (pos == 0 or text[pos - 1] == "\n"):
            block = _block(text, pos, end, lazy=lazy, in_quote=in_quote)
            if block is not None:
                inner, pos, in_quote = block
                runs.extend(inner)
                continue
        if match := _PLAIN_RUN.match(text, pos, end):
            runs.append(Run(match[0], hidden, "text"))
        elif match := _ESCAPE.match(text, pos, end):
            runs.append(Run(match[1], hidden, "escape"))
        elif match := _scoped(text, pos, end):
            # Parsed on its own: bars in it pair only with bars in it, and inside a spoiler
            # they close nothing. Its marks are text runs, so live markdown still reports them.
            runs.extend(Run(char, hidden, "text") for char in text[pos : match.start(1)])
            inner, _ = _inline(
                text,
                match.start(1),
                match.end(1),
                hidden=hidden,
                lazy=lazy,
                blocks=False,
                scoped=True,
            )
            runs.extend(inner)
            runs.extend(Run(char, hidden, "text") for char in text[match.end(1) : match.end()])
        elif (match := _URL.match(text, pos, end)) or (match := _AUTOLINK.match(text, pos, end)):
            runs.append(Run(match[match.lastindex or 0], hidden, "link"))
        elif match := _CODE.match(text, pos, end):
            runs.append(Run(match[2], hidden, "code"))
        elif text.startswith(BARS, pos) and pos + len(BARS) <= end:
            if hidden and not lazy and pos > start and not scoped:
                return runs, pos + len(BARS)
            spoiler = None if hidden else _spoiler(text, pos, end, lazy=lazy)
            if spoiler is None:
                runs.append(Run("|", hidden, "text"))
                pos += 1
                continue
            inner, pos = spoiler
            runs.extend(inner)
            continue
        else:
            runs.append(Run(text[pos], hidden, "text"))
            pos += 1
            continue
        pos = match.end()
    return runs, None


def _scoped(text: str, pos: int, end: int) -> re.Match[str] | None:
    """The masked link or styled span starting at ``pos`` (its text is group 1), if any."""
    if text[pos] == "[":
        return _MASKED_LINK.match(text, pos, end)
    for pattern in _STYLES.get(text[pos], ()):
        if match := pattern.match(text, pos, end):
            return match
    return None


def _block(
    text: str, pos: int, end: int, *, lazy: bool, in_quote: bool
) -> tuple[list[Run], int, bool] | None:
    """The block starting at ``pos`` parsed on its own (its marker as a "block" run), the
    position after it, and whether what follows is inside a quote; None if none starts here."""
    if not in_quote and (match := _QUOTE_REST.match(text, pos, end)):
        # The rest of the message is one quote: parsed as the message is, minus quotes.
        marker = Run(text[pos : match.start(1)], False, "block")
        inner, _ = _inline(text, match.start(1), end, hidden=False, lazy=lazy, in_quote=True)
        return [marker, *inner], end, True
    if not in_quote and (match := _QUOTE_LINES.match(text, pos, end)):
        content = _QUOTE_PREFIX.sub("", match[0])
        inner, _ = _inline(content, 0, len(content), hidden=False, lazy=lazy, in_quote=True)
        return [Run(">", False, "block"), *inner], match.end(), False
    if match := _LINE_BLOCK.match(text, pos, end):
        content = match[1]
        inner, _ = _inline(content, 0, len(content), hidden=False, lazy=lazy, blocks=False)
        return [Run(text[pos : match.start(1)], False, "block"), *inner], match.end(), in_quote
    return None


def _spoiler(text: str, pos: int, end: int, *, lazy: bool) -> tuple[list[Run], int] | None:
    """The spoiler opening at ``pos`` and the position after it, or ``None`` if it never closes."""
    content = pos + len(BARS)
    if lazy:
        close = text.find(BARS, content + 1, end)
        if close == -1:
            return None
        inner, _ = _inline(text, content, close, hidden=True, lazy=True)
        return inner, close + len(BARS)
    inner, after = _inline(text, content, end, hidden=True, lazy=False)
    return None if after is None else (inner, after)


# --- hostile author text -----------------------------------------------------------------------


def marker(index: int) -> str:
    """A word no generated noise contains and no escaping touches, to trace one piece of text."""
    return f"QZX{index:03d}Q"


MARKER = re.compile(r"QZX\d{3}Q")

HOSTILE = (
    "|",
    "||",
    "|||",
    "`",
    "```",
    "*",
    "**",
    "_",
    "__",
    "~~",
    ">",
    ">>> ",
    "# ",
    "-# ",
    "- ",
    "1. ",
    "+ ",
    "\n+ ",
    "\\",
    "\\|",
    "\\||",
    "@everyone",
    "@here",
    "@Everyone",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "</cmd:1>",
    "<:emo:123>",
    "<t:1700000000:R>",
    "[x](https://evil.example)",
    "[||](https://x.io)",
    "[a ||](https://x.io/a)",
    "[|| b](https://x.io/b)",
    "[^3]",
    "https://example.com/a_b*c",
    "https://example.com/x||",
    "steam://run/1||",
    "http://x.io/(a)",
    "(https://example.org).",
    "https://example.com/`q`",
    "https://example.com/@everyone",
    "<https://example.net>",
    "\n",
    "\n\n",
    "\n \n\n",
    " ",
    "\t",
    "\r\n",
    "\u200b",
    "\ufeff",
    "\x1c",
    "é",
    "e\u0301",
    "😀",
    "👩\u200d👩\u200d👧",
    ":)",
    "%7C",
)

_LETTERS = "abcdefghijklmnopqrstuvwxyz" * 5
_noise_piece = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=5),
    st.integers(40, 120).map(lambda length: _LETTERS[:length]),  # a long word
)
noise = st.lists(_noise_piece, max_size=4).map("".join)


# Strategies made once: one made afresh inside each draw was validated afresh each time, a
# quarter of generating a film's texts. The same strategies draw the same examples.
_SPANNED = st.booleans()
_GAP = st.sampled_from([" ", "\n", "\n\n", " ", ""])
_PART_COUNTS: dict[int, st.SearchStrategy[int]] = {}


@st.composite
def author_text(draw: st.DrawFn, *, max_parts: int = 6) -> str:
    """Author content: hostile noise and unique marker words, some of them in ``||spans||``.

    Markers are whole words (whitespace on both sides), so wherever the noise's own bars make
    the spans fall, each marker lands wholly in one segment.
    """
    counts = _PART_COUNTS.get(max_parts)
    if counts is None:
        counts = _PART_COUNTS[max_parts] = st.integers(1, max_parts)
    parts: list[str] = []
    for index in range(draw(counts)):
        body = f"{draw(noise)} {marker(index)} {draw(noise)}"
        parts.append(f"||{body}||" if draw(_SPANNED) else body)
        parts.append(draw(_GAP))
    return "".join(parts)


BLOCK_MARKERS = (
    *("", "", "> ", " > ", ">>> ", "# ", "## ", "### "),
    *("-# ", "- ", "* ", "+ ", "1. ", ">", "#"),
)


@st.composite
def block_text(draw: st.DrawFn, *, max_lines: int = 5) -> str:
    """A member's message of lines, some starting a block (quote, heading, subtext, list item),
    with spoiler bars that may open on one line and close on another. Marker words are whole
    words, so each lands wholly inside or outside whatever the bars hide."""
    lines: list[str] = []
    index = 0
    for _ in range(draw(st.integers(1, max_lines))):
        words: list[str] = []
        for _ in range(draw(st.integers(0, 4))):
            piece = draw(
                st.sampled_from(
                    (
                        *("||", "||", "word", "`", "\\", "<https://x.io/>", "steam://x/"),
                        *("[||](https://x.io)", "[a||](https://x.io/a)", None),
                    )
                )
            )
            if piece is None:
                piece = marker(index)
                index += 1
            words.append(piece)
        lines.append(draw(st.sampled_from(BLOCK_MARKERS)) + " ".join(words))
    return "\n".join(lines)
