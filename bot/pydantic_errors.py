"""pydantic's validation errors in plain English, for the config file and for content files.

One translator, so a config key and a content field that are wrong the same way are described the
same way.
"""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from pydantic_core import ErrorDetails

from bot.month_names import MONTH_PATTERN, MONTHS

UNION_TAGS = frozenset({"str", "int", "date", "none"})
"""The member of a failed union that pydantic adds to an error's location; not a key or field."""


def error_location(error: ErrorDetails) -> tuple[str | int, ...]:
    """Where the error is, as the keys and list indexes leading to it. The last part of an
    unknown key's error is that key, whatever its name: a field written ``date:`` is named
    and found on its line, never taken for a union's tag (was: line 1, no key named)."""
    parts = [part for part in error["loc"] if isinstance(part, str | int)]
    own = parts.pop() if error["type"] == "extra_forbidden" and parts else None
    kept = [part for part in parts if part not in UNION_TAGS]
    return tuple(kept if own is None else [*kept, own])


def describe(error: ErrorDetails, *, unknown_key: str, show_input: bool = False) -> str:
    """What is wrong, as the rest of a sentence after the key's name ("year: must be …").

    ``unknown_key`` says where the known keys are listed; ``show_input`` adds what was given
    (the config's values, never content text, which may be a spoiler).
    """
    got = error.get("input")
    # A missing or unknown key has no value worth echoing.
    shown = show_input and error["type"] not in {"missing", "extra_forbidden"}
    message = _message(error, unknown_key)
    if got is None and error["type"] not in {"missing", "extra_forbidden"}:
        # A key written with nothing after it: the fix is a value, not another type of one.
        empty = "has no value: write it after the colon"
        message += "" if empty in message else f": {empty}"
    echoed = isinstance(got, str) and f"not '{got}'" in message  # a close choice says it
    got_text = (
        f" (got {got!r})" if shown and not echoed and not isinstance(got, dict | list) else ""
    )
    return message + got_text


def _message(error: ErrorDetails, unknown_key: str) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return unknown_key
    if kind == "enum":
        expected = ctx.get("expected", "").replace(" or ", ", ").replace(chr(39), "")
        return f"must be one of {expected}" + _did_you_mean(error.get("input"), expected)
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return f"has too many entries: at most {ctx.get('max_length')}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entry"
    if kind == "string_pattern_mismatch":
        return "must be a web address starting with http:// or https://"
    if kind.startswith("date_"):
        if readings := _date_readings(error.get("input")):
            return f"must be a real date written YYYY-MM-DD: {' or '.join(readings)}?"
        detail = str(error["msg"]).partition(", ")[2]
        # pydantic's reading of the characters ("invalid character in year") is not the
        # author's mistake; a day or month out of range is.
        told = f" ({detail})" if "range" in detail else ""
        return "must be a real date written YYYY-MM-DD" + told
    if kind.startswith("int_"):
        return "must be a whole number"
    if kind.startswith("bool_"):
        return "must be true or false"
    # pydantic's own words name our classes ("instance of discordconfig"): say how to write it.
    if kind == "list_type":
        return "must be a list, e.g. [a, b], or one '- a' line per entry under it"
    if kind in {"dict_type", "model_type"}:
        return "must be a mapping: its 'key: value' lines indented under it"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_type":
        return "must be text: " + _as_text_hint(error)
    return str(error["msg"]).replace("Input should be", "must be")


NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
NAMED_DATE = re.compile(
    rf"^(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_PATTERN})\.?|({MONTH_PATTERN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?)"
    r",?\s+(\d{4})$",
    re.IGNORECASE,
)


def _date_readings(written: object) -> list[str]:
    """The days, as YYYY-MM-DD, a date written as people write dates could be: 25.12.2016,
    Dec 9, 2016, 2016/12/09; both of 12/09/2016 (day or month first), never a guess."""
    if not isinstance(written, str):
        return []
    text = " ".join(written.split())
    candidates: list[tuple[int, int, int]] = []
    if found := NUMERIC_DATE.match(text):
        first, second, year = int(found[1]), int(found[2]), int(found[3])
        candidates = [(year, second, first), (year, first, second)]
    elif found := YEAR_FIRST.match(text):
        candidates = [(int(found[1]), int(found[2]), int(found[3]))]
    elif found := NAMED_DATE.match(text):
        month = MONTHS[(found[2] or found[3]).lower()]
        candidates = [(int(found[5]), month, int(found[1] or found[4]))]
    days: set[str] = set()
    for year, month, day in candidates:
        try:
            days.add(datetime.date(year, month, day).isoformat())
        except ValueError:
            continue
    return sorted(days)


def _as_text_hint(error: ErrorDetails) -> str:
    """Why a value meant as text is not, and how to write it: YAML reads an unquoted 1917,
    yes or 2019-01-01 as a number, true or a date (a film titled 1917, a heading "Yes"), and
    [^1] or {Untitled} as a list or a mapping."""
    got = error.get("input")
    if got is None:
        return "has no value: write it after the colon"
    if isinstance(got, bool):
        read_as = "true or false"
    elif isinstance(got, int | float):
        read_as = "a number"
    elif isinstance(got, datetime.date):
        read_as = "a date"
    elif isinstance(got, list):
        read_as = "a list (it starts with [)"
    elif isinstance(got, dict):
        read_as = "a mapping (it starts with {)"
    else:
        return str(error["msg"]).replace("Input should be", "it must be")
    key = next((part for part in reversed(error_location(error)) if isinstance(part, str)), "")
    example = f' ({key}: "…")' if key else ""
    return f"YAML reads this value as {read_as}: put it in quotes{example}"


CHOICE_SPELLING = re.compile(r"[\s-]+")


def _did_you_mean(typed: object, expected: str) -> str:
    """``level: endings`` → ", not 'endings': did you mean ending?". What was typed is echoed
    only when it is close to a choice, so a misplaced text (which may be a spoiler) never is."""
    if not isinstance(typed, str) or len(typed) > 40:
        return ""
    choices = [choice.strip() for choice in expected.split(",") if choice.strip()]
    # Case, spaces and hyphens are how people write words; the choices are lowercase_snake.
    written = CHOICE_SPELLING.sub("_", typed.strip().lower())
    close = difflib.get_close_matches(written, choices, n=1, cutoff=0.7)
    return f", not '{typed}': did you mean {close[0]}?" if close else ""
