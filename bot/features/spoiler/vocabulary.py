"""A film's *ending vocabulary*: the terms distinctive of its ``ending``-level text.

Built from the film's own content, with no word list about any film: a term (a word stem, or two
stems in a row: ``bot.features.spoiler.terms``) belongs to the vocabulary when it occurs in the
film's ending-level text (ending sections and items, FAQ answers, the final shot, inline
``||spans||``; a who/what/why question with its ending-level answer is one sentence of it, "Who
betrays the crew? Both Wes and Nico", ``vocabularies.texts_by_level``) and not in its
``none``/``plot`` text, and is not part of the film's title or aliases. So "Mia" (in the recap too)
is not a spoiler term, while "married" or "jazz club", said only where the ending is explained, are.
A question in the other text ("Is June really dead?", an FAQ heading) asks about the ending without
telling it, so its words do not count as said there; and no two-stem term has a word of the title in
it, since every message about the film says its title.

A chat message about the film spoils its ending when it uses enough of those terms: one two-stem
term, one term of the ending's summary (the ending-level quick answer), or two other distinctive
terms that one sentence of the ending says together. A phrase is one fact however many of its words
are terms: two-stem terms and the one-stem terms in them, joined where they share a stem ("a
double-cross", "dances slowly between the tables") or where the message says them in a row ("the
lighthouse lamp turning"), weigh 2 once when any of them weighs 2, and an everyday pair of them
stays weak. A part of the film named by what it is on screen ("the diner scenes look cosy", "the
switchboard prop", ``SCREEN_PARTS``), seen ("the millpond looks like a painting") or judged ("the
lighthouse is stunning", "the sea at the end is unreal", with where it is seen; not an event judged,
"getting arrested at the lighthouse is so good"; "is a real bar", "is the best character", "is so
pretty" and "is beautifully shot" judge too, and the film's name inside is left out: "seb's club
from la la land is a real bar"; a thing named whole from its "the", what it is and all, "the video
messages ada records for her daughter are so sweet", not "the way ..." nor "the moment ...", which
tell; and a list after the judgement, "..., and the hotel lobby piano") is one weak term
however many of its words are terms, two related words in it too ("mrs pell is iconic"), unless what
follows tells it ("the diner scene where ..."). So is what a message places early in the film ("pip
finds bolt buried in the scrap heaps early in X", ``chat_reading.early_terms``): the set-up, told in
words the explainer happens to keep for its ending. A message that says it is telling the ending ("X
ends with ...", "the ending where ...", "spoiler: ...", "the ending wrecked me, ...", or claiming a
twist, "X all along", "turns out", or comparing the film with another, "X is basically shutter
island, ...", "X pulls a fight club", or imagining against it, "imagine if ...", ``_COMPARES``;
not "no spoilers") needs only one weak term or related pair of it, said in what it tells: "the
ending is so quiet, nobody wins" judges the ending, tells none.

An ending often denies what the plot says or hopes ("they don't end up together", "June did not
die"): a denial is a two-stem term of its own ("not" and the word denied, everyday words too:
``terms``), kept when the other text never makes it, and it weighs 2 like a count ("five years"),
since no everyday pair is so specific.

Twists are often told with words the plot already uses ("the housekeeper IS edith"): the spoiler is
a *relation*. So the vocabulary also keeps the pairs of plot-level words that one sentence of the
ending says together and no statement of the other text does (a sentence, or a clause after a comma
with a subject of its own: "..., a neighbour saw a man in a red jacket, and a can with Eli's prints
was found" relates neither Eli nor his prints to the jacket). Chat calls people by the roles the
plot gives them ("the owner Edith Marlowe", "her engineer Owen Pryce": a noun right before a name,
after a determiner or a possessive, or written as a title), so what the ending relates a name to,
it relates the name's role to as well ("she's the owner", of the housekeeper). Chat also calls
someone by what the plot says they do: "the guy investigating the disappearances" or "the
investigator" is the detective of "a detective returns to his hometown to investigate a string of
disappearances" (``EndingVocabulary.doers``: each later word of a plot clause whose subject is one
of the summary's people, a name, a role the plot gives a name, or a subject the clause calls "his"
or "herself", up to where another subject starts), so a message that blames someone or claims a
twist is read with such a description as the plot's word for them, and as written: "the guy
investigating ... is the one who did them" blames the detective. An ending's own word ("the
killer") is read as it is. And someone said to be what an ending's verb makes of them ("the
commander was the saboteur", "the kidnapper is ...", of "sabotaged by the commander": an agent
noun the film's texts never use, of a verb they do, right after or before a link,
``EndingVocabulary.agents``) is said with the film's verb. An emoji standing in a statement is its
word ("cory + eli = 💋", "bolt 🤖 holds 🧱 back", ``words.emoji_words``), not one ending what is
said ("what a twist 🔥") nor a sum that describes the film ("glass orchard = 🍵 + 🐕 vibes"). And
a word mistyped by one letter from one of the ending's words or the summary's people ("mrs pel
was edtih", ``EndingVocabulary.corrected``) is read as that word, when it is no English word of
its own and no other word of the film is as close.

A message saying such a pair close together spoils when a link joins them ("is", "was", "=", "turns
out", a contracted "it's" or "nico's a"; not a link followed by "about", which tells a feeling:
"gramps being weirdly angry about bolt"); said close together without one, it counts as one weak
term. A pronoun stating what someone is ("...follows the housekeeper around because she's edith")
links the word it states to one said before it however far back in the sentence. The film's own
name said inside a statement, with a preposition before it ("the engineer in dead air wasn't the
night owl", "the cop in quiet harbour was the one doing it"), is no words between two words of a
relation, and no one's role: the statement is read as if the name were left out. The word after
"my" or "our" is the writer's own ("my dad's cooking") and is in no relation, as it is no term. A
message that claims a hidden identity ("X was Y all along", "turns out", "in disguise",
``chat_reading.TWIST_CLAIM``) and links two of the plot's words that no sentence of the plot says
together states a relation too, even one the ending words otherwise; so does a claimed twist told
of a pronoun ("he turns out to be the murderer", "the voice on the radio was her the whole time":
``chat_reading.PRONOUN_IS``, ``IS_PRONOUN``) when what it says someone was is a plot word of the
ending's summary, and someone said not to be themselves ("mrs pell was never mrs pell", "the victim
wasn't the victim", ``chat_reading.SELF_DENIAL``). A line the ending quotes (three words or more,
not in commentary nor in the other text: "I'm still listening") repeated in quotes, or in a message
talking of the ending, tells the ending too. And a message saying who did it ("holm did it", "X is
the one who...", "X had nothing to do with it", ``chat_reading.CULPRIT``) of one of the people or
things the ending's summary names (its uncommon plot words and names, anywhere in the sentence; its
everyday plot words, such as "detective" or "sister", only right before the blame: "the detective
himself did it", or right after a cleft that ends on it: "it was the detective.", "it's the sister
who ...") tells the ending's culprit. A message that asks, guesses or says it won't tell
(``words.hedged``; not a question sharing what the writer noticed, "anyone else think ...?")
needs twice the evidence: "who is the killer?" uses the ending's word without
giving the ending, while "wait so the housekeeper was edith??" still states the relation, and a
question why something happened ("why did she burn the theatre?") takes it as known: no hedge. A
line quoting another message (Discord's "> ...") is that member's: its question hedges nothing of
the reply, and its words count only when the reply says one of them ("> does she die?" then "nope,
she dies", not "idk, haven't seen it"); a reply naming someone to a quoted question who it was
("> who took the fishermen?" then "the detective.") makes the statement it answers ("the detective
took the fishermen", ``words.answered``), unless the reply names no one ("idk", "no spoilers",
"watch it") or the question asks the reader's opinion ("who do you think did it?"); and a reply
opening with what "she" or "he" is, to a quoted question about someone, is said of them ("> is mrs
pell important?" then "she's edith"), when what she is said to be is a word of the film, not a
judgement ("she's lovely").

Some ending text is no event of the film: a sentence naming the director, the cast or a cited
author, or talking about "the ending" itself, is commentary ("Chazelle has said...", "The ending is
quiet rather than dramatic: nobody wins", the whole sentence, what follows its colon too) and gives
no terms, as its words are those of reviews. And two everyday words in a row ("jazz club": both
among the 5,000 commonest English words, ``words.common_stems``) are said in any chat, so such a
pair is one weak term: it needs another word of the same ending sentence, with no stem in common.

A central term alone is a word, not yet an ending: "the lighthouse is stunning", "someone drowns",
"the best club" are said of many films and in much chat. So a central term weighs 2 only when the
message anchors it to the film: it says a word of the film's world the ending says too (a short
ending: any of its plot's words; a long one: an uncommon plot word or a name of a sentence saying
the term, such as "Mia", or "Tom" however everyday a word), it talks about the ending ("she ends up
married"; a claimed twist such as "all along" does too, while "no spoilers" does not,
``words.withheld``), or it tells the term of someone in a clause not about the writer
(``chat_reading.told_of_someone``: "she marries someone else"). Otherwise it weighs 1 and needs
another term. In a long explainer (``LONG_ENDING`` sentences or more, where "club", "smile" or
"theme" are central by chance as much as by meaning) only the uncommon plot words and names of a
sentence saying the term anchor it. The films around it matter too: a stem many films of the
catalog use (``build``'s ``frequent``, from ``vocabularies.CatalogTerms``: "dies", "married",
"burns") says little about any one of them, so a two-stem term of such stems and everyday words is
weak.

An ending word in a clause about the writer ("my cousin got married") or a sentence about the
film's craft or marketing ("the score", "the trailer") counts for nothing, not even as a weak
term, unless the message says it elsewhere too (``chat_reading.own_terms``). And a short form of
one of the film's names ("seb" for "Sebastian", ``film_names.short_forms``) is read as the name.

Chat calls people by the film's roles in its own words too: a role the plot gives a name in
apposition ("The housekeeper, Mrs Pell, ...") is that name's role, said together with it; a word
and an everyday word for a person ("her sound guy") are the role the film writes in two words
after a determiner ("her own sound engineer", ``EndingVocabulary.compounded``); and in a long
explainer a family word or a role the plot gives a name ties a central word as a name does ("the
girl's mum built it"). What the summary says someone was in an everyday word the vocabulary leaves
out ("Walter Brisk, the foreman who ..., was right", ``EndingVocabulary.verdicts``) is a fact of
the ending when a message claims a twist with it ("the grumpy foreman was right the whole time");
someone said not to be what the message calls them in a word of the film ("the dead woman isn't
dead", ``chat_reading.DENIED_STATE``) claims a hidden state. Two related words said in a retelling
of one statement of the plot (two more of its words: "nell cooking her dad's recipes to win back
the regulars") are its set-up, one weak term; and what a superlative ranks someone as ("vera is the
best detective partner ever") is a judgement, one weak term.

An outcome claimed in the language of endings, in words the explainer need not use ("the kid
actually did it", "the robot sacrifices himself", "they don't win", ``outcomes.claims``), tells the
ending when it says who or the message says a word of the film's world besides, outside the film's
name and in a message naming none of its cast; a fate or secret the plot already tells in the same
words ("his brother died") is set-up, while blame is what a plot withholds.

Each film's vocabulary is built once per content revision and catalog sample, and kept in memory,
by ``bot.features.spoiler.vocabularies``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.features.spoiler.chat_reading import (
    CLEFT,
    CULPRIT,
    DENIED_STATE,
    FIRST_PERSON,
    IS_PRONOUN,
    PRONOUN_IS,
    SELF_DENIAL,
    TWIST_CLAIM,
    early_pieces,
    early_terms,
    own_terms,
    told_of_someone,
)
from bot.features.spoiler.film_names import Names, names_in, short_forms
from bot.features.spoiler.outcomes import Claim, claims
from bot.features.spoiler.terms import OWNER, SENTENCE, content, terms
from bot.features.spoiler.words import (
    COMMON_ENGLISH,
    COMMON_WORDS,
    FILM_TALK,
    FILM_TALK_WORDS,
    FUNCTION_WORDS,
    MIN_LENGTH,
    NEGATED,
    NUMBER_WORDS,
    QUOTED_LINE,
    WORD,
    answered,
    common_stems,
    emoji_words,
    guessed_unseen,
    hedged,
    plain,
    spoken,
    stem,
    withheld,
    words,
)
from bot.levels import SpoilerLevel
from bot.spoiler_policy.markup import bars_as_meant

__all__ = ["EndingVocabulary", "build", "split_levels", "stem"]

_INLINE = re.compile(r"\|\|(.+?)\|\|", re.DOTALL)
_CITATION = re.compile(r"\[\^\w+\]")
_QUESTION = re.compile(r"[^.!?\n]*\?+")
_PERSON_WORDS = r"(?:guy|man|woman|lady|dude|girl|boy|bloke|chick|person|fella|fellow)"
_PERSON = re.compile(rf"\b{_PERSON_WORDS}\b", re.IGNORECASE)
_COMPOUND = re.compile(rf"\b(?P<first>[a-z]{{3,}})\s+{_PERSON_WORDS}\b", re.IGNORECASE)
"""A word and an everyday word for a person ("sound guy"): a role as chat says it."""
FAMILY = frozenset(
    stem(word)
    for word in """father mother sister brother grandmother grandfather child daughter son
    wife husband widow uncle aunt nephew niece cousin twin""".split()  # noqa: SIM905
)
"""Words for someone's family: in a film's plot, each one of its people."""
_RETOLD = 2
_CLAUSE_ENDS = re.compile(r"\s*(?:$|[,;:.!?)]|(?:and|but|all|after|because)\b)", re.IGNORECASE)
_VERDICT_LINKS = frozenset("is was were are being been".split())  # noqa: SIM905
_TWIST_TALK = re.compile(r"\btwist\b|\breveal\b", re.IGNORECASE)
"""Words of one statement of the plot, besides the words a message relates, that make the
message a retelling of that statement."""
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
_CONTRACTED_LINK = re.compile(
    r"\b(?:it|she|he|that|who)['’]s\b|\bthey['’]re\b|\w['’]s\s+(?:a|an|the)\b", re.IGNORECASE
)
"""A contracted "is" ("it's anders", "she's edith", "they're"), and a name's "'s" before an
article, which is never a possessive ("nico's a rat", "the buyer's the dad")."""
_TOLD_OF = re.compile(
    r"\b(?:she|he|they)(?:['’](?:s|re)|\s+(?:is|was|are|were))\s+"
    r"(?:(?:a|an|the|its|his|her|their|really|actually)\s+)?",
    re.IGNORECASE,
)
"""A pronoun stating what someone is, right before the word it states ("she's the owner")."""
_LINK_SIGNS = ("=", "->", "→")
_MADE_VERBS = frozenset({"was", "were", "is", "got", "being", "been"})
_TITLE_PREPOSITIONS = frozenset({"in", "from", "of", "at", "on"})
_ARTICLES = frozenset({"the", "a", "an"})
_CAST_AS = frozenset({"is", "was", "isnt", "wasnt", "not", "be", "been"})
"""Words before a cast member's name that make the name stand for a character ("is not ryan
gosling")."""
_DETERMINERS = _ARTICLES | frozenset({"her", "his", "their", "its"})
_TYPO_LENGTH = 5
"""Letters a word has at least for a typo of it to be read as it: shorter words are as often
other words one letter away ("wade", "wide")."""


def _deletions(word: str) -> set[str]:
    """``word``, and each way of leaving one letter out of it."""
    return {word, *(word[:at] + word[at + 1 :] for at in range(len(word)))}


def _one_edit(a: str, b: str) -> bool:
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


_AGENT_BASE = 4
_AGENT = re.compile(rf"\b(?P<base>[a-z]{{{_AGENT_BASE},}}?)(?:eur|er|or|ist)s?\b", re.IGNORECASE)
"""An agent noun ("saboteur", "kidnapper", "abductor"): the verb's part, four letters or more,
and its ending."""
_LINKED_BEFORE = re.compile(
    r"(?:\b(?:is|was|were|are|be|been|isn['’]?t|wasn['’]?t|weren['’]?t|aren['’]?t"
    r"|its|hes|shes|thats|whos)|\w['’]s)"
    r"\s+(?:(?:the|a|an|his|her|their)\s+)?(?:(?:real|actual|secret|true)\s+)?$",
    re.IGNORECASE,
)
_LINKED_AFTER = re.compile(
    r"\s+(?:is|was|were|are|isn['’]?t|wasn['’]?t|weren['’]?t|aren['’]?t)\b", re.IGNORECASE
)
"""A link right before or after a noun: what someone is said to be ("was the saboteur", "the
kidnapper is ...")."""
_DESCRIBED = re.compile(
    r"\bthe\s+(?:(?:guy|man|woman|lady|dude|person|girl|boy|bloke|kid|chick)\s+"
    r"(?:(?:who|that)(?:['’]s|\s+is|\s+was|\s+were)?\s+)?(?P<verb>[a-z]{3,}ing)"
    r"|(?P<agent>[a-z]{3,}(?:er|or)))\b"
    r"(?P<what>\s+(?:the|a|an|his|her|their|those|these|all)\s+[a-z]+)?",
    re.IGNORECASE,
)
"""Someone called by what they do: "the guy investigating (the disappearances)", "the woman who
is cooking", "the investigator". Not "the one doing it", which blames (``chat_reading.CULPRIT``)."""
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


@dataclass(frozen=True)
class EndingVocabulary:
    """Each distinctive one-stem term with its weight, and the distinctive two-stem terms.

    A term of the film's ending summary (its ending-level quick answer) is central to the ending
    and weighs 2 when the message ties it to the film (``anchors``). Another distinctive term
    weighs 1 and needs a second from the same sentence of the ending; a two-stem term weighs 2.
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
    # Central terms, each with what anchors it to this film (``build``): such a term weighs 2
    # only in a message that says one of those too, or tells it of someone, else 1.
    anchors: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The plot's own words (plot-level stems; a word of the title only where the plot says it
    # apart from the title, "found dead" in Dead Air) and the pairs of them that a statement of
    # the other text says together: an identity a message claims between two of them that the
    # plot never pairs ("the housekeeper was the owner all along", "the sheriff was already
    # dead") is a twist.
    plot_words: frozenset[str] = frozenset()
    plot_pairs: frozenset[tuple[str, str]] = frozenset()
    # How members shorten the film's names ("seb" for "Sebastian"): each short form, with the
    # name it stands for.
    short_names: Mapping[str, str] = field(default_factory=dict)
    # The ending summary's own people and things (its uncommon plot words and names): saying
    # one of them did it ("holm did it") names the ending's culprit.
    suspects: frozenset[str] = frozenset()
    # The summary's everyday plot words ("detective", "sister"): a role said right before "did
    # it" ("the detective himself did it") names the culprit too, though said anywhere else in
    # the sentence it is only a word.
    roles: frozenset[str] = frozenset()
    # The film's names as spoken words ("dead", "air"), with and without a leading article: a
    # name said inside a statement ("the engineer in dead air was the night owl") is no distance
    # between its words and no one's role.
    titles: frozenset[tuple[str, ...]] = frozenset()
    # How a message names the film's director, cast and cited authors (``_credit_names``): a
    # clause naming one ("dalia haddad's walk in salt road") is about a performance or the
    # making of the film, not its story.
    credits: tuple[frozenset[str], frozenset[tuple[str, ...]]] = (frozenset(), frozenset())
    # Lines the ending quotes (``LINE_WORDS`` words or more, as spoken words) that the other
    # text never does: a message repeating one ("ANOTHER caller saying i'm still listening")
    # tells the ending in its own words.
    lines: frozenset[tuple[str, ...]] = frozenset()
    # What the plot says the summary's people do, by the verb's stem, with the word the plot
    # calls the doer ("investig": "detective", from "a detective returns ... to investigate"):
    # chat calls someone by what they do ("the guy investigating", "the investigator").
    doers: Mapping[str, str] = field(default_factory=dict)
    # A word the film's texts write for each of its uncommon stems (``build``): an agent noun in
    # a message ("the saboteur", "the kidnapper") is read as the verb the film says ("sabotaged",
    # "kidnapped", ``agents``).
    surfaces: Mapping[str, str] = field(default_factory=dict)
    # The stems of each statement of the plot (three or more, the title's left out): a message
    # saying two of one statement's words besides the words it relates retells that statement
    # ("frankie teaching the pub team to defend", of "Francis teaches them to defend").
    plot_statements: tuple[frozenset[str], ...] = ()
    # The word the film's texts say before a role ("sound" of "her sound engineer"), with the
    # role: chat says "her sound guy" for the engineer.
    compounds: Mapping[str, str] = field(default_factory=dict)
    # What the ending's summary says one of its people was in an everyday word ("Walter Brisk,
    # the foreman who ..., was right"), by the person's stem: the words a vocabulary of
    # distinctive terms leaves out, which a claimed twist tells ("wally was right all along").
    verdicts: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def credited(self, clause: str) -> bool:
        """Whether ``clause`` is about one of the film's people (director, cast, cited authors):
        it names one, and not as what a character is ("the husband is not ryan gosling" tells
        the story by its cast)."""
        surnames, full = self.credits
        lowered = clause.lower()
        # Most messages name none of them: a substring test spares reading the words.
        if not any(name in lowered for name in surnames) and not any(
            parts[-1] in lowered for parts in full
        ):
            return False
        if not _names_someone(clause, surnames, full):
            return False
        said = [word for word in words(clause) if word]
        for at, word in enumerate(said):
            # Right before the name, or before its first name ("is not ryan gosling").
            before = said[max(0, at - 2) : at] if word in surnames else said[max(0, at - 1) : at]
            named = word in surnames or any(
                said[at : at + len(name)] == list(name) for name in full
            )
            if named and not _CAST_AS.isdisjoint(before):
                return False
        return True

    def untitled(
        self, tokens: list[tuple[int, str, str, int, int]]
    ) -> list[tuple[int, str, str, int, int]]:
        """``tokens`` (``content``) without the film's names said in them, and a preposition
        right before one ("in dead air"), numbered again: what the statement says around the
        film's name."""
        if not self.titles:
            return tokens
        spoken_words = [token[2] for token in tokens]
        firsts = {title[0] for title in self.titles}
        if firsts.isdisjoint(spoken_words):
            return tokens
        dropped: set[int] = set()
        for at in range(len(tokens)):
            if spoken_words[at] not in firsts:
                continue
            for title in self.titles:
                if tuple(spoken_words[at : at + len(title)]) == title:
                    dropped.update(range(at, at + len(title)))
                    if at and spoken_words[at - 1] in _TITLE_PREPOSITIONS:
                        dropped.add(at - 1)
        if not dropped:
            return tokens
        kept = [token for number, token in enumerate(tokens) if number not in dropped]
        return [(number, *token[1:]) for number, token in enumerate(kept)]

    def made(self, sentence: str) -> bool:
        """Whether ``sentence`` says where or how the film was made: its name, then "was shot"
        or "was filmed" ("dead air was shot in a real radio station"). A film is never shot the
        way a person is, so the name as the subject makes it its making, not its story."""
        if not self.titles or "shot" not in sentence.lower():
            return False
        said = [token[2] for token in content(sentence)]
        for at in range(len(said)):
            for title in self.titles:
                if tuple(said[at : at + len(title)]) == title:
                    after = said[at + len(title) : at + len(title) + 2]
                    if after[-1:] == ["shot"] and (len(after) == 1 or after[0] in _MADE_VERBS):
                        return True
        return False

    def spelled_out(self, text: str) -> str:
        """``text`` with each short form of one of the film's names written in full."""
        if not self.short_names:
            return text

        def full(match: re.Match[str]) -> str:
            return self.short_names.get(spoken(match.group()), match.group())

        return WORD.sub(full, text)

    def corrected(self, text: str) -> str:
        """``text`` with a word mistyped by one letter (left out, added, changed or two swapped)
        from one of the ending's words or the summary's people written as the film writes it:
        "mrs pel was edtih", "the theatre burnd down". Only a word of ``_TYPO_LENGTH`` letters
        or more that is no English word of its own and no word of the film, and only when one
        word of the film is that close."""
        known = self._typo_targets
        if not known:
            return text

        def fixed(match: re.Match[str]) -> str:
            word = match.group().lower()
            if len(word) < _TYPO_LENGTH or word in COMMON_ENGLISH or not word.isalpha():
                return match.group()
            said = stem(word)
            if (
                said in self.singles
                or said in self.suspects
                or said in self.plot_words
                or said in common_stems()
            ):
                return match.group()
            if len(said) < _TYPO_LENGTH - 1:
                return match.group()
            close = {
                target
                for variant in _deletions(said)
                for target in known.get(variant, ())
                if _one_edit(said, target)
            }
            if len(close) != 1:
                return match.group()
            (target,) = close
            return self.surfaces.get(target, target)

        return WORD.sub(fixed, text)

    @functools.cached_property
    def _typo_targets(self) -> dict[str, set[str]]:
        """The ending's words and the summary's people (``_TYPO_LENGTH`` letters or more), by
        each way of leaving one letter out of them, and as they are."""
        found: dict[str, set[str]] = {}
        for term in (*self.singles, *self.suspects):
            if len(term) >= _TYPO_LENGTH:
                for variant in _deletions(term):
                    found.setdefault(variant, set()).add(term)
        return found

    def agents(self, text: str) -> str:
        """``text`` with each agent noun the film's texts never use, of a verb they do use,
        written as the film writes the verb: "the commander was the saboteur" of "sabotaged by
        the commander", "the kidnapper" of "kidnapped". English makes one of the other ("-er",
        "-or", "-eur", "-ist"); an everyday word ("mother", "water") is left as it is."""
        if not self.surfaces or _AGENT.search(text) is None:
            return text

        def verb(match: re.Match[str]) -> str:
            word = spoken(match.group())
            said = stem(word)
            if said in self.surfaces or said in common_stems() or said in self.singles:
                return match.group()
            # Only as what someone is said to be ("X was the saboteur", "the kidnapper is X"):
            # "ada has to find the saboteur" tells the plot's hunt, in the noun it hunts for.
            if not (
                _LINKED_BEFORE.search(text, 0, match.start())
                or _LINKED_AFTER.match(text, match.end())
            ):
                return match.group()
            base = match.group("base").lower()
            for candidate in (base, base[:-1] if base[-1] == base[-2] else base):
                if (found := self.surfaces.get(stem(candidate))) is not None:
                    return found
            # "saboteur" of "sabotaged": the verb's stem begins with what the noun keeps.
            if len(base) >= _AGENT_BASE + 1:
                found_all = [word for term, word in self.surfaces.items() if term.startswith(base)]
                if len(found_all) == 1:
                    return found_all[0]
            return match.group()

        return _AGENT.sub(verb, text)

    def compounded(self, text: str) -> str:
        """``text`` with someone called by the first word of a role the film writes in two
        ("sound engineer") and an everyday word for a person ("the sound guy", "her sound
        dude") written as that role ("the sound engineer")."""
        if not self.compounds or _PERSON.search(text) is None:
            return text

        def role(match: re.Match[str]) -> str:
            found = self.compounds.get(spoken(match.group("first")))
            return f"{match.group('first')} {found}" if found else match.group()

        return _COMPOUND.sub(role, text)

    def _of_film(self, word: str) -> bool:
        """Whether a spoken word is one of the film's: of its plot, or of its ending."""
        term = stem(word)
        return term in self.plot_words or term in self.singles

    def described(self, text: str) -> str:
        """``text`` with someone called by what the plot says they do ("the guy investigating
        the disappearances", "the investigator") written as the plot's word for them ("the
        detective"), and what they do to, when the plot says it of them too: a role, as chat
        gives it, that relations and blame read like the name."""
        if not self.doers:
            return text

        def doer(match: re.Match[str]) -> str:
            verb = match.group("verb") or match.group("agent")
            term = stem(verb)
            who = self.doers.get(term)
            # An agent noun is the verb's only when its ending is the verb's ("investigator",
            # not "water").
            if who is None or (match.group("agent") and len(term) > len(verb) - 2):
                return match.group()
            # A word of the ending itself ("the killer") is read as it is.
            if term in self.singles or term in self.suspects or term in self.roles:
                return match.group()
            # "the guy investigating the disappearances" is one person, what he does and all;
            # "the investigator is ..." goes on with a statement.
            return f"the {who}" if match.group("verb") else f"the {who}{match.group('what') or ''}"

        return _DESCRIBED.sub(doer, text)

    def related(self, text: str) -> tuple[list[str], list[str]]:
        """The ending's relations ``text`` states: (linked "a = b", said together "a ~ b")."""
        linked: list[str] = []
        near: list[str] = []
        claims = TWIST_CLAIM.search(text) is not None
        if not self.relations and not claims:
            return linked, near
        # A claim's wording takes room of its own ("X turns out to be the Y").
        gap = CLAIM_GAP if claims else RELATION_GAP
        for sentence in SENTENCE.split(text):
            tokens = self.untitled(content(sentence))
            said = _unowned(tokens)
            # Where a pronoun stating what someone is starts, by where the word it states does.
            stated = {found.end(): found.start() for found in _TOLD_OF.finditer(sentence)}
            for i, first in enumerate(said):
                for second in said[i + 1 :]:
                    # "the dog follows the housekeeper around because she's edith": a pronoun
                    # stating what someone is links them to a word said before it, however far.
                    told = False
                    if second[0] - first[0] > gap + 1:
                        if not stated:
                            break
                        told = stated.get(second[3], -1) >= first[4]
                        if not told:
                            continue
                    a, b = sorted((first[1], second[1]))
                    known = (a, b) in self.relations
                    if not known and not (claims and self._unpaired(a, b)):
                        continue
                    between = tokens[first[0] + 1 : second[0]]
                    if (
                        told
                        or _links(between, claims)
                        or any(sign in sentence[first[4] : second[3]] for sign in _LINK_SIGNS)
                        or _CONTRACTED_LINK.search(sentence, first[3], second[3])
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
        # "> who took the fishermen?" then "the detective.": the reply says who did it.
        text = emoji_words(text, lambda said: tuple(said) in self.titles)
        text = answered(
            plain(self.agents(self.spelled_out(self.corrected(self.compounded(text))))),
            self._of_film,
            lambda said: tuple(said) in self.titles,
        )
        # "the guy investigating the disappearances is the one who did them": someone called by
        # what they do is the plot's word for them when the message blames someone or claims a
        # twist, read both ways ("the guy investigating the murders was doing them the whole
        # time" tells by what he does).
        described = self.described(text)
        if described != text and (CULPRIT.search(text) or _claims_twist(text)):
            return self._matches(described) or self._matches(text)
        return self._matches(text)

    def _matches(self, text: str) -> tuple[str, ...]:
        singles, pairs = terms(text)
        hit_pairs = sorted(pairs & self.pairs)
        hit_singles = sorted(term for term in singles if term in self.singles)
        linked, near = self.related(text)
        own = (
            own_terms(text, self.made, self.credited)
            if hit_pairs or hit_singles or linked or near
            else set()
        )
        # A relation said only where the film's making is talked of ("it was shot in a real
        # radio station, the engineer was a real sound guy") is the film's making too.
        linked = [found for found in linked if not set(found.split(" = ")) <= own]
        if linked and guessed_unseen(text):
            # "theory before seeing it: gramps is secretly a robot": one who has not seen the
            # film guesses; a twist claimed between two words the ending never relates is
            # theirs, not the film's. The ending's own relation guessed right still tells.
            linked = [found for found in linked if tuple(found.split(" = ")) in self.relations]
        near = [found for found in near if not set(found.split(" ~ ")) <= own]
        # Two everyday words in a row ("jazz club") are said in any chat: such a pair is one weak
        # term, not an ending on its own. A count ("five years") is a detail however common.
        # "the diner scenes", "the switchboard prop", "the voice changer effects": a part of the
        # film named by what it is on screen, not a fact of its ending told; one weak term.
        parts = (
            _named_parts(text, self.untitled, self.plot_words | self.suspects, self.singles)
            if hit_pairs or hit_singles or near
            else set()
        )
        # What the message places early in the film ("early in X", "at the start") is its
        # set-up as the member tells it: its words are one weak term, like a part named.
        if hit_pairs or hit_singles or near:
            parts |= early_terms(text)
            # "vera is the best detective partner ever": what a superlative ranks someone as is
            # the writer's judgement of them, one weak term, not what the story made of them.
            parts |= {
                term
                for found in _RANKED.finditer(text)
                for _, term, *_ in content(found.group("what"))
                if term
            }
        # Two related words, one of them in a part named or judged ("mrs pell is iconic"), are
        # that part named: one weak term with it (below), not a relation told.
        named_near = [found for found in near if set(found.split(" ~ ")) & parts]
        near = [found for found in near if found not in named_near]
        # Related words said in a retelling of a statement of the plot ("nell cooking her dad's
        # recipes to win back the regulars") are the plot's set-up as the member tells it: one
        # weak term, like a part named, not a relation of the ending told.
        if near and self._retold(singles, {word for found in near for word in found.split(" ~ ")}):
            named_near, near = [*named_near, *near], []
        everyday = [
            pair
            for pair in hit_pairs
            if _everyday(pair, self.frequent)
            or set(pair.split(" ")) <= own
            or pair in own
            or set(pair.split(" ")) <= parts
        ]
        hit_pairs = [pair for pair in hit_pairs if pair not in everyday]
        said, told = singles, frozenset[str]()
        if any(term in self.anchors for term in hit_singles):
            # "No spoilers" says "spoiler" without talking about the ending.
            unhedged = withheld(text)
            talk = [stem(word) for word in words(unhedged) if word]
            # "final" right before a term is its adjective ("the final service scene"): the
            # term's own name, not talk about the ending.
            talk = [
                word
                for word, after in zip(talk, [*talk[1:], ""], strict=True)
                if not (word == _FINAL and after in self.anchors)
            ]
            said = terms(unhedged)[0] | ENDING_TALK.intersection(talk)
            if TWIST_CLAIM.search(text):  # "X was the arsonist all along" talks of the twist
                said |= ENDING_TALK
            told = told_of_someone(text)
        weight = {
            term: 1 if term in own or term in parts else self._weight(term, said, told)
            for term in hit_singles
        }
        # A two-stem term is one phrase with its own stems, and pairs sharing a stem ("dances
        # slowly", "slowly between the tables") make one longer phrase: one fact. A phrase with
        # a two-stem term or a term weighing 2 in it weighs 2 once, however many of its terms
        # weigh 2 ("a double-cross" is not three facts). Others ("jazz club", two everyday
        # words) are weak.
        counted = [pair for pair in everyday if not set(pair.split(" ")) <= own and pair not in own]
        score = 0
        inside: set[str] = set()
        # Terms said in a row in the message are one phrase too, though the ending never says
        # that pair ("the lighthouse lamp turning"): one image, not two facts.
        found_stems = set(hit_singles).union(*(pair.split(" ") for pair in hit_pairs))
        in_a_row = [
            pair
            for pair in pairs - set(hit_pairs)
            if pair.split(" ")[0] != NEGATED and set(pair.split(" ")) <= found_stems
        ]
        for phrase, members in _phrases([*hit_pairs, *counted, *in_a_row]):
            strong = any(weight.get(term, 0) >= SPOILS_AT for term in phrase)
            if strong or not members.isdisjoint(hit_pairs):
                score += SPOILS_AT
                inside |= phrase
        score += sum(
            weight[term] for term in hit_singles if weight[term] >= SPOILS_AT and term not in inside
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
            if weight[term] < SPOILS_AT and term not in own and term not in inside
        ] + [
            (set(pair.split(" ")), self.sentences.get(pair, frozenset()))
            for pair in counted
            if not inside.issuperset(pair.split(" "))
        ]
        weak += [(set(found.split(" ~ ")), frozenset()) for found in named_near]
        parts = parts.union(*(found.split(" ~ ") for found in named_near))
        # A part of the film named on screen is one item however many of its words are terms.
        named = [item for item in weak if item[0] <= parts]
        if len(named) > 1:
            weak = [item for item in weak if not item[0] <= parts]
            weak.append((set().union(*(item[0] for item in named)), frozenset()))
        if any(a[1] & b[1] and not a[0] & b[0] for a, b in itertools.combinations(weak, 2)):
            score += SPOILS_AT
        # A stated relation is a fact of the ending; two related words said together are one
        # weak term, which any other term of the ending completes.
        score += SPOILS_AT * len(linked)
        blamed = self._blamed(text) + self._unmasked(text) + _denied_selves(text)
        blamed += self._judged_people(text) + self._denied_states(text)
        if self.lines:
            blamed += self._said_lines(text)
        score += SPOILS_AT * len(blamed)
        if near:
            score += 1 + bool(weak or hit_pairs or len(near) > 1)
        if score < SPOILS_AT and (weak or near):
            # "X ends with ...", "the ending where ...": the message says it is telling the
            # ending, so one weak term of it said there is the ending, not a coincidence.
            # "X premise: an actress meets a jazz pianist": a set-up told in a comparison's
            # words is still the set-up.
            told_there = terms(_told_ending(_without(text, early_pieces(text))))[0]
            evidence = [stems for stems, _ in weak] + [set(pair.split(" ~ ")) for pair in near]
            if any(stems & told_there for stems in evidence):
                score = SPOILS_AT
        # "the kid actually did it", "the robot sacrifices himself": an outcome claimed in the
        # language of endings, in words the explainer need not use, tells the ending when the
        # message also says a word of the film's world; one the plot already tells is set-up.
        claimed = self._claimed(text) if score < SPOILS_AT else []
        if claimed:
            score = SPOILS_AT
        found = (*hit_pairs, *everyday, *hit_singles, *linked, *near, *named_near, *blamed)
        found += tuple(claim.kind for claim in claimed)
        if not _replies(text, found):
            return ()
        needed = 2 * SPOILS_AT if hedged(text) else SPOILS_AT
        return found if score >= needed else ()

    def _claimed(self, text: str) -> list[Claim]:
        """The outcomes ``text`` claims (``outcomes.claims``) outside the film's name ("the
        hollow lane murders" claims nothing), in a message naming none of the film's cast or
        crew (what "he did" there is the actor's) that the film's plot does not already tell, each
        when it says who ("the guy who did it", "they don't win": of the film the message names)
        or the message also says a word of the film's world besides the claim's own and the
        film's name ("someone drowns" is said of many films)."""
        if not claims(text) or self.credited(text):
            return []  # "ryan gosling learned piano, he did it all himself": of the actor
        tokens = content(text)
        kept = self.untitled(tokens)
        if len(kept) < len(tokens):
            spans = {(token[3], token[4]) for token in kept}
            for _, _, _, start, end in tokens:
                if (start, end) not in spans:
                    text = text[:start] + " " * (end - start) + text[end:]
        said = {token[1] for token in kept if token[1]}
        found = []
        # "X premise: a caller describes murders as he does them": the set-up claims its
        # outcomes in the plot's own order, none of them the ending's.
        set_up = [piece.lower() for piece in early_pieces(text)]
        for claim in claims(text):
            if any(claim.clause in piece for piece in set_up):
                continue
            told = {term for _, term, *_ in content(claim.words) if term}
            if claim.kind in _TOLD_BY_PLOT and told and told <= self.plot_words:
                continue  # "his brother died years ago": the set-up tells it
            # Said in the ending's own words ("the old one drowned"), the claim is the
            # vocabulary's to weigh; in words of no film it says who on its own.
            if (said - told) & self._world or (
                claim.of_someone_named and told.isdisjoint(self.singles)
            ):
                found.append(claim)
        return found

    @functools.cached_property
    def _world(self) -> frozenset[str]:
        """The stems that tie a message to the film's world: its plot words, the ending
        summary's people and things, its short names and the ending's terms."""
        return frozenset(
            {*self.plot_words, *self.suspects, *self.short_names, *self.singles, *self.anchors}
        )

    def _retold(self, said: set[str], told: set[str]) -> bool:
        """Whether a message saying the stems ``said`` retells a statement of the plot: two of
        its words besides the ending's words ``told``."""
        rest = said - told
        return any(len(statement & rest) >= _RETOLD for statement in self.plot_statements)

    def _denied_states(self, text: str) -> list[str]:
        """Someone said not to be what the message calls them, in a word of the film ("the
        dead woman isn't dead", where the plot says someone died): a hidden state claimed. A
        word of no film ("the funny one isn't funny") is a judgement."""
        if not any(denial in text.lower() for denial in _DENIALS):
            return []
        found = []
        for match in DENIED_STATE.finditer(text):
            said = [(term, word) for _, term, word, *_ in content(match.group(1)) if term]
            found += [f"{term} is not {term}" for term, word in said if self._of_film(word)]
        return found

    def _judged_people(self, text: str) -> list[str]:
        """What a claimed twist says one of the summary's people was, when the summary says it
        in the same everyday word ("wally was right all along", "the grumpy foreman was right
        the whole time, that's the twist", of "Walter Brisk, the foreman ..., was right")."""
        if not self.verdicts or not (_claims_twist(text) or _TWIST_TALK.search(text)):
            return []
        found: list[str] = []
        for sentence in SENTENCE.split(text):
            tokens = self.untitled(content(sentence))
            for at, token in enumerate(tokens):
                if token[2] not in _VERDICT_LINKS:
                    continue
                after = [t[2] for t in tokens[at + 1 : at + 3] if t[2] not in _DEGREES]
                before = {t[1] for t in tokens[max(0, at - RELATION_GAP - 1) : at] if t[1]}
                for person in before:
                    said = self.verdicts.get(person, frozenset())
                    found += [f"{person} = {word}" for word in after[:1] if word in said]
        return sorted(set(found))

    def _said_lines(self, text: str) -> list[str]:
        """The ending's quoted lines ``text`` repeats: in quotes, or in a message talking of the
        ending ("... at the end means ..."); said plainly otherwise, "i'm still listening to the
        soundtrack" is the writer's own sentence."""
        quoted = [word for found in _QUOTE.findall(text) for word in (*words(found), "")]
        said = [word for word in words(withheld(text)) if word]
        if not ENDING_TALK.intersection(stem(word) for word in said):
            said = quoted
        return _said_line(said, self.lines)

    def _unmasked(self, text: str) -> list[str]:
        """The summary's people and things a claimed twist says someone of the story was, told
        with a pronoun: "he turns out to be the murderer", "the voice on the radio was her the
        whole time". The pronoun stands for one of the film's people; what it is said to be is
        the ending's when the summary says it (its plot words: ``suspects``, ``roles``)."""
        told = self.suspects | self.roles
        if not told or not _claims_twist(text):
            return []
        found: list[str] = []
        for sentence in SENTENCE.split(text):
            if not _claims_twist(sentence):
                continue
            for match in PRONOUN_IS.finditer(sentence):
                after = [term for _, term, *_ in content(sentence[match.end() :])[:1] if term]
                found += [f"someone = {term}" for term in after if term in told]
            for match in IS_PRONOUN.finditer(sentence):
                before = [
                    term
                    for _, term, _, _, end in self.untitled(content(sentence[: match.start()]))
                    if term
                ][-RELATION_GAP:]
                # One statement, however many of the summary's words its subject says.
                said = [term for term in before if term in told]
                found += [f"{' '.join(said)} = someone"] if said else []
        return sorted(set(found))

    def _blamed(self, text: str) -> list[str]:
        """The summary's people a sentence of ``text`` says did it ("holm did it", "julian had
        nothing to do with it"): who did what is the ending of a film whose summary says them."""
        if not (self.suspects or self.roles):
            return []
        blamed: list[str] = []
        for found in CLEFT.finditer(text):
            # "it was the detective.": the word said right after is who did it.
            focus = [term for _, term, *_ in content(text[found.end() :])[:1] if term]
            blamed += [term for term in focus if term in self.suspects | self.roles]
        if not CULPRIT.search(text):
            return [f"{term} did it" for term in sorted(set(blamed))]
        for sentence in SENTENCE.split(text):
            for match in CULPRIT.finditer(sentence):
                blamed += sorted(terms(sentence)[0] & self.suspects)
                subject = [
                    term
                    for _, term, _, _, end in self.untitled(content(sentence))
                    if term and end <= match.start()
                ][-1:]
                blamed += [term for term in subject if term in self.roles]
        return [f"{term} did it" for term in sorted(set(blamed))]


SCREEN_PARTS = frozenset(
    """scene scenes shot shots prop props effect effects sequence sequences set sets design
    costume costumes location locations bit bits moment moments""".split()  # noqa: SIM905
)
"""Words naming a part of a film as it is on screen ("the diner scenes", "the booth set")."""


_LOOKS = frozenset("look looks looked looking".split())  # noqa: SIM905
_JUDGED_BY = frozenset("is are was were".split())  # noqa: SIM905
_DEGREES = frozenset(
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
_RANKED = re.compile(
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
    degrees = list(itertools.takewhile(lambda word: word in _DEGREES or word in _INDEFINITE, said))
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
    if not subject or len(subject) > _SUBJECT_WORDS or subject[0][2] not in _DETERMINERS:
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
    leading = itertools.takewhile(lambda word: word in _DEGREES or word in _INDEFINITE, said)
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
        if not said or said[0] not in _DETERMINERS or len(said) > _LIST_WORDS:
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


def _named_parts(
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
                    if item[2] not in _ARTICLES and item[3] > clause
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
                before = [item for item in tokens[max(0, at - 4) : at] if item[2] not in _ARTICLES]
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


_DENIALS = ("wasn", "isn", "weren", "aren", "was not", "is not", "was never", "is never")


def _denied_selves(text: str) -> list[str]:
    """Who ``text`` says was not who they seemed ("mrs pell was never mrs pell", "the victim
    wasn't the victim"): a claim of a hidden identity, whatever words the ending uses for it.
    Only a word that carries detail: "the end wasn't the end" is film talk."""
    # Most messages deny nothing of anyone: a substring test spares the regex.
    lowered = text.lower()
    if not any(denial in lowered for denial in _DENIALS):
        return []
    found = []
    for match in SELF_DENIAL.finditer(text):
        said = [term for _, term, *_ in content(match.group(1)) if term and term not in FILM_TALK]
        found += [f"{said[-1]} is not {said[-1]}"] if said else []
    return found


def _replies(text: str, found: Iterable[str]) -> bool:
    """Whether what ``text`` found is told: a message quoting another member's question ("> does
    she die?" then "idk, haven't seen it") shows the question, which tells nothing, so the
    reply has to say one of the words found ("nope, she dies"). A quoted statement ("> the
    housekeeper is edith" then "lol yes") is shown, and tells, like any other text."""
    if ">" not in text or not QUOTED_LINE.search(text):
        return True
    quoted = "\n".join(found.group() for found in QUOTED_LINE.finditer(text)).replace(">", " ")
    if not hedged(quoted):
        return True
    reply = {stem(word) for word in words(QUOTED_LINE.sub(" ", text)) if word}
    return any(part in reply for item in found for part in re.findall(r"[a-z]+", item))


def _claims_twist(text: str) -> bool:
    """Whether ``text`` claims a twist ("all along", "turns out", "the whole time"); "actually"
    alone is mostly emphasis."""
    return any(claim.group().lower() != "actually" for claim in TWIST_CLAIM.finditer(text))


def _phrases(pairs: Iterable[str]) -> list[tuple[set[str], set[str]]]:
    """Two-stem terms joined where they share a stem: (the stems, the pairs) of each phrase."""
    phrases: list[tuple[set[str], set[str]]] = []
    for pair in pairs:
        stems, members = set(pair.split(" ")), {pair}
        for phrase in [phrase for phrase in phrases if phrase[0] & stems]:
            phrases.remove(phrase)
            stems |= phrase[0]
            members |= phrase[1]
        phrases.append((stems, members))
    return phrases


def _unowned(tokens: list[tuple[int, str, str, int, int]]) -> list[tuple[int, str, str, int, int]]:
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


def _links(between: list[tuple[int, str, str, int, int]], claims: bool = False) -> bool:
    """Whether the words ``between`` two words of a relation link them: a link word ("is",
    "was", "turns") not followed by "about" ("the housekeeper is edith", not "gramps being
    angry about bolt", which tells how he feels), unless the message claims a twist ("wally
    was right about eli the whole time")."""
    said = [token[2] for token in between]
    for at, word in enumerate(said):
        if word in LINKS:
            return claims or _ABOUT.isdisjoint(said[at + 1 :])
    return False


def _everyday(pair: str, frequent: frozenset[str] = frozenset()) -> bool:
    first, second = pair.split(" ")
    return (
        first not in NUMBER_WORDS
        and first != NEGATED
        and (first in common_stems() or first in frequent)
        and (second in common_stems() or second in frequent)
    )


SPOILS_AT = 2
LONG_ENDING = 30
"""Sentences of ending text that make a long explainer (La La Land's has over a hundred, a
short one a dozen)."""
ENDING_TALK = frozenset(
    stem(word)
    for word in "end ending ends ended finale final epilogue twist spoiler reveal".split()  # noqa: SIM905
)
"""Words that say a message is about the ending: they anchor a central everyday word too ("she
ends up married")."""
_FINAL = stem("final")
_TOLD_BY_PLOT = frozenset({"hidden", "fate"})
"""Kinds of outcome claim a plot's set-up can tell in the same words ("his brother died years
ago"); who is to blame ("did take the money", "started the fire") is what a plot withholds."""
EMPTY = EndingVocabulary({}, frozenset())
_TELLS_ENDING = re.compile(
    r"\b(?:ending|end|ends|ended|finale|epilogue|twist|spoilers?"
    r"|(?:last|final|closing) (?:shot|scene|image))"
    r"(?:\s+[\w'’]+){0,4}?(?:\s*[:,]|\s+[-–—]|\s+(?:where|with|when)\b)",
    re.IGNORECASE,
)
"""An ending word and what introduces what the ending is: "X ends with ...", "the ending where
...", "spoiler: ...", "the last shot of X, ...", "the ending wrecked me, ..."."""


_COMPARES = re.compile(
    r"\b(?:is|was|['’]s)\s+(?:(?:just|literally|basically|kinda|pretty much|essentially)\s+)*"
    r"(?:basically|like|kinda like|the same as|just like)\s+(?!(?:a|an)\b)"
    r"|\b(?:meets|pulls? an?|flips)\s|\b(?:backwards|in reverse|really said)\b"
    r"|\bsame (?:twist|ending) as\b"
    r"|\bimagine if\b",
    re.IGNORECASE,
)
"""A film compared with another ("X is basically shutter island", "X is rebecca meets the
others", "X pulls a fight club", "X flips 12 angry men", "X really said ..."), not described
("the studio is basically a character"): chat tells a twist or an ending by another film's, so
what follows the comparison is told as the ending. So is what follows "imagine if": like "what
if ...?", it imagines against what happened ("imagine if the vault wasn't already cleaned out"),
so it tells what did."""

_BETTER = re.compile(r"\bwith (?:better|more|less|worse|fewer|nicer|cooler)\b", re.IGNORECASE)
"""What a comparison of films says the film has more or less of ("with better jackets"): its
look or its craft, not its story."""


def _told_ending(text: str) -> str:
    """What ``text`` says the ending or a twist is: what follows an ending word's introduction
    (``_TELLS_ENDING``), or the whole of a message claiming a twist ("X all along", "turns
    out"); nothing outside a promise not to tell ("no spoilers, ..."). "The ending is so quiet,
    nobody wins" judges the ending and tells none of it."""
    unhedged = withheld(text)
    # A claimed twist ("all along", "turns out") tells one; "actually" is mostly only emphasis.
    if any(claim.group().lower() != "actually" for claim in TWIST_CLAIM.finditer(unhedged)):
        return unhedged
    found = _TELLS_ENDING.search(unhedged)
    if found:
        return unhedged[found.end() :]
    compared = _COMPARES.search(unhedged)
    if not compared:
        return ""
    # "like ocean's eleven but sadder and with better jackets": the film's look, not its story.
    told = unhedged[compared.start() :]
    return told[: found.start()] if (found := _BETTER.search(told)) else told


def _without(text: str, pieces: Iterable[str]) -> str:
    """``text`` with each of ``pieces`` said in it blanked out."""
    for piece in pieces:
        if piece.strip():
            text = text.replace(piece, " ")
    return text


def _credit_names(people: Iterable[str]) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """How a text names ``people`` (director, cast, cited authors): (surnames that are no
    everyday word, "chazelle"; whole names whose surname is one, "emma stone")."""
    surnames: set[str] = set()
    full: set[tuple[str, ...]] = set()
    for person in people:
        parts = tuple(word for word in words(person) if word)
        if not parts:
            continue
        if len(parts[-1]) >= MIN_LENGTH and parts[-1] not in COMMON_ENGLISH:
            surnames.add(parts[-1])
        else:
            full.add(parts)
    return frozenset(surnames), frozenset(full)


def _names_someone(
    sentence: str, surnames: frozenset[str], full: frozenset[tuple[str, ...]]
) -> bool:
    said = [word for word in words(sentence) if word]
    if surnames.intersection(said):
        return True
    return any(
        tuple(said[at : at + len(parts)]) == parts
        for parts in full
        for at in range(len(said) - len(parts) + 1)
    )


def _credited(people: Iterable[str]) -> Callable[[str], bool]:
    """Whether a sentence names one of ``people`` (director, cast, cited authors): by surname
    when it is no everyday word ("Chazelle"), else by the whole name ("Emma Stone")."""
    surnames, full = _credit_names(people)
    return lambda sentence: _names_someone(sentence, surnames, full)


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
                    if len(said) > _RETOLD:
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
        _credit_names(people),
        _quoted_lines(ending, other, commentary),
        MappingProxyType(_doers(told, summarised, persons, names)),
        MappingProxyType(_surfaces([*ending, *told], {*weights, *plot_words} - common_stems())),
        tuple(statements),
        MappingProxyType(compounds),
        MappingProxyType(verdicts),
    )


def _surfaces(texts: Iterable[str], stems: set[str]) -> dict[str, str]:
    """A word ``texts`` write for each of ``stems`` (of ``_AGENT_BASE`` letters or more), the
    first found."""
    found: dict[str, str] = {}
    for text in texts:
        for match in WORD.finditer(text):
            word = spoken(match.group())
            term = stem(word)
            if term in stems and len(term) >= _AGENT_BASE and term not in found:
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
                    if token[2] not in _VERDICT_LINKS or word not in COMMON_WORDS:
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
                if _PERSON.fullmatch(first) or sentence[before[4] : after[3]].strip():
                    continue
                written = sentence[before[3] : before[4]]
                if (
                    written.endswith(("'s", "’s"))
                    or not (
                        ahead[2] in _DETERMINERS
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
                    token[2] in _DETERMINERS or sentence[token[3] : token[4]].endswith(("'s", "’s"))
                    for token in tokens[max(0, at - 1) : at]
                )
                if determined or written[:1].isupper():
                    roles.setdefault(after[1], set()).add(before[1])
    return roles


LINE_WORDS = 3
"""Words a quoted line has at least to be the ending's own: shorter ones ("oh no") are said
anywhere."""
_QUOTE = re.compile(r"[\"“]([^\"”\n]+)[\"”]")


def _quoted_lines(
    ending: Iterable[str], other: Iterable[str], commentary: Callable[[str], bool]
) -> frozenset[tuple[str, ...]]:
    """The lines the ending quotes, as spoken words, that the other text does not quote: not
    in a sentence of commentary ("Chazelle told ...: \"...\"")."""
    elsewhere = {
        tuple(word for word in words(found) if word)
        for text in other
        for found in _QUOTE.findall(text)
    }
    lines: set[tuple[str, ...]] = set()
    for text in ending:
        for found in _QUOTE.finditer(text):
            opening = text[: found.start()]
            sentence = opening[max(opening.rfind(mark) for mark in ".!?\n") + 1 :]
            if commentary(sentence):
                continue
            said = tuple(word for word in words(found.group(1)) if word)
            if len(said) >= LINE_WORDS and said not in elsewhere:
                lines.add(said)
    return frozenset(lines)


def _said_line(said: list[str], lines: Iterable[tuple[str, ...]]) -> list[str]:
    """The ending's quoted lines that the words ``said`` repeat, in a row."""
    return [
        f'"{" ".join(line)}"'
        for line in lines
        if any(tuple(said[at : at + len(line)]) == line for at in range(len(said) - len(line) + 1))
    ]


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
        if len(said) > 1 and said[0] in _ARTICLES:
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
