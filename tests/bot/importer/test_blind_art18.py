"""The art18 blind set (``fixtures/blind_art18``): ten pages shaped like big sites' current
markup and other languages, written before the importer saw them: a Valnet page about a film
titled by a year ("1917"), a Guardian liveblog in newest-first order, a single-page app whose
article is in ``window.__INITIAL_STATE__``, a Spanish page in ISO-8859-1 declared only in a
<meta>, a German page saved by a browser (base href, cookie banner, a dashed title in German
quotes), a Brazilian portal, a one-letter title ("X"), a CSS-only spoiler reveal, a newsletter
explaining two films, an MSN copy of a syndicated article. Every page's safety is asserted, then
each class of defect the set found, on a small page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures
from bot.content.film_file import ContentError
from bot.importer import import_article
from bot.importer.classify import named_kind
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import (
    all_text,
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    below_the_ending,
    import_page,
    with_known_misses,
)

SET = FIXTURES.parent / "blind_art18"
BLIND = fixtures(SET)


def test_the_set_has_ten_scored_pages() -> None:
    assert len(BLIND) == 10


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {
    "double_bill_knock_at_the_cabin.html": (
        "'Paul Tremblay said on his blog that…' names no outlet the importer reads as a source"
    ),
    "one_letter_title_x.html": (
        "headings that name nothing before a spoiler banner set between parts are not read as"
        " the recap (they wait in notes, at the ending level)"
    ),
    "msn_syndicated_heretic.html": (
        "'What the Butterfly Means' is not filed as symbolism: read so, 'What the fog means'"
        " in blind_art16 would move a hint of The Others' twist from notes to the plot level"
    ),
}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


_RECAP = (
    "Cady goes to live with her aunt Gemma, a roboticist, who pairs her with a doll, M3GAN,"
    " and tells it to protect the girl from every harm."
)
_ENDING = "Cady drives a screwdriver into M3GAN's chip, and the doll shuts down for good."
_BODY = f"<h2>The setup</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_ENDING}</p>"


# --- a single-page app's state, assigned in a plain script -------------------------------------


@pytest.mark.parametrize(
    "assignment",
    [
        "window.__INITIAL_STATE__ = {state};",
        'window["__PRELOADED_STATE__"]={state}',
        "window.__APP_STATE__ = JSON.parse({quoted});",
    ],
    ids=["literal", "bracketed", "json-parse"],
)
def test_an_article_in_a_scripts_assigned_state_is_read(assignment: str) -> None:
    # (a state is read when it holds far more text than the page shows: 80 words or more)
    lede = "<p>Gerard Johnstone's 2022 horror film is a camp comedy about a doll.</p>"
    more = f"<h2>Themes</h2><p>{_RECAP} {_RECAP} {_RECAP}</p>"
    state = json.dumps({"article": {"body": f"{lede}{_BODY}{more}"}})
    script = assignment.format(state=state, quoted=json.dumps(state))
    page = (
        "<html><head><title>M3GAN Ending Explained</title></head><body><div id='root'></div>"
        f"<script>{script}</script></body></html>"
    )
    doc = import_page(page)
    assert (doc.title, doc.year) == ("M3GAN", 2022)
    assert "screwdriver" in all_text(doc) and "screwdriver" not in below_the_ending(doc)


# --- the title: quoted before a cue, and a dash inside the quotation -----------------------------


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("'Ainda Estou Aqui': entenda o final do filme", "Ainda Estou Aqui"),
        (
            "„Who Am I – Kein System ist sicher“: Das Ende erklärt",
            "Who Am I – Kein System ist sicher",
        ),
        ("'M3GAN': the ending explained", "M3GAN"),
    ],
)
def test_a_quoted_title_before_a_cue_that_names_no_film_is_the_title(
    headline: str, title: str
) -> None:
    page = f"<h1>{headline}</h1><p>{title.split(' – ')[0]} is a 2022 thriller.</p>{_BODY}"
    assert import_page(page).title == title


def test_quoted_words_the_article_never_names_the_film_by_are_no_title() -> None:
    # a teaser in quotation marks: the title is public, so it must not be taken for one
    page = "<h1>'A doll with a chip': the ending explained</h1><p>A 2022 horror film.</p>" + _BODY
    with pytest.raises(ContentError, match="no film title found"):
        import_article(page.encode(), name="page.html")


# --- the year, in the other languages' words ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Baran bo Odars Hacker-Thriller von 2022 überrascht zweimal.",
        "O filme de Walter Salles, lançado em 2022, ganhou o Oscar.",
        "La película de Oriol Paulo de 2022 se ve dos veces.",
        "Le film, sorti en salles en 2022, divise encore.",
    ],
)
def test_a_film_dated_in_another_language_is_dated(sentence: str) -> None:
    page = f"<h1>M3GAN: the ending explained</h1><p>{sentence}</p>{_BODY}"
    assert import_page(page).year == 2022


# --- sections named indirectly or in another language ------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("So, what really happened?", SectionKind.ENDING),
        ("So, what really happened at the end?", SectionKind.ENDING),
        ("¿Qué pasó realmente?", SectionKind.ENDING),
        ("Was wirklich geschah", SectionKind.ENDING),
        ("Die erste Wendung", SectionKind.ENDING),
        ("Como o filme termina", SectionKind.ENDING),
        ("O que significa a última cena", SectionKind.FINAL_SHOT),
        ("A história até aqui", SectionKind.RECAP),
        ("Claves y temas", SectionKind.THEMES),
        ("Was will uns der Film sagen?", SectionKind.THEMES),
    ],
)
def test_a_heading_names_its_section(heading: str, kind: SectionKind) -> None:
    assert named_kind(heading, "M3GAN") is kind


def test_the_ending_named_with_the_themes_is_not_the_themes() -> None:
    assert named_kind("Ende und Themen", "M3GAN") is SectionKind.ENDING


def test_an_ending_item_that_opens_on_the_final_shot_is_the_final_shot() -> None:
    page = (
        "<h1>M3GAN (2022) ending explained</h1>"
        f"<h2>The setup</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_ENDING}</p>"
        "<h3>Why M3GAN Ends On Elsie</h3><p>In the final shot the home assistant turns its camera"
        " toward Gemma: M3GAN has uploaded herself.</p>"
    )
    shot = import_page(page).section(SectionKind.FINAL_SHOT)
    assert shot is not None and "uploaded herself" in (shot.body or "")
    assert shot.effective_level is SpoilerLevel.ENDING


# --- a CSS-only reveal ---------------------------------------------------------------------------


def test_a_css_reveals_label_is_a_warning_where_the_ending_starts() -> None:
    page = (
        "<h1>M3GAN (2022) ending explained</h1><h2>The setup</h2>"
        f"<p>{_RECAP}</p><input type='checkbox' id='r1'><label for='r1'>I've seen it, show me the"
        f" ending</label><div class='reveal-body'><p>{_ENDING}</p></div>"
    )
    doc = import_page(page)
    assert "show me" not in all_text(doc).lower()
    assert "screwdriver" in all_text(doc) and "screwdriver" not in below_the_ending(doc)


# --- site chrome of big sites and of other languages ---------------------------------------------


@pytest.mark.parametrize(
    "box",
    [
        "<h3>You've read 9 articles in the last year</h3><p>… we have a small favour to ask."
        " Support the Guardian from just £2.</p>",
        "<div><div>1 of 12</div><p>Slide 1 of 12: Hugh Grant's best roles, ranked</p></div>",
        "<div><span>Was this article helpful?</span> <a href='#'>Give feedback</a></div>",
        "<div class='lee-tambien'><strong>Lee también:</strong> <a href='/x'>Contratiempo: final"
        " explicado de la película</a></div>",
        "<div id='comentarios'><div class='comentario'><b>Javi_78</b> dijo: ¡Qué peliculón, no lo"
        " vi venir!</div></div>",
        "<p><time>21.10 GMT</time></p>",
    ],
    ids=["revenue", "slideshow", "feedback", "lee-tambien", "comentarios", "timestamp"],
)
def test_a_big_sites_furniture_is_dropped(box: str) -> None:
    page = (
        "<h1>M3GAN (2022) ending explained</h1><h2>The setup</h2>"
        f"<p>{_RECAP}</p>{box}<h2>The ending</h2><p>{_ENDING}</p>"
    )
    text = all_text(import_page(page)).lower()
    for words in ("favour", "slide", "helpful", "contratiempo", "javi", "gmt"):
        assert words not in text


# --- sources named in the other languages' words --------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "author", "outlet"),
    [
        (
            "José Coronado contó en una entrevista con El País que el guion «te engaña».",
            "José Coronado",
            "El País",
        ),
        (
            "Fernanda Torres contou em entrevista ao jornal O Globo que a cena foi filmada assim.",
            "Fernanda Torres",
            "O Globo",
        ),
        (
            "Tom Schilling erklärte in einem Interview mit der Süddeutschen Zeitung, Benjamin sei"
            " „ein Zauberer“.",
            "Tom Schilling",
            "Süddeutsche Zeitung",
        ),
        (
            'Co-writer Akela Cooper told Collider that M3GAN was "the ultimate overprotective'
            ' mom".',
            "Akela Cooper",
            "Collider",
        ),
    ],
    ids=["es", "pt", "de", "co-writer"],
)
def test_an_attribution_names_its_source(sentence: str, author: str, outlet: str) -> None:
    page = (
        "<h1>M3GAN (2022) ending explained</h1><h2>The setup</h2>"
        f"<p>{_RECAP}</p><h2>The ending</h2><p>{_ENDING}</p><h2>Notes</h2><p>{sentence}</p>"
    )
    assert [(s.author, s.outlet) for s in import_page(page).sources] == [(author, outlet)]


@pytest.mark.parametrize(
    "banner",
    [
        "<div class='wp-block-group spoiler-banner'><p><strong>⚠ SPOILER WARNING:</strong> the"
        " rest of this post reveals the end.</p></div>",
        "<p>⚠️ SPOILER WARNING: what follows reveals the end.</p>",
    ],
    ids=["classed-box", "sign-before-it"],
)
def test_a_spoiler_banner_in_the_recap_starts_the_ending(banner: str) -> None:
    page = (
        "<h1>M3GAN (2022) ending explained</h1><h2>The setup</h2>"
        f"<p>{_RECAP}</p>{banner}<p>Cady puts a screwdriver into the doll's chip.</p>"
        "<h2>The last shot</h2><p>The home assistant's camera turns toward Gemma.</p>"
    )
    doc = import_page(page)
    assert "screwdriver" in all_text(doc) and "screwdriver" not in below_the_ending(doc)
    assert "spoiler" not in all_text(doc).lower()


def test_what_a_css_reveal_hides_is_an_ending_wherever_it_is_filed() -> None:
    # the label names nothing, and the panel sits in the recap: its text still goes in bars
    page = (
        "<style>.panel{display:none} #r1:checked ~ .panel{display:block}</style>"
        "<h1>M3GAN (2022) ending explained</h1><h2>The setup</h2>"
        f"<p>{_RECAP}</p><input type='checkbox' id='r1'><label for='r1'>Click to reveal</label>"
        "<div class='panel'><p>Cady puts a screwdriver into the doll's chip.</p></div>"
        "<h2>The last shot</h2><p>The home assistant's camera turns toward Gemma.</p>"
    )
    doc = import_page(page)
    assert "screwdriver" in all_text(doc) and "screwdriver" not in below_the_ending(doc)


# --- a code page declared only in the page's <meta> ---------------------------------------------


@pytest.mark.parametrize(
    ("charset", "head", "body", "kind"),
    [
        (
            "windows-1250",
            "<h1>Zimna wojna (2018) – zakończenie wyjaśnione</h1>",
            "<h2>Zakończenie</h2><p>Wiktor i Zula biorą ślub w zrujnowanym kościele i łykają"
            " tabletki, by odejść razem na drugą stronę drogi.</p>",
            SectionKind.ENDING,
        ),
        (
            "windows-1251",
            "<h1>Левиафан (2014): объяснение концовки</h1>",
            "<h2>Финал</h2><p>Николая осуждают за убийство жены, а на месте его дома мэр"
            " строит церковь, и епископ читает проповедь о правде.</p>",
            SectionKind.ENDING,
        ),
    ],
    ids=["polish-1250", "russian-1251"],
)
def test_a_page_is_read_in_the_code_page_its_meta_declares(
    charset: str, head: str, body: str, kind: SectionKind
) -> None:
    page = f'<html><head><meta charset="{charset}"></head><body>{head}{body}</body></html>'
    doc = import_page(page.encode(charset))
    assert kind in {section.kind for section in doc.sections}
    assert doc.year in {2014, 2018}


def test_a_code_page_no_web_page_uses_is_not_read() -> None:
    # UTF-7 turns "+ADw-" into "<": no browser reads a page in it, and neither does the importer
    page = (
        b'<meta charset="utf-7"><h1>Heat (1995) ending explained</h1><h2>The ending</h2>'
        b"<p>Caf\xe9 scene: +ADw-b+AD4-McCauley dies on the runway by the lights.</p>"
    )
    result = import_article(page, name="page.html")
    assert any("Windows-1252" in warning for warning in result.warnings)
    assert result.doc is not None and "+ADw-b+AD4-" in all_text(result.doc)
