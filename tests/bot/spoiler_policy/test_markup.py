"""Spoiler markup: parsing author spans, escaping untrusted text, rendering at each treatment.

The property tests plant unique marker words in hostile author text and check, through a model of
the Discord client (both readings of where a spoiler closes), who can read each marker.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.spoiler_policy.markup import (
    Segment,
    Treatment,
    bars_as_meant,
    bars_hide_less_than_meant,
    escape_text,
    has_bar_lookalikes,
    parse_spans,
    render_text,
    strip_markup,
    truncate_plain,
    wrap,
)
from tests.support.discord_markdown import (
    MARKER,
    author_text,
    hidden_text,
    live_markdown,
    marker,
    mentions_that_ping,
    noise,
    visible_text,
)
from tests.support.hypothesis_profiles import examples

SHOW, WRAP, WITHHOLD = Treatment.SHOW, Treatment.WRAP, Treatment.WITHHOLD
POINTER = "An ending detail is hidden here: ask with /ending."
READINGS = (False, True)  # client reading, lazy reading of the closing bars
CASES = examples(250)


def render(text: str, treatment: Treatment, inline: Treatment) -> str:
    return render_text(text, treatment, inline_treatment=inline, pointer=POINTER)


def spans(text: str) -> list[Segment]:
    """The author's spans as the renderer reads them: bars typed as look-alikes are bars."""
    return parse_spans(bars_as_meant(text))


def markers_by_segment(text: str) -> tuple[set[str], set[str]]:
    """Markers the author left plain, and markers inside their inline spoilers."""
    plain: set[str] = set()
    inline: set[str] = set()
    for segment in spans(text):
        (inline if segment.inline_spoiler else plain).update(MARKER.findall(segment.text))
    return plain, inline


def seen(text: str, *, lazy: bool) -> set[str]:
    return set(MARKER.findall(visible_text(text, lazy_bars=lazy)))


def behind_spoilers(text: str, *, lazy: bool) -> set[str]:
    return set(MARKER.findall(hidden_text(text, lazy_bars=lazy)))


def squashed(text: str) -> str:
    """Text compared modulo whitespace, zero-width guards and the percent-encoding links get."""
    for encoded, char in (("%7C", "|"), ("%60", "`"), ("%40", "@"), ("%5B", "["), ("%5D", "]")):
        text = text.replace(encoded, char)
    return "".join(char for char in text if not char.isspace() and char != "\u200b")


def footnoted(text: str) -> str:
    return re.sub(r"\[\^(\d+)\]", r"[\1]", bars_as_meant(text))


# --- parse_spans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", []),
        ("plain", [Segment("plain", False)]),
        ("a ||b|| c", [Segment("a ", False), Segment("b", True), Segment(" c", False)]),
        ("||all||", [Segment("all", True)]),
        ("a || b", [Segment("a || b", False)]),
        ("||||", [Segment("||||", False)]),
        ("|||a||", [Segment("|a", True)]),
        ("||a|||", [Segment("a", True), Segment("|", False)]),
        ("||a||||b||", [Segment("ab", True)]),
        ("||a|| ||b", [Segment("a", True), Segment(" ||b", False)]),
        (
            "x ||one\n\ntwo|| y",
            [Segment("x ", False), Segment("one\n\ntwo", True), Segment(" y", False)],
        ),
    ],
)
def test_parse_spans(text: str, segments: list[Segment]) -> None:
    assert parse_spans(text) == segments


@CASES
@given(author_text())
def test_parse_spans_keeps_every_character(text: str) -> None:
    segments = parse_spans(text)
    assert all(segment.text for segment in segments)
    assert all(a.inline_spoiler != b.inline_spoiler for a, b in itertools.pairwise(segments))
    # Written back with bars, the segments read the same: only pairing bars were consumed.
    rewritten = "".join(f"||{s.text}||" if s.inline_spoiler else s.text for s in segments)
    assert parse_spans(rewritten) == segments
    assert len(text) - len(rewritten) in range(0, len(text) + 1, 4)
    assert set(MARKER.findall(text)) == set().union(*markers_by_segment(text))


# --- escape_text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*b* _i_ ~~s~~ `c`", "\\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\`"),
        ("a || b | c", "a \\|\\| b \\| c"),
        ("> quote\n# head\n-# small\n- item", "\\> quote\n\\# head\n\\-\\# small\n\\- item"),
        ("1. first\n  22. second, 3. inline", "1\\. first\n  22\\. second, 3. inline"),
        ("[x](https://evil.example)", "\\[x\\]\\(https://evil.example)"),
        ("back\\slash", "back\\\\slash"),
        ("@everyone @here @Everyone", "@\u200beveryone @\u200bhere @\u200bEveryone"),
        ("<@123> <@!4> <@&5> <#6>", "\\<@\u200b123\\> \\<@\u200b!4\\> \\<@\u200b&5\\> \\<\\#6\\>"),
        ("</cmd:1> <:e:2> <t:3:R>", "\\</cmd:1\\> \\<:e:2\\> \\<t:3:R\\>"),
        ("mail a@b.com or @someone", "mail a@b.com or @someone"),
        ("line\r\nnext\rlast", "line\nnext\nlast"),
    ],
)
def test_escape_text(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        # Characters in a link stay as they are: a backslash would become part of the address.
        ("https://example.com/a_b*c~d", "https://example.com/a_b*c~d"),
        ("https://en.wikipedia.org/wiki/Heat_(1995)", "https://en.wikipedia.org/wiki/Heat_(1995)"),
        # The punctuation Discord backs off from a link's end stays raw too.
        ("(see https://example.org).", "\\(see https://example.org)."),
        # ...and `<` after a link is parted from it, or its backslash would join the link.
        ("https://example.org<@1>", "https://example.org \\<@\u200b1\\>"),
        ("https://example.org).<b>", "https://example.org). \\<b\\>"),
        # Bars and backticks inside a link are percent-encoded, never left to pair.
        ("https://example.com/x||y `z`", "https://example.com/x%7C%7Cy \\`z\\`"),
        ("https://example.com/a`b`", "https://example.com/a%60b%60"),
        ("https://example.com/@everyone/@1", "https://example.com/%40everyone/@1"),
        (
            "https://example.com/[a](https://evil.example)",
            "https://example.com/%5Ba%5D(https://evil.example)",
        ),
        ("xhttps://example.com", "xhttps://example.com"),
    ],
)
def test_escape_text_keeps_links_clickable(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


@CASES
@given(st.one_of(noise, st.text()))
def test_escaped_text_reads_as_written_and_is_inert(text: str) -> None:
    escaped = escape_text(text)
    assert squashed(visible_text(escaped)) == squashed(text)
    assert hidden_text(escaped) == hidden_text(escaped, lazy_bars=True) == ""
    assert live_markdown(escaped) == []
    assert mentions_that_ping(escaped) == []


def test_escaped_text_keeps_its_newlines() -> None:
    text = "first line\nsecond line\n\nnew paragraph"
    assert visible_text(escape_text(text)) == text


# --- render_text: written-out cases ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "treatment", "inline", "rendered"),
    [
        ("a ||b|| c", WRAP, WRAP, "||a|| ||b|| ||c||"),
        ("a||b||c", WRAP, WRAP, "||a||\u200b||b||\u200b||c||"),
        ("a ||b|| c", WRAP, SHOW, "||a|| ||b|| ||c||"),
        ("a ||b|| c", SHOW, SHOW, "a b c"),
        ("a ||b|| c", SHOW, WRAP, "a ||b|| c"),
        ("a ||b|| c", SHOW, WITHHOLD, f"a {POINTER} c"),
        ("one\n\n\n  two ||x\n\ny|| z", WRAP, WRAP, "||one||\n\n||two|| ||x||\n\n||y|| ||z||"),
        ("one\nline two", WRAP, WRAP, "||one\nline two||"),
        ("see https://example.com/", WRAP, WRAP, "||see https://example.com/ ||"),
        ("||see https://example.com||", SHOW, WRAP, "||see https://example.com ||"),
        ("see https://example.com||twist||", SHOW, WRAP, "see https://example.com ||twist||"),
        ("it was || him", WRAP, WRAP, "||it was \\|\\| him||"),
        ("ends in a pipe |", WRAP, WRAP, "||ends in a pipe \\| ||"),
        ("cited[^3] twice [^12]", SHOW, SHOW, "cited\\[3\\] twice \\[12\\]"),
        ("", WRAP, WRAP, ""),
        ("  \n\n ", SHOW, SHOW, ""),
        ("anything ||at all||", WITHHOLD, SHOW, POINTER),
    ],
)
def test_render_text(text: str, treatment: Treatment, inline: Treatment, rendered: str) -> None:
    assert render(text, treatment, inline) == rendered


def test_withheld_spans_share_a_pointer_when_only_whitespace_parts_them() -> None:
    text = "The killer is ||Bob||. Later ||he|| ||dies|| and||then||more."
    assert render(text, SHOW, WITHHOLD) == (
        f"The killer is {POINTER}. Later {POINTER} and {POINTER} more."
    )


def test_an_inline_span_is_never_shown_more_openly_than_its_piece() -> None:
    assert render("a ||b||", WRAP, WITHHOLD) == f"||a {POINTER}||"
    assert "b" not in render("a ||b||", WRAP, WITHHOLD)


def test_the_pointer_is_escaped_too() -> None:
    assert render("x", WITHHOLD, SHOW) == escape_text(POINTER)
    hostile = render_text("||x||", SHOW, inline_treatment=WITHHOLD, pointer="@everyone ||y|| *z*")
    assert hostile == "@\u200beveryone \\|\\|y\\|\\| \\*z\\*"


def test_a_url_at_the_very_end_of_a_spoiler_keeps_the_spoiler_closed() -> None:
    for text in ("||https://example.com/ending||", "||(https://example.com/x).||"):
        rendered = render(text, SHOW, WRAP)
        for lazy in READINGS:
            assert visible_text(rendered, lazy_bars=lazy) == ""
    # Without the space Discord would read the closing bars as part of the link.
    assert visible_text("||see https://example.com||") != ""


def test_bars_right_after_a_url_in_content_are_still_the_authors_spoiler() -> None:
    text = f"source: https://example.com/review||{marker(1)} dies|| end"
    for treatment, inline in ((SHOW, WRAP), (WRAP, WRAP)):
        rendered = render(text, treatment, inline)
        for lazy in READINGS:
            assert marker(1) not in visible_text(rendered, lazy_bars=lazy)
            assert marker(1) in hidden_text(rendered, lazy_bars=lazy)


def test_a_zero_width_space_cannot_join_a_spoiler_to_a_link() -> None:
    # Found by the property tests: the invisible lead stayed outside the bars, touching the link.
    for space in ("\u200b", "\x1c", "\ufeff\u200b"):
        text = f"https://example.com/x||{space}{marker(1)}||"
        rendered = render(text, SHOW, WRAP)
        for lazy in READINGS:
            assert marker(1) not in visible_text(rendered, lazy_bars=lazy)
            assert marker(1) in hidden_text(rendered, lazy_bars=lazy)


def test_hostile_content_is_inert_at_every_treatment() -> None:
    text = (
        "@everyone <@123> <@&4> ||spoiler @here|| `code ||x||` ```block``` "
        "> quote\n# big\n-# small [x](https://evil.example) || ||| \\||"
    )
    for treatment in Treatment:
        for inline in Treatment:
            rendered = render(text, treatment, inline)
            assert mentions_that_ping(rendered) == []
            assert live_markdown(rendered) == []
            assert "||||" not in rendered


# --- render_text: properties -------------------------------------------------------------------


@CASES
@given(author_text(), st.sampled_from([SHOW, WRAP]))
def test_wrap_hides_every_marker(text: str, inline: Treatment) -> None:
    rendered = render(text, WRAP, inline)
    markers = set(MARKER.findall(text))
    for lazy in READINGS:
        assert seen(rendered, lazy=lazy) == set()
        assert behind_spoilers(rendered, lazy=lazy) == markers


@CASES
@given(author_text())
def test_show_with_wrapped_spans_hides_only_the_spans(text: str) -> None:
    plain, inline = markers_by_segment(text)
    rendered = render(text, SHOW, WRAP)
    if bars_hide_less_than_meant(text):
        # Bars left open or nested: the author meant to hide more than Discord would, so all of
        # it is hidden.
        plain, inline = set(), plain | inline
    for lazy in READINGS:
        assert seen(rendered, lazy=lazy) == plain
        assert behind_spoilers(rendered, lazy=lazy) == inline


@CASES
@given(author_text())
def test_show_withholding_spans_leaves_them_out(text: str) -> None:
    plain, _ = markers_by_segment(text)
    rendered = render(text, SHOW, WITHHOLD)
    unpaired = bars_hide_less_than_meant(text)
    if unpaired:
        plain = set()  # bars left open or nested: the whole text is withheld
    assert set(MARKER.findall(rendered)) == plain
    assert seen(rendered, lazy=False) == plain
    has_spans = unpaired or any(segment.inline_spoiler for segment in spans(text))
    assert (POINTER in visible_text(rendered)) == has_spans


@CASES
@given(author_text())
def test_show_reads_as_the_author_wrote_it(text: str) -> None:
    """The visible text is the original, bars and all; only whitespace may differ."""
    expected = "".join(segment.text for segment in parse_spans(footnoted(text)))
    assert squashed(visible_text(render(text, SHOW, SHOW))) == squashed(expected)
    plain = "".join(s.text for s in parse_spans(footnoted(text)) if not s.inline_spoiler)
    if bars_hide_less_than_meant(text):
        plain = ""  # bars left open or nested: the whole text is behind bars
    assert squashed(visible_text(render(text, SHOW, WRAP))) == squashed(plain)


@CASES
@given(author_text(), st.sampled_from(Treatment), st.sampled_from(Treatment))
def test_every_rendering_is_inert(text: str, treatment: Treatment, inline: Treatment) -> None:
    rendered = render(text, treatment, inline)
    assert mentions_that_ping(rendered) == []
    assert live_markdown(rendered) == []
    assert "||||" not in rendered
    assert rendered == rendered.strip()


@CASES
@given(author_text())
def test_wrap_is_idempotent(text: str) -> None:
    wrapped = render(text, WRAP, WRAP)
    assert wrap(wrapped) == wrapped
    assert wrap(render(text, SHOW, WRAP)) == wrapped


# --- plain text --------------------------------------------------------------------------------


def test_strip_markup() -> None:
    text = "The ||killer|| is\n\n*revealed*[^2]  at ||the|| ||end||."
    assert strip_markup(text) == "The … is *revealed*[2] at … … ."
    assert strip_markup(text, spoiler_placeholder=None) == (
        "The killer is *revealed*[2] at the end."
    )


@pytest.mark.parametrize(
    ("text", "limit", "truncated"),
    [
        ("short", 10, "short"),
        ("exactly ten", 11, "exactly ten"),
        ("one two three four", 12, "one two…"),
        ("one two three four", 14, "one two three…"),
        ("one two, three", 10, "one two,…"),
        ("unbreakableword and more", 8, "unbreak…"),
        ("word  next", 6, "word…"),
    ],
)
def test_truncate_plain(text: str, limit: int, truncated: str) -> None:
    assert truncate_plain(text, limit) == truncated


@CASES
@given(st.text(), st.integers(2, 60))
def test_truncate_plain_never_cuts_a_word_it_can_keep_whole(text: str, limit: int) -> None:
    truncated = truncate_plain(text, limit)
    assert len(truncated) <= limit
    if truncated == text:
        return
    head = truncated.removesuffix("…")
    assert text.startswith(head)
    words = text.split()
    if words and len(words[0]) < limit:
        assert text[len(head) : len(head) + 1].isspace()


@pytest.mark.parametrize(
    "bullet", ["+ ", "  + ", "+\t", "- ", "* ", "1. ", "2) ", "> ", "# ", "-# "]
)
@pytest.mark.parametrize("inline", [Treatment.WRAP, Treatment.WITHHOLD])
def test_an_authors_spoiler_opened_on_a_line_markdown_reads_as_a_block_stays_hidden(
    bullet: str, inline: Treatment
) -> None:
    """A list item, quote or heading is parsed on its own, so bars opened on its line could
    never close on the next one: the line must not start a block once rendered."""
    text = f"intro\n{bullet}a ||{marker(0)}\n{marker(1)}|| b\n{bullet}||{marker(2)}\n{marker(3)}||"
    rendered = render_text(text, Treatment.SHOW, inline_treatment=inline, pointer="(spoiler)")

    for lazy in (False, True):
        assert not MARKER.findall(visible_text(rendered, lazy_bars=lazy)), (lazy, rendered)
    assert live_markdown(rendered) == []


# --- spans typed one inside another --------------------------------------------------------

# What may open and close the inner span's words besides a letter: brackets, dashes, emoji,
# quotation and other marks, and (closing them) a sentence's marks.
_LEADS = ("", "(", "[", "—", "*", "💀", "«", "“", "¿", "#", "'")
_TRAILS = ("", ")", "]", "—", "*", "💀", "»", "”", "'", "…", ".", "!", ",")
# A sentence's mark is typed against a span's bars by an author who typed one span loosely
# ("She smiles.|| Greg dies||"): an inner span is told by the side spaced inside the outer span.
_SENTENCE_MARKS = ("…", ".", "!", ",")


@examples(200)
@given(
    st.sampled_from(_LEADS),
    st.sampled_from(_TRAILS),
    st.sampled_from(["both", "before", "after"]),
)
def test_a_span_typed_inside_another_never_shows_its_words(
    lead: str, trail: str, spaced: str
) -> None:
    """Spans do not nest: Discord pairs bars left to right, so the inner span's words, the
    very words hidden twice, are the part shown. Whatever stands at the inner span's edges
    (a bracket, a dash, an emoji), the whole text is a spoiler instead. The outer span's own
    words stand apart from the inner one's by a space on at least one side."""
    before = " " if spaced in ("both", "before") else ""
    after = " " if spaced in ("both", "after") else ""
    if spaced == "after" and trail in _SENTENCE_MARKS:
        trail = ""
    secret = marker(1)
    inner = f"{lead}Greg {secret} dies{trail}"
    text = f"A quiet town. ||At the end{before}||{inner}||{after}for good||."
    assert bars_hide_less_than_meant(text), text
    for inline in (WRAP, WITHHOLD):
        rendered = render(text, SHOW, inline)
        for lazy in READINGS:
            assert secret not in visible_text(rendered, lazy_bars=lazy), (text, rendered)


@examples(60)
@given(
    st.sampled_from(["彼は", "他说", "เธอ", "", "Mia"]),
    st.sampled_from(["ミアは", "她", "ว่า", "leaves"]),
    st.sampled_from(["と", "了", "แล้ว", "too"]),
    st.sampled_from(["言った", "。", "", " at last."]),
)
def test_a_span_typed_inside_another_without_spaces_never_shows_its_words(
    lead: str, before: str, after: str, trail: str
) -> None:
    """Chinese, Japanese and Thai are written without spaces, so a span typed inside another
    ("彼は||ミアは||死ぬ||と||言った") has no space to tell it by, and paired left to right
    the inner span's words (死ぬ, "dies"), the very words hidden twice, were shown. Words
    hugging two spans with no space or mark between them are such an inner span."""
    secret = marker(1)
    text = f"{lead}||{before}||{secret}||{after}||{trail}"
    assert bars_hide_less_than_meant(text), text
    for inline in (WRAP, WITHHOLD):
        rendered = render(text, SHOW, inline)
        for lazy in READINGS:
            assert secret not in visible_text(rendered, lazy_bars=lazy), (text, rendered)


@pytest.mark.parametrize(
    "text",
    ["||ミアは||、||死ぬ||", "||a||/||b||", "x ||Greg||'s ||end||", "||Mia|| dies ||too||"],
)
def test_two_spans_with_a_space_or_a_mark_between_them_are_not_nested(text: str) -> None:
    assert not bars_hide_less_than_meant(text)


# Other sites' spoiler markup, as ``(opening, closing)``: what it encloses is the spoiler meant.
OTHER_SITES_MARKUP = (
    (">!", "!<"),
    ("[spoiler]", "[/spoiler]"),
    ('[spoiler="Ending"]', "[/SPOILER]"),
    ("~!", "!~"),
    ("<details><summary>Ending</summary>", "</details>"),
    ("<details>", "</details>"),
    ("<spoiler>", "</spoiler>"),
    ("<tg-spoiler>", "</tg-spoiler>"),
    ('<span class="tg-spoiler">', "</span>"),
    ("<span data-mx-spoiler>", "</span>"),
    ('<div class="md-spoiler-text">', "</div>"),
    ("\n::: spoiler Ending\n", "\n:::\n"),
    ('[details="Ending"]', "[/details]"),
    ("[[spoiler:", "]]"),
    ("(view spoiler)[", "(hide spoiler)]"),
)


@examples(200)
@given(
    noise,
    noise,
    st.sampled_from(OTHER_SITES_MARKUP),
    st.sampled_from(["", " ", "\n"]),
    st.sampled_from(["", " ", "\n"]),
)
def test_other_sites_spoiler_markup_never_shows_what_it_encloses(
    before: str, after: str, markup: tuple[str, str], inside: str, outside: str
) -> None:
    """Whatever surrounds it, a word inside another site's spoiler markup is hidden in a public
    answer of text at level none, as a word behind ``||`` is (or the text is hidden whole)."""
    opening, closing = markup
    secret = marker(1)
    text = f"{before}{outside}{opening}{inside}{secret}{inside}{closing}{outside}{after}"
    shown = render_text(text, SHOW, inline_treatment=WRAP, pointer="")
    assert secret not in visible_text(shown), shown
    assert secret in hidden_text(shown)


# Markup a spoiler can be typed in around another: other sites' and Discord's own bars.
AROUND_MARKUP = (*OTHER_SITES_MARKUP, ("||", "||"), ("｜｜", "｜｜"))


@examples(150)
@given(
    st.sampled_from(AROUND_MARKUP),
    st.sampled_from(OTHER_SITES_MARKUP),
    st.sampled_from(["", " ", "、"]),
    st.sampled_from(["彼は", "At last ", ""]),
)
def test_spoiler_markup_typed_inside_spoiler_markup_never_shows_either(
    outer: tuple[str, str], inner: tuple[str, str], gap: str, lead: str
) -> None:
    """A spoiler typed inside another (of the same site, of another site's markup, or inside
    the author's own ``||`` bars), with or without spaces around it as Chinese and Japanese are
    written: every word of both is hidden, the inner one's above all (the words hidden twice).
    Read one markup at a time, each hidden span became bars inside bars, and Discord, pairing
    them left to right, showed the inner span's words (``彼は||ミアは~!死ぬ!~と||言った``
    showed 死ぬ, "dies"), or the outer one's after it."""
    secret, after = marker(1), marker(2)
    text = (
        f"{lead}{outer[0]}ミアは{gap}{inner[0]}{secret}{inner[1]}{gap}{after}{outer[1]}{gap}言った"
    )
    for inline in (WRAP, WITHHOLD):
        shown = render_text(text, SHOW, inline_treatment=inline, pointer="(spoiler)")
        for lazy in READINGS:
            for word in (secret, after):
                assert word not in visible_text(shown, lazy_bars=lazy), (text, shown)
        if inline is WRAP:
            assert secret in hidden_text(shown) and after in hidden_text(shown), (text, shown)


@examples(40)
@given(
    st.sampled_from(["彼は", "他说", "เธอ", "ມັນ", "ពួកគេ", "သူ", "カナは"]),
    st.sampled_from(["~!", ">!", "[spoiler]", "<spoiler>", "[[spoiler:", "(view spoiler)["]),
)
def test_a_spoiler_opened_against_an_unspaced_script_and_never_closed_hides_the_rest(
    lead: str, opening: str
) -> None:
    """In a script written without spaces between words, a spoiler's opening typed against the
    letter before it ("彼は~!ミアが死ぬ") opens it: there is no word's end to tell it from an
    exclamation ("Thanks~!"), and never closed, what follows it was shown in the open."""
    secret = marker(1)
    text = f"{lead}{opening}ミア{secret}が死ぬ。"
    assert bars_hide_less_than_meant(text), text
    for inline in (WRAP, WITHHOLD):
        shown = render_text(text, SHOW, inline_treatment=inline, pointer="(spoiler)")
        for lazy in READINGS:
            assert secret not in visible_text(shown, lazy_bars=lazy), (text, shown)


@examples(60)
@given(
    st.sampled_from(["Mia", "__", "x_", "42", "彼は", "Mia ", "", "(", "**"]),
    st.sampled_from(["", " ", "  ", "\n"]),
    st.sampled_from(["", ".", " and after.", "\n\nMore."]),
)
def test_an_anilist_opening_never_closed_hides_what_follows_wherever_it_stands(
    lead: str, gap: str, tail: str
) -> None:
    """AniList's ``~!`` never closed is bars left open whatever stands before it (a Latin
    letter, an underscore, a digit) or after it (a space): read as an opening only after no
    word and before no space, "Mia~!dies" and "a ~! Mia dies" showed what their authors
    typed it to hide."""
    secret = marker(1)
    text = f"{lead}~!{gap}Greg {secret}{tail}"
    assert bars_hide_less_than_meant(text), (text, bars_as_meant(text))
    for inline in (WRAP, WITHHOLD):
        shown = render_text(text, SHOW, inline_treatment=inline, pointer="(spoiler)")
        for lazy in READINGS:
            assert secret not in visible_text(shown, lazy_bars=lazy), (text, shown)


@examples(60)
@given(
    st.sampled_from([("~!", "!~"), (">!", "!<"), ("＞！", "！＜")]),
    st.sampled_from(["", " ", "__", "a"]),
    st.integers(1, 3),
)
def test_a_spoiler_whose_text_ends_in_its_openings_first_character_is_read(
    markup: tuple[str, str], lead: str, repeat: int
) -> None:
    """``~!X~~!~``: the text's last "~" and the closing's "!" read as an opening, so no span was
    found and the text shown as typed. The text may end in the opening's first character."""
    opening, closing = markup
    secret = marker(1)
    text = f"{lead}{opening}{secret}{opening[0] * repeat}{closing} after"
    shown = render_text(text, SHOW, inline_treatment=WRAP, pointer="")
    for lazy in READINGS:
        assert secret not in visible_text(shown, lazy_bars=lazy), (text, shown)
    assert secret in hidden_text(shown), (text, shown)


@examples(60)
@given(
    st.sampled_from(["[/spoiler]", "</spoiler>", "</details>", "</tg-spoiler>", "[/details]"]),
    st.sampled_from(
        ["[spoiler]", "<spoiler>", "<details>", "~!", ">!", "[[spoiler:", "(view spoiler)["]
    ),
    st.sampled_from(["", " ", "\n"]),
)
def test_spoiler_tags_left_without_their_pairs_never_pair_with_each_other(
    closing: str, opening: str, gap: str
) -> None:
    """A closing tag without its opening hid what came before it, an opening never closed what
    comes after it: each is bars left unpaired, the text a spoiler as a whole. Read as bars,
    the two paired with each other ("ミアは</spoiler>グレッグと<spoiler>結婚" became
    "ミアは||グレッグと||結婚") and showed the very words each was typed to hide."""
    before, after = marker(1), marker(2)
    text = f"ミア{before}は{gap}{closing}{gap}グレッグと{gap}{opening}{gap}{after}結婚"
    assert bars_hide_less_than_meant(text), (text, bars_as_meant(text))
    for inline in (WRAP, WITHHOLD):
        shown = render_text(text, SHOW, inline_treatment=inline, pointer="(spoiler)")
        for lazy in READINGS:
            for word in (before, after):
                assert word not in visible_text(shown, lazy_bars=lazy), (text, shown)


GAPS = ("", " ", "、", "は", "\n", "x")
"""What stands between spoilers and words: nothing (Chinese, Japanese), a space, a letter."""

# A spoiler tree: a leaf word, or a spoiler's markup around children each followed by a gap.
Tree = str | tuple[tuple[str, str], list[tuple["Tree", str]]]
spoiler_trees: st.SearchStrategy[Tree] = st.recursive(
    st.just("leaf"),
    lambda inside: st.tuples(
        st.sampled_from(OTHER_SITES_MARKUP),
        st.lists(st.tuples(inside, st.sampled_from(GAPS)), min_size=1, max_size=3),
    ),
    max_leaves=8,
)


def _typed(tree: Tree, hidden: bool, words: list[tuple[str, bool]]) -> str:
    """``tree`` as text; each leaf a new marker word, noted in ``words`` with whether it stands
    inside a spoiler."""
    if isinstance(tree, str):
        words.append((marker(len(words) + 1), hidden))
        return words[-1][0]
    (opening, closing), children = tree
    inside = "".join(_typed(child, True, words) + gap for child, gap in children)
    return f"{opening}{inside}{closing}"


@examples(120)
@given(
    st.sampled_from(["", "彼は", "At last "]),
    st.lists(st.tuples(spoiler_trees, st.sampled_from(GAPS)), min_size=1, max_size=3),
    st.sampled_from([None, ("||", "||"), ("｜｜", "｜｜")]),
)
def test_spoilers_typed_inside_spoilers_never_show_a_word_any_of_them_hid(
    lead: str, trees: list[tuple[Tree, str]], bars: tuple[str, str] | None
) -> None:
    """Spoilers of any site's markup typed inside each other, several deep and side by side,
    spaced or not, perhaps all inside the author's own bars: no word inside any of them is
    shown."""
    words: list[tuple[str, bool]] = []
    body = "".join(_typed(tree, bars is not None, words) + gap for tree, gap in trees)
    text = lead + (f"{bars[0]}{body}{bars[1]}" if bars else body)
    hidden = [word for word, inside in words if inside]
    for inline in (WRAP, WITHHOLD):
        shown = render_text(text, SHOW, inline_treatment=inline, pointer="(spoiler)")
        for lazy in READINGS:
            seen = visible_text(shown, lazy_bars=lazy)
            assert not [word for word in hidden if word in seen], (text, shown)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("＞！", "！＜"),
        ("＞!", "!＜"),
        ("［spoiler］", "［/spoiler］"),
        ("[spoiler］", "［/spoiler]"),
        ("［spoiler=結末］", "［/spoiler］"),
    ],
)
@pytest.mark.parametrize("gap", ["", " "])
def test_spoiler_markup_typed_in_full_width_hides_what_it_encloses(
    opening: str, closing: str, gap: str
) -> None:
    """Reddit's or BBCode's spoiler markup typed in an input method's full-width mode
    (``＞！…！＜``, ``［spoiler］``), as full-width bars ``｜｜`` are: the spoiler meant, never
    the twist shown as typed. (Not AniList's: ``～！`` is how Japanese draws out an
    exclamation, "やった～！".)"""
    secret = marker(1)
    text = f"彼は{gap}{opening}{gap}ミア{secret}が死ぬ{gap}{closing}{gap}言った"
    for inline in (WRAP, WITHHOLD):
        shown = render_text(text, SHOW, inline_treatment=inline, pointer="(spoiler)")
        for lazy in READINGS:
            assert secret not in visible_text(shown, lazy_bars=lazy), (text, shown)


@pytest.mark.parametrize(
    "typed",
    [
        "すごい！＜次回＞",
        "（＞！＜）",
        "やった～！また見たい！～",
        "＞！ 注意",
        "<b>！すごい！</b>",
    ],
)
def test_full_width_marks_that_pair_no_spoiler_markup_stay_as_typed(typed: str) -> None:
    assert bars_as_meant(typed) == typed


@pytest.mark.parametrize(
    ("opening", "closing"), [(">!", "!<"), ("~!", "!~"), ("[spoiler]", "[/spoiler]")]
)
def test_spoilers_nested_past_any_authors_depth_hide_the_whole_text(
    opening: str, closing: str
) -> None:
    """Each level of nesting is a pass over the text; past sixteen (no author's, only an attack
    on the renderer's time) the whole text is one spoiler, its every word hidden."""
    secret, before, after = marker(1), marker(2), marker(3)
    text = f"{before} {opening * 40}{secret}{closing * 40} {after}"
    shown = render_text(text, SHOW, inline_treatment=WRAP, pointer="")
    for lazy in READINGS:
        seen = visible_text(shown, lazy_bars=lazy)
        assert not [word for word in (secret, before, after) if word in seen], shown
    assert secret in hidden_text(shown)


# Other sites' spoiler markup with a caption, the label of the button a reader clicks there.
CAPTIONED_MARKUP = (
    ('[spoiler="{}"]', "[/spoiler]"),
    ("[spoiler={}]", "[/spoiler]"),
    ('[spoiler title="{}"]', "[/spoiler]"),
    ('[details="{}"]', "[/details]"),
    ("<details><summary>{}</summary>", "</details>"),
    ("\n::: spoiler {}\n", "\n:::\n"),
)


@examples(60)
@given(
    st.sampled_from(CAPTIONED_MARKUP),
    st.sampled_from(["Ending: Mia {} marries Greg", "{}", "Why {} dies"]),
    st.sampled_from(["", " ", "彼は"]),
)
def test_a_spoiler_markup_caption_is_hidden_with_its_spoiler(
    markup: tuple[str, str], caption: str, lead: str
) -> None:
    """A caption (``[spoiler="…"]``, ``[details="…"]``, a ``<summary>``, ``::: spoiler …``)
    heads what it hides, as a headline heads an article, and is often the twist itself ("Why
    Mia marries Greg"): it is hidden with the spoiler, never shown in the open."""
    opening, closing = markup
    secret = marker(1)
    text = f"{lead}{opening.format(caption.format(secret))}She does.{closing} Then credits."
    for inline in (WRAP, WITHHOLD):
        shown = render_text(text, SHOW, inline_treatment=inline, pointer="(spoiler)")
        for lazy in READINGS:
            assert secret not in visible_text(shown, lazy_bars=lazy), (text, shown)
    assert secret in hidden_text(render_text(text, SHOW, inline_treatment=WRAP, pointer=""))


@examples(200)
@given(
    noise,
    noise,
    noise.map(lambda text: text.replace("\r", " ").replace("\n", " ")),  # on the one line
    st.integers(1, 3),
)
def test_a_stack_exchange_block_spoiler_never_shows_its_lines(
    before: str, after: str, beside: str, lines: int
) -> None:
    """Lines starting ``>! `` (Stack Exchange's spoiler, closed by nothing) are hidden in a
    public answer of text at level none, whatever text stands around them."""
    block = "\n".join(f">! {beside} {marker(line)} {beside}" for line in range(lines))
    shown = render_text(f"{before}\n{block}\n{after}", SHOW, inline_treatment=WRAP, pointer="")
    for line in range(lines):
        assert marker(line) not in visible_text(shown), shown
        assert marker(line) in hidden_text(shown)


@examples(200)
@given(
    st.lists(
        st.tuples(st.sampled_from(["", ">! ", ">!", " >! ", "x >! "]), noise),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=4, max_size=4),
)
def test_spoiler_markup_is_read_alike_whatever_its_line_breaks(
    lines: list[tuple[str, str]], breaks: list[str]
) -> None:
    """A content file's text is read for bars as typed, and shown after its carriage returns
    are made line breaks: both readings find the same spoilers (a Stack Exchange block ends at
    a carriage return as at a line break), so what was checked is what is shown."""
    text = "".join(
        f"{opening}{words}{line_break}"
        for (opening, words), line_break in zip(lines, breaks, strict=False)
    )

    def newlines(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")

    assert newlines(bars_as_meant(text)) == bars_as_meant(newlines(text))


@pytest.mark.parametrize(
    "typed",
    [
        "Then >\u200b!Mia dies!< at last.",
        "Then >!Mia dies!\u2060< at last.",
        "Then ~\u200b!Mia dies!~ at last.",
        "Then ~!Mia dies!\u00ad~ at last.",
        "Then |\u0301|Mia dies|\u0301| at last.",
        "Then |\ufe0f|Mia dies|| at last.",
        "Then [\u200bspoiler]Mia dies[/\u200bspoiler] at last.",
        "Then <\u2060spoiler>Mia dies<\u2060/spoiler> at last.",
        "Then [\u200b[spoiler:Mia dies]\u200b] at last.",
    ],
)
def test_markup_with_an_invisible_character_inside_still_hides_its_words(typed: str) -> None:
    """A character drawn as nothing, or an accent, inside another site's opening or closing:
    the reader sees the markup, so its author meant it; Discord shows the words as typed."""
    for inline in (WRAP, WITHHOLD):
        rendered = render(typed, SHOW, inline)
        for lazy in (False, True):
            shown = visible_text(rendered, lazy_bars=lazy)
            assert "Mia" not in shown and "dies" not in shown, rendered
            assert "Then" in shown and "at last" in shown
    assert has_bar_lookalikes(typed)
    assert bars_as_meant(typed) == "Then ||Mia dies|| at last."


@pytest.mark.parametrize(
    "kept",
    ["👍\ufe0f!", "❤\ufe0f~!", "می\u200cخواهم!", "#\ufe0f\u20e3 ~", "@\u200beveryone"],
)
def test_characters_next_to_markup_characters_but_not_inside_markup_are_kept(kept: str) -> None:
    assert bars_as_meant(kept) == kept
