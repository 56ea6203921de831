"""Discord's limits on what a bot sends (``resources/message``, ``components/reference``,
``interactions/receiving-and-responding``): a body past one is refused, 400 with code 50035
Invalid Form Body, as Discord refuses it. See also ``/work/shared/discord-limits.md``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Path = tuple[str | int, ...]


class Problem(str):
    """One refusal, as readable text, with where Discord's ``errors`` object files it: the
    path through the body (``("embeds", 0, "fields", 2, "value")``), an error code such as
    ``BASE_TYPE_MAX_LENGTH`` and Discord's message for it."""

    path: Path
    code: str
    message: str

    def __new__(cls, text: str, path: Path, code: str, message: str) -> Problem:
        problem = super().__new__(cls, text)
        problem.path, problem.code, problem.message = path, code, message
        return problem


def too_long(text: str, path: Path, limit: int) -> Problem:
    return Problem(text, path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def between(text: str, path: Path, low: int, high: int) -> Problem:
    message = f"Must be between {low} and {high} in length."
    return Problem(text, path, "BASE_TYPE_BAD_LENGTH", message)


def required(text: str, path: Path) -> Problem:
    return Problem(text, path, "BASE_TYPE_REQUIRED", "This field is required")


def invalid_form_body(problems: Sequence[str]) -> dict[str, Any]:
    """Discord's 400 body for a refused form: ``{"code": 50035, "message": "Invalid Form
    Body", "errors": {...}}``, ``errors`` nested along each problem's path down to an
    ``_errors`` list (discord.py reads it into the exception's text:
    ``In embeds.0.fields.2.value: Must be 1024 or fewer in length.``)."""
    errors: dict[str, Any] = {}
    for problem in problems:
        path = problem.path if isinstance(problem, Problem) else ()
        node = errors
        for key in path:
            node = node.setdefault(str(key), {})
        code = problem.code if isinstance(problem, Problem) else "BASE_TYPE_INVALID"
        message = problem.message if isinstance(problem, Problem) else str(problem)
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return {"code": 50035, "errors": errors, "message": "Invalid Form Body"}


def message_problems(body: Mapping[str, Any], at: Path = ()) -> list[str]:
    """What Discord would refuse in a message create or edit body (``at``: where the message
    sits in the request, ``("data",)`` in an interaction callback)."""
    problems: list[str] = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > 2000:
        text = f"content: {len(content)} characters (at most 2000)"
        problems.append(too_long(text, (*at, "content"), 2000))
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append(too_long(f"embeds: {len(embeds)} (at most 10)", (*at, "embeds"), 10))
    total = 0
    for number, embed in enumerate(embeds):
        where = (*at, "embeds", number)
        parts: dict[str, tuple[str, int, Path]] = {
            "title": (embed.get("title") or "", 256, (*where, "title")),
            "description": (embed.get("description") or "", 4096, (*where, "description")),
            "footer": (
                (embed.get("footer") or {}).get("text") or "",
                2048,
                (*where, "footer", "text"),
            ),
            "author": (
                (embed.get("author") or {}).get("name") or "",
                256,
                (*where, "author", "name"),
            ),
        }
        fields = embed.get("fields") or []
        if len(fields) > 25:
            text = f"embeds.{number}.fields: {len(fields)} (at most 25)"
            problems.append(too_long(text, (*where, "fields"), 25))
        for index, field in enumerate(fields):
            spot = (*where, "fields", index)
            name = field.get("name")
            # Keyed by position too: two fields of one name both count towards the 6000.
            parts[f"field {index} {name!r} name"] = (name or "", 256, (*spot, "name"))
            value = field.get("value") or ""
            parts[f"field {index} {name!r} value"] = (value, 1024, (*spot, "value"))
            for key in ("name", "value"):
                # Discord trims a field's text first: one of spaces alone is empty too.
                if not str(field.get(key) or "").strip():
                    text = f"embeds.{number}: a field needs a name and a value"
                    problems.append(required(text, (*spot, key)))
        for what, (text, limit, path) in parts.items():
            total += len(text)
            if len(text) > limit:
                said = f"embeds.{number}.{what}: {len(text)} characters (at most {limit})"
                problems.append(too_long(said, path, limit))
    if total > 6000 and not problems:
        # Checked once each part is within its own limit (a field too long is reported alone).
        problems.append(
            Problem(
                f"embeds: {total} characters together (at most 6000)",
                (*at, "embeds"),
                "MAX_EMBED_SIZE_EXCEEDED",
                "Embed size exceeds maximum size of 6000",
            )
        )
    problems += component_problems(body.get("components") or [], at)
    return problems


def is_empty_message(body: Mapping[str, Any], files: Sequence[object]) -> bool:
    """Whether a new message would show nothing: Discord refuses it, 400 "Cannot send an empty
    message" (50006). Its text is trimmed first: spaces or newlines alone are nothing."""
    return not (
        str(body.get("content") or "").strip()
        or body.get("embeds")
        or body.get("components")
        or body.get("sticker_ids")
        or body.get("poll")
        or files
    )


def component_problems(rows: list[Mapping[str, Any]], at: Path = ()) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(
            too_long(f"components: {len(rows)} rows (at most 5)", (*at, "components"), 5)
        )
    seen: set[str] = set()
    for number, row in enumerate(rows):
        items = row.get("components") or []
        where = (*at, "components", number, "components")
        for index, item in enumerate(items):
            # "Component custom id cannot be duplicated" (COMPONENT_CUSTOM_ID_DUPLICATED).
            custom_id = item.get("custom_id")
            if custom_id and custom_id in seen:
                problems.append(
                    Problem(
                        f"components: custom_id {custom_id!r} twice",
                        (*where, index, "custom_id"),
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Component custom id cannot be duplicated",
                    )
                )
            elif custom_id:
                seen.add(custom_id)
        if row.get("type") == 1 and not 1 <= len(items) <= 5:
            problems.append(between(f"components: a row of {len(items)} (1-5)", where, 1, 5))
        for index, item in enumerate(items):
            label, custom_id = item.get("label") or "", item.get("custom_id") or ""
            if len(label) > 80:
                text = f"button {custom_id!r}: label of {len(label)} (at most 80)"
                problems.append(too_long(text, (*where, index, "label"), 80))
            if item.get("type") == 2 and item.get("style") != 5 and not 1 <= len(custom_id) <= 100:
                text = f"button {label!r}: custom_id of {len(custom_id)} (1-100)"
                problems.append(between(text, (*where, index, "custom_id"), 1, 100))
    return problems


def callback_problems(kind: int, data: Mapping[str, Any]) -> list[str]:
    """What Discord would refuse in an interaction callback of type ``kind`` (filed under the
    callback's ``data``, as Discord does)."""
    if kind in (4, 7):
        return message_problems(data, ("data",))
    if kind == 8:
        choices = data.get("choices") or []
        problems: list[str] = []
        if len(choices) > 25:
            text = f"choices: {len(choices)} (at most 25)"
            problems.append(too_long(text, ("data", "choices"), 25))
        for index, choice in enumerate(choices):
            name, value = str(choice.get("name", "")), choice.get("value")
            where = ("data", "choices", index)
            if not 1 <= len(name) <= 100:
                text = f"choice {name!r}: name of {len(name)} (1-100)"
                problems.append(between(text, (*where, "name"), 1, 100))
            if isinstance(value, str) and len(value) > 100:
                text = f"choice {name!r}: value of {len(value)} (at most 100)"
                problems.append(too_long(text, (*where, "value"), 100))
        return problems
    if kind == 9:
        title, rows = str(data.get("title", "")), data.get("components") or []
        problems = []
        if not 1 <= len(title) <= 45:
            problems.append(
                between(f"modal title of {len(title)} (1-45)", ("data", "title"), 1, 45)
            )
        if not 1 <= len(rows) <= 5:
            text = f"modal: {len(rows)} components (1-5)"
            problems.append(between(text, ("data", "components"), 1, 5))
        custom_id = str(data.get("custom_id", ""))
        if not 1 <= len(custom_id) <= 100:
            text = f"modal custom_id of {len(custom_id)} (1-100)"
            problems.append(between(text, ("data", "custom_id"), 1, 100))
        for number, row in enumerate(rows):
            inner = row.get("components") or ([row["component"]] if "component" in row else [])
            key = "components" if "components" in row else "component"
            for index, item in enumerate(inner):
                where: Path = ("data", "components", number, key)
                if key == "components":
                    where = (*where, index)
                problems += _text_input_problems(item, where, row.get("label"))
        return problems
    return []


def _text_input_problems(item: Mapping[str, Any], where: Path, outer: Any) -> list[str]:
    """A modal's text input: label up to 45 characters, placeholder up to 100, a prefilled
    value up to 4000 and no longer than its own ``max_length`` (1-4000)."""
    if item.get("type") != 4:
        return []
    problems: list[str] = []
    name = str(item.get("custom_id", ""))
    label = item.get("label") if outer is None else outer
    if label is not None and len(str(label)) > 45:
        problems.append(
            too_long(
                f"input {name!r}: label of {len(str(label))} (at most 45)", (*where, "label"), 45
            )
        )
    placeholder = str(item.get("placeholder") or "")
    if len(placeholder) > 100:
        text = f"input {name!r}: placeholder of {len(placeholder)} (at most 100)"
        problems.append(too_long(text, (*where, "placeholder"), 100))
    most = item.get("max_length")
    if most is not None and not 1 <= int(most) <= 4000:
        problems.append(
            between(f"input {name!r}: max_length {most} (1-4000)", (*where, "max_length"), 1, 4000)
        )
    limit = min(int(most), 4000) if most is not None and int(most) >= 1 else 4000
    value = str(item.get("value") or "")
    if len(value) > limit:
        text = f"input {name!r}: value of {len(value)} (at most {limit})"
        problems.append(too_long(text, (*where, "value"), limit))
    if not 1 <= len(name) <= 100:
        problems.append(
            between(f"input: custom_id of {len(name)} (1-100)", (*where, "custom_id"), 1, 100)
        )
    return problems
