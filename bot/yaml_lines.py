"""YAML parsing that remembers the line of every value, so errors can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

FAST_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = (
    yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
)
"""libyaml's parser when PyYAML was built with it: over ten times faster than the pure-Python
one, with the same nodes, marks and constructed values (only syntax error wording differs)."""


@dataclass
class ParsedYaml:
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[PathKey, int]] = field(default_factory=list)

    def line_of(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class YamlSyntaxError(ValueError):
    def __init__(self, line: int | None, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(problem)


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document; raise YamlSyntaxError with the line of a syntax error."""
    try:
        return _parse(text, FAST_LOADER)
    except UnicodeEncodeError:
        # libyaml reads UTF-8, which a lone surrogate cannot be written in (text decoded from a
        # file never has one); the pure-Python reader reports it as the YAML error it is.
        return _parse(text, yaml.SafeLoader)


def _parse(text: str, loader_class: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> ParsedYaml:
    try:
        loader = loader_class(text)  # the pure-Python reader checks every character here
        try:
            node = loader.get_single_node()
            if node is None:
                return ParsedYaml(None)
            parsed = ParsedYaml(None)
            _index(node, (), parsed)
            parsed.data = loader.construct_document(node)
            return parsed
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        # Its position counts characters or UTF-8 bytes, depending on the parser; the first
        # unacceptable character is the first occurrence of that character either way.
        at = text.find(chr(exc.character))
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        raise YamlSyntaxError(
            line, f"unacceptable character #x{exc.character:04x} ({exc.reason})"
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError(mark.line + 1 if mark else None, str(exc.problem or exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, str(exc)) from exc


def _index(node: yaml.Node, path: PathKey, parsed: ParsedYaml) -> None:
    parsed.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                # PyYAML silently keeps the last value; a person almost never means that.
                parsed.duplicate_keys.append((child, key_node.start_mark.line + 1))
            seen.add(key)
            _index(value_node, child, parsed)
            # A field's line is its key's line (a nested mapping's value starts below it).
            parsed.lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*path, index), parsed)
