"""The console, run as a subprocess exactly as the README says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.discord_markdown import hidden_text, visible_text

pytestmark = pytest.mark.slow  # starts (or kills) processes: --run-slow

ROOT = Path(__file__).resolve().parents[2]
ENDING_WORDS = "five years"  # from the quick answer: an ending detail


def epilogue_command() -> list[str]:
    """`uv run epilogue`, as the README says; the same console script if uv is not on PATH."""
    uv = shutil.which("uv")
    if uv:
        return [uv, "run", "--quiet", "--project", str(ROOT), "epilogue"]
    return [str(Path(sys.executable).with_name("epilogue"))]


def console(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "EPILOGUE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
    }
    env.pop("EPILOGUE_CONFIG", None)
    return subprocess.run(
        [*epilogue_command(), "console", *args],
        cwd=tmp_path,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_quick_answer_json_wraps_ending_details(tmp_path: Path) -> None:
    result = console(tmp_path, "-c", "/film quick film:la la land", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    description = payload["embeds"][0]["description"]
    assert ENDING_WORDS in hidden_text(description)
    assert ENDING_WORDS not in visible_text(description)
    assert payload["allowed_mentions"]["parse"] == []
    assert payload["flags"] & (1 << 6) == 0  # public, because wrapped
    assert payload["embeds"][0]["title"] == "La La Land \\(2016\\) · Quick answer"


def test_state_persists_between_console_calls(tmp_path: Path) -> None:
    seen = console(tmp_path, "-c", "/spoilers seen film:La La Land", "--user", "5")
    assert seen.returncode == 0, seen.stdout + seen.stderr
    result = console(tmp_path, "-c", "/film quick film:La La Land", "--json", "--user", "5")
    payload = json.loads(result.stdout)
    assert payload["flags"] & (1 << 6)  # private: opted in, so unwrapped and only for them
    assert ENDING_WORDS in visible_text(payload["embeds"][0]["description"])


def test_info_card_readable_and_interactive_session(tmp_path: Path) -> None:
    result = console(tmp_path, stdin="/film info film:la la land\nhelp\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "La La Land (2016)" in result.stdout
    assert "Damien Chazelle" in result.stdout
    assert "/film quick film:" in result.stdout  # from help


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/film quick film:Nonexistent Movie", "No film matches 'Nonexistent Movie'"),
        ("/film quick film:la la lnd", "Did you mean **La La Land (2016)**"),
        ("/film quick", "needs the option 'film:'"),
        ("/film quick film:La La Land private:maybe", "private: must be true or false"),
        ("/nope", "Unknown command"),
        ("/film quick movie:La La Land", "has no option 'movie:'"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path: Path, line: str, expected: str) -> None:
    result = console(tmp_path, "-c", line)
    assert result.returncode == 1
    assert expected in result.stdout


def test_broken_config_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("database:\n  nope: 1\n")
    result = subprocess.run(
        [*epilogue_command(), "--config", str(bad), "console", "-c", "/film list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "database.nope: unknown key: database has url, echo (see config.example.yaml)"
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_run_without_token_explains_how_to_set_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if "TOKEN" not in k}
    result = subprocess.run(
        [*epilogue_command(), "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr


def test_flags_reproduce_each_channel_mode_without_discord(tmp_path: Path) -> None:
    def run(line: str, *flags: str) -> dict:  # type: ignore[type-arg]
        result = console(tmp_path, "-c", line, "--json", *flags)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)

    moderator = ("--user", "7", "--perms", "manage_messages")
    run("/spoiler-rules channel channel:<#20> mode:spoilers", *moderator)
    run("/spoiler-rules channel channel:<#30> mode:no-spoilers", *moderator)
    run("/spoiler-rules role role:<@&55>", *moderator)

    in_spoilers = run("/film quick film:La La Land", "--channel", "20")
    assert not in_spoilers["flags"] & (1 << 6)  # public
    assert ENDING_WORDS in visible_text(in_spoilers["embeds"][0]["description"])

    in_thread = run("/film quick film:La La Land", "--channel", "21", "--parent", "20")
    assert ENDING_WORDS in visible_text(in_thread["embeds"][0]["description"])

    in_no_spoilers = run("/film quick film:La La Land", "--channel", "30")
    assert in_no_spoilers["flags"] & (1 << 6)  # private, and still wrapped
    assert ENDING_WORDS not in visible_text(in_no_spoilers["embeds"][0]["description"])

    with_role = run("/film quick film:La La Land", "--roles", "55")
    assert with_role["flags"] & (1 << 6)
    assert ENDING_WORDS in visible_text(with_role["embeds"][0]["description"])

    member_tries = console(tmp_path, "-c", "/spoiler-rules default mode:spoilers")
    assert member_tries.returncode == 1
    assert "is for moderators" in member_tries.stdout


def test_the_guard_hides_a_message_in_each_of_two_console_sessions(tmp_path: Path) -> None:
    """Messages and reposts the console makes up get ids no earlier session used, as Discord's
    do: a second session's hide is stored beside the first one's, not refused as a duplicate."""
    spoiler = "say la la land: mia marries someone else and they meet again in his jazz club\n"
    guard = "/spoiler-rules guard enabled:true all_films:true\n"
    for session in range(2):
        stdin = (guard if session == 0 else "") + spoiler
        result = console(tmp_path, "--perms", "manage_messages", stdin=stdin)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Traceback" not in result.stdout + result.stderr
        assert "The guard hid the message" in result.stdout, result.stdout[-2000:]


def test_help_runs_with_dash_c_too(tmp_path: Path) -> None:
    """`epilogue console -c help` said "Commands start with '/' … (help lists them all)"."""
    result = console(tmp_path, "-c", "help")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "/film quick film:" in result.stdout
    assert "/spoiler-rules embargo film:" in result.stdout
