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
