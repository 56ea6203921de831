"""A part of a film named as it is on screen or judged ("the diner scenes", "the lighthouse is
stunning", "vera is the best detective partner ever"): a thing seen, not an ending told.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable

from bot.features.spoiler.chat_reading import FIRST_PERSON
from bot.features.spoiler.relations import ARTICLES, DETERMINERS, LINKS
from bot.features.spoiler.terms import SENTENCE, content
from bot.features.spoiler.words import FILM_TALK_WORDS, words

SCREEN_PARTS = frozenset(
    """scene scenes shot shots prop props effect effects sequence sequences set sets design
    costume costumes location locations bit bits moment moments""".split()  # noqa: SIM905
)
"""Words naming a part of a film as it is on screen ("the diner scenes", "the booth set")."""


_LOOKS = frozenset("look looks looked looking".split())  # noqa: SIM905
_JUDGED_BY = frozenset("is are was were".split())  # noqa: SIM905
DEGREES = frozenset(
    "so such very really super just absolutely genuinely kinda pretty truly".split()  # noqa: SIM905
)
"""Words of degree before a judgement ("is so cosy", "is such a good detail")."""
_JUDGEMENTS = frozenset(
    """stunning beautiful gorgeous amazing great good incredible cool creepy cosy cozy cute lovely
    perfect iconic fun funny tense scary real gorgeous breathtaking epic underrated overrated
    brilliant terrifying hilarious wonderful awesome fantastic nice boring weird eerie moody
    atmospheric claustrophobic pretty ugly massive huge tiny unreal magical dreamy adorable sweet
    charming wholesome heartwarming touching haunting
    spectacular actual mood vibe masterpiece gem icon classic highlight delight""".split()  # noqa: SIM905
)
"""Everyday English judgements of how something is on screen: what they judge is named, not
told ("the lighthouse is stunning")."""
_CRAFTED = frozenset(
    """shot filmed lit framed acted edited scored staged directed animated written played
    done""".split()  # noqa: SIM905
)
"""How a part of a film was made, after an adverb judging it ("beautifully shot", "well acted")."""
_PLACED = frozenset("at in on".split())  # noqa: SIM905
"""Prepositions saying where a thing judged is seen ("the sea at the end is unreal")."""
_PLACED_REACH = 5
"""Words before a judgement read as the thing judged when they say where it is seen."""
_TELLS_SCENE = frozenset("where when with as after before".split())  # noqa: SIM905


_SUPERLATIVES = frozenset(
    "best worst greatest funniest cutest coolest scariest creepiest prettiest".split()  # noqa: SIM905
)
"""Judgements said after "the" ("noodle is the best character")."""
RANKED = re.compile(
    r"(?:\b(?:is|was|are|were)|['’]s)\s+(?:the|my|our)\s+(?:"
    + "|".join(sorted(_SUPERLATIVES))
    + r"|most\s+\w+)\s+(?P<what>(?:\w+\s+){0,2}?\w+)"
    r"(?=\s+(?:ever|of|in|since)\b|\s*(?:$|[.!?,;:)\n]))",
    re.IGNORECASE,
)
"""What a superlative ranks someone as, to the end of its clause or to "ever", "of", "in"
("is the best detective partner ever", "is my favourite"): a judgement of them."""


_INDEFINITE = frozenset("a an whole total".split())  # noqa: SIM905
"""Words before a judgement said as a noun ("is a whole mood", "is a total gem")."""


def _judged(after: list[tuple[int, str, str, int, int]]) -> bool:
    """Whether the words ``after`` a "is" judge what it is said of: a judgement, after words of
    degree or an indefinite article ("is so cosy", "is a real bar", "is a whole mood"), or a
    superlative after "the" ("is the best character")."""
    said = [item[2] for item in after]
    if said[:1] == ["the"]:
        return said[1:2] != [] and said[1] in _SUPERLATIVES
    degrees = list(itertools.takewhile(lambda word: word in DEGREES or word in _INDEFINITE, said))
    said = said[len(degrees) :]
    if said[:1] != [] and said[0] in _JUDGEMENTS:
        return True
    # "is so pretty": a word of degree ("pretty good") that is a judgement of its own.
    if degrees and degrees[-1] in _JUDGEMENTS:
        return True
    # "is beautifully shot", "is so well acted": how it was made, judged.
    return len(said) > 1 and (said[0].endswith("ly") or said[0] == "well") and said[1] in _CRAFTED


_LIST_WORDS = 5
"""Words of a thing named in a list, at most ("and the hotel lobby piano")."""
_LISTING = frozenset("and or plus also".split())  # noqa: SIM905


_SUBJECT_WORDS = 10
"""Words of a thing named with what it is ("the video messages ada records for her daughter"),
at most."""
_TELLING_SUBJECT = FILM_TALK_WORDS | frozenset(
    "way fact reveal moment moments part bit bits idea thing".split()  # noqa: SIM905
)
"""Words of a subject that go on to tell a story ("the way owen kills the sheriff is brutal", "the
moment bolt rusts is so sad"), not name a thing."""


def _named_subject(before: list[tuple[int, str, str, int, int]], clause: int) -> int:
    """How many words before a judgement name the thing it judges, from the clause's start:
    a subject opening with "the" or a possessive ("the video messages ada records for her
    daughter"), with no verb form telling an event ("getting arrested"), no link ("the twist
    that she is ...") and no word that goes on to tell ("the way ...", "the moment ..."); 0
    otherwise, when only the words right before the judgement are its thing."""
    subject = [item for item in before if item[3] > clause]
    if not subject or len(subject) > _SUBJECT_WORDS or subject[0][2] not in DETERMINERS:
        return 0
    for item in subject:
        word = item[2]
        if word in LINKS or word in _TELLS_SCENE or word in _TELLING_SUBJECT or _happening(word):
            return 0
        if word in FIRST_PERSON or word in ("who", "that", "which"):
            return 0
    return len(subject)


def _judgement_noun(after: list[tuple[int, str, str, int, int]], sentence: str) -> set[str]:
    """The stem of the noun a judgement names when it ends the clause ("is such a cool touch",
    "is a nice detail"): how the thing is judged, not a thing of the story."""
    said = [item[2] for item in after]
    leading = itertools.takewhile(lambda word: word in DEGREES or word in _INDEFINITE, said)
    skip = len(list(leading))
    if skip + 1 >= len(after) or said[skip] not in _JUDGEMENTS:
        return set()
    noun = after[skip + 1]
    rest = sentence[noun[4] :].lstrip()
    ends = not rest or rest[0] in ".,!?;:)"
    return {noun[1]} if ends and noun[1] else set()


def _listed(rest: str) -> set[str]:
    """Stems of the things ``rest`` lists after a judgement's clause (", and the hotel lobby
    piano", ", the ballroom, the piano"): each a bare name after a comma, with an article or
    possessive and no verb of its own ("..., and then she dies" tells)."""
    found: set[str] = set()
    for piece in rest.split(",")[1:]:
        said = [word for word in words(piece) if word]
        said = list(itertools.dropwhile(lambda word: word in _LISTING, said))
        if not said or said[0] not in DETERMINERS or len(said) > _LIST_WORDS:
            break
        if any(word in LINKS or word in _TELLS_SCENE or _happening(word) for word in said):
            break
        found |= {term for _, term, *_ in content(piece) if term}
    return found


def _acting(
    tokens: list[tuple[int, str, str, int, int]], people: frozenset[str], done: Iterable[str]
) -> bool:
    """Whether ``tokens`` say someone doing what the ending tells: a verb's "-ing" form of
    ``done`` (the ending's terms) right after a word of the film's plot (``people``: "sister
    burning"), not after a determiner or an adjective ("the wedding", "the big wedding"), nor a
    doing of the plot ("noodle the rat riding on bolt's head")."""
    return any(
        token[2].endswith("ing") and token[1] in done and previous[1] in people
        for previous, token in itertools.pairwise(tokens)
    )


def _happening(word: str) -> bool:
    """Whether a word reads as a verb's "-ing" or "-ed" form ("getting arrested at the
    lighthouse"): an event told, not a thing or a place seen."""
    return len(word) > 4 and word.endswith(("ing", "ed"))


"""Words after a part's name that go on to tell what happens in it."""


def named_parts(
    text: str,
    untitled: Callable[
        [list[tuple[int, str, str, int, int]]], list[tuple[int, str, str, int, int]]
    ] = lambda tokens: tokens,
    people: frozenset[str] = frozenset(),
    done: Iterable[str] = (),
) -> set[str]:
    """Stems ``text`` says right before a word naming a part of the film on screen ("the
    diner scenes look cosy", "the voice changer effects"), before "looks" ("the millpond
    looks like a painting") or judged ("the island and the lighthouse are stunning"): the name
    of a scene, a prop or a place as seen; not
    when what follows tells it ("the lighthouse scene where he says he remembers nothing").
    ``untitled`` leaves out the film's names ("seb's club from la la land is a real bar");
    ``people``, the film's plot words, doing one of ``done``, the ending's terms, tell an event
    judged ("the little sister burning the theatre is iconic"), no part."""
    parts: set[str] = set()
    for sentence in SENTENCE.split(text):
        tokens = untitled(content(sentence))
        for at, token in enumerate(tokens):
            if token[2] in _JUDGED_BY and at and _judged(tokens[at + 1 : at + 4]):
                # "the little sister burning the theatre is iconic": someone doing something,
                # judged, is an event told, not a thing seen ("the wedding is gorgeous" is one).
                if _acting(tokens[max(0, at - _PLACED_REACH) : at], people, done):
                    continue
                # "the island and the lighthouse are stunning": a place or a thing judged; "the
                # sea at the end is unreal": with where it is seen, up to the clause's start.
                reach = 3
                if any(item[2] in _PLACED for item in tokens[max(0, at - 3) : at]) and not any(
                    _happening(item[2]) for item in tokens[max(0, at - _PLACED_REACH) : at]
                ):
                    reach = _PLACED_REACH
                clause = sentence.rfind(",", 0, token[3])
                # "the video messages ada records for her daughter are so sweet": a thing named
                # with what it is, from the clause's "the", judged whole.
                reach = max(reach, _named_subject(tokens[:at], clause))
                before = [
                    item
                    for item in tokens[max(0, at - reach) : at]
                    if item[2] not in ARTICLES and item[3] > clause
                ]
                if not any(item[2] in _TELLS_SCENE or item[2] in LINKS for item in before):
                    parts.update(item[1] for item in before if item[1])
                    # "the ballroom is so pretty, and the hotel lobby piano": what the list
                    # after the judgement names is judged too.
                    parts |= _listed(sentence[token[4] :])
                    parts |= _judgement_noun(tokens[at + 1 : at + 6], sentence)
                continue
            if token[2] in _LOOKS:
                # "the millpond looks like a painting": how something looks on screen.
                before = [item for item in tokens[max(0, at - 4) : at] if item[2] not in ARTICLES]
                if not any(item[2] in _TELLS_SCENE or item[2] in LINKS for item in before):
                    parts.update(item[1] for item in before if item[1])
                continue
            if token[2] not in SCREEN_PARTS or not at:
                continue
            if any(after[2] in _TELLS_SCENE for after in tokens[at + 1 : at + 7]):
                continue  # "the lighthouse scene where he says ...": the scene is told
            for before in reversed(tokens[max(0, at - 2) : at]):
                if not before[1]:
                    break
                parts.add(before[1])
    return parts
