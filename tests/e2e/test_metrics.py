"""The optional metrics and health endpoint (``metrics.address``), off by default."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, bot_in_process, make_config
from tests.standin import StandinServer


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def sample(metrics: str, name: str) -> float:
    """The value of the sample line starting with ``name`` (labels included)."""
    for line in metrics.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in:\n{metrics}")


async def test_metrics_are_off_by_default(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    config = make_config(tmp_path / "epilogue.db", people.owner)
    assert config.metrics.address is None
    async with bot_in_process(standin, config) as bot:
        assert bot.metrics is None
        await standin.run_command(
            f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.general
        )


async def test_metrics_and_health_on_the_configured_address(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    config = make_config(tmp_path / "epilogue.db", people.owner)
    config.metrics.address = "127.0.0.1:0"  # a free port
    async with bot_in_process(standin, config) as bot:
        server = bot._metrics_server
        assert server is not None
        base = f"http://127.0.0.1:{server.port}"
        for _ in range(2):
            await standin.run_command(
                f"/film quick film:{LA_LA_LAND}", user=people.member, channel=people.general
            )
        await standin.run_command("/spoilers status", user=people.member, channel=people.general)
        await bot.wait_until_ready()
        status, health = await get(f"{base}/health")
        assert (status, health.strip()) == (200, "ok")
        status, metrics = await get(f"{base}/metrics")
    assert status == 200
    assert sample(metrics, 'epilogue_answers_total{command="film quick"}') == 2
    assert sample(metrics, 'epilogue_answers_total{command="spoilers status"}') == 1
    count = 'epilogue_time_to_answer_seconds_count{command="film quick"}'
    assert sample(metrics, count) == 2
    assert sample(metrics, "epilogue_acknowledgements_past_deadline_total") == 0
    assert "epilogue_gateway_latency_seconds" in metrics
    assert sample(metrics, "epilogue_invalidations_sent_total") == 0  # SQLite: no feed


@pytest.mark.parametrize("address", ["9100", "localhost:", "host:99999"])
def test_a_bad_address_names_the_key(tmp_path: Path, address: str) -> None:
    from bot.config import ConfigError, load_config

    with pytest.raises(ConfigError, match=r"EPILOGUE_METRICS_ADDRESS: metrics\.address: must be"):
        load_config(None, {"EPILOGUE_METRICS_ADDRESS": address})
