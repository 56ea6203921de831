"""A config key and a content field that are wrong the same way read the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from bot.content.film_file import ContentError, parse_film_bytes


@pytest.mark.parametrize(
    ("config_value", "content_value", "message"),
    [
        ("lots", "lots", "must be a whole number"),
        ("", "", "must be a whole number"),
        ("1.5", "1.5", "must be a whole number"),
    ],
)
def test_the_same_mistake_reads_the_same_in_config_and_content(
    tmp_path: Path, config_value: str, content_value: str, message: str
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"retention:\n  pending_hours: '{config_value}'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as config_error:
        load_config(str(config), {})
    with pytest.raises(ContentError) as content_error:
        parse_film_bytes(f"title: X\nyear: '{content_value}'\n".encode(), "x.yaml")
    assert str(config_error.value) == (
        f"{config}:2: retention.pending_hours: {message} (got '{config_value}')"
    )
    assert f"x.yaml:2: year: {message}" in [str(p) for p in content_error.value.problems]


def test_a_missing_or_unknown_key_echoes_no_value(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("database:\n  nope: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(str(config), {})
    # The keys the section has are named (none is spelt like it); the value 1 is not.
    assert str(error.value).endswith(
        "database.nope: unknown key: database has url, echo (see config.example.yaml)"
    )


def test_a_value_where_a_list_or_mapping_belongs_says_how_to_write_one(tmp_path: Path) -> None:
    # pydantic's own words ("input should be a valid dictionary or instance of discordconfig")
    # name a class of ours no reader knows, and say nothing of how to write the value.
    config = tmp_path / "config.yaml"
    for text, key, want in [
        ("content:\n  directories: data\n", "content.directories", "must be a list"),
        ("discord: 5\n", "discord", "must be a mapping"),
    ]:
        config.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as error:
            load_config(str(config), {})
        assert f"{key}: {want}" in str(error.value)
        assert "instance of" not in str(error.value)
    with pytest.raises(ContentError) as content_error:
        parse_film_bytes(b"title: X\nyear: 2000\ncast: Emma Stone\nsources: 3\n", "x.yaml")
    problems = [str(p) for p in content_error.value.problems]
    assert any(p.startswith("x.yaml:3: cast: must be a list, e.g. [a, b]") for p in problems)
    assert any(p.startswith("x.yaml:4: sources: must be a list") for p in problems)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        # YAML reads these as a number, true/false or nothing, not as the text meant:
        # "must be a valid string" named neither why nor how to write it.
        ("1917", 'YAML reads this value as a number: put it in quotes (title: "…")'),
        ("2001.5", 'YAML reads this value as a number: put it in quotes (title: "…")'),
        ("yes", 'YAML reads this value as true or false: put it in quotes (title: "…")'),
        ("", "has no value: write it after the colon"),
        # A text starting with [ or { (a citation, a bracketed aside): was "it must be a
        # valid string", pydantic's words, with no hint of why.
        (
            "[^1]",
            'YAML reads this value as a list (it starts with [): put it in quotes (title: "…")',
        ),
        (
            "{Untitled}",
            'YAML reads this value as a mapping (it starts with {): put it in quotes (title: "…")',
        ),
    ],
)
def test_text_written_as_another_yaml_type_says_to_quote_it(
    tmp_path: Path, written: str, said: str
) -> None:
    with pytest.raises(ContentError) as content_error:
        parse_film_bytes(f"title: {written}\nyear: 2000\n".encode(), "x.yaml")
    problems = [str(p) for p in content_error.value.problems]
    assert any(p.startswith(f"x.yaml:1: title: must be text: {said}") for p in problems), problems
    if not written:
        return  # an empty optional config key is its default
    config = tmp_path / "config.yaml"
    config.write_text(f"metrics:\n  address: {written}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as config_error:
        load_config(str(config), {})
    assert f"metrics.address: must be text: {said.replace('title', 'address')}" in str(
        config_error.value
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        # Was "must be a real date written YYYY-MM-DD (invalid character in year)": pydantic's
        # words about a year, where the author wrote a date as people write dates.
        ("12/09/2016", "must be a real date written YYYY-MM-DD: 2016-09-12 or 2016-12-09?"),
        ("25.12.2016", "must be a real date written YYYY-MM-DD: 2016-12-25?"),
        ("Dec 9, 2016", "must be a real date written YYYY-MM-DD: 2016-12-09?"),
        ("9 December 2016", "must be a real date written YYYY-MM-DD: 2016-12-09?"),
        ("2016/12/09", "must be a real date written YYYY-MM-DD: 2016-12-09?"),
        # No day it could be: said as before, without a guess.
        ("soon", "must be a real date written YYYY-MM-DD"),
    ],
)
def test_a_date_written_another_way_is_told_the_day_to_write(written: str, said: str) -> None:
    with pytest.raises(ContentError) as content_error:
        parse_film_bytes(f"title: X\nyear: 2016\nrelease_date: {written}\n".encode(), "x.yaml")
    problems = [str(p) for p in content_error.value.problems]
    dated = [p for p in problems if p.startswith("x.yaml:3: release_date: ")]
    assert dated and dated[0].endswith(said), problems
    assert "invalid character" not in dated[0] and "input is too short" not in dated[0]
