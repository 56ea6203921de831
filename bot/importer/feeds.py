"""Source formats that wrap an article in another syntax, unwrapped into HTML or Markdown the
parsers read: a news feed (RSS or Atom) saved from "view source", whose entries hold their HTML
escaped or in CDATA, and a captions file (WebVTT or SRT), whose text runs across timed cues."""

from __future__ import annotations

import html
import re

from bot.importer.classify import named_kind, names_only
from bot.importer.cues import HEADLINE_CUE

_FEED_ROOT = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*)*"
    r"<(?:feed|rss|rdf:RDF)\b",
    re.S | re.I,
)
_ENTRY = re.compile(r"<(?P<tag>entry|item)\b[^>]*>(?P<body>.*?)</(?P=tag)>", re.S | re.I)
_CDATA = re.compile(r"<!\[CDATA\[(?P<text>.*?)\]\]>", re.S)
# The full text first; a summary or description is all some feeds carry.
_BODY_TAGS = ("content:encoded", "content", "description", "summary")
_MARKUP = re.compile(r"<[a-z!/]", re.I)


def _element(body: str, tag: str) -> str | None:
    """The text of an entry's element: CDATA as it stands, escaped markup unescaped once."""
    match = re.search(
        rf"<{re.escape(tag)}(?:\s[^>]*)?>(?P<text>.*?)</{re.escape(tag)}>", body, re.S | re.I
    )
    if match is None:
        return None
    text = match["text"].strip()
    cdata = _CDATA.fullmatch(text)
    if cdata:
        return cdata["text"]
    if _MARKUP.search(text) and "&lt;" not in text:
        return text  # Atom's type="xhtml": the markup is inline
    return html.unescape(text)


def _words(text: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", text).split())


def feed_article(text: str, dropped: list[str]) -> str | None:
    """The article of a news feed as an HTML page, or None when ``text`` is no feed.

    A feed lists several posts: the article is the entry whose title has an explainer's cue
    ("ending explained"), else the longest. The feed's own lines (its title, generator, ids)
    and the other entries are furniture; their titles are noted as dropped."""
    if not _FEED_ROOT.match(text):
        return None
    entries = []
    for match in _ENTRY.finditer(text):
        title = _element(match["body"], "title") or ""
        body = next((found for tag in _BODY_TAGS if (found := _element(match["body"], tag))), "")
        entries.append((html.unescape(re.sub(r"<[^>]+>", " ", title)).strip(), body))
    if not entries:
        return None
    chosen = max(entries, key=lambda entry: (bool(HEADLINE_CUE.search(entry[0])), _words(entry[1])))
    dropped.extend(title for title, _ in entries if (title, _) != chosen and title)
    title, body = chosen
    if not _MARKUP.search(body):
        body = "".join(f"<p>{html.escape(part)}</p>" for part in re.split(r"\n\s*\n", body))
    heading = html.escape(title)
    return (
        f"<html><head><title>{heading}</title></head><body><article>"
        f"<h1>{heading}</h1>\n{body}</article></body></html>"
    )


_CAPTIONS_HEADER = re.compile(r"\AWEBVTT\b[^\n]*\n(?:[A-Za-z-]+:[^\n]*\n)*", re.I)
_CUE_TIMING = re.compile(
    r"^(?:\d+\n)?(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}\s+-->\s+(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}"
    r"[^\n]*$",
    re.M,
)
_MIN_CUES = 3
# Sounds, not words: "[Music]", "(applause)", "♪".
_SOUND_CUE = re.compile(r"^\s*(?:[\[(][^\])\n]{1,30}[\])]|♪+)\s*$")
_CUE_TAG = re.compile(r"</?(?:c|v|i|b|u|ruby|rt|lang)(?:[.\s][^>]*)?>|<\d{2}:\d{2}[^>]*>")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?$")
_NOTE_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)\b.*?(?:\n\s*\n|\Z)", re.M | re.S)


def captions_text(text: str, dropped: list[str]) -> str | None:
    """A WebVTT or SRT captions file as plain text, or None when ``text`` is none.

    Cues split sentences wherever the screen ran out, so the spoken text is joined across them
    and cut into paragraphs where a cue ends a sentence or a sound cue ("[Music]") comes.
    Timings, cue numbers, cue settings, sound cues and the file's header are dropped."""
    header = _CAPTIONS_HEADER.match(text)
    timings = _CUE_TIMING.findall(text)
    if len(timings) < _MIN_CUES or (header is None and not _CUE_TIMING.match(text.lstrip())):
        return None
    if header:
        dropped.append(header.group().strip())
        text = text[header.end() :]
    text = _NOTE_BLOCK.sub("", text)
    paragraphs: list[list[str]] = [[]]
    for cue in _CUE_TIMING.split(text):
        lines = [_CUE_TAG.sub("", line).strip() for line in cue.strip().split("\n")]
        said: list[str] = []
        for line in [*lines, ""]:
            if line and not _SOUND_CUE.match(line):
                said.append(line)
                continue
            words = " ".join(said)
            said = []
            if words:
                paragraphs[-1].append(words)
                if _SENTENCE_END.search(words):
                    paragraphs.append([])
            if line:  # a sound, on its own cue or after the words of one: "[Music]"
                dropped.append(line)
                paragraphs.append([])
    spoken = [" ".join(paragraph) for paragraph in paragraphs if paragraph]
    return "\n\n".join(_spoken_headings(spoken)) + "\n"


# A speaker names the part they start in a sentence of its own: "So, the ending.", "Now, the
# story.", "And the last image:", "Let's talk themes." Openers and fillers come off the name.
_SPOKEN_OPENER = re.compile(
    r"^(?:(?:ok(?:ay)?|so|now|right|alright|all right|well|and|first|next|finally|then)"
    r"[,.!]?\s+)*(?:let['’]?s (?:talk(?: about)?|get (?:in)?to|move on to|look at)\s+"
    r"|(?:moving )?on to\s+)?",
    re.I,
)
_SPOKEN_SENTENCE = re.compile(r"(?<=[.!?:])\s+")
_MIN_SPOKEN_HEADINGS = 2


def _spoken_headings(paragraphs: list[str]) -> list[str]:
    """Paragraphs with each sentence that only names a section ("So, the ending.") set on its
    own as a Markdown heading, when the speaker names two parts or more: captions have no
    headings but the ones said out loud."""
    out: list[str] = []
    named = 0
    for paragraph in paragraphs:
        current: list[str] = []
        for sentence in _SPOKEN_SENTENCE.split(paragraph):
            name = _SPOKEN_OPENER.sub("", sentence).strip(" .:!")
            if name and named_kind(name, "") is not None and names_only(name, ""):
                if current:
                    out.append(" ".join(current))
                    current = []
                out.append(f"## {name[0].upper()}{name[1:]}")
                named += 1
            else:
                current.append(sentence)
        if current:
            out.append(" ".join(current))
    if named < _MIN_SPOKEN_HEADINGS:
        return paragraphs
    return out
