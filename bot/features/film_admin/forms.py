"""``/film-admin add`` and ``edit`` forms: building them, and naming a form's problems by its
fields rather than by content-file paths."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.buttons import AddForm, EditForm
from bot.content.film_file import ContentError, Problem, validate_film
from bot.content.schema import FilmDoc
from bot.errors import InvalidInput
from bot.levels import SectionKind
from bot.line_fitting import fit_lines
from bot.replies import Attachment, Button, Modal, Reply, TextInput, with_sentence
from bot.spoiler_policy.markup import (
    BARS,
    bars_hide_less_than_meant,
    escape_text,
    span_bounds,
    truncate_plain,
)

SYNOPSIS = "synopsis"
EDITABLE = (SYNOPSIS, *(kind.value for kind in SectionKind))
"""What ``/film-admin edit`` can change: the synopsis or one section's body."""
EDITABLE_NAMES = ("Synopsis", *(kind.label for kind in SectionKind))
"""How Discord's list shows each of ``EDITABLE``: as the answers name the sections."""
FORM_TEXT_LIMIT = 4000
"""The most a Discord text input holds."""
ERROR_ROOM = 1800
"""Characters of problem lines in one error: Discord's message limit is 2000."""
MORE_PROBLEMS = "…and {count} more: fix these and try again to see them."


def problem_lines(intro: str, problems: Sequence[Problem | str], hint: str = "") -> str:
    """``intro`` and one escaped line per problem, as many as fit in one message, then
    ``hint`` (how to fix them all), which is always kept."""
    lines = [intro, *(escape_text(str(problem)) for problem in problems)]
    if not hint:
        return fit_lines(lines, ERROR_ROOM, more=MORE_PROBLEMS)
    return fit_lines(lines, ERROR_ROOM - len(hint) - 1, more=MORE_PROBLEMS) + "\n" + hint


def add_modal(typed: dict[str, str] | None = None) -> Modal:
    """The add form; ``typed``: filled in with what a refused one held (Edit again)."""
    modal = Modal(
        AddForm().encode(),
        "Add a film",
        (
            TextInput(
                "title",
                "Title",
                max_length=100,
                placeholder="The film's title alone: everyone reads it, in lists and autocomplete",
            ),
            TextInput("year", "Year", max_length=4, placeholder="2016"),
            TextInput("synopsis", "Synopsis (spoiler-free)", paragraph=True, required=False),
            TextInput("quick_answer", "Quick answer: how it ends", paragraph=True),
            TextInput("ending", "The ending explained (optional)", paragraph=True, required=False),
        ),
    )
    return filled_in(modal, typed) if typed else modal


def filled_in(modal: Modal, typed: dict[str, str]) -> Modal:
    """``modal`` with each field holding what was typed into it, cut to what the field holds
    (Discord refuses to open a form whose text is longer; the whole text is in the file the
    refusal attached)."""
    inputs = tuple(
        replace(field, value=typed.get(field.custom_id, field.value)[: field.max_length])
        for field in modal.inputs
    )
    return replace(modal, inputs=inputs)


_ITEM_NOUNS = {
    SectionKind.FAQ.value: ("question", "questions"),
    SectionKind.THEMES.value: ("theme", "themes"),
    SectionKind.SYMBOLISM.value: ("symbol", "symbols"),
}
"""What a section's items are called, for the edit form that leaves them as they are."""


PUBLIC_NOTES = (" (spoiler-free: everyone reads it)", " (spoiler-free)")
"""What a field whose text every member reads says after its name, the longest that fits."""
FIELD_LABEL_LIMIT = 45


def edit_modal(
    form: EditForm,
    title: str,
    year: int,
    current: str | None,
    *,
    required: bool,
    items: int = 0,
    public: bool = False,
) -> Modal:
    """One text field holding the synopsis or section body as it is now. A section with
    items (FAQ questions, themes) edits only the text before them, and says so: an empty box
    labelled "Themes" read as if the film had none. ``public``: every member reads the text
    (the synopsis, a section at level none), which the field's name says, as the add form's
    does: an admin typing how it ends there would otherwise not know it goes unhidden."""
    label = section_label(form.section)
    field_label, placeholder = label, ""
    adding = not current and not items
    if adding:
        # An empty box read as text wiped or failed to load: it says there is none yet, what
        # typing there does, and who will read it.
        who = "everyone reads it, unhidden" if public else "hidden as a spoiler"
        placeholder = f"This film has none yet: what you type here adds it ({who})."
    if items:
        one, many = _ITEM_NOUNS.get(form.section, ("item", "items"))
        noun = one if items == 1 else many
        field_label = f"Text before its {items} {noun}"
        placeholder = f"The {many} stay as they are; to edit them: /film-admin export, then import"
    if public:
        fitting = [n for n in PUBLIC_NOTES if len(field_label + n) <= FIELD_LABEL_LIMIT]
        field_label += fitting[0] if fitting else ""
    heading = f"Add {section_noun(form.section)}" if adding else label
    return Modal(
        form.encode(),
        truncate_plain(f"{heading}: {title} ({year})", 45),
        (
            TextInput(
                "body",
                truncate_plain(field_label, 45),
                value=current or "",
                paragraph=True,
                required=required,
                placeholder=placeholder,
            ),
        ),
    )


def form_fields(form: EditForm | AddForm) -> tuple[frozenset[str], frozenset[str]]:
    """The text inputs of the form Epilogue opens for ``form``, by custom id: those a
    submission must carry, and all it may carry. An edit must carry its one text even where
    it may be empty: read as missing, it would wipe the text it edits."""
    if isinstance(form, EditForm):
        return frozenset({"body"}), frozenset({"body"})
    inputs = add_modal().inputs
    required = frozenset(field.custom_id for field in inputs if field.required)
    return required, frozenset(field.custom_id for field in inputs)


def check_fields(form: EditForm | AddForm, values: dict[str, str]) -> None:
    """Refuse a submission whose fields are not its form's: a needed field left out would be
    read as empty text and wipe what it edits, and text under a name the form lacks would be
    dropped unread."""
    needed, known = form_fields(form)
    missing, unknown = sorted(needed - values.keys()), sorted(values.keys() - known)
    if missing or unknown:
        problem = (
            f"it lacks the field {', '.join(missing)}"
            if missing
            else f"it has fields the form does not ({', '.join(unknown)})"
        )
        raise InvalidInput(
            f"This form does not match the one Epilogue opened: {escape_text(problem)}."
            " Nothing was saved: run the command again."
        )


def validate_form(raw: dict[str, Any]) -> FilmDoc:
    """The film a form describes, with the same checks as a content file on disk."""
    try:
        return validate_film(raw, "the form")
    except ContentError as exc:
        raise InvalidInput(_form_problems(exc, raw)) from None


def _form_problems(exc: ContentError, raw: dict[str, Any]) -> str:
    """Validation problems named by the form's fields rather than by file paths."""
    lines = []
    for problem in exc.problems:
        where = problem.path
        if where.startswith("sections["):
            index = int(where[len("sections[") : where.index("]")])
            rest = where[where.index("]") + 1 :].lstrip(".")
            kind = SectionKind(raw["sections"][index]["kind"]).label
            where = kind if rest in {"", "body"} else f"{kind} {rest}"
        else:
            where = where.replace("_", " ").capitalize()
        message = _uncited_in_a_form(problem.message, raw) or problem.message
        lines.append(f"{where}: {message}" if where else message)
    return problem_lines("Nothing was saved:", lines)


UNCITED = re.compile(r"cites \[\^(\d+)\] but no source has id \d+")
SOURCES_GO_IN_FILES = (
    "sources are added in a content file (/film-admin import; /film-admin export gives a"
    " film's own)"
)


def _uncited_in_a_form(message: str, raw: dict[str, Any]) -> str | None:
    """A citation of no source, told with what a form can do about it: a form has no field
    for sources, so it names the ones the film has (or that it has none) and where a new one
    goes. None for any other problem."""
    if (match := UNCITED.fullmatch(message)) is None:
        return None
    marker = f"[^{match[1]}]"
    ids = sorted({s["id"] for s in raw.get("sources") or () if isinstance(s.get("id"), int)})
    if not ids:
        return (
            f"cites {marker} but this film has no sources, and a form cannot add one: remove"
            f" the {marker}; {SOURCES_GO_IN_FILES}"
        )
    if ids == list(range(ids[0], ids[-1] + 1)) and len(ids) > 2:
        known = f"[^{ids[0]}] to [^{ids[-1]}]"
    else:
        known = ", ".join(f"[^{number}]" for number in ids)
    return (
        f"cites {marker} but no source has id {match[1]}: this film's sources are {known};"
        f" remove the {marker} or cite one of those ({SOURCES_GO_IN_FILES})"
    )


def with_body(raw: dict[str, Any], section: str, body: str | None) -> dict[str, Any]:
    """``raw`` (a film's data) with the synopsis or one section's body replaced."""
    if section == SYNOPSIS:
        return raw | {"synopsis": body or ""}
    kind = SectionKind(section)
    sections = [dict(s) for s in raw["sections"]]
    for existing in sections:
        if SectionKind(existing["kind"]) is kind:
            existing["body"] = body
            break
    else:
        order = list(SectionKind)
        position = next(
            (
                i
                for i, s in enumerate(sections)
                if order.index(SectionKind(s["kind"])) > order.index(kind)
            ),
            len(sections),
        )
        # Levels explicit, as in an exported film, so saving the same text again is "unchanged".
        sections.insert(position, {"kind": kind, "level": kind.default_level, "body": body})
    return raw | {"sections": sections}


SPAN_MARKER = "||hidden spoiler {number} ({mark}): kept as it is unless you delete this||"
"""What an edit form shows for an author's ``||span||`` in a text below ending (the synopsis,
a section at level none or plot): a form's field is plain text, which Discord cannot hide, and
an admin correcting a spoiler-free text never asked for the ending a span in it hides. ``mark``
names the span itself (``_span_mark``), so a marker is put back as that span whatever moved
since, and one naming none is refused, never put back as another."""
_SPAN_MARKER = re.compile(
    r"\|\|hidden spoiler (\d+) \(([0-9a-f]{6})\): kept as it is unless you delete this\|\|"
)


def _span_mark(span: str) -> str:
    return hashlib.sha256(span.encode()).hexdigest()[:6]


def _span_bounds(text: str) -> list[tuple[int, int]]:
    """Where each spoiler span of ``text`` starts and ends, bars included, paired as
    ``parse_spans`` (and Discord) pair them: left to right, each holding a character. Text
    whose bars hide less than meant (unclosed or nested, stored before files refused them) is
    a spoiler as a whole, as the answers show it: one span."""
    if BARS in text and bars_hide_less_than_meant(text):
        return [(0, len(text))]
    return span_bounds(text)


def spans_as_markers(text: str) -> str:
    """``text`` with each spoiler span replaced by its numbered ``SPAN_MARKER``."""
    out: list[str] = []
    pos = 0
    for number, (start, end) in enumerate(_span_bounds(text), start=1):
        span = text[start:end]
        out += [text[pos:start], SPAN_MARKER.format(number=number, mark=_span_mark(span))]
        pos = end
    return "".join(out) + text[pos:]


def markers_as_spans(typed: str, before: str) -> str:
    """``typed`` with each ``SPAN_MARKER`` put back as the span of ``before`` (the text the form
    was opened on) it names; a marker the admin deleted takes its span with it. A marker naming
    no span of ``before`` (pasted from an older form) is refused: its span is not known here."""
    spans = {
        _span_mark(span): span for start, end in _span_bounds(before) if (span := before[start:end])
    }

    def span(marker: re.Match[str]) -> str:
        if (found := spans.get(marker[2])) is None:
            raise InvalidInput(
                f"The form holds hidden spoiler {marker[1]}, a marker for a passage this text no"
                " longer has (the marker came from an older form). Nothing was saved: delete"
                " the marker, or run /film-admin edit again and copy your changes into it."
            )
        return found

    return _SPAN_MARKER.sub(span, typed) if "||hidden spoiler " in typed else typed


def section_label(section: str) -> str:
    return "Synopsis" if section == SYNOPSIS else SectionKind(section).label


def section_noun(section: str) -> str:
    """The label inside a sentence: "the notes", "the FAQ" (an acronym keeps its capitals)."""
    label = section_label(section)
    return label if label.isupper() else label[0].lower() + label[1:]


def kept_text(message: str, text: str, *, again: Button | None = None) -> Reply:
    """An error that hands back what the admin typed, so nothing they wrote is lost; with
    ``again``, the button that opens the form once more, filled in with it."""
    if not text.strip():
        return Reply.error(message)
    kept = Attachment("your-text.txt", text.encode())
    if again is None:
        told = with_sentence(message, "What you typed is attached.")
        return Reply.error(told, attachments=(kept,))
    told = with_sentence(
        message,
        f"What you typed is attached, and {again.label} opens the form with it filled in.",
    )
    return replace(Reply.error(told, attachments=(kept,)), rows=((again,),))
