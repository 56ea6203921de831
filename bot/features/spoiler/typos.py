"""A word mistyped by one letter (left out, added, changed, or two swapped): the candidates and
the test.
"""

from __future__ import annotations

TYPO_LENGTH = 5
"""Letters a word has at least for a typo of it to be read as it: shorter words are as often
other words one letter away ("wade", "wide")."""


def deletions(word: str) -> set[str]:
    """``word``, and each way of leaving one letter out of it."""
    return {word, *(word[:at] + word[at + 1 :] for at in range(len(word)))}


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter left out, added or changed, or two next to
    each other swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [at for at, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:at] + longer[at + 1 :] == shorter for at in range(len(longer)))
