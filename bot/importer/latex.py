"""An essay in its LaTeX source (a seminar paper, a zine typeset with LaTeX), read as the
Markdown it would print as.

The preamble (``\\documentclass``, ``\\usepackage`` …) and ``%`` comments are never printed;
``\\title{…}`` is the headline; ``\\section``/``\\subsection``/``\\paragraph`` are headings and the
``abstract`` environment is headed "Abstract"; ``itemize``, ``enumerate`` and ``description``
are lists; ``\\footnote{…}`` and ``\\cite{key}`` become Markdown notes, the
``thebibliography`` entries their texts. Emphasis commands keep their words, and any other
command its argument's words or nothing."""

from __future__ import annotations

import re

_SIGNS = re.compile(
    r"\\documentclass\b|\\begin\{document\}|\\(?:sub)*section\*?\{|\\usepackage\b|\\maketitle\b"
)
_MIN_SIGNS = 2
_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)
_HEADINGS = {"section": "##", "subsection": "###", "subsubsection": "####", "paragraph": "####"}
_EMPHASIS = {"textbf": "**", "emph": "*", "textit": "*", "textsl": "*", "underline": ""}
# Commands whose argument is never printed where they stand.
_SILENT = {"label", "thanks", "index", "vspace", "hspace", "includegraphics", "bibliographystyle"}
_ESCAPES = {r"\&": "&", r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_", r"\{": "{", r"\}": "}"}


def is_latex(text: str) -> bool:
    return len(set(_SIGNS.findall(text[:20000]))) >= _MIN_SIGNS


def _pairs(text: str) -> dict[int, int]:
    """Where each ``{`` at a position closes, in one pass (an unclosed one is left out)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if char in "{}" and index and text[index - 1] == "\\":
            continue  # "\{" is a printed brace
        if char == "{":
            stack.append(index)
        elif char == "}" and stack:
            pairs[stack.pop()] = index
    return pairs


_MAX_OPTION = 200  # "[…]" options are short; a stray "[" must not send a scan to the end


def _group(text: str, start: int, pairs: dict[int, int] | None = None) -> tuple[str, int] | None:
    """The text of a braced group opening at ``start`` (or of a bracketed option when no
    ``pairs`` are given), and where it ends."""
    if pairs is not None:
        end = pairs.get(start) if start < len(text) and text[start] == "{" else None
        return (text[start + 1 : end], end + 1) if end is not None else None
    if start >= len(text) or text[start] not in "[{":
        return None
    close = "]" if text[start] == "[" else "}"
    end = text.find(close, start + 1, start + _MAX_OPTION)
    return (text[start + 1 : end], end + 1) if end >= 0 else None


class _Notes:
    def __init__(self, keys: list[str], footnotes: int) -> None:
        self.footnotes: list[str] = []
        # Cited works are numbered after the footnotes, in the bibliography's order.
        self.cited = {key: footnotes + number for number, key in enumerate(keys, 1)}

    def footnote(self, text: str) -> str:
        if re.search(r"\[\^\d+\]", text):
            # A note that cites the bibliography ("see Chatman~\cite{…}, pp. 138–144") is an
            # aside of the text; the work it cites is the source.
            return f" ({text})"
        self.footnotes.append(text)
        return f"[^{len(self.footnotes)}]"

    def cite(self, keys: str) -> str:
        marks = [
            f"[^{self.cited[key.strip()]}]" for key in keys.split(",") if key.strip() in self.cited
        ]
        return "".join(marks)


_COMMAND = re.compile(r"\\([A-Za-z]+)\*?|\\\\|\\.")


def _inline(text: str, notes: _Notes) -> str:
    out: list[str] = []
    index = 0
    pairs = _pairs(text)
    while index < len(text):
        match = _COMMAND.search(text, index)
        if match is None:
            out.append(text[index:])
            break
        out.append(text[index : match.start()])
        index = match.end()
        token = match.group()
        if token == "\\\\":
            out.append("\n")
            continue
        if match.group(1) is None:
            out.append(_ESCAPES.get(token, token[1:]))
            continue
        name = match.group(1)
        option = _group(text, index) if text.startswith("[", index) else None
        if option:
            index = option[1]
        argument = _group(text, index, pairs)
        if argument is None:
            out.append(" " if name in {"quad", "qquad", "newline"} else "")
            # "\ldots" and the like: a command without an argument prints little or nothing.
            out.append("…" if name in {"ldots", "dots"} else "")
            continue
        inner, index = argument
        if name == "href":
            label = _group(text, index, pairs)
            if label:
                index = label[1]
                out.append(f"[{_inline(label[0], notes)}]({inner})")
            continue
        if name in _SILENT:
            continue
        if name == "footnote":
            out.append(notes.footnote(_inline(inner, notes).strip()))
        elif name == "cite":
            out.append(notes.cite(inner))
        elif name in _EMPHASIS:
            mark = _EMPHASIS[name]
            out.append(f"{mark}{_inline(inner, notes)}{mark}")
        elif name == "enquote":
            out.append(f"“{_inline(inner, notes)}”")
        elif name in {"texttt", "verb", "url"}:
            out.append(inner)
        else:
            out.append(_inline(inner, notes))
    joined = "".join(out)
    joined = joined.replace("---", "—").replace("--", "–").replace("~", " ")
    return re.sub(r"``(.*?)''", r"“\1”", joined)


def latex_markdown(text: str, dropped: list[str]) -> str | None:
    """The document as Markdown, or None when ``text`` is no LaTeX source (or nests its
    commands deeper than any document does: a hostile file, read as plain text instead)."""
    if not is_latex(text):
        return None
    try:
        return _markdown(text, dropped)
    except RecursionError:
        return None


def _markdown(text: str, dropped: list[str]) -> str:
    text = _COMMENT.sub("", text.replace("\r\n", "\n"))
    title_at = text.find("\\title")
    title = _group(text, title_at + len("\\title"), _pairs(text)) if title_at >= 0 else None
    begin = text.find("\\begin{document}")
    if begin >= 0:
        dropped.append("the LaTeX preamble")
        body = text[begin + len("\\begin{document}") :]
    else:
        body = text
    body = body.split("\\end{document}")[0]
    keys = re.findall(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}", body)
    notes = _Notes(keys, len(re.findall(r"\\footnote\b", text)))
    lines: list[str] = []
    if title:
        lines += [f"# {' '.join(_inline(title[0], notes).split())}", ""]
    bibliography: list[str] = []
    lists: list[str] = []
    for raw in _commands_on_their_lines(body).split("\n"):
        line = raw.strip()
        heading = re.match(r"\\(section|subsection|subsubsection|paragraph)\*?(?=\{)", line)
        begin_env = re.match(r"\\begin\{(\w+)\}(?:\{[^}]*\})?", line)
        end_env = re.match(r"\\end\{(\w+)\}", line)
        if heading:
            group = _group(line, heading.end(), _pairs(line))
            if group:
                lines += ["", f"{_HEADINGS[heading[1]]} {_inline(group[0], notes).strip()}", ""]
                rest = line[group[1] :].strip()
                if rest:
                    lines.append(_inline(rest, notes))
            continue
        if begin_env:
            env = begin_env[1]
            if env in {"itemize", "enumerate", "description"}:
                lists.append(env)
            elif env == "abstract":
                lines += ["", "## Abstract", ""]
            elif env == "thebibliography":
                lists.append(env)
            continue
        if end_env:
            if lists and end_env[1] == lists[-1]:
                lists.pop()
            lines.append("")
            continue
        if re.match(r"\\(?:maketitle|tableofcontents|newpage|clearpage|noindent)\b", line):
            continue
        item = re.match(r"\\(bibitem|item)\b", line)
        if item and lists:
            rest = line[item.end() :]
            label = _group(rest, 0) if rest.startswith("[") else None
            if label:
                rest = rest[label[1] :]
            if item[1] == "bibitem":
                key = _group(rest, 0, _pairs(rest))
                if key:
                    rest = rest[key[1] :]
                    number = notes.cited.get(key[0].strip())
                    # The work's title is set in italics: quoted, its commas stay its own.
                    rest = re.sub(r"\\(?:textit|emph)\{", r"\\enquote{", rest)
                    bibliography.append(f"[^{number}]: {_inline(rest, notes).strip()}")
                continue
            words = _inline(rest, notes).strip()
            if label:
                words = f"**{_inline(label[0], notes).strip()}**: {words}"
            bullet = "1." if lists[-1] == "enumerate" else "-"
            lines.append(f"{bullet} {words}")
            continue
        if lists and lists[-1] == "thebibliography" and bibliography and line:
            bibliography[-1] += " " + _inline(line, notes).strip()
            continue
        if lists and line and lines and re.match(r"^(?:-|1\.) ", lines[-1]):
            lines[-1] += " " + _inline(line, notes).strip()  # an item wrapped onto more lines
            continue
        lines.append(_inline(line, notes) if line else "")
    notes_out = [f"[^{n}]: {text}" for n, text in enumerate(notes.footnotes, 1)]
    return "\n".join([*lines, "", *notes_out, *bibliography]).strip() + "\n"


def _commands_on_their_lines(body: str) -> str:
    """Sectioning, list and environment commands each start a line of their own, as the loop
    reads them; a paragraph that wraps keeps its lines (a footnote's braces may span them)."""
    body = re.sub(r"\s*(\\(?:begin|end)\{\w+\}(?:\{[^}]*\})?)\s*", r"\n\1\n", body)
    body = re.sub(r"\s*(\\(?:item|bibitem)\b)", r"\n\1", body)
    body = re.sub(r"\n\s*(\\(?:sub)*section\*?\{|\\paragraph\*?\{)", r"\n\n\1", body)
    # Join the lines of each paragraph, so a command's braces never span a line break.
    paragraphs = re.split(r"\n[ \t]*\n", body)
    return "\n\n".join(_joined(paragraph) for paragraph in paragraphs)


_STARTS_LINE = re.compile(r"\s*\\(?:begin|end|item|bibitem|(?:sub)*section|paragraph)\b")
_ENVIRONMENT_EDGE = re.compile(r"\s*\\(?:begin|end)\b")


def _joined(paragraph: str) -> str:
    out: list[str] = []
    for line in paragraph.split("\n"):
        if out and not _STARTS_LINE.match(line) and not _ENVIRONMENT_EDGE.match(out[-1]):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
            continue
        out.append(line)
    return "\n".join(out)
