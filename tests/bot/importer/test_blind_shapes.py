"""Article shapes from the twelfth blind set (IMDb-style FAQ, schema.org microdata FAQ, Word
export, director interview, Discord post, term paper, …): each test is the class of failure an
article exposed on first contact, reduced to the rule it broke."""

from __future__ import annotations

from bot.importer import import_article
from bot.levels import SectionKind, SpoilerLevel


def _faq(doc: object) -> list[str]:
    faq = doc.section(SectionKind.FAQ)  # type: ignore[attr-defined]
    return [item.heading for item in faq.items] if faq else []


# --- questions set as plain blocks ------------------------------------------------------------


def test_question_blocks_each_followed_by_an_answer_are_faq_items() -> None:
    # IMDb's accordions and schema.org FAQPage microdata put each question in a <span>/<div>.
    page = (
        "<html><head><title>Heat (1995) FAQ</title></head><body>"
        "<h1>Heat (1995) FAQ</h1><p>Michael Mann's crime epic about a thief and a detective.</p>"
        "<h2>Frequently asked questions</h2>"
        '<div><div itemprop="name">Is Heat based on a true story?</div>'
        '<div itemprop="text">Partly: Mann drew on the career of Neil McCauley.</div></div>'
        '<div><span class="q">How does the movie end?</span>'
        "<div>Hanna shoots McCauley on the airport runway and holds his hand as he dies.</div>"
        "</div></body></html>"
    ).encode()
    doc = import_article(page, name="heat.html").doc
    assert doc is not None
    assert _faq(doc) == ["Is Heat based on a true story?", "How does the movie end?"]
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None and faq.items[1].level is not SpoilerLevel.NONE


def test_one_rhetorical_question_in_prose_stays_prose() -> None:
    page = (
        "<html><body><h1>Heat (1995) ending explained</h1>"
        "<h2>The ending</h2><p>So who wins?</p>"
        "<p>Hanna shoots McCauley on the runway and holds his hand as he dies, alone.</p>"
        "</body></html>"
    ).encode()
    doc = import_article(page, name="heat.html").doc
    assert doc is not None
    assert _faq(doc) == []
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "So who wins?" in (ending.body or "")
