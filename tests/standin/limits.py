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
    problems += _v2_problems(body, at)
    problems += _mention_problems(body.get("allowed_mentions"), at)
    files = body.get("attachments") or []
    if len(files) > MAX_FILES:
        text = f"attachments: {len(files)} (at most {MAX_FILES})"
        problems.append(too_long(text, (*at, "attachments"), MAX_FILES))
    return problems


MAX_FILES = 10
"""Files one message may carry (Discord's Create Message: "up to 10")."""
IS_COMPONENTS_V2 = 1 << 15
MENTION_KINDS = ("roles", "users", "everyone")


def _v2_problems(body: Mapping[str, Any], at: Path) -> list[str]:
    """A message flagged ``IS_COMPONENTS_V2`` shows its components alone: Discord refuses one
    that also sends ``content``, ``embeds``, ``poll`` or stickers (50035)."""
    if not int(body.get("flags") or 0) & IS_COMPONENTS_V2:
        return []
    return [
        Problem(
            f"{key}: not allowed with IS_COMPONENTS_V2",
            (*at, key),
            "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            "The 'content', 'embeds', 'stickers' and 'poll' fields cannot be used with the"
            " IS_COMPONENTS_V2 flag",
        )
        for key in ("content", "embeds", "poll", "sticker_ids")
        if body.get(key)
    ]


def _mention_problems(mentions: Any, at: Path) -> list[str]:
    """Discord's Allowed Mentions Object: ``parse`` holds only ``roles``, ``users`` and
    ``everyone``; naming ``users`` (or ``roles``) there and listing some too is refused
    ("mutually exclusive"), and each list holds at most 100 ids."""
    if not isinstance(mentions, Mapping):
        return []
    problems: list[str] = []
    where = (*at, "allowed_mentions")
    parse = mentions.get("parse") or []
    for kind in parse:
        if kind not in MENTION_KINDS:
            message = f"Value must be one of {set(MENTION_KINDS)}."
            text = f"allowed_mentions.parse: {kind!r} is not a kind of mention"
            problems.append(Problem(text, (*where, "parse"), "BASE_TYPE_CHOICES", message))
    for kind in ("users", "roles"):
        listed = mentions.get(kind) or []
        if kind in parse and listed:
            problems.append(
                Problem(
                    f"allowed_mentions: {kind} both parsed and listed",
                    (*where, kind),
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
                )
            )
        if len(listed) > 100:
            text = f"allowed_mentions.{kind}: {len(listed)} (at most 100)"
            problems.append(too_long(text, (*where, kind), 100))
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


def is_empty_after_edit(
    message: Mapping[str, Any], edit: Mapping[str, Any], files: Sequence[object]
) -> bool:
    """Whether an edit would leave ``message`` showing nothing (its text blanked, its embeds,
    components and files taken away): Discord refuses it as it refuses an empty new message,
    400 "Cannot send an empty message" (50006). What the edit leaves out stays as it was."""
    after = {
        key: edit[key] if key in edit else message.get(key)
        for key in ("content", "embeds", "components", "poll")
    }
    if message.get("sticker_items"):
        return False
    listed = edit.get("attachments")
    kept = listed if listed is not None else [*(message.get("attachments") or []), *files]
    return is_empty_message(after, kept)


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
        if row.get("type") == 1 and len(items) > 1 and any(i.get("type") in SELECTS for i in items):
            # "An Action Row can contain up to 5 buttons or a single select component."
            text = f"components: a row of {len(items)} holding a select menu (a select alone)"
            problems.append(Problem(text, where, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", WIDTH))
        for index, item in enumerate(items):
            if item.get("type") == 2:
                problems += _button_problems(item, (*where, index))
            elif item.get("type") in SELECTS:
                problems += _select_problems(item, (*where, index))
    return problems


SELECTS = (3, 5, 6, 7, 8)
"""Select menus: of text options (3), users, roles, mentionables, channels."""
WIDTH = "The specified component exceeds the maximum width"
LINK, PREMIUM = 5, 6


def _button_problems(item: Mapping[str, Any], where: Path) -> list[str]:
    """Discord's Button: a label of at most 80 characters, and a label or an emoji (a premium
    button has neither); a link button a ``url`` (at most 512) and no ``custom_id``; any other
    a ``custom_id`` of 1-100 characters."""
    problems: list[str] = []
    label, custom_id = str(item.get("label") or ""), str(item.get("custom_id") or "")
    style = item.get("style")
    if len(label) > 80:
        text = f"button {custom_id!r}: label of {len(label)} (at most 80)"
        problems.append(too_long(text, (*where, "label"), 80))
    if style != PREMIUM and not label.strip() and not item.get("emoji"):
        problems.append(required(f"button {custom_id!r}: neither a label nor an emoji", where))
    if style == LINK:
        url = str(item.get("url") or "")
        if not url or len(url) > 512:
            text = f"link button {label!r}: url of {len(url)} characters (1-512)"
            problems.append(between(text, (*where, "url"), 1, 512))
        if "custom_id" in item:
            text = f"link button {label!r}: a custom_id (a link button has none)"
            problems.append(Problem(text, (*where, "custom_id"), "BUTTON_LINK_CUSTOM_ID", text))
    elif style != PREMIUM and not 1 <= len(custom_id) <= 100:
        text = f"button {label!r}: custom_id of {len(custom_id)} (1-100)"
        problems.append(between(text, (*where, "custom_id"), 1, 100))
    return problems


def _select_problems(item: Mapping[str, Any], where: Path) -> list[str]:
    """Discord's select menus: a ``custom_id`` of 1-100 characters, a placeholder of at most
    150, ``min_values`` 0-25 and ``max_values`` 1-25 (no fewer than ``min_values``); a text
    select 1-25 options, each a label and value of 1-100 characters and a description of at
    most 100, and ``max_values`` no more than its options."""
    problems: list[str] = []
    custom_id = str(item.get("custom_id") or "")
    if not 1 <= len(custom_id) <= 100:
        text = f"select: custom_id of {len(custom_id)} (1-100)"
        problems.append(between(text, (*where, "custom_id"), 1, 100))
    placeholder = str(item.get("placeholder") or "")
    if len(placeholder) > 150:
        text = f"select {custom_id!r}: placeholder of {len(placeholder)} (at most 150)"
        problems.append(too_long(text, (*where, "placeholder"), 150))
    low, high = int(item.get("min_values", 1)), int(item.get("max_values", 1))
    if not 0 <= low <= 25:
        text = f"select {custom_id!r}: min_values {low} (0-25)"
        problems.append(between(text, (*where, "min_values"), 0, 25))
    if not max(1, low) <= high <= 25:
        text = f"select {custom_id!r}: max_values {high} ({max(1, low)}-25)"
        problems.append(between(text, (*where, "max_values"), max(1, low), 25))
    if item.get("type") != 3:
        return problems
    options = item.get("options") or []
    if not 1 <= len(options) <= 25:
        text = f"select {custom_id!r}: {len(options)} options (1-25)"
        problems.append(between(text, (*where, "options"), 1, 25))
    elif high > len(options):
        text = f"select {custom_id!r}: max_values {high} past its {len(options)} options"
        problems.append(between(text, (*where, "max_values"), 1, len(options)))
    for number, option in enumerate(options):
        spot = (*where, "options", number)
        for key in ("label", "value"):
            said = str(option.get(key) or "")
            if not 1 <= len(said) <= 100:
                text = f"select {custom_id!r}: option {key} of {len(said)} (1-100)"
                problems.append(between(text, (*spot, key), 1, 100))
        description = str(option.get("description") or "")
        if len(description) > 100:
            text = f"select {custom_id!r}: option description of {len(description)} (at most 100)"
            problems.append(too_long(text, (*spot, "description"), 100))
    return problems


def callback_problems(
    kind: int,
    data: Mapping[str, Any],
    *,
    option_type: int | None = None,
    current_flags: int = 0,
) -> list[str]:
    """What Discord would refuse in an interaction callback of type ``kind`` (filed under the
    callback's ``data``, as Discord does): ``option_type`` is the type of the option an
    autocomplete asks about, ``current_flags`` those of the message an update (7) edits."""
    if kind == 4:
        return message_problems(data, ("data",)) + flag_problems(
            data.get("flags"), CREATE_FLAGS, ("data",)
        )
    if kind == 7:
        return message_problems(data, ("data",)) + edit_flag_problems(
            data.get("flags"), current_flags, ("data",)
        )
    if kind == 5:
        # "Thinking…": only who will see the answer is decided now.
        return flag_problems(data.get("flags"), EPHEMERAL_FLAG, ("data",))
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
            problems += choice_value_problems(value, option_type, where)
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
    label = str((item.get("label") if outer is None else outer) or "")
    if not 1 <= len(label) <= 45:
        text = f"input {name!r}: label of {len(label)} (1-45)"
        problems.append(between(text, (*where, "label"), 1, 45))
    placeholder = str(item.get("placeholder") or "")
    if len(placeholder) > 100:
        text = f"input {name!r}: placeholder of {len(placeholder)} (at most 100)"
        problems.append(too_long(text, (*where, "placeholder"), 100))
    most = item.get("max_length")
    if most is not None and not 1 <= int(most) <= 4000:
        problems.append(
            between(f"input {name!r}: max_length {most} (1-4000)", (*where, "max_length"), 1, 4000)
        )
    least = item.get("min_length")
    if least is not None and not 0 <= int(least) <= min(4000, int(most or 4000)):
        text = f"input {name!r}: min_length {least} (0-{min(4000, int(most or 4000))})"
        problems.append(between(text, (*where, "min_length"), 0, min(4000, int(most or 4000))))
    if item.get("style", 1) not in (1, 2):
        text = f"input {name!r}: style {item.get('style')!r} (1 short, 2 paragraph)"
        message = "Value must be one of {1, 2}."
        problems.append(Problem(text, (*where, "style"), "BASE_TYPE_CHOICES", message))
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


NAME_LIMITS: dict[str, tuple[int, int]] = {
    "thread": (1, 100),
    "event name": (1, 100),
    "event description": (0, 1000),
    "event location": (1, 100),
    "stage topic": (1, 120),
    "voice status": (0, 500),
}
"""Discord's lengths for the names and lines the guard rewrites (Modify Channel's ``name``,
Modify Guild Scheduled Event's ``name``, ``description`` and ``entity_metadata.location``,
Modify Stage Instance's ``topic``, a voice channel's ``status``)."""


def name_problems(what: str, text: object, path: Path) -> list[str]:
    """``text`` as Discord trims it, past its length for ``what`` (``NAME_LIMITS``)."""
    low, high = NAME_LIMITS[what]
    size = len(str(text or "").strip())
    if low <= size <= high:
        return []
    said = f"{what}: {size} characters ({low}-{high})"
    return [between(said, path, low, high) if low else too_long(said, path, high)]


# -- what each kind of interaction may be answered with, and with which flags ------------------

SUPPRESS_EMBEDS, EPHEMERAL_FLAG = 1 << 2, 1 << 6
SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE = 1 << 12, 1 << 13
CREATE_FLAGS = (
    SUPPRESS_EMBEDS | EPHEMERAL_FLAG | SUPPRESS_NOTIFICATIONS | IS_VOICE_MESSAGE | IS_COMPONENTS_V2
)
"""The flags a new message may be sent with (Create Message, an interaction's reply, a
follow-up: "only SUPPRESS_EMBEDS, EPHEMERAL, IS_COMPONENTS_V2, IS_VOICE_MESSAGE and
SUPPRESS_NOTIFICATIONS can be set")."""
EDIT_FLAGS = SUPPRESS_EMBEDS | IS_COMPONENTS_V2
"""The flags an edit may change ("only SUPPRESS_EMBEDS can currently be set/unset"; and
IS_COMPONENTS_V2 set, never unset); the bits a message already has may be sent back as they are."""

CALLBACKS_FOR: dict[int, frozenset[int]] = {
    1: frozenset({1}),  # PING: PONG
    2: frozenset({4, 5, 9}),  # APPLICATION_COMMAND: a message, "thinking", a modal
    3: frozenset({4, 5, 6, 7, 9}),  # MESSAGE_COMPONENT: any of these
    4: frozenset({8}),  # APPLICATION_COMMAND_AUTOCOMPLETE: choices only
    5: frozenset({4, 5, 6, 7}),  # MODAL_SUBMIT: never another modal
}
"""Discord's interaction response types, by interaction type (``receiving-and-responding``)."""


def callback_type_problem(interaction_type: int, kind: int, has_message: bool) -> str | None:
    """Why Discord refuses a callback of type ``kind`` to an interaction (None: it takes it).
    UPDATE_MESSAGE (7) needs a message to update: a form opened by a slash command has none
    ("only valid for component-based interactions"; DEFERRED_UPDATE_MESSAGE, 6, only
    acknowledges it there)."""
    allowed = CALLBACKS_FOR.get(interaction_type, frozenset())
    if interaction_type == 5 and not has_message:
        allowed = allowed - {7}
    if kind in allowed:
        return None
    return (
        f"Interaction callback type {kind} is not valid for an interaction of type"
        f" {interaction_type} (valid: {sorted(allowed)})"
    )


def flag_problems(flags: Any, allowed: int, at: Path = (), kept: int = 0) -> list[str]:
    """``flags`` holding a bit outside ``allowed`` (the bits in ``kept``, which the message has
    already, may be sent back unchanged), as Discord refuses them (50035)."""
    if flags is None:
        return []
    if isinstance(flags, bool) or not isinstance(flags, int):
        text = f"flags: {flags!r} is not an integer"
        return [Problem(text, (*at, "flags"), "NUMBER_TYPE_COERCE", "Value is not int.")]
    if stray := flags & ~(allowed | kept):
        text = f"flags: {flags} sets {stray}, which this request may not set (allowed {allowed})"
        return [Problem(text, (*at, "flags"), "MESSAGE_FLAGS_INVALID", "Invalid flags")]
    return []


def edit_flag_problems(flags: Any, current: int, at: Path = ()) -> list[str]:
    """An edit's flags against the message's ``current`` ones: only SUPPRESS_EMBEDS changes,
    IS_COMPONENTS_V2 may be set, never unset, and any other bit only stays as it is."""
    problems = flag_problems(flags, EDIT_FLAGS, at, kept=current)
    if problems or flags is None:
        return problems
    if current & IS_COMPONENTS_V2 and not flags & IS_COMPONENTS_V2:
        text = "flags: IS_COMPONENTS_V2 unset on a message sent with it"
        return [Problem(text, (*at, "flags"), "MESSAGE_FLAGS_INVALID", "Invalid flags")]
    return []


CHOICE_TYPES = {3: "string", 4: "integer", 10: "number"}
MAX_SAFE = 2**53


def focused_option(options: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The option an autocomplete interaction asks choices for (inside subcommands too)."""
    for option in options:
        if option.get("focused"):
            return option
        if (inner := focused_option(option.get("options") or [])) is not None:
            return inner
    return None


def choice_value_problems(value: Any, option_type: int | None, where: Path) -> list[str]:
    """A choice's value of the focused option's type: a string of at most 100 characters, an
    integer within ±2^53, or a number (Discord refuses a choice of another type, 50035)."""
    kind = CHOICE_TYPES.get(option_type or 3, "string")
    path = (*where, "value")
    if kind == "string":
        if not isinstance(value, str):
            text = f"choice value {value!r} for a string option"
            return [Problem(text, path, "STRING_TYPE_CONVERT", "Could not interpret as string.")]
        if len(value) > 100:
            return [too_long(f"choice value of {len(value)} (at most 100)", path, 100)]
        return []
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer" and not (isinstance(value, int) and not isinstance(value, bool)):
        text = f"choice value {value!r} for an integer option"
        return [Problem(text, path, "NUMBER_TYPE_COERCE", "Value is not int.")]
    if not numeric:
        text = f"choice value {value!r} for a number option"
        return [Problem(text, path, "NUMBER_TYPE_COERCE", "Value is not a number.")]
    if not -MAX_SAFE <= value <= MAX_SAFE:
        text = f"choice value {value!r} outside ±2^53"
        return [Problem(text, path, "NUMBER_TYPE_MAX", f"int value should be <= {MAX_SAFE}.")]
    return []


INVALID = ("INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type")
"""Discord's code and message for a callback type the interaction does not take."""
