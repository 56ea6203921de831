"""Import one "ending explained" article as a FilmDoc for an admin to review."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.content.film_file import validate_film
from bot.content.schema import FilmDoc
from bot.importer import spoilers
from bot.importer.blocks import Block
from bot.importer.chrome import drop_chrome
from bot.importer.citations import link_citations, mark_footnotes
from bot.importer.credits import find_credits
from bot.importer.decoding import decode_article, fail
from bot.importer.formats import parse_article
from bot.importer.identity import FilmIdentity, find_identity
from bot.importer.outline import ItemDraft, Outline, SectionDraft, build_outline
from bot.importer.sources import extract_declared_sources
from bot.levels import SectionKind, SpoilerLevel

_MAX_ITEMS = 50
_MIN_SYNOPSIS_WORDS = 8
_MIN_PROSE_WORDS = 12


@dataclass(frozen=True)
class ImportResult:
    doc: FilmDoc
    # Everything a reviewer should check: guesses, unclassified text, unmatched footnotes.
    warnings: list[str] = field(default_factory=list)


def import_article(
    data: bytes, *, name: str, title: str | None = None, year: int | None = None
) -> ImportResult:
    """Turn an article (plain text, Markdown or HTML bytes) into a FilmDoc.

    Raises ContentError when the bytes are not a usable article or name no film; ``title`` and
    ``year`` override what the article says.
    """
    article = parse_article(decode_article(data, name))
    if not article.blocks:
        raise fail(name, "contains no article text")
    identity = find_identity(article, name, title, year)
    blocks = _body_blocks(article.blocks, identity)
    credits = find_credits(blocks)
    declared = extract_declared_sources(blocks, credits.people)
    marked = mark_footnotes(declared.blocks, declared.sources)
    cited = link_citations(marked, declared.sources, credits.people, credits.director)
    outline = build_outline(cited.blocks, identity.title)
    warnings = list(cited.warnings)
    sections, synopsis = _sections(outline, identity, warnings)
    if not sections:
        raise fail(name, "has nothing to import besides its headline and site chrome")
    raw = {
        "title": identity.title,
        "year": identity.year,
        "director": credits.director,
        "cast": credits.cast,
        "synopsis": synopsis,
        "sources": [source.model_dump(exclude_none=True) for source in cited.sources],
        "sections": sections,
    }
    # Validation names the field of anything the heuristics got out of bounds (a 30,000-character
    # section, say) in the same words as a hand-written file's errors.
    doc = validate_film({key: value for key, value in raw.items() if value is not None}, name)
    return ImportResult(doc, warnings)


def _body_blocks(blocks: list[Block], identity: FilmIdentity) -> list[Block]:
    """The blocks without the headline and chrome. Short lines above the headline ("Film",
    "Movies") are the site's labels; prose above it is kept."""
    if identity.headline_index is not None:
        index = identity.headline_index
        above = [b for b in blocks[:index] if len(b.text.split()) >= _MIN_PROSE_WORDS]
        blocks = above + blocks[index + 1 :]
    return drop_chrome(blocks)


def _sections(
    outline: Outline, identity: FilmIdentity, warnings: list[str]
) -> tuple[list[dict[str, Any]], str]:
    synopsis = _premise_answer(outline)
    # Text before the first heading is a standfirst or a lede. It teases ("…still starts
    # arguments about its last shot") more than it explains, so only a spoiler-free one is used,
    # as the synopsis; the rest waits in notes for a person to place.
    orphans: list[str] = []
    for paragraph in outline.intro:
        if synopsis is None and _is_spoiler_free(paragraph):
            synopsis = paragraph
        else:
            orphans.append(paragraph)
    _copy_quick_answer_to_faq(outline)
    notes = outline.sections.get(SectionKind.NOTES)
    unclassified = len(orphans) + (len(notes.paragraphs) + len(notes.items) if notes else 0)
    if orphans:
        outline.sections.setdefault(SectionKind.NOTES, SectionDraft(SectionKind.NOTES))
        outline.sections[SectionKind.NOTES].paragraphs[:0] = orphans
    if unclassified:
        warnings.append(
            f"could not classify {unclassified} passage{'s' if unclassified != 1 else ''}: "
            "kept in notes (level ending); move them where they belong"
        )
    recap = outline.sections.get(SectionKind.RECAP)
    if recap and spoilers.discusses_ending("\n".join(recap.paragraphs)):
        warnings.append("the recap mentions the ending; check that its plot level is right")
    if synopsis is None:
        synopsis = f"{identity.title} ({identity.year})."
        warnings.append("no spoiler-free summary in the article: the synopsis is a placeholder")
    docs = [
        doc
        for kind in SectionKind
        if kind in outline.sections
        for doc in [_section_doc(outline.sections[kind], warnings)]
        if doc is not None
    ]
    return docs, _clean_synopsis(synopsis)


def _premise_answer(outline: Outline) -> str | None:
    """The answer to "What is X about?": the article's own spoiler-free summary."""
    faq = outline.sections.get(SectionKind.FAQ)
    for item in faq.items if faq else []:
        body = "\n\n".join(item.paragraphs)
        free = body and spoilers.faq_answer_level(item.heading, body) is SpoilerLevel.NONE
        if free and "about" in item.heading.lower():
            return body
    return None


def _is_spoiler_free(paragraph: str) -> bool:
    return (
        len(paragraph.split()) >= _MIN_SYNOPSIS_WORDS
        and not spoilers.discusses_ending(paragraph)
        and "spoil" not in paragraph.lower()
    )


def _copy_quick_answer_to_faq(outline: Outline) -> None:
    """A quick answer posed as a question ("So what actually happens at the end?") is the
    question readers ask most; an FAQ that lacks it gets it, so the FAQ menu offers it too."""
    quick = outline.sections.get(SectionKind.QUICK_ANSWER)
    faq = outline.sections.get(SectionKind.FAQ)
    if not (quick and faq and quick.heading and quick.paragraphs):
        return
    if not quick.heading.rstrip().endswith("?"):
        return
    if any(item.heading.lower() == quick.heading.lower() for item in faq.items):
        return
    faq.items.insert(0, ItemDraft(quick.heading, list(quick.paragraphs)))


def _section_doc(draft: SectionDraft, warnings: list[str]) -> dict[str, Any] | None:
    kind = draft.kind
    items: list[dict[str, Any]] = []
    spill: list[str] = []
    for item in draft.items:
        body = "\n\n".join(item.paragraphs)
        if not body:
            warnings.append(f"heading {item.heading!r} has no text under it: left out")
        elif len(items) >= _MAX_ITEMS:
            spill.extend([f"**{item.heading}**", body])
        else:
            items.append(_item_doc(kind, item.heading, body))
    if spill:
        warnings.append(f"{kind.label}: more than {_MAX_ITEMS} items; the rest went into its body")
    body = "\n\n".join([*draft.paragraphs, *spill]) or None
    if body is None and not items:
        return None
    level = spoilers.body_level(kind, body) if body else kind.default_level
    heading_level = None
    if draft.heading:
        heading_level = spoilers.section_heading_level(draft.heading, draft.heading_is_name)
    section = {
        "kind": kind,
        "level": level,
        "heading": draft.heading,
        "heading_level": heading_level,
        "body": body,
        "items": items,
    }
    return {key: value for key, value in section.items() if value is not None}


def _item_doc(kind: SectionKind, heading: str, body: str) -> dict[str, Any]:
    if kind is SectionKind.FAQ:
        level = spoilers.faq_answer_level(heading, body)
    else:
        level = spoilers.body_level(kind, body)
    return {
        "heading": heading,
        "heading_level": spoilers.item_heading_level(kind, heading),
        "level": level,
        "body": body,
    }


def _clean_synopsis(text: str) -> str:
    """Footnote markers removed and a teaser's cut-off end ("…, and…") closed as a sentence."""
    text = re.sub(r"\[\^\d+\]", "", text).strip()
    cut = re.sub(r"[,;:]?\s*(?:\b(?:and|but|or|as|while)\b)?\s*(?:…|\.\.\.)$", "", text)
    if cut != text:
        text = cut.rstrip(" ,;:") + "."
    return text
