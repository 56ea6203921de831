"""An AsciiDoc post (the source an Asciidoctor, Antora or Jekyll-AsciiDoc blog keeps), read as
the Markdown it renders like.

``= Title`` is the headline and the author and revision lines under it, ``:attribute:`` entries,
``// comments``, ``include::`` and block images are never shown as text; ``== Section`` lines are
headings. A block's ``.Title`` heads it; ``[NOTE]``/``[%collapsible]`` and other attribute
lines only style it, and the ``====``, ``****``, ``--`` delimiters are syntax. A collapsible
block hides its text until clicked, so its paragraphs go in Discord's ``||bars||``, and a title
that only says how to open it ("Show the ending") is a control, not a heading. ``Term::`` lists
are labelled entries (a ``[qanda]`` list's terms are questions); ``footnote:[…]`` is a note;
``*bold*``, ``_italic_``, ``kbd:[…]``, ``link:url[text]`` and ``{attribute}`` read as shown.
Content for GitHub's renderer alone (``ifdef::env-github[]``) is not the post's."""

from __future__ import annotations

import re

from bot.spoiler_policy.markup import behind_bars

_TITLE = re.compile(r"^=\s+(?P<title>\S.*)$")
_SECTION = re.compile(r"^(?P<marks>={2,6})\s+(?P<title>\S.*)$")
_ATTRIBUTE = re.compile(r"^:(?P<name>!?[\w-]+!?):\s*(?P<value>.*)$")
_BLOCK_ATTRIBUTES = re.compile(r"^\[[^\]]*\]$|^\[\[[\w:.-]+(?:,[^\]]*)?\]\]$")
_LIST_ITEM = re.compile(r"^(?P<marks>\*{1,5}|-|\.{1,5})\s+(?P<text>\S.*)$")
_BLOCK_TITLE = re.compile(r"^\.(?P<title>[^\s.].*)$")
_DELIMITER = re.compile(r"^(?:={4,}|\*{4,}|-{4,}|\.{4,}|_{4,}|\+{4,}|--)$")
_COMMENT_BLOCK = re.compile(r"^/{4,}$")
_DIRECTIVE = re.compile(r"^(?:include|image|video|audio|toc)::.*\]$")
_CONDITION = re.compile(
    r"^(?P<kind>ifdef|ifndef|ifeval|endif)::(?P<target>[^\[]*)\[(?P<body>.*)\]$"
)
_ADMONITION = re.compile(r"^(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+")
_TERM = re.compile(r"^(?P<term>\S.*?)(?P<marks>:{2,4}|;;)(?:\s+(?P<text>.*))?$")
_CONTROL = re.compile(r"^(?:show|reveal|click|tap|expand|open|toggle|see)\b", re.I)
_SIGNS = (
    re.compile(r"^=\s+\S", re.M),
    re.compile(r"^={2,6}\s+\S", re.M),
    re.compile(r"^:[\w-]+:", re.M),
    re.compile(r"^\[(?:NOTE|TIP|WARNING|CAUTION|IMPORTANT|%collapsible|qanda|\.[\w-]+)", re.M),
    re.compile(r"^(?:={4}|\*{4})$", re.M),
    re.compile(r"\bfootnote:\[|\b(?:include|image)::", re.M),
)
_MIN_SIGNS = 3
# Renderers other than the site's: what is only shown there is not the post.
_OTHER_RENDERERS = re.compile(r"^env-(?:github|gitlab)$")


def is_asciidoc(text: str) -> bool:
    head = text[:20000]
    return _TITLE.match(text.lstrip().split("\n", 1)[0]) is not None and (
        sum(bool(sign.search(head)) for sign in _SIGNS) >= _MIN_SIGNS
    )


class _Inline:
    def __init__(self, attributes: dict[str, str]) -> None:
        self.attributes = attributes
        self.notes: list[str] = []

    def __call__(self, text: str) -> str:
        text = re.sub(r"\{([\w-]+)\}", lambda m: self.attributes.get(m[1], m[0]), text)
        text = re.sub(r"\bfootnote:\[(?P<note>(?:[^\[\]]|\[[^\]]*\])*)\]", self._note, text)
        text = re.sub(r"\b(?:kbd|btn|menu|pass):\[(?P<text>[^\]]*)\]", r"\g<text>", text)
        text = re.sub(r"\bimage:[^\s\[]+\[[^\]]*\]", "", text)
        text = re.sub(r"\blink:(?P<url>\S+?)\[(?P<text>[^\]]*)\]", r"[\g<text>](\g<url>)", text)
        text = re.sub(
            r"(?P<url>https?://[^\s\[]+)\[(?P<text>[^\]]+)\]", r"[\g<text>](\g<url>)", text
        )
        text = re.sub(r"<<[^>]*>>", "", text)
        text = re.sub(r"(?<![\w*])\*(?=\S)(?P<text>[^*\n]*?\S)\*(?![\w*])", r"**\g<text>**", text)
        return re.sub(r"(?<![\w_])_(?=\S)(?P<text>[^_\n]*?\S)_(?![\w_])", r"*\g<text>*", text)

    def _note(self, match: re.Match[str]) -> str:
        self.notes.append(" ".join(match["note"].split()))
        return f"[^{len(self.notes)}]"


def _list_items_apart(lines: list[str]) -> list[list[str]]:
    """A block's paragraphs, each list entry one of its own ("* item" as "- item")."""
    out: list[list[str]] = []
    for paragraph in _paragraphs(lines):
        current: list[str] | None = None
        for line in paragraph:
            item = _LIST_ITEM.match(line.strip())
            if item:
                bullet = "1." if item["marks"].startswith(".") else "-"
                current = [f"{bullet} {item['text']}"]
                out.append(current)
            elif current is None:
                current = [line]
                out.append(current)
            else:
                current.append(line)  # the paragraph, or the entry, wraps onto this line
    return out


def _paragraphs(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def asciidoc_markdown(text: str, dropped: list[str]) -> str | None:
    """The post as Markdown, or None when ``text`` is no AsciiDoc."""
    if not is_asciidoc(text):
        return None
    lines = _notes_joined(text.replace("\r\n", "\n").split("\n"))
    attributes: dict[str, str] = {}
    inline = _Inline(attributes)
    out: list[str] = []
    index = 0
    # The document header: the title, then author and revision lines and attributes, up to a
    # blank line.
    while index < len(lines) and not lines[index].strip():
        index += 1
    title = _TITLE.match(lines[index]) if index < len(lines) else None
    if title:
        out += [f"# {title['title'].strip()}", ""]
        index += 1
        while index < len(lines) and lines[index].strip():
            attribute = _ATTRIBUTE.match(lines[index])
            if attribute:
                attributes[attribute["name"]] = attribute["value"].strip()
            dropped.append(lines[index].strip())
            index += 1
    skipping = 0  # depth of conditional blocks whose text is for another renderer
    block_title: str | None = None
    styles: list[str] = []
    open_blocks: list[tuple[str, bool]] = []  # (delimiter, collapsible)
    body: list[str] = []
    in_comment = False
    qanda = False

    def flush() -> None:
        nonlocal body
        hidden = any(collapsible for _, collapsible in open_blocks)
        for paragraph in _list_items_apart(body):
            text = inline(" ".join(line.strip() for line in paragraph))
            text = _ADMONITION.sub("", text)
            out.extend([behind_bars(text) if hidden else text, ""])
        body = []

    for line in lines[index:]:
        bare = line.strip()
        if in_comment:
            in_comment = not _COMMENT_BLOCK.match(bare)
            continue
        if _COMMENT_BLOCK.match(bare):
            in_comment = True
            continue
        condition = _CONDITION.match(bare)
        if condition:
            if condition["kind"] == "endif":
                skipping = max(skipping - 1, 0) if skipping else 0
            elif skipping or (
                condition["kind"] == "ifdef"
                and not condition["body"]
                and _OTHER_RENDERERS.match(condition["target"])
            ):
                skipping += 1
            continue
        if skipping:
            dropped.append(bare)
            continue
        if bare.startswith("//") or _DIRECTIVE.match(bare) or bare == "'''":
            flush()
            if bare and not bare.startswith("//"):
                dropped.append(bare)
            continue
        attribute = _ATTRIBUTE.match(bare)
        if attribute:
            attributes[attribute["name"]] = attribute["value"].strip()
            continue
        section = _SECTION.match(bare)
        if section and not open_blocks:
            flush()
            out += ["", f"{'#' * len(section['marks'])} {inline(section['title'])}", ""]
            block_title, styles, qanda = None, [], False
            continue
        if _BLOCK_ATTRIBUTES.match(bare) and not _DELIMITER.match(bare):
            flush()
            styles = [s.strip() for s in bare[1:-1].split(",")]
            qanda = qanda or "qanda" in styles
            continue
        heading = _BLOCK_TITLE.match(bare)
        if heading and not body:
            block_title = heading["title"].strip()
            continue
        if _DELIMITER.match(bare):
            flush()
            if open_blocks and open_blocks[-1][0] == bare:
                open_blocks.pop()
                continue
            collapsible = "%collapsible" in styles
            if block_title and not (collapsible and _CONTROL.match(block_title)):
                out += [f"{'#' * 4} {inline(block_title)}", ""]
            elif block_title:
                dropped.append(block_title)
            open_blocks.append((bare, collapsible))
            block_title, styles = None, []
            continue
        term = _TERM.match(bare) if not line[:1].isspace() else None
        if term and (qanda or not body):
            flush()
            words = inline(term["term"].strip())
            if qanda:
                out += [f"#### {words}", ""]
                if term["text"]:
                    body.append(term["text"])
            else:
                text = f" {inline(term['text'])}" if term["text"] else ""
                out.append(f"- **{words}**:{text}")
            continue
        if line[:1].isspace() and out and out[-1].startswith("- **") and not body and bare:
            out[-1] = f"{out[-1]} {inline(bare)}"  # the entry's text, indented under its term
            continue
        if not bare:
            flush()
            continue
        if block_title and not body:
            out += [f"#### {inline(block_title)}", ""]
            block_title = None
        body.append(bare)
    flush()
    notes = [f"[^{n}]: {inline(note)}" for n, note in enumerate(inline.notes, 1)]
    return "\n".join([*out, *notes]).strip() + "\n"


_MAX_NOTE_LINES = 12  # a note runs onto a few lines; one never closed stops joining there


def _notes_joined(lines: list[str]) -> list[str]:
    """A ``footnote:[…]`` that runs onto the next lines, on one line again."""
    out: list[str] = []
    joined = 0
    for line in lines:
        if out and joined < _MAX_NOTE_LINES and _open_note(out[-1]):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
            joined += 1
        else:
            out.append(line)
            joined = 0
    return out


def _open_note(line: str) -> bool:
    start = line.rfind("footnote:[")
    if start < 0:
        return False
    rest = line[start + len("footnote:") :]
    return rest.count("[") > rest.count("]")
