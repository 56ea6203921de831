"""Lists that must fit one Discord field or message: whole lines, then how many were left out."""

from __future__ import annotations

from collections.abc import Sequence

MORE = "… and {count} more"


def fit_lines(lines: Sequence[str], limit: int, *, more: str = MORE) -> str:
    """As many whole lines as fit in ``limit`` characters, then ``more`` (with ``{count}``, how
    many were left out) on a line of its own; the result is never longer than ``limit`` if
    ``more`` fits it."""
    shown: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        left = len(lines) - index
        # Keep room for the "and N more" line unless this is the last line.
        reserve = 0 if left == 1 else len(more.format(count=left)) + 1
        cost = len(line) + (1 if shown else 0)
        if used + cost + reserve > limit:
            shown.append(more.format(count=left))
            break
        shown.append(line)
        used += cost
    return "\n".join(shown)


def pages_of_lines(lines: Sequence[str], limit: int) -> list[list[str]]:
    """``lines`` in order as pages of whole lines, each within ``limit`` characters joined by
    newlines (a line longer than ``limit`` alone on its page): a list read a page at a time,
    where ``fit_lines`` would cut it. The same lines always make the same pages."""
    pages: list[list[str]] = [[]]
    used = 0
    for line in lines:
        cost = len(line) + (1 if pages[-1] else 0)
        if pages[-1] and used + cost > limit:
            pages.append([])
            cost = len(line)
            used = 0
        pages[-1].append(line)
        used += cost
    return pages


FIELD_VALUE_LIMIT = 1024
"""Discord's limit on one embed field's value."""
EMBED_CHARS, EMBED_FIELDS = 6000, 25
"""Discord's limits on one message's embeds together: characters, and fields of one embed."""


def fit_in_fields(
    name: str, lines: Sequence[str], *, chars: int, fields: int, more: str = MORE
) -> list[tuple[str, str]]:
    """``lines`` as (name, value) embed fields of whole lines, each value within a field's
    1,024 characters, the second and later named "``name`` (continued)", all of them together
    (names and values) within ``chars`` characters and ``fields`` fields: a long list goes
    on in the next field rather than being cut at the first. Whatever is left out past those
    is counted in a last ``more`` line."""
    continued = f"{name} (continued)"
    out: list[tuple[str, str]] = []
    index = 0
    while index < len(lines) and len(out) < fields:
        title = name if not out else continued
        room = min(FIELD_VALUE_LIMIT, chars - len(title))
        last_field = len(out) + 1 == fields
        # Fill this field with whole lines while the next field could still take the rest.
        taken: list[str] = []
        used = 0
        while index < len(lines):
            cost = len(lines[index]) + (1 if taken else 0)
            if used + cost > room:
                break
            taken.append(lines[index])
            used += cost
            index += 1
        rest = len(lines) - index
        next_room = chars - len(title) - used - len(continued)
        if rest and (last_field or not taken or next_room < len(lines[index]) + 1):
            # Nothing more will fit after this field: end it with how many were left out.
            value = fit_lines(list(lines[index - len(taken) :]), room, more=more)
            out.append((title, value))
            return out
        out.append((title, "\n".join(taken)))
        chars -= len(title) + used
    return out
