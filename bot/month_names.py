"""Month names as people write them in dates ("dec", "Sept", "December", "déc", "Dezember",
"diciembre", "grudnia"): one table for every reader of dates (content files' release dates,
embargo ends).

English, and the languages Epilogue's members and articles write in (those the spoiler guard
reads, ``bot/features/spoiler/other_languages.py``): French, German, Spanish, Portuguese,
Italian, Dutch, Swedish, Polish (the nominative and the genitive of dates, "25 grudnia"),
Turkish, Indonesian and Hindi (in Devanagari, "25 दिसंबर", and romanised, "25 disambar").
Japanese names a month by its number, "12月": ``bot.features.spoiler_rules.dates`` reads
that. Each name is read with or without its accents ("decembre", "marz",
"aralik"). A short form that is another month's name, or an English word of dates in another
language ("ago": August in Spanish and Italian, a day gone in English), is left out: it is
refused as unread, never read as a wrong day (an embargo lifting early is a spoiler leak).
"""

from __future__ import annotations

import calendar
import unicodedata

_OTHER_LANGUAGES: tuple[tuple[str, ...], ...] = (
    # Twelve months a line, each month's names between the bars, January first.
    # French
    ("janvier janv", "février févr fév", "mars", "avril avr", "mai", "juin", "juillet juil",
     "août", "septembre", "octobre", "novembre", "décembre déc"),
    # German (Austrian "Jänner" too)
    ("januar jänner", "februar feber", "märz maerz mär", "april", "mai", "juni", "juli",
     "august", "september", "oktober okt", "november", "dezember dez"),
    # Spanish
    ("enero ene", "febrero", "marzo", "abril abr", "mayo", "junio", "julio", "agosto",
     "septiembre setiembre", "octubre", "noviembre", "diciembre dic"),
    # Portuguese
    ("janeiro", "fevereiro fev", "março", "abril", "maio", "junho", "julho", "agosto",
     "setembro set", "outubro", "novembro", "dezembro"),
    # Italian
    ("gennaio gen", "febbraio", "marzo", "aprile", "maggio mag", "giugno giu", "luglio lug",
     "agosto", "settembre", "ottobre ott", "novembre", "dicembre"),
    # Dutch
    ("januari", "februari", "maart mrt", "april", "mei", "juni", "juli", "augustus",
     "september", "oktober", "november", "december"),
    # Swedish
    ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"),
    # Polish: the month, and its genitive, as a date says it ("25 grudnia")
    ("styczeń stycznia", "luty lutego", "marzec marca", "kwiecień kwietnia", "maj maja",
     "czerwiec czerwca", "lipiec lipca", "sierpień sierpnia", "wrzesień września",
     "październik października", "listopad listopada", "grudzień grudnia"),
    # Turkish
    ("ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
     "ekim", "kasım", "aralık"),
    # Indonesian
    ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
     "oktober", "november", "desember"),
    # Hindi, in Devanagari (either spelling of a conjunct: "सितंबर" and "सितम्बर")
    ("जनवरी", "फ़रवरी फरवरी", "मार्च", "अप्रैल अप्रेल", "मई", "जून", "जुलाई", "अगस्त",
     "सितंबर सितम्बर", "अक्टूबर अक्तूबर", "नवंबर नवम्बर", "दिसंबर दिसम्बर"),
    # Hindi as members romanise it (the guard reads romanised Hindi too)
    ("janvari janavari", "farvari pharvari", "march", "aprail", "mai", "joon jun", "julai",
     "agast", "sitambar", "aktubar aktoobar", "navambar", "disambar"),
)  # fmt: skip


def _unaccented(name: str) -> str:
    """``name`` without its accents, as typed on a keyboard without them: "décembre" as
    "decembre", "październik" as "pazdziernik", Turkish "aralık" as "aralik"."""
    name = name.replace("ı", "i").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def written(text: str) -> str:
    """``text`` as dates are read: compatibility forms folded (full-width digits, "１２月", as
    a Japanese keyboard types them; a Devanagari letter with its nukta as one character or
    two alike) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _months() -> dict[str, int]:
    english = [
        (number, (calendar.month_name[number], calendar.month_abbr[number]))
        for number in range(1, 13)
    ]
    english.append((9, ("sept",)))
    others = [
        (number, tuple(names.split()))
        for language in _OTHER_LANGUAGES
        for number, names in enumerate(language, 1)
    ]
    months: dict[str, int] = {}
    for number, names in english + others:
        for name in names:
            # NFKC too: as ``written`` reads a date ("फ़" typed as one character or two).
            for form in {name.lower(), _unaccented(name.lower()), written(name)}:
                if months.setdefault(form, number) != number:
                    # One word for two months would read some dates as a wrong day.
                    raise ValueError(f"{form!r} names months {months[form]} and {number}")
    return months


MONTHS: dict[str, int] = _months()
"""Each month's full and short names, lower case, with and without accents, to its number."""

MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
"""A regular expression alternation of :data:`MONTHS`, longest first ("sept" before "sep")."""
