from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, unknown_environment

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return str(path)


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(None, {})
    assert config.database.url == "sqlite+aiosqlite:///var/epilogue.db"
    assert config.content.directories == [ROOT / "data" / "films"]
    assert config.discord.token is None


def test_example_file_is_valid_and_documents_every_key() -> None:
    example = ROOT / "config.example.yaml"
    config = load_config(str(example), {})
    text = example.read_text()
    for section, model in config:
        assert f"{section}:" in text
        for key in type(model).model_fields:
            if key != "token":
                assert f"  {key}:" in text, f"{section}.{key} is not documented"


def test_file_chosen_by_flag_then_env_then_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("logging:\n  level: ERROR\n")
    other = tmp_path / "other.yaml"
    other.write_text("logging:\n  level: DEBUG\n")
    assert load_config(None, {}).logging.level == "ERROR"
    assert load_config(None, {"EPILOGUE_CONFIG": str(other)}).logging.level == "DEBUG"
    flag = tmp_path / "flag.yaml"
    flag.write_text("logging:\n  level: WARNING\n")
    assert load_config(str(flag), {"EPILOGUE_CONFIG": str(other)}).logging.level == "WARNING"


def test_environment_overrides_every_kind_of_key(tmp_path: Path) -> None:
    env = {
        "EPILOGUE_DATABASE_URL": "sqlite+aiosqlite:///elsewhere.db",
        "EPILOGUE_DATABASE_ECHO": "true",
        "EPILOGUE_DISCORD_OWNER_IDS": "12, 34",
        "EPILOGUE_CONTENT_DIRECTORIES": "a,b",
        "EPILOGUE_DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
        "DISCORD_TOKEN": "secret",
    }
    config = load_config(write(tmp_path, "database:\n  url: sqlite+aiosqlite:///x.db\n"), env)
    assert config.database.url == "sqlite+aiosqlite:///elsewhere.db"
    assert config.database.echo is True
    assert config.discord.owner_ids == [12, 34]
    assert config.content.directories == [Path("a"), Path("b")]
    assert config.discord.api_base == "http://127.0.0.1:9/api/v10"
    assert config.discord.token == "secret"


def test_a_key_or_section_left_empty_is_its_default(tmp_path: Path) -> None:
    # config.example.yaml copied with its lines under a section commented out, or a key's
    # value deleted: "every key is optional", so empty is the built-in default.
    text = "database:\n  # url: x\ncontent:\n  load_on_start:\nlogging:\n  level:\nmetrics:\n"
    config = load_config(write(tmp_path, text), {})
    assert config.database.url == "sqlite+aiosqlite:///var/epilogue.db"
    assert config.content.load_on_start is True and config.logging.level == "INFO"


def test_an_empty_variable_is_the_key_left_empty(tmp_path: Path) -> None:
    # `KEY=` (compose's `${VAR:-}`) means what `key:` left empty in the file means: the
    # built-in default (none, for an optional key), never "must be a URL (got '')".
    names = ("url", "echo")
    env = {f"EPILOGUE_DATABASE_{name.upper()}": "" for name in names}
    env |= {
        f"EPILOGUE_DISCORD_{key}": ""
        for key in ("API_BASE", "GATEWAY_URL", "SYNC_GUILD_ID", "SHARD_IDS", "SHARD_COUNT")
    }
    env |= {"EPILOGUE_METRICS_ADDRESS": "", "EPILOGUE_LOGGING_LEVEL": "  "}
    file = "discord:\n  api_base: http://127.0.0.1:9/api\n  sync_guild_id: 5\n"
    config = load_config(write(tmp_path, file), env)
    assert config.database.url == "sqlite+aiosqlite:///var/epilogue.db"
    assert config.database.echo is False
    assert (config.discord.api_base, config.discord.sync_guild_id) == (None, None)
    assert (config.discord.shard_ids, config.discord.shard_count) == (None, None)
    assert config.metrics.address is None and config.logging.level == "INFO"
    # A list's empty variable stays the empty list it names ("no owners").
    assert load_config(None, {"EPILOGUE_DISCORD_OWNER_IDS": ""}).discord.owner_ids == []


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("databse:\n  url: x\n", {}, "config.yaml:1: databse: unknown key"),
        (
            "database:\n  url: sqlite+aiosqlite:///x.db\n  urll: y\n",
            {},
            "config.yaml:3: database.urll: unknown key",
        ),
        ("database:\n  urll:\n", {}, "config.yaml:2: database.urll: unknown key"),
        ("databse:\n", {}, "config.yaml:1: databse: unknown key"),
        ("discord:\n  owner_ids: five\n", {}, "config.yaml:2: discord.owner_ids: must be a list"),
        ("database:\n  echo: maybe\n", {}, "config.yaml:2: database.echo: must be true or false"),
        ("logging:\n  level: LOUD\n", {}, "config.yaml:2: logging.level: must be 'DEBUG'"),
        ("discord:\n  api_base: ftp://x\n", {}, "discord.api_base: must be a URL"),
        ("discord:\n  token: abc\n", {}, "discord.token: never put the token in a file"),
        ("a: [\n", {}, "config.yaml:2: not valid YAML"),
        ("- 1\n", {}, "must be a mapping of sections"),
        ("", {"EPILOGUE_DISCORD_OWNER_IDS": "1,x"}, "EPILOGUE_DISCORD_OWNER_IDS: discord.owner"),
    ],
)
def test_each_kind_of_invalid_config_names_key_and_problem(
    tmp_path: Path, text: str, env: dict[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), env)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_every_problem_is_named_at_once_in_the_files_order(tmp_path: Path) -> None:
    text = "retention:\n  pending_hours: -3\ndatabse:\n  url: x\nlogging:\n  level: LOUD\n"
    env = {"EPILOGUE_DISCORD_OWNER_IDS": "1,x"}
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), env)
    lines = str(caught.value).splitlines()
    assert len(lines) == 4, lines
    # The environment's problem first (it names no line), then the file's, line by line.
    assert lines[0].startswith("EPILOGUE_DISCORD_OWNER_IDS: discord.owner_ids")
    assert "config.yaml:2: retention.pending_hours: must be greater" in lines[1]
    assert "config.yaml:3: databse: unknown key" in lines[2]
    assert "config.yaml:6: logging.level: must be 'DEBUG'" in lines[3]


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    # It says which setting named the file, and how to fix it.
    with pytest.raises(ConfigError, match=r"not found \(named by --config\): correct the path"):
        load_config(str(tmp_path / "missing.yaml"), {})
    with pytest.raises(ConfigError, match=r"not found \(named by EPILOGUE_CONFIG\): .*example"):
        load_config(None, {"EPILOGUE_CONFIG": str(tmp_path / "missing.yaml")})
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(str(folder), {})


@pytest.mark.parametrize("written", ["debug", "Warning", " ERROR "])
def test_a_log_level_is_read_in_any_case(tmp_path: Path, written: str) -> None:
    config = load_config(write(tmp_path, ""), {"EPILOGUE_LOGGING_LEVEL": written})
    assert config.logging.level == written.strip().upper()


@pytest.mark.parametrize(
    ("env", "key"),
    [
        ({"EPILOGUE_DISCORD_OWNER_IDS": "12,-1"}, "discord.owner_ids[1]"),
        ({"EPILOGUE_DISCORD_SYNC_GUILD_ID": "0"}, "discord.sync_guild_id"),
        ({"EPILOGUE_DISCORD_SYNC_GUILD_ID": "99999999999999999999"}, "discord.sync_guild_id"),
    ],
)
def test_a_discord_id_no_server_or_user_can_have_is_refused(
    tmp_path: Path, env: dict[str, str], key: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(key)):
        load_config(write(tmp_path, ""), env)


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("sqlite:///var/x.db", "write sqlite+aiosqlite:///var/x.db"),
        ("postgres://bot:hunter2@db:5432/epi", "write postgresql+asyncpg://bot:***@db:5432/epi"),
        ("postgresql://bot@db/epi", "write postgresql+asyncpg://bot@db/epi"),
        ("var/epilogue.db", "is not a database URL: write it like sqlite+aiosqlite:///"),
        ("mysql://bot@db/epi", "'mysql' is not a database Epilogue uses"),
    ],
)
def test_a_database_url_without_an_async_driver_names_its_line_and_the_fix(
    tmp_path: Path, written: str, fix: str
) -> None:
    # It used to pass the config and fail at the first connection, naming neither file nor line.
    path = write(tmp_path, f"logging:\n  level: INFO\ndatabase:\n  url: {written}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    message = str(caught.value)
    assert message.startswith(f"{path}:4: database.url: "), message
    assert fix in message
    assert "hunter2" not in message
    with pytest.raises(ConfigError, match=r"^EPILOGUE_DATABASE_URL: database.url: "):
        load_config(None, {"EPILOGUE_DATABASE_URL": written})


def test_no_variable_the_readme_or_docs_name_is_called_unknown() -> None:
    """`EPILOGUE_RACE_ROUNDS=100`, a test switch the README gives, was warned about at every start
    as "not a setting Epilogue reads ... did you mean EPILOGUE_CONFIG?": a warning that sends
    the reader to the wrong variable. Each variable the documentation names is one Epilogue or
    its test suite reads (the misspelling the README shows as an example aside)."""
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {
        name
        for path in texts
        for name in re.findall(r"\bEPILOGUE_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8"))
    }
    named -= {"EPILOGUE_DATABSE_URL"}  # the README's example of a typo warned about
    assert {"EPILOGUE_DATABASE_URL", "EPILOGUE_RACE_ROUNDS"} <= named  # the docs were read
    assert unknown_environment(dict.fromkeys(named, "1")) == []


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("EPILOGUE_DATABSE_URL", "EPILOGUE_DATABASE_URL"),
        ("EPILOGUE_TOKEN", "EPILOGUE_DISCORD_TOKEN"),
        ("EPILOGUE_LOG_LEVEL", "EPILOGUE_LOGGING_LEVEL"),
        ("EPILOGUE_DEBUG", None),
        ("EPILOGUE_WEBHOOK_URL", None),
    ],
)
def test_an_unknown_variable_is_offered_only_a_setting_like_it(
    name: str, meant: str | None
) -> None:
    """Every unknown variable was offered its "closest" setting however far: `EPILOGUE_DEBUG`,
    "did you mean EPILOGUE_DATABASE_URL?". A name shares the prefix with every setting, so the
    likeness is of what follows it; with none alike, the warning says where the settings are."""
    [warning] = unknown_environment({name: "1"})
    assert warning.startswith(f"{name} is set but is not a setting Epilogue reads"), warning
    if meant:
        assert warning.endswith(f"did you mean {meant}?"), warning
    else:
        assert "did you mean" not in warning and "config.example.yaml" in warning, warning


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("databse:\n  url: x\n", "config.yaml:1: databse: unknown key: did you mean database?"),
        ("database:\n  urll: y\n", "config.yaml:2: database.urll: unknown key: did you mean url?"),
        ("discord:\n  owner_id: [1]\n", "discord.owner_id: unknown key: did you mean owner_ids?"),
        ("Logging:\n  level: INFO\n", "config.yaml:1: Logging: unknown key: did you mean logging?"),
        # Nothing close: the keys the section has, so the fix needs no other file.
        ("database:\n  pool: 5\n", "database.pool: unknown key: database has url, echo"),
    ],
)
def test_an_unknown_key_names_the_one_meant_or_the_keys_there_are(
    tmp_path: Path, text: str, expected: str
) -> None:
    """Was "unknown key (see config.example.yaml for every key)" alone, where a misspelt
    EPILOGUE_* variable is told the one meant."""
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), {})
    assert expected in str(caught.value), str(caught.value)
