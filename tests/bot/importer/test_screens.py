"""The chrome rules' screens (bot/importer/screens.py) never change a decision."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.importer import chrome, citations, screens
from bot.importer.screens import AnyRule, fold, needs
from tests.support.hypothesis_profiles import examples

# Letters ``re`` treats as the same under IGNORECASE though str.lower() keeps them apart (or
# makes two characters of one), with plain letters, accents, Greek and Cyrillic around them.
_TRICKY = "İıiIſsSKkΣσςµμβϐẞßᲀвВ" + "aAzZéÉøØ" + "ﬅﬆ"


def test_fold_compares_characters_as_ignorecase_does() -> None:
    for first in _TRICKY:
        for second in _TRICKY:
            same = re.fullmatch(re.escape(first), second, re.I) is not None
            assert (fold(first) == fold(second)) is same, (first, second)
            assert len(fold(first)) == 1


def test_needs_reads_runs_branches_and_zero_width_items() -> None:
    tap = needs(re.compile(r"\b(?:tap|hit) the (?=\w)(?:heart|like)\b", re.I))
    assert tap == {f"{verb} the {what}" for verb in ("tap", "hit") for what in ("heart", "like")}
    # "[ıi]" is one letter to a case-blind pattern; an optional word promises nothing
    assert needs(re.compile(r"yan[ıi]tla", re.I)) == {"yanitla"}
    assert needs(re.compile(r"^(?:the )?\d+$", re.I)) is None
    assert needs(re.compile(r"\d+ (?:views?|likes?)$", re.I)) == {" view", " like"}


def test_a_line_is_screened_out_only_when_no_rule_matches_it() -> None:
    rule = AnyRule([re.compile(r"\bnewsletter\b", re.I), re.compile(r"\d{2}")], [re.compile("By")])
    assert rule.candidates("Sign up for the NEWSLETTER") == {0, 1}  # "\d{2}" is always tried
    assert rule.candidates("Cobb spins the top") == {1}
    assert rule.matches("Our NEWSLETTER") and rule.matches("By Ann")
    assert not rule.matches("Near By") and not rule.matches("no news letter")


def test_patterns_are_read_when_first_screened_not_when_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Making the screens (at import, for the chrome rules and attributions) reads no pattern:
    every process importing the importer, each test worker among them, paid for reading a
    hundred-odd. The first question reads each once; the answers are the same."""
    read: list[str] = []

    def counted(pattern: re.Pattern[str]) -> screens.Needs:
        read.append(pattern.pattern)
        return needs(pattern)

    monkeypatch.setattr(screens, "needs", counted)
    patterns = [re.compile(r"\bnewsletter\b", re.I), re.compile(r"\d{2}")]
    rule = AnyRule(patterns, [re.compile("By")])
    may_match = screens.screen(patterns[0])
    assert read == []
    assert rule.candidates("Cobb spins the top") == {1}
    assert rule.candidates("Sign up for the NEWSLETTER") == {0, 1}
    assert not may_match("cobb spins the top") and may_match("the newsletter")
    assert may_match("a newsletter!")
    assert sorted(read) == sorted([r"\bnewsletter\b", r"\d{2}", "By", r"\bnewsletter\b"])


def test_without_res_own_reader_every_rule_is_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python whose ``re`` keeps its private reader elsewhere gets no screen, not a wrong one."""
    monkeypatch.setattr(screens, "_parser", None)
    rule = AnyRule([re.compile(r"\bnewsletter\b", re.I), re.compile(r"\d{2}")], [re.compile("By")])
    assert needs(re.compile(r"\bnewsletter\b", re.I)) is None
    assert rule.candidates("Cobb spins the top") == {0, 1, 2}
    assert rule.matches("Our NEWSLETTER") and rule.matches("By Ann")
    assert not rule.matches("Near By") and not rule.matches("no news letter")


def _screening_texts() -> list[str]:
    rule = chrome._ANY_RULE
    return sorted(rule._screened().rules_after)


_PIECES = st.one_of(
    st.sampled_from(_screening_texts()),
    st.sampled_from(["By ", "Ann Lee", ": ", "· ", "12 ", "2024", ".", "!", " ", "\n", "@ann"]),
    st.text(alphabet=_TRICKY + "abcdefghijklmnop .,:·|-—@#0123456789", max_size=6),
)
_CASES = st.sampled_from(
    [
        str,
        str.upper,
        str.title,
        lambda text: text.replace("i", "ı").replace("I", "İ"),
        lambda text: text.replace("s", "ſ").replace("k", "K"),
    ]
)


@examples(300)
@given(st.lists(st.tuples(_PIECES, _CASES), max_size=8))
def test_chrome_lines_are_judged_as_every_rule_searched_would(
    parts: list[tuple[str, object]],
) -> None:
    text = "".join(case(piece) for piece, case in parts)  # type: ignore[operator]
    assert chrome._ANY_RULE.matches(text) == chrome._ANY_RULE.matches_unscreened(text)


_ATTRIBUTION_PIECES = st.sampled_from(
    [
        "Speaking to ",
        "told ",
        " in an interview with ",
        "Empire",
        "The Guardian",
        "Ann Lee",
        " wrote",
        ", critic ",
        " at ",
        " said in ",
        "dans un entretien avec ",
        " Tempo'ya verdiği röportaj",
        "接受《",
        "Variety》采访",
        ": “The top spins on.”",
        " ",
        ". ",
    ]
)


@examples(200)
@given(st.lists(st.tuples(_ATTRIBUTION_PIECES, _CASES), max_size=10))
def test_an_attribution_pattern_is_never_screened_out_of_a_text_it_matches(
    parts: list[tuple[str, object]],
) -> None:
    text = "".join(case(piece) for piece, case in parts)  # type: ignore[operator]
    folded = fold(text)
    for _genre, pattern, may_match in citations._SCREENED_ATTRIBUTIONS:
        if pattern.search(text):
            assert may_match(folded), (pattern.pattern, text)


def test_attribution_screens_pass_a_citation_and_stop_plain_prose() -> None:
    cited = "Speaking to Empire, Nolan said: “The top keeps spinning, and that is the point.”"
    prose = "Cobb walks to his children and the top keeps spinning on the table."
    screened = citations._SCREENED_ATTRIBUTIONS
    assert any(pattern.search(cited) and passes(fold(cited)) for _, pattern, passes in screened)
    assert not any(may_match(fold(prose)) for _, _, may_match in screened[1:6])
