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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.features.spoiler.chat_reading import (
    CLEFT,
    CULPRIT,
    DENIED_STATE,
    IS_PRONOUN,
    PRONOUN_IS,
    TWIST_CLAIM,
    early_pieces,
    early_terms,
    own_terms,
    told_of_someone,
)
from bot.features.spoiler.outcomes import SNEERED, Claim, claims
from bot.features.spoiler.terms import SENTENCE, content, terms
from bot.features.spoiler.words import (
    COMMON_ENGLISH,
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

__all__ = ["EMPTY", "EndingVocabulary"]
from bot.features.spoiler.credits import names_someone
from bot.features.spoiler.ending_talk import (
    DENIALS,
    ENDING_TALK,
    claims_twist,
    denied_selves,
    told_ending,
    without,
)
from bot.features.spoiler.quoted_lines import QUOTE, said_line
from bot.features.spoiler.relations import (
    CLAIM_GAP,
    CONTRACTED_LINK,
    LINK_SIGNS,
    RELATION_GAP,
    TOLD_OF,
    links,
    unowned,
)
from bot.features.spoiler.screen_parts import DEGREES, RANKED, named_parts
from bot.features.spoiler.typos import TYPO_LENGTH, deletions, one_edit

_PERSON_WORDS = r"(?:guy|man|woman|lady|dude|girl|boy|bloke|chick|person|fella|fellow)"
PERSON = re.compile(rf"\b{_PERSON_WORDS}\b", re.IGNORECASE)
_COMPOUND = re.compile(rf"\b(?P<first>[a-z]{{3,}})\s+{_PERSON_WORDS}\b", re.IGNORECASE)
"""A word and an everyday word for a person ("sound guy"): a role as chat says it."""
RETOLD = 2
VERDICT_LINKS = frozenset("is was were are being been".split())  # noqa: SIM905
_TWIST_TALK = re.compile(r"\btwist\b|\breveal\b", re.IGNORECASE)
"""Words of one statement of the plot, besides the words a message relates, that make the
message a retelling of that statement."""
_MADE_VERBS = frozenset({"was", "were", "is", "got", "being", "been"})
_TITLE_PREPOSITIONS = frozenset({"in", "from", "of", "at", "on"})
_CAST_AS = frozenset({"is", "was", "isnt", "wasnt", "not", "be", "been"})
"""Words before a cast member's name that make the name stand for a character ("is not ryan
gosling")."""


_PERFORMING = frozenset(
    """playing acting singing dancing learning rehearsing doing improvising filming shooting
    nailing killing crushing carrying stealing delivering giving bringing making training
    preparing prepping reading recording voicing starring appearing looking sounding working
    talking saying speaking explaining interviewing promoting chewing selling""".split()  # noqa: SIM905
)
"""Gerunds right after an actor's name that tell their craft or their own doings ("emma stone
singing live", "learning to walk on salt", "killing it", "stealing every scene", "talking about
the ending in an interview"), not the character's."""
_STORY_VERBS = frozenset(
    """being turns turned ends ended finally secretly""".split()  # noqa: SIM905
)
"""Words right after an actor's name that go on to what their character is or does ("marcus lowe
being the killer", "emma stone ends up married"); not "is", "was" or "got", as often the actor's
own ("is married to ...", "got married last year")."""
_REAL_LIFE = re.compile(
    r"\b(?:irl|in\s+real\s+life|real[- ]life|off[- ]?(?:screen|camera|set)|fun\s+fact"
    r"|(?:in|since)\s+(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
"""Words that put what an actor does in their own life ("married to a fisherman irl", "fun fact:
... got married", "in 2019")."""
_NEXT_WORD = re.compile(r"(?P<possessive>['’]s?\b)?\s*(?P<word>[^\W\d_]+)")


_SPACES = re.compile(r"[^\S\n]{2,}")
"""Two or more spaces (or tabs) in a line: one space to a reader."""
_SHOT_ON_LOCATION = re.compile(
    r"\b(?:(?:they|we|crew|production|studio|director|filmmakers)\s+(?:\w+\s+)?shot"
    r"|(?:scenes?|it|movie|film|everything|exteriors|interiors)\s+(?:was|were|got)\s+"
    r"(?:all\s+|mostly\s+|actually\s+)?shot)"
    r"(?:\s+(?!(?:him|her|them|me|us|himself|herself|themselves)\b)[\w'’-]+){0,5}?"
    r"\s+(?:in|at|on|inside)\s+(?:(?:a|an|one|the|some)\s+)?"
    r"(?:real|actual|genuine|working|location|studio|soundstage|backlot)\b",
    re.IGNORECASE,
)
"""The film's makers, or its scenes, shot on location ("they shot the jury room in one real
courthouse", "the crew shot it on location", "the exteriors were shot at an actual lighthouse"):
its making. Not someone shot, whoever shot them ("they shot him at the lighthouse", "the
engineer shot the sheriff")."""


def _acting_as(clause: str, at: int, ending: Mapping[str, int]) -> bool:
    """Whether the words after an actor's name (ending at ``at``) tell what their character
    does: a gerund not of the craft, a verb stating what they are or become, or a word of the
    ``ending`` vocabulary ("helen marsh poisons the investigator"). A possessive ("dalia
    haddad's walk") is the actor's own."""
    found = _NEXT_WORD.match(clause, at)
    if found is None or found.group("possessive"):
        return False
    word = found.group("word").lower()
    if word in _STORY_VERBS or stem(word) in ending:
        return True
    return len(word) > 4 and word.endswith("ing") and word not in _PERFORMING


def _name_in(
    clause: str, surnames: frozenset[str], full: frozenset[tuple[str, ...]]
) -> list[re.Match[str]]:
    """Where ``clause`` names one of the people of ``credits``: their surname or whole name."""
    names = [re.escape(name) for name in surnames] + [
        r"\s+".join(re.escape(part) for part in parts) for parts in full
    ]
    if not names:
        return []
    return list(re.finditer(rf"\b(?:{'|'.join(names)})\b", clause, re.IGNORECASE))


AGENT_BASE = 4
_AGENT = re.compile(rf"\b(?P<base>[a-z]{{{AGENT_BASE},}}?)(?:eur|er|or|ist)s?\b", re.IGNORECASE)
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
    # How a message names the film's director, cast and cited authors (``credit_names``): a
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
        if not names_someone(clause, surnames, full):
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
        # "dalia haddad walking into the sea": the actor doing what the story does is the
        # character, told by the cast; "dalia haddad's walk", "... learning to walk" is acting.
        if _REAL_LIFE.search(clause):
            return True
        return not any(
            _acting_as(clause, found.end(), self.singles)
            for found in _name_in(clause, surnames, full)
        )

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
        way a person is, so the name as the subject makes it its making, not its story. So is
        its makers or its scenes shooting on location ("they shot the jury room in a real
        courthouse", ``_SHOT_ON_LOCATION``)."""
        if "shot" in sentence.lower() and _SHOT_ON_LOCATION.search(sentence):
            return True
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
        "mrs pel was edtih", "the theatre burnd down". Only a word of ``TYPO_LENGTH`` letters
        or more that is no English word of its own and no word of the film, and only when one
        word of the film is that close."""
        known = self._typo_targets
        if not known:
            return text

        def fixed(match: re.Match[str]) -> str:
            word = match.group().lower()
            if len(word) < TYPO_LENGTH or word in COMMON_ENGLISH or not word.isalpha():
                return match.group()
            said = stem(word)
            if (
                said in self.singles
                or said in self.suspects
                or said in self.plot_words
                or said in common_stems()
            ):
                return match.group()
            if len(said) < TYPO_LENGTH - 1:
                return match.group()
            close = {
                target
                for variant in deletions(said)
                for target in known.get(variant, ())
                if one_edit(said, target)
            }
            if len(close) != 1:
                return match.group()
            (target,) = close
            return self.surfaces.get(target, target)

        return WORD.sub(fixed, text)

    @functools.cached_property
    def _typo_targets(self) -> dict[str, set[str]]:
        """The ending's words and the summary's people (``TYPO_LENGTH`` letters or more), by
        each way of leaving one letter out of them, and as they are."""
        found: dict[str, set[str]] = {}
        for term in (*self.singles, *self.suspects):
            if len(term) >= TYPO_LENGTH:
                for variant in deletions(term):
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
            if len(base) >= AGENT_BASE + 1:
                found_all = [word for term, word in self.surfaces.items() if term.startswith(base)]
                if len(found_all) == 1:
                    return found_all[0]
            return match.group()

        return _AGENT.sub(verb, text)

    def compounded(self, text: str) -> str:
        """``text`` with someone called by the first word of a role the film writes in two
        ("sound engineer") and an everyday word for a person ("the sound guy", "her sound
        dude") written as that role ("the sound engineer")."""
        if not self.compounds or PERSON.search(text) is None:
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
            said = unowned(tokens)
            # Where a pronoun stating what someone is starts, by where the word it states does.
            stated = {found.end(): found.start() for found in TOLD_OF.finditer(sentence)}
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
                        or links(between, claims)
                        or any(sign in sentence[first[4] : second[3]] for sign in LINK_SIGNS)
                        or CONTRACTED_LINK.search(sentence, first[3], second[3])
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
        # An emoji read as a word leaves spaces around it, and writers double them: the
        # readings below take one space between two words ("the sheriff was ☠️ before").
        text = _SPACES.sub(" ", text)
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
        if described != text and (CULPRIT.search(text) or claims_twist(text)):
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
            named_parts(text, self.untitled, self.plot_words | self.suspects, self.singles)
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
                for found in RANKED.finditer(text)
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
        blamed = self._blamed(text) + self._unmasked(text) + denied_selves(text)
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
            told_there = terms(told_ending(without(text, early_pieces(text))))[0]
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
        # An outcome claimed is the writer's own words (``claims`` reads no quoted line): a
        # plain no under a quoted question ("> do they win the cup?" then "nope") is a claim
        # the reply makes, not the question's words shown again.
        if not claimed and not _replies(text, found):
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
            if claim.kind in _TOLD_BY_PLOT and told and self._plot_tells(claim, told):
                continue  # "his brother died years ago": the set-up tells it
            # Said in the ending's own words ("the old one drowned"), the claim is the
            # vocabulary's to weigh; in words of no film it says who on its own.
            if (said - told) & self._world or (
                claim.of_someone_named and told.isdisjoint(self.singles)
            ):
                found.append(claim)
        return found

    def _plot_tells(self, claim: Claim, told: set[str]) -> bool:
        """Whether the plot already tells what ``claim`` claims in the words ``told``: the plot
        says those words, and, for what became of someone, says them of whom the claim does (a
        clause of the plot pairing them with one of the claim's plot words). "The brother died
        in a crash" is the set-up where the plot says his brother died; "the sheriff dies up
        the mountain" is not where the plot says someone else is found dead. A hidden truth
        in the plot's words ("the sheriff was dead") needs a claimed twist to tell
        (``_unmasked``)."""
        if not told <= self.plot_words or SNEERED.search(claim.words):
            return False  # "the "dead" owner": what the plot said, denied
        if claim.kind != "fate":
            return True
        of = {term for _, term, *_ in content(claim.clause) if term} & self.plot_words - told
        return not of or any(
            (min(word, other), max(word, other)) in self.plot_pairs for word in told for other in of
        )

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
        return any(len(statement & rest) >= RETOLD for statement in self.plot_statements)

    def _denied_states(self, text: str) -> list[str]:
        """Someone said not to be what the message calls them, in a word of the film ("the
        dead woman isn't dead", where the plot says someone died): a hidden state claimed. A
        word of no film ("the funny one isn't funny") is a judgement."""
        if not any(denial in text.lower() for denial in DENIALS):
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
        if not self.verdicts or not (claims_twist(text) or _TWIST_TALK.search(text)):
            return []
        found: list[str] = []
        for sentence in SENTENCE.split(text):
            tokens = self.untitled(content(sentence))
            for at, token in enumerate(tokens):
                if token[2] not in VERDICT_LINKS:
                    continue
                after = [t[2] for t in tokens[at + 1 : at + 3] if t[2] not in DEGREES]
                before = {t[1] for t in tokens[max(0, at - RELATION_GAP - 1) : at] if t[1]}
                for person in before:
                    said = self.verdicts.get(person, frozenset())
                    found += [f"{person} = {word}" for word in after[:1] if word in said]
        return sorted(set(found))

    def _said_lines(self, text: str) -> list[str]:
        """The ending's quoted lines ``text`` repeats: in quotes, or in a message talking of the
        ending ("... at the end means ..."); said plainly otherwise, "i'm still listening to the
        soundtrack" is the writer's own sentence."""
        quoted = [word for found in QUOTE.findall(text) for word in (*words(found), "")]
        said = [word for word in words(withheld(text)) if word]
        if not ENDING_TALK.intersection(stem(word) for word in said):
            said = quoted
        return said_line(said, self.lines)

    def _unmasked(self, text: str) -> list[str]:
        """The summary's people and things a claimed twist says someone of the story was, told
        with a pronoun: "he turns out to be the murderer", "the voice on the radio was her the
        whole time". The pronoun stands for one of the film's people; what it is said to be is
        the ending's when the summary says it (its plot words: ``suspects``, ``roles``)."""
        told = self.suspects | self.roles
        if not told or not claims_twist(text):
            return []
        found: list[str] = []
        for sentence in SENTENCE.split(text):
            if not claims_twist(sentence):
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


def _everyday(pair: str, frequent: frozenset[str] = frozenset()) -> bool:
    first, second = pair.split(" ")
    return (
        first not in NUMBER_WORDS
        and first != NEGATED
        and (first in common_stems() or first in frequent)
        and (second in common_stems() or second in frequent)
    )


SPOILS_AT = 2
_FINAL = stem("final")
_TOLD_BY_PLOT = frozenset({"hidden", "fate"})
"""Kinds of outcome claim a plot's set-up can tell in the same words ("his brother died years
ago"); who is to blame ("did take the money", "started the fire") is what a plot withholds."""
EMPTY = EndingVocabulary({}, frozenset())
