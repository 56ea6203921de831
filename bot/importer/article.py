"""Import one "ending explained" article as a FilmDoc for an admin to review."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from bot.content import film_file
from bot.content.film_file import validate_film
from bot.content.schema import FilmDoc
from bot.content.yaml_dump import dump_film_yaml
from bot.importer import level_guesses
from bot.importer.blocks import Block, BlockKind, ends_as_question
from bot.importer.chrome import (
    drop_chrome,
    is_chrome_line,
    is_spoiler_warning,
    text_after_warning,
)
from bot.importer.citations import link_citations, mark_footnotes
from bot.importer.classify import named_kind
from bot.importer.credits import find_credits
from bot.importer.decoding import decode_article, fail
from bot.importer.ending_names import keep_ending_names_at_the_ending
from bot.importer.films import one_film
from bot.importer.formats import ParsedArticle, parse_article
from bot.importer.html_tree import MAX_HTML_DEPTH, TooDeep
from bot.importer.identity import HEADLINE_CUE, FilmIdentity, find_identity
from bot.importer.limits import fit_section
from bot.importer.outline import ItemDraft, Outline, SectionDraft, build_outline
from bot.importer.pages import continues_elsewhere
from bot.importer.review import ReviewNotes, annotate, first_words
from bot.importer.sources import SourceDraft, extract_declared_sources, same_source
from bot.importer.spoiler_labels import lone_tags_read, warns_of_spoilers
from bot.importer.television import refuse_television
from bot.levels import SectionKind, SpoilerLevel
from bot.spoiler_policy.markup import (
    BARS,
    bars_as_meant,
    bars_hide_less_than_meant,
    behind_bars,
    span_bounds,
)

_MAX_ITEMS = 50
_MIN_PROSE_WORDS = 12
# A year the YAML never shows: it only lets a draft without one be validated and written.
_PLACEHOLDER_YEAR = 1870


@dataclass(frozen=True)
class ImportResult:
    # None only when ``allow_missing_year`` let a film without a year through: ``yaml`` holds it.
    doc: FilmDoc | None
    # Everything a reviewer should check, as plain sentences: guesses, dropped chrome,
    # unclassified text, unmatched footnotes. A preview shows these.
    warnings: list[str] = field(default_factory=list)
    # The content file to review: the film with the review notes as comments at their spot.
    yaml: str = ""


def import_article(
    data: bytes,
    *,
    name: str,
    title: str | None = None,
    year: int | None = None,
    allow_missing_year: bool = False,
) -> ImportResult:
    """Turn an article (plain text, Markdown or HTML bytes) into a FilmDoc.

    Raises ContentError when the bytes are not a usable article or name no film; ``title`` and
    ``year`` override what the article says. With ``allow_missing_year`` an article that dates
    nothing still gives a draft (``doc`` None, ``yaml`` with ``year:`` empty and a note).
    """
    decoded = decode_article(data, name)
    try:
        article = parse_article(decoded.text)
    except TooDeep as exc:
        where = f" (line {exc.line})" if exc.line is not None else ""
        raise fail(
            name,
            f"nests its HTML elements more than {MAX_HTML_DEPTH} deep{where}, which no article"
            " page does: it is broken or not an article. Save the article's text alone (as .txt"
            " or .md) and import that",
        ) from None
    if not article.blocks:
        raise fail(name, "contains no article text")
    refuse_television(article, name, title)
    article, title, year = one_film(article, name, title, year)
    identity = find_identity(article, name, title, year, allow_missing_year=allow_missing_year)
    notes = ReviewNotes()
    notes.title.extend(n for n in identity.notes if n.startswith("title"))
    notes.year.extend(n for n in identity.notes if not n.startswith("title"))
    dropped = list(article.dropped)
    # (after the film is found: a headline's "[Spoilers]" kicker is the headline's to drop)
    blocks = lone_tags_read(_body_blocks(article.blocks, identity, dropped))
    credits = find_credits(blocks, identity.title)
    declared = extract_declared_sources(blocks, credits.people)
    if article.interviewee and article.site_name:
        # An interview is itself a source: what the person said, in the site that ran it.
        talk = SourceDraft(
            article.interviewee, "Interview", article.site_name, people=[article.interviewee]
        )
        if not any(same_source(talk, source) for source in declared.sources):
            declared.sources.insert(0, talk)
    dropped.extend(declared.asides)
    marked = mark_footnotes(declared.blocks, declared.sources)
    cited = link_citations(marked, declared.sources, credits.people, credits.named_director)
    outline = build_outline(cited.blocks, identity.title, identity.listed_kind)
    warnings = [*identity.notes, *cited.warnings]
    if decoded.note:
        notes.header.append(decoded.note)
        warnings.insert(0, decoded.note)
    paged = continues_elsewhere(decoded.text)
    if paged:
        notes.header.append(paged)
        warnings.insert(0, paged)
    if dropped:
        shown = "; ".join(f"{first_words(text)!r}" for text in dropped[:_MAX_DROPPED_SHOWN])
        more = (
            f" and {len(dropped) - _MAX_DROPPED_SHOWN} more"
            if len(dropped) > _MAX_DROPPED_SHOWN
            else ""
        )
        line = f"dropped {len(dropped)} piece(s) of site chrome: {shown}{more}"
        notes.header.append(line)
        warnings.append(line)
    cited_names = [
        part
        for source in cited.sources
        for part in (source.author, source.outlet, source.title)
        if part
    ]
    raised = keep_ending_names_at_the_ending(
        outline, identity.title, [*credits.people, *cited_names]
    )
    if raised:
        warnings.append(
            f"{raised} theme or symbol part(s) name someone or something only the ending names:"
            " kept at the ending level; lower them if the recap should have named it"
        )
    sections = _sections(outline, warnings, notes, identity.title)
    if not sections:
        raise fail(name, "has nothing to import besides its headline and site chrome")
    if all(section["kind"] is SectionKind.NOTES for section in sections):
        _refuse_other_pages(article, identity, blocks, name)
    if cited.sources:
        notes.sources.append(
            "sources: found in the article's source list or in its attributions; check each"
        )
    raw = {
        "title": identity.title,
        "year": identity.year if identity.year is not None else _PLACEHOLDER_YEAR,
        "director": credits.director,
        "cast": credits.cast,
        "sources": [source.model_dump(exclude_none=True) for source in cited.sources],
        "sections": sections,
    }
    # Validation names the field of anything the heuristics got out of bounds (a 30,000-character
    # section, say) in the same words as a hand-written file's errors.
    doc = validate_film({key: value for key, value in raw.items() if value is not None}, name)
    missing = identity.year is None
    text = annotate(dump_film_yaml(doc), notes, year_missing=missing)
    _refuse_oversized_draft(text, name)
    return ImportResult(None if missing else doc, warnings, text)


def _refuse_oversized_draft(text: str, name: str) -> None:
    """A draft is a film file: one over the film file limit would be refused when it is loaded
    (`epilogue import`, an upload), after the importer had said nothing. Indented YAML and its
    review notes can make the draft of an article just under the limit larger than it."""
    size, limit = len(text.encode()), film_file.MAX_FILE_BYTES
    if size > limit:
        raise fail(
            name,
            f"makes a {size:,}-byte draft, more than the {limit:,} bytes ({limit / 2**20:.3g}"
            " MiB) a film file may be, so it could not be loaded: save only the article itself"
            " (without its comments, other pages or long quotations) and import that",
        )


_MAX_DROPPED_SHOWN = 10


def _body_blocks(blocks: list[Block], identity: FilmIdentity, dropped: list[str]) -> list[Block]:
    """The blocks without the headline and chrome. Short lines above the headline ("Film",
    "Movies") are the site's labels; prose above it is kept."""
    if identity.headline_index is not None:
        index = identity.headline_index
        above = [b for b in blocks[:index] if len(b.text.split()) >= _MIN_PROSE_WORDS]
        dropped.extend(b.text for b in blocks[:index] if b not in above)
        blocks = above + blocks[index + 1 :]
    blocks = _warnings_after_the_spoiler(blocks, dropped)
    return drop_chrome(_warnings_start_the_ending(blocks, identity.title), dropped)


# A warning that points back at what it warns of: "Sorry, spoilers above!", "(That was a
# spoiler!)", "Spoilers, sorry."
_BACKWARD_WARNING = re.compile(
    # (never "No spoilers above this line" nor "This is a spoiler-free review")
    r"(?<!\bno )\bspoil\w*\s+(?:above|up there"
    r"|in the (?:last|previous) (?:paragraph|section|bit))\b"
    r"|\b(?:that|this)(?:'s|’s| was| is)\s+(?:a\s+)?(?:\w+\s+)?spoiler\b(?!-)"
    r"|\bsorry\b[^.!?]{0,20}\bspoil\w*|\bspoil\w*[,!.]?\s+sorry\b",
    re.I,
)
_MAX_BACKWARD_WARNING_WORDS = 12
# The warning closing a paragraph: its last sentence, or a bracket at its end.
_CLOSING_REMARK = re.compile(
    r"(?:\((?P<bracket>[^()]{1,80})\)|(?<=[.!?])\s+(?P<sentence>[^.!?]{1,80}[.!?]*))[.!?]*\s*$"
)


def _warnings_after_the_spoiler(blocks: list[Block], dropped: list[str]) -> list[Block]:
    """A warning that comes after what it warns of ("…and Dana shoots him. (Sorry, that was a
    spoiler!)", or a line "Sorry, spoilers above!" under it) says that text is the spoiler,
    whatever its words: it goes in bars, so it stays an ending wherever it is filed. The
    warning itself goes, and splits nothing: what follows it is not what it warns of."""
    out: list[Block] = []
    for block in blocks:
        text = block.text.strip()
        if block.is_heading or not _BACKWARD_WARNING.search(text):
            out.append(block)
            continue
        if len(text.split()) <= _MAX_BACKWARD_WARNING_WORDS and not _HIDDEN.search(text):
            # (right under a heading it warns of nothing before it: the heading's text follows)
            if out and not out[-1].is_heading and not _HIDDEN.fullmatch(out[-1].text):
                out[-1] = out[-1].with_text(behind_bars(out[-1].text))
                dropped.append(text)
                continue
            out.append(block)
            continue
        remark = _CLOSING_REMARK.search(text)
        said = remark and (remark["bracket"] or remark["sentence"] or "")
        if remark and said and _BACKWARD_WARNING.search(said) and not _HIDDEN.search(text):
            before = text[: remark.start()].strip()
            if before:
                out.append(block.with_text(behind_bars(before)))
                dropped.append(said.strip())
                continue
        out.append(block)
    return out


_AT_THE_ENDING_LEVEL = {SectionKind.QUICK_ANSWER, SectionKind.ENDING, SectionKind.FINAL_SHOT}
# Sections a spoiler warning inside them cuts short: what follows the warning is the ending.
_BELOW_THE_ENDING = {SectionKind.RECAP, SectionKind.THEMES, SectionKind.SYMBOLISM}


def _warnings_start_the_ending(blocks: list[Block], film: str) -> list[Block]:
    """A spoiler warning in the middle of a recap ("…Hanna closes in. [Spoilers ahead!] McCauley
    turns back…") says the text after it is the ending (one that opens the section only warns
    of the section). The warning itself is chrome and goes;
    before it does, it becomes an ending heading at its section's depth, so what follows is not
    read at the section's plot level."""
    out: list[Block] = []
    section: SectionKind | None = None
    depth: int | None = None
    told = False  # whether the section has text before the warning
    # (a post's header or a reply's "Replying to @…" line is chrome, not a section heading;
    # nor is a short line with nothing under it, a sign-off such as "See you next week!")
    last_text = max((i for i, b in enumerate(blocks) if not b.is_heading), default=-1)
    last_heading = max(
        (
            i
            for i, b in enumerate(blocks[:last_text])
            if b.is_heading and not is_chrome_line(b.text)
        ),
        default=-1,
    )
    for index, block in enumerate(blocks):
        # An article without section headings (a longread) that warns halfway, with no heading
        # anywhere after the warning: the same split.
        below = section in _BELOW_THE_ENDING or (section is None and index > last_heading)
        # (a spoiler box's question, "Spoiler: how does it end?", heads its answer instead)
        opens_with_warning = (
            not block.is_heading
            and not ends_as_question(block.text.rstrip())
            and text_after_warning(block.text) is not None
        )
        warns = is_spoiler_warning(block.text) or opens_with_warning
        if below and told and warns:
            # a warning set as a paragraph, a bold line read as a sub-heading, or a <details>
            # control's summary
            out.append(Block(BlockKind.HEADING, "The ending", level=depth))
            section = SectionKind.ENDING
            # "Spoilers ahead: Hanna shoots McCauley." goes on past its warning: that is the
            # ending's first sentence, not chrome to drop with the warning.
            rest = text_after_warning(block.text)
            if rest is not None:
                out.append(block.with_text(rest))
        elif (
            block.is_heading
            and is_spoiler_warning(block.text)
            and any(b.is_heading for b in out)
            # right under a section's name it warns of that section only ("Plot summary" over
            # "Spoilers ahead!"; "The ending" over "Full spoilers from here")
            and not (out and out[-1].is_heading and named_kind(out[-1].text, film) is not None)
            # a warning that also names a part told at the ending's level ("Spoilers: the
            # answer in one paragraph") is that part
            and named_kind(block.text, film) not in _AT_THE_ENDING_LEVEL
        ):
            # A heading that only warns ("Spoilers ahead", a gallery's warning slide) after a
            # part of the article is where the ending starts: what follows it, under it or in
            # the parts after it, is the ending, and the parts before it tell the story so far.
            # (One over the whole article, under its headline, only warns.)
            out.append(Block(BlockKind.HEADING, "The ending", level=block.level))
            section, depth, told = SectionKind.ENDING, block.level, False
        elif block.is_heading:
            kind = named_kind(block.text, film)
            if kind is not None or section is None or (block.level or 9) <= (depth or 9):
                section, depth, told = kind, block.level, False
            out.append(block)
        else:
            # a warning that opens the section warns of the section itself: it splits nothing
            told = told or not is_spoiler_warning(block.text)
            out.append(block)
    return out


# What a page that is not an explainer calls itself: a review, a recipe, a news story.
_OTHER_PAGES = [
    (what, re.compile(pattern, re.I))
    for what, pattern in (
        ("a review", r"\breview(?:ed)?\b|\bcritique\b|\bkritik\b|\brese[ñn]a\b|[★☆]"),
        ("a recipe", r"\brecipes?\b|\bingredients\b|\bhow to (?:make|cook|bake)\b"),
        (
            "a news story",
            r"\bbox office\b|\bopening weekend\b|\b(?:teaser|trailer|first look|release date"
            r"|casting|cast(?:s)? as|sequel (?:is )?(?:confirmed|in the works))\b",
        ),
    )
]


# Words that mark a text as English, French, Spanish, Italian, Portuguese, German or Dutch, the
# languages whose section names and ending words the importer knows.
_KNOWN_WORDS = frozenset(
    {
        *("the", "and", "of", "to", "that", "with", "was", "his", "her", "this"),
        *("le", "les", "et", "est", "une", "des", "du", "qui", "dans", "pour"),
        *("el", "los", "las", "y", "una", "del", "por", "con", "para", "como"),
        *("il", "di", "che", "è", "gli", "della", "per", "sono", "nel", "anche"),
        *("os", "não", "uma", "com", "também", "mais", "pelo", "pela", "seu", "sua"),
        *("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "mit"),
        *("het", "een", "niet", "zijn", "ook", "voor", "maar", "wordt", "naar", "wat"),
    }
)
_KNOWN_SHARE = 0.08


def _reads_known(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and sum(word in _KNOWN_WORDS for word in words) >= _KNOWN_SHARE * len(words)


def _refuse_other_pages(
    article: ParsedArticle, identity: FilmIdentity, blocks: list[Block], name: str
) -> None:
    """Nothing of the article named or looked like a part of an explainer, so all of it waits in
    notes: if its headline promises no ending explained and its text never gets to an ending, it
    is some other page about the film (a review, a news story, a recipe), and a draft of it
    would be all notes. Say so instead."""
    headline = (
        article.blocks[identity.headline_index].text if identity.headline_index is not None else ""
    )
    heads = [headline, *article.title_hints]
    if any(HEADLINE_CUE.search(text) for text in heads):
        return
    body = "\n".join(block.text for block in blocks)
    named = next(
        (what for what, words in _OTHER_PAGES if any(words.search(text) for text in heads)), None
    )
    if named is None and (level_guesses.discusses_ending(body) or not _reads_known(body)):
        # It gets to an ending, or it is in a language whose words the importer does not know
        # (so it cannot tell): a draft for a person to sort out.
        return
    seems = (
        f"it reads like {named}, not an explainer"
        if named
        else "nothing in it recaps the plot or explains the ending, its themes or its symbols"
    )
    raise fail(
        name,
        f"does not look like an ending explainer: {seems}. Import an article that explains "
        "the film's ending (a headline such as 'Heat (1995) ending explained', or headings "
        "such as 'The ending' and 'Themes')",
    )


def _sections(
    outline: Outline, warnings: list[str], notes: ReviewNotes, film: str
) -> list[dict[str, Any]]:
    # Text before the first heading is a standfirst or a lede. Nothing from an article becomes
    # public text (the synopsis) on its own: it waits in notes for a person to place.
    orphans = list(outline.intro)
    _copy_quick_answer_to_faq(outline)
    if orphans:
        outline.sections.setdefault(SectionKind.NOTES, SectionDraft(SectionKind.NOTES))
        outline.sections[SectionKind.NOTES].paragraphs[:0] = orphans
        outline.sections[SectionKind.NOTES].note("text before the first heading (a lede)")
    left = outline.sections.get(SectionKind.NOTES)
    unplaced = [*left.paragraphs, *(item.heading for item in left.items)] if left else []
    if unplaced:
        where = "; ".join(f"{first_words(text)!r}" for text in unplaced[:_MAX_DROPPED_SHOWN])
        count = len(unplaced)
        warnings.append(
            f"could not classify {count} passage{'s' if count != 1 else ''}, kept in notes "
            f"(level ending); move them where they belong: {where}"
        )
    _final_shot_out_of_the_ending(outline, film)
    _final_scene_as_ending(outline)
    _split_synopsis_ending(outline)
    _move_recap_tail_to_ending(outline)
    _recap_items_that_tell_the_ending(outline)
    if hidden := _recap_sentences_that_tell_the_ending(outline):
        warnings.append(
            f"the recap tells the ending mid-way: {hidden} passage{'s' if hidden != 1 else ''}"
            " of it put behind spoiler bars (ending level); check that they are the ending"
        )
    recap = outline.sections.get(SectionKind.RECAP)
    if recap and level_guesses.discusses_ending(_HIDDEN.sub("", "\n".join(recap.paragraphs))):
        warnings.append("the recap mentions the ending; check that its plot level is right")
        recap.note("it mentions the ending: check that level plot is right")
    docs = []
    for kind in SectionKind:
        if kind not in outline.sections:
            continue
        draft = outline.sections[kind]
        doc = _section_doc(draft, warnings, film)
        if doc is not None:
            docs.append(doc)
            origin = "; ".join(draft.origins) or "the article's layout"
            notes.sections[kind] = [f"{kind.label}: from {origin}"]
            fit_section(doc, notes.sections[kind], warnings)
    return docs


_MIN_SYNOPSIS_PARAGRAPHS = 2
_HIDDEN = re.compile(r"\|\|[^|]+\|\|")


# A heading that names a stretch of the film's end ("That final scene", "The last ten minutes"),
# not one shot of it.
_SPAN_OF_THE_END = re.compile(r"\b(?:scenes?|moments|minutes|sequence|act)\b", re.I)
_ONE_SHOT = re.compile(r"\b(?:shots?|image|frame|lines?|words)\b", re.I)


_OPENS_ON_THE_LAST_SHOT = re.compile(
    r"(?:in |over |on )?the (?:very )?(?:final|last|closing) (?:shot|image|frame)\b", re.I
)


def _final_shot_out_of_the_ending(outline: Outline, film: str) -> None:
    """ "The final shot" set one level under "The ending" names a section of its own, not one of
    the ending's points: it is filed as the final shot (at the same ending level), where a
    reader asking for the last shot finds it. The ending's other sub-headings stay its items."""
    ending = outline.sections.get(SectionKind.ENDING)
    final = outline.sections.get(SectionKind.FINAL_SHOT)
    if ending is None or (final is not None and not final.is_empty):
        return
    # "### The last shot" over a box titled "The final image": both name it, the second holds it.
    # ("Why 1917 Ends With Schofield Under a Tree" over "In the final shot, …": its text names it)
    named = [
        index
        for index, item in enumerate(ending.items)
        if named_kind(item.heading, film) is SectionKind.FINAL_SHOT
        or (item.paragraphs and _OPENS_ON_THE_LAST_SHOT.match(item.paragraphs[0]))
    ]
    run = [i for n, i in enumerate(named) if i == named[0] + n]
    paragraphs = [text for i in run for text in ending.items[i].paragraphs]
    if not run or not paragraphs:
        return
    heading = ending.items[run[0]].heading
    ending.items[run[0] : run[-1] + 1] = []
    shot = SectionDraft(SectionKind.FINAL_SHOT, heading, paragraphs=paragraphs)
    shot.note("a sub-heading of the ending that names the final shot")
    outline.sections[SectionKind.FINAL_SHOT] = shot


def _final_scene_as_ending(outline: Outline) -> None:
    """An article with no ending section that tells its end under "That final scene" or "The
    last moments" tells the whole ending there, not a shot beside it: it is filed as the ending
    (its heading kept), where a reader looking for how the film ends finds it."""
    ending = outline.sections.get(SectionKind.ENDING)
    final = outline.sections.get(SectionKind.FINAL_SHOT)
    if final is None or final.is_empty or (ending is not None and not ending.is_empty):
        return
    if not _SPAN_OF_THE_END.search(final.heading or "") or _ONE_SHOT.search(final.heading or ""):
        return  # "The last shot", "Final image": one shot, read beside an ending told elsewhere
    del outline.sections[SectionKind.FINAL_SHOT]
    final.kind = SectionKind.ENDING
    final.note("a final scene's section in an article with no ending section of its own")
    outline.sections[SectionKind.ENDING] = final


def _split_synopsis_ending(outline: Outline) -> None:
    """A recap in an article that has no ending section of its own is a synopsis that runs to
    the end (a wiki's "Plot", a database's "Synopsis"): its last paragraph tells the ending, so
    it is filed as the ending rather than left at the plot level."""
    recap = outline.sections.get(SectionKind.RECAP)
    has_ending = any(
        kind in outline.sections and not outline.sections[kind].is_empty
        for kind in (SectionKind.ENDING, SectionKind.FINAL_SHOT)
    )
    if has_ending or recap is None or recap.items:
        return
    if len(recap.paragraphs) < _MIN_SYNOPSIS_PARAGRAPHS:
        return
    if _HIDDEN.fullmatch(recap.paragraphs[-1].strip()):
        return  # already in ||bars||: an ending wherever it is filed
    ending = outline.sections.setdefault(SectionKind.ENDING, SectionDraft(SectionKind.ENDING))
    ending.paragraphs.append(recap.paragraphs.pop())
    ending.note("the last paragraph of a recap that runs to the end, in an article with no ending")


def _move_recap_tail_to_ending(outline: Outline) -> None:
    """A recap beside an ending section often runs on into the ending itself ("...and in the
    final minutes, Hanna shoots McCauley on the runway") before the ending section explains it.
    Its closing paragraphs that use the words of an ending are filed at the head of the ending,
    so they are not read at the plot level; the first paragraph always stays as the recap."""
    recap = outline.sections.get(SectionKind.RECAP)
    if recap is None or recap.items:
        return
    tail: list[str] = []
    while len(recap.paragraphs) > 1 and level_guesses.discusses_ending(recap.paragraphs[-1]):
        if _HIDDEN.fullmatch(recap.paragraphs[-1].strip()):
            break  # already in ||bars||: an ending wherever it is filed
        tail.insert(0, recap.paragraphs.pop())
    closing = _closing_sentences_of_the_ending(recap.paragraphs[-1]) if recap.paragraphs else None
    if closing is not None:
        kept, told = closing
        recap.paragraphs[-1] = kept
        tail.insert(0, told)
    if not tail:
        return
    ending = outline.sections.setdefault(SectionKind.ENDING, SectionDraft(SectionKind.ENDING))
    ending.paragraphs[:0] = tail
    ending.note("the closing paragraphs or sentences of the recap, which tell the ending")


def _recap_items_that_tell_the_ending(outline: Outline) -> None:
    """A recap told in parts (sub-headings, a table's rows: "Act three", "Her brother") whose
    closing parts use the words of an ending tells the ending there, as a recap's closing
    paragraphs do: those parts are at the ending level (their headings keep their own, which
    ``item_heading_level`` reads). The recap's first part always stays its plot."""
    recap = outline.sections.get(SectionKind.RECAP)
    if recap is None or not recap.items:
        return
    first = 0 if recap.paragraphs else 1
    for item in reversed(recap.items[first:]):
        text = "\n\n".join(item.paragraphs)
        if not text or not level_guesses.discusses_ending(text) or _HIDDEN.fullmatch(text.strip()):
            break
        # (one already at the ending level keeps its heading's level, as before)
        item.closes_recap = not item.tells_ending
        item.tells_ending = True


def _recap_sentences_that_tell_the_ending(outline: Outline) -> int:
    """A recap that states the ending mid-way ("A crew robs a car. In the end Hanna kills
    McCauley. Hanna closes in."), not in its closing paragraphs or parts, which are filed with
    the ending: each sentence left in it that uses the words of an ending is put behind bars,
    inline spoilers at the ending level, so the recap's plot is read around it and the ending
    is not read at the plot level. Bars the author typed are kept as they are. How many spans
    were put in."""
    recap = outline.sections.get(SectionKind.RECAP)
    if recap is None:
        return 0
    hidden = 0
    for paragraphs in [
        recap.paragraphs,
        *(i.paragraphs for i in recap.items if not i.tells_ending),
    ]:
        for index, text in enumerate(paragraphs):
            paragraphs[index], count = _ending_sentences_hidden(text)
            hidden += count
    if hidden:
        recap.note("its sentences that tell the ending are behind spoiler bars")
    return hidden


def _ending_sentences_hidden(paragraph: str) -> tuple[str, int]:
    """``paragraph`` with each run of sentences that use the words of an ending in ``||bars||``
    (none in or across a span typed already: a span is never cut or nested), the spacing
    between sentences (a line break in text laid out by its lines) kept; and how many runs."""
    if not level_guesses.discusses_ending(paragraph):
        return paragraph, 0  # most paragraphs: nothing to read sentence by sentence
    # Spoilers typed in another site's markup (">!…!<") as the bars meant, so each span the
    # author typed is found, and no sentence in it or across its edge is put in bars again.
    paragraph = bars_as_meant(paragraph)
    if bars_hide_less_than_meant(paragraph):
        return paragraph, 0  # bars left open or nested: a spoiler as a whole already
    spans = span_bounds(paragraph)
    sentences = [0, *(m.end() for m in _SENTENCE_BREAK_BESIDE_BARS.finditer(paragraph))]
    # Pieces: the author's spans, kept as they are, and the text between them cut at sentences.
    cuts = sorted({0, len(paragraph), *sentences, *(edge for span in spans for edge in span)})
    pieces = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    in_span = [any(x <= a and b <= y for x, y in spans) for a, b in pieces]
    # A sentence tells the ending if its words outside the author's spans do.
    told: dict[int, str] = {}
    for (a, b), spanned in zip(pieces, in_span, strict=True):
        if not spanned:
            sentence = bisect.bisect_right(sentences, a) - 1
            told[sentence] = told.get(sentence, "") + " " + paragraph[a:b]
    tells = [
        not spanned
        and "|" not in paragraph[a:b]
        and level_guesses.discusses_ending(told[bisect.bisect_right(sentences, a) - 1])
        for (a, b), spanned in zip(pieces, in_span, strict=True)
    ]
    out: list[str] = []
    count = 0
    for hide, group in itertools.groupby(zip(pieces, tells, strict=True), key=lambda pair: pair[1]):
        run = [piece for piece, _ in group]
        text = paragraph[run[0][0] : run[-1][1]]
        if hide and (core := text.strip()):
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            # Bars of its own never touch an author's span's: "||a||||b||" reads as no span.
            if not lead and run[0][0] >= len(BARS) and paragraph.endswith(BARS, 0, run[0][0]):
                lead = " "
            if not trail and paragraph.startswith(BARS, run[-1][1]):
                trail = " "
            text = f"{lead}{BARS}{core}{BARS}{trail}"
            count += 1
        out.append(text)
    return "".join(out), count


# A sentence ends at a full stop, a question or exclamation mark before a capital (or an
# opening quotation mark); "Dr. Siebert" and "Mrs. Bates" do not end one.
_SENTENCE_BREAK = re.compile(
    r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bSt\.)(?<=[.!?])[\"”»’]?\s+"
    r"(?=[\"“«¿¡(]?[A-ZÀ-ÞĀ-Ž])"
)
# The same where a sentence ends or starts with a span's bars ("robs. ||Greg|| dies").
_SENTENCE_BREAK_BESIDE_BARS = re.compile(
    r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bSt\.)(?:(?<=[.!?])|(?<=[.!?]\|\|))"
    r"[\"”»’]?\s+(?=(?:\|\|)?[\"“«¿¡(]?[A-ZÀ-ÞĀ-Ž])"
)


def _closing_sentences_of_the_ending(paragraph: str) -> tuple[str, str] | None:
    """A recap paragraph that runs on into the ending ("... The Xenomorph kills the crew, and
    Ash is revealed to be an android."): its closing sentences that use the words of an
    ending, split from the sentences before them. The first sentence always stays. None when
    the paragraph ends on no such sentence, or is in ||bars||."""
    if _HIDDEN.search(paragraph):
        return None  # bars already hide what they must; a split could cut through them
    starts = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(paragraph))]
    ends = [*starts[1:], len(paragraph)]
    sentences = [paragraph[a:b].strip() for a, b in zip(starts, ends, strict=True)]
    cut = len(sentences)
    while cut > 1 and level_guesses.discusses_ending(sentences[cut - 1]):
        cut -= 1
    if cut == len(sentences):
        return None
    return " ".join(sentences[:cut]), " ".join(sentences[cut:])


def _copy_quick_answer_to_faq(outline: Outline) -> None:
    """A quick answer posed as a question ("So what actually happens at the end?") is the
    question readers ask most; an FAQ that lacks it gets it, so the FAQ menu offers it too."""
    quick = outline.sections.get(SectionKind.QUICK_ANSWER)
    faq = outline.sections.get(SectionKind.FAQ)
    if not (quick and faq and quick.heading and quick.paragraphs):
        return
    if not ends_as_question(quick.heading.rstrip()):
        return
    if any(item.heading.lower() == quick.heading.lower() for item in faq.items):
        return
    faq.items.insert(0, ItemDraft(quick.heading, list(quick.paragraphs)))


def _section_doc(draft: SectionDraft, warnings: list[str], film: str) -> dict[str, Any] | None:
    kind = draft.kind
    items: list[dict[str, Any]] = []
    spill: list[str] = []
    for item in draft.items:
        body = "\n\n".join(item.paragraphs)
        if not body:
            warnings.append(f"heading {item.heading!r} has no text under it: left out")
        elif len(items) >= _MAX_ITEMS:
            spill.extend(_spilled(kind, item, body, film))
        else:
            doc = _item_doc(kind, item.heading, body, film, item.tells_ending)
            if item.heading_tells_ending or (
                item.closes_recap and not _PART_LABEL.match(item.heading.strip())
            ):
                # "Dana Shoots Her Brother" over the ending's text says what it tells; "Act
                # Three" or "Day 12" only numbers the part.
                doc["heading_level"] = SpoilerLevel.ENDING
            items.append(doc)
    if spill:
        warnings.append(f"{kind.label}: more than {_MAX_ITEMS} items; the rest went into its body")
    body = "\n\n".join([*draft.paragraphs, *spill]) or None
    if body is None and not items:
        return None
    level = level_guesses.body_level(kind, body) if body else kind.default_level
    if kind in _NAMED_BY_HEADING and draft.heading and _heading_raises(draft.heading):
        level = SpoilerLevel.ENDING  # its text answers a heading that tells the ending
    heading_level = None
    if draft.heading:
        heading_level = level_guesses.section_heading_level(
            draft.heading, draft.heading_is_name, film
        )
    section = {
        "kind": kind,
        "level": level,
        "heading": draft.heading,
        "heading_level": heading_level,
        "body": body,
        "items": items,
    }
    return {key: value for key, value in section.items() if value is not None}


def _heading_raises(heading: str) -> bool:
    """A section heading that tells the ending ("Mal's death"), or that its author labels as
    holding spoilers ("Themes (spoilers)"): the text under it is the ending's."""
    return level_guesses.gives_away(heading) or warns_of_spoilers(heading)


# A part's heading that only numbers it.
_PART_LABEL = re.compile(
    r"^(?:(?:the\s+)?(?:act|part|chapter|day|scene|step|stage|section|episode|book|reel)\s+"
    r"[\w.-]{1,12}|[\W\d]+)$",
    re.I,
)


def _spilled(kind: SectionKind, item: ItemDraft, body: str, film: str) -> list[str]:
    """An item past the section's limit, as text of the section's body: what was above the
    body's level as an item (a recap's closing part that tells the ending, "Mal's death" among
    themes) goes in bars, so the body's plot level does not show it."""
    doc = _item_doc(kind, item.heading, body, film, item.tells_ending)
    heading = f"**{item.heading}**"
    if kind not in _NAMED_BY_HEADING:
        return [heading, body]  # their bodies are at the ending level already
    if doc["heading_level"] is SpoilerLevel.ENDING or doc["level"] is SpoilerLevel.ENDING:
        heading = behind_bars(heading)
    if doc["level"] is SpoilerLevel.ENDING:
        return [heading, *(behind_bars(text) for text in item.paragraphs)]
    return [heading, body]


# Kinds whose item headings are plot unless they give the ending away ("Mal's death").
_NAMED_BY_HEADING = {SectionKind.RECAP, SectionKind.THEMES, SectionKind.SYMBOLISM}


def _item_doc(
    kind: SectionKind, heading: str, body: str, film: str, tells_ending: bool = False
) -> dict[str, Any]:
    if kind is SectionKind.FAQ:
        level = level_guesses.faq_answer_level(heading, body)
    elif tells_ending:
        level = SpoilerLevel.ENDING
    else:
        level = level_guesses.body_level(kind, body)
    heading_level = level_guesses.item_heading_level(kind, heading, film)
    if kind is SectionKind.RECAP and level_guesses.announces_ending(heading, film):
        # "How it ends" filed under the recap (a sibling label of "The setup") heads the
        # ending's text, whatever the recap's level.
        level = SpoilerLevel.ENDING
    if kind in _NAMED_BY_HEADING and (
        heading_level is SpoilerLevel.ENDING or warns_of_spoilers(heading)
    ):
        # A body answers its heading: under "So Louise knows that Hannah will die?" a recap's
        # "she chooses it anyway" tells the ending too, whatever its own words; and one its
        # author labels "Grief (spoilers)" is theirs to say.
        level = SpoilerLevel.ENDING
    return {
        "heading": heading,
        "heading_level": heading_level,
        "level": level,
        "body": body,
    }
