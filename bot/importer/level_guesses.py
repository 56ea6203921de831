"""How much an imported passage gives away. Every rule leans to ``ending`` when unsure."""

from __future__ import annotations

import re

from bot.importer.blocks import ends_as_question
from bot.importer.classify import named_kind
from bot.levels import SectionKind, SpoilerLevel

_ENDING_KINDS = {SectionKind.ENDING, SectionKind.FINAL_SHOT, SectionKind.QUICK_ANSWER}

# A passage using these words discusses how the film ends.
_ENDING_WORDS = re.compile(
    r"\b(?:ending|ends|ended|finale|final|finally|last scene|last shot|last act|epilogue|montage"
    r"|years later|die|dies|died|death|dead|kills?|killed|twist|reveal(?:s|ed)?|reunion|reunited?"
    r"|climax|closing (?:scene|shot|image|minutes)|cut to black|turns out|at the end|in the end"
    r"|end up|ends up|flash-forwards?|ultimately|by the end|breaks? up|split up|part ways"
    r"|does(?:n't|n’t| not) last|all along"
    # an identity twist told as a reading: "Adam and Anthony are the same man"
    r"|(?:are|is|was|were) (?:really |actually |in fact )?(?:one and )?the same (?:man|woman"
    r"|person|people|character)(?!['’]s)|one and the same"
    # a death told in its own verb: "strangles Peter", "drowned himself", "is executed" (not
    # "stabbed" or a wife who "drowns" in the first act: an attack or an accident early in a
    # film is its plot, and the paragraph introducing the film keeps its public credits)
    r"|murder(?:s|ed)?|strangl(?:es?|ed|ing)|drown(?:s|ed) (?:him|her|them)sel(?:f|ves)"
    r"|poison(?:s|ed)"
    r"|suicide|executed|smother(?:s|ed)|suffocat(?:es|ed)|shot dead)\b"
    + r"|\b(?:{})\b".format(
        # The same, in the other languages explainers come in: their endings are hidden as well.
        r"fin|dénouement|meurt|mort|morte|tue|tué|se suicide|révèle|des années plus tard"
        r"|muere|murió|muerte|mata|asesina(?:do|da)?|revela|años después|al final"
        r"|muore|uccide|ucciso|anni dopo|morre|anos depois|stirbt|tod|tötet|getötet|am ende"
        r"|jahre später|sterft|overlijdt|vermoord\w*|doodt|jaren later|aan het einde|uiteindelijk"
        r"|ontknoping|lämnar öppe[nt]|öppet slut|dödar|dör|död|dödad|mördar|mördad|till slut"
        r"|i slutet|år senare|dræber|dør|død|dreper|drept|til sidst|til slutt|år senere"
        # Polish
        r"|umiera|umieraj[aą]|[śs]mier[ćc]\w*|zabija\w*|zabit[aey]?|ginie|gin[aą]|samob[óo]jstw\w*"
        r"|zako[ńn]czeni\w*|na ko[ńn]cu|w finale|lata p[óo][źz]niej"
        # Danish and Norwegian ("slutningen", "slutten": the ending; "drept", "dræbt": killed)
        r"|(?:af)?slutningen|slutten|dræbt|dræbes|drepes|døde|selvmord|afslør\w*|avslør\w*"
        r"|självmord"
        # Catalan ("mor", a Danish mother too, is left out: "va morir" says it)
        r"|al capdavall|a la fi|finalment|va morir|morir|mata(?:t|da)?|assassina(?:t|da)?"
        r"|executa(?:t|da)|es suïcida|suïcidi|anys després"
        # Tagalog ("sa huli": in the end; "namatay": died; "pinatay": killed)
        r"|sa huli|sa dulo|sa wakas|huling eksena|pagtatapos|namatay|namamatay|mamamatay"
        r"|pinatay|pinapatay|patay|pagkamatay|nagpakamatay|pinagsasaksak|binaril"
    ),
    re.I,
)
# Words that spoil even inside a short name: a theme called "Why the ending earns trust" gives
# nothing away, one called "Mal's death" does.
_SPOILER_WORDS = re.compile(
    r"\b(?:die|dies|died|death|dead|kills?|killed|murder\w*|suicide|twist|reunion|reunited?|marries"
    r"|married|survives?|alive|ghost|years later|epilogue|turns out|is revealed|was dreaming"
    # a twist's claim: "Zorvath Was the Killer All Along", "Tyler Is Imaginary"
    r"|all along|(?:is|was|were)(?: really)? (?:the|an?) (?:real )?(?:killer|murderer|culprit"
    r"|mole|traitor|impostor|imposter)|never (?:existed|real)|imaginary|figment"
    r"|(?:are|is|was|were) (?:really |actually |in fact )?(?:one and )?the same (?:man|woman"
    r"|person|people|character)(?!['’]s)|one and the same"
    r"|meurt|mort|morte|tué|suicide|muere|murió|muerte|asesin\w*|muore|ucciso|morre|stirbt"
    r"|tod|getötet|dödar|dör|död|dræber|dør|død|dreper"
    r"|umiera|umieraj[aą]|[śs]mier[ćc]\w*|zabija\w*|ginie|samob[óo]jstw\w*"
    r"|dræbt|dræbes|drept|drepes|døde|selvmord|självmord"
    r"|va morir|assassina(?:t|da)|executa(?:t|da)|suïcid\w*"
    r"|namatay|pinatay|patay|pagkamatay|nagpakamatay)\b",
    re.I,
)
# Questions that name no detail of the ending. Anything else is treated as a spoiler.
_SAFE_QUESTIONS = [
    re.compile(pattern, re.I)
    for pattern in (
        r"^(?:so )?what (?:actually |really )?happens at the end(?: of (?P<film>[^?]+))?\??$",
        r"^what (?:does|did) the ending(?: of (?P<film>[^?]+))? (?:mean|actually mean)\??$",
        r"^(?:how does (?P<film>[^?]+) end|how is (?P<film2>[^?]+)'s ending explained)\??$",
        r"^what(?:'s| is) (?P<film>[^?]+?) (?:really )?about\??$",
        r"^who (?:is|are|stars?|was) in (?P<film>[^?]+)\??$"
        r"|^who (?:directed|wrote|made|stars in) (?P<film2>[^?]+)\??$",
        r"^(?:is|was) (?P<film>[^?]+) based on (?:a |an )?(?:true story|book|novel|short story"
        r"|real events)\??$",
        r"^what is (?P<film>[^?]+) based on\??$|^how long is (?P<film2>[^?]+)\??$",
        r"^is there an? (?:post|mid|end)[- ]credits? scene(?: in (?P<film>[^?]+))?\??$",
    )
]
# Questions whose honest answer is the premise, which the blurb on a poster already gives.
_PREMISE_QUESTIONS = re.compile(
    r"^what(?:'s| is) [^?]+ about\??$|^who (?:is|are|stars?) in|^who (?:directed|wrote|made)"
    r"|based on|^how long is",
    re.I,
)
# "What is Inception really about?" asks for an interpretation, which needs the ending.
_REALLY = re.compile(r"\breally\b", re.I)


def gives_away(text: str) -> bool:
    """Words that spoil even in a short name ("Mal's death", "was dead all along")."""
    return bool(_SPOILER_WORDS.search(text))


def discusses_ending(text: str) -> bool:
    return bool(_ENDING_WORDS.search(text))


def announces_ending(heading: str, film: str | None = None) -> bool:
    """A heading that names the ending, the last shot or the twist ("How it ends", "The final
    scene") or uses the words of one: the text under it tells how the film ends."""
    named = named_kind(heading, film or "")
    return named in _ENDING_KINDS or discusses_ending(heading)


_MAX_SAFE_QUESTION_WORDS = 14


def is_safe_question(heading: str, film: str | None = None) -> bool:
    """A question naming no detail. Its film's name may be long, its wording may not carry a
    spoiler ("What is the twist where Teddy dies really about?"), and what it asks about is the
    film itself (``film``: its title), never a detail of it ("What happens at the end of Teddy
    being lobotomized?")."""
    text = heading.strip()
    match = next(filter(None, (pattern.match(text) for pattern in _SAFE_QUESTIONS)), None)
    return (
        match is not None
        and _names_the_film(match, film)
        and len(text.split()) <= _MAX_SAFE_QUESTION_WORDS
        and not _SPOILER_WORDS.search(text)
    )


_THE_FILM = frozenset({"it", "film", "movie", "story", "this film", "this movie"})
"""What a question may call the film instead of its title ("How does the film end?")."""


def _names_the_film(match: re.Match[str], film: str | None) -> bool:
    """Whether the question's subject, if it has one, is the film: its title (with or without
    its year or a leading "the") or a word for it."""
    named = match.groupdict().get("film") or match.groupdict().get("film2")
    if named is None:
        return True  # "What happens at the end?"
    wanted = _plain_name(named)
    return wanted in _THE_FILM or (film is not None and wanted == _plain_name(film))


def _plain_name(text: str) -> str:
    folded = re.sub(r"\(?\b(?:18|19|20)\d\d\b\)?", " ", text.casefold())
    words = re.sub(r"[^\w']+", " ", folded).replace("'s ", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(word.removesuffix("'s") for word in words)


def is_premise_question(heading: str) -> bool:
    return bool(_PREMISE_QUESTIONS.search(heading.strip())) and not _REALLY.search(heading)


def body_level(kind: SectionKind, text: str) -> SpoilerLevel:
    """The level of a section body or of an item's body inside a section of ``kind``."""
    if kind in {SectionKind.THEMES, SectionKind.SYMBOLISM}:
        return SpoilerLevel.ENDING if discusses_ending(text) else SpoilerLevel.PLOT
    if kind is SectionKind.RECAP:
        return SpoilerLevel.PLOT
    return SpoilerLevel.ENDING


# Spoiler bars around any of a heading's words.
_HIDDEN = re.compile(r"\|\|[^|]+\|\|")


def section_heading_level(
    heading: str, names_section: bool, film: str | None = None
) -> SpoilerLevel:
    """A heading that only names its section ("The ending explained") is safe; one that goes on
    to a detail ("The twist: Teddy is Laeddis") is not."""
    if _HIDDEN.search(heading):
        return SpoilerLevel.ENDING
    if is_safe_question(heading, film):
        return SpoilerLevel.NONE
    detail = re.search(r":\s|\s[–—]\s", heading) or _SPOILER_WORDS.search(heading)
    return SpoilerLevel.NONE if names_section and not detail else SpoilerLevel.ENDING


# Questions that ask what a thing means ("What does the comet symbolise?", "What makes us
# human?"): a theme's own name, posed as a question, which states no event of the film. One
# that goes on to an event ("What does Hanna mean when he holds...") is not one of them.
_INTERPRETIVE_QUESTION = re.compile(
    r"^what (?:does|do|did) [^?]{1,40}\b(?:mean|symboli[sz]e|represent|stand for)\??$"
    r"|^what(?:'s| is| are) (?:the )?(?:film's |movie's )?(?:main |central )?(?:themes?|message)\b"
    r"|^what makes\b",
    re.I,
)


# "Why Mia Leaves Sebastian", "Why Dana Shoots Her Brother": a headline's question set without
# its question mark, which takes what it asks about as told. One about the film itself or the
# way it is made ("Why the ending earns trust", "Why it works") states no event of it.
_WHY_HEADLINE = re.compile(
    r"^why\s+(?!(?:it|this|its\s+\w+|the\s+(?:film|movie|story|ending|end|title|script|score"
    r"|structure|opening|pacing|ambiguity|director|cast|book|adaptation))\b)\S",
    re.I,
)


def _asks_about_a_detail(heading: str, film: str | None) -> bool:
    """A question that states what it asks about ("Why does Hanna shoot McCauley?", "Why Mia
    Leaves Sebastian")."""
    text = heading.strip()
    if _WHY_HEADLINE.match(text) and not ends_as_question(text):
        text += "?"
    return (
        ends_as_question(text)
        and not is_premise_question(text)
        and not is_safe_question(text, film)
        and not _INTERPRETIVE_QUESTION.search(text)
    )


def faq_answer_level(question: str, answer: str) -> SpoilerLevel:
    """An imported answer is never public: even a premise answer ("What is X about?") is the
    article's text, which only a person may make spoiler-free. It is at least ``plot``."""
    if is_premise_question(question) and not discusses_ending(answer):
        return SpoilerLevel.PLOT
    return SpoilerLevel.ENDING


def item_heading_level(kind: SectionKind, heading: str, film: str | None = None) -> SpoilerLevel:
    """Theme and symbol names are plot ("The lighthouse" names a detail of the film) unless they
    say what happens, and recap sub-headings are plot; any other heading is public only as a
    question that names no detail ("What happens at the end?"), which names the section. A
    question under a recap or a theme is read as an FAQ's is: "Why does Hanna shoot McCauley on
    the runway?" states what it asks about, so only a premise or a safe question stays plot."""
    if _HIDDEN.search(heading):
        # Its author (or a spoiler box around it) hid it: shown at a lower level, a menu or an
        # embed's heading would print the bars and what they hide as typed.
        return SpoilerLevel.ENDING
    if kind in {SectionKind.THEMES, SectionKind.SYMBOLISM, SectionKind.RECAP}:
        if _SPOILER_WORDS.search(heading) or _asks_about_a_detail(heading, film):
            return SpoilerLevel.ENDING
        return SpoilerLevel.PLOT
    return SpoilerLevel.NONE if is_safe_question(heading, film) else SpoilerLevel.ENDING
