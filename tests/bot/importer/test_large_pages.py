"""Page shapes that made the importer's work grow faster than the page: each is imported as a
browser shows it, or refused with a way out. Their speed is measured in benchmarks/import_scale."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from bot.content.film_file import ContentError
from bot.importer import import_article
from bot.importer.html_tree import MAX_HTML_DEPTH, is_decomposed, parse_html
from tests.bot.importer.helpers import FIXTURES

# Fixtures written with every end tag; old hand-written HTML leaves those of <p>, <li>, table
# cells and definitions out, which html.parser alone nests one inside the next.
_CLOSED_PAGES = [
    "screenrant_summary_the_others.html",
    "letterboxd_review_the_sixth_sense.html",
    "wikipedia_infobox_shutter_island.html",
    "epub_xhtml_rosemarys_baby.html",
]
_OPTIONAL_END_TAGS = re.compile(rb"</(?:p|li|td|tr|dd|dt)>")


def _draft(data: bytes, name: str) -> str:
    result = import_article(data, name=name, allow_missing_year=True)
    return result.yaml + "\n".join(result.warnings)


@pytest.mark.parametrize("name", _CLOSED_PAGES)
def test_a_page_without_optional_end_tags_imports_as_with_them(name: str) -> None:
    data = next(FIXTURES.glob(f"*/{name}")).read_bytes()
    unclosed = _OPTIONAL_END_TAGS.sub(b"", data)
    assert unclosed.count(b"</p>") == 0 < data.count(b"</p>")
    assert _draft(unclosed, name) == _draft(data, name)


def test_unclosed_elements_end_where_the_next_one_starts() -> None:
    soup = parse_html(
        "<div><p>one <b>bold<p>two<ul><li>a<li>b<p>in b</ul><p>three</div>"
        "<table><tr><td>1<td>2<tr><td>3</table><dl><dt>q<dd>a<dt>r<dd>b</dl>"
    )
    assert [p.get_text() for p in soup.find_all("p")] == ["one bold", "two", "in b", "three"]
    assert all(p.find_parent("p") is None for p in soup.find_all("p"))
    assert [li.get_text() for li in soup.find_all("li")] == ["a", "bin b"]
    assert [[td.get_text() for td in tr.find_all("td")] for tr in soup.find_all("tr")] == [
        ["1", "2"],
        ["3"],
    ]
    assert [tag.get_text() for tag in soup.dl.find_all(["dt", "dd"])] == ["q", "a", "r", "b"]


def test_a_paragraph_in_a_table_cell_or_button_is_not_ended_from_outside() -> None:
    soup = parse_html("<p>before<table><tr><td><p>cell<div>block</div></td></tr></table>")
    cell = soup.find("td")
    assert cell is not None and cell.find("div") is not None
    assert soup.find("div").find_parent("td") is cell


def test_well_formed_html_parses_exactly_as_html_parser_does() -> None:
    for path in sorted(FIXTURES.glob("*/*.html"))[:40]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if "</p>" in text and "<p>" in text and not re.search(r"<p>(?:(?!</p>).)*<p>", text, re.S):
            assert str(parse_html(text)) == str(BeautifulSoup(text, "html.parser")), path.name


def _nested(depth: int) -> bytes:
    article = (
        "<h1>Orphan (2009) ending explained</h1><p>Directed by Jaume Collet-Serra. Esther is"
        " really Leena Klammer, a grown woman, and Kate fights her on the frozen pond.</p>"
        "<h2>The ending</h2><p>Kate kicks her neck and Leena sinks under the ice, which ends"
        " the story of a mother nobody believed until it was almost too late for her family.</p>"
    )
    return ("<html><body>" + "<div>" * depth + article + "</div>" * depth).encode()


def test_a_page_nested_deeper_than_the_limit_is_refused_with_a_way_out() -> None:
    with pytest.raises(ContentError) as caught:
        import_article(_nested(2000), name="deep.html", allow_missing_year=True)
    message = str(caught.value)
    assert "deep.html" in message
    assert f"more than {MAX_HTML_DEPTH} deep" in message
    assert "line 1" in message
    assert ".txt" in message


def test_a_page_nested_up_to_the_limit_is_imported() -> None:
    result = import_article(_nested(MAX_HTML_DEPTH - 3), name="deep.html")
    assert result.doc is not None
    assert result.doc.title == "Orphan"
    assert "Leena sinks under the ice" in result.yaml


def test_is_decomposed_agrees_with_beautiful_soup() -> None:
    soup = BeautifulSoup("<div><p>a<b>b</b></p><span>c</span></div>", "html.parser")
    paragraph, bold, span = soup.p, soup.b, soup.span
    assert [is_decomposed(tag) for tag in (paragraph, bold, span)] == [False, False, False]
    paragraph.decompose()
    assert [is_decomposed(tag) for tag in (paragraph, bold, span)] == [True, True, False]
    assert [tag.decomposed for tag in (paragraph, bold, span)] == [True, True, False]
