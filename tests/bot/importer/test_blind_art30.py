"""The art30 blind set (``fixtures/blind_art30``): pages of kinds no earlier set had, written
before the importer saw them: a WordPress post between AdThrive ad slots with a Kadence accordion
and wpDiscuz comments, a German news page with Taboola and a comment section, an Ameba blog entry
in Japanese, a Bootstrap page with "Spoiler-free" and "Full spoilers" tabs, a Nuxt 3 page whose
article is only in its devalue-flattened ``__NUXT_DATA__``, and a live Medium story whose
headings name no section in the usual words. Every page's safety is asserted, then each class
of defect the set found (and the shapes probed from it), on a small page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures
from bot.importer import import_article
from bot.importer.chrome import is_chrome_line
from bot.importer.devalue import is_flattened, unflattened
from bot.levels import SectionKind, SpoilerLevel
from tests.bot.importer.helpers import (
    all_text,
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    below_the_ending,
    import_page,
    kinds_of,
    with_known_misses,
)

SET = FIXTURES.parent / "blind_art30"
BLIND = fixtures(SET)


def test_the_set_has_six_scored_pages() -> None:
    assert len(BLIND) == 6


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {
    "ja_ameblo_kamera_wo_tomeruna.html": "Ameba's header bar (a <div class='amb-header'> of"
    " links and spans) and the blog's own name and tagline above the entry wait in notes",
}


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
_HEAD = "<html><body><h1>The Keeper (2019), explained</h1><p>A ghost story on the coast.</p>"
# A script-built page's state is read when it holds far more than the page shows (80 words).
_MORE = (
    "Every evening she bakes bread for Tobias, the keeper's son, who rows over from the point and"
    " talks with her about the storms of the winter before, the ships that were lost and the lamp"
    " he keeps burning even though the lighthouse was automated a decade ago."
)


# --- a state flattened by devalue (Nuxt 3's __NUXT_DATA__) ---------------------------------------


def _devalue(value: object) -> list[object]:
    """``value`` as devalue writes it: one array, every container's values indexes into it."""
    out: list[object] = []
    seen: dict[tuple[str, object], int] = {}

    def put(thing: object) -> int:
        if isinstance(thing, tuple):  # a framework's reducer: ("ShallowReactive", value)
            index = len(out)
            out.append(None)
            out[index] = [thing[0], put(thing[1])]
            return index
        if not isinstance(thing, dict | list):
            key = (type(thing).__name__, thing)
            if key in seen:
                return seen[key]
            seen[key] = len(out)
            out.append(thing)
            return seen[key]
        index = len(out)
        out.append(None)
        if isinstance(thing, dict):
            out[index] = {key: put(item) for key, item in thing.items()}
        else:
            out[index] = [put(item) for item in thing]
        return index

    put(value)
    return out


def _element(tag: str, *children: object, **props: object) -> dict[str, object]:
    return {"type": "element", "tag": tag, "props": props, "children": list(children)}


def _text(value: str) -> dict[str, object]:
    return {"type": "text", "value": value}


def _nuxt_page(payload: list[object]) -> str:
    data = json.dumps(payload).replace("</", "<\\/")
    return (
        "<html><head><title>The Keeper (2019), explained</title></head><body>"
        '<div id="__nuxt"><header><a href="/">Reel Coast</a></header><main>'
        '<div class="skeleton"><p>Loading the article…</p></div></main></div>'
        f'<script type="application/json" id="__NUXT_DATA__" data-ssr="true">{data}</script>'
        "</body></html>"
    )


def _hast_body() -> dict[str, object]:
    return {
        "type": "root",
        "children": [
            _element("p", _text("The Keeper (2019) is a ghost story by Marta Riva.")),
            _element("h2", _text("The plot"), id="plot"),
            _element("p", _text(_RECAP)),
            _element("p", _text(_MORE)),
            _element("h2", _text("The ending"), id="ending"),
            _element("p", _text(_TWIST)),
            _element("div", _element("p", _text("The lamp goes dark.")), className=["spoiler"]),
            _element("h2", _text("Themes"), id="themes"),
            _element("h3", _text("Guilt")),
            _element("p", _text("Guilt makes her choose the same thing every night.")),
        ],
    }


def test_a_nuxt_page_whose_article_is_only_in_its_devalue_payload_is_read() -> None:
    payload = _devalue(
        {
            "data": ("ShallowReactive", {"article": {"title": "The Keeper", "body": _hast_body()}}),
            "state": ("Reactive", {}),
            "serverRendered": True,
        }
    )
    doc = import_page(_nuxt_page(payload))
    assert {SectionKind.RECAP, SectionKind.ENDING, SectionKind.THEMES} <= kinds_of(doc)
    themes = next(s for s in doc.sections if s.kind is SectionKind.THEMES)
    assert [item.heading for item in themes.items] == ["Guilt"]
    below = below_the_ending(doc)
    assert "anna moves to the coast" in below
    assert "drowned" not in below and "lamp goes dark" not in below
    assert "||The lamp goes dark.||" in all_text(doc)  # the spoiler box kept its class


def test_a_minimark_body_is_read_as_its_elements() -> None:
    # Nuxt Content 3 writes each element as [tag, props, ...children].
    minimark = [
        ["h2", {"id": "plot"}, "The plot"],
        ["p", {}, _RECAP],
        ["p", {}, _MORE],
        ["h2", {"id": "ending"}, "The ending"],
        ["p", {}, ["strong", {}, "Tobias"], _TWIST.removeprefix("Tobias")],
        ["h2", {}, "Themes"],
        ["p", {}, "Guilt makes her choose the same thing every night."],
    ]
    payload = _devalue({"page": {"body": {"type": "minimark", "value": minimark}}})
    doc = import_page(_nuxt_page(payload))
    assert {SectionKind.RECAP, SectionKind.ENDING} <= kinds_of(doc)
    assert "drowned" not in below_the_ending(doc)


def test_a_rehype_tree_in_next_data_is_read_too() -> None:
    # rehype's spelling: tagName and properties.
    def element(tag: str, text: str) -> dict[str, object]:
        return {
            "type": "element",
            "tagName": tag,
            "properties": {},
            "children": [{"type": "text", "value": text}],
        }

    tree = {
        "type": "root",
        "children": [
            element("h2", "The plot"),
            element("p", _RECAP),
            element("p", _MORE),
            element("h2", "The ending"),
            element("p", _TWIST),
            element("p", "The lamp goes dark."),
        ],
    }
    state = json.dumps({"props": {"pageProps": {"post": {"content": tree}}}})
    page = (
        "<html><head><title>The Keeper (2019), explained</title></head><body>"
        f'<div id="__next"></div><script id="__NEXT_DATA__" type="application/json">{state}'
        "</script></body></html>"
    )
    doc = import_page(page)
    assert {SectionKind.RECAP, SectionKind.ENDING} <= kinds_of(doc)
    assert "drowned" not in below_the_ending(doc)


def test_devalue_is_put_back_together_and_bounded() -> None:
    assert is_flattened([{"a": 1, "b": 2}, "x", ["Date", "2020-01-01"]])
    assert unflattened([{"a": 1, "b": 2}, "x", ["Date", "2020-01-01"]]) == {
        "a": "x",
        "b": "2020-01-01",
    }
    assert not is_flattened([{"a": "x"}])  # a value, not an index: ordinary JSON
    assert not is_flattened([{"a": 5}, "x"])  # an index past the end
    # Each entry refers to the one after it twice: a tree of 2**40 leaves if copied, and a
    # cycle at the end. Each entry is expanded once.
    size = 40
    hostile: list[object] = [[i + 1, i + 1] for i in range(size)] + [[0]]
    value = unflattened(hostile)
    count = 0
    stack = [value]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, list):
            stack.extend(node)
    assert count <= 3 * len(hostile)


# --- a spoiler label beside a heading or a paragraph -------------------------------------------


@pytest.mark.parametrize(
    ("recap", "ending"),
    [
        ("あらすじ", "ラストの意味（ネタバレ）"),
        ("あらすじ", "結末（ネタバレ注意）"),
        ("剧情简介", "结局解析（剧透）"),
        ("The plot", "[SPOILERS] The meaning of the ending"),
    ],
)
def test_a_spoiler_label_is_no_part_of_the_sections_name(recap: str, ending: str) -> None:
    page = (
        f"{_HEAD}<h2>{recap}</h2><p>{_RECAP}</p><h2>{ending}</h2><p>{_TWIST}</p>"
        "<h2>Themes</h2><p>Guilt makes her stay.</p></body></html>"
    )
    doc = import_page(page)
    ending_section = next(s for s in doc.sections if s.kind is SectionKind.ENDING)
    assert "drowned" in (ending_section.body or "")
    assert "drowned" not in below_the_ending(doc)


@pytest.mark.parametrize("label", ["(spoilers)", "[SPOILER]", "（ネタバレ）", "(major spoilers!)"])
def test_a_part_its_author_labels_as_spoilers_is_at_the_ending_level(label: str) -> None:
    page = (
        f"{_HEAD}<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        f"<h2>Themes</h2><h3>Grief {label}</h3><p>Grief keeps her there: it was her son.</p>"
        "<h3>Bread</h3><p>Bread is what she gives.</p></body></html>"
    )
    doc = import_page(page)
    themes = next(s for s in doc.sections if s.kind is SectionKind.THEMES)
    levels = {item.heading.split(" ")[0]: item.level for item in themes.items}
    assert levels == {"Grief": SpoilerLevel.ENDING, "Bread": SpoilerLevel.PLOT}
    assert "her son" not in below_the_ending(doc)


def test_a_label_that_promises_no_spoilers_raises_nothing() -> None:
    page = (
        f"{_HEAD}<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        "<h2>Themes</h2><h3>Grief (spoiler-free)</h3><p>Grief keeps her there.</p>"
        "<h3>Bread</h3><p>Bread is what she gives.</p></body></html>"
    )
    themes = next(s for s in import_page(page).sections if s.kind is SectionKind.THEMES)
    assert {item.level for item in themes.items} == {SpoilerLevel.PLOT}


@pytest.mark.parametrize(
    ("body", "name"),
    [
        (
            f"<h2>The plot</h2><p>{_RECAP}</p><h2>The Ending [SPOILERS]</h2><p>{_TWIST}</p>",
            "p.html",
        ),
        (f"<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>[spoiler] {_TWIST}</p>", "p.html"),
        (f"<h2>The plot</h2><p>{_RECAP} [SPOILERS] {_TWIST}</p><h2>Themes</h2><p>G.</p>", "p.html"),
        (
            f"<h2>The plot</h2><p>{_RECAP}</p><h2>FAQ</h2><h3>Real? [Spoilers]</h3><p>No.</p>",
            "p.html",
        ),
        (f"## The plot\n\n{_RECAP}\n\n## The ending [spoilers]\n\n{_TWIST}\n", "p.md"),
    ],
)
def test_a_spoiler_tag_left_without_its_pair_is_read_as_meant(body: str, name: str) -> None:
    # A content file refuses a "[spoiler]" left open: the import was refused with an error
    # about the draft's bars, naming none of the article's words.
    if name.endswith(".md"):
        data = f"# The Keeper (2019), explained\n\nA ghost story on the coast.\n\n{body}"
    else:
        data = f"{_HEAD}{body}</body></html>"
    doc = import_article(data.encode(), name=name).doc
    assert doc is not None
    assert "drowned" not in below_the_ending(doc)
    assert "[spoiler" not in all_text(doc).lower()


def test_a_headlines_spoiler_tag_stays_out_of_the_title() -> None:
    page = (
        "<html><body><p>[Spoilers] The Keeper (2019) ending explained, as well as I can</p>"
        f"<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p></body></html>"
    )
    doc = import_page(page)
    assert (doc.title, doc.year) == ("The Keeper", 2019)


# --- questions with a full-width question mark, and Q./A. labels --------------------------------


@pytest.mark.parametrize("mark", ["Q.", "Ｑ．", "Q1:", "Q:"])
def test_q_and_a_lines_in_japanese_are_the_faqs_questions(mark: str) -> None:
    answer = mark.replace("Q", "A").replace("Ｑ", "Ａ")
    page = (
        "<html><body><h1>『灯台守』(2019) ネタバレ解説</h1><div>こんばんは。<br><br>"
        f"<b>■あらすじ</b><br>{_RECAP}<br><br><b>■ラストの意味</b><br>{_TWIST}<br><br>"
        f"<b>■よくある質問</b><br><b>{mark}続編はある？</b><br>{answer}ありません。<br><br>"
        f"<b>{mark} 幽霊は本物？</b><br>{answer} そうです。<br></div></body></html>"
    )
    doc = import_page(page)
    faq = next(s for s in doc.sections if s.kind is SectionKind.FAQ)
    assert [item.heading for item in faq.items] == ["続編はある？", "幽霊は本物？"]


def test_a_full_width_question_under_the_themes_is_read_as_a_question() -> None:
    # "Why does Anna stay?" states what it asks about: its answer is the ending's.
    page = (
        "<html><body><h1>『灯台守』(2019) ネタバレ解説</h1><p>幽霊の話。</p>"
        f"<h2>あらすじ</h2><p>{_RECAP}</p><h2>結末</h2><p>{_TWIST}</p>"
        "<h2>テーマ</h2><h3>なぜアンナはトビアスを待ち続けたのか？</h3><p>罪悪感のため。</p>"
        "<h3>パン</h3><p>愛のしるし。</p></body></html>"
    )
    doc = import_page(page)
    themes = next(s for s in doc.sections if s.kind is SectionKind.THEMES)
    asked = next(item for item in themes.items if item.heading.endswith("？"))
    assert asked.heading_level is SpoilerLevel.ENDING


# --- German attributions and section names ---------------------------------------------------


def test_an_interview_named_with_im_is_a_source() -> None:
    page = (
        "<html><body><h1>„Der Leuchtturm“ (2019): Das Ende erklärt</h1><p>Ein Geisterfilm.</p>"
        f"<h2>Worum geht es?</h2><p>{_RECAP}</p><h2>Das Ende erklärt</h2><p>{_TWIST}</p>"
        "<p>Regisseurin Riva sagte im Interview mit dem Tagesspiegel, das Ende sei offen.</p>"
        "<h2>Was der Film bedeutet</h2><p>Schuld hält sie fest.</p></body></html>"
    )
    doc = import_page(page)
    assert [source.outlet for source in doc.sources] == ["Tagesspiegel"]
    assert SectionKind.THEMES in kinds_of(doc)


# --- a Medium story: its subtitle, readers' responses and furniture ----------------------------


def test_a_headlines_subtitle_heads_nothing() -> None:
    page = (
        '<html><body><article><h1 class="pw-post-title">The Keeper (2019): The Ending</h1>'
        '<h2 class="pw-subtitle-paragraph">The lighthouse film that ends with a death.</h2>'
        f"<p>A ghost story on the coast. {_RECAP}</p>"
        f"<h1>The ending</h1><p>{_TWIST}</p><h1>Themes</h1><p>Guilt makes her stay.</p>"
        "</article></body></html>"
    )
    doc = import_page(page)
    headings = [s.heading for s in doc.sections] + [
        i.heading for s in doc.sections for i in s.items
    ]
    assert not any(heading and "lighthouse film" in heading for heading in headings)


def test_medium_responses_are_chrome() -> None:
    page = (
        f"{_HEAD}<h2>The plot</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p>"
        '<div class="ab"><h2>Responses (12)</h2><div class="pw-responses"><p>Alma Reyes</p>'
        "<div><p>So the bread was hers all along? Wild, never saw that coming.</p></div>"
        "</div></div></body></html>"
    )
    assert "never saw that coming" not in all_text(import_page(page))


@pytest.mark.parametrize(
    "line",
    [
        "9 min readSep 12, 2020",
        "If this helped, a clap or two keeps me writing.",
        "Give it a clap if you liked it!",
        "よかったらいいね＆フォローお願いします🙏",
        "にほんブログ村",
    ],
)
def test_these_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("So… What Actually Happened?", SectionKind.ENDING),
        ("Okay, Let’s Rewind", SectionKind.RECAP),
        ("Reading Between the Lines", SectionKind.THEMES),
    ],
)
def test_these_idioms_name_their_sections(heading: str, kind: SectionKind) -> None:
    from bot.importer.classify import named_kind

    assert named_kind(heading, "The Keeper") is kind


@pytest.mark.parametrize("label", ["Spoiler-free", "Spoiler-free version", "Spoilers-light"])
def test_a_spoiler_free_heading_is_not_cut_at_its_hyphen(label: str) -> None:
    # "Spoiler: how does it end?" heads a spoiler box, its label dropped; "Spoiler-free" (a
    # tab's label) was cut to "Free".
    page = f"{_HEAD}<h2>{label}</h2><p>{_RECAP}</p><h2>The ending</h2><p>{_TWIST}</p></body></html>"
    doc = import_page(page)
    headings = [s.heading for s in doc.sections] + [
        i.heading for s in doc.sections for i in s.items
    ]
    tail = label.split("-", 1)[1]
    assert not any(heading and heading.lower() == tail for heading in headings)
    assert "anna moves to the coast" in all_text(doc).lower()
