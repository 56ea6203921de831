"""Which film an article is about: its title and release year, from the headline and the text."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from operator import and_

from bot.content.film_file import ContentError, Problem
from bot.importer.blocks import ends_as_question
from bot.importer.chrome import is_chrome_line
from bot.importer.cues import HEADLINE_CUE
from bot.importer.formats import ParsedArticle, clean_space
from bot.importer.level_guesses import gives_away
from bot.levels import SectionKind

# Words that join the parts of a title without being capitalised: "The Lord of the Rings".
_CONNECTORS = {"of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "with", "from", "vs"}
# Capitalised words that open a sentence, not a title: "In La La Land (2016), …".
_SENTENCE_OPENERS = {"In", "For", "With", "On", "At", "From", "And", "But", "As", "When", "While"}
# "(2016)", and a wiki's disambiguation "(2016 film)".
# An original title, a country or a director may come first: "The Wailing (곡성, 2016)",
# "(dir. Na Hong-jin, 2016)"; the year closes the parenthesis.
_BEFORE_YEAR = r"(?:[^()（）\d]{1,40}?,\s*)?"
# Japanese, Chinese and Korean pages write "（2023年）", "(2019년)": full-width brackets, and the
# year's own character after it.
_YEAR_CHARACTER = r"(?:年|년)?"
_TITLE_YEAR = re.compile(
    # "(1995 Michael Mann film)": the year, then whose or what kind of film it is
    rf"[(（]{_BEFORE_YEAR}(?P<year>(?:18|19|20)\d\d){_YEAR_CHARACTER}"
    rf"(?: (?:[\w.'’-]+ ){{0,4}}(?:[Ff]ilm|[Mm]ovie))?[)）]"
)
# A title with another one and the year in brackets: "Zimna wojna (Cold War, 2018)".
_BOTH_TITLES = re.compile(
    r"^[^()]+?\s*\((?P<other>[^()\d,]{1,40}?),\s*(?P<year>(?:18|19|20)\d\d)\)"
)
# A wiki page's "Fight Club (film)": which of the things so named the page is about.
_DISAMBIGUATION = re.compile(r"\s*\((?:[\w-]+ )?(?:film|movie)\)$", re.I)
_FILM_NOUNS = (
    r"film|movie|picture|thriller|drama|musical|comedy|horror|western|feature|epic|adaptation"
    r"|mystery|romance|sci-fi|science[- ]fiction|blockbuster|heist|classic|masterpiece|debut"
    r"|sequel|remake|biopic|documentary|noir|satire|fable|chiller|tearjerker|rom-?com|animation"
    # "del Toro's 2006 dark fairy tale", "a 1982 space parable": the story's own kind of noun
    r"|tale|fairy ?tale|parable|allegory|fantasy"
    # "Shyamalan's 1999 ghost story": a story only with its kind, never a bare "2024 story"
    r"|(?:ghost|love|war|crime|detective|revenge|spy|survival|coming-of-age|horror) story"
)
_YEAR_FILM = re.compile(
    rf"\b(?P<year>(?:18|19|20)\d\d)(?:'s)? (?:[\w-]+ ){{0,4}}?(?:{_FILM_NOUNS})\b"
)
# "Justine Triet's courtroom drama (2023)": the film named by what it is, dated in brackets.
_FILM_NOUN_YEAR = re.compile(rf"\b(?:{_FILM_NOUNS})\s+\((?P<year>(?:18|19|20)\d\d)\)")
# "released in 1995", "came out in December 1995", "(released 1995)"
_RELEASED = re.compile(
    r"\b(?:released|premiered|came out|arrived|debuted|opened)"
    # "released in Japan on 3 November 2023", "arrived on Netflix on December 8, 2023"
    r"(?: (?:in|on) (?:the )?[A-Z][\w+.-]*(?: [A-Z][\w+.-]*)?)?(?: in| on)? (?:\d{1,2} )?"
    r"(?:(?:early|late|mid-?|the (?:spring"
    r"|summer|autumn|fall|winter) of) )?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.? (?:\d{1,2},? )?)?(?P<year>(?:18|19|20)\d\d)\b",
    re.I,
)
# The same in the other languages the importer reads: "Hacker-Thriller von 2014", "película de
# Oriol Paulo de 2012", "filme de 2024", "film del 2014"; "lançado em 2024", "sorti en 2006",
# "estrenada en 2012", "uscito nel 2014", "erschienen 2014".
_ABROAD_YEAR = re.compile(
    r"\b(?:[\w-]*(?:film|thriller|drama|horror|komödie|western)|filme|película|pelicula|cinta"
    r"|longa(?:-metragem)?|long-métrage|drame|dramma|comédie|comedia|comédia|commedia|debut|début)"
    r"(?: (?:de|di|do|da|von) [A-ZÀ-Þ][\w'’.-]*(?: [A-ZÀ-Þ][\w'’.-]*){0,2})?"
    r",? (?:de|del|dal|von|aus|aus dem jahr[e]?) (?P<year>(?:18|19|20)\d\d)\b"
    r"|\b(?:sortie?|estrenad[ao]|lanzad[ao]|lançad[ao]|estreou|estren[óo]|uscit[oa]|erschienen"
    r"|veröffentlicht)(?: (?:en salles|au cinéma|en cines|nos cinemas|in sala|im kino))?"
    r"(?: (?:en|em|nel|im jahr[e]?|in|el|a|am))?(?: \d{1,2}(?:\.| de)?)?"
    r"(?: [a-zéû]{3,9}(?: de)?)? (?P<year2>(?:18|19|20)\d\d)\b",
    re.I,
)
# The same said in Hindi, Japanese and Korean: "राघवन की 2018 की थ्रिलर", "2018 में रिलीज",
# "2023年公開の映画", "姜文2010年的电影", "2010년 개봉한" (Devanagari's vowel signs are no \w:
# words are \S+).
_ASIAN_YEAR = re.compile(
    r"(?P<year>(?:18|19|20)\d\d)\s?(?:年|년)\s?(?:の\s?|的)?"
    r"(?:公開|映画|作品|上映|개봉|영화|작품|电影|電影|影片)"
    r"|(?<!\d)(?P<year2>(?:18|19|20)\d\d)\s+(?:में\s+)?(?:रिलीज|(?:की|के)\s+(?:\S+\s+){0,2}?"
    r"(?:फिल्म|फ़िल्म|थ्रिलर|मूवी|ड्रामा|कॉमेडी|हॉरर))"
)
# Said in Indonesian and Turkish: "dirilis pada tahun 2017", "film horor tahun 2017";
# "2011 yapımı" ("made in 2011"), "2011 tarihli".
_MORE_YEAR = re.compile(
    r"\b(?:dirilis|rilis|tayang)(?: pada)?(?: tahun)? (?P<year>(?:18|19|20)\d\d)\b"
    r"|\bfilm(?: [\w-]+){0,2} (?:tahun|rilisan) (?P<year2>(?:18|19|20)\d\d)\b"
    r"|(?<!\d)(?P<year3>(?:18|19|20)\d\d) (?:yap[ıi]m[ıi]|tarihli)\b",
    re.I,
)
_SENTENCE_YEARS = (_YEAR_FILM, _RELEASED, _FILM_NOUN_YEAR, _ABROAD_YEAR, _ASIAN_YEAR, _MORE_YEAR)
_QUESTION = re.compile(
    r"(?:what|why|how|who|where|when|which|is|does|did|do|are|can|should)\b|.*\?$", re.I
)
_CUE_ONLY = re.compile(
    r"(?:the )?(?:ending|explained|spoilers?|twist|finale|meaning)"
    # "Das Ende erklärt", "La fin expliquée", "El final explicado", "O final explicado"
    r"|(?:das ende|la fin|el final|o final|il finale|het einde|final|fin|ende)"
    r"(?:,? (?:erklärt|expliqu[ée]e?|explicad[oa]|spiegato|uitgelegd|verklaard))?",
    re.I,
)
# A label that only says what kind of piece follows: "Ending Explained:", "Explained:".
_CUE_ONLY_LABEL = re.compile(
    r"(?:the )?(?:ending|twist|finale)?,? ?(?:explained|explainer|spoilers?|analysis)", re.I
)
_SITE_SEPARATOR = re.compile(r"\s+[|–—·•›»-]\s+")
_TITLE_BEFORE_CUE = [
    re.compile(
        r"^(?:what|why|how)\s+(?:does\s+|did\s+|is\s+)?(?:the\s+)?(?P<title>.+?)(?:'s|’s|(?<=s)['’])"
        r"\s+(?:ending|twist|final scene|finale|last scene)\b",
        re.I,
    ),
    # "The Meaning Behind Past Lives' Final Scene", "The Truth About Get Out's Ending"
    re.compile(
        r"^(?:the )?(?:meaning|truth|story|secret)s? (?:behind|of|about) (?:the )?(?P<title>.+?)"
        r"(?:'s|’s|(?<=s)['’])\s+(?:ending|twist|final scene|finale|last scene)\b",
        re.I,
    ),
    re.compile(r"^(?:the )?ending of (?P<title>.+?)(?:,? explained)?[?.!]*$", re.I),
    re.compile(
        r"^(?:what|how) (?:does|did) the (?:ending|end|final scene|twist) (?:of|in) (?P<title>.+?)"
        r" (?:really |actually )?(?:mean|work)\b",
        re.I,
    ),
    re.compile(r"^how does (?P<title>.+?) end\b", re.I),
    # "Denis Villeneuve on the Ending of Arrival", "Why Polanski Changed the Ending of
    # Chinatown": who spoke or what was done, then the film the ending belongs to.
    re.compile(
        r"^(?:.{1,60}?\s)?(?:on|about|behind|explains?|discuss(?:es)?|talks?|breaks? down"
        r"|reveals?|unpacks?|changed|rewrote|defends?)\s+(?:the|that|his|her|their)\s+"
        r"(?:ending|twist|final scene|finale|last scene|final shot|last shot)\s+(?:of|in|to)\s+"
        r"(?P<title>[^,:;]+?)[?.!]*$",
        re.I,
    ),
    # "Explication de la fin de Caché", "Final explicado de Relatos salvajes", "El final de El
    # orfanato explicado", "Il finale di La grande bellezza spiegato", "Das Ende von Das Boot".
    re.compile(
        r"^(?:(?:l['’])?explication|analyse|le sens|explicación|análisis|spiegazione"
        r"|explicação)\s+(?:de la fin|del final|del finale|do final)\s+"
        r"(?:de la |de |du |d['’]|del |di |do |da )(?P<title>.+?)(?:\s+\(\d{4}\))?[?.!]*$",
        re.I,
    ),
    re.compile(
        r"^(?:la fin|el final|o final|il finale|das ende|het einde|final|fin)"
        r"(?:\s+(?:expliqu[ée]e?|explicad[oa]|spiegato|erklärt|uitgelegd|verklaard))?"
        r"\s+(?:de la |de |du |d['’]|del |di |do |da |von |vom |van )(?P<title>.+?)"
        r"(?:\s+(?:expliqu[ée]e?|explicad[oa]|spiegato|erklärt|uitgelegd|verklaard))?"
        r"(?:\s+\(\d{4}\))?[?.!]*$",
        re.I,
    ),
    # "Perfetti sconosciuti, il finale spiegato", "Caché: la fin expliquée", "Relatos
    # salvajes – el final explicado": the film, then the ending with its article, in the
    # languages the importer reads ("finale" alone is English's word too, so the article counts)
    re.compile(
        r"^(?P<title>.+?)\s*(?:,|:|\s[–—-])?\s+(?:il|la|el|o|das|het)"
        r" (?:finale|fin|final|ende|einde)(?:\s+(?:del film\s+)?"
        r"(?:expliqu[ée]e?|explicad[oa]|spiegato|erklärt|uitgelegd|verklaard))?(?!\w)",
        re.I,
    ),
    # Indonesian: "Penjelasan Ending Pengabdi Setan", "Makna Akhir Cerita Film X": the cue,
    # then the film.
    re.compile(
        r"^(?:penjelasan|makna|arti|maksud|teori)\s+(?:ending(?:nya)?|akhir(?:\s+cerita)?)\s+"
        r"(?:dari\s+)?(?:film\s+)?(?P<title>.+?)(?:\s+\(\d{4}\))?[?.!]*$",
        re.I,
    ),
    # Turkish: "Bir Zamanlar Anadolu'da Finali Açıklandı", "Uzak Filminin Sonu Ne Anlama
    # Geliyor", "Uzak'ın Sonu": the film (its genitive suffix cut), then its finale or end.
    re.compile(
        r"^(?P<title>.+?)(?:['’](?:n?[ıiuü]n))?(?:\s+film(?:i|inin))?\s+"
        r"(?:finali(?:nin)?|sonu(?:nun)?|son\s+sahnesi)"
        r"(?:\s+(?:a[çc][ıi]kland[ıi]|a[çc][ıi]klamas[ıi]|ne\s+anlama\s+geliyor"
        r"|ne\s+anlat[ıi]yor|anlam[ıi]))?[?.!]*$",
        re.I,
    ),
    # Korean: "영화 마더 결말 해석 (관광버스 춤의 의미)", "마더 결말 및 줄거리 정리",
    # "영화 마더 줄거리 결말 포함 리뷰": "영화" ("the film") may come first, then the film, then
    # the cue words.
    re.compile(
        r"^(?:영화\s+)?(?P<title>.+?)\s+(?:결말|엔딩|줄거리)"
        r"(?:\s*(?:및|과|와|,|&)?\s*(?:결말|엔딩|줄거리|해석|정리|설명|분석|의미|포함|리뷰|후기))*"
        r"(?:\s*[(（\[][^()（）\[\]]*[)）\]])?[?.!]*$",
    ),
    # "Godzilla Minus One (ゴジラ-1.0) The Ending Explained" (not a question: "What is the
    # ending of…")
    re.compile(
        r"^(?!(?:what|why|how|who|where|when|which|is|does|did)\b)(?P<title>.+?)(?:'s|’s)?"
        r" (?:\(\d{4}\),? )?the (?:ending|twist|final scene|finale),? explained[?.!]*$",
        re.I,
    ),
    re.compile(
        r"^(?P<title>.+?)(?:'s|’s)?(?: movie| film)?,? (?:\(\d{4}\),? )?"
        # "Get Out review and ending explained": a review on top, the explainer below it
        r"(?:(?:review|recap|plot summary|summary)(?:,| and| &) (?:the )?)?"
        r"(?:ending|twist|final scene|finale|explained|slutet|slutningen|slutten)(?!\w)",
        re.I,
    ),
]
_HEADLINE_WINDOW = 8
# A sentence before a headline's colon, not a franchise's name ("Star Wars:"): it says something
# happened ("Malcolm Was Dead All Along:"), which is often the twist itself.
_TEASER_VERB = re.compile(
    r"\b(?:was|were|is|are|isn['’]t|wasn['’]t|has|had|have|dies|died|dead|kills|killed|lives"
    r"|survives?|survived|becomes|became|turns out|never|all along|really|actually|secretly"
    r"|did|does|knew|lied)\b",
    re.I,
)


def _is_teaser(text: str) -> bool:
    return len(text.split()) >= 3 and _TEASER_VERB.search(text) is not None


# "5 Symbols You Missed in Pan's Labyrinth", "4 Themes That Make Whiplash's Ending Hit Harder":
# a count, what is counted, and a joining phrase before the film.
_LISTICLE = re.compile(
    r"^(?P<count>\d{1,2}|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?P<what>(?:[\w-]+\s+){0,3}?[\w-]+?)\s+"
    r"(?:(?:you|we|that|which|to|behind|hidden|in|from|of|about|everyone)\b[^:]*?\s)?"
    r"(?:in|from|of|about|behind|make|makes|explain|explaining|understand)\s+(?P<rest>.+)$",
    re.I,
)
# "7 Things the Ending of Dogville (2003) Means", "5 Things Nope Is Really About": what the
# counted things do to the film comes after it, and is no part of its title.
_LISTICLE_VERB_TAIL = re.compile(
    r"(?<=\S)\s+(?:really\s+|actually\s+|secretly\s+)?(?:means?|meant|tells?(?:\s+us)?|says?"
    r"|reveals?|explains?|teaches(?:\s+us)?|gets?\s+right|is\s+(?:really\s+)?(?:about|saying))\b"
    r"[^:]*$",
    re.I,
)


def _listicle_film(rest: str) -> str:
    return _LISTICLE_VERB_TAIL.sub("", rest).strip() or rest


_LISTICLE_KINDS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (SectionKind.SYMBOLISM, re.compile(r"\b(?:symbol|motif|detail|clue|easter egg|hidden)", re.I)),
    (SectionKind.THEMES, re.compile(r"\b(?:theme|idea|lesson|message)", re.I)),
    (SectionKind.FAQ, re.compile(r"\bquestion", re.I)),
]


@dataclass(frozen=True)
class FilmIdentity:
    title: str
    year: int | None
    # The block holding the article's headline: it names the film, it is not body text.
    headline_index: int | None
    # "5 Symbols You Missed in…": the kind the headline says its numbered parts are.
    listed_kind: SectionKind | None = None
    # Weak or conflicting evidence, for the reviewer.
    notes: list[str] = field(default_factory=list)


def find_identity(
    article: ParsedArticle,
    name: str,
    title: str | None,
    year: int | None,
    *,
    allow_missing_year: bool = False,
) -> FilmIdentity:
    notes: list[str] = []
    article = _digits_in_ascii(article)
    dated = _titles_with_years(article)
    headline_index, headline, trusted = _headline(article)
    listed_kind = _listed_kind(headline)
    found_title = clean_space(title) if title else _choose_title(headline, trusted, dated, article)
    if found_title and not title:
        found_title = _without_shouted_edges(found_title)
    spoken = None if found_title else _spoken_title(article)
    if spoken is not None:
        found_title = spoken[0]
        notes.append(
            f"title {found_title!r} and year {spoken[1]} taken from the words 'X, from"
            f" {spoken[1]}' near the start (the text has no headline); check them"
        )
    if (
        found_title
        and not title
        and headline
        and found_title == quoted_before_cue(_strip_site_name(headline))
        and not _named_elsewhere(found_title, article, headline_index)
    ):
        # A headline's quoted words the article never names the film by may be a teaser
        # ("'The intersex pope': the ending explained"): the title is public, so no guess.
        found_title = None
    if found_title and not title:
        found_title = _without_unrepeated_lead(found_title, article, headline, notes)
    if found_title and not title:
        found_title = _without_unrepeated_tail(found_title, article, headline, notes)
    if found_title and not title:
        found_title = _without_other_title(found_title, article, notes)
    if found_title and not title and found_title.isupper():
        found_title = _body_casing(found_title, article)
    if (
        found_title
        and not title
        and found_title.islower()
        # "The Ending of mother! (2017), Explained": a cased headline that writes the title in
        # small letters means them
        and not (headline and not headline.islower() and _STYLED_SMALL.fullmatch(found_title))
        # "„4 luni, 3 săptămâni și 2 zile” (2007): finalul explicat": a title in sentence case
        # that opens with a digit shows no capital, and one the headline sets off in quotation
        # marks is written as the writer means it.
        and not (headline and _quoted_in(found_title, headline))
    ):
        found_title = _capitalised(found_title, article)
    if found_title and not title and not trusted:
        notes.append(_guessed_title_note(found_title, article, headline_index, headline))
    if found_title and not title and may_tell(found_title):
        # The title is public: a headline's teaser may have come with it.
        notes.append(f"title {found_title!r} has words that may give the story away; check it")
    if found_title and year is None:
        year = _year_for(found_title, headline, dated, article, notes)
    if spoken is not None and year is None:
        year = spoken[1]
    problems: list[str] = []
    # Hints in the article's own terms: /film-admin import (title:, year:) and the CLI (--title,
    # --year) each add how their own options answer them.
    if not found_title:
        problems.append(
            "no film title found: begin the article with the film's title as its headline,"
            " e.g. 'Heat (1995) ending explained'"
        )
    elif len(found_title) > 100 and title:
        problems.append(f"the title given is {len(found_title)} characters long; at most 100")
    elif len(found_title) > 100:
        # Not quoted: what was taken for a title that long is a headline's sentence, often the
        # twist, and an error is read before anyone chose to read the article.
        problems.append(
            f"the film title found is too long ({len(found_title)} characters; at most 100):"
            " begin the article with the film's title as its headline"
        )
    if year is None and not allow_missing_year:
        problems.append(
            "no release year found: write the year beside the title at the top, e.g. 'Heat (1995)'"
        )
    elif year is None:
        notes.append("no release year found: fill in year (epilogue check reports it missing)")
    if problems:
        raise ContentError([Problem(name, None, "", message) for message in problems])
    assert found_title is not None
    return FilmIdentity(found_title, year, headline_index, listed_kind, notes)


# Decimal digits of other scripts, each as its ASCII digit: a Persian page dates the film
# "(۲۰۲۱)", an Arabic one "(٢٠٢١)", a Bengali one "(২০২১)", a Japanese one in full width
# "（２０２１）".
_OTHER_DIGITS = {
    code: str(unicodedata.decimal(chr(code)))
    for code in range(0x80, 0x10000)
    if unicodedata.category(chr(code)) == "Nd"
}


def _digits_in_ascii(article: ParsedArticle) -> ParsedArticle:
    """The article as identity reads it: every decimal digit an ASCII one, so a year written in
    another script's digits dates the film as "(2021)" does (only for reading: the body keeps the
    writer's digits)."""
    texts = [*(block.text for block in article.blocks), *article.title_hints, *article.descriptions]
    if all(text.isascii() or text.translate(_OTHER_DIGITS) == text for text in texts):
        return article
    return replace(
        article,
        blocks=[block.with_text(block.text.translate(_OTHER_DIGITS)) for block in article.blocks],
        title_hints=[hint.translate(_OTHER_DIGITS) for hint in article.title_hints],
        descriptions=[text.translate(_OTHER_DIGITS) for text in article.descriptions],
    )


# Said, not written: a video essay's captions or a podcast's transcript name the film as
# "Today it's Cinema Paradiso, from 1988," (no headline, no brackets).
_SPOKEN_YEAR = re.compile(r",? from (?P<year>(?:18|19|20)\d\d)\b(?![-–]|\s+(?:to|until|through)\b)")
_SPOKEN_BLOCKS = 6


def _spoken_title(article: ParsedArticle) -> tuple[str, int] | None:
    """The film a headline-less text names in its first paragraphs as "Title, from 1988"."""
    for block in article.blocks[:_SPOKEN_BLOCKS]:
        for match in _SPOKEN_YEAR.finditer(block.text):
            run = _title_run(block.text[: match.start()])
            if run and run.split()[0][:1].isupper() and run not in _SENTENCE_OPENERS:
                return run, int(match["year"])
    return None


def _without_unrepeated_lead(
    title: str, article: ParsedArticle, headline: str | None, notes: list[str]
) -> str:
    """ "Mia Leaves Seb: La La Land", "Teddy Chooses the Lobotomy in Shutter Island": words
    before a colon or a joining word are a teaser (often the twist, and the title is public)
    when the article's text names the film by the rest, as written, and never by the whole
    title; a franchise ("Star Wars: The Last Jedi") or a title that joins words itself
    ("Portrait of a Lady on Fire") is named whole somewhere, and stays. The text saying the
    lead's words too proves nothing: an explainer tells its twist again where it explains the
    ending ("in the end, Mia marries Greg")."""
    texts = [block.text for block in article.blocks if block.text != headline]
    if not texts or any(_contains(text, title) for text in texts):
        return title
    dated = _body_dated(article, headline)
    for cut in _LEAD_END.finditer(title):
        lead, rest = title[: cut.start()].strip(), title[cut.end() :].strip()
        if not lead or not rest[:1].isupper():
            continue
        told = may_tell(lead) or cut.group().strip() in {"?", "!"}
        if len(rest.split()) < 2 and rest not in dated and not _sentence_cased(lead) and not told:
            # "Once Upon a Time in Hollywood": one word the article is bound to use on its own
            # is a film's name only where the article dates it ("Arrival (2016)"), or after a
            # lead written as a sentence ("Counting the loops in Triangle") or as a teaser or a
            # question ("Zorvath Did It: Tidewater", "Is Zorvath the Killer? Tidewater"),
            # not as a title.
            continue
        named = re.compile(rf"(?<!\w){re.escape(rest)}(?!\w)")
        if any(named.search(text) for text in texts):
            notes.append(f"{lead!r} before the title reads as a teaser and was left out; check it")
            return rest
    # The page's own summary (its meta description) is the author's words too: it may be the
    # one place that names the film without the headline's teaser ("Cameron Crowe's Vanilla
    # Sky divides people" under "Open Your Eyes: Vanilla Sky (2001) … Explained").
    summaries = [text for text in article.descriptions if not _contains(text, title)]
    for cut in _LEAD_END.finditer(title) if summaries else ():
        lead, rest = title[: cut.start()].strip(), title[cut.end() :].strip()
        if not lead or not rest[:1].isupper() or len(rest.split()) < 2:
            continue
        named = re.compile(rf"(?<!\w){re.escape(rest)}(?!\w)")
        if any(named.search(text) for text in summaries):
            notes.append(
                f"{lead!r} before the title reads as a teaser (the page's description names the"
                " film without it) and was left out; check it"
            )
            return rest
    # Nothing in the text shows the lead is part of the title, nor that it is not: the title
    # is public, so someone reads it before it goes out.
    if leads := [title[: cut.start()].strip() for cut in _LEAD_END.finditer(title)]:
        notes.append(
            f"{leads[0]!r} before the rest of the title may be a teaser (the text never writes"
            f" {title!r} whole): check the title, it is shown to everyone"
        )
    return title


# Where a headline's title may end before a teaser: a colon, or a dash with spaces round it.
_TAIL_START = re.compile(r"\s*:\s+|\s+[-–—]\s+")


def _without_unrepeated_tail(
    title: str, article: ParsedArticle, headline: str | None, notes: list[str]
) -> str:
    """ "Twistfilm: The Mayor Was The Killer All Along", "Shutter Island – Teddy Was the
    Patient": words after a colon or a dash that read as telling the story (``may_tell``)
    are a teaser (often the twist, and the title is public) when the article's text names
    the film by the words before them, as written, and never writes the whole title; the
    mirror of ``_without_unrepeated_lead``. A subtitle the film has ("Glass Onion: A Knives
    Out Mystery", "Léon: The Professional") tells nothing, and stays."""
    texts = [block.text for block in article.blocks if block.text != headline]
    texts += list(article.descriptions)
    if not texts or any(_contains(text, title) for text in texts):
        return title
    for cut in reversed(list(_TAIL_START.finditer(title))):  # the longest title first
        lead, rest = title[: cut.start()].strip(), title[cut.end() :].strip()
        if not lead or not may_tell(rest):
            continue  # "Léon: The Professional", whose text calls its hitman Léon, stays
        named = re.compile(rf"(?<!\w){re.escape(lead)}(?!\w)")
        if any(named.search(text) for text in texts):
            notes.append(
                f"{rest!r} after the title reads as a teaser and was left out (the text names"
                f" the film {lead!r}, never {title!r}); check it"
            )
            return lead
    return title


def _quoted_in(title: str, text: str) -> bool:
    return re.search(rf"[„“\"«‘']\s?{re.escape(title)}\s?[”“\"»’']", text) is not None


def _sentence_cased(lead: str) -> bool:
    """A lead with a word a title would capitalise left small ("the loops"): a phrase of the
    headline's own, not the start of an English film's title."""
    return any(
        word.isalpha() and word.islower() and len(word) >= 3 and word not in _CONNECTORS
        for word in lead.split()[1:]
    )


# Where a headline's lead may end before the film's title: a colon or a sentence's end ("Anna
# Drowns! Heron Lake"), or a joining word.
# (a joining word capitalised too: a headline in title case writes "Why Teddy Chooses The
# Lobotomy In Shutter Island"; one in capitals is read by ``_body_casing``)
_LEAD_END = re.compile(r"[:;.!?]\s+|\s+(?:[Ii]n|[Oo]f|[Aa]bout|[Bb]ehind|[Ff]rom|[Ii]nside)\s+")


def _body_casing(title: str, article: ParsedArticle) -> str:
    """An all-caps headline ("THE WICKER MAN (1973) — ENDING EXPLAINED") shouts; the title is
    written as the article's own sentences write it ("The Wicker Man"), when they do."""
    pattern = re.compile(rf"(?<!\w){re.escape(title)}(?!\w)", re.I)
    found = Counter(
        match.group()
        for block in article.blocks
        for match in pattern.finditer(block.text)
        if not match.group().isupper()
    )
    return found.most_common(1)[0][0] if found else title


def _capitalised(title: str, article: ParsedArticle) -> str:
    """A title from a headline in small letters ("the florida project"), as the page writes it
    with capitals anywhere, or else with a title's capitals ("The Florida Project")."""
    cased = _body_casing(title, article)
    if not cased.islower():
        return cased
    words = title.split()
    return " ".join(
        word if index and word in _CONNECTORS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def may_tell(title: str) -> bool:
    """A title worth a second look before it goes public: spoiling words, or the shape of a
    teaser ("… Is Andrew Laeddis") or of a question ("Why Teddy Chooses the Lobotomy in…"),
    which a headline's wording can leave in it."""
    return gives_away(title) or _is_teaser(title) or bool(_QUESTION.match(title))


def _listed_kind(headline: str | None) -> SectionKind | None:
    match = _LISTICLE.match(_strip_site_name(headline)) if headline else None
    if match is None and headline:
        # "Everything Everywhere All at Once (2022): 8 Burning Questions, Answered"
        _, colon, after = _strip_site_name(headline).partition(": ")
        counted = _COUNTED.match(after) if colon else None
        what = counted["what"] if counted else None
    else:
        what = match["what"] if match else None
    if what is None:
        return None
    return next((kind for kind, words in _LISTICLE_KINDS if words.search(what)), None)


# "8 Burning Questions, Answered", "5 Symbols You Missed": a count and what is counted, after
# the film's title and a colon.
_COUNTED = re.compile(
    r"^(?:\d{1,2}|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?P<what>(?:[\w-]+\s+){0,3}?"
    r"(?:questions?|symbols?|themes?|details?|clues?|easter eggs?|motifs?|ideas?|lessons?))\b",
    re.I,
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


def _titles_with_years(article: ParsedArticle) -> list[tuple[str, int]]:
    """Every "Some Title (2016)" in the hints and the text, in reading order."""
    found: list[tuple[str, int]] = []
    for text in [*article.title_hints, *(block.text for block in article.blocks)]:
        for match in _TITLE_YEAR.finditer(text):
            run = _title_run(text[: match.start()])
            if run:
                found.append((run, int(match["year"])))
    return found


def _title_run(prefix: str) -> str | None:
    """The capitalised words just before a "(2016)": the title, stopped by the sentence."""
    quoted = _QUOTED_BEFORE_YEAR.search(prefix)
    if quoted and len(quoted["title"].split()) <= _MAX_QUOTED_TITLE_WORDS:
        # „Das Leben der Anderen“ (2006), « La Haine » (1995), “Past Lives” (2023): the marks
        # say where the title starts, whatever its small words.
        title = clean_space(quoted["title"])
        # (a script without capitals has only the marks: «كفرناحوم» (2018))
        if title[:1].isupper() or title[:1].isdigit() or _caseless_letter(title[:1]):
            return title
    marked = _MARKED_BEFORE_YEAR.search(prefix)
    if marked:
        # 『怪物』（2023年）, 《误杀》（2019）, <악마를 보았다>(2010): the marks a script without
        # capitals puts around a work's name
        return clean_space(next(group for group in marked.groups() if group))
    words = prefix.split()
    # "WHY THE ENDING OF The Keeper (2019) STILL MATTERS": a headline that shouts but writes the
    # title as it is written; where the words turn to capitals the title has started.
    # (only capitals from the line's start to that word: "The LEGO Movie" keeps its LEGO)
    shouted = list(itertools.accumulate((bool(_SHOUTED.fullmatch(w)) for w in words), and_))
    shouting = sum(shouted) >= _MIN_SHOUTED_WORDS
    run: list[str] = []
    stop: str | None = None
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        bare = word.lstrip("\"“‘'*_")
        caseless = bool(bare) and _caseless_letter(bare[0])
        if (
            not bare
            or (shouting and shouted[index] and any(re.search(r"[a-z]", w) for w in run))
            or word.endswith(("'s", "’s", ",", ".", ";"))
            # '"Forget It, Jake": Chinatown (1974)': a quotation before a colon is no title
            or re.search(r"[\"”’']:$", word)
            or not (
                bare[0].isupper()
                or bare[0].isdigit()
                or bare in _CONNECTORS
                or caseless
                # "mother! (2017)", "eXistenZ (1999)": a title styled in small letters, right
                # before its year, shows it by a capital inside or an exclamation after
                or (not run and _STYLED_SMALL.fullmatch(bare))
            )
            # a title is in one script: "영화 Parasite (2019)" names "Parasite"
            or (run and caseless != _caseless_letter(run[0].lstrip("\"“‘'*_")[:1]))
            or (caseless and word.endswith(_RUN_DELIMITERS))
        ):
            stop = word
            break
        run.insert(0, word)
        if bare != word:
            break  # '"Uncut Gems (2019)': the opening quotation mark starts the title
    # Without capitals nothing says where a sentence ends and a title starts: such a run is a
    # title only from the line's start or a delimiter ("[결말 해석] 악마를 보았다 (2010)").
    if (
        run
        and _caseless_letter(run[0].lstrip("\"“‘'*_")[:1])
        and ((stop is not None and not stop.endswith(_RUN_DELIMITERS)) or len(run) > 8)
    ):
        return None
    while run and (run[0] in _CONNECTORS or run[0] in _SENTENCE_OPENERS):
        run.pop(0)
    run = _without_shouted_tail(run)
    title = clean_space(" ".join(run)).strip('"“”*_')
    # "Past Lives Ending Explained: Why Nora Stays (2023)": the cue closes the title, and what
    # follows it is the headline's teaser, often the twist, never part of the (public) title.
    cue = _CUE_THEN_TEASER.search(title)
    if cue and not _CUE_ONLY.fullmatch(title[: cue.start()].strip() or "ending"):
        title = title[: cue.start()]  # (a label first, "Ending Explained: X", is no title)
    before, colon, after = title.partition(": ")
    if colon and after and _CUE_BEFORE.match(after):
        title = after  # "What the Tennis Ball Means: the Ending of Blow-Up (1966)"
    elif colon and after and _is_teaser(before):
        title = after  # "Malcolm Was Dead All Along: The Sixth Sense (1999)"
    elif colon and after and _is_teaser(after) and not _CUE_ONLY_LABEL.fullmatch(before):
        title = before  # "Shutter Island: Teddy Daniels Is Andrew Laeddis (2010)"
    # "Past Lives Ending Explained (2023)": the year closes the headline, not the title; and
    # "Ending Explained: Past Lives (2023)" opens with a label.
    title = re.sub(rf"^(?:{_CUE_ONLY_LABEL.pattern}):\s+", "", title, flags=re.I)
    title = _CUE_BEFORE.sub("", _CUE_TAIL.sub("", title))
    if len(title) > 2 and title[0] == title[-1] == "'":
        title = title[1:-1]  # 'Heat' (1995): straight quotation marks around the title
    return title or None


def _without_shouted_edges(title: str) -> str:
    """``title`` without the words in capitals a headline shouted around a title written in
    its own case, before it ("ANNA DROWNS: The Keeper", whichever way the headline was read)
    or after it (``_without_shouted_tail``): the public title keeps none of the teaser."""
    words = title.split()
    if not any(re.search(r"[a-z]", word) for word in words):
        return title
    lead = 0
    while lead < len(words) and _SHOUTED.fullmatch(words[lead]):
        lead += 1
    if lead >= _MIN_SHOUTED_WORDS and any(re.search(r"[a-z]", w) for w in words[lead:]):
        words = words[lead:]
        while words and re.fullmatch(r"[-–—:|]+", words[0]):
            words.pop(0)
    return " ".join(_without_shouted_tail(words)) or title


def _without_shouted_tail(run: list[str]) -> list[str]:
    """``run`` without the words in capitals that close it after a title in its own case ("The
    Keeper TOBIAS DROWNED YEARS AGO (2019)"): the headline shouting on up to the year, often
    the twist. A numeral ("Rocky II") or a lone initialism ("The BFG") is the title's own."""
    if not any(re.search(r"[a-z]", word) for word in run):
        return run
    cut = len(run)
    while cut and _SHOUTED.fullmatch(run[cut - 1]) and not _ROMAN.fullmatch(run[cut - 1]):
        cut -= 1
    if len(run) - cut < _MIN_SHOUTED_WORDS or not any(re.search(r"[a-z]", w) for w in run[:cut]):
        return run
    kept = run[:cut]
    while kept and re.fullmatch(r"[-–—:|]+", kept[-1]):
        kept.pop()
    if kept:
        kept[-1] = kept[-1].rstrip(":,;")
    return kept


# A word in capitals only, as a headline that shouts writes them ("WHY", "THE", "ENDING:").
_SHOUTED = re.compile(r"[A-Z][A-Z'’-]*[A-Z][:,.!?]?")
# Two shouted words are a headline's ("ANNA DROWNS: The Keeper"): a title's own capitals are
# one word beside its words in their case ("TRON: Legacy", "The LEGO Movie", "The BFG").
_MIN_SHOUTED_WORDS = 2
_ROMAN = re.compile(r"[IVXLC]+[:,.!?]?")
# A word in small letters only a title's styling explains: a capital inside it ("eXistenZ",
# "iBoy") or an exclamation mark closing it ("mother!").
_STYLED_SMALL = re.compile(r"[a-z][a-z'’-]*(?:[A-Z][A-Za-z'’-]*|!)")


def _caseless_letter(char: str) -> bool:
    """A letter of a script without capitals (kanji, kana, hangul, Devanagari, Arabic…)."""
    return char.isalpha() and not char.isascii() and char.lower() == char.upper()


# The marks Japanese (『』), Chinese (《》) and Korean (〈〉, <>, 「」) put around a work's name.
_WORK_MARKS = (("『", "』"), ("《", "》"), ("〈", "〉"), ("「", "」"), ("<", ">"))
_MARKED_BEFORE_YEAR = re.compile(
    "(?:"
    + "|".join(
        rf"{re.escape(a)}([^{re.escape(a + b)}\n]{{1,100}}){re.escape(b)}" for a, b in _WORK_MARKS
    )
    + r")\s*$"
)
# In a headline, only marks that never quote speech: 『』, 《》, 〈〉.
_MARKED_IN_HEADLINE = re.compile(
    r"『([^『』\n]{1,100})』|《([^《》\n]{1,100})》|〈([^〈〉\n]{1,100})〉"
)
_RUN_DELIMITERS = ("]", "】", ")", "」", "』", "》", "〉", ">", ":", "|", "-", "–", "—", "·", "•")
# "[결말 해석] …", "【ネタバレ】…", "[Spoilers] …": a bracketed kicker before a headline.
_BRACKET_KICKER = re.compile(r"^(?:\[[^\]\n]{1,30}\]|【[^】\n]{1,30}】)\s*(?=\S)")

# An apostrophe inside the marks ("«Плем’я»", "„L’Avventura“", "‘Rosemary’s Baby’") is a
# letter of the title, never its closing mark: a closing mark is followed by no letter.
_QUOTED_BEFORE_YEAR = re.compile(
    r"(?:^|(?<=[\s(\[:]))(?:„|“|\"|«|»|‘)\s?(?P<title>(?:[^„“”\"«»‘’\n]|’(?=\w)){1,100}?)"
    r"\s?(?:“|”|\"|»|«|’)\s*$"
)
_MAX_QUOTED_TITLE_WORDS = 12
_CUE_THEN_TEASER = re.compile(
    r"(?:(?:'s|’s)?\s+(?:ending|twist|final scene|finale))?,?\s+explained\s*(?::|[–—-])\s+\S.*$",
    re.I,
)
_CUE_TAIL = re.compile(
    r"(?:\s+(?:movie|film))?(?:(?:'s|’s)?\s+(?:ending|twist|final scene|finale))?,?\s+explained$",
    re.I,
)
# "The Ending of Heat (1995)", "What Does the Ending of Heat (1995) Mean?", "Explaining the
# ending of 'Heat' (1995)": the cue before the dated title is no part of it.
_CUE_BEFORE = re.compile(
    r"^(?:(?:what (?:does|did) |explaining |understanding |decoding )?the )?(?:ending"
    r"|final scene|last scene|twist|finale|meaning)(?: explained)? (?:of|in|to|behind) ",
    re.I,
)


def _guessed_title_note(
    title: str, article: ParsedArticle, index: int | None, headline: str | None
) -> str:
    """Where an untrusted title came from, quoting the line: the article's first line is often
    site chrome ("Updated March 3", "By …"), dropped, and "the first line" would point at it."""
    if headline is None or index is None:
        return f"title {title!r} is a guess from the article's text (it has no headline); check it"
    line = headline if len(headline) <= 80 else headline[:79] + "…"
    skipped = article.blocks[:index]
    if not skipped:
        where = "the article's first line"
    elif all(is_chrome_line(block.text) for block in skipped):
        where = f"the first line after the site chrome dropped above it ({len(skipped)} line(s))"
    else:
        where = f"the first line short enough for a headline ({len(skipped)} line(s) above it)"
    return f"title {title!r} is a guess from the line {line!r}, {where}; check it"


def _headline(article: ParsedArticle) -> tuple[int | None, str | None, bool]:
    """The article's headline, its block, and whether it is surely one: an <h1> or a line that
    reads like an "ending explained" headline is; the first line of a plain file may not be."""
    early = [
        (index, block)
        for index, block in enumerate(article.blocks[: _HEADLINE_WINDOW * 2])
        if not is_chrome_line(block.text) and len(block.text) <= 160
    ][:_HEADLINE_WINDOW]
    # A page states its headline again in <title>/og:title/front matter; an <h1> that is not in
    # them is the blog's name. The block repeating a hint is the headline, wherever it sits.
    hints = [_fold(hint) for hint in article.title_hints]
    covering = [
        (_hint_cover(_fold(block.text), hints), index, block)
        for index, block in early
        if _title_from_headline(_strip_site_name(block.text), small=_in_small_letters(block.text))
        # "Night Desk Film Notes" in "Heat | Night Desk Film Notes": the site's part of a short
        # page title may be most of it, and is still no headline.
        and not _names_the_site(block.text, article.title_hints)
    ]
    best = max(covering, key=lambda entry: entry[0], default=None)
    if best is not None and best[0] >= _MIN_HINT_COVER:
        return best[1], best[2].text, True
    for index, block in early:
        if block.level == 1 and not _names_the_site(block.text, article.title_hints):
            return index, block.text, True
    if article.title_hints:
        for index, block in early:
            # A heading that dates a film under an "ending explained" cue (a document's Title
            # style over its file name in <title>) is the headline; that page title is a label.
            dated = _TITLE_YEAR.search(block.text) and HEADLINE_CUE.search(block.text)
            if block.is_heading and dated and _title_from_headline(_strip_site_name(block.text)):
                return index, block.text, True
        for index, block in early:
            # A heading that dates the film the page title names after the site's name
            # ("CITIZEN KANE (1941)" under "Dave's Movie Vault - Citizen Kane") is the headline.
            named = _title_from_headline(block.text) if _TITLE_YEAR.search(block.text) else None
            if (
                block.is_heading
                and named
                and any(_contains(hint, named) for hint in article.title_hints)
            ):
                return index, block.text, True
        return None, article.title_hints[0], True
    for index, block in early:
        # A kicker ("Ending Explained") has the cue but names no film; a sentence that says
        # "ending" ("Cuarón described the ending as…") is prose, not a headline.
        if block.text.rstrip(' "”’)]0123456789^[').endswith((".", "!", ";")):
            continue
        if HEADLINE_CUE.search(block.text) and _title_from_headline(
            _strip_site_name(block.text), small=_in_small_letters(block.text)
        ):
            return index, block.text, True
    return (early[0][0], early[0][1].text, False) if early else (None, None, False)


# How much of a page title a block must repeat to be its headline: "Midnight Matinee" is a
# prefix of "Midnight Matinee: Memento explained - …" but only a small part of it.
_MIN_HINT_COVER = 0.6


def _hint_cover(folded: str, hints: list[str]) -> float:
    if not folded:
        return 0.0
    shares = [
        len(folded) / len(hint)
        for hint in hints
        if hint and (folded == hint or hint.startswith(folded + " ") or hint.endswith(" " + folded))
    ]
    return max(shares, default=0.0)


def _names_the_site(text: str, hints: list[str]) -> bool:
    """A site's name is in no page title as its main part; a headline is in one at least. One
    page title that ends with it is enough when none starts with it: Reddit's og:title
    "r/TrueFilm on Reddit: …" names the board inside its label, its <title> "… : TrueFilm"."""
    if not hints:
        return False
    if all(_is_site_name(text, hint) for hint in hints):
        return True
    folded = _fold(text)
    return (
        bool(folded)
        and not (_TITLE_YEAR.search(text) or HEADLINE_CUE.search(text))
        and any(
            [_fold(part) for part in _SITE_OR_BOARD_SEPARATOR.split(hint)[1:][-1:]] == [folded]
            for hint in hints
        )
        and not any(_fold(hint).startswith(folded) for hint in hints)
    )


def _is_site_name(text: str, hint: str) -> bool:
    """ "Reel Thoughts" in the title "… – Reel Thoughts": the site's name, not the headline. A
    line that dates a film or reads like a headline ("… (1998): What the Ending Means") names no
    site, whatever the page's title says (a newsletter's "Issue #112")."""
    if _TITLE_YEAR.search(text) or (
        HEADLINE_CUE.search(text)
        and _title_from_headline(_strip_site_name(text), small=_in_small_letters(text))
    ):
        return False
    folded = _fold(text)
    # (a forum's "… : TrueFilm" sets its board's name off with a spaced colon, which no
    # headline's own colon has in English)
    parts = [_fold(part) for part in _SITE_OR_BOARD_SEPARATOR.split(hint)]
    return (len(parts) > 1 and folded in parts[1:]) or folded not in _fold(hint)


_SITE_OR_BOARD_SEPARATOR = re.compile(rf"{_SITE_SEPARATOR.pattern}|\s+:\s+")


def _choose_title(
    headline: str | None, trusted: bool, dated: list[tuple[str, int]], article: ParsedArticle
) -> str | None:
    counts = Counter(title for title, _ in dated)
    if headline:
        text = _strip_site_name(headline)
        listicle = _LISTICLE.match(text)
        if listicle:
            # "3 Symbols Hidden in Paddington 2": the film is the rest
            text = _listicle_film(listicle["rest"])
        both = _BOTH_TITLES.match(text)
        if both and any(
            _fold(hint).startswith(_fold(both["other"])) and both["year"] in hint
            for hint in article.title_hints
        ):
            # "Zimna wojna (Cold War, 2018) – zakończenie" under the page title "Cold War (2018)
            # Ending Explained": the page names the film by the title in the brackets.
            return both["other"].strip()
        # A dated title the headline starts with keeps its colon: "Star Wars: The Last Jedi".
        starts = [t for t in counts if text.lower().startswith(t.lower())]
        if starts:
            return _dated_in_body(max(starts, key=len), article)
        from_headline = _title_from_headline(text, small=_in_small_letters(headline))
        dated_hint = _dated_hint_title(article, counts)
        if dated_hint and (from_headline is None or _contains(from_headline, dated_hint)):
            # "Ines Calloway's review of Mulholland Drive" beside the page title "Mulholland
            # Drive (2001) review by…": the dated title is the film the headline talks about.
            return dated_hint
        teaser = (
            from_headline is not None
            and from_headline not in counts
            and bool(counts)
            and _is_teaser(from_headline)
        )
        # "Georges était coupable : Caché expliqué" over "Caché (2005) est…": words the body
        # never repeats, beside a title it dates, are a teaser in any language; the dated title
        # the headline names is the film.
        named = [
            t
            for dated_title in _body_dated(article, headline)
            for t in _caseless_tails(dated_title)
            if _contains(text, t)
        ]
        if (
            from_headline
            and from_headline not in counts
            and named
            and _mentions(from_headline, article) <= 1
        ):
            return max(named, key=lambda t: (counts[t], len(t)))
        # "# Teddy Daniels Is Andrew Laeddis" over "Shutter Island (2010)…": a headline that is a
        # sentence, and names nothing the article dates, is no title (the title is public).
        if (
            from_headline
            and not teaser
            and (trusted or _mentions(from_headline, article) >= _MIN_MENTIONS)
        ):
            return _with_subtitle(from_headline, text, article)
    return counts.most_common(1)[0][0] if counts else None


# "Train to Busan (Busanhaeng)", "Godzilla Minus One (ゴジラ-1.0)": a title with its original or
# romanised title in brackets after it.
_OTHER_TITLE_AFTER = re.compile(r"^(?P<title>[^()]+?)\s*\((?P<other>[^()]{1,60})\)$")


def _without_other_title(title: str, article: ParsedArticle, notes: list[str]) -> str:
    """The title without another title in brackets after it, when the article names the film
    by the first one on its own (a bracket that is part of the title is repeated with it)."""
    match = _OTHER_TITLE_AFTER.match(title)
    if match is None or _TITLE_YEAR.fullmatch(f"({match['other']})"):
        return title
    short = match["title"].strip()
    if _mentions(short, article) - _mentions(title, article) < 1:
        return title
    notes.append(f"title {short!r}: '({match['other']})' after it taken for another title")
    return short


def _with_subtitle(title: str, headline: str, article: ParsedArticle) -> str:
    """ "Glass Onion: A Knives Out Mystery ending explained": the words after the colon, up to
    the cue, are the title's own subtitle when the article names the film with them."""
    if not headline.startswith(f"{title}: "):
        return title
    rest = _title_from_headline(headline[len(title) + 2 :])
    if not rest:
        return title
    whole = f"{title}: {rest}"
    return whole if _mentions(whole, article) else title


def _body_dated(article: ParsedArticle, headline: str | None = None) -> set[str]:
    """The titles the article's own text dates, its headline left out."""
    return {
        found
        for block in article.blocks
        if block.text != headline
        for match in _TITLE_YEAR.finditer(block.text)
        if (found := _title_run(block.text[: match.start()]))
    }


def _caseless_tails(title: str) -> list[str]:
    """A dated run of words in a script without capitals ("สวัสดีครับ เพิ่งได้ดู ฉลาดเกมส์โกง
    (2017)"): nothing says where the sentence ends and the title starts, so each of its tails
    may be the title (the headline naming one says which)."""
    words = title.split()
    if len(words) < 2 or not _caseless_letter(title[:1]):
        return [title]
    return [" ".join(words[start:]) for start in range(len(words))]


def _dated_in_body(title: str, article: ParsedArticle) -> str:
    """ "The Star Gate and the Star Child: 2001: A Space Odyssey (1968)": a headline's teaser runs
    into a title with a colon of its own. When the body dates only the part after one of the
    colons, that part is the film."""
    body = _body_dated(article)
    if title in body:
        return title
    tails = [title[m.end() :] for m in re.finditer(r":\s+", title)]
    return max((tail for tail in tails if tail in body), key=len, default=title)


def _dated_hint_title(article: ParsedArticle, counts: Counter[str]) -> str | None:
    """A dated title a page title opens with: "Mulholland Drive (2001) review by …"."""
    for hint in article.title_hints:
        starts = [t for t in counts if _fold(hint).startswith(_fold(t) + " ")]
        if starts:
            return max(starts, key=len)
    return None


def _contains(text: str, title: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(_fold(title))}(?!\w)", _fold(text)) is not None


# An opening line that is not clearly a headline names the film only if the text repeats it.
_MIN_MENTIONS = 3


def _mentions(title: str, article: ParsedArticle) -> int:
    pattern = re.compile(rf"(?<!\w){re.escape(title)}(?!\w)")
    return sum(len(pattern.findall(block.text)) for block in article.blocks)


def _strip_site_name(headline: str) -> str:
    headline = _THREAD_LABEL.sub("", headline).strip() or headline
    # "Ep. 112 – Caché (2005): …": the dash after a running number is no site's separator.
    headline = _SERIAL_LABEL.sub("", headline.lstrip("*_ "), count=1).strip() or headline
    # A dash inside a quoted title ("„Who Am I – Kein System ist sicher“: Das Ende erklärt")
    # is the title's own, not the site's separator.
    quoted = _QUOTED_TITLE.match(headline)
    head = quoted.group(0) if quoted else ""
    parts = _SITE_SEPARATOR.split(headline[len(head) :])
    parts[0] = head + parts[0]
    cued = next((part for part in parts if HEADLINE_CUE.search(part)), None)
    index = parts.index(cued) if cued is not None else 0
    # "THE THING (1982) - ENDING EXPLAINED": the dash joins a dated title to its cue.
    if (
        cued is not None
        and index
        and _title_from_headline(cued) is None
        and (
            _TITLE_YEAR.search(parts[index - 1])
            # "Godzilla Minus One – The Ending Explained": a part that is only the cue
            or _CUE_ONLY_LABEL.fullmatch(cued.strip(" .!:"))
            # "Relatos salvajes – el final explicado": the same in another language
            or _CUE_ONLY.fullmatch(cued.strip(" .!:"))
        )
    ):
        return f"{parts[index - 1].strip()} {cued.strip()}"
    return (cued if cued is not None else parts[0]).strip()


# A title set off in quotation marks: "‘Léon: The Professional’ Ending Explained".
# (German quotes open low and close high: „Who Am I“; French ones are guillemets: « Caché »)
_QUOTED_TITLE = re.compile(
    r"^(?:[‘“\"']|„|«\s?)(?P<title>(?:[^’”\"“»]|’(?=\w)){1,100}?)(?:[’”\"'“]|\s?»)(?=[\s,:'’]|$)"
)


def quoted_before_cue(headline: str) -> str | None:
    """The film a headline quotes before a cue that names no other film: "'Ainda Estou Aqui':
    entenda o final do filme", "'Barbarian': the ending explained" — unless the quoted words
    read as a line of the film or a teaser ("'He was dead all along': the ending explained"),
    or ask a question ("'Was Malcolm dead?'"; "Who Am I" is a title, a question only in
    shape). Such words may still be a teaser: the article must name the film by them too."""
    quoted = _QUOTED_TITLE.match(headline.strip("*_# "))
    if quoted is None:
        return None
    teased = re.match(r"\s*(?::|[–—-])\s+(?P<rest>.+)$", headline.strip("*_# ")[quoted.end() :])
    said = clean_space(quoted["title"])
    if not (teased and HEADLINE_CUE.search(teased["rest"])):
        return None
    if _title_from_headline(teased["rest"]) is not None:
        return None
    if gives_away(said) or _is_teaser(said) or ends_as_question(said):
        return None
    return said


def _named_elsewhere(title: str, article: ParsedArticle, headline_index: int | None) -> bool:
    """Whether the article names the film by ``title`` (or its part before a dash or a colon)
    outside its headline: in its text, or in a caption dropped as furniture."""
    short = re.split(r"\s+[–—-]\s+|:\s", title)[0]
    names = re.compile(rf"(?<!\w)(?:{re.escape(title)}|{re.escape(short)})(?!\w)")
    texts = [b.text for i, b in enumerate(article.blocks) if i != headline_index]
    return any(names.search(text) for text in [*texts, *article.dropped])


# A title or a short word before a name, whose full stop ends no sentence: "The Talented Mr.
# Ripley", "Bill & Ted's Bogus Journey vs. …", "Ocean's Eleven feat. …".
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:mr|mrs|ms|dr|st|jr|sr|prof|rev|fr|gen|lt|col|capt|sgt|vs|vol|no|feat|ft)\.$", re.I
)


def _teaser_sentences(text: str) -> list[str]:
    parts: list[str] = []
    for part in re.split(r"(?<=[?!.])\s+(?=\S)", text):
        if (
            parts
            and parts[-1].endswith(".")
            and (len(parts[-1].split()) < 3 or _ABBREVIATION.search(parts[-1]))
        ):
            parts[-1] = f"{parts[-1]} {part}"  # "Mrs. Doubtfire", "The Talented Mr. Ripley"
        else:
            parts.append(part)
    return parts


# "Episode 147:", "Issue #12 –", "S02E05:": a series' running number before the headline proper.
_SERIAL_LABEL = re.compile(
    r"^(?:(?:episode|ep\.?|issue|no\.|part|chapter|vol(?:ume)?\.?|season \d+,? episode"
    # a course's or a club's running number: "Week 7:", "Lecture 12 –", "Session 3:"
    r"|week|lecture|session|lesson|class|seminar|module|unit|screening|meeting)\s*#?"
    r"|#|s\d{1,2}e)\d{1,4}[a-z]?\s*(?::|[–—-]|\|)\s+(?=\S)",
    re.I,
)
_WHOLLY_QUOTED = re.compile(r"^[“\"‘'](?P<inner>[^“”\"]+)[”\"’']$")
# "Thread: …", "🧵 …", "… explained, a 🧵 (1/12)": a social post's label for a thread of posts.
_THREAD_LABEL = re.compile(
    r"^(?:(?:(?:a |mega ?|long )?thread\s*🧵?|🧵)\s*(?::|[–—]|\|)\s*|🧵\s*)(?=\S)"
    r"|(?:\s*[,:–—]\s*(?:a |long )?(?:thread|🧵)|\s*🧵|\s*\(thread\))"
    r"\s*(?:\(?\d{1,2}/\d{0,2}\)?)?\s*[:.!]*$",
    re.I,
)


def _in_small_letters(text: str) -> bool:
    """A line typed all in small letters ("the florida project ending, explained")."""
    return not any(c.isupper() for c in text) and any(c.islower() for c in text)


def _title_from_headline(text: str, *, small: bool = False) -> str | None:
    """The film a headline names; ``small``: the whole headline is in small letters, so a title
    in them is still one (a part of a headline in small letters is only its teaser: "Enemy
    (2013) - that spider ending")."""
    text = text.strip("*_# ")
    text = _SERIAL_LABEL.sub("", text)
    marked = _MARKED_IN_HEADLINE.search(text)
    if marked:
        return clean_space(next(group for group in marked.groups() if group))
    text = _BRACKET_KICKER.sub("", text)
    quoted_headline = _WHOLLY_QUOTED.match(text)
    if quoted_headline and HEADLINE_CUE.search(quoted_headline["inner"]):
        text = quoted_headline["inner"]  # a podcast episode's quoted headline
    if re.match(r"\d{1,2}[.)]\s", text) and not _LISTICLE.match(text):
        return None  # "1. The ending": a numbered part of the article, never its headline
    listicle = _LISTICLE.match(text)
    if listicle:
        text = _listicle_film(listicle["rest"])
    quoted = _QUOTED_TITLE.match(text)
    if quoted:
        rest = text[quoted.end() :]
        teased = re.match(r"\s*(?::|[–—-])\s+(?P<rest>.+)$", rest)
        if not (teased and HEADLINE_CUE.search(teased["rest"])):
            return clean_space(quoted["title"])
        # "'I see dead people': The Sixth Sense ending explained": a quotation, then the film.
        said = quoted_before_cue(text)
        if said is not None:
            return said
        text = teased["rest"]
    # "What is Jean Jacket? Nope, explained", "Oliver Did It All Along. Saltburn's Ending,
    # Explained": a teaser before the headline proper (a sentence, not "Mrs." or "Dr.").
    asked = _teaser_sentences(text)
    if len(asked) > 1:
        text = next((part for part in asked if HEADLINE_CUE.search(part)), asked[0])
    left, _, right = text.partition(": ")
    if right and _CUE_ONLY_LABEL.fullmatch(left.strip(" *_")):
        # "Ending Explained: Past Lives (2023)": the label first, then the film.
        left = re.split(r":\s", right, maxsplit=1)[0]
    elif (
        right and HEADLINE_CUE.search(right) and not HEADLINE_CUE.search(left) and _is_teaser(left)
    ):
        # "Malcolm Was Dead All Along: The Sixth Sense Ending Explained": a teaser (often the
        # twist itself) before the headline proper. A franchise's name before a colon is short.
        left = re.split(r":\s", right, maxsplit=1)[0]
    # "Låt den rätte komma in (2008) – slutet förklarat": a year right after the words says they
    # are a title, even one ending in a small word.
    year_after = _TITLE_YEAR.search(left)
    before_year = left[: year_after.start()].strip(" ,.-–—\"“”'‘’") if year_after else None
    match = next(filter(None, (pattern.match(left) for pattern in _TITLE_BEFORE_CUE)), None)
    # "the florida project ending, explained": a headline typed all in small letters (a Tumblr
    # or chat post) names the film before its cue all the same; only the cue says where.
    small = small and bool(match)
    if match:
        left = match["title"]
    elif _QUESTION.match(left):
        return None  # "What happens at the end?" heads a section; it is no headline
    left = _DISAMBIGUATION.sub("", _TITLE_YEAR.sub("", left))
    left = re.sub(r"(?:'s|’s)$", "", left.strip(" ,.-–—\"“”'‘’"))
    words = left.split()
    # A whole sentence is not a title; real titles are short and start with a capital.
    if (
        not words
        or len(words) > 10
        or not (left[0].isupper() or left[0].isdigit() or _caseless_letter(left[0]) or small)
    ):
        return None
    if _CUE_ONLY.fullmatch(left) or all(word.lower() in _CONNECTORS for word in words):
        return None  # "The ending" names a section, not a film
    if words[-1].lower() in _CONNECTORS and len(words) > 1 and left != before_year:
        return None  # "Cuarón described the (ending…)": a sentence cut at the cue, no title
    return clean_space(left)


def _unfurnished(text: str) -> list[str]:
    """The text, or when it reads as furniture, its sentences that do not: an intro that ends
    "…splits audiences to this day. Major spoilers below." still dates the film."""
    if not is_chrome_line(text):
        return [text]
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    if len(sentences) < 2:
        return []
    return [sentence for sentence in sentences if not is_chrome_line(sentence)]


def _year_group(match: re.Match[str]) -> str:
    """The year a sentence pattern found, whichever of its alternatives (year, year2…) did."""
    return next(
        value for key, value in match.groupdict().items() if key.startswith("year") and value
    )


def _year_for(
    title: str,
    headline: str | None,
    dated: list[tuple[str, int]],
    article: ParsedArticle,
    notes: list[str],
) -> int | None:
    texts = [*article.title_hints, *(block.text for block in article.blocks)]
    # "Pan's Labyrinth (2006)", "The Sixth Sense (1999)" anywhere, a spoiler warning included.
    right_after = re.compile(
        rf"(?<!\w){re.escape(title)}['’]?s?[)』」》〉>»”\"]?,?\s*[(\[（]{_BEFORE_YEAR}"
        rf"(?P<year>(?:18|19|20)\d\d){_YEAR_CHARACTER}"
        rf"(?: (?:[\w.'’-]+ ){{0,4}}(?:[Ff]ilm|[Mm]ovie))?[)\]）]",
        re.I,
    )
    years = Counter(int(m["year"]) for text in texts for m in right_after.finditer(text))
    if not years:
        years = Counter(y for t, y in dated if t.lower() == title.lower())
    if not years:
        # A spoiler banner or a page header dropped as furniture may be all that dates the film.
        chrome = Counter(
            int(m["year"]) for text in article.dropped for m in right_after.finditer(text)
        )
        if chrome:
            year = chrome.most_common(1)[0][0]
            notes.append(f"year {year} found only in text dropped as site chrome; check it")
            return year
    if not years:
        # The page's own summary: "Sam Esmail's Leave the World Behind (2023) ends on…"
        # (a subtitled title by its first part: "Glass Onion (2022)" for "Glass Onion: A
        # Knives Out Mystery")
        short = title.split(": ")[0]
        short_after = re.compile(
            right_after.pattern.replace(re.escape(title), re.escape(short), 1), re.I
        )
        summary = Counter(
            int(m["year"])
            for text in article.descriptions
            for pattern in (right_after, short_after)
            for m in pattern.finditer(text)
        )
        if summary:
            year = summary.most_common(1)[0][0]
            notes.append(f"year {year} found only in the page's description; check it")
            return year
    if years:
        year, _ = years.most_common(1)[0]
        if len(years) > 1:
            others = ", ".join(str(y) for y in sorted(years) if y != year)
            notes.append(f"year {year} chosen, but the article also dates {title} {others}")
        return year
    if headline:
        match = _TITLE_YEAR.search(headline)
        if match:
            notes.append(f"year {match['year']} taken from the headline, not beside the title")
            return int(match["year"])
    lines = [line for block in article.blocks for line in _unfurnished(block.text)]
    # Sentences naming the film first: an article about one film often dates others too.
    naming = [t for t in lines if title.lower() in t.lower()]
    for text in naming + [t for t in lines if t not in naming]:
        for pattern in _SENTENCE_YEARS:
            match = pattern.search(text)
            if match:
                where = "a sentence naming the film" if text in naming else "a sentence"
                year = _year_group(match)
                notes.append(f"year {year} is a guess from {where}: {text[:60]!r}")
                return int(year)
    for text in article.descriptions:
        if title.split(": ")[0].lower() not in text.lower():
            continue
        for pattern in _SENTENCE_YEARS:
            match = pattern.search(text)
            if match:
                year = _year_group(match)
                notes.append(f"year {year} is a guess from the page's description: {text[:60]!r}")
                return int(year)
    others = sorted({y for _, y in dated})
    if others:
        notes.append(f"no year beside {title!r}; the article dates other films {others}")
    return None
