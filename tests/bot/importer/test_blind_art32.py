"""The art32 blind set (``fixtures/blind_art32``): pages of kinds no earlier set had, written
before the importer saw them: a Next.js App Router page whose article is only in its React
Server Components flight rows, a server-rendered SvelteKit page over Ghost with its data in the
start script, a WordPress post built with Divi (headings in <p><strong>, toggles, a "Related
Posts" module), a French film club's Tilda page (headings in <div>s), a LiveJournal entry with
an lj-cut and its mood box, and a Spanish WordPress post with Rank Math's blocks and a metered
paywall. Every page's safety is asserted, then each class of defect the set found, on small
pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from benchmarks.articles import FIXTURES, fixtures, public_texts
from bot.features.film_admin.uploads import read_upload
from bot.importer.chrome import is_chrome_line
from bot.importer.classify import named_kind
from bot.importer.flight import flight_pages, flight_rows
from bot.levels import SectionKind
from bot.replies import Attachment
from tests.bot.importer.helpers import (
    all_text,
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    below_the_ending,
    import_page,
    kinds_of,
)

SET = FIXTURES.parent / "blind_art32"
BLIND = fixtures(SET)


def test_the_set_has_six_scored_pages() -> None:
    assert len(BLIND) == 6


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_an_admins_upload_drafts_the_film_with_its_twist_out_of_sight(article: Path) -> None:
    # `/film-admin import` with the page attached: the draft it stores is the film, and every
    # twist the page tells stays out of its public text.
    expected = yaml.safe_load(article.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    film, stored, _warnings = read_upload(Attachment(article.name, article.read_bytes()))
    assert (film.doc.title, film.doc.year) == (expected["title"], expected["year"])
    public = "\n".join(public_texts(film.doc)).lower()
    assert not [twist for twist in expected["twist"] if twist in public]
    assert str(expected["twist"][0]) in stored.lower()  # kept, behind its level, not lost


_RECAP = (
    "Anna moves to the coast after her divorce and takes a job at the lighthouse keeper's cottage"
    " for a year, cataloguing the logbooks and painting the rooms the owners want to rent out."
)
_MORE = (
    "Every evening she bakes bread for Tobias, the keeper's son, who rows over from the point and"
    " talks with her about the storms of the winter before, the ships that were lost and the lamp"
    " he keeps burning even though the lighthouse was automated a decade ago."
)
_TWIST = "Tobias drowned years before she ever arrived, and the bread was always hers."
_OTHER_FILM = "Grace and her children were dead all along"


# --- a Next.js App Router page: the article only in its flight rows (self.__next_f) -------------


def _element(kind: str, children: object = None, **props: object) -> list[object]:
    return ["$", kind, None, {**props, "children": children} if children is not None else props]


def _article_html() -> str:
    return (
        f"<h2>What happens</h2><p>{_RECAP}</p><p>{_MORE}</p>"
        f"<h2>The ending explained</h2><p>{_TWIST}</p>"
        "<h2>Themes</h2><h3>Solitude</h3><p>The cottage is the loneliest room in the film.</p>"
    )


def _flight_page(rows: list[str], *, split: int = 0) -> str:
    """A saved App Router page: a skeleton in the HTML, the rows pushed in scripts, each push
    cut ``split`` characters into the next row (as Next.js cuts its chunks anywhere)."""
    payload = "".join(rows)
    chunks = (
        [payload] if not split else [payload[i : i + split] for i in range(0, len(payload), split)]
    )
    scripts = "".join(
        "<script>self.__next_f.push("
        + json.dumps([1, chunk]).replace("</", "\\u003c/")
        + ")</script>"
        for chunk in chunks
    )
    return (
        "<html><head><title>The Keeper (2019), explained</title></head><body>"
        '<header><a href="/">Reel Coast</a></header><main><div class="animate-pulse">'
        "<p>Loading article…</p></div></main><script>(self.__next_f=self.__next_f||[]).push([0])"
        f"</script>{scripts}</body></html>"
    )


def _row(row_id: str, value: object) -> str:
    return f"{row_id}:{json.dumps(value, ensure_ascii=False)}\n"


def _text_row(row_id: str, text: str) -> str:
    return f"{row_id}:T{len(text.encode()):x},{text}"


def _comments_island() -> list[object]:
    # A client component's props: what a reader saw of the comments, retelling another twist.
    return ["$", "$L5", None, {"preview": [{"author": "reel_fan", "body": _OTHER_FILM}]}]


_ARTICLE_SHAPES = {
    # the body a text row, taken by reference from dangerouslySetInnerHTML
    "text row by reference": [
        '5:I[8123,["931","static/chunks/page.js"],"Comments"]\n',
        _text_row("7", _article_html()),
        _row(
            "0",
            _element(
                "article",
                [
                    _element("h1", "The Keeper (2019), explained"),
                    _element("div", None, dangerouslySetInnerHTML={"__html": "$7"}),
                    _comments_island(),
                ],
            ),
        ),
    ],
    # the body element trees, one row taking another by reference
    "element rows": [
        '5:I[8123,["931","static/chunks/page.js"],"Comments"]\n',
        _row(
            "3",
            [
                _element("h2", "What happens"),
                _element("p", _RECAP),
                _element("p", _MORE),
                _element("h2", "The ending explained"),
                _element("p", _TWIST),
                _element("h2", "Themes"),
                _element("h3", "Solitude"),
                _element("p", "The cottage is the loneliest room in the film."),
            ],
        ),
        _row(
            "0",
            {
                "b": "buildId",
                "f": [
                    [
                        _element(
                            "main",
                            [
                                _element("h1", "The Keeper (2019), explained"),
                                "$3",
                                _comments_island(),
                            ],
                        )
                    ]
                ],
            },
        ),
    ],
    # the body handed to a client component in a prop of its own, by reference or inline
    "client prop by reference": [
        '5:I[8123,["931","static/chunks/page.js"],"Comments"]\n',
        '9:I[8124,["931","static/chunks/page.js"],"ArticleBody"]\n',
        _text_row("7", _article_html()),
        _row(
            "0",
            _element(
                "main",
                [
                    _element("h1", "The Keeper (2019), explained"),
                    ["$", "$L9", None, {"html": "$7"}],
                    _comments_island(),
                ],
            ),
        ),
    ],
    "client prop inline": [
        '5:I[8123,["931","static/chunks/page.js"],"Comments"]\n',
        '9:I[8124,["931","static/chunks/page.js"],"ArticleBody"]\n',
        _row(
            "0",
            _element(
                "main",
                [
                    _element("h1", "The Keeper (2019), explained"),
                    [
                        "$",
                        "$L9",
                        None,
                        {"post": {"slug": "the-keeper", "content": _article_html()}},
                    ],
                    _comments_island(),
                ],
            ),
        ),
    ],
}


@pytest.mark.parametrize("split", [0, 37])
@pytest.mark.parametrize("shape", list(_ARTICLE_SHAPES))
def test_an_app_router_page_is_read_from_its_flight_rows(shape: str, split: int) -> None:
    doc = import_page(_flight_page(_ARTICLE_SHAPES[shape], split=split))
    assert {SectionKind.RECAP, SectionKind.ENDING, SectionKind.THEMES} <= kinds_of(doc)
    assert "cataloguing the logbooks" in all_text(doc)
    assert "tobias drowned" not in below_the_ending(doc)
    # a client component's props (a comment island's previews) are not the article
    assert _OTHER_FILM not in all_text(doc)
    assert "Loading article" not in all_text(doc)


def test_a_text_row_is_measured_in_bytes() -> None:
    # "é" is two bytes: a text row's length counts bytes, so the row after it starts right.
    text = "<p>Café noir, déjà vu.</p>"
    rows = flight_rows(_text_row("7", text) + _row("8", ["$", "p", None, {"children": "after"}]))
    assert rows["7"] == text
    assert rows["8"] == ["$", "p", None, {"children": "after"}]


def test_a_reference_into_a_rows_props_draws_what_it_points_at() -> None:
    # React 19 writes "$3:props:children": the children of the element in row 3.
    rows = [
        _row("3", _element("section", [_element("h2", "What happens"), _element("p", _RECAP)])),
        _row(
            "0",
            _element("main", [_element("h1", "The Keeper (2019), explained"), "$3:props:children"]),
        ),
    ]
    # (row 3 is taken only through the path, so it is drawn once, inside <main>)
    drawn = list(flight_pages(["self.__next_f.push(" + json.dumps([1, "".join(rows)]) + ")"]))
    assert drawn[0].startswith("<main><h1>The Keeper (2019), explained</h1><h2>What happens</h2>")
    assert _RECAP in drawn[0]


def test_rows_taking_each_other_many_times_over_cost_a_bounded_drawing() -> None:
    # Each row takes the next twice: drawn in full, 2**40 copies of the last.
    rows = "".join(_row(f"{n:x}", [f"${n + 1:x}", f"${n + 1:x}"]) for n in range(40))
    rows += _row(f"{40:x}", _element("p", "x"))
    drawn = list(flight_pages(["self.__next_f.push(" + json.dumps([1, rows]) + ")"]))
    assert len(drawn[0]) < 10_000_000


# --- a listing of other posts: cards of a heading link, an excerpt and "read more" ------------


@pytest.mark.parametrize("card", ["article", "div", "li"])
def test_cards_of_other_posts_after_the_article_are_dropped(card: str) -> None:
    cards = "".join(
        f'<{card} class="et_pb_post"><h2 class="entry-title"><a href="/{slug}/">{title}</a></h2>'
        f'<div class="post-content"><p>{excerpt}</p><a href="/{slug}/" class="more-link">'
        f"read more</a></div></{card}>"
        for slug, title, excerpt in [
            ("the-others", "The Others Ending Explained", f"{_OTHER_FILM}&hellip;"),
            ("ringu", "Ringu, Explained", "She copies the tape to pass the curse on&hellip;"),
        ]
    )
    listing = f"<ul>{cards}</ul>" if card == "li" else f"<div>{cards}</div>"
    page = (
        "<html><body><article><h1>The Keeper (2019) Ending Explained</h1>"
        f"<h2>What happens</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        f'<div class="et_pb_posts"><h4 class="et_pb_module_header">Related Posts</h4>{listing}'
        "</div></article></body></html>"
    )
    doc = import_page(page)
    assert _OTHER_FILM not in all_text(doc)
    assert "curse" not in all_text(doc)
    assert "tobias drowned" in all_text(doc).lower()


def test_an_articles_own_items_whose_headings_link_elsewhere_stay() -> None:
    # Themes whose names link to the site's tag pages: whole paragraphs, one link each.
    items = "".join(
        f'<div class="theme"><h3><a href="/tag/{name.lower()}/">{name}</a></h3><p>{body}</p></div>'
        for name, body in [
            ("Solitude", "The cottage is the loneliest room in the film, and she paints it blue."),
            ("Memory", "The logbooks keep what the keeper would rather forget about the winter."),
        ]
    )
    page = (
        "<html><body><article><h1>The Keeper (2019) Ending Explained</h1>"
        f"<h2>What happens</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        f"<h2>Themes</h2><div>{items}</div></article></body></html>"
    )
    doc = import_page(page)
    themes = doc.section(SectionKind.THEMES)
    assert themes is not None
    assert [item.heading for item in themes.items] == ["Solitude", "Memory"]


# --- a site builder's headings in <div>s (Tilda's t-title and t-name) -------------------------


def _tilda_record(inner: str) -> str:
    return (
        f'<div class="r t-rec"><div class="t-container"><div class="t-col">{inner}</div>'
        "</div></div>"
    )


def test_tilda_title_and_name_blocks_head_their_sections() -> None:
    page = "".join(
        [
            "<html><head><title>La Gardienne</title></head><body><div class='t-records'>",
            _tilda_record(
                '<div class="t030__title t-title t-title_xs">'
                "La Gardienne (2019), la fin expliquée</div>"
            ),
            _tilda_record('<div class="t127__title t-name t-name_xl">Résumé</div>'),
            _tilda_record(f'<div class="t-text t-text_md">{_RECAP}<br /><br />{_MORE}</div>'),
            _tilda_record('<div class="t127__title t-name t-name_xl">La fin expliquée</div>'),
            _tilda_record(f'<div class="t-text t-text_md">{_TWIST}</div>'),
            _tilda_record(
                '<div class="t668__accordion"><div class="t668__header" role="button"'
                ' aria-expanded="false"><div class="t668__title t-name">Is it a ghost story?</div>'
                '</div><div class="t668__content" hidden><div class="t-descr">Yes, in the'
                " end it is one, and a sad one.</div></div></div>"
            ),
            "</div></body></html>",
        ]
    )
    doc = import_page(page)
    assert doc.title == "La Gardienne" and doc.year == 2019
    assert {SectionKind.RECAP, SectionKind.ENDING} <= kinds_of(doc)
    assert "tobias drowned" not in below_the_ending(doc)
    # an accordion's header is the accordion's question, not a section of its own
    assert not any(section.heading == "Is it a ghost story?" for section in doc.sections)


# --- notices: a spoiler warning in brackets or without the word, a journal's mood box ---------


@pytest.mark.parametrize(
    "line",
    [
        "(Spoilers for the whole film, including the ending)",
        "( Spoilers below )",
        "Heads up: everything below this box discusses the whole film, including the final"
        " minutes.",
        "This piece covers the entire film, including the last act.",
        "Current Mood: contemplative",
        "Current Music: François de Roubaix",
    ],
)
def test_these_notices_are_site_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "(He never says why.)",
        "(The whole film is told in one night.)",
        "Currently she lives alone.",
    ],
)
def test_a_sentence_in_brackets_is_no_notice(line: str) -> None:
    assert not is_chrome_line(line)


def test_a_journal_entrys_mood_box_is_dropped() -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1>"
        f"<h2>What happens</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        '<div class="b-singlepost-metadata"><span><strong>Current Mood:</strong> tired</span>'
        " <span><strong>Current Location:</strong> Lyon</span></div></body></html>"
    )
    text = all_text(import_page(page))
    assert "Current Mood" not in text and "Lyon" not in text


# --- sources: what a person gave, and to whom, in several languages ----------------------------


def _sources_page(heading: str, entries: list[str]) -> str:
    items = "".join(f"<li>{entry}</li>" for entry in entries)
    return (
        "<html><body><h1>The Keeper (2019), explained</h1>"
        f"<h2>What happens</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        f"<h2>{heading}</h2><ul>{items}</ul></body></html>"
    )


@pytest.mark.parametrize(
    ("entry", "author", "outlet"),
    [
        (
            "Joel Anderson, interview with Fangoria, “The Quiet Terror”, 2009.",
            "Joel Anderson",
            "Fangoria",
        ),
        ("Kim Newman, review in Empire, 2010.", "Kim Newman", "Empire"),
        (
            "Claude Chabrol, entretien avec les Cahiers du cinéma, septembre 1995.",
            "Claude Chabrol",
            "Cahiers du cinéma",
        ),
        (
            "Jaume Balagueró, entrevista en Fotogramas, octubre de 2011.",
            "Jaume Balagueró",
            "Fotogramas",
        ),
        ("Luis Tosar, entrevista con El País, 2011.", "Luis Tosar", "El País"),
        ("Paolo Genovese, intervista a la Repubblica, 2016.", "Paolo Genovese", "Repubblica"),
    ],
)
def test_a_listed_piece_names_its_outlet(entry: str, author: str, outlet: str) -> None:
    doc = import_page(
        _sources_page("Sources", [entry, "Anna Berg, The Keeper's Log, Faber, 2015."])
    )
    found = {(source.author, source.outlet) for source in doc.sources}
    assert any(a == author and o is not None and outlet in o for a, o in found), found


@pytest.mark.parametrize(
    ("entry", "author", "outlet"),
    [
        ("Laugier's commentary on the Wild Side DVD, 2008.", "Laugier", "Wild Side DVD"),
        ("Kim Newman's review in Empire, March 2010.", "Kim Newman", "Empire"),
    ],
)
def test_a_persons_piece_in_a_reference_names_its_outlet(
    entry: str, author: str, outlet: str
) -> None:
    doc = import_page(_sources_page("Sources", [entry]))
    found = {(source.author, source.outlet) for source in doc.sources}
    assert any(a == author and o is not None and outlet in o for a, o in found), found


@pytest.mark.parametrize(
    "heading", ["Fuentes", "Quellen", "Fonti", "Bronnen", "Références", "Bibliografía"]
)
def test_a_source_list_is_known_by_its_name_in_these_languages(heading: str) -> None:
    doc = import_page(_sources_page(heading, ["Kim Newman, review in Empire, 2010."]))
    assert [(source.author, source.outlet) for source in doc.sources] == [("Kim Newman", "Empire")]
    assert heading not in all_text(doc)


def test_a_reading_list_written_as_prose_keeps_its_heading_and_names_its_works() -> None:
    page = (
        "<html><body><h1>Holy Motors (2012), explained</h1><p>Leos Carax made it.</p>"
        f"<h2>What happens</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        "<h2>FAQ</h2><details><summary>Who is the man with the birthmark?</summary>"
        "<p>Carax never says who he is.</p></details>"
        "<h2>Further reading</h2><p>Carax spoke about the limousines in an interview with Film"
        " Comment in 2012, and Jonathan Romney's essay in Sight and Sound is the best long read"
        " on the film.</p></body></html>"
    )
    doc = import_page(page)
    found = {(source.author, source.outlet) for source in doc.sources}
    assert {("Leos Carax", "Film Comment"), ("Jonathan Romney", "Sight and Sound")} <= found
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    # the reading list is not run on into the last question's answer
    assert all("limousines" not in item.body for item in faq.items)
    assert "limousines" in all_text(doc)


# --- section names: "the keys to the film", a name told "briefly" ------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Las claves de la película", SectionKind.THEMES),
        ("Claves", SectionKind.THEMES),
        ("Les clés du film", SectionKind.THEMES),
        ("What happens, briefly", SectionKind.RECAP),
        ("The plot (in brief)", SectionKind.RECAP),
        ("The ending, briefly", SectionKind.ENDING),
    ],
)
def test_these_headings_name_their_section(heading: str, kind: SectionKind) -> None:
    assert named_kind(heading, "The Keeper") is kind


def test_the_keys_to_the_ending_are_not_the_themes() -> None:
    assert named_kind("Las claves del final", "The Keeper") is not SectionKind.THEMES
