"""A wiki page pasted as its MediaWiki source (wikitext), read as the Markdown it renders to.

Headings are ``== Plot ==``, emphasis is ``'''bold'''`` and ``''italic''``, links are
``[[Target|shown]]`` and ``[https://… label]``, and everything else is a template call
(``{{Infobox film|…}}``, ``{{Reflist}}``) or a ``<ref>`` holding a ``{{cite …}}``. Templates are
furniture, except three that carry the article: the film infobox names the film and its year
(the page's own title is not in its source), a ``{{Spoiler}}`` template is a spoiler warning,
and a citation is a numbered note."""

from __future__ import annotations

import re

from bot.importer.chrome import SPOILER_WARNING_LINE

_HEADING = re.compile(r"^(?P<marks>={2,6})\s*(?P<text>[^=\n]+?)\s*(?P=marks)\s*$", re.M)
_WIKI_MARKUP = re.compile(r"\[\[[^\]\n]+\]\]|\{\{[^{}\n]*|'''[^'\n]+'''")
_MIN_HEADINGS = 2
_MAX_TEMPLATE = 20_000

_REF = re.compile(r"<ref(?P<attrs>[^>/]*)(?:/>|>(?P<body>.*?)</ref\s*>)", re.S | re.I)
_REF_NAME = re.compile(r"""name\s*=\s*["']?(?P<name>[^"'>/]+?)["']?\s*$""", re.I)
_REFERENCES_TAG = re.compile(r"<references\s*/>|\{\{\s*(?:reflist|references)\b[^{}]*\}\}", re.I)
_SPOILER_TEMPLATE = re.compile(r"\{\{\s*spoiler\s*(?:\|[^{}]*)?\}\}", re.I)
_END_SPOILER_TEMPLATE = re.compile(r"\{\{\s*end ?spoiler\s*\}\}", re.I)
_FILE_LINK = re.compile(
    r"\[\[(?:file|image|category|media):[^\[\]]*(?:\[\[[^\]]*\]\][^\[\]]*)*\]\]", re.I
)
_LINK = re.compile(r"\[\[(?:[^\]|]+\|)?(?P<shown>[^\]|]+)\]\]")
_EXTERNAL_LINK = re.compile(r"\[(?:https?:)?//\S+\s+(?P<label>[^\]]+)\]")
_BARE_EXTERNAL_LINK = re.compile(r"\[(?:https?:)?//\S+\]")
_TABLE = re.compile(r"^\{\|.*?^\|\}[ \t]*$", re.M | re.S)
_MAGIC_WORD = re.compile(r"__[A-Z]+__")
_FILM_YEAR = re.compile(r"\b(?:18|19|20)\d\d\b")


def is_wikitext(text: str) -> bool:
    return len(_HEADING.findall(text)) >= _MIN_HEADINGS and bool(_WIKI_MARKUP.search(text))


def _templates(text: str) -> list[tuple[int, int]]:
    """The spans of the outermost ``{{…}}`` calls, nested ones inside them."""
    spans: list[tuple[int, int]] = []
    depth, start, index = 0, 0, 0
    while index < len(text) - 1:
        pair = text[index : index + 2]
        if pair == "{{":
            if depth == 0:
                start = index
            depth += 1
            index += 2
        elif pair == "}}" and depth:
            depth -= 1
            index += 2
            if depth == 0:
                spans.append((start, index))
        else:
            index += 1
    return spans


def _fields(template: str) -> dict[str, str]:
    """A template's named fields (``| name = value``), the nested calls in values kept."""
    inner = template[2:-2]
    parts: list[str] = []
    depth, current = 0, []
    for index, char in enumerate(inner):
        pair = inner[index : index + 2]
        if pair in ("{{", "[["):
            depth += 1
        elif pair in ("}}", "]]") and depth:
            depth -= 1
        if char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    fields = {}
    for part in parts[1:]:
        key, equals, value = part.partition("=")
        if equals:
            fields[key.strip().lower()] = value.strip()
    return fields


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: m["shown"], text)
    text = re.sub(r"'{2,}", "", text)
    return " ".join(re.sub(r"\{\{[^{}]*\}\}", " ", text).split())


def _citation(body: str) -> str:
    """A ``<ref>``'s text as a note line: a ``{{cite …}}`` as "Author, "Title", Work, date."."""
    spans = _templates(body)
    if not spans:
        return _plain(body)
    fields = _fields(body[spans[0][0] : spans[0][1]])
    author = fields.get("author") or " ".join(
        filter(None, (fields.get("first", ""), fields.get("last", "")))
    )
    work = next(
        (
            fields[key]
            for key in ("work", "newspaper", "magazine", "journal", "website", "publisher")
            if fields.get(key)
        ),
        "",
    )
    title = fields.get("title", "")
    parts = [
        _plain(author),
        f'"{_plain(title)}"' if title else "",
        _plain(work),
        _plain(fields.get("date") or fields.get("year") or ""),
    ]
    return ", ".join(part for part in parts if part) + "."


def _infobox_headline(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The film an infobox describes, dated by its release, as the page's headline."""
    for start, end in spans:
        if re.match(r"\{\{\s*infobox (?:film|movie)\b", text[start:end], re.I):
            fields = _fields(text[start:end])
            name = _plain(fields.get("name", ""))
            year = _FILM_YEAR.search(fields.get("released", ""))
            if name:
                return f"{name} ({year.group()})" if year else name
    return None


def wikitext_markdown(text: str, dropped: list[str]) -> str | None:
    """``text`` as Markdown when it is wikitext, else None."""
    if not is_wikitext(text):
        return None
    notes: list[str] = []
    names: dict[str, int] = {}

    def note(match: re.Match[str]) -> str:
        name = _REF_NAME.search(match["attrs"] or "")
        key = name["name"].strip() if name else None
        if key and key in names:
            return f"[^{names[key]}]"
        if match["body"] is None:
            return ""
        notes.append(_citation(match["body"]))
        if key:
            names[key] = len(notes)
        return f"[^{len(notes)}]"

    text = _REF.sub(note, text)
    text = _SPOILER_TEMPLATE.sub(SPOILER_WARNING_LINE, text)
    text = _END_SPOILER_TEMPLATE.sub("", text)
    references = "\n\n" + "\n".join(f"[^{n}]: {line}" for n, line in enumerate(notes, 1)) + "\n"
    text = _REFERENCES_TAG.sub(lambda _: references if notes else "", text, count=1)
    if notes and references not in text:
        text += "\n\n## References" + references
    spans = _templates(text)
    headline = _infobox_headline(text, spans)
    pieces, last = [], 0
    for start, end in spans:
        if end - start <= _MAX_TEMPLATE:
            dropped.append(" ".join(text[start:end].split()))
        pieces.append(text[last:start])
        last = end
    text = "".join([*pieces, text[last:]])
    for table in _TABLE.findall(text):
        dropped.append(" ".join(table.split()))
    text = _TABLE.sub("", text)
    dropped.extend(_FILE_LINK.findall(text))
    text = _FILE_LINK.sub("", text)
    text = _MAGIC_WORD.sub("", text)
    text = _LINK.sub(lambda m: m["shown"], text)
    text = _EXTERNAL_LINK.sub(lambda m: m["label"], text)
    text = _BARE_EXTERNAL_LINK.sub("", text)
    text = re.sub(r"'''''(.+?)'''''", r"***\1***", text)
    text = re.sub(r"'''(.+?)'''", r"**\1**", text)
    text = re.sub(r"''(.+?)''", r"*\1*", text)
    text = re.sub(r"^#+[ \t]*(?=\S)", "1. ", text, flags=re.M)  # a numbered list's lines
    text = _HEADING.sub(lambda m: f"{'#' * (len(m['marks']))} {m['text']}", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return f"# {headline}\n\n{text}\n" if headline else text + "\n"
