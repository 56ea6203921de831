"""Configuration: a YAML file, then ``EPILOGUE_<SECTION>_<KEY>`` environment overrides.

Where the file comes from, first match wins: ``--config PATH``, ``$EPILOGUE_CONFIG``,
``./config.yaml``, built-in defaults. The Discord token is never read from a file.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from bot.pydantic_errors import describe, error_location
from bot.yaml_lines import ParsedYaml, YamlSyntaxError, format_path, parse_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "EPILOGUE_"
UNKNOWN_KEY = "unknown key (see config.example.yaml for every key)"


class ConfigError(Exception):
    """One line a person can act on: where, which key, what is wrong."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Discord ids (users, servers) are positive 64-bit snowflakes: anything else is a typing mistake.
DiscordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


# The async drivers Epilogue ships; any other URL fails only at the first connection, far from
# the line that wrote it, so it is refused here with the URL to write instead.
ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_BACKEND_ALIASES = {"postgres": "postgresql"}  # what Heroku-style providers hand out


class DatabaseConfig(_Section):
    url: str = "sqlite+aiosqlite:///var/epilogue.db"
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        example = "sqlite+aiosqlite:///var/epilogue.db or postgresql+asyncpg://user@host:5432/db"
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(f"is not a database URL: write it like {example}") from None
        backend = url.get_backend_name()
        backend = _BACKEND_ALIASES.get(backend, backend)
        if url.drivername in ASYNC_DRIVERS.values():
            return value
        if backend in ASYNC_DRIVERS:
            fixed = url.set(drivername=ASYNC_DRIVERS[backend]).render_as_string(hide_password=True)
            raise ValueError(
                f"needs Epilogue's async driver ({url.drivername!r} is not one): write {fixed}"
            )
        raise ValueError(f"{url.drivername!r} is not a database Epilogue uses: write {example}")


class ContentConfig(_Section):
    directories: list[Path] = Field(default_factory=lambda: [PROJECT_ROOT / "data" / "films"])
    load_on_start: bool = True


class DiscordConfig(_Section):
    token: str | None = None
    owner_ids: list[DiscordId] = Field(default_factory=list)
    api_base: str | None = None
    gateway_url: str | None = None
    # Commands are synced on purpose (`epilogue sync`); with a guild id, only there, at once.
    sync_guild_id: DiscordId | None = None
    # Sharded running (bot.sharding): this process's shards ("0-3", "0,1" or a list) of how many.
    shard_ids: list[int] | None = None
    shard_count: int | None = Field(default=None, ge=1)

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_ids(cls, value: Any) -> Any:
        from bot.sharding import parse_shard_ids

        if isinstance(value, str):
            return parse_shard_ids(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return [value]
        return value

    # Read members' messages for the spoiler guard: needs the privileged Message Content intent
    # switched on in the Developer Portal (else Discord refuses the connection).
    message_content: bool = False

    @field_validator("api_base", "gateway_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://", "ws://", "wss://")):
            raise ValueError("must be a URL starting with http(s):// or ws(s)://")
        return value


class RetentionConfig(_Section):
    # An import or removal an admin started but did not confirm is forgotten after this long,
    # and so is a refused form's text kept for its Edit again button.
    pending_hours: int = Field(default=24, ge=1, le=24 * 90)


class LoggingConfig(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # A diagnostic: log each event-loop step longer than this many ms, with what ran (off: empty).
    slow_steps_ms: int | None = Field(default=None, ge=1)

    @field_validator("level", mode="before")
    @classmethod
    def _any_case(cls, value: Any) -> Any:
        # "debug" names the level as surely as "DEBUG": only a level that is none is an error.
        return value.strip().upper() if isinstance(value, str) else value


class MetricsConfig(_Section):
    # HOST:PORT for /metrics (Prometheus) and /health; empty: off.
    address: str | None = None

    @field_validator("address")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if not value:
            return None
        _host, colon, port = value.rpartition(":")
        if not colon or not port.isdecimal() or not 0 <= int(port) < 65536:
            raise ValueError("must be HOST:PORT, e.g. 127.0.0.1:9100 or 0.0.0.0:9100")
        return value


class Config(_Section):
    database: DatabaseConfig = Field(default_factory=DatabaseConfig)
    content: ContentConfig = Field(default_factory=ContentConfig)
    discord: DiscordConfig = Field(default_factory=DiscordConfig)
    retention: RetentionConfig = Field(default_factory=RetentionConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    metrics: MetricsConfig = Field(default_factory=MetricsConfig)
    # Where each key given was written ("config.yaml:4", or the variable), for problems found
    # after loading, such as settings that contradict each other.
    _sources: dict[str, str] = PrivateAttr(default_factory=dict)

    def source(self, key: str) -> str | None:
        """Where ``section.key`` was set: ``file:line`` or an ``EPILOGUE_*`` variable; None for
        a default."""
        return self._sources.get(key)


# Keys whose environment value is a comma-separated list.
_LIST_KEYS = {("content", "directories"), ("discord", "owner_ids")}


def find_config_file(explicit: str | None, env: Mapping[str, str]) -> Path | None:
    if explicit:
        return Path(explicit)
    if env.get("EPILOGUE_CONFIG"):
        return Path(env["EPILOGUE_CONFIG"])
    default = Path("config.yaml")
    return default if default.is_file() else None


def load_config(explicit: str | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Load, override from the environment and validate; raise ConfigError with one clear line
    per problem."""
    env = os.environ if env is None else env
    path = find_config_file(explicit, env)
    name = str(path) if path else "defaults"
    parsed = ParsedYaml({})
    if path is not None:
        # Named as the operator gave it, so the fix is plain: the flag or the variable.
        given_by = "--config" if explicit else "EPILOGUE_CONFIG"
        parsed = _read(path, given_by)
    raw = parsed.data if parsed.data is not None else {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{name}: must be a mapping of sections (database:, content:, …)")
    if isinstance(raw.get("discord"), dict) and raw["discord"].get("token"):
        line = parsed.line_of(("discord", "token"))
        raise ConfigError(
            f"{name}:{line}: discord.token: never put the token in a file; "
            "set the DISCORD_TOKEN environment variable instead"
        )
    merged = _apply_env(raw, env)
    try:
        config = Config.model_validate(merged)
    except ValidationError as exc:
        # Every problem at once, in the file's order: fixing one only to meet the next costs a
        # restart each.
        problems: list[tuple[int, str]] = []
        for error in exc.errors():
            loc = error_location(error)
            from_env = _env_name(loc) if _env_name(loc) in env else None
            line = parsed.line_of(loc) if path and not from_env else None
            where = from_env or (f"{name}:{line}" if line else name)
            # A database URL may hold a password: its message shows the URL without it.
            secret = loc == ("database", "url")
            problem = describe(error, unknown_key=_unknown_key(loc), show_input=not secret)
            problems.append((line or 0, f"{where}: {format_path(loc)}: {problem}"))
        problems.sort(key=lambda found: found[0])
        raise ConfigError("\n".join(text for _line, text in problems)) from None
    token = env.get("DISCORD_TOKEN") or env.get("EPILOGUE_DISCORD_TOKEN")
    config.discord.token = token or None
    for section, values in raw.items():
        for key in values if isinstance(values, dict) else ():
            line = parsed.line_of((section, key))
            config._sources[f"{section}.{key}"] = f"{name}:{line}" if line else name
    for section, model in config:
        for key in type(model).model_fields:
            if env.get(variable := _env_name((section, key))):
                config._sources[f"{section}.{key}"] = variable
    return config


def _unknown_key(loc: tuple[str | int, ...]) -> str:
    """An unknown key's problem: the key meant when it is spelt like one ("urll": url), else
    the keys its section has, so the fix needs no other file."""
    section = Config.model_fields.get(str(loc[0])) if len(loc) == 2 else None
    if len(loc) == 1:
        known, where = list(Config.model_fields), "the sections are"
    elif section is not None and isinstance(section.annotation, type):
        known, where = list(section.annotation.model_fields), f"{loc[0]} has"
    else:
        return UNKNOWN_KEY
    typed = str(loc[-1])
    by_case = {key.casefold(): key for key in known}
    close = [by_case[typed.casefold()]] if typed.casefold() in by_case else []
    close = close or difflib.get_close_matches(typed, known, n=1, cutoff=0.7)
    if close:
        return f"unknown key: did you mean {close[0]}? (see config.example.yaml for every key)"
    return f"unknown key: {where} {', '.join(known)} (see config.example.yaml)"


def _read(path: Path, given_by: str) -> ParsedYaml:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: config file not found (named by {given_by}): correct the path, or create"
            " it from config.example.yaml"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: config file cannot be read: {exc}") from None
    try:
        parsed = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise ConfigError(f"{path}:{exc.line}: not valid YAML: {exc.problem}") from None
    if parsed.duplicate_keys:
        key, line = parsed.duplicate_keys[0]
        raise ConfigError(f"{path}:{line}: {format_path(key)}: appears twice")
    return parsed


def _env_name(loc: tuple[str | int, ...]) -> str:
    return ENV_PREFIX + "_".join(str(p).upper() for p in loc[:2])


def _apply_env(raw: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    # A section or key left empty (its lines commented out, `level:` with no value) is its
    # built-in default, as config.example.yaml's empty keys are: every key is optional.
    # A misspelt key stays, empty or not, so validation names it.
    merged: dict[str, Any] = {}
    for name, value in raw.items():
        section = Config.model_fields.get(name) if isinstance(name, str) else None
        if section is not None and value is None:
            continue
        if section is not None and isinstance(value, dict):
            known = section.annotation.model_fields  # type: ignore[union-attr]
            value = {k: v for k, v in value.items() if v is not None or k not in known}
        merged[name] = value
    for section_name, section_model in Config.model_fields.items():
        fields = section_model.annotation.model_fields  # type: ignore[union-attr]
        for key in fields:
            value = env.get(_env_name((section_name, key)))
            if value is None or key == "token":
                continue
            section = merged.setdefault(section_name, {})
            if not isinstance(section, dict):
                continue  # the file's own error is reported by validation
            if (section_name, key) in _LIST_KEYS:
                section[key] = [part.strip() for part in value.split(",") if part.strip()]
            elif not value.strip():
                # `KEY=` (compose's `${VAR:-}`) is the key left empty: its built-in default
                # (none, for an optional key), not a value to validate.
                section[key] = fields[key].get_default(call_default_factory=True)
            else:
                section[key] = value
    return merged


# Variables with the prefix that are not settings: the config file's path, and test-suite switches.
_OTHER_ENV = {
    "EPILOGUE_CONFIG",
    "EPILOGUE_DISCORD_TOKEN",
    "EPILOGUE_UPDATE_SNAPSHOT",
    "EPILOGUE_RACE_ROUNDS",
    "EPILOGUE_TIMELINE_MORE",  # benchmarks.timeline's hook, in the bot's own process
}
_OTHER_ENV_PREFIXES = ("EPILOGUE_TEST_",)


def environment_names() -> set[str]:
    """Every ``EPILOGUE_*`` variable Epilogue reads."""
    names = set(_OTHER_ENV)
    for section_name, section_model in Config.model_fields.items():
        for key in section_model.annotation.model_fields:  # type: ignore[union-attr]
            names.add(_env_name((section_name, key)))
    return names


def unknown_environment(env: Mapping[str, str]) -> list[str]:
    """A warning for each ``EPILOGUE_*`` variable that is set but read by nothing (a typo)."""
    known = environment_names()
    warnings = []
    for name in sorted(env):
        if not name.startswith(ENV_PREFIX) or name in known:
            continue
        if name.startswith(_OTHER_ENV_PREFIXES):
            continue
        # Every name shares the prefix: how alike two are is told by what follows it.
        rest = {known_name.removeprefix(ENV_PREFIX): known_name for known_name in known}
        close = difflib.get_close_matches(
            name.removeprefix(ENV_PREFIX), sorted(rest), n=1, cutoff=0.5
        )
        hint = (
            f"; did you mean {rest[close[0]]}?"
            if close
            else " (config.example.yaml lists every setting; each is EPILOGUE_<SECTION>_<KEY>)"
        )
        warnings.append(
            f"{name} is set but is not a setting Epilogue reads, so it is ignored{hint}"
        )
    return warnings
