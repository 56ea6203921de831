"""Fit an imported section into a content file's bounds (a heading's 200 characters, a text's
20,000, a section's 50 items) by moving its text, never by refusing the import, and never by
putting a word at a lower level than the one it was read at.

A heading over the bound is shortened at a word and given whole as the first line of its text
(in bars when the heading was above that text's level); a text over the bound is cut at a
paragraph (or, for one paragraph that long, at a word), each further part an item of its own
at the level of the text it came from. Spoiler bars are never cut apart: a span cut in two is
closed at the cut and opened again in the next part. Each change is said in the review notes.
"""

from __future__ import annotations

import bisect
from typing import Any

from bot.content.schema import ItemDoc, SectionDoc
from bot.levels import SectionKind, SpoilerLevel
from bot.spoiler_policy.markup import BARS, behind_bars, span_bounds


def _max_length(model: type[Any], field: str) -> int:
    """The bound the content file's schema sets on ``field`` (one place says it)."""
    for rule in model.model_fields[field].metadata:
        bound = getattr(rule, "max_length", None)  # StringConstraints' and MaxLen's alike
        if bound:
            return int(bound)
    raise LookupError(f"{model.__name__}.{field} has no max_length")


HEADING_MAX = _max_length(ItemDoc, "heading")
TEXT_MAX = _max_length(ItemDoc, "body")
ITEMS_MAX = _max_length(SectionDoc, "items")
_CONTINUED = " (continued)"


def shorten_heading(heading: str, limit: int = HEADING_MAX) -> str:
    """``heading`` cut at a word to fit ``limit`` with an ellipsis; bars it opened are closed."""
    heading = " ".join(heading.split())
    if len(heading) <= limit:
        return heading
    room = limit - 1 - len(BARS)
    cut = heading.rfind(" ", 0, room)
    if cut < room // 2:
        cut = room
    short = heading[:cut].rstrip(" ,;:-\u2013\u2014|")
    bounds = span_bounds(short)
    if short.count(BARS) > 2 * len(bounds):  # a span the cut left open
        short += BARS
    return short + "\u2026"


def split_text(text: str, limit: int = TEXT_MAX) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut at a paragraph break outside any
    spoiler span where one is near, else at a space; a span cut in two is closed at the end of
    one part and opened again at the start of the next. Linear in the text's length."""
    if len(text) <= limit:
        return [text]
    bounds = span_bounds(text)
    starts = [opened for opened, _ in bounds]
    parts: list[str] = []
    start, carry = 0, False
    room = limit - 2 * len(BARS)
    while len(text) - start + (len(BARS) if carry else 0) > limit:
        end = start + room
        cut = _break_outside_spans(text, start, end, bounds, starts)
        if cut is None:
            cut = text.rfind(" ", start + room // 2, end)
            cut = cut if cut > start else end
            if text[cut - 1 : cut + 1] == BARS:
                cut -= 1  # never between the two bars of a pair
        inside = _inside(cut, bounds, starts)
        part = text[start:cut].strip()
        if carry:
            part = BARS + part
        if inside:
            part += BARS
        parts.append(part)
        start, carry = cut, inside
        while start < len(text) and text[start].isspace():
            start += 1
    rest = text[start:].strip()
    if rest:
        parts.append((BARS if carry else "") + rest)
    return parts


def _inside(position: int, bounds: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, position - 1) - 1
    return index >= 0 and bounds[index][0] < position < bounds[index][1]


def _break_outside_spans(
    text: str, start: int, end: int, bounds: list[tuple[int, int]], starts: list[int]
) -> int | None:
    """The last paragraph break in ``text[start:end]``'s later half that no span covers."""
    floor = start + (end - start) // 2
    cut = text.rfind("\n\n", floor, end)
    while cut > floor:
        if not _inside(cut, bounds, starts):
            return cut
        cut = text.rfind("\n\n", floor, cut)
    return None


def _above(level: SpoilerLevel, than: SpoilerLevel) -> bool:
    return level.rank > than.rank


def fit_section(section: dict[str, Any], notes: list[str], warnings: list[str]) -> None:
    """``section`` (a section's fields, as the importer builds them) fitted to the bounds in
    place; what was changed is added to ``notes`` (the section's review comments) and
    ``warnings``."""
    kind: SectionKind = section["kind"]
    level: SpoilerLevel = section.get("level") or kind.default_level
    heading = section.get("heading")
    if heading and len(heading) > HEADING_MAX:
        heading_level = section.get("heading_level") or level
        section["heading"] = shorten_heading(heading)
        whole = f"**{' '.join(heading.split())}**"
        if _above(heading_level, level):
            whole = behind_bars(whole)
        section["body"] = "\n\n".join(filter(None, [whole, section.get("body")]))
        _said(notes, warnings, kind, "its heading", len(heading))
    items: list[dict[str, Any]] = []
    body = section.get("body")
    if body and len(body) > TEXT_MAX:
        first, *rest = split_text(body)
        section["body"] = first
        label = section["heading"] if section.get("heading") else kind.label
        items.extend(_continued(label, part, level, None) for part in rest)
        _split_said(notes, warnings, kind, "its text", len(rest) + 1)
    for number, item in enumerate(section.get("items", []), start=1):
        items.extend(_fitted_item(item, number, kind, level, notes, warnings))
    if len(items) > ITEMS_MAX:
        label = section["heading"] if section.get("heading") else kind.label
        items, packed, lost = _packed(items, label, level)
        line = (
            f"{kind.label}: more than {ITEMS_MAX} parts once fitted to a content file's bounds:"
            f" its last {packed} were joined into '(continued)' items, each at the highest level"
            " of what it holds"
        )
        if lost:
            line += f"; {lost} more did not fit and were left out: split the article"
        notes.append(line)
        warnings.append(line)
    if items or "items" in section:
        section["items"] = items


def _packed(
    items: list[dict[str, Any]], label: str, section_level: SpoilerLevel
) -> tuple[list[dict[str, Any]], int, int]:
    """``items`` cut to ``ITEMS_MAX``: the last ones joined, heading and text, into as few
    '(continued)' items as hold them, each at the highest level of the parts it holds (so no
    part is shown lower than it was). How many were joined, and how many still did not fit
    (only past about a million characters in one section)."""
    for keep in range(ITEMS_MAX - 1, -1, -1):
        rest = items[keep:]
        text = "\n\n".join(f"**{item['heading']}**\n\n{item['body']}" for item in rest)
        parts = split_text(text)
        if keep + len(parts) <= ITEMS_MAX or keep == 0:
            top = SpoilerLevel.highest(
                *(
                    level
                    for item in rest
                    for level in (item.get("level") or section_level, item.get("heading_level"))
                    if level is not None
                )
            )
            room = ITEMS_MAX - keep
            joined = [_continued(label, part, top, None) for part in parts[:room]]
            lost = sum(part.count("**") // 2 for part in parts[room:])
            return [*items[:keep], *joined], len(rest), lost
    raise AssertionError("unreachable: keep reaches 0")


def _fitted_item(
    item: dict[str, Any],
    number: int,
    kind: SectionKind,
    section_level: SpoilerLevel,
    notes: list[str],
    warnings: list[str],
) -> list[dict[str, Any]]:
    level: SpoilerLevel = item.get("level") or section_level
    heading: str = item["heading"]
    fitted = dict(item)
    if len(heading) > HEADING_MAX:
        heading_level = item.get("heading_level") or level
        fitted["heading"] = shorten_heading(heading)
        whole = f"**{' '.join(heading.split())}**"
        if _above(heading_level, level):
            whole = behind_bars(whole)
        fitted["body"] = f"{whole}\n\n{item['body']}"
        _said(notes, warnings, kind, f"item {number}'s heading", len(heading))
    if len(fitted["body"]) <= TEXT_MAX:
        return [fitted]
    first, *rest = split_text(fitted["body"])
    fitted["body"] = first
    if "level" not in fitted or fitted["level"] is None:
        fitted["level"] = level
    _split_said(notes, warnings, kind, f"item {number}'s text", len(rest) + 1)
    more = [_continued(fitted["heading"], part, level, item.get("heading_level")) for part in rest]
    return [fitted, *more]


def _continued(
    heading: str, body: str, level: SpoilerLevel, heading_level: SpoilerLevel | None
) -> dict[str, Any]:
    title = shorten_heading(heading, HEADING_MAX - len(_CONTINUED)) + _CONTINUED
    item: dict[str, Any] = {"heading": title, "level": level, "body": body}
    if heading_level is not None:
        item["heading_level"] = heading_level
    return item


def _said(notes: list[str], warnings: list[str], kind: SectionKind, what: str, size: int) -> None:
    line = (
        f"{kind.label}: {what} had {size} characters, more than a heading's {HEADING_MAX}:"
        " shortened, and given whole as the first line of its text; shorten it yourself"
    )
    notes.append(line)
    warnings.append(line)


def _split_said(
    notes: list[str], warnings: list[str], kind: SectionKind, what: str, parts: int
) -> None:
    line = (
        f"{kind.label}: {what} was longer than a text's {TEXT_MAX:,} characters: cut into"
        f" {parts} parts at paragraph breaks, each after the first an item headed"
        " '(continued)' at the same level; trim it or split it as it reads best"
    )
    notes.append(line)
    warnings.append(line)
