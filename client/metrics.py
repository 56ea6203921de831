"""An optional metrics and health endpoint (``metrics.address``, off by default).

``GET /metrics`` serves Prometheus' text format from a registry of this bot's own;
``GET /health`` answers 200 when every shard of this process is connected to the gateway and
the database answers, else 503 with the reason (for a container's health check or a load
balancer). Served by aiohttp (discord.py's own HTTP library) on the bot's event loop.

Metrics (all prefixed ``epilogue_``): answers by command, time to answer (from Discord's
interaction id to the reply), acknowledgements past Discord's 3 s, gateway latency per shard,
invalidations sent and received over the change feed, and errors by kind.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import discord
from aiohttp import web
from sqlalchemy import text

if TYPE_CHECKING:
    from prometheus_client.core import Metric

    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

ACK_DEADLINE_S = 3.0
ANSWER_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)


def parse_address(address: str) -> tuple[str, int]:
    """``"127.0.0.1:9100"`` or ``":9100"`` (every interface) as (host, port)."""
    host, colon, port = address.rpartition(":")
    if not colon or not port.isdecimal() or not 0 <= int(port) < 65536:
        raise ValueError("must be HOST:PORT, e.g. 127.0.0.1:9100 or 0.0.0.0:9100")
    return host.strip("[]") or "0.0.0.0", int(port)


def _age_s(interaction: discord.Interaction[Any]) -> float:
    return (discord.utils.utcnow() - interaction.created_at).total_seconds()


def _command_name(interaction: discord.Interaction[Any]) -> str:
    if interaction.command is not None:
        return interaction.command.qualified_name
    if interaction.type is discord.InteractionType.component:
        return "button"
    if interaction.type is discord.InteractionType.modal_submit:
        return "form"
    return "other"


class BotMetrics:
    """The bot's metrics, in a registry of its own (several bots in one test process)."""

    def __init__(self, bot: EpilogueBot) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self._bot = bot
        self.registry = CollectorRegistry()
        self.answers = Counter(
            "epilogue_answers", "Answers sent, by command", ["command"], registry=self.registry
        )
        self.time_to_answer = Histogram(
            "epilogue_time_to_answer_seconds",
            "From the interaction's creation to the reply sent",
            ["command"],
            buckets=ANSWER_BUCKETS,
            registry=self.registry,
        )
        self.late_acks = Counter(
            "epilogue_acknowledgements_past_deadline",
            "Interactions acknowledged more than 3 s after they were created",
            registry=self.registry,
        )
        self.errors = Counter(
            "epilogue_errors", "Failed commands, by kind", ["kind"], registry=self.registry
        )
        self.registry.register(_Live(bot))

    def acknowledged(self, interaction: discord.Interaction[Any]) -> None:
        if _age_s(interaction) > ACK_DEADLINE_S:
            self.late_acks.inc()

    def answered(self, interaction: discord.Interaction[Any]) -> None:
        command = _command_name(interaction)
        self.answers.labels(command).inc()
        self.time_to_answer.labels(command).observe(max(0.0, _age_s(interaction)))

    def failed(self, kind: str) -> None:
        self.errors.labels(kind).inc()


class _Live:
    """Read on each scrape: gateway latency per shard, the change feed's counts."""

    def __init__(self, bot: EpilogueBot) -> None:
        self._bot = bot

    def collect(self) -> Iterator[Metric]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        latency = GaugeMetricFamily(
            "epilogue_gateway_latency_seconds", "Heartbeat round trip, by shard", labels=["shard"]
        )
        for shard, seconds in _latencies(self._bot):
            if seconds == seconds and seconds != float("inf"):  # not NaN/inf before a heartbeat
                latency.add_metric([str(shard)], seconds)
        yield latency
        changes = self._bot.app.changes
        sent = CounterMetricFamily(
            "epilogue_invalidations_sent", "Change notifications sent to other processes"
        )
        received = CounterMetricFamily(
            "epilogue_invalidations_received", "Change notifications from other processes"
        )
        sent.add_metric([], changes.sent if changes else 0)
        received.add_metric([], changes.counts.received if changes else 0)
        yield sent
        yield received


def _latencies(bot: EpilogueBot) -> list[tuple[int, float]]:
    if isinstance(bot, discord.AutoShardedClient):
        return list(bot.latencies)
    return [(bot.shard_id or 0, bot.latency)]


async def health(bot: EpilogueBot) -> tuple[bool, str]:
    """Whether this process can answer: every shard connected, the database reachable."""
    if not bot.is_ready():
        return False, "not connected to Discord yet"
    if isinstance(bot, discord.AutoShardedClient):
        down = [str(i) for i, shard in bot.shards.items() if shard.is_closed()]
        if down:
            return False, f"shard(s) {', '.join(down)} disconnected"
    try:
        async with asyncio.timeout(2.0), bot.app.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure means "not healthy", with what it was
        return False, f"database unreachable: {type(error).__name__}"
    return True, "ok"


class MetricsServer:
    """``/metrics`` and ``/health`` on ``address``; started and stopped with the bot."""

    def __init__(self, bot: EpilogueBot, metrics: BotMetrics, address: str) -> None:
        self._bot = bot
        self._metrics = metrics
        self.host, self.port = parse_address(address)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self._serve_metrics)
        app.router.add_get("/health", self._serve_health)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # a free port was asked for: say which one
            self.port = self._runner.addresses[0][1]
        log.info("metrics and health on http://%s:%d/metrics and /health", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _serve_metrics(self, _request: web.Request) -> web.Response:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        body = generate_latest(self._metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _serve_health(self, _request: web.Request) -> web.Response:
        ok, reason = await health(self._bot)
        return web.Response(status=200 if ok else 503, text=reason + "\n")


def acknowledged(interaction: discord.Interaction[Any]) -> None:
    """Count an acknowledgement (a defer or a first reply), when metrics are on."""
    metrics = getattr(interaction.client, "metrics", None)
    if metrics is not None:
        metrics.acknowledged(interaction)


def answered(interaction: discord.Interaction[Any], *, first: bool) -> None:
    """Count a reply sent (``first``: it was also the acknowledgement), when metrics are on."""
    metrics = getattr(interaction.client, "metrics", None)
    if metrics is not None:
        if first:
            metrics.acknowledged(interaction)
        metrics.answered(interaction)


def failed(interaction: discord.Interaction[Any], kind: str) -> None:
    metrics = getattr(interaction.client, "metrics", None)
    if metrics is not None:
        metrics.failed(kind)
