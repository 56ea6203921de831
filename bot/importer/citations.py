"""Tie each quotation to the work it comes from, as ``[^id]`` markers pointing at SourceDocs.

Articles cite in two ways. Editorial sites put a number after the quotation (``…forever."1``)
whose meaning only the prose around it reveals ("To Scott W. Smith at Screenwriting from Iowa
he said: …"). News articles name the outlet in the sentence ("Nolan told Wired: …") and number
nothing. Both end up as markers; a number that matches no source is removed with a warning,
since a marker without a source would fail validation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from bot.content.schema import SourceDoc
from bot.importer.blocks import Block
from bot.importer.screens import fold, screen
from bot.importer.sources import (
    NAME,
    NAME_WORD,
    OUTLET,
    SourceDraft,
    same_source,
    strip_the,
    surname,
)

_MARKER = re.compile(r"\[\^(?P<number>\d+)\]")
# A footnote number glued to the end of a quotation: `forever."1`, `devotion"5 —`.
_AFTER_QUOTE = re.compile(r"(?<=\S)(?P<quote>[\"”’])(?P<number>\d{1,2})(?=[\s,.;:!?)\]—–]|$)")
# …or to a word, with or without punctuation: `the ending.2`. Only numbers already seen after a
# quotation or in a source list count, so "Apollo13" and "mp4" stay as they are.
_AFTER_WORD = re.compile(r"(?<=[a-z])(?P<punct>[.,;:!?]?)(?P<number>\d{1,2})(?=[\s,.;:!?]|$)")
# "…shoots himself.[1]": a bracketed number after a word, as reference lists number them.
_BRACKETED = re.compile(r"(?<=\S)\[(?P<number>\d{1,3})\](?![(:\[])")
_PAIRS = {"”": "“", '"': '"', "’": "‘"}
_CLOSING_PUNCT = ".,;:!?…"


@dataclass(frozen=True)
class Citations:
    blocks: list[Block]
    sources: list[SourceDoc]
    warnings: list[str]


def mark_footnotes(blocks: list[Block], declared: list[SourceDraft]) -> list[Block]:
    """Rewrite glued footnote numbers as ``[^N]`` markers (N is still the article's number)."""
    known = {draft.number for draft in declared if draft.number is not None}
    for block in blocks:
        known.update(int(m["number"]) for m in _AFTER_QUOTE.finditer(block.text))
        known.update(int(m["number"]) for m in _MARKER.finditer(block.text))

    def bracket_marker(match: re.Match[str]) -> str:
        number = int(match["number"])
        return f"[^{number}]" if number in known else match.group()

    def word_marker(match: re.Match[str]) -> str:
        number = int(match["number"])
        return f"{match['punct']}[^{number}]" if number in known else match.group()

    marked: list[Block] = []
    for block in blocks:
        if block.is_heading:
            marked.append(block)
            continue
        text = _AFTER_QUOTE.sub(lambda m: f"{m['quote']}[^{m['number']}]", block.text)
        text = _BRACKETED.sub(bracket_marker, text)
        marked.append(block.with_text(_AFTER_WORD.sub(word_marker, text)))
    return marked


def link_citations(
    blocks: list[Block], declared: list[SourceDraft], film_people: list[str], director: str | None
) -> Citations:
    drafts = list(declared)
    for found in find_attributions(blocks, film_people, director):
        match = next((d for d in drafts if _overlaps(d, found)), None)
        if match is None:
            drafts.append(found)
        elif _fuller_outlet(found, match):
            # "The Hollywood Reporter" in the prose beats "Hollywood Reporter" in a source line.
            match.outlet = found.outlet
    numbered = any(_MARKER.search(block.text) for block in blocks if not block.is_heading)
    if numbered:
        return _link_numbers(blocks, drafts)
    return _cite_attributed_quotes(blocks, drafts)


def _fuller_outlet(found: SourceDraft, existing: SourceDraft) -> bool:
    if not (found.outlet and existing.outlet) or len(found.outlet) <= len(existing.outlet):
        return False
    return strip_the(found.outlet).lower() == strip_the(existing.outlet).lower()


def _overlaps(existing: SourceDraft, found: SourceDraft) -> bool:
    if same_source(existing, found):
        return True
    if found.outlet and surname(found.outlet) == surname(existing.author):
        return True  # "Villeneuve told Jen Yamato": the journalist, not a publication
    if existing.outlet and found.outlet:
        return strip_the(existing.outlet).lower() == strip_the(found.outlet).lower()
    return surname(existing.author).lower() == surname(found.author).lower()


# --- numbered articles -------------------------------------------------------------------------


def _link_numbers(blocks: list[Block], drafts: list[SourceDraft]) -> Citations:
    votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for block in blocks:
        previous_end = 0
        for marker in _MARKER.finditer(block.text):
            window = block.text[previous_end : _quote_start(block.text, marker.start())]
            after = block.text[marker.end() : _sentence_end(block.text, marker.end())]
            number = int(marker["number"])
            votes[number]  # every number gets an entry, voted for or not
            scores = [_score(draft, window) for draft in drafts]
            if not any(scores):
                # `…rewritten a ton,"1 Chazelle said`: the attribution follows the quotation.
                scores = [_score(draft, after) for draft in drafts]
            for index, score in enumerate(scores):
                if score:
                    votes[number][index] += score
            previous_end = marker.end()
    mapping = _assign(votes, drafts)
    ids = _ids_for(mapping, drafts)
    warnings = [
        f"footnote {number} matches none of the sources named in the article: removed it; "
        "add the source and the marker by hand"
        for number in sorted(votes)
        if number not in mapping
    ]

    def rewrite(match: re.Match[str]) -> str:
        number = int(match["number"])
        return f"[^{ids[mapping[number]]}]" if number in mapping else ""

    linked = [block.with_text(_MARKER.sub(rewrite, block.text)) for block in blocks]
    return Citations(linked, _source_docs(drafts, ids), warnings)


def _assign(votes: dict[int, dict[int, int]], drafts: list[SourceDraft]) -> dict[int, int]:
    """Article number -> index of its source: the source list's own number first, then the
    source whose author or outlet the prose names around that number's quotations."""
    mapping: dict[int, int] = {}
    for number in votes:
        listed = next((i for i, d in enumerate(drafts) if d.number == number), None)
        if listed is not None:
            mapping[number] = listed
    used = set(mapping.values())
    # Strongest evidence first, so a clear attribution claims its source before a vague one.
    for number in sorted(votes, key=lambda n: -max(votes[n].values(), default=0)):
        if number in mapping or not votes[number]:
            continue
        best = max(votes[number], key=lambda i: (votes[number][i], i not in used))
        mapping[number] = best
        used.add(best)
    unvoted = [n for n in votes if n not in mapping]
    unused = [i for i in range(len(drafts)) if i not in used]
    if len(unvoted) == 1 and len(unused) == 1:
        # One number no sentence explains and one source nothing cites: they belong together.
        mapping[unvoted[0]] = unused[0]
    return mapping


def _ids_for(mapping: dict[int, int], drafts: list[SourceDraft]) -> dict[int, int]:
    """Source index -> SourceDoc id. The article's own numbers are kept when each names exactly
    one source, so the review file reads like the article; otherwise sources are renumbered."""
    ids: dict[int, int] = {}
    one_to_one = len(set(mapping.values())) == len(mapping)
    if one_to_one:
        ids = {index: number for number, index in mapping.items()}
    else:
        for number in sorted(mapping):
            ids.setdefault(mapping[number], len(ids) + 1)
    for index, draft in enumerate(drafts):
        # An uncited entry of a numbered source list keeps its number if nothing else has it.
        if index not in ids and draft.number and draft.number not in ids.values():
            ids[index] = draft.number
    for index in range(len(drafts)):
        if index not in ids:
            ids[index] = max(ids.values(), default=0) + 1
    return ids


def _quote_start(text: str, marker_start: int) -> int:
    """Where the quotation a marker follows opens; text inside it never counts as attribution."""
    end = marker_start - 1
    while end >= 0 and text[end] in _CLOSING_PUNCT:
        end -= 1
    if end < 0 or text[end] not in _PAIRS:
        return marker_start
    opening = text.rfind(_PAIRS[text[end]], 0, end)
    return opening if opening >= 0 else marker_start


def _sentence_end(text: str, start: int) -> int:
    found = re.search(r"[.!?](?=\s|$)", text[start:])
    return start + found.end() if found else len(text)


def _mentions(text: str, words: str) -> bool:
    return bool(words) and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _score(draft: SourceDraft, window: str) -> int:
    score = 3 * _mentions(window, surname(draft.author)) + _mentions(window, draft.author)
    if draft.outlet:
        score += 3 * _mentions(window, strip_the(draft.outlet))
    return score + sum(_mentions(window, surname(person)) for person in draft.people)


# --- news articles: "Nolan told Wired: '…'" ---------------------------------------------------

_QUOTATION = re.compile(r"“[^”]+”|\"[^\"]+\"|«[^»]+»|„[^“”]+[“”]")
_CONTINUES = re.compile(r"\b(?:added|continued|went on|he said|she said|they said)\b")
_MIN_QUOTE_WORDS = 4

# Czech and Slovak: "said", "stated", "revealed", "explained"; the kind of publication
_CZECH_SAID = (
    r"(?:řekl|řekla|uvedl|uvedla|prozradil|prozradila|vysvětlil|vysvětlila|povedal|povedala"
    r"|vysvetlil|vysvetlila)"
)
_CZECH_KIND = r"(?:deník|časopis|týdeník|server|list|denník|magazín)"
# "виданню Cineuropa", "журналу Variety": the kind of publication, then its name
_CYRILLIC_KIND = r"виданню|журналу|газеті|каналу|порталу|изданию|газете|порталу"
_HEBREW_WORD = r"[\u05d0-\u05ea][\u05d0-\u05ea\u05f3'-]+"

_ATTRIBUTIONS = [
    (genre, re.compile(pattern))
    for genre, pattern in (
        (
            "Interview",
            rf"(?:\b[Ss]peaking (?:to|with) |\b[Tt]alking (?:to|with) |^To |\. To )"
            rf"(?P<author>{NAME}) (?:at|of|for|from) (?P<outlet>{OUTLET})",
        ),
        ("Interview", rf"\b(?:[Ss]peaking|[Tt]alking) (?:to|with) (?P<outlet>{OUTLET})"),
        (
            "Interview",
            # "in an interview with", "in his 2004 interview with", "in their interviews for"
            rf"\b(?:[Ii]n|[Dd]uring) (?:(?:an?|his|her|their) (?:[\w-]+ )?interview"
            rf"|(?:(?:his|her|their) )?(?:[\w-]+ )?interviews)"
            rf" (?:with|for) (?P<outlet>{OUTLET})",
        ),
        (
            # "said in a Time magazine interview", "in a 2004 Empire interview": the outlet
            # before the word (not how it was held: "a Zoom interview")
            "Interview",
            rf"\b(?:[Ii]n|[Dd]uring) (?:an? |his |her |their )?(?:(?:18|19|20)\d\d )?"
            rf"(?!(?:Zoom|Skype|Q&A|AMA|Reddit|Twitter|Instagram|TikTok|YouTube|Facebook)\b)"
            rf"(?P<outlet>{OUTLET})(?: magazine| newspaper)? interview\b",
        ),
        (
            # "see Byrkit's interview with Filmmaker Magazine", "Kon's 1998 interview in
            # Midnight Eye": the person's own interview, named by its outlet
            "Interview",
            rf"(?P<speaker>{NAME})['’]s (?:(?:18|19|20)\d\d )?interview (?:with|in|for)"
            rf" (?P<outlet>{OUTLET})",
        ),
        (
            # "Scheinert has said on the Script Apart podcast that…"
            "Interview",
            rf"(?P<speaker>{NAME})(?: has| had)? (?:said|told|explained|revealed|admitted)"
            rf" (?:on|in) (?:the |an? |his |her |their )?(?:episode of (?:the )?)?"
            rf"(?P<outlet>{OUTLET}) podcast\b",
        ),
        (
            "Interview",
            # (an aside after the name: "Gevedon, who plays Mike, told…", "Gevedon (who plays
            # Mike) told…")
            rf"(?P<speaker>{NAME}|[Tt]he director|\b[Hh]e|\b[Ss]he)(?:, [^,]{{1,60}},"
            rf"| \([^()]{{1,60}}\))?"
            rf" (?:told|said to|explained to|admitted to|put it to"
            # "Winstead spoke to Empire about the suit scenes" (reported by its "about")
            rf"|(?:spoke|talked|has spoken|has talked) to"
            # "said as much to Total Film", "confirmed this to Empire"
            rf"|(?:said|admitted|confirmed|conceded|explained|suggested)"
            rf" (?:as much|so|this|that|the same(?: thing)?) to"
            rf"|described (?:it |this |that |the [\w-]+ )?to"
            # "Park discussed the ending with Sight and Sound", "went over it with Empire"
            rf"|discussed (?:it |this |that |the [\w-]+ )?with)"
            # "told Netflix's Tudum": the publication, not the company that owns it
            rf" (?:{NAME_WORD}['’]s )?(?P<outlet>{OUTLET})",
        ),
        (
            # a quotation's credit line: "— Robert Eggers to Empire", "– Triet, speaking to Libé"
            "Interview",
            rf"[—–―]\s*(?P<author>{NAME}),? (?:to|in|for|speaking to|talking to|in an interview"
            rf" with) (?P<outlet>{OUTLET})(?:,? (?:18|19|20)\d\d)?\W*$",
        ),
        (
            "Review",
            rf"(?P<author>{NAME}),? (?:reviewing[^,]{{0,40}}?|writing) (?:for|in)"
            rf" (?P<outlet>{OUTLET})",
        ),
        (
            "Review",
            rf"\b(?:[Ww]riting|[Rr]eviewing[^,]{{0,40}}?) (?:for|in) (?P<outlet>{OUTLET}),"
            rf" (?P<author>{NAME})",
        ),
        (
            # "critic Lorna Pryce wrote in The Evening Ledger", "as Owen Hartley put it in …"
            "Review",
            rf"(?P<author>{NAME}),? (?:wrote|writes|argued|argues|noted|notes|observed|put it"
            rf"|called it|declared|concluded)(?: [^.,\"“]{{0,30}}?)? (?:in|for|at)"
            rf" (?P<outlet>{OUTLET})",
        ),
        (
            # "film critic Jane Doe of The Guardian", "reviewer Ann Lee at Empire"
            "Review",
            rf"\b(?:critic|reviewer|columnist|writer|editor) (?P<author>{NAME}),? (?:of|at|for)"
            rf" (?P<outlet>{OUTLET})",
        ),
        ("Review", rf"(?P<outlet>{OUTLET}) (?:critic|reviewer|columnist) (?P<author>{NAME})"),
        (
            # "Critics at the BFI have called it '…'": a publication's critics as one voice
            "Review",
            rf"\b(?P<author>[Cc]ritics|[Rr]eviewers|[Ee]ditors) (?:at|of|for) (?P<outlet>{OUTLET})"
            rf" (?:have |has |had )?(?:called|described|dubbed|named|hailed)\b",
        ),
        # The same attributions in French, Spanish, Italian, Portuguese and German: "Interrogé
        # par Télérama, Haneke…", "En una entrevista con El País, Campanella…", "X escribió en
        # Fotogramas", "X a déclaré à Libération".
        (
            "Interview",
            r"\b(?:[Ii]nterrog[ée]e?s? par|[Ii]nterview[ée]e?s? par|[Ee]n (?:una )?entrevista "
            r"(?:con|a|para)|[Dd]ans (?:une interview|un entretien) (?:avec|à|accordée? à)"
            r"|[Ii]n un['’]intervista (?:con|a)|[Ii]n einem Interview mit(?: de[mnr])?"
            # "im Interview mit dem Tagesspiegel", "im Gespräch mit der Zeit"
            r"|[Ii](?:m|n einem) (?:Interview|Gespräch) mit(?: de[mnr])?"
            r"|[Ii]n een interview met(?: de)?"
            r"|[Ee]m entrevista "
            # "ao jornal O Globo", "a la revista Fotogramas": the kind of publication first
            r"(?:à|ao|com))(?: (?:(?:o|a|el|la|le|la|il) )?(?:jornal|revista|diário|diario"
            rf"|peri[óo]dico|magazine|journal|quotidien|giornale|rivista|zeitung|magazin))?"
            rf" (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # "Amenábar le dijo a El País": an indirect-object pronoun before the verb
            rf"(?P<speaker>{NAME}) (?:(?:le|les|lhe|lhes) )?(?:a (?:déclaré|confié|expliqué"
            r"|raconté|dit)|declaró|explicó"
            r"|dijo|contó|confesó|ha (?:detto|dichiarato|spiegato)|sagte|erklärte|disse|declarou"
            rf"|explicou) (?:à|aux|au|a|al|alla|dem|der|ao) (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Chinese: "刁亦男在接受《南方人物周刊》采访时说": the name opens its sentence or clause
            # (after a role: "导演"), the publication in 《》 brackets, then the interview.
            r"(?:^|(?<=[。！？；，,\s]))(?:导演|導演|编剧|編劇|演员|演員)?"
            r"(?P<speaker>[\u4e00-\u9fff·]{2,4}?)在?接受《(?P<outlet>[^《》\n]{1,30})》"
            r"(?:的)?(?:采访|採訪|专访|專訪|访问|訪問)",
        ),
        (
            "Interview",
            # Korean: "봉준호 감독은 씨네21과의 인터뷰에서…",
            # "봉준호는 씨네21 인터뷰에서…": the name (a role after it) and its
            # particle, the publication (with "과의"/"와의", "with the"), the interview
            r"(?:^|(?<=[.!?。\s]))(?P<speaker>[가-힣]{2,4}(?: [가-힣]{2,4})??)"
            r"(?: (?:감독|작가|배우|각본가|연출가))?(?:은|는|이|가) "
            r"(?P<outlet>[가-힣A-Za-z0-9]{1,20}?)(?:과의|와의)? "
            r"(?:인터뷰|대담|단독 인터뷰)(?:에서|를|에)",
        ),
        (
            "Interview",
            # Indonesian: "Dalam wawancara dengan Tempo, Joko Anwar mengatakan…", "dalam sebuah
            # wawancara bersama majalah Tempo"
            r"\b[Dd]alam (?:sebuah )?wawancara (?:dengan|bersama|kepada)"
            rf"(?: (?:majalah|koran|harian|media|situs))? (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # "Joko Anwar mengatakan kepada Tempo", "bercerita kepada Kompas"
            rf"(?P<speaker>{NAME}) (?:mengatakan|menjelaskan|bercerita|mengungkapkan|berkata)"
            rf" kepada (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Turkish: "Ceylan, Altyazı dergisine verdiği röportajda…", "Tempo'ya verdiği
            # röportajda": the outlet takes the dative, a magazine's or paper's noun or a suffix
            rf"(?P<speaker>{NAME}),? (?P<outlet>{OUTLET})(?:['’](?:y?[ae]|n[ae]))?"
            r"(?: (?:dergisi|gazetesi|sitesi|kanalı)(?:ne|na))? verdiği (?:röportaj|söyleşi|demeç)",
        ),
        (
            "Interview",
            # Czech and Slovak: "Menzel v rozhovoru pro Respekt řekl…", "v rozhovore pre SME",
            # "řekl pro iDNES.cz": "pro"/"pre" leaves the publication's name as it is
            rf"(?P<speaker>{NAME}) [Vv] rozhovoru? (?:pro|pre)"
            rf"(?: {_CZECH_KIND})? (?P<outlet>{OUTLET})",
        ),
        (
            # "V rozhovoru pro Respekt řekl Menzel, že…": the verb comes second, the name after
            "Interview",
            rf"\b[Vv] rozhovoru? (?:pro|pre)(?: {_CZECH_KIND})? (?P<outlet>{OUTLET})"
            rf"(?: {_CZECH_SAID} (?P<speaker>{NAME}))?",
        ),
        (
            "Interview",
            rf"(?P<speaker>{NAME}) {_CZECH_SAID} (?:pro|pre) (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Greek: "Ο Λάνθιμος είπε στον Guardian ότι…", "Σε συνέντευξη στο Variety, ο
            # Λάνθιμος…": "σε" and the article make one word ("στον", "στην", "στο")
            rf"(?P<speaker>{NAME}) (?:είπε|δήλωσε|εξήγησε|ανέφερε|παραδέχτηκε|τόνισε|αποκάλυψε)"
            rf" (?:στον|στην|στη|στο|στους|στις) (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            r"\b[Σσ]ε (?:μια |μία )?συνέντευξη(?: του| της| τους)? (?:στον|στην|στη|στο"
            rf"|με τον|με την|με το|για τον|για την|για το) (?P<outlet>{OUTLET})"
            rf"(?:,? (?:ο |η |οι )?(?P<speaker>{NAME}))?",
        ),
        (
            "Interview",
            # Ukrainian and Russian: "Слабошпицький в інтерв’ю Variety пояснював…", "у інтерв'ю
            # виданню Cineuropa", "Звягинцев в интервью Variety" (a role first is cut later)
            rf"(?P<speaker>{NAME}) [ВвУу] (?:інтерв['’]ю|интервью)"
            rf"(?: (?:{_CYRILLIC_KIND}))? (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # "В інтерв’ю Variety Слабошпицький пояснив…": the name after the outlet
            rf"\b[ВвУу] (?:інтерв['’]ю|интервью)(?: (?:{_CYRILLIC_KIND}))? (?P<outlet>{OUTLET})"
            rf",?(?: (?P<speaker>{NAME}))?",
        ),
        (
            "Interview",
            # Vietnamese: "Đạo diễn Lê Văn Kiệt chia sẻ với VnExpress rằng…", "trả lời phỏng vấn
            # báo Tuổi Trẻ"
            rf"(?P<speaker>{NAME}) (?:chia sẻ|cho biết|tiết lộ|giải thích|kể|trả lời phỏng vấn)"
            rf" (?:với |cho |trên |trong (?:cuộc )?phỏng vấn (?:với |cho ))?"
            rf"(?:(?:tờ|báo|tạp chí|trang) )?(?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Hebrew (no capitals: the name is the one or two words before the verb, a role
            # word before it cut): "ארי פולמן סיפר בראיון ל"הארץ"…", "אמרה בראיון ל-Variety";
            # the publication joined to "ל" ("to"), a Hebrew one in quotation marks
            rf"(?:^|(?<=[.!?,:;\s]))(?:ה?(?:במאי|במאית|תסריטאי|תסריטאית|שחקן|שחקנית|יוצר|יוצרת) )?"
            rf"(?P<speaker>{_HEBREW_WORD}(?: {_HEBREW_WORD})?)"
            r" (?:סיפר|סיפרה|אמר|אמרה|הסביר|הסבירה|הודה|הודתה|טען|טענה|גילה|גילתה) בראיון ל[-־]?"
            rf"[\"״“]?(?P<outlet>(?<=[\"״“])[^\"״”\n]{{1,30}}(?=[\"״”])|{OUTLET})",
        ),
        (
            "Interview",
            # Hungarian: the publication takes the dative ("-nak"/"-nek") before "adott interjú":
            # "Nemes Jeles László az Indexnek adott interjújában…", "a Magyar Narancsnak
            # nyilatkozta"
            rf"(?P<speaker>{NAME}),? (?:az? )?(?P<outlet>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}?)"
            r"-?n[ae]k (?:adott (?:interj[úu]\w*|nyilatkozat\w*)|nyilatkozta|mondta el|elmondta)",
        ),
        (
            "Interview",
            # Romanian: "Mungiu a declarat într-un interviu pentru Dilema veche că…", "a spus
            # pentru HotNews"; a publication's name may go on in small letters ("Dilema veche"),
            # up to "că" ("that") or the clause's end.
            rf"(?P<speaker>{NAME}) a (?:declarat|spus|explicat|mărturisit|povestit|precizat)"
            r"(?: [îi]ntr-un interviu)? (?:pentru|acordat)"
            r"(?: (?:revistei|ziarului|publica[țţ]iei|site-ului|postului))?"
            rf" (?P<outlet>{NAME_WORD}(?:\s+[\w-]+){{0,3}}?)(?=\s+c[ăa]\b|[,.;])",
        ),
        (
            "Interview",
            # "Într-un interviu pentru Dilema veche, Mungiu…": the publication first
            r"\b[ÎîIi]ntr-un interviu (?:pentru|acordat|cu)"
            r"(?: (?:revistei|ziarului|publica[țţ]iei|site-ului|postului))?"
            rf" (?P<outlet>{NAME_WORD}(?:\s+[\w-]+){{0,3}}?),(?: (?P<speaker>{NAME}))?",
        ),
        (
            "Interview",
            # Japanese: "中島哲也監督は「キネマ旬報」のインタビューで…": the name (a role after
            # it), its particle, the publication in 「」 or 『』, then the interview
            r"(?:^|(?<=[。！？、\s]))(?P<speaker>[\u4e00-\u9fff\u30a0-\u30ff・]{2,8}?)"
            r"(?:監督|さん|氏)?(?:は|が)、?[「『](?P<outlet>[^「」『』\n]{1,30})[」』]誌?"
            r"(?:の|での|に(?:よる)?)(?:インタビュー|取材|対談)",
        ),
        (
            "Interview",
            # Thai (no spaces): "ผู้กำกับบาสเคยให้สัมภาษณ์กับ The Standard ว่า…": a role word,
            # the name, "gave an interview to", the publication
            r"(?:ผู้กำกับ|ผู้เขียนบท|นักแสดง)?(?P<speaker>[\u0e00-\u0e7f]{2,20}?)"
            r"(?:เคย|ได้)?ให้สัมภาษณ์(?:กับ|แก่)\s*"
            rf"(?P<outlet>{OUTLET}|[\u0e00-\u0e7f]{{2,30}}?(?=\s|ว่า))",
        ),
        (
            "Interview",
            # Arabic (no capitals): "قالت نادين لبكي في حوار مع صحيفة «الشرق الأوسط» إن…": the
            # verb, the name (one to three words), "in an interview with", the publication in
            # «» or quotation marks, or in Latin letters
            r"(?:قال|قالت|صرح|صرحت|صرّح|صرّحت|أوضح|أوضحت|أكد|أكدت|كشف|كشفت|أشار|أشارت)"
            r" (?:(?:ال)?(?:مخرج|مخرجة|كاتب|كاتبة|ممثل|ممثلة) )?"
            r"(?P<speaker>[\u0621-\u064a]+(?: [\u0621-\u064a]+){0,2}?)"
            r" (?:في|خلال) (?:حوار|مقابلة|لقاء|حديث)(?: صحفي| صحفية)? (?:مع|ل)"
            r"(?: ?(?:صحيفة|مجلة|موقع|جريدة|قناة|وكالة))? ?[«\"“]?"
            rf"(?P<outlet>(?<=[«\"“])[^»\"”\n]{{1,30}}(?=[»\"”])|{OUTLET})",
        ),
        (
            "Interview",
            # "Lindqvist sa till Dagens Nyheter att…", "sagde til Politiken", "sa til NRK"
            rf"(?P<speaker>{NAME}) (?:sa|sade|berättade|förklarade|sagde|fortalte|forklarede"
            rf"|forklarte) (?:till|til) (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Dutch: "Krabbé vertelde NRC Handelsblad dat…", "Sluizer zei tegen Het Parool"
            # (an aside may come between: "Krabbé, die de roman schreef, vertelde…")
            rf"(?P<speaker>{NAME})(?:, [^,]{{1,80}},)? (?:vertelde(?: aan)?|zei tegen"
            rf"|zei tegenover|verklaarde tegenover|legde (?:aan )?uit aan) (?:de )?"
            rf"(?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Polish: "Pawlikowski powiedział w rozmowie z „Gazetą Wyborczą”, że…" (the
            # publication in the instrumental, made nominative by _nominative)
            rf"(?P<speaker>{NAME}) (?:powiedział|powiedziała|mówił|mówiła|wyjaśnił|wyjaśniła"
            rf"|przyznał|przyznała|zdradził|zdradziła|opowiadał|opowiadała)"
            rf" w (?:rozmowie|wywiadzie) z [„\"]?(?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # the verb before its subject, as these languages put it after an object: "Det
            # fortalte han til Politiken", "Det sa hon till Sydsvenskan"
            rf"\b(?:sa|sade|berättade|förklarade|sagde|fortalte|forklarede|forklarte)"
            rf" (?P<speaker>han|hun|hon|{NAME}) (?:till|til) (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Tagalog: "Ayon kay Jerrold Tarog sa isang interview sa Rappler", "sinabi ni Tarog
            # sa isang panayam sa Rappler" (according to; said; an interview with)
            rf"\b(?:[Aa]yon (?:kay|sa)|[Ss]inabi ni|[Aa]ni) (?P<speaker>{NAME}) sa (?:isang )?"
            rf"(?:interview|panayam) (?:sa|ng|kay) (?P<outlet>{OUTLET})",
        ),
        (
            "Interview",
            # Finnish: the publication in the genitive before "interview": "Kuosmanen kertoi
            # Ylen haastattelussa…", "sanoi Helsingin Sanomien haastattelussa"
            rf"(?P<speaker>{NAME}) (?:kertoi|sanoi|totesi|selitti|paljasti|muisteli|kommentoi)"
            rf" (?P<outlet>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}?)(?::n|n) haastattelussa",
        ),
        (
            "Interview",
            # "Ylen haastattelussa Kuosmanen kertoi…": the publication first
            rf"(?:^|(?<=[.!?]\s))(?P<outlet>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}?)(?::n|n)"
            rf" haastattelussa,? (?P<speaker>{NAME}) (?:kertoi|sanoi|totesi|selitti|paljasti)",
        ),
        (
            "Interview",
            # Persian (no capitals): "اصغر فرهادی در گفت‌وگو با ورایتی گفته بود…": the name
            # opens its sentence (one to three words), "in conversation with", the publication
            # (its kind may come first: "مجله", "روزنامه"), then "had said"
            r"(?:^|(?<=[.!?؟]\s))(?P<speaker>[\u0621-\u06cc]+(?: [\u0621-\u06cc]+){0,2}?)"
            r" در (?:گفت[\u200c ]?و[\u200c ]?گو|گفتگو|مصاحبه)(?:ی| ای)? (?:با|به)"
            r" (?:(?:مجله|روزنامه|سایت|نشریه|خبرگزاری|شبکه) )?"
            rf"(?P<outlet>{OUTLET}|[\u0621-\u06cc\u200c]+(?: [\u0621-\u06cc\u200c]+)?)"
            # (reported in the perfect, as a piece cites an interview: a story's characters talk
            # in the present or the simple past, "در گفت‌وگو با رحیم می‌گوید")
            r"(?= (?:گفته (?:بود|است)|اظهار (?:کرده|داشته)|توضیح داده|عنوان کرده))",
        ),
        (
            "Interview",
            # Tamil (no capitals): "சினிமா விகடனுக்கு அளித்த பேட்டியில் நித்திலன் சாமிநாதன், …":
            # the publication in the dative ("-க்கு"), "in the interview given", the name
            r"(?:^|(?<=[.!?]\s))(?P<outlet>[\u0b80-\u0bff]+(?: [\u0b80-\u0bff]+)?)"
            r"(?:க்கு) (?:அளித்த|கொடுத்த|வழங்கிய) (?:பேட்டியில்|நேர்காணலில்|பேட்டி ஒன்றில்),?"
            r" (?P<speaker>[\u0b80-\u0bff]+(?: [\u0b80-\u0bff]+){0,2}?)"
            r"(?=,| (?:கூறி|தெரிவித்|சொன்ன|குறிப்பிட்))",
        ),
        (
            "Review",
            rf"(?P<author>{NAME}),? (?:a écrit|écrivait|écrit|escribió|escribe|escribía"
            r"|ha scritto|scriveva|scrive|schrieb|schreibt|escreveu|escreve|notait|a noté"
            rf"|señaló|notó) (?:dans|en|in|na|no|im|para|pour|per|für) (?P<outlet>{OUTLET})",
        ),
    )
]
# Words that may open a name in the prose but are no part of it: a sentence's conjunction
# ("And Kevin Garnett said…") or a role ("Critic Rowan Asher wrote…").
_NOT_NAME_WORDS = re.compile(
    r"^(?:(?:And|But|So|Also|Then|Meanwhile|Yet|Plus|Even|Still|Now|Later|Film|Fellow|The"
    # Greek names a person with an article: "Ο Λάνθιμος", "Η Μάρτα Ρίβα"
    r"|Ο|Η|Οι)\s+)*"
    r"(?:(?:critic|reviewer|director|filmmaker|film-maker|writer|screenwriter|producer"
    r"|co-writer|co-screenwriter|co-director|writer-director|co-star|co-creator"
    r"|novelist|author|physicist|scientist|scholar|historian|journalist|columnist|editor"
    r"|actor|actress|star|composer|professor|cinematographer|editor-in-chief|le critique"
    r"|la critique|el crítico|la crítica|il critico|la critica|der kritiker|die kritikerin"
    r"|режисер|режисерка|режиссёр|режиссер|сценарист|сценаристка|актор|акторка|актёр|актер"
    r"|regisseur|regisseuse|réalisateur|réalisatrice|regista"
    r"|le réalisateur|el director|il regista|der regisseur)\s+)?",
    re.I,
)


def clean_name(name: str) -> str:
    """The name without a leading conjunction or role word; the name itself if nothing is left."""
    rest = _NOT_NAME_WORDS.sub("", name, count=1).strip()
    return rest if re.match(NAME_WORD, rest) else name


# "As critic …", "Notably, …": a sentence's lead-in word is no outlet. Acronyms (BBC) are.
_LEAD_IN_WORD = re.compile(r"[A-Z][a-z]{0,2}|[A-Z][a-z]+ly")
# A one-word "outlet" that elsewhere does things ("Leonard burns the photo") is a character.
_ACTS = r" (?!reports|says|writes|wrote|published|notes|noted)[a-z]{3,}s\b"
# An attribution introduces a quotation that starts within this many characters.
_QUOTE_REACH = 250
# An "outlet" named more often than this is a character: "Mal told Cobb" is not a citation.
_MAX_OUTLET_MENTIONS = 3


# Each pattern behind the screen of the words it cannot match without (screens.py).
_SCREENED_ATTRIBUTIONS = [(genre, pattern, screen(pattern)) for genre, pattern in _ATTRIBUTIONS]


def find_attributions(
    blocks: list[Block], film_people: list[str], director: str | None
) -> list[SourceDraft]:
    """Works the prose itself names as the origin of a quotation, in reading order."""
    everything = "\n".join(block.text for block in blocks)
    found: list[tuple[int, int, SourceDraft]] = []
    for block_index, block in enumerate(blocks):
        if block.is_heading:
            continue
        # Patterns run most specific first; a weaker reading of the same words is ignored
        # ("Speaking to Lexy Perez at The Hollywood Reporter" is not an outlet "Lexy Perez").
        claimed: list[range] = []
        folded = fold(block.text)
        for genre, pattern, may_match in _SCREENED_ATTRIBUTIONS:
            if not may_match(folded):
                continue  # the block lacks words every match of the pattern has
            for match in pattern.finditer(block.text):
                span = range(match.start(), match.end())
                if any(span.start < other.stop and other.start < span.stop for other in claimed):
                    continue
                outlet = _nominative(match["outlet"].strip(), block.text[: match.start("outlet")])
                if "verdiği" in match.group():
                    # Turkish marks the outlet's case after an apostrophe: "Tempo'ya verdiği"
                    outlet = _TURKISH_DATIVE.sub("", outlet)
                mentions = len(re.findall(rf"(?<!\w){re.escape(outlet)}(?!\w)", everything))
                quoted = _QUOTATION.search(block.text, match.end(), match.end() + _QUOTE_REACH)
                if not quoted and not _reported(block.text, match, once=mentions == 1):
                    continue  # "…proposes to Mia at Griffith Observatory" quotes nobody
                if mentions > _MAX_OUTLET_MENTIONS or any(
                    surname(p) == surname(outlet) for p in film_people
                ):
                    continue
                # (a name with its case ending glued on, Finnish "Ylen", is no English lead-in)
                after = block.text[match.end("outlet") : match.end("outlet") + 1]
                inflected = after.isalpha() or after == ":"
                if _is_person_or_lead_in(outlet, everything, inflected=inflected):
                    continue
                claimed.append(span)
                groups = match.groupdict()
                author = groups.get("author") or _speaker(
                    groups.get("speaker"),
                    block.text,
                    (match.start(), match.end()),
                    film_people,
                    director,
                    everything,
                )
                if author:
                    author = clean_name(author)
                    draft = SourceDraft(
                        author, genre, outlet, author_is_speaker=not groups.get("author")
                    )
                    found.append((block_index, match.start(), draft))
    return [draft for _, _, draft in sorted(found, key=lambda entry: entry[:2])]


# "mit der Süddeutschen Zeitung": after a German dative "der" an adjective in a paper's name
# ends in -en, where the name itself ends in -e ("Süddeutsche Zeitung", "Neue Zürcher Zeitung").
_DATIVE_DER = re.compile(r"\b(?:mit|in|von|bei|aus|gegenüber) der\s+$")
_WEAK_ADJECTIVE = re.compile(r"\b(?P<stem>[A-ZÄÖÜ][a-zäöüß]+e)n(?=\s+[A-ZÄÖÜ])")


_TURKISH_DATIVE = re.compile(r"['’](?:y?[ae]|n[ae])$")


def _nominative(outlet: str, before: str) -> str:
    # A Tamil name ending in a consonant takes "-உக்கு" in the dative: "விகடனுக்கு" is
    # "விகடன்" ("Vikatan") with its vowel sign "ு" where the consonant's virama was.
    outlet = _TAMIL_DATIVE_STEM.sub("\u0bcd", outlet)
    if _POLISH_WITH.search(before):
        # "w rozmowie z „Gazetą Wyborczą”": a feminine name's instrumental "-ą" is its "-a"
        outlet = re.sub(r"ą\b", "a", outlet)
    return _WEAK_ADJECTIVE.sub(r"\g<stem>", outlet) if _DATIVE_DER.search(before) else outlet


_POLISH_WITH = re.compile(r"\bw (?:rozmowie|wywiadzie) z [„\"]?$")
_TAMIL_DATIVE_STEM = re.compile(r"(?<=[\u0b95-\u0bb9])\u0bc1$")


def _reported(text: str, match: re.Match[str], *, once: bool = False) -> bool:
    """An interview reported without a quotation: "Norton said in a 1996 interview with
    Premiere that…", "…, Fincher told Cinefantastique." or "…, as he told Empire." (the
    attribution closing the sentence), and, for an outlet named only ``once`` in the article
    (characters are named again and again), "Kent told The Guardian the monster had to stay"
    (reported speech without "that")."""
    if re.search(
        r"\b(?:interview|entrevista|intervista|entretien|interrog|wawancara|röportaj|söyleşi"
        r"|demeç|rozhovor|συνέντευξ|інтерв|интервью|phỏng vấn|chia sẻ|interj[úu]|nyilatkoz"
        r"|interviu|declarat pentru|spus pentru|w rozmowie|w wywiadzie)"
        r"|\bkepada\b|인터뷰|대담|采访|インタビュー|取材"
        r"|สัมภาษณ์|حوار|مقابلة|لقاء|haastattel|گفت[\u200c ]?و[\u200c ]?گو|گفتگو|مصاحبه"
        r"|பேட்டி|நேர்காணல்"
        r"|採訪|专访|專訪|访问|訪問|ראיון",
        match.group(),
        re.I,
    ):
        return True
    if re.search(r"\b(?:described|discussed)\b", match.group()):
        # "he described it to Filmmaker in 2000 as…", "Park discussed the ending with Sight and
        # Sound": what it was, or a conversation, with a publication
        return True
    if match.group().startswith(("—", "–", "―")):
        return True  # a quotation's credit line comes after the quotation
    if _ABOUT_CLAUSE.match(text, match.end()):
        return True  # "DeLappe told Vanity Fair about the ending": a conversation, reported
    if re.search(r"\b(?:as much|so|this|that|the same(?: thing)?) to\b", match.group()):
        return True  # "said as much to Total Film": what he said is the sentence before
    if re.search(r"(?:^|[.!?]\s+)(?:[Dd]et|[Dd]ette|[Dd]etta|[Ss]å)\s*$", text[: match.start()]):
        return True  # "Det fortalte han til Politiken": as much, in Danish, Norwegian or Swedish
    # "Refn told Empire in 2011 that…", "Ortega noted in Rue Morgue that…": reported speech.
    if _THAT_CLAUSE.match(text, match.end()):
        return True
    if once and match["outlet"].strip() and _BARE_CLAUSE.match(text, match.end()):
        return True
    closes = re.match(r"\s*(?:[.;]|$)", text[match.end() :]) is not None
    before = text[: match.start()].rstrip()
    # "As he put it to IndieWire,", "As Mann told Empire," (the name pattern takes "As" in)
    led = re.search(r"\b[Aa]s$", before) is not None or match.group().startswith("As ")
    if led and text[match.end() :].startswith(","):
        return True  # "As he put it to IndieWire, the film is…": the clause is the attribution
    return (before.endswith(",") or led) and closes


# Reported speech without "that": "told Collider he has", "told Vanity Fair the last line was".
# (A date may come between: "told Sight and Sound in 1990 the booth was".)
_BARE_CLAUSE = re.compile(
    r"(?:\s+(?:in|back in)\s+(?:(?:18|19|20)\d\d|(?-i:[A-Z])[a-z]+ (?:18|19|20)\d\d))?"
    r"\s+(?:he|she|they|it|the|his|her|their|this|there|both|each)\s+\w"
)


_ABOUT_CLAUSE = re.compile(
    r"\s+about\s+(?:the|his|her|their|its|it|this|that|how|why|what|making|writing|shooting"
    r"|filming|casting)\b"
)


_THAT_CLAUSE = re.compile(
    r"(?:\s+(?:in|back in|on|at|last|this|en|dans|em|im|nel)\s+[^,.;:\"“]{1,25}?)?,?\s+"
    # "Zendaya, speaking to GQ, said that…"
    r"(?:(?:he |she |they )?(?:said|says|explained|admitted|recalled)\s+)?"
    r"(?:that|que|qu['’]|che|dass|att|že|ότι)\b"
)


def _is_person_or_lead_in(outlet: str, everything: str, *, inflected: bool = False) -> bool:
    if " " in outlet or outlet.isupper():
        return False
    if _LEAD_IN_WORD.fullmatch(outlet) and not inflected:
        return True
    return len(re.findall(rf"(?<!\w){re.escape(outlet)}{_ACTS}", everything)) >= 1


_PRONOUNS = {"he", "she", "they", "han", "hun", "hon"}  # (Danish, Norwegian, Swedish)
# "Speaking to Empire, Nolan said", "Speaking to Empire in 1991, Jodie Foster said".
_SUBJECT_AFTER = re.compile(
    rf"(?:\s+(?:in|at|on|during|back in|last|this) [^,.\"“]{{1,30}})?\s*,?\s*"
    rf"(?P<who>{NAME}|[Hh]e|[Ss]he|[Tt]hey)\b"
)


def _speaker(
    named: str | None,
    text: str,
    position: tuple[int, int],
    film_people: list[str],
    director: str | None,
    everything: str,
) -> str | None:
    """The full name of who is quoted: "Nolan" -> "Christopher Nolan", "the director" -> the
    film's director, "He told Wired" -> the last person named before it, and for "Speaking to
    Empire, Nolan said" the name right after the outlet."""
    start, end = position
    before = None
    if named is None:
        # "Norton said in an interview with Premiere that…": who said it, right before (which
        # a name after the outlet does not override: "…mit der Süddeutschen Zeitung, Benjamin
        # sei…" reports what was said about Benjamin).
        before = re.search(
            rf"(?P<who>{NAME})(?:, [^,]{{1,60}},)?(?: has| had)? (?:said|says|explained|admitted"
            rf"|revealed|recalled|joked|quipped|noted|insisted|conceded|confirmed"
            rf"|zei|sagte|erklärte|dijo|explicó|disse|a dit|a déclaré|ha detto"
            # "contó en una entrevista con El País", "contou em entrevista ao jornal O Globo"
            rf"|contó|contou|explicou|declaró|declarou|afirmó|afirmou|comentó|erzählte"
            rf"|a expliqué|a raconté|a confié|ha raccontato"
            # Catalan: "ho va explicar en una entrevista a La Vanguardia"
            rf"|(?:ho |ens |li )?va (?:explicar|dir|declarar|comentar|confessar)"
            # "Carax spoke about the limousines in an interview with…": the verb and its topic
            rf"|(?:spoke|talked|has spoken|has talked|wrote) (?:about|of|on) [^,.;:\"“]{{1,60}}?"
            # "Mulligan discussed the bachelor-party scene in an interview with…"
            rf"|(?:discussed|described|explained|went over) (?:the|his|her|their|its|that|this)"
            rf" [^,.;:\"“]{{1,60}}?)"
            rf"(?: so| as much| this)?\s*$"
            # "Paul Mescal, speaking to GQ, said…": the name set off just before
            rf"|(?P<named>{NAME}),\s*$",
            text[_sentence_start(text, start) : start],
        )
        named = before["who"] if before else None
    said_at = end
    if named is None:
        after = _SUBJECT_AFTER.match(text, end)
        named = after["who"] if after else None
        # "…, and in a 2014 interview with Wired he called…": the "he" is the sentence's
        # subject, named before it
        said_at = after.end() if after else end
    if named is None and before is not None:
        named = before["named"]
    if named is None:
        named = _sentence_subject(text, start, film_people, everything)
    if named is None or named.lower() == "the director":
        return director
    if named.lower() in _PRONOUNS:
        # "Minghella adapted Highsmith's novel, and he told Sight & Sound…": the "he" is the
        # sentence's subject; failing one, the last person named before it.
        subject = _sentence_subject(text, said_at, film_people, everything)
        if subject is not None:
            return subject
        before = _QUOTATION.sub("", text[:start])
        people = [_full_name(n, film_people, everything) for n in re.findall(NAME, before)]
        return next((p for p in reversed(people) if p), director)
    return _full_name(named, film_people, everything) or named


def _sentence_subject(text: str, start: int, film_people: list[str], everything: str) -> str | None:
    """ "Perkins has said…, something he talked about in an interview with Rolling Stone": a
    "he" or "she" before the outlet is the person who opens the sentence, when the article
    gives that person's full name."""
    sentence = text[_sentence_start(text, start) : start]
    if not re.search(r"\b(?:he|she)\b", sentence):
        return None
    opener = re.match(rf"(?P<who>{NAME})['’]?s?\s+(?:has |had |is |was )?[a-z]", sentence)
    if opener is None:
        return None
    owned = _OWNED_PERSON.match(sentence, opener.end("who"))
    role = owned["role"].split()[-1] if owned is not None else ""
    if owned is not None and (role in _PERSON_NOUNS or role.removesuffix("s") in _PERSON_NOUNS):
        # "Nolan's brother Jonathan Nolan wrote it, and he told Esquire…": the sentence is
        # about the person the possessive names, not its owner.
        return _full_name(owned["who"], film_people, everything)
    who = clean_name(opener["who"])
    full = _full_name(who, film_people, everything)
    return full if full and len(full.split()) >= 2 else None


_OWNED_PERSON = re.compile(rf"['’]s\s+(?P<role>(?:[a-z][\w-]*\s+){{1,3}})(?P<who>{NAME})")
"""A possessive naming someone: "Nolan's brother Jonathan", "Pearce's co-star Carrie-Anne
Moss", "Nolan's longtime editor Dody Dorn" (the role's last word one of ``_PERSON_NOUNS``)."""
_PERSON_NOUNS = frozenset(
    {
        *("brother", "sister", "wife", "husband", "partner", "son", "daughter", "father"),
        *("mother", "friend", "spouse", "cousin", "collaborator", "colleague", "co-star"),
        *("costar", "co-writer", "cowriter", "co-director", "writer", "director", "editor"),
        *("producer", "composer", "cinematographer", "star", "actor", "actress", "muse"),
        *("screenwriter", "designer", "assistant", "student", "mentor", "protégé", "protege"),
        *("lead", "biographer", "agent", "manager"),
    }
)
"""Words for a person another's possessive names ("his brother"), as a role before a name."""


def _full_name(name: str, film_people: list[str], everything: str) -> str | None:
    """A person's full name if ``name`` is one or the surname of one the article gives."""
    if len(name.split()) >= 2:
        return name
    known = [p for p in film_people if surname(p) == name]
    # (A name never runs over a line: "Themes" over "Mann said…" names no "Themes Mann".)
    # (A Nordic or German genitive "s" is no part of it: "Thomas Vinterbergs film".)
    known += [
        full.removesuffix("s") if not name.endswith("s") and full.endswith("s") else full
        for full in re.findall(
            rf"\b(?:{NAME_WORD}[ \t\u00a0]+){{1,2}}{re.escape(name)}s?\b", everything
        )
    ]
    # Family name first ("Bong Joon-ho", "Park Chan-wook"): a hyphenated given name after it.
    known += re.findall(rf"\b{re.escape(name)}[ \t\u00a0]+[A-Z][a-z]+-[a-z]+\b", everything)
    # "Why Darabont changed King's ending": a capitalised question or function word before a
    # surname (a heading's, a sentence's first word) is no given name.
    known = [" ".join(_without_leading_function_words(full.split())) for full in known]
    return next((full for full in known if len(full.split()) >= 2), None)


_NOT_GIVEN_NAMES = frozenset(
    {
        *("why", "how", "what", "when", "where", "who", "whom", "whose", "which", "did", "does"),
        *("the", "a", "an", "and", "but", "or", "so", "yet", "in", "on", "at", "as", "for"),
        *("with", "by", "from", "to", "of", "after", "before", "while", "if", "then", "says"),
        *("said", "says", "told", "asked", "director", "writer", "screenwriter", "actor"),
    }
)


def _without_leading_function_words(words: list[str]) -> list[str]:
    while words and words[0].lower() in _NOT_GIVEN_NAMES:
        words = words[1:]
    return words


def _cite_attributed_quotes(blocks: list[Block], drafts: list[SourceDraft]) -> Citations:
    """Unnumbered article: give each quotation whose sentence names a source a marker."""
    ids = {index: index + 1 for index in range(len(drafts))}
    cited: list[Block] = []
    for block in blocks:
        if block.is_heading or not drafts:
            cited.append(block)
            continue
        insertions: list[tuple[int, int]] = []
        last: int | None = None
        for quote in _QUOTATION.finditer(block.text):
            if len(quote.group().split()) < _MIN_QUOTE_WORDS:
                continue  # a scare quote ("what-if") cites nobody
            window = block.text[_sentence_start(block.text, quote.start()) : quote.start()]
            best = _nearest_named(drafts, _QUOTATION.sub("", window))
            if best is not None:
                last = best
            elif last is None or not _CONTINUES.search(window):
                continue  # "…, he added: '…'" continues the last cited speaker; others cite none
            insertions.append((quote.end(), ids[last]))
        text = block.text
        for position, source_id in reversed(insertions):
            text = f"{text[:position]}[^{source_id}]{text[position:]}"
        cited.append(block.with_text(text))
    return Citations(cited, _source_docs(drafts, ids), [])


def _nearest_named(drafts: list[SourceDraft], window: str) -> int | None:
    """The source whose author or outlet is named closest before a news quotation. A speaker's
    name alone is not enough: "Nolan said at the premiere" names no work."""
    best: tuple[int, int] | None = None
    for index, draft in enumerate(drafts):
        author = "" if draft.author_is_speaker else surname(draft.author)
        names = [author, strip_the(draft.outlet) if draft.outlet else ""]
        ends = [
            m.end()
            for name in names
            if name
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", window)
        ]
        if ends and (best is None or max(ends) > best[0]):
            best = (max(ends), index)
    return best[1] if best else None


def _sentence_start(text: str, position: int) -> int:
    # (not after an initial: "told The A.V. Club that…", "J. K. Simmons said…")
    starts = [
        m.end() for m in re.finditer(r"(?<!\b[A-Z])[.!?][”\"]?\s+(?=[A-Z“\"])", text[:position])
    ]
    return starts[-1] if starts else 0


def _source_docs(drafts: list[SourceDraft], ids: dict[int, int]) -> list[SourceDoc]:
    docs = [
        SourceDoc(
            id=ids[index],
            author=draft.author[:100],
            outlet=draft.outlet[:100] if draft.outlet else None,
            title=draft.title[:200],
            url=draft.url,
        )
        for index, draft in enumerate(drafts)
    ]
    return sorted(docs, key=lambda doc: doc.id)
