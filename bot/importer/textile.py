"""Textile (Redmine and Textpattern wikis, some forums) and the Jira/Confluence wiki markup that
grew from it, read as Markdown. Their headings are "h2. The ending", their quotes "bq. …", their
footnotes "fn1. …" under "[1]" marks; "# " opens a numbered list, not a heading; "*bold*",
"_italic_", "%{color:red}span%", "p(class). " block attributes, ""text":url" links, "!image!"
and "{{toc}}" macros. A page is read as Textile only when it has such headings."""

from __future__ import annotations

import re

# Block attributes: "(class)", "{style}", "[lang]", alignment "<>=", padding "(" and ")".
_ATTRS = r"(?:\([^()\n]+\)|\{[^{}\n]*\}|\[[^\[\]\n]*\]|[<>=()])*"
_HEADING = re.compile(rf"^h(?P<depth>[1-6]){_ATTRS}\.\s+(?P<text>\S.*)$")
_MIN_HEADINGS = 2
_PARAGRAPH = re.compile(rf"^p{_ATTRS}\.\s+")
_QUOTE = re.compile(rf"^bq{_ATTRS}\.\.?\s+")
_NOTE = re.compile(rf"^fn(?P<number>\d+){_ATTRS}\.\s+")
_CODE = re.compile(rf"^(?:bc|pre|notextile){_ATTRS}\.\.?\s+")
_BULLET = re.compile(rf"^(?P<marks>\*+){_ATTRS}\s+")
_NUMBER = re.compile(rf"^(?P<marks>#+){_ATTRS}\s+")
# Redmine's and Confluence's macros on a line of their own: "{{toc}}", "{toc}", "{quote}".
_MACRO_LINE = re.compile(
    r"^\s*(?:\{\{[^}\n]*\}\}|\{(?:toc|quote|panel|noformat|code)[^}\n]*\})\s*$"
)
_SPAN = re.compile(r"%(?:\{[^}\n]*\}|\([^)\n]*\)|\[[^\]\n]*\])*(?P<text>[^%\n]+)%")
_BOLD = re.compile(r"(?<![\w*])\*{1,2}(?=\S)(?P<text>[^*\n]+?)(?<=\S)\*{1,2}(?![\w*])")
_LINK = re.compile(r"\"(?P<text>[^\"\n]+)\":(?P<url>(?:https?://|/|#)[^\s<>\"]*[^\s<>\".,;:!?)])")
_IMAGE = re.compile(r"!(?:[<>=]|\([^)\n]*\))*(?P<src>[^\s!()]+)(?:\((?P<alt>[^)\n]*)\))?!(?::\S+)?")
_NOTE_MARK = re.compile(r"(?<=\S)\[(?P<number>\d+)\]")


def is_textile(text: str) -> bool:
    headings = sum(1 for line in text.split("\n", 400)[:400] if _HEADING.match(line.strip()))
    return headings >= _MIN_HEADINGS


def textile_markdown(text: str, dropped: list[str]) -> str | None:
    """``text`` as Markdown when it is Textile, else None."""
    if not is_textile(text):
        return None
    notes = {m["number"] for m in map(_NOTE.match, text.split("\n")) if m}
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if _MACRO_LINE.match(line):
            dropped.append(line)
            continue
        if heading := _HEADING.match(line):
            out.append(f"{'#' * int(heading['depth'])} {_inline(heading['text'], notes)}")
            continue
        if note := _NOTE.match(line):
            out.append(f"[^{note['number']}]: {_inline(line[note.end() :], notes)}")
            continue
        if quote := _QUOTE.match(line):
            out.append(f"> {_inline(line[quote.end() :], notes)}")
            continue
        if code := _CODE.match(line):
            line = line[code.end() :]
        elif paragraph := _PARAGRAPH.match(line):
            line = line[paragraph.end() :]
        elif bullet := _BULLET.match(line):
            indent = "  " * (len(bullet["marks"]) - 1)
            line = f"{indent}- {line[bullet.end() :]}"
        elif number := _NUMBER.match(line):
            indent = "   " * (len(number["marks"]) - 1)
            line = f"{indent}1. {line[number.end() :]}"
        out.append(_inline(line, notes))
    return "\n".join(out)


def _inline(text: str, notes: set[str]) -> str:
    text = _IMAGE.sub(lambda m: "", text)
    text = _SPAN.sub(lambda m: m["text"], text)
    text = _LINK.sub(lambda m: f"[{m['text']}]({m['url']})", text)
    text = _BOLD.sub(lambda m: f"**{m['text']}**", text)
    if notes:
        text = _NOTE_MARK.sub(
            lambda m: f"[^{m['number']}]" if m["number"] in notes else m.group(), text
        )
    return text.strip() if text.strip() != text else text
