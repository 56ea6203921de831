"""Page shapes met in the wild: AMP and custom elements, e-mail layouts, wiki pages, review
diaries, comment threads, Markdown with HTML in it. Each test pins one general rule."""

from __future__ import annotations

import pytest

from bot.importer import import_article
from bot.importer.blocks import Block, BlockKind
from bot.importer.chrome import drop_chrome, is_chrome_line
from bot.importer.citations import link_citations
from bot.importer.classify import names_only
from bot.importer.formats import Format, detect_format, parse_article
from bot.importer.identity import find_identity
from bot.importer.level_guesses import item_heading_level
from bot.importer.sources import extract_declared_sources, parse_reference, parse_source_phrase
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import all_text


def _blocks(html: str) -> list[tuple[str, str]]:
    return [(block.kind.value, block.text) for block in parse_article(html).blocks]


def _paragraph(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


# --- formats -----------------------------------------------------------------------------------


def test_markdown_with_an_html_block_is_still_markdown() -> None:
    text = (
        "# Predestination (2014) ending explained\n\nIntro with **bold**.\n\n"
        '<div class="cta"><p>Get our newsletter.</p></div>\n\n## Themes\n\n### Free will\n\nText.\n'
        '\n<div class="aside-note"><p>Shot in Melbourne in 2013.</p></div>\n'
    )
    assert detect_format(text) is Format.MARKDOWN
    article = parse_article(text)
    assert ("heading", "Free will") in [(b.kind.value, b.text) for b in article.blocks]
    # The embedded HTML is read as HTML: its text kept, its furniture dropped for the reviewer.
    assert "Shot in Melbourne in 2013." in [b.text for b in article.blocks]
    assert article.dropped == ["Get our newsletter."]


@pytest.mark.parametrize(
    "text",
    ["<div><h2>Themes</h2><p>Text.</p></div>", "<!doctype html>\n# Not a heading\n<p>x</p>"],
)
def test_a_fragment_opening_with_a_tag_or_a_page_is_html(text: str) -> None:
    assert detect_format(text) is Format.HTML


def test_blocks_inside_an_unknown_element_stay_blocks() -> None:
    page = (
        "<html><body><h2>FAQ</h2><amp-accordion><section><h4>Is it a horror film?</h4>"
        "<div><p>Not really.</p></div></section></amp-accordion>"
        "<span class='wrap'><p>One.</p><p>Two.</p></span></body></html>"
    )
    assert _blocks(page) == [
        ("heading", "FAQ"),
        ("heading", "Is it a horror film?"),
        ("paragraph", "Not really."),
        ("paragraph", "One."),
        ("paragraph", "Two."),
    ]


def test_bold_written_as_a_style_reads_like_bold_markup() -> None:
    page = (
        "<html><body>"
        '<p style="font-size:20px;font-weight:bold">Themes</p>'
        '<p><span style="font-weight:700">Surveillance.</span> The audience watches.</p>'
        '<p><span style="font-weight:400">Plain text in a span.</span> More.</p>'
        "</body></html>"
    )
    assert _blocks(page) == [
        ("heading", "Themes"),
        ("heading", "Surveillance"),
        ("paragraph", "The audience watches."),
        ("paragraph", "Plain text in a span. More."),
    ]


def test_a_wiki_headings_edit_button_is_not_part_of_it() -> None:
    page = (
        '<html><body><h2><span class="mw-headline">Plot</span><span class="mw-editsection">'
        '[<a href="/edit">edit</a>]</span></h2><p>Text.</p>'
        "<h3>The [bracketed] word stays</h3><p>More.</p></body></html>"
    )
    headings = [text for kind, text in _blocks(page) if kind == "heading"]
    assert headings == ["Plot", "The [bracketed] word stays"]


# --- chrome ------------------------------------------------------------------------------------


def test_hidden_elements_and_data_tables_are_chrome_layout_tables_are_not() -> None:
    page = (
        "<html><body>"
        '<span style="display:none">Preheader: three films to watch.</span>'
        '<table class="infobox"><tr><th>Directed by</th><td>David Fincher</td></tr>'
        "<tr><th>Release date</th><td>October 15, 1999</td></tr></table>"
        '<table role="presentation"><tr><td><p>The whole newsletter sits in this cell, as e-mail '
        "layouts do, with sentences long enough to be the article itself.</p></td></tr>"
        "<tr><td><p>A second row.</p></td></tr></table>"
        "</body></html>"
    )
    article = parse_article(page)
    texts = [block.text for block in article.blocks]
    assert texts == [
        "The whole newsletter sits in this cell, as e-mail layouts do, with sentences long "
        "enough to be the article itself.",
        "A second row.",
    ]
    assert any("Directed by" in text for text in article.dropped)


@pytest.mark.parametrize(
    "line",
    [
        "Having trouble reading this email? View it in your browser",
        "Know someone who'd like this? Forward this email",
        "You are receiving this because you subscribed at example.com.",
        "Unsubscribe · Update your preferences",
        "Watched 14 Jan, 2024 ★★★★½ Rewatched",
        "★★★★½ and counting.",
        "Review by Ines Calloway Patron",
        "Sort by: best",
        "View more comments",
        "Community content is available under CC-BY-SA unless otherwise noted.",
    ],
)
def test_envelope_rating_and_thread_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "She subscribes to the idea that memory is identity.",
        "Reviewers rated it poorly, then the film found its audience on video.",
    ],
)
def test_prose_near_those_words_is_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_a_comment_thread_after_the_article_is_dropped_a_count_in_the_byline_is_not() -> None:
    prose = "The ending is a long and careful argument about memory and what it costs. " * 4
    byline = [_paragraph("12 comments"), _paragraph(prose), _paragraph(prose)]
    assert [block.text for block in drop_chrome(byline)] == [prose, prose]
    thread = [
        _paragraph(prose),
        _paragraph(prose),
        Block(BlockKind.HEADING, "412 comments"),
        _paragraph("lineup_larry"),
        _paragraph("Great write-up. I still think he knew deep down the whole time."),
    ]
    dropped: list[str] = []
    assert [block.text for block in drop_chrome(thread, dropped)] == [prose, prose]
    assert "Great write-up. I still think he knew deep down the whole time." in dropped


# --- title and year ----------------------------------------------------------------------------


def test_a_year_only_in_a_dropped_spoiler_banner_is_used_with_a_note() -> None:
    page = (
        "<html><head><title>The Village Ending Explained | CineWire</title></head><body>"
        '<div class="spoiler-banner">This article reveals the ending of The Village (2004).</div>'
        "<h1>The Village Ending Explained</h1><h2>The ending</h2><p>It is set today.</p>"
        "</body></html>"
    )
    identity = find_identity(parse_article(page), "x", None, None)
    assert (identity.title, identity.year) == ("The Village", 2004)
    assert any("dropped as site chrome" in note for note in identity.notes)


def test_a_headline_that_dates_the_film_is_no_site_name() -> None:
    # A newsletter's <title> names the issue, not the film; the <h1> is the headline.
    page = (
        "<html><head><title>Second Reel #112: The Truman Show</title></head><body>"
        "<h1>The Truman Show (1998): What the Ending Really Means</h1><p>Hello again.</p>"
        "</body></html>"
    )
    identity = find_identity(parse_article(page), "x", None, None)
    assert (identity.title, identity.year) == ("The Truman Show", 1998)


def test_a_page_title_opening_with_a_dated_title_names_the_film_of_a_review() -> None:
    page = (
        '<html><head><meta property="og:title" content="Ines Calloway’s review of Mulholland '
        'Drive"><title>Mulholland Drive (2001) review by Ines Calloway • Letterbox’d</title>'
        "</head><body><h1>Mulholland Drive 2001</h1><p>Fifth time through.</p></body></html>"
    )
    identity = find_identity(parse_article(page), "x", None, None)
    assert (identity.title, identity.year) == ("Mulholland Drive", 2001)
    assert identity.headline_index == 0  # the <h1> is the headline, not body text


@pytest.mark.parametrize(
    ("headline", "year"),
    [("Fight Club (film)", None), ("Fight Club (1999 film)", 1999)],
)
def test_a_wikis_disambiguation_is_not_part_of_the_title(headline: str, year: int | None) -> None:
    page = (
        f"<html><head><title>{headline} | Cult Cinema Wiki</title></head><body>"
        f"<h1>{headline}</h1><p>Fight Club is a 1999 American film directed by David Fincher.</p>"
        "</body></html>"
    )
    identity = find_identity(parse_article(page), "x", None, None)
    assert (identity.title, identity.year) == ("Fight Club", 1999)
    if year is None:  # only the prose dated it: a guess, said so
        assert any("guess" in note for note in identity.notes)


# --- outline -----------------------------------------------------------------------------------


def test_a_heading_over_questions_is_an_faq_whose_own_heading_stays_hidden() -> None:
    article = (
        "Primal Fear (1996) ending explained\n\nThe ending\n\nAaron never existed.\n\n"
        "From the mailbag\n\nQ: Is Primal Fear based on a book?\nA: Yes, a 1993 novel.\n\n"
        "Q: Did Edward Norton really stammer?\nA: No, he built it from a friend's.\n"
    )
    doc = import_article(article.encode(), name="a.txt").doc
    assert doc is not None
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    assert [item.heading for item in faq.items] == [
        "Is Primal Fear based on a book?",
        "Did Edward Norton really stammer?",
    ]
    # Found by shape, not named outright: its heading is not made public on a guess.
    assert faq.heading == "From the mailbag"
    assert faq.heading_level is SpoilerLevel.ENDING


def test_a_heading_over_sub_headings_groups_them_by_its_own_words() -> None:
    page = (
        "<html><head><title>Eternal Sunshine (2004) explained</title></head><body>"
        "<h1>Eternal Sunshine (2004) explained</h1>"
        "<h2>The film's message</h2><h3>Memory as identity</h3><p>Lacuna promises.</p>"
        "<h3>Choosing love</h3><p>The ending says okay.</p>"
        "<h2>Odds and ends</h2><h3>Is Lacuna real?</h3><p>No.</p>"
        "<h3>The house on the beach</h3><p>It collapses into the sea.</p>"
        "</body></html>"
    )
    doc = import_article(page.encode(), name="a.html").doc
    assert doc is not None
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["Memory as identity", "Choosing love"]
    # A heading whose words say nothing does not group: each sub-heading is filed on its own.
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None and [item.heading for item in faq.items] == ["Is Lacuna real?"]
    assert "Odds and ends" not in [section.heading for section in doc.sections]


@pytest.mark.parametrize("heading", ["WHAT IT'S ABOUT", "What the movie is really about"])
def test_what_the_film_is_about_names_the_themes(heading: str) -> None:
    article = (
        f"Mulholland Drive (2001) ending explained\n\nThe ending\n\nDiane wakes.\n\n{heading}\n\n"
        "Hollywood as a dream factory\nThe town that sells dreams drowns her in one.\n\n"
        "Guilt\nEvery strange figure is her guilt seeping in.\n"
    )
    doc = import_article(article.encode(), name="a.txt").doc
    assert doc is not None
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["Hollywood as a dream factory", "Guilt"]


# --- sources -----------------------------------------------------------------------------------


def test_a_sources_label_in_a_paragraph_lists_works() -> None:
    text = (
        "Sources: Christopher McQuarrie's commentary track on the 2002 DVD, and "
        '"The Usual Suspects at 25" by Mara Quinn in The Dissolve.'
    )
    declared = extract_declared_sources([_paragraph(text)], [])
    assert declared.blocks == []
    assert [(s.author, s.outlet, s.title) for s in declared.sources] == [
        ("Christopher McQuarrie", None, "Commentary track on the 2002 DVD"),
        ("Mara Quinn", "The Dissolve", "The Usual Suspects at 25"),
    ]


def test_sources_in_prose_are_not_a_source_line() -> None:
    prose = _paragraph("Sources: close to the production say the ending was never in doubt.")
    assert extract_declared_sources([prose], []).sources == []


def test_a_title_first_source_phrase() -> None:
    draft = parse_source_phrase('"So Good It Hurts" by Amy Taubin for Sight & Sound', set())
    assert (draft.author, draft.outlet, draft.title) == (
        "Amy Taubin",
        "Sight & Sound",
        "So Good It Hurts",
    )


@pytest.mark.parametrize(
    ("text", "author", "outlet"),
    [
        ('↑ Taubin, Amy (October 1999). "So Good It Hurts". Sight & Sound.', "Amy Taubin", None),
        ('^ a b Smith, Gavin (1999). "Inside Out". Film Comment.', "Gavin Smith", "Film Comment"),
        ('Lena Moss, "The Hammer", Asian Cinema Quarterly, 2004.', "Lena Moss", None),
        ('^ Žižek, Slavoj (2007). "The Possibility of Hope". Universal.', "Slavoj Žižek", None),
        # Two authors are not one author written surname first.
        ('Ann Lee, Bo Park, "Dreams", Empire, 2010.', "Ann Lee, Bo Park", None),
    ],
)
def test_wiki_references_lose_their_backlinks_and_put_names_in_order(
    text: str, author: str, outlet: str | None
) -> None:
    draft = parse_reference(text, (), 1, set())
    assert draft.author == author
    assert outlet is None or draft.outlet == outlet


def test_an_interview_reported_without_a_quotation_is_a_source() -> None:
    blocks = [
        _paragraph("Edward Norton plays Aaron, in his first film role."),
        _paragraph("No. Norton said in a 1996 interview with Premiere that he built the stammer."),
        _paragraph("The studio wanted changes; Pitt refused, David Fincher told Cinefantastique."),
    ]
    cited = link_citations(blocks, [], [], None)
    assert [(s.author, s.outlet) for s in cited.sources] == [
        ("Edward Norton", "Premiere"),
        ("David Fincher", "Cinefantastique"),
    ]


def test_a_character_telling_another_is_no_source() -> None:
    blocks = [
        _paragraph("Mal jumps from the ledge. Cobb follows her to the window."),
        _paragraph("She would never come back, Cobb told Mal."),
        _paragraph("Cobb told Mal that he was sorry, and the dream collapsed."),
    ]
    assert link_citations(blocks, [], [], None).sources == []


# --- whole articles ----------------------------------------------------------------------------


def test_a_windows_1252_article_keeps_its_quotes_and_finds_its_faq() -> None:
    article = (
        "Primal Fear (1996): The Ending Explained\r\n\r\nWhat happens at the end\r\n\r\n"
        "Aaron never existed. Roy was faking “the stammer” all along.\r\n\r\n"
        "Questions we were asked\r\n\r\nQ: Is Primal Fear based on a book?\r\n"
        "A: Yes, William Diehl’s novel.\r\n"
    ).encode("cp1252")
    result = import_article(article, name="a.txt")
    assert result.doc is not None
    assert "Roy was faking “the stammer” all along." in all_text(result.doc)
    faq = result.doc.section(SectionKind.FAQ)
    assert faq is not None and faq.items[0].heading == "Is Primal Fear based on a book?"


# --- shapes found by the held-out fixtures -----------------------------------------------------


def test_bold_named_by_a_stylesheet_class_reads_like_bold_markup() -> None:
    # A Google Docs export: every run is a <span class="cN">, bold only in the <style>.
    page = (
        "<html><head><style>.c0{font-weight:400;font-size:11pt}.c2{font-weight:700;font-size:14pt}"
        "table td,.c5{font-weight:700}</style></head><body>"
        '<p><span class="c2">Themes</span></p>'
        '<p><span class="c5">Sacrifice.</span><span class="c0"> Donnie chooses to die.</span></p>'
        '<p><span class="c0">Plain words.</span></p></body></html>'
    )
    assert _blocks(page) == [
        ("heading", "Themes"),
        ("heading", "Sacrifice"),
        ("paragraph", "Donnie chooses to die."),
        ("paragraph", "Plain words."),
    ]


def test_a_markdown_table_of_short_cells_is_data_a_table_of_sentences_is_read() -> None:
    text = (
        "# Black Swan (2010) ending explained\n\n| Property | Value |\n| --- | --- |\n"
        "| Status | Published |\n| Author | @lena |\n\nIntro **here**.\n\n"
        "| Symbol | What it means |\n| --- | --- |\n"
        "| Mirrors | Each reflection is the self Nina refuses to see, moving when she does not. |\n"
    )
    article = parse_article(text)
    texts = [block.text for block in article.blocks]
    assert not any("Published" in text for text in texts)
    assert any("Published" in text for text in article.dropped)
    assert (
        "Mirrors | Each reflection is the self Nina refuses to see, moving when she does not."
        in texts
    )


def test_questions_under_a_heading_of_their_own_are_still_filed_by_their_words() -> None:
    article = (
        "'Birdman' ending explained: Does Riggan really fly?\n\nThe 2014 film follows Riggan.\n\n"
        "What happens at the end?\n\nHe climbs out of the window.\n\nFrom the mailbag\n\n"
        "Is it all in Riggan's head?\n\nMuch of it may be.\n\n"
        "What does the comet symbolise?\n\nA spectacular death.\n"
    )
    doc = import_article(article.encode(), name="a.txt").doc
    assert doc is not None
    symbolism = doc.section(SectionKind.SYMBOLISM)
    faq = doc.section(SectionKind.FAQ)
    assert symbolism is not None and faq is not None
    assert [item.heading for item in symbolism.items] == ["What does the comet symbolise?"]
    assert [item.heading for item in faq.items] == ["Is it all in Riggan's head?"]
    assert faq.heading == "From the mailbag"
    # Under a heading that names the FAQ outright, the article says they are its questions.
    named = import_article(article.replace("From the mailbag", "FAQ").encode(), name="a.txt").doc
    assert named is not None and named.section(SectionKind.SYMBOLISM) is None


def test_a_labelled_pointer_goes_alone_a_box_title_takes_its_box() -> None:
    prose = "Iñárritu told the Los Angeles Times that he wanted the ending to stay open."
    blocks = [
        Block(BlockKind.HEADING, "RELATED: Keaton and the long road to the Oscars"),
        _paragraph(prose),
        Block(BlockKind.HEADING, "Related articles"),
        _paragraph("The 25 best thrillers of the century"),
    ]
    assert [block.text for block in drop_chrome(blocks)] == [prose]


@pytest.mark.parametrize(
    "line",
    [
        "Michael Keaton as Riggan Thomson in “Birdman.” (Fox Searchlight)",
        "Alicia Vikander as Ava (A24)",
        "Watch Ex Machina now on Max and Prime Video.",
        "The Frame Rate is reader-funded. Support independent film writing from £3 a month.",
        "Follow Culture on Instagram and X.",
    ],
)
def test_captions_promotion_and_follow_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Keaton as Riggan is the best work of his career.",
        "We watch Nathan on the monitors, as Caleb does.",
    ],
)
def test_sentences_about_actors_and_watching_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_a_teaser_question_before_the_headline_is_not_the_title() -> None:
    text = "# What is Jean Jacket? Nope, explained\n\nJordan Peele's *Nope* (2022) is a western."
    identity = find_identity(parse_article(text), "x", None, None)
    assert (identity.title, identity.year) == ("Nope", 2022)


def test_leave_a_comment_is_a_button_not_the_start_of_a_thread() -> None:
    prose = "The ending is a long and careful argument about memory and what it costs. " * 4
    blocks = [
        _paragraph(prose),
        _paragraph(prose),
        _paragraph("Leave a comment"),
        _paragraph("Further reading: Alison Willmore's Vulture review."),
    ]
    kept = [block.text for block in drop_chrome(blocks)]
    assert kept == [prose, prose, "Further reading: Alison Willmore's Vulture review."]


def test_a_speaker_named_right_before_a_reported_interview() -> None:
    blocks = [
        _paragraph("Cinematographer Emmanuel Lubezki stitched the scenes together."),
        _paragraph(
            "The takes hide every cut; Lubezki said in an interview with American "
            'Cinematographer that the approach was "a trap for the actors."'
        ),
    ]
    sources = link_citations(blocks, [], [], None).sources
    assert [(s.author.split()[-1], s.outlet) for s in sources] == [
        ("Lubezki", "American Cinematographer")
    ]


# --- shapes found by the second held-out set ---------------------------------------------------


def test_an_aria_heading_is_a_heading_at_its_level() -> None:
    page = (
        '<html><body><div role="heading" aria-level="2">Themes</div>'
        '<div role="heading" aria-level="3">Obsession</div><div>The case eats lives.</div>'
        '<div role="heading">Symbols</div></body></html>'
    )
    blocks = parse_article(page).blocks
    assert [(b.kind.value, b.text, b.level) for b in blocks] == [
        ("heading", "Themes", 2),
        ("heading", "Obsession", 3),
        ("paragraph", "The case eats lives.", None),
        ("heading", "Symbols", 2),
    ]


def test_a_bbcode_post_reads_as_markdown_and_its_spoiler_tag_hides_nothing_less() -> None:
    post = (
        "[b]The Mist (2007): the ending, explained[/b]\n\n"
        "[size=150][b]What happens at the end[/b][/size]\n\n"
        "[spoiler]David shoots the other four, and the mist is clearing.[/spoiler]\n\n"
        "[size=150][b]Themes[/b][/size]\n\n[b]Fear and the mob[/b]\n"
        "The people inside are more dangerous than the monsters outside.\n\n"
        '[quote="mistfan88"]The supermarket scenes are scarier[/quote]\nTotally agree.\n'
    )
    result = import_article(post.encode(), name="post.txt")
    doc = result.doc
    assert doc is not None and (doc.title, doc.year) == ("The Mist", 2007)
    text = all_text(doc)
    assert "[" not in text and "David shoots the other four" in text
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and ending.effective_level is SpoilerLevel.ENDING
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and themes.items[0].heading == "Fear and the mob"


def test_square_brackets_in_prose_are_not_bbcode() -> None:
    text = "He says [sic] it was a dream. The [b] key and [i] key are stuck."
    assert parse_article(text).blocks[0].text == text


def test_a_numbered_outline_in_plain_text() -> None:
    article = (
        "THE THING (1982) - ENDING EXPLAINED\n\n1. THE ENDING\n\nMacReady and Childs wait.\n\n"
        "2. THEMES\n\n2.1 Paranoia\nEvery man in the camp becomes a suspect.\n\n"
        "2.2 Isolation\nThe station is cut off by the winter.\n\n"
        "Further steps:\n\n1. Rewatch it.\n2. Argue about Childs.\n"
    )
    result = import_article(article.encode(), name="a.txt")
    doc = result.doc
    assert doc is not None and (doc.title.lower(), doc.year) == ("the thing", 1982)
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["Paranoia", "Isolation"]
    # A list of several numbered lines stays a list.
    assert "1. Rewatch it.\n2. Argue about Childs." in all_text(doc)


@pytest.mark.parametrize(
    "line",
    [
        "Post by gravewatcher » Sat Oct 12, 2019 11:02 pm",
        "Prepared by K. Adeyemi for the club. Please don't post this online.",
        "Top",
    ],
)
def test_forum_and_handout_furniture_is_chrome(line: str) -> None:
    assert is_chrome_line(line)


def test_a_forum_reply_after_the_post_starts_the_thread() -> None:
    prose = "The ending punishes giving up, and the film argues for hope to the last. " * 4
    blocks = [
        _paragraph(prose),
        _paragraph(prose),
        Block(BlockKind.HEADING, "Re: The Mist (2007) ending explained - long post"),
        _paragraph("Brutal. I still can't rewatch the last five minutes."),
    ]
    assert [block.text for block in drop_chrome(blocks)] == [prose, prose]


def test_a_pull_quote_repeating_a_sentence_from_its_middle_is_dropped() -> None:
    body = _paragraph(
        "Samantha admits she loves 641 others. Then the operating systems leave together, for "
        "a place beyond the physical world that she cannot describe."
    )
    quote = _paragraph(
        "The operating systems leave together, for a place beyond the physical world."
    )
    assert drop_chrome([body, quote]) == [body]


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Theodore writes other people’s love letters for a living, and is lonely.", False),
        ("Keaton covers the mirror with a sheet before the show.", False),
        ("Sam Ortiz writes essays on westerns and teaches film history at a college.", True),
        ("Ruth Calder has written about horror and noir for twelve years.", True),
    ],
)
def test_a_bio_writes_about_or_for_something_a_character_just_writes(
    line: str, chrome: bool
) -> None:
    assert is_chrome_line(line) is chrome


# --- shapes found by the third held-out set ----------------------------------------------------


def test_a_paragraph_cut_by_line_breaks_is_read_line_by_line() -> None:
    page = (
        "<html><body><p><b>Themes</b><br>\n<i>Choice and regret.</i> Every reality is a door."
        "<br>\n<i>Identity.</i> Which one is real?</p>"
        "<p><em>Coherence</em> is a small film<br>made for almost nothing.</p></body></html>"
    )
    assert _blocks(page) == [
        ("heading", "Themes"),
        ("heading", "Choice and regret"),
        ("paragraph", "Every reality is a door."),
        ("heading", "Identity"),
        ("paragraph", "Which one is real?"),
        # An italic title opening a sentence is emphasis, not a label.
        ("paragraph", "Coherence is a small film"),
        ("paragraph", "made for almost nothing."),
    ]


def test_labelled_sections_and_bulleted_entries_in_plain_text() -> None:
    article = (
        "Prisoners (2013) — ending explained\n\n"
        "What happens at the end:\nKeller is dropped into a pit under a car, and Loki hears a "
        "whistle as the screen cuts to black.\n\n"
        "Themes:\n• Faith – Keller prays before every act of violence.\n"
        "• Vengeance and justice – the man he tortures is innocent.\n\n"
        "As Loki told the captain:\n“We are running out of time, and you know it as well as I"
        " do.”\n"
    )
    doc = import_article(article.encode(), name="a.txt").doc
    assert doc is not None
    ending = doc.section(SectionKind.ENDING)
    themes = doc.section(SectionKind.THEMES)
    assert ending is not None and ending.heading == "What happens at the end"
    assert themes is not None
    assert [item.heading for item in themes.items] == ["Faith", "Vengeance and justice"]
    # A colon before a quotation names no section: the sentence stays whole.
    assert "As Loki told the captain: “We are running out of time" in all_text(doc)


def test_a_bold_q_label_is_the_question_not_a_heading_q() -> None:
    text = (
        "# Triangle (2009) ending explained\n\n**Q&A**\n\n"
        "**Q.** Is Triangle based on a myth?\n\n**A.** Yes, loosely on Sisyphus.\n"
    )
    doc = import_article(text.encode(), name="a.md").doc
    assert doc is not None
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    assert [(item.heading, item.body) for item in faq.items] == [
        ("Is Triangle based on a myth?", "Yes, loosely on Sisyphus.")
    ]


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Second Reel, 14 Harbour Lane, Bristol BS1 4QA", True),
        ("MUBI: curated cinema, 30 days free. Start watching", True),
        ("this page best viewed in 1024x768 | guestbook | (c) 2014 nightowl", True),
        ("Diane lives in the apartment on Sierra Bonita, 2590, with the blue key.", False),
    ],
)
def test_addresses_trials_and_old_copyright_lines(line: str, chrome: bool) -> None:
    assert is_chrome_line(line) is chrome


def test_sources_in_brackets_and_a_speaker_who_said_so() -> None:
    blocks = [
        _paragraph("Christopher Smith's Triangle strands Jess on a liner."),
        _paragraph("Yes, loosely on Sisyphus. Smith said so in an interview with Total Film."),
        _paragraph("(Sources: Mara Quinn's essay in The Dissolve.)"),
    ]
    declared = extract_declared_sources(blocks, [])
    assert [(s.author, s.outlet) for s in declared.sources] == [("Mara Quinn", "The Dissolve")]
    cited = link_citations(declared.blocks, declared.sources, [], None)
    assert ("Christopher Smith", "Total Film") in [(s.author, s.outlet) for s in cited.sources]


# --- shapes found by the fourth held-out set ---------------------------------------------------


def test_a_heading_made_of_bigger_text_and_underlined_labels() -> None:
    page = (
        '<html><body><div><span style="font-size: large;">Themes</span></div>'
        "<div><u>Infidelity.</u> Adam and Anthony are the same man.</div>"
        '<p style="font-size:18px">Body text set a little larger is still body text.</p>'
        "</body></html>"
    )
    assert _blocks(page) == [
        ("heading", "Themes"),
        ("heading", "Infidelity"),
        ("paragraph", "Adam and Anthony are the same man."),
        ("paragraph", "Body text set a little larger is still body text."),
    ]


def test_template_calls_and_heading_attributes_are_not_words() -> None:
    text = (
        "# The Lighthouse (2019) ending explained\n\n"
        '{{< figure src="/a.jpg" caption="Photo" >}}\n\n'
        "## Themes {#themes}\n\n### Guilt\n\nHe took a dead man's name.\n\n{% include ad.html %}\n"
    )
    article = parse_article(text)
    assert [b.text for b in article.blocks if b.is_heading] == [
        "The Lighthouse (2019) ending explained",
        "Themes",
        "Guilt",
    ]
    assert '{{< figure src="/a.jpg" caption="Photo" >}}' in article.dropped
    assert not any("{%" in b.text for b in article.blocks)


def test_a_pdf_copys_hyphenated_line_ends_and_page_headers() -> None:
    article = (
        "MEMORIES OF MURDER (2003): THE ENDING EXPLAINED\nFilm Society Handout — Page 1 of 2\n\n"
        "THE ENDING\n\nSeo, who had prided himself on reason, nearly shoots him in a railway tun-\n"
        "nel, and the well-\nKnown detective gives up.\n"
    )
    result = import_article(article.encode(), name="a.txt")
    assert result.doc is not None
    text = all_text(result.doc)
    assert "in a railway tunnel, and the well- Known detective" in text
    assert "Page 1 of 2" not in text


@pytest.mark.parametrize("css", ["class='wp-block-button__link'", "class='btn btn-primary'"])
def test_a_button_is_chrome(css: str) -> None:
    page = (
        f"<html><body><p>The film ends.</p><div {css}><a href='/x'>More explained</a></div>"
        "</body></html>"
    )
    assert [text for _, text in _blocks(page)] == ["The film ends."]


def test_a_family_name_first_speaker_gets_the_full_name() -> None:
    blocks = [
        _paragraph("Bong Joon-ho's second feature follows two detectives."),
        _paragraph(
            'Police named him in 2019; Bong told The Korea Herald he "always wanted to know."'
        ),
    ]
    sources = link_citations(blocks, [], [], None).sources
    assert [(s.author, s.outlet) for s in sources] == [("Bong Joon-ho", "The Korea Herald")]


# --- shapes found by the fifth held-out set ----------------------------------------------------


def test_a_copied_wiki_page_loses_its_contents_furniture_and_keeps_its_references() -> None:
    article = (
        "Children of Men\nFrom Wikipedia, the free encyclopedia\n\n"
        "Children of Men is a 2006 dystopian thriller film directed by Alfonso Cuarón.[1]\n\n"
        "Contents\n1 Plot\n2 Ending\n3 Themes\n3.1 Hope\n4 References\n\n"
        "Plot\nTheo is asked to get transit papers for a young refugee, Kee, who is pregnant.\n\n"
        "Ending\nTheo rows Kee out to the ship Tomorrow and dies in the boat.\n\n"
        "Themes\n\nHope\nCuarón described the ending as a glimpse of hope, not a promise.\n\n"
        "References\n"
        '^ Dargis, Manohla (25 December 2006). "Apocalypse Now". The New York Times. Retrieved'
        " 5 April 2015.\n"
        '^ Kermode, Mark (24 September 2006). "Children of Men". The Observer.\n\n'
        'Retrieved from "https://en.wikipedia.example/w/index.php?title=Children_of_Men"\n'
        "Categories: 2006 films | Films directed by Alfonso Cuarón\n"
        "This page was last edited on 2 June 2024, at 11:10 (UTC).\n"
    )
    result = import_article(article.encode(), name="a.txt")
    doc = result.doc
    assert doc is not None and (doc.title, doc.year) == ("Children of Men", 2006)
    text = all_text(doc)
    for furniture in ("free encyclopedia", "Contents", "Retrieved from", "Categories", "edited on"):
        assert furniture not in text
    assert [(s.author, s.outlet) for s in doc.sources] == [
        ("Manohla Dargis", "The New York Times"),
        ("Mark Kermode", "The Observer"),
    ]
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and [item.heading for item in themes.items] == ["Hope"]


def test_repeated_buttons_are_no_table_of_contents() -> None:
    blocks = parse_article(
        "Intro line one of the post, long enough to be prose and not a label.\n\n"
        "412 comments\nShare\nSave\nReport\n\nA reply.\n\nShare\nSave\nReport\n"
    ).blocks
    assert "412 comments" in [block.text for block in blocks]


def test_superscript_footnotes_become_markers_and_a_note_list() -> None:
    text = (
        "# Knives Out (2019): The Ending Explained\n\n## The ending\n\n"
        "Marta stands on the balcony holding Harlan's mug.¹\n\n**Notes**\n\n"
        "¹ Rian Johnson, interview by Kate Erbland, IndieWire, November 2019.\n"
    )
    doc = import_article(text.encode(), name="a.md").doc
    assert doc is not None
    assert [(s.author, s.outlet) for s in doc.sources] == [("Kate Erbland", "IndieWire")]
    assert "holding Harlan's mug.[^1]" in all_text(doc)


@pytest.mark.parametrize(
    "line",
    [
        "Asked 11 years, 2 months ago",
        "Viewed 214k times",
        "answered Apr 2, 2013 at 19:05 room237 18.4k",
        "Full spoilers for Saltburn (2023) below.",
        'Retrieved from "https://en.wikipedia.example/w/index.php?title=X"',
    ],
)
def test_qa_site_wiki_and_callout_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "He answered the phone at 3 and hung up.",
        "From Paris, she flies to Rome to find him.",
    ],
)
def test_prose_that_starts_like_them_is_not(line: str) -> None:
    assert not is_chrome_line(line)


def test_a_sentence_saying_ending_is_no_headline() -> None:
    text = "Hope\n\nCuarón described the ending as a glimpse of hope.\n\nChildren of Men (2006)."
    identity = find_identity(parse_article(text), "x", None, None, allow_missing_year=True)
    assert identity.title != "Cuarón described the"


# --- headline wordings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        "Ending Explained: Past Lives (2023)",
        "Explained: The Ending of Past Lives (2023)",
        "Past Lives Ending Explained (2023)",
        "Why Past Lives' Ending Hurts So Much",
        "The Meaning Behind Past Lives' Final Scene",
        "PAST LIVES (2023) | ENDING EXPLAINED",
    ],
)
def test_headline_wordings_name_the_film(headline: str) -> None:
    text = f"{headline}\n\nCeline Song's Past Lives (2023) ends at a taxi rank.\n\nThe ending\n\nx."
    identity = find_identity(parse_article(text), "x", None, None)
    assert (identity.title.lower(), identity.year) == ("past lives", 2023)


def test_a_title_ending_in_a_cue_word_keeps_it_unless_explained_follows() -> None:
    text = "Happy Ending (2015) review\n\nHappy Ending (2015) is a small comedy."
    identity = find_identity(parse_article(text), "x", None, None)
    assert identity.title == "Happy Ending"


@pytest.mark.parametrize(
    "text",
    [
        "Bruce Willis Was Dead All Along: The Sixth Sense Ending Explained\n\n"
        "The Sixth Sense (1999) ends at the dinner table.",
        "<html><head><title>Malcolm Was Dead All Along: The Sixth Sense (1999) Ending Explained"
        "</title></head><body><h1>Malcolm Was Dead All Along: The Sixth Sense (1999) Ending "
        "Explained</h1><p>It ends at the dinner table.</p></body></html>",
    ],
)
def test_a_teaser_before_the_headline_never_becomes_the_public_title(text: str) -> None:
    identity = find_identity(parse_article(text), "x", None, None)
    assert (identity.title, identity.year) == ("The Sixth Sense", 1999)


@pytest.mark.parametrize(
    "headline",
    ["Star Wars: The Last Jedi ending explained", "Mission: Impossible ending explained"],
)
def test_a_franchise_before_a_colon_stays_in_the_title(headline: str) -> None:
    title = headline.removesuffix(" ending explained")
    text = f"{headline}\n\n{title} (2017) ends on a salt plain."
    assert find_identity(parse_article(text), "x", None, None).title == title


def test_a_title_with_spoiling_words_is_a_review_note() -> None:
    text = "The Dead Don't Die ending explained\n\nThe Dead Don't Die (2019) ends in a field."
    identity = find_identity(parse_article(text), "x", None, None)
    assert identity.title == "The Dead Don't Die"
    assert any("may give the story away" in note for note in identity.notes)


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("'I see dead people': The Sixth Sense ending explained", "The Sixth Sense"),
        ("Oliver Did It All Along. Saltburn's Ending, Explained", "Saltburn"),
        ("Mrs. Doubtfire ending explained", "Mrs. Doubtfire"),
        ("‘Léon: The Professional’ Ending Explained", "Léon: The Professional"),
    ],
)
def test_a_quotation_or_sentence_before_the_headline_is_a_teaser(headline: str, title: str) -> None:
    text = f"{headline}\n\n{title} (1999) ends where it began."
    assert find_identity(parse_article(text), "x", None, None).title == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "# Teddy Daniels Is Andrew Laeddis\n\n## Shutter Island (2010) ending explained\n\nx.",
            "Shutter Island",
        ),
        # A title that reads like a sentence is still a title when the article dates it.
        (
            "# There Will Be Blood ending explained\n\nThere Will Be Blood (2007) ends in a bowling"
            " alley.",
            "There Will Be Blood",
        ),
    ],
)
def test_a_headline_that_is_a_sentence_naming_nothing_dated_is_no_title(
    text: str, title: str
) -> None:
    assert find_identity(parse_article(text), "x", None, None).title == title


@pytest.mark.parametrize(
    ("heading", "public"),
    [
        ("The ending, explained", True),
        ("The Themes of Shutter Island", True),
        ("Motifs worth noticing", True),
        ("What happens at the end of Shutter Island?", True),
        ("What happens at the end? Teddy is Andrew", False),
        ("The ending, where Teddy is Andrew", False),
        ("The ending Teddy never saw coming", False),
        # A name, then words that may be a detail, set off by anything but a colon or a dash:
        # shown in the open, they would state the twist.
        ("The Ending (Teddy Is Andrew)", False),
        ("The ending (Andrew Laeddis)", False),
        ("Ending explained [Andrew Laeddis]", False),
        ("The ending, Andrew Laeddis", False),
        ("Ending explained → Andrew's lobotomy", False),
        ("Ending explained • Andrew's choice", False),
        ("The Ending Explained & Andrew's Choice", False),
        ("The ending + the lighthouse", False),
        ("The ending 'Andrew Laeddis'", False),
        ("Symbolism of the lighthouse", False),
        ("The ending of Shutter Island (2010), explained", True),
        ("Shutter Island's ending explained in full detail", True),
    ],
)
def test_a_section_name_is_public_only_when_it_says_nothing_more(
    heading: str, public: bool
) -> None:
    article = f"Shutter Island (2010) ending explained\n\n{heading}\n\nHe was Andrew all along.\n"
    doc = import_article(article.encode(), name="a.txt").doc
    assert doc is not None
    section = next(s for s in doc.sections if s.heading == heading)
    assert (section.heading_level is SpoilerLevel.NONE) is public


@pytest.mark.parametrize("name", ["The ending", "Ending explained", "Themes", "The final scene"])
@pytest.mark.parametrize(
    "joint", [" (", " / ", " | ", " [", ", ", " → ", " • ", " & ", " + ", " '"]
)
@pytest.mark.parametrize("detail", ["Andrew Laeddis", "Mia leaves Seb", "the lighthouse"])
def test_a_section_name_followed_by_more_words_is_no_name_only(
    name: str, joint: str, detail: str
) -> None:
    """Whatever sets them off, words after a section's name that are not known to say nothing
    may state the twist: such a heading is never taken for the name alone (made public)."""
    assert names_only(name, "Shutter Island")
    assert not names_only(f"{name}{joint}{detail}", "Shutter Island")


@pytest.mark.parametrize(
    ("question", "safe"),
    [
        ("What happens at the end of Shutter Island?", True),
        ("What is Shutter Island really about?", True),
        ("What is the twist where Teddy dies really about?", False),
        ("What happens at the end of Teddy's murder spree?", False),
        ("What happens at the end of Teddy being lobotomized?", False),
        ("What is Teddy being the killer based on?", False),
        ("Who made Teddy insane?", False),
    ],
)
def test_a_safe_question_carries_no_spoiling_word(question: str, safe: bool) -> None:
    """Only a question about the film itself is safe: the same shape around a detail of it
    ("the end of Teddy being lobotomized") names that detail."""
    assert item_heading_level(SectionKind.FAQ, question, "Shutter Island") is (
        SpoilerLevel.NONE if safe else SpoilerLevel.ENDING
    )


@pytest.mark.parametrize(
    "headline",
    [
        "The Glass Door Ending Explained: Why Anna Dies (2019)",
        "The Glass Door Ending, Explained - Anna Dies (2019)",
        "The Glass Door Explained: Anna Was Dead (2019)",
        "# The Glass Door's Ending Explained: Why Anna Dies (2019)",
    ],
)
def test_a_teaser_after_the_cue_is_never_part_of_the_title(headline: str) -> None:
    """The title is public (autocomplete, /film list): what a headline says after its "ending
    explained" cue is its teaser, often the twist, even when the year closes the headline."""
    text = f"{headline}\n\nThe film ends at a taxi rank.\n\nThe ending\n\nx."
    identity = find_identity(parse_article(text), "x", None, None)
    assert (identity.title, identity.year) == ("The Glass Door", 2019)


def test_a_teaser_after_a_colon_before_the_year_is_never_part_of_the_title() -> None:
    """ "Title: Teaser (year)": the teaser (often the twist) is not the public title."""
    text = "Shutter Island: Teddy Daniels Is Andrew Laeddis (2010)\n\nIt ends at a lighthouse."
    identity = find_identity(parse_article(text), "x", None, None)
    assert (identity.title, identity.year) == ("Shutter Island", 2010)


@pytest.mark.parametrize(
    "headline",
    [
        "Why Teddy Chooses the Lobotomy in Shutter Island (2010)",
        "Shutter Island, Where Teddy Is the Patient, Explained",
    ],
)
def test_a_title_shaped_like_a_teaser_or_question_is_a_review_note(headline: str) -> None:
    """Whatever words a headline leaves in the (public) title, a teaser's or a question's
    shape gets a person to check it before it is loaded."""
    text = f"# {headline}\n\nThe 2010 thriller ends at a lighthouse.\n\n## The ending\n\nx."
    identity = find_identity(parse_article(text), "x", None, None)
    if identity.title != "Shutter Island":
        assert any("may give the story away" in note for note in identity.notes), identity


@pytest.mark.parametrize(
    "lead", ["Mia Leaves Seb", "Mia Marries Greg", "Seb Opens His Club", "The Last Goodbye"]
)
@pytest.mark.parametrize("cue", ["(2016) Ending Explained", "(2016): The Ending Explained"])
@pytest.mark.parametrize("joint", [": ", " in ", " of ", "! ", "; "])
def test_words_before_a_colon_are_no_part_of_a_title_the_article_never_writes_whole(
    lead: str, cue: str, joint: str
) -> None:
    """The title is public (autocomplete, /film list, embed titles): a headline's lead before
    a colon or a joining word, in any words, is a teaser (often the twist) when the article
    names the film without it; a franchise is named with its own words. An explainer tells its
    twist again in its text, in the headline's words ("In the end, Mia marries Greg"): the lead
    is a teaser all the same, or the twist was the public title, without a note."""
    told = f"La La Land ends five years later. In the end, {lead.lower()}, in a jazz club.\n"
    for body in ("La La Land ends five years later, in a jazz club.\n", told):
        text = f"{lead}{joint}La La Land {cue}\n\n{body}"
        identity = find_identity(parse_article(text), "x", None, None)
        assert identity.title == "La La Land", body
        assert any("teaser" in note for note in identity.notes)

    for title in ("Star Wars: The Last Jedi", "Portrait of a Lady on Fire"):
        named_whole = f"{title} (2017) ending explained\n\n{title} ends. A Lady on Fire, too."
        assert find_identity(parse_article(named_whole), "x", None, None).title == title
    # A lead the text gives no evidence for or against is kept, for a person to check.
    for headline in ("The Brother Comes Home: Heron Lake", "Anna Drowns in Heron Lake"):
        unnamed = f"{headline} (2001)\n\nIn the end, she drowns and he is her brother.\n"
        identity = find_identity(parse_article(unnamed), "x", None, None)
        assert identity.title == headline
        assert any("teaser" in note for note in identity.notes), identity.notes
    # One word is a film's name only where the article dates it.
    hollywood = "Once Upon a Time in Hollywood (2019) ending explained\n\nHollywood burns.\n"
    assert find_identity(parse_article(hollywood), "x", None, None).title == (
        "Once Upon a Time in Hollywood"
    )
    arrival = "Louise Learns the Truth in Arrival (2016) ending explained\n\nArrival (2016) ends."
    assert find_identity(parse_article(arrival), "x", None, None).title == "Arrival"


@pytest.mark.parametrize(
    ("headline", "body", "title"),
    [
        (
            "# Twistfilm: The Mayor Was The Killer All Along",
            "Released in 2020, the thriller Twistfilm keeps its secret until the end.",
            "Twistfilm",
        ),
        (
            "# Shutter Island: Teddy Daniels Is Andrew Laeddis",
            "Shutter Island, the 2010 thriller, ends at a lighthouse.",
            "Shutter Island",
        ),
        (
            "# Shutter Island – Teddy Was the Patient in Ward C",
            "In Shutter Island, released in 2010, the marshal finds a lighthouse.",
            "Shutter Island",
        ),
    ],
)
def test_words_after_a_colon_are_no_part_of_a_title_the_article_never_writes_whole(
    headline: str, body: str, title: str
) -> None:
    """ "# Twistfilm: The Mayor Was The Killer All Along" (no year in it) became the public
    title, shown in autocomplete and /film list; a review note asked to check it, and
    /film-admin import showed that note behind bars as one to read after loading. The text
    names the film by the words before the colon and never writes the whole: the rest is the
    headline's teaser, as words before a colon are (the rule mirrored)."""
    text = f"{headline}\n\n{body}\n\n## The ending\n\nThe mayor confesses."
    identity = find_identity(parse_article(text), "x", None, None)
    assert identity.title == title
