"""The renderer's shortcuts give exactly what the general rules they stand in for give.

``wrap`` skips tokenising text with no bars, and ``escape_text`` escapes whole runs at once; here
each is checked against the slower, plainer rule on hostile text.
"""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.spoiler_policy import markup
from bot.spoiler_policy.markup import BARS, Treatment, escape_text, wrap
from tests.support.discord_markdown import author_text, noise
from tests.support.hypothesis_profiles import examples

CASES = examples(300)
hostile = st.one_of(author_text(), noise, st.lists(noise, max_size=6).map("\n\n".join))


def wrap_by_tokens(escaped: str) -> str:
    """``wrap`` as it is defined: over the tokens of the text, whatever it holds."""
    paragraphs = markup._paragraphs(markup.scan_rendered(escaped))
    wrapped = (markup._wrap_paragraph(tokens) for tokens in paragraphs)
    return "\n\n".join(paragraph for paragraph in wrapped if paragraph)


def escape_by_character(text: str) -> str:
    """``escape_text``'s rule one character at a time, links aside."""
    text = markup._normalise_newlines(text)
    dots = {match.start(match.lastindex or 0) for match in markup._LIST_MARKER.finditer(text)}
    out: list[str] = []
    pos = 0

    def escape_until(end: int) -> None:
        for i in range(pos, end):
            char = text[i]
            if char in markup._ALWAYS_ESCAPED or i in dots:
                out.append("\\" + char)
            elif char == "@" and markup._MENTION_AT.match(text, i):
                out.append(markup._MENTION_GUARD)
            else:
                out.append(char)

    for url in markup.URL_PATTERN.finditer(text):
        escape_until(url.start())
        out.append(markup._defuse_url(url.group()))
        tail_end = markup._URL_TAIL.match(text, url.end()).end()
        out.append(text[url.end() : tail_end])
        if tail_end < len(text) and not markup._JS_SPACE_CHAR.match(text, tail_end):
            out.append(" ")
        pos = tail_end
    escape_until(len(text))
    return "".join(out)


@CASES
@given(hostile)
def test_escape_text_matches_the_per_character_rule(text: str) -> None:
    assert escape_text(text) == escape_by_character(text)


@CASES
@given(hostile)
def test_wrap_without_bars_matches_wrapping_by_tokens(text: str) -> None:
    escaped = escape_text(text)
    assert BARS not in escaped
    assert wrap(escaped) == wrap_by_tokens(escaped)
    raw = text.replace("|", "")  # unescaped, but still without bars
    assert wrap(raw) == wrap_by_tokens(raw)


def test_fast_paths_on_edge_cases() -> None:
    texts = [
        "",
        " \n\n ",
        "1. one\n 2. two\n3.5",
        "see http://x.io/a\x85\n\nnext",
        "@everyone @here @1 @!2 @&3 @hereby @ here",
        "a\u200b\n\n\u200b\n\nb",
        "http://x.io/q\\\n\nhttp://y.io",
    ]
    for text in texts:
        assert escape_text(text) == escape_by_character(text)
        assert wrap(escape_text(text)) == wrap_by_tokens(escape_text(text))
        assert wrap(text) == wrap_by_tokens(text)


# --- the linear-time helpers give what the plain definitions they replace give -----------------

spacey = st.one_of(
    hostile,
    st.lists(
        st.sampled_from([" ", "\n", "\t", "\u200b", "\x85", "\ufeff", "a", "||", "://", "\\"])
    ).map("".join),
)


@CASES
@given(spacey)
def test_edges_match_the_lazy_pattern_they_replace(text: str) -> None:
    pattern = re.compile(f"([\\s{markup.ZWSP}]*)(.*?)([\\s{markup.ZWSP}]*)", re.DOTALL)
    assert markup._edges(text) == pattern.fullmatch(text).groups()


@CASES
@given(spacey)
def test_paragraph_split_matches_the_pattern_it_replaces(text: str) -> None:
    assert markup._split_paragraphs(text) == re.split(r"\s*\n\s*\n\s*", text)


@CASES
@given(spacey)
@example("a \n\n b\n\n\n\nc\n \nd\u2028\n\ne\n\u2028\nf\n\n\u200b\n\ng \n")
@example("a\n\n\n")
def test_wrap_split_at_line_breaks_side_by_side_wraps_the_same_paragraphs(text: str) -> None:
    """``wrap`` of text without bars, which splits in C where it can, as by its tokens."""
    text = text.replace("|", "")
    assert wrap(text) == wrap_by_tokens(text)
    paragraphs = [markup._wrap_run(run) for run in markup._paragraph_runs(text)]
    assert [p for p in paragraphs if p] == [
        p for p in map(markup._wrap_run, markup._split_paragraphs(text)) if p
    ]


@CASES
@given(st.lists(spacey, max_size=8))
def test_word_tail_fed_in_pieces_answers_as_bars_need_gap_on_the_whole(pieces: list[str]) -> None:
    tail = markup.WordTail()
    for index, piece in enumerate(pieces):
        tail.feed(piece)
        assert tail.needs_gap == markup.bars_need_gap("".join(pieces[: index + 1]))


@CASES
@given(spacey)
def test_spans_match_pairing_bars_left_to_right(text: str) -> None:
    # The definition: cut at paired bars, drop empty pieces, merge neighbours of one kind.
    pieces: list[tuple[str, bool]] = []
    pos = 0
    while (opened := text.find(BARS, pos)) != -1:
        closed = text.find(BARS, opened + 3)
        if closed == -1:
            break
        pieces += [(text[pos:opened], False), (text[opened + 2 : closed], True)]
        pos = closed + 2
    pieces.append((text[pos:], False))
    merged: list[tuple[str, bool]] = []
    for piece, hidden in pieces:
        if piece and merged and merged[-1][1] == hidden:
            merged[-1] = (merged[-1][0] + piece, hidden)
        elif piece:
            merged.append((piece, hidden))
    assert [(s.text, s.inline_spoiler) for s in markup.parse_spans(text)] == merged


# --- render_text's shortcuts for the common author text ----------------------------------------

listy = st.lists(
    st.one_of(noise, st.sampled_from(["1.", "12.", "+", "1)", " 3.", "\t+", "\n", "\r", " "]))
).map("".join)
footnoted = st.lists(
    st.one_of(noise, st.sampled_from(["[^1]", "[^12]", "[^", "[^]", "[^1", "[[^2]]", "[^^3]"]))
).map("".join)


@CASES
@given(st.one_of(hostile, listy))
def test_list_markers_found_from_line_breaks_are_those_found_at_every_line_start(
    text: str,
) -> None:
    expected = [found.start(found.lastindex or 0) for found in markup._LIST_MARKER.finditer(text)]
    assert markup._list_dots(text) == expected


@CASES
@given(st.one_of(hostile, footnoted))
def test_footnote_markers_render_as_the_pattern_with_the_number_gives(text: str) -> None:
    # Bars typed as look-alikes ("︱︱") are read as the bars meant first (``bars_as_meant``).
    meant = markup.bars_as_meant(markup._normalise_newlines(text))
    by_number = re.sub(r"\[\^(\d+)\]", r"[\1]", meant)
    assert markup._prepare(text) == markup._PARAGRAPH_BREAK.sub("\n\n", by_number).strip()


@CASES
@given(st.one_of(hostile, spacey), st.sampled_from([Treatment.WRAP, Treatment.WITHHOLD]))
def test_text_without_spans_renders_as_rendering_it_span_by_span_does(
    text: str, inline: Treatment
) -> None:
    segments = markup.parse_spans(markup._prepare(text))
    if any(segment.inline_spoiler for segment in segments):
        segments = [markup.Segment(s.text, False) for s in segments][:1]  # one plain segment
    pointer = markup._escaped_pointer("Ask with /ending.")
    assert markup._render_segments(segments, inline, pointer) == markup._render_spans(
        segments, inline, pointer
    )


@CASES
@given(spacey)
def test_bars_need_gap_reads_only_the_last_character_of_text_without_a_scheme(text: str) -> None:
    last_word = re.split(f"[{markup._JS_SPACE}]", text)[-1]
    expected = "://" in last_word or last_word[-1:] in ("|", "\\")
    assert markup.bars_need_gap(text) == expected


def test_the_stricter_treatment_is_the_later_one() -> None:
    order = list(Treatment)
    for first in Treatment:
        for second in Treatment:
            assert first.at_least(second) is max(first, second, key=order.index)


@CASES
@given(st.one_of(hostile, spacey), st.sampled_from([Treatment.WRAP, Treatment.WITHHOLD]))
def test_wrapped_text_renders_as_wrapping_its_shown_text_by_tokens(
    text: str, inline: Treatment
) -> None:
    """``render_text`` wraps a text without spans by splitting it at ``\\n\\n`` alone (its
    ``_prepare``d paragraph breaks), and escapes its pieces without normalising their newlines
    again: the same as escaping the text as given and wrapping it by the general rule."""
    pointer = "Ask with /ending."
    prepared = markup._prepare(text)
    segments = markup.parse_spans(prepared)
    treatment = Treatment.WRAP
    if BARS in prepared and (
        any(BARS in s.text for s in segments if not s.inline_spoiler)
        or markup.has_nested_bars(prepared)
    ):
        treatment = inline.at_least(treatment)
    if treatment is Treatment.WITHHOLD:
        expected = escape_text(pointer).strip()
    else:
        if len(segments) < 2 and not any(s.inline_spoiler for s in segments):
            shown = escape_text(segments[0].text) if segments else ""
        else:
            shown = markup._render_spans(segments, inline, escape_text(pointer).strip())
        expected = wrap_by_tokens(shown.strip())
    assert markup.render_text(text, Treatment.WRAP, inline_treatment=inline, pointer=pointer) == (
        expected
    )
