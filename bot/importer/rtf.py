"""An RTF document (TextEdit's default format, WordPad's, Word's "Rich Text") read as Markdown.

RTF is plain 7-bit text: control words (``\\b``, ``\\par``, ``\\fs28``), groups in braces, and
characters outside ASCII escaped (``\\'92`` in the document's code page, ``\\u8212?`` as
Unicode). Its headings are only formatting: a paragraph set all in bold is a heading (``#`` when
set in the document's largest size, ``##`` when larger than the body text), a bold run that
opens a paragraph stays bold (an item's name). Font and colour tables, document info, pictures,
page setup and every ``{\\*\\…}`` destination are the file's furniture and are skipped."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field

_RTF = re.compile(r"\A\s*\{\\rtf\d?")
_TOKEN = re.compile(
    r"\\(?P<word>[a-zA-Z]{1,32})(?P<arg>-?\d{1,10})? ?"
    r"|\\'(?P<hex>[0-9a-fA-F]{2})"
    r"|\\(?P<symbol>[^a-zA-Z])"
    r"|(?P<brace>[{}])"
    r"|(?P<text>[^\\{}\r\n]+)"
    r"|[\r\n]+"
)
# Groups that hold no text of the document.
_SKIPPED = frozenset(
    {
        "fonttbl", "colortbl", "expandedcolortbl", "stylesheet", "info", "pict", "object",
        "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf",
        "listtable", "listoverridetable", "rsidtbl", "generator", "themedata", "latentstyles",
        "colorschememapping", "datastore", "xmlnstbl", "mmathPr", "filetbl", "revtbl",
        "pgdsctbl", "nonshppict", "fldinst", "bkmkstart", "bkmkend", "xe", "tc", "footnote",
    }
)  # fmt: skip
_CHARACTERS = {
    "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“",
    "rdblquote": "”", "bullet": "•", "tab": "\t", "line": "\n", "emspace": " ", "enspace": " ",
    "qmspace": " ",
}  # fmt: skip
_SYMBOLS = {"~": "\u00a0", "-": "", "_": "-", "\\": "\\", "{": "{", "}": "}"}


@dataclass
class _State:
    bold: bool = False
    superscript: bool = False
    skip: bool = False
    size: int = 24  # half-points: RTF's default 12 pt
    skip_next: int = 1  # characters a \uN's fallback takes (\ucN)


@dataclass
class _Run:
    text: str
    bold: bool
    size: int


@dataclass
class _Paragraph:
    runs: list[_Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def rtf_markdown(text: str, dropped: list[str]) -> str | None:
    """``text`` as Markdown when it is an RTF document, else None."""
    if not _RTF.match(text):
        return None
    encoding = _code_page(text)
    paragraphs = _paragraphs(text, encoding)
    if not any(p.text.strip() for p in paragraphs):
        return None
    dropped.append("RTF formatting (fonts, colours, page setup)")
    return _markdown(paragraphs)


def _code_page(text: str) -> str:
    page = re.search(r"\\ansicpg(\d+)", text[:2000])
    name = f"cp{page.group(1)}" if page else "mac_roman" if "\\mac" in text[:200] else "cp1252"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def _paragraphs(text: str, encoding: str) -> list[_Paragraph]:
    stack: list[_State] = []
    state = _State()
    paragraphs = [_Paragraph()]
    pending_bytes = bytearray()
    skip_fallback = 0
    high: int | None = None  # a pending high surrogate of a \u pair
    group_start = False  # the last token opened a group: "{\*" or "{\fonttbl" come first

    def emit(chars: str) -> None:
        nonlocal skip_fallback
        if skip_fallback:
            taken = min(skip_fallback, len(chars))
            chars = chars[taken:]
            skip_fallback -= taken
        if not chars or state.skip:
            return
        runs = paragraphs[-1].runs
        if state.superscript and chars.strip().isdecimal():
            chars = f"[{chars.strip()}]"
        if runs and runs[-1].bold == state.bold and runs[-1].size == state.size:
            runs[-1].text += chars
        else:
            runs.append(_Run(chars, state.bold, state.size))

    def flush_bytes() -> None:
        if pending_bytes:
            emit(bytes(pending_bytes).decode(encoding, errors="replace"))
            pending_bytes.clear()

    for match in _TOKEN.finditer(text):
        if match["hex"] is not None:
            if skip_fallback:
                skip_fallback -= 1
                continue
            pending_bytes.append(int(match["hex"], 16))
            group_start = False
            continue
        flush_bytes()
        opened, group_start = group_start, False
        if match["brace"] == "{":
            stack.append(_State(**vars(state)))
            group_start = True
        elif match["brace"] == "}":
            if stack:
                state = stack.pop()
        elif match["symbol"] is not None:
            symbol = match["symbol"]
            if symbol == "*" and opened:
                state.skip = True  # an "ignorable destination": {\*\expandedcolortbl …}
            elif symbol == "\n" or symbol == "\r":
                paragraphs.append(_Paragraph())
            elif symbol in _SYMBOLS:
                emit(_SYMBOLS[symbol])
        elif match["word"] is not None:
            word, arg = match["word"], match["arg"]
            if word in _SKIPPED and opened:
                state.skip = True
            elif word in ("par", "sect", "page", "row"):
                paragraphs.append(_Paragraph())
            elif word == "cell":
                emit(" | ")
            elif word == "b":
                state.bold = arg != "0"
            elif word == "fs" and arg:
                state.size = int(arg)
            elif word in ("super", "up"):
                state.superscript = arg != "0"
            elif word in ("nosupersub", "sub", "plain"):
                state.superscript = False
                if word == "plain":
                    state.bold = False
            elif word == "uc" and arg:
                state.skip_next = int(arg)
            elif word == "u" and arg:
                skip_fallback = 0  # the last \u's fallback was not written: none to skip
                code = int(arg) + (65536 if int(arg) < 0 else 0)  # written as a signed 16 bits
                if 0xD800 <= code <= 0xDBFF:
                    high = code  # the first half of a character beyond 16 bits
                elif 0xDC00 <= code <= 0xDFFF and high is not None:
                    emit(chr(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)))
                    high = None
                elif 0 < code <= 0xFFFF and not 0xD800 <= code <= 0xDFFF:
                    emit(chr(code))
                skip_fallback = state.skip_next
            elif word in _CHARACTERS:
                emit(_CHARACTERS[word])
        elif match["text"] is not None:
            emit(match["text"])
    flush_bytes()
    return paragraphs


_BULLET = re.compile(r"^\s*[•·▪◦\u2022\u00b7]\s*")


def _markdown(paragraphs: list[_Paragraph]) -> str:
    sizes: Counter[int] = Counter()
    for paragraph in paragraphs:
        for run in paragraph.runs:
            sizes[run.size] += len(run.text.strip())
    body = sizes.most_common(1)[0][0] if sizes else 24
    largest = max(sizes) if sizes else body
    out: list[str] = []
    for paragraph in paragraphs:
        runs = [run for run in paragraph.runs if run.text]
        text = "".join(run.text for run in runs).strip()
        if not text:
            continue
        written = [run for run in runs if run.text.strip()]
        if all(run.bold for run in written) and len(text) <= 200:
            size = max(run.size for run in written)
            mark = "# " if size == largest and size > body else "## " if size > body else ""
            out.append(f"{mark}{text}" if mark else f"**{text}**")
            continue
        line = ""
        for run in runs:
            if run.bold and run.text.strip():
                lead, core, trail = _spaces(run.text)
                line += f"{lead}**{core}**{trail}"
            else:
                line += run.text
        line = line.strip()
        if _BULLET.match(line):
            line = _BULLET.sub("- ", line)
        out.append(line)
    return "\n\n".join(out) + "\n"


def _spaces(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]
