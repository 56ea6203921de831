"""How a chat message states a relation between two words of a film: the words and signs that
link them ("is", "was", "=", "it's"), how far apart they may be, and the words that count.
"""

from __future__ import annotations

import re

from bot.features.spoiler.terms import OWNER

RELATION_GAP = 4
"""Words between the two words of a relation in a message, at most: further apart, they are
two remarks, not one statement."""
CLAIM_GAP = 6
"""Words between the two words of a relation, at most, in a message claiming a twist ("the
housekeeper turns out to be the dead woman")."""
# English words that state identity or what something turned out to be: "X is Y", "X was Y all
# along", "X turns out to be Y", "X = Y". Negated forms too: "her husband isn't seb" states a
# relation as surely; and contracted ones as chat writes them, apostrophe dropped ("the tide
# tables prove it's anders", "she's edith").
LINKS = frozenset(
    """is was were are be been being became become becomes isnt wasnt arent werent aint
    its shes hes thats whos theyre turns turned turn actually really""".split()  # noqa: SIM905 -- a word list reads better as text
)
CONTRACTED_LINK = re.compile(
    r"\b(?:it|she|he|that|who)['’]s\b|\bthey['’]re\b|\w['’]s\s+(?:a|an|the)\b", re.IGNORECASE
)
"""A contracted "is" ("it's anders", "she's edith", "they're"), and a name's "'s" before an
article, which is never a possessive ("nico's a rat", "the buyer's the dad")."""
TOLD_OF = re.compile(
    r"\b(?:she|he|they)(?:['’](?:s|re)|\s+(?:is|was|are|were))\s+"
    r"(?:(?:a|an|the|its|his|her|their|really|actually)\s+)?",
    re.IGNORECASE,
)
"""A pronoun stating what someone is, right before the word it states ("she's the owner")."""
LINK_SIGNS = ("=", "->", "→")
ARTICLES = frozenset({"the", "a", "an"})
DETERMINERS = ARTICLES | frozenset({"her", "his", "their", "its"})


def unowned(tokens: list[tuple[int, str, str, int, int]]) -> list[tuple[int, str, str, int, int]]:
    """The tokens that count, as ``terms`` reads them: the first after "my" or "our" is the
    writer's own life ("my dad's cooking"), not the film's."""
    said = []
    owned = False
    for token in tokens:
        if token[2] in OWNER:
            owned = True
        elif token[1]:
            if not owned:
                said.append(token)
            owned = False
    return said


_ABOUT = frozenset({"about", "toward", "towards"})
"""Words after a link that say what someone feels or talks about, not what they are ("gramps
being weirdly angry about bolt")."""


def links(between: list[tuple[int, str, str, int, int]], claims: bool = False) -> bool:
    """Whether the words ``between`` two words of a relation link them: a link word ("is",
    "was", "turns") not followed by "about" ("the housekeeper is edith", not "gramps being
    angry about bolt", which tells how he feels), unless the message claims a twist ("wally
    was right about eli the whole time")."""
    said = [token[2] for token in between]
    for at, word in enumerate(said):
        if word in LINKS:
            return claims or _ABOUT.isdisjoint(said[at + 1 :])
    return False
