"""Harmless messages the guard must leave alone, made for every film it knows.

    uv run python -m benchmarks.guard_probe [--misses]

The labelled corpora hold few harmless messages of each shape, and the guard has been tuned on
all but the newest, so their false hides say little about how the rules do on harmless talk in
general. This probe makes it per film, from templates that name no film's people or events and
from the film's own set-up:

- ``near``: talk about the ending that does not tell it ("no spoilers but the ending of X
  wrecked me", "the final scene of X lives in my head");
- ``question``: questions that ask ("who is the killer in X? dont tell me", "wait, who was behind
  everything in X? i fell asleep", "does the main character survive X? just yes or no");
- ``guess``: guesses and predictions made before or while watching ("i bet the captain did it in
  X, calling it now", "prediction: X ends with a wedding", "my theory for X is ...");
- ``ask``: questions that only ask, in more shapes ("does the dog die in X?", "who dies in X",
  "is the ending of X sad?", "can someone dm me how X ends");
- ``meaning``: talk of the ending's meaning or quality that says nothing of what happens ("the
  ending of X is ambiguous and i love it", "the last scene of X means something different every
  rewatch").
  A guess, an asking or a meaning template saying one of the film's own ending words or people
  (its ending vocabulary's terms) is left out for that film: a guess naming the real killer
  tells.
- ``foreign``: the same kinds of harmless talk in the other languages the guard reads
  (Spanish, Portuguese, French, German, Italian, Hinglish, Dutch, Swedish, Polish, Turkish,
  Indonesian, romanised Japanese: ``FOREIGN``), asking
  the way each language asks;
- ``moderator``: moderators asking for the ending to be tagged or kept elsewhere, naming what
  to tag ("spoiler tags for the final act and for who is behind it all, please", "keep the ending
  of X out of #general");
- ``rule``: moderators' rules naming a topic of the ending to keep under tags, generic or one of
  the film's own ending things ("Rule for the X channel: verdict talk is spoiler talk. Tag it.",
  "Moderator note: in the X thread, anything about the dam goes under spoiler tags");
- ``idiom``: everyday idioms built on an outcome word ("X is a guilty pleasure of mine, no pun
  intended", "X has a killer soundtrack", "the cast of X is to die for");
- ``detail``: an ending thing of the film judged as a detail ("the lighthouse in X is such a good
  detail");
- ``compare``: comparisons with other films whose titles or endings say an outcome word ("Like
  Memories of Murder, X cares more about the detectives than the case", "Edge of Tomorrow ends
  on a reset, Palm Springs on an escape, and X picks a third door"): an open class, measured;
- ``joke``: jokes naming an everyday thing or place central to the film's ending ("X made me
  ask my mum if she's secretly hiding a diner somewhere", "me after X: *stares at every tea
  suspiciously*"), for the films whose ending has one (``THINGS``);
- ``setup``: the film's first plot sentences said as a labelled set-up ("X setup for anyone who
  asked: ...", "X premise: ...", a reply to "> what's X about?");
- ``plot``: each sentence of the film's plot-level text (``texts_by_level(...).other``: no
  ending-level text, inline spoiler spans left out) said of the film ("X: <sentence>").

Every message is shown to the guard as ``benchmarks/guard.py`` shows a corpus (every film
embargoed, then no embargo with the guard on for all films); any hide is a false hide. The
templates were written without reading any corpus's messages; they are no corpus and are never a
target to tune a rule to one message of: a false hide here points to a class of messages.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.guard import GUILD, Line, moderate, open_app, score
from bot.epilogue import Epilogue
from bot.features.film.film_text import read_film_texts
from bot.features.spoiler.terms import terms
from bot.features.spoiler.vocabularies import texts_by_level
from bot.features.spoiler.vocabulary import EndingVocabulary
from bot.features.spoiler.words import stem

NEAR = (
    "no spoilers but the ending of {title} wrecked me",
    "the last twenty minutes of {title} are insane, won't say why",
    "{title} has the best ending i've seen in years",
    "that {title} ending... we need to talk in the spoiler channel",
    "i guessed the twist in {title} way too early tbh",
    "did not see the ending of {title} coming at all",
    "the final scene of {title} lives in my head rent free",
    "without spoiling anything, {title} sticks the landing",
    "{title}'s ending split my group chat in half",
    "{title} made me sob at the end, no spoilers but bring tissues",
)
QUESTIONS = (
    "does anyone die at the end of {title}? need to know before i show my kid",
    "who is the killer in {title}? dont tell me, im halfway",
    "is there a twist in {title}? dont spoil it",
    "how does {title} end? dont answer here lol",
    "is the ending of {title} happy or sad? no details please",
    "does the main character survive {title}? just yes or no",
    "why does everyone hate the ending of {title}?",
    "wait, who was behind everything in {title}? i fell asleep",
    "ok so who is the villain in {title}? im 30 minutes in",
    "sorry quick question, is the ending of {title} ambiguous?",
    "does {title} have a post credits scene?",
    "> how long is {title}\nalso, does it have a post credits thing? my cinema kicks people out",
    "wait, who was behind it all in {title}? i dozed off, don't tell me",
)
GUESSES = (
    "i bet the captain did it in {title}, calling it now",
    "calling it now: she dies at the end of {title}",
    "my theory for {title} is that the brother is behind it all",
    "prediction: {title} ends with a wedding",
    "haven't seen {title} yet but i'm guessing the butler did it",
    "going to see {title} tonight, pretty sure the detective is the killer",
    "{title} prediction before i watch: the dog survives and everyone else doesn't",
    "i reckon the stranger in {title} turns out to be the father, will report back",
    "watching {title} tomorrow, my money's on the neighbour",
    "from the trailer alone i think the mother dies in {title}",
    "halfway through {title}, i have a feeling the old man is lying",
    "{title} theory: it was all a dream. don't tell me if i'm right",
    "i'm betting {title} ends with the sister being the killer, watching it this weekend",
    "theory before seeing {title}: the grandad is secretly a robot too. we're watching tonight",
    "haven't seen {title} yet but i bet the mayor was a ghost all along",
    "Pre-watch theory: {title} is secretly a simulation and the hero has been on a beach the whole"
    " time. Check back with me in a week.",
    "pre-viewing prediction for {title}: the stranger was the father all along",
    "{title} theory, pre-screening: the whole town is in on it. check back with me after",
)
ASKING = (
    "does the dog die in {title}?",
    "is the ending of {title} sad?",
    "who was the killer in {title}? no spoilers pls just yes or no if it's a twist",
    "does {title} end happy? asking for my mum",
    "is it true that someone dies at the end of {title}??",
    "can someone dm me how {title} ends, i missed the last 10 minutes",
    "do they end up together in {title}? don't say who",
    "quick q, is there a twist at the end of {title} or is it straightforward",
    "how does {title} end?? i need to know before the sequel",
    "who dies in {title}",
    "is the villain in {title} someone we meet early? no names",
    "do we find out who did it in {title} or is it left open?",
)
MEANING = (
    "the ending of {title} is ambiguous and i love it",
    "the last scene of {title} means something different every rewatch",
    "i think the ending of {title} is about grief more than anything",
    "the ending of {title} felt rushed to me, the rest was great",
    "hot take: {title} would be better if it ended twenty minutes earlier",
    "the final shot of {title} is the best final shot of the decade",
    "{title}'s ending is earned, everything in the first act pays off",
    "the ending of {title} divides people but i think it's perfect",
    "still thinking about what the ending of {title} was trying to say",
    "the ending of {title} is bittersweet in the best way",
    "i get why people hate the end of {title} but it works for me",
    "{title} has an ending you argue about for weeks, in a good way",
    "> what does the ending of {title} mean\nit's about letting go. read into that what you like,"
    " i won't spell out the ending",
    "{title}'s ending is quiet, really quiet. some people walk out thinking nothing happened",
)
FOREIGN = (
    # Spanish
    "¿Alguien vio {title}? ¿Vale la pena verla en el cine?",
    "¿Quién muere en {title}? No me lo digas, todavía no la vi",
    "¿Alguien muere al final de {title}? Quiero saber antes de verla con mi hijo",
    "¿Cómo termina {title}? Sin spoilers por favor, solo si es triste o feliz",
    "El final de {title} me mató, sin spoilers pero llevad pañuelos",
    "Vi {title} anoche con mi padre y los dos lloramos al final, qué película",
    "{title} está en Netflix desde hoy, la fotografía y la música son preciosas",
    # Portuguese
    "Alguém já viu {title}? Vale a pena?",
    "Quem morre em {title}? Não me conta, ainda não assisti",
    "O final de {title} me matou, sem spoilers mas levem lenço",
    "Assisti {title} com minha mãe ontem e ela amou, a trilha sonora é linda",
    "Será que {title} tem cena pós-créditos? Alguém sabe?",
    "{title} é o melhor filme do ano pra mim, o elenco tá incrível",
    # French
    "Quelqu'un a vu {title} ? Ça vaut le coup ?",
    "Est-ce que quelqu'un meurt à la fin de {title} ? Ne me dites pas qui",
    "La fin de {title} m'a brisé le cœur, sans spoiler mais prévoyez des mouchoirs",
    "J'ai vu {title} avec ma sœur hier soir, la musique est magnifique",
    "{title} passe au cinéma du quartier ce week-end, qui vient ?",
    # German
    "Hat jemand {title} schon gesehen? Lohnt sich das?",
    "Stirbt jemand am Ende von {title}? Bitte nicht verraten wer",
    "Das Ende von {title} hat mich fertig gemacht, keine Spoiler, aber nehmt Taschentücher mit",
    "Ich habe {title} mit meinem Vater im Kino gesehen, die Musik ist wunderschön",
    "{title} läuft ab heute auf Netflix, der Film ist sehr gut",
    "Wer ist der Mörder in {title}? Ich habe ihn noch nicht gesehen",
    # Italian
    "Qualcuno ha visto {title}? Merita?",
    "Chi muore alla fine di {title}? Non ditemi niente, non l'ho visto",
    "Il finale di {title} mi ha distrutto, senza spoiler ma portate i fazzoletti",
    "Ho visto {title} con mia sorella ieri sera, la colonna sonora è bellissima",
    "{title} è su Netflix da oggi, il cast è fantastico",
    # Hindi-English (romanised)
    "{title} kisi ne dekhi hai kya? worth it hai?",
    "{title} mein end mein koi mar jaata hai kya? spoiler mat dena please",
    "yaar {title} ka ending dekh ke rona aa gaya, spoiler nahi dunga bas dekh lo",
    "{title} maine papa ke saath dekhi, music ekdum mast hai",
    "{title} ab Netflix pe hai, weekend pe dekhte hain sab saath mein",
    "{title} mein killer kaun hai? mat batana, abhi tak nahi dekhi",
    # Dutch
    "Heeft iemand {title} al gezien? Is hij de moeite waard?",
    "Gaat er iemand dood aan het eind van {title}? Niet verklappen wie",
    "Het einde van {title} heeft me kapotgemaakt, geen spoilers maar neem zakdoekjes mee",
    "Ik heb {title} met mijn vader in de bioscoop gezien, de muziek is prachtig",
    "Wie is de moordenaar in {title}? Ik heb hem nog niet gezien",
    # Swedish
    "Har någon sett {title}? Är den värd att se?",
    "Dör någon i slutet av {title}? Säg inte vem",
    "Slutet på {title} krossade mig, inga spoilers men ta med näsdukar",
    "Jag såg {title} med min pappa på bio, musiken är så vacker",
    "Vem är mördaren i {title}? Jag har inte sett den än",
    # Polish
    "Czy ktoś widział już {title}? Warto iść do kina?",
    "Czy ktoś umiera na końcu {title}? Nie mówcie kto",
    "Zakończenie {title} mnie rozwaliło, bez spoilerów, ale weźcie chusteczki",
    "Oglądałam {title} z tatą w kinie, muzyka jest przepiękna",
    "Kto jest mordercą w {title}? Jeszcze nie widziałem",
    # Turkish
    "{title}'ı izleyen var mı? Sinemada izlemeye değer mi?",
    "{title}'ın sonunda biri ölüyor mu? Kim olduğunu söylemeyin",
    "{title}'ın sonu beni mahvetti, spoiler yok ama mendil getirin",
    "{title}'ı babamla sinemada izledim, müzikleri çok güzel",
    "{title}'da katil kim? Henüz izlemedim",
    # Indonesian
    "Ada yang udah nonton {title}? Worth it gak?",
    "Di akhir {title} ada yang mati gak? Jangan kasih tau siapa",
    "Endingnya {title} bikin aku nangis, no spoiler tapi bawa tisu ya",
    "Aku nonton {title} sama ayah di bioskop, musiknya bagus banget",
    "Siapa pembunuhnya di {title}? Aku belum nonton",
    # Japanese, romanised
    "{title} mita hito iru? Eigakan de miru kachi aru?",
    "{title} no saigo de dare ka shinu no? Dare ka wa iwanaide",
    "{title} no ketsumatsu de nakimashita, netabare nashi de",
    "Otousan to {title} wo eigakan de mita, ongaku ga totemo kirei",
    "{title} no hannin wa dare? Mada mitenai",
)
"""Harmless messages in the other languages the guard reads (``other_languages``): questions
that ask, talk of the ending that tells none, viewing and chat, some with the outcome words
of those languages ("muere", "stirbt", "mar jaata hai") in questions or figures of speech.
Written in each language's own way of asking (Spanish "¿...?", German verb first, Hinglish
"kya"), naming no film's people or events."""
MODERATING = (
    "MOD: the {title} thread is open in #film-club. Spoiler tags for the final act and for who is"
    " behind it all, please.",
    "reminder: keep the ending of {title} out of #general, use the spoiler channel",
    "please use spoiler tags for the {title} twist, people are still catching it in cinemas",
    "mods: {title} is out this week, spoiler tags on who dies and who did it please",
    "{title} discussion goes in #spoilers. keep what happens at the end out of this channel",
)
RULES = (
    "Rule for the {title} channel: verdict talk is spoiler talk. Tag it.",
    "Moderator note: in the {title} thread, the result of the final and anything from the night"
    " before it goes under spoiler tags.",
    "mods: in the {title} thread, who lives and who dies counts as a spoiler. tag it.",
    "Rule for {title} threads: twist talk is spoiler talk, tag it or take it to #spoilers",
)
RULES_ON_THINGS = (
    "Moderator note: in the {title} thread, anything about the {thing} goes under spoiler tags.",
    "Rule for the {title} channel: {thing} talk is spoiler talk. Tag it.",
)
"""Moderators' rules naming what to keep under tags, each film's own ending things too."""
IDIOMS = (
    "{title} is a guilty pleasure of mine, no pun intended.",
    "{title} is my guiltiest pleasure this year",
    "{title} has a killer soundtrack",
    "the cast of {title} is to die for",
    "i'm dying to see {title} again",
    "{title} is dead good, go see it",
)
"""Everyday idioms built on an outcome word: no one is guilty, killed or dead."""
DETAILS = (
    "the {thing} in {title} is such a good detail",
    "{title}: the {thing} is such a cool touch",
)
"""An ending thing of the film judged as a detail of how it looks."""
COMPARISONS = (
    "Like Memories of Murder, {title} cares more about what the case does to people than the case",
    "Edge of Tomorrow ends on a reset, Palm Springs on an escape, and {title} picks a third door.",
    "{title} is no Murder on the Orient Express, but the cast is just as stacked",
    "if you liked Death on the Nile you'll like {title}, same cosy mood",
    "{title} has the same energy as Kill Bill, minus the gore",
    "The Killing of a Sacred Deer and {title} would make a grim double bill",
)
"""Other films' titles and endings beside the film's: their outcome words are theirs (open)."""
JOKES = (
    "{title} made me ask my mum if she's secretly hiding a {thing} somewhere",
    "after {title} i'm never looking at a {thing} the same way again lol",
    "my cat sat on a {thing} all night, very {title} of her",
    "me after {title}: *stares at every {thing} suspiciously*",
    "{title} made me want to buy a {thing}, is that weird",
    "{title} made me call my dad and ask if he's secretly running a {thing} somewhere",
    "after {title} my brother asked if our nan secretly owns a {thing} lol",
)
THINGS = frozenset(
    """box glass car tea club sea diamond piano flower wall water dam diner lighthouse theatre
    vault radio boat pier train station kitchen garden letter key ring lamp tide ticket phone
    bench booth tower bridge clock door window van truck whistle trophy ball pen""".split()  # noqa: SIM905
)
"""Everyday things and places a joke may name: each film's jokes name those of them that are
central terms of its ending ("the lantern room made me ask my mum if she's secretly running a
diner")."""
SET_UP_LABELS = (
    "{title} setup for anyone who asked: {sentence}",
    "{title} premise: {sentence}",
    "> what's {title} about?\n{sentence}",
)
SET_UP_SENTENCES = 3
"""Plot sentences per film said as a labelled set-up: its first ones, where the set-up is."""
KINDS = (
    "near",
    "question",
    "guess",
    "ask",
    "meaning",
    "moderator",
    "setup",
    "joke",
    "rule",
    "idiom",
    "detail",
    "compare",
    "foreign",
    "plot",
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
SENTENCE_LENGTH = (20, 240)
"""Plot sentences of a chat message's length."""


async def probe(app: Epilogue) -> list[Line]:
    """The probe's messages for every film of the benchmark server, film by film."""
    plot = await plot_lines(app)
    lines = []
    for entry in sorted(app.catalog.films(GUILD), key=lambda entry: entry.work):
        vocabulary = await app.member_spoilers.guard._vocabulary(GUILD, entry)
        lines += [Line(entry.work, "near", near.format(title=entry.title)) for near in NEAR]
        lines += [Line(entry.work, "question", q.format(title=entry.title)) for q in QUESTIONS]
        lines += [Line(entry.work, "foreign", f.format(title=entry.title)) for f in FOREIGN]
        lines += [Line(entry.work, "moderator", m.format(title=entry.title)) for m in MODERATING]
        things = _ending_things(vocabulary)
        for kind, templates in (("joke", JOKES), ("rule", RULES_ON_THINGS), ("detail", DETAILS)):
            lines += [
                Line(entry.work, kind, template.format(title=entry.title, thing=thing))
                for thing in things
                for template in templates
            ]
        lines += [Line(entry.work, "rule", rule.format(title=entry.title)) for rule in RULES]
        lines += [Line(entry.work, "idiom", idiom.format(title=entry.title)) for idiom in IDIOMS]
        lines += [Line(entry.work, "compare", c.format(title=entry.title)) for c in COMPARISONS]
        own_plot = [line for line in plot if line.work == entry.work][:SET_UP_SENTENCES]
        for line in own_plot:
            sentence = line.text.removeprefix(f"{entry.title}: ")
            lines += [
                Line(entry.work, "setup", label.format(title=entry.title, sentence=sentence))
                for label in SET_UP_LABELS
            ]
        for kind, templates in (("guess", GUESSES), ("ask", ASKING), ("meaning", MEANING)):
            for template in templates:
                text = template.format(title=entry.title)
                if not _ending_words(text, vocabulary):
                    lines.append(Line(entry.work, kind, text))
        lines += [line for line in plot if line.work == entry.work]
    return lines


def _ending_things(vocabulary: EndingVocabulary) -> list[str]:
    """The everyday things and places (``THINGS``) that are central terms of the film's ending
    (its summary's, weighing 2), as words."""
    return sorted(thing for thing in THINGS if vocabulary.singles.get(stem(thing), 0) >= 2)


def _ending_words(text: str, vocabulary: EndingVocabulary) -> bool:
    """Whether ``text`` says one of the film's own ending words or people: a guess that names
    the real killer, or a question that asks with the ending's word, is left out; the guesses,
    questions and talk of the ending here must tell nothing of it."""
    said = terms(text)[0]
    names = frozenset(word for name in vocabulary.titles for word in name)
    said = {term for term in said if term not in names}
    return bool(said & (set(vocabulary.singles) | vocabulary.suspects))


async def plot_lines(app: Epilogue) -> list[Line]:
    """Each sentence of every film's plot-level text said of the film ("X: <sentence>"), film by
    film: harmless by the film's own levels. ``guard_model`` measures the learned reading on them
    one film out, never training on them."""
    entries = sorted(app.catalog.films(GUILD), key=lambda entry: entry.work)
    read = await app.reads(partial(read_film_texts, film_ids=[entry.id for entry in entries]))
    lines = []
    for entry in entries:
        for piece in texts_by_level(read[entry.id]).other:
            for sentence in _SENTENCE.findall(piece):
                sentence = " ".join(sentence.split())
                if SENTENCE_LENGTH[0] <= len(sentence) <= SENTENCE_LENGTH[1]:
                    lines.append(Line(entry.work, "plot", f"{entry.title}: {sentence}"))
    return lines


async def main(misses: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = await open_app(Path(folder))
        try:
            lines = await probe(app)
            await moderate(app, "spoiler-rules guard", enabled=True, all_films=False)
            for entry in app.catalog.films(GUILD):
                await moderate(app, "spoiler-rules embargo", film=entry.title, until="2031-01-01")
            embargoed = await score(app, lines)
            for entry in app.catalog.films(GUILD):
                await moderate(app, "spoiler-rules embargo-clear", film=entry.title)
            await moderate(app, "spoiler-rules guard", enabled=True, all_films=True)
            everything = await score(app, lines)
        finally:
            await app.close()
    print(
        f"{len(lines)} harmless messages: per film {len(NEAR)} near misses, {len(QUESTIONS)}"
        f" questions, up to {len(GUESSES)} guesses, {len(ASKING)} asking and {len(MEANING)}"
        f" meaning (those saying none of the film's ending words), {len(MODERATING)} moderators'"
        f" requests, up to {SET_UP_SENTENCES * len(SET_UP_LABELS)} labelled set-ups,"
        f" {len(JOKES)} jokes for each thing of its ending, {len(RULES)} moderators' rules and"
        f" {len(RULES_ON_THINGS)} more for each such thing, {len(IDIOMS)} idioms,"
        f" {len(DETAILS)} details judged for each such thing, {len(COMPARISONS)} comparisons,"
        f" {len(FOREIGN)} in other languages,"
        " and its plot sentences\n"
    )
    for title, scored in (("every film embargoed", embargoed), ("all films guarded", everything)):
        parts = []
        for kind in KINDS:
            hidden, total = scored.counts.get(f"all|{kind}", [0, 0])
            parts.append(f"{kind} {hidden}/{total}")
        print(f"{title}: false hides " + ", ".join(parts))
    if misses:
        print("\n" + "\n".join(everything.wrong))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every false hide")
    asyncio.run(main(parser.parse_args().misses))
