"""A learned reading of "this message tells how a story ends": a logistic regression over a
message's words, read against one film's ending vocabulary, and over what the hand-written
guard found in it.

The model knows no film. Before it reads a message, each word the film's own content makes
special is replaced by what it is to that film: ``<title>`` (a word of its names), ``<end>`` (a
term of its ending vocabulary), ``<end2>`` (one of the ending summary's central terms), ``<who>``
(the ending summary's own people and things) or ``<plot>`` (a plot-level word). What it learns
is how members tell an ending ("<who> was <end> the whole time", "turns out", "so <who> dies")
whatever the film, from the labelled chat corpora of ``benchmarks/``; the weights ship as
``ending_model.json``, written by ``benchmarks/guard_model.py``. Scoring a message is a few dozen
dictionary look-ups.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.features.spoiler.chat_reading import CULPRIT, TWIST_CLAIM, early_pieces, in_title_list
from bot.features.spoiler.outcomes import claims
from bot.features.spoiler.terms import terms
from bot.features.spoiler.words import QUOTED_LINE, hedged, only_guessed, stem

if TYPE_CHECKING:
    from bot.features.spoiler.vocabulary import EndingVocabulary

WEIGHTS = Path(__file__).with_name("ending_model.json")

# Words, numbers and single marks (an emoji, "?", ">"), lowercased.
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\w\s]")


def _film_words(vocabulary: EndingVocabulary) -> tuple[frozenset[str], frozenset[str]]:
    """The words of the film's names, and the stems of the summary's people and short names."""
    title = frozenset(word for name in vocabulary.titles for word in name)
    who = vocabulary.suspects | frozenset(stem(name) for name in vocabulary.short_names)
    return title, who


def tokens(text: str, vocabulary: EndingVocabulary) -> list[str]:
    """``text``'s tokens with the film's own words replaced by what they are to the film."""
    title, who = _film_words(vocabulary)
    out = []
    for token in _TOKEN.findall(text.lower()):
        if not token[0].isalnum():
            out.append(token)
            continue
        word = token.replace("'", "")
        if word in title:
            out.append("<title>")
            continue
        stemmed = stem(word)
        if stemmed in vocabulary.singles:
            out.append("<end2>" if vocabulary.singles[stemmed] >= 2 else "<end>")
        elif stemmed in who:
            out.append("<who>")
        elif stemmed in vocabulary.plot_words:
            out.append("<plot>")
        else:
            out.append(word)
    return out


def features(text: str, vocabulary: EndingVocabulary, rule_terms: Iterable[str]) -> set[str]:
    """The model's features of ``text`` about one film: its tokens one and two at a time, what
    the hand-written guard found (``rule_terms``: the ending terms it matched, if any), and how
    much of one plot statement a message without the ending's terms says again."""
    said = tokens(text, vocabulary)
    found = {f"w:{token}" for token in said}
    found |= {f"b:{a} {b}" for a, b in zip(["<s>", *said], [*said, "</s>"], strict=True)}
    rule_terms = tuple(rule_terms)
    if rule_terms:
        found.add("g:rule")
        found.add(f"g:rule{min(len(rule_terms), 3)}")
    singles, pairs = terms(text)
    if pairs & vocabulary.pairs:
        found.add("g:pair")
    hits = [term for term in singles if term in vocabulary.singles]
    if hits:
        found.add(f"g:single{min(len(hits), 3)}")
    if any(vocabulary.singles[term] >= 2 for term in hits):
        found.add("g:central")
    linked, near = vocabulary.related(text)
    if linked:
        found.add("g:linked")
    if near:
        found.add("g:near")
    # An outcome claimed in a set-up told as set-up ("X premise: her mother died when she was
    # small") is the plot's, as the rules read it (``EndingVocabulary._claimed``).
    set_up = [piece.lower() for piece in early_pieces(text)]
    found |= {
        f"g:claim:{claim.kind}"
        for claim in claims(text)
        if not any(claim.clause in piece for piece in set_up)
    }
    retold = _retold(singles, vocabulary)
    if retold and not hits:
        # "his young mechanic is charged with murder": a statement of the plot said again in
        # its own words is set-up, however long the sentence runs.
        found.add(f"g:retold{min(retold, 4)}")
    if hedged(text):
        found.add("g:hedged")
    if TWIST_CLAIM.search(text):
        found.add("g:twist")
    if CULPRIT.search(text):
        found.add("g:culprit")
    if QUOTED_LINE.search(text):
        found.add("g:quoting")
    return found


def _retold(said: set[str], vocabulary: EndingVocabulary) -> int:
    """The most stems ``said`` shares with one statement of the film's plot, its ending's
    terms left out (0 below two: a single shared word is no statement said again)."""
    rest = said - set(vocabulary.singles)
    shared = max((len(statement & rest) for statement in vocabulary.plot_statements), default=0)
    return shared if shared >= 2 else 0


@dataclass(frozen=True)
class EndingModel:
    """A logistic regression: a bias, a weight per feature, and the probability at which a
    message is taken to tell the ending (chosen for few false hides, ``benchmarks``)."""

    bias: float
    weights: Mapping[str, float]
    threshold: float

    def probability(self, found: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(feature, 0.0) for feature in found)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def tells(self, text: str, vocabulary: EndingVocabulary, rule_terms: Iterable[str]) -> bool:
        if in_title_list(text, vocabulary.titles):
            # A watch list names the film beside others to compare or recommend them: the
            # reading, learned from messages about one film, took their words for a telling.
            return False
        if only_guessed(text):
            # "prediction before we go: the mayor turns out to be nice in the end": one who has
            # not seen the film imagines its ending in the words endings are told in. Whether a
            # guess is right only the rules, which know the ending, can say; a guess told
            # again after watching ("EDIT: wrong, it's ...") is read as any message is.
            return False
        if self.probability(features(text, vocabulary, rule_terms)) >= self.threshold:
            return True
        # A message of several lines ("family movie night recap:\nkids loved it\n<the
        # ending>\nwould recommend") tells what its most telling line tells: read whole, the
        # harmless lines around it weigh it down. Unless the writer hedged it anywhere ("no
        # spoilers", "i'm halfway"): then no line of it is told, as the whole is not.
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) < 2 or hedged(text):
            return False
        return any(
            self.probability(features(line, vocabulary, rule_terms)) >= self.threshold
            for line in lines
        )

    def to_json(self) -> str:
        weights = {key: round(value, 4) for key, value in sorted(self.weights.items()) if value}
        document = {"bias": round(self.bias, 4), "threshold": self.threshold, "weights": weights}
        return json.dumps(document, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> EndingModel:
        document = json.loads(text)
        return cls(float(document["bias"]), document["weights"], float(document["threshold"]))


@functools.cache
def shipped() -> EndingModel | None:
    """The model shipped with the bot, or None when no weights were trained."""
    if not WEIGHTS.exists():
        return None
    return EndingModel.from_json(WEIGHTS.read_text())
