"""Spoiler markup in forms the renderer did not read until red53.

HTML marks a spoiler on any element, not only a ``<span>`` or ``<div>``: Stack Exchange renders
its spoilers as ``<blockquote class="spoiler">``, pages put ``class="spoiler"`` on paragraphs,
list items and ``<mark>``, and scripts name one by a data attribute (``data-spoiler``). And a
tag's brackets are typed in whatever brackets an input method or a forum's theme gives:
lenticular ``【spoiler】``, tortoise-shell ``〔spoiler〕`` (and its small form ``﹝spoiler﹞``),
white square ``⟦spoiler⟧``, braces ``{spoiler}``, angle brackets ``〈spoiler〉``. Each was shown
as typed, the words its author hid in the open.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.spoiler_policy.markup import (
    Treatment,
    bars_as_meant,
    bars_hide_less_than_meant,
    has_bar_lookalikes,
    render_text,
)
from tests.support.discord_markdown import visible_text
from tests.support.hidden_words import assert_words_hidden as _assert_hidden
from tests.support.hypothesis_profiles import examples

ELEMENTS = [
    ('<p class="spoiler">', "</p>"),
    ("<span data-spoiler>", "</span>"),
    ('<span data-spoiler="true">', "</span>"),
    ('<blockquote class="spoiler">', "</blockquote>"),
    ("<mark class='spoiler'>", "</mark>"),
    ('<li class="spoiler-content">', "</li>"),
    ('<section id="spoiler">', "</section>"),
    ('<del class="js-spoiler hidden">', "</del>"),
    ('<aside class="netabare">', "</aside>"),
    ('<SPAN DATA-SPOILER-TEXT="1">', "</SPAN>"),
    # a style that hides the words until a reader selects or hovers them: the colour of the
    # background ("highlight to read"), transparent, blurred
    ('<span style="color:black;background-color:black">', "</span>"),
    ("<span style='background: #000; color: #000'>", "</span>"),
    ('<font style="COLOR: White; BACKGROUND: white">', "</font>"),
    ('<span style="filter: blur(4px)">', "</span>"),
    ('<span style="color: transparent; text-shadow: 0 0 6px #000">', "</span>"),
]

BRACKETS = [
    ("【spoiler】", "【/spoiler】"),
    ("〔spoiler〕", "〔/spoiler〕"),
    ("﹝spoiler﹞", "﹝/spoiler﹞"),
    ("⟦spoiler⟧", "⟦/spoiler⟧"),
    ("〖SPOILER〗", "〖/SPOILER〗"),
    ("{spoiler}", "{/spoiler}"),
    ("｛spoiler｝", "｛/spoiler｝"),
    ("【spoiler]", "[/spoiler】"),
    ("【spoiler=Ending】", "【/spoiler】"),
    ("〔details〕", "〔/details〕"),
    ("〈spoiler〉", "〈/spoiler〉"),
    ("《spoiler》", "《/spoiler》"),
    ("⟨tg-spoiler⟩", "⟨/tg-spoiler⟩"),
    # vertical presentation forms (a vertical layout's, pasted)
    ("︻spoiler︼", "︻/spoiler︼"),
    ("︷spoiler︸", "︷/spoiler︸"),
]


# A tag named for a spoiler by a plugin or a theme (WordPress's Shortcodes Ultimate
# "[su_spoiler]", "[spoilerbox]", "[spoiler-box]", "[spoil]"), a static site generator's or a
# wiki's template (Hugo's "{{< spoiler >}}", Liquid's "{% spoiler %}…{% endspoiler %}",
# MediaWiki's "{{spoiler|…}}") and Pandoc's attributes ("[…]{.spoiler}", "::: {.spoiler}").
NAMED_OTHERWISE = [
    ('[su_spoiler title="Ending"]', "[/su_spoiler]"),
    ("[su_spoiler]", "[/su_spoiler]"),
    ("[spoilerbox]", "[/spoilerbox]"),
    ("[Spoiler-Box]", "[/Spoiler-Box]"),
    ("[spoil]", "[/spoil]"),
    ("{{< spoiler >}}", "{{< /spoiler >}}"),
    ('{{% spoiler title="Ending" %}}', "{{% /spoiler %}}"),
    ("{% spoiler %}", "{% endspoiler %}"),
    ("{% spoiler Ending %}", "{% endspoiler %}"),
    ("{{spoiler|", "}}"),
    ("{{Spoiler|1=", "}}"),
    ("{{spoiler}}", "{{endspoiler}}"),
    ("[", "]{.spoiler}"),
    ("[", "]{#twist .spoiler}"),
    ("\n::: {.spoiler}\n", "\n:::\n"),
    ('\n:::{.spoiler title="Ending"}\n', "\n:::\n"),
    # Other chat apps' spoilers, pasted: Revolt's "!!…!!", Zulip's spoiler fence.
    ("!!", "!!"),
    ("\n```spoiler Ending\n", "\n```\n"),
    ("\n~~~ spoiler\n", "\n~~~\n"),
]


@pytest.mark.parametrize("markup", ELEMENTS + BRACKETS + NAMED_OTHERWISE)
def test_spoiler_markup_in_any_element_or_bracket_hides_its_words(
    markup: tuple[str, str],
) -> None:
    opening, closing = markup
    text = f"Then {opening}Mia marries Greg{closing} at last."
    assert has_bar_lookalikes(text), text
    assert "||" in bars_as_meant(text) and not bars_hide_less_than_meant(text), bars_as_meant(text)
    _assert_hidden(text)
    # Only the markup's words are hidden: the sentence around them stays readable.
    shown = visible_text(
        render_text(text, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="")
    )
    assert "Then" in shown and "at last" in shown, shown


# (A bare "[details]" alone is a word: ``test_a_lone_bare_details_tag_is_a_word…``.)
@pytest.mark.parametrize("markup", [m for m in ELEMENTS + BRACKETS if "details" not in m[0]])
def test_such_markup_opened_and_never_closed_hides_what_follows(markup: tuple[str, str]) -> None:
    text = f"Then {markup[0]}Mia marries Greg."
    assert bars_hide_less_than_meant(text), bars_as_meant(text)
    _assert_hidden(text)


@examples(60)
@given(
    st.sampled_from(ELEMENTS + BRACKETS),
    st.sampled_from([("||", "||"), ("[spoiler]", "[/spoiler]"), (">!", "!<")]),
    st.sampled_from(["", " ", "、"]),
)
def test_such_markup_inside_other_markup_never_shows_either(
    inner: tuple[str, str], outer: tuple[str, str], gap: str
) -> None:
    text = f"彼は{outer[0]}Mia{gap}{inner[0]}marries{inner[1]}{gap}Greg{outer[1]}と言った"
    _assert_hidden(text)


@pytest.mark.parametrize(
    "kept",
    [
        '<p class="intro">Mia marries Greg</p>',
        "{name} marries {other}",
        "【公式】Mia marries Greg",
        "《La La Land》 Mia marries Greg",
        "Question 3 (spoiler)",
        "[Spoiler-free review] Mia marries Greg",
        "A [spoilery] review: Mia marries Greg",
        "An [unspoiled] print: Mia marries Greg",
        "[Mia marries Greg]{.lead}",
        "{% if spoilers %}",
        '<span style="color:red">Mia marries Greg</span>',
        '<span style="color:black;background-color:white">Mia marries Greg</span>',
        '<span style="background-color:#000; border-color:#000">Mia marries Greg</span>',
        "Wow!! Mia marries Greg!!! See it!!",
        "```python\nspoiler = True\n```",
    ],
)
def test_brackets_and_elements_that_name_no_spoiler_are_text(kept: str) -> None:
    assert bars_as_meant(kept) == kept
    assert not has_bar_lookalikes(kept)


@pytest.mark.parametrize(
    "text",
    [
        "Voir les [détails] plus bas : la fin de La La Land.",
        "See the [details] below.",
        "[Details] The film opens on a freeway.",
        "Plus de ［détails］ ici.",
    ],
)
def test_a_lone_bare_details_tag_is_a_word_not_bars_left_open(text: str) -> None:
    """ "[détails]" is French for "[details]", a link's or a heading's word: alone, with no
    caption and no closing tag, it opens nothing on Discourse either (its words are shown as
    typed there), so it is no spoiler left open. Read as one, a French synopsis was refused by
    content files and stored text holding it was hidden whole."""
    assert not bars_hide_less_than_meant(text), bars_as_meant(text)
    assert bars_as_meant(text) == text


@pytest.mark.parametrize(
    "text",
    [
        '[details="Ending"]Mia marries Greg.',
        "Mia marries Greg.[/details] After.",
        "[details]Mia marries Greg[/détails] after.",
        "<details>Mia marries Greg.",
        "Then\n```spoiler Ending\nMia marries Greg.",
    ],
)
def test_details_captioned_closed_or_in_html_and_a_fence_left_open_still_hide(text: str) -> None:
    assert "||" in bars_as_meant(text)
    _assert_hidden(text)


# Characters drawn as one vertical line that red51's list left out: the Cyrillic palochka,
# box drawing's dashed and one-eighth lines, bracket and integral pieces, the Kangxi radical and
# the CJK stroke drawn as "|", the Hangul vowel ㅣ, the runic isaz, the full-width broken bar;
# and drawn as two: box drawing's double line.
MORE_BAR_LOOKALIKES = "Ӏӏꓲᛁㅣᅵﾣ⎪⎮⎸⎹▏▕╎╏┆┇┊┋⼁丨￤"
MORE_DOUBLE_BARS = "║"


@pytest.mark.parametrize("bar", MORE_BAR_LOOKALIKES)
def test_any_character_drawn_as_a_vertical_line_typed_twice_is_bars(bar: str) -> None:
    for opening, closing in ((bar * 2, bar * 2), (bar + "|", "|" + bar)):
        text = f"Then {opening}Mia marries Greg{closing} at last."
        assert bars_as_meant(text) == "Then ||Mia marries Greg|| at last.", text
        _assert_hidden(text)
    lone = f"Act I {bar} Act II: Mia marries Greg"  # a lone one is a separator
    assert bars_as_meant(lone) == lone


@pytest.mark.parametrize("bar", MORE_DOUBLE_BARS)
def test_any_character_drawn_as_two_vertical_lines_is_bars(bar: str) -> None:
    text = f"Then {bar}Mia marries Greg{bar} at last."
    assert bars_as_meant(text) == "Then ||Mia marries Greg|| at last."
    _assert_hidden(text)


@pytest.mark.parametrize("text", ["॥ श्री गणेशाय नमः ॥", "।। जय ।।", "ווילון", "Part Ⅰ and Ⅱ"])
def test_letters_and_marks_that_merely_stand_upright_are_not_bars(text: str) -> None:
    """A Devanagari danda (a full stop, doubled at a verse's ends), a Hebrew vav (a letter
    often doubled) and a roman numeral are text: read as bars, a Hindi verse was hidden."""
    assert bars_as_meant(text) == text
