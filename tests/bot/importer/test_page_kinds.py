"""Article shapes from the fifth blind round (Next.js state, page-builder classes, web stories,
mail and news posts, reStructuredText, pandoc endnotes, titles in quotation marks, franchise
explainers, and pages that are no explainer at all): each test is the class of failure an article
exposed on first contact, reduced to the rule it broke. The articles themselves are scored in
``test_general_articles.py`` (``fixtures/general``); the pages an import must refuse or cut are in
``fixtures/other_pages``."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import public_texts
from bot.content.film_file import ContentError
from bot.importer import import_article
from bot.importer.formats import is_restructured_text, message_envelope_off, parse_article
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import all_text

OTHER_PAGES = Path(__file__).parent / "fixtures" / "other_pages"


def _refusal(name: str, **overrides: object) -> str:
    with pytest.raises(ContentError) as caught:
        import_article((OTHER_PAGES / name).read_bytes(), name=name, **overrides)  # type: ignore[arg-type]
    return str(caught.value)


def _texts(doc: object) -> str:
    return "\n".join(text for _, text in doc.texts())  # type: ignore[attr-defined]


# --- pages that are not explainers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("review_oppenheimer.html", "a review"),
        ("news_box_office_dune.txt", "a news story"),
        ("recipe_ratatouille.html", "a recipe"),
    ],
)
def test_a_page_that_explains_no_ending_is_refused_with_what_it_seems(name: str, what: str) -> None:
    # Each names a film and a year, so it used to become a draft of nothing but notes.
    message = _refusal(name)
    assert "does not look like an ending explainer" in message
    assert f"it reads like {what}" in message
    assert "ending explained" in message  # how to make it one


def test_a_headingless_explainer_is_not_taken_for_another_page() -> None:
    # No section is found, but the text gets to the ending: a draft for a person to place.
    article = (
        b"Heat (1995), again\n\nI saw it once more last night. McCauley could have got "
        b"away, but he goes back for Waingro, and Hanna shoots him on the runway; he dies "
        b"holding Hanna's hand.\n"
    )
    doc = import_article(article, name="heat.txt").doc
    assert doc is not None and [s.kind for s in doc.sections] == [SectionKind.NOTES]


def test_a_review_that_explains_its_ending_is_imported() -> None:
    article = (
        b"# Heat (1995) review\n\nA crime epic.\n\n## The ending\n\nHanna shoots McCauley on the "
        b"runway and holds his hand as he dies.\n"
    )
    doc = import_article(article, name="heat.md").doc
    assert doc is not None and doc.section(SectionKind.ENDING) is not None


# --- an article about several films --------------------------------------------------------------


def test_a_franchise_explainer_names_its_films_and_asks_for_one() -> None:
    message = _refusal("franchise_before_trilogy.md")
    assert "explains 3 films" in message
    assert "Before Sunrise (1995), Before Sunset (2004), Before Midnight (2013)" in message
    assert "--" not in message  # /film-admin import has no flags


def test_a_franchise_explainer_gives_the_part_about_the_film_asked_for() -> None:
    data = (OTHER_PAGES / "franchise_before_trilogy.md").read_bytes()
    doc = import_article(data, name="before.md", title="Before Sunset").doc
    assert doc is not None and (doc.title, doc.year) == ("Before Sunset", 2004)
    text = _texts(doc)
    assert "miss that plane" in text
    # Nothing of the other films' parts comes with it.
    assert "platform in six months" not in text and "time traveller" not in text
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["Regret", "The book as a message"]
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and ending.effective_level is SpoilerLevel.ENDING
    assert [(s.author, s.outlet) for s in doc.sources] == [
        ("Richard Linklater", "Entertainment Weekly")
    ]


def test_a_headline_naming_one_of_the_films_chooses_its_part() -> None:
    article = (
        b"# Before Midnight ending explained\n\n## Before Sunrise (1995)\n\n### The ending\n\n"
        b"They promise to meet again in six months on the same platform.\n\n"
        b"## Before Midnight (2013)\n\n### The ending\n\nCeline walks out, and Jesse finds her "
        b"at a cafe by the sea, where they go on talking.\n"
    )
    doc = import_article(article, name="b.md").doc
    assert doc is not None and (doc.title, doc.year) == ("Before Midnight", 2013)
    assert "six months" not in _texts(doc)


def test_films_recommended_at_the_end_of_one_films_explainer_are_no_franchise() -> None:
    body = "Hanna shoots McCauley on the runway and holds his hand as he dies. " * 6
    article = (
        f"# Heat (1995) ending explained\n\n## The ending\n\n{body}\n\n## If you liked Heat\n\n"
        "### Thief (1981)\n\nMann's first.\n\n### Collateral (2004)\n\nA night in LA.\n"
    ).encode()
    doc = import_article(article, name="heat.md").doc
    assert doc is not None and (doc.title, doc.year) == ("Heat", 1995)


# --- where the article is -----------------------------------------------------------------------


def test_a_script_built_page_is_read_from_its_json_state_with_its_headings() -> None:
    result = import_article(
        (Path(__file__).parent / "fixtures/general/nextjs_past_lives.html").read_bytes(),
        name="p.html",
    )
    doc = result.doc
    assert doc is not None and (doc.title, doc.year) == ("Past Lives", 2023)
    assert [s.kind for s in doc.sections][:3] == [
        SectionKind.QUICK_ANSWER,
        SectionKind.RECAP,
        SectionKind.ENDING,
    ]
    quick = doc.section(SectionKind.QUICK_ANSWER)
    assert quick is not None and quick.effective_level is SpoilerLevel.ENDING
    # The state's other strings (related links, the author's bio) are not the article.
    assert "Materialists" not in all_text(doc) and "writes about romance" not in all_text(doc)


def test_a_page_builders_class_on_the_article_itself_is_not_furniture() -> None:
    prose = "Margot orders a cheeseburger and leaves the island before the fire. " * 12
    page = (
        "<html><head><title>The Menu (2022) ending explained</title></head><body>"
        '<div class="elementor-widget elementor-widget-share-buttons"><a>Share</a><a>Pin</a></div>'
        '<div class="elementor-widget elementor-widget-theme-post-content">'
        f"<h2>The ending</h2><p>{prose}</p><h2>Themes</h2><h3>Class</h3><p>Service.</p></div>"
        "</body></html>"
    ).encode()
    result = import_article(page, name="m.html")
    assert result.doc is not None
    ending = result.doc.section(SectionKind.ENDING)
    assert ending is not None and "cheeseburger" in (ending.body or "")
    assert "Pin" not in _texts(result.doc)  # the share bar still goes: its class says share


def test_kind_labelled_headings_are_items_of_that_kind() -> None:
    article = (
        b"# Talk to Me (2023) ending explained\n\n## The ending\n\nMia dies in the road.\n\n"
        b"## Theme: grief\n\nMia reaches for her mother.\n\n## Symbol - The hand\n\nA way in.\n"
    )
    doc = import_article(article, name="t.md").doc
    assert doc is not None
    themes, symbols = doc.section(SectionKind.THEMES), doc.section(SectionKind.SYMBOLISM)
    assert themes is not None and [i.heading for i in themes.items] == ["grief"]
    assert symbols is not None and [i.heading for i in symbols.items] == ["The hand"]


# --- identity -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("„Das Leben der Anderen“ (2006): Das Ende erklärt", "Das Leben der Anderen"),
        ("« La Haine » (1995) : la fin expliquée", "La Haine"),
        ("“Portrait of a Lady on Fire” (2019) ending explained", "Portrait of a Lady on Fire"),
    ],
)
def test_a_title_in_quotation_marks_keeps_its_small_words(headline: str, title: str) -> None:
    article = f"# {headline}\n\n## The ending\n\nThe last scene is the end of it.\n".encode()
    doc = import_article(article, name="a.md").doc
    assert doc is not None and doc.title == title


# --- mail and news messages ----------------------------------------------------------------------


def test_a_news_posts_envelope_quotes_and_signature_go_and_its_subject_heads_it() -> None:
    text = (
        "From: ray@example.org (Ray)\nNewsgroups: rec.arts.movies\n"
        "Subject: Re: HEAT (1995) ending explained\nDate: 1 Jan 1996\n\n"
        "In article <123@example.org> kim@example.org (Kim) writes:\n>Did he die?\n\n"
        "The ending\n\nHanna shoots him on the runway.\n\n-- \nRay | opinions mine\n"
    )
    dropped: list[str] = []
    body = message_envelope_off(text, dropped)
    assert body.splitlines()[0] == "HEAT (1995) ending explained"
    assert "Did he die" not in body and "opinions mine" not in body and "From:" not in body
    assert any("Newsgroups" in line for line in dropped)


def test_an_articles_own_quotation_intro_keeps_its_quotation() -> None:
    text = "# Heat (1995)\n\nAs Roger Ebert wrote:\n\n> A film of rare intelligence.\n"
    assert message_envelope_off(text, []) == text


# --- reStructuredText --------------------------------------------------------------------------


def test_restructured_text_titles_directives_and_footnotes() -> None:
    text = (
        ":date: 2021-06-02\n\n=====\nPrimer (2004) explained\n=====\n\n"
        ".. contents::\n   :depth: 2\n\n"
        "The ending\n----------\n\nAaron leaves for France. [#]_\n\nThemes\n------\n\n"
        'Trust\n~~~~~\n\nLies.\n\n.. [#] Noel Murray, "On Primer", The A.V. Club, 2004.\n'
    )
    assert is_restructured_text(text)
    article = parse_article(text)
    headings = [(b.level, b.text) for b in article.blocks if b.is_heading]
    assert headings == [
        (1, "Primer (2004) explained"),
        (2, "The ending"),
        (2, "Themes"),
        (3, "Trust"),
    ]
    doc = import_article(text.encode(), name="p.txt").doc
    assert doc is not None
    assert [(s.author, s.outlet) for s in doc.sources] == [("Noel Murray", "The A.V. Club")]
    assert ":depth:" not in _texts(doc) and ":date:" not in _texts(doc)
    assert not is_restructured_text("Title\n=====\n\nText.\n\nMore\n-----\n\nText.\n")


# --- endnotes and attributions -------------------------------------------------------------------


def test_endnotes_in_a_loose_list_with_back_arrows_are_the_sources() -> None:
    page = (
        "<html><head><title>Heat (1995) ending explained</title></head><body>"
        "<h1>Heat (1995) ending explained</h1><h2>The ending</h2><p>McCauley dies.<a "
        'href="#fn1" class="footnote-ref"><sup>1</sup></a></p><section class="footnotes">'
        "<h2>Notes</h2><ol>"
        '<li id="fn1"><p>Michel Faber, <em>Heat notes</em>, Canongate, 2000. A long note.'
        '<a href="#fnref1" class="footnote-back">↩︎</a></p></li></ol></section></body></html>'
    ).encode()
    doc = import_article(page, name="h.html").doc
    assert doc is not None
    assert [(s.author, s.outlet) for s in doc.sources] == [("Michel Faber", "Canongate")]
    assert "↩" not in all_text(doc)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "[^1]" in (ending.body or "")


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            'Paul Mescal, speaking to GQ, said he played him as "a man who had already decided."',
            ("Paul Mescal", "GQ"),
        ),
        (
            "Celine Song has said in interviews with The Guardian that the bar scene is real.",
            ("Celine Song", "The Guardian"),
        ),
        (
            "Daniel Scheinert has said on the Script Apart podcast that there is no sequel.",
            ("Daniel Scheinert", "Script Apart"),
        ),
        (
            "Clouzot a confié aux Cahiers du cinéma que la scène est « une politesse au public ».",
            ("Clouzot", "Cahiers du cinéma"),
        ),
    ],
)
def test_more_wordings_of_an_attribution_name_a_source(
    sentence: str, source: tuple[str, str]
) -> None:
    article = f"# Heat (1995) ending explained\n\n## The ending\n\nHe dies. {sentence}\n".encode()
    doc = import_article(article, name="h.md").doc
    assert doc is not None
    assert [(s.author, s.outlet) for s in doc.sources] == [source]


# --- whatever else, nothing of an ending is public -----------------------------------------------


def test_the_round_five_articles_keep_their_endings_hidden() -> None:
    for path in sorted((Path(__file__).parent / "fixtures/general").iterdir()):
        if not path.name.startswith(
            ("nextjs_", "jsonld_only_", "elementor_", "squarespace_", "webstory_", "usenet_")
        ) or path.suffix not in {".html", ".txt"}:
            continue
        doc = import_article(path.read_bytes(), name=path.name).doc
        assert doc is not None
        public = " ".join(public_texts(doc)).lower()
        for word in ("dies", "dead", "kills", "fire", "burn"):
            assert word not in public, (path.name, word)


# --- spoiler boxes and accordions ---------------------------------------------------------------


def test_a_hidden_spoiler_box_is_kept_hidden_as_an_ending_wherever_it_is_filed() -> None:
    # Shortcode spoiler boxes hide their text with display:none until clicked: it is the
    # article's ending, not a hidden element to drop, and it must stay hidden under a recap.
    page = (
        b"<html><head><title>Heat (1995) ending explained</title></head><body>"
        b"<h1>Heat (1995) ending explained</h1><h2>What happens</h2><p>A thief plans a heist.</p>"
        b'<div class="su-spoiler su-spoiler-closed"><div class="su-spoiler-content" '
        b'style="display:none"><p>Hanna shoots McCauley on the runway.</p></div></div>'
        b"</body></html>"
    )
    doc = import_article(page, name="h.html").doc
    assert doc is not None
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and recap.effective_level is SpoilerLevel.PLOT
    assert "||Hanna shoots McCauley on the runway.||" in (recap.body or "")


def test_an_accordions_button_heads_its_panel_and_a_spoiler_label_comes_off() -> None:
    page = (
        b"<html><head><title>Heat (1995) ending explained</title></head><body>"
        b"<h1>Heat (1995) ending explained</h1><h2>The ending</h2><p>McCauley dies.</p>"
        b'<h2>FAQ</h2><div class="wp-block-accordion"><button aria-expanded="false" '
        b'aria-controls="a1">Is Heat based on a true story?</button><div id="a1" hidden>'
        b"<p>Partly: Mann drew on a real detective.</p></div>"
        b'<div role="button" class="toggle-title">Spoiler: who survives?</div>'
        b'<div class="toggle-content"><p>Hanna walks away alive.</p></div></div>'
        b"</body></html>"
    )
    doc = import_article(page, name="h.html").doc
    assert doc is not None
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    assert [item.heading for item in faq.items] == [
        "Is Heat based on a true story?",
        "Who survives?",
    ]
    assert "Partly" in faq.items[0].body
    assert faq.items[1].level is SpoilerLevel.ENDING


def test_a_spoiler_warning_run_on_to_a_lede_goes_and_the_lede_stays() -> None:
    article = (
        b"# Heat (1995) ending explained\n\nMichael Mann's crime epic pits a thief against a "
        b"detective across Los Angeles for three hours. Spoilers ahead.\n\n## The ending\n\n"
        b"Hanna shoots McCauley.\n"
    )
    result = import_article(article, name="h.md")
    assert result.doc is not None
    text = _texts(result.doc)
    assert "pits a thief against a detective" in text and "Spoilers ahead" not in text
    assert any("Spoilers ahead" in warning for warning in result.warnings)


def test_a_posts_counters_and_an_also_read_box_are_chrome() -> None:
    article = (
        b"# Heat (1995) ending explained\n\n## The ending\n\nHanna shoots McCauley.\n\n"
        b"**Also Read:** [Thief ending explained](https://x.example/thief)\n\n214 views\n\n"
        b"## Themes\n\n### Obsession\n\nBoth men live for the work.\n"
    )
    doc = import_article(article, name="h.md").doc
    assert doc is not None
    text = _texts(doc)
    assert "Thief ending" not in text and "214 views" not in text
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and [i.heading for i in themes.items] == ["Obsession"]


# --- Dutch --------------------------------------------------------------------------------------


def test_a_dutch_article_names_its_film_sections_and_ending() -> None:
    article = (
        b"# Het einde van Jagten (2012) uitgelegd\n\nLeestijd: 5 minuten\n\n"
        b"## Waar gaat Jagten over?\n\nLucas werkt op een kleuterschool.\n\n"
        b"## Het einde\n\nIn het bos wordt er op Lucas geschoten.\n\n"
        b"## Thema's\n\n### Onschuld\n\nLucas is onschuldig.\n\n"
        b"## Veelgestelde vragen\n\n### Wie schiet er?\n\nDat blijft onduidelijk.\n"
    )
    doc = import_article(article, name="jagten.md").doc
    assert doc is not None and (doc.title, doc.year) == ("Jagten", 2012)
    assert [s.kind for s in doc.sections] == [
        SectionKind.RECAP,
        SectionKind.ENDING,
        SectionKind.THEMES,
        SectionKind.FAQ,
    ]
    assert "Leestijd" not in _texts(doc)


def test_an_article_in_a_language_the_importer_cannot_read_is_not_refused() -> None:
    # Nothing placed and no ending words it knows: it cannot tell, so a person sorts it out.
    article = (
        "Hævnen (2010)\n\nElias bliver mobbet i skolen, og Christian forsvarer ham. Til sidst "
        "forstår drengene, at hævn ikke hjælper nogen af dem.\n"
    ).encode()
    doc = import_article(article, name="haevnen.txt").doc
    assert doc is not None and [s.kind for s in doc.sections] == [SectionKind.NOTES]


# --- news and network pages (third batch) ---------------------------------------------------------


@pytest.mark.parametrize("label", ["Summary", "Key Takeaways", "The Big Picture"])
def test_a_summary_box_of_bullets_is_a_quick_answer_not_a_plot_recap(label: str) -> None:
    # Network sites open with three bullets that tell the twist: never a plot-level recap.
    page = (
        "<html><head><title>The Northman (2022) ending explained</title></head><body>"
        f"<h1>The Northman (2022) ending explained</h1><div><h2>{label}</h2><ul>"
        "<li>Amleth kills Fjolnir and dies himself in the lava.</li>"
        "<li>Olga escapes with the twins.</li></ul></div><p>Robert Eggers made a saga.</p>"
        "<h2>The plot</h2><p>A prince seeks revenge.</p></body></html>"
    ).encode()
    doc = import_article(page, name="n.html").doc
    assert doc is not None
    quick = doc.section(SectionKind.QUICK_ANSWER)
    assert quick is not None and "dies himself" in (quick.body or "")
    assert quick.effective_level is SpoilerLevel.ENDING
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and "dies" not in (recap.body or "")


def test_a_teaser_card_for_another_article_is_chrome() -> None:
    page = (
        b"<html><head><title>Heat (1995) ending explained</title></head><body>"
        b"<h1>Heat (1995) ending explained</h1><h2>The ending</h2><p>McCauley dies.</p>"
        b'<div class="card"><a href="/thief"><div>Thief Ending Explained</div>'
        b"<div>Mann's debut ends with a fire.</div></a></div></body></html>"
    )
    result = import_article(page, name="h.html")
    assert result.doc is not None and "Thief" not in _texts(result.doc)


def test_a_quotations_credit_line_names_its_source() -> None:
    page = (
        b"# Heat (1995) ending explained\n\n## The ending\n\nMcCauley dies.\n\n"
        b'> "He had a choice, and he chose the road." \xe2\x80\x94 Michael Mann to Empire\n'
    )
    doc = import_article(page, name="h.md").doc
    assert doc is not None
    assert [(s.author, s.outlet) for s in doc.sources] == [("Michael Mann", "Empire")]


def test_a_film_dated_only_as_a_kind_of_film_gets_its_year_with_a_note() -> None:
    article = (
        b"# Anatomy of a Fall ending explained\n\nJustine Triet's courtroom drama (2023) never "
        b"says what happened.\n\n## The ending\n\nSandra is acquitted.\n"
    )
    result = import_article(article, name="a.md")
    assert result.doc is not None and result.doc.year == 2023
    assert any("year 2023 is a guess" in warning for warning in result.warnings)


def test_a_headline_counting_questions_after_the_title_files_its_parts_as_faq() -> None:
    article = (
        b"# Heat (1995): 3 Questions, Answered\n\n## 1. Why does McCauley go back?\n\nPride.\n\n"
        b"## 2. What does the airport mean?\n\nEscape.\n\n## 3. Who wins?\n\nNobody.\n"
    )
    doc = import_article(article, name="h.md").doc
    assert doc is not None
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None and [i.heading for i in faq.items] == [
        "Why does McCauley go back?",
        "What does the airport mean?",
        "Who wins?",
    ]


def test_a_question_threads_replies_are_its_answers_not_a_comment_thread() -> None:
    # A short post asking for an explanation, and replies holding most of the page: the
    # replies (in "comment" containers) are the content; their post lines are chrome.
    reply = (
        "I don't think he does it. The whole film is about relationships built on a fake shared "
        "trait, and the last shot is the Woman waiting at the table, alone. "
    ) * 3
    page = (
        "<html><head><title>Can someone explain the ending of The Lobster (2015)?</title></head>"
        '<body class="comments-page"><p class="title">Can someone explain the ending of The '
        "Lobster (2015)?</p><p>submitted 3 years ago by quietowl</p><p>Does David do it?</p>"
        '<div class="commentarea"><div class="thing comment"><p>1,203 points 3 years ago</p>'
        f"<p>{reply}</p></div></div></body></html>"
    ).encode()
    doc = import_article(page, name="r.html").doc
    assert doc is not None and (doc.title, doc.year) == ("The Lobster", 2015)
    text = _texts(doc)
    assert "waiting at the table" in text
    assert "points" not in text and "submitted" not in text


def test_a_blogs_comment_thread_is_still_dropped() -> None:
    body = "Hanna shoots McCauley on the runway and holds his hand as he dies. " * 30
    page = (
        "<html><head><title>Heat (1995) ending explained</title></head><body>"
        f"<h1>Heat (1995) ending explained</h1><h2>The ending</h2><p>{body}</p>"
        '<div class="comments"><p>Great read, thanks!</p></div></body></html>'
    ).encode()
    doc = import_article(page, name="h.html").doc
    assert doc is not None and "Great read" not in _texts(doc)


def test_the_cli_hints_at_the_title_flag_for_a_franchise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import main

    assert main(["import-article", str(OTHER_PAGES / "franchise_before_trilogy.md")]) == 1
    err = capsys.readouterr().err
    assert "explains 3 films" in err and "--title 'Film name' imports that film's part" in err


# --- inline spoiler notations (fifth batch) -------------------------------------------------------


def test_reddit_and_html_spoiler_tags_become_discords_bars() -> None:
    text = (
        b"# Heat (1995) ending explained\n\n## What happens\n\nA thief plans one last job, and "
        b">!Hanna shoots him on the runway!<.\n"
    )
    doc = import_article(text, name="h.md").doc
    assert doc is not None
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and "||Hanna shoots him on the runway||" in (recap.body or "")
    page = (
        b"<html><head><title>Heat (1995) ending explained</title></head><body>"
        b"<h1>Heat (1995) ending explained</h1><h2>What happens</h2><p>A thief plans a job, "
        b'and <span class="md-spoiler-text">Hanna shoots him</span>.</p></body></html>'
    )
    doc = import_article(page, name="h.html").doc
    assert doc is not None
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and "||Hanna shoots him||" in (recap.body or "")


_HEAT_MD = b"# Heat (1995) ending explained\n\n## What happens\n\nA thief plans one last job.\n\n"
_HEAT_HTML = (
    "<html><head><title>Heat (1995) ending explained</title></head><body>"
    "<h1>Heat (1995) ending explained</h1><h2>What happens</h2><p>A thief plans a job.</p>{}"
    "</body></html>"
)


@pytest.mark.parametrize("bars", ["||", "\uff5c\uff5c", "|\uff5c"])
@pytest.mark.parametrize(
    ("notation", "name"),
    [
        (lambda hidden: _HEAT_MD + f"And >!{hidden}!<.\n".encode(), "h.md"),
        (lambda hidden: _HEAT_MD + f"[spoiler]{hidden}[/spoiler]\n".encode(), "h.md"),
        (
            lambda hidden: _HEAT_HTML.format(
                f'<p>And <span class="md-spoiler-text">{hidden}</span>.</p>'
            ).encode(),
            "h.html",
        ),
        (
            lambda hidden: _HEAT_HTML.format(f"<p>[spoiler]{hidden}[/spoiler]</p>").encode(),
            "h.html",
        ),
    ],
    ids=["reddit", "shortcode", "spoiler-tag", "html-shortcode"],
)
def test_bars_typed_inside_a_pages_spoiler_leave_none_of_it_open(
    notation: object, name: str, bars: str
) -> None:
    """A spoiler the page hid whole, with bars its author typed inside it (either width): the
    bars added around it paired with those, and the words between them were imported in the
    open (``||Hanna ||shoots|| him||`` shows "shoots" to a reader of the plot)."""
    from bot.spoiler_policy.markup import bars_as_meant, parse_spans

    hidden = f"Hanna {bars}shoots{bars} McCauley on the runway"
    doc = import_article(notation(hidden), name=name).doc  # type: ignore[operator]
    assert doc is not None
    texts = [text for _, text in doc.texts() if "McCauley" in text]
    assert texts, _texts(doc)
    for text in texts:
        shown = " ".join(
            segment.text
            for segment in parse_spans(bars_as_meant(text))
            if not segment.inline_spoiler
        )
        assert not {"Hanna", "shoots", "McCauley", "runway"} & set(shown.split()), text
        assert "Hanna shoots McCauley on the runway" in text  # the bars typed inside are gone


@pytest.mark.parametrize(
    "inside",
    [
        '<p>[spoiler]Hanna <span class="md-spoiler-text">shoots</span> McCauley[/spoiler]</p>',
        '<p>And <span class="spoiler">Hanna <span class="md-spoiler-text">shoots</span>'
        " McCauley</span>.</p>",
    ],
    ids=["span-in-box", "span-in-span"],
)
def test_a_spoiler_inside_a_pages_spoiler_stays_hidden(inside: str) -> None:
    """A page's spoiler holding one of its own (an inline spoiler in a spoiler box): barred
    one after the other, the inner bars paired with the outer ones and left its words open."""
    from bot.spoiler_policy.markup import bars_as_meant, parse_spans

    doc = import_article(_HEAT_HTML.format(inside).encode(), name="h.html").doc
    assert doc is not None
    texts = [text for _, text in doc.texts() if "McCauley" in text]
    assert texts, _texts(doc)
    for text in texts:
        shown = " ".join(
            segment.text
            for segment in parse_spans(bars_as_meant(text))
            if not segment.inline_spoiler
        )
        assert not {"Hanna", "shoots", "McCauley"} & set(shown.split()), text


def test_markdown_list_items_naming_their_subject_are_items() -> None:
    text = (
        b"# Heat (1995) ending explained\n\n**Themes**\n\n- Obsession: both men live for the "
        b"work.\n- Loneliness: neither can keep a home.\n"
    )
    doc = import_article(text, name="h.md").doc
    assert doc is not None
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and [i.heading for i in themes.items] == ["Obsession", "Loneliness"]


def test_a_forum_posts_thanking_edits_and_copied_replies_are_chrome() -> None:
    text = (
        b"Heat (1995) ending explained\n\nThe ending\n\nHanna shoots McCauley on the runway and "
        b"holds his hand as he dies, the two men alone at last under the lights.\n\n"
        b"Edit: thanks for the gold kind stranger!\n\nlevel 1 \xc2\xb7 someone \xc2\xb7 2 yr. "
        b"ago\n\ngreat writeup\n"
    )
    doc = import_article(text, name="h.txt").doc
    assert doc is not None
    assert "gold" not in _texts(doc) and "great writeup" not in _texts(doc)


def test_a_ranking_of_many_films_is_refused_with_a_short_list() -> None:
    body = "".join(
        f"## {n}. Film Number {n} ({1990 + n})\n\nThe hero dies and the world is saved.\n\n"
        for n in range(1, 11)
    )
    with pytest.raises(ContentError, match=r"explains 10 films .* and 2 more\)"):
        import_article(f"# The 10 best movie endings\n\n{body}".encode(), name="l.md")


# --- old blogs and game sites (sixth batch) -----------------------------------------------------


def test_a_theme_named_like_a_menu_button_is_kept_over_its_paragraph() -> None:
    page = (
        b"<html><head><title>Solaris (1972) ending explained</title></head><body>"
        b"<h1>Solaris (1972) ending explained</h1><div><b>Themes</b><br>"
        b"<i>Conscience.</i> Every guest is a guilt made flesh, and Kris has to live with his.<br>"
        b"<i>Home.</i> The earth scenes at the start and the island at the end are one longing."
        b"<br></div><ul><li><a href='/'>Home</a></li><li><a href='/m'>Menu</a></li></ul>"
        b"</body></html>"
    )
    doc = import_article(page, name="s.html").doc
    assert doc is not None
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and [i.heading for i in themes.items] == ["Conscience", "Home"]


def test_a_heading_asking_what_it_means_over_labels_is_themes() -> None:
    article = (
        b"# Oppenheimer (2023) ending explained\n\n## The ending\n\nThe world burns.\n\n"
        b"## What it means\n\n**Guilt.** He accepts the hearing as his punishment.\n\n"
        b"**Pride.** Strauss's vendetta grows from an imagined snub.\n"
    )
    doc = import_article(article, name="o.md").doc
    assert doc is not None
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and [i.heading for i in themes.items] == ["Guilt", "Pride"]


def test_an_old_blogs_date_and_time_line_is_chrome() -> None:
    article = (
        b"Solaris (1972) ending explained\n\nMar. 3rd, 2009 at 11:42 PM\n\n"
        b"The ending\n\nKris stays.\n"
    )
    doc = import_article(article, name="s.txt").doc
    assert doc is not None and "2009" not in _texts(doc)


def test_a_page_that_says_nothing_of_what_it_is_and_reaches_no_ending_is_refused() -> None:
    article = (
        b"Heat (1995) at the Riverside Cinema\n\nThe Riverside shows a new print of Michael "
        b"Mann's crime film on Friday at eight, with an introduction by our programmer.\n"
    )
    with pytest.raises(ContentError, match="nothing in it recaps the plot or explains the ending"):
        import_article(article, name="h.txt")


def test_a_read_more_fold_keeps_its_text_in_its_section() -> None:
    page = (
        b"<html><head><title>Heat (1995) ending explained</title></head><body>"
        b"<h1>Heat (1995) ending explained</h1><h2>The ending</h2><p>McCauley runs.</p>"
        b'<button class="read-more" aria-expanded="false">Read more</button>'
        b'<div class="more-text" hidden><p>Hanna shoots him on the runway.</p></div>'
        b"</body></html>"
    )
    doc = import_article(page, name="h.html").doc
    assert doc is not None
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "runway" in (ending.body or "")
    assert "Read more" not in _texts(doc)


def test_a_plain_text_franchise_explainer_gives_the_part_asked_for() -> None:
    article = (
        b"The Before trilogy endings explained\n\nBefore Sunrise (1995)\n\nThey promise to meet "
        b"on the platform in six months and part at the station.\n\nBefore Midnight (2013)\n\n"
        b"Celine walks out, and Jesse finds her at a cafe by the sea where they go on talking.\n"
    )
    doc = import_article(article, name="b.txt", title="Before Midnight").doc
    assert doc is not None and (doc.title, doc.year) == ("Before Midnight", 2013)
    text = _texts(doc)
    assert "cafe by the sea" in text and "six months" not in text and "trilogy" not in text


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("Explaining the ending of 'Heat' (1995)", "Heat"),
        ("'Heat' (1995) Ending: What Happens to Neil McCauley?", "Heat"),
        ("The Ending of Heat (1995), Explained", "Heat"),
        ("What Does the Ending of Heat (1995) Mean?", "Heat"),
        ("Heat Ending Explained (1995 Michael Mann Film)", "Heat"),
        ("Heat movie ending explained (1995)", "Heat"),
        ("'Schindler's List' (1993) ending explained", "Schindler's List"),
        ("The End of the Tour (2015) ending explained", "The End of the Tour"),
        ("Movie 43 (2013) ending explained", "Movie 43"),
    ],
)
def test_headline_wordings_around_a_dated_title(headline: str, title: str) -> None:
    page = (
        f"<html><head><title>{headline}</title></head><body><h1>{headline}</h1>"
        "<h2>The ending</h2><p>Hanna shoots McCauley on the runway.</p></body></html>"
    ).encode()
    doc = import_article(page, name="h.html").doc
    assert doc is not None and doc.title == title and doc.year in {1993, 1995, 2013, 2015}


@pytest.mark.parametrize(
    "sentence",
    [
        "Mann's Heat (released 1995) ends on a runway.",
        "Heat came out in December 1995 and ends on a runway.",
        "The 1995 classic ends on a runway.",
        "Heat [1995] ends on a runway.",
    ],
)
def test_more_ways_an_article_dates_its_film(sentence: str) -> None:
    page = (
        "<html><head><title>Heat Ending Explained</title></head><body><h1>Heat Ending "
        f"Explained</h1><p>{sentence}</p><h2>The ending</h2><p>Hanna shoots McCauley.</p>"
        "</body></html>"
    ).encode()
    doc = import_article(page, name="h.html").doc
    assert doc is not None and doc.year == 1995


def test_a_year_in_a_sentence_about_the_writer_is_no_release_year() -> None:
    page = (
        b"<html><head><title>Heat Ending Explained</title></head><body><h1>Heat Ending "
        b"Explained</h1><p>I was out in 2019 when I first saw it.</p><h2>The ending</h2>"
        b"<p>Hanna shoots McCauley.</p></body></html>"
    )
    with pytest.raises(ContentError, match="no release year found"):
        import_article(page, name="h.html")


def test_a_pages_structured_data_dates_the_film_its_headline_leaves_undated() -> None:
    data = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article",'
        '"about":{"@type":"Movie","name":"Heat","dateCreated":"1995-12-15"}}</script>'
    )
    page = (
        f"<html><head><title>Heat Ending Explained</title>{data}</head><body><h1>Heat Ending "
        "Explained</h1><h2>The ending</h2><p>Hanna shoots McCauley.</p></body></html>"
    ).encode()
    doc = import_article(page, name="h.html").doc
    assert doc is not None and (doc.title, doc.year) == ("Heat", 1995)
