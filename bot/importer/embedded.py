"""A document embedded in a page's ``<iframe srcdoc="…">``: a newsletter archive shows its issue
that way, as do mail previews and some CMS embeds. The attribute holds the whole document,
escaped (``&lt;p&gt;``, ``&#34;``); it is put back in the page, in the iframe's place, as the
markup it is, so the article inside is read with the page around it."""

from __future__ import annotations

import html
import re

_SRCDOC_FRAME = re.compile(
    r"<iframe\b(?P<before>[^>]*?)\ssrcdoc\s*=\s*(?P<quote>[\"'])(?P<doc>.*?)(?P=quote)"
    r"[^>]*>(?P<fallback>.*?)</iframe\s*>",
    re.I | re.S,
)
_BODY = re.compile(r"<body\b[^>]*>(?P<inner>.*?)(?:</body\s*>|\Z)", re.I | re.S)
# Its own head (title, styles) says nothing the page does not.
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.I | re.S)
_CODE = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
# Ad slots and widgets are drawn in srcdoc frames too: a few words and a script. Only a
# document with a paragraph's worth of words is put back; the rest go with their frame.
_MIN_WORDS = 40


def srcdoc_inlined(text: str) -> str:
    """``text`` with each iframe's srcdoc document in place of the iframe."""
    if "srcdoc" not in text.lower():
        return text
    return _SRCDOC_FRAME.sub(_inline, text)


def _inline(match: re.Match[str]) -> str:
    document = html.unescape(match["doc"])
    body = _BODY.search(document)
    inner = body["inner"] if body else _HEAD.sub("", document)
    if len(_TAG.sub(" ", _CODE.sub(" ", inner)).split()) < _MIN_WORDS:
        return ""
    return f'<div class="srcdoc">{inner}</div>'
