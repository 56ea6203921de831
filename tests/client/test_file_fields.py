"""What discord.py decodes of a file's description, made readable (``client.file_fields``)."""

from __future__ import annotations

import base64
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from client.file_fields import complete_files

SAMPLES = bytes(range(7, 256, 3)) + b"\xfb\xff"  # a voice message's waveform: one byte a sample
PADDED = base64.b64encode(SAMPLES).decode()


def _voice_file(waveform: object) -> dict[str, Any]:
    return {
        "id": "9",
        "filename": "voice-message.ogg",
        "url": "http://127.0.0.1/voice-message.ogg",
        "proxy_url": "http://127.0.0.1/p/voice-message.ogg",
        "size": 5,
        "content_type": "audio/ogg",
        "duration_secs": 2.5,
        "waveform": waveform,
        "ephemeral": True,
    }


def _read(file: dict[str, Any]) -> discord.Attachment:
    return discord.Attachment(data=file, state=SimpleNamespace(http=None))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "sent",
    [
        PADDED.rstrip("="),  # base64 without its padding, as many encoders write it
        base64.urlsafe_b64encode(SAMPLES).decode().rstrip("="),  # URL-safe
        PADDED[:-1],  # padded in part
        f" {PADDED}\n",  # around whitespace
    ],
    ids=["unpadded", "url-safe", "part-padded", "whitespace"],
)
def test_a_waveform_in_another_base64_is_read_as_its_samples(sent: str) -> None:
    assert PADDED.endswith("="), "the samples must need padding for the test to mean anything"
    assert "-" in base64.urlsafe_b64encode(SAMPLES).decode(), "and differ in the URL-safe"
    file = _voice_file(sent)

    complete_files([file])

    read = _read(file)
    assert read.waveform == SAMPLES
    assert read.duration == 2.5 and read.ephemeral


@pytest.mark.parametrize("sent", ["not base64!", "a", 12, ["AA"], {"x": 1}])
def test_a_waveform_that_is_no_base64_leaves_the_file_readable_without_one(sent: object) -> None:
    file = _voice_file(sent)

    complete_files([file])

    read = _read(file)
    assert read.waveform is None
    assert read.filename == "voice-message.ogg" and read.size == 5


@pytest.mark.parametrize("sent", [PADDED, None, ""])
def test_a_waveform_discord_py_reads_is_kept_as_sent(sent: str | None) -> None:
    file = _voice_file(sent)

    complete_files([file])

    assert file["waveform"] == sent
