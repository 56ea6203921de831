"""Hostile articles against the spoiler levels: an ending told where the importer might read it
as public (a source, a heading) or as plot (a recap's sub-heading, a spoiler span left open)."""

from __future__ import annotations

import re

import pytest

from benchmarks.articles import plot_level_texts, public_texts
from bot.content.schema import FilmDoc
from bot.importer import import_article
from bot.levels import SpoilerLevel

# Words only the ending's sentence uses: wherever they are, the reader asked for the ending.
_ENDING = (
    "In the final scene Dana discovers that her brother Zorvath was the killer all along,"
    " and she shoots him on the pier."
)
_SECRET = re.compile(r"zorvath|quillon|pier|shoots", re.I)
_RECAP = (
    "Dana, a detective in a small coastal town, investigates a string of disappearances. Her"
    " brother helps her search the docks and the old cannery, while the town mayor blocks her"
    " at every turn.\n\nAs the weeks pass she finds a pattern in the missing people's diaries,"
    " and a map that points to the lighthouse."
)
_THEMES = (
    "### Guilt\n\nThe film is about guilt and what families hide from each other, and how a"
    " small town protects its own.\n\n### Memory\n\nMemory fails everyone in the film, and the"
    " diaries stand in for what people refuse to say aloud."
)


def _markdown(recap_extra: str = "", *, ending: str | None = None, after: str = "") -> bytes:
    ending = f"## The ending\n\n{_ENDING}\n\nA bleak end." if ending is None else ending
    return (
        "# Tidewater (2019) Ending Explained\n\nTidewater is the 2019 thriller directed by Ann"
        f" Holt.\n\n## Plot recap\n\n{_RECAP}\n\n{recap_extra}\n\n{ending}\n\n## Themes\n\n"
        f"{_THEMES}\n\n{after}\n"
    ).encode()


def _import(data: bytes, name: str) -> FilmDoc:
    result = import_article(data, name=name)
    assert result.doc is not None
    return result.doc


def _assert_ending_kept_hidden(doc: FilmDoc) -> None:
    public = [text for text in public_texts(doc) if text]
    public += [
        part
        for source in doc.sources
        for part in (source.author, source.outlet, source.title, source.url)
        if part
    ]
    assert not [text for text in public if _SECRET.search(text)], public
    shown = [text for text in plot_level_texts(doc) if _SECRET.search(text)]
    assert not shown, shown
    # (plot_level_texts reads a heading at its item's level; its own may be lower)
    headings = [
        item.heading
        for section in doc.sections
        for item in section.items
        if (item.heading_level or item.level or section.effective_level) is SpoilerLevel.PLOT
    ]
    assert not [text for text in headings if _SECRET.search(text)], headings


@pytest.mark.parametrize(
    "note",
    [
        _ENDING,
        # no word of an ending: filed after the themes, it must not drop to their plot level
        "Quillon, her brother, was the one who took them all to the lighthouse at night.",
    ],
)
def test_a_footnote_that_is_a_sentence_is_no_source_and_stays_hidden(note: str) -> None:
    # "[^1]: In the final scene…" is a note, not a reference: read as "author, title" its
    # clauses were a source's author and title.
    doc = _import(_markdown("She finds the diary.[^1]", after=f"[^1]: {note}"), "notes.md")
    _assert_ending_kept_hidden(doc)
    assert not [source for source in doc.sources if _SECRET.search(source.author)]
    every = "\n".join(text for _, text in doc.texts())
    assert note.rstrip(".") in every  # kept, not lost


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "caps.txt",
            "TIDEWATER (2019) ENDING EXPLAINED\n\nTidewater is the 2019 thriller directed by Ann"
            f" Holt.\n\nPLOT RECAP\n\n{_RECAP}\n\nWHY DANA SHOOTS HER BROTHER\n\n{_ENDING}\n\n"
            "THEMES\n\nThe film is about guilt and what families hide from each other.\n",
        ),
        (
            "setext.txt",
            "Tidewater (2019) ending explained\n=================================\n\nTidewater"
            " is the 2019 thriller directed by Ann Holt.\n\nPlot recap\n----------\n\n"
            f"{_RECAP}\n\nDana Shoots Her Brother\n-----------------------\n\n{_ENDING}\n\n"
            "Themes\n------\n\nThe film is about guilt.\n",
        ),
        (
            "table.html",
            "<html><head><title>Tidewater (2019) Ending Explained</title></head><body><article>"
            "<h1>Tidewater (2019) Ending Explained</h1><p>Tidewater is the 2019 thriller"
            " directed by Ann Holt.</p><h2>Plot recap</h2>"
            + "".join(f"<p>{p}</p>" for p in _RECAP.split("\n\n"))
            + "<table><tr><th>Character</th><th>Fate</th></tr><tr><td>The mayor</td><td>He"
            " lies to Dana about the cannery.</td></tr><tr><td>Her brother</td>"
            f"<td>{_ENDING}</td></tr></table><h2>Themes</h2><h3>Guilt</h3><p>The film is about"
            " guilt and what families hide.</p></article></body></html>",
        ),
    ],
)
def test_a_recap_sub_heading_whose_text_tells_the_ending_is_at_the_ending_level(
    name: str, text: str
) -> None:
    # The article's only ending is a part of its recap (a sub-heading, a table row): its text
    # was read at the recap's plot level.
    doc = _import(text.encode(), name)
    _assert_ending_kept_hidden(doc)


@pytest.mark.parametrize("where", ["recap", "themes"])
def test_a_why_headline_without_its_question_mark_is_a_question_that_tells(where: str) -> None:
    # "Why Mia Leaves Sebastian" takes the event as told, as "Why does Mia leave Sebastian?"
    # does: under a recap or a theme it was a plot-level heading.
    part = "### Why Dana Shoots Her Brother\n\nShe has no choice after what she learns."
    data = _markdown(part) if where == "recap" else _markdown(after=part)
    doc = _import(data, f"why_{where}.md")
    _assert_ending_kept_hidden(doc)
    headings = [item.heading for section in doc.sections for item in section.items]
    assert "Why Dana Shoots Her Brother" in headings


_HIDDEN_WORDS = (
    "Quillon lives on, and the town never learns the truth about the lighthouse keeper's son."
)


def _page(recap_extra: str) -> bytes:
    recap = "".join(f"<p>{p}</p>" for p in _RECAP.split("\n\n"))
    return (
        "<!doctype html><html><head><title>Tidewater (2019) Ending Explained</title></head><body>"
        "<article><h1>Tidewater (2019) Ending Explained</h1><p>Tidewater is the 2019 thriller"
        f" directed by Ann Holt.</p><h2>Plot recap</h2>{recap}{recap_extra}<h2>The ending</h2>"
        f"<p>{_ENDING}</p><h2>Themes</h2><h3>Guilt</h3><p>The film is about guilt and what"
        " families hide from each other.</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "box",
    [
        '<div class="spoiler"><p>{}</p></div>',
        '<div class="spoiler">{}</div>',
        '<p class="spoiler">{}</p>',
        '<blockquote class="spoiler"><p>{}</p></blockquote>',
        '<section class="spoilers"><p>{}</p></section>',
        '<ul><li class="spoiler">{}</li></ul>',
        '<table><tr><td>Fate</td><td class="spoiler">{}</td></tr></table>',
        '<div class="js-spoiler-content"><p>{}</p></div>',
        # Shortcodes Ultimate: collapsed by its class, its title a heading
        '<div class="su-spoiler su-spoiler-closed"><div class="su-spoiler-title">The truth</div>'
        '<div class="su-spoiler-content">{}</div></div>',
        '<details class="spoiler"><summary>The truth</summary><p>{}</p></details>',
        # an inline spoiler around whole paragraphs
        '<span class="spoiler"><p>{}</p></span>',
        "<spoiler><p>{}</p></spoiler>",
        # a French page's class, a Japanese blog's ("ネタバレ", netabare)
        '<div class="divulgacher"><p>{}</p></div>',
        '<div class="netabare-box"><p>{}</p></div>',
        # named by a data attribute, as script-driven spoilers are
        '<div data-spoiler="true"><p>{}</p></div>',
        # a hidden panel that a control saying "spoiler" opens
        '<button aria-expanded="false" aria-controls="x">Show spoiler</button>'
        '<div id="x" hidden><p>{}</p></div>',
        # any element of a line, list or table the page names a spoiler: a forum's
        # <code class="spoiler"> was read as plain plot
        '<p>Later: <code class="spoiler">{}</code> Then the search goes on.</p>',
        '<p>Later: <u class="spoiler">{}</u> Then the search goes on.</p>',
        '<p>Later: <small class="spoiler">{}</small> Then the search goes on.</p>',
        '<p>Later: <q class="spoiler">{}</q> Then the search goes on.</p>',
        '<code class="spoiler">{}</code>',
        '<ul class="spoiler"><li>{}</li><li>The town moves on.</li></ul>',
        '<table class="spoiler"><tr><td>{}</td></tr></table>',
        '<dl class="spoiler"><dt>Fate</dt><dd>{}</dd></dl>',
    ],
)
def test_a_box_classed_as_a_spoiler_is_hidden_as_one(box: str) -> None:
    # A page that names a box a spoiler (and hides it with its stylesheet, which the importer
    # does not read) says its text is one, whatever words it uses: it was left at plot level.
    doc = _import(_page(box.format(_HIDDEN_WORDS)), "box.html")
    _assert_ending_kept_hidden(doc)
    every = "\n".join(text for _, text in doc.texts())
    assert "Quillon lives on" in every  # hidden, not lost


def test_a_box_classed_as_a_spoiler_that_only_warns_still_warns() -> None:
    # "<div class='spoiler'>Spoilers ahead!</div>" in the recap is a warning: the text after it
    # is the ending (bot.importer.article), not a box to hide and read past.
    box = f'<div class="spoiler-alert">Spoilers ahead!</div><p>{_HIDDEN_WORDS}</p>'
    doc = _import(_page(box), "warns.html")
    _assert_ending_kept_hidden(doc)


@pytest.mark.parametrize(
    "box",
    [
        '<div class="spoiler">\n\n{}\n\n</div>',
        '<div class="spoiler" markdown="1">\n\n{}\n\n- The mayor knew.\n\n</div>',
        "<details>\n<summary>Spoiler: the truth</summary>\n\n{}\n\n</details>",
        # closed at the end of the paragraph's line
        '<div class="spoiler">\n\n{}</div>',
        '<div class="su-spoiler">\n<div class="su-spoiler-title">The truth</div>\n\n{}\n\n</div>',
    ],
)
def test_a_spoiler_box_around_markdown_paragraphs_is_hidden_as_one(box: str) -> None:
    # Markdown set inside an HTML box ("<div class='spoiler'>", a blank line, paragraphs, the
    # closing tag) is inside it, as the page renders it: it was read as ordinary paragraphs.
    doc = _import(_markdown(box.format(_HIDDEN_WORDS)), "box.md")
    _assert_ending_kept_hidden(doc)
    every = "\n".join(text for _, text in doc.texts())
    assert "Quillon lives on" in every


@pytest.mark.parametrize(
    "spoiler",
    [
        # across a paragraph break
        "The truth: >!{}\n\nQuillon lives on.!<",
        # never closed: to the end of its paragraph
        "The truth: >!{} Quillon lives on.",
        # across list items
        "- The mayor lies.\n- >!{}\n- Quillon lives on.!<",
        # opening a paragraph, where Markdown would read a quotation's ">"
        ">!{}\n\nQuillon lives on.!<",
    ],
)
def test_a_reddit_spoiler_left_open_or_across_lines_stays_hidden(spoiler: str) -> None:
    # Reddit's ">!…!<" was read only within one line: one that runs over a line or is never
    # closed left its text at the recap's plot level, "!<" and all.
    doc = _import(_markdown(spoiler.format(_ENDING)), "reddit.md")
    _assert_ending_kept_hidden(doc)
    every = "\n".join(text for _, text in doc.texts())
    assert "Quillon lives on" in every
    assert ">!" not in every and "!<" not in every


@pytest.mark.parametrize(
    "headline",
    [
        "# Zorvath Did It: Tidewater (2019) Ending Explained",
        "# Is Zorvath the Killer? Tidewater (2019) Ending Explained",
        "# Why Zorvath Dies in Tidewater (2019)",
    ],
)
def test_a_teaser_before_a_one_word_title_is_left_out_of_the_public_title(headline: str) -> None:
    # The title is public. A one-word title after a teaser ("Zorvath Did It: Tidewater") was
    # kept whole, unless the text dated the word itself ("Tidewater (2019)"): the teaser, a
    # clause or a question, is no part of a film's title however the text dates it.
    data = _markdown().replace(b"# Tidewater (2019) Ending Explained", headline.encode(), 1)
    doc = _import(data, "teaser.md")
    assert doc.title == "Tidewater"


def test_a_recap_of_more_parts_than_a_section_holds_keeps_its_ending_hidden() -> None:
    # Past 50 items the rest go into the section's body as "**heading**" and text: at the
    # recap's plot level, the closing parts that tell the ending lost their own level.
    parts = "\n\n".join(
        f"### Day {day}\n\nOn day {day} Dana walks to dock number {day * 7} and writes down"
        f" the {day * 3} boats she counts there."
        for day in range(1, 56)
    )
    data = _markdown(
        f"{parts}\n\n### Why Dana Shoots Her Brother\n\n{_ENDING}",
        ending="## The ending\n\nA bleak end that reframes everything before it.",
    )
    doc = _import(data, "long.md")
    _assert_ending_kept_hidden(doc)
    every = "\n".join(text for _, text in doc.texts())
    assert "Zorvath was the killer all along" in every


_QUIET_ENDING = "Her brother Zorvath took them all, and Dana shoots him on the pier."


@pytest.mark.parametrize(
    "told",
    [
        f"{_QUIET_ENDING}\n\n*Sorry, spoilers above!*",
        f"{_QUIET_ENDING} (Sorry, that was a spoiler!)",
        f"{_QUIET_ENDING} Spoilers, sorry.",
    ],
)
def test_a_warning_after_what_it_warns_of_hides_that(told: str) -> None:
    # "Sorry, spoilers above!" points back: the text before it is the spoiler, told in words
    # the level guesses do not know (no death, no "ending"), at the recap's plot level.
    doc = _import(_markdown(f"{told}\n\nLater Dana visits the mayor's office."), "after.md")
    _assert_ending_kept_hidden(doc)
    every = "\n".join(text for _, text in doc.texts())
    assert "Zorvath took them all" in every
    # what follows the backward warning is not the ending for it
    recap = doc.sections[0]
    assert recap.kind.value == "recap" and "Later Dana visits" in (recap.body or "")


@pytest.mark.parametrize(
    "line", ["This is a spoiler-free section.", "No spoilers above this line, promise."]
)
def test_a_line_that_does_not_point_back_hides_nothing_before_it(line: str) -> None:
    recap_end = "As the weeks pass she finds a pattern in the missing people's diaries"
    doc = _import(_markdown(line), "forward.md")
    recap = doc.sections[0]
    assert recap.kind.value == "recap" and recap_end in (recap.body or "")
    assert f"||{recap_end}" not in (recap.body or "")


@pytest.mark.parametrize("sign", ["🚨🚨🚨\n\n", "### ⚠️\n\n", "⛔ ⛔ ⛔\n\n"])
def test_a_line_of_warning_signs_is_a_spoiler_warning(sign: str) -> None:
    # A recap that warns with signs alone ("🚨🚨🚨") before it tells the ending: the line has
    # no word, so it went as a divider, and the text after it was read at plot level.
    doc = _import(_markdown(f"{sign}{_QUIET_ENDING}"), "signs.md")
    _assert_ending_kept_hidden(doc)


@pytest.mark.parametrize("sign", ["<p>🚨🚨🚨</p>", "<h3>⚠️</h3>", "<div class='note'>⛔ ⛔</div>"])
def test_a_line_of_warning_signs_is_a_spoiler_warning_in_a_page(sign: str) -> None:
    doc = _import(_page(f"{sign}<p>{_QUIET_ENDING}</p>"), "signs.html")
    _assert_ending_kept_hidden(doc)


_PLOT_AFTER = "Dana then returns to the cannery to question the night watchman."
_LAST_PARAGRAPH = "The next morning the town holds a meeting at the harbour."


@pytest.mark.parametrize(
    "told",
    [
        # a paragraph of its own, plot after it
        f"{_ENDING}\n\n{_PLOT_AFTER}",
        # a sentence mid-paragraph, plot sentences on either side of it
        f"The mayor resigns. {_ENDING} {_PLOT_AFTER}\n\n{_LAST_PARAGRAPH}",
        # laid out by its lines, as plain text and poems are: one line of several
        f"The mayor resigns.\n{_ENDING}\n{_PLOT_AFTER}\n\n{_LAST_PARAGRAPH}",
        # beside a span its author typed, told partly outside it
        f"The mayor resigns. {_ENDING[:-1]} ||as the tide comes in||. {_PLOT_AFTER}"
        f"\n\n{_LAST_PARAGRAPH}",
        f"The mayor resigns. {_ENDING}||The tide comes in.|| {_PLOT_AFTER}\n\n{_LAST_PARAGRAPH}",
    ],
    ids=["paragraph", "sentence", "line", "beside-a-span", "against-a-span"],
)
@pytest.mark.parametrize("shape", ["markdown", "html", "text"])
def test_a_twist_stated_mid_recap_is_never_read_at_the_plot_level(told: str, shape: str) -> None:
    """A recap not marked as the ending that states it mid-way, plot after it: only its closing
    paragraphs and sentences were filed with the ending, so the twist told in the middle was
    read at the plot level. It is hidden there, and the plot around it stays in the recap."""
    ending = "## The ending\n\nA bleak end for everyone."
    if shape == "markdown":
        data, name = _markdown(told, ending=ending), "tide.md"
    else:
        paragraphs = [_RECAP.split("\n\n")[0], *told.split("\n\n")]
        if shape == "html":
            body = "".join(f"<p>{text.replace(chr(10), '<br>')}</p>" for text in paragraphs)
            data = (
                "<html><body><h1>Tidewater (2019) Ending Explained</h1><h2>Plot recap</h2>"
                f"{body}<h2>The ending</h2><p>A bleak end for everyone.</p></body></html>"
            ).encode()
            name = "tide.html"
        else:
            data = (
                "Tidewater (2019) Ending Explained\n\nPLOT RECAP\n\n"
                + "\n\n".join(paragraphs)
                + "\n\nTHE ENDING\n\nA bleak end for everyone.\n"
            ).encode()
            name = "tide.txt"
    doc = _import(data, name)
    _assert_ending_kept_hidden(doc)
    recap = next(section for section in doc.sections if section.kind.value == "recap")
    assert "night watchman" in (recap.body or ""), recap.body
    assert "Zorvath" in "\n".join(section.body or "" for section in doc.sections)
