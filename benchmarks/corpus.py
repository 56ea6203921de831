"""A synthetic corpus of films, shaped like real "ending explained" content, deterministic by seed.

Each film has the sections a real explainer has, at realistic sizes: a quick answer (~600
characters), a recap (2-4k), the ending (3-6k), a final shot with 2-3 items, themes and symbolism
with 3 items of ~800 characters each, an FAQ of 2-4 questions and 3-6 cited sources (``[^n]`` in
the text). Some texts hide a sentence in an inline ``||span||``; some films are remakes (the same
title, another year) or sequels (a title that extends another), and about a third have aliases.

The first N films of a corpus are the same whatever its size, so a 1k corpus is a prefix of the
10k one. Films come as YAML (what a content folder holds) or as ``FilmFile`` objects validated
without YAML, with the content hash of their YAML, so both routes load the same database rows.

    uv run python -m benchmarks.corpus --films 10000 --out /tmp/corpus [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.content.film_file import FilmFile, content_hash, parse_film_bytes, validate_film
from bot.content.works import work_slug

DEFAULT_SEED = 7

# --- vocabulary --------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_FUNCTION_WORDS = _words(
    """
the of and to a in is that it his her as with for on was by at from this but they not be are an
or which their one has have what when who all into than so more out up about after only before
back still never even again where how every both each other its she he them him there then now
"""
)

_NARRATIVE_WORDS = _words(
    """
film ending scene story final shot audience camera moment life love death truth memory dream
father mother daughter son brother sister city house night morning road sea river war letter
photograph door window mirror train car island forest winter summer choice price silence light
shadow music song piano voice face hand eyes time years past future secret lie promise fear hope
grief guilt revenge escape journey home return loss body blood fire water rain snow ghost killer
detective doctor soldier priest stranger friend lover husband wife child family town village
country money job office hotel room bed table phone tape director writer screenplay sequence
montage cut frame image colour symbol theme character reveal twist reading interpretation
question answer meaning idea version reality fantasy illusion identity violence power control
freedom faith shame desire ambition loneliness kills leaves finds loses returns remembers forgets
realises decides refuses chooses watches waits opens closes walks runs drives falls wakes sleeps
dies lives tells asks says shows hides sees knows believes understands wants needs keeps gives
takes breaks saves betrays forgives follows meets marries quiet last long dark bright empty broken
lost strange cold warm old young small great true false real open closed silent hidden different
same whole simple clear ambiguous bittersweet hopeful tragic earlier later first second third
ordinary impossible familiar gentle cruel tender violent slow sudden careful deliberate
unfinished quietly finally slowly suddenly never always perhaps almost already together alone
apart across toward against between beneath inside outside through without within beyond
sequence flashback epilogue prologue dialogue gesture glance smile tear kiss embrace argument
confession betrayal reunion farewell funeral wedding birthday party dinner breakfast journey
arrival departure storm harbour lighthouse bridge tunnel station airport border prison hospital
school church theatre stage studio gallery museum library garden field desert mountain valley
coast beach cliff lake well tower castle palace apartment kitchen staircase corridor basement
attic roof street square market cafe bar club restaurant motel factory farm ranch ship boat plane
"""
)

_SYLLABLES = _words(
    """
ka lo mir ven dra sel tor quin bel ar is ul mo ran te vi sa nor el fen dal gri os ta lun ce ber
ko va thi ren mal dor pa sil ne hav cor zan ti mer gal lin wes tam fi ro bra che
"""
)

_FIRST_NAMES = _words(
    """
Mia Sebastian Anna Louis Clara Daniel Elena Hugo Iris Jonas Lena Marco Nora Oscar Paula Rafael
Sofia Tomas Vera Walter Yara Adam Bea Carl Dora Emil Frida Gus Hana Ivan Julia Karl Lotte Max
Nina Otto Pia Quentin Rosa Sam Tilda Ugo Viktor Wanda Xavier Zoë Amélie José Søren Chloé Björn
Inès Łukasz Renée Agnès Mateo Ingrid Nikolai Farah Kenji Aiko Mei Ravi Priya Omar Leila Tariq
Amara Kofi Nia Diego Lucía Marisol Joaquín Ana Pedro Esme Felix Greta Henrik Ines Jana Kasimir
"""
)

_SURNAMES = _words(
    """
Moreau Lindqvist Okafor Castillo Nakamura Brennan Weiss Duarte Halloran Petrov Sato Varga Quinn
Adeyemi Holm Fischer Marchetti Novak Reyes Ahmadi Kowalski Laurent Olsen Ferreira Byrne Tanaka
Schulz Ibarra Devlin Kaur Mendes Rossi Lund Ortega Haddad Walsh Jensen Costa Ward Dubois
"""
)

_PLACES = _words(
    """
Paris Tokyo Berlin Lisbon Marseille Havana Kyoto Montréal Reykjavík Naples Trieste Tangier Oslo
Dublin Memphis Tucson Galveston Vienna Prague Krakow Seville Bilbao Porto Valparaíso Manila Seoul
Osaka Lagos Nairobi Cairo Istanbul Odessa Riga Tallinn Bergen Antwerp Ghent Lyon Turin Palermo
"""
)

_TITLE_NOUNS = _words(
    """
Arrival Harbour Lighthouse Silence Winter Summer Letter Mirror Promise Secret Shadow Garden
Stranger Island Border River Bridge Tunnel Station Orchard Storm Debt Witness Confession Return
Farewell Reunion Inheritance Ritual Crossing Night Morning Passage Harvest Drift Tide Ember Frost
Echo Signal Static Horizon Meridian Vanishing Undertow Current Threshold Ashes Hollow Orbit Relic
Heist Verdict Alibi Pact Masquerade Requiem Lullaby Overture Nocturne Ballad Elegy Sonata Hymn
Wolf Crow Fox Hare Moth Swan Stag Viper Falcon Sparrow Whale Lantern Compass Anchor Key Locket
Portrait Postcard Photograph Tape Reel Film Window Door Staircase Attic Cellar Chapel Motel Diner
"""
)

_PLURAL_NOUNS = _words(
    """
Nights Days Summers Winters Letters Songs Rooms Doors Lives Years Ghosts Strangers Brothers
Sisters Rivers Roads Seasons Promises Secrets Shadows Mirrors Islands Bridges Horses Birds Stars
"""
)

_TITLE_ADJECTIVES = _words(
    """
Quiet Last Long Dark Bright Empty Broken Lost Final Strange Cold Warm Old Young Small Great True
False Silent Hidden Secret Crimson Golden Silver Pale Burning Frozen Hollow Distant Sudden Gentle
Cruel Tender Savage Sweet Bitter Wild Still Restless Endless Midnight Northern Southern Eastern
Western Forgotten Unfinished Invisible Borrowed Second Perfect Faithful Wandering Sleeping
"""
)

_NUMBERS = _words("Two Three Four Five Six Seven Eight Nine Ten Twelve Hundred Thousand")
_SEQUELS = (" 2", " II", " 3", ": Part Two", " Returns", ": The Reckoning")
_FOREIGN_ARTICLES = ("La", "Le", "Les", "Der", "Die", "El", "Il", "O", "De")
_OUTLETS = """
Variety|The Hollywood Reporter|Cinemablend|IndieWire|Empire|Sight and Sound|The Guardian|Vulture|
Collider|Screen Rant|RogerEbert.com|Little White Lies|Slant|The Atlantic|Film Comment|Polygon
""".replace("\n", "").split("|")

_THEME_HEADINGS = (
    "{Adj} {noun} and {noun2}",
    "The {noun} as {noun2}",
    "Why the {noun} matters",
    "{Noun} against {noun2}",
    "The price of {noun}",
)
_SYMBOL_HEADINGS = (
    "The {adj} {noun}",
    "The {noun}",
    "{Name}'s {noun}",
    "The {noun} and the {noun2}",
)
_FINAL_SHOT_HEADINGS = ("The last {noun}", "What the camera {verb}", "The {adj} {noun}")
_SPOILER_VERBS = ("leave", "lie about", "burn", "return to", "give up", "keep", "open", "forgive")
_VERBS = ("keeps", "shows", "hides", "withholds", "finds", "leaves out")


@cache
def _vocabulary() -> tuple[list[str], list[float]]:
    """Words with Zipf weights: function words first, then narrative words, then a long tail.

    The tail of made-up words gives each film rare terms of its own, as names and places do in
    real articles, so a full-text index grows with the corpus as it would in production.
    """
    rng = random.Random("epilogue-vocabulary")
    tail: set[str] = set()
    while len(tail) < 6000:
        tail.add("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))))
    narrative = list(dict.fromkeys(_NARRATIVE_WORDS))
    rare = sorted(tail)  # sorted first: a set's order changes from run to run
    rng.shuffle(narrative)
    rng.shuffle(rare)
    words = _FUNCTION_WORDS + narrative + rare
    common = len(_FUNCTION_WORDS) + len(narrative)
    # About one word in ten comes from the tail.
    weights = [(1.0 if rank < common else 0.3) / (rank + 2.7) ** 1.1 for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


# --- the films ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusFilm:
    """One generated film: what queries need (title, year, aliases) and its content fields."""

    index: int
    seed: int
    title: str
    year: int
    aliases: tuple[str, ...]
    data: dict[str, Any]

    @property
    def slug(self) -> str:
        return work_slug(self.title, self.year)

    @property
    def filename(self) -> str:
        return f"{self.slug}.yaml"

    def yaml(self) -> str:
        return film_yaml(self)

    def film_file(self, *, parse: bool = False) -> FilmFile:
        """The film as the loader takes it; ``parse`` goes through YAML like a file on disk."""
        data = self.yaml().encode()
        if parse:
            return parse_film_bytes(data, self.filename)
        doc = validate_film(self.data, self.filename)
        return FilmFile(doc=doc, origin=self.filename, content_hash=content_hash(data))


@dataclass(frozen=True)
class _Title:
    title: str
    year: int
    aliases: tuple[str, ...]


def generate(count: int, seed: int = DEFAULT_SEED) -> Iterator[CorpusFilm]:
    """The first ``count`` films of the corpus for ``seed``, in order."""
    for index, planned in enumerate(_titles(count, seed)):
        rng = random.Random(f"{seed}/{index}")
        yield CorpusFilm(
            index=index,
            seed=seed,
            title=planned.title,
            year=planned.year,
            aliases=planned.aliases,
            data=_film_data(rng, planned),
        )


def _titles(count: int, seed: int) -> list[_Title]:
    """Titles are planned in one pass: remakes and sequels need the films before them."""
    rng = random.Random(f"{seed}/titles")
    planned: list[_Title] = []
    titles: set[str] = set()
    slugs: set[str] = set()
    while len(planned) < count:
        title, year, remake = _next_title(rng, planned)
        slug = work_slug(title, year)
        if slug in slugs or len(title) > 100 or (not remake and work_slug(title, 0) in titles):
            continue
        slugs.add(slug)
        titles.add(work_slug(title, 0))
        planned.append(_Title(title, year, _aliases(rng, title)))
    return planned


def _next_title(rng: random.Random, earlier: list[_Title]) -> tuple[str, int, bool]:
    """A title, its year, and whether it is a remake (the only way a title comes back)."""
    roll = rng.random()
    if earlier and roll < 0.04:
        original = rng.choice(earlier)
        if original.year <= 2018:
            return original.title, rng.randint(original.year + 5, 2025), True
    if earlier and roll < 0.07:
        original = rng.choice(earlier)
        if original.year <= 2022:
            sequel = original.title + rng.choice(_SEQUELS)
            return sequel, rng.randint(original.year + 2, 2025), False
    return _fresh_title(rng), int(rng.triangular(1925, 2025, 2018)), False


def _fresh_title(rng: random.Random) -> str:
    noun, adj, name, place = (
        rng.choice(_TITLE_NOUNS),
        rng.choice(_TITLE_ADJECTIVES),
        rng.choice(_FIRST_NAMES),
        rng.choice(_PLACES),
    )
    patterns = (
        f"The {noun}",
        f"{adj} {noun}",
        f"The {adj} {noun}",
        f"{noun} of the {rng.choice(_TITLE_NOUNS)}",
        name,
        f"{name} and {rng.choice(_FIRST_NAMES)}",
        f"{noun} in {place}",
        f"{'An' if noun[0] in 'AEIOU' else 'A'} {noun} for {name}",
        f"{adj} {noun}: {rng.choice(_PLURAL_NOUNS)} of {place}",
        f"{rng.choice(_NUMBERS)} {rng.choice(_PLURAL_NOUNS)}",
        f"{rng.choice(('Before', 'After', 'Beyond', 'Under'))} the {noun}",
        noun,
        place,
        f"{noun} {rng.randint(2, 99)}",
        f"The {adj} {noun} of {name} {rng.choice(_SURNAMES)}",
    )
    return rng.choice(patterns)


def _aliases(rng: random.Random, title: str) -> tuple[str, ...]:
    if rng.random() >= 0.3:
        return ()
    words = title.replace(":", "").split()
    candidates = [
        f"{rng.choice(_FOREIGN_ARTICLES)} {_made_up_word(rng).capitalize()}",
        f"Project {rng.choice(_TITLE_NOUNS)}",
    ]
    if title.startswith("The "):
        candidates.append(title[4:])
    if len(words) >= 3:
        candidates.append("".join(word[0] for word in words).upper())
    if ": " in title:
        candidates.append(title.split(": ", 1)[1])
    rng.shuffle(candidates)
    return tuple(candidates[: rng.randint(1, 2)])


def _made_up_word(rng: random.Random) -> str:
    return "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 3)))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"


@dataclass(frozen=True)
class _Context:
    """What a film's sentences may mention: its characters and the sources they cite."""

    title: str
    director: str
    characters: tuple[str, ...]
    sources: tuple[dict[str, Any], ...]


def _film_data(rng: random.Random, planned: _Title) -> dict[str, Any]:
    director = _person(rng)
    characters = tuple(rng.sample(_FIRST_NAMES, rng.randint(2, 3)))
    sources = tuple(_source(rng, number, director) for number in range(1, rng.randint(3, 6) + 1))
    ctx = _Context(planned.title, director, characters, sources)
    data: dict[str, Any] = {"title": planned.title, "year": planned.year}
    if planned.aliases:
        data["aliases"] = list(planned.aliases)
    if rng.random() < 0.6:
        data["release_date"] = dt.date(planned.year, rng.randint(1, 12), rng.randint(1, 28))
    data["director"] = director
    data["cast"] = [_person(rng) for _ in range(rng.randint(3, 8))]
    data["synopsis"] = _text(rng, ctx, 250, 500, cite=False, spans=0.0)
    data["sources"] = list(sources)
    data["sections"] = [
        _section("quick_answer", "ending", body=_text(rng, ctx, 500, 700, spans=0.0)),
        _section("recap", "plot", body=_text(rng, ctx, 2000, 4000, spans=0.3)),
        _section("ending", "ending", body=_text(rng, ctx, 3000, 6000, spans=0.0)),
        _section(
            "final_shot",
            "ending",
            body=_text(rng, ctx, 600, 1200, spans=0.0),
            items=[
                _item(rng, ctx, _FINAL_SHOT_HEADINGS, "ending", None)
                for _ in range(rng.randint(2, 3))
            ],
        ),
        _section(
            "themes",
            "plot",
            items=[
                _item(rng, ctx, _THEME_HEADINGS, "ending" if i == 2 else "plot", "none", 0.3)
                for i in range(3)
            ],
        ),
        _section(
            "symbolism",
            "plot",
            items=[_item(rng, ctx, _SYMBOL_HEADINGS, "plot", "none", 0.2) for _ in range(3)],
        ),
        _section("faq", "ending", items=_faq(rng, ctx)),
    ]
    return data


def _source(rng: random.Random, number: int, director: str) -> dict[str, Any]:
    source: dict[str, Any] = {
        "id": number,
        "author": _person(rng),
        "outlet": rng.choice(_OUTLETS),
        "title": rng.choice(
            (
                f"Interview with {director}",
                "Review from the festival premiere",
                "Craft essay on the ending",
                "Feature on the making of the film",
            )
        ),
    }
    if rng.random() < 0.5:
        source["url"] = f"https://example.org/{rng.getrandbits(40):x}/{number}"
    return source


def _section(kind: str, level: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "level": level} | {k: v for k, v in fields.items() if v}


def _item(
    rng: random.Random,
    ctx: _Context,
    headings: tuple[str, ...],
    level: str,
    heading_level: str | None,
    spans: float = 0.0,
) -> dict[str, Any]:
    item: dict[str, Any] = {"heading": _heading(rng, ctx, rng.choice(headings))}
    if heading_level:
        item["heading_level"] = heading_level
    item["level"] = level
    item["body"] = _text(rng, ctx, 650, 950, spans=spans)
    return item


def _faq(rng: random.Random, ctx: _Context) -> list[dict[str, Any]]:
    hero = ctx.characters[0]
    questions = [
        (f"What happens at the end of {ctx.title}?", "none", "ending"),
        (f"Is {ctx.title} based on a true story?", "none", "none"),
        (_heading(rng, ctx, "What does the {noun} mean?"), "none", "plot"),
        (f"Why does {hero} {rng.choice(_SPOILER_VERBS)} the {_noun(rng)}?", "ending", "ending"),
    ]
    chosen = rng.sample(questions, rng.randint(2, 4))
    return [
        {
            "heading": heading,
            "heading_level": heading_level,
            "level": level,
            "body": _text(rng, ctx, 250, 700, cite=level != "none", spans=0.0),
        }
        for heading, heading_level, level in chosen
    ]


def _noun(rng: random.Random) -> str:
    return rng.choice(_TITLE_NOUNS).lower()


def _heading(rng: random.Random, ctx: _Context, pattern: str) -> str:
    noun, noun2, adj = _noun(rng), _noun(rng), rng.choice(_TITLE_ADJECTIVES).lower()
    return pattern.format(
        noun=noun,
        noun2=noun2,
        Noun=noun.capitalize(),
        adj=adj,
        Adj=adj.capitalize(),
        Name=rng.choice(ctx.characters),
        verb=rng.choice(_VERBS),
    )


def _text(
    rng: random.Random,
    ctx: _Context,
    shortest: int,
    longest: int,
    *,
    cite: bool = True,
    spans: float,
) -> str:
    """Paragraphs of sentences until a length between ``shortest`` and ``longest``.

    ``spans`` is the chance that a paragraph hides its last sentence in an inline ``||span||``.
    """
    # The last sentence may overshoot the target by up to one sentence (~160 characters).
    target = rng.randint(shortest, max(shortest, longest - 170))
    paragraphs: list[str] = []
    length = 0
    while length < target:
        sentences: list[str] = []
        for _ in range(rng.randint(3, 6)):
            sentences.append(_sentence(rng, ctx, cite=cite))
            length += len(sentences[-1]) + 1
            if length >= target:
                break
        if len(sentences) > 1 and rng.random() < spans:
            sentences[-1] = f"||{sentences[-1]}||"
        paragraphs.append(" ".join(sentences))
        length += 1
    return "\n\n".join(paragraphs)


def _sentence(rng: random.Random, ctx: _Context, *, cite: bool) -> str:
    vocabulary, weights = _vocabulary()
    words = rng.choices(vocabulary, cum_weights=weights, k=rng.randint(7, 22))
    if rng.random() < 0.45:
        words[rng.randrange(len(words))] = rng.choice(ctx.characters)
    if len(words) > 12 and rng.random() < 0.5:
        words[rng.randrange(3, len(words) - 3)] += ","
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    roll = rng.random() if cite else 1.0
    if roll < 0.04:
        source = rng.choice(ctx.sources)
        return (
            f"{ctx.director} told {source['author']} of {source['outlet']}: "
            f'"{text}."[^{source["id"]}]'
        )
    if roll < 0.12:
        return f"{text}.[^{rng.choice(ctx.sources)['id']}]"
    return f"{text}."


# --- YAML ----------------------------------------------------------------------------------


def film_yaml(film: CorpusFilm) -> str:
    """The film as a content file, written directly (PyYAML's emitter is ~20x slower).

    Short texts are JSON strings, which YAML reads as double-quoted scalars; long texts are
    literal blocks (``|-``) so they read back exactly. tests/benchmarks checks the round trip.
    """
    data = film.data
    out = [
        f"# Synthetic film for Epilogue's benchmarks (seed {film.seed}, film {film.index}).",
        f"title: {_quoted(data['title'])}",
        f"year: {data['year']}",
    ]
    if "aliases" in data:
        out += ["aliases:", *(f"  - {_quoted(alias)}" for alias in data["aliases"])]
    if "release_date" in data:
        out.append(f"release_date: {data['release_date'].isoformat()}")
    out.append(f"director: {_quoted(data['director'])}")
    out += ["cast:", *(f"  - {_quoted(name)}" for name in data["cast"])]
    out.append(f"synopsis: {_block(data['synopsis'], 2)}")
    out.append("sources:")
    for source in data["sources"]:
        out.append(f"  - id: {source['id']}")
        for key in ("author", "outlet", "title", "url"):
            if key in source:
                out.append(f"    {key}: {_quoted(source[key])}")
    out.append("sections:")
    for section in data["sections"]:
        out += [f"  - kind: {section['kind']}", f"    level: {section['level']}"]
        if "body" in section:
            out.append(f"    body: {_block(section['body'], 6)}")
        if "items" in section:
            out.append("    items:")
            for item in section["items"]:
                out.append(f"      - heading: {_quoted(item['heading'])}")
                if "heading_level" in item:
                    out.append(f"        heading_level: {item['heading_level']}")
                out.append(f"        level: {item['level']}")
                out.append(f"        body: {_block(item['body'], 10)}")
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))


def write_corpus(out: Path, count: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``count`` content files into ``out`` (created if missing); return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for film in generate(count, seed):
        path = out / film.filename
        path.write_text(film.yaml(), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description="Write a synthetic content folder."
    )
    parser.add_argument("--films", type=int, default=1000, help="how many films (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed (default 7)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = write_corpus(args.out, args.films, args.seed)
    size = sum(path.stat().st_size for path in paths)
    print(
        f"wrote {len(paths)} films ({size / 1e6:.1f} MB) to {args.out}"
        f" in {time.perf_counter() - started:.1f} s (seed {args.seed})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
