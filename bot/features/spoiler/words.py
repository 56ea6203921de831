"""English words as the spoiler guard compares them: one normal form for the ways people write one.

Nothing here is about a film or a chat corpus; it is general English, applied the same way to a
film's explainer and to a member's message, so that "her dad" meets "her father", "5 yrs" meets
"five years", "theater" meets "theatre" and "murdered" meets "murderer".

- Spelling: British and American forms meet ("colour"/"color", "theatre"/"theater",
  "realise"/"realize", "catalogue"/"catalog").
- Stems: the Snowball English (Porter2) stemmer, so inflections meet ("dies", "died", "dying").
  It is the standard algorithm, tested on a large vocabulary, and catches what a hand-written
  suffix list gets wrong ("dies" -> "di", "murder" vs "murderer").
- Everyday synonyms: a small, film-independent table of words with one common meaning (family
  roles, marriage, police, informing, admitting, killing, death, fire), written from the
  language, not from any chat.
- Numbers: digits are read as number words ("5" -> "five", "41" -> "fortyone", as "forty-one" is).
- Idioms: a few set phrases for one plain word are read as that word (``plain``: "she doesn't
  make it", "passed away" -> "dies"; "X's a rat" -> "an informant", "ratted on" -> "informed",
  "sold them out" -> "betrayed", "he was set up", "she set them up", "set the crew up to take the
  blame" -> "framed", "owns up", "came clean" ->
  "admits", "she's alive" -> "she's not dead", "her pops", "his old man" -> "father", "little sis",
  "the youngest" -> "younger sis", "the younger"), not plans,
  arrivals, animals, tickets or places ("can't make it tonight", "didn't make it to the final", "a
  rat in the kitchen", "the show sold out", "the city feels alive").
- Function words and everyday content words carry no detail and are dropped.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable

# With PyStemmer installed (a dependency) snowballstemmer stems in C and does not import its
# 36 pure-Python languages at start; the stems are the same.
import snowballstemmer

from bot import everyday_words

# English function words: they occur in any text, so they never tell an ending apart. A
# property of the language, not of any film or corpus.
FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each else
    even ever every few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just me more most much my myself no nor
    not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under whether
    until up upon very was we were what when where which while who whom whose why will with
    would you your yours yet one ones thing things way get gets got go goes going gone make
    makes made still really""".split()  # noqa: SIM905 -- a word list reads better as text
)
# The most common English content words (everyday verbs, adjectives, adverbs and nouns): they
# are in every kind of text, so two of them in a message say nothing about an ending. Again a
# property of English, chosen without looking at any film or chat message.
COMMON_WORDS = frozenset(
    """able across actually ago ahead allow almost alone along already always another answer
    anyone anything anyway around ask asked away back bad became become becomes begin best
    better big bit came can't case certain change clear close come comes coming couldn't cry
    day days didn't different doesn't don't done each early easy either else enough entire
    entirely especially exactly fact far feel feeling feels felt find first five four friend
    friends full gave give given gives good great guess guy hand happen happened happens
    hard help hold home hope idea important instead isn't keep kind knew know known later
    least leave left less let lets life like line little live lives long longer look looked
    looks lot love main man many matter maybe mean meant might mind minute miss moment money
    month months move much music name need needs never new next nice night nothing notice
    number often old open order part people perhaps person place play point possible pretty
    put question quite rather read real reason right room run said say says second see seem
    seemed seems seen set several show side since small someone something sometimes soon
    sort start stay stop sure take taken takes talk tell thank think third though thought
    three time times today together told took toward try trying turn turned turns two
    understand used want wanted wants wasn't watch week well went whole without woman word
    words work world worth wrong year years yes young""".split()  # noqa: SIM905 -- a word list reads better as text
)
# Words about films in general: every explainer says them about every film.
FILM_TALK_WORDS = frozenset(
    """film films movie movies scene scenes ending end ends ended final finale last shot shots
    story character characters plot twist director audience viewer viewers watch watched
    explained explain means meaning credits""".split()  # noqa: SIM905 -- a word list reads better as text
)

# Everyday synonyms: each line is one meaning, its first word the form both sides are read as.
# Only words whose usual sense is that meaning ("pop" and "bro" mean other things too).
SYNONYMS = """
father dad dads daddy papa
mother mom moms mum mums mommy mummy mama momma
sister sis
grandmother grandma granny gran nana
grandfather grandpa granddad grandad
child children kid kids kiddo
married marry marries marrying marriage marriages husband husbands hubby wife wives spouse
    spouses wedding weddings wed newlywed newlyweds
police cop cops policeman policemen policewoman policewomen officer officers detective
    detectives
kill kills killed killing killer killers murder murders murdered murdering murderer murderers
    slay slays slain homicide
die dies died dying dead death deaths deceased
burn burns burned burnt burning fire fires blaze flame flames arson arsonist torch torched
    torches ablaze inferno
body bodies corpse corpses
informant informants informer informers snitch snitches snitched snitching
admit admits admitted admitting confess confesses confessed confessing confession confessions
sea seas ocean oceans
free frees freed freeing
photograph photographs photo photos pic pics
year yr yrs
hour hr hrs
minute min mins
"""

_NUMBERS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()  # noqa: SIM905
_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty"}
_TENS |= {90: "ninety", 100: "hundred", 1000: "thousand"}
NUMBER_WORDS = frozenset((*_NUMBERS[2:], *_TENS.values(), "million", "billion"))
"""Counts that make a detail of the words after them ("five years", "two million"); "one" is
too often not a number to count."""
NEGATIONS = frozenset(
    """not never nor neither cannot dont doesnt didnt isnt wasnt arent werent wont cant couldnt
    wouldnt shouldnt hasnt havent hadnt aint""".split()  # noqa: SIM905 -- a word list reads better as text
)
"""Words that deny what follows, as chat writes them (apostrophe dropped: "wasn't" is
"wasnt"). "No" is left out: "no spoilers", "no one" deny no event."""
NEGATED = "not"
"""The first stem of a negated term ("not die" for "wasn't dead", "did not die", "never died")."""

MIN_LENGTH = 3
"""Shorter words ("ok", "lol", "he") carry no detail."""

_SKIPPED = FUNCTION_WORDS | COMMON_WORDS
_SPELLING = (
    # colour/color, harbour/harbor, favourite/favorite: three letters first spares four, hour.
    (re.compile(r"(?<=[a-z]{3})our(?=(s|ed|ing|ite|ites|able|ful)?$)"), "or"),
    # theatre/theater, centre/center, fibre/fiber
    (re.compile(r"(?<=[a-z]{3})([tb])re(?=(s|d)?$)"), r"\1er"),
    # realise/realize, organisation/organization, analyse/analyze
    (re.compile(r"(?<=[a-z]{3})is(?=(e|es|ed|ing|ation|ations)$)"), "iz"),
    (re.compile(r"(?<=[a-z]{3})ys(?=(e|es|ed|ing)$)"), "yz"),
    # catalogue/catalog, dialogue/dialog
    (re.compile(r"(?<=[a-z]{3})ogue(?=s?$)"), "og"),
)
_STEMMERS = threading.local()
"""A Snowball stemmer keeps the word it works on in the instance: two threads stemming with one
(vocabularies are built in worker threads, several at once) corrupt each other's word and
raise. Each thread has its own."""
WORD = re.compile(
    r"[^\W_]+(?:['’][^\W\d_]+)*"
    r"(?:(?<=[tT][yY])[-‐–](?i:one|two|three|four|five|six|seven|eight|nine)\b)?"
)
"""A word: letters and digits, with an apostrophe's ending ("she's"); a compound number
("forty-one") is one word, as its digits are."""


def american(word: str) -> str:
    """``word`` (lower case) in American spelling, where British and American differ by rule."""
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word


# Irregular verbs: each line is a verb's plain form, then its past and participle forms, which
# no stemmer joins to it ("frozen" and "freezes" are "frozen" and "freez" to Porter2), so a
# member's "bolt freezing into the dam" meets the explainer's "frozen into the dam". General
# English, and only verbs of what befalls someone: everyday verbs whose forms chat says of
# anything ("written", "hidden", "told", "built", "took") would make a harmless line meet an
# ending's word in a form it never used ("writing the day count on her arm"), and forms that
# are other words more often ("left", "found", "fell", "shot", "bit", "broke") are left out.
IRREGULAR_VERBS = """
freeze froze frozen
steal stole stolen
sink sank sunk sunken
throw threw thrown
wake woke woken
flee fled
bleed bled
hang hung
strike struck
sell sold
lose lost
win won
forgive forgave forgiven
bite bitten
swim swam swum
shake shook shaken
"""


def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in re.split(r"\n(?! )", SYNONYMS.strip()):
        first, *others = line.split()
        for word in (first, *others):
            table[american(word)] = american(first)
    # A verb's irregular forms are its plain form, then read as that form's synonym, if any.
    for line in IRREGULAR_VERBS.strip().splitlines():
        plain_form, *forms = line.split()
        for form in forms:
            table.setdefault(form, table.get(plain_form, plain_form))
    return table


_SYNONYM_OF = _synonyms()


_UNJOINED = str.maketrans("", "", "'’‐–-")
"""Apostrophes and a compound number's hyphen: a spoken word is written without them."""


@functools.lru_cache(maxsize=50_000)
def spoken(token: str) -> str:
    """A token as a word: digits as the number word ("5" -> "five"), apostrophes dropped."""
    # Decimal digits, which int() reads; "⓵" and Ethiopic "፩" are digits it cannot read.
    if token.isdecimal():
        value = int(token)
        if value < len(_NUMBERS):
            return _NUMBERS[value]
        if 20 < value < 100 and value % 10:  # "41" is "fortyone", as "forty-one" is
            tens = value - value % 10
            return _TENS.get(tens, _NUMBERS[20]) + _NUMBERS[value % 10]
        return _TENS.get(value, "")
    if any(ch.isdigit() for ch in token):
        return ""  # "4k", "35mm", "80s": not words the explainer would use
    word = token.casefold()
    word = word.removesuffix("'s").removesuffix("’s")
    return word.translate(_UNJOINED)


@functools.lru_cache(maxsize=50_000)
def canonical(word: str) -> str:
    """A spoken word in American spelling, as its everyday synonym's first word if it has one."""
    word = american(word)
    return _SYNONYM_OF.get(word, word)


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The form two ways of writing one word meet in: spelling, synonym, inflection."""
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(canonical(spoken(word)))


def skipped(word: str) -> bool:
    """A canonical word that carries no detail: a function or everyday word, or too short."""
    return len(word) < MIN_LENGTH or word in _SKIPPED


FILM_TALK = frozenset(stem(word) for word in FILM_TALK_WORDS | COMMON_WORDS)
"""Stems that never count alone: film talk, and everyday words however written."""
FILM_TALK_ONLY = frozenset(stem(word) for word in FILM_TALK_WORDS)
"""Stems of words about films in general: a denial of one ("doesn't end up together") denies
what follows it, not the film."""


COMMON_ENGLISH = everyday_words.COMMON_ENGLISH
"""The 5,000 most frequent English words (``common_english.txt``, from wordfreq): a general
notion of an everyday word, the same for every film and every chat."""


@functools.cache
def common_stems() -> frozenset[str]:
    """Stems of those words: a term with one of them ("married", "club", "smile") turns up in any
    talk, so alone it is weak evidence of an ending however central it is to one. Worked out on
    first use, not at import: stemming 5,000 words in pure Python was a fifth of a second of
    every start, the guard on or off."""
    return frozenset(stem(word) for word in COMMON_ENGLISH)


_NOT = r"(?:never|no longer|do(?:es)?n['’]?t|did ?n['’]?t|(?:does|did|do) not)"
"""A denial of a past or present fact ("didn't", "does not", "never"); not "can't" or
"won't", which deny a plan ("I can't make it tonight")."""
_BUT_NO = (
    r"\s*,?\s*(?:but|and then|then)\s+(?:no+|nope|nah|naw|nuh uh)"
    r"(?=\s*(?:[.!,;:)\n]|$|[^\w\s]|\s+(?:lol|lmao|haha|sadly|apparently|nope)\b))"
)
"""A denial closing what the writer expected ("..., but no.", "... but nope 💀")."""
_EXPECTED = (
    r"\bi\s+(?:(?:really|honestly|genuinely|fully|totally|just|kinda|kind of|so|always)\s+)?"
    r"(?:thought|expected|assumed|believed|figured|was sure|was convinced|kept thinking)"
    r"\s+(?:that\s+)?"
)
_IDIOMS = (
    # An expectation the writer says the film denied: "i thought ada would survive but no" is
    # "ada did not survive", "i thought june was dead but nope" is "june was not dead": what
    # happened, told through what did not. (Before the idioms below read "did not survive".)
    (
        re.compile(
            _EXPECTED + r"(?P<who>[^.!?\n,]{2,60}?)(?:\s+would|['’]d)\s+"
            r"(?:(?:have|actually|finally|somehow|really|eventually)\s+)*"
            r"(?P<rest>[^.!?\n]{2,80}?)" + _BUT_NO,
            re.IGNORECASE,
        ),
        r"\g<who> did not \g<rest>",
    ),
    (
        re.compile(
            _EXPECTED + r"(?P<who>[^.!?\n,]{2,60}?)\s+(?P<be>was|were|is|are)\s+"
            r"(?P<rest>[^.!?\n]{2,80}?)" + _BUT_NO,
            re.IGNORECASE,
        ),
        r"\g<who> \g<be> not \g<rest>",
    ),
    # Dying, as English says it without the word: "she doesn't make it (out)", "he didn't
    # survive", "passed away", "lost her life", "kicked the bucket".
    (
        re.compile(
            rf"\b{_NOT}\s+(?:(?:make|makes|made|making) it(?:\s+(?:out|back|home))?(?:\s+alive)?"
            r"(?!\s+(?:to|in|on|for|through|past|into|there|here)\b)"
            r"|survive[sd]?|surviving|pull(?:s|ed)? through)\b"
            r"|\bpass(?:es|ed|ing)? away\b|\blos(?:es|t|e|ing) (?:his|her|their) li(?:fe|ves)\b"
            r"|\b(?:kick|kicks|kicked|kicking) the bucket\b|\bbit(?:es|e)? the dust\b",
            re.IGNORECASE,
        ),
        "dies",
    ),
    # Not dying: "the noise dies down" fades.
    (re.compile(r"\bd(?:ie|ies|ied|ying) down\b", re.IGNORECASE), "fades"),
    # No guilt: "a guilty pleasure of mine" is a film enjoyed, not a verdict.
    (re.compile(r"\bguilt(?:y|ier|iest)\s+(pleasures?)\b", re.IGNORECASE), r"indulgent \1"),
    # Informing and betrayal in everyday slang, said of a person: "nico's a rat", "he ratted
    # them out", "sold his crew out"; not the animal ("there's a rat in the kitchen") or tickets
    # ("the show sold out").
    (
        re.compile(
            r"\b((?:is|was|are|were|being|been|isn['’]?t|wasn['’]?t"
            r"|(?!(?:there|here|it|that|what|who)['’]s)[a-z]+['’]s)\s+)"
            r"(?:a|the|such a)\s+(?:dirty\s+|total\s+)?rat\b(?!\s*(?:trap|race|poison|infest))",
            re.IGNORECASE,
        ),
        r"\1an informant",
    ),
    (
        re.compile(
            r"\brat(?:ted|ting)\b(?=\s+(?:\w+\s+)?(?:on|out)\b)"
            r"|\brats?\b(?=\s+(?:him|her|them|us|me|everyone|everybody)\s+out\b"
            r"|\s+(?:on|out)\s+(?:him|her|them|us|me|everyone|everybody|his|her|their)\b)",
            re.IGNORECASE,
        ),
        "informed",
    ),
    (
        re.compile(
            r"\b(?:sells?|sold|selling)\b(?=\s+(?:(?:him|her|them|us|everyone|everybody)\s+out\b"
            r"|out\s+(?:his|her|their)\b))",
            re.IGNORECASE,
        ),
        "betrayed",
    ),
    (
        re.compile(
            r"\b((?:was|were|been|being|got|is|not|wasn['’]?t|weren['’]?t|isn['’]?t)\s+)"
            r"set up\b(?!\s+(?:to|for|as|in|on|at)\b)",
            re.IGNORECASE,
        ),
        r"\1framed",
    ),
    # A frame-up told actively: "wes set them up", "set the crew up to take the blame"; not a
    # date, a job or a tent ("set them up with a job", "set her up on a date").
    (
        re.compile(
            r"\bset(?:s|ting)?\s+((?:him|her|them|us|me|everyone|everybody)\s+(?:all\s+)?)up\b"
            r"(?!\s+(?:with|on|for|in|at|as|a|an|nicely|perfectly|well|to(?!\s+take\s+the\b))\b)"
            r"|\bset(?:s|ting)?\s+((?:the|his|her|their)\s+\w+\s+)up\b"
            r"(?=\s+to\s+take\s+the\s+(?:blame|fall)\b)",
            re.IGNORECASE,
        ),
        r"framed \1\2",
    ),
    # Owning up: "he owns up to the fix", "she came clean", "fessed up" admit it.
    (
        re.compile(
            r"\bown(?:s|ed|ing)? up\b|\b(?:come|comes|came|coming) clean\b"
            r"|\bfess(?:es|ed|ing)? up\b",
            re.IGNORECASE,
        ),
        "admits",
    ),
    # Being alive is not being dead: "her mum was alive all along" denies a death as "June did
    # not die" does. Said of someone ("is", "was", "still"), not "the city feels alive".
    (
        re.compile(
            r"\b((?:is|was|are|were|be|been|still|stays|stayed|(?<=\w)['’]s)\s+"
            r"(?:(?:still|actually|really|very much)\s+)?)alive\b",
            re.IGNORECASE,
        ),
        r"\1not dead",
    ),
    # Burned as English says it of a place left: "the theatre is in ashes", "burnt to ashes";
    # not ashes kept or scattered ("the ashes in the tin").
    (re.compile(r"\b(?:in|to|into) (?:ashes|cinders)\b", re.IGNORECASE), "burned"),
    # A parent in everyday slang: "her pops", "his old man".
    (
        re.compile(r"\b(her|his|their|my|your)\s+(?:pops|old man)\b", re.IGNORECASE),
        r"\1 father",
    ),
    # Lovers, as English says it: "they were sleeping together", "she was having an affair
    # with him"; not "sleeping" alone, nor "together" alone.
    (
        re.compile(
            r"\b(?:sleep|sleeps|slept|sleeping) together\b"
            r"|\b(?:having|had|has|have) an affair\b",
            re.IGNORECASE,
        ),
        "lovers",
    ),
    # A couple, as English says it of lovers: "the accused and the widow are a couple", "they
    # were an item"; not "a couple of".
    (
        re.compile(
            r"\b((?:is|was|were|are|been|become|became|(?<=\w)['’]re)\s+)(?:a couple|an item)\b"
            r"(?!\s+of\b)",
            re.IGNORECASE,
        ),
        r"\1lovers",
    ),
    # Part of the plan: "cory was in on it (the whole time)".
    (
        re.compile(r"\b((?:is|was|were|are|been|(?<=\w)['’]s)\s+)in on it\b", re.IGNORECASE),
        r"\1planned it",
    ),
    # Not getting up again, as a death is told: "bolt does not get back up", "he never gets
    # up again"; not a morning ("doesn't get up early").
    (
        re.compile(
            rf"\b{_NOT}\s+(?:get|gets|got|getting)\s+(?:back\s+)?up\b"
            r"(?=\s*(?:again\b|[.!,;:?\n]|$))",
            re.IGNORECASE,
        ),
        "dies",
    ),
    # A sibling's age as chat says it: "the little sister", "her baby brother", "the youngest"
    # are the younger one (of two, as most films' siblings are); "big sis", "the eldest" the
    # older one.
    (
        re.compile(
            r"\b(?:little|lil|baby|kid|youngest)(?=\s+(?:sister|sis|brother|bro)s?\b)|\byoungest\b",
            re.IGNORECASE,
        ),
        "younger",
    ),
    (
        re.compile(
            r"\b(?:big|eldest|oldest)(?=\s+(?:sister|sis|brother|bro)s?\b)|\beldest\b",
            re.IGNORECASE,
        ),
        "older",
    ),
    # Praise, not a kiss: "the ending is a chef's kiss".
    (re.compile(r"\bchef['’]?s\s+kiss(?:es)?\b", re.IGNORECASE), "perfect"),
    # A change of state told as stopping: "bolt stopped humming" is "bolt never hums again", a
    # denial as the ending words it. Said of someone ("X stops ..."): not an order ("stop
    # crying"), an urge ("couldn't stop laughing"), a habit kept ("never stops searching") nor a
    # pause ("stops calling for a while").
    (
        re.compile(
            r"\b([a-z]+['’]?[a-z]*)(\s+)stop(?:s|ped)\s+(?=[a-z]{2,}ing\b)"
            r"(?![a-z]+(?:\s+\w+){0,3}\s+(?:for\s+(?:a|an|some|like)|until|till|briefly)\b)",
            re.IGNORECASE,
        ),
        lambda found: (
            found.group()
            if found.group(1).lower().replace("’", "'") in _NOT_STOPPING
            else f"{found.group(1)}{found.group(2)}never "
        ),
    ),
    # Setting someone free, as English says it: "she let a murderer go", "they let him go";
    # not "let it go", "let go of", nor letting someone go somewhere ("let him go home").
    (
        re.compile(
            r"\b(?:let|lets|letting)\s+((?:him|her|them|(?:a|an|the|his|her|their)\s+\w+)\s+)go\b"
            r"(?!\s+(?:of|home|to|back|out|on|in|first|ahead|for|into|off|over|through|with"
            r"|there|here|and|outside|inside|away)\b)",
            re.IGNORECASE,
        ),
        r"set \1free",
    ),
    # Exploding, as English says it of a thing: "the reactor blows up", "blew the station up";
    # the plot's "the reactor explodes" is the same event however a member words it.
    (
        re.compile(
            r"\b(?:blow|blows|blew|blown|blowing)\s+((?:(?:it|them|the|a|an|his|her|their|this"
            r"|that|whole|entire)\s+)*(?:[a-z]+\s+)?)?up\b",
            re.IGNORECASE,
        ),
        r"explode \1",
    ),
)
_NOT_STOPPING = frozenset(
    """can cant can't cannot could couldnt couldn't will wont won't would wouldnt wouldn't should
    shouldnt shouldn't dont don't doesnt doesn't didnt didn't never not to i we you me just please
    pls plz gonna ll never""".split()  # noqa: SIM905 -- a word list reads better as text
)
"""Words before "stops"/"stopped" that make it no change of state told: a modal, a denial, an
infinitive or the writer ("i stopped watching")."""


_EMOJI_WORDS = {
    "💋": "kiss",
    "💍": "married",
    "💒": "wedding",
    "⚰": "dead",
    "⚱": "ashes",
    "🪦": "dead",
    "🔪": "stabbed",
    "🔫": "shot",
    "🔥": "fire",
    "🌧": "rain",
    "☔": "rain",
    "⛈": "storm",
    "🌊": "water",
    "🧱": "wall",
    "🤖": "robot",
    "🐕": "dog",
    "🐶": "dog",
    "🚓": "police",
    "👮": "police",
    "🚔": "police",
    "💰": "money",
    "💵": "money",
    "☕": "tea",
    "🍵": "tea",
    "🚗": "car",
    "🚙": "car",
    "☠": "poison",
    "🔑": "key",
    "🏆": "trophy",
    "👶": "baby",
    "🎹": "piano",
    "📻": "radio",
    "📞": "phone",
    "☎": "phone",
    "🕵": "detective",
}
"""Emoji standing for one everyday word, in English generally ("💋" a kiss, "🌧️" rain)."""
_EMOJI = re.compile(
    rf"(?P<before>(?:[=+→]|->|\w)\s*)?(?P<emoji>[{''.join(_EMOJI_WORDS)}])[\ufe0f\u200d]*"
    r"(?=(?P<after>\s*(?:[+=→]|->|[^\W\d_]))?)"
)
"""An emoji, with what is right before and after it."""
_SIGNS = frozenset("=+→>-")
_PRAISE = frozenset("🔥💋")
_PIECE = re.compile(r"(?<=[.!?:;,\n])")
"""Where a clause ends, its mark kept with it."""


_STATE_WORDS = {"☠": "dead"}
"""Emoji that, stated of someone ("was ☠️"), stand for a state rather than their thing."""
_STATED = re.compile(
    r"\b(?:is|was|were|are|be|been|being|ends\s+up|ended\s+up|end\s+up|winds\s+up|gets|got"
    r"|turns\s+up|stays|left)\s*$",
    re.IGNORECASE,
)
"""A verb stating what someone is or becomes, right before an emoji."""


def emoji_words(text: str, named: Callable[[list[str]], bool] | None = None) -> str:
    """``text`` with an emoji told as a word where it stands in a statement: between two words
    ("bolt 🤖 holds 🧱 back"), or after or before an equation's sign ("cory + eli = 💋 + 🔥",
    "teddy = 🌧️"). An emoji ending what is said ("what a twist 🔥", "the ending 💋") is the
    writer's reaction, not a word of the story; and an equation whose left side is all
    ``named`` (the film's name: "glass orchard = 🍵 + 🐕 vibes") describes the film."""
    if text.isascii():
        return text
    if named is not None and "=" in text:
        return "".join(
            piece
            if "=" in piece and named([word for word in words(piece.split("=")[0]) if word])
            else emoji_words(piece)
            for piece in _PIECE.split(text)
        )

    def word(found: re.Match[str]) -> str:
        before = (found.group("before") or "").strip()
        after = (found.group("after") or "").strip()
        signed = before[-1:] in _SIGNS or after[:1] in _SIGNS
        # "🔥" and "💋" are praise as often ("the ending 💋 chef's kiss"): words only in sums.
        between = (
            before[-1:].isalnum() and after[:1].isalpha() and found.group("emoji") not in _PRAISE
        )
        if not (before or after) or not (signed or between):
            return found.group()
        emoji = found.group("emoji")
        said = _EMOJI_WORDS[emoji]
        if emoji in _STATE_WORDS and _STATED.search(found.string, 0, found.start("emoji")):
            said = _STATE_WORDS[emoji]  # "the sheriff was ☠️": dead, not poison
        return f"{found.group('before') or ''} {said} "

    return _EMOJI.sub(word, text)


def plain(text: str) -> str:
    """``text`` with English idioms for one plain word written as that word: "she doesn't make
    it" is "she dies", "nico's a rat" is "nico's an informant", "he was set up" is "he was
    framed", as any reader takes them. Applied to a film's text and to a message alike."""
    lowered = text.lower()
    for (pattern, word), cues in zip(_IDIOMS, _IDIOM_CUES, strict=True):
        # Most messages have none of an idiom's words: a substring test spares the regex.
        if any(cue in lowered for cue in cues):
            text = pattern.sub(word, text)
    return text


_IDIOM_CUES = (
    ("but", "then"),
    ("but", "then"),
    (
        "make",
        "made",
        "making",
        "surviv",
        "pull",
        "pass",
        "lost",
        "lose",
        "losing",
        "bucket",
        "dust",
    ),
    ("down",),
    ("pleasure",),
    ("rat",),
    ("rat",),
    ("sell", "sold"),
    ("set up",),
    ("set",),
    ("up", "clean"),
    ("alive",),
    ("ashes", "cinders"),
    ("pops", "old man"),
    ("together", "affair"),
    ("couple", "item"),
    ("in on it",),
    ("up",),
    ("little", "lil", "baby", "kid", "youngest"),
    ("big", "eldest", "oldest"),
    ("kiss",),
    ("stop",),
    ("let",),
    ("blow", "blew"),
)
"""Words without which an idiom of ``_IDIOMS`` (in its order) cannot be said."""


def words(text: str) -> list[str]:
    """``text``'s words, spoken (see ``spoken``), in order; empty strings for non-words."""
    return [spoken(match.group()) for match in WORD.finditer(text)]


# How a writer marks a message as not telling: a question, a guess, or a promise not to spoil.
# General English discourse, not any film's or corpus's wording.
QUESTION_OPENERS = frozenset(
    """who whos what whats which whose how why when where does do did is are was were can could
    will would should has have anyone anybody""".split()  # noqa: SIM905 -- a word list reads better as text
)
"""First words of a real question ("who is the killer?"); "wait so she was his wife??" opens
otherwise and asks to confirm what it states. A question offering a choice ("hopeful or
tragic?") asks too, however it opens; "what if ...?" imagines against what happened, and asks
nothing."""
_WATCHING_SOON = (
    r"(?:(?:going to|gonna|about to) (?:see|watch)|(?:(?:i'?m|im|i am|we'?re|we are)\s+)?"
    r"(?:watching|seeing)) (?:it|this|that|[\w' ]{1,40}?)\s+"
    r"(?:tonight|tomorrow|later|this weekend|next week|on \w+day)\b"
)
"""Watching the film later than the message ("going to see it tonight", "we're watching it
tonight", "watching it this weekend")."""
_UNSEEN = (
    r"\b(?:haven'?t|havent|have not|yet to|still need to)\s+(?:seen|watched|finished)\b"
    r"|\bbefore (?:i |we )?(?:watch|see|finish)(?:ing)?\b|\bbefore (?:i|we) go\b"
    rf"|\b{_WATCHING_SOON}|\bwill report back\b"
    r"|\bpre-?(?:watch|watching|viewing|screening)\b"
    r"|\bcheck back (?:with (?:me|you) )?(?:in|after|once)\b"
)
"""Writing before having seen the film ("haven't seen it yet", "before seeing it", "before we
go", "watching it this weekend", "pre-watch theory", "check back with me in a week")."""
_HEDGES = re.compile(
    r"\b(?:no|without|zero|not|won'?t|wont|will not|not gonna|not going to|don'?t|dont)\s+"
    r"(?:spoil\w*|say(?:ing)?|tell(?:ing)?|details?|spell(?:ing)?\s+(?:\w+\s+){0,2}?out"
    r"|give\s+(?:\w+\s+)?away|reveal\w*)\b"
    r"|\bspoiler[- ]?free\b|\ball (?:i'?ll|i'?m|im|ill) (?:say|saying)\b"
    r"|\b(?:go|going|watch|watching|see|seeing|walk|walking)\s+"
    r"(?:in|into\s+(?:it|this|this\s+one)|it|this|this\s+one)\s+(?:(?:completely|totally|fully"
    r"|totes|100%)\s+)?blind\b"
    r"|\b(?:guess\w*|theor(?:y|ies)|predict\w*|speculat\w*|wonder\w*|bet(?:s|ting)?)\b"
    r"|\bcalling it\b|\bmy money(?:'?s| is) on\b|\bi (?:have|got) a (?:feeling|hunch)\b"
    rf"|{_UNSEEN}"
    r"|\b(?:i'?m|im|i am|only|just)\s+(?:halfway through|\d+ (?:min|mins|minutes) in)\b"
    r"|\b(?:use|need|needs|add|put)\s+(?:\w+\s+)?spoiler[- ]?(?:tags?|bars?)\b"
    r"|\bspoiler[- ]?(?:tags?|bars?)\s+(?:for|on|please|pls|plz|around)\b"
    r"|\bkeep\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:endings?|spoilers?|finale|twists?"
    r"|what happens\b)[^.!?\n]{0,40}?\bout\s+of\s+(?:<?#|general\b|this\s+channel\b"
    r"|the\s+\w+\s+channel\b)"
    r"|\bask(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:if|whether)\b"
    r"|\b(?:goes|go|belongs?|stays?)\s+(?:\w+\s+)?(?:under|in|behind|inside)\s+spoiler[- ]?"
    r"(?:tags?|bars?)\b|\bspoiler\s+(?:talk|territory)\b|\bcounts?\s+as\s+(?:a\s+)?spoilers?\b"
    r"|(?:^|[.!?:]\s*)tag\s+(?:it|them|that|those|this|yours?)\b",
    re.IGNORECASE,
)
"""Withholding ("no spoilers", "won't say", "won't spell out the ending", "that's all I'll
say", "go in blind", "watch it blind": advice to the reader, not what the writer did), guessing
("my theory", "guess the killer", "I bet", "i'm betting", "calling it now", "my money's on",
"i have a feeling"), writing before having seen the ending ("haven't seen it yet", "before i
watch", "before seeing it", "i'm halfway through", "im 30 minutes in", "going to see
it tonight", "watching it this weekend"): whatever it says of the ending is a guess. Asking
others to hide the ending ("spoiler tags for the final act, please", "keep the ending of X out of
#general") or laying down a moderator's rule ("verdict talk is spoiler talk. Tag it.", "the
result of the final goes under spoiler tags", "counts as a spoiler"), which names what to hide,
not what happens; and asking whether something is so
("made me ask my mum if she's secretly running a diner"). Not "didn't see it coming", which
tells a surprise, nor "halfway through it turns out ...", a place in the film."""
_HEARSAY = re.compile(
    r"\b(?:heard|hear|apparently|told me|tells me|spoiled|spoilt|ruined it for me"
    r"|(?:someone|somebody|people|everyone|my \w+|reddit|twitter|tiktok) (?:says|said|told))\b",
    re.IGNORECASE,
)
"""Telling what someone else said of the film ("haven't seen it but apparently ...", "my
brother told me ..."): not the writer's guess, whatever they have seen."""
_UNSEEN_PATTERN = re.compile(_UNSEEN, re.IGNORECASE)


_SEEN_SINCE = re.compile(
    r"\b(?:edit(?:ed)?|update[ds]?|post-?watch|since watching|after (?:watching|seeing)"
    r"|now that (?:i'?ve|i have|we'?ve|we have) (?:seen|watched))\b"
    r"|(?:^|\n)\W*(?:after|later|next morning)\W*[:,]"
    r"|\b(?:me|us)\s+before\s+(?:watching|seeing)\b",
    re.IGNORECASE,
)
"""A guess told again once the writer has watched ("EDIT: wrong, it's Owen", "Update after
watching: ...", "Post-watch: ...", "After: ..."), or looked back on ("'they end up together' —
me before watching X"): what follows is what they saw."""


def only_guessed(text: str) -> bool:
    """Whether ``text`` is a guess by one who has not seen the film (``guessed_unseen``) and
    says nothing they saw since (``_SEEN_SINCE``): it tells nothing of how the film ends but
    what the writer imagines."""
    return guessed_unseen(text) and _SEEN_SINCE.search(text) is None


def guessed_unseen(text: str) -> bool:
    """Whether ``text`` is written by one who has not seen the film yet (``_UNSEEN``: "theory
    before seeing it: ...", "watching it this weekend") and tells nothing anyone else said of it
    (``_HEARSAY``): what it says happens is a guess, true only where the ending says so too."""
    return bool(_UNSEEN_PATTERN.search(text)) and _HEARSAY.search(text) is None


_RHETORICAL = re.compile(
    r"(?:(?:does|did|do|has|is)\s+)?(?:anyone|anybody|everyone) else \w+"
    r"|(?:am|was) i the only one\b|is it (?:just|only) me\b"
    r"|who else\b(?!\s+(?:think|thinks|thought|suspect|suspects|suspected|guess|guessed|bet"
    r"|believe|believes|believed|reckon|reckons|reckoned)\b)"
    r"|can we (?:all )?(?:talk about|appreciate|discuss|acknowledge)\b"
    r"|(?:how|why) (?:is|was|are|were|did|does|do|has) (?:nobody|no one|noone)\b"
    r"|(?:is|are|was|has) (?:nobody|no one|noone) (?:going to|gonna|talking|mentioning|noticed)\b"
    r"|how (?:do|does|did|can|could|would) (?:you|anyone|anybody|one|we) (?:even )?"
    r"(?:recover|get over|move on|cope|deal)\b"
    r"|what kind of (?:ending|twist) is\b"
)
"""A question asked to share what the writer noticed or felt, not to learn it ("anyone else think
it was obvious that anders is the killer?", "was i the only one who clocked ...", "is it just me
or ...", "who else lost it when ...", "can we talk about how ...", "how is nobody talking about
...", "how do you even recover from ...", "what kind of ending is ..."): it states what it asks
about, so it hedges nothing. Not "who else thought ...": who shared a guess."""


_ASKS_WHO_DID = re.compile(
    r"(?:wait|ok|okay|so|sorry|hold on|hang on|um+|hm+|lol|bro|sooo*|quick question)"
    r"(?:\s+(?:wait|ok|okay|so|sorry|um+|hm+))*\s+"
    r"(?:who|whos)(?:\s+(?:is|was|were|are|s))?(?:\s+(?:really|actually|exactly))?\s+"
    r"(?:behind|did\s+(?:it|that|this|all)|done\s+it|responsible"
    r"|the\s+(?:real\s+)?(?:killer|murderer|culprit|villain|traitor|mole|bad\s+guy))\b"
)
"""A question after an interjection that asks who is to blame ("wait, who was behind
everything?", "ok so who did it?"): the question word is the one blamed, so it names no one.
Not "wait, so the sister did it?" nor "wait, who knew she was the killer?", which state."""


_UNMARKED_QUESTION = re.compile(
    r"(?:who|whos|who's)\s+(?!(?:knew|else|would|wouldve|could|cares|needs|thought|asked|"
    r"saw|expected|guessed)\b)\w+"
    r"|(?:how|what)\s+(?:does|did|do|is|was|are|were|happens|happened)\s+(?!you\b|u\b)\w+"
    r"|(?:does|do|did|is|are|was|were)\s+(?!(?:you|u|yall|nobody|no one|noone)\b)"
    r"(?!(?:anyone|anybody|everyone) else\b)\w+"
)
"""A question chat writes without its question mark ("who dies in X", "does the dog die in
X", "how does X end"), as a whole short message: it asks. Not "who knew she was the killer",
"who else cried", "did you see the brother coming", which state; nor an exclamation ("what a
twist", "how sad that she dies")."""
_UNMARKED_WORDS = 12
"""Words an unmarked question has at most: a longer line is a statement that opens oddly."""


def _unmarked_question(text: str) -> bool:
    """Whether ``text`` is one short question with no question mark ("who dies in X")."""
    line = text.strip().lower()
    if "?" in line or re.search(r"[.!,;:\n]", line.rstrip(".!")):
        return False
    said = [word for word in words(line) if word]
    if not said or len(said) > _UNMARKED_WORDS:
        return False
    return _UNMARKED_QUESTION.match(" ".join(said)) is not None and not _RHETORICAL.match(
        " ".join(said)
    )


_WHY = re.compile(
    r"\b(?:why|how come)\s+(?:did|does|do|is|was|were|are|would|has|had)(?:n'?t)?\b",
    re.IGNORECASE,
)
"""A question why something happened ("why did owen keep calling?"): it asks about a fact it
takes as known, so it tells that fact; unlike "does it explain why the loop happens?"."""


QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*$", re.MULTILINE)
"""A line quoting another message, as Discord writes it ("> who is the killer?")."""


_ASKED_WHO = re.compile(
    r"^[ \t]*>[ \t]*(?:[\w'’]+[ \t]+){0,3}?who(?P<be>['’]s|[ \t]+(?:is|was|were|are))?[ \t]+"
    r"(?P<rest>[^?\n]+?)[ \t?!.]*$\n?",
    re.IGNORECASE | re.MULTILINE,
)
"""A quoted question who someone is or who did something ("> who's the caller?", "> wait who
took the fishermen??"), with what it asks about."""
_ANSWER = re.compile(r"^[ \t]*(?P<answer>[^.!?,;:\n>]+)(?P<after>.*)\Z", re.DOTALL)
_ANSWER_WORDS = 4
"""Words an answer naming someone has at most ("the little sister", "owen")."""
_NO_ANSWER = frozenset(
    """idk dunno no not nope clue idea sure know knows guess maybe probably watch see spoil
    spoiler spoilers spoiling ask google wiki lol lmao yes yeah yep who what why how it its
    i you we they he she this that""".split()  # noqa: SIM905 -- a word list reads better as text
)
"""Words of a reply that does not name anyone ("idk", "no spoilers", "watch it", "it was ...":
a statement of its own, read as one)."""


_LAUGHED = re.compile(r"(?:\s+(?:lol|lmao|lmfao|haha|hahaha|rofl|tbh|obviously))+\s*$", re.I)
"""A laugh or an aside ending an answer ("her own engineer lol")."""


_READER = frozenset("you your youre yours u ur".split())  # noqa: SIM905
"""The reader, as a question asks their opinion ("who do you think did it?")."""


_ASKED_OF = re.compile(
    r"^[ \t]*>[ \t]*(?:[\w'’]+[ \t]+){0,2}?(?:is|was|does|did|are|were|has|had)[ \t]+"
    r"(?P<who>(?:(?:the|her|his|their|mr|mrs|ms|dr|miss)[ \t]+)?[\w'’]+)",
    re.IGNORECASE | re.MULTILINE,
)
"""A quoted yes/no question about someone ("> is mrs pell important?", "> does the sister
die?"), with who it asks about."""
_PRONOUN_REPLY = re.compile(
    r"\A(?P<opening>\s*(?:(?:yes|yeah|yep|yup|no|nope|nah|lol|lmao|oh|ok|well|honestly)\W+)*)"
    r"(?P<pronoun>she|he)(?P<link>['’]s\b|\s+(?:is|was)\b)",
    re.IGNORECASE,
)
"""A reply opening with what "she" or "he" is ("she's edith", "nope, he was the killer")."""


def _said_of(text: str, named: Callable[[str], bool]) -> str:
    """``text`` with a reply's opening "she's" or "he was" read as said of whom the quoted
    question asks about ("> is mrs pell important?" then "she's edith": "mrs pell is edith")."""
    asked = _ASKED_OF.search(text)
    if asked is None:
        return text
    rest = text[asked.end() :]
    line = rest.find("\n")
    if line < 0:
        return text
    reply = _PRONOUN_REPLY.match(rest[line + 1 :])
    who = asked.group("who")
    if reply is None or not _READER.isdisjoint(words(who)) or who.lower() in _NO_SUBJECT:
        return text
    # What she is said to be has to be someone or something of the film ("she's edith"), not a
    # judgement ("she's lovely, makes him tea every night").
    stated = [
        word
        for word in words(rest[line + 1 + reply.end() :])[:4]
        if word and word not in _STATED_OPENERS
    ]
    if not stated or not named(stated[0]):
        return text
    link = "is" if reply.group("link").strip(" '’").lower() in ("s", "is") else "was"
    start = asked.end() + line + 1
    said = f"{reply.group('opening')}{who} {link}"
    return f"{text[:start]}{said}{text[start + reply.end() :]}"


_ASKED_YES_NO = re.compile(
    r"^[ \t]*>[ \t]*(?:(?:wait|so|ok|okay|but|and|hold on|sorry|quick question)\W+){0,3}"
    r"(?:(?P<do>does|do|did)|(?P<be>is|was|are|were))[ \t]+"
    r"(?P<who>(?:(?:the|her|his|their|mr|mrs|ms|dr|miss)[ \t]+)?[\w'’]+)"
    r"(?:[ \t]+(?:and|&)[ \t]+[\w'’]+)?"
    r"(?P<rest>[^?\n]*)\?+[ \t]*\n",
    re.IGNORECASE | re.MULTILINE,
)
"""A quoted question whether something happened ("> do they get together at the end?", "> do
mia and seb end up together?"), or whether someone is dead, alive, guilty or innocent ("> is
nell's mum dead?"): who it asks about, and the rest. Not what someone is ("> is teddy the
killer?"): a no to that rules out a guess, and tells nothing of the ending."""
_FATES = re.compile(
    r"(?:[\w'’]+[ \t]+)?(?:really[ \t]+|actually[ \t]+)?(?:dead|alive|guilty|innocent)\b",
    re.IGNORECASE,
)
"""What a question whether someone is something may ask about: their fate ("> is nell's mum
dead?", "> is eli really guilty?")."""
_NO_REPLY = re.compile(
    r"(?P<opening>[ \t]*(?:(?:lol|lmao|haha|oh|honestly|well|sadly|unfortunately)\W+)*)"
    r"(?P<answer>no|nope|nah|nop|not really)\b(?=[ \t]*(?:[^\w\s]|\n|\Z))",
    re.IGNORECASE,
)
"""A reply opening with a plain no ("no. the whole epilogue is ...", "lol no, ...", "not really,
...", "no 😭"), not "no idea" or "no spoilers"."""


def _denied(text: str, titled: Callable[[list[str]], bool] = lambda said: False) -> str:
    """``text`` with a plain no replying to a quoted question whether something happened read
    as the denial it makes: "> do they get together at the end?" then "no. ..." says "did not
    get together at the end". Not a question asking the reader ("> did you like it?") nor about
    nobody ("> does it drag?"). A yes is left alone: it affirms what the asker wondered, most
    often the plot ("> does danny own the restaurant?" then "yeah, ...")."""
    asked = _ASKED_YES_NO.search(text)
    if asked is None:
        return text
    reply = _NO_REPLY.match(text, asked.end())
    who = asked.group("who")
    if (
        reply is None
        or not _READER.isdisjoint(words(who))
        or who.lower() in _NO_SUBJECT
        or not _READER.isdisjoint(words(asked.group("rest")))
    ):
        return text
    rest = asked.group("rest").strip()
    if asked.group("be") and not _FATES.match(rest):
        return text
    # "> does the lantern room have a dog?": a question about the film itself (``titled``: its
    # name) asks what it is like, not what happens in it.
    said = [word for word in words(f"{who} {rest}") if word]
    if any(titled(said[:length]) for length in range(1, min(len(said), 6) + 1)):
        return text
    # What it denies, not who: the question's people and places said again in the reply would
    # be the reply's own words, relating what the asker only named.
    statement = f"{'was' if asked.group('be') else 'did'} not {rest}"
    return f"{text[: reply.end()]}, {statement}.{text[reply.end() :]}"


_STATED_OPENERS = frozenset("a an the really actually literally just secretly".split())  # noqa: SIM905
_NO_SUBJECT = frozenset("it this that there the a an".split())  # noqa: SIM905
"""Words after "is" that are no one ("> is it sad?", "> is there a twist?")."""


_LABELLED_QA = re.compile(
    r"(?:^|(?<=\s))q\s*[:.)]\s*(?P<asked>[^?\n]+\?+)\s*a\s*[:.)]\s*", re.IGNORECASE | re.MULTILINE
)
"""A question and its answer labelled as such ("q: who's the night owl? a: owen"): read as a
question quoted and the reply under it."""


def answered(
    text: str,
    named: Callable[[str], bool] = lambda word: False,
    titled: Callable[[list[str]], bool] = lambda said: False,
) -> str:
    """``text`` with a reply naming someone ("the detective.") to a quoted question who it was
    ("> who took the fishermen?") read as the statement it makes ("the detective took the
    fishermen."), as any reader takes it; unchanged otherwise ("> who's the killer?" then
    "idk"). A reply that is a statement of its own ("it was him") stays as it is. And a reply
    opening with what "she" or "he" is, to a quoted question about someone, is said of them
    ("> is mrs pell important?" then "she's edith") when what it says is of the film
    (``named``: one of its words), not a judgement ("she's lovely"); a plain no to whether
    something happened denies it ("> do they get together?" then "no. ...": ``_denied``)."""
    if _LABELLED_QA.search(text):
        text = _LABELLED_QA.sub(lambda asked: f"\n> {asked['asked']}\n", text)
    if ">" not in text:
        return text
    said = _said_of(text, named)
    # "nope, she was dead all along": the reply says what it denies itself.
    text = _denied(text, titled) if said == text else said
    if "who" not in text.lower():
        return text
    asked = _ASKED_WHO.search(text)
    # "> who do you think did it?", "> who's your favourite?": the reader's opinion is asked.
    if asked is None or not _READER.isdisjoint(words(asked.group("rest"))):
        return text
    reply = _ANSWER.match(text[asked.end() :])
    if reply is None:
        return text
    # "her own engineer lol": a laugh after the answer is no part of it.
    answer = _LAUGHED.sub("", reply.group("answer")).strip()
    said = [word for word in words(answer) if word]
    if not said or len(said) > _ANSWER_WORDS or not _NO_ANSWER.isdisjoint(said):
        return text
    if not NEGATIONS.isdisjoint(said):
        return text
    be = (asked.group("be") or "").strip(" \t'’")
    link = {"s": " is", "": ""}.get(be, f" {be}")
    statement = f"{answer}{link} {asked.group('rest').strip()}"
    return f"{text[: asked.start()]}{statement}{reply.group('after')}"


_STRUCK = re.compile(r"(~~(?!~).+?~~)", re.DOTALL)
"""Text struck through (Discord's ``~~…~~``): still shown, but taken back by its writer."""


def withheld(text: str) -> str:
    """``text`` with its promises not to tell blanked out: "no spoilers" says nothing about the
    ending, though it says "spoiler". One struck through ("~~no spoilers~~") is taken back: it
    says there are spoilers."""
    if "~~" not in text:
        return _HEDGES.sub(" ", text)
    pieces = _STRUCK.split(text)
    return "".join(piece if at % 2 else _HEDGES.sub(" ", piece) for at, piece in enumerate(pieces))


def hedged(text: str) -> bool:
    """Whether ``text`` asks, guesses or says it won't tell, instead of telling; a line quoting
    another message ("> is it sad?") is that message's, not this one's. A question why
    something happened is no hedge: it takes the event as known, and so do its follow-ups ("why
    does holm investigate if he's the killer? did he not know?"); nor is one sharing what the
    writer noticed ("anyone else think ...?", "was i the only one who ...?")."""
    # A line quoting another message ("> is it sad?" then the reply) asks or hedges for its
    # own writer: the reply is what this writer says.
    if ">" in text:
        text = QUOTED_LINE.sub(" ", text)
    if "~~" in text:  # "~~no spoilers~~": a hedge struck through is taken back
        text = _STRUCK.sub(" ", text)
    if _HEARSAY.search(text):
        # "haven't seen it but apparently ...": what someone else told is told, seen or not.
        text = _UNSEEN_PATTERN.sub(" ", text)
    if _HEDGES.search(text) or _unmarked_question(text):
        return True
    questions = re.findall(r"[^.!?:\n]*\?", text)
    if any(_WHY.search(sentence) for sentence in questions):
        return False  # "why did she burn the theatre?" takes the burning as known
    for sentence in questions:
        said = words(sentence)
        if said[:2] == ["what", "if"]:
            continue  # "what if she'd handed it over?" imagines against what happened: it tells
        if _RHETORICAL.match(" ".join(said)):
            continue  # "anyone else think ... anders is the killer?" states what it asks about
        if said and said[0] in QUESTION_OPENERS:
            return True
        if _ASKS_WHO_DID.match(" ".join(word for word in said if word)):
            return True
        if "or" in said:  # "hopeful or tragic?": it offers answers to choose from, not one
            return True
    return False
