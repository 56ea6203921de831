"""README.md's reference parts stay true: its content example loads, and its tables of CLI
commands, configuration keys and slash commands name what the code has, no more and no less.

The prose is checked by running it (tests/bot/test_console.py runs the quick start); these are
the lists a newcomer copies from, which drift silently when a command or key is added.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.cli import build_parser
from bot.command_table import command_table
from bot.config import Config
from bot.content.film_file import parse_film_bytes

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of the README section headed ``title`` (## or ###), up to the next heading."""
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ )", README, re.M | re.S)
    assert match, f"README.md has no section {title!r}"
    return match[1]


def test_the_content_format_example_loads() -> None:
    block = re.search(r"```yaml\n(.*?)```", section("Content format"), re.S)
    assert block
    film = parse_film_bytes(block[1].encode(), "README.md").doc
    assert film.title == "La La Land" and film.sections[0].items


def test_the_command_table_lists_every_cli_command() -> None:
    parser = build_parser()
    verbs = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    rows = re.findall(r"^\| `epilogue ([a-z-]+)", section("The `epilogue` command"), re.M)
    assert set(rows) == set(verbs)
    db_verbs = set(verbs["db"]._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    table = section("The `epilogue` command")
    named = set(re.findall(r"`epilogue db ([a-z]+)", table)) | set(
        re.findall(r"/ `([a-z]+) ", table)
    )
    assert named == db_verbs
    # Each command's own options are in its row (`import --guild` was not).
    for verb, sub in verbs.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| `epilogue {verb}"))
        for action in sub._actions:
            flags = [f for f in action.option_strings if f.startswith("--")]
            if flags and flags[0] not in {"--help", "--config"}:
                # The console's seat flags have a paragraph of their own under the table.
                where = table if verb == "console" else row
                assert (
                    f"{flags[0]} " in where or f"{flags[0]}`" in where or f"{flags[0]}]" in where
                ), f"epilogue {verb} {flags[0]} is not in its README row"


def test_the_configuration_table_names_every_key_with_its_default() -> None:
    rows = dict(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (.*?) \|", section("Configuration"), re.M))
    keys = {
        f"{name}.{key}"
        for name, model in Config().__iter__()
        for key in type(model).model_fields
        if key != "token"  # never in a file: the README says so apart from the table
    }
    assert set(rows) == keys
    defaults = Config()
    for key, written in rows.items():
        section_name, field = key.split(".")
        value = getattr(getattr(defaults, section_name), field)
        if isinstance(value, bool):
            assert written == f"`{str(value).lower()}`", key
        elif isinstance(value, int | str) and not isinstance(value, bool):
            assert written == f"`{value}`", key
        elif value is None:
            assert written.startswith(("none", "Discord's")), key
        elif value == []:
            assert written == "`[]`", key


def test_the_commands_section_names_every_slash_command() -> None:
    text = section("Members") + section(
        "Moderators (`/spoiler-rules …`, Manage Messages or the server's moderator role)"
    )
    text += section("Server admins (`/film-admin …`, Manage Server)")
    for name in command_table():
        group, sub = name.split(" ")
        # In a table as `/film quick`, after a `/` as `/ `symbolism``, or listed under the
        # group's heading as `` `show` ``.
        forms = (f"`/{name}", f"/ `{sub}", f"/ `/{group} {sub}", f"`{sub}`", f"`{sub} ")
        assert any(form in text for form in forms), f"/{name} is not in the README's Commands"
