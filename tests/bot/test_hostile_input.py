"""Hostile content files and text (issue 10, "hostile files freeze or crash the bot").

One named regression test per class of attack: each must end as a located, one-line problem (or
as work bounded by the size of the input), never as a stall, a crash or a traceback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import update

from bot import cli, yaml_lines
from bot.command_table import command_table
from bot.content import film_file as film_file_module
from bot.content import loader as loader_module
from bot.content.film_file import (
    MAX_FILE_BYTES,
    ContentError,
    off_loop,
    parse_film_bytes,
    read_film_file_off_loop,
)
from bot.db.models import Film, Item
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.features.film.commands import question_choices
from bot.features.film_admin import content as content_admin
from bot.invocation import Invocation
from bot.replies import Attachment
from bot.spoiler_policy.chunking import split_message
from bot.spoiler_policy.markup import Treatment, render_text
from bot.yaml_lines import MAX_DEPTH, YamlSyntaxError, parse_yaml
from tests.conftest import FILMS, make_config
from tests.support.discord_markdown import hidden_text, visible_text
from tests.support.hypothesis_profiles import scaled

VALID = """\
title: Test Film
year: 2001
synopsis: Someone wants something.
sections:
  - kind: quick_answer
    body: It ends.
"""

# The 530-byte file from the issue, give or take: nine levels of nine aliases each.
ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    + ["title: *a8", "year: 2001", "synopsis: x", "sections: [{kind: quick_answer, body: x}]"]
)


def problems_of(text: str | bytes, name: str = "x.yaml") -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(ContentError) as caught:
        parse_film_bytes(data, name)
    return [str(problem) for problem in caught.value.problems]


def with_field(line: str) -> str:
    """VALID with ``line`` added after the year (so on line 3)."""
    return VALID.replace("year: 2001\n", f"year: 2001\n{line}\n")


def nested(depth: int) -> str:
    return VALID.replace("title: Test Film", "title: " + "[" * depth + "x" + "]" * depth)


# --- YAML aliases and anchors ---------------------------------------------------------------------


def test_alias_bomb_is_refused_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    def walked(*_args: Any) -> None:
        raise AssertionError("the document was composed and walked")

    monkeypatch.setattr(yaml_lines, "_index", walked)
    assert len(ALIAS_BOMB.encode()) < 1024
    [problem] = problems_of(ALIAS_BOMB)
    assert problem.startswith("x.yaml:1: is not valid YAML: defines an anchor (&)")


@pytest.mark.parametrize(
    ("text", "line", "what", "name"),
    [
        ("- &a x\n- *a\n", 1, "an anchor (&)", "&a"),
        ("a: 1\nb: &m {c: 1}\n", 2, "an anchor (&)", "&m"),
        ("a: 1\nb: !!str &s x\n", 2, "an anchor (&)", "&s"),
        ("a: 1\nb: 2\nc: *undefined\n", 3, "an alias (*)", "*undefined"),
        ("base: 1\nmerged:\n  <<: *base\n", 3, "an alias (*)", "*base"),
    ],
)
def test_every_anchor_and_alias_is_refused_with_its_line(
    text: str, line: int, what: str, name: str
) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert what in caught.value.problem
    assert name not in caught.value.problem


def test_a_film_file_that_uses_an_alias_names_file_and_line() -> None:
    text = VALID.replace("synopsis: Someone wants something.", "synopsis: *plot")
    [problem] = problems_of(text)
    assert problem.startswith("x.yaml:3: is not valid YAML: uses an alias (*)")


@pytest.mark.parametrize(
    "value",
    [
        *("*Greg dies at the end.*", "*Greg_dies_at_the_end", "&Greg-dies-at-last"),
        *("!Greg dies at last", "!!Greg dies", "!<tag:Greg> dies", "!g!Greg dies"),
    ],
)
def test_a_value_read_as_an_alias_or_anchor_is_told_by_its_line_not_its_words(value: str) -> None:
    """An author's markdown emphasis at a value's start (``*Greg dies at the end.*``) is read
    by YAML as an alias named by its first word; the problem named it, a word of the ending
    shown to whoever loads the file (a content file's problem is told by its line), and told
    of anchors where the fix is quotes."""
    text = VALID.replace("synopsis: Someone wants something.", f"synopsis: {value}")
    [problem] = problems_of(text)
    assert problem.startswith("x.yaml:3: is not valid YAML: "), problem
    assert "Greg" not in problem, problem
    assert "in quotes" in problem, problem


# --- nesting --------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 990, 200_000])
@pytest.mark.parametrize("prefix", ["", "# a * or & in the text means an anchor may be near\n"])
@pytest.mark.parametrize("pure_python", [False, True])
def test_deep_nesting_is_a_located_problem_not_a_recursion_error(
    depth: int, prefix: str, pure_python: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pure_python:
        monkeypatch.setattr(yaml_lines, "FAST_LOADER", yaml.SafeLoader)
    [problem] = problems_of(prefix + nested(depth))
    assert problem.startswith(f"x.yaml:{1 + prefix.count(chr(10))}: is not valid YAML: ")
    assert "nest" in problem


def test_a_list_nested_deep_as_a_mapping_key_is_refused() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: 1\nb: {" + "[" * 40 + "k" + "]" * 40 + ": v}\n")
    assert caught.value.line == 2 and "nests" in caught.value.problem


def test_the_pure_python_parser_refuses_an_alias_bomb_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_lines, "FAST_LOADER", yaml.SafeLoader)
    [problem] = problems_of(ALIAS_BOMB)
    assert problem.startswith("x.yaml:1: is not valid YAML: defines an anchor (&)")


def test_deep_block_nesting_names_the_line_where_it_goes_too_deep() -> None:
    lines = [f"{'  ' * level}k{level}:" for level in range(MAX_DEPTH + 5)]
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("\n".join(lines) + " x\n")
    # The first mapping is level 1, so the one that opens on line MAX_DEPTH + 1 is one too many.
    assert caught.value.line == MAX_DEPTH + 1


def test_nesting_up_to_the_cap_still_parses() -> None:
    parsed = parse_yaml("a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1))
    value = parsed.data["a"]
    for _ in range(MAX_DEPTH - 2):
        [value] = value
    assert value == [1]


# --- impossible and far-off dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    "date", ["2000-02-30", "2001-02-29", "2023-04-31", "2001-13-01", "0000-01-01"]
)
def test_impossible_release_date_is_one_located_line(date: str) -> None:
    [problem] = problems_of(with_field(f"release_date: {date}"))
    assert problem.startswith("x.yaml:3: release_date: must be a real date written YYYY-MM-DD")


@pytest.mark.parametrize("date", ["9999-12-31", "2101-01-01", "1869-12-31", "0001-01-01"])
def test_release_date_outside_film_years_is_refused(date: str) -> None:
    [problem] = problems_of(with_field(f"release_date: {date}"))
    assert problem == f"x.yaml:3: release_date: must be a date from 1870 to 2100, not {date}"


def test_release_dates_at_the_edges_of_the_range_load() -> None:
    for date in (dt.date(1870, 1, 1), dt.date(2100, 12, 31), dt.date(2000, 2, 29)):
        doc = parse_film_bytes(with_field(f"release_date: {date}").encode(), "x.yaml").doc
        assert doc.release_date == date


@pytest.mark.parametrize("value", ["!!timestamp 2000-02-30", "!!int " + "9" * 5000, "9" * 5000])
def test_a_value_yaml_cannot_build_is_a_located_yaml_problem(value: str) -> None:
    [problem] = problems_of(with_field(f"director: {value}"))
    assert problem.startswith("x.yaml:3: is not valid YAML: cannot read this")
    assert "sys." not in problem  # no advice meant for programmers


async def test_embargo_days_past_a_far_future_release_is_a_clear_error(app: Epilogue) -> None:
    async with app.sessions() as session, session.begin():
        # Written directly: a database from before the schema capped release dates may hold one.
        await session.execute(update(Film).values(release_date=dt.date(9999, 12, 31)))
    await app.catalog.refresh()
    moderator = Invocation(
        user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"})
    )
    for days in (1, 3650):
        reply = await run_command(
            app,
            command_table()["spoiler-rules embargo"],
            moderator,
            {"film": "La La Land", "days": days},
        )
        assert reply.ephemeral and reply.content and reply.content.startswith("⚠️")
        text = visible_text(reply.content)
        assert "9999-12-31" in text and "until:" in text
        assert len(text.splitlines()) == 1


# --- bars in fields Discord cannot hide -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("aliases: [Fine, 'She ||dies||']", "aliases[1]"),
        ("aliases:\n  - '||twist||'", "aliases[0]"),
    ],
)
def test_spoiler_bars_in_aliases_are_refused(line: str, field: str) -> None:
    [problem] = problems_of(with_field(line))
    assert problem.startswith(f"x.yaml:{3 + line.count(chr(10))}: {field}: must not contain")
    assert "Discord cannot hide" in problem


@pytest.mark.parametrize("title", ["The ||twist|| film", "Ends||", "a || b"])
def test_spoiler_bars_in_a_title_are_refused(title: str) -> None:
    [problem] = problems_of(VALID.replace("Test Film", f"'{title}'"))
    assert problem.startswith("x.yaml:1: title: must not contain spoiler bars (||)")
    assert "autocomplete" in problem and "section" in problem


def test_one_bar_in_a_title_is_still_fine() -> None:
    assert (
        parse_film_bytes(VALID.replace("Test Film", "'A | B'").encode(), "x").doc.title == "A | B"
    )


# --- one bad file never stops a load --------------------------------------------------------------


def hostile_files() -> dict[str, bytes]:
    return {
        "bad-yaml.yaml": b"title: [unclosed\n",
        "impossible-date.yaml": with_field("release_date: 2000-02-30").encode(),
        "far-future.yaml": with_field("release_date: 9999-12-31").encode(),
        "deep.yaml": nested(990).encode(),
        "alias-bomb.yaml": ALIAS_BOMB.encode(),
        "too-large.yaml": VALID.encode() + b"#" * MAX_FILE_BYTES,
        "latin1.yaml": VALID.replace("Someone", "Zoë").encode("latin-1"),
        "binary.yaml": b"\x00\x01\x02",
        "bars.yaml": VALID.replace("Test Film", "'The ||twist||'").encode(),
        "huge-int.yaml": VALID.replace("2001", "9" * 5000).encode(),
    }


def write_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "la-la-land.yaml").write_bytes((FILMS / "la-la-land.yaml").read_bytes())
    for name, data in hostile_files().items():
        (folder / name).write_bytes(data)


async def test_each_bad_file_is_reported_and_skipped_and_start_up_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "films"
    write_folder(folder)
    app = await Epilogue.open(make_config(tmp_path, directories=[folder]))
    try:
        report = await app.load_content([folder])  # the same files again: same problems
        titles = [entry.title for entry in app.catalog.films(None)]
    finally:
        await app.close()
    assert titles == ["La La Land"]
    reported = Counter(Path(problem.file).name for problem in report.problems)
    assert set(reported) == set(hostile_files())
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("content not")]
    for name in hostile_files():
        assert any(name in line for line in logged), name
    assert not [r for r in caplog.records if r.exc_info]  # known classes: no traceback


async def test_a_file_that_trips_an_unforeseen_error_is_skipped_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "films"
    write_folder(folder)
    real_parse, real_read = film_file_module.parse_yaml, loader_module.read_film_file_off_loop

    def parse(text: str) -> Any:
        if "Someone" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real_parse(text)

    async def read(path: Path, **kwargs: Any) -> Any:
        if path.name == "bars.yaml":
            raise KeyError("a bug")
        return await real_read(path, **kwargs)

    monkeypatch.setattr(film_file_module, "parse_yaml", parse)
    monkeypatch.setattr(loader_module, "read_film_file_off_loop", read)
    app = await Epilogue.open(make_config(tmp_path, directories=[folder]))
    try:
        report = await app.load_content([folder])
        assert [entry.title for entry in app.catalog.films(None)] == ["La La Land"]
    finally:
        await app.close()
    by_file = {Path(problem.file).name: str(problem) for problem in report.problems}
    assert "could not be read (RecursionError)" in by_file["impossible-date.yaml"]
    assert "could not be read (KeyError)" in by_file["bars.yaml"]


# --- parsing off the event loop, under a deadline -------------------------------------------------


async def test_content_files_are_parsed_in_a_worker_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    real = film_file_module.parse_film_bytes

    def recording(data: bytes, name: str) -> Any:
        threads.append(threading.get_ident())
        return real(data, name)

    monkeypatch.setattr(film_file_module, "parse_film_bytes", recording)
    path = tmp_path / "film.yaml"
    path.write_text(VALID)
    film = await read_film_file_off_loop(path)
    assert film.doc.title == "Test Film"
    assert threads and threading.get_ident() not in threads


async def test_a_parse_past_its_budget_is_given_up_with_a_clear_error() -> None:
    release = threading.Event()
    loop_ran = asyncio.Event()

    def stuck(_data: bytes) -> None:
        release.wait()

    async def other_server() -> None:
        loop_ran.set()

    try:
        task = asyncio.create_task(other_server())
        with pytest.raises(ContentError) as caught:
            await off_loop(stuck, b"", name="slow.yaml", budget=0.05)
        await task
    finally:
        release.set()
    assert loop_ran.is_set()  # the loop kept serving while the parse was stuck
    [problem] = caught.value.problems
    assert str(problem) == (
        "slow.yaml: took longer than 0.05 s to read, so it was skipped: make it smaller or simpler"
    )


async def test_an_upload_that_stalls_its_parse_gets_an_error_reply(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def stuck(*_given: object) -> None:
        release.wait()

    monkeypatch.setattr(content_admin, "read_upload", stuck)
    monkeypatch.setattr(film_file_module, "PARSE_BUDGET_SECONDS", 0.05)
    admin = Invocation(
        user_id=1001, guild_id=1, channel_id=10, permissions=frozenset({"manage_guild"})
    )
    try:
        reply = await run_command(
            app,
            command_table()["film-admin import"],
            admin,
            {"file": Attachment("bomb.yaml", ALIAS_BOMB.encode())},
        )
    finally:
        release.set()
    assert reply.ephemeral and reply.content and reply.content.startswith("⚠️")
    assert "bomb.yaml: took longer than 0.05 s to read" in visible_text(reply.content)


async def test_an_uploaded_alias_bomb_is_refused_with_its_line(app: Epilogue) -> None:
    admin = Invocation(
        user_id=1001, guild_id=1, channel_id=10, permissions=frozenset({"manage_guild"})
    )
    reply = await run_command(
        app,
        command_table()["film-admin import"],
        admin,
        {"file": Attachment("bomb.yaml", ALIAS_BOMB.encode())},
    )
    assert reply.ephemeral and reply.content and reply.content.startswith("⚠️")
    assert "bomb.yaml:1: is not valid YAML: defines an anchor (&)" in visible_text(reply.content)


# --- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(hostile_files()))
@pytest.mark.parametrize("command", ["check", "import"])
def test_cli_gives_one_line_and_a_failing_exit_code(
    name: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    path.write_bytes(hostile_files()[name])
    monkeypatch.chdir(tmp_path)  # no config.yaml here: defaults, a database in this folder
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    code = cli.main([command, str(path)])
    err = capsys.readouterr().err
    assert code != 0
    problem_lines = [line for line in err.splitlines() if line.startswith(str(path))]
    assert len(problem_lines) == 1, err
    assert "Traceback" not in err


# --- rendering work grows linearly ----------------------------------------------------------------


def count_calls(work: Callable[[], object]) -> int:
    """Function calls (Python and C) made by ``work``: a deterministic measure of its work."""
    calls = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


GROWING_TEXTS: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "a" + " " * n + "b",
    "newlines": lambda n: "a" + "\n" * n + "b",
    "bars": lambda n: "|" * n,
    "stars": lambda n: "*" * n,
    "spans in one word": lambda n: "x||y||" * (n // 6),
    "spans and spaces": lambda n: "a ||b|| " * (n // 8),
    "combining marks": lambda n: "e" + "\u0301" * n,
    "joiners": lambda n: "\u200d" * n,
    "mixed markdown": lambda n: (
        "**x** ||y|| `c` _u_ ~~s~~ > q\n# h [l](https://e.com/a) @here 1. x\n\n" * (n // 60)
    ),
}


@pytest.mark.parametrize("kind", sorted(GROWING_TEXTS))
@pytest.mark.parametrize("treatment", [Treatment.SHOW, Treatment.WRAP])
@pytest.mark.parametrize("inline", [Treatment.WRAP, Treatment.WITHHOLD])
def test_rendering_work_grows_linearly(kind: str, treatment: Treatment, inline: Treatment) -> None:
    def work(n: int) -> int:
        text = GROWING_TEXTS[kind](n)

        def render() -> None:
            shown = render_text(text, treatment, inline_treatment=inline, pointer="(spoiler)")
            split_message(shown, 3900)

        return count_calls(render)

    # 10,000 characters under either profile: rendered, every kind stays past a message's 3,900
    # characters (runs of bars render to under half their length), so both sizes are split and
    # the comparison is not between a text that fits and one that is cut.
    size = max(10_000, scaled(10_000))
    small, large = work(size), work(4 * size)
    # Four times the text: four times the work, plus a margin for fixed costs; quadratic work
    # (sixteen times) fails this by far.
    assert large <= 5 * small + 1_000, (small, large)


async def test_bars_left_unclosed_in_stored_text_never_show_what_follows(app: Epilogue) -> None:
    """Content files refuse unclosed bars, but text stored before that rule (or an upload from
    then) keeps them: what the author meant to hide stays hidden wherever it is shown."""
    async with app.sessions() as session, session.begin():
        # Written directly: a database from before the schema refused unclosed bars.
        await session.execute(
            update(Film).values(
                synopsis="Two dreamers meet. ||Mia marries Greg.",
                director="Damien ||Twistdirector",
                cast=["Ryan Gosling", "Emma ||Stonekiller"],
            )
        )
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    card = await run_command(app, command_table()["film info"], member, {"film": "La La Land"})
    search = await run_command(app, command_table()["film search"], member, {"query": "marries"})
    for reply in (card, search):
        payload = reply.payload()
        texts = [payload.get("content") or ""]
        for embed in payload.get("embeds", []):
            texts += [embed.get("description", ""), *(f["value"] for f in embed.get("fields", []))]
        shown = " ".join(visible_text(text) for text in texts)
        for secret in ("marries", "Twistdirector", "Stonekiller"):
            assert secret not in shown, (secret, shown)
    # Hidden, not lost: the whole text is behind bars (and Reveal or an opt-in shows it).
    assert "Mia marries Greg" in card.payload()["embeds"][0]["description"]


async def test_spoilers_nested_in_stored_text_never_show_the_inner_one(app: Epilogue) -> None:
    """Content files refuse one span typed inside another, but text stored before that rule
    keeps it. Paired as Discord pairs bars, "||dies||" inside "||leaves … at last||" is
    the one part shown: the whole text is a spoiler instead, as with unclosed bars."""
    async with app.sessions() as session, session.begin():
        await session.execute(
            update(Film).values(synopsis="Two dreamers meet. Mia ||leaves ||marries|| at last||.")
        )
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    card = await run_command(app, command_table()["film info"], member, {"film": "La La Land"})
    search = await run_command(app, command_table()["film search"], member, {"query": "dreamers"})
    for reply in (card, search):
        payload = reply.payload()
        texts = [payload.get("content") or ""]
        texts += [embed.get("description", "") for embed in payload.get("embeds", [])]
        shown = " ".join(visible_text(text) for text in texts)
        assert "marries" not in shown, shown
    assert "marries" in card.payload()["embeds"][0]["description"]  # hidden, not lost


@pytest.mark.parametrize(("opening", "closing"), [("｜｜", "｜｜"), ("|｜", "｜|")])
async def test_full_width_bars_in_stored_text_hide_what_they_enclose(
    app: Epilogue, opening: str, closing: str
) -> None:
    """Content files read full-width bars as ``||``, but text stored before that rule (a
    database loaded from an unchanged file is not loaded again) keeps them: Discord shows them
    as text, so the twist behind them must be hidden when shown, as ASCII bars hide it."""
    async with app.sessions() as session, session.begin():
        # Written directly: a database from before content files read full-width bars.
        await session.execute(
            update(Film).values(
                synopsis=f"Two dreamers meet. {opening}Mia marries Greg.{closing}",
                director=f"Damien {opening}Twistdirector{closing}",
                cast=["Ryan Gosling", f"Emma {opening}Stonekiller{closing}"],
            )
        )
        # An FAQ question marked safe, its twist behind such bars: offered by its number.
        await session.execute(
            update(Item)
            .where(Item.heading == "What is La La Land about?")
            .values(heading=f"What is La La Land about? {opening}Twistquestion{closing}")
        )
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    choices = await question_choices(app, member, "La La Land", "")
    assert choices and not any("Twistquestion" in choice.name for choice in choices), choices
    card = await run_command(app, command_table()["film info"], member, {"film": "La La Land"})
    payload = card.payload()
    texts = [payload.get("content") or ""]
    for embed in payload.get("embeds", []):
        texts += [embed.get("description", ""), *(f["value"] for f in embed.get("fields", []))]
    shown = " ".join(visible_text(text) for text in texts)
    for secret in ("marries", "Twistdirector", "Stonekiller"):
        assert secret not in shown, (secret, shown)
    # Hidden behind Discord's own bars, not lost.
    assert "||Mia marries Greg.||" in card.payload()["embeds"][0]["description"]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("~!", "!~"),
        ("<details><summary>Ending</summary>", "</details>"),
        ("<tg-spoiler>", "</tg-spoiler>"),
        ('<span data-mx-spoiler="end">', "</span>"),
        # escaped as copied text carries it, and markup that hides until clicked (red55)
        ("&lt;spoiler&gt;", "&lt;/spoiler&gt;"),
        ("&amp;lt;tg-spoiler&amp;gt;", "&amp;lt;/tg-spoiler&amp;gt;"),
        ("%5Bspoiler%5D", "%5B%2Fspoiler%5D"),
        ("&#124;&#124;", "&#124;&#124;"),
        ("[hide]", "[/hide]"),
        ("[collapse=Ending]", "[/collapse]"),
        ("$[blur ", "]"),
        ("{{hidden|Ending|", "}}"),
    ],
)
async def test_other_sites_spoiler_markup_in_stored_text_hides_what_it_encloses(
    app: Epilogue, opening: str, closing: str
) -> None:
    """Text stored before content files read another site's spoiler markup as ``||`` (AniList,
    HTML, Telegram, Matrix) keeps it, and Discord shows it as typed: the twist behind it is
    hidden when shown, in the card, its search passage and the FAQ choices alike."""
    async with app.sessions() as session, session.begin():
        await session.execute(
            update(Film).values(
                synopsis=f"Two dreamers meet. {opening}Mia marries Greg.{closing}",
                director=f"Damien {opening}Twistdirector{closing}",
            )
        )
        await session.execute(
            update(Item)
            .where(Item.heading == "What is La La Land about?")
            .values(heading=f"What is La La Land about? {opening}Twistquestion{closing}")
        )
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    choices = await question_choices(app, member, "La La Land", "")
    assert choices and not any("Twistquestion" in choice.name for choice in choices), choices
    card = await run_command(app, command_table()["film info"], member, {"film": "La La Land"})
    search = await run_command(app, command_table()["film search"], member, {"query": "dreamers"})
    for reply in (card, search):
        payload = reply.payload()
        texts = [payload.get("content") or ""]
        for embed in payload.get("embeds", []):
            texts += [embed.get("description", ""), *(f["value"] for f in embed.get("fields", []))]
        shown = " ".join(visible_text(text) for text in texts)
        for secret in ("marries", "Twistdirector"):
            assert secret not in shown, (secret, shown)
    # Nor is the film found by the words the markup hides (an oracle for its twist).
    found = await run_command(app, command_table()["film search"], member, {"query": "Greg"})
    assert "La La Land" not in json.dumps(found.payload()), found.payload()
    # Hidden, not lost (with a caption, the caption too: it heads the twist).
    assert "Mia marries Greg." in hidden_text(card.payload()["embeds"][0]["description"])


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ('[details="Why Mia weds Twistcaption"]', "[/details]"),
        ("<details><summary>Why Mia weds Twistcaption</summary>", "</details>"),
        ("[spoiler=Why Mia weds Twistcaption]", "[/spoiler]"),
        ("\n::: spoiler Why Mia weds Twistcaption\n", "\n:::\n"),
    ],
)
async def test_a_spoiler_caption_in_stored_text_is_neither_shown_nor_searched(
    app: Epilogue, opening: str, closing: str
) -> None:
    """A spoiler's caption, shown in the open on the site it was pasted from, heads what it
    hides and often is the twist ("Why Mia marries Greg"): on the card it is behind the bars
    with it, and a search by its words finds nothing for a member who could not read it."""
    async with app.sessions() as session, session.begin():
        await session.execute(
            update(Film).values(synopsis=f"Two dreamers meet. {opening}She does.{closing}")
        )
    member = Invocation(user_id=7, guild_id=1, channel_id=10)
    card = await run_command(app, command_table()["film info"], member, {"film": "La La Land"})
    description = card.payload()["embeds"][0]["description"]
    for lazy in (False, True):
        assert "Twistcaption" not in visible_text(description, lazy_bars=lazy), description
    assert "Twistcaption" in hidden_text(description)
    found = await run_command(
        app, command_table()["film search"], member, {"query": "Twistcaption"}
    )
    assert "La La Land" not in json.dumps(found.payload()), found.payload()


def test_unclosed_bars_make_a_public_text_a_spoiler_as_a_whole() -> None:
    shown = render_text(
        "Someone ||dies.", Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer=""
    )
    assert "dies" not in visible_text(shown)
    withheld = render_text(
        "Someone ||dies.", Treatment.SHOW, inline_treatment=Treatment.WITHHOLD, pointer="Hidden."
    )
    assert "dies" not in withheld and "Hidden" in withheld
    # Closed spans keep hiding only themselves.
    assert "Someone" in visible_text(
        render_text(
            "Someone ||dies||.", Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer=""
        )
    )
