"""Score the article importer on fixture articles it was not tuned on.

Each ``NAME.{html,md,txt}`` in the fixture folder has a ``NAME.expected.yaml`` beside it:

    title: Memento            # the film's title and year
    year: 2000
    items:                    # item headings expected under a section kind
      themes: [Grief, ...]
    faq: [Did Leonard kill his wife?]
    chrome: [Posted by, ...]  # phrases of site furniture that must not survive anywhere
    once: [a pull quote]      # text that must appear at most once (pull quotes repeat it)
    sources:                  # works cited; author may be a list of acceptable names
      - {author: Lorna Pryce, outlet: The Evening Ledger}
    not_sources: [Rose]       # names that must never be a source's author or outlet
    absent: [a sentence]      # text that must not be imported at all (another film's part)
    twist: [a sentence]       # spoilers that must never be public (level none); a twist found
                              # at plot level outside ||bars|| is counted as "low" (misfiled)
    sections: [ending, faq]   # section kinds the import must have (optional)
    import_title: Titane      # import as `--title Titane` (a page about several films)
    import_year: 2021         # and `--year 2021`
    refused: true             # without import_title, the page must be refused (optional)

The table has one row per fixture and a total, on the issue's measures:

    uv run python -m benchmarks.articles [--fixtures DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.content.film_file import ContentError
from bot.content.schema import FilmDoc, SectionDoc
from bot.importer import import_article
from bot.levels import SectionKind, SpoilerLevel

FIXTURES = Path(__file__).resolve().parent.parent / "tests/bot/importer/fixtures/general"
_ARTICLE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt")


@dataclass
class Score:
    name: str
    identity: bool = False
    items: int = 0
    items_total: int = 0
    faq: int = 0
    faq_total: int = 0
    chrome: int = 0
    sources: int = 0
    sources_total: int = 0
    bogus: int = 0
    leaks: int = 0
    low: int = 0
    sections: int = 0
    sections_total: int = 0
    error: str | None = None
    details: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return " ".join(re.sub(r"[^\w' ]+", " ", text).split())


def _same_heading(found: str, expected: str) -> bool:
    a, b = _norm(found), _norm(expected)
    return bool(a) and (a == b or b in a or (len(a) >= 4 and a in b))


def public_texts(doc: FilmDoc) -> list[str]:
    """Every text a reader sees without asking for spoilers (level none)."""
    texts = [doc.title, doc.synopsis]
    for section in doc.sections:
        level = section.effective_level
        if section.heading and (section.heading_level or level) is SpoilerLevel.NONE:
            texts.append(section.heading)
        if section.body and level is SpoilerLevel.NONE:
            texts.append(section.body)
        for item in section.items:
            item_level = item.level or level
            if (item.heading_level or item_level) is SpoilerLevel.NONE:
                texts.append(item.heading)
            if item_level is SpoilerLevel.NONE:
                texts.append(item.body)
    return texts


def every_text(doc: FilmDoc, *, without_quick_answer_copy: bool = False) -> str:
    parts = [text for _, text in doc.texts()]
    quick = doc.section(SectionKind.QUICK_ANSWER)
    faq = doc.section(SectionKind.FAQ)
    if without_quick_answer_copy and quick and quick.body and faq:
        copies = [item.body for item in faq.items if item.body == quick.body]
        for body in copies[:1]:
            parts.remove(body)
    for source in doc.sources:
        parts.extend(filter(None, [source.author, source.outlet, source.title]))
    return "\n".join(parts)


def plot_level_texts(doc: FilmDoc) -> list[str]:
    """Texts a reader sees at plot level, their ||ending bars|| taken out."""
    texts = []
    for section in doc.sections:
        level = section.effective_level
        for item in section.items:
            if (item.level or level) is SpoilerLevel.PLOT:
                texts.extend([item.heading, item.body])
        if level is SpoilerLevel.PLOT:
            texts.extend([section.heading or "", section.body or ""])
    return [re.sub(r"\|\|.*?\|\|", " ", text, flags=re.S) for text in texts]


def _items(section: SectionDoc | None) -> list[str]:
    return [item.heading for item in section.items] if section else []


def _source_matches(expected: dict[str, Any], author: str, outlet: str, title: str) -> bool:
    names = expected.get("author") or []
    names = names if isinstance(names, list) else [names]
    surnames = [_norm(name).split()[-1] for name in names]
    by = _norm(f"{author} {title}")
    # An outlet's critics as a body ("Critics at the BFI have called it…") name no author.
    if surnames and not any(re.search(rf"\b{re.escape(s)}\b", by) for s in surnames):
        return False
    want = expected.get("outlet")
    return want is None or _norm(re.sub(r"^the ", "", want, flags=re.I)) in _norm(outlet)


def score_fixture(article: Path) -> Score:
    expected = yaml.safe_load(article.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    score = Score(article.name)
    score.items_total = sum(len(names) for names in expected.get("items", {}).values())
    score.faq_total = len(expected.get("faq", []))
    score.sources_total = len(expected.get("sources", []))
    score.sections_total = len(expected.get("sections", []))
    data = article.read_bytes()
    refused_right = True
    if expected.get("refused"):
        try:  # a missing year is no refusal: the CLI writes the draft anyway
            import_article(data, name=article.name, allow_missing_year=True)
        except ContentError:
            pass
        else:
            score.details.append("imported, though it should be refused without a title")
            refused_right = False
    try:
        result = import_article(
            data,
            name=article.name,
            title=expected.get("import_title"),
            year=expected.get("import_year"),
        )
    except ContentError as exc:
        score.error = str(exc).splitlines()[0]
        return score
    doc = result.doc
    score.identity = (
        refused_right
        and _norm(doc.title) == _norm(str(expected["title"]))
        and doc.year == expected["year"]
    )
    if not score.identity:
        score.details.append(f"identity: got {doc.title!r} ({doc.year})")
    for kind_name, names in expected.get("items", {}).items():
        found = _items(doc.section(SectionKind(kind_name)))
        for name in names:
            if any(_same_heading(heading, name) for heading in found):
                score.items += 1
            else:
                score.details.append(f"item missing from {kind_name}: {name!r}")
    questions = _items(doc.section(SectionKind.FAQ))
    for question in expected.get("faq", []):
        if any(_same_heading(heading, question) for heading in questions):
            score.faq += 1
        else:
            score.details.append(f"faq missing: {question!r}")
    everything = every_text(doc)
    for phrase in expected.get("chrome", []):
        if phrase.lower() in everything.lower():
            score.chrome += 1
            score.details.append(f"chrome kept: {phrase!r}")
    # A quick answer posed as a question is copied into the FAQ on purpose (the FAQ menu offers
    # it too): that copy is no pull quote left behind, so it is not counted twice.
    article_text = every_text(doc, without_quick_answer_copy=True).lower()
    for phrase in expected.get("once", []):
        if article_text.count(phrase.lower()) > 1:
            score.chrome += 1
            score.details.append(f"repeated (pull quote?): {phrase!r}")
    wanted = expected.get("sources", [])
    forbidden = [_norm(name) for name in expected.get("not_sources", [])]
    for source in doc.sources:
        author, outlet = source.author, source.outlet or ""
        good = any(_source_matches(want, author, outlet, source.title) for want in wanted)
        named_wrong = any(
            re.search(rf"\b{re.escape(bad)}\b", _norm(f"{author} {outlet}")) for bad in forbidden
        )
        if not good or named_wrong:
            score.bogus += 1
            score.details.append(f"bogus source: {author!r} / {outlet!r} / {source.title!r}")
    for want in wanted:
        if any(_source_matches(want, s.author, s.outlet or "", s.title) for s in doc.sources):
            score.sources += 1
        else:
            score.details.append(f"source missing: {want}")
    public = "\n".join(public_texts(doc)).lower()
    plot = "\n".join(plot_level_texts(doc)).lower()
    for sentence in expected.get("twist", []):
        if sentence.lower() in public:
            score.leaks += 1
            score.details.append(f"twist made public: {sentence!r}")
        elif sentence.lower() in plot:
            score.low += 1
            score.details.append(f"twist at plot level: {sentence!r}")
    kinds = {section.kind for section in doc.sections}
    for kind_name in expected.get("sections", []):
        if SectionKind(kind_name) in kinds:
            score.sections += 1
        else:
            score.details.append(f"section missing: {kind_name}")
    for phrase in expected.get("absent", []):
        if phrase.lower() in everything.lower():
            score.chrome += 1
            score.details.append(f"another film's text kept: {phrase!r}")
    return score


def fixtures(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix in _ARTICLE_SUFFIXES and path.with_suffix(".expected.yaml").exists()
    )


def _ratio(found: int, total: int) -> str:
    return f"{found}/{total}"


def render_table(scores: list[Score]) -> str:
    header = (
        "fixture",
        "title+year",
        "sections",
        "items",
        "faq",
        "chrome",
        "sources",
        "bogus",
        "leaks",
        "low",
    )
    rows = [header]
    for s in scores:
        rows.append(
            (
                s.name,
                "error" if s.error else ("yes" if s.identity else "no"),
                _ratio(s.sections, s.sections_total),
                _ratio(s.items, s.items_total),
                _ratio(s.faq, s.faq_total),
                str(s.chrome),
                _ratio(s.sources, s.sources_total),
                str(s.bogus),
                str(s.leaks),
                str(s.low),
            )
        )
    total = (
        "TOTAL",
        _ratio(sum(s.identity for s in scores), len(scores)),
        _ratio(sum(s.sections for s in scores), sum(s.sections_total for s in scores)),
        _ratio(sum(s.items for s in scores), sum(s.items_total for s in scores)),
        _ratio(sum(s.faq for s in scores), sum(s.faq_total for s in scores)),
        str(sum(s.chrome for s in scores)),
        _ratio(sum(s.sources for s in scores), sum(s.sources_total for s in scores)),
        str(sum(s.bogus for s in scores)),
        str(sum(s.leaks for s in scores)),
        str(sum(s.low for s in scores)),
    )
    rows.append(total)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.insert(len(lines) - 1, lines[1])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--verbose", action="store_true", help="say what each fixture missed")
    args = parser.parse_args(argv)
    scores = [score_fixture(path) for path in fixtures(args.fixtures)]
    print(render_table(scores))
    if args.verbose:
        for s in scores:
            if s.error or s.details:
                print(f"\n{s.name}:")
                if s.error:
                    print(f"  import failed: {s.error}")
                for line in s.details:
                    print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
