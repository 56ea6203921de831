"""Building a film's ending vocabulary (``bot.features.spoiler.vocabulary``) from its content:
which terms, relations, roles and lines of the film's texts are its ending's own.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

from bot.features.spoiler.film_names import Names, names_in, short_forms
from bot.features.spoiler.terms import SENTENCE, content, terms
from bot.features.spoiler.words import (
    COMMON_WORDS,
    FILM_TALK,
    FUNCTION_WORDS,
    MIN_LENGTH,
    NEGATED,
    NUMBER_WORDS,
    WORD,
    common_stems,
    plain,
    spoken,
    stem,
    words,
)
from bot.levels import SpoilerLevel
from bot.spoiler_policy.markup import bars_as_meant

__all__ = ["build", "split_levels"]
from bot.features.spoiler.credits import credit_names, names_someone
from bot.features.spoiler.ending_talk import ENDING_TALK
from bot.features.spoiler.quoted_lines import quoted_lines
from bot.features.spoiler.relations import ARTICLES, DETERMINERS
from bot.features.spoiler.vocabulary import (
    AGENT_BASE,
    PERSON,
    RETOLD,
    VERDICT_LINKS,
    EndingVocabulary,
)

_INLINE = re.compile(r"\|\|(.+?)\|\|", re.DOTALL)
_CITATION = re.compile(r"\[\^\w+\]")
_QUESTION = re.compile(r"[^.!?\n]*\?+")
FAMILY = frozenset(
    stem(word)
    for word in """father mother sister brother grandmother grandfather child daughter son
    wife husband widow uncle aunt nephew niece cousin twin""".split()  # noqa: SIM905
)
"""Words for someone's family: in a film's plot, each one of its people."""
_CLAUSE_ENDS = re.compile(r"\s*(?:$|[,;:.!?)]|(?:and|but|all|after|because)\b)", re.IGNORECASE)
_OTHER_SUBJECT = frozenset(
    """he she they it who whom which that because when while if until after before but as
    whose""".split()  # noqa: SIM905
)
"""Words after which a clause of the plot goes on about someone or something else."""
_OWN = frozenset("his himself herself their themselves".split())  # noqa: SIM905
"""Words a clause calls its subject by when the subject is a person ("returns to his hometown")."""
_DOER_REACH = 8
"""Words after the subject of a plot clause that say what the subject does, at most."""
_FULL_STOP = re.compile(r"[.!?\n]+")
_NEW_SUBJECT = re.compile(
    r",\s+(?:(?:and|but|while|so)\s+)?(?=(?:a|an|the|his|her|their|its|he|she|they|it|[A-Z]\w*)\s)"
)
"""A comma before a clause with a subject of its own ("..., a neighbour saw a man in a red
jacket, and a petrol can with Eli's prints was found"): two statements, not one. Not before a
verb sharing the subject ("takes over the kitchen, fights with Cyril about the menu")."""


def _cooccurring(sentence: str) -> set[tuple[str, str]]:
    present = sorted({term for _, term, *_ in content(sentence) if term and term not in FILM_TALK})
    return set(itertools.combinations(present, 2))


LONG_ENDING = 30
"""Sentences of ending text that make a long explainer (La La Land's has over a hundred, a
short one a dozen)."""


def _credited(people: Iterable[str]) -> Callable[[str], bool]:
    """Whether a sentence names one of ``people`` (director, cast, cited authors): by surname
    when it is no everyday word ("Chazelle"), else by the whole name ("Emma Stone")."""
    surnames, full = credit_names(people)
    return lambda sentence: names_someone(sentence, surnames, full)


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
    distinctive terms are the ending's central facts and weigh 2 in a message that anchors
    them to this film. ``frequent``: stems many films of the catalog use
    (``CatalogTerms.frequent``); they say little about any one film, so a pair of them is weak.
    ``people``: the film's director, cast and cited authors; an ending sentence naming one of
    them is commentary on the film ("Chazelle has said this bittersweet ending..."), not an
    event of it, and its words are left out: they are the words of reviews and reactions, not
    of spoilers.
    """
    # Idioms are read as their plain word on both sides ("doesn't make it" is "dies").
    ending, other, summary = ([plain(text) for text in texts] for texts in (ending, other, summary))
    pieces: Counter[str] = Counter()
    end_pairs: set[str] = set()
    where: dict[str, set[int]] = {}
    credited = _credited(people)

    def commentary(sentence: str) -> bool:
        return credited(sentence) or "ending" in words(sentence)

    def events(text: str) -> list[str]:
        """The pieces of ``text`` (``SENTENCE``) that tell events: a whole sentence that is
        commentary is left out, what follows its colon too ("The ending is quiet: nobody
        wins")."""
        return [
            piece
            for whole in _FULL_STOP.split(text)
            if not commentary(whole)
            for piece in SENTENCE.split(whole)
        ]

    sentences = [sentence for text in ending for sentence in events(text)]
    for number, sentence in enumerate(sentences):
        singles, pairs = terms(sentence)
        pieces.update(singles)
        end_pairs |= pairs
        for term in singles | pairs:
            where.setdefault(term, set()).add(number)
    central: set[str] = set()
    for text in summary:
        for sentence in events(text):
            central |= terms(sentence)[0]
    seen_singles: set[str] = set()
    seen_pairs: set[str] = set()
    said_together: set[tuple[str, str]] = set()
    statements: set[frozenset[str]] = set()
    # A question ("Is June really dead?", an FAQ heading) asks about the ending without telling
    # it: its words are not the plot's.
    told = [_QUESTION.sub(" ", text) for text in other]
    names = list(names)
    named = {term for name in names for _, term, *_ in content(name) if term}
    # A word of the title said apart from the title ("the attendant is found dead" in Dead Air)
    # is a word of the plot like any other; said in the title, it is only the film's name.
    title_said = _name_pattern(names)
    apart: set[str] = set()
    for text in (*told, *names):
        singles, pairs = terms(text)
        seen_singles |= singles
        seen_pairs |= pairs
        untitled = text
        if text not in names:
            untitled = title_said.sub(" ", text) if title_said else text
            apart |= terms(untitled)[0] & named
        for sentence in SENTENCE.split(untitled):
            # "The housekeeper, Mrs Pell, gives him a room": a role and the name after its comma
            # are one person, said together however the clauses split.
            for role, name in _appositives(sentence):
                said_together |= {
                    (min(role, part), max(role, part)) for part in name if part != role
                }
            for clause in _NEW_SUBJECT.split(sentence):
                said_together |= _cooccurring(clause)
                if text not in names:
                    said = frozenset(terms(clause)[0] - named - FILM_TALK)
                    if len(said) > RETOLD:
                        statements.add(said)
    # Relations: plot-level words (not the title's) that the ending says in one sentence and
    # the rest of the text never does.
    plot_words = {term for term in seen_singles - named if term not in FILM_TALK}
    # A claimed twist may relate a title's word said apart from the title ("the sheriff was
    # already dead", in Dead Air); it names no one to blame.
    claimable = plot_words | (apart - FILM_TALK)
    relations = {
        pair
        for sentence in sentences
        for pair in _cooccurring(sentence)
        if pair not in said_together
        and all(part in seen_singles and part not in named for part in pair)
    }
    people_named = names_in([*ending, *other])
    # A role the plot gives a name right before it ("the owner Edith Marlowe", "her engineer
    # Owen Pryce") is what chat calls that person: what the ending relates the name to, it
    # relates the role to ("she's the owner" of "the housekeeper is Edith").
    roles_of = _roles(told, people_named.names)
    for text in told:
        for sentence in SENTENCE.split(text):
            for role, name in _appositives(sentence):
                for part in name:
                    roles_of.setdefault(part, set()).add(role)
    compounds = _compounds(
        [*ending, *told], {role for found in roles_of.values() for role in found}, people_named
    )
    for a, b in list(relations):
        for name, other_part in ((a, b), (b, a)):
            for role in roles_of.get(name, ()):
                pair = (min(role, other_part), max(role, other_part))
                if role != other_part and pair not in said_together and role not in named:
                    relations.add(pair)
    weights = {term: 2 if term in central else 1 for term in pieces if term not in seen_singles}
    # A central term needs the film's world with it: its plot's words (not the title's) that
    # the ending says too. In a short ending all it says is its core; a long one (``LONG_ENDING``
    # sentences or more) says most words somewhere, so there only the uncommon plot words of a
    # sentence saying the term tie it to the film ("Mia" and "married", not "jazz" and "club").
    long = len(sentences) >= LONG_ENDING
    world = {term for term in seen_singles - named if term not in FILM_TALK}
    name_stems = {stem(name) for name in people_named.names}
    persons_said = name_stems | {role for found in roles_of.values() for role in found}
    verdicts = _verdicts(summary, persons_said, roles_of)
    needy = {term for term in central if weights.get(term) == 2}
    anchors: dict[str, set[str]] = {term: set(ENDING_TALK) for term in needy}
    if long:
        # A character's name is the film's own however everyday a word it is ("Tom", "June"),
        # and so is one of the plot's people called by a family word or a role it gives a name
        # ("her mother", "the mayor"): "her mum built him" ties "built" as "Marisol" does.
        world -= common_stems() - name_stems - persons_said - FAMILY
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
        if (
            any(part in weights for part in pair.split(" "))
            or pair.split(" ")[0] in NUMBER_WORDS
            or pair.split(" ")[0] == NEGATED
        )
        and named.isdisjoint(pair.split(" "))
    }
    summarised = central & plot_words
    persons = set(people_named.names) | {
        word for role_set in roles_of.values() for word in role_set
    }
    return EndingVocabulary(
        MappingProxyType(weights),
        frozenset(pairs),
        MappingProxyType({term: frozenset(where[term]) for term in (*weights, *pairs)}),
        frozenset(relations),
        frozenset(frequent & {part for pair in pairs for part in pair.split(" ")}),
        MappingProxyType({term: frozenset(found) for term, found in anchors.items()}),
        frozenset(claimable),
        frozenset(said_together),
        MappingProxyType(short_forms(people_named, named)),
        frozenset(central & (plot_words - (common_stems() - name_stems))),
        frozenset(central & plot_words & (common_stems() - name_stems)),
        _titles(names),
        credit_names(people),
        quoted_lines(ending, other, commentary),
        MappingProxyType(_doers(told, summarised, persons, names)),
        MappingProxyType(_surfaces([*ending, *told], {*weights, *plot_words} - common_stems())),
        tuple(statements),
        MappingProxyType(compounds),
        MappingProxyType(verdicts),
    )


def _surfaces(texts: Iterable[str], stems: set[str]) -> dict[str, str]:
    """A word ``texts`` write for each of ``stems`` (of ``AGENT_BASE`` letters or more), the
    first found."""
    found: dict[str, str] = {}
    for text in texts:
        for match in WORD.finditer(text):
            word = spoken(match.group())
            term = stem(word)
            if term in stems and len(term) >= AGENT_BASE and term not in found:
                found[term] = word
    return found


def _doers(
    texts: Iterable[str], people: set[str], persons: set[str], names: Iterable[str]
) -> dict[str, str]:
    """What the plot's clauses say their subject does, for the summary's ``people`` (its plot
    words) who are persons: a name or a role the plot gives a name (``persons``, spoken words),
    or a subject the clause goes on to call "his", "her own", "himself" or "their". Each later
    stem of such a clause, up to where another subject starts ("because he ...", "who ...",
    another name), is what they do ("a detective returns to his fishing hometown to investigate
    a string of disappearances": "investig" is the detective's). A stem two subjects share is
    nobody's; one of the people, or of the film's title, is no doing."""
    titled = {term for name in names for _, term, *_ in content(name) if term}
    found: dict[str, str] = {}
    shared: set[str] = set()
    for text in texts:
        for sentence in SENTENCE.split(text):
            for clause in _NEW_SUBJECT.split(sentence):
                tokens = content(clause)
                said = [token for token in tokens if token[1]]
                if not said or said[0][1] not in people:
                    continue
                first = said[0]
                # Up to where another subject takes over.
                later = [token for token in tokens if token[0] > first[0]]
                cut = next(
                    (at for at, token in enumerate(later) if token[2] in _OTHER_SUBJECT),
                    len(later),
                )
                later = later[:cut]
                if first[2] not in persons and _OWN.isdisjoint(token[2] for token in later):
                    continue
                doings = [token for token in later if token[1]]
                # A full name is one subject ("Anders Holm comes back ...").
                doings = list(itertools.dropwhile(lambda t: t[2] in persons, doings))
                doings = doings[:_DOER_REACH]
                if any(token[2] in persons for token in doings):
                    doings = doings[: next(at for at, t in enumerate(doings) if t[2] in persons)]
                for token in doings:
                    term = token[1]
                    if term in people or term in titled or term in FILM_TALK:
                        continue
                    if found.get(term, first[2]) != first[2]:
                        shared.add(term)
                    found[term] = first[2]
    return {term: who for term, who in found.items() if term not in shared}


def _verdicts(
    summary: Iterable[str], persons: set[str], roles_of: Mapping[str, set[str]]
) -> dict[str, frozenset[str]]:
    """What the summary's clauses say their subject was in an everyday word (``COMMON_WORDS``,
    not a participle, ending the clause): "Walter Brisk, the foreman who shouted ..., was right"
    gives "right" to
    the foreman and to the names the plot gives that role. The subject is the clause's first
    person (a name or a role the plot gives a name); a clause opening on a pronoun ("but she was
    wrong") names no one."""
    found: dict[str, set[str]] = {}
    names_of: dict[str, set[str]] = {}
    for name, roles in roles_of.items():
        for role in roles:
            names_of.setdefault(role, set()).add(name)
    for text in summary:
        for sentence in SENTENCE.split(text):
            for clause in _NEW_SUBJECT.split(sentence):
                tokens = content(clause)
                subject = next((t[1] for t in tokens if t[1] in persons), None)
                if subject is None:
                    continue
                for token, after in itertools.pairwise(tokens):
                    word = after[2]
                    if token[2] not in VERDICT_LINKS or word not in COMMON_WORDS:
                        continue
                    if word in FUNCTION_WORDS or word.endswith(("ed", "en", "ing")):
                        continue
                    # What they were, ending the clause ("was right, and ..."); not a verb or
                    # a place going on ("is let out", "is back in her seat").
                    if not _CLAUSE_ENDS.match(clause[after[4] :]):
                        continue
                    for who in {subject, *names_of.get(subject, ())}:
                        found.setdefault(who, set()).add(word)
    return {who: frozenset(said) for who, said in found.items()}


_APPOSITIVE = re.compile(
    r"\b(?i:the|his|her|their|its)\s+(?:[a-z]+\s+)?(?P<role>[a-z]{3,}),\s+"
    r"(?P<name>(?:[A-Z][\w'’]*\s+){0,2}[A-Z][\w'’]*)(?=\s*[,.;:]|\s+(?:who|whom)\b)"
)
"""A role, its comma and a name in apposition: "The housekeeper, Mrs Pell, ...", "His young
mechanic, Elijah Booker, is charged", "the botanist, Lena, ..."."""


def _appositives(sentence: str) -> list[tuple[str, list[str]]]:
    """Each role (a stem) ``sentence`` gives a name in apposition, with the name's stems."""
    found = []
    for match in _APPOSITIVE.finditer(sentence):
        role = [term for _, term, *_ in content(match.group("role")) if term]
        name = [term for _, term, *_ in content(match.group("name")) if term]
        if role and name and role[0] not in name:
            found.append((role[0], name))
    return found


def _compounds(texts: Iterable[str], roles: set[str], found: Names) -> dict[str, str]:
    """The roles the film writes in two words ("her sound engineer", "the old fence"), by their
    first word (spoken) with the role's word: a role (``roles``, stems) a name is given, after a
    word that is no function word, name, number, possessive or word for a person, right after a
    determiner or a possessive ("her", "Carla's", "her own"). A first word of two roles is
    neither's."""
    compounds: dict[str, str] = {}
    shared: set[str] = set()
    for text in texts:
        for sentence in SENTENCE.split(text):
            tokens = content(sentence)
            for ahead, before, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
                first, word = before[2], after[2]
                if after[1] not in roles or not first.isalpha() or len(first) < MIN_LENGTH:
                    continue
                if first in FUNCTION_WORDS or first in found.names or first in NUMBER_WORDS:
                    continue
                if PERSON.fullmatch(first) or sentence[before[4] : after[3]].strip():
                    continue
                written = sentence[before[3] : before[4]]
                if (
                    written.endswith(("'s", "’s"))
                    or not (
                        ahead[2] in DETERMINERS
                        or ahead[2] == "own"  # "her own sound engineer"
                        or sentence[ahead[3] : ahead[4]].endswith(("'s", "’s"))
                    )
                ):
                    continue
                if compounds.get(first, word) != word:
                    shared.add(first)
                compounds[first] = word
    return {first: word for first, word in compounds.items() if first not in shared}


def _roles(texts: Iterable[str], names: frozenset[str]) -> dict[str, set[str]]:
    """The roles ``texts`` give names, by the name's stem: a noun that is no name said right
    before a name, with nothing between them ("the owner Edith Marlowe", "her engineer Owen
    Pryce") and a determiner or possessive right before it ("Sutter's widow Corinne"), or written
    as a title ("Commander Jonah Reyes"). Not a verb ("her listeners call Cee", "shakes
    Francis's hand")."""
    roles: dict[str, set[str]] = {}
    for text in texts:
        for sentence in SENTENCE.split(text):
            tokens = content(sentence)
            for at, (before, after) in enumerate(itertools.pairwise(tokens)):
                if not (before[1] and after[1]) or before[2] in names or after[2] not in names:
                    continue
                if before[1] in FILM_TALK or sentence[before[4] : after[3]].strip():
                    continue
                written = sentence[before[3] : before[4]]
                determined = any(
                    token[2] in DETERMINERS or sentence[token[3] : token[4]].endswith(("'s", "’s"))
                    for token in tokens[max(0, at - 1) : at]
                )
                if determined or written[:1].isupper():
                    roles.setdefault(after[1], set()).add(before[1])
    return roles


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """The film's names as a text says them, with a leading article and a possessive."""
    spelled = [
        r"(?:['’]s)?[\W_]+".join(re.escape(word) for word in words(name) if word)
        for name in names
        if any(words(name))
    ]
    if not spelled:
        return None
    alternatives = "|".join(sorted(spelled, key=len, reverse=True))
    return re.compile(rf"\b(?:the\s+)?(?:{alternatives})(?:['’]s)?\b", re.IGNORECASE)


def _titles(names: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """The film's names as spoken words, each also without its leading article."""
    found: set[tuple[str, ...]] = set()
    for name in names:
        said = tuple(word for word in words(name) if word)
        if said:
            found.add(said)
        if len(said) > 1 and said[0] in ARTICLES:
            found.add(said[1:])
    return frozenset(found)


def split_levels(text: str, level: SpoilerLevel) -> tuple[list[str], list[str]]:
    """(ending-level pieces, other pieces) of one text: inline spans count as ending, those
    behind full-width bars (text stored before content files read them) too."""
    text = _CITATION.sub(" ", bars_as_meant(text))
    spans = _INLINE.findall(text)
    rest = _INLINE.sub(" ", text)
    if level is SpoilerLevel.ENDING:
        return [rest, *spans], []
    return spans, [rest]
