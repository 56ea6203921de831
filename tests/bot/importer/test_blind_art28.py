"""The art28 blind set (``fixtures/blind_art28``): pages of kinds no earlier set had, written
before the importer saw them: an Arabic news page, a Thai Pantip topic, a Zhihu answer, a
note.com post with a paid part, a Hungarian WordPress post, a Romanian news page with "Citeşte
şi" boxes and a Bluesky thread. Every page's safety is asserted, then each class of defect the
set found, on a small page."""

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

SET = FIXTURES.parent / "blind_art28"
BLIND = fixtures(SET)


def test_the_set_has_seven_scored_pages() -> None:
    assert len(BLIND) == 7


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {}


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


# --- a film named in a script without capitals: its marks, or the headline, say where ---------


@pytest.mark.parametrize(
    ("headline", "lead", "title", "year"),
    [
        (
            "شرح نهاية فيلم الحارس لمارتا ريفا: لماذا تبتسم آنا؟",
            "فيلم «الحارس» (2019) للمخرجة مارتا ريفا قصة أشباح.",
            "الحارس",
            2019,
        ),
        (
            "[SPOIL] อธิบายตอนจบ ผู้เฝ้าประภาคาร ทำไมแอนนาถึงยิ้ม",
            "สวัสดีครับ เพิ่งได้ดู ผู้เฝ้าประภาคาร (2019) ของ มาร์ตา ริวา",
            "ผู้เฝ้าประภาคาร",
            2019,
        ),
        (
            "如何理解电影《灯塔看守人》的结局？",
            "这是玛尔塔·里瓦2019年的电影，改编自同名小说。",
            "灯塔看守人",
            2019,
        ),
    ],
)
def test_a_title_without_capitals_is_the_film_not_the_headlines_teaser(
    headline: str, lead: str, title: str, year: int
) -> None:
    page = (
        f"<html><body><h1>{headline}</h1><p>{lead}</p><h2>The plot</h2><p>{_RECAP}</p>"
        f"<h2>The ending</h2><p>{_TWIST}</p></body></html>"
    )
    doc = import_page(page)
    assert (doc.title, doc.year) == (title, year)


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        (
            "„4 luni, 3 săptămâni și 2 zile” (2007): finalul explicat",
            "4 luni, 3 săptămâni și 2 zile",
        ),
        (
            "“2 ou 3 choses que je sais d'elle” (1967): la fin expliquée",
            "2 ou 3 choses que je sais d'elle",
        ),
        ("„9 dni” (2019): zakończenie wyjaśnione", "9 dni"),
    ],
)
def test_a_title_opening_with_a_digit_keeps_its_small_letters(headline: str, title: str) -> None:
    page = (
        f"<html><body><h1>{headline}</h1><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        "</body></html>"
    )
    assert import_page(page).title == title


# --- section names in Hungarian, Romanian, Arabic, Thai, and a Zhihu answer's questions ---------


@pytest.mark.parametrize(
    "names",
    [
        [
            "Miről szól a film?",
            "A befejezés magyarázata",
            "Az utolsó jelenet",
            "Témák",
            "Gyakori kérdések",
        ],
        ["Despre ce e filmul", "Finalul explicat", "Ultima scenă", "Teme", "Întrebări frecvente"],
        [
            "Despre ce e filmul",
            "Explicaţia finalului",
            "Scena finală",
            "Temele filmului",
            "Întrebări şi răspunsuri",
        ],
        ["قصة الفيلم", "شرح النهاية", "المشهد الأخير", "مواضيع الفيلم", "أسئلة شائعة"],
        ["เรื่องย่อ", "อธิบายตอนจบ", "ฉากสุดท้าย", "ประเด็นของหนัง", "คำถามที่พบบ่อย"],
        ["一、故事讲了什么", "二、结局到底发生了什么", "三、最后一个镜头", "四、主题", "常见问题"],
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


@pytest.mark.parametrize(
    "heading",
    ["A történet vége", "Sfârşitul filmului", "نهاية الفيلم", "ตอนจบ", "结局到底发生了什么"],
)
def test_an_ending_named_in_these_languages_is_never_the_recap(heading: str) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>{heading}</h2><p>{_TWIST}</p></body></html>"
    )
    doc = import_page(page)
    assert "drowned years before" not in below_the_ending(doc)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "drowned years before" in (ending.body or "")


# --- a Bluesky page: the page title names only the account, the post is its description -------


@pytest.mark.parametrize(
    ("page_title", "og_title"),
    [
        ("@nightowl.bsky.social on Bluesky", "Dana Reyes (@nightowl.bsky.social)"),
        ("Dana Reyes (@nightowl.bsky.social)", "Dana Reyes (@nightowl.bsky.social)"),
    ],
)
def test_a_social_pages_account_title_is_no_film(page_title: str, og_title: str) -> None:
    post = "THE KEEPER (2019) ending explained, a thread 🧵 (spoilers)"
    page = (
        f'<html><head><title>{page_title}</title><meta property="og:title" content="{og_title}">'
        f'<meta property="og:description" content="{post}"></head><body>'
        f'<div class="post"><span>Dana Reyes</span> <span>@nightowl.bsky.social</span></div>'
        f"<div>{post}</div><div>2/ {_RECAP}</div><div>3/ The ending: {_TWIST}</div>"
        "</body></html>"
    )
    doc = import_page(page)
    assert (doc.title.lower(), doc.year) == ("the keeper", 2019)


# --- an interview named in Hungarian, Romanian, Japanese, Thai or Arabic ------------------------


@pytest.mark.parametrize(
    ("sentence", "author", "outlet"),
    [
        (
            "Riva Márta az Indexnek adott interjújában elmondta, hogy a kenyér a kulcs.",
            "Márta",
            "Index",
        ),
        (
            "Riva Márta a Magyar Narancsnak nyilatkozta, hogy a kenyér a kulcs.",
            "Márta",
            "Magyar Narancs",
        ),
        (
            "Marta Riva a declarat într-un interviu pentru Dilema veche că pâinea e cheia.",
            "Riva",
            "Dilema veche",
        ),
        ("Marta Riva a spus pentru HotNews că pâinea e cheia.", "Riva", "HotNews"),
        ("Într-un interviu pentru Scena9, Marta Riva a spus că pâinea e cheia.", "Riva", "Scena9"),
        (
            "リーヴァ監督は「キネマ旬報」のインタビューで、パンが鍵だと語っている。",
            "リーヴァ",
            "キネマ旬報",
        ),
        ("ผู้กำกับริวาเคยให้สัมภาษณ์กับ The Standard ว่าขนมปังคือกุญแจของเรื่อง", "ริวา", "The Standard"),
        (
            "قالت مارتا ريفا في حوار مع صحيفة «الشرق الأوسط» إن الخبز هو المفتاح.",
            "ريفا",
            "الشرق الأوسط",
        ),
        ("قال المخرج مارتا ريفا في مقابلة مع Variety إن الخبز هو المفتاح.", "ريفا", "Variety"),
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
        "Anna a spus pentru totdeauna adio farului.",
        "Anna az Erzsébetnek adott kenyeret.",
        "قالت آنا في حوار مع البحر إنها لن تعود.",
    ],
)
def test_story_sentences_like_these_interviews_name_no_source(sentence: str) -> None:
    page = (
        "<html><body><h1>The Keeper (2019), explained</h1><p>The Keeper is a ghost story.</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p><p>{sentence}</p>"
        "</body></html>"
    )
    assert import_page(page).sources == []


# --- a thread's replies, whatever the first post's signature holds ------------------------------


def test_replies_to_a_thread_go_though_the_first_posts_signature_differs() -> None:
    def post(name: str, handle: str, extra: str, text: str) -> str:
        return (
            f'<div class="post"><div class="post-author"><span>{name}</span> <span>@{handle}'
            f'</span> {extra}</div><div class="post-text">{text}</div></div>'
        )

    page = (
        "<html><body><h1>The Keeper (2019) ending explained, a thread</h1>"
        + post("Dana Reyes", "nightowl.bsky.social", "<button>+ Follow</button>", _RECAP)
        + post("Dana Reyes", "nightowl.bsky.social", "· Mar 3", f"The ending: {_TWIST}")
        + post("Dana Reyes", "nightowl.bsky.social", "· Mar 3", "Guilt is the whole film.")
        + post("Jonah", "filmbuff77.bsky.social", "· Mar 4", "so Tobias was a ghost, chills")
        + "</body></html>"
    )
    text = all_text(import_page(page))
    assert "drowned years before" in text
    assert "chills" not in text and "Jonah" not in text


@pytest.mark.parametrize(
    "line",
    [
        "412 reposts 38 quotes 1.9K likes",
        "1.2K Retweets 300 Likes",
        "24 412 1.9K Share",
        "Everybody can reply",
        "关注者 8,213 被浏览 5,402,118",
        "2.3 万人赞同了该回答",
        "谢邀。刚好前两天重看了一遍，写个长答案。",
        "著作权归作者所有。商业转载请联系作者获得授权，非商业转载请注明出处。",
        "编辑于 2021-03-04 18:22・IP 属地北京",
        "赞同 2.3 万 1,042 条评论 分享 收藏 喜欢 举报",
        "ถูกใจ 312 แชร์ แจ้งลบ",
        "ここから先は、撮影現場のこぼれ話をまとめた有料パートです。",
        "この続きをみるには",
    ],
)
def test_a_social_or_qa_pages_counters_and_notices_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Nobody can reply to Anna now that the lamp is out.",
        "3 likes and 2 dislikes shape her days.",
        "张麻子赞同黄四郎的计划。",
        "ここから先は森口の独白です。",
    ],
)
def test_story_lines_like_those_counters_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


# --- a thread's posts that open with a part's name and a colon open that part --------------------


@pytest.mark.parametrize("number", ["", "2/ ", "(2/7) ", "2. "])
def test_posts_labelled_with_a_parts_name_open_that_part(number: str) -> None:
    page = (
        "<html><body><p>THE KEEPER (2019) ending explained, a thread 🧵</p>"
        f"<div>{number}What happens: {_RECAP}</div><div>{number}The ending: {_TWIST}</div>"
        f"<div>{number}The final shot: Anna rows out past the point and the lamp goes dark.</div>"
        f"<div>{number}Themes: guilt, and the sea that takes what she will not give up.</div>"
        "</body></html>"
    )
    doc = import_page(page)
    assert [s.kind for s in doc.sections if s.kind is not SectionKind.NOTES] == [
        SectionKind.RECAP,
        SectionKind.ENDING,
        SectionKind.FINAL_SHOT,
        SectionKind.THEMES,
    ]
    below = below_the_ending(doc)
    assert "drowned years before" not in below and "lamp goes dark" not in below


def test_one_labelled_paragraph_opens_no_part() -> None:
    page = (
        "<html><body><p>THE KEEPER (2019) ending explained, a thread 🧵</p>"
        f"<div>The ending: {_TWIST}</div><div>{_RECAP}</div></body></html>"
    )
    doc = import_page(page)
    assert doc.section(SectionKind.RECAP) is None
    assert "drowned years before" not in below_the_ending(doc)
