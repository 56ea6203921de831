"""The content file format: one film per YAML file, validated completely before anything is saved.

The format is documented in README.md ("Content format"); every field below appears there.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.levels import SectionKind, SpoilerLevel
from bot.spoiler_policy.markup import bars_as_meant, has_nested_bars, has_unpaired_bars

FOOTNOTE = re.compile(r"\[\^(\d+)\]")


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _bars_as_meant(value: object) -> object:
    """Full-width spoiler bars stored as the ``||`` meant (``bars_as_meant``); a value that
    is not text is left for the field's own check to refuse. A NUL (YAML's ``"\\0"``) or a
    lone surrogate (a form's JSON may escape one) is refused: PostgreSQL stores neither, and
    content that loads on SQLite must load on PostgreSQL alike."""
    if not isinstance(value, str):
        return value
    if _UNSTORABLE.search(value):
        raise ValueError(
            "contains a NUL character (\\0) or half of a UTF-16 pair (\\ud800-\\udfff),"
            " which no text can hold: remove it"
        )
    return bars_as_meant(value)


_MeantBars = BeforeValidator(_bars_as_meant)
# Titles and aliases appear in autocomplete choices (1-100 characters) and embed titles.
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _MeantBars
]

FIRST_YEAR, LAST_YEAR = 1870, 2100
"""The years a film (and its release date) can have: dates past them are typing mistakes, and
date arithmetic near year 9999 overflows."""


def _no_spoiler_bars(text: str) -> str:
    if "||" in text:
        raise ValueError(
            "must not contain spoiler bars (||): it is shown in embed titles, /film list and"
            " autocomplete, where Discord cannot hide text (bars typed as look-alikes, such as"
            " ｜｜, ∣∣ or ‖, count too). Remove the bars and keep plot details out of it; put"
            " them in a section instead"
        )
    return text


# Text that only ever reaches places Discord cannot hide (embed titles, lists, autocomplete).
UnhideableText = Annotated[ShortText, AfterValidator(_no_spoiler_bars)]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000), _MeantBars
]
Heading = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _MeantBars
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceDoc(_Strict):
    """A work the text cites with footnote markers like ``[^1]``."""

    id: int = Field(ge=1, le=999)
    author: ShortText
    outlet: ShortText | None = None
    title: Heading
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None


class ItemDoc(_Strict):
    """One symbol, one theme, or one FAQ question (``heading``) with its answer (``body``)."""

    heading: Heading
    body: Text
    level: SpoilerLevel | None = None
    # A heading can give the game away ("Why does Mia marry someone else?"), so by default it is
    # treated like its body; an author marks a safe heading with ``heading_level: none``.
    heading_level: SpoilerLevel | None = None


class SectionDoc(_Strict):
    kind: SectionKind
    level: SpoilerLevel | None = None
    heading: Heading | None = None
    heading_level: SpoilerLevel | None = None
    body: Text | None = None
    items: list[ItemDoc] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _has_text(self) -> SectionDoc:
        if self.body is None and not self.items:
            raise ValueError("a section needs a body, items, or both")
        if self.kind is SectionKind.FAQ and self.body is None and not self.items:
            raise ValueError("an faq section needs items: one per question")
        return self

    @property
    def effective_level(self) -> SpoilerLevel:
        return self.level or self.kind.default_level


class FilmDoc(_Strict):
    title: UnhideableText
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    aliases: list[UnhideableText] = Field(default_factory=list, max_length=20)
    release_date: dt.date | None = None
    director: ShortText | None = None
    cast: list[ShortText] = Field(default_factory=list, max_length=50)
    # Optional so an imported draft can leave it empty: only a person writes public text.
    synopsis: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=20_000), _MeantBars
    ] = ""
    sources: list[SourceDoc] = Field(default_factory=list, max_length=99)
    sections: list[SectionDoc] = Field(min_length=1, max_length=20)

    @field_validator("release_date")
    @classmethod
    def _release_in_range(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(
                f"must be a date from {FIRST_YEAR} to {LAST_YEAR}, not {value.isoformat()}"
            )
        return value

    def texts(self) -> list[tuple[str, str]]:
        """Every free text with its field path, for checks that apply to all of them."""
        out = [("synopsis", self.synopsis or "")]
        for s_index, section in enumerate(self.sections):
            base = f"sections[{s_index}]"
            if section.heading:
                out.append((f"{base}.heading", section.heading))
            if section.body:
                out.append((f"{base}.body", section.body))
            for i_index, item in enumerate(section.items):
                # Both are required: either is None only in what validated of a file with
                # mistakes (film_file), which is checked across fields too.
                if item.heading:
                    out.append((f"{base}.items[{i_index}].heading", item.heading))
                if item.body:
                    out.append((f"{base}.items[{i_index}].body", item.body))
        return out

    def section(self, kind: SectionKind) -> SectionDoc | None:
        return next((s for s in self.sections if s.kind is kind), None)


def consistency_problems(doc: FilmDoc) -> list[tuple[str, str]]:
    """Checks across fields that the per-field schema cannot express: (field path, message)."""
    problems: list[tuple[str, str]] = []
    seen_ids: set[int] = set()
    for index, source in enumerate(doc.sources):
        if source.id is None:
            continue  # only in a file with mistakes, which are told on their own (film_file)
        if source.id in seen_ids:
            problems.append((f"sources[{index}].id", f"id {source.id} is used by another source"))
        seen_ids.add(source.id)
    seen_kinds: set[SectionKind] = set()
    for index, section in enumerate(doc.sections):
        if section.kind is None:
            continue  # as a source's id above
        if section.kind in seen_kinds:
            problems.append(
                (f"sections[{index}].kind", f"{section.kind.value} appears twice; merge them")
            )
        seen_kinds.add(section.kind)
    problems += _endings_declared_open(doc)
    for where, text in doc.texts():
        for number in FOOTNOTE.findall(text):
            if int(number) not in seen_ids:
                problems.append((where, f"cites [^{number}] but no source has id {number}"))
    spanned = [("director", doc.director or ""), *doc.texts()]
    spanned += [(f"cast[{index}]", name) for index, name in enumerate(doc.cast)]
    # A source is shown as one line, often where its citing text is public: bars an author
    # opened in its title (an "ending explained" headline) must close there too.
    for index, source in enumerate(doc.sources):
        for name in ("author", "outlet", "title", "url"):
            spanned.append((f"sources[{index}].{name}", getattr(source, name) or ""))
    for where, text in spanned:
        if _unpaired_bars(text):
            problems.append((where, UNPAIRED_BARS))
        elif has_nested_bars(text):
            problems.append((where, NESTED_BARS))
    return problems


def _endings_declared_open(doc: FilmDoc) -> list[tuple[str, str]]:
    """A recap, a quick answer, an ending or a final shot (or an item in one) marked
    ``level: none``: its kind says it tells the plot or the ending, and ``none`` would post it
    in the open in every channel and let ``/film search`` show it to anyone (a typo, a level
    copied from the themes, a draft edited by hand)."""
    problems = []
    for index, section in enumerate(doc.sections):
        if section.kind is None or section.kind.least_level is SpoilerLevel.NONE:
            continue  # a kind missing is told on its own (film_file)
        least = section.kind.least_level
        name = f"the {section.kind.value.replace('_', ' ')} section"
        tells = "how the film ends" if least is SpoilerLevel.ENDING else "the plot"
        if section.level is SpoilerLevel.NONE:
            problems.append(
                (f"sections[{index}].level", DECLARED_OPEN.format(name, tells, least.value))
            )
        for i_index, item in enumerate(section.items):
            if item.level is SpoilerLevel.NONE:
                where = f"sections[{index}].items[{i_index}].level"
                text = DECLARED_OPEN.format(f"an item of {name}", tells, least.value)
                problems.append((where, text))
    return problems


DECLARED_OPEN = (
    "is none, but {} tells {}: level none would show it to everyone, in every channel. Write"
    " level: {} (or leave the level out); spoiler-free text goes in the synopsis, or in a"
    " themes or FAQ section at level none"
)


UNPAIRED_BARS = (
    "has || (or bars typed as look-alikes, such as ｜｜, ∣∣ or ‖, a [spoiler] or [/spoiler]"
    " tag without its pair, a Reddit >! never closed with !<, or another site's spoiler"
    " markup left open: AniList's ~!, HTML's <details> or <spoiler>, a ::: spoiler line,"
    " a ```spoiler fence;"
    " all read as ||) that opens no"
    " spoiler span, so what follows would be shown to everyone: close the span where the"
    " spoiler ends (||like this||, or >!like this!<), or remove the bars"
)


NESTED_BARS = (
    "has spoiler spans typed one inside another (||leaves ||dies|| at last||): spans do not"
    " nest, and Discord pairs bars left to right, so it would show the inner one to everyone"
    " (dies): make them one span (||leaves dies at last||), or two side by side with a space"
    " or a mark such as 、 between them (||ミアは||、||死ぬ||)"
)


def _unpaired_bars(text: str) -> bool:
    """Bars the renderer leaves literal (it pairs them as Discord does): an author who typed
    them meant to hide something, and a lone pair would hide nothing."""
    return has_unpaired_bars(text)
