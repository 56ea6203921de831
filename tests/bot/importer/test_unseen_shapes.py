"""Article shapes met on first contact with new sites: each test names a class of failure that
an article written blind exposed (``fixtures/general``), reduced to the rule it broke."""

from __future__ import annotations

import pytest

from bot.content.film_file import ContentError
from bot.importer import import_article
from bot.importer.chrome import is_chrome_line
from bot.importer.classify import named_kind, names_only
from bot.importer.sources import parse_reference
from bot.levels import SectionKind, SpoilerLevel


def _texts(result_doc: object) -> str:
    return "\n".join(text for _, text in result_doc.texts())  # type: ignore[attr-defined]


# --- articles in French, Spanish, Italian, Portuguese, German ---------------------------------


def test_section_names_in_other_languages_name_their_section() -> None:
    assert named_kind("Les thèmes du film", "") is SectionKind.THEMES
    assert named_kind("Temas principales", "") is SectionKind.THEMES
    assert named_kind("Symbole und Motive", "") is SectionKind.SYMBOLISM
    assert named_kind("Simbolismo", "") is SectionKind.SYMBOLISM
    assert named_kind("Questions fréquentes", "") is SectionKind.FAQ
    assert named_kind("Perguntas frequentes", "") is SectionKind.FAQ
    assert named_kind("Résumé du film", "") is SectionKind.RECAP
    assert named_kind("¿De qué trata Relatos salvajes?", "Relatos salvajes") is SectionKind.RECAP
    assert named_kind("Explication de la fin", "") is SectionKind.ENDING
    assert named_kind("Il finale spiegato", "") is SectionKind.ENDING
    assert named_kind("Das Ende erklärt", "") is SectionKind.ENDING
    assert named_kind("La dernière scène", "") is SectionKind.FINAL_SHOT
    # A name and nothing more: safe to show; a name with a detail after it is not.
    assert names_only("Explication de la fin", "")
    assert not names_only("La fin : Georges est coupable", "")


def test_a_french_article_files_its_items_and_hides_its_ending() -> None:
    article = (
        "# Le Samouraï (1967) : explication de la fin\n\n"
        "Publié le 3 mars 2024 · Temps de lecture : 6 min\n\n"
        "## Résumé du film\n\nJef Costello, tueur à gages, prépare son alibi avec soin.\n\n"
        "## Explication de la fin\n\nJef entre dans le club, pointe une arme vide sur la "
        "pianiste et meurt sous les balles de la police.\n\n"
        "## Les thèmes du film\n\n### La solitude\n\nJef vit seul avec un oiseau.\n\n"
        "### Le code d'honneur\n\nIl choisit sa fin : Jef meurt sans avoir tiré.\n\n"
        "## Questions fréquentes\n\n### Pourquoi son arme est-elle vide ?\n\nIl a choisi.\n\n"
        "Partager : Facebook · X · E-mail\n\n© 2024 Ciné Club. Tous droits réservés.\n"
    ).encode()
    result = import_article(article, name="samourai.md")
    doc = result.doc
    assert doc is not None and (doc.title, doc.year) == ("Le Samouraï", 1967)
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["La solitude", "Le code d'honneur"]
    # A French body that says the hero dies is about the ending, as an English one would be.
    assert themes.items[1].level is SpoilerLevel.ENDING
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None and [i.heading for i in faq.items] == [
        "Pourquoi son arme est-elle vide ?"
    ]
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "pianiste" in (ending.body or "")
    text = _texts(doc)
    for chrome in ("Temps de lecture", "Partager", "Tous droits réservés", "Publié le"):
        assert chrome not in text


def test_a_spoiler_warning_that_never_says_spoiler_is_chrome() -> None:
    warning = (
        "This is a long one. Grab a coffee. It discusses the entire film, including the ending, "
        "from the first frame to the last."
    )
    assert is_chrome_line(warning)
    assert not is_chrome_line("Dave discusses the mission with Frank in the pod.")


def test_foreign_page_furniture_is_chrome_and_prose_is_not() -> None:
    for line in (
        "Por Lucía Ramos | 9 de marzo de 2024 | Tiempo de lectura: 7 minutos",
        "Comparte este artículo: Facebook X WhatsApp",
        "PUBLICIDAD",
        "À lire aussi",
        "Répondre",
        "3 commentaires",
        "Laisser un commentaire",
        "¡Cuidado! Este artículo contiene spoilers del final de la película.",
        "Attention, cet article contient des spoilers sur la fin.",
        "© 2025 Butaca Crítica. Todos los derechos reservados.",
    ):
        assert is_chrome_line(line), line
    for line in (
        "Par une nuit d'hiver, Jef Costello quitte son appartement.",
        "Por fin, Espósito entra en el despacho de Irene y cierra la puerta.",
        "Teilen und Herrschen ist sein Prinzip, sagt der Kommissar am Ende des Films.",
    ):
        assert not is_chrome_line(line), line


# --- pages rendered by a script ---------------------------------------------------------------

_SCRIPTED_PAGE = """<!DOCTYPE html><html><head><title>Heat (1995) ending explained</title></head>
<body><div id="app"><div class="skeleton-loader"><p>Loading…</p></div></div>
<noscript><p>You need to enable JavaScript to run this app.</p>
<h1>Heat (1995) ending explained</h1>
<p>Michael Mann's crime epic follows a thief and the detective who hunts him across Los Angeles.</p>
</noscript>
<template id="article-body"><h2>The ending</h2>
<p>McCauley abandons his escape to kill Waingro, and Hanna shoots him dead by the airport runway.
Hanna holds his hand as he dies.</p>
<h2>Themes</h2><h3>Professionalism</h3><p>Both men live by their work and have nothing else.</p>
</template>
<footer>© 2025 Example Media</footer></body></html>"""


def test_an_article_shipped_inside_noscript_or_template_is_read() -> None:
    result = import_article(_SCRIPTED_PAGE.encode(), name="heat.html")
    doc = result.doc
    assert doc is not None and (doc.title, doc.year) == ("Heat", 1995)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "Hanna shoots him dead" in (ending.body or "")
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and [item.heading for item in themes.items] == ["Professionalism"]
    text = _texts(doc)
    assert "Loading" not in text and "JavaScript" not in text


def test_a_rendered_page_keeps_its_noscript_and_template_out() -> None:
    # The article is on the page: what scripts stamp out (a comment form, a pixel) is not it.
    page = (
        b"<html><head><title>Heat (1995) ending explained</title></head><body>"
        b"<h1>Heat (1995) ending explained</h1><h2>The ending</h2>"
        b"<p>McCauley dies at the airport, holding Hanna's hand, as the plane lands overhead and "
        b"the lights of the runway sweep over them both in the dark.</p>"
        b"<template><p>Reply to this comment with your own theory about the ending.</p></template>"
        b"<noscript><p>Please enable scripts to see the comments.</p></noscript></body></html>"
    )
    result = import_article(page, name="heat.html")
    assert result.doc is not None
    text = _texts(result.doc)
    assert "Reply to this comment" not in text and "enable scripts" not in text


# --- which film -------------------------------------------------------------------------------


def test_a_year_after_the_original_title_dates_the_film() -> None:
    article = (
        "# The Handmaiden’s ending, explained\n\n"
        "*The Handmaiden* (아가씨, 2016) is Park Chan-wook's con-artist romance.\n\n"
        "## The ending\n\nSook-hee and Hideko sail away together, free of both men.\n"
    ).encode()
    doc = import_article(article, name="h.md").doc
    assert doc is not None and (doc.title, doc.year) == ("The Handmaiden", 2016)


def test_a_series_number_before_the_headline_is_not_the_film() -> None:
    article = (
        'SECOND VIEWING — Episode 52: "Heat (1995) Ending Explained"\n\n'
        "Hosts: Ann Lee, Bo Ray\n\n"
        "The ending\n\n"
        "[00:03:10] ANN LEE: McCauley dies at the airport, holding Hanna's hand as the plane "
        "lands.\n"
    ).encode()
    doc = import_article(article, name="e.txt").doc
    assert doc is not None and (doc.title, doc.year) == ("Heat", 1995)


def test_a_teaser_before_a_title_with_its_own_colon_is_left_out() -> None:
    article = (
        b'---\ntitle: "The Bone and the Satellite: 2001: A Space Odyssey (1968), explained"\n'
        b"---\n\nStanley Kubrick's *2001: A Space Odyssey* (1968) is the rare blockbuster that "
        b"refuses to explain itself.\n\n## The ending\n\nDave becomes the Star Child.\n"
    )
    doc = import_article(article, name="o.md").doc
    assert doc is not None and (doc.title, doc.year) == ("2001: A Space Odyssey", 1968)


# --- sources named in the prose ---------------------------------------------------------------


def _sources(article: str, name: str = "h.md") -> list[tuple[str, str | None]]:
    doc = import_article(article.encode(), name=name).doc
    assert doc is not None
    return [(source.author, source.outlet) for source in doc.sources]


_HEAT = "# Heat (1995) ending explained\n\n## The ending\n\n"


def test_reported_speech_names_its_outlet_without_a_quotation() -> None:
    article = (
        _HEAT + "McCauley dies at the airport. Mann told Empire in 1996 that he always saw the "
        "ending as a duet. Critic Ada Brooks noted in Rue Morgue that nobody wins.\n\n"
        "Hanna told Vincent that she was leaving. Vincent leaves the house at dawn.\n"
    )
    assert _sources(article) == [("Mann", "Empire"), ("Ada Brooks", "Rue Morgue")]


def test_a_clause_between_a_name_and_its_verb_keeps_the_name() -> None:
    article = (
        _HEAT + "The physicist Kip Thorne, who advised on the heist scenes, said in an interview "
        "with Wired that the getaway was plausible. And Val Kilmer said in an interview with GQ "
        'that he "never stopped running".\n'
    )
    assert _sources(article) == [("Kip Thorne", "Wired"), ("Val Kilmer", "GQ")]


def test_french_and_spanish_attributions_are_sources() -> None:
    article = (
        _HEAT + "Interrogé par Télérama, Michael Mann a expliqué qu'il ne dirait rien. "
        "Le critique Antoine Ferrand écrivait dans Les Cahiers du cinéma que le film « regarde "
        "le spectateur ». En una entrevista con El País, Mann explicó que el final es triste. "
        "La crítica Marta Villalba escribió en Fotogramas que «es un duelo».\n"
    )
    assert _sources(article) == [
        ("Michael Mann", "Télérama"),
        ("Antoine Ferrand", "Les Cahiers du cinéma"),
        ("Michael Mann", "El País"),
        ("Marta Villalba", "Fotogramas"),
    ]


# --- transcripts ------------------------------------------------------------------------------


def test_a_transcript_loses_its_timestamps_speaker_labels_and_sponsor_reads() -> None:
    article = (
        "Heat (1995) Ending Explained — podcast transcript\n\n"
        "Hosts: Ann Lee, Bo Ray\n\n"
        "[00:00:00] [INTRO MUSIC]\n\n"
        "[00:00:12] ANN LEE: Welcome back. This episode is brought to you by Acme Mattresses.\n\n"
        "[00:01:02] BO RAY: McCauley could have flown away with Eady, but he goes back for "
        "Waingro.\n\n"
        "[00:01:40] ANN LEE: And Hanna shoots him by the runway. Mann told Empire that the hand "
        "holding is the whole film.\n\n"
        "[00:02:10] BO RAY: Rate and review us wherever you get your podcasts.\n\n"
        "[00:02:20] [OUTRO MUSIC]\n"
    )
    result = import_article(article.encode(), name="t.txt")
    doc = result.doc
    assert doc is not None and (doc.title, doc.year) == ("Heat", 1995)
    text = _texts(doc)
    assert "And Hanna shoots him by the runway." in text
    for furniture in ("00:01", "ANN LEE:", "BO RAY:", "MUSIC", "Acme", "Rate and review", "Hosts"):
        assert furniture not in text, furniture
    assert [(s.author, s.outlet) for s in doc.sources] == [("Mann", "Empire")]


def test_clock_times_in_prose_are_not_a_transcript() -> None:
    article = (
        _HEAT + "10:30 is when the bank opens.\n\n12:15: the crew leaves.\n\n"
        "Nate: a fence who knows everyone.\n"
    )
    doc = import_article(article.encode(), name="h.md").doc
    assert doc is not None
    text = _texts(doc)
    assert "10:30 is when" in text and "12:15" in text and "Nate" in text


# --- tables --------------------------------------------------------------------------------------


def test_questions_laid_out_as_a_table_are_faq_items() -> None:
    html = (
        "<html><head><title>Heat (1995) ending explained</title></head><body>"
        "<h1>Heat (1995) ending explained</h1><h2>The ending</h2>"
        "<p>McCauley dies at the airport, holding Hanna's hand.</p><h2>Quick answers</h2>"
        "<table><tr><th>Question</th><th>Answer</th></tr>"
        "<tr><td>Why does McCauley go back?</td><td>He cannot leave Waingro alive.</td></tr>"
        "<tr><td>Does Eady know?</td><td>She learns the truth outside the hotel.</td></tr>"
        "</table></body></html>"
    )
    markdown = (
        "# Heat (1995) ending explained\n\n## The ending\n\nMcCauley dies at the airport.\n\n"
        "## Quick answers\n\n| Question | Answer |\n|---|---|\n"
        "| Why does McCauley go back? | He cannot leave Waingro alive. |\n"
        "| Does Eady know? | She learns the truth outside the hotel. |\n"
    )
    for article, name in ((html, "h.html"), (markdown, "h.md")):
        doc = import_article(article.encode(), name=name).doc
        assert doc is not None
        faq = doc.section(SectionKind.FAQ)
        assert faq is not None, name
        assert [(i.heading, i.body) for i in faq.items] == [
            ("Why does McCauley go back?", "He cannot leave Waingro alive."),
            ("Does Eady know?", "She learns the truth outside the hotel."),
        ]
        assert all(item.heading_level is not SpoilerLevel.NONE for item in faq.items)


# --- outline -------------------------------------------------------------------------------------


def test_a_section_named_after_a_keyword_guess_of_its_kind_holds_its_sub_headings() -> None:
    article = (
        "# Heat (1995) ending explained\n\n"
        "## Part three: the bank\n\nA prerecorded message plays as the crew walks in.\n\n"
        "## Themes\n\n### Professionalism\n\nBoth men live by their work.\n\n"
        "### Loneliness\n\nNeither can keep a home.\n"
    )
    doc = import_article(article.encode(), name="h.md").doc
    assert doc is not None
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and themes.heading == "Themes"
    headings = [item.heading for item in themes.items]
    assert headings[-2:] == ["Professionalism", "Loneliness"]


def test_book_references_with_surnames_first_read_as_author_title_publisher() -> None:
    cases = {
        "Pendreigh, Brian (2001). The Making of Planet of the Apes. Titan Books. pp. 88–90.": (
            "Brian Pendreigh",
            "The Making of Planet of the Apes",
            "Titan Books",
        ),
        "Russo, Joe; Landsman, Larry (2001). Planet of the Apes Revisited. Thomas Dunne Books. "
        "p. 24.": (
            "Joe Russo and Larry Landsman",
            "Planet of the Apes Revisited",
            "Thomas Dunne Books",
        ),
        "Clarke, Arthur C. The Lost Worlds of 2001. Signet, 1972.": (
            "Arthur C. Clarke",
            "The Lost Worlds of 2001",
            "Signet",
        ),
        "Agel, Jerome (ed.). The Making of Kubrick's 2001. Signet, 1970.": (
            "Jerome Agel",
            "The Making of Kubrick's 2001",
            "Signet",
        ),
    }
    for text, expected in cases.items():
        draft = parse_reference(text, (), 1, set())
        assert (draft.author, draft.title, draft.outlet) == expected, text


def test_a_teaser_in_any_language_before_a_dated_title_stays_out_of_the_title() -> None:
    article = (
        "Georges était coupable : Caché expliqué\n\n"
        "Caché (2005) est un film de Michael Haneke.\n\nLa fin\n\nLes deux fils se parlent.\n"
    )
    doc = import_article(article.encode(), name="c.txt").doc
    assert doc is not None and (doc.title, doc.year) == ("Caché", 2005)


def test_foreign_headlines_name_the_film_around_their_cue() -> None:
    for headline, film in (
        ("Explication de la fin de Caché (2005)", "Caché"),
        ("La fin de Caché (2005), expliquée", "Caché"),
        ("Final explicado de El secreto de sus ojos (2009)", "El secreto de sus ojos"),
        ("El final de El orfanato (2007) explicado", "El orfanato"),
        ("Il finale di La grande bellezza (2013) spiegato", "La grande bellezza"),
        ("Das Ende von Das Boot (1981) erklärt", "Das Boot"),
    ):
        # As a plain text file's first line: only its cue marks it as the headline.
        article = f"{headline}\n\nLe film se termine sur un plan fixe.\n\nFin\n\nTout s'arrête.\n"
        doc = import_article(article.encode(), name="f.txt").doc
        assert doc is not None and doc.title == film, headline


# --- what cannot be imported -----------------------------------------------------------------


def test_files_that_are_not_articles_say_what_they_are_and_what_to_do() -> None:
    cases = {
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj": "a PDF",
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml": "a zip archive (a Word .docx",
        b"\xff\xd8\xff\xe0\x00\x10JFIF": "a JPEG image",
    }
    for data, what in cases.items():
        with pytest.raises(ContentError) as error:
            import_article(data, name="upload.txt")
        message = str(error.value)
        assert (
            f"upload.txt: is binary data ({what}" in message
            and "save the article as .html" in message
        )
    with pytest.raises(ContentError, match=r"holds only a web address.*save it"):
        import_article(b"https://example.com/heat-ending-explained\n", name="link.txt")


# --- decorated Markdown -----------------------------------------------------------------------


def test_icons_before_headings_and_labels_do_not_hide_what_they_name() -> None:
    article = (
        "# 🧠 Heat (1995) ending explained\n\n## 🎬 What happens at the end?\n\n"
        "McCauley dies at the airport.\n\n## 💡 Themes 💡\n\n### 🌀 Professionalism\n\n"
        "Both men live by their work.\n\n## 🔍 Symbols\n\n"
        "- **🌊 The ocean** — the calm McCauley never reaches.\n"
        "- **1️⃣ The first cup of coffee** — a truce.\n"
    )
    doc = import_article(article.encode(), name="h.md").doc
    assert doc is not None and doc.title == "Heat"
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and ending.heading == "What happens at the end?"
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None and themes.heading == "Themes"
    assert [item.heading for item in themes.items] == ["Professionalism"]
    symbols = doc.section(SectionKind.SYMBOLISM)
    assert symbols is not None
    assert [item.heading for item in symbols.items] == ["The ocean", "The first cup of coffee"]


def test_note_app_callouts_and_wiki_links_are_syntax_not_text() -> None:
    article = (
        "# Heat (1995) ending explained\n\n> [!warning] Spoilers\n> The whole plot, ending "
        "included.\n\n## The ending\n\n[[Neil McCauley|McCauley]] dies at the airport, as "
        "[[Michael Mann]] planned it.\n\n*Linked notes:* [[Michael Mann]] · [[Crime films]] · "
        "[[1995]]\n"
    )
    result = import_article(article.encode(), name="h.md")
    assert result.doc is not None
    text = _texts(result.doc)
    assert "McCauley dies at the airport, as Michael Mann planned it." in text
    assert "[[" not in text and "[!warning]" not in text
    assert "Linked notes" not in text and "Crime films" not in text


# --- paywalled pages -----------------------------------------------------------------------------


def test_a_paywalled_page_is_read_from_its_structured_data() -> None:
    body = (
        "Michael Mann's Heat (1995) follows a crew of thieves and the detective hunting them "
        "across Los Angeles in the months before one last bank job.\\n\\nThe ending\\n\\n"
        "McCauley abandons his escape to kill Waingro, and Hanna shoots him dead by the runway. "
        "Hanna holds his hand as he dies, and the lights of the planes sweep over them.\\n\\n"
        "Themes\\n\\nProfessionalism. Both men live by their work and have nothing else left "
        "when it is gone.\\n\\nLoneliness. Neither man can keep a home, a wife or a friend "
        "through the film."
    )
    page = (
        "<html><head><title>Heat (1995) ending explained</title>"
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":'
        f'"NewsArticle","headline":"Heat (1995) ending explained","articleBody":"{body}"}}]}}'
        "</script></head><body><h1>Heat (1995) ending explained</h1><p>Michael Mann's Heat "
        "(1995) follows a crew of thieves…</p><div class='paywall-prompt'><p>Subscribe to keep "
        "reading.</p></div></body></html>"
    )
    doc = import_article(page.encode(), name="heat.html").doc
    assert doc is not None and (doc.title, doc.year) == ("Heat", 1995)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "Hanna shoots him dead" in (ending.body or "")
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["Professionalism", "Loneliness"]
    assert "Subscribe" not in _texts(doc)


def test_a_q_and_a_sites_answerer_lines_are_chrome() -> None:
    for line in (
        "Film studies lecturer · Author has 1.4K answers and 3.2M answer views · Updated 3y",
        "Studied at University of Toronto · 2y",
        "All related (7)",
        "Sort Recommended",
    ):
        assert is_chrome_line(line), line
    assert not is_chrome_line("The twins answer the letters their mother left them.")
    page = (
        "<html><head><title>What is the ending of Heat (1995) explained?</title></head><body>"
        "<h1>What is the ending of Heat (1995) explained?</h1>"
        "<div class='answer'><div><a href='/profile/Sara-Haddad-3'>Sara Haddad</a></div>"
        "<p>McCauley dies at the airport, holding Hanna's hand as the planes land.</p></div>"
        "</body></html>"
    )
    doc = import_article(page.encode(), name="q.html").doc
    assert doc is not None and "Sara Haddad" not in _texts(doc)


def test_forum_counters_and_ages_are_chrome() -> None:
    for line in (
        "1.8K 212 comments",
        "cinephile_k • 3y ago • Top 1% Commenter",
        "r/TrueFilm • 3 yr. ago nolanfan_88",
        "posted by u/someone · 2 hours ago",
    ):
        assert is_chrome_line(line), line
    assert not is_chrome_line("Years ago, Borden and Angier worked as plants in the audience.")
