"""Markdown written for one tool, whose extra syntax is markup, not the article's text:

- MDX (Docusaurus, Next.js blogs): ``import``/``export`` lines, ``{/* comments */}`` and JSX
  components; a component alone on its line (``<FilmCard … />``, ``<YouTube id=… />``) is an
  embed, a wrapper (``<Callout>…</Callout>``) keeps its text, and ``<Spoiler>…</Spoiler>`` hides
  its text as Discord's ``||bars||`` do.
- Pandoc and Quarto (``.qmd``, R Markdown): executable code chunks (```` ```{r} ````), fenced
  divs (``::: {.class}``; a callout is a titled box, a collapsed one hidden until clicked as an
  MkDocs ``???`` box is), heading attributes (``{#sec-ending}``), citations (``[@key]``) and
  cross-references (``@tbl-rules``), and inline notes (``^[…]``) as numbered notes.
- Logseq's outline pages: ``key:: value`` properties, tasks (``TODO``, ``DONE``, ``SCHEDULED:``)
  with what they hold, ``{{embed …}}`` and ``{{query …}}`` macros, ``((block refs))``,
  ``^^highlights^^`` and lines of nothing but tags.
- rentry.co's pastes: ``-> centred <-`` lines, ``%colour% text %%`` spans (whose closing ``%%``
  is no Obsidian comment), one-line admonitions (``!!! danger Spoilers ahead!``) and ``[TOC2]``.
"""

from __future__ import annotations

import re

from bot.spoiler_policy.markup import behind_bars

# A line of syntax (a fence, a property, a component) is short: a longer one is text, and no
# pattern below is tried on it (a hostile megabyte-long line would make some quadratic).
_MAX_SYNTAX_LINE = 1000


def _short(line: str) -> bool:
    return len(line) <= _MAX_SYNTAX_LINE


def _before_last(text: str, closer: str) -> tuple[str, str]:
    """``text`` split after the last ``closer``: a span pattern (opener, anything, closer) is
    only tried before it, so an opener that is never closed costs no scan to the end."""
    end = text.rfind(closer)
    return (text[: end + len(closer)], text[end + len(closer) :]) if end >= 0 else ("", text)


# --- MDX ------------------------------------------------------------------------------------

_ESM = re.compile(
    r"^(?:import\s+(?:[\w*{}\s,$]{1,200}?\s+from\s+)?[\"'][^\"']+[\"'];?|export\s+(?:const|let|var"
    r"|function|default|async)\b.*)$"
)
_JSX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)
_COMPONENT_LINE = re.compile(r"^\s*<(?P<name>[A-Z][\w.]*)\b[^<>]*?/>\s*$")
_COMPONENT_TAG = re.compile(r"</?(?P<name>[A-Z][\w.]*)\b[^<>]*>")
# A spoiler component's opening or closing tag: <Spoiler>, <InlineSpoiler title="…">, </Spoiler>.
_SPOILER_TAG = re.compile(r"(</?[A-Z]?[\w.]{0,40}?Spoiler\w{0,40}\b[^<>]{0,500}>)")


def mdx_off(text: str, dropped: list[str]) -> str:
    """An MDX post as the Markdown it renders (unchanged when it is no MDX)."""
    lines = text.split("\n")
    if not any(_short(line) and _ESM.match(line) for line in lines) and not any(
        _short(line) and _COMPONENT_LINE.match(line) for line in lines
    ):
        return text
    out: list[str] = []
    in_export = False
    for line in lines:
        if in_export:
            # an exported function runs on until a blank line
            in_export = bool(line.strip())
            dropped.append(line.strip())
            continue
        if _short(line) and _ESM.match(line):
            dropped.append(line.strip())
            in_export = line.startswith("export") and not line.rstrip().endswith(";")
            continue
        if _short(line) and _COMPONENT_LINE.match(line):
            dropped.append(line.strip())
            continue
        out.append(line)
    head, tail = _before_last("\n".join(out), "*/}")
    dropped.extend(" ".join(m.group().split()) for m in _JSX_COMMENT.finditer(head))
    text = _spoilers_behind_bars(_JSX_COMMENT.sub("", head) + tail)
    # A wrapper's tags go; its text stays, dedented so it is not read as code.
    text = _COMPONENT_TAG.sub("", text)
    return "\n".join(
        line.strip()
        if line.startswith("  ") and not re.match(r"\s*(?:[-*+]|\d+[.)])\s", line)
        else line
        for line in text.split("\n")
    )


def _spoilers_behind_bars(text: str) -> str:
    """Each spoiler component's text in ``||bars||``, a paragraph at a time, read in one pass
    (a box inside a box is part of it; one never closed is hidden to the end all the same)."""
    parts = _SPOILER_TAG.split(text)
    out: list[str] = []
    held: list[str] = []
    depth = 0

    def hide() -> None:
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "".join(held).strip())]
        out.append("\n\n".join(behind_bars(p) for p in paragraphs if p))
        held.clear()

    for index, part in enumerate(parts):
        if index % 2 == 0:
            (held if depth else out).append(part)
        elif not part.startswith("</"):
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                hide()
    if depth:
        hide()
    return "".join(out)


# --- Pandoc and Quarto ----------------------------------------------------------------------

_CHUNK_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*\{[\w.-]+[^}]*\}\s*$")
_DIV_FENCE = re.compile(
    r"^(?P<colons>:{3,})[ \t]*+(?P<attrs>\{[^}\n]*\}|[\w-]+)?[ \t]*+:*+[ \t]*+$"
)
_ATTRIBUTES = re.compile(r"\{[#.][^{}]*\}")
_CITATION = re.compile(r"\s?\[-?@[\w:./-]+(?:[;,][^\]\n]*)?\]")
_CROSS_REF = re.compile(
    r"\s?\(@(?:tbl|fig|sec|eq|lst|thm)-[\w-]+\)|@(?:tbl|fig|sec|eq|lst|thm)-[\w-]+"
)
_INLINE_NOTE = re.compile(r"\^\[(?P<note>[^\[\]]+)\]")
_CALLOUT = re.compile(r"\.callout(?:-(?P<type>\w+))?")
_TITLE_ATTR = re.compile(r"\btitle\s*=\s*\"(?P<title>[^\"]*)\"")
_COLLAPSED = re.compile(r"\bcollapse\s*=\s*\"?true\b")
_BOX_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$")


def is_pandoc_markdown(text: str) -> bool:
    lines = text.split("\n")
    fences = sum(bool(_short(line) and _DIV_FENCE.match(line)) for line in lines)
    return fences >= 2 or any(_short(line) and _CHUNK_OPEN.match(line) for line in lines)


def pandoc_off(text: str, dropped: list[str]) -> str:
    """A Pandoc or Quarto document as plain Markdown (unchanged when it is neither)."""
    if not is_pandoc_markdown(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not _short(line):
            out.append(line)
            index += 1
            continue
        chunk = _CHUNK_OPEN.match(line)
        if chunk:
            # Code the document runs when it is rendered: its output is a table or a figure,
            # never the article's sentences.
            end = index + 1
            while end < len(lines) and not lines[end].startswith(chunk["fence"]):
                end += 1
            dropped.append(" ".join(" ".join(lines[index : end + 1]).split())[:200])
            index = end + 1
            continue
        fence = _DIV_FENCE.match(line)
        if fence and fence["attrs"] and _CALLOUT.search(fence["attrs"]):
            body, index = _div_body(lines, index + 1)
            out.extend(_callout_box(fence["attrs"], body))
            continue
        if fence:
            index += 1  # a div's fence: its text stays where it stands
            continue
        out.append(_heading_attributes_off(line))
        index += 1
    text = "\n".join(out)
    text = _CROSS_REF.sub("", _CITATION.sub("", text))
    # Inline notes are numbered after the document's own numbered notes.
    first = max((int(n) for n in re.findall(r"\[\^(\d+)\]", text)), default=0) + 1
    notes: list[str] = []

    def note(match: re.Match[str]) -> str:
        notes.append(" ".join(match["note"].split()))
        return f"[^{first + len(notes) - 1}]"

    text = _INLINE_NOTE.sub(note, text)
    if notes:
        text += "\n\n" + "\n".join(f"[^{first + n}]: {body}" for n, body in enumerate(notes))
    return text


def _heading_attributes_off(line: str) -> str:
    """ "## The ending {#sec-ending}" without its attributes (found from the line's end)."""
    stripped = line.rstrip()
    brace = stripped.rfind("{")
    if not stripped.startswith("#") or not stripped.endswith("}") or brace < 0:
        return line
    if not _ATTRIBUTES.fullmatch(stripped[brace:]):
        return line
    return stripped[:brace].rstrip()


def _div_body(lines: list[str], index: int) -> tuple[list[str], int]:
    """The lines of a fenced div opened just before ``index``, to its closing fence (divs
    inside it nest), and the index after that fence."""
    depth = 1
    body: list[str] = []
    while index < len(lines):
        fence = _DIV_FENCE.match(lines[index]) if _short(lines[index]) else None
        if fence and fence["attrs"]:
            depth += 1
        elif fence:
            depth -= 1
            if depth == 0:
                return body, index + 1
        body.append(lines[index])
        index += 1
    return body, index


def _callout_box(attrs: str, body: list[str]) -> list[str]:
    """A callout as the MkDocs admonition it is (``!!!``, or ``???`` when it is collapsed): its
    title from ``title="…"`` or the heading that opens it."""
    title_attr = _TITLE_ATTR.search(attrs)
    title = title_attr["title"] if title_attr else ""
    lines = list(body)
    while lines and not lines[0].strip():
        lines.pop(0)
    if not title and lines and (heading := _BOX_HEADING.match(lines[0])):
        title = heading["title"]
        lines.pop(0)
    callout = _CALLOUT.search(attrs)
    kind = (callout["type"] if callout and callout["type"] else "note").lower()
    mark = "???" if _COLLAPSED.search(attrs) else "!!!"
    title_part = f' "{title}"' if title else ""
    return ["", f"{mark} {kind}{title_part}", "", *(f"    {line}" for line in lines), ""]


# --- Logseq ---------------------------------------------------------------------------------

_PROPERTY = re.compile(r"^\s*(?:[-*]\s+)?[\w-]+::(?:\s.*)?$")
_TASK = re.compile(
    r"^(?P<indent>\s*)[-*]\s+(?:TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED"
    r"|IN-PROGRESS)\b"
)
_TITLE_PROPERTY = re.compile(r"^title::\s*(?P<title>\S.*)$")
_PLANNING = re.compile(r"^\s*(?:SCHEDULED|DEADLINE):\s*<[^>]*>\s*$")
_MACRO = re.compile(r"\{\{(?:embed|query|renderer|video|youtube|tweet|cloze|namespace)\b[^{}]*\}\}")
_BLOCK_REF = re.compile(r"\(\([0-9a-f]{8}-[0-9a-f-]{27,}\)\)")
_HIGHLIGHT = re.compile(r"\^\^(?P<text>[^^\n]+)\^\^")
_TAGS_ONLY = re.compile(r"^\s*(?:[-*]\s+)?(?:#(?:\[\[[^\]]+\]\]|[\w/-]+)[ \t]*)+$")
_EMPTY_BULLET = re.compile(r"^\s*[-*]\s*$")
_MIN_PROPERTIES = 2


def logseq_off(text: str, dropped: list[str]) -> str:
    """A Logseq page as the outline it shows (unchanged when it is none)."""
    lines = text.split("\n")
    if sum(bool(_short(line) and _PROPERTY.match(line)) for line in lines) < _MIN_PROPERTIES:
        return text
    out: list[str] = []
    task_indent: int | None = None
    for line in lines:
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if task_indent is not None and line.strip() and indent > task_indent:
            dropped.append(line.strip())  # what a task holds: its schedule, its sub-tasks
            continue
        task_indent = None
        if not _short(line):
            out.append(line)
            continue
        task = _TASK.match(line)
        if task:
            task_indent = len(task["indent"].expandtabs(4))
            dropped.append(line.strip())
            continue
        title = _TITLE_PROPERTY.match(line)
        if title and not out:
            out.append(f"# {title['title'].strip()}")  # the page's own title
            continue
        if _PROPERTY.match(line) or _PLANNING.match(line) or _TAGS_ONLY.match(line):
            dropped.append(line.strip())
            continue
        line = _HIGHLIGHT.sub(r"\g<text>", _BLOCK_REF.sub("", _MACRO.sub("", line)))
        if _EMPTY_BULLET.match(line):
            continue  # a bullet that held only a macro
        out.append(line)
    return "\n".join(out)


# --- rentry.co ------------------------------------------------------------------------------

# "%#e85d75% The ending %%", "%red% warning %%": a colour span, closed on its line.
_COLOUR_SPAN = re.compile(r"%(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})%[ \t]*(?P<text>[^%\n]*?)[ \t]*%%")
# "-> centred text <-" (or only "-> right-aligned text"): alignment, not an arrow in a sentence.
_CENTRED = re.compile(r"^[ \t]*->[ \t]*(?P<text>.*?)[ \t]*(?:<-)?[ \t]*$")
_CENTRED_CLOSED = re.compile(r"^[ \t]*->.*<-[ \t]*$")
# "!!! info Hi! …": rentry's admonition holds its text on the marker's own line.
_ONE_LINE_BOX = re.compile(
    r"^[ \t]*!!!(?:[ \t]+(?:info|note|warning|danger|greentext))?[ \t]+(?P<text>\S.*)$"
)
_TOC_MARK = re.compile(r"^[ \t]*\[TOC\d?\][ \t]*$", re.I)
_MIN_RENTRY_MARKS = 2


def rentry_off(text: str, dropped: list[str]) -> str:
    """A rentry paste as the Markdown it renders (unchanged when it is none: at least two lines
    of rentry's own syntax, centred lines or colour spans, say it is one)."""
    lines = text.split("\n")
    marks = sum(
        1
        for line in lines
        if _short(line) and (_CENTRED_CLOSED.match(line) or _COLOUR_SPAN.search(line))
    )
    if marks < _MIN_RENTRY_MARKS:
        return text
    out: list[str] = []
    for line in lines:
        if not _short(line):
            out.append(line)
            continue
        if _TOC_MARK.match(line):
            dropped.append(line.strip())
            continue
        line = _COLOUR_SPAN.sub(lambda m: m["text"], line)
        centred = _CENTRED.match(line) if _CENTRED_CLOSED.match(line) else None
        if centred:
            line = centred["text"]
        box = _ONE_LINE_BOX.match(line)
        if box:
            line = box["text"]
        out.append(line)
    return "\n".join(out)
