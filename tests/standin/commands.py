"""Turn ``/film ending film:La La Land private:true`` into a registered command + raw values.

Mirrors Discord's client: the leading words pick the command, sub-command
group and sub-command; then ``name:value`` pairs follow, where a value runs up
to the next *known* option name, so values may contain spaces and colons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .records import StandinError

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
SNOWFLAKE_TYPES = frozenset({USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT})
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


@dataclass
class ParsedCommand:
    command: dict[str, Any]
    path: list[dict[str, Any]]  # sub-command group / sub-command definitions, outermost first
    definitions: dict[str, dict[str, Any]]  # leaf option name -> option definition
    raw: dict[str, str]  # option name -> text exactly as typed

    @property
    def qualified_name(self) -> str:
        return " ".join([self.command["name"], *(p["name"] for p in self.path)])


def parse_command(text: str, registered: list[dict[str, Any]]) -> ParsedCommand:
    words = text.strip().removeprefix("/").split(maxsplit=1)
    if not words:
        raise StandinError("empty command text")
    name, rest = words[0], words[1] if len(words) > 1 else ""
    command = next((c for c in registered if c["name"] == name and c.get("type", 1) == 1), None)
    if command is None:
        known = sorted(c["name"] for c in registered)
        raise StandinError(
            f"/{name} is not registered (did the bot sync its tree?); known: {known}"
        )

    path: list[dict[str, Any]] = []
    options: list[dict[str, Any]] = command.get("options", [])
    while any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options):
        parts = rest.split(maxsplit=1)
        sub = next((o for o in options if parts and o["name"] == parts[0]), None)
        if sub is None or sub["type"] not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            choices = [o["name"] for o in options]
            raise StandinError(f"/{name}: expected one of {choices}, got {rest!r}")
        path.append(sub)
        options = sub.get("options", [])
        rest = parts[1] if len(parts) > 1 else ""

    definitions = {o["name"]: o for o in options}
    return ParsedCommand(command, path, definitions, split_options(rest, list(definitions)))


def split_options(text: str, names: list[str]) -> dict[str, str]:
    """``a:1 b:two words`` -> {"a": "1", "b": "two words"} for known names only."""
    text = text.strip()
    if not text:
        return {}
    if not names:
        raise StandinError(f"command takes no options, got {text!r}")
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    matches = list(re.finditer(rf"(?:^|(?<=\s))({alternatives}):", text))
    if not matches or matches[0].start() != 0:
        raise StandinError(f"expected name:value options from {names}, got {text!r}")
    values: dict[str, str] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        if match.group(1) in values:
            raise StandinError(f"option {match.group(1)!r} given twice")
        values[match.group(1)] = text[match.end() : end].strip()
    return values


def convert_scalar(definition: dict[str, Any], raw: Any) -> Any:
    """Coerce a string/int/number/boolean option, honouring declared choices."""
    kind, name = definition["type"], definition["name"]
    choices = definition.get("choices") or []
    if choices and isinstance(raw, str):
        for choice in choices:
            if raw.lower() == str(choice["name"]).lower() or raw == str(choice["value"]):
                return choice["value"]
        raise StandinError(f"{name}: {raw!r} is not one of {[c['name'] for c in choices]}")
    try:
        if kind == STRING:
            value: Any = str(raw)
        elif kind == INTEGER:
            value = int(raw)
        elif kind == NUMBER:
            value = float(raw)
        elif kind == BOOLEAN:
            value = _boolean(raw)
        else:
            raise StandinError(f"{name}: option type {kind} is not a scalar")
    except ValueError as exc:
        raise StandinError(f"{name}: cannot read {raw!r} as option type {kind}") from exc
    _check_bounds(definition, value)
    return value


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(raw)


def _check_bounds(definition: dict[str, Any], value: Any) -> None:
    name = definition["name"]
    if isinstance(value, str):
        low, high, size = definition.get("min_length"), definition.get("max_length"), len(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        low, high, size = definition.get("min_value"), definition.get("max_value"), value
    else:
        return
    if (low is not None and size < low) or (high is not None and size > high):
        raise StandinError(f"{name}: {value!r} is outside [{low}, {high}]")


_MENTION = re.compile(r"^<(?:@!?|@&|#)(\d+)>$")


def mention_id(raw: str) -> int | None:
    """``<@1>``, ``<@!1>``, ``<@&1>``, ``<#1>`` or a bare id -> 1."""
    raw = raw.strip()
    if match := _MENTION.match(raw):
        return int(match.group(1))
    return int(raw) if raw.isdigit() else None


_CHAT_NAME = re.compile(r"^[-_'\w]{1,32}$")


def command_problems(commands: list[dict[str, Any]]) -> list[str]:
    """What Discord's Bulk Overwrite would refuse (50035) in ``commands``, per its reference
    (``interactions/application-commands``): names, descriptions, counts, option order, choices."""
    problems: list[str] = []
    if len(commands) > 100:
        problems.append(f"{len(commands)} commands (at most 100)")
    for kind, label in ((2, "user"), (3, "message")):
        if (count := sum(int(c.get("type", 1)) == kind for c in commands)) > 5:
            problems.append(f"{count} {label} commands (at most 5)")
    seen: set[tuple[int, str]] = set()
    for command in commands:
        kind, name = int(command.get("type", 1)), str(command.get("name", ""))
        if (kind, name) in seen:
            problems.append(f"{name}: registered twice")
        seen.add((kind, name))
        if kind == 1:
            _check_chat(name, command, problems, depth=0)
            if (length := _combined_length(command)) > 4000:
                problems.append(f"{name}: {length} characters in all (at most 4000)")
        elif not 1 <= len(name) <= 32:
            problems.append(f"{name!r}: a context menu name is 1-32 characters")
        elif command.get("description") or command.get("options"):
            problems.append(f"{name}: a context menu has no description or options")
    return problems


def _combined_length(item: dict[str, Any]) -> int:
    """ "The combined sum of characters" Discord counts in one command: the names,
    descriptions and values of the command, its options (subcommands too) and choices."""
    own = sum(len(str(item.get(key) or "")) for key in ("name", "description", "value"))
    nested = [*(item.get("options") or []), *(item.get("choices") or [])]
    return own + sum(_combined_length(child) for child in nested)


def _check_chat(name: str, item: dict[str, Any], problems: list[str], *, depth: int) -> None:
    if not _CHAT_NAME.match(name) or name != name.lower():
        problems.append(f"{name!r}: not a lowercase name of 1-32 letters, digits, '-' or '_'")
    description = str(item.get("description", ""))
    if not 1 <= len(description) <= 100:
        problems.append(f"{name}: description of {len(description)} characters (1-100)")
    options = item.get("options") or []
    if len(options) > 25:
        problems.append(f"{name}: {len(options)} options (at most 25)")
    names = [str(o.get("name")) for o in options]
    if len(set(names)) != len(names):
        problems.append(f"{name}: an option name is repeated")
    optional_seen = False
    for option in options:
        kind = int(option.get("type", 0))
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            if depth >= (1 if kind == SUB_COMMAND_GROUP else 2):
                problems.append(f"{name}: {option.get('name')} nested too deep")
            _check_chat(str(option.get("name")), option, problems, depth=depth + 1)
            continue
        _check_chat_option(name, option, problems)
        if option.get("required"):
            if optional_seen:
                problems.append(f"{name}: required {option.get('name')} after an optional option")
        else:
            optional_seen = True


def _check_chat_option(name: str, option: dict[str, Any], problems: list[str]) -> None:
    label = f"{name} {option.get('name')}"
    if (
        not _CHAT_NAME.match(str(option.get("name", "")))
        or str(option["name"]) != str(option["name"]).lower()
    ):
        problems.append(f"{label}: not a lowercase option name")
    if not 1 <= len(str(option.get("description", ""))) <= 100:
        problems.append(f"{label}: description must be 1-100 characters")
    choices = option.get("choices") or []
    if len(choices) > 25:
        problems.append(f"{label}: {len(choices)} choices (at most 25)")
    if choices and option.get("autocomplete"):
        problems.append(f"{label}: choices and autocomplete together")
    for choice in choices:
        if not 1 <= len(str(choice.get("name", ""))) <= 100:
            problems.append(f"{label}: a choice name must be 1-100 characters")
