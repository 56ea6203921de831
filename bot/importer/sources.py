"""The works an article says it draws on: "Drawing on …" lines and numbered source lists.

Quotations are tied to these sources afterwards, in ``citations``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from bot.importer.blocks import Block, BlockKind
from bot.spoiler_policy.markup import behind_bars

# A person's name: capitalised words and initials ("J.V. Hart", "Scott W. Smith", "Sean O'Connell").
# Initials keep their dots; a word's apostrophe is part of it unless it starts a possessive "'s".
# Capitals with accents open names too ("Élodie", "Ólafur").
# "S.Paulo" (as in "Folha de S.Paulo") is one word: an initial run on to a name.
# A capital of Latin Extended-A ("Říha", "Łukasz", "Šimon"), of Greek ("Λάνθιμος") or of Cyrillic
# ("Слабошпицький", "Звягинцев"), Serbian and Macedonian's own among them ("Јован", "Љубиша",
# "Ђорђе", "Џаја"), opens one too.
NAME_WORD = (
    r"[A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽΆΈ-ΊΌΎ-ΏΑ-ΡΣ-ΩА-ЯЀ-ЏҐ]"
    r"(?:\.(?:[A-Z]\.)*(?:[A-Z][a-z]+\b)?|(?:[\w-]|['’](?!s\b))+)"
)
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}"
# A publication: capitalised words, joined by small words ("Screenwriting from Iowa"); a French,
# Spanish or Italian title may end on a small word and a lower-case one ("Cahiers du cinéma").
OUTLET = (
    # "/Film" keeps its slash
    # (an Italian paper styles its article small: "la Repubblica", "il Fatto Quotidiano")
    rf"(?:[Tt]he\s+|(?:Les|Le|La|El|Il|Lo|Die|Der|Das|O|A|la|il)\s+)?/?{NAME_WORD}"
    # "the" joins only after a small word ("Notes on the Cinematograph"): in "told Slant
    # Magazine the Sampler is…" it opens the reported clause.
    # "de" joins a Romance-language title's words ("Folha de S.Paulo", "Diário de Notícias")
    rf"(?:\s+(?:(?:of|from|and|&|on|for|de)\s+(?:the\s+)?)?{NAME_WORD})*"
    r"(?:\s+(?:du|des|del|della|dei|do|da)\s+[\w-]{3,}(?<!que)(?<!che))?"
    # "Página/12", a paper's name with its number after a slash
    r"(?:/\d{1,3}\b)?"
)

# "Drawing on A's X and B's Y." Only a list that starts with a work counts, so prose such as
# "Drawing on his own childhood, Nolan…" stays prose.
_DRAWING = re.compile(
    r"^(?:drawing on|drawn from|reporting drawn from)\s+(?P<list>.+)$", re.I | re.S
)
_REFERENCE_HEADING = re.compile(
    r"^(?:sources?|references|notes and sources|sources and notes|further reading|bibliography"
    r"|citations|works cited|footnotes"
    # a blog's plainer wording: "Where this comes from", "Where these quotes come from"
    r"|where (?:this|it|all this|these(?: quotes| notes)?|the quotes) comes? from"
    # … and a writer's own: "Where I got this", "Where we got these quotes"
    r"|where (?:i|we) got (?:this|it|all this|these(?: quotes| notes)?|the quotes)(?: from)?"
    # the same in French, Spanish, Italian, Portuguese, German and Dutch
    r"|r[ée]f[ée]rences|bibliographie|pour aller plus loin|fuentes|referencias|bibliograf[íi]a"
    r"|para saber m[áa]s|fonti|riferimenti|per approfondire|fontes|refer[êe]ncias|quellen"
    r"|quellenangaben|einzelnachweise|(?:weiterf[üu]hrende )?literatur|bronnen|bronvermelding"
    r"|literatuur"
    # Russian, Bosnian/Croatian/Serbian, Icelandic, Polish, Czech and Slovak, the Nordic
    # languages, Finnish, Turkish, Hungarian, Romanian, Indonesian
    r"|источники|список литературы|литература|izvori|извори|heimildir|heimildaskr[áa]"
    # Bulgarian and Ukrainian
    r"|източници|литература|джерела"
    r"|[źz]r[óo]d[łl]a|bibliografia|zdroje|pou[žz]it[áa] literatura|k[äa]llor|kilder"
    r"|l[äa]hteet|kaynaklar|kaynak[çc]a|forr[áa]sok|surse|bibliografie|sumber|referensi)\s*:?$",
    re.I,
)
# "Sources: A's commentary, and "Title" by B in C." — the label and its list in one paragraph.
_INLINE_SOURCES = re.compile(
    r"^\(?(?:sources?|references|(?:further |suggested )?reading|bibliography|works cited"
    r"|see also|cited"
    r"|where (?:i|we) got (?:this|it|all this|these(?: quotes| notes)?|the quotes)(?: from)?"
    # the same label in the other languages: "Izvori:", "Источники:", "Heimildir:", "Quellen:"
    r"|fuentes|fontes|fonti|quellen|bronnen|izvori|извори|источники|източници|джерела"
    r"|heimildir|[źz]r[óo]d[łl]a"
    r"|zdroje|k[äa]llor|kilder|l[äa]hteet|kaynaklar|forr[áa]sok|surse|sumber)\s*:\s+"
    r"(?P<list>.+?)\)?$"
    # … in Korean, Japanese and Chinese: "참고:", "출처:", "出典：", "参考文献：", "来源："
    r"|^(?:참고(?: ?자료)?|출처|出典|参考(?:文献|資料|资料)?|来源|來源|出处|出處)\s*[:：]\s*"
    r"(?P<east>.+?)$",
    re.I | re.S,
)
_NUMBERED_REFERENCE = re.compile(r"^\[\^?(?P<number>\d{1,3})\]:?\s+(?P<text>.+)$")
_TYPED_NUMBER = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_INTERVIEW = re.compile(r"\b(?:interview|conversation|chat|q&a|talk|podcast|sit-down)\b", re.I)
_URL = re.compile(r"https?://\S+")
_INTERVIEW_BY = re.compile(rf"\binterview(?:ed)? by (?P<author>{NAME})")
# What a person gave, and to whom: "interview with Fangoria", "review in Empire", and the same in
# French, Spanish, Italian, Portuguese and German ("entretien avec les Cahiers du cinéma",
# "entrevista en Fotogramas", "intervista a la Repubblica", "Interview mit der Zeit").
_PIECE_IN_OUTLET = re.compile(
    # ("in conversation with Rolling Stone", "in an interview with Vulture": the same piece)
    r"^(?i:in\s+)?(?i:(?:an?|une?|una?|ein(?:e|em)?)\s+)?"
    r"(?P<kind>(?i:interview(?:ed)?|review|essay|article|piece|column|profile|conversation"
    r"|entretien|critique|entrevista|cr[íi]tica|rese[ñn]a|intervista|recensione|gespr[äa]ch"
    r"|kritik|rezension"
    # Bosnian/Croatian/Serbian, Icelandic and Russian: "intervju za Oslobođenje", "viðtal við
    # Morgunblaðið", "интервью журналу «Искусство кино»"
    r"|intervju|razgovor|recenzija|kritika|esej|[čc]lanak|vi[ðd]tal|gagnr[ýy]ni|grein"
    r"|интервью|беседа|рецензия|статья|эссе|интервју|рецензија))"
    r"(?i:\s+accord[ée]e?)?"
    r"\s+(?i:with|for|in|to|avec|[àa]|au|aux|dans|pour|en|con|para|ao|com|mit|im|f[üu]r|per|su"
    r"|al|alla|nel|nella|za|u|sa|vi[ðd]|[íi]|журналу|газете|изданию|для|в|с|журналу|листу)"
    # (an article written small is the sentence's; "El País" keeps its own)
    r"\s+(?:(?:les|le|la|el|los|las|die|der|dem|das|il|lo)\s+|l['’]\s*)?[«„“\"]?"
    # (a name in quotation marks is the outlet's whole name, small words and all)
    r"(?P<outlet>{OUTLET}|[^«»„“”\"]{2,60}(?=[»“”\"]$))[»“”\"]?$".replace("{OUTLET}", OUTLET)
)
# Where in a periodical, not a part of the reference: "vol. 6 no. 1", "issue 12", "pp. 3-9".
_LOCATOR = re.compile(r"^(?:vol(?:ume)?\.?|no\.|nos?\.|issue|iss\.|pp?\.|#)\s*\d", re.I)


@dataclass
class SourceDraft:
    """A source before it has an id: who wrote it, where, and who it quotes."""

    author: str
    title: str
    outlet: str | None = None
    url: str | None = None
    # People interviewed or named in it: mentions of them near a quotation point here too.
    people: list[str] = field(default_factory=list)
    # The number a numbered source list gave it: footnotes use that number as-is.
    number: int | None = None
    # Found as "Nolan told Wired": the author is the person quoted, so naming them alone does
    # not point at this work.
    author_is_speaker: bool = False


@dataclass
class DeclaredSources:
    blocks: list[Block]
    sources: list[SourceDraft]
    # A note under "Footnotes" that cites no work ("Watch his hands at the trial."): an aside,
    # neither a source nor text of whatever section the list closes; shown to the reviewer.
    asides: list[str] = field(default_factory=list)


def surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def strip_the(outlet: str) -> str:
    return re.sub(r"^the\s+", "", outlet, flags=re.I)


def same_source(a: SourceDraft, b: SourceDraft) -> bool:
    return (
        surname(a.author).lower() == surname(b.author).lower()
        and strip_the(a.outlet or "").lower() == strip_the(b.outlet or "").lower()
    )


def extract_declared_sources(blocks: list[Block], film_people: Iterable[str]) -> DeclaredSources:
    """Take source lines out of the body and parse them; a sentence after a "Drawing on" list
    stays in the body."""
    people = set(film_people) | _interviewees(blocks)
    kept: list[Block] = []
    sources: list[SourceDraft] = []
    in_reference_list = in_endnotes = False
    asides: list[str] = []
    # A "Further reading" heading over prose that is no list ("Carax spoke about the cars to Film
    # Comment…"): the prose stays text, under its own heading, not run on into the section above.
    reference_heading: Block | None = None
    in_printed_links = False
    printed_links: set[str] = set()
    for block in _split_definitions(blocks):
        if block.is_heading:
            in_printed_links = bool(_PRINTED_LINKS_HEADING.match(block.text))
            if in_printed_links:
                continue
        if in_printed_links:
            entry = _NUMBERED_REFERENCE.match(block.text)
            if entry or block.number is not None:
                printed_links.add(entry["number"] if entry else str(block.number))
            continue
        if block.is_heading:
            in_reference_list = bool(_REFERENCE_HEADING.match(block.text))
            in_endnotes = bool(_ENDNOTES_HEADING.match(block.text))
            reference_heading = block if in_reference_list else None
            if in_reference_list:
                continue
        kept_before = len(kept)
        numbered = _NUMBERED_REFERENCE.match(block.text)
        drawing = _DRAWING.match(block.text) if block.kind is not BlockKind.HEADING else None
        inline = _INLINE_SOURCES.match(block.text) if block.kind is not BlockKind.HEADING else None
        if inline and inline["east"]:
            for entry in re.split(r"\s*[;；/]\s*", inline["east"]):
                _add(sources, _east_asian_reference(entry, None, None))
        elif inline and _SOURCE_START.match(inline["list"]):
            _take_listed(inline["list"], block, people, sources, kept)
        elif inline and (entries := _citation_entries(inline["list"])):
            for entry in entries:
                _add(sources, _citation(entry, people))
        elif (numbered or in_reference_list) and (said := _ATTRIBUTION_SENTENCE.search(block.text)):
            # "2. Proyas told Cinefantastique that the Strangers…": a sentence that reports
            # what someone said, set in the list: read as prose, whose attribution names the work.
            text = numbered["text"] if numbered else block.text
            # A reference typed before it in the same paragraph ("Geoff Dyer, Zona, Canongate,
            # 2012. Tarkovsky told…") is one more entry of the list.
            cut = text.rfind(". ", 0, max(said.start() - (len(block.text) - len(text)), 0))
            before = Block(BlockKind.PARAGRAPH, text[: cut + 1]) if cut > 0 else None
            if in_reference_list and before is not None and _looks_like_reference(before):
                _add(sources, parse_reference(before.text, (), None, people))
                text = text[cut + 2 :]
            kept.append(block.with_text(text))
        elif (numbered or in_reference_list or in_endnotes) and _points_to_a_listed_work(
            numbered["text"] if numbered else block.text
        ):
            # "On the wardrobe scene see Chion (1995), p. 88.": a note that sends the reader to
            # a work the bibliography lists by author and year, not a work of its own. It is
            # kept as a note is, in bars.
            kept.append(block.with_text(behind_bars(numbered["text"] if numbered else block.text)))
        elif (
            in_reference_list
            and not numbered
            and block.number is None
            and block.kind is BlockKind.PARAGRAPH
            and (pieces := _recommended_pieces(block.text))
        ):
            # "Rui Nogueira's book of interviews … has Melville on the gloves. Ginette
            # Vincendeau's essay in the Criterion booklet is very good": a reading list written
            # as prose. Each work it names is a source; the prose stays, as the article's words.
            for piece in pieces:
                _add(sources, piece)
            kept.append(block)
        elif in_endnotes and block.number is not None and _looks_like_reference(block):
            _add(sources, parse_reference(block.text, block.links, block.number, people))
        elif in_reference_list and block.kind is BlockKind.LIST_ITEM and _is_aside(block):
            asides.append(block.text)
        elif (numbered or (in_reference_list and block.kind is BlockKind.LIST_ITEM)) and (
            _reads_as_a_note(numbered["text"] if numbered else block.text, block.links)
            # "[1] In the graphic novel nobody escapes at all.": a short remark, no work's parts
            or (numbered is not None and _is_aside(block.with_text(numbered["text"])))
        ):
            # "[^1]: In the final scene she…": a note that goes on with the article, not a
            # reference, which "author, title" would make a source of nonsense. It is kept as
            # text, in bars: a note says anything, and away from the sentence it annotates it is
            # filed wherever the notes are, so it stays at the ending level a source's words
            # had, whatever the level of the section it lands in.
            kept.append(block.with_text(behind_bars(numbered["text"] if numbered else block.text)))
        elif (
            in_reference_list
            and not numbered
            and block.kind is BlockKind.PARAGRAPH
            and (stopped := _stopped_entries(block.text))
        ):
            for entry in stopped:
                _add(sources, parse_reference(entry, (), None, people))
        elif numbered or (in_reference_list and _looks_like_reference(block)):
            # "1. Janet Maslin, …" typed as a line of a paragraph, not as a list's item
            typed = None if numbered else _TYPED_NUMBER.match(block.text)
            numbered = numbered or typed
            number = int(numbered["number"]) if numbered else block.number
            text = numbered["text"] if numbered else block.text
            _add(sources, parse_reference(text, block.links, number, people))
        elif drawing and _SOURCE_START.match(drawing["list"]):
            _take_listed(drawing["list"], block, people, sources, kept)
        elif not block.is_heading and (cited := _parenthetical_citations(block.text)):
            for entry in cited:
                _add(sources, parse_reference(entry, (), None, people))
            rest = _PARENTHETICAL.sub(
                lambda m: "" if m["entry"] in cited else m.group(), block.text
            )
            if rest.strip():
                kept.append(block.with_text(re.sub(r"[ \t]{2,}", " ", rest).strip()))
        else:
            kept.append(block)
        if reference_heading is not None and len(kept) > kept_before:
            kept.insert(kept_before, reference_heading)
            reference_heading = None
    if printed_links:
        # The markers where the page's links were ("sea wall.[1]") number the links, not works.
        numbers = "|".join(sorted(printed_links))
        marker = re.compile(rf"(?<=\S)\[\^?(?:{numbers})\]")
        kept = [block.with_text(marker.sub("", block.text)) for block in kept]
    return DeclaredSources(kept, sources, asides)


# A reference typed in brackets after what it supports, as notes and term papers do: "(Danny
# Boyle, interview with Mark Kermode, Sight & Sound, April 2007.)". Only a bracket that opens
# with a name, has a reference's parts and says it is an interview or a commentary counts.
_PARENTHETICAL = re.compile(r"\s?\((?P<entry>(?-i:[A-Z])[^()]{10,250}?)\.?\)")
_CITED_TALK = re.compile(r"\b(?:interview(?:ed)?|in conversation|commentary)\b", re.I)


def _parenthetical_citations(text: str) -> list[str]:
    return [
        match["entry"]
        for match in _PARENTHETICAL.finditer(text)
        if match["entry"].count(",") >= 2
        and _CITED_TALK.search(match["entry"])
        and _CITATION_ENTRY.match(match["entry"])
    ]


def _take_listed(
    listing: str,
    block: Block,
    people: set[str],
    sources: list[SourceDraft],
    kept: list[Block],
) -> None:
    """Sources listed in a line ("Sources: …", a drawing's credits): each is a source, and
    what follows the list stays text of the article."""
    phrases, rest = split_source_list(listing)
    for phrase in phrases:
        _add(sources, parse_source_phrase(phrase, people))
    if rest:
        kept.append(block.with_text(rest[0].upper() + rest[1:]))


# "Goddard told Empire that…", "Niccol said in an interview with Sight and Sound that…": an
# entry that is a sentence reporting speech, not a reference's parts.
_ATTRIBUTION_SENTENCE = re.compile(
    r"\b(?-i:[A-Z][\w'’-]+)(?: \([^()]{1,60}\))? (?:told|said (?:to|in)|wrote in|explained to"
    r"|admitted to)"
    r" (?-i:[A-Z]|the |an? )[^.]{0,80}\bthat\b",
    re.I,
)


# A print view's list of the addresses the page linked to, numbered where the links were
# (PrintFriendly's "Links in this article", WP-Print's "URLs in this post"): the page's links,
# often to the site's other posts, not works it cites. The heading and its entries go.
_PRINTED_LINKS_HEADING = re.compile(
    r"^(?:(?:the )?(?:links|urls|addresses|web addresses) (?:in|from|used in|cited in|mentioned"
    r" in) (?:this|the) (?:article|post|page|story|entry)|printed links|article links)\s*:?$",
    re.I,
)


# A note's pointer to a work listed by author and year: "see Chion (1995), p. 88", "cf. Rodley
# 1997, p. 139".
_POINTER = re.compile(
    rf"\b(?i:see|cf\.)\s+(?:also\s+)?{NAME_WORD}(?:\s+(?:and|&)\s+{NAME_WORD})?,?\s+"
    r"\(?(?:18|19|20)\d\d[a-z]?\)?(?:,?\s*pp?\.\s*\d+(?:\s*[-–]\s*\d+)?)?\)?\.?$"
)


def _points_to_a_listed_work(text: str) -> bool:
    return _POINTER.search(text) is not None and not _QUOTED_TITLE.search(text)


# A term paper's "Notes" or "Endnotes": its numbered entries are references; a blog's "Notes"
# heads anything, so only numbered entries shaped like references count.
_ENDNOTES_HEADING = re.compile(r"^(?:end)?notes\s*:?$", re.I)
_CITATION_ENTRY = re.compile(rf"^(?:{NAME}|[“\"])")
# A full stop that ends one work of a listing, the next opening on its author's name and a
# comma (not an initial's: "J. K. Rowling, …").
_ENTRY_AFTER_STOP = re.compile(
    rf"(?<!\b[A-Z])\.\s+(?=(?:{NAME}),\s)"
    # (or after a year written with its abbreviation, as Bulgarian and Russian date it:
    # "…, октомври 2021 г. Аня Тейлър-Джой в интервю за Empire")
    rf"|(?<=\d{{4}} г)\.\s+(?=(?:{NAME})\s)"
    # (or a year alone before a name the next work's verb follows, as Serbian dates it: "…, мај
    # 1995. Горан Бреговић у интервјуу за НИН")
    rf"|(?<=\d{{4}})\.\s+(?=(?:{NAME})\s+(?:за|у интервјуу|у разговору|za|u intervjuu"
    r"|u razgovoru)\s)"
)
# A person and the publication they spoke to, in Bulgarian: "Едгар Райт пред Variety" ("before",
# told), "Аня Тейлър-Джой в интервю за Empire" ("in an interview for").
# The same in Serbian, Bosnian and Croatian: "Емир Кустурица за Политику" ("for"), "Горан
# Бреговић у интервјуу за НИН", "Danis Tanović u razgovoru za Oslobođenje".
_SPOKE_TO = re.compile(
    rf"^(?P<author>{NAME})\s+(?:(?:каза|сподели|обясни|призна|заяви|разказа)\s+)?"
    rf"(?:пред|в интервю (?:за|пред|на)|(?:у (?:интервјуу|разговору) )?за"
    rf"|(?:u (?:intervjuu|razgovoru) )?za)\s+[«„“\"]?(?P<outlet>{OUTLET})[»“”\"]?"
    r"(?:\s*,.*)?$"
)


def _citation_entries(listing: str) -> list[str]:
    """A source line whose works are set apart by semicolons ("Sources: Taylor Sheridan,
    interview with Vulture (2015); Roger Deakins, "Shooting Sicario", American
    Cinematographer"): commas belong to each work, so only the semicolons split."""
    if ";" not in listing:
        stopped = _stopped_entries(listing)
        if stopped:
            return stopped
        # one work alone: "Reading: Mike Nichols, interview with Gavin Smith, Film Comment, 1999"
        one = listing.strip(" .")
        alone = one.count(",") >= 2 and (_CITED_TALK.search(one) or _QUOTED_TITLE.search(one))
        return [one] if alone and _CITATION_ENTRY.match(one) else []
    entries = [entry.strip(" .") for entry in listing.split(";") if entry.strip(" .")]
    return entries if all(_credits_a_work(entry) for entry in entries) else []


def _credits_a_work(entry: str) -> bool:
    # "Roger Deakins, "Shooting Sicario", …" names who and what; "Empire, 2008" only where,
    # which the article's attributions say better (left to them, as before).
    parts = [p for p in entry.split(",") if p.strip() and not _DATE_LIKE.match(p.strip())]
    if _SPOKE_TO.match(entry):
        return True
    return _CITATION_ENTRY.match(entry) is not None and len(parts) >= 2


def _stopped_entries(listing: str) -> list[str]:
    """Works set apart by full stops, each opening on its author: "Anthony Shaffer, interview
    with Cinefantastique, 1977. Robin Hardy, commentary on the 2001 DVD." (none if one)."""
    entries = [e.strip(" .") for e in _ENTRY_AFTER_STOP.split(listing) if e.strip(" .")]
    return entries if len(entries) >= 2 and all(map(_credits_a_work, entries)) else []


def _citation(entry: str, people: set[str]) -> SourceDraft:
    # "Author, "Title", Outlet, date" reads as a reference; "Name's interview with Outlet" and
    # "Name, interview with Outlet (2015)" as a phrase naming the outlet.
    spoke = _SPOKE_TO.match(entry)
    if spoke:
        return SourceDraft(spoke["author"], "Interview", spoke["outlet"])
    if _QUOTED_TITLE.search(entry) or entry.count(",") >= 2 or _ASKED_BY.match(entry):
        return parse_reference(entry, (), None, people)
    talk = _NAME_THEN_INTERVIEW.match(entry)
    if talk:
        return SourceDraft(talk["author"], "interview", talk["outlet"])
    return parse_source_phrase(entry, people)


# "Herk Harvey interviewed by Tom Weaver", "Darius Marder in conversation with Bilge Ebiri": the
# person asked, then the one who asked and wrote it up.
_ASKED_BY = re.compile(
    rf"^(?P<subject>{NAME})\s+(?:interviewed by|in conversation with|talking to|speaking to)"
    rf"\s+(?P<author>{NAME})(?=,|$)"
)


_ASKED_BY_OUTLET = re.compile(
    rf"^(?P<subject>{NAME})\s+interviewed (?:by|for|in)\s+(?P<outlet>(?-i:[A-Z])[\w&'’.-]+)$"
)


_QUOTED_BY = re.compile(rf"^(?:as )?quoted by (?P<author>{NAME}) in (?P<outlet>{OUTLET})$")


_NAME_THEN_INTERVIEW = re.compile(
    rf"^(?P<author>{NAME}),\s+(?:an?\s+)?interview\s+(?:with|in|for|to)\s+(?P<outlet>{OUTLET})"
    r"(?:\s*\(\d{4}\))?$"
)


# "Christopher McQuarrie interview, Empire (2015)", "Bryan Singer commentary track, MGM DVD":
# a person, what they gave, and where it ran, as a video description lists its sources.
_NAME_KIND_OUTLET = re.compile(
    rf"^(?P<author>{NAME})(?:['’]s)?\s+(?P<kind>(?i:interview|commentary(?: track)?|q&a|podcast))"
    rf",\s+(?P<outlet>{OUTLET})(?:\s*\(\d{{4}}\))?$"
)


# "Richie, Donald. 1998. The Films of…": an author-date bibliography's entry (Chicago, APA).
_AUTHOR_DATE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-ZÀ-ÖØ-Þ][\w'’-]+)?, "
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?: [A-ZÀ-ÖØ-Þ][\w'’.-]*){0,2}"
    r"\s+\(?(?:18|19|20)\d\d[a-z]?\)?\.\s"
)


_MIN_ASIDE_WORDS = 6


def _is_aside(block: Block) -> bool:
    """A footnote that names no work: a sentence with no link, date, quoted title, dash or
    comma-separated parts, only a remark ("Watch his hands at the trial: he never looks up.")."""
    text = block.text
    return (
        bool(re.search(r"[.!?]$", text))
        and len(text.split()) >= _MIN_ASIDE_WORDS
        and not (
            block.links
            or re.search(r"\s[-–—]\s", text)
            or _URL.search(text)
            or re.search(r"\b(?:18|19|20)\d\d\b", text)
            or _QUOTED_TITLE.search(text)
            or "," in text
            or _INTERVIEW.search(text)
        )
    )


def _looks_like_reference(block: Block) -> bool:
    """A list entry, or a paragraph shaped like "Author, "Title", Outlet"."""
    # A bio or a closing remark under "Sources" has commas too; a reference also has a quoted
    # title, a link or a date.
    dated = bool(
        block.links or _URL.search(block.text) or re.search(r"\b(?:18|19|20)\d\d\b", block.text)
    )
    # A paragraph reference opens on its author, its outlet, its title or its link; one that
    # opens in lower case is prose run on under the list ("the only survivor we hear from is
    # roger "verbal" kint, …": a transcript after a video's source lines).
    opening = not re.match(r"[a-z]", block.text) or bool(_URL.match(block.text))
    return (
        block.kind is BlockKind.LIST_ITEM
        or bool(_AUTHOR_DATE.match(block.text))
        or (
            opening
            and bool(_QUOTED_TITLE.search(block.text) or (block.text.count(",") >= 2 and dated))
        )
    )


# Words a reference uses in lower case: what the work is and how it was given.
_REFERENCE_WORDS = frozenset(
    {
        *("a", "an", "and", "the", "of", "in", "on", "for", "with", "by", "to", "at", "from"),
        *("interview", "interviewed", "conversation", "review", "essay", "commentary", "track"),
        *("podcast", "quoted", "ed", "eds", "trans", "dir", "vol", "no", "pp", "issue"),
        *("accessed", "retrieved", "via"),
    }
)
_NOTE_WORDS = 8


def _reads_as_a_note(text: str, links: tuple[str, ...]) -> bool:
    """A footnote that is a sentence of the article ("In the final scene Dana discovers…"), not
    the parts of a work: no quoted title, link or dated list of parts, and mostly words in lower
    case beyond those a reference uses ("interview with", "review in")."""
    if links or _QUOTED_TITLE.search(text) or _URL.search(text):
        return False
    if text.count(",") >= 2 and re.search(r"\b(?:18|19|20)\d\d\b", text):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    lower = [w for w in words if w[0].islower() and w.lower() not in _REFERENCE_WORDS]
    return len(lower) >= _NOTE_WORDS and len(lower) * 2 >= len(words)


def _split_definitions(blocks: list[Block]) -> list[Block]:
    """Markdown joins "[^1]: …" lines written without blank lines into one paragraph."""
    out: list[Block] = []
    for block in blocks:
        if block.is_heading or not _NUMBERED_REFERENCE.match(block.text):
            out.append(block)
            continue
        parts = re.split(r"\s+(?=\[\^?\d{1,3}\]:?\s)", block.text)
        out.extend(block.with_text(part) for part in parts)
    return out


def _add(sources: list[SourceDraft], draft: SourceDraft) -> None:
    for existing in sources:
        if same_source(existing, draft):
            existing.people.extend(p for p in draft.people if p not in existing.people)
            existing.number = existing.number or draft.number
            existing.url = existing.url or draft.url
            return
    sources.append(draft)


_ON_PATTERN = re.compile(rf"(?P<subject>{NAME}) on (?P<outlet>{OUTLET}) \((?P<author>{NAME})\)")


def _interviewees(blocks: list[Block]) -> set[str]:
    """People a source line presents as the subject: "Damien Chazelle on Screenwriting from Iowa
    (Scott W. Smith)". They tell an interviewer from the interviewed elsewhere."""
    return {
        match["subject"]
        for block in blocks
        if _DRAWING.match(block.text)
        for match in _ON_PATTERN.finditer(block.text)
    }


# --- "Drawing on A's X, B on Y (C), and D's Z." -------------------------------------------------

_SEPARATOR = re.compile(r"(\s*;\s*|\s*,\s*and\s+|\s*,\s*|\s+and\s+)")
_SOURCE_START = re.compile(
    rf"^(?:{NAME})(?:['’]s\s+\S|\s+(?:on|in|for|at)\s+(?:[Tt]he\s+)?[A-Z])"
    rf"|^[“\"][^”\"]{{1,150}}[”\"],? by {NAME}"
)


def split_source_list(text: str) -> tuple[list[str], str]:
    """Split a list of works on commas and "and" without splitting a work's own title
    ("… feature with Chazelle, Berger, and Stone"). Returns the works and any sentence after."""
    text = text.strip()
    # Commas inside brackets ("(Venice, 2016)") never separate works.
    protected = re.sub(r"\([^)]*\)", lambda m: m.group().replace(",", "\x00"), text)
    parts = _SEPARATOR.split(protected)
    works: list[str] = [parts[0]]
    rest = ""
    for index in range(1, len(parts) - 1, 2):
        separator, fragment = parts[index], parts[index + 1]
        if _SOURCE_START.match(fragment):
            works.append(fragment)
        elif "," in separator and not _NAME_LIST_ENTRY.fullmatch(fragment):
            remainder = "".join(parts[index + 1 :])
            if _is_sentence(remainder):
                # "Drawing on A and B, the film's symbols…": the list ended, the sentence goes on.
                rest = remainder
                break
            works[-1] += separator + fragment
        else:
            works[-1] += separator + fragment
    if not rest:
        works[-1] = works[-1].rstrip(".")  # the list's full stop is no part of the last title
    return [_restore(work) for work in works if work.strip()], _restore(rest)


# One entry of a list of names inside a title: "…with Chazelle, Berger, and Stone".
_NAME_LIST_ENTRY = re.compile(rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}")


def _is_sentence(text: str) -> bool:
    words = text.split()
    return len(words) >= 4 and any(word[0].islower() for word in words)


def _restore(text: str) -> str:
    return text.replace("\x00", ",").strip()


_POSSESSIVE = re.compile(rf"^(?P<owner>{NAME}|{OUTLET})['’]s\s+(?P<rest>.+)$")
_LEADING_OUTLET = re.compile(rf"^(?P<outlet>{OUTLET})\s+(?P<desc>[a-z(].*)$")
_BY = re.compile(rf"\bby (?P<author>{NAME})")
_AT = re.compile(
    rf"^(?P<author>{NAME}),? (?:in|for|at) (?P<outlet>{OUTLET})(?:,\s*(?P<title>.+))?$"
)


# A work named by its title first: '"The Usual Suspects at 25" by Mara Quinn in The Dissolve'.
_TITLE_BY = re.compile(
    rf"^[“\"](?P<title>[^”\"]{{1,150}})[”\"],? by (?P<author>{NAME})"
    rf"(?:,? (?:in|for|at|on) (?P<outlet>{OUTLET}))?"
)


def parse_source_phrase(phrase: str, people: set[str]) -> SourceDraft:
    """One work as an article names it: "Owen Gleiberman's Variety review (Venice)"."""
    phrase = phrase.strip()
    dashed = _DASHED_OUTLET.match(phrase)
    if dashed and len(dashed["outlet"].split()) <= _MAX_DASHED_OUTLET_WORDS:
        # "Emma Stone on playing Bella Baxter - The Guardian": a linked title, then where it ran
        work = parse_source_phrase(dashed["work"], people)
        if not work.outlet:
            return replace(work, outlet=dashed["outlet"].strip())
    titled = _TITLE_BY.match(phrase)
    if titled:
        return SourceDraft(titled["author"], titled["title"].strip(" ,."), titled["outlet"])
    on = _ON_PATTERN.fullmatch(phrase)
    if on:
        title = phrase[: phrase.rindex("(")].strip()
        return SourceDraft(on["author"], title, on["outlet"], people=[on["subject"]])
    possessive = _POSSESSIVE.match(phrase)
    if possessive:
        return _possessive_source(possessive["owner"], possessive["rest"], people)
    at = _AT.match(phrase)
    if at:
        return SourceDraft(at["author"], at["title"] or phrase, at["outlet"])
    first_name = re.match(NAME, phrase)
    return SourceDraft(first_name.group() if first_name else phrase[:100], phrase)


_DASHED_OUTLET = re.compile(rf"^(?P<work>.+?)\s+[-–—]\s+(?P<outlet>{OUTLET})\s*$")
_MAX_DASHED_OUTLET_WORDS = 5


# "essay in The Dissolve", "review for Empire": what a work is, then where it ran.
_GENRE_IN = re.compile(rf"^(?P<genre>[a-z][\w -]{{0,40}}?) (?:in|for|at) (?P<outlet>{OUTLET})$")


def _possessive_source(owner: str, rest: str, people: set[str]) -> SourceDraft:
    leading = _LEADING_OUTLET.match(rest)
    outlet, desc = (leading["outlet"], leading["desc"]) if leading else (None, rest)
    genre_in = _GENRE_IN.match(desc) if outlet is None else None
    if genre_in:
        return SourceDraft(owner, _capitalise(genre_in["genre"]), genre_in["outlet"])
    by = _BY.search(desc)
    if by:
        # "Variety's review by Owen Gleiberman": the owner is the publication.
        return SourceDraft(by["author"], _capitalise(desc[: by.start()].strip() or desc), owner)
    genre, _, named = desc.partition(" with ")
    named_people = [
        name.strip()
        for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", named)
        if re.fullmatch(NAME, name.strip())
    ]
    if (
        len(named_people) == 1
        and _INTERVIEW.search(genre)
        and _is_film_person(owner, people)
        and not _is_film_person(named_people[0], people)
    ):
        # "Damien Chazelle's Cinemablend interview with Sean O'Connell": the director was
        # interviewed; the journalist wrote it.
        title = f"{_capitalise(genre)} with {owner}"
        return SourceDraft(named_people[0], title, outlet, people=[owner])
    return SourceDraft(owner, _capitalise(desc), outlet, people=named_people)


def _is_film_person(name: str, people: set[str]) -> bool:
    return any(surname(name) == surname(person) for person in people)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- numbered source lists: "1. Sean O'Connell, "Title", Cinemablend, 2016." --------------------

_QUOTED_TITLE = re.compile(r"[“\"](?P<title>[^”\"]+)[”\"]")
_DATE_LIKE = re.compile(
    r"^(?:\(?\d{4}\)?|\d{1,2} \w+ \d{4}|\w+ \d{1,2},? \d{4}|\w+ \d{4}(?: г\.?)?|accessed .*"
    r"|retrieved .*"
    # "octubre de 2011", "12 de mayo de 2011": a Spanish or Portuguese date
    r"|(?:\d{1,2} de )?\w+ (?:de|del) \d{4})$",
    re.I,
)


# A wiki reference opens with links back to where it is cited: "↑", "^ a b".
_BACKLINK = re.compile(r"^\s*[↑^↩⬆]+(?:\s+[a-z](?=\s))*\s*")
# … or after it: Pressbooks' "↵", a theme's "⏎" or "↩︎" closing the note.
_TRAILING_BACKLINK = re.compile(r"\s*[↑↩↵⏎⬆]\ufe0e?\s*$")
# "Taubin, Amy (October 1999)": the date after the author of an author-date reference.
_TRAILING_DATE = re.compile(r"\s*\([^()]*\b(?:18|19|20)\d\d[a-z]?\)$")


def _natural_order(author: str) -> str:
    """ "Taubin, Amy" -> "Amy Taubin", "Žižek, Slavoj" -> "Slavoj Žižek": a reference list's
    surname-first order, for one author."""
    last, comma, first = author.partition(", ")
    names = [*last.split(), *first.split()]
    if (
        not comma
        or "," in first
        or len(last.split()) != 1
        or not 1 <= len(first.split()) <= 3
        or not all(word[0].isupper() and not any(c.isdigit() for c in word) for word in names)
    ):
        return author
    return f"{first} {last}"


# "Pendreigh, Brian (2001). Title. Publisher. pp. 88–90.", "Russo, Joe; Landsman, Larry (2001).
# …", "Clarke, Arthur C. Title. Signet, 1972.": a wiki's or a bibliography's book reference,
# authors surname first, then the title and the publisher as sentences of their own.
# As few given names as leave a title after them: "Clarke, Arthur C." keeps its initial.
_SURNAME_FIRST = (
    r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-ZÀ-ÖØ-Þ][\w'’-]+)?, [A-ZÀ-ÖØ-Þ][\w'’-]*\.?"
    r"(?: [A-ZÀ-ÖØ-Þ][\w'’-]*\.?){0,2}?"
)
_BOOK_REFERENCE = re.compile(
    rf"^(?P<authors>{_SURNAME_FIRST}(?:(?:; | and | & ){_SURNAME_FIRST})*)"
    # an editor's mark, in brackets or after a comma: "Rodley, Chris, ed. (1997)."
    r"(?:\s*\((?:eds?|dir|trans)\.?\)|,\s(?:eds?|trans)\.)?"
    r"(?:\s*\([^()]*\b(?:18|19|20)\d\d[a-z]?\))?\.?"
    # an author-date entry's year, bare after the names: "Richie, Donald. 1998. Title."
    r"(?:\s+(?:18|19|20)\d\d[a-z]?\.)?\s+"
    r"(?P<title>[^.]{2,150}?)\.\s+(?P<rest>.+)$"
)
_PAGES_OR_DATE = re.compile(
    r"^(?:pp?\.|vol\.|no\.|isbn|doi|retrieved|accessed|archived)|^\(?\d{4}\)?$"
    # an edition or a translator: "3rd ed", "Translated by Audie E. Bock", "Edited by …"
    r"|^(?:\d+(?:st|nd|rd|th) |rev(?:ised)?\.? |new )?ed(?:ition)?\b|^(?:translated|trans\.|edited)"
    r"\s+by\b",
    re.I,
)
# A publisher's city before it: "Berkeley: University of California Press".
_PUBLISHER_CITY = re.compile(r"^(?:[A-Z][\w'’.-]*\s?){1,3}:\s+(?=[A-Z])")


def _book_reference(text: str) -> SourceDraft | None:
    match = _BOOK_REFERENCE.match(text)
    if match is None:
        return None
    after = text[match.end("authors") :]
    if not (match["authors"].endswith(".") or after.startswith((" (", ".", ", ed.", ", eds."))):
        # "Michel Faber, Under the Skin, Canongate, 2000.": a name in its natural order and the
        # title after a comma; surname first, the names end in a full stop or a year.
        return None
    # "Chion, Michel." ends with the sentence's full stop; "Clarke, Arthur C." with an initial's.
    names = [re.sub(r"(?<=\w\w)\.$", "", a) for a in re.split(r"; | and | & ", match["authors"])]
    authors = [_natural_order(name) for name in names]
    # (an initial's full stop, "Alfred A. Knopf", ends no part)
    parts = [p.strip(" .") for p in re.split(r"(?<!\b[A-Z])\.\s+", match["rest"])]
    outlet = next((p for p in parts if p and not _PAGES_OR_DATE.match(p)), None)
    if outlet:
        outlet = re.sub(r",\s*(?:\w+ )?(?:\d{1,2},? )?(?:18|19|20)\d\d$", "", outlet) or None
    if outlet:
        outlet = _PUBLISHER_CITY.sub("", outlet) or outlet
    return SourceDraft(" and ".join(authors), match["title"].strip(), outlet)


_PARTS = re.compile(
    r",\s+|(?<![A-Z])(?<!\b[A-Za-z]\.[A-Z])(?<!\b[Vv]ol)(?<!\b[Nn]o)(?<!\bpp)(?<!\bed)(?<!\beds)"
    r"(?<!\btrans)\.\s+"
)


# Kanji, kana and hangul: a reference in Japanese, Chinese or Korean has none of a Western
# one's parts; its own are a name ("坂元裕二インタビュー"), the interviewer ("聞き手・…") and the
# publication, in 『』/《》 or as a part of its own, set apart by 、 or commas.
_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_EAST_ASIAN_PARTS = re.compile(r"\s*[、，,]\s*")
_EAST_ASIAN_TALK = re.compile(
    r"\s*(?:監督|감독|导演|導演)?\s*(?:インタビュー|への取材|談|인터뷰|采访|專訪|专访)$"
)
_EAST_ASIAN_ASKER = re.compile(r"^(?:聞き手|取材|インタビュアー|진행|采访者)")
_EAST_ASIAN_MARKED = re.compile(r"『([^』]+)』|《([^》]+)》|〈([^〉]+)〉")
_EAST_ASIAN_DATE = re.compile(r"^\d{4}\s?(?:年|년)|^\d{4}[./-]\d")


_EAST_ASIAN_DATED = re.compile(r"\s*[（(][^()（）]*[)）]")
_EAST_ASIAN_ROLE = re.compile(r"\s*(?:監督|감독|导演|導演)$")


def _east_asian_reference(text: str, url: str | None, number: int | None) -> SourceDraft:
    # "박찬욱 감독, 씨네21 인터뷰 (2000년 9월)": the date in brackets is no part; a part that
    # ends in "interview" names where it ran, and the name's "director" is no part of it.
    parts = [part for part in _EAST_ASIAN_PARTS.split(_EAST_ASIAN_DATED.sub("", text)) if part]
    name = parts[0] if parts else text
    talk = _EAST_ASIAN_TALK.search(name)
    author = name[: talk.start()].strip() if talk else name
    marked = _EAST_ASIAN_MARKED.search(text)
    rest = []
    for part in parts[1:]:
        if _EAST_ASIAN_ASKER.match(part) or _EAST_ASIAN_DATE.match(part):
            continue
        given = _EAST_ASIAN_TALK.search(part)
        if given and given.start() > 0:
            talk, part = talk or given, part[: given.start()].strip()
            author = _EAST_ASIAN_ROLE.sub("", author) or author
        rest.append(part)
    outlet = next(group for group in marked.groups() if group) if marked else None
    outlet = outlet or (rest[0] if rest else None)
    kind = "interview" if talk else text
    return SourceDraft(author, kind, outlet, url, [author] if talk else [], number)


def parse_reference(
    text: str, links: tuple[str, ...], number: int | None, people: set[str]
) -> SourceDraft:
    url = links[0] if links else None
    found = _URL.search(text)
    if found:
        url = url or found.group().rstrip(".,)")
        text = _URL.sub("", text)
    text = _TRAILING_BACKLINK.sub("", _BACKLINK.sub("", text)).strip(" .")
    if not text and url:
        return _link_only_reference(url, number)
    if not re.search(r"[A-Za-z]", text) and _EAST_ASIAN.search(text):
        return _east_asian_reference(text, url, number)
    quoted = _QUOTED_TITLE.search(text)
    said = None if quoted else _NAME_KIND_OUTLET.match(text)
    if said:
        return SourceDraft(
            said["author"], said["kind"].lower(), said["outlet"], url, [said["author"]], number
        )
    book = None if quoted else _book_reference(text)
    if book is not None:
        draft = book
    elif quoted:
        author = _natural_order(_TRAILING_DATE.sub("", text[: quoted.start()].strip(" ,.:")))
        # "Joel Anderson, interview with Fangoria, “Title”": the piece's kind and outlet come
        # before its title.
        # "Cesare Zavattini's treatment names the thief only as "the young man…"": a note's
        # sentence about a person's work, the quotation a phrase of it, not its title.
        owned = _POSSESSIVE_PIECE.match(author)
        if owned and len(author.split()) > len(owned.group().split()) + 1 and "," not in author:
            return SourceDraft(
                owned["author"], _capitalise(owned["genre"]), owned["outlet"], url, [], number
            )
        named, _, piece = author.rpartition(", ")
        given = _PIECE_IN_OUTLET.match(piece) if named else None
        if given:
            draft = _piece_in_outlet(named, given)
            draft.title = quoted["title"].strip(" ,.")
            draft.url, draft.number = url, number
            return draft
        # "Bong Joon-ho, interview by Tom Ashby": the interviewer wrote it.
        interviewer = _INTERVIEW_BY.search(author)
        if interviewer:
            author = interviewer["author"]
        title = quoted["title"].strip(" ,.")
        # A full stop ends a part, not an abbreviation's ("The A.V. Club", "U.S. News").
        # An essay in a collection: "…, "Bicycle Thief", in What Is Cinema? Vol. II (University
        # of California Press, 1971)": the book is the outlet, its publication facts no part.
        rest = re.sub(r"\s*\([^()]*\)", "", text[quoted.end() :])
        after = [re.sub(r"^(?:in|on)\s+", "", p.strip(" .")) for p in _PARTS.split(rest)]
        outlet = next((p for p in after if p and not _DATE_LIKE.match(p)), None)
        draft = SourceDraft(author or (outlet or title), title, outlet)
    else:
        # "(London: BFI Publishing, 2002)": a note's publication facts, not a part of its own
        bare = re.sub(r"\s*\([^()]*\)", "", text)
        parts = [
            p.strip()
            for p in bare.split(",")
            if p.strip() and not _DATE_LIKE.match(p.strip()) and not _LOCATOR.match(p.strip())
        ]
        interviewer = _INTERVIEW_BY.search(parts[1]) if len(parts) >= 2 else None
        asked = _ASKED_BY.match(parts[0]) if len(parts) >= 2 else None
        relayed = next((m for part in parts[1:] if (m := _QUOTED_BY.match(part))), None)
        by_outlet = _ASKED_BY_OUTLET.match(parts[0]) if parts else None
        spoke = _SPOKE_TO.match(text)
        if spoke:
            draft = SourceDraft(spoke["author"], "Interview", spoke["outlet"])
        elif by_outlet and not (len(parts) >= 2 and _ASKED_BY.match(parts[0])):
            # "Dan O'Bannon interviewed by Starlog, issue 156": asked by a magazine, named in
            # one word as no interviewer is; what he said is his, in it.
            draft = SourceDraft(by_outlet["subject"], "Interview", by_outlet["outlet"])
        elif relayed:
            # "Clint Mansell on the duet, …, quoted by Nick Chen in Dazed": Chen's piece is
            # the work cited; the person quoted is named in it.
            draft = SourceDraft(relayed["author"], parts[0], relayed["outlet"])
        elif asked:
            # "Herk Harvey interviewed by Tom Weaver, Fangoria": the interviewer wrote it, in
            # the outlet after the comma.
            draft = SourceDraft(
                asked["author"],
                f"Interview with {asked['subject']}",
                parts[1],
                people=[asked["subject"]],
            )
        elif parts and (piece := _POSSESSIVE_PIECE.fullmatch(parts[0])) and piece["outlet"]:
            # "Laugier's commentary on the Wild Side DVD, 2008": whose piece, and where
            draft = SourceDraft(piece["author"], _capitalise(piece["genre"]), piece["outlet"])
        elif len(parts) == 2 and (given := _PIECE_IN_OUTLET.match(parts[1])):
            # "Pascal Laugier, interview with Bloody Disgusting", "Kim Newman, review in Empire":
            # nothing after it names another outlet, so the piece ran in the one named
            draft = _piece_in_outlet(parts[0], given)
        elif len(parts) >= 2 and not _POSSESSIVE.match(parts[0]):
            outlet = re.sub(r"^(?:in|on)\s+", "", parts[2]) if len(parts) > 2 else None
            draft = SourceDraft(parts[0], parts[1], outlet)
            if interviewer and interviewer.start() == 0:
                # "Rian Johnson, interview by Kate Erbland, IndieWire": the interviewer wrote it.
                draft = SourceDraft(
                    interviewer["author"], f"Interview with {parts[0]}", outlet, people=[parts[0]]
                )
        else:
            draft = parse_source_phrase(text, people)
    draft.outlet = re.sub(r"\s*\(\d{4}\)$", "", draft.outlet) if draft.outlet else None
    draft.url = url
    draft.number = number
    return draft


# "Jonathan Romney's essay in Sight and Sound", "Rui Nogueira's book of interviews": a person's
# work, named as prose recommends it, and where it ran.
_POSSESSIVE_PIECE = re.compile(
    rf"(?P<author>{NAME})['’]s\s+(?:(?:new|short|long|recent|classic|fine|excellent|own"
    rf"|(?:18|19|20)\d\d)\s+)?"
    r"(?P<genre>video essay|essay|review|article|piece|book(?: of interviews)?|column|interview"
    r"|profile|podcast|commentary(?: track)?|study|monograph|biography"
    # a film's own papers: "Zavattini's treatment", "Schrader's shooting script"
    r"|treatment|(?:shooting )?script|screenplay|memoir|diaries|diary)\b"
    rf"(?:\s+(?:in|for|on|at)\s+(?P<outlet>{OUTLET}))?"
)


def _recommended_pieces(text: str) -> list[SourceDraft]:
    """The works a prose paragraph of a reading list names, when it is prose (sentences)."""
    if not re.search(r"[.!?]$", text.strip()):
        return []
    return [
        SourceDraft(
            re.sub(r"^(?:And|But|Also|Then|See|Try|Read|For|In)\s+", "", match["author"]),
            _capitalise(match["genre"]),
            match["outlet"],
        )
        for match in _POSSESSIVE_PIECE.finditer(text)
    ]


def _piece_in_outlet(author: str, given: re.Match[str]) -> SourceDraft:
    kind = re.sub(r"ed$", "", given["kind"].lower())  # "interviewed with" names an interview
    # An interview's words are the person's; a review's or an essay's its writer's.
    talk = kind.startswith(
        ("interview", "entretien", "entrevista", "intervista", "gespr", "conv", "intervju")
    ) or kind.startswith(("razgovor", "viðtal", "vidtal", "интервью", "беседа", "интервју"))
    return SourceDraft(author, _capitalise(kind), given["outlet"], people=[author] if talk else [])


def _link_only_reference(url: str, number: int | None) -> SourceDraft:
    """A note that is a bare link ("[1] https://variety.com/2015/film/news/egoyan-interview"):
    the site names the outlet and the address's last part the work, so the note is still a
    source with a name (an empty one is no source a reader could look up)."""
    parts = urlsplit(url)
    host = re.sub(r"^(?:www|m|amp)\.", "", parts.hostname or "")
    labels = host.split(".")
    site = labels[-2] if len(labels) >= 2 else (labels[0] or url)
    outlet = site.replace("-", " ").title()
    slug = next((p for p in reversed(parts.path.split("/")) if re.search(r"[A-Za-z]{3}", p)), "")
    slug = re.sub(r"\.\w{2,5}$", "", slug)
    title = _capitalise(re.sub(r"[-_]+", " ", slug).strip()) if slug else outlet
    return SourceDraft(outlet, title, outlet, url=url, number=number)
