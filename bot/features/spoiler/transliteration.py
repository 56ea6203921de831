"""Cyrillic, Greek, Hangul, Devanagari and katakana written in Latin letters, so a title spelt
in them is found.

Members writing Russian, Greek, Korean or Hindi spell a foreign film's title as it sounds in
their script ("Ла-Ла Ленд", "메리디안 스테이션", "ला ला लैंड"). Written back in Latin letters
(Russian's common transliteration, Greek's plain one, Korean's Revised Romanization, Hindi as
Hinglish chat spells it, with the vowel Hindi leaves unwritten said where Hindi says it) it
comes out close to the title ("la-la lend", "meridian seuteisyeon", "la la laind"), and film
names are found with a typo's allowance (``mentions``). Only for finding names: the guard reads
no words of these languages.
"""

from __future__ import annotations

import re
import unicodedata


def _sounds(text: str) -> list[str]:
    """A table's Latin spellings, one a letter, written as text ("-": no letter, as
    Cyrillic's hard and soft signs and Hangul's silent initial or missing final are)."""
    return text.split()


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        _sounds(
            "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i i ye g"
        ),
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
        _sounds("a v g d e z i th i k l m n x o p r s s t y f ch ps o a e i i o y o i y i y"),
        strict=True,
    )
)
_INITIALS = _sounds("g kk n d tt r m b pp s ss - j jj ch k t p h")
_VOWELS = _sounds("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
_FINALS = _sounds("- k k k n n n t l k m l l l p l m p p t t ng t t k t p t")
_HANGUL = range(0xAC00, 0xD7A4)
OTHER_SCRIPT = re.compile(
    "[\u0370-\u03ff\u0400-\u04ff\u0900-\u097f\uac00-\ud7a3\u30a1-\u30fa\u30fc]"
)

# Katakana, in which Japanese spells a foreign title as it sounds ("ラ・ラ・ランド"): each
# letter's syllable (Hepburn), the small ones joining the one before ("フィ" fi, "キャ" kya).
_KATAKANA = dict(
    zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
        _sounds(
            "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he"
            " ho ma mi mu me mo ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da"
            " ji zu de do ba bi bu be bo pa pi pu pe po vu"
        ),
        strict=True,
    )
)
_SMALL_KANA = dict(zip("ァィゥェォャュョ", _sounds("a i u e o ya yu yo"), strict=True))
_KATAKANA_WORD = re.compile("[\u30a1-\u30fa\u30fc]+")


def _katakana(word: str, *, loan: bool = False) -> str:
    """A katakana word in Latin letters; ``loan``: as the English word it spells, "r" as "l"
    (Japanese has one sound for both) and the vowel Japanese adds after a consonant English
    ends on left out ("ランド" is "land", not "rando")."""
    out: list[str] = []
    for char in word:
        if char in _SMALL_KANA and out and len(out[-1]) > 1:
            small = _SMALL_KANA[char]
            base = out[-1].rstrip("aeiou")
            if small.startswith("y") and base.endswith(("sh", "ch", "j")):
                small = small[1:]  # "ショ": sho, "ジャ": ja
            elif small.startswith("y"):
                base = out[-1][:-1]  # "キャ": kya
            out[-1] = base + small  # "フィ": fi, "ティ": ti
        elif char == "ー" or char == "ッ":
            continue  # a long vowel or a doubled consonant: the same letters in English
        else:
            out.append(_KATAKANA.get(char) or _SMALL_KANA.get(char, ""))
    if loan:
        out = [syllable.replace("r", "l") for syllable in out]
        for at, syllable in enumerate(out):
            last = at == len(out) - 1
            after = "" if last else out[at + 1]
            closing = last or (after[:1] not in "aeiou" and after != "n")
            if closing and syllable in _ADDED_VOWEL:
                out[at] = _ADDED_VOWEL[syllable]
    return "".join(out)


_ADDED_VOWEL = {"do": "d", "to": "t", "su": "s", "ku": "k", "gu": "g", "bu": "b", "pu": "p"}
_ADDED_VOWEL |= {"mu": "m", "fu": "f", "lu": "l", "zu": "z", "tsu": "ts"}
"""A syllable Japanese writes for a consonant English ends a word or syllable on."""

_DEVANAGARI_CONSONANTS = dict(
    zip(
        "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह",
        _sounds("k kh g gh n ch chh j jh n t th d dh n t th d dh n p f b bh m y r l v sh sh s h"),
        strict=True,
    )
)
_NUKTA = "\u093c"
"""The dot under a consonant that makes the sound Persian and English loans have: "ज़" is z."""
_NUKTA_CONSONANTS = {"क": "q", "ख": "kh", "ग": "gh", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f"}
_DEVANAGARI_SIGNS = dict(zip("ािीुूृेैोौॅॉ", _sounds("a i i u u ri e ai o au e o"), strict=True))
"""Vowel signs after a consonant (long and short vowels alike: chat spells "ī" as "i")."""
_DEVANAGARI_VOWELS = dict(
    zip("अआइईउऊऋएऐओऔऍऑ", _sounds("a a i i u u ri e ai o au e o"), strict=True)
)
_VIRAMA = "\u094d"
"""The sign that a consonant has no vowel of its own ("स्ट" is "st")."""
_NASALS = {"\u0902": "n", "\u0901": "n", "\u0903": "h"}
"""Anusvara and chandrabindu (a nasal: "लैंड" is "laind"), visarga (an "h")."""
_DEVANAGARI_WORD = re.compile("[\u0900-\u097f]+")


def _devanagari(word: str) -> str:
    """One Devanagari word in Latin letters. A consonant with no sign after it carries the
    vowel "a" Hindi leaves unwritten, except where Hindi does not say it: at the end of a word,
    and between a vowel and a consonant with a vowel of its own ("मरता" is "marta",
    "किंगफिशर" "kingfishar")."""
    units: list[list[str]] = []  # [consonant, vowel, "inherent" if the vowel is unwritten]
    chars = unicodedata.normalize("NFD", word)
    at = 0
    while at < len(chars):
        char = chars[at]
        at += 1
        if char in _DEVANAGARI_CONSONANTS:
            sound = _DEVANAGARI_CONSONANTS[char]
            if chars[at : at + 1] == _NUKTA:
                sound = _NUKTA_CONSONANTS.get(char, sound)
                at += 1
            following = chars[at : at + 1]
            if following == _VIRAMA:
                units.append([sound, "", ""])
                at += 1
            elif following in _DEVANAGARI_SIGNS:
                units.append([sound, _DEVANAGARI_SIGNS[following], ""])
                at += 1
            else:
                units.append([sound, "a", "inherent"])
        elif char in _DEVANAGARI_VOWELS:
            units.append(["", _DEVANAGARI_VOWELS[char], ""])
        elif char in _NASALS and units:
            units[-1][1] += _NASALS[char]
    for index, (_consonant, vowel, inherent) in enumerate(units):
        if not inherent or vowel != "a":  # a nasal after it keeps it: "जायंट" is "jayant"
            continue
        after = units[index + 1] if index + 1 < len(units) else None
        if after is None:
            units[index][1] = ""  # "लैंड" is "laind", not "lainda"
            continue
        before = units[index - 1] if index else None
        voiced_before = before is not None and before[1] != ""
        lasting = after[1] != "" and (not after[2] or index + 2 < len(units))
        if voiced_before and after[0] and lasting:
            units[index][1] = ""  # "मरता": "marta"
    return "".join(consonant + vowel for consonant, vowel, _ in units)


def _hangul(syllable: int, *, loan: bool = False) -> str:
    code = syllable - _HANGUL.start
    initial, vowel, final = code // 588, code % 588 // 28, code % 28
    parts = [_INITIALS[initial], _VOWELS[vowel], _FINALS[final]]
    if loan:
        # An English word as Korean spells it: "l" and "r" are both ㄹ, "a" is ㅐ ("랜" is
        # "lan"), and a consonant English ends a syllable with takes ㅡ ("드" is "d").
        if initial == _RIEUL:
            parts[0] = "l"
        if vowel == _AE:
            parts[1] = "a"
        elif vowel == _EU and not final and initial != _SILENT:
            parts[1] = ""
    return "".join(part.strip("-") for part in parts)


_RIEUL, _SILENT = 5, 11
"""ㄹ and the silent ㅇ, as initials."""
_AE, _EU = 1, 18
"""The vowels ㅐ and ㅡ."""


def _letter(char: str, *, loan: bool = False) -> str:
    if ord(char) in _HANGUL:
        return _hangul(ord(char), loan=loan)
    lower = char.lower()
    latin = _CYRILLIC.get(lower) or _GREEK.get(lower)
    return char if latin is None else latin.strip("-")


# The guard reads Cyrillic and Greek letters drawn as Latin ones as Latin ("она" as "oнa", so a
# disguised English word reads as itself), but in a word of those scripts they are its own
# letters: Cyrillic "р", "с", "у", "х" sound r, s, u, kh, Greek "ρ", "ν", "υ" r, n, y.
_CYRILLIC_LOOKALIKES = str.maketrans("pcyxPCYX", "рсухРСУХ")
_GREEK_LOOKALIKES = str.maketrans("pvuPVU", "ρνυΡΝΥ")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_GREEK_LETTER = re.compile("[\u0370-\u03ff]")
_MIXED_WORD = re.compile(r"[^\W\d_]*[\u0370-\u04ff][^\W\d_]*")


def _own_letters(word: str) -> str:
    """A Cyrillic or Greek word with its letters drawn as Latin ones read as its own."""
    if _CYRILLIC_LETTER.search(word):
        return word.translate(_CYRILLIC_LOOKALIKES)
    if _GREEK_LETTER.search(word):
        return word.translate(_GREEK_LOOKALIKES)
    return word


def in_latin(text: str, *, loan: bool = False) -> str | None:
    """``text`` with its Cyrillic, Greek, Hangul and Devanagari letters in Latin ones; None
    when it has none (most messages), so a caller does no second pass. ``loan``: Hangul read
    as Korean spells English words (``_hangul``): 라라랜드 is "lalaland", not "rararaendeu"."""
    if text.isascii() or not OTHER_SCRIPT.search(text):
        return None
    text = _DEVANAGARI_WORD.sub(lambda word: _devanagari(word.group()), text)
    # Japanese puts no space between words: a katakana word ends where its letters do, and
    # "・" parts a foreign name's words ("ラ・ラ・ランドの結末" is "la la land の結末").
    text = _KATAKANA_WORD.sub(lambda word: f" {_katakana(word.group(), loan=loan)} ", text)
    text = text.replace("\u30fb", " ")
    text = _MIXED_WORD.sub(lambda word: _own_letters(word.group()), text)
    return "".join([_letter(char, loan=loan) for char in text])


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds Hangul or katakana, which spell English titles their own way
    (``in_latin``'s ``loan``)."""
    return any(ord(char) in _HANGUL or _KATAKANA_WORD.match(char) for char in text)
