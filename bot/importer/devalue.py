"""A script state flattened the way devalue writes it (Nuxt 3's ``__NUXT_DATA__``, other apps
built on the same library): one JSON array whose first entry is the value, and in which every
object's values and every array's items are indexes into that array, so a string or an object
used twice is stored once. ``[{"data": 1}, ["ShallowReactive", 2], {"body": 3}, "<p>…</p>"]`` is
``{"data": {"body": "<p>…</p>"}}``. Nothing in such a page's JSON reads as an article until it is
put back together."""

from __future__ import annotations

# devalue's own markers for values JSON cannot hold: undefined, a hole, NaN, ±Infinity, -0.
_SPECIALS = range(-6, 0)
# A real state nests a few dozen levels; deeper is broken or hostile.
_MAX_DEPTH = 256
_MAP_TYPES = {"Map", "null"}  # [type, key, value, key, value…]
_LIST_TYPES = {"Set"}  # [type, item, item…]
_TEXT_TYPES = {"Date", "RegExp", "BigInt", "URL", "URLSearchParams"}  # [type, text, …]


def _is_index(value: object, size: int) -> bool:
    return type(value) is int and (0 <= value < size or value in _SPECIALS)


def is_flattened(payload: object) -> bool:
    """Whether ``payload`` is devalue's array: its first entry an object or array, and every
    object's value and plain array's item an index into it (a typed entry, ``["Date", "…"]``
    or a framework's ``["ShallowReactive", 2]``, names its type first)."""
    if not isinstance(payload, list) or len(payload) < 2:
        return False
    if not isinstance(payload[0], dict | list) or not payload[0]:
        return False
    size = len(payload)
    for entry in payload:
        if isinstance(entry, dict):
            if not all(_is_index(value, size) for value in entry.values()):
                return False
        elif isinstance(entry, list) and entry and isinstance(entry[0], str):
            if entry[0] not in _TEXT_TYPES and not all(_is_index(v, size) for v in entry[1:]):
                return False
        elif isinstance(entry, list) and not all(_is_index(item, size) for item in entry):
            return False
    return True


def unflattened(payload: list[object]) -> object:
    """The value devalue's array holds. An entry is expanded where it is first reached: one
    reached again (shared, or a cycle) is ``None`` there, so the value is never larger than the
    array, however its entries refer to each other."""
    expanded: set[int] = set()

    def value(index: object, depth: int) -> object:
        if type(index) is not int or not 0 <= index < len(payload) or depth > _MAX_DEPTH:
            return None
        entry = payload[index]
        if not isinstance(entry, dict | list):
            return entry  # a string, number, boolean or null, stored once however often used
        if index in expanded:
            return None
        expanded.add(index)
        if isinstance(entry, dict):
            return {key: value(item, depth + 1) for key, item in entry.items()}
        if not entry or not isinstance(entry[0], str):
            return [value(item, depth + 1) for item in entry]
        kind, rest = entry[0], entry[1:]
        if kind in _TEXT_TYPES:
            return next((item for item in rest if isinstance(item, str)), None)
        if kind in _MAP_TYPES:
            return {
                str(value(key, depth + 1)): value(item, depth + 1)
                for key, item in zip(rest[::2], rest[1::2], strict=False)
            }
        if kind in _LIST_TYPES:
            return [value(item, depth + 1) for item in rest]
        # A framework's own wrapper (Nuxt's "Reactive", "ShallowRef", "NuxtError"…): the value
        # it wraps.
        return value(rest[0], depth + 1) if len(rest) == 1 else None

    return value(0, 0)
