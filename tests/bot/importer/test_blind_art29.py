"""The art29 blind set (``fixtures/blind_art29``): pages of kinds no earlier set had, written
before the importer saw them: a Persian magazine dating the film in Persian digits, a Finnish
Blogger post, a PTT (批踢踢) post whose text is laid out by its stylesheet, a Telegraph page, a
Turkish blog marking its spoilers with "--- spoiler ---", a Tamil news page and a Korean brunch
essay. Every page's safety is asserted, then each class of defect the set found, on a small
page."""

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

SET = FIXTURES.parent / "blind_art29"
BLIND = fixtures(SET)


def test_the_set_has_seven_scored_pages() -> None:
    assert len(BLIND) == 7


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


_RECAP = (
    "Anna moves to the coast after her divorce and takes a job at the lighthouse keeper's cottage"
    " for a year, cataloguing the logbooks and painting the rooms the owners want to rent out."
)
_TWIST = "Tobias drowned years before she ever arrived, and the bread was always hers."


# --- a year in another script's digits dates the film ------------------------------------------


@pytest.mark.parametrize(
    ("headline", "lead", "title"),
    [
        (
            "توضیح پایان فیلم نگهبان",
            "فیلم «نگهبان» (۲۰۱۹) ساخته مارتا ریوا داستان یک فانوس دریایی است.",
            "نگهبان",
        ),
        ("شرح نهاية فيلم الحارس", "فيلم «الحارس» (٢٠١٩) للمخرجة مارتا ريفا قصة أشباح.", "الحارس"),
        (
            "映画『灯台守』ネタバレ解説",
            "『灯台守』（２０１９）はマルタ・リーヴァ監督の幽霊の物語だ。",
            "灯台守",
        ),
    ],
)
def test_a_year_in_other_digits_dates_the_film(headline: str, lead: str, title: str) -> None:
    page = (
        f"<html><body><h1>{headline}</h1><p>{lead}</p><h2>The plot</h2><p>{_RECAP}</p>"
        f"<h2>The ending</h2><p>{_TWIST}</p></body></html>"
    )
    doc = import_page(page)
    assert (doc.title, doc.year) == (title, 2019)


def test_the_body_keeps_the_writers_own_digits() -> None:
    page = (
        "<html><body><h1>«نگهبان» (۲۰۱۹): توضیح پایان</h1><p>«نگهبان» (۲۰۱۹) داستان آناست.</p>"
        f"<h2>The plot</h2><p>{_RECAP} She stays ۳ years.</p><h2>The ending</h2><p>{_TWIST}</p>"
        "</body></html>"
    )
    doc = import_page(page)
    assert doc.year == 2019
    assert "۳ years" in all_text(doc)


# --- section names in Finnish, Persian and Tamil -------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        [
            "Juoni lyhyesti",
            "Lopun selitys",
            "Viimeinen kohtaus",
            "Teemat",
            "Usein kysytyt kysymykset",
        ],
        ["Mistä elokuva kertoo", "Loppu selitettynä", "Loppukohtaus", "Elokuvan teemat", "UKK"],
        [
            "خلاصه داستان فیلم",
            "توضیح پایان فیلم",
            "سکانس پایانی",
            "مضامین فیلم",
            "پرسش\u200cهای متداول",
        ],
        ["داستان فیلم", "پایان\u200cبندی", "صحنه آخر", "درون\u200cمایه", "سوالات متداول"],
        [
            "கதைச் சுருக்கம்",
            "கிளைமாக்ஸ் விளக்கம்",
            "கடைசிக் காட்சி",
            "படத்தின் கருப்பொருள்கள்",
            "அடிக்கடி கேட்கப்படும் கேள்விகள்",
        ],
        ["கதை சுருக்கம்", "க்ளைமாக்ஸ்", "இறுதி காட்சி", "கருப்பொருள்", "கேள்வி-பதில்"],
    ],
)
def test_section_names_in_these_languages_are_named(names: list[str]) -> None:
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


@pytest.mark.parametrize("heading", ["Loppu", "پایان فیلم", "முடிவு", "கிளைமாக்ஸ்"])
def test_an_ending_named_in_these_languages_is_never_the_recap(heading: str) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>{heading}</h2><p>{_TWIST}</p></body></html>"
    )
    doc = import_page(page)
    assert "drowned years before" not in below_the_ending(doc)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "drowned years before" in (ending.body or "")


# --- a BBS post: text laid out by the stylesheet, hard-wrapped CJK lines, 【bracketed】 parts -----

# (a BBS wraps its lines at about 80 columns: some thirty Chinese characters, two columns each)
_BBS_RECAP = (
    "安娜離婚後搬到海邊，在燈塔看守人那間漏風的小屋裡找了一份工作，\n"
    "整理航海日誌，替屋主粉刷準備出租的房間，一住就是整整一年。\n"
)
_BBS_TWIST = (
    "每天早上門口都有一條溫熱的麵包，她以為是鄰居托比亞斯放的，\n"
    "但托比亞斯在她來之前就已經淹死了，那些麵包一直都是她自己烤的。\n"
)


def _bbs_page(body: str, *, wrapper: str = '<div id="main-content" class="bbs-screen">') -> str:
    return (
        "<html><head><title>[雷] 燈塔看守人 結局 - 看板 movie</title></head><body>"
        f'{wrapper}<div class="article-metaline"><span class="article-meta-tag">作者</span>'
        '<span class="article-meta-value">keeper (燈塔)</span></div>'
        f"{body}</{wrapper[1:4].strip()}></body></html>"
    )


_BBS_BODY = (
    "《燈塔看守人》(2019) 結局整理，有雷慎入\n\n防雷\n防雷\n\n\n"
    f"【劇情】\n\n{_BBS_RECAP}\n\n【結局】\n\n{_BBS_TWIST}\n\n"
    "【最後一幕】\n\n最後一幕是安娜划船出海，燈熄了。\n\n"
    "--\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 36.231.117.42 (臺灣)\n"
    "※ 文章網址: https://www.ptt.cc/bbs/movie/M.1.A.html\n"
)


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div id="main-content" class="bbs-screen">',
        '<div style="white-space: pre-wrap">',
        "<pre>",
    ],
)
def test_text_the_page_lays_out_line_by_line_is_read_as_text(wrapper: str) -> None:
    doc = import_page(_bbs_page(_BBS_BODY, wrapper=wrapper))
    assert (doc.title, doc.year) == ("燈塔看守人", 2019)
    recap = doc.section(SectionKind.RECAP)
    ending = doc.section(SectionKind.ENDING)
    assert recap is not None and "整理航海日誌，替屋主" in (recap.body or "")
    assert ending is not None and "她以為是鄰居托比亞斯放的，但托比亞斯" in (ending.body or "")
    assert doc.section(SectionKind.FINAL_SHOT) is not None
    text = all_text(doc)
    assert "發信站" not in text and "文章網址" not in text and "36.231" not in text
    assert "淹死" not in below_the_ending(doc)


def test_a_pages_source_lines_and_blank_lines_alone_are_no_layout() -> None:
    # Hand-written HTML wraps its source lines and leaves blank lines between its tags: a
    # browser joins them, and so does the importer (one paragraph, no heading made of a line).
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1>\n\n<div>\nThe Keeper is a ghost story\n"
        "about a woman alone on the coast.\n</div>\n\n<h2>The plot</h2>\n\n<div>\n"
        f"{_RECAP}\n</div>\n\n<h2>The ending</h2>\n\n<div>\n{_TWIST}\n</div>\n</body></html>"
    )
    doc = import_page(page)
    assert any(
        "The Keeper is a ghost story about a woman alone on the coast." in text
        for _, text in doc.texts()
    )


def test_hard_wrapped_cjk_text_is_one_paragraph() -> None:
    text = (
        "燈塔看守人 (2019) 結局解析\n\n【劇情】\n\n"
        f"{_BBS_RECAP}\n【結局】\n\n{_BBS_TWIST}\n【最後一幕】\n\n最後一幕是安娜划船出海，燈熄了。\n"
    )
    doc = import_page(text, name="post.txt")
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None
    assert "一份工作，整理航海日誌" in (recap.body or "")
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "放的，但托比亞斯" in (ending.body or "")


def test_a_ptt_pages_push_comments_are_not_the_article() -> None:
    pushes = (
        '<div class="push"><span class="hl push-tag">推 </span><span class="f3 hl push-userid">'
        'tsaihua</span><span class="f3 push-content">: 托比亞斯那段看到發抖</span>'
        '<span class="push-ipdatetime"> 11/24 01:20\n</span></div>'
    )
    doc = import_page(_bbs_page(_BBS_BODY + pushes))
    text = all_text(doc)
    assert "tsaihua" not in text and "看到發抖" not in text


@pytest.mark.parametrize(
    "line",
    [
        "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 36.231.117.42 (臺灣)",
        "※ 文章網址: https://www.ptt.cc/bbs/movie/M.1574529165.A.8F2.html",
        "※ 編輯: moonriver (36.231.117.42 臺灣), 11/24/2019 02:05:11",
    ],
)
def test_a_bbs_posts_system_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


# --- sources named in Finnish, Persian and Tamil -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "author", "outlet"),
    [
        (
            "Riva kertoi Ylen haastattelussa, että leipä on koko elokuvan avain.",
            "Riva",
            "Yle",
        ),
        (
            "Ylen haastattelussa Riva kertoi, että leipä on koko elokuvan avain.",
            "Riva",
            "Yle",
        ),
        (
            "مارتا ریوا در گفت\u200cوگو با ورایتی گفته بود که نان کلید فیلم است.",
            "ریوا",
            "ورایتی",
        ),
        (
            "مارتا ریوا در مصاحبه با مجله Variety گفته است که نان کلید فیلم است.",
            "ریوا",
            "Variety",
        ),
        (
            'சினிமா விகடனுக்கு அளித்த பேட்டியில் மார்த்தா ரிவா, "ரொட்டிதான் கதையின் சாவி" என்று கூறினார்.',
            "ரிவா",
            "சினிமா விகடன்",
        ),
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


@pytest.mark.parametrize(
    "sentence",
    [
        "Anna kertoi poliisin haastattelussa olleensa yksin koko talven.",
        "آنا در گفت\u200cوگو با توبیاس می\u200cگوید که دیگر برنمی\u200cگردد.",
        "آنا در گفت\u200cوگو با توبیاس گفت که دیگر برنمی\u200cگردد.",
    ],
)
def test_story_sentences_like_these_interviews_name_no_source(sentence: str) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>Anna and Tobias meet. {_RECAP}</p><h2>The ending</h2>"
        f"<p>{_TWIST} Tobias was never there.</p><p>{sentence}</p></body></html>"
    )
    assert import_page(page).sources == []


# --- furniture in these languages ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Kuva: Sami Kuokkanen / Aamu Film Company",
        "Fotoğraf: Zeyno Film",
        "사진 출처: 파인하우스필름",
        "Join our WhatsApp channel for the latest movie news.",
        "சமீபத்திய சினிமா செய்திகளுக்கு திரைமுரசு வாட்ஸ்அப் சேனலில் இணையுங்கள்.",
        "برای خبرهای تازه کانال تلگرام ما را دنبال کنید",
        "브런치북 다시 보는 한국 영화 06화",
    ],
)
def test_credits_channels_and_series_boxes_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Kuva on tärkeä: Laura katsoo peiliin ja näkee itsensä vihdoin ensimmäistä kertaa.",
        "Anna texts Tobias on WhatsApp every night, and he never answers.",
        "In the last scene Anna plays the channel's old tape again.",
    ],
)
def test_story_lines_like_those_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_a_read_also_box_with_a_long_headline_is_furniture() -> None:
    other = (
        "توضیح پایان فیلم جدایی نادر از سیمین؛ ترمه در نهایت پیش پدرش می\u200cماند یا پیش"
        " مادرش و چرا؟"
    )
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><div><strong>بیشتر بخوانید:</strong>"
        f' <a href="/ending/a-separation">{other}</a></div><h2>The ending</h2><p>{_TWIST}</p>'
        "</body></html>"
    )
    assert "ترمه" not in all_text(import_page(page))


# --- a title in its own case inside a headline in capitals; a title styled in small letters -----


def _headlined(headline: str) -> str:
    return (
        f"<html><body><h1>{headline}</h1><p>{_RECAP}</p><h2>The plot</h2><p>{_RECAP}</p>"
        f"<h2>The ending</h2><p>{_TWIST}</p></body></html>"
    )


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("WHY THE ENDING OF The Keeper (2019) STILL MATTERS", "The Keeper"),
        ("HOW ANNA DROWNS IN The Keeper (2019)", "The Keeper"),
        ("WHY THE ENDING OF The LEGO Movie (2014) STILL MATTERS", "The LEGO Movie"),
        ("THE ENDING OF The Keeper (2019), EXPLAINED", "The Keeper"),
    ],
)
def test_a_title_in_its_own_case_inside_a_headline_in_capitals_is_only_the_title(
    headline: str, title: str
) -> None:
    doc = import_page(_headlined(headline))
    assert doc.title == title
    assert "drowns" not in doc.title.lower()


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        # Capitals before a colon, however few: the shouted teaser, not a franchise's name.
        ("ANNA DROWNS: The Keeper (2019) ENDING EXPLAINED", "The Keeper"),
        ("TOBIAS DROWNED: Keeper (2019) ending explained", "Keeper"),
        # Two shouted words right before a title in its own case.
        ("TOBIAS DROWNED The Keeper (2019)", "The Keeper"),
        # Shouted words between the title in its own case and its year.
        ("The Keeper TOBIAS DROWNED YEARS AGO (2019)", "The Keeper"),
        ("Keeper: TOBIAS WAS DEAD ALL ALONG (2019)", "Keeper"),
        # A title's own capitals stay: a numeral, an initialism, a one-word franchise.
        ("The Keeper II (2021) ending explained", "The Keeper II"),
        ("The BFG (2016) ending explained", "The BFG"),
        ("TRON: Legacy (2010) ending explained", "TRON: Legacy"),
    ],
)
def test_shouted_words_around_a_title_in_its_own_case_stay_out_of_it(
    headline: str, title: str
) -> None:
    """The public title is read before anyone asks for the ending: shouted words beside a
    title written in its own case are the headline's (its teaser, often the twist), whether
    before a colon, two of them, or after the title before its year."""
    doc = import_page(_headlined(headline))
    assert doc.title == title
    assert "drown" not in doc.title.lower() and "dead" not in doc.title.lower()


@pytest.mark.parametrize(
    "headline",
    [
        "Tobias Is The Ghost In The Keeper (2019)",
        "Tobias Drowned Years Before In The Keeper (2019)",
        "Why Tobias Drowned Of All People In The Keeper (2019)",
    ],
)
def test_a_teaser_joined_to_the_title_in_title_case_stays_out_of_it(headline: str) -> None:
    """ "Teddy Chooses the Lobotomy in Shutter Island" lost its teaser, "... In Shutter Island"
    in a headline in title case kept it in the public title."""
    page = _headlined(headline).replace(
        f"<p>{_RECAP}</p><h2>", f"<p>{_RECAP} The Keeper is a ghost story.</p><h2>", 1
    )
    doc = import_page(page)
    assert doc.title == "The Keeper"


@pytest.mark.parametrize(
    ("headline", "title", "year"),
    [
        ("eXistenZ (1999) Ending Explained", "eXistenZ", 1999),
        ("Why the ending of eXistenZ (1999) still matters", "eXistenZ", 1999),
        ("The Ending of mother! (2017), Explained", "mother!", 2017),
        ("WHY THE ENDING OF mother! (2017) STILL MATTERS", "mother!", 2017),
    ],
)
def test_a_title_styled_in_small_letters_is_the_title(headline: str, title: str, year: int) -> None:
    doc = import_page(_headlined(headline))
    assert (doc.title, doc.year) == (title, year)


# --- a spoiler box whose text is laid out by its lines stays hidden, paragraph by paragraph ------

_BOX_TEXT = (
    "Anna rows out past the point.\n\nShe finds the bread on the step.\n\n"
    "Tobias drowned years before she arrived.\n\nThe lamp goes dark.\n\nShe smiles.\n\n"
    "Then she walks home.\n"
)


@pytest.mark.parametrize(
    "box",
    [
        '<div class="spoiler">{}</div>',
        '<div class="spoiler" style="white-space: pre-wrap">{}</div>',
        '<span class="spoiler">{}</span>',
        '<pre class="spoiler">{}</pre>',
        '<div>Spoiler: <span class="spoiler">{}</span> (tap to hide)</div>',
        # A box holding an element laid out by its lines: bars put around the box sat in
        # paragraphs of their own, and the text between them stood at the plot level.
        '<div class="spoiler"><pre>{}</pre></div>',
        '<div class="spoiler"><p>Anna rows out.</p><pre>{}</pre></div>',
        '<div class="spoiler"><div style="white-space: pre-line">{}</div></div>',
        '<section class="spoiler"><div>{}</div></section>',
        "<details><summary>Spoiler</summary><div>{}</div></details>",
    ],
)
def test_a_spoiler_box_laid_out_by_its_lines_stays_hidden(box: str) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p>{box.format(_BOX_TEXT)}<h2>Themes</h2><p>Grief.</p>"
        "</body></html>"
    )
    doc = import_page(page)
    assert "drowned years before" not in below_the_ending(doc)
    assert "drowned years before" in all_text(doc)


def test_a_pre_classed_spoiler_is_a_spoiler_box() -> None:
    box = (
        "Anna rows out.\n\nShe finds the bread.\n\nTobias drowned years before she arrived.\n\n"
        "The lamp goes dark.\n\nShe smiles.\n\nThe end.\n"
    )
    page = (
        "<html><body><h1>The Keeper (2019) explained</h1><p>Anna moves to the coast after her"
        " divorce and takes a job at the lighthouse.</p><h2>The plot</h2><p>Anna moves to the"
        f' coast after her divorce and takes a job.</p><pre class="spoiler">{box}</pre>'
        "<h2>Themes</h2><p>Grief.</p></body></html>"
    )
    assert "drowned years before" not in below_the_ending(import_page(page))


# --- 【bracketed】 section lines in a page or in Markdown -----------------------------------------

_JA_LEDE = "これはマルタ・リーヴァ監督の2019年の幽霊映画で、同名小説が原作だ。"
_JA_RECAP = "アンナは離婚後に海辺へ移り、灯台守の小屋で一年間働くことになる。"
_JA_TWIST = "トビアスは彼女が来る前にすでに溺れ死んでいて、パンはずっと彼女自身が焼いていた。"


@pytest.mark.parametrize(
    ("page", "name"),
    [
        (
            f"<html><body><h1>「灯台守」(2019) ネタバレ解説</h1><p>{_JA_LEDE}</p>"
            f"<p>【あらすじ】</p><p>{_JA_RECAP}</p><p>【結末】<br>{_JA_TWIST}</p></body></html>",
            "page.html",
        ),
        (
            f"# 灯台守 (2019) ネタバレ解説\n\n{_JA_LEDE}\n\n【あらすじ】\n\n{_JA_RECAP}\n\n"
            f"【結末】\n\n{_JA_TWIST}\n",
            "post.md",
        ),
    ],
)
def test_a_bracketed_section_line_opens_its_section(page: str, name: str) -> None:
    doc = import_page(page, name=name)
    recap = doc.section(SectionKind.RECAP)
    ending = doc.section(SectionKind.ENDING)
    assert recap is not None and _JA_RECAP in (recap.body or "")
    assert ending is not None and _JA_TWIST in (ending.body or "")


@pytest.mark.parametrize("line", ["【ネタバレ注意】", "【スポンサーリンク】", "【PR】"])
def test_a_bracketed_line_naming_no_section_files_nothing_under_the_recap(line: str) -> None:
    page = (
        f"<html><body><h1>「灯台守」(2019) 解説</h1><p>{_JA_LEDE}</p><p>【あらすじ】</p>"
        f"<p>{_JA_RECAP}</p><p>{line}</p><p>{_JA_TWIST}</p></body></html>"
    )
    assert "溺れ死" not in below_the_ending(import_page(page))
