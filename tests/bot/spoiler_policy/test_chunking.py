"""Splitting rendered markdown into Discord-sized chunks without leaking or losing a word."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.features.film.documents import CitedSource
from bot.spoiler_policy import chunking
from bot.spoiler_policy.chunking import MIN_LIMIT, split_message
from bot.spoiler_policy.markup import Treatment, render_text
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
READINGS = (False, True)
CASES = examples(350)


def render(text: str, treatment: Treatment, inline: Treatment = WRAP) -> str:
    return render_text(text, treatment, inline_treatment=inline, pointer=POINTER)


def squashed(text: str) -> str:
    return "".join(char for char in text if not char.isspace())


# A link runs on over what Python takes for space and Discord (JavaScript) does not, such as
# U+001C (``chunking`` cuts it so, or bars inside it would pair differently from Discord).
_WORD = re.compile(r"\S*?https?://[^ \t\n\r\f\v]*|\S+")
_LINK_AT_END = re.compile(r"https?://[^ \t\n\r\f\v]*\Z")


_ESCAPED_MARKER = re.compile(r"^(\d+)\\(\.)|^\\(\+)")


def words(text: str) -> list[str]:
    """Whitespace-separated words once spoiler bars are taken out, a link as Discord reads it.
    A list marker's escape ("1\\.", "\\+") is read as the text it keeps: a chunk starting with
    one escapes it (``chunking._list_marker``), and ``assert_well_formed`` checks that."""
    return [_ESCAPED_MARKER.sub(r"\1\2\3", word) for word in _WORD.findall(text.replace("||", ""))]


def assert_well_formed(chunks: list[str], limit: int) -> None:
    for chunk in chunks:
        assert 0 < len(chunk) <= limit
        assert chunk == chunk.lstrip()
        assert chunk == chunk.rstrip() or _LINK_AT_END.search(chunk)
        assert "||||" not in chunk
        assert chunk.replace("||", "").strip()
        assert live_markdown(chunk) == []
        assert mentions_that_ping(chunk) == []


def assert_same_text(original: str, chunks: list[str]) -> None:
    """Nothing lost, duplicated or moved between visible and hidden, in either reading."""
    for lazy in READINGS:
        for read in (visible_text, hidden_text):
            whole = squashed(read(original, lazy_bars=lazy))
            assert "".join(squashed(read(chunk, lazy_bars=lazy)) for chunk in chunks) == whole


def assert_hidden_stays_hidden(original: str, chunks: list[str]) -> None:
    shown = set(MARKER.findall(visible_text(original)))
    hidden = set(MARKER.findall(hidden_text(original)))
    for lazy in READINGS:
        for chunk in chunks:
            assert set(MARKER.findall(visible_text(chunk, lazy_bars=lazy))) <= shown
        in_chunks = {
            m for chunk in chunks for m in MARKER.findall(hidden_text(chunk, lazy_bars=lazy))
        }
        assert in_chunks == hidden


@st.composite
def rendered_answers(draw: st.DrawFn) -> str:
    """Several rendered pieces joined as the answer renderer joins them."""
    pieces = draw(
        st.lists(
            st.tuples(
                author_text(max_parts=6), st.sampled_from(Treatment), st.sampled_from(Treatment)
            ),
            min_size=1,
            max_size=3,
        )
    )
    return "\n\n".join(render(text, treatment, inline) for text, treatment, inline in pieces)


# --- properties --------------------------------------------------------------------------------


def room_taken(text: str) -> list[tuple[str, int]]:
    """Each of ``words(text)`` with the room it takes in ``text``: bars inside a word (where
    one spoiler ends and the next begins) travel with it into its chunk."""
    spans = [(token.replace("||", ""), len(token)) for token in _WORD.findall(text)]
    spans = [(word, room) for word, room in spans if word]
    if [word for word, _ in spans] == words(text):
        return spans
    # Taking bars out joined a link ("htt||ps://"): count every bar of the text against each word.
    return [(word, len(word) + 2 * text.count("||")) for word in words(text)]


def assert_words_kept_whole(original: str, chunks: list[str], limit: int) -> None:
    """Only a word too long for a chunk of its own may be cut inside."""
    pieces = [word for chunk in chunks for word in words(chunk)]
    # A word of its own never needs more than its room plus `||` and ` ||`.
    fitting = [word for word, room in room_taken(original) if room + 5 <= limit]
    if len(fitting) == len(words(original)):
        assert pieces == words(original)
    else:
        # The rest of a cut link is no longer a link, so it gets escaped: compare what fits.
        assert Counter(words(" ".join(fitting))) <= Counter(pieces)


@CASES
@given(rendered_answers(), st.integers(24, 400))
# Found by a CI run: a link followed by U+001C, which Python splits at and Discord does not.
@example("\\[\\|\\|\\]\\(https://x.io)\x1c QZX000Q", 24)
@example("QZX000Q \\[\\]\\(https://x.io)\x1c%7C%7C", 24)
# A word running across two spoilers ("…||\u200b||…") takes their bars into its chunk too.
@example("||QZX000Q " + "a" * 120 + "||\u200b||\\|\\|" + "b" * 40 + " QZX001Q||", 170)
def test_chunks_are_safe_and_lose_nothing(text: str, limit: int) -> None:
    chunks = split_message(text, limit)
    assert_well_formed(chunks, limit)
    assert_same_text(text, chunks)
    assert_hidden_stays_hidden(text, chunks)
    assert_words_kept_whole(text, chunks, limit)
    assert split_message(text, max(len(text), MIN_LIMIT)) == ([text] if text else [])


@st.composite
def source_lists(draw: st.DrawFn) -> str:
    """A "Sources" paragraph as answers end with: a rendered line per source, some ending in a
    link (followed by what a link may or may not swallow)."""
    lines = draw(
        st.lists(
            st.tuples(
                st.one_of(author_text(max_parts=3), noise),
                st.sampled_from(Treatment),
                st.sampled_from(["", " https://example.org/a", " https://example.org/b."]),
                st.sampled_from(["", " ", "\r", "\x1c"]),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return "**Sources**\n" + "\n".join(
        render(text + link + tail, treatment) for text, treatment, link, tail in lines
    )


@st.composite
def cited_source_lists(draw: st.DrawFn) -> str:
    """A "Sources" paragraph as ``render_blocks`` lists sources: each source's number and its
    words rendered apart (``CitedSource.rendered``), so a line is two spoilers when wrapped."""
    sources = draw(
        st.lists(
            st.builds(
                CitedSource,
                number=st.integers(1, 12),
                author=st.one_of(author_text(max_parts=2), noise),
                outlet=st.one_of(st.none(), st.sampled_from(["Variety", "a|b", "x\\"])),
                title=st.one_of(author_text(max_parts=2), noise),
                url=st.sampled_from(
                    [None, "https://example.org/a", "https://example.org/b.", "steam://run/1"]
                ),
            ),
            min_size=1,
            max_size=6,
        )
    )
    treatment, inline = draw(st.sampled_from(Treatment)), draw(st.sampled_from(Treatment))
    return "**Sources**\n" + "\n".join(
        source.rendered(treatment, inline=inline, pointer="") for source in sources
    )


# Made once, not inside each draw (each new strategy was validated again): the same examples.
_PARAGRAPHS = st.lists(
    st.one_of(rendered_answers(), source_lists(), cited_source_lists(), noise, author_text()),
    max_size=8,
)
_BREAKS = st.sampled_from(["\n\n", "\n \n", " \n\n\t", "\n\n\n", "\n", " "])
_LEADS = st.sampled_from(["", " ", "\n\n"])


@st.composite
def paragraphs_to_cut(draw: st.DrawFn) -> str:
    """Rendered answers and raw hostile text as paragraphs, with breaks of any shape between."""
    pieces = draw(_PARAGRAPHS)
    text = ""
    for piece in pieces:
        text += piece + draw(_BREAKS)
    return draw(_LEADS) + text


@CASES
@given(paragraphs_to_cut(), st.integers(MIN_LIMIT, 300))
# Found by this test: whitespace at the very end; bars between spaces (merged by the token
# rule); a space Python sees and Discord does not, swallowed by the link before it.
@example("QZX000Q\n", 10)
@example("QZX000Q\n\n||| QZX000Q ||  QZX001Q  \n\n", 32)
@example("\n\n[x](https://evil.example)\x1c\n\n", 25)
def test_whole_paragraph_cuts_are_the_token_rules_cuts(text: str, limit: int) -> None:
    """The shortcut that slices plain paragraphs gives exactly the chunks of the general rule."""
    assert split_message(text, limit) == chunking._split_tokens(text, limit)


def tokenised_while_cutting(monkeypatch, text: str, limit: int) -> list[str]:
    """What ``split_message`` read token by token, checking it cut as the token rule does."""
    expected = chunking._split_tokens(text, limit)
    scanned: list[str] = []
    original = chunking.scan_rendered
    monkeypatch.setattr(
        chunking, "scan_rendered", lambda piece: scanned.append(piece) or original(piece)
    )
    assert split_message(text, limit) == expected
    return scanned


def test_a_plain_answer_is_cut_at_paragraphs_without_tokenising(monkeypatch) -> None:
    text = render(ending(9000), WRAP) + "\n\n" + render("See https://example.com/x ||twist||", SHOW)
    scanned = tokenised_while_cutting(monkeypatch, text, 1900)
    # Only the paragraph with a link was read token by token.
    assert scanned and all("https://" in piece for piece in scanned)
    assert sum(map(len, scanned)) < 100


def test_a_list_of_sources_is_read_token_by_token_only_on_its_unusual_lines(
    monkeypatch,
) -> None:
    links = ["", " https://example.org/essay/2", "", " https://example.org/x\x1cmore"]
    lines = [
        render(f"[{n}] Critic {n}, Outlet: Essay on the ending" + link, WRAP)
        for n, link in enumerate(links, start=1)
    ]
    text = render(ending(3000), WRAP) + "\n\n**Sources**\n" + "\n".join(lines)
    # A wrapped line ending in a link is one spoiler, written back as it stands; a space
    # Python sees and Discord does not (swallowed by the link) is left to the token rule.
    assert tokenised_while_cutting(monkeypatch, text, 1900) == [lines[3]]


def test_sources_listed_as_answers_list_them_are_cut_without_tokenising(monkeypatch) -> None:
    """Each line a wrapped number and the wrapped words apart (``CitedSource.rendered``), the
    words ending in a link or not: written back as they stand, like a line of one spoiler."""
    sources = [
        CitedSource(n, f"Critic {n}", "Outlet", "Essay on the ending", url)
        for n, url in enumerate([None, "https://example.org/essay/2", "steam://run/3"], start=1)
    ]
    lines = [source.rendered(WRAP, inline=WRAP, pointer="") for source in sources]
    assert lines[1] == (
        "||\\[2\\]|| ||Critic 2, Outlet: Essay on the ending https://example.org/essay/2 ||"
    )
    text = render(ending(3000), WRAP) + "\n\n**Sources**\n" + "\n".join(lines)
    assert tokenised_while_cutting(monkeypatch, text, 1900) == []


# --- written-out cases -------------------------------------------------------------------------


def ending(length: int) -> str:
    """An ending of about ``length`` characters, in paragraphs of sentences, markers planted."""
    sentences = [
        f"In scene {i} the {marker(i)} twist turns out to be {i % 7} steps ahead of everyone."
        for i in range(length // 60 + 1)
    ]
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs)[:length].rsplit(" ", 1)[0]


@pytest.mark.parametrize("limit", [1024, 2000, 4096])
@pytest.mark.parametrize("inline", [SHOW, WRAP])
def test_an_8000_character_ending_splits_cleanly(limit: int, inline: Treatment) -> None:
    text = render(ending(8000), WRAP, inline)
    assert len(text) > 8000
    chunks = split_message(text, limit)
    assert_well_formed(chunks, limit)
    assert_same_text(text, chunks)
    assert_hidden_stays_hidden(text, chunks)
    assert len(chunks) <= len(text) // (limit // 2) + 1
    assert words(" ".join(chunks)) == words(text)
    for chunk in chunks:
        assert chunk.startswith("||") and chunk.endswith("||")
        assert visible_text(chunk).strip("\u200b \n") == ""


def test_a_spoiler_open_at_a_cut_is_closed_and_reopened() -> None:
    text = "||one two three four five six seven eight||"
    assert split_message(text, 20) == ["||one two three||", "||four five six||", "||seven eight||"]


def test_cuts_prefer_paragraphs_then_lines_then_sentences_then_words() -> None:
    limit = 40
    assert split_message("a" * 25 + "\n\n" + "b" * 10 + "\n" + "c" * 10, limit)[0] == "a" * 25
    assert split_message("a" * 10 + " b.\n" + "c" * 12 + ". " + "d" * 20, limit)[0] == (
        "a" * 10 + " b.\n" + "c" * 12 + "."
    )
    assert split_message("Aaa aaaaaaaaaaa aaaaaa? Bbb bb bbbb bbbbbbb bbb", limit)[0] == (
        "Aaa aaaaaaaaaaa aaaaaa?"
    )
    assert split_message("Said \\(it.\\) So " + "w " * 30, limit)[0].startswith("Said \\(it.\\)")


def test_a_break_near_the_start_does_not_waste_a_chunk() -> None:
    text = "**Ending**\n\n" + " ".join(["word"] * 30)
    first = split_message(text, 60)[0]
    assert first.startswith("**Ending**\n\nword word")
    assert len(first) > 30


def test_a_single_5000_character_word_is_cut_only_because_it_must_be() -> None:
    word = "x" * 5000
    for treatment in (SHOW, WRAP):
        text = render(f"Before it. {word} After it.", treatment)
        chunks = split_message(text, 1024)
        assert_well_formed(chunks, 1024)
        assert_same_text(text, chunks)
        assert "".join(words(" ".join(chunks))) == "".join(words(text))
        assert words(chunks[0])[:2] == ["Before", "it."]
        assert words(chunks[-1])[-2:] == ["After", "it."]


def test_a_5000_character_link_in_a_spoiler_is_cut_and_stays_hidden() -> None:
    link = "https://example.com/" + "a_b*" * 1245
    text = render(f"||{marker(1)} {link}||", SHOW)
    chunks = split_message(text, 1024)
    assert_well_formed(chunks, 1024)
    assert_same_text(text, chunks)
    assert_hidden_stays_hidden(text, chunks)
    assert chunks[0] == f"||{marker(1)}||"
    assert chunks[1].startswith("||https://example.com/a_b*a_b*")
    assert chunks[1].endswith(" ||")  # the link's first piece is still a link


def test_a_long_word_never_splits_an_escape_or_a_mention_guard() -> None:
    for limit in range(MIN_LIMIT, 40):
        text = render("@everyone\\|" * 40, SHOW)
        chunks = split_message(text, limit)
        assert_well_formed(chunks, limit)
        assert_same_text(text, chunks)
        for chunk in chunks:
            assert not chunk.endswith("@")
            assert not chunk.lstrip("|").startswith("\u200b")
            body = chunk.removesuffix("||").rstrip()
            assert (len(body) - len(body.rstrip("\\"))) % 2 == 0


def test_a_long_word_is_not_cut_inside_a_grapheme() -> None:
    text = "e\u0301" * 100
    for chunk in split_message(text, 25):
        assert not chunk.startswith("\u0301")


@pytest.mark.parametrize("run", ["e" + "\u0301" * 500, "\u200d" * 500, "a\u200d" * 250])
def test_a_run_of_marks_longer_than_a_chunk_fills_its_chunks(run: str) -> None:
    # No character boundary exists, so the run is cut where it overflows: full chunks, not
    # one-character ones (which also cost a rescan of the rest per character).
    chunks = split_message(run, 100)
    assert "".join(chunks) == run
    assert all(90 <= len(chunk) <= 100 for chunk in chunks[:-1])


def test_a_link_before_a_cut_gets_a_space_before_the_closing_bars() -> None:
    text = "||see https://example.com/a and more words here||"
    chunks = split_message(text, 30)
    assert chunks[0] == "||see https://example.com/a ||"
    for chunk in chunks:
        assert visible_text(chunk) == ""


def test_a_cut_right_before_the_closing_bars_makes_no_empty_spoiler() -> None:
    text = "||aaaa bbbb ||cccc dddd"
    assert split_message(text, 14) == ["||aaaa bbbb||", "cccc dddd"]


def test_an_unpaired_bar_stays_literal() -> None:
    text = "||a|| lone || at the end"
    chunks = split_message(text, 12)
    assert all(chunk.count("||") % 2 == 0 for chunk in chunks)
    assert "".join(visible_text(chunk) for chunk in chunks).replace(" ", "") == "lone||attheend"


def test_empty_text_has_no_chunks() -> None:
    assert split_message("", 100) == []
    assert split_message(" \n\n ", 100) == []


def test_a_limit_too_small_is_refused() -> None:
    with pytest.raises(ValueError):
        split_message("text", MIN_LIMIT - 1)


@st.composite
def prose_with_markers_mid_line(draw: st.DrawFn) -> str:
    """Author prose in which a list marker ("1.", "+") stands mid-line, where it is plain text,
    and spoilers run across lines: a cut right before the marker makes it a line start."""
    pieces: list[str] = []
    for index in range(draw(st.integers(1, 8))):
        pieces.append(draw(st.sampled_from(("w", "word", "12.", "1.", "+", "2021.", "x+"))))
        if draw(st.booleans()):
            pieces.append(f"||{marker(index)}\n{marker(index + 100)}||")
        pieces.append(draw(st.sampled_from((" ", " ", "\n"))))
    return "".join(pieces)


@examples(400)
@given(prose_with_markers_mid_line(), st.integers(24, 60), st.sampled_from(Treatment))
@example("word word word word 1. ||QZX000Q\nQZX100Q||", 24, Treatment.SHOW)
@example("word word word word + ||QZX000Q\nQZX100Q||", 24, Treatment.SHOW)
def test_a_cut_never_makes_a_line_that_starts_a_block(
    text: str, limit: int, treatment: Treatment
) -> None:
    """Each chunk is a message (or page) of its own, so its first word stands at a line start:
    "1." or "+" there would start a list item, which Discord parses on its own, and a spoiler
    opened on that line and closed on the next would show both."""
    rendered = render(text, treatment)
    chunks = split_message(rendered, limit)
    assert_well_formed(chunks, limit)
    assert_hidden_stays_hidden(rendered, chunks)
    assert_same_text(rendered, chunks)


one_spoiler = st.builds(
    lambda text, link, gap: f"||{text}{link}{gap}||",
    st.one_of(noise, author_text(max_parts=2)),
    st.sampled_from(["", " https://example.org/a", " https://x.io/(a)", "steam://run/1", " a://b"]),
    st.sampled_from(["", " ", "  ", "\t", "\x1c ", "\ufeff "]),
)


@CASES
@given(st.one_of(one_spoiler, source_lists(), cited_source_lists(), noise))
def test_a_paragraph_renders_as_itself_exactly_when_the_token_rule_gives_it_back(
    text: str,
) -> None:
    # As paragraphs and lines are cut out of a text: without whitespace at their edges.
    for paragraph in {piece.strip() for piece in [text, *text.split("\n")]}:
        expected = chunking._render_tokens(paragraph) == paragraph
        assert chunking._renders_as_itself(paragraph) == expected


NOT_PLAIN = re.compile(r"\||\\(?![^0-9A-Za-z\s|\\])")


def plain_piece_by_piece(paragraph: str) -> bool:
    """The definition: split at bars, no piece holds a bar or a backslash that is not an
    escape of something other than a bar or backslash; spoilers hold something, with no
    whitespace at their edges, and only the first and last pieces may be empty."""
    pieces = paragraph.split("||")
    return bool(len(pieces) % 2) and all(
        not NOT_PLAIN.search(piece)
        and (piece and not piece[0].isspace() and not piece[-1].isspace() if i % 2 else True)
        and (piece or i in (0, len(pieces) - 1))
        for i, piece in enumerate(pieces)
    )


@CASES
@given(st.one_of(one_spoiler, rendered_answers(), noise, st.text(alphabet="|\\ a[\n")))
@example("a\\||b||")  # a word ending in a backslash, right before bars
@example("||a|| \\")
def test_plain_paragraphs_found_at_once_are_those_found_piece_by_piece(text: str) -> None:
    for paragraph in [text, *text.split("\n\n")]:
        assert chunking._plain_words_and_spoilers(paragraph) == plain_piece_by_piece(paragraph)
