"""Spoiler markup in forms the renderer did not read until red55.

Text copied from a page, a form or an export arrives escaped: HTML entities, once or twice
(``&lt;spoiler&gt;``, ``&amp;lt;spoiler&amp;gt;``, ``&#91;spoiler&#93;``, ``&vert;&vert;``),
percent-encoding from an address or a form (``%5Bspoiler%5D``, ``%253Cspoiler%253E``), JSON's and
JavaScript's escapes (``\\u003ctg-spoiler\\u003e``, ``<\\/spoiler>``) and Markdown's backslashes
(``\\[spoiler\\]``, ``\\|\\|``). And forums, notes apps and the Fediverse hide text until a reader
clicks with markup other than a "spoiler" tag: BBCode's ``[hide]``, ``[blur]``, ``[collapse]``,
``[expand]``, ``[accordion]``; Obsidian's folded callouts (``> [!warning]- Spoilers``); Misskey's
``$[blur …]``; a Mastodon content warning (``CW: ending`` over the post); Tumblr's and WordPress's
read-more break; LiveJournal's ``<lj-cut>``; elements collapsed or hidden by their attributes;
Telegram's and Reddit's spoiler entities in exported JSON. Each was shown as typed.
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
    strip_markup,
)
from tests.support.discord_markdown import visible_text
from tests.support.hidden_words import assert_words_hidden
from tests.support.hypothesis_profiles import examples

TWIST = "Mia marries Greg"


def _entities_once(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Markup red53 and earlier read when typed plain, each escaped by the encoders below.
PLAIN_MARKUP = [
    ("<spoiler>", "</spoiler>"),
    ('<span class="spoiler">', "</span>"),
    ("<tg-spoiler>", "</tg-spoiler>"),
    ("<details><summary>Ending</summary>", "</details>"),
    ("[spoiler]", "[/spoiler]"),
    ("||", "||"),
    (">!", "!<"),
]


def _numeric(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in '<>[]|!/"=' else c for c in text)


def _hex(text: str) -> str:
    return "".join(f"&#x{ord(c):X};" if c in '<>[]|!/"=' else c for c in text)


def _percent(text: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in '<>[]|!/"= ' else c for c in text)


def _percent_twice(text: str) -> str:
    return _percent(text).replace("%", "%25")


def _json(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if c in "<>" else c for c in text).replace("/", "\\/")


ENCODERS = {
    "entities": _entities_once,
    "entities twice": lambda t: _entities_once(_entities_once(t)),
    "numeric": _numeric,
    "hex": _hex,
    "percent": _percent,
    "percent twice": _percent_twice,
    "json": _json,
}


def _assert_hidden(text: str) -> None:
    assert_words_hidden(text)
    # Search snippets show no text whose bars are left open (``open_words``): the rest, none.
    if not bars_hide_less_than_meant(text):
        assert "Greg" not in strip_markup(text), strip_markup(text)


@examples(80)
@given(st.sampled_from(PLAIN_MARKUP), st.sampled_from(sorted(ENCODERS)))
def test_escaped_markup_hides_what_it_hides_typed_plain(markup: tuple[str, str], how: str) -> None:
    encode = ENCODERS[how]
    text = f"Then {encode(markup[0])}{TWIST}{encode(markup[1])} at last."
    # An encoding may leave markup as typed (JSON and HTML's entities escape neither bars nor
    # brackets): that is plain markup, not a look-alike, and hidden all the same.
    if encode(markup[0]) != markup[0]:
        assert has_bar_lookalikes(text), text
    _assert_hidden(text)


@pytest.mark.parametrize(
    "text",
    [
        "Then &lt;spoiler&gt;Mia marries Greg&lt;/spoiler&gt; at last.",
        "Then &#91;spoiler&#93;Mia marries Greg&#91;/spoiler&#93; at last.",
        "Then &amp;lt;span class=&quot;spoiler&quot;&amp;gt;Mia marries Greg&amp;lt;/span&amp;gt;.",
        "Then &vert;&vert;Mia marries Greg&vert;&vert; at last.",
        "Then &#124;&#124;Mia marries Greg&#124;&#124; at last.",
        "Then &VerticalLine;&verbar;Mia marries Greg&#x7c;&#X7C; at last.",
        "Then &LT;spoiler&GT;Mia marries Greg&LT;/spoiler&GT; at last.",
        "Then &lbrack;&#115;&#112;oiler&rbrack;Mia marries Greg&lbrack;/spoiler&rbrack; at last.",
        "Then %5Bspoiler%5DMia marries Greg%5B%2Fspoiler%5D at last.",
        "Then %7C%7CMia+marries+Greg%7C%7C at last.",
        "Then \\[spoiler\\]Mia marries Greg\\[/spoiler\\] at last.",
        "Then \\|\\|Mia marries Greg\\|\\| at last.",
        '{"text": "Then \\u003ctg-spoiler\\u003eMia marries Greg\\u003c/tg-spoiler\\u003e"}',
        "Then %3E!Mia marries Greg!%3C at last.",
        "Then \\>!Mia marries Greg!\\< at last.",
        "Then &#xFF5C;&#xFF5C;Mia marries Greg&#xFF5C;&#xFF5C; at last.",
        "Then [spoi&#x200B;ler]Mia marries Greg[/spoiler] at last.",
        "Then [spoiler]Mia marries Greg[&#47;spoiler] at last.",
        "Then &#x3C;span data-mx-spoiler&#x3E;Mia marries Greg&#x3C;/span&#x3E; at last.",
        "Then &lt;spoiler&gt;Mia marries Greg&lt;/spoiler&gt;, and Tom &amp; Jerry.",
        "Then %EF%BD%9C%EF%BD%9CMia marries Greg%EF%BD%9C%EF%BD%9C at last.",
        "Then =5Bspoiler=5DMia marries Greg=5B/spoiler=5D at last.",
        "Then =7C=7CMia marries Greg=7C=7C at last.",
        "Then &#0000060;spoiler&#0000062;Mia marries Greg&#60;/spoiler&#62; at last.",
        # left open: the rest is a spoiler as a whole, as plain markup left open is
        "Then &lt;spoiler&gt;Mia marries Greg at last.",
    ],
)
def test_each_escape_of_spoiler_markup_hides(text: str) -> None:
    _assert_hidden(text)


HIDDEN_UNTIL_CLICKED = [
    ("[hide]", "[/hide]"),
    ("[HIDE=Ending]", "[/HIDE]"),
    ("[hidden]", "[/hidden]"),
    ("[blur]", "[/blur]"),
    ("[collapse=Ending]", "[/collapse]"),
    ('[collapse title="Ending"]', "[/collapse]"),
    ("[expand]", "[/expand]"),
    ("[expand=Ending]", "[/expand]"),
    ("[accordion]", "[/accordion]"),
    ('[su_expand title="Ending"]', "[/su_expand]"),
    ("[toggle title=Ending]", "[/toggle]"),
    ("[reveal]", "[/reveal]"),
    ("{{hidden|Ending|", "}}"),
    ("{{Collapse top|Ending}}", "{{Collapse bottom}}"),
    ("{{cot}}", "{{cob}}"),
    ("{{hidden begin|title=Ending}}", "{{hidden end}}"),
    # typed in letters drawn as the name's, or with a character drawn as nothing inside
    ("[hіde]", "[/hіde]"),
    ("[ｂｌｕｒ]", "[/ｂｌｕｒ]"),
    ("[col\u200blapse=Ending]", "[/collapse]"),
    ('<span class="blur">', "</span>"),
    ('<div class="spoiler-body hidden">', "</div>"),
    ("$[blur ", "]"),
    ("$[blur.x ", "]"),
    ("<lj-cut text='Ending'>", "</lj-cut>"),
    ('<div class="mw-collapsible mw-collapsed">', "</div>"),
    ("<p hidden>", "</p>"),
    ('<div id="end" title="x" hidden="">', "</div>"),
    ('<span style="display:none">', "</span>"),
    ('<div style="visibility: hidden">', "</div>"),
    # an HTML comment: its page never shows its words
    ("<!-- ", " -->"),
    ("<!--", "-->"),
]


@pytest.mark.parametrize("markup", HIDDEN_UNTIL_CLICKED)
def test_markup_that_hides_until_clicked_hides_its_words(markup: tuple[str, str]) -> None:
    opening, closing = markup
    text = f"Then {opening}{TWIST}{closing} at last."
    assert has_bar_lookalikes(text), text
    _assert_hidden(text)
    shown = visible_text(
        render_text(text, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="")
    )
    assert "Then" in shown and "at last" in shown, shown


@pytest.mark.parametrize(
    "text",
    [
        "Then\n> [!spoiler]- Ending\n> Mia marries\n> Greg\n\nAt last.",
        "Then\n> [!warning]- Spoilers\n> Mia marries Greg\n\nAt last.",
        "Then\n> [!note]- Mia marries Greg\n\nAt last.",
        "Then\n> [!SPOILER]\n> Mia marries Greg",
        "CW: ending\n\nMia marries Greg",
        "cw: la la land ending\nMia marries Greg. Sebastian opens his club.",
        "Content warning: ending\nMia marries Greg",
        "CW - ending\n\nMia marries Greg",
        "[CW: ending]\nMia marries Greg",
        "CW：結末\nMia marries Greg",
        "Then [[MORE]] Mia marries Greg.",
        "Then <!--more--> Mia marries Greg.",
        "Then &lt;!-- more --&gt;\nMia marries Greg.",
        "The opening is a freeway.\n\n[[MORE]]\n\nMia marries Greg.",
        "The opening is a freeway.\n<!-- more -->\nMia marries Greg.",
        "The opening is a freeway.\n\nKeep reading\n\nMia marries Greg.",
        "This review may contain spoilers. I can handle the truth.\n\nMia marries Greg.",
        '{"text": "Then Mia marries Greg", "entities": [{"type": "spoiler", "offset": 5}]}',
        '[{"e": "text", "t": "Then "}, {"e": "spoilertext", "c": [{"t": "Mia marries Greg"}]}]',
        "Then [hide]Mia marries Greg.",
        "Then $[blur Mia marries Greg.",
        "Then <!-- Mia marries Greg.",
        "Then Mia marries Greg[/expand] at last.",
    ],
)
def test_callouts_warnings_and_breaks_hide_what_they_fold(text: str) -> None:
    _assert_hidden(text)


@pytest.mark.parametrize(
    "kept",
    [
        "Tom &amp; Jerry meet at 50% off; Mia marries Greg",
        "Q&amp;A: 100%25 of it, Mia marries Greg",
        "A path C:\\users\\mia marries Greg",
        "Hidden Figures and [Hidden Figures] are films: Mia marries Greg",
        "Click [Expand] to see the cast. Mia marries Greg",
        "[Collapse all] [Accordion view] Mia marries Greg",
        "Mia hides. Greg [toggles] the light",
        "> [!note] Trivia\n> Mia marries Greg",
        "> [!tip]+ Trivia\n> Mia marries Greg",
        "Keep reading to learn how Mia marries Greg.",
        "In between two scenes, Mia marries Greg: twist!",
        "She says CW is her name: Mia marries Greg",
        "$[x2 Mia marries Greg]",
        '<div class="collapsible uncollapsed">Mia marries Greg</div>',
        '<p title="a hidden gem">Mia marries Greg</p>',
        '<input type="hidden" name="x"> Mia marries Greg',
        '<span class="unblurred">Mia marries Greg</span>',
        "They blur the line: Mia marries Greg",
        "The [[Film/Heat]] remake <!- not a comment -> {{cite web|title=Hidden}}: Mia marries Greg",
        "The hidden track, and more: Mia marries Greg",
        "The CW network aired it. Mia marries Greg",
        "x=20 and y=3D: Mia marries Greg",
        "Tom &amp;amp; Jerry &nbsp; 100%20 &rsquo; Mia marries Greg",
        "TW: a car crash\nMia marries Greg",
    ],
)
def test_ordinary_text_with_these_words_or_escapes_is_kept(kept: str) -> None:
    assert bars_as_meant(kept) == kept
    assert not has_bar_lookalikes(kept)
    shown = visible_text(
        render_text(kept, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="")
    )
    assert "Greg" in shown, shown
