"""A film's *ending vocabulary*: the terms distinctive of its ``ending``-level text.

Built from the film's own content, with no word list about any film: a term (a word stem, or
two stems in a row) belongs to the vocabulary when it occurs in the film's ending-level text
(ending sections and items, FAQ answers, the final shot, inline ``||spans||``) and not in its
``none``/``plot`` text, and is not part of the film's title or aliases. So "Mia" (in the recap
too) is not a spoiler term, while "married" or "jazz club", said only where the ending is
explained, are. A question in the other text ("Is June really dead?", an FAQ heading) asks about
the ending without telling it, so its words do not count as said there; and no two-stem term
has a word of the title in it, since every message about the film says its title.

A chat message about the film spoils its ending when it uses enough of those terms: one
two-stem term, one term of the ending's summary (the ending-level quick answer), or two other
distinctive terms that one sentence of the ending says together.

Twists are often told with words the plot already uses ("the housekeeper IS edith"): the spoiler is
a *relation*. So the vocabulary also keeps the pairs of plot-level words that one sentence of the
ending says together and no sentence of the other text does. A message saying such a pair close
together spoils when a link joins them ("is", "was", "=", "turns out"); said close together without
one, it counts as one weak term. A message that claims a hidden identity ("X was Y all along",
"turns out", "in disguise", ``_TWIST_CLAIM``) and links two of the plot's words that no sentence of
the plot says together states a relation too, even one the ending words otherwise. And a message
saying who did it ("holm did it", "X is the one who...", "X had nothing to do with it",
``_CULPRIT``) of one of the people or things the ending's summary names (its uncommon plot words
and names) tells the ending's culprit. A message that asks, guesses or says it won't tell
(``words.hedged``) needs twice the evidence: "who is the killer?" uses the ending's word without
giving the ending, while "wait so the housekeeper was edith??" still states the relation.

Some ending text is no event of the film: a sentence naming the director, the cast or a cited
author, or talking about "the ending" itself, is commentary ("Chazelle has said...", "The ending is
quiet rather than dramatic") and gives no terms, as its words are those of reviews. And two
everyday words in a row ("jazz club": both among the 5,000 commonest English words,
``words.COMMON_STEMS``) are said in any chat, so such a pair is one weak term: it needs another
word of the same ending sentence, with no stem in common.

A word's weight also depends on the films around it. Each server's catalog gives document
frequencies (``CatalogTerms``: how many films use each stem, over a sample of at most
``FREQUENCY_SAMPLE`` films): a stem used by a quarter of the films or more ("dies", "married",
"burns") says little about any one of them. Such a central term, and an everyday word central to a
long explainer (``LONG_ENDING`` sentences or more, where "club", "smile" or "theme" are central by
chance as much as by meaning), weighs 2 only when the message anchors it to the film: it says a
word of the film's world the ending says too (a short ending: any of its plot's words; a long one:
an uncommon plot word or a name of a sentence saying the term, such as "Mia", or "Tom" however
everyday a word), it talks about the ending ("she ends up married"), or it tells the term of
someone in a clause not about the writer ("she marries someone else": in a message naming the film,
that someone is one of its people). Otherwise it weighs 1 and needs another term. The frequencies
follow the catalog: vocabularies are kept per film revision *and* catalog sample, so a film added,
changed or removed gives new frequencies and new vocabularies.

An ending word in a message is not always about the film's story. In a clause about the writer (a
first-person word in it: "my cousin got married", "made me want to open a jazz club") or a sentence
about the film's craft ("the score", "the cinematography") it counts for nothing, not even as a
weak term, unless the message says it elsewhere too. A last "me" after a verb is what the story did
to the writer, not their life ("the bit where she scatters the ashes destroyed me").

Members shorten names ("seb" for "Sebastian"): a beginning of three letters or more of one of the
film's names (words its text writes with a capital inside a sentence, never in lower case), where
it begins no other name and is no word of its own, is read as the name.

Both sides are read the same way (``bot.features.spoiler.words``): stems, British/American
spelling, everyday synonyms ("dad" is "father") and counts ("5 yrs" is "five years"), so a
member's paraphrase meets the explainer's wording.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import FilmEntry
from bot.db.models import Film, Item, Section, Source
from bot.features.spoiler.words import (
    COMMON_ENGLISH,
    COMMON_STEMS,
    FILM_TALK,
    FUNCTION_WORDS,
    MIN_LENGTH,
    NUMBER_WORDS,
    WORD,
    canonical,
    hedged,
    skipped,
    spoken,
    stem,
    words,
)
from bot.levels import SectionKind, SpoilerLevel

__all__ = ["CatalogTerms", "EndingVocabulary", "Vocabularies", "build", "stem", "terms"]

_INLINE = re.compile(r"\|\|(.+?)\|\|", re.DOTALL)
_CITATION = re.compile(r"\[\^\w+\]")
_QUESTION = re.compile(r"[^.!?\n]*\?+")
# Terms pair only within a sentence: across a full stop two words are not one statement.
_SENTENCE = re.compile(r"[.!?;:\n]+")
PAIR_WINDOW = 1
"""Stems this far apart, or closer, in a sentence (other words left out) make a two-stem term."""
_OWNER = frozenset({"my", "our"})
RELATION_GAP = 4
"""Words between the two words of a relation in a message, at most: further apart, they are
two remarks, not one statement."""
CLAIM_GAP = 6
"""Words between the two words of a relation, at most, in a message claiming a twist ("the
housekeeper turns out to be the dead woman")."""
# English words that state identity or what something turned out to be: "X is Y", "X was Y all
# along", "X turns out to be Y", "X = Y". Negated forms too: "her husband isn't seb" states a
# relation as surely.
LINKS = frozenset(
    """is was were are be been being became become becomes isnt wasnt arent werent aint
    turns turned turn actually really""".split()  # noqa: SIM905 -- a word list reads better as text
)
_LINK_SIGNS = ("=", "->", "→")


def _content(sentence: str) -> list[tuple[int, str, str, int, int]]:
    """(word number, stem, spoken word, start, end) of each word of ``sentence``; the stem is
    empty for words that carry no detail."""
    out = []
    for number, match in enumerate(WORD.finditer(sentence)):
        word = spoken(match.group())
        canon = canonical(word) if word else ""
        term = "" if not canon or skipped(canon) else stem(canon)
        out.append((number, term, word, match.start(), match.end()))
    return out


def _cooccurring(sentence: str) -> set[tuple[str, str]]:
    present = sorted({term for _, term, *_ in _content(sentence) if term and term not in FILM_TALK})
    return set(itertools.combinations(present, 2))


def terms(text: str) -> tuple[set[str], set[str]]:
    """The one-stem and two-stem terms of ``text``.

    Function and everyday words are left out (pairs are kept across them); a count and the
    word after it ("five years") make a two-stem term even when both are everyday words. The
    first word that counts after "my" or "our" is the writer's own life ("my dad"), not the
    film's, and is left out.
    """
    singles: set[str] = set()
    pairs: set[str] = set()
    for sentence in _SENTENCE.split(text):
        stems: list[str] = []
        owned = False
        counted: str | None = None
        for word in words(sentence):
            if not word:
                continue
            word = canonical(word)
            if counted is not None and word not in FUNCTION_WORDS:
                pairs.add(f"{counted} {stem(word)}")
                counted = None
            if word in NUMBER_WORDS:
                counted = word
                continue
            if word in _OWNER:
                owned = True
            if skipped(word):
                continue
            if owned:
                owned = False
                continue
            term = stem(word)
            if term not in FILM_TALK:
                singles.add(term)
            pairs.update(f"{before} {term}" for before in stems[-PAIR_WINDOW:] if before != term)
            stems.append(term)
    return singles, pairs


@dataclass(frozen=True)
class EndingVocabulary:
    """Each distinctive one-stem term with its weight, and the distinctive two-stem terms.

    A term of the film's ending summary (its ending-level quick answer) is central to the ending
    and weighs 2: alone it gives the ending away. Another distinctive term weighs 1 and needs a
    second from the same sentence of the ending; a two-stem term weighs 2.
    """

    singles: Mapping[str, int]
    pairs: frozenset[str]
    # Where each one-stem term is said: the numbers of the ending sentences using it.
    sentences: Mapping[str, frozenset[int]] = field(default_factory=dict)
    # Plot-level stems (sorted pairs) only the ending says in one sentence: its relations.
    relations: frozenset[tuple[str, str]] = frozenset()
    # Stems many films of the catalog use (``build``'s ``frequent``): a pair of two such, or of
    # one and an everyday word, is weak like a pair of two everyday words.
    frequent: frozenset[str] = frozenset()
    # Central terms that are frequent in the catalog, or everyday words central to a long
    # explainer: each with what anchors it to this film (``build``). Such a term weighs 2 only
    # in a message that says one of those too, else 1.
    anchors: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The plot's own words (plot-level stems, not the title's) and the pairs of them that a
    # sentence of the other text says together: an identity a message claims between two of
    # them that the plot never pairs ("the housekeeper was the owner all along") is a twist.
    plot_words: frozenset[str] = frozenset()
    plot_pairs: frozenset[tuple[str, str]] = frozenset()
    # How members shorten the film's names ("seb" for "Sebastian"): each short form, with the
    # name it stands for.
    short_names: Mapping[str, str] = field(default_factory=dict)
    # The ending summary's own people and things (its uncommon plot words and names): saying
    # one of them did it ("holm did it") names the ending's culprit.
    suspects: frozenset[str] = frozenset()

    def spelled_out(self, text: str) -> str:
        """``text`` with each short form of one of the film's names written in full."""
        if not self.short_names:
            return text

        def full(match: re.Match[str]) -> str:
            return self.short_names.get(spoken(match.group()), match.group())

        return WORD.sub(full, text)

    def related(self, text: str) -> tuple[list[str], list[str]]:
        """The ending's relations ``text`` states: (linked "a = b", said together "a ~ b")."""
        linked: list[str] = []
        near: list[str] = []
        claims = _TWIST_CLAIM.search(text) is not None
        if not self.relations and not claims:
            return linked, near
        # A claim's wording takes room of its own ("X turns out to be the Y").
        gap = CLAIM_GAP if claims else RELATION_GAP
        for sentence in _SENTENCE.split(text):
            tokens = _content(sentence)
            said = [token for token in tokens if token[1]]
            for i, first in enumerate(said):
                for second in said[i + 1 :]:
                    if second[0] - first[0] > gap + 1:
                        break
                    a, b = sorted((first[1], second[1]))
                    known = (a, b) in self.relations
                    if not known and not (claims and self._unpaired(a, b)):
                        continue
                    between = tokens[first[0] + 1 : second[0]]
                    if any(token[2] in LINKS for token in between) or any(
                        sign in sentence[first[4] : second[3]] for sign in _LINK_SIGNS
                    ):
                        linked.append(f"{a} = {b}")
                    elif known:
                        near.append(f"{a} ~ {b}")
        return linked, near

    def _unpaired(self, a: str, b: str) -> bool:
        """Two words of the plot that no sentence of the plot says together."""
        return (
            a != b
            and a in self.plot_words
            and b in self.plot_words
            and (a, b) not in self.plot_pairs
        )

    def _weight(self, term: str, said: set[str], told: frozenset[str] = frozenset()) -> int:
        """A term's weight in a message saying the stems ``said``: a central term that needs an
        anchor is central only with one ("the keeper drowns"), not alone ("someone drowns"), or
        told of one of the film's people (``told``: "she marries someone else")."""
        anchors = self.anchors.get(term)
        if anchors is not None and not anchors & said and term not in told:
            return 1
        return self.singles[term]

    def matches(self, text: str) -> tuple[str, ...]:
        """The vocabulary's terms ``text`` uses, when they add up to an ending spoiler."""
        text = self.spelled_out(text)
        singles, pairs = terms(text)
        hit_pairs = sorted(pairs & self.pairs)
        hit_singles = sorted(term for term in singles if term in self.singles)
        own = _own_terms(text) if hit_pairs or hit_singles else set()
        # Two everyday words in a row ("jazz club") are said in any chat: such a pair is one weak
        # term, not an ending on its own. A count ("five years") is a detail however common.
        everyday = [
            pair
            for pair in hit_pairs
            if _everyday(pair, self.frequent) or set(pair.split(" ")) <= own
        ]
        hit_pairs = [pair for pair in hit_pairs if pair not in everyday]
        said, told = singles, frozenset[str]()
        if any(term in self.anchors for term in hit_singles):
            said = singles | ENDING_TALK.intersection(stem(word) for word in words(text) if word)
            told = _told_of_someone(text)
        weight = {
            term: 1 if term in own else self._weight(term, said, told) for term in hit_singles
        }
        score = 2 * len(hit_pairs) + sum(
            weight[term] for term in hit_singles if weight[term] >= SPOILS_AT
        )
        # Weak terms add up only where one sentence of the ending says them together: in a long
        # explainer, two words each said once somewhere are a coincidence; one fact restated
        # is not.
        # Each weak item: (its stems, the ending sentences saying it). Two of them add up when
        # one sentence says both and they share no stem: "jazz club" and "club" are one word
        # said twice, not two facts.
        weak = [
            ({term}, self.sentences.get(term, frozenset()))
            for term in hit_singles
            if weight[term] < SPOILS_AT and term not in own
        ] + [
            (set(pair.split(" ")), self.sentences.get(pair, frozenset()))
            for pair in everyday
            if not set(pair.split(" ")) <= own
        ]
        if any(a[1] & b[1] and not a[0] & b[0] for a, b in itertools.combinations(weak, 2)):
            score += SPOILS_AT
        linked, near = self.related(text)
        # A stated relation is a fact of the ending; two related words said together are one
        # weak term, which any other term of the ending completes.
        score += SPOILS_AT * len(linked)
        blamed = self._blamed(text)
        score += SPOILS_AT * len(blamed)
        if near:
            score += 1 + bool(weak or hit_pairs or len(near) > 1)
        needed = 2 * SPOILS_AT if hedged(text) else SPOILS_AT
        found = (*hit_pairs, *everyday, *hit_singles, *linked, *near, *blamed)
        return found if score >= needed else ()

    def _blamed(self, text: str) -> list[str]:
        """The summary's people a sentence of ``text`` says did it ("holm did it", "julian had
        nothing to do with it"): who did what is the ending of a film whose summary says them."""
        if not self.suspects or not _CULPRIT.search(text):
            return []
        return [
            f"{term} did it"
            for sentence in _SENTENCE.split(text)
            if _CULPRIT.search(sentence)
            for term in sorted(terms(sentence)[0] & self.suspects)
        ]


_CULPRIT = re.compile(
    r"\b(?:did|done) (?:it|them|all)\b|\bthe one (?:who|\w+ing)\b"
    r"|\bwas behind\b|\bnothing to do with\b",
    re.IGNORECASE,
)
"""How chat says who is to blame: "X did it", "X is the one who...", "X was behind it", "X had
nothing to do with it"."""
_TWIST_CLAIM = re.compile(
    r"\ball along\b|\b(?:the|this) whole time\b|\bin disguise\b|\bsecretly\b"
    r"|\bturn(?:s|ed)? out\b|\bactually\b",
    re.IGNORECASE,
)
"""How chat says an identity was hidden ("X was Y all along", "turns out X is Y"): with a link
between two of the plot's words that the plot never pairs, a claim of a twist."""
# A clause ends at a comma or a conjunction as well as at a full stop.
_CLAUSE = re.compile(r"[.!?;:\n,()]+|\s(?:and|but|because|cause|cuz|bc|so|while|when)\s|\s[-–—]+\s")
CRAFT = frozenset(
    """score soundtrack soundtracks ost composer cinematography cinematographer camerawork
    screenplay screenwriting vfx cgi oscar oscars""".split()  # noqa: SIM905
)
"""Words of a review of a film's craft (music, camera, writing) with no sense in its story:
"performance" or "dialogue" could be either, so they are not here."""
FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves im ive id ill".split())  # noqa: SIM905
"""The writer, as chat writes it ("i'm" and "i'll" lose their apostrophe: "im", "ill")."""


def _own_terms(text: str) -> set[str]:
    """Stems said only about something other than the film's story: in a clause about the
    writer (a first-person word in it: "my cousin got married", "made me want to open a jazz
    club"), or in a sentence about the film's craft ("the score is on repeat, mia and
    sebastian's theme especially"). There an ending's word is the writer's life or the music,
    not the story, unless another part of the message says it too."""
    said = words(text)
    if FIRST_PERSON.isdisjoint(said) and CRAFT.isdisjoint(said):
        return set()
    own: set[str] = set()
    elsewhere: set[str] = set()
    for sentence in _SENTENCE.split(text):
        craft = not CRAFT.isdisjoint(words(sentence))
        for clause in _CLAUSE.split(sentence):
            said = terms(clause)[0]
            if craft or _about_writer(words(clause)):
                own |= said
            else:
                elsewhere |= said
    return own - elsewhere


def _about_writer(said: list[str]) -> bool:
    """Whether a clause's words are about the writer: a first-person word in it, unless that
    is only a last "me" or "us" after a verb, what the story did to them ("the ending where she
    wades into the sea destroyed me"; not "ruined tea for me")."""
    writer = [word for word in said if word in FIRST_PERSON]
    if not writer:
        return False
    return not (
        writer == said[-1:]
        and said[-1] in ("me", "us")
        and len(said) > 1
        and said[-2] not in FUNCTION_WORDS
    )


THIRD_PERSON = frozenset("he she they him her them his hes shes theyre theyve".split())  # noqa: SIM905
"""Someone other than the writer, as chat writes it ("she's" loses its apostrophe: "shes")."""


def _told_of_someone(text: str) -> frozenset[str]:
    """Stems said in a clause about someone, not the writer: a third-person word and no
    first-person one in it ("she marries someone else", not "my wife and i got married"). In a
    message naming the film, that someone is one of its people."""
    told: set[str] = set()
    for sentence in _SENTENCE.split(text):
        for clause in _CLAUSE.split(sentence):
            said = words(clause)
            if not THIRD_PERSON.isdisjoint(said) and not _about_writer(said):
                told |= terms(clause)[0]
    return frozenset(told)


def _everyday(pair: str, frequent: frozenset[str] = frozenset()) -> bool:
    first, second = pair.split(" ")
    return (
        first not in NUMBER_WORDS
        and (first in COMMON_STEMS or first in frequent)
        and (second in COMMON_STEMS or second in frequent)
    )


SPOILS_AT = 2
LONG_ENDING = 30
"""Sentences of ending text that make a long explainer (La La Land's has over a hundred, a
short one a dozen)."""
ENDING_TALK = frozenset(
    stem(word)
    for word in "end ending ends ended finale final epilogue twist spoiler".split()  # noqa: SIM905
)
"""Words that say a message is about the ending: they anchor a central everyday word too ("she
ends up married")."""
EMPTY = EndingVocabulary({}, frozenset())


def _credited(people: Iterable[str]) -> Callable[[str], bool]:
    """Whether a sentence names one of ``people`` (director, cast, cited authors): by surname
    when it is no everyday word ("Chazelle"), else by the whole name ("Emma Stone")."""
    surnames: set[str] = set()
    full: list[list[str]] = []
    for person in people:
        parts = [word for word in words(person) if word]
        if not parts:
            continue
        if len(parts[-1]) >= MIN_LENGTH and parts[-1] not in COMMON_ENGLISH:
            surnames.add(parts[-1])
        else:
            full.append(parts)

    def names(sentence: str) -> bool:
        said = [word for word in words(sentence) if word]
        if surnames.intersection(said):
            return True
        return any(
            said[at : at + len(parts)] == parts
            for parts in full
            for at in range(len(said) - len(parts) + 1)
        )

    return names


def build(
    ending: Iterable[str],
    other: Iterable[str],
    names: Iterable[str],
    summary: Iterable[str] = (),
    people: Iterable[str] = (),
    frequent: frozenset[str] = frozenset(),
) -> EndingVocabulary:
    """The terms of the ``ending`` texts found in none of the ``other`` texts or the names.

    ``summary``: the ending-level quick answer, the film's ending in a few sentences; its
    distinctive terms are the ending's central facts and weigh 2. ``frequent``: stems many
    films of the catalog use (``CatalogTerms.frequent``); they say little about any one film,
    so such a central term weighs 2 only in a message that anchors it to this film, and a pair
    of them is weak.
    ``people``: the film's director, cast and cited authors; an ending sentence naming one of
    them is commentary on the film ("Chazelle has said this bittersweet ending..."), not an
    event of it, and its words are left out: they are the words of reviews and reactions, not
    of spoilers.
    """
    pieces: Counter[str] = Counter()
    end_pairs: set[str] = set()
    where: dict[str, set[int]] = {}
    credited = _credited(people)

    def commentary(sentence: str) -> bool:
        return credited(sentence) or "ending" in words(sentence)

    sentences = [
        sentence
        for text in ending
        for sentence in _SENTENCE.split(text)
        if not commentary(sentence)
    ]
    for number, sentence in enumerate(sentences):
        singles, pairs = terms(sentence)
        pieces.update(singles)
        end_pairs |= pairs
        for term in singles | pairs:
            where.setdefault(term, set()).add(number)
    central: set[str] = set()
    for text in summary:
        for sentence in _SENTENCE.split(text):
            if not commentary(sentence):
                central |= terms(sentence)[0]
    seen_singles: set[str] = set()
    seen_pairs: set[str] = set()
    said_together: set[tuple[str, str]] = set()
    # A question ("Is June really dead?", an FAQ heading) asks about the ending without telling
    # it: its words are not the plot's.
    told = [_QUESTION.sub(" ", text) for text in other]
    for text in (*told, *names):
        singles, pairs = terms(text)
        seen_singles |= singles
        seen_pairs |= pairs
        for sentence in _SENTENCE.split(text):
            said_together |= _cooccurring(sentence)
    named = {term for name in names for _, term, *_ in _content(name) if term}
    # Relations: plot-level words (not the title's) that the ending says in one sentence and
    # the rest of the text never does.
    plot_words = {term for term in seen_singles - named if term not in FILM_TALK}
    relations = {
        pair
        for sentence in sentences
        for pair in _cooccurring(sentence)
        if pair not in said_together
        and all(part in seen_singles and part not in named for part in pair)
    }
    weights = {term: 2 if term in central else 1 for term in pieces if term not in seen_singles}
    # A central term that many films of the catalog use, or an everyday word central to a long
    # explainer, needs the film's world with it: its plot's words (not the title's) that the
    # ending says too. In a short ending all it says is its core; a long one (``LONG_ENDING``
    # sentences or more) says most words somewhere, so there only the uncommon plot words of a
    # sentence saying the term tie it to the film ("Mia" and "married", not "jazz" and "club").
    long = len(sentences) >= LONG_ENDING
    world = {term for term in seen_singles - named if term not in FILM_TALK}
    people_named = _names([*ending, *other])
    name_stems = {stem(name) for name in people_named.names}
    needy = {
        term
        for term in central
        if weights.get(term) == 2 and (term in frequent or (long and term in COMMON_STEMS))
    }
    anchors: dict[str, set[str]] = {term: set(ENDING_TALK) for term in needy}
    if long:
        # A character's name is the film's own however everyday a word it is ("Tom", "June").
        world -= COMMON_STEMS - name_stems
        for sentence in sentences:
            said = terms(sentence)[0]
            for term in said & needy:
                anchors[term] |= said & world
    else:
        for term in needy:
            anchors[term] |= world & set(pieces)
    # A pair counts only if it says something the other text does not: at least one of its
    # stems is itself distinctive, or it is a count ("five years") the other text never gives.
    # A word of the film's title is not one: every message about the film says it, as its name
    # ("lantern room brought it all back" after "new year's eve").
    pairs = {
        pair
        for pair in end_pairs - seen_pairs
        if (any(part in weights for part in pair.split(" ")) or pair.split(" ")[0] in NUMBER_WORDS)
        and named.isdisjoint(pair.split(" "))
    }
    return EndingVocabulary(
        MappingProxyType(weights),
        frozenset(pairs),
        MappingProxyType({term: frozenset(where[term]) for term in (*weights, *pairs)}),
        frozenset(relations),
        frozenset(frequent & {part for pair in pairs for part in pair.split(" ")}),
        MappingProxyType({term: frozenset(found) for term, found in anchors.items()}),
        frozenset(plot_words),
        frozenset(said_together),
        MappingProxyType(_short_forms(people_named, named)),
        frozenset(central & (plot_words - (COMMON_STEMS - name_stems))),
    )


@dataclass(frozen=True)
class _Names:
    """The names a film's texts use: words written with a capital inside a sentence and never
    in lower case (``names``), and every word they write (``written``)."""

    names: frozenset[str]
    written: frozenset[str]


def _names(texts: Iterable[str]) -> _Names:
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for sentence in _SENTENCE.split(text):
            for number, match in enumerate(WORD.finditer(sentence)):
                word = spoken(match.group())
                if len(word) < MIN_LENGTH or not word.isalpha():
                    continue
                if not match.group()[0].isupper():
                    lower.add(word)
                elif number:
                    capital.add(word)
    return _Names(frozenset(capital - lower), frozenset(capital | lower))


def _short_forms(found: _Names, named: set[str]) -> dict[str, str]:
    """How chat shortens the film's names ("seb" for "Sebastian"): each beginning of
    ``MIN_LENGTH`` letters or more of one name, where it begins no other name and is no word of
    its own (of the texts, of everyday English or of the title). Names that are everyday words
    ("June" is a month too) are not shortened."""
    begins: dict[str, set[str]] = {}
    for name in found.names:
        if len(name) > MIN_LENGTH and name not in COMMON_ENGLISH and stem(name) not in named:
            for length in range(MIN_LENGTH, len(name)):
                begins.setdefault(name[:length], set()).add(name)
    taken = found.written | COMMON_ENGLISH | FUNCTION_WORDS
    return {
        short: name
        for short, (name, *others) in begins.items()
        if not others and short not in taken and stem(short) not in named
    }


def split_levels(text: str, level: SpoilerLevel) -> tuple[list[str], list[str]]:
    """(ending-level pieces, other pieces) of one text: inline spans count as ending."""
    text = _CITATION.sub(" ", text)
    spans = _INLINE.findall(text)
    rest = _INLINE.sub(" ", text)
    if level is SpoilerLevel.ENDING:
        return [rest, *spans], []
    return spans, [rest]


FREQUENCY_SAMPLE = 128
"""Films whose words the catalog-wide frequencies are counted over, at most: a share of a
quarter is estimated from a hundred films within a few points, and reading them stays cheap
(about a quarter of a second for explainers as long as La La Land's, once per process; after
that only films that changed are read)."""
FREQUENT_SHARE = 0.25
"""A stem used by this share of the films (or more) says little about any one of them."""
FREQUENT_FILMS = 3
"""...and by this many films at least: in a catalog of two films, every shared word is not
"frequent"."""


@dataclass(frozen=True)
class CatalogTerms:
    """How many films of a catalog use each stem (in any of their text), over a sample of
    ``FREQUENCY_SAMPLE`` films; ``key`` names the sample (films and their revisions)."""

    films: int
    counts: Mapping[str, int]
    key: int

    @functools.cached_property
    def frequent(self) -> frozenset[str]:
        """Stems used by at least ``FREQUENT_SHARE`` of the films and ``FREQUENT_FILMS``."""
        least = max(FREQUENT_FILMS, math.ceil(FREQUENT_SHARE * self.films))
        return frozenset(term for term, count in self.counts.items() if count >= least)


NO_CATALOG = CatalogTerms(0, MappingProxyType({}), 0)


def sample(films: Iterable[FilmEntry]) -> list[FilmEntry]:
    """The films the frequencies are counted over: ``FREQUENCY_SAMPLE`` of them, chosen by
    content revision (a hash, so as good as random) and the same whoever asks."""
    return sorted(films, key=lambda entry: (entry.revision, entry.id))[:FREQUENCY_SAMPLE]


@dataclass(frozen=True)
class _FilmTexts:
    ending: list[str]
    other: list[str]
    summary: list[str]
    people: list[str]

    def stems(self) -> frozenset[str]:
        """Every stem the film's text uses, at any level, as ``terms`` reads one-stem terms
        (without its pairs, which frequencies do not need)."""
        found: set[str] = set()
        for text in (*self.ending, *self.other):
            for word in {canonical(word) for word in words(text) if word}:
                if not skipped(word):
                    found.add(stem(word))
        return frozenset(found - FILM_TALK)


class Vocabularies:
    """Each film's ending vocabulary, built once per content revision and catalog, in memory.

    A vocabulary depends on the film and on the catalog around it (``CatalogTerms``): it is
    kept under the film's id and revision and the catalog sample's key, so a film added,
    changed or removed anywhere in the sample gives new frequencies, and the vocabularies built
    with the old ones are no longer used. Each film's stems are kept by id and revision, so
    new frequencies read only the films that changed.
    """

    def __init__(self) -> None:
        self._built: dict[tuple[int, str, int], EndingVocabulary] = {}
        self._stems: dict[tuple[int, str], frozenset[str]] = {}
        # Per server: (the catalog generation, its films' frequencies).
        self._catalogs: dict[int | None, tuple[int, CatalogTerms]] = {}

    def catalog(self, guild_id: int | None, generation: int) -> CatalogTerms | None:
        """The frequencies worked out for the server's films at ``generation``, if they were."""
        known = self._catalogs.get(guild_id)
        return known[1] if known is not None and known[0] == generation else None

    def cached(
        self, entry: FilmEntry, catalog: CatalogTerms = NO_CATALOG
    ) -> EndingVocabulary | None:
        return self._built.get((entry.id, entry.revision, catalog.key))

    async def frequencies(
        self,
        session: AsyncSession,
        guild_id: int | None,
        generation: int,
        films: Iterable[FilmEntry],
    ) -> CatalogTerms:
        """How many of the server's ``films`` (at catalog ``generation``) use each stem."""
        known = self.catalog(guild_id, generation)
        if known is not None:
            return known
        chosen = sample(films)
        key = hash(tuple((entry.id, entry.revision) for entry in chosen))
        shared = next((c for _g, c in self._catalogs.values() if c.key == key), None)
        if shared is None:
            counts: Counter[str] = Counter()
            for stems in await self._stems_of(session, chosen):
                counts.update(stems)
            shared = CatalogTerms(len(chosen), MappingProxyType(dict(counts)), key)
            live = {(entry.id, entry.revision) for entry in chosen}
            if len(self._stems) > 4 * FREQUENCY_SAMPLE:
                self._stems = {k: v for k, v in self._stems.items() if k in live}
        if len(self._catalogs) > 1000:
            self._catalogs.clear()
        self._catalogs[guild_id] = (generation, shared)
        return shared

    async def get(
        self, session: AsyncSession, entry: FilmEntry, catalog: CatalogTerms = NO_CATALOG
    ) -> EndingVocabulary:
        key = (entry.id, entry.revision, catalog.key)
        built = self._built.get(key)
        if built is None:
            texts = await self._texts(session, entry)
            built = build(
                texts.ending,
                texts.other,
                (entry.title, *entry.aliases),
                texts.summary,
                texts.people,
                catalog.frequent,
            )
            if len(self._built) > 20_000:
                self._built.clear()
            self._built[key] = built
        return built

    async def _stems_of(
        self, session: AsyncSession, entries: list[FilmEntry]
    ) -> list[frozenset[str]]:
        """Each film's stems, read from the database only for films not read before (in one
        go: three queries however many films)."""
        missing = [entry for entry in entries if (entry.id, entry.revision) not in self._stems]
        if missing:
            read = await _read_texts(session, [entry.id for entry in missing])
            # Stemming a sample of long explainers takes a good part of a second: in a worker
            # thread, so answers and other messages are not held up behind it.
            stems = await asyncio.to_thread(lambda: [read[entry.id].stems() for entry in missing])
            for entry, found in zip(missing, stems, strict=True):
                self._stems[(entry.id, entry.revision)] = found
        return [self._stems[(entry.id, entry.revision)] for entry in entries]

    async def _texts(self, session: AsyncSession, entry: FilmEntry) -> _FilmTexts:
        return (await _read_texts(session, [entry.id]))[entry.id]


async def _read_texts(session: AsyncSession, film_ids: list[int]) -> dict[int, _FilmTexts]:
    """The texts of the films ``film_ids``, split by level, read in three queries."""
    texts = {film_id: _FilmTexts([], [], [], []) for film_id in film_ids}

    def add(film: _FilmTexts, text: str | None, level: str) -> list[str]:
        if not text:
            return []
        end, rest = split_levels(text, SpoilerLevel(level))
        film.ending.extend(end)
        film.other.extend(rest)
        return end

    for film in await session.scalars(select(Film).where(Film.id.in_(film_ids))):
        texts[film.id].other.append(film.synopsis or "")
        texts[film.id].people.extend([*filter(None, [film.director]), *film.cast])
    authors = select(Source.film_id, Source.author).where(Source.film_id.in_(film_ids))
    for film_id, author in await session.execute(authors):
        texts[film_id].people.append(author)
    sections = await session.scalars(select(Section).where(Section.film_id.in_(film_ids)))
    owner: dict[int, _FilmTexts] = {}
    for section in sections:
        film = owner[section.id] = texts[section.film_id]
        add(film, section.heading, section.heading_level)
        ended = add(film, section.body, section.level)
        if section.kind == SectionKind.QUICK_ANSWER:
            film.summary.extend(ended)
    items = await session.scalars(select(Item).where(Item.section_id.in_(list(owner))))
    for item in items:
        add(owner[item.section_id], item.heading, item.heading_level)
        add(owner[item.section_id], item.body, item.level)
    return texts
