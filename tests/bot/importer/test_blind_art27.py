"""The art27 blind set (``fixtures/blind_art27``): pages of kinds no earlier set had, written
before the importer saw them: a conversation shared from claude.ai, a Hebrew (right-to-left)
news page, a Ukrainian WordPress post with Easy Table of Contents, a Vietnamese film-news page,
and a Tumblr post whose explainer is a reblog trail of three blogs. Every page's safety is
asserted, then each class of defect the set found, on a small page."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures
from bot.importer.chrome import is_chrome_line
from bot.levels import SectionKind
from tests.bot.importer.helpers import (
    all_text,
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    below_the_ending,
    import_page,
    with_known_misses,
)

SET = FIXTURES.parent / "blind_art27"
BLIND = fixtures(SET)


def test_the_set_has_five_scored_pages() -> None:
    assert len(BLIND) == 5


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {
    "tumblr_reblog_chain_the_florida_project.html": "a reblog that only gushes ('this post lives"
    " in my head rent free') is kept, and 'sean baker told indiewire' typed in small letters"
    " names no source (a name is read by its capitals; small-letter names would make sources of"
    " every 'x told y')",
}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


FIRST_CONTACT_LOW: dict[str, str] = {}


@pytest.mark.parametrize("article", with_known_misses(BLIND, FIRST_CONTACT_LOW))
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


_RECAP = (
    "Anna moves to the coast after her divorce and takes a job at the lighthouse keeper's cottage"
    " for a year, cataloguing the logbooks and painting the rooms the owners want to rent out."
)
_TWIST = "Tobias drowned years before she ever arrived, and the bread was always hers."


# --- a title in guillemets or low-high quotes with an apostrophe inside it --------------------


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("«Плем’я» (2014): пояснення фіналу", "Плем’я"),
        ("«Rosemary’s Baby» (1968): the ending explained", "Rosemary’s Baby"),
        ("„L’Avventura“ (1960): das Ende erklärt", "L’Avventura"),
        ("« L’Avventura » (1960) : la fin expliquée", "L’Avventura"),
    ],
)
def test_a_quoted_title_keeps_the_apostrophe_inside_it(headline: str, title: str) -> None:
    page = (
        f"<html><body><h1>{headline}</h1><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        "</body></html>"
    )
    doc = import_page(page)
    assert (doc.title, doc.year) == (title, int(headline.split("(")[1][:4]))


# --- section names in Ukrainian, Hebrew and Vietnamese -----------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ["Про що фільм", "Пояснення фіналу", "Остання сцена", "Теми фільму", "Часті запитання"],
        ["על מה הסרט", "הסוף, מוסבר", "הסצנה האחרונה", "הנושאים של הסרט", "שאלות נפוצות"],
        [
            "Tóm tắt nội dung phim",
            "Giải thích cái kết",
            "Cảnh cuối phim",
            "Chủ đề của bộ phim",
            "Câu hỏi thường gặp",
        ],
    ],
)
def test_section_names_in_ukrainian_hebrew_and_vietnamese_are_named(names: list[str]) -> None:
    texts = [
        _RECAP,
        _TWIST,
        "Anna rows out past the point and the lamp goes dark.",
        "Guilt makes her choose the same thing every night.",
        "Readers ask most about the bread.",
    ]
    body = "".join(f"<h2>{name}</h2><p>{text}</p>" for name, text in zip(names, texts, strict=True))
    page = f"<html><body><h1>The Keeper (2019), explained</h1><p>{_RECAP}</p>{body}</body></html>"
    doc = import_page(page)
    assert [s.kind for s in doc.sections if s.kind is not SectionKind.NOTES] == [
        SectionKind.RECAP,
        SectionKind.ENDING,
        SectionKind.FINAL_SHOT,
        SectionKind.THEMES,
        SectionKind.FAQ,
    ]
    below = below_the_ending(doc)
    assert "drowned years before" not in below and "lamp goes dark" not in below


# --- a headline typed all in small letters ------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("the keeper ending, explained (long post)", "The Keeper"),
        ("the keeper of the lamp ending explained", "The Keeper of the Lamp"),
    ],
)
def test_a_headline_in_small_letters_still_names_the_film(headline: str, title: str) -> None:
    page = (
        f"<html><body><h1>{headline}</h1><p>ok so the ending of {title.lower()} (2019) is"
        f" wild.</p><p><b>what happens</b></p><p>{_RECAP}</p><p><b>the ending</b></p>"
        f"<p>{_TWIST}</p></body></html>"
    )
    doc = import_page(page)
    assert (doc.title, doc.year) == (title, 2019)
    assert "drowned years before" not in below_the_ending(doc)


def test_a_small_letter_line_without_a_cue_is_no_title() -> None:
    page = (
        "<html><body><p>the lighthouse at dusk</p><p>ok so The Keeper (2019) is wild.</p>"
        f"<h2>The ending</h2><p>{_TWIST}</p></body></html>"
    )
    assert import_page(page).title == "The Keeper"


# --- an interview named in Ukrainian or Russian, Vietnamese and Hebrew ----------------------


@pytest.mark.parametrize(
    ("sentence", "author", "outlet"),
    [
        (
            "Режисерка Марта Ріва в інтерв’ю Variety пояснювала, що хліб — ключ до історії.",
            "Ріва",
            "Variety",
        ),
        ("Марта Ріва у інтерв'ю виданню Cineuropa сказала, що хліб — ключ.", "Ріва", "Cineuropa"),
        ("Режиссёр Марта Рива в интервью Variety объяснила, что хлеб — ключ.", "Рива", "Variety"),
        (
            "Đạo diễn Marta Riva chia sẻ với VnExpress rằng bánh mì là chìa khóa của câu chuyện.",
            "Riva",
            "VnExpress",
        ),
        ('מרתה ריבה סיפרה בראיון ל"הארץ" שהלחם הוא המפתח לסיפור.', "ריבה", "הארץ"),
        ("הבמאית מרתה ריבה אמרה בראיון ל-Variety שהלחם הוא המפתח.", "ריבה", "Variety"),
    ],
)
def test_an_interview_named_in_these_languages_is_a_source(
    sentence: str, author: str, outlet: str
) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p><p>{sentence}</p>"
        "</body></html>"
    )
    doc = import_page(page)
    assert [(s.author.split()[-1], s.outlet) for s in doc.sources] == [(author, outlet)]


# --- a chat shared from Claude or Gemini: notices are chrome, follow-ups are the FAQ ------------


@pytest.mark.parametrize(
    "line",
    [
        "Shared by Dana",
        "This is a copy of a chat between Claude and Dana. Content may include unverified or"
        " unsafe content that do not represent the views of Anthropic. Shared snapshot may contain"
        " attachments and data not displayed here.",
        "Claude can make mistakes. Please double-check responses.",
        "Gemini may display inaccurate info, including about people, so double-check its"
        " responses.",
        "I hope this helps! Let me know if you'd like me to go deeper on any of the sins.",
    ],
)
def test_a_shared_chats_notices_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Shared by the two sisters, the house becomes a prison.",
        "I hope this helps explain why Anna stays, she tells the keeper.",
    ],
)
def test_story_lines_like_a_chats_notices_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


@pytest.mark.parametrize(
    "asker",
    [
        '<div data-testid="user-message"><p>{}</p></div>',
        '<user-query><div class="query-text"><p>{}</p></div></user-query>',
    ],
)
def test_the_askers_follow_up_in_claude_or_gemini_markup_is_a_faq_question(asker: str) -> None:
    page = (
        "<html><head><title>The Keeper ending explained - Claude</title></head><body>"
        "<h1>The Keeper ending explained</h1>"
        + asker.format("can you explain the ending of the keeper (2019)?")
        + f"<div><h2>What happens</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p></div>"
        + asker.format("Why does Anna keep baking the bread?")
        + "<div><p>Because baking is the one ritual she keeps from her old life.</p></div>"
        + "</body></html>"
    )
    doc = import_page(page)
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    assert [item.heading for item in faq.items] == ["Why does Anna keep baking the bread?"]
    assert "drowned years before" not in below_the_ending(doc)


# --- a line that brings in a list of themes or symbols heads it ------------------------------


@pytest.mark.parametrize(
    "lead_in",
    ["adding some themes bc this post deserves it:", "A few symbols worth noticing:"],
)
def test_a_line_bringing_in_a_list_of_themes_heads_it(lead_in: str) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        f"<p>{lead_in}</p><ul><li><b>Guilt:</b> each night she chooses the same thing.</li>"
        "<li><b>The sea:</b> it takes what the keeper will not give up.</li></ul></body></html>"
    )
    doc = import_page(page)
    kind = SectionKind.SYMBOLISM if "symbols" in lead_in else SectionKind.THEMES
    section = doc.section(kind)
    assert section is not None
    assert [item.heading for item in section.items] == ["Guilt", "The sea"]
    assert "drowned years before" not in below_the_ending(doc)


def test_a_line_bringing_in_a_list_of_other_things_heads_nothing() -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        "<p>She leaves three things behind:</p><ul><li><b>The logbook:</b> open at the last"
        " page.</li><li><b>The bread:</b> still warm on the table.</li></ul></body></html>"
    )
    doc = import_page(page)
    assert doc.section(SectionKind.THEMES) is None and doc.section(SectionKind.SYMBOLISM) is None


# --- furniture: Google News lines in any language, talkbacks, a reblog trail's headers ------


@pytest.mark.parametrize(
    "line",
    [
        "Theo dõi Điện Ảnh Việt trên Google News để không bỏ lỡ bài viết mới",
        "Folgen Sie uns auf Google News",
        "Siga o CineBlog no Google News",
        "cinemaghoul Follow",
    ],
)
def test_follow_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    ["Moonee and Jancey follow the tourists to the castle.", "Ghosts follow"],
)
def test_story_lines_with_follow_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


@pytest.mark.parametrize(
    "furniture",
    [
        '<section class="talkbacks"><h3>תגובות</h3><ol><li><strong>Dani</strong>'
        "<p>So Tobias was dead the whole time, wow</p></li></ol></section>",
        '<div class="reblog-list-item"><div class="reblog-header"><a class="reblog-tumblelog-name"'
        ' href="/nightowl">nightowl</a> <span>Follow</span></div><div class="reblog-content">'
        "<p>So Tobias was dead the whole time, wow</p></div></div>",
    ],
)
def test_talkbacks_and_reblog_headers_are_no_part_of_the_article(furniture: str) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>{furniture}"
        "</body></html>"
    )
    text = all_text(import_page(page))
    assert "nightowl" not in text and "Dani" not in text
