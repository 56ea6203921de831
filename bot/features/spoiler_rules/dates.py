"""An embargo's end date as moderators type it: ``2031-02-03``, ``tomorrow``, ``friday``,
``in 3 days``, ``2w``, ``in a month``, ``next month``, ``end of the month``, ``25/12``,
``Dec 25``, ``25 December 2031`` (or ``25 déc``, ``25. Dezember``, ``25 de diciembre``,
``25 दिसंबर``: the languages of ``bot.month_names``; ``12月25日`` as Japanese writes it) or
``christmas``.

The reply to an embargo names the day taken (as YYYY-MM-DD), so every reading can be checked;
a numeric date that reads as two days (``03/04``: 3 April or March 4) is refused naming both,
never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from bot.errors import InvalidInput
from bot.month_names import MONTH_PATTERN, MONTHS, written
from bot.spoiler_policy.markup import escape_text

MAX_EMBARGO_DAYS = 3650
"""The longest embargo: ``days:`` at most, and how far ahead ``in 3 days`` may reach."""

ISO_DATE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
"""YYYY-MM-DD, a month or day of one digit too (2031-2-3), with slashes (2031/02/03) or dots
(2031.12.25, as Germany and East Asia write it). Eight digits alone (20311225) are refused:
DDMMYYYY and MMDDYYYY write dates so too."""
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$")
"""Day and month in either order, the year after them or left out: 25/12, 12/25/2031, 25.12.31."""
COUNTS = {"a": 1, "an": 1} | {
    word: number
    for number, word in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], 1
    )
}
"""Counts written as words: "in a week", "two weeks"."""
COUNT = "|".join(COUNTS)
RELATIVE = re.compile(
    rf"^(?:in\s+)?(\d+|(?:{COUNT})\b)\s*"
    r"(days?|d|dys?|weeks?|w|wks?|fortnights?|months?|mos?|years?|y|yrs?)"
    r"(?:\s+from\s+(?:now|today)|['’]?\s+time)?$"
)
"""A count of days, weeks, months or years ahead, their units written out or shortened as
durations are elsewhere ("2w", "14d", "3mo", "1y"); never "m", minutes to some."""
OFFSET = r"[+-]\d{1,2}(?::?\d{2})?"
ZONE = re.compile(
    rf"(?:\s*(?:z|{OFFSET})|\s+\(?(?:utc|gmt)(?:{OFFSET})?\)?|\s+\(?[a-z]{{1,4}}t\)?)$"
)
"""A timezone after a date or a time: Z, +02:00, UTC, GMT+1, EST, CEST, (PST)."""
TIME = re.compile(
    r"(?:t|\s+(?:(?:at|à|a\s+las|um|alle|om|kl\.?)\s+)?)"
    r"(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?|\s*uhr)?"
    r"|\d{1,2}\s*[ap]\.?m\.?|\d{1,2}h(?:\d{2})?|\d{1,2}(?:\.\d{2})?\s*uhr|noon|midnight)$"
)
"""A time after a date: T10:00, 18:00, at 6pm, 9 a.m., noon; as other languages write it,
18h, à 18h30, um 18 Uhr, a las 18:00."""
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed", "weds"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
WEEKDAY = re.compile(
    rf"^(?:(next)\s+|(?:on|this|this\s+coming|coming)\s+)?({'|'.join(WEEKDAYS)})\.?$"
)
ORDINAL = re.compile(r"(\d+)(?:(?:st|nd|rd|th|er)\b|\.?[º°ª])")
"""A day written as an ordinal: 25th, French 1er, Spanish, Portuguese and Italian 1º."""
NAMED_DAY_FIRST = re.compile(
    rf"^(?:(?:the|le|el|il|am|den)\s+)?(\d{{1,2}})\.?\s+(?:of\s+|de\s+)?({MONTH_PATTERN})\.?"
    r"(?:,?\s+(?:de\s+)?(\d{4}|['’]\d{2}|\d{2}))?$"
)
"""25 Dec, the 25 of December, le 25 décembre, 25. Dezember, 25 de diciembre de 2031 (the
month in any language of ``bot.month_names``)."""
NUMBERED_MONTH = re.compile(r"^(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?$")
"""A date as Japanese and Chinese write it, its month by number: 12月25日, 2031年12月25日
(Korean alike: 12월 25일); full-width digits are folded before."""
NAMED_MONTH_FIRST = re.compile(
    rf"^({MONTH_PATTERN})\.?\s+(\d{{1,2}})(?:,?\s+(\d{{4}}|['’]\d{{2}}|\d{{2}}))?$"
)
"""Dec 25, December 25 2031, Dec 25 '31 (a year of two digits after a month's name too)."""
NAMED_PARTS = re.compile(rf"\b({MONTH_PATTERN})[-/.](?=\d)|(?<=\d)[-/.](?=(?:{MONTH_PATTERN})\b)")
"""A hyphen, slash or dot beside a month's name (25-dec-2031, dec-25, 25/Dec/2031): a space."""
MONTH_ALONE = re.compile(
    rf"^(?:(?:in|en|im|a|em|di)\s+)?({MONTH_PATTERN})\.?(?:,?\s+(?:de\s+)?(\d{{4}}))?$"
    r"|^(\d{4})[-/.](\d{1,2})$|^(\d{1,2})[-/.](\d{4})$"
)
"""A month without a day: "Dec 2031", "december", "décembre 2031", "2031-12", "12/2031"."""
YEAR_ALONE = re.compile(r"^(?:in\s+)?(\d{4})$")
"""A year without a day: "2031"."""
MONTH_END = re.compile(rf"^(?:the\s+)?end\s+of\s+({MONTH_PATTERN})\.?(?:,?\s+(\d{{4}}))?$")
"""The last day of a month named: "end of december", "the end of March 2031"."""
TOMORROW = frozenset({"tmrw", "tmr", "tmrow", "tomoz", "2morrow", "2moro"}) | frozenset(
    {"tomorow", "tommorow", "tommorrow", "tomorroww"}
)
"""Tomorrow as chat shortens or misspells it."""
AFTER_TOMORROW = frozenset({"day after tomorrow", "the day after tomorrow", "overmorrow"})
PERIOD_UNITS = ("week", "month", "year")
NEXT_PERIOD = re.compile(r"^next\s+(week|month|year)$")
"""Next week, month or year: its first day, or the same day a period from today."""
PERIOD_END = re.compile(
    r"^(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(week|month|year)|eo(w|m|y))$"
)
"""The last day of this week, month or year: "end of the month", "eom"."""
PAST = re.compile(
    rf"^(?:yesterday|(\d+|{COUNT})\s*(days?|weeks?)\s+ago|last\s+({'|'.join(WEEKDAYS)}))$"
)
"""A day already gone: named back, so the refusal says which day it was."""
HOLIDAYS = {
    "christmas": (12, 25),
    "xmas": (12, 25),
    "christmas day": (12, 25),
    "xmas day": (12, 25),
    "christmas eve": (12, 24),
    "xmas eve": (12, 24),
    "boxing day": (12, 26),
    "new years eve": (12, 31),
    "new years": (1, 1),
    "new year": (1, 1),
    "new years day": (1, 1),
    "new year day": (1, 1),
    "halloween": (10, 31),
    "valentines day": (2, 14),
    "valentines": (2, 14),
}
"""Days with a fixed date in every year's calendar (movable feasts, such as Easter, are not)."""
APOSTROPHES = re.compile(r"['’ʼ‘`´]")
FORMS = (
    "YYYY-MM-DD (until:{example}), tomorrow, friday, in 3 days, 2w, in a month, next month,"
    " end of the month, 25 Dec, Dec 25 2031 or christmas"
)


def end_date(text: str, *, today: dt.date, begun: dt.date, example: str) -> dt.date:
    """The day ``text`` names. ``today`` (UTC) counts relative dates (``tomorrow``); a date
    typed without its year is its next one after ``begun``, the last day that has begun
    everywhere on Earth, as an embargo ends. Checking that the day is still to come is the
    caller's."""
    typed = text.strip()
    # Ordinals first: NFKC reads Spanish "1º" as "1o".
    words = " ".join(written(ORDINAL.sub(r"\1", typed.lower())).split())
    words = NAMED_PARTS.sub(lambda found: f"{found[1]} " if found[1] else " ", words)
    if words in TOMORROW:
        words = "tomorrow"
    if words in AFTER_TOMORROW:
        return today + dt.timedelta(days=2)
    if words in ("today", "tomorrow"):
        # Today: the caller says it has begun, which "not a date I can read" did not.
        return today + dt.timedelta(days=words == "tomorrow")
    if (fixed := HOLIDAYS.get(APOSTROPHES.sub("", words))) is not None:
        return _dated(typed, *fixed, None, begun, example)
    if match := PAST.match(words):
        return _past(today, match)
    if match := NEXT_PERIOD.match(words):
        return _next_period(typed, today, match[1])
    if match := PERIOD_END.match(words):
        return _period_end(typed, today, match[1] or match[2])
    if match := MONTH_END.match(words):
        return _month_end(typed, MONTHS[match[1]], match[2], begun, example)
    if match := RELATIVE.match(words):
        count = COUNTS.get(match[1]) or int(match[1])
        if match[2].startswith(("m", "y")):
            months = count * (12 if match[2].startswith("y") else 1)
            return _months_ahead(typed, today, months)
        days = {"w": 7, "f": 14}.get(match[2][0], 1)  # a fortnight: two weeks
        return _ahead(typed, today, count * days)
    if match := WEEKDAY.match(words):
        return _weekday(typed, today, WEEKDAYS[match[2]], named_next=match[1] is not None)
    if match := ISO_DATE.match(words):
        if int(match[1]):
            return _day(typed, int(match[1]), int(match[3]), int(match[4]), example)
    elif match := NUMERIC_DATE.match(words):
        return _numeric(typed, match, begun, example)
    elif match := NAMED_DAY_FIRST.match(words):
        return _dated(typed, MONTHS[match[2]], int(match[1]), match[3], begun, example)
    elif match := NAMED_MONTH_FIRST.match(words):
        return _dated(typed, MONTHS[match[1]], int(match[2]), match[3], begun, example)
    elif match := NUMBERED_MONTH.match(words):
        return _dated(typed, int(match[2]), int(match[3]), match[1], begun, example)
    if (period := _period_named(words, begun)) is not None:
        what, first, last = period
        if last <= begun:
            return last  # all gone: the caller refuses it as over, naming its last day
        raise _a_period_refused(typed, what, max(first, begun + dt.timedelta(days=1)), last)
    if (day := _day_of_a_time(typed, words, today, begun, example)) is not None:
        raise _a_time_refused(typed, day, "has a time or a timezone")
    if (day := _day_of_a_timestamp(words)) is not None:
        # A Discord timestamp pasted from a generator or a message: a moment, shown on each
        # reader's own day, so its day is the UTC one and the day after, never guessed.
        raise _a_time_refused(typed, day, "is a Discord timestamp, a moment")
    raise InvalidInput(
        f"until: '{escape_text(typed[:40])}' is not a date I can read: write it as "
        + FORMS.format(example=example)
        + "."
    )


def _period_named(words: str, begun: dt.date) -> tuple[str, dt.date, dt.date] | None:
    """A month or a year typed without a day: what it is, its first day and its last; None
    for anything else. A month without its year is its next one, as a day without one is."""
    if match := YEAR_ALONE.match(words):
        year = int(match[1])
        if 1 <= year <= dt.MAXYEAR:
            return "a year", dt.date(year, 1, 1), dt.date(year, 12, 31)
        return None
    if not (match := MONTH_ALONE.match(words)):
        return None
    if match[1]:
        month, year = MONTHS[match[1]], int(match[2]) if match[2] else None
    else:
        year, month = (int(match[3]), int(match[4])) if match[3] else (int(match[6]), int(match[5]))
    if not 1 <= month <= 12 or (year is not None and not 1 <= year <= dt.MAXYEAR):
        return None
    if year is None:
        last_day = calendar.monthrange(begun.year, month)[1]
        year = begun.year if dt.date(begun.year, month, last_day) > begun else begun.year + 1
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return "a month", dt.date(year, month, 1), last


def _a_period_refused(typed: str, what: str, first: dt.date, last: dt.date) -> InvalidInput:
    """A month or a year where a day goes: the embargo could end on any of its days, so its
    first and last are named, never one guessed."""
    return InvalidInput(
        f"until: '{escape_text(typed[:40])}' is {what}, and an embargo ends on a day: write"
        f" the day, e.g. until:{first} (its first day still to come) or until:{last} (its last)."
    )


def _a_time_refused(typed: str, day: dt.date, what: str) -> InvalidInput:
    """A time typed where a day goes. Taking its day alone could lift the embargo hours
    before the time typed (6 pm in New York is past 12:00 UTC that day): both days are
    named, with when each lifts, never guessed."""
    after = day + dt.timedelta(days=1)
    return InvalidInput(
        f"until: '{escape_text(typed[:40])}' {what}, and an embargo names a day, not a time:"
        " it lifts once that day has begun everywhere on Earth, at 12:00 UTC. Write"
        f" until:{day} (lifts {day} 12:00 UTC) or until:{after} (lifts {after} 12:00 UTC,"
        " after any time that day)."
    )


DISCORD_TIMESTAMP = re.compile(r"^<t:(\d{1,12})(?::[tdfr])?>$")
"""Discord's timestamp markup, ``<t:1924992000:D>``, as generators make it (lower-cased)."""


def _day_of_a_timestamp(words: str) -> dt.date | None:
    """The UTC day of a Discord timestamp, or None when ``words`` is not one (or no day)."""
    if (match := DISCORD_TIMESTAMP.match(words)) is None:
        return None
    try:
        return dt.datetime.fromtimestamp(int(match[1]), dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _day_of_a_time(
    typed: str, words: str, today: dt.date, begun: dt.date, example: str
) -> dt.date | None:
    """The day a date with a time or a timezone names (``2031-01-01T10:00+02:00``, ``Dec 25 at
    6pm``, ``2031-12-31 EST``), or None when ``words`` have neither or no date before them. A
    mistake in the date itself is told as it is without the time."""
    day_only = ZONE.sub("", words)
    day_only = TIME.sub("", day_only).strip()
    if not day_only or day_only == words or _period_named(day_only, begun) is not None:
        return None  # "2031-13" is no year with a timezone
    try:
        return end_date(day_only, today=today, begun=begun, example=example)
    except InvalidInput as exc:
        if "not a date I can read" in str(exc):
            return None  # said of the whole text by the caller
        raise


def _past(today: dt.date, match: re.Match[str]) -> dt.date:
    """The day gone that ``match`` names; the caller refuses it as already begun, naming it."""
    if match[3] is not None:  # last friday: the one before today
        return today - dt.timedelta(days=(today.weekday() - WEEKDAYS[match[3]] - 1) % 7 + 1)
    if match[1] is None:  # yesterday
        return today - dt.timedelta(days=1)
    count = COUNTS.get(match[1]) or int(match[1][:5])  # any count is in the past alike
    return today - dt.timedelta(days=count * (7 if match[2].startswith("w") else 1))


def _next_period(typed: str, today: dt.date, unit: str) -> dt.date:
    """ "next month" is next month's first day to some and the same day a month on to others:
    taken when those are one day (1 January's next month), else both are named."""
    if unit == "week":
        first = today + dt.timedelta(days=7 - today.weekday())
        later = today + dt.timedelta(days=7)
    elif unit == "month":
        first = dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
        later = _months_ahead(typed, today, 1)
    else:
        first = dt.date(today.year + 1, 1, 1)
        later = _months_ahead(typed, today, 12)
    if first == later:
        return first
    raise InvalidInput(
        f"until: '{escape_text(typed[:40])}' could be {first:%A} {first} (the first day of next"
        f" {unit}) or {later:%A} {later} (a {unit} from today): write the day, e.g."
        f" until:{first} or until:{later}."
    )


def _period_end(typed: str, today: dt.date, unit: str) -> dt.date:
    """The last day of this month or year; a week ends on Saturday to some and on Sunday to
    others, so both are named unless today is one of them."""
    if unit.startswith("m"):
        return dt.date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    if unit.startswith("y"):
        return dt.date(today.year, 12, 31)
    saturday = today + dt.timedelta(days=5 - today.weekday())
    sunday = today + dt.timedelta(days=6 - today.weekday())
    if saturday <= today:  # on Saturday or Sunday only one end is still to come, or none
        return sunday
    raise InvalidInput(
        f"until: '{escape_text(typed[:40])}' could be Saturday {saturday} or Sunday {sunday}:"
        f" write the day, e.g. until:{saturday} or until:{sunday}."
    )


def _ahead(typed: str, today: dt.date, days: int) -> dt.date:
    if days > MAX_EMBARGO_DAYS:
        raise InvalidInput(
            f"until: '{escape_text(typed[:40])}' is more than {MAX_EMBARGO_DAYS} days ahead; an"
            f" embargo lasts at most {MAX_EMBARGO_DAYS} days."
        )
    return today + dt.timedelta(days=days)


def _months_ahead(typed: str, today: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; past that month's end, its last day (31 January and a
    month: 28 or 29 February). The reply names the day taken."""
    if months > MAX_EMBARGO_DAYS // 28:
        return _ahead(typed, today, months * 28)  # refused, saying the longest embargo
    year, month = divmod(today.month - 1 + months, 12)
    year, month = today.year + year, month + 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _weekday(typed: str, today: dt.date, weekday: int, *, named_next: bool) -> dt.date:
    """The next such weekday after today (today's own is a week away). "next Friday" is the
    coming Friday to some and the one after it to others: both are named, never guessed."""
    coming = today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if named_next:
        after = coming + dt.timedelta(days=7)
        raise InvalidInput(
            f"until: '{escape_text(typed[:40])}' could be {coming:%A} {coming} or {after:%A}"
            f" {after}: write the day, e.g. until:{coming} or until:{after}."
        )
    return coming


def _numeric(typed: str, match: re.Match[str], begun: dt.date, example: str) -> dt.date:
    first, second = int(match[1]), int(match[2])
    year = match[3]
    if year is not None and len(year) == 2:
        year = str(2000 + int(year))
    if first <= 12 and second <= 12 and first != second:
        # 03/04 is 3 April in most of the world and March 4 in the US: guessing either is a
        # wrong embargo for half the moderators, so both readings are named.
        day_first = _dated(typed, second, first, year, begun, example)
        month_first = _dated(typed, first, second, year, begun, example)
        raise InvalidInput(
            f"until: '{escape_text(typed[:40])}' could be {first} {calendar.month_name[second]}"
            f" or {calendar.month_name[first]} {second}: write it as YYYY-MM-DD, e.g."
            f" until:{day_first} or until:{month_first}."
        )
    # One of the two is over 12, so it is the day (or both are the same number).
    day, month = (first, second) if first > 12 or second <= 12 else (second, first)
    return _dated(typed, month, day, year, begun, example)


def _month_end(typed: str, month: int, year: str | None, begun: dt.date, example: str) -> dt.date:
    """The last day of ``month``: of ``year``, or the next such day after ``begun``."""
    if year is not None:
        return _day(typed, int(year), month, calendar.monthrange(int(year), month)[1], example)
    last = dt.date(begun.year, month, calendar.monthrange(begun.year, month)[1])
    if last > begun:
        return last
    return dt.date(begun.year + 1, month, calendar.monthrange(begun.year + 1, month)[1])


def _dated(
    typed: str, month: int, day: int, year: str | None, begun: dt.date, example: str
) -> dt.date:
    if year is not None:
        year = year.lstrip("'’")
        if len(year) == 2:
            year = str(2000 + int(year))  # "Dec 25 '31": this century's, as the reply names
        return _day(typed, int(year), month, day, example)
    if not 1 <= month <= 12:
        return _day(typed, begun.year, month, day, example)  # says what is wrong with it
    # No year: the next such day still to begin somewhere (29 February: the next leap year).
    for candidate in range(begun.year, begun.year + 9):
        if 1 <= day <= calendar.monthrange(candidate, month)[1]:
            date = dt.date(candidate, month, day)
            if date > begun:
                return date
    # Told without a year: this year's month may be gone, and the date was never read as it.
    most = calendar.monthrange(2000, month)[1]  # a leap year: February's most
    days = "28 days, 29 in a leap year" if month == 2 else f"{most} days"
    raise InvalidInput(
        f"until: '{escape_text(typed[:40])}' is no day of the calendar:"
        f" {calendar.month_name[month]} has {days}."
    )


def _day(typed: str, year: int, month: int, day: int, example: str) -> dt.date:
    if not 1 <= year <= dt.MAXYEAR:
        raise InvalidInput(
            f"until: '{escape_text(typed[:40])}' has no year I can read: write it as "
            + FORMS.format(example=example)
            + "."
        )
    if not 1 <= month <= 12:
        raise InvalidInput(
            f"until: '{escape_text(typed[:40])}' names month {month}, and months run 01 to 12"
            f" (YYYY-MM-DD, e.g. until:{example})."
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        # Written right, but no such day: saying "not YYYY-MM-DD" sent moderators hunting.
        raise InvalidInput(
            f"until: '{escape_text(typed[:40])}' is no day of the calendar:"
            f" {calendar.month_name[month]} {year} has {days} days."
        )
    return dt.date(year, month, day)
