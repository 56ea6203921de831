"""Spoiler markup in forms the renderer did not read until red57.

An HTML element typed in look-alike angle brackets (``〈span class="spoiler"〉…〈/span〉``,
full width ``＜…＞``, ``‹…›``): red53 read such brackets only around a markup's *name*, so an
element that hides by its attributes was shown as typed. And BBCode's ``[cut]…[/cut]`` (the
forum and blog tag LiveJournal's ``<lj-cut>`` is written as), hiding its words until clicked.
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

# Each pair of angle-bracket look-alikes a reader sees as "<" and ">".
ANGLES = [
    ("〈", "〉"),
    ("〈", "〉"),
    ("＜", "＞"),
    ("‹", "›"),
    ("⟨", "⟩"),
    ("《", "》"),
    ("﹤", "﹥"),
]
# Elements hiding their words by their attributes, or by their name with attributes after it.
HIDING_ELEMENTS = [
    ('span class="spoiler"', "span"),
    ("span data-spoiler", "span"),
    ('p style="color:black;background-color:black"', "p"),
    ('details open=""', "details"),
    ('div class="mw-collapsible mw-collapsed"', "div"),
    ("tg-spoiler", "tg-spoiler"),
]


@examples(60)
@given(st.sampled_from(ANGLES), st.sampled_from(HIDING_ELEMENTS), st.booleans())
def test_an_element_in_lookalike_angle_brackets_hides_its_words(
    angle: tuple[str, str], element: tuple[str, str], closed: bool
) -> None:
    lt, gt = angle
    opening, name = element
    text = f"Then {lt}{opening}{gt}Mia marries Greg"
    text += f"{lt}/{name}{gt} at last." if closed else "."
    assert has_bar_lookalikes(text), text
    assert "||" in bars_as_meant(text), bars_as_meant(text)
    if not closed:
        assert bars_hide_less_than_meant(text), bars_as_meant(text)
    _assert_hidden(text)


@pytest.mark.parametrize("angle", ANGLES)
def test_the_words_around_such_an_element_stay_readable(angle: tuple[str, str]) -> None:
    lt, gt = angle
    text = f'Then {lt}span class="spoiler"{gt}Mia marries Greg{lt}/span{gt} at last.'
    shown = visible_text(
        render_text(text, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="")
    )
    assert "Then" in shown and "at last" in shown, shown


@pytest.mark.parametrize(
    "kept",
    [
        "《La La Land》 Mia marries Greg",
        '〈p class="intro"〉Mia marries Greg〈/p〉',
        "＜span＞Mia marries Greg＜/span＞",
        "‹Mia› marries ‹Greg›",
        "a ＜ b ＞ c",
        "〈Bogart〉 said 〈class〉",
    ],
)
def test_angle_lookalikes_that_hide_nothing_are_text(kept: str) -> None:
    assert bars_as_meant(kept) == kept
    assert not has_bar_lookalikes(kept)


@pytest.mark.parametrize(
    "markup",
    [
        ("[cut]", "[/cut]"),
        ('[cut="Ending"]', "[/cut]"),
        ("[cut=Ending]", "[/cut]"),
        ("[CUT]", "[/CUT]"),
        ("【cut】", "【/cut】"),
    ],
)
def test_bbcode_cut_hides_its_words(markup: tuple[str, str]) -> None:
    text = f"Then {markup[0]}Mia marries Greg{markup[1]} at last."
    assert "||" in bars_as_meant(text), bars_as_meant(text)
    _assert_hidden(text)
    shown = visible_text(
        render_text(text, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="")
    )
    assert "Then" in shown and "at last" in shown, shown


@pytest.mark.parametrize(
    "kept", ["[cut] the scene short", "A [cutting] review", "[Cut!] Mia marries Greg", "[cutie]"]
)
def test_cut_as_a_word_in_brackets_is_text(kept: str) -> None:
    assert bars_as_meant(kept) == kept


# Letters drawn as ASCII ones: full width, mathematical bold, Cyrillic, small capitals.
_LOOKALIKE_ALPHABETS = [
    str.maketrans("abdehilnru", "ａｂｄｅｈｉｌｎｒｕ"),
    str.maketrans("abdehilnru", "𝐚𝐛𝐝𝐞𝐡𝐢𝐥𝐧𝐫𝐮"),
    str.maketrans("ei", "еі"),  # Cyrillic
    str.maketrans("bdehilru", "ʙᴅᴇʜɪʟʀᴜ"),
]


@examples(40)
@given(
    st.sampled_from(["hide", "hidden", "blur"]),
    st.sampled_from(_LOOKALIKE_ALPHABETS),
    st.sampled_from([("[", "]"), ("［", "］"), ("【", "】")]),
)
def test_a_hiding_tag_in_lookalike_letters_left_open_hides_what_follows(
    name: str, alphabet: dict[int, str], brackets: tuple[str, str]
) -> None:
    text = f"Then {brackets[0]}{name.translate(alphabet)}{brackets[1]}Mia marries Greg."
    assert has_bar_lookalikes(text), text
    assert bars_hide_less_than_meant(text), bars_as_meant(text)
    _assert_hidden(text)


@pytest.mark.parametrize(
    "kept",
    [
        "[Ｈｉｄｄｅｎ Ｆｉｇｕｒｅｓ] Mia marries Greg",
        "【ｂｌｕｒｒｙ】 photo",
        "［ｈｉ］ Mia",
        "【hot】 take",
    ],
)
def test_lookalike_words_in_brackets_that_hide_nothing_are_text(kept: str) -> None:
    assert bars_as_meant(kept) == kept
    assert not has_bar_lookalikes(kept)


def _json_utf16(text: str) -> str:
    """``text`` as JSON writes a character beyond the first plane: its UTF-16 pair escaped."""
    return "".join(
        char if ord(char) <= 0xFFFF else "\\u{}\\u{}".format(*_pair(char)) for char in text
    )


def _pair(char: str) -> tuple[str, str]:
    units = char.encode("utf-16-be").hex()
    return units[:4], units[4:]


@examples(40)
@given(
    st.sampled_from(["spoiler", "hide", "blur", "details"]),
    st.sampled_from(
        [
            str.maketrans("abdehilnoprsu", "𝐚𝐛𝐝𝐞𝐡𝐢𝐥𝐧𝐨𝐩𝐫𝐬𝐮"),
            str.maketrans("abdehilnoprsu", "𝘢𝘣𝘥𝘦𝘩𝘪𝘭𝘯𝘰𝘱𝘳𝘴𝘶"),
        ]
    ),
    st.booleans(),
    st.booleans(),
)
def test_lookalike_letters_sent_as_json_surrogate_pairs_are_read(
    name: str, alphabet: dict[int, str], closed: bool, braces: bool
) -> None:
    fancy = name.translate(alphabet)
    if braces:  # JavaScript's code point escape
        escaped = "".join(f"\\u{{{ord(c):x}}}" if ord(c) > 0xFFFF else c for c in fancy)
    else:
        escaped = _json_utf16(fancy)
    assert "\\ud835" in escaped or "\\u{1d" in escaped, escaped
    text = f"Then [{escaped}]Mia marries Greg" + (f"[/{escaped}] at last." if closed else ".")
    if name == "details" and not closed:
        return  # a bare "[details]" alone is a word (test_markup_elements_and_brackets)
    assert "||" in bars_as_meant(text), bars_as_meant(text)
    _assert_hidden(text)


@pytest.mark.parametrize(
    "kept", ["\\ud83d\\ude00 Mia marries Greg", "C:\\users\\ud835\\ and \\u{1f600}"]
)
def test_escaped_characters_that_make_no_markup_are_kept(kept: str) -> None:
    assert bars_as_meant(kept) == kept


@pytest.mark.parametrize(
    "text",
    [
        ".. dropdown:: Ending\n\n   Mia marries Greg\n\nAfter the credits.",
        ".. dropdown:: Ending\n   :color: info\n\n   Mia marries\n\n   Greg.\n\nAfter the credits.",
        "Intro.\n\n  .. DROPDOWN::\n\n      Mia marries Greg\n\n  After the credits.",
        "[%collapsible]\n====\nMia marries Greg\n====\nAfter the credits.",
        ".Ending\n[%collapsible]\n=====\nMia\n\nmarries Greg\n=====\n\nAfter the credits.",
        "Intro.\n\n[example%collapsible]\n====\nMia marries Greg\n====\nAfter the credits.",
    ],
)
def test_documentation_folds_closed_until_clicked_hide_their_text(text: str) -> None:
    assert has_bar_lookalikes(text), text
    assert "||" in bars_as_meant(text), bars_as_meant(text)
    _assert_hidden(text)
    shown = visible_text(
        render_text(text, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="")
    )
    assert "After the credits" in shown, shown


@pytest.mark.parametrize(
    "kept",
    [
        ".. note::\n\n   Mia marries Greg\n",
        "[%collapsible%open]\n====\nMia marries Greg\n====\n",
        "A 50% rise :: Mia marries Greg",
        "Heading\n====\nMia marries Greg\n====\n",
        ".. dropdown:: Ending\nMia marries Greg, unindented\n",
    ],
)
def test_open_folds_and_lookalike_lines_are_text(kept: str) -> None:
    assert bars_as_meant(kept) == kept
