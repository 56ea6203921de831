"""How English tells how a story turned out: claims of an outcome, in words of no film.

Chat often gives an ending away in words the film's explainer never uses: "the kid actually did
it", "the robot sacrifices himself", "she was lying the whole time", "they don't win". Those are
not the film's words but the language of endings in general: who did it, who was not what they
seemed, what became of someone. ``claims`` finds such claims in a message, each with its kind and
the words that make it:

- ``culprit``: who is to blame ("X did it", "X was behind it", "X is the killer", "X was
  guilty");
- ``hidden``: a truth kept until the end ("X was lying", "X was working for Y", "X set them up",
  "X betrays them", "X is his own father", "X was sleeping with Y", "X was a ghost", "X and Y
  are the same person");
- ``borrowed``: the film doing what another is known for ("X pulls a fight club");
- ``fate``: what became of someone ("X dies", "X sacrifices himself", "X never comes back", "X
  gets arrested", "X gets away with it", "they end up together", "they lose the final", "X
  survives", "X leaves him", "X burns it down", "X sells the farm").

A claim counts only when a clause states it of someone of the story: not of the writer or the
reader ("i died", "we lost it", "you will cry"), not of no one ("no one dies", "nobody gets
murdered", "minus the murders"), not as a figure of speech ("the cast is killing it", "died
laughing", "want it framed") nor the film's making ("it was shot in a real station"). The
vocabulary (``bot.features.spoiler.vocabulary``) weighs the rest: a question or a guess needs
more (``words.hedged``); a claim the film's plot already tells ("the brother died", where the
set-up says so) is set-up; and a claim counts when it says who (``Claim.of_someone_named``:
"the guy who did it", not "someone drowns") or the message says a word of the film's world too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SNEERED", "Claim", "claims"]

_NOT = (
    r"(?:does\s*n['’]?t|did\s*n['’]?t|do\s*n['’]?t|does\s+not|did\s+not|do\s+not|never"
    r"|wo\s*n['’]?t)"
)
_SNEERED = (
    r"(?:\b(?:the|his|her|their|its|our|being|was|is|were|are|got|gets)|['’]s)\s+"
    r"[\"“'‘](?:innocent|guilty|dead|deceased|kidnapped|accident|accidental"
    r"|suicide|loyal|faithful|grieving|devoted|honest|victim|framed)[\"”'’]"
    r"(?=\s+\w|\s*$|\s*[.,!?;:)])"
    r"(?!\s+(?:\w+\s+)?(?:scenes?|bits?|parts?|moments?|sequences?|subplots?|flashbacks?"
    r"|storylines?|lines?|shots?|montages?)\b)"
)
"""A state sneered at in quotation marks, of someone or something ("the "innocent" mechanic",
"the "accident"", "frankie being "framed""): the message says it was not so, a hidden truth
(``SNEERED``), whatever the plot said it was. Not quotes naming a stretch of the film ("the
"guilty" vote scene", "the "accident" flashback"), nor a word the plot labels people by
("missing")."""
SNEERED = re.compile(_SNEERED)
_KINDS: dict[str, re.Pattern[str]] = {
    "culprit": re.compile(
        r"\b(?:did|done|does)\s+(?:really\s+|actually\s+)?(?:do\s+)?(?:it|them|all\s+of\s+it)\b"
        r"|\b(?:was|is)\s+behind\s+(?:it|everything|all|the)\b"
        r"|\bthe\s+(?:one|guy|woman|man|person|girl|boy|kid)\s+who\s+did\b"
        # "pip's the rat", not "pip's rat": a bare "'s" before the noun is whose it is.
        r"|(?:\b(?:is|was|were|are|['’]re)\s+(?:the\s+|a\s+)?|['’]s\s+(?:the|a)\s+)"
        r"(?:real\s+|actual\s+|secret\s+)?"
        r"(?:killer|murderer|culprit|traitor|mole|rat|snitch|arsonist|thief|kidnapper"
        r"|accomplice)s?\b"
        r"|\b(?:was|is|were|are)\s+(?:\w+\s+)?(?:guilty|innocent)\b"
        r"|\b(?:was|is)\s+the\s+one\s+(?:who|that|behind)\b"
        r"|\b(?:did|does)\s+(?:really\s+|actually\s+)?(?:take|steal|kill|murder|start|set|throw"
        r"|fix|rig|poison|shoot|push|plan|frame|sabotage|betray|leak|burn|cheat)\b"
        r"|\b(?:started|starts|set|sets|lit|lights)\s+(?:the|that)\s+fires?\b"
        r"|\bset\s+fire\s+to\b"
        r"|\bthe\s+(?:real\s+)?(?:killer|murderer|culprit|traitor|mole|thief|kidnapper|arsonist)s?"
        r"\s+(?:was|is|were|are|turns?\s+out\s+to\s+be|turned\s+out\s+to\s+be)\s+"
        r"(?:actually\s+|really\s+|secretly\s+)?(?:his|her|their|right\s+there|the\s+(?!best|worst"
        r"|most|least|scariest|creepiest|coolest|funniest|only|same\s+actor)\w)"
    ),
    "hidden": re.compile(
        r"\b(?:was|were|been|is|are)\s+(?:\w+\s+)?(?:lying|faking|pretending|working\s+for"
        r"|working\s+with|in\s+on\s+it|helping\s+(?:himself|herself|themselves)"
        r"|sleeping\s+with|having\s+an\s+affair|cheating\s+on)\b"
        r"|\b(?:lied|lies)\s+(?:about|to)\b"
        r"|\bset\s+(?:them|him|her|everyone|everybody|the\s+\w+)(?:\s+all)?\s+up\b"
        r"(?!\s+with\b)"
        r"|\b(?:was|were|got|gets|been|being)\s+framed\b"
        r"|\bframe[sd]?\s+(?:him|her|them|his|their|the)\b"
        r"|\b(?:betrays|betrayed|double[- ]?cross(?:es|ed)?|confesses|confessed)\b"
        r"|\bsold\s+(?:them|him|her)\s+out\b|\bfaked\s+(?:his|her|their)\s+(?:own\s+)?death\b"
        r"|\b(?:is|was|are|were|['’]s)\s+(?:actually\s+|really\s+|secretly\s+)?(?:his|her|their)\s+"
        r"(?:own\s+)?(?:father|mother|dad|mum|mom|son|daughter|brother|sister|twin)\b"
        r"|\b(?:was|is|were|are)\s+(?:\w+\s+)?(?:a\s+ghost|dead|imaginary|a\s+dream|dreaming"
        r"|alive|the\s+same\s+(?:person|guy|woman|man))\b(?!\s+(?:funny|good|great|scary))"
        r"|\bnever\s+(?:existed|real)\b|\bwas\s+never\s+there\b"
        r"|\b(?:was|were)\s+(?:right|wrong)\s+(?:all\s+along|the\s+whole\s+time|after\s+all)\b"
        r"|" + _SNEERED
    ),
    # "X pulls a fight club", "pulled an iron giant": the film does what another is known for,
    # its ending; not an object pulled ("pulls a gun", "pulls a muscle").
    "borrowed": re.compile(
        r"\bpull(?:s|ed|ing)?\s+(?:an?|the\s+old)\s+(?!(?:gun|knife|blade|weapon|pistol|rifle"
        r"|face|muscle|trick|prank|lever|switch|card|rabbit|sword|tooth|thread|string|rope|plug"
        r"|shift|double|sickie|all[- ]?nighter|hamstring|fire\s+alarm)\b)\w"
    ),
    "fate": re.compile(
        r"\b(?:dies|died|killed|kills|murders|murdered|drowns|drowned|perishes)\b"
        r"|\bsacrific(?:es|ed|ing)\s+(?:himself|herself|themselves|his|her|their)\b"
        r"|\bgives?\s+(?:up\s+)?(?:his|her|their)\s+life\b|\bkills?\s+(?:himself|herself)\b"
        rf"|\b{_NOT}\s+(?:make\s+it|survive|come\s+back|return|wake\s+up|get\s+back\s+up)\b"
        r"|\b(?:gets|got)\s+(?:arrested|caught|away\s+with)\b|\bgoes\s+to\s+(?:prison|jail)\b"
        r"|\b(?:walks?|goes|went)\s+free\b|\bturns?\s+(?:himself|herself)\s+in\b"
        r"|\b(?:end|ends|ended)\s+up\s+(?:together|dead|alone|married|in\s+(?:prison|jail))\b"
        rf"|\b{_NOT}\s+(?:end\s+up\s+together|win|get\s+together)\b"
        r"|\b(?:marries|gets\s+married|get\s+married|got\s+married)\b"
        r"|\b(?:lose|loses|lost|win|wins|won)\s+(?:the\s+)?(?:final|match|cup|game|trial|case"
        r"|title|race|war|fight)\b"
        r"|\b(?:they|he|she)\s+(?:lose|loses|lost|win|wins|won)"
        r"(?=\s*$|\s+(?:on|in|at|after|anyway|everything|it\s+all)\b)"
        r"|\b(?:breaks?|broke|split)\s+up\b"
        r"|\b(?:lose|loses|losing|lost)\s+each\s+other\b|\bnever\s+see\s+each\s+other\s+again\b"
        r"|\b(?:go|goes|went|going)\s+their\s+separate\s+ways\b"
        r"|\b(?:survives|survived|escapes|escaped|reunites?|reunited)\b"
        r"|\b(?:gets|got|get)\s+back\s+together\b"
        r"|\b(?:leaves|left|dumps|dumped|chooses|chose)\s+(?:him|her|them)\b"
        r"|\b(?:is|was|were|gets|got|get)\s+(?:sent\s+to\s+(?:prison|jail)|locked\s+up"
        r"|sentenced|convicted|acquitted|executed|stabbed|poisoned|buried|found\s+guilty)\b"
        r"|\b(?:gets|got|get)\s+shot\b|\bshot\s+dead\b"
        r"|\b(?:burns|burned|burnt)\s+(?:it\s+)?down\b|\b(?:blows|blew)\s+(?:it\s+)?up\b"
        r"|\b(?:sells|sold)\s+(?:it|the\s+\w+)\b|\b(?:closes|shuts)\s+down\b"
        r"|\bloses?\s+everything\b|\blost\s+everything\b"
    ),
}
_NO_ONE = re.compile(
    r"\b(?:no\s*-?\s*one|nobody|noone|none|nothing|minus|without|the\s+(?:murders|kills))\b"
)
"""A clause of no one ("no one dies", "nobody gets murdered") or of an outcome as a count
("minus the murders"): nothing happened to someone."""
_OWN = re.compile(
    r"\b(?:i|i['’]?m|im|i['’]?ve|ive|i['’]?d|we|me|us|my|our|you|ur|u)\b"
    r"|\b(?:the\s+)?whole\s+(?:cinema|theatre|theater|room|audience)\b"
)
"""A clause of the writer's, the reader's or the audience's own ("i died", "we lost it", "you
will cry", "the whole cinema lost it")."""
_FIGURES = re.compile(
    r"\b(?:killing\s+it|killed\s+it|killed\s+me|kills\s+me|died\s+laughing|dies\s+laughing"
    r"|killer\s+(?:soundtrack|score|performance|cast|ending|twist|scene|line|opening|lines)"
    r"|(?:did|does)\s+it\s+(?:again|justice|well|better|right|for\s+me)"
    r"|(?:want|get|got|have|had)\s+it\s+framed"
    r"|did\s+it\s+(?:all\s+)?(?:by\s+)?(?:himself|herself|themselves|alone|solo))\b"
)
"""Figures of speech that say an outcome's word of no outcome ("the cast is killing it")."""
_CLAUSE = re.compile(
    r"[.!?;:\n,()]+|\s(?:and|but|because|cause|cuz|bc|so|while|when|although|though)\s|\s[-–—]+\s"
)
_INDEFINITE = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|everyone|everybody|people|one\s+of\s+them"
    r"|a\s+(?:character|person|guy|man|woman|girl|boy|kid|dog|cat))\b"
)
"""Someone the message does not say who ("someone drowns"): true of many films."""
_MAKING = re.compile(
    r"\b(?:filming|shooting|production|on\s+set|behind\s+the\s+scenes|the\s+(?:cast|crew|shoot"
    r"|director|studio|budget|box\s+office))\b"
)
"""A clause about the film's making ("the lighthouse survived a storm during filming")."""
_ASKED = re.compile(
    r"(?:^|\b(?:for|about|of|on|to|know|knows|knew|tell|tells|told|ask|asks|asked|guess|guessed"
    r"|see|saw|reveal|reveals|revealed|out|show|shows|showed|learn|learns|learned|wonder"
    r"|wondering|explain|explains|explained|idea|clue|and|or|but|wait|ok|so|also|like))"
    r"\s+(?:who|whoever|what)\s+$"
)
"""What comes before a culprit's words that asks who did it instead of telling: "who" as a
question ("wait, who was behind everything", "spoiler tags for who is behind it", "the last act
reveals who did it"), not a relative one ("the nephew who did it")."""
_OPENER = re.compile(r"^\s*(?:(?:also|so|wait|ok|okay|and|but|then|like)\s+)?$")
"""Nothing but an opener before an auxiliary: "does it have a post credits scene" asks in a
question's order; "the kid did it" has its subject first."""
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)
"""A line quoting another member (Discord's "> ..."): that member's words, not the writer's."""


@dataclass(frozen=True)
class Claim:
    """An outcome a message claims: its kind and the words that say it."""

    kind: str
    words: str
    clause: str

    @property
    def of_someone_named(self) -> bool:
        """Whether the claim says who: a definite someone ("the guy", "she", "they"), not an
        indefinite one ("someone drowns", "a character dies"), said of any film."""
        return not _INDEFINITE.search(self.clause)


def claims(text: str) -> list[Claim]:
    """The outcomes ``text`` claims of someone of the story, at most one of each kind, in the
    order culprit, hidden, borrowed, fate."""
    lowered = _FIGURES.sub(" ", _QUOTED_LINE.sub(" ", text.lower()))
    clauses = [clause for clause in _CLAUSE.split(lowered) if clause and clause.strip()]
    clauses = clauses[_writers_own(clauses) :]
    found = []
    for kind, pattern in _KINDS.items():
        for clause in clauses:
            said = pattern.search(clause)
            if said and kind == "culprit" and _asks(clause, said):
                continue
            if said and not any(other.search(clause) for other in (_OWN, _NO_ONE, _MAKING)):
                found.append(Claim(kind, said.group(), clause.strip()))
                break
    return found


_DONE = re.compile(
    r"^\s*(?:(?:just|then|also|and|so|finally)\s+)*(?P<verb>(?:[a-z]{2,}(?<!e)ed|went|got)\b)"
)
"""A clause opening with what someone did, no subject said ("tried the tunnel trick", "then got
caught"): chat drops the "i" of the writer's own doings."""


def _writers_own(clauses: list[str]) -> int:
    """How many clauses open ``clauses`` as the writer's own doings, the "i" dropped ("tried the
    laundry tunnel trick at work, got caught by the cleaner"): a first clause telling what was
    done with no subject and no outcome, then each clause going on with no subject whose
    outcome, if any, is its own verb ("got caught"): the writer's, not the story's. A first
    clause claiming one ("killed his own boss, got away with it") is the story told without a
    name; a clause going on to a subject of its own ("turned out nico was the rat") is the
    story."""
    done = _DONE.match(clauses[0]) if clauses else None
    if done is None or any(pattern.search(clauses[0]) for pattern in _KINDS.values()):
        return 0
    count = 1
    for clause in clauses[1:]:
        done = _DONE.match(clause)
        if done is None or any(
            said.start() != done.start("verb")
            for pattern in _KINDS.values()
            for said in pattern.finditer(clause)
        ):
            break
        count += 1
    return count


def _asks(clause: str, said: re.Match[str]) -> bool:
    """Whether a culprit's words in ``clause`` ask who did it, or ask in a question's order
    ("does it ..."), instead of saying who did it (``_ASKED``)."""
    before = clause[: said.start()]
    if _ASKED.search(before):
        return True
    return said.group().split()[0] in ("does", "did", "do") and bool(_OPENER.match(before))
