"""The offline console: type slash commands as in Discord's client, see what Discord would show.

A thin adapter like the cogs: it parses a line into a command and options, builds the same
``Invocation`` Discord would, and prints the core's reply (readably, or as the exact payload).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import os
import re
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from bot.command_table import (
    Access,
    ChannelRef,
    CommandSpec,
    OptionKind,
    OptionSpec,
    command_table,
)
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.errors import InvalidInput, UserFacingError
from bot.features.spoiler.simulate import APPS, ConsoleChannels, say, use_app
from bot.invocation import MODERATOR_PERMISSIONS, Invocation
from bot.replies import Attachment, Modal, Reply, TextInput
from bot.spoiler_policy.markup import escape_text, outside_spoilers, truncate_plain
from bot.web_addresses import web_address_problem

ESCAPED = re.compile(r"\\([^0-9A-Za-z\s])")
MENTION = re.compile(r"^<(#|@!?|@&)(\d+)>$")
MENTION_KINDS = {"#": "a channel", "@": "a user", "@!": "a user", "@&": "a role"}
USER_MENTION, ROLE_MENTION = "<@123>", "<@&123>"
HIDDEN = "▒▒▒▒"
"""A spoiler as the console prints it: a terminal cannot blur text, so it is left out."""
HIDDEN_NOTE = (
    "▒▒▒▒ is a spoiler, hidden as Discord hides it: type reveal to open it (as clicking it"
    " does), or use --json for the exact payload."
)
OWNER_GROUP = "epilogue"
DISCORD_ONLY = (
    "/epilogue sync registers the commands with Discord, which the console does not reach: run"
    " `epilogue sync` on the command line (or /epilogue sync in Discord, as the bot owner)."
)
CONSOLE_WORDS = (
    "Epilogue console: type a slash command as in Discord, e.g.\n"
    "  /film quick film:La La Land\n"
    "  press <button id>    to press a button shown under a reply\n"
    "  submit title:… year:…    to fill in and send the last form shown (its fields' names)\n"
    "  say TEXT             a member's message here: what the spoiler guard does\n"
    "  hide [ID]            Apps → Hide as spoiler on a message said here (the newest)\n"
    "  undo [ID]            Apps → Undo spoiler hide on a repost (the newest)\n"
    "  reveal               open the last reply's spoilers (▒▒▒▒), as clicking them does\n"
    "  save PATH            write the last reply's file to PATH (a folder: its own name)\n"
    "  as --user 5 --channel 20 --guild dm    to change who is asking, and where\n"
    "  help, or quit\n"
)
"""The console's own words, shown at start and by ``help``."""
DISCORD_ONLY_NOTE = "Only in Discord: /epilogue sync (`epilogue sync` in a shell does it).\n"
HELP_WORDS = {"help", "?"}
"""What asks for ``help``, in any case: a member's first word is as often Help or ? as help."""
_IN_A_SESSION = "works in a console session (epilogue console, without -c)"
SESSION_WORDS = {
    "reveal": f"reveal {_IN_A_SESSION}, on the last reply; with -c, --json prints the exact"
    " payload, spoilers included.",
    "as": f"as {_IN_A_SESSION}; with -c, give the flags before it: epilogue console --user 5"
    " --perms manage_messages -c '/spoiler-rules show'.",
    "save": f"save {_IN_A_SESSION}, on the last reply's file; -c has no last reply.",
    "quit": f"quit {_IN_A_SESSION}; -c runs one command and exits by itself.",
    "exit": f"exit {_IN_A_SESSION}; -c runs one command and exits by itself.",
}
"""The console's own words that act on a session, and what each means for a ``-c`` line."""
TRUE = {"true", "yes", "on", "1"}
FALSE = {"false", "no", "off", "0"}


@dataclass
class Seat:
    """Who is typing and where, as set by the console's flags."""

    user_id: int = 1000
    guild_id: int | None = 1
    channel_id: int | None = 10
    parent_channel_id: int | None = None
    role_ids: frozenset[int] = field(default_factory=frozenset)
    permissions: frozenset[str] = field(default_factory=frozenset)
    # Buttons last shown on a private reply, and whom to: pressing one turns a page only its
    # reader sees, and only that reader can press it.
    private_buttons: dict[str, int] = field(default_factory=dict)
    # The last reply shown, for ``reveal`` (the reader clicking its spoilers), and who it was
    # shown to: what was said, not who sits where, so no part of comparing seats.
    last: Reply | None = field(default=None, compare=False)
    last_user: int | None = field(default=None, compare=False)
    # Buttons shown greyed out (disabled), by id, with their labels: Discord's client sends
    # no click for one, so ``press`` on it does nothing, as clicking it does there.
    disabled_buttons: dict[str, str] = field(default_factory=dict, compare=False)
    # The last form shown, and to whom: only they can send it (``submit``).
    form: Modal | None = field(default=None, compare=False)
    form_user: int | None = field(default=None, compare=False)
    # The messages said (``say``) and reposted in the console's channels, for the Apps menu.
    channels: ConsoleChannels = field(default_factory=ConsoleChannels, compare=False)

    def private_to_another(self, reply_user: int | None) -> str | None:
        """Why this seat cannot act on a private reply shown to ``reply_user`` (None: it can).
        Discord shows a private reply to its reader alone: after ``as --user``, another
        member neither sees its spoilers nor presses its buttons."""
        if reply_user is None or reply_user == self.user_id:
            return None
        return (
            f"That reply was sent only to user {reply_user}, and user {self.user_id} cannot see"
            f" it: switch back with as --user {reply_user}."
        )

    def invocation(self, app: Epilogue) -> Invocation:
        return Invocation(
            user_id=self.user_id,
            guild_id=self.guild_id,
            channel_id=self.channel_id,
            parent_channel_id=self.parent_channel_id,
            role_ids=self.role_ids,
            permissions=self.permissions,
            is_owner=app.is_owner(self.user_id),
        )


# Discord ids are positive 64-bit snowflakes, stored as signed 64-bit integers: a longer number
# names nothing Discord could send, and would overflow the database.
SNOWFLAKE_MAX = 2**63 - 1


def parse_id(text: str, what: str, mention: str | None = "<#123>") -> int:
    """An id, or a mention of it; ``mention`` is the example the error shows, of the value's
    kind (``<@123>`` for a user, ``<@&123>`` for a role, ``<#123>`` for a channel), or None
    for what Discord has no mention of (a server: ``<#5>`` there would be a channel's id)."""
    text = text.strip()
    if mention is None and (MENTION.match(text) or not text.isdecimal()):
        kind = f" (that mentions {MENTION_KINDS[m[1]]})" if (m := MENTION.match(text)) else ""
        raise InvalidInput(f"{what}: must be a server's id, not '{text}'{kind}.")
    if match := MENTION.match(text):
        wanted = MENTION.match(mention)
        kind = MENTION_KINDS[match[1]]
        if wanted is not None and MENTION_KINDS[wanted[1]] != kind:
            # <@123> where a channel goes would name channel 123: not what was meant.
            raise InvalidInput(
                f"{what}: '{text}' mentions {kind}, not {MENTION_KINDS[wanted[1]]}: give an id"
                f" or a mention like {mention}."
            )
        value = int(match[2])
    elif text.isdecimal():
        value = int(text)
    else:
        raise InvalidInput(f"{what}: must be an id or a mention like {mention}, not '{text}'.")
    if not 0 < value <= SNOWFLAKE_MAX:
        raise InvalidInput(
            f"{what}: '{text}' is not a Discord id (a whole number from 1 to {SNOWFLAKE_MAX})."
        )
    return value


def seat_from_flags(
    base: Seat | None = None,
    *,
    user: str | int | None = None,
    guild: str | int | None = None,
    channel: str | int | None = None,
    parent: str | int | None = None,
    roles: str | None = None,
    perms: str | None = None,
) -> Seat:
    """``base`` (default: the console's default seat) with the flags given applied; an id or
    permission no member could have is an InvalidInput naming the flag, and nothing changes."""
    seat = replace(base) if base is not None else Seat()  # a copy: base changes only if all is well
    if user is not None:
        seat.user_id = parse_id(str(user), "--user", USER_MENTION)
    if guild is not None:
        dm = str(guild).lower() in {"dm", "none"}
        seat.guild_id = None if dm else parse_id(str(guild), "--guild (an id, or dm)", None)
    if channel is not None:
        seat.channel_id = parse_id(str(channel), "--channel")
        # Another channel is another place: the thread the seat was in, and its parent, are
        # left behind unless --parent says this one is a thread too.
        seat.parent_channel_id = None
    if parent is not None:
        no_parent = str(parent).lower() == "none"
        seat.parent_channel_id = (
            None if no_parent else parse_id(str(parent), "--parent (an id, or none)")
        )
    if seat.parent_channel_id is not None and seat.parent_channel_id == seat.channel_id:
        # A thread's parent is another channel: the same id would read as a thread of itself.
        raise InvalidInput(
            f"--parent: {seat.parent_channel_id} is --channel itself; a thread's parent is"
            " the channel it was started in."
        )
    # `none` takes every role or permission away, as `--parent none` leaves a thread: a seat
    # given moderator rights must be able to become a plain member again.
    if roles is not None:
        named = (r for r in _none_is_empty(roles).split(",") if r.strip())
        seat.role_ids = frozenset(
            parse_id(r, "--roles (ids, or none)", ROLE_MENTION) for r in named
        )
    if perms is not None:
        names = frozenset(p.strip() for p in _none_is_empty(perms).split(",") if p.strip())
        if unknown := sorted(names - MODERATOR_PERMISSIONS):
            raise InvalidInput(
                f"--perms: '{unknown[0]}' is not a permission Epilogue checks; it checks "
                f"{', '.join(sorted(MODERATOR_PERMISSIONS))} (none: no permissions)."
            )
        seat.permissions = names
    return seat


def _none_is_empty(value: str) -> str:
    return "" if value.strip().lower() == "none" else value


def _meant_command(words: list[str], table: dict[str, CommandSpec]) -> str | None:
    """The command a mistyped ``/flim quik`` is close to: its group, then its subcommand,
    each by its spelling (Discord's client picks from a list; the console is typed). The
    group alone when the subcommand is close to none of its own."""
    if not words:
        return None
    roots = sorted({name.split()[0] for name in table})
    group = difflib.get_close_matches(words[0], roots, n=1, cutoff=0.75)
    if not group:
        return None
    subs = [name.split()[1] for name in table if name.split()[0] == group[0] and " " in name]
    sub = difflib.get_close_matches(words[1], subs, n=1, cutoff=0.75) if len(words) > 1 else []
    if sub:
        return f"{group[0]} {sub[0]}"
    return group[0] if group[0] != words[0] else None


def _asking_for(command: str | None) -> str:
    return f" Did you mean /{command}?" if command else ""


def split_command(line: str, table: dict[str, CommandSpec]) -> tuple[CommandSpec, dict[str, str]]:
    """``/film quick film:La La Land private:true`` → the spec and raw option text."""
    line = line.strip()
    if (
        not line.startswith("/")
        and line.split(None, 1)[:1]
        and (line.split(None, 1)[0].lower() in {name.split()[0] for name in table})
    ):
        shown = truncate_plain(line, 120)
        raise InvalidInput(f"Commands start with '/': type /{shown}")
    if not line.startswith("/"):
        raise InvalidInput(
            "Commands start with '/', e.g. /film quick film:La La Land (help lists them all,"
            " and the console's own words)."
        )
    # Discord's command names are lowercase and its client finds them whatever is typed.
    words = [word.lower() for word in line[1:].split()[:3]] + line[1:].split()[3:]
    if words[:1] == [OWNER_GROUP]:
        raise InvalidInput(DISCORD_ONLY)
    spec = None
    for length in (3, 2, 1):
        candidate = " ".join(words[:length])
        if candidate in table:
            spec = table[candidate]
            rest = line[1:].split(None, length)[length:] if len(words) > length else []
            break
    if spec is None:
        group = [name for name in table if words and name.split()[0] == words[0]]
        if group:
            # A group is not a command by itself: say which of its subcommands there are.
            listed = ", ".join(f"/{name}" for name in group)
            if len(words) == 1:
                raise InvalidInput(f"/{words[0]} needs a subcommand: {listed}.")
            asked = _asking_for(_meant_command(words[:2], table))
            raise InvalidInput(f"/{words[0]} has no subcommand '{words[1]}': {listed}.{asked}")
        roots = sorted({name.split()[0] for name in table})
        if words and words[0] in HELP_WORDS:
            # Discord has no /help of Epilogue's: the console's own word lists every command.
            raise InvalidInput(
                f"Epilogue has no /{words[0]} command: type help (without the /) for every"
                f" command and its options. The groups are /{', /'.join(roots)}."
            )
        asked = _asking_for(_meant_command(words[:2], table))
        raise InvalidInput(
            f"Unknown command '/{' '.join(words[:2])}'. Try: /{', /'.join(roots)}.{asked}"
        )
    text = rest[0] if rest else ""
    names = "|".join(re.escape(option.name) for option in spec.options) or r"(?!)"
    # Discord's client finds an option whatever case its name is typed in, as it does commands.
    marks = list(re.finditer(rf"(?:^|\s)({names}):", text, re.IGNORECASE))
    options: dict[str, str] = {}
    known = ", ".join(o.name for o in spec.options) or "none"
    leading = text[: marks[0].start()].strip() if marks else text.strip()
    if leading:
        raise InvalidInput(_before_the_options(spec, leading, known))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        name = mark[1].lower()
        if name in options:
            # Discord takes each option once: the first value silently lost would be a surprise.
            raise InvalidInput(f"/{spec.name} got '{name}:' twice: give each option once.")
        options[name] = text[mark.end() : end].strip()
        _refuse_misspelt_option(spec, name, options[name], known)
    return spec, options


def _before_the_options(spec: CommandSpec, leading: str, known: str) -> str:
    """What to type instead of ``leading``, text before any option of ``spec``: an option
    misspelt, another command's option, options given to a command that takes none, or a
    value typed without its option's name (``/film quick la la land``)."""
    stray = leading.split(":")[0] if ":" in leading else leading
    as_option = ":" in leading and re.fullmatch(r"[A-Za-z_]+", stray) is not None
    if as_option and (hint := _did_you_mean(stray, spec)):
        return f"/{spec.name} has no option '{stray}:'.{hint} Its options: {known}."
    elsewhere = _commands_with_option(stray) if as_option else []
    where = f"'{stray}:' is an option of {_listed(elsewhere)}" if elsewhere else ""
    if not spec.options:
        aside = f" ({where})" if where else ""
        return f"/{spec.name} takes no options{aside}: send /{spec.name} alone."
    if where:
        return f"/{spec.name} has no option '{stray}:'; {where}. Its options: {known}."
    if as_option:
        return f"/{spec.name} has no option '{stray}:'. Its options: {known}."
    # A value typed without its option's name: Discord's client asks for each by name.
    option = next((o for o in spec.options if o.required), spec.options[0])
    shown = truncate_plain(" ".join(leading.split()), 80)
    if (takes := _no_value_of(option, leading)) is not None:
        # "/spoilers status now": page:now would be refused in turn; the line given must work.
        alone = "" if option.required else f" send /{spec.name} alone, or"
        others = f" (its options: {known})" if len(spec.options) > 1 else ""
        return (
            f"/{spec.name} does not understand '{shown}': {option.name}: takes {takes}"
            f"{others}:{alone} type /{spec.name} {option.name}:{_EXAMPLES[option.kind]}."
        )
    return (
        f"/{spec.name} takes '{shown}' only as an option written name:value: type"
        f" /{spec.name} {option.name}:{shown} (its options: {known})."
    )


_EXAMPLES = {OptionKind.INTEGER: "2", OptionKind.BOOLEAN: "true"}
"""A value of each kind whose text a member may type wrong, for the line they are given."""


def _no_value_of(option: OptionSpec, text: str) -> str | None:
    """What ``option`` takes, when ``text`` is none of it (a word where a number goes)."""
    if option.kind is OptionKind.INTEGER and not re.fullmatch(r"\s*[-+]?\d+\s*", text):
        return "a whole number"
    if option.kind is OptionKind.BOOLEAN and text.strip().lower() not in TRUE | FALSE:
        return "true or false"
    return None


def _commands_with_option(name: str) -> list[str]:
    return [
        f"/{other.name}"
        for other in command_table().values()
        if other.option(name.lower()) is not None
    ]


def _listed(commands: list[str]) -> str:
    return ", ".join(commands[:3]) + (" and others" if len(commands) > 3 else "")


OPTION_LIKE = re.compile(r"(?:^|\s)([A-Za-z_]+):(?=\S)")
"""A word written as an option is (``privat:true``), inside the value before it."""


def _did_you_mean(word: str, spec: CommandSpec) -> str:
    names = [option.name for option in spec.options]
    close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.75)
    return f" Did you mean {close[0]}:?" if close else ""


def _refuse_misspelt_option(spec: CommandSpec, name: str, value: str, known: str) -> None:
    """A misspelt option (``privat:true``) would be read into the value before it, and the
    member told no film matches 'la la land privat:true'. Only a word close to one of this
    command's options counts: a title's own colon (Re:Zero, Mission: Impossible) stays."""
    for word in OPTION_LIKE.finditer(value):
        if hint := _did_you_mean(word[1], spec):
            raise InvalidInput(
                f"/{spec.name} has no option '{word[1]}:' (it was read into {name}:).{hint}"
                f" Its options: {known}."
            )
        # Another command's option (question: of /film faq on /film quick, private: on the
        # always private /spoilers) after a title, a number or a switch is an option, not part
        # of it; free text (/spoiler post text:, a search) may say "page:2" as Discord sends it.
        read_into = spec.option(name)
        if read_into is None or read_into.kind is OptionKind.STRING:
            continue
        if elsewhere := _commands_with_option(word[1]):
            raise InvalidInput(
                f"/{spec.name} has no option '{word[1]}:' (it was read into {name}:); it is"
                f" an option of {_listed(elsewhere)}. Its options: {known}."
                + _pages_instead(spec, name, value[: word.start()], word[1])
            )


def _pages_instead(spec: CommandSpec, name: str, before: str, option: str) -> str:
    """For ``page:`` on a film answer (``/film ending film:la la land page:2``): the line
    without it, and how its pages are reached, since none of these takes a page number."""
    read_into = spec.option(name)
    if option != "page" or read_into is None or read_into.kind is not OptionKind.FILM:
        return ""
    line = spec.line_to_type(**{name: escape_text(truncate_plain(before.strip(), 80))})
    return f" Send `{line}`: a long answer's pages turn with ◀ Previous / Next ▶ under it."


def _message_id(verb: str, text: str) -> int:
    """``hide 123``: the id of a message say or hide showed (a link to it works too, as
    Discord's Copy Message Link gives one)."""
    last = text.strip().rstrip("/").rsplit("/", 1)[-1]
    if not last.isdecimal() or not 0 < int(last) <= SNOWFLAKE_MAX:
        raise InvalidInput(
            f"{verb}: '{text.strip()}' is not a message id: give one say or hide showed"
            f" (Message 123…), or nothing for the newest ({verb} alone)."
        )
    return int(last)


def _filled_in(seat: Seat, text: str) -> tuple[Modal, dict[str, str]]:
    """The last form shown and its fields as ``submit name:value …`` fills them in: as Discord
    sends a form, every field, a field left out as the form shows it (empty, or the text it
    was opened with: an edit's, or what Edit again fills back in)."""
    form = seat.form
    if form is None:
        raise InvalidInput("submit sends the last form shown: open one first (/film-admin add).")
    if (refusal := seat.private_to_another(seat.form_user)) is not None:
        raise InvalidInput(refusal)
    names = [field.custom_id for field in form.inputs]
    listed = " ".join(f"{name}:…" for name in names)
    marks = list(re.finditer(rf"(?:^|\s)({'|'.join(map(re.escape, names))}):", text))
    leading = text[: marks[0].start()].strip() if marks else text.strip()
    if leading:
        raise InvalidInput(f"submit does not understand '{leading[:40]}': write {listed}")
    values = {field.custom_id: field.value for field in form.inputs}
    given: set[str] = set()
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        if mark[1] in given:
            raise InvalidInput(f"submit got '{mark[1]}:' twice: give each field once.")
        given.add(mark[1])
        # A form's paragraph is several lines: \n in the console stands for a line break.
        values[mark[1]] = text[mark.end() : end].strip().replace("\\n", "\n")
    # Discord's client checks these itself, marks every field at fault at once and keeps the
    # form open with what was typed in it: nothing is sent, nothing typed is lost.
    problems: list[str] = []
    to_fix: list[str] = []
    for entry in form.inputs:
        value = values[entry.custom_id]
        if entry.required and not value:
            problems.append(
                f"{entry.label} ({entry.custom_id}:) is required, and Discord does not send the"
                " form without it"
            )
        elif len(value) > entry.max_length:
            problems.append(
                f"{entry.label} ({entry.custom_id}:) holds at most {entry.max_length}"
                f" characters (Discord stops typing there); this one has {len(value)}"
            )
        else:
            continue
        to_fix.append(f"{entry.custom_id}:…")
    if problems:
        seat.form = dataclasses.replace(
            form,
            inputs=tuple(
                dataclasses.replace(entry, value=values[entry.custom_id]) for entry in form.inputs
            ),
        )
        said = problems[0] + "." if len(problems) == 1 else "".join(f"\n• {p}" for p in problems)
        raise InvalidInput(
            f"submit: {said}\nNothing was sent; the form is still open, holding what you typed"
            f" (as Discord's client keeps it): submit {' '.join(to_fix)} to send it, the other"
            " fields as they are."
        )
    return form, values


def convert_options(spec: CommandSpec, raw: dict[str, str], seat: Seat) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, text in raw.items():
        option = spec.option(name)
        assert option is not None  # split_command only matches known names
        try:
            values[name] = _convert(option.kind, name, _chosen(option, text), seat)
        except _Folder as folder:
            raise InvalidInput(folder.told(spec.name, seat)) from None
    return values


class _Folder(Exception):
    """A folder given for an attachment: told with the command it was given to."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.name, self.path = name, path

    def told(self, command: str, seat: Seat) -> str:
        """What to type instead: one of its files, as Discord attaches one file to an option;
        for an import, the shell command that loads every file of it as this server's."""
        content = sorted(
            entry
            for entry in self.path.iterdir()
            if entry.suffix.lower() in (".yaml", ".yml") and entry.is_file()
        )
        said = (
            f"{self.name}: {self.path} is a folder, and an option takes one file, as Discord"
            " attaches one"
        )
        if command != "film-admin import":
            return f"{said}: give one file of it."
        if not content:
            return f"{said}, and it holds no content file (.yaml or .yml): give one file."
        guild = seat.guild_id if seat.guild_id is not None else "ID"
        return (
            f"{said}. It holds {len(content)} content file{'s' * (len(content) != 1)}: give"
            f" one (e.g. {self.name}:{content[0]}), or load them all as this server's films"
            f" in a shell with `epilogue import {self.path} --guild {guild}`."
        )


def _spelling(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text).strip().lower()


def _chosen(option: OptionSpec, text: str) -> str:
    """The choice ``text`` names, by its value or the name Discord's list shows (whatever its
    case, spaces or hyphens, with or without a leading "The"): Discord sends the value of the
    one picked, and a console user types what they read there. Anything else stays as typed,
    for the core to refuse with the list."""
    typed = _spelling(text)
    for choice in option.choices:
        named = _spelling(option.choice_name(choice))
        if typed in {_spelling(choice), named, named.removeprefix("the ")}:
            return choice
    return text


def _convert(kind: OptionKind, name: str, text: str, seat: Seat) -> Any:
    if kind is OptionKind.BOOLEAN:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise InvalidInput(f"{name}: must be true or false, not '{text}'.")
    if kind is OptionKind.INTEGER:
        try:
            return int(text)
        except ValueError:
            raise InvalidInput(f"{name}: must be a whole number, not '{text}'.") from None
    if kind is OptionKind.CHANNEL:
        # The console has no map of channels: a named channel is taken to be in this server,
        # and only the seat's own channel is known to be a thread or not (``--parent``).
        channel_id = parse_id(text, name)
        if channel_id == seat.channel_id:
            return ChannelRef(channel_id, seat.guild_id, seat.parent_channel_id)
        return ChannelRef(channel_id, seat.guild_id, kind_known=False)
    if kind is OptionKind.ROLE:
        return parse_id(text, name, ROLE_MENTION)
    if kind is OptionKind.USER:
        return parse_id(text, name, USER_MENTION)
    if kind is OptionKind.ATTACHMENT:
        if (problem := web_address_problem(text)) is not None:
            raise InvalidInput(f"{name}: {problem}.")
        path = Path(text).expanduser()
        if path.is_dir():
            raise _Folder(name, path)
        try:
            return Attachment(path.name, path.read_bytes())
        except OSError as exc:
            raise InvalidInput(f"{name}: cannot read {path} ({exc.strerror}).") from None
    return text


async def execute(app: Epilogue, line: str, seat: Seat) -> Reply:
    """One console line: a slash command, ``press CUSTOM_ID`` to press a button, or ``say TEXT``
    (a member's message in this channel, shown to the spoiler guard)."""
    reply = await _execute(app, line, seat)
    seat.last, seat.last_user = reply, seat.user_id
    if reply.modal is not None:
        seat.form, seat.form_user = reply.modal, seat.user_id
    for button in reply.buttons:
        if button.disabled:
            seat.disabled_buttons[button.custom_id] = button.label
        else:
            seat.disabled_buttons.pop(button.custom_id, None)
        if reply.ephemeral:
            seat.private_buttons[button.custom_id] = seat.user_id
        else:
            seat.private_buttons.pop(button.custom_id, None)
    return reply


async def _execute(app: Epilogue, line: str, seat: Seat) -> Reply:
    try:
        if line.strip().startswith("say "):
            return await say(app, seat.invocation(app), line.strip()[4:], seat.channels)
        verb, _, target = line.strip().partition(" ")
        if verb in APPS:
            message_id = _message_id(verb, target) if target.strip() else None
            return await use_app(app, seat.invocation(app), verb, message_id, seat.channels)
        if verb in SESSION_WORDS:
            # Handled by an interactive session before a line gets here: this is `-c`.
            raise InvalidInput(SESSION_WORDS[verb])
        if line.strip() == "say":
            raise InvalidInput("say needs a member's message, e.g. say la la land was great")
        if line.strip() == "press":
            raise InvalidInput("press needs a button id: press epi:… as shown under a reply.")
        if line.strip() == "submit" or line.strip().startswith("submit "):
            form, values = _filled_in(seat, line.strip()[len("submit") :])
            seat.form = None  # Discord closes a form once it is sent
            return await app.submit(seat.invocation(app), form.custom_id, values)
        if line.strip().startswith("press "):
            custom_id = line.strip().split(None, 1)[1]
            if (label := seat.disabled_buttons.get(custom_id)) is not None:
                raise InvalidInput(
                    f"[{label}] is greyed out: Discord's client sends nothing when a disabled"
                    " button is clicked, so nothing happened. Press one that is not marked"
                    " (disabled)."
                )
            shown_to = seat.private_buttons.get(custom_id)
            if (refusal := seat.private_to_another(shown_to)) is not None:
                raise InvalidInput(refusal)
            private = shown_to is not None
            return await app.press(seat.invocation(app), custom_id, on_private_message=private)
        table = command_table()
        spec, raw = split_command(line, table)
        options = convert_options(spec, raw, seat)
    except UserFacingError as exc:
        return Reply.error(exc.message)
    return await run_command(app, spec, seat.invocation(app), options)


def show(reply: Reply, out: TextIO, *, as_json: bool, spoilers_open: bool = False) -> None:
    if as_json:
        payload = reply.payload()
        if reply.modal is not None:
            payload = {"type": "modal", **payload}
        json.dump(payload, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    out.write(readable(reply, spoilers_open=spoilers_open))


def _shown(markdown: str, *, spoilers_open: bool = True) -> str:
    """Markdown as Discord displays it: escapes and mention guards gone; a spoiler masked
    (``HIDDEN``) unless the reader opened it, its bars kept when open; a timestamp as a time."""
    if not spoilers_open:
        markdown = outside_spoilers(markdown, hidden_as=HIDDEN)
    if "<t:" in markdown:
        markdown = _TIMESTAMP.sub(_local_time, markdown)
    return ESCAPED.sub(r"\1", markdown).replace("\u200b", "")


_TIMESTAMP = re.compile(r"<t:(-?\d{1,12})(?::([tTdDfFR]))?>")
"""Discord's timestamp markup: seconds since 1970, and the style its client writes it in."""
_UNITS = (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600))
_UNITS += (("minute", 60), ("second", 1))


def _local_time(stamp: re.Match[str]) -> str:
    """A timestamp as Discord's client writes it for its reader: in the reader's timezone
    (here the terminal's), or as how long from now (``R``)."""
    at = dt.datetime.fromtimestamp(int(stamp[1]), dt.UTC)
    if stamp[2] != "R":
        return f"{at.astimezone():%Y-%m-%d %H:%M %Z}"
    seconds = int(at.timestamp() - time.time())
    name, size = next((unit for unit in _UNITS if abs(seconds) >= unit[1]), _UNITS[-1])
    count = abs(seconds) // size
    amount = f"{count} {name}{'' if count == 1 else 's'}"
    return f"in {amount}" if seconds >= 0 else f"{amount} ago"


def _title_shown(markdown: str) -> str:
    """An embed's title or a field's name as Discord draws it: its markdown read (escapes
    undone), but never a spoiler, which Discord does not blur there: its bars are printed."""
    return ESCAPED.sub(r"\1", markdown).replace("\u200b", "")


def readable(reply: Reply, *, spoilers_open: bool = False) -> str:
    """What a member would see, as text. A terminal cannot blur a spoiler as Discord does, so
    each is masked until the reader opens it (``reveal``), where Discord blurs one: content,
    embed descriptions and field values. Elsewhere (titles, field names, footers, file names,
    button labels, forms) Discord draws bars as typed, and so does the console."""
    masked = _masked(reply) and not spoilers_open
    opened = not masked

    lines: list[str] = []
    if reply.modal is not None:
        lines.append(f"[form] {reply.modal.title}")
        # Discord marks a required field with an asterisk and will not send the form without it.
        lines.extend(_form_line(entry) for entry in reply.modal.inputs)
        fields = " ".join(f"{field.custom_id}:…" for field in reply.modal.inputs)
        legend = "* required; " if any(entry.required for entry in reply.modal.inputs) else ""
        lines.append(f"  ({legend}send it with: submit {fields})")
        return "\n".join(lines) + "\n"
    visibility = "private: only you see this" if reply.ephemeral else "public: everyone sees this"
    if reply.edits_original:
        visibility += ", replaces the message"
    lines.append(f"── {visibility} ──")
    if reply.content:
        lines.append(_shown(reply.content, spoilers_open=opened))
    for embed in reply.embeds:
        lines.append(f"▌ {_title_shown(embed.title)}")
        if embed.description:
            description = _shown(embed.description, spoilers_open=opened)
            lines.extend(f"▌ {line}" for line in description.splitlines())
        for embed_field in embed.fields:
            lines.append(f"▌ — {_title_shown(embed_field.name)} —")
            value = _shown(embed_field.value, spoilers_open=opened)
            lines.extend(f"▌ {line}" for line in value.splitlines())
        if embed.footer:
            lines.append(f"▌ ({embed.footer})")
    for attachment in reply.attachments:
        lines.append(f"[file] {attachment.filename} ({len(attachment.data)} bytes)")
    if reply.attachments:
        lines.append(
            "(in a console session, save PATH writes it to disk, as Discord's download does)"
        )
    for row in reply.rows:
        buttons = "  ".join(
            f"[{b.label}{' (disabled)' if b.disabled else ''}] press {b.custom_id}" for b in row
        )
        lines.append(buttons)
    if masked:
        lines.append(HIDDEN_NOTE)
    return "\n".join(lines) + "\n\n"


def _form_line(entry: TextInput) -> str:
    """A form's field as Discord draws it: a required one marked *, an empty one showing its
    placeholder (greyed in Discord; here named as a hint)."""
    mark = " *" if entry.required else ""
    hint = f"(greyed hint: {entry.placeholder})" if entry.placeholder else ""
    shown = entry.value if entry.value else hint
    return f"  {entry.label}{mark} ({entry.custom_id}:): {shown}".rstrip()


def _texts(reply: Reply) -> list[str]:
    """Every text of ``reply`` where Discord blurs a spoiler (and so the console masks one)."""
    texts = [reply.content or ""]
    for embed in reply.embeds:
        texts.append(embed.description or "")
        texts += [embed_field.value for embed_field in embed.fields]
    return texts


def _masked(reply: Reply) -> bool:
    """Whether any text of ``reply`` holds a spoiler the console masks."""
    return any(outside_spoilers(text, hidden_as=HIDDEN) != text for text in _texts(reply))


async def interactive(
    app: Epilogue, seat: Seat, *, as_json: bool, read: Callable[[str], str] = input
) -> None:
    out = sys.stdout
    out.write(CONSOLE_WORDS + "\n")
    while True:
        try:
            line = read("epilogue> ").strip()
        except (EOFError, KeyboardInterrupt):
            out.write("\n")
            return
        if not line:
            continue
        if line in {"quit", "exit"}:
            return
        if is_help(line):
            try:
                out.write(help_text(line))
            except UserFacingError as exc:
                show(Reply.error(exc.message), out, as_json=as_json)
            continue
        if line == "reveal":
            shown, opened = reveal(seat)
            show(shown, out, as_json=as_json, spoilers_open=opened)
            continue
        if line == "save" or line.startswith("save "):
            try:
                out.write(save_files(seat, line[4:]))
            except UserFacingError as exc:
                show(Reply.error(exc.message), out, as_json=as_json)
            continue
        if line == "as" or line.startswith("as "):
            try:
                _reseat(seat, line[3:])
            except UserFacingError as exc:
                show(Reply.error(exc.message), out, as_json=as_json)
            continue
        show(await execute(app, line, seat), out, as_json=as_json)


def is_help(line: str) -> bool:
    """``help``, or ``help /command`` (``?`` too), in any case."""
    words = line.split(None, 1)
    return bool(words) and words[0].lower() in HELP_WORDS


def help_text(line: str = "help") -> str:
    """``help``: the console's own words, then every command with its options; ``help
    /spoiler-rules embargo`` (or a group, ``help film-admin``): that command's options
    explained. A command that is not one is an ``InvalidInput`` saying what is."""
    topic = line.split(None, 1)[1].strip() if len(line.split(None, 1)) > 1 else ""
    table = command_table()
    if topic:
        return _command_help(topic, table)
    lines = [CONSOLE_WORDS + DISCORD_ONLY_NOTE + "Commands:"]
    for _name, spec in sorted(table.items()):
        lines.append(f"  {_usage(spec)}\n      {spec.description}")
    lines.append("help /COMMAND explains one command's options (help /spoiler-rules embargo).")
    return "\n".join(lines) + "\n"


def _usage(spec: CommandSpec) -> str:
    shown: list[str] = []
    for option in spec.options:
        if option.name in spec.one_of:
            # Exactly one of them: written once, as the README writes it (days:|until:).
            if option.name == spec.one_of[0]:
                shown.append("|".join(f"{name}:" for name in spec.one_of))
        else:
            shown.append(f"{option.name}:" if option.required else f"[{option.name}:]")
    return f"/{' '.join([spec.name, *shown]).strip()}"


WHO_MAY = {
    Access.MEMBER: "every member",
    Access.MODERATOR: (
        "moderators: Manage Messages, Manage Server, Administrator or the server's moderator role"
    ),
    Access.ADMIN: "server admins: Manage Server",
    Access.OWNER: "the bot's owners (discord.owner_ids)",
}
"""Who may run a command of each access level, as ``help /COMMAND`` says it."""

WHAT_IT_TAKES = {
    OptionKind.STRING: "text",
    OptionKind.FILM: "a film's title, as typed or picked from the list",
    OptionKind.INTEGER: "a whole number",
    OptionKind.BOOLEAN: "true or false",
    OptionKind.CHANNEL: "a channel: <#123> or its id",
    OptionKind.ROLE: "a role: <@&45> or its id",
    OptionKind.USER: "a member: <@5> or their id",
    OptionKind.ATTACHMENT: "a file: its path on this machine",
}


def _command_help(topic: str, table: dict[str, CommandSpec]) -> str:
    words = [word.lower() for word in topic.lstrip("/").split()]
    name = " ".join(words)
    if name in table:
        return _one_command_help(table[name])
    group = [spec for key, spec in sorted(table.items()) if words and key.split()[0] == name]
    if len(words) == 1 and group:
        lines = [f"/{name} has {len(group)} commands (help /{name} COMMAND explains one):"]
        lines += [f"  {_usage(spec)}\n      {spec.description}" for spec in group]
        return "\n".join(lines) + "\n"
    asked = _asking_for(_meant_command(words[:2], table))
    raise InvalidInput(
        f"help: there is no command /{name}.{asked} help (alone) lists every command."
    )


def _one_command_help(spec: CommandSpec) -> str:
    where = ", in a server" if spec.guild_only else ""
    lines = [
        _usage(spec),
        f"  {spec.description}",
        f"  Who may use it: {WHO_MAY[spec.access]}{where}.",
    ]
    if spec.options:
        lines.append("  Options (written name:value; [name:] may be left out):")
    for option in spec.options:
        takes = WHAT_IT_TAKES[option.kind]
        if option.choices:
            takes = "one of " + ", ".join(
                value
                if option.choice_name(value) == value
                else f"{value} ({option.choice_name(value)})"
                for value in option.choices
            )
        bounds = []
        if option.min_value is not None:
            bounds.append(f"from {option.min_value}")
        if option.max_value is not None:
            bounds.append(f"up to {option.max_value}")
        if option.max_length is not None:
            bounds.append(f"up to {option.max_length} characters")
        if bounds:
            takes += f", {' '.join(bounds)}"
        needed = "" if option.required or option.name in spec.one_of else " (optional)"
        lines.append(f"    {option.name}:{needed} {option.description.rstrip('.')}. Takes {takes}.")
    if spec.one_of:
        lines.append(
            "  Give exactly one of " + " or ".join(f"{name}:" for name in spec.one_of) + "."
        )
    return "\n".join(lines) + "\n"


def seen_by_asker_alone(reply: Reply) -> bool:
    """Whether Discord shows ``reply`` to the member who asked and nobody else: a private
    message, or a form (it opens on the asker's screen alone, prefilled with what it edits)."""
    return reply.ephemeral or reply.modal is not None


def reveal(seat: Seat) -> tuple[Reply, bool]:
    """What ``reveal`` shows: the last reply with its spoilers open (as clicking them does),
    and whether they are open; a private reply only to the member it was sent to."""
    if seat.last is None:
        return Reply.error("reveal opens the last reply's spoilers: run a command first."), False
    if seen_by_asker_alone(seat.last) and (refusal := seat.private_to_another(seat.last_user)):
        return Reply.error(refusal), False
    if not _masked(seat.last):
        # Printing it again would read as what revealing showed.
        return Reply.text(
            "The last reply has no spoilers to reveal: everything in it was shown.", ephemeral=True
        ), False
    return seat.last, True


def save_files(seat: Seat, text: str) -> str:
    """``save PATH``: the last reply's files written to disk, as Discord's download button
    does; a private reply's only by the member it was sent to. Never over an existing file
    (an export being edited): that is an error and nothing is written."""
    reply = seat.last
    if reply is None or not reply.attachments:
        raise InvalidInput(
            "save writes the last reply's file, and it has no file: run a command that sends"
            " one first (/film-admin export film:…)."
        )
    if seen_by_asker_alone(reply) and (refusal := seat.private_to_another(seat.last_user)):
        raise InvalidInput(refusal)
    if not text.strip():
        raise InvalidInput("save needs a path: save FILE, or save FOLDER to keep the file's name.")
    path = Path(text.strip()).expanduser()
    if text.strip().endswith(("/", os.sep)):
        try:
            path.mkdir(parents=True, exist_ok=True)  # "drafts/" names a folder, made if need be
        except OSError as exc:
            raise InvalidInput(f"{path}: cannot be made a folder ({exc.strerror}).") from None
    if path.is_dir():
        # Its own name, never a path it names: a file's name is not where it goes.
        targets = [(path / Path(file.filename).name, file) for file in reply.attachments]
    elif len(reply.attachments) > 1:
        raise InvalidInput(
            f"The last reply has {len(reply.attachments)} files: give a folder, and each is"
            " saved there under its own name."
        )
    else:
        targets = [(path, reply.attachments[0])]
    if existing := [str(target) for target, _ in targets if target.exists()]:
        raise InvalidInput(
            f"{existing[0]} already exists, and save never replaces a file: give another path."
        )
    saved: list[str] = []
    for target, file in targets:
        try:
            # A folder not made yet is made, as ``epilogue import-article --out`` does.
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as written:
                written.write(file.data)
        except OSError as exc:
            raise InvalidInput(f"{target}: cannot be written ({exc.strerror}).") from None
        saved.append(f"saved {target} ({len(file.data)} bytes)")
    return "\n".join(saved) + "\n\n"


SEAT_FLAGS = ("--user", "--guild", "--channel", "--parent", "--roles", "--perms")


def _reseat(seat: Seat, text: str) -> None:
    """``as --user 5 --channel 20``: change who is typing without restarting. Takes the flags
    the console starts with; a flag it does not know, or a bad value, changes nothing."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InvalidInput(f"as: {exc}.") from None
    if not words:
        raise InvalidInput(f"as needs a flag, e.g. as --user 5; it takes {', '.join(SEAT_FLAGS)}.")
    given: dict[str, str] = {}
    for index in range(0, len(words), 2):
        flag = words[index]
        if flag not in SEAT_FLAGS:
            raise InvalidInput(f"as: unknown flag '{flag}'; it takes {', '.join(SEAT_FLAGS)}.")
        if index + 1 >= len(words):
            raise InvalidInput(f"as: {flag} needs a value, e.g. as {flag} 5.")
        if flag[2:] in given:
            raise InvalidInput(f"as: {flag} is given twice: give each flag once.")
        given[flag[2:]] = words[index + 1]
    changed = seat_from_flags(seat, **given)
    seat.__dict__.update(changed.__dict__)
