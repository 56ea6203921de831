"""A cheap screen in front of a regular expression: the text it cannot match without.

The chrome rules are a hundred-odd patterns tried on every short line of an article, and almost
every line of prose matches none of them. Each pattern is read once, when its screen is first
used (not at import: every process importing the importer, each test worker among them, paid
for reading a hundred-odd patterns it might never try), for the literal
text any match must contain ("newsletter", one of "views"/"likes"/…); a line that contains none of
them is ruled out with a substring test instead of a regex search. The screen never changes a
decision: a pattern whose match needs no fixed text (or needs text this reader cannot see through,
such as a lookahead's) is always searched.

Case-insensitive patterns are compared on folded text: the lower case ``re`` itself compares, with
the characters ``re`` treats as the same letter ("ı" and "i", "ſ" and "s", "ς" and "σ") made one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

try:  # ``re``'s own reader of patterns: private, the same from 3.11 to 3.13
    from re import _casefix, _constants, _parser  # type: ignore[attr-defined]
except ImportError:  # a Python keeping them elsewhere: no screen, every pattern searched
    _casefix = _constants = _parser = None

# ``re`` lowers a character by its one-character (simple) mapping; str.lower() uses the full one,
# which differs only for "İ" ("i" and a combining dot). Sigma at a word's end ("ς") is folded
# together with "σ" below, as ``re`` treats them as one letter.
_BEFORE_LOWER = {0x130: "i"}
_SAME_LETTER = {
    char: chr(min((char, *others)))
    for char, others in (_casefix._EXTRA_CASES.items() if _casefix else ())
    if min((char, *others)) != char
}


def fold(text: str) -> str:
    """The text as a case-insensitive ``re`` pattern compares it, one character for one."""
    return text.translate(_BEFORE_LOWER).lower().translate(_SAME_LETTER)


Needs = frozenset[str] | None  # one of these must be in the folded text; None: nothing known


def _better(first: Needs, second: Needs) -> Needs:
    """The stricter of two needs: longer shortest text, then fewer texts."""
    if first is None:
        return second
    if second is None:
        return first

    def strictness(needs: frozenset[str]) -> tuple[int, int]:
        return min(len(text) for text in needs), -len(needs)

    return first if strictness(first) >= strictness(second) else second


_MOST_SPELLINGS = 64  # a run with more spellings than this is cut in two


def _product(first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
    return frozenset(head + tail for head in first for tail in second)


def _exact(op: object, value: object) -> frozenset[str] | None:
    """Every folded text an item can match, when they are few ("(?:tap|hit) the" is two)."""
    if op is _constants.LITERAL:
        return frozenset({fold(chr(value))})  # type: ignore[arg-type]
    if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
        return frozenset({""})  # it matches no text: what is around it is read on
    if op is _constants.IN:
        chars = set()
        for item_op, item_value in value:  # type: ignore[attr-defined]
            if item_op is not _constants.LITERAL:
                return None
            chars.add(fold(chr(item_value)))
        return frozenset(chars)
    if op is _constants.SUBPATTERN:
        return _exact_sequence(value[-1])  # type: ignore[index]
    if op is _constants.BRANCH:
        found: set[str] = set()
        for branch in value[1]:  # type: ignore[index]
            spellings = _exact_sequence(branch)
            if spellings is None:
                return None
            found |= spellings
        return frozenset(found) if len(found) <= _MOST_SPELLINGS else None
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, high, inner = value  # type: ignore[misc]
        if (low, high) != (0, 1):
            return None
        spellings = _exact_sequence(inner)
        return None if spellings is None else spellings | {""}
    return None


def _exact_sequence(items: Iterable[tuple[object, object]]) -> frozenset[str] | None:
    spellings = frozenset({""})
    for op, value in items:
        more = _exact(op, value)
        if more is None or len(spellings) * len(more) > _MOST_SPELLINGS:
            return None
        spellings = _product(spellings, more)
    return spellings


def _needs(items: Iterable[tuple[object, object]]) -> Needs:
    """What any match of this sequence of parsed items must contain: of the runs of items with
    few spellings, and the needs of the others, the strictest."""
    best: Needs = None
    run = frozenset({""})
    for op, value in items:
        spellings = _exact(op, value)
        if spellings is not None and len(run) * len(spellings) <= _MOST_SPELLINGS:
            run = _product(run, spellings)
            continue
        if "" not in run:
            best = _better(best, run)
        if spellings is not None:
            run = spellings
        else:
            run = frozenset({""})
            best = _better(best, _item_needs(op, value))
    if "" not in run:
        best = _better(best, run)
    return best


def _item_needs(op: object, value: object) -> Needs:
    if op is _constants.BRANCH:
        found: set[str] = set()
        for branch in value[1]:  # type: ignore[index]
            needs = _needs(branch)
            if needs is None:
                return None
            found |= needs
        return frozenset(found)
    if op is _constants.SUBPATTERN:
        return _needs(value[-1])  # type: ignore[index]
    if op is _constants.ATOMIC_GROUP:
        return _needs(value)  # type: ignore[arg-type]
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, _high, inner = value  # type: ignore[misc]
        return _needs(inner) if low >= 1 else None
    return None  # anything else (a class, a back reference) promises no text


def needs(pattern: re.Pattern[str]) -> Needs:
    """The folded texts one of which every match of ``pattern`` contains, or None."""
    if _parser is None:
        return None
    try:
        found = _needs(_parser.parse(pattern.pattern, pattern.flags))
    except (AttributeError, TypeError, ValueError, IndexError):
        # a parse tree of a shape this reader does not know (a newer ``re``): no screen
        return None
    if found is None:
        return None
    # a text that holds another of them adds nothing: "views" is found with "view"
    return frozenset(text for text in found if not any(o != text and o in text for o in found))


def _trie(texts: Iterable[str]) -> str:
    """A pattern matching the longest of ``texts`` that starts where it is tried."""
    root: dict[str, dict] = {}
    for text in texts:
        node = root
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}

    def written(node: dict[str, dict]) -> str:
        ways = [re.escape(char) + written(after) for char, after in sorted(node.items()) if char]
        if not ways:
            return ""
        body = ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer text first

    return written(root)


class _Screens:
    """``AnyRule``'s screens: the patterns always searched, and one scan finding every screening
    text in a line with the patterns each lets through."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        always: set[int] = set()
        screened: dict[str, set[int]] = {}
        for index, pattern in enumerate(patterns):
            found = needs(pattern)
            if found is None:
                always.add(index)
            for text in found or ():
                screened.setdefault(text, set()).add(index)
        self.always = frozenset(always)
        self.rules_after = {
            text: frozenset(
                index for end in range(1, len(text) + 1) for index in screened.get(text[:end], ())
            )
            for text in screened
        }
        self.scan = re.compile("(?=(" + _trie(screened) + "))") if screened else None


class AnyRule:
    """Whether any of some patterns matches a text, each searched only when its screen lets the
    text through.

    One scan of the folded text finds, at each place, the longest screening text that starts
    there; every shorter one starting there is its beginning, so every screening text in the line
    is found, and with it every pattern worth searching."""

    def __init__(
        self, searched: Iterable[re.Pattern[str]], matched: Iterable[re.Pattern[str]] = ()
    ) -> None:
        self._patterns = [*searched]
        self._checks = [pattern.search for pattern in self._patterns]
        for pattern in matched:
            self._patterns.append(pattern)
            self._checks.append(pattern.match)
        self._screens: _Screens | None = None

    def _screened(self) -> _Screens:
        """The screens, read from the patterns the first time they are asked for. Two threads
        asking at once each work out the same screens; one of them is kept."""
        if self._screens is None:
            self._screens = _Screens(self._patterns)
        return self._screens

    def candidates(self, text: str) -> set[int]:
        """The patterns (by their place) the text passes the screens of."""
        screens = self._screened()
        found = set(screens.always)
        if screens.scan is not None:
            for text_found in screens.scan.findall(fold(text)):
                found |= screens.rules_after[text_found]
        return found

    def matches(self, text: str) -> bool:
        return any(self._checks[index](text) for index in self.candidates(text))

    def matches_unscreened(self, text: str) -> bool:
        """The same answer with every pattern searched: what the screens must never change."""
        return any(check(text) for check in self._checks)


def screen(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether ``pattern`` may match a text, asked of the folded text (see ``fold``): False
    only when the text lacks everything any match must contain. The pattern is read the first
    time the screen is asked."""
    texts: tuple[str, ...] | None = None
    always = False

    def may_match(folded: str) -> bool:
        nonlocal texts, always
        if texts is None:
            found = needs(pattern)
            always = found is None
            texts = tuple(sorted(found or ()))
        return always or any(text in folded for text in texts)

    return may_match
