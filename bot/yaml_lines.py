"""YAML parsing that remembers the line of every value, so errors can point at it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

FAST_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = (
    yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
)
"""libyaml's parser when PyYAML was built with it: over ten times faster than the pure-Python
one, with the same nodes, marks and constructed values (only syntax error wording differs)."""

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted. Content needs about 5; each level costs a
recursive call in the composer, the line index and pydantic, so a deeply nested hostile file
would otherwise end in a RecursionError (or a C stack overflow inside libyaml's composer)."""

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TOO_DEEP = (
    f"nests lists and mappings more than {MAX_DEPTH} levels deep;"
    " content needs only a few levels: flatten it"
)
_LIBYAML_CAPS_NESTING = bool(yaml.__with_libyaml__) and yaml.CSafeLoader is not yaml.SafeLoader
"""libyaml (0.2.5 and later) refuses nesting past 1,000 while parsing, which keeps its own
composer's recursion shallow; the pure-Python composer has no such cap."""
if _LIBYAML_CAPS_NESTING:
    from yaml import _yaml as _libyaml

    _LIBYAML_CAPS_NESTING = tuple(_libyaml.get_version()) >= (0, 2, 5)


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
    """Parse one YAML document; raise YamlSyntaxError with the line of a syntax error.

    The work is bounded by the size of ``text``: anchors and aliases are refused before anything
    is built (an alias "bomb" expands exponentially in whatever walks the data), nesting is
    capped at ``MAX_DEPTH``, and dates stay strings for the schema to check with a field name.
    """
    try:
        return _parse(text, _guarded(FAST_LOADER))
    except UnicodeEncodeError:
        # libyaml reads UTF-8, which a lone surrogate cannot be written in (text decoded from a
        # file never has one); the pure-Python reader reports it as the YAML error it is.
        return _parse(text, _guarded(yaml.SafeLoader))


@functools.cache
def _guarded(base: type[Any]) -> type[Any]:
    """``base`` without implicit timestamps, and with constructor failures located.

    ``2000-02-30`` would otherwise become a ValueError from ``datetime.date`` with no line; as a
    string it reaches the schema, which names the field. A value that still cannot be built (an
    explicit ``!!timestamp``, an integer of 5,000 digits) becomes a YAML error at its node.
    """
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag != _TIMESTAMP]
        for first, entries in base.yaml_implicit_resolvers.items()
    }

    def construct_object(self: Any, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return base.construct_object(self, node, deep)
        except (ValueError, OverflowError, TypeError) as exc:
            reason = str(exc).split("; ")[0]  # drop advice meant for programmers
            problem = f"cannot read this {node.tag.rsplit(':', 1)[-1]} value: {reason}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from exc

    return type(
        f"Guarded{base.__name__}",
        (base,),
        {"yaml_implicit_resolvers": resolvers, "construct_object": construct_object},
    )


_ALIASES_REFUSED = (
    "anchors and aliases are not supported here, so write values out in full; a value"
    ' starting with * or & (markdown *emphasis* too) must be in quotes ("…"), or written as a'
    " block (|, its text indented on the lines below)"
)


def _check_events(text: str, loader_class: type[Any]) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before any node exists.

    Events come from a flat state machine (no recursion, nothing expanded), so this pass costs
    time linear in the text whatever the text is.
    """
    loader = loader_class(text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1
            # Told by its line, never by its name: an author's markdown emphasis at a value's
            # start ("*Greg dies at the end.*") is read as an alias named by its first word,
            # the film's own text.
            if isinstance(event, yaml.AliasEvent):
                raise YamlSyntaxError(line, f"uses an alias (*): {_ALIASES_REFUSED}")
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                raise YamlSyntaxError(line, f"defines an anchor (&): {_ALIASES_REFUSED}")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlSyntaxError(line, _TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _needs_event_check(text: str, loader_class: type[Any]) -> bool:
    """Whether ``_check_events`` must run first. Without ``&`` or ``*`` there is no anchor or
    alias, and with libyaml's own cap the composer survives any nesting until ``_index``
    measures it; the check would cost a third of the parse for nothing."""
    if not (_LIBYAML_CAPS_NESTING and issubclass(loader_class, yaml.CSafeLoader)):
        return True
    return "&" in text or "*" in text


def _parse(text: str, loader_class: type[Any]) -> ParsedYaml:
    try:
        if _needs_event_check(text, loader_class):
            _check_events(text, loader_class)
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
        raise _explained(exc, text) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, str(exc)) from exc


INDENT_HINT = (
    "check the indentation here: the entries of one list or mapping start in the same column,"
    " and a key's value goes on its line or indented under it"
)
TAB_HINT = "YAML indents with spaces, not tabs: replace the tab with spaces"
QUOTE_HINT = (
    "a value holding a quote mark is quoted with the other mark ('She says \"no\"'), or"
    " written as a block (|, its text indented on the lines below)"
)


_QUOTED_TEXT = re.compile(r"'(?!<)[^'\n]{2,}'")


def _explained(exc: yaml.MarkedYAMLError, text: str) -> YamlSyntaxError:
    """The parser's words, and how to write what it could not read: an author reading "mapping
    values are not allowed in this context" learns neither. The line is where the mistake is
    (an unclosed quote: where it opens, not the end of the file where the parser gave up).
    The file's own text is not echoed: it may be an ending."""
    # A tag's or handle's name quoted in the parser's words is the file's text ("the tag
    # '!Greg'" for a value "!Greg dies at last"): left out. A character quoted ('@') and the
    # parser's own token names ('<scalar>') are kept.
    problem = _QUOTED_TEXT.sub("(not repeated here)", str(exc.problem or exc))
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    hint = ""
    indicator = _leading_indicator(text, exc)
    if "quoted scalar" in context and "end of stream" in problem:
        mark = exc.context_mark or mark
        hint = "the quote opened on this line is never closed: end the text with the same mark"
    elif indicator is not None:
        mark, started = indicator
        hint = (
            f'a text starting with {started} must be in quotes: put the whole text in "…" (a "'
            ' inside it written \\"), or write it as a block (|, its text indented on the lines'
            " below)"
        )
    elif "mapping values are not allowed" in problem:
        hint = (
            "a text holding ': ' must be in quotes (\"…\") or written as a block (|, its text"
            f" indented on the lines below); or {INDENT_HINT}"
        )
    elif "alias" in context or "anchor" in context:
        hint = (
            'a value starting with * or & (markdown *emphasis* too) must be in quotes ("…"),'
            " or written as a block (|, its text indented on the lines below)"
        )
    elif "tab character" in problem:
        hint = TAB_HINT
    elif "cannot start any token" in problem and exc.problem_mark is not None:
        at = exc.problem_mark.index
        if text[at : at + 1] == "\t":
            hint = TAB_HINT
        else:
            hint = (
                f'a value starting with {text[at : at + 1]} must be in quotes ("…"), or'
                " written as a block (|, its text indented on the lines below)"
            )
    elif "another document" in problem:
        # Shared with config.yaml: said for both (a content file is one film).
        hint = (
            "the file holds one document and this line starts another (---): remove the ---"
            " (a content file holds one film: put another film in a file of its own)"
        )
    elif "expected key" in problem or "expected '-'" in problem or "block end" in problem:
        hint = f"{INDENT_HINT}; {QUOTE_HINT}"
    message = f"{problem}: {hint}" if hint else problem
    return YamlSyntaxError(mark.line + 1 if mark else None, message)


VALUE_START = re.compile(r"^[ \t]*(?:-[ \t]+)*(?:[^\s#'\"\[{|>-][^#]*?:[ \t]+)?([|>\[{!])(.*)$")
"""A value on its line (after ``key: `` or ``- ``) that starts with a character YAML reads as
its own: ``|`` and ``>`` begin a block, ``[`` and ``{`` a list or a mapping, ``!`` a tag."""
BLOCK_HEADER = re.compile(r"^[-+]?[1-9]?[-+]?\s*(?:#.*)?$")


def _leading_indicator(text: str, exc: yaml.MarkedYAMLError) -> tuple[Any, str] | None:
    """Where YAML failed on a text that starts with ``|``, ``>``, ``[`` or ``{`` (a spoiler's
    bars, a citation, a quotation mark), that line's mark and how the text starts: such a
    text must be quoted, which the parser's own words ("did not find expected key") never say.
    A block's own header (``|``, ``>-``) is not such a text."""
    lines = text.splitlines()
    for mark in (exc.problem_mark, exc.context_mark):
        if mark is None or not 0 <= mark.line < len(lines):
            continue
        found = VALUE_START.match(lines[mark.line])
        if found is None:
            continue
        started, rest = found[1], found[2]
        if started in "|>" and BLOCK_HEADER.match(rest):
            continue
        return mark, "||" if started == "|" and rest.startswith("|") else started
    return None


def _index(node: yaml.Node, path: PathKey, parsed: ParsedYaml, depth: int = 0) -> None:
    parsed.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        depth = _deeper(node, depth)
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                _check_depth(key_node, depth)  # a list or mapping as a key: rare, but nested too
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                # PyYAML silently keeps the last value; a person almost never means that.
                parsed.duplicate_keys.append((child, key_node.start_mark.line + 1))
            seen.add(key)
            _index(value_node, child, parsed, depth)
            # A field's line is its key's line (a nested mapping's value starts below it).
            parsed.lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        depth = _deeper(node, depth)
        for index, item in enumerate(node.value):
            _index(item, (*path, index), parsed, depth)


def _deeper(node: yaml.Node, depth: int) -> int:
    """The depth of the collection ``node`` inside one at ``depth``; too deep is an error."""
    if depth >= MAX_DEPTH:
        raise YamlSyntaxError(node.start_mark.line + 1, _TOO_DEEP)
    return depth + 1


def _check_depth(node: yaml.Node, depth: int) -> None:
    """Refuse ``node`` if it nests too deep under ``depth``, without recursing."""
    stack = [(node, depth)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, yaml.MappingNode):
            level = _deeper(current, level)
            stack.extend((part, level) for pair in current.value for part in pair)
        elif isinstance(current, yaml.SequenceNode):
            level = _deeper(current, level)
            stack.extend((item, level) for item in current.value)
