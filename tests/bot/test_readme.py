"""README.md's reference parts stay true: its content example loads, and its tables of CLI
commands, configuration keys and slash commands name what the code has, no more and no less.

The prose is checked by running it (tests/bot/test_console.py runs the quick start); these are
the lists a newcomer copies from, which drift silently when a command or key is added.
"""

from __future__ import annotations

import re

from bot.cli import build_parser
from bot.command_table import command_table
from bot.config import Config
from bot.content.film_file import parse_film_bytes
from tests.support.readme import README, ROOT, section


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


def test_the_configuration_table_gives_every_bound_a_key_has() -> None:
    """A key's bounds (`retention.pending_hours` 1-2160) are in its row: a value past them
    stops the start, which the table should have said before it was written."""
    rows = dict(
        re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| .*? \| (.*) \|$", section("Configuration"), re.M)
    )
    bounded = 0
    for name, model in Config().__iter__():
        for key, field in type(model).model_fields.items():
            bounds = _bounds(field.annotation, list(field.metadata))
            if key == "token" or not bounds:
                continue
            bounded += 1
            said = rows[f"{name}.{key}"]
            missing = [b for b in bounds if str(b) not in said and f"{b:,}" not in said]
            assert not missing, f"{name}.{key}: its README row does not say {missing}"
    assert bounded  # the bounds were read


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


COMMANDS_SECTIONS = {
    # section title: the group a bare subcommand name in it belongs to
    "Members": None,
    "Moderators (`/spoiler-rules …`, Manage Messages or the server's moderator role)": (
        "spoiler-rules"
    ),
    "Server admins (`/film-admin …`, Manage Server)": "film-admin",
}
OPTION = re.compile(r"(?:^|[\s\[|])([a-z_]+):")


def readme_command_options() -> dict[str, set[str]]:
    """Each slash command the Commands section writes in code, with the options written after it:
    `/film faq film: [question:]`, `/ `unseen film:`` (the group of the span before), or a bare
    `channel channel: mode:` under its group's heading."""
    table = command_table()
    found: dict[str, set[str]] = {}
    for title, group in COMMANDS_SECTIONS.items():
        current = group
        for span in re.findall(r"`([^`]+)`", section(title)):
            words = span.split()
            if words[0].startswith("/") and len(words) > 1:
                current, words = words[0][1:], words[1:]
            elif group:  # a bare name under a group's heading is that group's
                current = group
            name = f"{current} {words[0]}"
            if name in table:
                found.setdefault(name, set()).update(OPTION.findall(" ".join(words[1:])))
    return found


def test_the_commands_section_writes_each_command_with_its_own_options() -> None:
    """A command written with an option it lacks sends members to an error; one written without an
    option it has hides it. `private:` is said once for all the `/film` answers."""
    written = readme_command_options()
    assert set(written) == set(command_table()), "commands the README never writes in code"
    for name, spec in command_table().items():
        options = {option.name for option in spec.options}
        assert written[name] == options - {"private"}, name
        if "private" in options:
            assert name.startswith("film "), name
    without = sorted(
        name.split()[1]
        for name, spec in command_table().items()
        if name.startswith("film ") and "private" not in {option.name for option in spec.options}
    )
    claim = f"Every `/film` command but `{'`, `'.join(without)}` takes `private:true`"
    assert claim in section("Members")


def test_every_word_the_console_teaches_is_in_the_readme() -> None:
    """The console's own words (`press`, `say`, `reveal`, …) as its start-up help lists them."""
    from bot.console import CONSOLE_WORDS

    words = re.findall(r"^  ([a-z]+)\b", CONSOLE_WORDS, re.M)
    assert {"press", "reveal", "as", "help"} <= set(words)  # the list is read, not empty
    words += ["quit"]
    text = section("The `epilogue` command")
    missing = [word for word in words if f"`{word}" not in text]
    assert not missing, f"console words not in the README's `epilogue` command section: {missing}"


def _bounds(annotation: object, metadata: list[object]) -> set[int]:
    """Every number a field's value is bounded by: its own (a list's count, a number's range,
    a text's length) and those of what it holds (each alias's length), found in pydantic's
    constraints however they are written (``Field(le=…)``, ``StringConstraints(max_length=…)``)."""
    import typing

    found: set[int] = set()
    for item in metadata:
        for name in ("max_length", "ge", "le", "gt", "lt"):
            value = getattr(item, name, None)
            if isinstance(value, int) and not isinstance(value, bool) and value > 1:
                found.add(value)
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *more = typing.get_args(annotation)
        found |= _bounds(inner, more)
    else:
        for arg in typing.get_args(annotation):
            found |= _bounds(arg, [])
    return found


def test_the_content_format_example_names_every_field_with_its_limits() -> None:
    """Each field a content file may have is in the README's example, at its place (the film, a
    source, a section, an item), with every limit the schema puts on it in its comment: a limit
    left unsaid is found only when `epilogue check` refuses a file written to the README."""
    from bot.content.schema import FilmDoc, ItemDoc, SectionDoc, SourceDoc

    block = re.search(r"```yaml\n(.*?)```", section("Content format"), re.S)
    assert block
    lines: dict[tuple[str, str], str] = {}
    place = "film"
    for line in block[1].splitlines():
        key = re.match(r"^(\s*)(?:- )?([a-z_]+):", line)
        if not key:
            continue
        indent = len(key[1])
        if indent == 0:
            place = {"sources": "source", "sections": "section"}.get(key[2], "film")
            lines[("film", key[2])] = line
            continue
        if place == "section" and indent >= 6:
            lines[("item", key[2])] = line
        else:
            lines[(place, key[2])] = line
    for place, model in {
        "film": FilmDoc,
        "source": SourceDoc,
        "section": SectionDoc,
        "item": ItemDoc,
    }.items():
        for name, field in model.model_fields.items():
            assert (place, name) in lines, f"the content example has no {place} field {name}:"
            comment = lines[(place, name)].partition("#")[2]
            for bound in _bounds(field.annotation, list(field.metadata)):
                assert str(bound) in comment or f"{bound:,}" in comment, (
                    f"the content example's {place} {name}: does not say its limit {bound}"
                )


def test_the_layout_names_every_module_of_the_core() -> None:
    """The Layout section gives each of `bot/`'s modules and packages one home: a module added
    without a line there is one a newcomer cannot find from the README."""
    text = section("Layout")
    core = ROOT / "bot"
    names = [p.name for p in core.glob("*.py") if p.stem not in {"__init__", "__main__"}]
    names += [f"{p.name}/" for p in core.iterdir() if (p / "__init__.py").exists()]
    missing = sorted(name for name in names if f"`{name}`" not in text)
    assert not missing, f"bot/ modules the README's Layout does not name: {missing}"


def test_the_metrics_doc_names_every_kind_of_failed_command() -> None:
    """`epilogue_errors_total{kind}`: each kind the client counts is explained where an operator
    reads the metrics (an alert on a kind the doc never names is one nobody can act on)."""
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "client").glob("*.py"))
    calls = re.findall(r"\bfailed\(interaction, (.+)\)$", sources, re.M)
    kinds = {kind for call in calls for kind in re.findall(r"\"([a-z_]+)\"", call)}
    assert {"unexpected", "expired"} <= kinds  # the calls are read, not none
    doc = (ROOT / "docs" / "running-at-scale.md").read_text(encoding="utf-8")
    line = next(line for line in doc.split("\n\n") if "epilogue_errors_total" in line)
    missing = sorted(kind for kind in kinds if f"`{kind}`" not in line)
    assert not missing, (
        f"epilogue_errors_total kinds docs/running-at-scale.md leaves out: {missing}"
    )


def test_every_bound_an_option_is_registered_with_is_in_the_readme() -> None:
    """Discord's client stops a value outside an option's bounds before it is sent, with no word
    of what the bounds are: the README's sentence on bounds gives each one (`days:` 1-3650)."""
    sentence = re.search(r"Numbers and texts the commands bound \((.*?)\) are", README, re.S)
    assert sentence
    said = " ".join(sentence[1].split())
    bounded = 0
    for spec in command_table().values():
        for option in spec.options:
            low = getattr(option, "min_value", None)
            high = getattr(option, "max_value", None)
            longest = getattr(option, "max_length", None)
            forms = []
            if low is not None and high is not None:
                forms = [f"`{option.name}:` {low}-{high}"]
            elif low is not None:
                forms = [f"`{option.name}:` from {low}"]
            elif longest is not None:
                forms = [f"{option.name}:` up to {longest:,}"]
            else:
                continue
            bounded += 1
            assert any(form in said for form in forms), f"{forms[0]} is not in: {said}"
    assert bounded >= 5  # the options were read


def test_each_command_is_listed_under_who_may_use_it() -> None:
    """Members' commands under Members, moderators' under Moderators, admins' under Server
    admins; an admin-only command in the moderators' group says Manage Server beside it."""
    from bot.command_table import Access

    under = {
        "Members": {Access.MEMBER},
        "Moderators (`/spoiler-rules …`, Manage Messages or the server's moderator role)": {
            Access.MODERATOR,
            Access.ADMIN,
        },
        "Server admins (`/film-admin …`, Manage Server)": {Access.ADMIN},
    }
    for title, allowed in under.items():
        text = section(title)
        group = COMMANDS_SECTIONS[title]
        rows = "\n".join(line for line in text.splitlines() if line.startswith("| `/"))
        for name, spec in command_table().items():
            sub = name.split()[1]
            in_table = re.search(
                rf"`/{re.escape(name)}[ `]|`/{name.split()[0]} [^`]*` / `{sub}", rows
            )
            if (group and name.startswith(f"{group} ")) or in_table:
                assert spec.access in allowed, f"/{name} ({spec.access.value}) is under {title}"
                if spec.access is Access.ADMIN and "Manage Server" not in title:
                    at = text.index(f"`{sub} ")
                    assert "Manage\nServer" in text[at : at + 120].replace(
                        "Manage Server", "Manage\nServer"
                    ), f"/{name} is for Manage Server, which its README entry does not say"


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_to_a_section_finds_its_heading() -> None:
    """A link's `#anchor` names a heading of the file it points to (a bold paragraph has no
    anchor: the link opens the file's top, far from what it promised)."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    headings = {
        path.resolve(): {
            _anchor(h) for h in re.findall(r"^#+ (.*)$", path.read_text(encoding="utf-8"), re.M)
        }
        for path in files
    }
    broken = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([^)#\s]*)#([^)\s]+)\)", text):
            linked = (path.parent / target).resolve() if target else path.resolve()
            if linked in headings and anchor not in headings[linked]:
                broken.append(f"{path.relative_to(ROOT)}: {target}#{anchor}")
    assert len(headings) > 3 and not broken, broken


def test_the_guard_section_names_every_script_a_title_may_be_spelt_in() -> None:
    """The scripts whose letters the guard writes back in Latin ones to find a title
    (``transliteration.OTHER_SCRIPT``) are each named where the README says so: a script added
    there (Devanagari was) is one a server's members are never told the guard reads."""
    import unicodedata

    from bot.features.spoiler.transliteration import OTHER_SCRIPT

    starts = [low for low, _ in re.findall(r"(.)-(.)", OTHER_SCRIPT.pattern)]
    scripts = {unicodedata.name(low).split()[0].title() for low in starts}
    assert len(scripts) >= 4  # the pattern's ranges were read
    text = " ".join(section("Members' own spoilers").split())
    said = re.search(r"a title spelt in ([^(]*?) letters", text)
    assert said, "the README no longer says which scripts a title may be spelt in"
    missing = sorted(script for script in scripts if script not in said[1])
    assert not missing, f"scripts a title is read in that the README does not name: {missing}"


_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen"  # noqa: SIM905
    " fourteen fifteen sixteen seventeen eighteen nineteen".split()
)
_TENS = "- - twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905


def _in_words(number: int) -> str:
    if number < 20:
        return _NUMBER_WORDS[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens] + (f"-{_NUMBER_WORDS[ones]}" if ones else "")


def test_the_guard_measures_count_the_development_corpora_there_are() -> None:
    """ "The latest measures" name how many development corpora they are over: the count of
    ``benchmarks.guard``'s ``dev`` corpora now, so numbers from an older round (over twenty
    corpora, when there were twenty-five) are not read as today's."""
    from benchmarks.guard import CORPORA

    latest = re.search(r"The latest measures.*?\n\n", section("Members' own spoilers"), re.S)
    assert latest
    said = re.findall(r"the ([a-z-]+) development corpora", " ".join(latest[0].split()))
    assert said == [_in_words(len(CORPORA))], (
        f"the README's latest guard measures are over {said}, but benchmarks.guard has"
        f" {len(CORPORA)} development corpora: measure them again (--corpus dev)"
    )
