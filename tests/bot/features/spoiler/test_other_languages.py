"""Messages in other languages: their outcome words read as English, before the guard reads them."""

from __future__ import annotations

import pytest

from bot.epilogue import Epilogue
from bot.features.spoiler.other_languages import LANGUAGES, fold, in_english, lexicon, parse
from tests.bot.features.spoiler.test_guard import READ_ON_SQLITE, check, guard_on

# -- the reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Daniel se muere envenenado y nadie lo salva", "dies poisoned"),
        ("al final la hermana es la asesina", "in the end"),
        ("al final la hermana es la asesina", "is the killer"),
        ("no terminan juntos", "end up together"),
        ("no final a irmã mais nova põe fogo no teatro", "sets fire"),
        ("o detetive é o assassino", "is the killer"),
        ("à la fin il meurt et elle se marie avec le frère", "in the end"),
        ("à la fin il meurt et elle se marie avec le frère", "dies"),
        ("à la fin il meurt et elle se marie avec le frère", "marries"),
        ("Am Ende stirbt der Vater und die Tochter heiratet", "in the end dies"),
        ("Am Ende stirbt der Vater und die Tochter heiratet", "marries"),
        ("alla fine muore il padre e lei sposa il fratello", "in the end dies"),
        ("end mein papa mar jaata hai aur beti shaadi kar leti hai", "in the end"),
        ("end mein papa mar jaata hai aur beti shaadi kar leti hai", "dies"),
        ("end mein papa mar jaata hai aur beti shaadi kar leti hai", "marries"),
        ("detective khud hi killer nikla yaar", "was the killer"),
        ("Aan het eind sterft de vader en de dochter trouwt met de buurman", "in the end dies"),
        ("Aan het eind sterft de vader en de dochter trouwt met de buurman", "marries"),
        ("de commandant saboteert de reactor en verkoopt alles", "sabotages"),
        ("het blijkt dat de rechercheur zelf de moordenaar is", "turns out"),
        ("het blijkt dat de rechercheur zelf de moordenaar is", "the killer"),
        ("I slutet dör pappan och dottern gifter sig med grannen", "in the end dies"),
        ("I slutet dör pappan och dottern gifter sig med grannen", "marries"),
        ("polisen griper honom vid hamnen, det var han som gjorde det", "arrests"),
        ("polisen griper honom vid hamnen, det var han som gjorde det", "it was him who"),
    ],
)
def test_outcome_words_of_other_languages_are_read_in_english(text: str, said: str) -> None:
    assert said in in_english(text)


def test_accents_are_folded_and_conjugations_read_alike() -> None:
    assert "died" in in_english("el padre murio esa noche")
    assert "died" in in_english("el padre murió esa noche")
    assert "dies" in in_english("EL PADRE MUERE")
    # "se casa" is marrying; "casa" alone is a house.
    assert "marries" in in_english("Mia se casa con otro")
    assert "marr" not in in_english("la casa de Mia")


def test_the_longest_form_at_a_place_is_read_first() -> None:
    # Portuguese "casa com" marries; "em casa com" is at home with. Hindi "saath" is together;
    # "ke saath" is with.
    assert "marries" in in_english("a Mia casa com outro")
    assert "marr" not in in_english("vi o filme em casa com meu pai")
    assert "together" in in_english("Mia aur Seb saath rehte hain")
    assert "together" not in in_english("maine film papa ke saath dekhi")


@pytest.mark.parametrize(
    "english",
    [
        "the war is over and they die in the end, no spoilers",
        "Mae and Ella meet at the start of an era",
        "bolt saves the town and pip grows up, that final scene though",
        "my mom watched it with me and she cried at the end",
        "the brand new trailer is a gift, vader would be proud",
        "my dog had a van full of spook stuff for halloween",
        # Words and names English shares with the Polish, Turkish, Indonesian and Japanese forms.
        "had an ale and went to the pod recording, no spoilers",
        "Gina and Ada never say no to a VAR rant",
    ],
)
def test_english_is_read_as_written(english: str) -> None:
    assert in_english(english) == english


def test_a_word_english_has_too_is_read_only_when_the_message_shows_its_language() -> None:
    # "war" and "die" are English words; with German words around them they are German.
    assert in_english("der Angeklagte war schuldig") == "the Angeklagte was guilty"
    assert "the killer" in in_english("die Mörderin ist die Schwester")
    assert in_english("the war ends") == "the war ends"


def test_a_form_two_languages_read_differently_is_read_in_the_language_shown() -> None:
    # Spanish "no" denies; Portuguese "no" is "in the".
    assert "not dies" in in_english("Mia no muere")
    assert "not" not in in_english("ela morre no hospital, é muito triste")


def test_a_question_asked_the_languages_way_is_read_as_english_asks() -> None:
    assert in_english("¿Muere el perro al final?").startswith("does dies")
    assert in_english("¿Quién muere al final?").startswith("who dies")
    assert in_english("end mein koi mar jaata hai kya?").startswith("does ")
    # Asked verb first, as German asks, and Spanish without its "¿".
    assert in_english("Stirbt jemand am Ende?").startswith("does dies anyone")
    assert in_english("Muere alguien en X? no sé").startswith("does dies anyone")
    # Stated, the same words tell.
    assert in_english("Am Ende stirbt jemand. Traurig, oder?").startswith("in the end dies")


def test_figures_of_speech_and_family_are_read_as_english_says_them() -> None:
    assert "died laughing" in in_english("me muero de risa con Seb")
    assert "died laughing" in in_english("dekh ke hasi se mar gaya yaar")
    assert "died laughing" in in_english("je suis mort de rire")
    assert "Nell's mother was alive" in in_english("la madre de Nell estaba viva")
    assert "Nell's mother was alive" in in_english("Nell ki maa zinda thi")
    assert "is her father" in in_english("o comprador é o pai dela")
    assert "is their father" in in_english("el comprador es su padre")


def test_every_language_of_the_lexicon_reads_its_outcome_words() -> None:
    shipped = lexicon()
    languages = {reading.language for readings in shipped.forms.values() for reading in readings}
    assert languages == set(LANGUAGES)
    for language in LANGUAGES:
        meanings = {
            reading.english
            for readings in shipped.forms.values()
            for reading in readings
            if reading.language == language
        }
        assert {"dies", "in the end", "killer", "together"} <= meanings, language


def test_a_form_marked_accented_is_read_only_with_its_accents() -> None:
    # Turkish "öldü" is died; folded, it is "oldu", happened, which most Turkish talk says.
    assert "died" in in_english("Jonah sonunda öldü, inanamadım")
    assert "died" not in in_english("sonunda ne oldu, biri anlatsın mı")
    # Letters no accent makes are typed plain too: Turkish "ı", Polish "ł".
    assert fold("yakıyor") == fold("yakiyor") == "yakiyor"
    assert fold("Wrobił") == "wrobil"
    assert "sets fire" in in_english("kız kardeşi tiyatroyu yakiyor")


def test_a_line_the_lexicon_cannot_read_says_where_and_how_to_write_it() -> None:
    with pytest.raises(ValueError, match=r"lexicon.txt:2: expected 'LANG \| ENGLISH"):
        parse("es | dies | muere\nxx | dies | meurt\n", "lexicon.txt")
    assert fold("Mörder") == "morder" and fold("é") == "é"


# -- the guard ------------------------------------------------------------------------------------

SPOILERS = {
    "es": "La La Land: al final Mia se casa con otro y Seb se queda solo",
    "pt": "Em La La Land eles não ficam juntos, a Mia casa com outro e no final entra no clube"
    " do Seb com o marido",
    "fr": "La La Land : à la fin, Mia épouse un autre homme et Seb reste seul",
    "de": "La La Land: am Ende heiratet Mia einen anderen und Seb bleibt allein",
    "it": "In La La Land alla fine Mia sposa un altro e entra nel locale di Seb con il marito",
    "hi": "La La Land mein end mein Mia kisi aur se shaadi kar leti hai aur Seb akela reh"
    " jaata hai",
    "nl": "La La Land: aan het eind is Mia getrouwd met een andere man en blijft Seb alleen",
    "sv": "La La Land: i slutet gifter sig Mia med en annan och Seb blir ensam kvar",
    "pl": "W La La Land na końcu Mia bierze ślub z innym, a Seb zostaje sam ze swoim klubem",
    "tr": "La La Land'in sonunda Mia başka bir adamla evleniyor ve Seb yalnız kalıyor",
    "id": "Di La La Land akhirnya Mia menikah sama orang lain dan Seb sendirian di klubnya",
    "ja": "La La Land no saigo, Mia wa betsu no hito to kekkon shite, Seb wa hitori ni naru",
}
HARMLESS = {
    "es": [
        "¿Mia y Seb terminan juntos en La La Land? No me digas nada, todavía no la vi",
        "Me muero de risa con la cara de Seb en La La Land",
    ],
    "pt": [
        "Alguém já viu La La Land? A trilha sonora é linda, vale a pena ver no cinema?",
        "A mãe da Mia morre em La La Land? Ainda não assisti",
    ],
    "fr": [
        "J'ai revu La La Land avec ma sœur, la scène de l'observatoire est magnifique",
        "Est-ce que quelqu'un meurt à la fin de La La Land ? Ne me dites pas qui",
    ],
    "de": [
        "Hat jemand La La Land im Kino gesehen? Die Musik ist wunderschön, keine Spoiler bitte",
        "Stirbt jemand in La La Land? Ich will ihn mit meinem Sohn sehen",
    ],
    "it": [
        "Il finale di La La Land mi ha distrutto, senza spoiler ma portate i fazzoletti",
        "Chi muore alla fine di La La Land? Non ditemi niente, non l'ho visto",
    ],
    "hi": [
        "La La Land ka ending dekh ke rona aa gaya yaar, spoiler nahi dunga, bas dekh lo",
        "La La Land dekh ke hasi se mar gaya yaar, Seb ka chehra lol",
    ],
    "nl": [
        "Heeft iemand La La Land al gezien? De muziek is prachtig, geen spoilers aub",
        "Gaat er iemand dood in La La Land? Ik heb hem nog niet gezien",
    ],
    "sv": [
        "Har någon sett La La Land på bio? Musiken är så vacker, inga spoilers tack",
        "Dör någon i slutet av La La Land? Säg inget, jag har inte sett den",
    ],
    "pl": [
        "Czy ktoś widział La La Land w kinie? Muzyka jest piękna, bez spoilerów proszę",
        "Czy ktoś umiera w La La Land? Nie mówcie mi, jeszcze nie widziałam",
    ],
    "tr": [
        "La La Land'i sinemada izleyen var mı? Müzikleri harika, spoiler vermeyin",
        "La La Land'in sonunda biri ölüyor mu? Söylemeyin, henüz izlemedim",
    ],
    "id": [
        "Ada yang udah nonton La La Land di bioskop? Musiknya bagus banget, jangan spoiler ya",
        "Di La La Land ada yang mati gak? Jangan kasih tau, aku belum nonton",
    ],
    "ja": [
        "La La Land mita hito iru? Ongaku ga sugoku kirei, netabare nashi de onegai",
        "La La Land de dare ka shinu no? Iwanaide, mada mitenai",
    ],
}


@pytest.mark.parametrize("language", sorted(SPOILERS))
@READ_ON_SQLITE
async def test_an_ending_told_in_another_language_is_hidden(app: Epilogue, language: str) -> None:
    await guard_on(app, all_films=True)

    verdict = await check(app, SPOILERS[language])

    assert verdict.hidden and verdict.film is not None and verdict.film.title == "La La Land"


@pytest.mark.parametrize("language", sorted(HARMLESS))
@READ_ON_SQLITE
async def test_harmless_talk_in_another_language_is_left_alone(
    app: Epilogue, language: str
) -> None:
    await guard_on(app, all_films=True)

    for text in HARMLESS[language]:
        verdict = await check(app, text)

        assert not verdict.hidden and verdict.film is not None, text
