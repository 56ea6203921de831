"""How a chat message is read apart from a film's ending vocabulary: whom and what it is about.

- The writer or the film's craft (``own_terms``): in a clause about the writer (a first-person word
  in it: "my cousin got married", "made me want to open a jazz club"; or opening with what the
  writer did, the "i" dropped as chat does: "went to a themed wedding", "reading a book about
  twins", not "watching bolt rust", the film's people; or going on from such a clause after a comma
  with no subject of its own: "i stayed there, no diamonds sadly", "we stayed at a hotel with a
  vault, it was empty", "we watched it on our anniversary, five years married now": a short
  remark, not a telling, "it ends with ...", "it was owen calling from
  the booth", nor a claimed twist, "it was her twin all along"), in what follows "me after X:" (what
  the writer did: "me after X: *dances between the tables*") or in a sentence about the film's craft
  or marketing ("the score", "the cinematography", "the trailer") an ending's word is the writer's
  life, the music or the poster, not the story, unless the message says it elsewhere too. So is a
  sentence about where the film was made: "filmed", or the film's name as the subject of "was shot"
  ("dead air was shot in a real radio station, the engineer was a real sound guy"; the vocabulary
  knows the name, ``EndingVocabulary.made``), and a clause naming one of the film's cast or crew,
  not as what a character is ("dalia haddad's walk in salt road, barefoot on the salt": a
  performance; "the husband is not ryan gosling" still tells the story,
  ``EndingVocabulary.credited``). A last "me" after a verb is what the story did to the writer, not
  their life ("the bit where she scatters the ashes destroyed me"); and in a clause whose first
  first-person word is an object "me" after a verb ("... are lovers made me want to throw my
  popcorn", "... had me sobbing"), what comes before it is the story that acted on the writer, and
  only what follows is theirs. So in a clause saying the writer noticed something ("was i the only
  one who clocked that anders' blackouts meant he was the killer", "i realised that ..."), what
  follows "that" is the story.
- The audience: a clause about it ("the ending had the whole cinema sniffling", and a short list
  going on from it, "..., grown men included") is how people took the film, its words no story;
  unless it states what someone of the story is or claims a twist ("the whole cinema gasped at
  mrs pell being edith").
- The film's early part (``early_terms``): what a message places early in the film ("early in
  X", "at the start of X", "after the first disappearance", "the whole first half") is its set-up
  told in the member's words, up to where the message moves on ("..., but"); not a sentence
  talking of the ending, claiming a twist or blaming someone.
- Someone told of (``told_of_someone``): a clause with a third-person word and no first-person
  one ("she marries someone else") is about someone other than the writer; in a message naming
  the film, one of its people.
- A twist claimed (``TWIST_CLAIM``: "X was Y all along", "turns out", "in disguise", "X was
  actually Y", "from day one"; not "can actually play", "did actually cry", emphasis), a hidden
  state (``DENIED_STATE``: "the dead woman isn't dead"), told of a
  pronoun (``PRONOUN_IS``: "he turns out to be the murderer"; ``IS_PRONOUN``: "the voice was her
  the whole time") or as a denial of itself (``SELF_DENIAL``: "mrs pell was never mrs pell"),
  and blame
  (``CULPRIT``: "holm did it", "X is the one who...", "X had nothing to do with it"; ``CLEFT``:
  "it was the detective.", "it's the sister who...").

The ending vocabulary (``bot.features.spoiler.vocabulary``) weighs a message's terms by these.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable

from bot.features.spoiler.terms import SENTENCE, terms
from bot.features.spoiler.words import (
    FILM_TALK_WORDS,
    FUNCTION_WORDS,
    NUMBER_WORDS,
    QUOTED_LINE,
    words,
)

__all__ = [
    "CLEFT",
    "CRAFT",
    "CULPRIT",
    "DENIED_STATE",
    "FIRST_PERSON",
    "IS_PRONOUN",
    "PRONOUN_IS",
    "SELF_DENIAL",
    "THIRD_PERSON",
    "TWIST_CLAIM",
    "early_pieces",
    "early_terms",
    "own_terms",
    "told_of_someone",
]


CULPRIT = re.compile(
    r"\b(?:did|done) (?:it|them|all)\b|\bdid (?:really |actually )?do (?:it|them)\b"
    r"|\bthe one (?:who|\w+ing)\b"
    r"|\bwas behind\b|\bnothing to do with\b",
    re.IGNORECASE,
)
"""How chat says who is to blame: "X did it", "X did do it", "X is the one who...", "X was behind
it", "X had nothing to do with it"."""
CLEFT = re.compile(
    r"\bit(?:['’]s|\s+(?:is|was))\s+(?:(?:the|her|his|their)\s+)?(?=\w+(?:\s*$|\s*[.!,;]"
    r"|\s+(?:all along|the whole time|this whole time|who|that)\b))",
    re.IGNORECASE,
)
"""Blame said as "it was the detective." or "it's the sister who...": the one word right after
it, ending its clause, is who did it ("it was the best" names no one of the film)."""
_TRAITS = (
    r"(?:soft|softie|softy|sweet|sweetheart|kind|nice|funny|hilarious|caring|lovely|wholesome"
    r"|romantic|sentimental|emotional|cute|adorable|smart|clever|wise|deep|gentle|warm|shy"
    r"|talented|brilliant|good|great|the\s+best|a\s+genius|genius|nerd|nerdy|dork)\b"
)
"""What someone is like, said to be secret ("grumpy but secretly soft", "secretly a softie"): a
judgement of them, no hidden fact of the story."""
TWIST_CLAIM = re.compile(
    r"\ball along\b|\b(?:the|this) (?:whole|entire) (?:time|film|movie|night|second half)\b"
    r"(?!\s+(?:is|was|feels|felt|looks|looked|has|had|goes|went|gets|got|turns|turned|becomes"
    r"|became|stays|stayed)\b)"
    r"|\bin disguise\b|\bsecretly\b(?!\s+(?:a\s+|an\s+|very\s+|so\s+|really\s+)?" + _TRAITS + r")"
    r"|\bturn(?:s|ed)? out\b"
    r"|\bactually\b(?<!\bcan actually)(?<!\bcould actually)(?<!\bwill actually)"
    r"(?<!\bwould actually)(?<!\bdid actually)(?<!\bdoes actually)"
    r"|\balready dead\b|\bdead (?:already|before|from the start)\b"
    r"|\b(?:from|since) day one\b|\bfrom the (?:very )?(?:start|beginning|get[- ]?go)\b",
    re.IGNORECASE,
)
"""How chat says an identity or a fact was hidden ("X was Y all along", "turns out X is Y", "X
was Y the whole film", "X was already dead", "X was working for Y from day one"; not "the whole
film is basically her face", "the whole movie goes quiet", the film talked of as a whole): with
a link between two of the plot's words that the plot never pairs, a claim of a twist."""
_BECOMES = (
    r"(?:['’]s|['’]re|\s+(?:is|was|were|are|turns? out to be|turned out to be|had been|has been"
    r"|have been|was really|is really|was actually|is actually))"
)
PRONOUN_IS = re.compile(
    rf"\b(?:he|she|they){_BECOMES}\s+(?:(?:really|actually|secretly)\s+)?the\s+(?=\w)",
    re.IGNORECASE,
)
"""A twist told of a pronoun ("he turns out to be the murderer", "she was the killer all
along"): the word after "the" is what someone of the story was. A definite "the": "he turns
out to be a great cop" describes, it does not unmask."""
IS_PRONOUN = re.compile(
    rf"(?<=\w){_BECOMES}\s+(?:(?:really|actually|just|secretly)\s+)?"
    r"(?:him|her|them|himself|herself|themselves)(?:\s+own)?"
    r"(?=\s*(?:$|[.!?,;:)\n]|all along\b|the whole\b|this whole\b|the entire\b|from the start\b"
    r"|[^\w\s]))",
    re.IGNORECASE,
)
"""A twist told as a pronoun ("the voice on the radio was her the whole time", "turns out to
be her own"): the pronoun ends the statement, so it is who the words before it were, not a
possessive ("was her dad")."""
SELF_DENIAL = re.compile(
    r"\b(\w+(?:\s+\w+)?)\s+(?:was|is|were|are)(?:n['’]?t|\s+not|\s+never)\s+"
    r"(?:(?:really|actually|even|ever)\s+)?(?:(?:the|a|an)\s+)?\1\b"
    r"(?!\s+(?:without|anymore|any more|again|for|to|in|of|i|we|you|they|he|she|it|that|which"
    r"|who)\b)",
    re.IGNORECASE,
)
"""A hidden identity told as a denial of itself ("mrs pell was never mrs pell", "the victim
wasn't the victim"): someone was not who they seemed. Not "home isn't home without you" or
"the sequel is not the sequel i wanted", which say what it lacks."""
DENIED_STATE = re.compile(
    r"\bthe\s+(\w+)\s+\w+\s+(?:was|is|were|are)(?:n['’]?t|\s+not|\s+never)\s+"
    r"(?:(?:really|actually|even|ever)\s+)?\1\b(?=\s*(?:$|[.!?,;:)\n\"”']|all along\b|at all\b))",
    re.IGNORECASE,
)
"""Someone said not to be what they are called ("the dead woman isn't dead", "the missing girl
was never missing"): a hidden state, claimed as a twist. Only ending its clause: "the funny one
isn't funny enough" judges."""
# A clause ends at a comma or a conjunction as well as at a full stop.
_CLAUSE = re.compile(r"[.!?;:\n,()]+|\s(?:and|but|because|cause|cuz|bc|so|while|when)\s|\s[-–—]+\s")
_CLAUSE_KEPT = re.compile(f"({_CLAUSE.pattern})")
"""``_CLAUSE`` keeping what joins the clauses: a comma lists, a conjunction goes on to another
statement."""
CRAFT = frozenset(
    """score soundtrack soundtracks ost composer cinematography cinematographer camerawork
    screenplay screenwriting vfx cgi oscar oscars trailer trailers teaser teasers poster posters
    filmed filming""".split()  # noqa: SIM905
)
"""Words of a review of a film's craft (music, camera, writing), its making ("filmed") or its
marketing (trailer, poster) with no sense in its story: "performance" or "dialogue" could be
either, so they are not here."""
_FILM_ITSELF = re.compile(
    r"^\W*(?:and\s+|then\s+|but\s+)*(?:the|this|that)\s+(?:whole|entire|rest\s+of\s+the)\s+"
    r"(?:movie|film|thing|flick)\s+(?:just\s+|kind\s+of\s+|kinda\s+|suddenly\s+)?"
    r"(?:goes|gets|turns|feels|becomes|went|got|turned|felt|became|stays|stayed)\b",
    re.IGNORECASE,
)
_FILM_ITSELF_ANYWHERE = re.compile(
    r"\b(?:whole|entire|rest\s+of\s+the)\s+(?:movie|film|thing|flick)\b", re.IGNORECASE
)
"""A clause about the whole film's mood or pace ("... and the whole movie goes quiet", "the
entire film gets so tense"): how it feels, like the craft words, not an event of its story."""
_FILM_SET = re.compile(
    r"\b(?:the|a|an|this|that|its|their|[\w]+['’]s)\s+"
    r"(?:(?!(?:is|was|were|are|be|been|being|got|get|gets|sun)\b)[\w-]+\s+){0,2}sets?\b"
    r"(?!\s+(?:up|off|out|fire|free|in|on|over|behind|down|into|the|them|him|her|it|a|an|about"
    r"|to|for|his|their|its|sail|by|as|and|while|when|alight|ablaze)\b)",
    re.IGNORECASE,
)
"""A film set, the noun ("the hotel set is gorgeous", "the station sets feel lived in"): the
production design, like the craft words; not the verb ("the sister sets the theatre on fire",
"the theatre was set alight", "the sun sets over the harbour")."""
_AUDIENCE = re.compile(
    r"\b(?:the|our|my|a|this|that|every)\s+(?:(?:whole|entire|packed|full|sold out)\s+)?"
    r"(?:audience|audiences|crowd|cinema|screening)\b"
    r"|\beveryone (?:in|at) the (?:cinema|theat(?:re|er)|screening)\b"
    r"|\b(?:some|most|many|half the|a lot of|lots of|so many)\s+(?:people|viewers|fans)\s+"
    r"(?=(?:walk|walked|walks|left|leave|hate|hated|love|loved|think|thought|say|said|argue"
    r"|argued|cried|cry|get|got|don'?t|didn'?t|read|take|took|call|called|find|found)\b)",
    re.IGNORECASE,
)
"""The audience ("the whole cinema", "the audience", "everyone in the theatre"): a clause about
it is how people took the film ("the ending had the whole cinema sniffling"), not its story. A
theatre is only the audience with its people ("everyone in the theatre"): "the whole theatre"
may be one that burns down. Nor are people the audience but with a verb of how they took the
film ("some people walk out thinking nothing happened", "half the people argue about it"):
"some people die at the end" tells the story."""
_STATES = frozenset("is was were are be being been turns turned".split())  # noqa: SIM905
"""Words stating what something is: after an audience's own verb, a clause stating one tells
the story ("the crowd gasped at mrs pell being edith")."""
FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves im ive id ill".split())  # noqa: SIM905
"""The writer, as chat writes it ("i'm" and "i'll" lose their apostrophe: "im", "ill")."""


def own_terms(
    text: str,
    made: Callable[[str], bool] | None = None,
    credited: Callable[[str], bool] | None = None,
) -> set[str]:
    """Stems (and two-stem terms, "five year") said only about something other than the film's
    story: in a clause about the
    writer (a first-person word in it: "my cousin got married", "made me want to open a jazz
    club"), or in a sentence about the film's craft ("the score is on repeat, mia and
    sebastian's theme especially"). There an ending's word is the writer's life or the music,
    not the story, unless another part of the message says it too."""
    # What a character says in quotes ("the whole 'i was set up' thing was a lie") is theirs,
    # not the writer's: its first-person words are nobody here.
    text = _QUOTED.sub(lambda quote: _FIRST_WORD.sub("someone", quote.group()), text)
    said = words(text)
    making = made is not None and made(text)
    performing = credited is not None and credited(text)
    staged = _FILM_SET.search(text) is not None
    if (
        FIRST_PERSON.isdisjoint(said)
        and CRAFT.isdisjoint(said)
        and _WRITER_DOINGS.isdisjoint(said)
        and _WRITER_ACTIVITIES.isdisjoint(said)
        and not (making or performing or staged)
        and _AUDIENCE.search(text) is None
        and not _FILM_ITSELF_ANYWHERE.search(text)
    ):
        return set()
    own: set[str] = set()
    elsewhere: set[str] = set()
    for reaction in _REACTION.finditer(text):
        # "me watching X: ... oh no she let a murderer go": what the writer says of someone
        # else in the meme (a third-person clause) is the story they are reacting to.
        for clause in _CLAUSE.split(reaction.group(1)):
            spoken_words = words(clause)
            if THIRD_PERSON.isdisjoint(spoken_words) or not FIRST_PERSON.isdisjoint(spoken_words):
                own |= terms(clause)[0]
    text = _REACTION.sub(" ", text)
    for sentence in SENTENCE.split(text):
        craft = not CRAFT.isdisjoint(words(sentence)) or (making and made(sentence))
        # A film set's clause, and the list after it ("the hotel set is gorgeous, the gala
        # ballroom, the piano in the lobby"), up to a conjunction ("..., and it turns out ...").
        on_set = False
        # Whether the clause before was the writer's and a comma joined it to this one.
        going_on = False
        pieces = _CLAUSE_KEPT.split(sentence)
        for clause, joint in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
            if staged and _FILM_SET.search(clause):
                on_set = True
            if not (craft or on_set):
                # "the twist where they are lovers made me want to throw my popcorn": what did
                # something to the writer is the story; only what follows "me" is theirs.
                story, clause = _acted_on_writer(clause)
                # "was i the only one who clocked that anders was the killer": what the
                # writer noticed is the story, after a request to the reader too ("tell me
                # i'm not the only one who clocked that ...").
                noticed, clause = _noticed(clause)
                story = f"{story} {noticed}" if story and noticed else story or noticed
                if not story:
                    # "some people walk out thinking the sister burned it": what they think
                    # happened is the story.
                    story, clause = _thought_by_audience(clause)
                elsewhere |= set.union(*terms(story)) if story else set()
            # Its words, and its counts ("five years after our first date"): a two-stem term
            # of its own words only would be theirs already.
            singles, pairs = terms(clause)
            said = singles | pairs
            spoken_words = [word for word in words(clause) if word]
            writers = _about_writer(spoken_words) or _writer_doing(spoken_words)
            # "i stayed there, no diamonds sadly", "we stayed at a hotel with a vault, it was
            # empty": a clause going on from the writer's with no subject of its own is theirs.
            writers = writers or (going_on and _goes_on(spoken_words, clause))
            # "the ending had the whole cinema sniffling": how the audience took it.
            writers = writers or _about_audience(clause)
            # "... and the whole movie goes quiet": the film's mood, not its story.
            mood = _FILM_ITSELF.search(clause) is not None and _ENDING_WORDS.isdisjoint(
                spoken_words
            )
            if craft or on_set or writers or mood or (performing and credited(clause)):
                own |= said
            else:
                elsewhere |= said
            on_set = on_set and joint.strip() == ","
            going_on = writers and not (craft or on_set) and joint.strip() == ","
    return own - elsewhere


_CAUSES = frozenset(
    """made make makes making had has have having got get gets getting gave give gives giving
    left leaves leaving kept keeps keeping let lets""".split()  # noqa: SIM905
)
"""Verbs that say what something did to the writer ("made me", "had me", "gave me"): they are
function words elsewhere, so they are named here."""


_SCENE_WORDS = FILM_TALK_WORDS | frozenset(
    "bit bits part parts moment moments sequence sequences line lines".split()  # noqa: SIM905
)
"""Words naming a stretch of the film ("the tea scene", "the piano bit"): what the writer
reacted to, not a telling of it."""


_TELLING = frozenset("where when that who whom which with as after before".split())  # noqa: SIM905
"""Words after a scene's name that go on to tell it ("the bit where she drowns")."""


def _acted_on_writer(clause: str) -> tuple[str, str]:
    """(what acted on the writer, the rest) of a clause whose first first-person word is an
    object "me" or "us" right after a verb ("... are lovers made me want to ...", "... gave
    me chills"): the words before it are the story, those from it on the writer's. ("", clause)
    for any other clause: "i cried", "ruined tea for me" (after a preposition), "the tea scene
    made me gag" (a stretch of the film named, not told)."""
    for match in _WORD.finditer(clause):
        word = match.group().lower()
        if word not in FIRST_PERSON:
            continue
        before = [said for said in words(clause[: match.start()]) if said]
        if (
            word in ("me", "us")
            and before
            and before[-1] in _TOLD_WRITER
            and FIRST_PERSON.isdisjoint(words(clause[match.end() :]))
        ):
            # "why did nobody tell me bolt never wakes up": what the writer was (not) told is
            # the story.
            return clause[match.end() :], clause[: match.end()]
        if (
            word in ("me", "us")
            and before
            and (before[-1] in _CAUSES or before[-1] not in FUNCTION_WORDS)
        ):
            # "the tea scene made me gag", "the lovers bit in X had me screaming" name a stretch
            # of the film the writer reacted to; "the bit where she drowns" tells it.
            scenes = [at for at, said in enumerate(before) if said in _SCENE_WORDS]
            if scenes and _TELLING.isdisjoint(before[scenes[-1] :]):
                break
            return clause[: match.start()], clause[match.start() :]
        break
    return "", clause


_TOLD_WRITER = frozenset(
    "tell tells told telling warn warns warned remind reminds reminded prepare prepared".split()  # noqa: SIM905
)
"""Verbs telling the writer something ("nobody told me ...", "warn me ..."): what follows is
what they were told."""


_WHEN_NOTICED = (
    r"(?:(?:from|within|in|during|by|after|before)\s+(?:the\s+|a\s+)?(?:[\w'’]+\s+){0,2}?"
    r"(?:min|mins|minutes?|seconds?|scenes?|act|hour|half|trailer|poster|start|beginning)"
    r"|right away|straight away|early on|immediately|instantly|at once|pretty quickly)"
)
"""When the writer noticed it, between the verb and "that": "i knew within ten minutes that
...", "clocked from the first 20 min that ...", "spotted right away that ..."."""
_NOTICED = re.compile(
    r"\b(?:noticed|notice|clocked|clock|realized|realised|realize|realise|knew|figured(?: out)?"
    r"|spotted|worked out|caught on|understood|saw)\s+(?:it\s+)?(?:" + _WHEN_NOTICED + r"\s+)?"
    r"that\s+"
    r"|\bask(?:s|ed|ing)?\s+(?:me\s+|us\s+)?(?:why|how come)\s+"
    r"|\b(?:talk about|appreciate|discuss|acknowledge)\s+(?:how|that)\s+",
    re.IGNORECASE,
)
"""What a writer noticed, before what it was ("i clocked that ...", "i realised that ..."); and
a why-question put to the writer ("my kid asked why bolt stopped humming"), which takes what it
asks about as known, as a member's own "why did ...?" does; and what the writer would talk
about ("can we talk about how eli and cory were lovers")."""


_THOUGHT = re.compile(
    r"\b(?:thinking|think|thinks|thought|believing|believe|believes|believed|saying|say|says"
    r"|said|convinced|sure)\s+(?:that\s+)?",
    re.IGNORECASE,
)
"""What the audience thinks or says, before what it is ("some people walk out thinking ...")."""


def _thought_by_audience(clause: str) -> tuple[str, str]:
    """(what the audience thinks happened, the rest) of a clause about the audience that goes
    on to what they think ("some people walk out thinking the sister burned the theatre"); ("",
    clause) for any other clause."""
    audience = _AUDIENCE.search(clause)
    if audience is None:
        return "", clause
    found = _THOUGHT.search(clause, audience.end())
    if found is None:
        return "", clause
    return clause[found.end() :], clause[: found.end()]


def _noticed(clause: str) -> tuple[str, str]:
    """(what the writer noticed, the rest) of a clause where a first-person word says they
    noticed something ("was i the only one who clocked that anders was the killer", "i realised
    that ..."): what follows "that" is the story, not the writer's life. ("", clause) for any
    other clause."""
    found = _NOTICED.search(clause)
    if found is None or FIRST_PERSON.isdisjoint(words(clause[: found.start()])):
        return "", clause
    return clause[found.end() :], clause[: found.end()]


_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[\"“][^\"”\n]+[\"”]|(?<!\w)['‘][^'’\n]+['’](?!\w)")
"""Words in quotation marks: a character's line, or a phrase someone said."""
_FIRST_WORD = re.compile(
    r"\b(?:i|me|my|mine|myself|we|us|our|ours|ourselves)\b(?:['’](?:m|ve|d|ll))?", re.IGNORECASE
)

_REACTION = re.compile(
    r"^\W*(?:me|us)\s+(?:after|when|watching|leaving|finishing|reading)\b[^:\n]*:(.*)$",
    re.IGNORECASE | re.MULTILINE,
)
"""The meme "me after X: ...": what follows the colon is what the writer does, not the film."""


def _about_writer(said: list[str]) -> bool:
    """Whether a clause's words are about the writer: a first-person word in it, unless that
    is only a last "me" or "us" after a verb, what the story did to them ("the ending where she
    wades into the sea destroyed me"; not "ruined tea for me"), or the writer reacting to what
    the clause goes on to tell ("i can't believe the epilogue skips five years")."""
    writer = [word for word in said if word in FIRST_PERSON]
    if not writer:
        return False
    if said[:1] == ["i"] and _REACTING.match(" ".join(said[1:4])):
        return False  # "i can't believe she marries someone else": what follows is the story
    if said[:1] in (["i"], ["im"]) and _UNREADY.match(" ".join(said[1:5])):
        return False  # "i was not ready for bolt freezing into the dam": the story again
    return not (
        writer == said[-1:]
        and said[-1] in ("me", "us")
        and len(said) > 1
        and said[-2] not in FUNCTION_WORDS
    )


_WRITER_DOINGS = frozenset("went stayed visited bought booked ordered".split())  # noqa: SIM905
"""What a writer did, opening a clause with the "i" dropped, as chat does ("went to a themed
wedding", "stayed at the hotel"): a clause about the writer. Not "watched", which may take
the film's people and what they do ("watched bolt rust into the dam")."""
_WRITER_ACTIVITIES = frozenset("reading watching listening".split())  # noqa: SIM905
"""What a writer is doing, "i" dropped, when something else follows ("reading a book about
twins", "listening to a podcast"): with the film's people, it is their story ("watching bolt
rust", "reading june's letters")."""
_SOMETHING = frozenset("a an some".split())  # noqa: SIM905
_OPENERS = frozenset("just finally also then and so".split())  # noqa: SIM905
"""Words a writer's clause may open with before what they did ("just watched it")."""
_GOING_ON = frozenset("it its no nothing none".split())  # noqa: SIM905
"""First words of a clause with no subject of its own ("it was empty", "no diamonds sadly"):
after a comma, it goes on about what the clause before was."""


_GOING_ON_WORDS = 4
"""Words a clause going on from the writer's has at most: a remark ("it was empty lol"), not a
telling ("it ends with ...", "it's her brother's ashes in the tin", "it was owen calling from
the booth")."""
_ENDING_WORDS = frozenset(
    "end ends ended ending endings finale epilogue twist twists spoiler spoilers".split()  # noqa: SIM905
)
"""Words that talk of the ending: a clause with one tells, whoever's it goes on from."""


def _about_audience(clause: str) -> bool:
    """Whether a clause is about the audience ("the ending had the whole cinema sniffling", "the
    crowd at our screening cheered"): its words are how people took the film; not when it goes
    on to state what someone of the story is ("the whole cinema gasped at mrs pell being
    edith") or claims a twist."""
    found = _AUDIENCE.search(clause)
    if found is None or TWIST_CLAIM.search(clause):
        return False
    after = [word for word in words(clause[found.end() :]) if word]
    # The audience's own verb ("the whole cinema was sobbing") states nothing of the story.
    return _STATES.isdisjoint(after[1:])


def _writer_doing(said: list[str]) -> bool:
    """Whether a clause opens with what the writer did, the "i" dropped ("went to ...",
    "just watched ...")."""
    opening = list(itertools.dropwhile(lambda word: word in _OPENERS, said))
    if opening[:1] and opening[0] in _WRITER_ACTIVITIES:
        # "reading a book", "listening to a podcast": something else than the film's story.
        return not _SOMETHING.isdisjoint(opening[1:3])
    return opening[:1] != [] and opening[0] in _WRITER_DOINGS


def _goes_on(said: list[str], clause: str) -> bool:
    """Whether a clause goes on about what the clause before said, with no subject of its own
    ("it was empty", "no diamonds sadly"); not a claimed twist ("it was the dad all along")."""
    if said[:2] == ["no", "one"]:  # "no one saves him" has a subject
        return False
    if said[-1:] == ["included"] or said[:1] == ["including"]:
        # "..., grown men included": who else, in a list going on from the clause before.
        return len(said) <= _GOING_ON_WORDS and TWIST_CLAIM.search(clause) is None
    return (
        0 < len(said) <= _GOING_ON_WORDS
        # "it was empty", "no diamonds sadly"; or a count ("..., five years married now").
        and (said[0] in _GOING_ON or said[0] in NUMBER_WORDS)
        and _ENDING_WORDS.isdisjoint(said)
        and TWIST_CLAIM.search(clause) is None
    )


_EARLY = re.compile(
    r"\bearly (?:on|in)\b|\bat the (?:very )?(?:start|beginning)\b"
    r"|\bin the (?:very )?(?:opening|beginning)\b|\bafter the first\b"
    r"|\b(?:in )?the (?:whole |entire )?first (?:act|half|hour|scene|few|\d+|ten|twenty|thirty)\b",
    re.IGNORECASE,
)
"""Where a message places what it tells early in the film ("early in X", "at the start of X",
"after the first disappearance", "the whole first half"): the set-up, not the ending. Not "from
the start", which claims a twist ("he was dead from the start")."""
_LATER = re.compile(r"\b(?:but|until|till|then|later|eventually|finally)\b", re.IGNORECASE)
"""Words that move on from where a message started, to later in the film ("at the start she
trusts him, but ...")."""


_SET_UP = re.compile(
    r"\b(?:set-?up|premise|synopsis|logline|basic plot)\b"
    r"|\b(?:is|was)\s+set\s+(?:in|on|at|during)\b|\btakes\s+place\s+(?:in|on|at|during)\b",
    re.IGNORECASE,
)
"""A message saying it tells the film's set-up ("X setup for anyone who asked: ...", "X premise:
...", "X is set in ..."): what follows the label is the set-up in the member's words. Not "set
up" the verb ("he set her up"), a frame-up."""
_ABOUT_ASKED = re.compile(
    r"^\s*>[^\n]*(?:\bwhat(?:['’]?s|\s+is)\b[^\n]*\babout\b"
    r"|\bwho(?:['’]?s|\s+is|\s+are)\s+in\b)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
"""A line quoting a member who asked what the film is about or who is in it ("> what's X
about?", "> who's in X?"): the reply under it tells the set-up and its people."""


def early_terms(text: str) -> set[str]:
    """Stems and two-stem terms ``text`` tells of the film's early part or set-up
    (``early_pieces``): the set-up, said in whatever words, so an ending's word there is a word
    of the plot as the member tells it, one weak term at most."""
    found: set[str] = set()
    for piece in early_pieces(text):
        singles, pairs = terms(piece)
        found |= singles | pairs
    return found


def early_pieces(text: str) -> list[str]:
    """The pieces of ``text`` that tell the film's early part ("pip finds bolt buried in the
    scrap heaps early in the rust giant", "anders keeps having blackouts after the first
    disappearance") or its set-up, labelled as one ("X premise: ...", ``_SET_UP``) or in reply to
    "what's X about?" (``_ABOUT_ASKED``). Up to where the message moves on ("..., but"), and not
    a sentence that talks of the ending, claims a twist or blames someone ("at the start you'd
    never guess the housekeeper did it"); after a set-up's label, nothing from such a sentence
    on ("premise: ... twist: ..." tells the twist)."""
    found: list[str] = []
    if _EARLY.search(text) is not None:
        for sentence in SENTENCE.split(text):
            found += [
                piece
                for piece in _LATER.split(sentence)
                if _EARLY.search(piece) is not None and _sets_up(piece)
            ]
    label = _SET_UP.search(text)
    asked = _ABOUT_ASKED.search(text)
    if label is None and asked is None:
        return found
    # From the start of the label's sentence: "vera distrusting her partner is a great setup".
    opened = label and max(
        (end.end() for end in SENTENCE.finditer(text, 0, label.start())), default=0
    )
    start = min(at for at in (opened, asked and asked.end()) if at is not None)
    for sentence in SENTENCE.split(QUOTED_LINE.sub(" ", text[start:])):
        pieces = _LATER.split(sentence)
        if not all(map(_sets_up, pieces)):
            break  # on to the ending or a twist: nothing after is set-up
        found += pieces[:1]  # what comes after "but", "then", "eventually" is later
        if len(pieces) > 1:
            break
    return found


def _sets_up(piece: str) -> bool:
    """Whether a piece placed early or labelled as set-up may be set-up: it talks of no ending,
    claims no twist and blames no one."""
    return (
        _ENDING_WORDS.isdisjoint(words(piece))
        and TWIST_CLAIM.search(piece) is None
        and CULPRIT.search(piece) is None
        and CLEFT.search(piece) is None
    )


_REACTING = re.compile(
    r"(?:cant|can not|cannot|couldnt|still cant) believe\b|(?:love|loved|hate|hated) (?:how|that)\b"
)
"""A writer's reaction to what follows ("i can't believe ...", "i love how ..."): the clause
after it is the story, not the writer's life."""
_UNREADY = re.compile(
    r"(?:(?:was|am|were)\s+)?(?:not|wasnt|werent|never)\s+(?:ready|prepared)\s+for\b"
    r"|(?:cant|cannot|can not|still cant)\s+get\s+over\b"
)
"""The writer caught out by what follows ("i was not ready for ...", "i'm not ready for", "i
can't get over ..."): what follows is the story that caught them, not their own life. Not "i
didn't expect ...", which as often says what the film is like ("... the sea to look so good")."""
THIRD_PERSON = frozenset("he she they him her them his hes shes theyre theyve".split())  # noqa: SIM905
"""Someone other than the writer, as chat writes it ("she's" loses its apostrophe: "shes")."""


def told_of_someone(text: str) -> frozenset[str]:
    """Stems said in a clause about someone, not the writer: a third-person word and no
    first-person one in it ("she marries someone else", not "my wife and i got married"). In a
    message naming the film, that someone is one of its people."""
    told: set[str] = set()
    for sentence in SENTENCE.split(text):
        for clause in _CLAUSE.split(sentence):
            said = words(clause)
            if not THIRD_PERSON.isdisjoint(said) and not _about_writer(said):
                told |= terms(clause)[0]
    return frozenset(told)


# A list of things named: three or more items between commas (the last may follow "and"/"or"),
# each a few words that open with a capital or a digit, as titles are written.
_ITEM = r"(?:[A-Z0-9][\w'’:-]*(?:\s+[\w'’:-]+){0,5})"
_TITLE_LIST = re.compile(
    rf"(?<![\w,])({_ITEM}(?:\s*,\s*{_ITEM}){{2,}}(?:,?\s+(?:and|or|&)\s+{_ITEM})?)"
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*|,?\s+(?:and|or|&)\s+")


def in_title_list(text: str, titles: Iterable[tuple[str, ...]]) -> bool:
    """Whether ``text`` names the film as one item of a list of titles ("Anatomy of a Fall, 12
    Angry Men, The Eleventh Juror, A Few Good Men"): a watch list or a recommendation, which says
    how the films compare, not how this one ends. ``titles`` are the film's names as words."""
    names = {" ".join(title) for title in titles}
    for found in _TITLE_LIST.finditer(text):
        for item in _LIST_SEPARATOR.split(found.group(1)):
            words = _WORD.findall(item.lower())
            if words and words[0] == "the":
                words = words[1:]
            if " ".join(words) in names or " ".join(["the", *words]) in names:
                return True
    return False
