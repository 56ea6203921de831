"""Text a page lays out line by line, as a plain-text file would be: a ``<pre>``, an element
styled ``white-space: pre…``, or one whose text is shaped so (a BBS post on the web, PTT's, keeps
its hard line breaks and blank lines and lets its stylesheet show them). Such text is read as
plain text, not as a browser reading HTML would join it into one paragraph."""

from __future__ import annotations

import re
import textwrap
import unicodedata

from bs4 import Tag

_PRE_STYLE = re.compile(r"white-space\s*:\s*(?:pre|pre-wrap|pre-line|break-spaces)\b", re.I)
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
# A source wrapped and spaced by hand has a blank line or two between its tags; text laid out by
# its lines has paragraphs: several blank lines with text lines around them.
_MIN_BLANK_LINES = 3
_MIN_TEXT_LINES = 6


def is_preformatted(tag: Tag) -> bool:
    """A ``<pre>`` or an element its own style lays out line by line."""
    return tag.name == "pre" or bool(_PRE_STYLE.search(str(tag.get("style", ""))))


def shaped_as_lines(text: str) -> bool:
    """Loose text (no ``<br>`` or ``<p>`` of its own) holding paragraphs its blank lines part:
    a page that relies on its stylesheet to show them."""
    if len(_BLANK_LINE.findall(text)) < _MIN_BLANK_LINES:
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) >= _MIN_TEXT_LINES


def written_as_prose(text: str) -> bool:
    """Lines set flush left, as prose is typed: a screenplay or a poem laid out in a ``<pre>``
    indents its speakers, lines and transitions, and is no text to rewrap."""
    lines = [line.expandtabs(4) for line in textwrap.dedent(text).split("\n") if line.strip()]
    indented = sum(1 for line in lines if len(line) - len(line.lstrip()) >= _INDENT)
    return indented <= _MAX_INDENTED_SHARE * len(lines)


_INDENT = 4
_MAX_INDENTED_SHARE = 0.2


def display_width(text: str) -> int:
    """How many columns a line takes in a fixed-width font: a Chinese, Japanese or Korean
    character takes two, so a BBS wraps its lines at 30-odd of them."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


# "【劇情】", "【結局】", "［主題］": a CJK post's section line, the name alone in lenticular
# (or full-width square) brackets.
BRACKETED_HEADING = re.compile(r"^(?:【[^【】\n]{1,30}】|［[^［］\n]{1,30}］|〔[^〔〕\n]{1,30}〕)$")
# A BBS's own lines under a post (PTT's and every Maple BBS's): where it was posted from, its
# address, who edited it, what it quotes: "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: …".
BBS_SYSTEM_LINE = re.compile(
    r"^※\s*(?:發信站|发信站|文章網址|文章网址|編輯|编辑|引述|轉錄至看板|转录至看板|Origin)\s*[:：]"
)
