"""``epilogue``: run the bot, the offline console, and content tools."""

from __future__ import annotations

import argparse
import asyncio
import difflib
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bot.config import Config, ConfigError, load_config, unknown_environment
from bot.web_addresses import web_address_problem

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.content.renames import Renamed

log = logging.getLogger("epilogue")


def _year(text: str) -> int:
    """``--year``: a year a content file may have, checked here so the error names the option."""
    from bot.content.schema import FIRST_YEAR, LAST_YEAR

    if not text.strip().isdecimal() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"must be a year from {FIRST_YEAR} to {LAST_YEAR}")
    return int(text)


def _guild(text: str) -> int:
    """``import --guild``: a server id (a positive 64-bit snowflake), or 0 for global content."""
    from bot.console import SNOWFLAKE_MAX

    if not text.strip().isdecimal() or int(text) > SNOWFLAKE_MAX:
        raise argparse.ArgumentTypeError("must be a server id, or 0 for global content")
    return int(text)


def _local_path(text: str) -> Path:
    """A file or folder argument; a web address is refused naming it, not read as a path."""
    if (problem := web_address_problem(text)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return Path(text)


# Where bot.config.find_config_file looks, in order.
CONFIG_HELP = "config file (default: $EPILOGUE_CONFIG, else ./config.yaml, else built-in defaults)"


EXIT_CODES = (
    "Exit codes: 0 done; 1 the input had a problem, each one printed (a content file's, an"
    " article's, a console command's; a content file that cannot be read is one of import's"
    " and check's problems); 2 the command could not run (configuration, storage, another file"
    " that cannot be read, a wrong argument), said in one line; 130 stopped with Ctrl-C."
)
"""The codes every command ends with, as ``--help`` tells them (each command its own)."""


def _exit_codes(*codes: str) -> str:
    """``codes`` ("0 …", "1 …"), then 2, with any "2 also when …" of the command's own."""
    own = [code for code in codes if not code.startswith("2 also when ")]
    refused = "".join(
        f", or {code.removeprefix('2 also when ')}" for code in codes if code not in own
    )
    could_not = f"2 it could not run (configuration, storage, a wrong argument){refused}"
    return "Exit codes: " + "; ".join((*own, could_not + ", said in one line")) + "."


class _Parser(argparse.ArgumentParser):
    """argparse, asking about the command meant when one is mistyped ("chek": check)."""

    def error(self, message: str) -> NoReturn:
        found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if found:
            choices = re.findall(r"'([^']*)'", found[2])
            close = difflib.get_close_matches(found[1], choices, n=1, cutoff=0.6)
            if close:
                message = f"{message}: did you mean {close[0]}?"
        super().error(message)


class _CommandParser(_Parser):
    """One command's parser: an argument it does not take is refused here, under its own usage
    (argparse left it to the top level, whose usage names none of the command's options)."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(self._not_taken(parsed, extras))
        return parsed, extras

    def _not_taken(self, parsed: argparse.Namespace, extras: list[str]) -> str:
        words = [extra for extra in extras if not extra.startswith("-")]
        if getattr(parsed, "line", None) is not None and words == extras:
            # `console -c /film quick film:la la land`: the shell split the command up.
            whole = " ".join([parsed.line, *words]).replace('"', '\\"')
            return (
                f"unrecognized arguments: {' '.join(extras)}: -c takes the whole command as one"
                f' argument, in quotes: {self.prog} -c "{whole}"'
            )
        hints = []
        for extra in extras:
            if extra.startswith("--"):
                options = [option for option in self._option_string_actions if option[:2] == "--"]
                close = difflib.get_close_matches(extra.partition("=")[0], options, n=1, cutoff=0.6)
                if close:
                    hints.append(f"{extra}: did you mean {close[0]}?")
        hint = "; ".join(hints) or f"{self.prog} --help lists what it takes"
        return f"unrecognized arguments: {' '.join(extras)} ({hint})"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="epilogue",
        description="Film endings explained on Discord, without spoilers.",
        epilog=EXIT_CODES + " epilogue COMMAND --help explains one command.",
    )
    parser.add_argument("--config", metavar="PATH", help=CONFIG_HELP)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_CommandParser
    )

    def command(
        group: argparse._SubParsersAction[argparse.ArgumentParser],
        name: str,
        summary: str,
        *codes: str,
    ) -> argparse.ArgumentParser:
        """A command whose --help says what it does (its line in the list) and its exit codes."""
        return group.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=_exit_codes(*codes),
        )

    run = command(
        commands,
        "run",
        "run the Discord bot (needs DISCORD_TOKEN)",
        "0 the bot stopped (SIGTERM or Ctrl-C: the connection, then the database, closed)",
        "130 stopped (Ctrl-C or SIGTERM) before connecting",
    )
    run.add_argument(
        "--shard-ids", metavar="IDS", help="this process's shards, e.g. 0-3 or 0,1 (PostgreSQL)"
    )
    run.add_argument(
        "--shard-count",
        "--shards",
        metavar="N",
        type=int,
        help="how many shards the bot has in all (alone: all of them, in this process)",
    )
    command(commands, "sync", "register the slash commands with Discord", "0 registered")

    console = command(
        commands,
        "console",
        "the same commands offline, in a terminal",
        "0 done",
        "1 the -c command was refused (its error is printed)",
    )
    console.add_argument("-c", dest="line", metavar="COMMAND", help="run one command and exit")
    console.add_argument("--json", action="store_true", help="print the exact Discord payload")
    # Ids are read by seat_from_flags, as `as` reads them: an id or a mention, one error wording.
    console.add_argument("--user", default="1000", help="who asks: user id (default: 1000)")
    console.add_argument("--guild", default="1", help="server id, or 'dm' (default: 1)")
    console.add_argument("--channel", default="10", help="channel id (default: 10)")
    console.add_argument("--parent", help="parent channel id when --channel is a thread")
    console.add_argument(
        "--roles", default="", help="the asker's role ids, comma-separated (none: no roles)"
    )
    console.add_argument(
        "--perms",
        default="",
        help="the asker's permissions, e.g. manage_messages,manage_guild (none: no permissions)",
    )

    load = command(
        commands,
        "import",
        "load content files or folders into the database",
        "0 every file loaded or unchanged",
        "1 a file had a problem (or cannot be read): it is named with its line and not loaded,"
        " the others are",
    )
    load.add_argument(
        "paths",
        nargs="+",
        type=_local_path,
        metavar="PATH",
        help="a content file (.yaml) or a folder of them",
    )
    load.add_argument(
        "--guild", type=_guild, default=0, help="load for one server (default: global)"
    )
    check = command(
        commands,
        "check",
        "validate content files without loading them",
        "0 no problem found",
        "1 problems found (a file that cannot be read is one), each printed with its file and line",
    )
    check.add_argument(
        "paths",
        nargs="+",
        type=_local_path,
        metavar="PATH",
        help="a content file (.yaml) or a folder of them",
    )

    command(
        commands,
        "check-db",
        "check the database for damage (SQLite's PRAGMA quick_check)",
        "0 no damage found",
        "2 also when damage is found, or the SQLite file is not there",
    )
    merged = command(
        commands,
        "merged-copies",
        "write the copies of films an upgrade merged away as content files (migration 0027)",
        "0 written (or none to write)",
        "2 also when a file is in the way (give --force)",
    )
    merged.add_argument(
        "folder", type=_local_path, metavar="FOLDER", help="where to write the content files"
    )
    merged.add_argument(
        "--guild", type=_guild, help="one server's copies (default: every server's)"
    )
    merged.add_argument("--force", action="store_true", help="replace files already there")
    db = command(
        commands,
        "db",
        "operate the database: revision, migrations, backups",
        "0 done",
        "2 also when a verb is refused (why is said)",
    )
    verbs = db.add_subparsers(dest="db_command", required=True, metavar="VERB")
    command(verbs, "current", "the schema revision the database is at", "0 told")
    up = command(verbs, "upgrade", "migrate to the newest schema (or to REV)", "0 migrated")
    up.add_argument(
        "revision",
        nargs="?",
        default="head",
        metavar="REV",
        help="a revision such as 0014 (default: the newest)",
    )
    down = command(
        verbs,
        "downgrade",
        "migrate back to REV (refused if it drops data)",
        "0 migrated",
        "2 also when refused, as the older schema would lose stored data",
    )
    down.add_argument("revision", metavar="REV", help="a revision such as 0002, or 'base'")
    down.add_argument(
        "--yes-drop-data",
        action="store_true",
        help="go ahead even though the older schema has no room for some stored data",
    )
    save = command(
        verbs,
        "backup",
        "copy the SQLite database, safely while the bot runs",
        "0 copied",
        "2 also when PATH exists already (give --force)",
    )
    save.add_argument("path", type=_local_path, metavar="PATH", help="the file to write")
    save.add_argument("--force", action="store_true", help="replace PATH if it already exists")
    back = command(
        verbs,
        "restore",
        "replace the database with a backup made by db backup",
        "0 restored",
        "2 also when the backup is damaged, not Epilogue's, or from a newer Epilogue",
    )
    back.add_argument(
        "path", type=_local_path, metavar="PATH", help="a file written by epilogue db backup"
    )

    article = command(
        commands,
        "import-article",
        "turn an explainer article into a content file to review",
        "0 the draft was written",
        "1 the article was refused (why is printed)",
        "2 also when FILE cannot be read or is a content file, or --out exists",
    )
    article.add_argument(
        "file",
        type=_local_path,
        metavar="FILE",
        help="the article, saved as text, Markdown, HTML or another format the README lists",
    )
    article.add_argument("--out", type=_local_path, help="write the YAML here (default: stdout)")
    article.add_argument(
        "--force", action="store_true", help="replace the --out file if it already exists"
    )
    article.add_argument("--title", help="the film's title, if the article does not say")
    article.add_argument("--year", type=_year, help="the film's year, if the article does not say")
    # --config also after a command (`epilogue run --config prod.yaml`), as people write it;
    # SUPPRESS keeps a value given before the command when none comes after it.
    for sub in (*commands.choices.values(), *verbs.choices.values()):
        sub.add_argument(
            "--config",
            metavar="PATH",
            default=argparse.SUPPRESS,
            help=CONFIG_HELP,
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"epilogue: configuration error: {exc}", file=sys.stderr)
        return 2
    for warning in unknown_environment(os.environ):
        print(f"epilogue: warning: {warning}", file=sys.stderr)
    if args.command not in {"run", "sync"}:
        # The bot sets up discord.py's own logging; everything else logs plainly to stderr.
        logging.basicConfig(
            level=getattr(logging, config.logging.level),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            stream=sys.stderr,
        )
    if args.command in {
        "console",
        "import",
        "check",
        "import-article",
        "check-db",
        "db",
        "merged-copies",
    }:
        # Chatty start-up logs would drown the console's output; errors still show.
        logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    handler = _COMMANDS[args.command]
    try:
        code = handler(args, config)
        sys.stdout.flush()  # a pipe's buffer is written here, where its failure is handled
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `epilogue console -c … --json | head`: the reader left, nothing is wrong here. Point
        # stdout at nothing so the interpreter's flush at exit does not fail a second time.
        _silence_stdout()
        return 1
    except Exception as error:
        line = _storage_line(error, config)
        if line is None:
            raise
        print(f"epilogue: {line}", file=sys.stderr)
        return 2


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # a stdout with no file behind it
        pass


def _storage_line(error: Exception, config: Config) -> str | None:
    """A storage failure in one line (what, where, what to do); None for anything else."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from bot.db.storage_errors import StorageError, describe

    if not isinstance(error, StorageError | SQLAlchemyError | sqlite3.Error):
        return None
    found = describe(error, config.database.url)
    return None if found is None else str(found)


def _discord_unreachable(error: BaseException, config: Config) -> str | None:
    """Discord's API could not be reached (network, DNS, proxy, Discord down), in one line."""
    import aiohttp

    if not isinstance(error, OSError | aiohttp.ClientError | asyncio.TimeoutError):
        return None
    base = config.discord.api_base or "https://discord.com/api"
    return (
        f"cannot reach Discord at {base} ({type(error).__name__}: {error}): check the network,"
        " DNS or proxy (discord.api_base), then try again"
    )


def _shards(args: argparse.Namespace, config: Config) -> str | None:
    """Apply --shard-ids/--shard-count over the config; a one-line problem, or None."""
    from bot.sharding import ShardSpecError, check_shards, parse_shard_ids, refuse_sqlite

    # Each setting is named where it was given: a flag, or the file's line or the variable.
    places = {
        "--shard-ids" if args.shard_ids is not None else config.source("discord.shard_ids"),
        "--shard-count" if args.shard_count is not None else config.source("discord.shard_count"),
    }
    where = ", ".join(sorted(place for place in places if place)) or "--shard-ids/--shard-count"
    try:
        if args.shard_ids is not None:
            config.discord.shard_ids = parse_shard_ids(args.shard_ids)
        if args.shard_count is not None:
            config.discord.shard_count = args.shard_count
        shards = check_shards(config.discord.shard_ids, config.discord.shard_count)
    except ShardSpecError as error:
        return f"{where}: {error}"
    return refuse_sqlite(shards, config.database.url)


def _run(args: argparse.Namespace, config: Config) -> int:
    if not config.discord.token:
        print(
            "epilogue: no Discord token. Set it in the environment, e.g.\n"
            "  export DISCORD_TOKEN=your-bot-token\n"
            "(from https://discord.com/developers/applications → your app → Bot → Reset Token).\n"
            "To try Epilogue without Discord: uv run epilogue console",
            file=sys.stderr,
        )
        return 2
    if (problem := _shards(args, config)) is not None:
        print(f"epilogue: {problem}", file=sys.stderr)
        return 2
    from bot.memory import collector_paused

    # discord.py and the bot's code: 0.15-0.25 s of CPU less, and kept out of every pass after.
    with collector_paused(keep=True):
        from client.runner import run_bot

    return _talking_to_discord(run_bot, config)


def _sync(args: argparse.Namespace, config: Config) -> int:
    if not config.discord.token:
        print("epilogue: sync needs DISCORD_TOKEN set in the environment.", file=sys.stderr)
        return 2
    from bot.memory import collector_paused

    with collector_paused(keep=True):
        from client.runner import sync_commands

    return _talking_to_discord(sync_commands, config)


def _talking_to_discord(work: Callable[[Config], int], config: Config) -> int:
    """``work``'s exit code; Discord out of reach is one line and exit code 2."""
    try:
        return work(config)
    except Exception as error:
        line = _discord_unreachable(error, config)
        if line is None:
            raise
        print(f"epilogue: {line}", file=sys.stderr)
        return 2


def _console(args: argparse.Namespace, config: Config) -> int:
    from bot.console import execute, help_text, interactive, is_help, seat_from_flags, show
    from bot.epilogue import Epilogue
    from bot.errors import InvalidInput
    from bot.replies import Reply

    try:
        seat = seat_from_flags(
            user=args.user,
            guild=args.guild,
            channel=args.channel,
            parent=args.parent,
            roles=args.roles,
            perms=args.perms,
        )
    except InvalidInput as error:
        print(f"epilogue: {error.message}", file=sys.stderr)
        return 2

    async def go() -> int:
        async with Epilogue.open(config) as app:
            if args.line is not None and is_help(args.line):
                try:
                    sys.stdout.write(help_text(args.line))
                except InvalidInput as error:
                    show(Reply.error(error.message), sys.stdout, as_json=args.json)
                    return 1
                return 0
            if args.line is not None:  # -c "" is a command too (an empty one), not a session
                reply = await execute(app, args.line, seat)
                show(reply, sys.stdout, as_json=args.json)
                return 1 if reply.is_error else 0
            await interactive(app, seat, as_json=args.json)
            return 0

    return asyncio.run(go())


def _import(args: argparse.Namespace, config: Config) -> int:
    from bot.content.loader import dropped_note
    from bot.epilogue import Epilogue

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and total:
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")

    async def go() -> int:
        async with Epilogue.open(config, load_content=False) as app:
            report = await app.load_content(args.paths, guild_id=args.guild, progress=progress)
            # Films stored before, or rendered by code since changed, get their answers again.
            rendered = await app.refresh_renders(progress)
        for problem in report.problems:
            print(problem, file=sys.stderr)
        for label, before, now in report.replaced:
            print(_replaced_note(label, before, now, config), file=sys.stderr)
        for rename in report.renamed:
            print(renamed_note(rename), file=sys.stderr)
        for dropped in report.dropped:
            print(f"note: {dropped_note(*dropped)}", file=sys.stderr)
        print(
            f"{len(report.loaded)} loaded, {len(report.unchanged)} unchanged, "
            f"{len(report.problems)} problem(s)"
            + (f"; {rendered} stored answer(s) rendered" if rendered else "")
        )
        return 0 if report.ok else 1

    return asyncio.run(go())


def renamed_note(rename: Renamed) -> str:
    """A film its file now names otherwise: the old version is gone, and where its rules went."""
    note = f"note: {rename.origin} now gives {rename.new}, not {rename.old}: the old version was"
    note += " removed"
    if rename.guilds:
        servers = ", ".join(str(guild) for guild in rename.guilds)
        note += f"; the embargoes and hides of server(s) {servers} now cover {rename.new} too"
        note += " (each server's moderators' log says so)"
    if rename.seen_followed:
        note += "; members' seen marks followed (the same title, its year corrected)"
    else:
        note += (
            "; members' seen marks did not follow (the title changed, or the year by more than"
            " one: perhaps another film): members mark it seen again"
        )
    return note


def _replaced_note(label: str, before: str, now: str, config: Config) -> str:
    """A film another file gave, now replaced by ``now``: said, and what would undo it."""
    note = f"note: {label} was loaded from {before}; {now} replaces it"
    given = Path(before)
    if given.is_file() and any(
        given.resolve().is_relative_to(Path(folder).resolve())
        for folder in config.content.directories
    ):
        # The bot loads its content folders at every start: that file would come back.
        note += (
            f". {before} is in content.directories, which the bot loads at every start, and"
            " would replace it back: edit that file instead, or move it out of the folder"
        )
    return note


def _check(args: argparse.Namespace, config: Config) -> int:
    from bot.content.film_file import ContentError, read_film_file
    from bot.content.loader import COPY, another_file, find_content_files

    files, problems = find_content_files(args.paths)
    providers: dict[str, tuple[str, str]] = {}
    for path in files:
        try:
            film_file = read_film_file(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        # Two files for one film load one and refuse the other: a check says so too.
        duplicate = another_file(film_file, providers)
        if duplicate is not None and duplicate is not COPY:
            problems.append(duplicate)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(files)} file(s) checked, {len(problems)} problem(s)")
    return 0 if not problems else 1


def _import_article(args: argparse.Namespace, config: Config) -> int:
    from bot.content.film_file import MAX_FILE_BYTES, ContentError, looks_like_content_file
    from bot.content.loader import CONTENT_SUFFIXES
    from bot.importer import import_article

    try:
        with args.file.open("rb") as article:
            # Past the limit the importer refuses it anyway: a huge file is never read whole.
            data = article.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        print(f"epilogue: {args.file}: cannot be read: {exc.strerror}", file=sys.stderr)
        return 2
    if args.file.suffix.lower() in CONTENT_SUFFIXES or looks_like_content_file(data):
        # The reverse of `epilogue import article.txt`, which points here: an article's
        # "no film title found" would send its author hunting in a file that has its title.
        print(
            f"epilogue: {args.file}: is a content file, not an article: load it with epilogue"
            f" import {args.file} (epilogue check {args.file} lists any problems first)",
            file=sys.stderr,
        )
        return 2
    if args.out and not args.force and args.out.is_file() and not _same_file(args.out, args.file):
        # Said before the article is read: its warnings first would read as the draft's.
        print(_DRAFT_EXISTS.format(out=args.out), file=sys.stderr)
        return 2
    try:
        # A film the article does not date is still drafted: the YAML leaves year: empty with a
        # note, and `epilogue check` reports it until someone fills it in.
        result = import_article(
            data, name=str(args.file), title=args.title, year=args.year, allow_missing_year=True
        )
    except ContentError as exc:
        print(exc, file=sys.stderr)
        if any("film title found" in problem.message for problem in exc.problems):
            print("hint: --title 'Film name' names the film yourself", file=sys.stderr)
        if any(" films (" in problem.message for problem in exc.problems):
            print("hint: --title 'Film name' imports that film's part", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.out and _same_file(args.out, args.file):
        # --force replaces a draft; never the article it is drafted from, read once only.
        print(
            f"epilogue: {args.out}: is the article being imported, and writing the draft there"
            " would lose the article: choose another --out",
            file=sys.stderr,
        )
        return 2
    if args.out:
        try:
            # A folder named for drafts is made, as `db backup` makes its folder.
            args.out.parent.mkdir(parents=True, exist_ok=True)
            # A draft is edited after it is written, and --out can name a curated content file:
            # running the command again must not wipe either without being asked to.
            with args.out.open("w" if args.force else "x", encoding="utf-8") as draft:
                draft.write(result.yaml)
        except FileExistsError:
            if not args.out.is_file():  # a folder, or a file where a folder of the path goes
                blocker = next((p for p in args.out.parents if p.is_file()), None)
                why = f"{blocker} is a file, not a folder" if blocker else "it is a folder"
                print(f"epilogue: {args.out}: cannot be written ({why})", file=sys.stderr)
                return 2
            print(_DRAFT_EXISTS.format(out=args.out), file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"epilogue: {args.out}: cannot be written ({exc.strerror})", file=sys.stderr)
            return 2
        where = str(args.out)
    else:
        sys.stdout.write(result.yaml)
        where = "standard output"
    # The review notes are comments in the draft itself; say where the draft went either way.
    print(
        f"wrote the draft to {where}: read its review notes (# comments), then load it with: "
        f"epilogue import {args.out or 'FILE.yaml'}",
        file=sys.stderr,
    )
    if result.doc is None:
        print(f"note: no release year found; fill in year: in {where}", file=sys.stderr)
    return 0


_DRAFT_EXISTS = (
    "epilogue: {out}: already exists, and replacing it would lose any edits made to it:"
    " choose another --out, or add --force to replace it"
)


def _same_file(first: Path, second: Path) -> bool:
    """Whether both paths name one existing file (through links and other spellings too)."""
    try:
        return first.samefile(second)
    except OSError:  # either missing: not the same file
        return False


def _missing_sqlite_file(config: Config) -> str | None:
    """For verbs that read an existing database: the one-line error when its SQLite file is
    not there. Opening it would create an empty database (and its folders), which a mistyped
    path must not get: check-db said "ok" of it."""
    from sqlalchemy.engine import make_url

    from bot.db.storage_errors import sqlite_path

    try:
        parsed = make_url(config.database.url)
        path = sqlite_path(config.database.url)
    except Exception:
        return None  # a bad URL is explained where the engine is made
    # Only the plain file path of the driver Epilogue uses: a wrong driver is explained where
    # the engine is made, and a file: URI names its file its own way.
    if parsed.drivername != "sqlite+aiosqlite" or "uri" in parsed.query:
        return None
    if path is None or path.exists():
        return None
    return (
        f"{path}: no database there: check database.url (the first start, or epilogue db"
        " upgrade, creates it)"
    )


def _check_db(args: argparse.Namespace, config: Config) -> int:
    from bot.db import operations
    from bot.db.storage_errors import where

    if (missing := _missing_sqlite_file(config)) is not None:
        print(f"epilogue: {missing}", file=sys.stderr)
        return 2

    async def go() -> int:
        engine = _engine(config)
        try:
            result = await operations.check(engine)
        finally:
            await engine.dispose()
        name = where(config.database.url)
        if result.problems:
            print(
                f"epilogue: {name}: damaged ({result.problems[0]}; {len(result.problems)}"
                " problem(s) in all): restore a backup (epilogue db restore BACKUP)",
                file=sys.stderr,
            )
            return 2
        print(f"{name}: ok (schema revision {result.revision or 'none yet'})")
        return 0

    return asyncio.run(go())


def _db(args: argparse.Namespace, config: Config) -> int:
    from bot.db import operations

    reads = args.db_command in {"current", "downgrade", "backup"}
    if reads and (missing := _missing_sqlite_file(config)) is not None:
        print(f"epilogue: {missing}", file=sys.stderr)
        return 2

    async def go() -> str:
        engine = _engine(config)
        try:
            if args.db_command == "current":
                return await operations.current(engine)
            if args.db_command == "upgrade":
                return await operations.upgrade(engine, args.revision)
            if args.db_command == "downgrade":
                return await operations.downgrade(
                    engine, args.revision, drop_data=args.yes_drop_data
                )
            if args.db_command == "backup":
                return await operations.backup(engine, args.path, replace=args.force)
            return await operations.restore(engine, args.path)
        finally:
            await engine.dispose()

    print(asyncio.run(go()))
    return 0


def _engine(config: Config) -> AsyncEngine:
    from bot.db.engine import create_engine
    from bot.db.storage_errors import explain

    try:
        return create_engine(config.database.url, echo=config.database.echo)
    except Exception as error:
        raise explain(error, config.database.url) from None


def _merged_copies(args: argparse.Namespace, config: Config) -> int:
    from bot.content.merged_copies import FilesInTheWay, kept_copies, write_copies
    from bot.db.engine import stored_revision

    if (missing := _missing_sqlite_file(config)) is not None:
        print(f"epilogue: {missing}", file=sys.stderr)
        return 2

    async def go() -> int:
        engine = _engine(config)
        try:
            revision = await stored_revision(engine)
            if revision is None or revision < "0027":
                print(
                    f"epilogue: the database is at {revision or 'no schema yet'}: copies are"
                    " merged (and kept) by migration 0027; run epilogue db upgrade first",
                    file=sys.stderr,
                )
                return 2
            copies = await kept_copies(engine, args.guild)
        finally:
            await engine.dispose()
        try:
            written = write_copies(copies, args.folder, force=args.force)
        except FilesInTheWay as error:
            print(f"epilogue: {error}", file=sys.stderr)
            return 2
        if not written:
            print("No copy of a film was merged away: nothing to write.")
        for copy in written:
            print(
                f"{copy.path}: server {copy.guild_id}'s copy {copy.title} ({copy.year}), merged"
                f" into {copy.merged_into}; /film-admin import loads it back"
            )
        return 0

    return asyncio.run(go())


_COMMANDS = {
    "check-db": _check_db,
    "merged-copies": _merged_copies,
    "db": _db,
    "run": _run,
    "sync": _sync,
    "console": _console,
    "import": _import,
    "check": _check,
    "import-article": _import_article,
}


if __name__ == "__main__":  # pragma: no cover
    os._exit(main())
