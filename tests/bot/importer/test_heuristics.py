"""The individual heuristics, on the cases that decide them."""

from __future__ import annotations

import pytest

from bot.importer.blocks import Block, BlockKind
from bot.importer.chrome import is_chrome_line
from bot.importer.citations import find_attributions, mark_footnotes
from bot.importer.classify import kind_from_content, named_kind
from bot.importer.formats import Format, detect_format, parse_article
from bot.importer.identity import find_identity
from bot.importer.level_guesses import item_heading_level
from bot.importer.sources import (
    extract_declared_sources,
    parse_source_phrase,
    split_source_list,
)
from bot.levels import SectionKind, SpoilerLevel


def _paragraph(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


# --- sources -----------------------------------------------------------------------------------


def test_source_list_keeps_commas_and_and_inside_a_title() -> None:
    works, rest = split_source_list(
        "Ann Lee's Guardian essay on love and loss, Bo Park's Empire feature with Lee, Kim, "
        "and Cho, and Cy Dunn's Vulture review (Cannes, 2019)."
    )
    assert works == [
        "Ann Lee's Guardian essay on love and loss",
        "Bo Park's Empire feature with Lee, Kim, and Cho",
        "Cy Dunn's Vulture review (Cannes, 2019)",
    ]
    assert rest == ""


def test_source_list_ends_where_the_sentence_goes_on() -> None:
    works, rest = split_source_list(
        "Ann Lee's Guardian essay and Bo Park's Empire review, the film's symbols work in pairs."
    )
    assert works == ["Ann Lee's Guardian essay", "Bo Park's Empire review"]
    assert rest == "the film's symbols work in pairs."


def test_a_comma_inside_a_title_does_not_end_the_list() -> None:
    works, rest = split_source_list("Ann Lee's Guardian essay on grief, memory and time.")
    assert (works, rest) == (["Ann Lee's Guardian essay on grief, memory and time"], "")


def test_drawing_on_prose_is_not_a_source_line() -> None:
    prose = _paragraph("Drawing on his own childhood, Nolan wrote a film about fathers and sons.")
    declared = extract_declared_sources([prose], [])
    assert declared.sources == []
    assert declared.blocks == [prose]


def test_drawing_on_line_leaves_the_body_and_keeps_its_sentence() -> None:
    line = _paragraph("Drawing on Ann Lee's Guardian essay, the film's symbols work in pairs.")
    declared = extract_declared_sources([line], [])
    assert [(s.author, s.outlet) for s in declared.sources] == [("Ann Lee", "Guardian")]
    assert [block.text for block in declared.blocks] == ["The film's symbols work in pairs."]


def test_interview_credits_the_journalist_not_the_director() -> None:
    draft = parse_source_phrase("Greta Gerwig's Vulture interview with Ana Ruiz", {"Greta Gerwig"})
    assert (draft.author, draft.outlet, draft.title) == (
        "Ana Ruiz",
        "Vulture",
        "Interview with Greta Gerwig",
    )
    # Without knowing who made the film, the possessive names the author.
    assert parse_source_phrase("Ana Ruiz's Vulture interview with Greta Gerwig", set()).author == (
        "Ana Ruiz"
    )


def test_subject_on_outlet_with_author_in_brackets() -> None:
    draft = parse_source_phrase("Jordan Peele on Fresh Air (Terry Gross)", set())
    assert (draft.author, draft.outlet) == ("Terry Gross", "Fresh Air")


# --- footnotes ---------------------------------------------------------------------------------


def test_glued_footnote_numbers_become_markers() -> None:
    blocks = [
        _paragraph('He said it "would last forever."1 Then: "a calm logic of devotion"5 — and'),
        _paragraph("In 1940s-50s musicals, Apollo13 and mp4 files are not footnotes."),
        _paragraph("The ending is ambiguous.1 Nobody agrees."),
    ]
    marked = [block.text for block in mark_footnotes(blocks, [])]
    assert marked[0] == (
        'He said it "would last forever."[^1] Then: "a calm logic of devotion"[^5] — and'
    )
    assert marked[1] == blocks[1].text
    # After a word, only a number already seen as a footnote counts.
    assert marked[2] == "The ending is ambiguous.[^1] Nobody agrees."


# --- title and year ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "year"),
    [
        (
            "Star Wars: The Last Jedi ending explained\n\nStar Wars: The Last Jedi (2017) ends…",
            "Star Wars: The Last Jedi",
            2017,
        ),
        (
            "The ending of Parasite, explained\n\nBong Joon-ho's 2019 thriller ends…",
            "Parasite",
            2019,
        ),
        (
            "Ending Explained\n\nHereditary Ending Explained | Scream Site\n\n"
            "Ari Aster's 2018 horror film ends…",
            "Hereditary",
            2018,
        ),
        (
            "This article contains major spoilers for Get Out (2017).\n\nWhat happens at the end?",
            "Get Out",
            2017,
        ),
    ],
)
def test_title_and_year(text: str, title: str, year: int) -> None:
    identity = find_identity(parse_article(text), "x", None, None)
    assert (identity.title, identity.year) == (title, year)


def test_html_title_without_h1_uses_the_page_title() -> None:
    page = (
        "<html><head><title>Memento ending explained | Site</title></head><body>"
        "<p>Christopher Nolan's 2000 thriller runs backwards.</p></body></html>"
    )
    identity = find_identity(parse_article(page), "x", None, None)
    assert (identity.title, identity.year) == ("Memento", 2000)


# --- formats and chrome ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", Format.HTML),
        ("# Heading\n\nText.", Format.MARKDOWN),
        ("Heading\n\nText with **bold** and\n\n- a list", Format.MARKDOWN),
        ("Heading\n\nJust text, 5 * 3 = 15.", Format.TEXT),
    ],
)
def test_detect_format(text: str, expected: Format) -> None:
    assert detect_format(text) is expected


@pytest.mark.parametrize(
    "line",
    [
        "Search movies, actors, endings… ⌘K",
        "● Ending Explained Updated May 2026 12 min read",
        "By Simon, Staff Writer · Reviewed by Arthur · Published May 18, 2026",
        "Emma Stone in La La Land. Photograph: Lionsgate",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Read more: The best films of 2016",
        "Sign up for our newsletter",
        "Open guide →",
        "This article contains major spoilers for La La Land (2016).",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "By the end, Mia has the career she wanted.",
        "Sebastian reads more into the gesture than she intends.",
        "The final shot holds on the top. " * 8,  # long prose is never chrome
    ],
)
def test_prose_is_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_hard_wrapped_plain_text_is_one_paragraph() -> None:
    text = (
        "The final shot\n\n"
        "Cobb spins the top on the table and walks out to the garden where his\n"
        "children are waiting, and the camera stays behind on the wobbling top\n"
        "until the film cuts to black.\n"
    )
    blocks = parse_article(text).blocks
    assert [block.kind for block in blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert blocks[1].text.endswith("until the film cuts to black.")


# --- classification and levels -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("● Quick Answer", SectionKind.QUICK_ANSWER),
        ("Plot recap leading into the ending", SectionKind.RECAP),
        ("What happens in La La Land?", SectionKind.RECAP),
        ("The ending explained", SectionKind.ENDING),
        ("La La Land ending explained", SectionKind.ENDING),
        ("What happens at the end", SectionKind.ENDING),
        ("Final shot interpretation", SectionKind.FINAL_SHOT),
        ("The last scene", SectionKind.FINAL_SHOT),
        ("Themes", SectionKind.THEMES),
        ("Symbolism", SectionKind.SYMBOLISM),
        ("Frequently Asked", SectionKind.FAQ),
        ("FAQ", SectionKind.FAQ),
        ("Why the ending earns trust", None),
        ("The sunset bench", None),
    ],
)
def test_named_sections(heading: str, kind: SectionKind | None) -> None:
    assert named_kind(heading, "La La Land") is kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Why does Mia end up with someone else?", SectionKind.ENDING),
        ("What does the spinning top mean?", SectionKind.SYMBOLISM),
        ("What is Inception really about?", SectionKind.THEMES),
        ("What happens in the last scene?", SectionKind.FINAL_SHOT),
        ("Who is Mr Eames?", None),
    ],
)
def test_question_headings_by_content(heading: str, kind: SectionKind | None) -> None:
    assert kind_from_content(heading, "") is kind


@pytest.mark.parametrize(
    ("kind", "heading", "level"),
    [
        (SectionKind.FAQ, "What is La La Land about?", SpoilerLevel.NONE),
        (SectionKind.FAQ, "How does La La Land end?", SpoilerLevel.NONE),
        (SectionKind.FAQ, "Why does Mia marry someone else?", SpoilerLevel.ENDING),
        (SectionKind.FAQ, "Is the top still spinning?", SpoilerLevel.ENDING),
        # A safe question's shape around a detail instead of the film is no safe question.
        (
            SectionKind.FAQ,
            "What happens at the end of Mia's marriage to Greg?",
            SpoilerLevel.ENDING,
        ),
        (SectionKind.FAQ, "Who is in the club where Mia finds Sebastian?", SpoilerLevel.ENDING),
        (SectionKind.FAQ, "How does Sebastian's club end up?", SpoilerLevel.ENDING),
        (SectionKind.FAQ, "What is the film really about?", SpoilerLevel.NONE),
        (SectionKind.SYMBOLISM, "The sunset bench", SpoilerLevel.PLOT),
        (SectionKind.THEMES, "Why the ending earns trust", SpoilerLevel.PLOT),
        (SectionKind.THEMES, "Mal's death", SpoilerLevel.ENDING),
    ],
)
def test_item_heading_levels(kind: SectionKind, heading: str, level: SpoilerLevel) -> None:
    assert item_heading_level(kind, heading, "La La Land") is level


def test_an_article_element_is_never_taken_for_a_sidebar() -> None:
    page = (
        "<html><body><article class='post has-sidebar'><h1>Memento ending explained</h1>"
        "<p>Leonard's notes are the point.</p></article>"
        "<div class='sidebar'><p>Popular this week</p></div></body></html>"
    )
    texts = [block.text for block in parse_article(page).blocks]
    assert texts == ["Memento ending explained", "Leonard's notes are the point."]


BODY = "\n\nMichael Mann's film ends at an airport. Neil dies. Vincent holds his hand.\n"


@pytest.mark.parametrize(
    "chrome",
    ["", "Updated March 3, 2024\n\n5 min read\n\n", "Search our site\n\nBy John Smith\n\n"],
)
def test_a_guessed_title_quotes_the_line_it_was_guessed_from(chrome: str) -> None:
    """Was "title 'Heat' is a guess from the first line" when the first line was site chrome,
    dropped: the reviewer is shown the line the title came from, and where it sits."""
    identity = find_identity(parse_article(f"{chrome}Heat (1995){BODY}"), "x", None, None)
    assert identity.title == "Heat"
    note = next(n for n in identity.notes if n.startswith("title 'Heat' is a guess"))
    assert "from the line 'Heat (1995)'" in note
    if chrome:
        first = chrome.split("\n")[0]
        assert "the article's first line" not in note and first not in note
        assert "after the site chrome dropped above it" in note
    else:
        assert "the article's first line" in note


@pytest.mark.parametrize(
    ("kind", "heading", "level"),
    [
        (SectionKind.THEMES, "Why Mia Leaves Sebastian", SpoilerLevel.ENDING),
        (SectionKind.RECAP, "Why the mayor lies to Dana", SpoilerLevel.ENDING),
        (SectionKind.SYMBOLISM, "WHY SHE BURNS THE LETTERS", SpoilerLevel.ENDING),
        (SectionKind.THEMES, "Why it works", SpoilerLevel.PLOT),
    ],
)
def test_a_why_headline_without_a_question_mark_is_read_as_its_question(
    kind: SectionKind, heading: str, level: SpoilerLevel
) -> None:
    # A headline's question without its mark takes what it asks about as told.
    assert item_heading_level(kind, heading, "La La Land") is level


@pytest.mark.parametrize(
    "heading",
    [
        "Zorvath Was the Killer All Along",
        "The mayor is the real culprit",
        "Why Tyler Is Imaginary",
        "The daughter never existed",
    ],
)
def test_a_heading_that_claims_the_twist_is_at_the_ending_level(heading: str) -> None:
    # A recap's or a theme's sub-heading stating the twist was read at plot level.
    assert item_heading_level(SectionKind.RECAP, heading, "Tidewater") is SpoilerLevel.ENDING
    assert item_heading_level(SectionKind.THEMES, heading, "Tidewater") is SpoilerLevel.ENDING


MEMENTO_CREDITS = (
    "Memento is a 2000 film directed by Christopher Nolan, starring Guy Pearce and"
    " Carrie-Anne Moss."
)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # Was Christopher Nolan: the possessive's owner, not the person the sentence is about.
        (
            "Nolan's brother Jonathan Nolan wrote the short story, and he told Esquire that"
            ' "the whole thing started as a conversation on a long road trip".',
            "Jonathan Nolan",
        ),
        # Was Guy Pearce.
        (
            "Pearce's co-star Carrie-Anne Moss joined late, and she told Empire that"
            ' "nobody on set knew which version of Natalie was the real one".',
            "Carrie-Anne Moss",
        ),
        (
            "Nolan's longtime editor Dody Dorn cut it in reverse, and she told Wired that"
            ' "the scenes had to work in both directions at the same time".',
            "Dody Dorn",
        ),
        # What is owned is no person: the owner is who "he" is.
        (
            "Nolan's script went through many drafts, and he told Wired that"
            ' "the ending has to be read backwards to make any sense at all".',
            "Christopher Nolan",
        ),
    ],
)
def test_a_sentence_opening_with_a_possessive_credits_the_person_it_is_about(
    sentence: str, speaker: str
) -> None:
    blocks = [_paragraph(MEMENTO_CREDITS), _paragraph(sentence)]
    people = ["Christopher Nolan", "Guy Pearce", "Carrie-Anne Moss"]
    found = find_attributions(blocks, people, "Christopher Nolan")
    assert [draft.author for draft in found] == [speaker]
