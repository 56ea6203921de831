"""Review notes written into the imported YAML as comments, where the reviewer needs them.

The notes sit beside what they are about: a header for what was dropped as site chrome and for
passages nobody could place, a note above ``title:`` and ``year:`` for every weak guess, and one
above each section saying where it came from and how sure the importer is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.levels import SectionKind

_WIDTH = 98


@dataclass
class ReviewNotes:
    header: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    synopsis: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    sections: dict[SectionKind, list[str]] = field(default_factory=dict)


def first_words(text: str, words: int = 6) -> str:
    """The opening words of a passage, enough for a reviewer to find it."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _comment(lines: list[str], indent: str = "") -> list[str]:
    out: list[str] = []
    for line in lines:
        text = " ".join(line.split())
        while len(text) > _WIDTH - len(indent) - 2:
            cut = text.rfind(" ", 0, _WIDTH - len(indent) - 2)
            cut = cut if cut > 0 else _WIDTH - len(indent) - 2
            out.append(f"{indent}# {text[:cut]}")
            text = "  " + text[cut:].strip()
        out.append(f"{indent}# {text}")
    return out


_TOP_KEY = re.compile(r"^(?P<key>[a-z_]+):")
_SECTION_KIND = re.compile(r"^(?P<indent>\s*)- kind: (?P<kind>[a-z_]+)\s*$")


def annotate(text: str, notes: ReviewNotes, *, year_missing: bool = False) -> str:
    """``text`` (a dumped film) with the notes as comments at the spot they are about."""
    out = _comment(["Imported article: review every note below, then delete the notes.", ""])
    out = [line.rstrip() for line in out]
    if notes.header:
        out.extend(_comment(notes.header))
    synopsis_written = False
    for line in text.splitlines():
        top = _TOP_KEY.match(line)
        section = _SECTION_KIND.match(line)
        if top:
            key = top["key"]
            if key in {"sources", "sections"} and not synopsis_written:
                out.extend(_synopsis_lines(notes))
                synopsis_written = True
            out.extend(_comment(getattr(notes, key, []) if key != "sections" else []))
            if key == "year" and year_missing:
                out.append("year:")
                continue
            if key == "synopsis":
                synopsis_written = True
        elif section:
            kind = SectionKind(section["kind"])
            out.extend(_comment(notes.sections.get(kind, []), section["indent"]))
        out.append(line)
    return "\n".join(out) + "\n"


def _synopsis_lines(notes: ReviewNotes) -> list[str]:
    return [
        *_comment(
            notes.synopsis
            or [
                "synopsis: left empty on purpose. It is shown to everyone, so only a person "
                "writes it: add one spoiler-free sentence here if you want a public summary."
            ]
        ),
        'synopsis: ""',
    ]
