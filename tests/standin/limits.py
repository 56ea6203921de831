"""Discord's limits on what a bot sends (``resources/message``, ``components/reference``,
``interactions/receiving-and-responding``): a body past one is refused, 400 with code 50035
Invalid Form Body, as Discord refuses it. See also ``/work/shared/discord-limits.md``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def message_problems(body: Mapping[str, Any]) -> list[str]:
    """What Discord would refuse in a message create or edit body."""
    problems: list[str] = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > 2000:
        problems.append(f"content: {len(content)} characters (at most 2000)")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append(f"embeds: {len(embeds)} (at most 10)")
    total = 0
    for number, embed in enumerate(embeds):
        parts = {
            "title": (embed.get("title") or "", 256),
            "description": (embed.get("description") or "", 4096),
            "footer": ((embed.get("footer") or {}).get("text") or "", 2048),
            "author": ((embed.get("author") or {}).get("name") or "", 256),
        }
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append(f"embeds.{number}.fields: {len(fields)} (at most 25)")
        for field in fields:
            parts[f"field {field.get('name')!r} name"] = (field.get("name") or "", 256)
            parts[f"field {field.get('name')!r} value"] = (field.get("value") or "", 1024)
            if not field.get("name") or not field.get("value"):
                problems.append(f"embeds.{number}: a field needs a name and a value")
        for what, (text, limit) in parts.items():
            total += len(text)
            if len(text) > limit:
                problems.append(f"embeds.{number}.{what}: {len(text)} characters (at most {limit})")
    if total > 6000:
        problems.append(f"embeds: {total} characters together (at most 6000)")
    problems += component_problems(body.get("components") or [])
    return problems


def component_problems(rows: list[Mapping[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(f"components: {len(rows)} rows (at most 5)")
    for row in rows:
        items = row.get("components") or []
        if row.get("type") == 1 and not 1 <= len(items) <= 5:
            problems.append(f"components: a row of {len(items)} (1-5)")
        for item in items:
            label, custom_id = item.get("label") or "", item.get("custom_id") or ""
            if len(label) > 80:
                problems.append(f"button {custom_id!r}: label of {len(label)} (at most 80)")
            if item.get("type") == 2 and item.get("style") != 5 and not 1 <= len(custom_id) <= 100:
                problems.append(f"button {label!r}: custom_id of {len(custom_id)} (1-100)")
    return problems


def callback_problems(kind: int, data: Mapping[str, Any]) -> list[str]:
    """What Discord would refuse in an interaction callback of type ``kind``."""
    if kind in (4, 7):
        return message_problems(data)
    if kind == 8:
        choices = data.get("choices") or []
        problems = [f"choices: {len(choices)} (at most 25)"] if len(choices) > 25 else []
        for choice in choices:
            name, value = str(choice.get("name", "")), choice.get("value")
            if not 1 <= len(name) <= 100:
                problems.append(f"choice {name!r}: name of {len(name)} (1-100)")
            if isinstance(value, str) and len(value) > 100:
                problems.append(f"choice {name!r}: value of {len(value)} (at most 100)")
        return problems
    if kind == 9:
        title, rows = str(data.get("title", "")), data.get("components") or []
        problems = [] if 1 <= len(title) <= 45 else [f"modal title of {len(title)} (1-45)"]
        if not 1 <= len(rows) <= 5:
            problems.append(f"modal: {len(rows)} components (1-5)")
        return problems
    return []
