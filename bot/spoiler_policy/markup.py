"""Spoiler markup at the text level: author spans in, leak-proof Discord markdown out.

Content text is untrusted (authors, importers, admins typing into forms), so every character of it
is escaped before it reaches Discord, and the only spoiler bars in the output are the ones written
here. Everything is a pure function over ``str``; nothing here knows how a reply is sent.
"""

from __future__ import annotations

import bisect
import enum
import functools
import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

BARS = "||"
ZWSP = "\u200b"
BAR_LOOKALIKE = "\uff5c"
"""The one character Unicode folds (NFKC) to ``|`` (a test checks it against ``unicodedata``):
the full-width bar an input method in full-width mode types for ``|``."""
BAR_LOOKALIKES = (
    BAR_LOOKALIKE
    # broken bar (on some keyboards' bar key), a click letter and Hebrew paseq drawn as a bar,
    # divides, vertical line extension, box drawing, dingbat bars, vertical presentation forms,
    # half-width light vertical
    + "\u00a6\u01c0\u05c0\u2223\u23d0\u2502\u2503\u2758\u2759\u275a"
    + "\ufe31\ufe32\ufe33\uffe8"
    # the Cyrillic palochka, Lisu's and runic letters drawn as one line, Hangul's vowel ㅣ (and
    # its jamo and half-width forms), bracket and integral pieces, the left and right vertical
    # box lines, one-eighth blocks, box drawing's dashed lines, the Kangxi radical and the CJK
    # stroke drawn as a line, the full-width broken bar (red53; none astral: a class holding
    # one, as ``_UNSEEN_RUN``'s, is tried character by character, for every text)
    + "\u04c0\u04cf\ua4f2\u16c1\u3163\u1175\uffa3\u23aa\u23ae\u23b8\u23b9\u258f\u2595"
    + "\u254e\u254f\u2506\u2507\u250a\u250b\u2f01\u4e28\uffe4"
)
"""Characters other than ``|`` drawn as one vertical line: typed for a spoiler's bars (a
full-width input method, a keyboard's broken bar, text pasted from elsewhere), they look like
the bars an author meant, and Discord pairs none of them. Not a letter or a mark that merely
stands upright and is doubled in its own script's text: a Devanagari danda (``।।`` at a verse's
ends), a Hebrew vav, an Arabic alef, a roman numeral."""
DOUBLE_BAR_LOOKALIKES = "\u2016\u2225\u2551"
"""Symbols drawn as two vertical lines (double vertical line, parallel to, box drawing's double
line): one is the ``||``
it looks like. (The click letter ǁ is a letter of Khoekhoe names, and stays one.)"""
DRAWN_AS_NOTHING_CHARS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
"""Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), as a character class:
zero-width characters, fillers, direction marks, variation selectors, tags. Drawn as nothing,
so a word with one between its letters reads as the word, and ``|\u200b|`` as ``||``."""
DRAWN_AS_NOTHING = re.compile(f"[{DRAWN_AS_NOTHING_CHARS}]")
# Marks drawn on the character before them (the combining diacritics' blocks).
_COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_A_BAR = f"[|{BAR_LOOKALIKES}{DOUBLE_BAR_LOOKALIKES}]"
# A run of bars as readers see it: bar characters, with only characters drawn as nothing
# between them. (A run drawn as one bar is left as it is: a lone ｜ is a separator.)
_TYPED_BARS = re.compile(f"{_A_BAR}(?:[{DRAWN_AS_NOTHING_CHARS}]*{_A_BAR})*")


_BAR_CHARS = "|" + BAR_LOOKALIKES + DOUBLE_BAR_LOOKALIKES


def _may_have_typed_bars(text: str) -> bool:
    """Whether ``text`` may hold bars typed as anything but ``||``: a quick test (one fast
    character search each, several times quicker than the pattern over text without any, and
    quicker than one search for a class of them all)."""
    return not text.isascii() and any(char in text for char in _BAR_CHARS)


def _bar_width(run: str) -> int:
    """How many bars ``run`` (a ``_TYPED_BARS`` match) is drawn as."""
    return sum(
        2 if char in DOUBLE_BAR_LOOKALIKES else 1
        for char in run
        if char == "|" or char in BAR_LOOKALIKES or char in DOUBLE_BAR_LOOKALIKES
    )


class Treatment(enum.Enum):
    """How one piece of content is shown, from most to least open."""

    SHOW = "show"
    WRAP = "wrap"
    WITHHOLD = "withhold"

    # A member equals only itself, so its identity is its hash: ``Enum.__hash__`` is a Python
    # function, called for every key holding a treatment (pages, plans, source numbers: about
    # twenty per first answer).
    __hash__ = object.__hash__

    def at_least(self, other: Treatment) -> Treatment:
        """The stricter of ``self`` and ``other``."""
        # Told by identity: a lookup keyed by a member calls ``Enum.__hash__``, a Python
        # function, and this runs a few times per rendered text.
        if self is other or self is Treatment.WITHHOLD:
            return self
        if other is Treatment.WITHHOLD or self is Treatment.SHOW:
            return other
        return self  # WRAP over SHOW


@dataclass(frozen=True)
class Segment:
    text: str
    inline_spoiler: bool


class Lexeme(enum.Enum):
    """Kinds of token in rendered markdown."""

    SPACE = "space"
    TEXT = "text"  # a run of ordinary characters, which may be cut anywhere
    LINK = "link"
    ESCAPE = "escape"  # a backslash and the character it escapes
    GUARD = "guard"  # an `@` and the zero-width space that stops it pinging


@dataclass(slots=True)
class Token:
    """A piece of rendered markdown, spoiler bars already resolved away.

    Treated as immutable, but not frozen: a frozen dataclass's ``__init__`` goes through
    ``object.__setattr__``, which more than doubles the cost of the renderer's commonest object.
    """

    text: str
    hidden: bool
    kind: Lexeme

    @property
    def space(self) -> bool:
        return self.kind is Lexeme.SPACE


# Whitespace as the Discord client's JavaScript regexes see it (Python's `\s` differs slightly).
_JS_SPACE = "\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_SPACE_CHAR = re.compile(f"[{_JS_SPACE}]")
# Discord's link rule (simple-markdown's `url`, with steam:// as well as web addresses): greedy up
# to whitespace or `<`, then it backs off trailing punctuation. Matching it exactly tells us
# where Discord thinks a link ends.
URL_PATTERN = re.compile(f"(?:https?|steam)://[^{_JS_SPACE}<]+[^<.,:;\"')\\]{_JS_SPACE}]")
# The same for text without a steam:// address (nearly all): a pattern with one literal start
# is found several times faster.
_WEB_URL = re.compile(f"https?://[^{_JS_SPACE}<]+[^<.,:;\"')\\]{_JS_SPACE}]")
_STEAM = "steam://"
# What the link rule backs off: always the only characters between a link and the next space.
_URL_TAIL = re.compile(r"[.,:;\"')\]]*")
# The opening of each footnote marker `[^12]`, which renders `[12]`: a replacement with no group
# in it is copied in C, where `[\1]` is expanded by a call into Python for every marker.
_FOOTNOTE_OPENING = re.compile(r"\[\^(?=\d+\])")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_ALWAYS_ESCAPED = frozenset("\\*_~`|>#-[]()<")
# The same as a translation table: ``str.translate`` escapes a whole run in C.
# Backslash first, so the backslashes added for the others are not doubled.
_ESCAPE_ORDER = sorted(_ALWAYS_ESCAPED, key=lambda char: (char != "\\", char))
# `1. ` at a line start becomes a renumbered list item; escaping the dot keeps the number as typed.
# A `+` there is a bullet to Markdown's list rule (simple-markdown's, CommonMark's): a list item
# is parsed on its own, so an author's spoiler opened on its line would never close. Both are
# ordinary text elsewhere, so only these are escaped.
_LIST_MARKER = re.compile(r"^[^\S\n]*(?:\d+(\.)|(\+))", re.MULTILINE)
# The same found from the line break before it (and at the start, ``_list_dots``): a search
# for ``^`` tries every position of the text, where one for a line break skips to the next.
_LIST_MARKER_AT = re.compile(r"[^\S\n]*(?:\d+(\.)|(\+))")
_LIST_MARKER_AFTER_BREAK = re.compile(r"\n[^\S\n]*(?:\d+(\.)|(\+))")
# Mentions Discord resolves from raw content whatever the markdown says around them.
_MENTION_AT = re.compile(r"@(?=everyone|here|[!&]?\d)", re.IGNORECASE)
_URL_MENTION_AT = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
# Inside a link a backslash would become part of the address, so the characters that could
# pair with bars or code, or start a masked link should the client end the link sooner than
# modelled here, are percent-encoded instead.
_URL_UNSAFE = {"|": "%7C", "`": "%60", "[": "%5B", "]": "%5D"}
_MENTION_GUARD = "@" + ZWSP


# --- author text -------------------------------------------------------------------------------


# Reddit's spoiler markup, which authors used to it type for Discord's: ">!the twist!<".
# Spaced inside (">! the twist !<") and over lines too, as Reddit's editor takes it: read only
# within a line and without spaces, the rest were shown as typed, the twist in the open.
# One holding no opening of its own: nested ones pair inside out (``_inside_out``), so an
# outer one's words after an inner one ("a >!b >!c!< d!<": "d") are not left outside.
# Its text may end in the opening's first character ("a >!b>!<"): with the closing's "!" it
# reads as an opening, but one closed straight away hides nothing, so it is the text's last.
_REDDIT_SPOILER = re.compile(r">!(?P<text>(?:(?!>!)[\s\S]|>(?=!<)){1,20000}?)!<")
# Its opening typed against a word and never closed: the author meant to hide what follows, as
# with bars left open (a ">!" with a space after it, never closed, is an arrow or a shout).
_REDDIT_LEFT_OPEN = re.compile(r">!(?=\S)")
# Stack Exchange's spoiler (Movies & TV's answers explain endings): lines starting ">! ",
# closed by nothing; consecutive ones are one spoiler. (What "!<" closes is Reddit's, paired
# first; a ">!" typed against a word and never closed is bars left open, as with Reddit's.)
# A line ends at a carriage return too, as the renderer reads it (``_normalise_newlines``): the
# block is the same whether its text is read before or after its line breaks are made "\n".
# A line's start as a reader sees it: spaces, and characters drawn as nothing (or an accent,
# drawn on nothing) typed before its ">!": its words were shown as typed, the line read as no
# block.
_LINE_INDENT = f"[ \\t{DRAWN_AS_NOTHING_CHARS}{_COMBINING_MARKS}]*"
_BLOCK_SPOILER = re.compile(
    rf"(?:^|(?<=\r))(?:{_LINE_INDENT}>!(?:[ \t][^\n\r]*)?(?:\r\n?|\n|\Z))+", re.MULTILINE
)
_BLOCK_SPOILER_PREFIX = re.compile(rf"(?:^|(?<=\r)){_LINE_INDENT}>![ \t]?", re.MULTILINE)
_LINE_BREAK_AT_END = re.compile(r"(?:\r\n?|\n)\Z")


# What other sites' markup hides is marked while it is read, between two noncharacters
# (Unicode keeps them for a program's own use; text stripped of them holds none), not with bars:
# a spoiler read inside another (of the same site or another's, or inside the author's own
# ``||``) is then told from bars typed beside it, and its words join the spoiler around it.
# As bars inside bars, Discord pairing them left to right showed the inner words, the very words
# hidden twice ("彼は||ミアは~!死ぬ!~と||言った" showed 死ぬ, "dies").
_HIDE_OPEN = "\ufdd0"
_HIDE_CLOSE = "\ufdd1"
_HIDE_MARK = re.compile("[\ufdd0\ufdd1]")
# A tag or opening left without its pair ("[/spoiler]", a "~!" never closed) is marked too, and
# becomes bars left unpaired: text holding one is a spoiler as a whole (``has_unpaired_bars``).
# Written as bars straight away, two of them paired with each other ("ミアは</spoiler>グレッグと
# <spoiler>結婚": 'ミアは||グレッグと||結婚') and showed the very words on either side they hid.
_STRAY = "\ufdd2"
_ANY_MARK = re.compile("[\ufdd0-\ufdd2]")


def _marked(text: str) -> str:
    """``text`` as one spoiler read from another site's markup (``_marks_as_bars``)."""
    return f"{_HIDE_OPEN}{text}{_HIDE_CLOSE}"


def _inside_out(pattern: re.Pattern[str], meant: Callable[[re.Match[str]], str], text: str) -> str:
    """``pattern``'s spoilers in ``text`` replaced by ``meant``, those nested pairing inside out:
    each ``pattern`` matches only one holding no opening of its kind. Each level is a pass over
    the text: past ``_MOST_NESTED`` levels (no author's, only an attack on the renderer's time)
    the whole text is one spoiler."""
    for _ in range(_MOST_NESTED):
        paired = pattern.sub(meant, text)
        if paired == text:
            return text
        text = paired
    return text if pattern.search(text) is None else _marked(text)


_MOST_NESTED = 16


def _marks_as_bars(text: str) -> str:
    """``text`` with each outermost spoiler ``_marked`` as ``||…||`` (bars typed inside it and
    spoilers marked inside it dropped: it hides them whole), or as its bare words where it stands
    inside a span of bars the author typed (``span_bounds``), which hides it already."""
    pieces: list[tuple[str, bool]] = []  # plain text, and what each outermost mark hides
    depth = 0
    pos = 0
    for mark in _HIDE_MARK.finditer(text):
        if mark[0] == _HIDE_OPEN:
            if depth == 0:
                pieces.append((_HIDE_MARK.sub("", text[pos : mark.start()]), False))
                pos = mark.end()
            depth += 1
        elif depth:  # each mark is written with its pair, nested or around others, never crossed
            depth -= 1
            if depth == 0:
                hidden = text[pos : mark.start()]
                pieces.append((bars_dropped(_ANY_MARK.sub("", hidden)), True))
                pos = mark.end()
    rest = _HIDE_MARK.sub("", text[pos:])
    # Never left open (each mark is written with its pair): were one, what follows it is bars
    # left unclosed, a spoiler as a whole (``has_unpaired_bars``).
    pieces.append((BARS + rest if depth else rest, False))
    # Where the author's own spans fall, each hidden piece standing as one character in them.
    placed = "".join(piece if not hidden else _HIDE_OPEN for piece, hidden in pieces)
    spans = span_bounds(placed)
    out: list[str] = []
    at = 0
    for piece, hidden in pieces:
        if not hidden:
            out.append(piece.replace(_STRAY, BARS) if _STRAY in piece else piece)
            at += len(piece)
            continue
        inside = any(start < at < end for start, end in spans)
        out.append(piece if inside else behind_bars(piece))
        at += 1
    shown = "".join(out)
    if _STRAY in text and not _bars_left_unpaired(shown):
        shown += BARS  # strays that paired with each other, or hidden in a span: still strays
    return shown


def _bars_left_unpaired(text: str) -> bool:
    return BARS in text and any(
        BARS in segment.text for segment in parse_spans(text) if not segment.inline_spoiler
    )


# Brackets a tag is typed in other than its own: a forum theme's or an input method's
# lenticular (【spoiler】), tortoise-shell (〔spoiler〕), white (⟦spoiler⟧, 〖spoiler〗) and
# curly ones ({spoiler}, Jira's and Confluence's), and angle brackets (〈spoiler〉, 《spoiler》),
# with their small, full-width and vertical forms (found by Unicode's compatibility mapping). A
# reader sees the tag; Discord showed the words it hid. Read as the ASCII bracket only around a
# markup's name, and only where that reads more markup (``_names_as_seen``): "【公式】" stays.
_BRACKETS_AS_ASCII_TEXT = {
    "[": "【〔〖〘〚⟦⁅⦋⦍⦏❲⟬{｛⦃",
    "]": "】〕〗〙〛⟧⁆⦌⦎⦐❳⟭}｝⦄",
    "<": "〈〈⟨《‹⟪❬❮",
    ">": "〉〉⟩》›⟫❭❯",
}


def _brackets_as_ascii() -> dict[int, str]:
    seen = {ord(char): ascii for ascii, chars in _BRACKETS_AS_ASCII_TEXT.items() for char in chars}
    for code in range(0xFE10, 0xFE70):  # their vertical and small forms
        plain = unicodedata.normalize("NFKD", chr(code))
        if len(plain) == 1 and ord(plain) in seen:
            seen[code] = seen[ord(plain)]
    return seen


_BRACKETS_AS_ASCII = _brackets_as_ascii()
_OPEN_BRACKETS = "［" + "".join(chr(c) for c, p in _BRACKETS_AS_ASCII.items() if p == "[")
_CLOSE_BRACKETS = "］" + "".join(chr(c) for c, p in _BRACKETS_AS_ASCII.items() if p == "]")


# Forum BBCode's spoiler tag, which authors used to forums type for Discord's:
# "[spoiler]the twist[/spoiler]", "[spoiler=Ending]…" or "[spoiler title="Ending"]…" with the
# caption the forum shows on its button, XenForo's inline "[ispoiler]…[/ispoiler]", Discourse's
# collapsed "[details="Ending"]…[/details]", any case.
# One without tags inside it: nested tags pair inside out.
# A name holding "spoil" as a plugin or a theme names its tag too: WordPress's Shortcodes
# Ultimate "[su_spoiler]", "[spoilerbox]", "[spoiler-box]", "[spoil]"; never a word that only
# starts so ("[spoilery]", "[unspoiled]") nor "[spoiler-free]".
# And a tag that hides its words until a reader clicks or hovers, on the forums and plugins text is
# copied from: "[hide]", "[hidden]", "[blur]" (hiding is all they do), and the folding boxes
# "[collapse=Ending]", "[expand]", "[accordion]", "[toggle]", "[reveal]" (closed until clicked;
# WordPress's "[su_expand]"), and the blogs' "[cut]" (LiveJournal's "<lj-cut>"). Read paired;
# left open, only the first three are bars left open: the others are also a button's label
# copied from a page ("Click [Expand]", "[cut] the scene"), a word (``_stray_tag``).
_HIDING_NAME = r"(?:hide|hidden|blur|collapse|expand|accordion|toggle|reveal|cut)"
# (Each opens with a Latin letter: one test of the next character rejects a bracket before any
# other, "[^1]", "【公式】", where trying each name's branches cost a third more over such text.)
_BBCODE_NAME = (
    r"(?=[a-z])(?:(?![\w-]*free)(?:[a-z]{1,12}[_-]|[a-z]{0,12})spoil(?:ers?|s)?"
    rf"(?:[_-][a-z]{{1,16}}|box|block|tag|text)?|details|(?:[a-z]{{1,12}}[_-])?{_HIDING_NAME}\b)"
)
# Its brackets typed in full width too ("［spoiler］", an input method's full-width mode), as
# bars typed so are the bars meant, or as other brackets (``_BRACKETS_AS_ASCII``).
_OPEN = f"[\\[{_OPEN_BRACKETS}]"
_CLOSE = f"[\\]{_CLOSE_BRACKETS}]"
_NOT_CLOSE = f"[^\\]{_CLOSE_BRACKETS}\\n]"
_BBCODE_TAG = re.compile(
    rf"{_OPEN}(?:/\s*{_BBCODE_NAME}|{_BBCODE_NAME}(?:[=\s]{_NOT_CLOSE}{{0,200}})?)\s*{_CLOSE}",
    re.IGNORECASE,
)
_ASCII_BBCODE_TAG = re.compile(
    rf"\[(?:/\s*{_BBCODE_NAME}|{_BBCODE_NAME}(?:[=\s][^\]\n]{{0,200}})?)\s*\]", re.IGNORECASE
)
_BBCODE_SPOILER = re.compile(
    rf"{_OPEN}{_BBCODE_NAME}(?:\s*(?:title\s*)?=\s*(?P<label>{_NOT_CLOSE}{{0,200}}?)"
    rf"|\s{_NOT_CLOSE}{{0,200}}?)?\s*{_CLOSE}"
    rf"(?P<text>(?:(?!{_OPEN}/?\s*{_BBCODE_NAME}[\s=\]{_CLOSE_BRACKETS}])[\s\S]){{0,20000}}?)"
    rf"{_OPEN}/\s*{_BBCODE_NAME}\s*{_CLOSE}",
    re.IGNORECASE,
)


def _may_have_bbcode(text: str) -> bool:
    if text.isascii():
        # A pattern opening with one literal character is searched for it several times faster
        # than one opening with a choice of two: most text is ASCII, and holds "[^1]" citations.
        return "[" in text and _ASCII_BBCODE_TAG.search(text) is not None
    return _BBCODE_TAG.search(text) is not None


def _bbcode_as_bars(text: str) -> str:
    """BBCode spoiler tags as the spoiler meant: each pair's text behind bars (its caption, a
    label the forum shows on the button, with it: ``_bbcode_meant``), inner pairs first. A tag left
    without its pair becomes bars left unpaired, which content files refuse and stored text
    is treated as a spoiler for as a whole (``has_unpaired_bars``)."""
    return _BBCODE_TAG.sub(_stray_tag, _inside_out(_BBCODE_SPOILER, _bbcode_meant, text))


# "[details]" alone, with no caption and no closing tag, is a word in brackets (a link's, a
# heading's; French "[détails]"), and opens nothing on Discourse either, which shows it as typed.
_BARE_DETAILS = re.compile(rf"{_OPEN}\s*details\s*{_CLOSE}", re.IGNORECASE)


# An opening of a folding box left without its pair, or a hiding word opening with words after it
# ("[Hidden Figures]"): a label or a title in brackets, not bars left open.
_WORD_IN_BRACKETS = re.compile(
    rf"{_OPEN}\s*(?:(?:[a-z]{{1,12}}[_-])?(?:collapse|expand|accordion|toggle|reveal|cut)\b"
    rf"[^\]{_CLOSE_BRACKETS}]*|(?:hide|hidden|blur)\s+[^=\]{_CLOSE_BRACKETS}]*){_CLOSE}",
    re.IGNORECASE,
)


def _stray_tag(tag: re.Match[str]) -> str:
    """A BBCode tag left without its pair, as bars left unpaired; but a bare "[details]" or a
    word in brackets (``_WORD_IN_BRACKETS``)."""
    if _BARE_DETAILS.fullmatch(tag[0]) or _WORD_IN_BRACKETS.fullmatch(tag[0]):
        return tag[0]
    return _STRAY


def _bbcode_meant(spoiler: re.Match[str]) -> str:
    """A captioned spoiler as one span, its caption first: a caption heads what it hides, as a
    headline heads an article, and is often the twist itself ("Why Mia marries Greg"), so it
    is hidden with it (a caption alone, over nothing, is hidden too)."""
    label = (spoiler["label"] or "").strip().strip("\"'").strip()
    text = spoiler["text"].strip()
    if label and text:
        text = f"{label}{'' if label[-1] in _SENTENCE_MARKS else ':'} {text}"
    return _marked(text or label)


# AniList's spoiler markup, "~!the twist!~", over lines too (its text may end in a "~": "~!a~!~"
# hides "a~", as Reddit's may end in a ">"). Its opening never closed is bars left open, as
# ``||`` is, wherever it stands and whatever follows it but nothing to hide: after a letter
# ("Mia~!dies", "彼は~!ミアが死ぬ"), an underscore, or before a space ("a ~! Mia dies").
# Typed as an exclamation ("Thanks~! See you") it is read so too, the safe way round: a content
# file refuses it (its author rewords it), stored text is hidden whole. One ending the text, or
# followed by "!" or "~" ("Yay~!!", "~!~"), opens nothing.
# (A "~" before a closing followed by "!" is an opening of its own: "~!~!~" is two openings.)
_ANILIST_SPOILER = re.compile(r"~!(?P<text>(?:(?!~!)[\s\S]|~(?=!~(?!!))){1,20000}?)!~")
_ANILIST_LEFT_OPEN = re.compile(r"~!(?=\s*[^\s!~])")


def _anilist_as_bars(text: str) -> str:
    return _ANILIST_LEFT_OPEN.sub(_STRAY, _inside_out(_ANILIST_SPOILER, _reddit_meant, text))


# HTML's spoiler elements, pasted from a page, Telegram's HTML or Matrix: <details> (its
# <summary> the caption a reader clicks, hidden with it as a BBCode caption is), <spoiler>,
# <tg-spoiler>, and any element marked as one: a class or an id naming a spoiler, as "spoiler",
# "tg-spoiler", "md-spoiler-text" or Stack Exchange's <blockquote class="spoiler"> do, or a
# data attribute (Matrix's data-mx-spoiler, a script's data-spoiler), in the words pages use
# (the importer's ``SPOILER_CLASS``: French "divulgâcher", Polish "spojler", Japanese
# "netabare"). Read on a <span> or <div> only, one marked on a <p>, <li>, <mark> or <blockquote>
# was shown as typed. One holding no element of its kind: nested ones pair inside out.
# LiveJournal's and Dreamwidth's cut (``<lj-cut text="Ending">``) folds its words behind a link.
_HTML_SPOILER_NAME = r"(?:details|spoiler|tg-spoiler|lj-cut|cut)"
# A class naming a fold closed until clicked (MediaWiki's "mw-collapsed", "collapsed") too.
# and a class hiding or blurring it ("hidden", Bootstrap's and many themes'; "blur", "blurred")
_SPOILER_WORD = (
    r"(?:spoil|spojler|divulg|netabare|(?<![a-z])(?:collapsed|hidden|blur(?:red)?)(?![a-z]))"
)
# A style hiding the words until a reader selects or hovers them, as forums' and blogs'
# "highlight to read" spoilers do: the text's colour that of its background (either first),
# transparent, or blurred.
_HIDING_STYLE = (
    r"\bstyle\s*=\s*[\"'][^\"'<>]{0,300}?(?:"
    r"(?<![\w-])color\s*:\s*(?P<fg>#?\w+)[^\"'<>]{0,300}?background(?:-color)?\s*:\s*(?P=fg)\b"
    r"|background(?:-color)?\s*:\s*(?P<bg>#?\w+)[^\"'<>]{0,300}?(?<![\w-])color\s*:\s*(?P=bg)\b"
    r"|(?<![\w-])color\s*:\s*transparent|filter\s*:\s*blur"
    # or not drawn at all until a script shows them
    r"|display\s*:\s*none|visibility\s*:\s*hidden)"
)
# An element's attributes one by one, each value whole: an attribute is told from a word inside
# another's value (``title="a hidden gem"``).
_ATTRIBUTES = r"""(?:\s+[\w:-]{1,40}(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=]+))?){0,20}?"""
_HTML_SPOILER_MARKED = (
    rf"(?P<el>[a-z][a-z0-9-]{{0,30}})(?:\b[^<>]{{0,200}}?(?:\bdata-[\w-]{{0,40}}?{_SPOILER_WORD}"
    rf"|\b(?:class|id)\s*=\s*[\"']?[^\"'<>]{{0,100}}?{_SPOILER_WORD}|{_HIDING_STYLE})"
    # HTML's hidden attribute: drawn only once a script (a button) removes it
    rf"|{_ATTRIBUTES}\s+hidden(?=[\s/>=]))"
    r"[^<>]{0,200}"
)
_HTML_SPOILER = re.compile(
    rf"<(?:(?P<tag>{_HTML_SPOILER_NAME})\b[^<>]{{0,200}}|{_HTML_SPOILER_MARKED})>"
    r"(?:\s*<summary\b[^<>]{0,200}>(?P<label>[^<>]{0,200})</summary\s*>)?"
    rf"(?P<text>(?:(?!</?(?:{_HTML_SPOILER_NAME}|(?P=el))\b)[\s\S]){{0,20000}}?)"
    r"</(?(tag)(?P=tag)|(?P=el))\s*>",
    re.IGNORECASE,
)
_HTML_SPOILER_TAG = re.compile(
    rf"</?{_HTML_SPOILER_NAME}\b[^<>]{{0,200}}>|<{_HTML_SPOILER_MARKED}>", re.IGNORECASE
)


def _html_as_bars(text: str) -> str:
    return _HTML_SPOILER_TAG.sub(_STRAY, _inside_out(_HTML_SPOILER, _bbcode_meant, text))


# A Markdown container (Lemmy's, markdown-it-container's): a line "::: spoiler Caption", the
# hidden lines, then a line ":::". The caption is the button's, hidden with it.
_CONTAINER_SPOILER = re.compile(
    r"^[ \t]*:::[ \t]*spoiler\b[ \t]*(?P<label>[^\n]{0,200})\n"
    r"(?P<text>(?:(?!^[ \t]*:::[ \t]*spoiler\b)[\s\S]){0,20000}?)\n[ \t]*:::[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_CONTAINER_LEFT_OPEN = re.compile(
    r"^[ \t]*:::[ \t]*spoiler\b[^\n]*\n?", re.IGNORECASE | re.MULTILINE
)


def _container_as_bars(text: str) -> str:
    return _CONTAINER_LEFT_OPEN.sub(_STRAY, _inside_out(_CONTAINER_SPOILER, _bbcode_meant, text))


# Folds that documentation sites draw closed until clicked: Sphinx's (sphinx-design's)
# ".. dropdown:: Caption" over the lines indented under it, and AsciiDoc's "[%collapsible]"
# block between two "====" lines (its ".Caption" line before it), but not one marked "%open",
# which is drawn open. Each caption is hidden with its text, as a spoiler's is.
_SPHINX_DROPDOWN = re.compile(
    r"^(?P<indent>[ \t]*)\.\.[ \t]+dropdown::[ \t]*(?P<label>[^\n]{0,200})\n"
    r"(?P<text>(?:[ \t]*\n)*(?P=indent)[ \t]+\S[^\n]*"
    r"(?:\n(?:[ \t]*\n)*(?P=indent)[ \t]+\S[^\n]*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_ASCIIDOC_COLLAPSIBLE = re.compile(
    r"^(?:\.(?P<label>[^\s.][^\n]{0,200})\n)?"
    r"\[[\w-]{0,20}%collapsible(?![^\]\n]*%open)[^\]\n]{0,100}\][ \t]*\n"
    r"(?P<fence>={4,})[ \t]*\n(?P<text>[\s\S]{0,20000}?)\n(?P=fence)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _folds_as_bars(text: str, folded: str) -> str:
    if "dropdown::" in folded:
        text = _SPHINX_DROPDOWN.sub(_bbcode_meant, text)
    if "%collapsible" in folded:
        text = _ASCIIDOC_COLLAPSIBLE.sub(_bbcode_meant, text)
    return text


# Zulip's spoiler, a fenced block: a line "```spoiler Caption" (or "~~~"), the hidden lines,
# then the fence closing it. One never closed is bars left open, as a container's is.
_FENCE_SPOILER = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*spoiler\b[ \t]*(?P<label>[^\n]{0,200})\n"
    r"(?P<text>[\s\S]{0,20000}?)\n[ \t]*(?P=fence)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FENCE_LEFT_OPEN = re.compile(
    r"^[ \t]*(?:`{3,}|~{3,})[ \t]*spoiler\b[^\n]*\n?", re.IGNORECASE | re.MULTILINE
)


def _fence_as_bars(text: str) -> str:
    return _FENCE_LEFT_OPEN.sub(_STRAY, _FENCE_SPOILER.sub(_bbcode_meant, text))


# Revolt's spoiler, "!!the twist!!": its marks hug the words and stand apart from a word or
# other marks, so an exclamation ("Wow!! See it!!", "Go!!!") is none. Never closed, it is an
# exclamation, not bars left open.
_REVOLT_SPOILER = re.compile(
    r"(?<![\w!])!!(?=[^\s!])(?P<text>(?:(?!!!)[\s\S]){1,20000}?)(?<=[^\s!])!!(?![\w!])"
)


# TV Tropes' spoiler, "[[spoiler:the twist]]" (its text may hold links, "[[Film/Heat]]"), and
# Goodreads' as its pages copy: "(view spoiler)[the twist (hide spoiler)]". Either opened and
# never closed is bars left open.
_TROPES_SPOILER = re.compile(
    r"\[\[spoiler:(?P<text>(?:\[\[(?!spoiler:)[^\[\]]*\]\]|(?!\[\[spoiler:)[^\]]|\](?!\]))"
    r"{0,20000}?)\]\]",
    re.IGNORECASE,
)
_TROPES_LEFT_OPEN = re.compile(r"\[\[spoiler:", re.IGNORECASE)
_GOODREADS_SPOILER = re.compile(
    r"\(view spoiler\)\s*\[(?P<text>(?:(?!\(view spoiler\))[\s\S]){0,20000}?)"
    r"\(hide spoiler\)\s*\]",
    re.IGNORECASE,
)
_GOODREADS_LEFT_OPEN = re.compile(r"\(view spoiler\)\s*\[?", re.IGNORECASE)


def _wiki_and_review_sites_as_bars(text: str) -> str:
    if "[[" in text:
        text = _TROPES_LEFT_OPEN.sub(_STRAY, _inside_out(_TROPES_SPOILER, _reddit_meant, text))
    if "spoiler)" in text.lower():
        paired = _inside_out(_GOODREADS_SPOILER, _reddit_meant, text)
        text = _GOODREADS_LEFT_OPEN.sub(_STRAY, paired)
    return text


# A static site generator's or a wiki's spoiler template, and Pandoc's spoiler class, read as
# the BBCode tag or container they mean: Hugo's "{{< spoiler >}}…{{< /spoiler >}}" (or
# "{{% … %}}"), Liquid's and Jinja's "{% spoiler %}…{% endspoiler %}", MediaWiki's (Fandom's)
# "{{spoiler|…}}" and "{{spoiler}}…{{endspoiler}}", Pandoc's span "[…]{.spoiler}" and fenced
# div "::: {.spoiler}". (The importer reads them in an article; typed into a content file or
# a form they were shown.)
# A name in braces, as each of them holds one: text holding none (most text with braces) is
# read no further. (A pattern opening with "{" is searched for it: each brace costs one try.)
_BRACED_NAME = re.compile(
    r"\{[^{}\n]{0,200}?(?:spoil|details|hidden|collapse|co[tb]\s*[|}])", re.IGNORECASE
)
_TEMPLATE_TAG = re.compile(
    rf"\{{\{{?[%<]\s*(?P<end>/|end)?\s*(?P<name>{_BBCODE_NAME})\b(?P<args>[^%<>{{}}\n]{{0,200}}?)"
    r"\s*[%>]\}\}?"
    # a wiki's pair of templates, Wikipedia's old "{{spoiler}}…{{endspoiler}}"
    rf"|\{{\{{\s*(?P<wiki_end>end)?(?P<wiki_name>{_BBCODE_NAME})\s*\}}\}}",
    re.IGNORECASE,
)
_WIKI_TEMPLATE = re.compile(
    rf"\{{\{{\s*(?P<name>{_BBCODE_NAME})\s*\|\s*(?:\d+\s*=\s*)?"
    r"(?P<text>(?:[^{}]|\{(?!\{)|\}(?!\})){0,20000}?)\}\}",
    re.IGNORECASE,
)
_PANDOC_SPAN = re.compile(
    r"\[(?P<text>[^\[\]\n]{1,2000})\]\{[^{}\n]{0,200}?\.[\w-]{0,12}spoil[^{}\n]{0,200}\}",
    re.IGNORECASE,
)
_PANDOC_DIV = re.compile(
    r"^(?P<indent>[ \t]*):{3,}[ \t]*\{[^{}\n]{0,200}?\.?[\w-]{0,12}spoil[^{}\n]{0,200}\}[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_PANDOC_TITLE = re.compile(r"title\s*=\s*[\"']?(?P<title>[^\"'{}\n]{0,200})", re.IGNORECASE)


# Wikipedia's (and Fandom's) folds, closed until clicked: "{{Collapse top|Ending}}…{{Collapse
# bottom}}" ("{{cot}}…{{cob}}"), "{{hidden begin|title=Ending}}…{{hidden end}}".
_WIKI_FOLD = re.compile(
    r"\{\{\s*(?:(?P<open>collapse[ _]top|cot|hidden[ _](?:begin|top))"
    r"|(?P<close>collapse[ _]bottom|cob|hidden[ _](?:end|bottom)))\s*"
    r"(?:\|\s*(?:title\s*=\s*)?(?P<title>[^{}|\n]{0,200})[^{}\n]{0,200})?\}\}",
    re.IGNORECASE,
)


def _wiki_fold_as_bbcode(fold: re.Match[str]) -> str:
    if fold["close"]:
        return "[/collapse]"
    title = (fold["title"] or "").strip()
    return f"[collapse={title}]" if title else "[collapse=]"


def _templates_as_bbcode(text: str) -> str:
    """``text`` with each template, wiki template and Pandoc attribute naming a spoiler as
    the BBCode tag (or container line) it means; text holding none is returned as it is."""
    if "{{" in text:
        text = _WIKI_FOLD.sub(_wiki_fold_as_bbcode, text)
        text = _WIKI_TEMPLATE.sub(lambda m: f"[{m['name']}]{m['text']}[/{m['name']}]", text)
    if "{%" in text or "{{" in text:
        text = _TEMPLATE_TAG.sub(_template_tag_as_bbcode, text)
    if "]{" in text:
        text = _PANDOC_SPAN.sub(lambda m: f"[spoiler]{m['text']}[/spoiler]", text)
    if ":::" in text:
        text = _PANDOC_DIV.sub(_pandoc_div_as_container, text)
    return text


def _template_tag_as_bbcode(tag: re.Match[str]) -> str:
    if tag["wiki_name"]:
        return f"[{'/' if tag['wiki_end'] else ''}{tag['wiki_name']}]"
    args = tag["args"].strip()
    if tag["end"]:
        return f"[/{tag['name']}]"
    return f"[{tag['name']} {args}]" if args else f"[{tag['name']}]"


def _pandoc_div_as_container(div: re.Match[str]) -> str:
    title = _PANDOC_TITLE.search(div[0])
    return f"{div['indent']}::: spoiler {title['title'].strip() if title else ''}".rstrip()


# Obsidian's callout, a quote whose first line names its kind: one folded ("> [!warning]-
# Spoilers") is closed until clicked, whatever its kind, and one of the kind "spoiler" is a
# spoiler however typed. Its title is the button's caption, hidden with it (``_bbcode_meant``).
# (GitHub's alerts, "> [!NOTE]", fold nothing: shown as typed.)
_CALLOUT = re.compile(
    r"^[ \t]*>[ \t]*\[!(?P<kind>[\w-]{1,40})\](?P<fold>[-+]?)[ \t]*(?P<label>[^\n]{0,200})"
    r"(?P<text>(?:\n[ \t]*>[^\n]*){0,2000})",
    re.MULTILINE,
)
_QUOTE_MARKS = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)


def _callout_meant(callout: re.Match[str]) -> str:
    if callout["fold"] != "-" and "spoil" not in callout["kind"].lower():
        return callout[0]
    label = callout["label"].strip()
    hidden = _QUOTE_MARKS.sub("", callout["text"]).strip()
    if label and hidden:
        hidden = f"{label}{'' if label[-1] in _SENTENCE_MARKS else ':'} {hidden}"
    return _marked(hidden or label) if hidden or label else callout[0]


# What hides the rest of a post until a reader clicks, copied with it: a Fediverse content
# warning ("CW: ending" on its own first line, Mastodon's summary, hidden with what it covers as a
# caption is), Tumblr's and WordPress's read-more break ("[[MORE]]", "<!-- more -->", and the
# "Keep reading" link a copied Tumblr post holds alone on its line), and the notices Letterboxd
# ("This review may contain spoilers.") and Goodreads show in place of a review until clicked.
# A "Keep reading" or "CW" inside a sentence is a sentence's words; "TW:" (a trigger warning) is
# the label of a parental guide's list as often, read as written.
# Found from the text's start and from each line break (a search for a line break skips to the
# next, where one for a line start tries every position): no search of the words first.
_REST_MARKER = (
    r"(?:[ \t]*[\[(]?(?:cw|content warning)(?:[ \t]*[:：]|[ \t]+[-–—][ \t])(?P<summary>[^\n]*)"
    r"|[ \t]*(?:keep reading[ \t.…:→»>]*"
    r"|this review may contain spoilers\.?(?:[ \t]*i can handle the truth\.?)?"
    r"|this review has been hidden because it contains spoilers\.[^\n]{0,200})[ \t]*(?=\n|\Z))"
)
_REST_HIDDEN_AT = re.compile(_REST_MARKER, re.IGNORECASE)
# (The line break outside the case-blind part: a pattern opening with it is searched for it.)
_REST_HIDDEN_AFTER_BREAK = re.compile(rf"\n(?i:{_REST_MARKER})")


# The read-more break itself is one wherever it stands, even inside a line.
_READ_MORE = re.compile(r"\[\[more\]\]|<!--[ \t]*(?:read)?more\b[^>\n]{0,200}-->", re.IGNORECASE)


def _rest_hidden(text: str, folded: str) -> str:
    found = _REST_HIDDEN_AT.match(text) or _REST_HIDDEN_AFTER_BREAK.search(text)
    # (Searched for a character first: "[[" alone, in every text, cost as much as the pattern.)
    may = "[[more]]" in folded or ("<" in text and "<!--" in text)
    more = _READ_MORE.search(text) if may else None
    if more is not None and (found is None or more.start() < found.start()):
        found = more
    if found is None:
        return text
    # A warning's summary is hidden with what it covers; a break's line is kept.
    warning = found.re is not _READ_MORE and found["summary"] is not None
    summary = found["summary"].strip() if warning else ""
    rest = text[found.end() :].strip()
    if summary and rest:
        rest = f"{summary}{'' if summary[-1] in _SENTENCE_MARKS else ':'} {rest}"
    hidden = rest or summary
    if not hidden:
        return text
    kept = text[: found.start("summary") if warning else found.end()].rstrip(" \t")
    return kept + (" " if warning else "\n") + _marked(hidden)


# An HTML comment (Markdown's and MediaWiki's too), "<!-- Mia marries Greg -->": its page never
# shows its words, so neither is it shown here; one never closed hides all after it there. (A
# read-more break, "<!-- more -->", is ``_READ_MORE``'s.)
_HTML_COMMENT = re.compile(
    r"<!--(?![ \t]*(?:read)?more\b)(?P<text>(?:(?!<!--)[\s\S]){1,20000}?)-->", re.IGNORECASE
)
_HTML_COMMENT_LEFT_OPEN = re.compile(r"<!--(?![ \t]*(?:read)?more\b)(?=[\s\S]*?\S)", re.IGNORECASE)


# A spoiler marked in exported JSON by offsets, not by markup around its words: Telegram's
# message entity ({"type": "spoiler", "offset": 5, ...}), Reddit's rich text ({"e":
# "spoilertext"}). Where it falls is not read here: the text holding one is a spoiler as a whole.
_SPOILER_ENTITY = re.compile(
    r'(?:"|&quot;)(?:type|e|_)(?:"|&quot;)\s*:\s*(?:"|&quot;)'
    r'(?:spoiler|spoilertext|messageEntitySpoiler)(?:"|&quot;)',
    re.IGNORECASE,
)
# Misskey's blur, "$[blur the twist]" (MFM, its text may hold other functions' brackets), and
# left open.
_MISSKEY_BLUR = re.compile(
    r"\$\[blur(?:\.[\w=,.-]{0,100})?\s(?P<text>(?:(?!\$\[blur)[^\[\]]|\[[^\[\]]*\]){1,20000}?)\]",
    re.IGNORECASE,
)
_MISSKEY_LEFT_OPEN = re.compile(r"\$\[blur(?:\.[\w=,.-]{0,100})?\s", re.IGNORECASE)


def _other_sites_as_bars(text: str) -> str:
    """Other sites' spoiler markup in ``text`` (``bars_as_meant``), each read only where a
    quick search finds its opening's characters: most text holds none."""
    marked = _other_sites_marked(text)
    if marked == text:
        return text  # most text: no other site's markup, nothing marked
    if _ANY_MARK.search(text) is not None:
        # Noncharacters the author's text held (no text should) would read as marks: gone.
        return _other_sites_as_bars(_ANY_MARK.sub("", text))
    return _marks_as_bars(marked)


def _other_sites_marked(text: str) -> str:
    """``text`` with what other sites' markup hides between ``_HIDE_OPEN`` and
    ``_HIDE_CLOSE`` (a tag left without its pair as ``_STRAY``), or ``text`` itself if it has
    none."""
    if "{" in text and _BRACED_NAME.search(text) is not None:
        text = _templates_as_bbcode(text)
    # Blocks of lines first, then elements, then the markup of a character or two, each read
    # inside the spoilers read before it: a container's lines are lines only before an element
    # read around them is one span, and an element's "<" and ">" are read as its own before
    # Reddit's "!<" and ">!" can take them ("~!<tg-spoiler>…</tg-spoiler>!~").
    # A container, TV Tropes' and Goodreads' spoilers each name a spoiler, in any case
    # ("spoiler", "SPOILER", "sPoIlEr"): one search for the word before any of theirs.
    folded = text.lower()
    named = "poiler" in folded
    if "!" in text and "[!" in text:
        text = _CALLOUT.sub(_callout_meant, text)
    text = _rest_hidden(text, folded)
    if "<" in text and "<!--" in text:
        text = _HTML_COMMENT_LEFT_OPEN.sub(_STRAY, _HTML_COMMENT.sub(_reddit_meant, text))
    if named and ('"' in text or "&quot;" in text) and _SPOILER_ENTITY.search(text) is not None:
        text = _SPOILER_ENTITY.sub(_STRAY, text)
    if "$" in text and "$[" in text:
        text = _MISSKEY_LEFT_OPEN.sub(_STRAY, _inside_out(_MISSKEY_BLUR, _reddit_meant, text))
    if named and ":::" in text:
        text = _container_as_bars(text)
    # (A search for the long word: one for "::" is slow where colons are many.)
    if "dropdown::" in folded or ("%" in text and "%collapsible" in folded):
        text = _folds_as_bars(text, folded)
    if named and ("```" in text or "~~~" in text):
        text = _fence_as_bars(text)
    if "<" in text and _HTML_SPOILER_TAG.search(text) is not None:
        text = _html_as_bars(text)
    if "!" in text:  # one search for both openings: most text has no "!" at all
        if ">!" in text:
            text = _reddit_as_bars(text)
        if "~!" in text:
            text = _anilist_as_bars(text)
        if "!!" in text:
            text = _REVOLT_SPOILER.sub(_reddit_meant, text)
    if not text.isascii() and "＞" in text:
        # After Reddit's own, read inside it: one typed inside it is read first.
        text = _inside_out(_WIDE_REDDIT_SPOILER, _reddit_meant, text)
    if named and ("[[" in text or "spoiler)" in folded):
        text = _wiki_and_review_sites_as_bars(text)
    if _may_have_bbcode(text):
        text = _bbcode_as_bars(text)
    return text


# The characters spoiler markup is made of, in pairs or runs: bars (and their look-alikes),
# Reddit's ">!" and "!<", AniList's "~!" and "!~", BBCode's and HTML's brackets and slash, TV
# Tropes' "[[", a container's ":::", the full-width forms an input method types.
_MARKUP_CHARS = frozenset("|<>!~[]/:＞！＜［］" + BAR_LOOKALIKES + DOUBLE_BAR_LOOKALIKES)
_PRINTABLE_ASCII = frozenset(map(chr, range(0x21, 0x7F)))
_SEEN_CHARS = re.escape("".join(sorted(_MARKUP_CHARS - _PRINTABLE_ASCII)))
# A run of them between two characters either of which markup may be made of: the character
# before it matched too (a class first is found quickly; a look-behind is tried everywhere).
_UNSEEN_RUN = re.compile(
    f"([!-~{_SEEN_CHARS}])([{DRAWN_AS_NOTHING_CHARS}{_COMBINING_MARKS}]+)(?=[!-~{_SEEN_CHARS}])"
)


# One character escaped as text copied from a page, an address, a form or an export carries it:
# an HTML entity, named or numeric (``&lt;``, ``&#91;``, ``&#x7C;``, ``&vert;``), percent-encoding
# (``%5B``), JSON's and JavaScript's escapes (``\u003c``, ``\x3c``, ``\/``) and Markdown's
# backslash before punctuation (``\[``, ``\|``, as converters write spoiler markup they do not
# know). Escaped twice, "&amp;lt;" or "%253C", it is read twice.
# (An "&amp;" before no other escape's letters stands for the "&" of ordinary text, "Tom &amp;
# Jerry": not matched at all, as most escapes in text are.)
_ESCAPED_CHAR = re.compile(
    r"&(?!amp;(?![#A-Za-z]))(?:#0*[0-9]{1,7}|#[xX]0*[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
    # percent-encoding, a run of bytes read as UTF-8 ("%EF%BD%9C" is "｜"); an e-mail's
    # quoted-printable ("=5Bspoiler=5D"), its hex digits capitals as it writes them
    # (Each branch opens with its character, not a group: a pattern whose branches each open with
    # one is searched for those characters; a group made it try every position, ten times slower.)
    r"|%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*|=[0-9A-F]{2}(?:=[0-9A-F]{2})*"
    # JSON's and JavaScript's escapes: a character beyond the first plane as its UTF-16 pair
    # ("\\ud835\\udc2c", a bold "𝐬" as JSON writes it) or its code point ("\\u{1d42c}")
    r"|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u\{0*[0-9A-Fa-f]{1,6}\}"
    r"|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\[!-/:-@\[-`{-~]"
)
_ESCAPE_STARTS = ("&", "%", "\\", "=")
_MOST_ESCAPED = 3


def _unescaped(escape: re.Match[str]) -> str:
    typed = escape[0]
    if typed[0] == "&":
        seen = html.unescape(typed)
    elif typed[0] in "%=":
        encoded = bytes.fromhex(typed.replace(typed[0], ""))
        try:
            seen = encoded.decode("utf-8")
        except UnicodeDecodeError:
            seen = encoded.decode("latin-1")  # as a form's older pages sent it
    elif typed.startswith("\\u{"):
        code = int(typed[3:-1], 16)
        seen = chr(code) if code <= 0x10FFFF else typed
    elif len(typed) == 12:  # a UTF-16 pair: one character
        high, low = int(typed[2:6], 16) - 0xD800, int(typed[8:], 16) - 0xDC00
        seen = chr(0x10000 + (high << 10) + low)
    elif len(typed) > 2:
        seen = chr(int(typed[2:], 16))
    else:
        seen = typed[1]
    # A control character or one of this module's marks would be read as no text should.
    if any(
        (unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n") or _ANY_MARK.match(char)
        for char in seen
    ):
        return typed
    return seen


def _escapes_as_seen(text: str) -> str:
    """``text`` with its escapes (``_ESCAPED_CHAR``) read as the characters they stand for, up to
    ``_MOST_ESCAPED`` times over, or ``text`` itself if it holds none."""
    for _ in range(_MOST_ESCAPED):
        seen = _ESCAPED_CHAR.sub(_unescaped, text)
        if seen == text:
            break
        text = seen
    return text


def _telling(escape: re.Match[str]) -> bool:
    """Whether ``escape`` may make markup read: it stands for a letter a name is spelt with,
    markup's punctuation or a character drawn as it, or it is escaped twice (``&amp;lt;``,
    ``%253C``). The escapes of ordinary text (``&amp;``, ``&nbsp;``, ``%20``, ``&rsquo;``) are not,
    so text holding only them is read once, as typed."""
    seen = _unescaped(escape)
    if seen == escape[0]:
        return False
    return any(_telling_char(char, escape) for char in seen)


def _telling_char(seen: str, escape: re.Match[str]) -> bool:
    if seen in "&%":  # escaped twice only if an escape follows
        return _ESCAPED_CHAR.match("&" + escape.string[escape.end() :]) is not None or (
            seen == "%" and _HEX_PAIR.match(escape.string, escape.end()) is not None
        )
    code = ord(seen)
    return (
        (seen.isascii() and (seen.isalpha() or seen in _MARKUP_CHARS or seen in "{}$=\\-"))
        or code in _DRAWN_AS_ASCII
        or code in _BRACKETS_AS_ASCII
        or seen in _MARKUP_CHARS
        or DRAWN_AS_NOTHING.match(seen) is not None
    )


_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")


def _spoilers_read(text: str) -> int:
    """How many spoilers, strays and runs of bars ``text`` (already plain) holds."""
    if "|" in text or _may_have_typed_bars(text):  # (the pattern scans a text for a class)
        return _markup_read(text) + sum(
            1 for run in _TYPED_BARS.finditer(text) if _bar_width(run[0]) > 1
        )
    return _markup_read(text)


def _markup_made_plain(text: str) -> str:
    """``text`` as ``_markup_made_plain_as_typed`` reads it, or with its escapes read first
    (``_escapes_as_seen``) where that reads more spoilers: ``&lt;spoiler&gt;…``, ``%7C%7C…``
    were shown as typed, the words their author hid in the open. Text whose reading the escapes
    do not change (``Tom &amp; Jerry``, ``50%``) is kept as typed."""
    plain = _markup_made_plain_as_typed(text)
    if not any(start in text for start in _ESCAPE_STARTS):
        return plain  # most text: no escape
    if not any(_telling(escape) for escape in _ESCAPED_CHAR.finditer(text)):
        return plain
    seen = _escapes_as_seen(text)
    if seen == text:
        return plain
    seen = _markup_made_plain_as_typed(seen)
    return seen if _spoilers_read(seen) > _spoilers_read(plain) else plain


def _markup_made_plain_as_typed(text: str) -> str:
    """``text`` without the characters typed inside spoiler markup that leave it the markup a
    reader sees: drawn as nothing between a markup character and a printable ASCII one
    (``>\u200b!``, ``[\u2060spoiler]``), or an accent between two markup characters
    (``|\u0301|``). Discord reads only markup typed plain, so it showed the words the author
    evidently meant to hide. Next to anything else (an emoji's variation selector or joiner, a
    Persian word's non-joiner, a letter's accent) such a character is kept, unless the text
    holds more markup without it (``_names_as_seen``)."""
    if text.isascii():
        # Only a tag with a space inside its brackets ("[ spoiler ]", "</ spoiler>") is read anew.
        # (A search for the bracket first: one for "[ " is slow where spaces are many.)
        spaced = ("[" in text and "[ " in text) or ("<" in text and ("< " in text or "</ " in text))
        # A tag in braces ("{spoiler}") is read as one in square brackets: in ASCII its name is
        # typed plain, so it is searched for first (the name pattern is slow over a whole text).
        braced = "{" in text and _BRACED_NAME.search(text) is not None
        return _names_as_seen(text) if spaced or braced else text
    text = _UNSEEN_RUN.sub(_unless_inside_markup, text)
    if any(form in text for form in _SMALL_FORMS):
        text = _small_forms_as_seen(text)
    # (Each opening looked for alone: a search for a class of them cost twice as much.)
    if any(opening in text for opening in _ANGLE_OPENINGS):
        text = _angles_as_seen(text)
    return _names_as_seen(text)


# Angle brackets other than "<" and ">" (full width "＜", "〈", "‹", "《": ``_BRACKETS_AS_ASCII``):
# an HTML element typed in them (``〈span class="spoiler"〉…〈/span〉``) is the element a reader
# sees, its words hidden by its attributes, where only a markup's name was read so before.


def _angles_as_seen(text: str) -> str:
    """``text`` with its look-alike angle brackets as "<" and ">", where that reads more markup
    (``＜span data-spoiler＞…＜/span＞``); else as typed ("《La La Land》" stays)."""
    seen = text.translate(_ANGLES_AS_ASCII)
    return seen if _markup_read(seen) > _markup_read(text) else text


# The small forms of markup's punctuation ("﹥﹗", "﹤﹗": Unicode's compatibility forms, typed
# by no input method, pasted): drawn as "<", ">", "!", ":", "(" and ")", only smaller.
_SMALL_FORMS_AS_ASCII = str.maketrans("﹤﹥﹗﹕﹙﹚﹦", "<>!:()=")
_SMALL_FORMS = "﹤﹥﹗﹕﹙﹚﹦"


def _small_forms_as_seen(text: str) -> str:
    """``text`` with markup's punctuation in its small forms as the ASCII drawn, where that
    reads more markup (``>﹗the twist!<``, ``﹤spoiler﹥``); else as typed."""
    seen = text.translate(_SMALL_FORMS_AS_ASCII)
    return seen if _markup_read(seen) > _markup_read(text) else text


# Characters Unicode's compatibility reading (NFKD, accents dropped) draws as an ASCII letter
# or one of markup's punctuation: mathematical bold, italic, script and monospace letters (a
# "fancy text" generator's, pasted from a post), circled, superscript and full-width ones,
# small and full-width "<", ">", "!", "[" and ":", letters with an accent. Looked for in the
# blocks that hold them (a test checks them against Unicode's first two planes, where all are).
_COMPATIBILITY_BLOCKS = (
    (0x00A0, 0x024F),  # Latin-1 and Latin Extended (accented letters, ª º)
    (0x02B0, 0x02FF),  # modifier letters (ˢ ˡ)
    (0x1D00, 0x1EFF),  # phonetic extensions' superscripts, more accented letters
    (0x2070, 0x24FF),  # super- and subscripts, letter-like symbols, circled letters
    (0x2C7C, 0x2C7D),
    (0xA7F2, 0xA7F4),
    (0xFE10, 0xFE6F),  # vertical, compatibility and small forms
    (0xFF01, 0xFF5E),  # full width
    (0x10780, 0x107BA),
    (0x1D400, 0x1D7FF),  # mathematical letters
    (0x1F100, 0x1F189),  # parenthesised, circled and squared letters
)
_MARKUP_PUNCTUATION = "<>[]/!:=\"'()~"


def _compatibility_forms() -> dict[int, str]:
    forms: dict[int, str] = {}
    for start, end in _COMPATIBILITY_BLOCKS:
        for code in range(start, end + 1):
            if seen := _drawn_plain(chr(code)):
                forms[code] = seen
    return forms


def _drawn_plain(char: str) -> str:
    """The ASCII letter (its accents dropped) or markup punctuation ``char`` is a compatibility
    form of, or "" if none. (A sign struck through, ``≯``, is not the sign: its stroke stays.)"""
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed in _MARKUP_PUNCTUATION:
        return decomposed if len(decomposed) == 1 and decomposed != char else ""
    plain = "".join(mark for mark in decomposed if not unicodedata.combining(mark))
    return plain if len(plain) == 1 and plain.isascii() and plain.isalpha() else ""


# Letters drawn as the ASCII ones markup names are spelt with: their compatibility forms,
# Cyrillic and Greek letters drawn alike ("[ѕроilеr]", its "ѕ", "р", "о" and "е" Cyrillic), and
# small capitals ("[ꜱᴘᴏɪʟᴇʀ]").
_DRAWN_AS_ASCII: dict[int, str] = {
    **_compatibility_forms(),
    **{
        ord(alike): plain
        for alike, plain in zip(
            "асеһіјорѕухԁԝӏАВСЕНІЈКМОРЅТХοιαΑΒΕΗΙΚΜΝΟΡΤΥΧν"
            # small capitals, which "fancy text" generators type and Unicode maps to nothing
            "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ",
            "acehijopsyxdwlABCEHIJKMOPSTXoiaABEHIKMNOPTYXvabcdefghijklmnoprstuvwyz",
            strict=True,
        )
    },
}
_UNSEEN_OR_ACCENT = f"[{DRAWN_AS_NOTHING_CHARS}{_COMBINING_MARKS}]*"


def _forms(plain: str, *, astral: bool = True) -> str:
    """Every character drawn as ``plain`` (either case); with ``astral`` False only those of
    the Basic Multilingual Plane (not the mathematical letters)."""
    wanted = {plain.lower(), plain.upper()}
    alike = [
        chr(code)
        for code, seen in _DRAWN_AS_ASCII.items()
        if seen in wanted and (astral or code <= 0xFFFF)
    ]
    return "".join(sorted(wanted)) + "".join(alike)


def _seen_as(word: str, *, astral: bool = True) -> str:
    """A pattern for ``word`` as a reader may see it typed: in any letters drawn as its own
    (``_DRAWN_AS_ASCII``), with characters drawn as nothing or accents between them."""
    letters = (f"[{re.escape(_forms(letter, astral=astral))}]" for letter in word)
    return _UNSEEN_OR_ACCENT.join(letters) + _UNSEEN_OR_ACCENT


# Each markup spelt with a name holds one of these (BBCode's, HTML's, a container's, TV
# Tropes', Goodreads', Matrix's): text without one, however it is seen, is read no further.
_NAMED_MARKUP_SEEN = re.compile("|".join(_seen_as(word) for word in ("spoiler", "details")))
# The same for text without astral characters (most): a class holding astral characters is
# tried character by character, one holding only the plane's is looked up at once.
_NAMED_MARKUP_SEEN_BMP = re.compile(
    "|".join(_seen_as(word, astral=False) for word in ("spoiler", "details"))
)
# The words of the tags that hide until clicked (``_HIDING_NAME``), looked for only in text
# holding a closing tag's start (``_CLOSING_TAG_START``): each is read paired, and "[hidden]"
# and "[blur]" left open hide only when typed plain. (Nine words tried everywhere in every text
# with a curly quote doubled the cost of reading it.)
_HIDING_WORDS = ("hid", "blur", "collapse", "expand", "accordion", "toggle", "reveal", "cut")
_HIDING_NAMES_SEEN = re.compile("|".join(_seen_as(word) for word in _HIDING_WORDS))
_HIDING_NAMES_SEEN_BMP = re.compile("|".join(_seen_as(w, astral=False) for w in _HIDING_WORDS))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# A letter each name needs, in any form (astral ones by their planes): one class search.
_NAMES_LETTERS = re.compile(
    f"[{re.escape(_forms('l', astral=False) + _forms('d', astral=False))}\U00010000-\U0010ffff]"
)
_SLASHES = "/" + "".join(chr(code) for code, seen in _DRAWN_AS_ASCII.items() if seen == "/")
_TAG_OPENINGS = "<[" + "".join(
    chr(code)
    for code, seen in {**_DRAWN_AS_ASCII, **_BRACKETS_AS_ASCII}.items()
    if seen in "<[" and code > 0x7F
)
_CLOSING_TAG_START = re.compile(
    f"[{re.escape(_TAG_OPENINGS)}][\\s{DRAWN_AS_NOTHING_CHARS}]*[{re.escape(_SLASHES)}]"
)

# An opening bracket before an "h" or a "b" in any form: a "[hide]", "[hidden]" or "[blur]" that
# hides what follows it even left open ("[ｈｉｄｅ]the twist", no closing tag to look for).
_HIDING_TAG_OPENING = re.compile(
    f"[{re.escape(_TAG_OPENINGS)}][\\s{DRAWN_AS_NOTHING_CHARS}]*"
    f"[{re.escape(_forms('h') + _forms('b'))}]"
)


def _names_in(text: str) -> re.Pattern[str] | None:
    """The pattern for the markup names ``text`` may hold however typed (``_names_as_seen``),
    or None if it holds none: a character search first, each pattern only where it finds
    what the pattern needs."""
    if _NAMES_LETTERS.search(text) is None:
        return None  # most text in other scripts
    astral = _ASTRAL.search(text) is not None
    if (
        (any(slash in text for slash in _SLASHES) and _CLOSING_TAG_START.search(text) is not None)
        or _HIDING_TAG_OPENING.search(text) is not None
    ) and (_HIDING_NAMES_SEEN if astral else _HIDING_NAMES_SEEN_BMP).search(text) is not None:
        return _NAME_OR_HIDING_NAME_AS_TYPED
    seen = _NAMED_MARKUP_SEEN if astral else _NAMED_MARKUP_SEEN_BMP
    return _NAME_AS_TYPED if seen.search(text) is not None else None


# A markup's name as seen, with the punctuation typed around it: an opening bracket (or a
# container's colons, a Goodreads parenthesis) and a slash before, a closing bracket after.
_PUNCTUATION_AS_ASCII = {**_DRAWN_AS_ASCII, **_BRACKETS_AS_ASCII}
# (The angle brackets among them: ``_angles_as_seen``.)
_ANGLES_AS_ASCII = {
    code: p for code, p in _PUNCTUATION_AS_ASCII.items() if p in "<>" and code > 0x7F
}
_ANGLE_OPENINGS = tuple(chr(code) for code, seen in _ANGLES_AS_ASCII.items() if seen == "<")
_NAME_PUNCTUATION_BEFORE = "".join(
    {"<", "[", "(", ":", "/"} | {chr(c) for c, p in _PUNCTUATION_AS_ASCII.items() if p in "<[(:/"}
)
_NAME_PUNCTUATION_AFTER = "".join(
    {">", "]", ")", ":", "="} | {chr(c) for c, p in _PUNCTUATION_AS_ASCII.items() if p in ">]):="}
)


def _name_as_typed(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<before>[{re.escape(_NAME_PUNCTUATION_BEFORE)}\s{DRAWN_AS_NOTHING_CHARS}]*)"
        rf"(?P<name>(?:{_seen_as('i')}|{_seen_as('tg')}-)?{_seen_as('spoiler')}(?:{_seen_as('s')})?"
        rf"|{'|'.join(_seen_as(word) for word in words)})"
        rf"(?P<after>[{re.escape(_NAME_PUNCTUATION_AFTER)}\s{DRAWN_AS_NOTHING_CHARS}]*)"
    )


_NAME_AS_TYPED = _name_as_typed(("details", "view", "hide"))
_NAME_OR_HIDING_NAME_AS_TYPED = _name_as_typed(
    ("details", "view", "hidden", "hide", *_HIDING_WORDS[1:])
)
# Spaces a reader passes over inside a tag: after its opening bracket, around its slash, before
# its closing bracket ("[ /spoiler ]", "< spoiler>").
_SPACE_IN_TAG = re.compile(r"(?<=[<\[/])\s+|\s+(?=[/\]>])")


def _name_as_seen(typed: re.Match[str]) -> str:
    """A markup's name (and the punctuation around it) typed in characters drawn as its own,
    as the ASCII it is drawn as; the spaces a tag holds inside its brackets gone."""
    before, name, after = (
        DRAWN_AS_NOTHING.sub("", typed[part]).translate(_PUNCTUATION_AS_ASCII)
        for part in ("before", "name", "after")
    )
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    tag = before.rstrip()[-1:] in ("<", "[", "/") or after.strip()[:1] in (">", "]")
    seen = before + plain + after  # its case kept: markup is read in any case
    return _SPACE_IN_TAG.sub("", seen) if tag else seen


def _names_as_seen(text: str) -> str:
    """``text`` with each spoiler markup's name and punctuation as a reader sees them, when
    more markup is read so: typed with characters drawn as nothing or accents inside
    (``[spoi\u200bler]``, ``[spoi\u0301ler]``), in letters drawn as its own (``［ｓｐｏｉｌｅｒ］``,
    ``[𝐬𝐩𝐨𝐢𝐥𝐞𝐫]``, ``<ѕроilеr>``), with spaces inside its brackets (``[ /spoiler ]``).
    Discord shows the words such markup was meant to hide. Only the markup is read anew: the
    words it hides and all other text keep their letters, and text whose reading this does not
    change is kept whole (an emoji's joiners, a Persian word's non-joiner, a Russian word)."""
    names = _names_in(text)
    if names is None:
        return text
    seen = names.sub(_name_as_seen, text)
    # The closings that hold no name: TV Tropes' "]]", a container's ":::" line.
    if "］" in seen:
        seen = seen.replace("］］", "]]")
    if "：" in seen or "﹕" in seen:
        seen = _WIDE_CONTAINER_END.sub(":::", seen)
    if (
        "(" in seen
    ):  # Goodreads' "(view spoiler)" holds a space a character drawn as nothing may part
        seen = _GOODREADS_APART.sub(lambda words: f"({words[1]} spoiler)", seen)
    return seen if _markup_read(seen) > _markup_read(text) else text


_WIDE_CONTAINER_END = re.compile(r"^(?=[ \t]*[:：﹕]{3}[ \t]*$)[ \t]*[:：﹕]{3}", re.MULTILINE)
_GOODREADS_APART = re.compile(
    rf"\((view|hide)[\s{DRAWN_AS_NOTHING_CHARS}]+spoiler\)", re.IGNORECASE
)


def _markup_read(text: str) -> int:
    """How many spoilers and strays other sites' markup makes of ``text``."""
    text = _ANY_MARK.sub("", text)
    return len(_ANY_MARK.findall(_other_sites_marked(text)))


def _unless_inside_markup(run: re.Match[str]) -> str:
    before, unseen = run[1], run[2]
    after = run.string[run.end()]
    if before in _MARKUP_CHARS and after in _MARKUP_CHARS:
        return before
    if DRAWN_AS_NOTHING.sub("", unseen):
        return run[0]  # a combining mark, on something other than markup
    if before in _MARKUP_CHARS or after in _MARKUP_CHARS:
        return before
    return run[0]


def has_bar_lookalikes(text: str) -> bool:
    """Whether ``text`` has spoiler bars typed as anything but ``||`` (``bars_as_meant``)."""
    plain = _markup_made_plain(text)
    if plain != text and (
        plain.count(BARS) > text.count(BARS) or _other_sites_as_bars(plain) != plain
    ):
        return True  # markup seen only once what is typed inside it is gone
    if _other_sites_as_bars(text) != text:
        return True
    return _may_have_typed_bars(text) and any(
        _bar_width(run[0]) > 1 and run[0] != "|" * _bar_width(run[0])
        for run in _TYPED_BARS.finditer(text)
    )


def bars_as_meant(text: str) -> str:
    """Spoiler bars typed as anything but ``||`` as the ``||`` meant: full width (``｜｜``),
    other characters drawn as a vertical line (``∣∣``, ``¦¦``, ``ǀǀ``; ``BAR_LOOKALIKES``), one
    drawn as two (``‖``), or bars with a character drawn as nothing between them
    (``|\u200b|``). Discord pairs only ASCII bars side by side and shows the others as text, so
    a twist an author put behind them was posted in the open. A lone look-alike (a separator
    in a Japanese title, ``a ∣ b``) is kept. Reddit's ``>!the twist!<`` and forum BBCode's
    ``[spoiler]the twist[/spoiler]``, which Discord shows as typed, are the spoiler their author
    meant too; one read inside another, or inside bars typed around it, is part of that one
    span (``_marks_as_bars``), and one left without its pair is bars left unpaired.

    Markup with a character a reader does not see inside it (``>\u200b!``, ``|\u0301|``) is
    the markup seen (``_INVISIBLE_IN_MARKUP``).

    Content files store the bars so read; text stored before then is read so when shown
    (``_prepare``, ``has_unpaired_bars`` and the levels in ``bot.features.film.documents``)."""
    text = _markup_made_plain(text)
    if _may_have_typed_bars(text):  # else ASCII bars are the bars: most text skips this
        text = _TYPED_BARS.sub(_meant, text)
    return _other_sites_as_bars(text)


# Reddit's markup typed in full width, "＞！the twist！＜" (its opening's angle full width, as an
# input method's full-width mode types it; either mark of the rest), read only paired: "！＜" or
# "＞！" alone are marks Japanese text has beside faces and headings, which leave no spoiler open.
# (An ASCII ">" before "！" is an HTML tag's end as often: "<b>！すごい！</b>".)
_WIDE_REDDIT_SPOILER = re.compile(
    r"＞[!！](?P<text>(?:(?!＞[!！])[\s\S]|＞(?=[!！][<＜])){1,20000}?)[!！][<＜]"
)


def _reddit_as_bars(text: str) -> str:
    """Reddit's ``>!…!<`` as the spoiler meant; one never closed as bars left unpaired, which
    content files refuse and stored text is a spoiler for as a whole (``has_unpaired_bars``)."""
    paired = _inside_out(_REDDIT_SPOILER, _reddit_meant, text)
    if ">!" in paired:
        paired = _BLOCK_SPOILER.sub(_block_meant, paired)
    return _REDDIT_LEFT_OPEN.sub(_STRAY, paired)


def _block_meant(block: re.Match[str]) -> str:
    """Stack Exchange's spoiler block as one span, its lines' ``>!`` gone; the line break
    after it kept."""
    lines = _LINE_BREAK_AT_END.sub("", block[0])
    hidden = _BLOCK_SPOILER_PREFIX.sub("", lines).strip()
    if not hidden:
        return block[0]  # ">!" alone hides nothing
    return _marked(hidden) + block[0][len(lines) :]


def _reddit_meant(spoiler: re.Match[str]) -> str:
    hidden = spoiler["text"].strip()
    return _marked(hidden) if hidden else spoiler[0]  # ">! !<" hides nothing


def _meant(run: re.Match[str]) -> str:
    width = _bar_width(run[0])
    return "|" * width if width > 1 else run[0]


def behind_bars(text: str) -> str:
    """``text`` as one inline spoiler, for what another site's markup hid whole (a Reddit
    ``>!…!<``, a spoiler tag or box). Bars its author typed inside (``||``, or as look-alikes)
    are dropped first: kept, they pair with the bars added and leave what lies between them in
    the open (``||Hanna ||shoots|| him||`` shows "shoots"). Text already in bars stays as it is."""
    return f"||{bars_dropped(text)}||"


def bars_dropped(text: str) -> str:
    """``text`` without the spoiler bars typed in it (``||``, look-alikes, or mixed)."""
    return _TYPED_BARS.sub(lambda run: "" if _bar_width(run[0]) > 1 else run[0], text)


def span_bounds(text: str) -> list[tuple[int, int]]:
    """Where each spoiler span of ``text`` starts and ends, bars included: bars pair left to
    right and a span holds at least one character, as Discord pairs them. The one pairing
    rule, for the answers (``parse_spans``) and for anything else that finds spans."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    while (opened := text.find(BARS, pos)) != -1:
        closed = text.find(BARS, opened + len(BARS) + 1)
        if closed == -1:
            break
        pos = closed + len(BARS)
        bounds.append((opened, pos))
    return bounds


def parse_spans(text: str) -> list[Segment]:
    """Split author text into plain and inline-spoiler segments.

    Bars pair left to right and a span holds at least one character, as Discord pairs them, so
    what the author previewed as hidden is hidden here too. A lone ``||`` stays literal text.
    Adjacent segments of one kind are merged and empty ones dropped.
    """
    if BARS not in text:  # most author text: one plain segment, as the loop below would give
        return [Segment(text, False)] if text else []
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for opened, pos_after in span_bounds(text):
        pieces.append((text[pos:opened], False))
        pieces.append((text[opened + len(BARS) : pos_after - len(BARS)], True))
        pos = pos_after
    pieces.append((text[pos:], False))
    # Merged by one join per run: adding piece by piece would copy the run once per piece.
    return [
        Segment("".join(piece for piece, _ in run), inline_spoiler)
        for inline_spoiler, run in itertools.groupby(
            (piece for piece in pieces if piece[0]), key=lambda piece: piece[1]
        )
    ]


def has_unpaired_bars(text: str) -> bool:
    """Bars left literal by ``parse_spans``: an author who typed them meant to hide what
    follows, and a lone pair hides nothing. Content files refuse them; text stored before that
    rule (or by any other way in) is treated as a spoiler as a whole instead."""
    text = bars_as_meant(text)
    return BARS in text and any(
        BARS in segment.text for segment in parse_spans(text) if not segment.inline_spoiler
    )


def has_nested_bars(text: str) -> bool:
    """Bars typed as one span inside another ("||leaves ||dies|| at last||"): spans do not
    nest, and paired left to right as Discord pairs them, the inner one ("dies", the very
    words hidden twice) is shown. A span's own ends hug its words, so an end with a space
    inside it and the inner span's words hugging it outside tells one: a span's closing bars
    with a space before them and after them what may open a phrase (a word, a quotation mark,
    an opening bracket, a dash, an emoji: ``_opens_phrase``), or its opening bars with a space
    after them and before them what may close one (``_closes_phrase``); or two spans side by
    side, the first ending in a space and the second opening with one, with what lies between
    them hugging both (``||leaves ||"dies".|| at last||``). A sentence's mark after a span
    typed loosely ("Mia ||dies ||.") is no inner span.
    Content files refuse them; stored text is a spoiler as a whole."""
    text = bars_as_meant(text)
    loose_end = -1  # where the previous span ended, if a space stood before its closing bars
    previous_end = -1  # where the previous span ended
    for opened, after in span_bounds(text):
        closed = after - len(BARS)
        if _hugged_between(text, previous_end, opened):
            return True
        previous_end = after
        if _space(text, opened + len(BARS)) and (
            _closes_phrase(text, opened - 1)
            or (
                0 <= loose_end < opened
                and not _space(text, loose_end)
                and not _space(text, opened - 1)
            )
        ):
            return True
        if _space(text, closed - 1):
            if _opens_phrase(text, after):
                return True
            loose_end = after
        else:
            loose_end = -1
    return False


_OPENING_QUOTES = "\"'“‘«‹„‚「『"
_CLOSING_QUOTES = "\"'”’»›」』"
"""Quotation marks as the words they open or close: an inner span quoted
("||leaves ||"marries Greg"|| at last||") is as nested as one that is not."""


# Marks that end a sentence or a clause: typed against a span's bars ("Mia ||dies ||.",
# "She smiles.|| Greg dies||"), they stand outside it, as no inner span's words do.
_SENTENCE_MARKS = frozenset(".,;:!?…、。，．：；！？")


def _opens_phrase(text: str, at: int) -> bool:
    """Whether ``text[at]`` may start an inner span's words (a word, a quotation mark, a
    bracket, a dash, an emoji): anything drawn but a bar, a sentence's mark, or a bracket or
    quotation mark closing something (``Mia ||dies ||.``, ``(||dies ||)``)."""
    return _drawn_in_phrase(text, at, ("Pe", "Pf"))


def _closes_phrase(text: str, at: int) -> bool:
    """Whether ``text[at]`` may end an inner span's words: anything drawn but a bar, a
    sentence's mark, or a bracket or quotation mark opening something (``(|| dies||``)."""
    return _drawn_in_phrase(text, at, ("Ps", "Pi"))


def _drawn_in_phrase(text: str, at: int, facing_away: tuple[str, str]) -> bool:
    if not 0 <= at < len(text):
        return False
    char = text[at]
    if char.isalnum():
        return True
    if char in _SENTENCE_MARKS or char in _BAR_CHARS or char.isspace():
        return False
    category = unicodedata.category(char)
    # Spaces, controls and characters drawn as nothing (format) hug no words.
    return category[0] not in "ZC" and category not in facing_away


def _hugged_between(text: str, previous_end: int, opened: int) -> bool:
    """Whether words stand between two spans with no space or sentence's mark anywhere from
    the first span's last character to the second's first ("||ミアは||死ぬ||と||"): in a script
    written without spaces (Chinese, Japanese, Thai) that is how an inner span is typed inside
    an outer one, and paired left to right the words hidden twice are the ones shown."""
    if previous_end < len(BARS) + 1 or previous_end >= opened:
        return False
    around = text[previous_end - len(BARS) - 1 : opened + len(BARS) + 1]
    between = text[previous_end:opened]
    return (
        any(char.isalnum() for char in between)
        and not any(char.isspace() or char in _SENTENCE_MARKS for char in around)
        and BARS not in between
    )


def _space(text: str, at: int) -> bool:
    return 0 <= at < len(text) and text[at].isspace()


def bars_hide_less_than_meant(text: str) -> bool:
    """Bars left unclosed or typed nested: what the author meant to hide is not all behind a
    span as Discord pairs them, so stored text holding them is a spoiler as a whole."""
    return has_unpaired_bars(text) or has_nested_bars(text)


def _prepare(text: str) -> str:
    """Author text with plain newlines, rendered footnotes, one blank line between paragraphs
    and full-width spoiler bars as the ``||`` meant."""
    text = bars_as_meant(_normalise_newlines(text))
    if "[^" in text:  # every footnote marker holds it: the pattern need not scan the rest
        text = _FOOTNOTE_OPENING.sub("[", text)
    return _PARAGRAPH_BREAK.sub("\n\n", text).strip()


def _normalise_newlines(text: str) -> str:
    # One search in the common case (no carriage return), not two replacing passes.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def strip_markup(text: str, *, spoiler_placeholder: str | None = "…") -> str:
    """Author text as one line of plain text (for snippets and labels, which cannot hide anything).

    Inline spoilers become ``spoiler_placeholder``; pass ``None`` to keep their words (only for
    text no reader sees, such as a search index). The result is not escaped for markdown.
    """
    parts: list[str] = []
    for segment in parse_spans(_prepare(text)):
        hide = segment.inline_spoiler and spoiler_placeholder is not None
        parts.append(f" {spoiler_placeholder} " if hide else segment.text)
    return " ".join("".join(parts).split())


def truncate_plain(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, marked with ``ellipsis``.

    Only a first word longer than the limit is cut inside (there is no boundary to cut at).
    """
    if limit <= len(ellipsis):
        raise ValueError(f"limit must leave room for text beside {ellipsis!r}")
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    head = text[:room]
    if not text[room].isspace():
        boundary = max((i for i, char in enumerate(head) if char.isspace()), default=-1)
        head = head[:boundary] if boundary > 0 else head
    return (head.rstrip() or text[:room]) + ellipsis


# --- escaping ----------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Untrusted text made inert for Discord: it renders as exactly these characters.

    Markdown characters get a backslash, pinging mentions a zero-width space after the ``@``, and
    links stay clickable and intact apart from percent-encoding ``|``, backticks and brackets.
    """
    return _escape_normalised(_normalise_newlines(text))


def _escape_normalised(text: str) -> str:
    """``escape_text`` of text whose newlines are already plain (``_prepare``'s output and
    pieces of it): the newlines are not searched again for every piece rendered."""
    list_dots = _list_dots(text)
    if "://" not in text:
        # No link (every link pattern holds `://`): one run, found without a pattern's scan.
        return _escape_run(text, 0, len(text), list_dots)
    out: list[str] = []
    pos = 0
    for url in (URL_PATTERN if _STEAM in text else _WEB_URL).finditer(text):
        out.append(_escape_run(text, pos, url.start(), list_dots))
        out.append(_defuse_url(url.group()))
        tail_end = _URL_TAIL.match(text, url.end()).end()
        # The backed-off tail stays raw: a backslash there would be swallowed into the link.
        out.append(text[url.end() : tail_end])
        if tail_end < len(text) and not _JS_SPACE_CHAR.match(text, tail_end):
            # Only `<` can follow; its escaping backslash would join the link, so part them.
            out.append(" ")
        pos = tail_end
    out.append(_escape_run(text, pos, len(text), list_dots))
    return "".join(out)


def _list_dots(text: str) -> list[int]:
    """Where each list marker's character to escape stands (``_LIST_MARKER``), in order."""
    first = _LIST_MARKER_AT.match(text)
    dots = [first.start(first.lastindex or 0)] if first else []
    if "\n" in text:
        dots += [
            marker.start(marker.lastindex or 0)
            for marker in _LIST_MARKER_AFTER_BREAK.finditer(text)
        ]
    return dots


def as_plain_text(markdown: str) -> str:
    """Markdown from this module as the characters a reader sees, for a plain-text file no
    client renders: escapes and mention guards undone (bars hide nothing there, so text for
    one must hold no spoiler at all)."""
    return _ESCAPE_PAIR.sub(r"\1", markdown).replace(_MENTION_GUARD, "@")


_ESCAPE_PAIR = re.compile(r"\\([^0-9A-Za-z\s])")


def _escape_run(text: str, start: int, end: int, list_dots: list[int]) -> str:
    """``text[start:end]``, which holds no link, escaped.

    A list marker (``_LIST_MARKER``) is ordinary text elsewhere, so the run is escaped in pieces
    around its list markers (``list_dots``).
    Mentions are guarded after escaping: the words that make an ``@`` ping hold no character
    that escaping changes, and a link (``http``) right after the run would not make one ping.
    """
    run = text[start:end]
    dots = [dot - start for dot in list_dots if start <= dot < end]
    if dots:
        parts: list[str] = []
        for a, b in zip([-1, *dots], [*dots, len(run)], strict=True):
            parts.append(_escape_chars(run[a + 1 : b]))
            if b < len(run):
                parts.append("\\" + run[b])
        escaped = "".join(parts)
    else:
        escaped = _escape_chars(run)
    return _MENTION_AT.sub(_MENTION_GUARD, escaped) if "@" in escaped else escaped


def _escape_chars(text: str) -> str:
    """A backslash before each character in ``_ALWAYS_ESCAPED``.

    One ``str.replace`` per character that occurs: each is a pass in C, where ``str.translate``
    looks every character up in a dict (about 25x slower on answer text) and a pattern calls
    back into Python for every match.
    """
    for char in _ESCAPE_ORDER:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def _defuse_url(url: str) -> str:
    for char, encoded in _URL_UNSAFE.items():
        url = url.replace(char, encoded)
    return _URL_MENTION_AT.sub("%40", url)


# --- rendering ---------------------------------------------------------------------------------


def render_text(
    text: str, treatment: Treatment, *, inline_treatment: Treatment, pointer: str
) -> str:
    """One piece of author content as Discord markdown at ``treatment``.

    Inline spans get ``inline_treatment``, but never a more open one than the piece itself.
    WITHHOLD gives only the (escaped) pointer.
    """
    escaped_pointer = _escaped_pointer(pointer)
    prepared = _prepare(text) if treatment is not Treatment.WITHHOLD else ""
    segments = parse_spans(prepared)
    if BARS in prepared and (
        any(BARS in s.text for s in segments if not s.inline_spoiler) or has_nested_bars(prepared)
    ):
        # Unclosed or nested bars (``bars_hide_less_than_meant``): the whole text is a
        # spoiler, never shown open.
        treatment = inline_treatment.at_least(treatment)
    if treatment is Treatment.WITHHOLD:
        return escaped_pointer
    inline = inline_treatment.at_least(treatment)
    shown = _render_segments(segments, inline, escaped_pointer).strip()
    if treatment is not Treatment.WRAP:
        return shown
    if (
        len(segments) < 2
        and not any(segment.inline_spoiler for segment in segments)
        and BARS not in shown
    ):
        # No span: ``shown`` is ``_prepare``'s text escaped, whose paragraph breaks are all
        # two line breaks side by side, so ``_paragraph_runs`` need not look for others.
        return _wrap_runs(shown.split("\n\n") if "\n" in shown else [shown])
    return wrap(shown)


@functools.lru_cache(maxsize=64)
def _escaped_pointer(pointer: str) -> str:
    """A plan's pointer, escaped once: the same few pointers are rendered with every block."""
    return escape_text(pointer).strip()


def render_each(
    texts: Iterable[str],
    treatment: Treatment,
    *,
    inline_treatment: Treatment,
    pointer: str,
    separator: str = ", ",
) -> str:
    """Separately authored texts (a film's cast) rendered each on its own, then joined.

    An author's bars pair within the text they were written in: joined first, a stray ``||``
    ending one text would pair with the opening bars of the next one's spoiler and leave its
    words outside. Texts that render to nothing (all withheld into one pointer) are not
    repeated.
    """
    rendered: list[str] = []
    for text in texts:
        shown = render_text(text, treatment, inline_treatment=inline_treatment, pointer=pointer)
        if shown and shown not in rendered[-1:]:
            rendered.append(shown)
    return separator.join(rendered)


def _render_segments(segments: list[Segment], inline: Treatment, pointer: str) -> str:
    # The segments are pieces of ``_prepare``'s output: their newlines are plain already.
    if inline is Treatment.SHOW:
        # Escaped as one text so links and mentions across span edges are seen whole.
        return _escape_normalised("".join(segment.text for segment in segments))
    if len(segments) < 2 and not any(segment.inline_spoiler for segment in segments):
        # No span (most texts): ``_render_spans`` would write just the escaped text, which holds
        # no bars for ``_Output.append`` to part from a link.
        return _escape_normalised(segments[0].text) if segments else ""
    return _render_spans(segments, inline, pointer)


def _render_spans(segments: list[Segment], inline: Treatment, pointer: str) -> str:
    """Segments, some of them spans, each rendered at ``inline`` (WRAP or WITHHOLD)."""
    out = _Output()
    after_pointer: _Mark | None = None  # the output as it stood right after the last pointer
    for segment in segments:
        if not segment.inline_spoiler:
            plain = _escape_normalised(segment.text)
            if after_pointer is not None and out.at(after_pointer) and plain[:1].isalnum():
                plain = " " + plain
            out.append(plain)
        elif inline is Treatment.WRAP:
            out.append(_wrap_inside_edges(segment.text))
        elif after_pointer is not None and out.only_space_since(after_pointer):
            out.rewind(after_pointer)  # spans parted only by whitespace share one pointer
        else:
            out.write(" " if out.last and not out.last.isspace() else "")
            out.write(pointer)
            after_pointer = out.mark()
    return out.text()


class WordTail:
    """What ``bars_need_gap`` reads of the text written so far, kept up to date piece by piece.

    Asking ``bars_need_gap`` of the whole text after each piece costs the text's length each
    time, which makes a long run of pieces quadratic; this keeps the same answer in time
    proportional to each piece.
    """

    __slots__ = ("end", "scheme")

    def __init__(self) -> None:
        self.scheme = False  # the last word holds `://`
        self.end = ""  # the last word's last two characters (`://` can straddle a piece edge)

    def copy(self) -> WordTail:
        twin = WordTail()
        twin.scheme, twin.end = self.scheme, self.end
        return twin

    def feed(self, piece: str) -> WordTail:
        space = _JS_SPACE_CHAR.search(piece[::-1])
        if space:
            word = piece[len(piece) - space.start() :]
            self.scheme, self.end = "://" in word, word[-2:]
        else:
            joined = self.end + piece
            self.scheme, self.end = self.scheme or "://" in joined, joined[-2:]
        return self

    @property
    def needs_gap(self) -> bool:
        """``bars_need_gap`` of everything fed so far."""
        return self.scheme or self.end[-1:] in ("|", "\\")


_Mark = tuple[int, WordTail, str]


class _Output:
    """Rendered markdown built from pieces, with what its ``append`` asks of it kept on the side."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._tail = WordTail()
        self.last = ""  # the last character written

    def write(self, piece: str) -> None:
        if piece:
            self._parts.append(piece)
            self._tail.feed(piece)
            self.last = piece[-1]

    def append(self, piece: str) -> None:
        """Write ``piece``, with a space before its first bars if they would touch a link.

        The bars may come after leading characters that are not space to Discord (a zero-width
        space), so the check covers everything in front of them. Escaped text has no ``||``.
        """
        bars = piece.find(BARS)
        if bars != -1 and self._tail.copy().feed(piece[:bars]).needs_gap:
            piece = piece[:bars] + " " + piece[bars:]
        self.write(piece)

    def mark(self) -> _Mark:
        return len(self._parts), self._tail.copy(), self.last

    def at(self, mark: _Mark) -> bool:
        """Whether nothing was written since ``mark``."""
        return len(self._parts) == mark[0]

    def only_space_since(self, mark: _Mark) -> bool:
        return not "".join(self._parts[mark[0] :]).strip()

    def rewind(self, mark: _Mark) -> None:
        count, tail, last = mark
        del self._parts[count:]
        self._tail, self.last = tail.copy(), last

    def text(self) -> str:
        return "".join(self._parts)


def _wrap_inside_edges(text: str) -> str:
    """``wrap`` the escaped text, keeping its edge whitespace outside the bars."""
    lead, core, trail = _edges(text)
    return lead + wrap(_escape_normalised(core)) + trail if core else text


_EDGE_SPACE = re.compile(f"[\\s{ZWSP}]*")


def _edges(text: str) -> tuple[str, str, str]:
    """Leading space, the core, trailing space; zero-width spaces count as space, since a
    spoiler of nothing but one would be an empty black bar.

    The trailing space is measured on the reversed text: a pattern that finds it by trying each
    end of the core in turn rescans a run of spaces once per space in it (quadratic).
    """
    if text and not (_edge_space(text[0]) or _edge_space(text[-1])):
        return "", text, ""  # the common case: no copy of the text, reversed or cut
    lead = _EDGE_SPACE.match(text).end()
    if lead == len(text):
        return text, "", ""
    trail = _EDGE_SPACE.match(text[::-1]).end()
    return text[:lead], text[lead : len(text) - trail], text[len(text) - trail :]


def _edge_space(char: str) -> bool:
    """Whether ``_EDGE_SPACE`` takes this character (``\\s`` is ``str.isspace``)."""
    return char.isspace() or char == ZWSP


def bars_need_gap(text: str) -> bool:
    """Whether ``||`` written right after ``text`` needs a space before it to count as bars.

    Discord reads bars straight after a link as part of the link (any ``scheme://`` word counts,
    to be safe), and a lazy pairing would take a ``|`` or backslash just before them as a bar.
    """
    if "://" not in text:
        # No scheme in any word: only the last character counts (a space there ends the word).
        return text[-1:] in ("|", "\\")
    # Searching the reversed text finds the last space without scanning every word.
    space = _JS_SPACE_CHAR.search(text[::-1])
    word = text[len(text) - space.start() :] if space else text
    return "://" in word or word[-1:] in ("|", "\\")


def wrap(escaped: str) -> str:
    """Already-escaped markdown with every visible run hidden behind spoiler bars.

    Each paragraph is wrapped on its own (a spoiler across a blank line renders badly) and
    paragraphs are rejoined with one blank line. Spoilers already in the text stay separate
    spoilers, so ``a ||b|| c`` becomes ``||a|| ||b|| ||c||``; bars never nest or touch.
    """
    if BARS not in escaped:
        # The common case (escaping leaves no bars): nothing is hidden yet, so each paragraph is
        # one run to wrap whole, and the paragraph breaks are found without tokenising.
        return _wrap_runs(_paragraph_runs(escaped))
    wrapped = (_wrap_paragraph(tokens) for tokens in _paragraphs(scan_rendered(escaped)))
    return "\n\n".join(paragraph for paragraph in wrapped if paragraph)


def _wrap_runs(paragraphs: Iterable[str]) -> str:
    """``wrap`` of bar-free text already split into its paragraphs (``_paragraph_runs``)."""
    wrapped = (_wrap_run(paragraph) for paragraph in paragraphs)
    return "\n\n".join(paragraph for paragraph in wrapped if paragraph)


_SPACE_RUN = re.compile(r"\s+")


def paragraph_breaks(text: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    """Start and end of each whitespace run from ``pos`` on that holds two line breaks (as a
    space token that ends a paragraph does). Only runs with a line break are looked at, so
    ordinary spaces between words cost nothing; a pattern like ``\\s*\\n\\s*\\n`` would be
    retried at every space of a long run without them: quadratic."""
    while (newline := text.find("\n", pos)) != -1:
        end = _SPACE_RUN.match(text, newline).end()
        if text.count("\n", newline, end) >= 2:
            start = newline
            while start > pos and text[start - 1].isspace():
                start -= 1
            yield start, end
        pos = end


def _split_paragraphs(text: str) -> list[str]:
    """``text`` split at each paragraph break (``paragraph_breaks``)."""
    paragraphs: list[str] = []
    pos = 0
    for start, end in paragraph_breaks(text):
        paragraphs.append(text[pos:start])
        pos = end
    paragraphs.append(text[pos:])
    return paragraphs


# Two line breaks in one run of whitespace, not side by side.
_SPACED_BREAK = re.compile(r"\n[^\S\n]+\n")


def _paragraph_runs(text: str) -> list[str]:
    """``_split_paragraphs`` for ``_wrap_run``, which drops whitespace at a paragraph's edges
    and wraps a paragraph of only whitespace as nothing: when every paragraph break holds two
    line breaks side by side (as ``_prepare`` leaves them), a split there in C gives the same
    paragraphs but for such whitespace."""
    if "\n" not in text:
        return [text]
    if _SPACED_BREAK.search(text) is None:
        return text.split("\n\n")
    return _split_paragraphs(text)


def _wrap_run(text: str) -> str:
    """One paragraph that holds no bars, its edge whitespace dropped, behind one pair of bars."""
    _, core, _ = _edges(text)
    if not core:
        return ""
    return BARS + core + (" " + BARS if bars_need_gap(core) else BARS)


def _paragraphs(tokens: Iterable[Token]) -> list[list[Token]]:
    paragraphs: list[list[Token]] = [[]]
    for token in tokens:
        if token.kind is Lexeme.SPACE and token.text.count("\n") >= 2:
            paragraphs.append([])
        else:
            paragraphs[-1].append(token)
    return paragraphs


def _wrap_paragraph(tokens: list[Token]) -> str:
    out = ""
    gap = ""
    for _, run in itertools.groupby(tokens, key=lambda token: token.hidden):
        lead, core, trailing = _edges("".join(token.text for token in run))
        gap += lead
        if not core:
            continue
        if out:
            # Touching spoilers would write `||||`; an invisible separator keeps them apart.
            out += gap or ZWSP
        closing = BARS
        if bars_need_gap(core):
            # A space already after the run becomes the gap, so wrapping again changes nothing.
            closing = " " + BARS
            trailing = trailing.removeprefix(" ")
        out += BARS + core + closing
        gap = trailing
    return out


# --- reading rendered markdown -----------------------------------------------------------------


def scan_rendered(rendered: str) -> list[Token]:
    """Rendered markdown as tokens, each knowing whether it sits inside a spoiler.

    Bars pair left to right and are not tokens themselves; an unpaired last one becomes an
    escaped literal so it can never pair with bars written later.
    """
    tokens: list[Token] = []
    hidden = False
    last_bars = -1  # index in ``tokens`` where the last bars lexeme stood
    for match in (_LEXEME if _STEAM in rendered else _LEXEME_WEB).finditer(rendered):
        kind = _LEXEME_KINDS[match.lastgroup]
        if kind is None:
            last_bars = len(tokens)
            hidden = not hidden
        else:
            tokens.append(Token(match.group(), hidden, kind))
    if hidden:
        # An odd count: the last bars stay literal, so nothing after them was hidden after all.
        tail = [Token(token.text, False, token.kind) for token in tokens[last_bars:]]
        tokens[last_bars:] = [Token("\\|\\|", False, Lexeme.ESCAPE), *tail]
    return tokens


def outside_spoilers(markdown: str, *, hidden_as: str = " ") -> str:
    """What readers see of markdown a member wrote without clicking a spoiler: ``markdown``
    with each spoiler (bars included) replaced by ``hidden_as``, the rest as written.

    Discord opens a spoiler only where its parser stands: an escaped bar, bars inside a code span
    and bars a link swallows (``https://x/||``; an autolink ``<https://x/>`` ends at its ``>``)
    open nothing, and bars that never close are plain text; a quote, heading, subtext or list
    line is read on its own, so bars opened in it close in it or not at all. Where a spoiler
    closes is read two ways, as the tests' model of the client does (the parser's next bars, or
    the next raw ``||``); only what both readings hide counts as hidden, so whatever either
    shows is read.
    Each reading is one pass that jumps from one character that can start something to the
    next and finds a code span's end by lookup.
    """
    if BARS not in markdown:
        return markdown  # the common case: nothing is hidden
    closers = _tick_runs(markdown)
    special = _MEMBER_SPECIAL if _STEAM in markdown else _MEMBER_SPECIAL_WEB
    hidden = _overlap(
        _spoiler_spans(markdown, closers, special, lazy=False),
        _spoiler_spans(markdown, closers, special, lazy=True),
    )
    out: list[str] = []
    pos = 0
    for start, end in hidden:
        out.append(markdown[pos:start])
        out.append(hidden_as)
        pos = end
    out.append(markdown[pos:])
    return "".join(out)


def _spoiler_spans(
    markdown: str,
    closers: dict[int, list[int]],
    special: re.Pattern[str],
    *,
    lazy: bool,
    start: int = 0,
    end: int | None = None,
    blocks: bool = True,
    in_quote: bool = False,
) -> list[Span]:
    """Where each spoiler Discord would read in ``markdown[start:end]`` starts and ends, bars
    included.

    Bars open a spoiler where the parser stands, past escapes, links and code spans; it closes
    at the parser's next bars (which reads escapes, links and code inside it alike), or, with
    ``lazy``, at the next raw ``||`` after at least one character. A spoiler that never closes
    is no spoiler. A line that starts a block (``_block_at``) where the parser stands outside a
    spoiler is read on its own: bars in it pair only with bars in it.
    """
    end = len(markdown) if end is None else end
    spans: list[Span] = []
    last_href = markdown.rfind("](", start, end)  # where the last masked link's address opens
    opened = -1  # where the open spoiler's bars stand (client reading)
    pos = start
    line_start = blocks and (start == 0 or markdown[start - 1] == "\n")
    while True:
        if line_start and opened < 0:
            line_start = False
            block = _block_at(markdown, pos, end, in_quote=in_quote)
            if block is _QUOTES_REST:
                in_quote = True  # the rest is one quote, read as the message is, minus quotes
            elif block is not None:
                block_end, nested = block
                spans += _spoiler_spans(
                    markdown,
                    closers,
                    special,
                    lazy=lazy,
                    start=pos,
                    end=block_end,
                    blocks=nested,
                    in_quote=True,
                )
                pos = block_end
                continue
        found = special.search(markdown, pos, end)
        if found is None:
            break
        pos = found.start()
        char = markdown[pos]
        if char == "\n":
            pos += 1
            line_start = blocks
        elif char == "\\":
            pos += 2 if _ESCAPABLE.match(markdown, pos + 1, end) else 1
        elif char in "hs":
            link = URL_PATTERN.match(markdown, pos, end)
            pos = link.end() if link else pos + 1
        elif char == "<":
            # An autolink ends at its ``>``: bars right after it are bars, not part of a link.
            link = _AUTOLINK.match(markdown, pos, end)
            pos = link.end() if link else pos + 1
        elif char == "`":
            run_end = _TICKS.match(markdown, pos, end).end()
            pos = _code_end(closers, run_end - pos, run_end, end)
        elif char in _SCOPING:
            # Most brackets start no link: one needs a "](" after it before the pattern is tried.
            span = _scoped_span(markdown, pos, end) if char != "[" or pos < last_href else None
            if span is None:
                pos += 1
                continue
            if opened < 0:
                # Its text is parsed on its own: bars in it pair only with bars in it.
                spans += _spoiler_spans(
                    markdown,
                    closers,
                    special,
                    lazy=lazy,
                    start=span.start(1),
                    end=span.end(1),
                    blocks=False,
                    in_quote=in_quote,
                )
            pos = span.end()  # inside an open spoiler its bars close nothing
        elif not markdown.startswith(BARS, pos, end):
            pos += 1  # a lone bar
        elif lazy:
            close = markdown.find(BARS, pos + len(BARS) + 1, end)
            if close == -1:
                break  # never closes: these bars and all after them are text
            spans.append((pos, close + len(BARS)))
            pos = close + len(BARS)
        elif opened < 0:
            opened, pos = pos, pos + len(BARS)
        elif pos == opened + len(BARS):
            pos += 1  # a spoiler holds something: a bar right after opening ones is text
        else:
            spans.append((opened, pos + len(BARS)))
            opened, pos = -1, pos + len(BARS)
    return spans


# Lines Discord parses on their own when its parser meets them at a line start outside any
# spoiler: a quote (consecutive `> ` lines are one; `>>> ` quotes the rest), a heading, subtext
# or list item (its line alone). Read generously: a line taken for a block that Discord does
# not take only makes the guard read more of a message; one missed would hide nothing.
_QUOTES_REST = (-1, False)
_QUOTE_REST = re.compile(r"[ \t]*>>>[ \t]")
_QUOTE_LINE = r"[ \t]*>(?!>>)[ \t][^\n]*"
_QUOTE_LINES = re.compile(f"{_QUOTE_LINE}(?:\n{_QUOTE_LINE})*")
_QUOTE_PREFIX = re.compile(r"[ \t]*>[ \t]?")
_LINE_BLOCK = re.compile(r"[ \t]*(?:#{1,3}|-#|[-*+]|\d+[.)])[ \t][^\n]*")


def _block_at(markdown: str, pos: int, end: int, *, in_quote: bool) -> tuple[int, bool] | None:
    """The block starting at line start ``pos``: where it ends and whether lines in it may start
    blocks of their own; ``_QUOTES_REST`` for a ``>>> `` quote; None if none starts here.
    Inside a quote no quote starts, and a line's ``> `` is passed over."""
    if not in_quote:
        if _QUOTE_REST.match(markdown, pos, end):
            return _QUOTES_REST
        if quote := _QUOTE_LINES.match(markdown, pos, end):
            return quote.end(), True
    elif prefix := _QUOTE_PREFIX.match(markdown, pos, end):
        pos = prefix.end()
    if line := _LINE_BLOCK.match(markdown, pos, end):
        return line.end(), False
    return None


Span = tuple[int, int]


def _overlap(first: list[Span], second: list[Span]) -> list[Span]:
    """The stretches both lists of sorted, disjoint spans cover."""
    both: list[Span] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start, end = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
        if start < end:
            both.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return both


# What can start a token.
_MEMBER_SPECIAL = re.compile(r"[\\`|\n\[*_~]|h(?=ttps?://)|s(?=team://)|<(?=https?://)")
_MEMBER_SPECIAL_WEB = re.compile(r"[\\`|\n\[*_~]|h(?=ttps?://)|<(?=https?://)")  # no steam://
# Spans whose text Discord parses on its own where its parser stands (simple-markdown's rules),
# so bars in one never pair with bars outside it: a masked link, [text](https://…), whose
# address (hover text) swallows any bars in it, and the styles: bold, underline, italics with
# either mark, strike-through.
_MASKED_LINK = re.compile(
    r"\[((?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*)\]"
    r"\(\s*<?(https?://(?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['\"][\s\S]*?['\"])?\s*\)"
)
_STYLED = {
    "*": (
        re.compile(r"\*\*((?:\\[\s\S]|[^\\])+?)\*\*(?!\*)"),
        re.compile(r"\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)"),
    ),
    "_": (
        re.compile(r"__((?:\\[\s\S]|[^\\])+?)__(?!_)"),
        # JavaScript's \b: ASCII word characters only.
        re.compile(r"(?<![A-Za-z0-9_])_((?:__|\\[\s\S]|[^\\_])+?)_(?![A-Za-z0-9_])"),
    ),
    "~": (re.compile(r"~~(?=\S)((?:\\[\s\S]|~(?!~)|[^\s~\\]|\s(?!~~))+?)~~"),),
}
_SCOPING = frozenset("[*_~")


def _scoped_span(markdown: str, pos: int, end: int) -> re.Match[str] | None:
    """The masked link or styled span starting at ``pos`` (its text is group 1), if any."""
    if markdown[pos] == "[":
        return _MASKED_LINK.match(markdown, pos, end)
    for pattern in _STYLED[markdown[pos]]:
        if span := pattern.match(markdown, pos, end):
            return span
    return None


_AUTOLINK = re.compile(f"<https?://[^{_JS_SPACE}>]+>")
_ESCAPABLE = re.compile(r"[^0-9A-Za-z\s]")
_TICKS = re.compile(r"`+")


def _tick_runs(text: str) -> dict[int, list[int]]:
    """Where each whole run of backticks starts, by its length (a code span closes on a run of
    exactly its opening's length; backslashes escape nothing inside code)."""
    runs: dict[int, list[int]] = {}
    for run in _TICKS.finditer(text):
        runs.setdefault(len(run[0]), []).append(run.start())
    return runs


def _code_end(closers: dict[int, list[int]], length: int, after: int, end: int) -> int:
    """Where the code span opened by a run of ``length`` backticks ending at ``after`` ends, or
    ``after`` if nothing before ``end`` closes it (the backticks are then text).

    Discord's inline-code pattern opens with the whole run if a later run of that length closes
    it, else (its opening backticks backtracking) with fewer, down to one: so in ``a `` b `c``
    the code runs from the first backtick to the third, the run's second backtick inside it.
    """
    for opening in range(length, 0, -1):
        starts = closers.get(opening, [])
        index = bisect.bisect_left(starts, after)
        if index < len(starts) and starts[index] + opening <= end:
            return starts[index] + opening
    return after


# Discord's escape rule: a backslash escapes anything but ASCII letters, digits and whitespace.
# A link swallows any bars right after it, as Discord's does. Text runs stop wherever one of the
# other kinds could start (an `h` or `s` only where a link could), so every token is of exactly
# one kind.
_PLAIN = r"[^\s|\\@hs]"  # a character that can start no other kind of token
_LONE_H = r"(?:h(?!ttps?://)|s(?!team://))"  # an `h` or `s` that starts no link


def _lexeme(url: re.Pattern[str], plain: str, lone: str) -> re.Pattern[str]:
    return re.compile(
        rf"""(?P<space>\s+)
        |(?P<bars>\|\|)
        |(?P<escape>\\[^0-9A-Za-z\s])
        |(?P<guard>{_MENTION_GUARD})
        |(?P<link>{url.pattern})
        |(?P<text>{plain}+(?:{lone}{plain}*)*|(?:{lone}{plain}*)+|.)""",
        re.VERBOSE | re.DOTALL,
    )


_LEXEME = _lexeme(URL_PATTERN, _PLAIN, _LONE_H)
# Text without a steam:// address (nearly all of it), where only `h` can start a link: runs
# broken only there are scanned faster, into the same tokens.
_LEXEME_WEB = _lexeme(_WEB_URL, r"[^\s|\\@h]", r"h(?!ttps?://)")
# (The text rule is `(?:{_PLAIN}|{_LONE_H})+` unrolled, which the regex engine runs faster.)
# Group name to token kind (a dict lookup: this is the renderer's hottest loop); bars are None.
_LEXEME_KINDS: dict[str | None, Lexeme | None] = {
    "space": Lexeme.SPACE,
    "bars": None,
    "escape": Lexeme.ESCAPE,
    "guard": Lexeme.GUARD,
    "link": Lexeme.LINK,
    "text": Lexeme.TEXT,
}
