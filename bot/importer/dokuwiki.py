"""A DokuWiki page pasted as its source, read as the Markdown it renders to.

Headings count down: ``====== Title ======`` (six) is the page's title, ``===== Section =====``
a section, two ``=`` the smallest. Emphasis is ``**bold**``, ``//italic//``, ``__underlined__``
and ``''monospace''``; links are ``[[target|shown]]``; ``{{…}}`` is a picture or a plugin's call
(``{{tag>…}}``); ``((…))`` is a footnote; lists are indented two spaces (``*`` bullets, ``-``
numbers); a table's header cells open with ``^``. Plugins' boxes hold text: ``<WRAP …>`` a box
around it, ``<hidden Label>`` text hidden until its label is clicked (a spoiler box: its text
goes in Discord's ``||bars||``, its control label is not text). ``~~NOTOC~~`` and other
``~~MACROS~~`` are settings."""

from __future__ import annotations

import re

from bot.spoiler_policy.markup import behind_bars

_HEADING = re.compile(
    r"^[ \t]*+(?P<marks>={2,6})[ \t]*+(?P<text>[^=\n]*[^=\s])[ \t]*(?P=marks)[ \t]*+$"
)
# Syntax lives on short lines; a longer one is text (and no pattern's worst case).
_MAX_SYNTAX_LINE = 1000
# What only DokuWiki writes (MediaWiki's source has ''' and {{Templates}} instead).
_SIGNS = (
    re.compile(r"^~~[A-Z]+(?::[^~]*)?~~\s*$", re.M),
    re.compile(r"(?<![:/\w])//[^/\n]+//"),
    re.compile(r"\{\{\s*:?[\w:./-]+\.(?:jpe?g|png|gif|svg|webp)\b"),
    re.compile(r"\{\{tag>"),
    re.compile(r"<WRAP\b|<hidden\b|</hidden>", re.I),
    re.compile(r"\(\([^()\n]+\)\)"),
    re.compile(r"^\^.+\^[ \t]*$", re.M),
    re.compile(r"^  (?:\*|-) \S", re.M),
)
_MIN_SIGNS = 2
_MIN_HEADINGS = 2

_MACRO = re.compile(r"^~~[A-Z]+(?::[^~]*)?~~\s*$")
_BOX_LINE = re.compile(r"^\s*</?WRAP\b[^>]*>\s*$", re.I)
_HIDDEN = re.compile(r"<hidden\b(?P<label>[^<>]{0,200})>(?P<body>.*?)</hidden>", re.S | re.I)
_EMBED_LINE = re.compile(r"^\s*\{\{[^{}]*\}\}\s*$")
_EMBED = re.compile(r"\{\{[^{}\n]*\}\}")
_FOOTNOTE = re.compile(r"\(\((?P<note>[^()]+?)\)\)", re.S)
_LINK = re.compile(r"\[\[(?:[^\]|]+\|)?(?P<shown>[^\]|]+)\]\]")
_ITALIC = re.compile(r"(?<![:/\w])//(?P<text>[^/\n]+?)//")
_UNDERLINE = re.compile(r"__(?P<text>[^_\n]+)__")
_MONO = re.compile(r"''(?P<text>[^'\n]+)''")
_LIST_ITEM = re.compile(r"^(?P<indent>(?:  |\t)+)(?P<mark>[*-])[ \t]+(?P<text>.*)$")
# (never a hidden box's text this reader put in Discord's ||bars||)
_TABLE_ROW = re.compile(r"^[ \t]*[\^|](?!\|).*[\^|][ \t]*$")
_LINE_BREAK = re.compile(r"\\\\(?:\s|$)")


def is_dokuwiki(text: str) -> bool:
    headings = sum(
        bool(len(line) <= _MAX_SYNTAX_LINE and _HEADING.match(line)) for line in text.split("\n")
    )
    return headings >= _MIN_HEADINGS and sum(bool(s.search(text)) for s in _SIGNS) >= _MIN_SIGNS


def dokuwiki_markdown(text: str, dropped: list[str]) -> str | None:
    """``text`` as Markdown when it is a DokuWiki page's source, else None."""
    if not is_dokuwiki(text):
        return None
    notes: list[str] = []

    def note(match: re.Match[str]) -> str:
        notes.append(" ".join(match["note"].split()))
        return f"[^{len(notes)}]"

    def hidden(match: re.Match[str]) -> str:
        label = match["label"].strip()
        if label:
            dropped.append(label)
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", match["body"].strip())]
        return "\n\n" + "\n\n".join(behind_bars(p) for p in paragraphs if p) + "\n\n"

    end = text.rfind("</hidden>")  # (an unclosed box is tried no further than the last close)
    cut = end + len("</hidden>") if end >= 0 else 0
    text = _HIDDEN.sub(hidden, text[:cut]) + text[cut:]
    text = _FOOTNOTE.sub(note, text)
    out: list[str] = []
    table: list[str] = []

    def flush_table() -> None:
        if table:
            rows = [
                "| " + " | ".join(c.strip() for c in re.split(r"[\^|]", row.strip())[1:-1]) + " |"
                for row in table
            ]
            width = rows[0].count("|") - 1
            out.extend([rows[0], "|" + " --- |" * width, *rows[1:], ""])
            table.clear()

    for line in text.split("\n"):
        if len(line) > _MAX_SYNTAX_LINE:
            flush_table()
            out.append(line)
            continue
        if _TABLE_ROW.match(line):
            table.append(line)
            continue
        flush_table()
        heading = _HEADING.match(line)
        if heading:
            out += ["", "#" * (7 - len(heading["marks"])) + " " + heading["text"], ""]
        elif _MACRO.match(line.strip()) or _BOX_LINE.match(line) or _EMBED_LINE.match(line):
            dropped.append(line.strip())
        elif item := _LIST_ITEM.match(line):
            depth = len(item["indent"].expandtabs(2)) // 2 - 1
            marker = "-" if item["mark"] == "*" else "1."
            out.append("  " * depth + f"{marker} {item['text']}")
        else:
            out.append(line)
    flush_table()
    body = "\n".join(out)
    if notes:
        body += "\n\n" + "\n".join(f"[^{n}]: {text}" for n, text in enumerate(notes, 1)) + "\n"
    return _inline_markdown(body)


def _inline_markdown(text: str) -> str:
    text = _LINK.sub(r"\g<shown>", _EMBED.sub("", text))
    text = _ITALIC.sub(r"*\g<text>*", text)
    text = _UNDERLINE.sub(r"\g<text>", _MONO.sub(r"\g<text>", text))
    return _LINE_BREAK.sub("\n", text)
