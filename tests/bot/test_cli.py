"""The ``epilogue`` verbs' own arguments: a bad one is one line naming it, never a traceback."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from bot.cli import build_parser, main

ARTICLE = "Some Film (2001) ending explained\n\nThe ending\nThe hero dies at the end.\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./config.yaml from the checkout
    monkeypatch.delenv("EPILOGUE_CONFIG", raising=False)
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'e.db'}")


def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    return path


@pytest.mark.parametrize("where", ["folder", "a-file/a.yaml"])
def test_a_draft_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / where

    code = main(["import-article", str(article(tmp_path)), "--out", str(out)])

    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"epilogue: {out}: cannot be written"), err


def test_a_draft_goes_into_a_folder_not_made_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As `db backup` does, and as the bot makes var/: a named folder is made, not an error.
    out = tmp_path / "drafts" / "new" / "a.yaml"

    assert main(["import-article", str(article(tmp_path)), "--out", str(out)]) == 0

    assert out.read_text(encoding="utf-8").count("title: Some Film") == 1


def test_a_draft_never_replaces_an_existing_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: running the command again silently wiped the draft a person had been editing (or a
    content file --out happened to name)."""
    out = tmp_path / "draft.yaml"
    assert main(["import-article", str(article(tmp_path)), "--out", str(out)]) == 0
    out.write_text("title: Some Film\n# my reviewed edits\n", encoding="utf-8")
    capsys.readouterr()

    assert main(["import-article", str(article(tmp_path)), "--out", str(out)]) == 2

    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"epilogue: {out}: already exists"), err
    assert "--force" in err[0]
    assert "# my reviewed edits" in out.read_text(encoding="utf-8")
    assert main(["import-article", str(article(tmp_path)), "--out", str(out), "--force"]) == 0
    assert "# my reviewed edits" not in out.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8").count("title: Some Film") == 1


def test_a_content_file_given_to_import_article_points_to_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was "no film title found: begin the article with the film's title as its headline" for
    a content file, which has a title: the reader looked for a mistake in a file that had none."""
    content = tmp_path / "salt-road.YAML"
    content.write_text(FILM.format(title="Salt Road", extra="", body="One."))

    assert main(["import-article", str(content)]) == 2

    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "is a content file, not an article" in err[0]
    assert f"epilogue import {content}" in err[0] and f"epilogue check {content}" in err[0]


def test_an_existing_draft_is_refused_before_the_article_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The importer's warnings came first, then "already exists": the reader took the warnings
    for the draft's and looked for a draft that was never written."""
    source = tmp_path / "chrome.txt"
    source.write_text(ARTICLE + "\nSpoiler Warning\n\nContinue reading\n")
    out = tmp_path / "draft.yaml"
    out.write_text("title: Some Film\n# my reviewed edits\n", encoding="utf-8")

    assert main(["import-article", str(source), "--out", str(out)]) == 2

    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"epilogue: {out}: already exists"), err
    assert main(["import-article", str(source), "--out", str(out), "--force"]) == 0
    assert "warning: dropped" in capsys.readouterr().err


@pytest.mark.parametrize("spelling", ["same", "dotted", "linked"])
def test_a_draft_never_replaces_the_article_it_is_made_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    """Was: --out naming the article itself, with --force, replaced the article with its draft:
    the article was lost, and the next run drafted the draft."""
    source = article(tmp_path)
    out = {
        "same": source,
        "dotted": tmp_path / "." / source.name,
        "linked": tmp_path / "link.txt",
    }[spelling]
    if spelling == "linked":
        out.symlink_to(source)

    code = main(["import-article", str(source), "--out", str(out), "--force"])

    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"epilogue: {out}: is the article"), err
    assert source.read_text() == ARTICLE


@pytest.mark.parametrize("year", ["99999", "1200", "²⁰¹⁶"])
def test_a_year_out_of_range_names_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["import-article", str(article(tmp_path)), "--year", year])

    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--year" in err and "1870" in err and "2100" in err, err


@pytest.mark.parametrize("guild", ["-5", "99999999999999999999999", "⓵"])
def test_import_for_a_server_that_cannot_exist_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], guild: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["import", "--guild", guild, str(tmp_path)])

    assert exited.value.code == 2
    assert "--guild" in capsys.readouterr().err


def test_an_article_naming_no_film_points_to_the_title_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Some thoughts about a film.\n\nIt was long, and then it ended.\n")

    assert main(["import-article", str(path)]) == 1

    err = capsys.readouterr().err
    assert "no film title found" in err and "--title" in err, err


FILM = "title: {title}\nyear: 2019\n{extra}sections:\n  - kind: quick_answer\n    body: {body}\n"


def test_check_finds_two_files_for_one_film_as_import_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "a.yaml").write_text(FILM.format(title="Salt Road", extra="", body="One."))
    (folder / "b.yaml").write_text(FILM.format(title="Salt Road", extra="", body="Two."))
    (folder / "copy.yaml").write_text(FILM.format(title="Salt Road", extra="", body="One."))

    assert main(["check", str(folder)]) == 1

    err = capsys.readouterr().err
    assert "b.yaml: is another file for Salt Road (2019)" in err, err
    assert "copy.yaml" not in err  # an identical copy loads as unchanged: nothing to fix


def test_import_names_a_film_it_replaces_from_another_file_and_what_puts_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was "1 loaded": the film the content folder gave was replaced without a word, and the
    bot's next start loaded the folder's file over it again."""
    shipped = tmp_path / "films"
    shipped.mkdir()
    (shipped / "salt-road.yaml").write_text(FILM.format(title="Salt Road", extra="", body="One."))
    config = tmp_path / "config.yaml"
    config.write_text(f"content:\n  directories: [{shipped}]\n")
    assert main(["--config", str(config), "import", str(shipped)]) == 0
    other = tmp_path / "mine.yaml"
    other.write_text(FILM.format(title="Salt Road", extra="", body="Two."))
    capsys.readouterr()

    assert main(["--config", str(config), "import", str(other)]) == 0

    err = capsys.readouterr().err
    assert f"Salt Road (2019) was loaded from {shipped / 'salt-road.yaml'}" in err, err
    assert "content.directories" in err and "at every start" in err, err


def test_import_names_a_film_its_file_now_gives_under_a_corrected_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was "1 loaded" and both years listed: the file's year fixed kept the old version, and
    the servers' rules stayed on it (``bot.content.renames``)."""
    film = tmp_path / "salt-road.yaml"
    film.write_text(FILM.format(title="Salt Road", extra="", body="One."))
    assert main(["import", str(film)]) == 0
    film.write_text(FILM.format(title="Salt Road", extra="", body="One.").replace("2019", "2020"))
    capsys.readouterr()

    assert main(["import", str(film)]) == 0

    err = capsys.readouterr().err
    assert f"{film} now gives Salt Road (2020), not Salt Road (2019)" in err, err
    assert "the old version was removed" in err and "seen marks followed" in err, err


@pytest.mark.parametrize(
    "argv",
    [
        ["--config", "{cfg}", "db", "current"],
        ["db", "current", "--config", "{cfg}"],
        ["db", "--config", "{cfg}", "current"],
        ["check-db", "--config", "{cfg}"],
    ],
)
def test_config_is_taken_before_or_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch, argv: list[str]
) -> None:
    monkeypatch.delenv("EPILOGUE_DATABASE_URL")
    cfg = tmp_path / "prod.yaml"
    cfg.write_text(f"database:\n  url: sqlite+aiosqlite:///{tmp_path / 'prod.db'}\n")
    main(["--config", str(cfg), "db", "upgrade"])
    capsys.readouterr()

    assert main([part.format(cfg=cfg) for part in argv]) == 0

    assert "prod.db" in capsys.readouterr().out or (tmp_path / "prod.db").exists()
    assert not (tmp_path / "var").exists()  # the default database was not used


@pytest.mark.parametrize(
    "argv",
    [
        ["check-db"],
        ["db", "current"],
        ["db", "downgrade", "base"],
        ["db", "backup", "b.db"],
        ["merged-copies", "kept"],
    ],
)
def test_reading_verbs_on_a_database_that_is_not_there_say_so_and_create_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch, argv: list[str]
) -> None:
    """A mistyped path must not read as a sound, empty database (check-db said "ok")."""
    missing = tmp_path / "typo" / "epilogue.db"
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{missing}")

    code = main(argv)

    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and str(missing) in err[0] and "no database" in err[0], err
    assert not missing.parent.exists()


def test_config_help_names_every_place_the_file_is_found() -> None:
    # README: --config PATH, else $EPILOGUE_CONFIG, else ./config.yaml, else built-in defaults.
    from bot.cli import build_parser

    parser = build_parser()
    console = parser._subparsers._group_actions[0].choices["console"]  # type: ignore[union-attr]
    for helped in (parser, console):
        text = " ".join(helped.format_help().split())
        assert "$EPILOGUE_CONFIG, else ./config.yaml, else built-in defaults" in text


def test_console_with_an_empty_command_runs_it_not_a_session(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`epilogue console -c ""` opened an interactive session (waiting on stdin)."""
    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("a session was opened"))

    code = main(["console", "-c", ""])

    assert code == 1
    assert "Commands start with '/'" in capsys.readouterr().out


def test_a_reader_that_leaves_early_is_no_traceback(tmp_path: Path) -> None:
    """Was: `epilogue console -c … --json | head` ended in a BrokenPipeError traceback."""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before a byte is written, as after `head` quits
    try:
        run = subprocess.run(
            [sys.executable, "-m", "bot", "console", "-c", "/film list", "--json"],
            cwd=tmp_path,
            env={
                "EPILOGUE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'e.db'}",
                "PATH": "/usr/bin:/bin",
            },
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in run.stderr, run.stderr
    assert "BrokenPipeError" not in run.stderr, run.stderr
    assert run.returncode == 1


@pytest.mark.parametrize("given_by", ["file", "variable"])
def test_a_content_folder_that_is_not_there_names_the_setting_to_fix(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    given_by: str,
) -> None:
    """Was: "content not loaded: films: no such file or folder", naming neither the key nor
    where it was set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EPILOGUE_CONFIG", raising=False)
    config = tmp_path / "prod.yaml"
    text = f"database:\n  url: sqlite+aiosqlite:///{tmp_path / 'e.db'}\n"
    if given_by == "file":
        text += "content:\n  directories: [films, elsewhere]\n"
        where = f"{config}:4"
    else:
        monkeypatch.setenv("EPILOGUE_CONTENT_DIRECTORIES", "films")
        where = "EPILOGUE_CONTENT_DIRECTORIES"
    config.write_text(text)
    (tmp_path / "elsewhere").mkdir()
    shipped = Path(__file__).resolve().parents[2] / "data" / "films" / "la-la-land.yaml"
    (tmp_path / "elsewhere" / "film.yaml").write_bytes(shipped.read_bytes())

    assert main(["--config", str(config), "console", "-c", "/film list"]) == 0

    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1, errors
    assert errors[0].startswith("content not loaded: films: no such file or folder"), errors
    assert errors[0].endswith(f": fix content.directories ({where})"), errors


def test_an_article_over_the_size_limit_is_refused_naming_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE + "The hero dies at the end. " * 50_000)  # 1.3 MB
    out = tmp_path / "draft.yaml"

    code = main(["import-article", str(big), "--out", str(out)])

    err = capsys.readouterr().err
    assert code == 1
    assert "big.txt" in err and "larger than 1 MiB" in err and "save only the article" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["import-article", "https://example.com/la-la-land-ending-explained"],
        ["import-article", "article.md", "--out", "http://example.com/draft.yaml"],
        ["import", "https://example.com/films/la-la-land.yaml"],
        ["check", "HTTPS://example.com/a.yaml"],
        ["db", "backup", "ftp://example.com/e.db"],
    ],
)
def test_a_web_address_given_for_a_file_says_epilogue_fetches_nothing(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Was "https:/example.com/…: cannot be read: No such file or directory": the address
    mangled into a path, and nothing said of saving the page."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    address = next(part for part in argv if "://" in part)
    assert f"'{address}' is a web address" in error
    assert "fetches nothing" in error and "save" in error


CONTENT = "title: Heron Lake\nyear: 2019\nsections:\n  - kind: quick_answer\n    body: It ends.\n"


JSON_CONTENT = (
    '{"title": "Heron Lake", "year": 2019,\n'
    ' "sections": [{"kind": "quick_answer", "body": "It ends."}]}\n'
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("heron-lake.txt", CONTENT),
        ("heron-lake.yaml.txt", CONTENT),
        # JSON is YAML: import reads it, import-article said "no film title found".
        ("heron-lake.json", JSON_CONTENT),
    ],
)
def test_a_content_file_saved_as_text_is_loaded_and_not_drafted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    """Was "is an article, not a content file: draft one with epilogue import-article" (and
    import-article's "no film title found"): Notepad saves a content file as .txt."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert main(["import", str(path)]) == 0
    assert "1 loaded" in capsys.readouterr().out
    assert main(["import-article", str(path)]) == 2
    error = capsys.readouterr().err
    assert "is a content file, not an article" in error and f"epilogue import {path}" in error


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("title: Amélie\n".encode("utf-16"), ": is UTF-16 text: save it as UTF-8"),
        (
            "title: X\nyear: 2001\ndirector: Jean-Pierre Jeunet\ncast: [Amélie]\n".encode("cp1252"),
            ":4: is not UTF-8 text: a character on this line is saved in another encoding",
        ),
    ],
)
def test_a_content_file_in_another_encoding_says_where_and_how_to_save_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, said: str
) -> None:
    """Was "is binary, not a YAML text file" for UTF-16 and "bad byte at offset 13"."""
    path = tmp_path / "film.yaml"
    path.write_bytes(data)
    assert main(["check", str(path)]) == 1
    assert f"{path}{said}" in capsys.readouterr().err


def test_a_folder_of_content_files_saved_as_text_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was "has no content files (.yaml or .yml) in it" alone, for a folder of content files
    Notepad saved as .txt: a folder is loaded by its .yaml files, so the fix is to rename."""
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "heron-lake.txt").write_text(CONTENT, encoding="utf-8")
    (folder / "notes.txt").write_text("Some notes about the films.\n", encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    error = capsys.readouterr().err
    assert "has no content files (.yaml or .yml) in it" in error
    assert "heron-lake.txt: is a content file saved as .txt" in error
    assert "rename it to .yaml" in error
    assert "notes.txt" not in error


def _every_command_parser() -> list[Any]:
    from bot.cli import build_parser

    found: list[tuple[str, argparse.ArgumentParser]] = []
    pending = [("epilogue", build_parser())]
    while pending:
        name, parser = pending.pop()
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending += [(f"{name} {verb}", sub) for verb, sub in action.choices.items()]
    return [pytest.param(name, parser, id=name) for name, parser in found]


@pytest.mark.parametrize(("name", "parser"), _every_command_parser())
def test_every_commands_help_says_what_it_does_what_each_argument_is_and_its_exit_codes(
    name: str, parser: argparse.ArgumentParser
) -> None:
    """Was: `epilogue check --help` printed `positional arguments: paths` and nothing about
    what the command does or what its exit code means (1 for a file with a problem)."""
    text = " ".join(parser.format_help().split())
    assert parser.description, name
    for action in parser._actions:
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction):
            assert action.help, f"{name}: {action.dest} is not explained"
    assert "Exit codes: 0 " in text, text


@pytest.mark.parametrize("verb", ["check", "import"])
def test_a_content_file_saved_as_text_beside_yaml_files_is_named_not_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, verb: str
) -> None:
    """Was: a folder with .yaml files skipped, without a word, a content file saved as .txt
    (or .json) beside them: `check` said "0 problem(s)" and `import` left the film out. Only a
    folder with no .yaml file at all named it."""
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'e.db'}")
    monkeypatch.setenv("EPILOGUE_CONTENT_LOAD_ON_START", "false")
    folder = tmp_path / "films"
    (folder / "more").mkdir(parents=True)
    (folder / "good.yaml").write_text(CONTENT, encoding="utf-8")
    (folder / "more" / "heron-lake.txt").write_text(CONTENT.replace("2019", "2018"), "utf-8")
    (folder / "other.json").write_text(JSON_CONTENT.replace("2019", "2017"), encoding="utf-8")
    (folder / "notes.txt").write_text("Some notes about the films.\n", encoding="utf-8")

    assert main([verb, str(folder)]) == 1
    captured = capsys.readouterr()
    for name, suffix in (
        (folder / "more" / "heron-lake.txt", ".txt"),
        (folder / "other.json", ".json"),
    ):
        assert f"{name}: is a content file saved as {suffix}" in captured.err, captured.err
    assert "rename it to .yaml" in captured.err
    assert "notes.txt" not in captured.err
    if verb == "import":
        assert "1 loaded" in captured.out  # the .yaml file is loaded all the same


def test_console_dash_c_help_on_one_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`epilogue console -c "help /spoiler-rules embargo"` explains that command (exit 0); a
    command that is not one is said with the one meant (exit 1)."""
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'e.db'}")
    monkeypatch.setenv("EPILOGUE_CONTENT_LOAD_ON_START", "false")

    assert main(["console", "-c", "help /spoiler-rules embargo"]) == 0
    assert "Give exactly one of days: or until:" in capsys.readouterr().out
    assert main(["console", "-c", "help /spoiler-rules embrgo"]) == 1
    assert "Did you mean /spoiler-rules embargo?" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "meant"),
    [(["chek", "x.yaml"], "did you mean check?"), (["db", "upgrde"], "did you mean upgrade?")],
)
def test_a_mistyped_command_is_asked_about_the_one_meant(
    capsys: pytest.CaptureFixture[str], argv: list[str], meant: str
) -> None:
    """Was argparse's "invalid choice: 'chek' (choose from 'run', 'sync', …)" alone, where the
    console asks "/film quik" about /film quick."""
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    assert stopped.value.code == 2
    assert meant in capsys.readouterr().err


@pytest.mark.parametrize("verb", ["check", "import"])
def test_a_content_file_not_there_is_a_problem_and_the_help_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: str
) -> None:
    """`epilogue check` and `import` report a content file they cannot read among the files'
    problems (exit 1: the others are checked or loaded); the help's exit codes said every file
    that cannot be read ended the command with 2."""
    config = tmp_path / "c.yaml"
    db = tmp_path / "e.db"
    config.write_text(f"database:\n  url: sqlite+aiosqlite:///{db}\ncontent:\n  directories: []\n")
    missing = tmp_path / "gone.yaml"
    code = main(["--config", str(config), verb, str(missing)])
    assert code == 1 and str(missing) in capsys.readouterr().err
    main_help = build_parser().format_help()
    sub_help = build_parser()._subparsers._group_actions[0].choices[verb].format_help()  # type: ignore[union-attr]
    for text in (" ".join(main_help.split()), " ".join(sub_help.split())):
        assert "a file that cannot be read, a wrong" not in text, text
        assert "cannot be read" in text or "can't be read" in text, text


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        # An option the command does not take: its own usage, and the one meant when close.
        (["check", "--json", "x.yaml"], ["usage: epilogue check", "--json"]),
        (["import", "--gild", "5", "x.yaml"], ["usage: epilogue import", "did you mean --guild?"]),
        (
            ["db", "backup", "b.db", "--forse"],
            ["usage: epilogue db backup", "did you mean --force?"],
        ),
        # A word past the command's arguments: named with the command that refused it.
        (["check-db", "extra"], ["usage: epilogue check-db", "extra"]),
        (["db", "upgrade", "0014", "extra"], ["usage: epilogue db upgrade", "extra"]),
    ],
)
def test_an_argument_a_command_does_not_take_is_refused_by_that_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: list[str]
) -> None:
    """Was "usage: epilogue [-h] [--config PATH] COMMAND ..." and "unrecognized arguments:
    --json": the top level's usage, which names none of the command's options."""
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize(
    ("argv", "quoted"),
    [
        (
            ["console", "-c", "/film", "quick", "film:la", "la", "land"],
            "/film quick film:la la land",
        ),
        (["console", "-c", "/film", "list", "--json"], '"/film list"'),
    ],
)
def test_a_console_command_typed_without_quotes_is_told_to_quote_it(
    capsys: pytest.CaptureFixture[str], argv: list[str], quoted: str
) -> None:
    """`epilogue console -c /film quick film:la la land`, the README's line without its quotes:
    was "unrecognized arguments: quick film:la la land" under the top level's usage."""
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "quotes" in err and f'-c "{quoted.strip(chr(34))}"' in err, err


HERON_LAKE = """title: Heron Lake
year: 2021
sections:
  - kind: quick_answer
    body: She was the heron all along.
  - kind: themes
    body: Grief.
"""


@pytest.mark.parametrize("another_file", [False, True])
def test_an_import_that_drops_sections_of_a_stored_film_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], another_file: bool
) -> None:
    """A partial update, a file holding only the section changed, replaced the whole film and
    said "1 loaded": the quick answer members read was gone, and nothing said so, where
    /film-admin import's preview names the sections a file leaves out."""
    config = tmp_path / "c.yaml"
    config.write_text(f"database:\n  url: sqlite+aiosqlite:///{tmp_path / 'e.db'}\n")
    first = tmp_path / "heron.yaml"
    first.write_text(HERON_LAKE)
    assert main(["--config", str(config), "import", str(first)]) == 0
    capsys.readouterr()
    update = tmp_path / "heron-themes.yaml" if another_file else first
    update.write_text(HERON_LAKE.split("  - kind: themes")[0].replace("quick_answer", "recap"))
    assert main(["--config", str(config), "import", str(update)]) == 0
    captured = capsys.readouterr()
    assert "1 loaded" in captured.out
    notes = [line for line in captured.err.splitlines() if "Quick answer" in line]
    assert len(notes) == 1, captured.err
    assert "Heron Lake (2021)" in notes[0] and str(update) in notes[0] and "Themes" in notes[0]
    assert "She was" not in captured.err  # labels only: the file's text may be a spoiler


def test_merged_copies_asks_for_the_upgrade_that_keeps_them_and_says_when_there_are_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """Copies are merged away (and kept) by migration 0027: before it, there is nothing to
    read; after it, a database with none says so and writes nothing."""
    monkeypatch.setenv("EPILOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'e.db'}")
    assert main(["db", "upgrade", "0026"]) == 0
    capsys.readouterr()
    assert main(["merged-copies", str(tmp_path / "kept")]) == 2
    refused = capsys.readouterr().err
    assert "at 0026" in refused and "run epilogue db upgrade first" in refused, refused
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["merged-copies", str(tmp_path / "kept")]) == 0
    assert "nothing to write" in capsys.readouterr().out
    assert not (tmp_path / "kept").exists()
