"""Inputs beyond a saved web page, and sizes past a content file's bounds: a Markdown file, a
plain-text file and pasted text, in the encodings and line endings editors save them in, and
articles whose headings or sections are longer than a content file holds. An import never fails
for a long heading or a long section: it keeps the text, at no lower level, and says what it
changed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.content.film_file import ContentError
from bot.importer import import_article
from bot.importer.chrome import is_chrome_line
from bot.importer.limits import HEADING_MAX, TEXT_MAX, split_text
from bot.levels import SectionKind, SpoilerLevel
from bot.spoiler_policy.markup import has_unpaired_bars, span_bounds
from tests.bot.importer.helpers import all_text, below_the_ending, import_page

_RECAP = (
    "Dana, a detective in a small coastal town, investigates a string of disappearances. Her"
    " brother helps her search the docks and the old cannery, while the town mayor blocks her"
    " at every turn."
)
_ENDING = (
    "In the final scene Dana discovers that her brother Zorvath was the killer all along,"
    " and she shoots him on the pier."
)
_SECRET = re.compile(r"zorvath|pier|shoots", re.I)


def _article(*, recap: str = _RECAP, ending: str = _ENDING, themes: str = "") -> str:
    themes = themes or (
        "### Guilt\n\nThe film is about guilt and what families hide from each other.\n\n"
        "### Memory\n\nMemory fails everyone in the film, and the diaries stand in for it."
    )
    return (
        "# Tidewater (2019) Ending Explained\n\nTidewater is the 2019 thriller directed by Ann"
        f" Holt.\n\n## Plot recap\n\n{recap}\n\n## The ending\n\n{ending}\n\n## Themes\n\n"
        f"{themes}\n"
    )


def _assert_secret_not_below_the_ending(text: str) -> None:
    assert not _SECRET.search(text), [m.group(0) for m in _SECRET.finditer(text)][:5]


# --- a heading longer than a content file holds -------------------------------------------------


def _long(words: str, size: int) -> str:
    return " ".join([words] * (size // len(words) + 1))[:size].strip()


@pytest.mark.parametrize("size", [HEADING_MAX + 30, 450, 2000])
def test_a_theme_heading_over_the_bound_is_shortened_and_kept_whole_in_its_text(
    size: int,
) -> None:
    heading = _long("what the lighthouse and the diaries say about a family", size)
    page = _article(themes=f"### {heading}\n\nThe diaries stand in for what people refuse to say.")
    result = import_article(page.encode(), name="long.md")
    assert result.doc is not None
    themes = next(s for s in result.doc.sections if s.kind is SectionKind.THEMES)
    shortened = [item for item in themes.items if item.heading.endswith("\u2026")]
    assert len(shortened) == 1
    assert len(shortened[0].heading) <= HEADING_MAX
    assert heading in shortened[0].body  # nothing of it lost
    assert "The diaries stand in" in shortened[0].body
    assert any("shortened" in warning for warning in result.warnings)
    assert "shortened" in result.yaml  # said in the draft's review notes too


def test_a_long_heading_that_tells_the_ending_keeps_its_whole_text_hidden() -> None:
    heading = _long(f"Why {_ENDING.rstrip('.')}", 400)
    page = _article(recap=f"{_RECAP}\n\n### {heading}\n\nShe had been told at the start.")
    result = import_article(page.encode(), name="long.md")
    assert result.doc is not None
    assert "Zorvath was the killer" in all_text(result.doc)
    _assert_secret_not_below_the_ending(below_the_ending(result.doc))
    # the review notes say which heading was shortened by its place, not by its words
    _assert_secret_not_below_the_ending("\n".join(result.warnings))


def test_a_section_heading_over_the_bound_is_shortened() -> None:
    heading = "The ending, " + _long("and what the last scene on the water means for", 300)
    doc = import_page(_article().replace("## The ending", f"## {heading}"), "long.md")
    ending = next(s for s in doc.sections if s.kind is SectionKind.ENDING)
    assert ending.heading is not None and len(ending.heading) <= HEADING_MAX
    assert "what the last scene" in (ending.body or "")
    _assert_secret_not_below_the_ending(below_the_ending(doc))


# --- a section longer than a content file holds -------------------------------------------------


def _paragraphs(count: int) -> str:
    return "\n\n".join(f"Week {n}: {_RECAP}" for n in range(1, count + 1))


@pytest.mark.parametrize("name", ["long.md", "long.txt"])
def test_a_recap_longer_than_a_text_holds_is_kept_in_parts_at_its_level(name: str) -> None:
    recap = _paragraphs(120)  # about 30,000 characters
    assert len(recap) > TEXT_MAX
    page = _article(recap=recap)
    if name.endswith(".txt"):
        page = page.replace("### ", "").replace("## ", "").replace("# ", "")
    result = import_article(page.encode(), name=name)
    assert result.doc is not None
    text = all_text(result.doc)
    for n in (1, 60, 120):
        assert f"Week {n}: Dana" in text
    recap_section = next(s for s in result.doc.sections if s.kind is SectionKind.RECAP)
    assert any(item.heading.endswith("(continued)") for item in recap_section.items)
    assert any("cut into" in warning for warning in result.warnings)
    _assert_secret_not_below_the_ending(below_the_ending(result.doc))


def test_an_ending_longer_than_a_text_holds_stays_at_the_ending_level() -> None:
    ending = "\n\n".join(f"{_ENDING} Clue {n} points there." for n in range(1, 250))
    doc = import_page(_article(ending=ending), "long.md")
    assert "Clue 249 points" in all_text(doc)
    _assert_secret_not_below_the_ending(below_the_ending(doc))


def test_a_spoiler_span_longer_than_a_text_holds_stays_hidden_in_every_part() -> None:
    hidden = " ".join(f"{_ENDING} Clue {n}." for n in range(1, 250))
    recap = f"{_RECAP}\n\n>!{hidden}!<\n\n{_RECAP}"
    doc = import_page(_article(recap=recap), "long.md")
    assert "Clue 249." in all_text(doc)
    _assert_secret_not_below_the_ending(below_the_ending(doc))


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join(["word " * 900] * 40),
        "||" + "secret words " * 5000 + "|| and after",
        "open " * 100 + "||" + ("x" * 30000) + "|| tail",
        "||a||\n\n" * 6000,
    ],
    ids=["paragraphs", "one span", "no spaces in a span", "many spans"],
)
def test_split_text_keeps_every_word_and_every_span_paired(text: str) -> None:
    parts = split_text(text, 1000)
    assert all(len(part) <= 1000 for part in parts)
    assert not any(has_unpaired_bars(part) for part in parts)

    def letters(text: str) -> str:
        return "".join(text.split())

    hidden = letters("".join(text[a + 2 : b - 2] for a, b in span_bounds(text)))
    assert letters("".join(p[a + 2 : b - 2] for p in parts for a, b in span_bounds(p))) == hidden
    assert letters("".join(parts).replace("|", "")) == letters(text.replace("|", ""))


# --- a spoiler box's own sub-heading ----------------------------------------------------------

_BOX_PAGE = (
    "<html><body><h1>Tidewater (2019) Ending Explained</h1><p>Tidewater is the 2019 thriller"
    f" directed by Ann Holt.</p><h2>Plot recap</h2><p>{_RECAP}</p>{{box}}<h2>Themes</h2>"
    "<h3>Guilt</h3><p>The film is about guilt and what families hide from each other.</p>"
    "</body></html>"
)


@pytest.mark.parametrize(
    "box",
    [
        '<div class="spoiler"><h3>Zorvath on the pier</h3><p>{}</p></div>',
        '<div class="spoiler"><h4>Zorvath on the pier</h4><p>{}</p><p>It ends there.</p></div>',
        '<div class="su-spoiler su-spoiler-closed"><div class="su-spoiler-title">The truth</div>'
        '<div class="su-spoiler-content"><h4>Zorvath on the pier</h4><p>{}</p></div></div>',
        '<section class="spoilers"><h3>Zorvath on the pier</h3><ul><li>{}</li></ul></section>',
    ],
    ids=["h3", "h4", "su-spoiler", "section"],
)
def test_a_heading_inside_a_spoiler_box_is_hidden_with_the_box(box: str) -> None:
    # The box hides its text and its sub-heading alike: the heading was a plot-level heading
    # (and a select menu's label) of its own.
    doc = import_page(_BOX_PAGE.format(box=box.format(_ENDING)))
    assert "Zorvath on the pier" in all_text(doc)
    _assert_secret_not_below_the_ending(below_the_ending(doc))
    headings = [
        item.heading
        for section in doc.sections
        for item in section.items
        if (item.heading_level or item.level or section.effective_level) is not SpoilerLevel.ENDING
    ]
    assert not [heading for heading in headings if _SECRET.search(heading)], headings


def test_a_spoiler_boxs_own_label_still_heads_it() -> None:
    box = (
        '<details class="spoiler"><summary><h3>Show the ending</h3></summary>'
        f"<p>{_ENDING}</p></details>"
    )
    doc = import_page(_BOX_PAGE.format(box=box))
    assert "||Show the ending||" not in all_text(doc)
    _assert_secret_not_below_the_ending(below_the_ending(doc))


# --- encodings: what editors save, and what a person is told when a file cannot be read -------


def _plain_text() -> str:
    """The article as a plain-text file: headings on lines of their own, no markup."""
    return (
        _article(recap=f"{_RECAP}\n\nThe café by the harbour — “the old one” — is where it starts.")
        .replace("### ", "")
        .replace("## ", "")
        .replace("# ", "")
    )


def test_utf8_with_a_few_windows_1252_characters_pasted_in_is_read() -> None:
    # A UTF-8 file with a quotation pasted from an "ANSI" file: each of its bytes was read as
    # a bad byte, and the whole file refused.
    text = _plain_text()
    head, tail = text.split("Plot recap", 1)
    data = head.encode() + b"\x93Plot recap\x94" + tail.encode()
    result = import_article(data, name="pasted.txt")
    assert result.doc is not None
    assert "“the old one”" in all_text(result.doc)  # the UTF-8 kept as it was
    note = result.warnings[0]
    assert "Windows-1252" in note and "line 5" in note
    assert "“Plot recap”" in result.yaml or "Plot recap" in all_text(result.doc)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(codec: str) -> None:
    result = import_article(_plain_text().encode(codec), name="notes.txt")
    assert result.doc is not None
    assert "“the old one”" in all_text(result.doc)
    assert "UTF-16" in result.warnings[0]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        # Japanese in Shift-JIS, from its fourth line on
        ("# 灯台 (2019)\n\nあらすじ\n\n".encode() + "灯台守の物語。".encode("shift_jis"), 5),
        # Cyrillic in Windows-1251 (no <meta> to say so), on the third line
        (b"Tidewater (2019)\n\n" + "Плот и концовка фильма.".encode("cp1251") + b"\n", 3),
    ],
    ids=["shift-jis", "windows-1251"],
)
def test_a_file_in_an_encoding_not_read_says_its_line_and_how_to_save_it(
    data: bytes, line: int
) -> None:
    with pytest.raises(ContentError) as refused:
        import_article(data, name="article.txt")
    problem = refused.value.problems[0]
    assert problem.line == line
    assert f"article.txt:{line}:" in str(refused.value)
    assert "column" in problem.message
    assert "save it again" in problem.message and "UTF-8" in problem.message
    assert "offset" not in problem.message


def test_a_broken_utf16_file_says_its_line() -> None:
    data = "Tidewater (2019)\n\nline two\nline three\n".encode("utf-16")
    with pytest.raises(ContentError) as refused:
        import_article(data[:-1], name="article.txt")  # cut in the last line's newline
    assert refused.value.problems[0].line == 4
    assert "column 11" in str(refused.value)
    assert "offset" not in str(refused.value)


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda text: text.encode("utf-16"), "notepad_unicode.txt"),
        (lambda text: text.encode("utf-8-sig").replace(b"\n", b"\r\n"), "windows.md"),
        (lambda text: text.encode("cp1252").replace(b"\n", b"\r"), "old_mac.txt"),
        (
            lambda text: b"".join(
                line + (b"\r\n", b"\n", b"\r")[number % 3]
                for number, line in enumerate(text.encode().split(b"\n"))
            ),
            "mixed_endings.md",
        ),
    ],
    ids=["utf-16 bom", "utf-8 bom crlf", "cp1252 cr", "mixed"],
)
def test_every_way_editors_save_text_imports_the_same_film(encode: Any, name: str) -> None:
    text = _plain_text() if name.endswith(".txt") else _article(recap=_RECAP + " Café.")
    expected = import_page(text, name)
    doc = import_page(encode(text), name)
    assert doc.sections == expected.sections


# --- a club's notice of its next film, in a GitHub alert or a line of its own ------------------


@pytest.mark.parametrize(
    "line",
    [
        "Next week: Primer. Bring snacks.",
        "Next month: Memories of Murder. Tickets on the events page.",
        "Up next: Heat (1995), in 35mm.",
        "Next screening – “Cure”, Thursday at eight.",
    ],
)
def test_a_notice_of_the_next_film_is_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Next week: the trial begins, and Dana has to testify against the mayor.",
        "Next week she goes back to the lighthouse.",
        "Next morning: Dana finds the map in the cannery.",
    ],
)
def test_a_story_sentence_about_next_week_is_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


@pytest.mark.parametrize(
    "alert",
    [
        "> [!NOTE]\n> Next week: Primer. Bring snacks.\n",
        '<div class="markdown-alert markdown-alert-note"><p class="markdown-alert-title">Note</p>'
        "<p>Next week: <em>Primer</em>. Bring snacks.</p></div>\n",
    ],
    ids=["markdown", "github html"],
)
def test_a_github_alert_with_a_notice_is_not_kept_in_the_last_theme(alert: str) -> None:
    themes = f"### Guilt\n\nThe film is about guilt and what families hide.\n\n{alert}"
    doc = import_page(_article(themes=themes), "notes.md")
    assert "Bring snacks" not in all_text(doc)
    assert "[!NOTE]" not in all_text(doc)


# --- names only the ending uses -----------------------------------------------------------------

_LONG_RECAP = (
    f"{_RECAP}\n\nAs the weeks pass she finds a pattern in the missing people's diaries, and a"
    " map that points to the lighthouse on the point, where the mayor keeps his boat."
)


@pytest.mark.parametrize(
    "theme",
    [
        "### Family\n\nHer brother took them all, one by one: Zorvath is what the town made.",
        "### Zorvath\n\nThe town made him what he is, and the film never forgives it.",
        "### Family\n\n- **Zorvath**: the town made him what he is.",
    ],
    ids=["in the text", "as the heading", "as a list item's lead"],
)
def test_a_theme_naming_someone_only_the_ending_names_is_at_the_ending_level(theme: str) -> None:
    # "Zorvath" is named by the ending alone: a theme that names him tells who the killer is
    # in no ending word, and was filed at the plot level.
    page = _article(recap=_LONG_RECAP, themes=f"{theme}\n\n### Memory\n\nDana forgets, too.")
    result = import_article(page.encode(), name="names.md")
    assert result.doc is not None
    assert "zorvath" not in below_the_ending(result.doc)
    themes = next(s for s in result.doc.sections if s.kind is SectionKind.THEMES)
    plain = [item for item in themes.items if "Zorvath" not in item.heading + item.body]
    assert plain and all(item.level is not SpoilerLevel.ENDING for item in plain)
    assert any("only the ending names" in warning for warning in result.warnings)


def test_a_theme_naming_someone_the_recap_names_stays_at_the_plot_level() -> None:
    page = _article(
        recap=_LONG_RECAP,
        themes="### Family\n\nThe mayor protects Dana's brother because the town needs him.",
    )
    doc = import_page(page, "names.md")
    themes = next(s for s in doc.sections if s.kind is SectionKind.THEMES)
    assert all(item.level is not SpoilerLevel.ENDING for item in themes.items)


# --- a paste's byline and sharing terms --------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "a rentry by dreamparade · part of the Satoshi Kon watch-along",
        "A write-up by @noor_h (thread below)",
        "Hi! This is the ending write-up for week 4. Feel free to copy this, just link back <3",
        "Feel free to share it, just credit me.",
    ],
)
def test_a_pastes_byline_and_sharing_terms_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "A post by the harbour is where Dana finds the second diary.",
        "She copies the map by hand and links it to the missing people's diaries.",
    ],
)
def test_story_sentences_about_posts_and_copies_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_a_section_of_many_parts_and_a_long_text_loses_none_of_them() -> None:
    # Fifty sub-headed parts fill a section; the rest of a long recap went into its body, which,
    # cut into "(continued)" parts, had no room left: the last parts were left out.
    parts = "\n\n".join(
        f"### Week {n}\n\n{_RECAP} {'The mayor lies again. ' * 40}" for n in range(1, 90)
    )
    ending = f"{parts}\n\n### The pier\n\n{_ENDING}"
    result = import_article(_article(ending=ending).encode(), name="long.md")
    assert result.doc is not None
    text = all_text(result.doc)
    for n in (1, 50, 89):
        assert f"Week {n}" in text
    assert "shoots him on the pier" in text
    assert not any("left out" in warning for warning in result.warnings)
    _assert_secret_not_below_the_ending(below_the_ending(result.doc))
