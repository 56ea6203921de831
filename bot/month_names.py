"""Month names as people write them in dates ("dec", "Sept", "December"): one table for every
reader of dates (content files' release dates, embargo ends)."""

from __future__ import annotations

import calendar

MONTHS: dict[str, int] = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
"""Each month's full and short name, lower case, to its number."""

MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
"""A regular expression alternation of :data:`MONTHS`, longest first ("sept" before "sep")."""
