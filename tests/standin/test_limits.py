"""Discord's rules on what an interaction may be answered with (``tests/standin/limits.py``),
shared by the stand-in and ``tests/support/fake_discord.py``: each rule refuses what Discord
refuses and takes what Discord takes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.standin.limits import (
    CALLBACKS_FOR,
    CREATE_FLAGS,
    EDIT_FLAGS,
    callback_problems,
    callback_type_problem,
    edit_flag_problems,
    flag_problems,
    focused_option,
    is_empty_after_edit,
)
from tests.support.hypothesis_profiles import examples

KINDS = range(1, 13)
"""Interaction response types 1-12 (PONG ... LAUNCH_ACTIVITY)."""
FLAG_BITS = st.integers(min_value=0, max_value=20).map(lambda bit: 1 << bit)


@given(interaction=st.integers(1, 6), kind=st.sampled_from(KINDS), message=st.booleans())
@examples(200)
def test_each_interaction_takes_only_its_callback_types(
    interaction: int, kind: int, message: bool
) -> None:
    wrong = callback_type_problem(interaction, kind, message)
    takes = kind in CALLBACKS_FOR.get(interaction, frozenset())
    if interaction == 5 and kind == 7 and not message:
        takes = False  # a form opened by a command has no message to update
    assert (wrong is None) == takes, (interaction, kind, message, wrong)


def test_the_callbacks_discord_names_invalid_are_refused() -> None:
    assert callback_type_problem(5, 9, True)  # a modal in answer to a modal
    assert callback_type_problem(2, 8, False)  # choices to a command
    assert callback_type_problem(4, 4, False)  # a message to typing
    assert callback_type_problem(2, 6, False) and callback_type_problem(2, 7, False)
    assert callback_type_problem(5, 6, False) is None  # acknowledges a command's form
    assert callback_type_problem(3, 9, True) is None


@given(bit=FLAG_BITS)
@examples(100)
def test_a_new_message_carries_only_the_flags_discord_lets_it_set(bit: int) -> None:
    refused = bool(flag_problems(bit, CREATE_FLAGS))
    assert refused == (bit not in {1 << 2, 1 << 6, 1 << 12, 1 << 13, 1 << 15})
    assert bool(callback_problems(4, {"flags": bit})) == refused


@given(bit=FLAG_BITS, current=st.sampled_from([0, 1 << 6, 1 << 15, (1 << 6) | (1 << 7)]))
@examples(100)
def test_an_edit_changes_only_suppress_embeds_and_keeps_other_bits_as_they_are(
    bit: int, current: int
) -> None:
    problems = edit_flag_problems(bit | (current & ~EDIT_FLAGS), current)
    unsets_v2 = bool(current & (1 << 15)) and not bit & (1 << 15)
    assert bool(problems) == (not bit & (EDIT_FLAGS | current) or unsets_v2)
    # An ephemeral message's edit may say it is ephemeral; a public one's may not make it so.
    assert edit_flag_problems(1 << 6, 1 << 6) == []
    assert edit_flag_problems(1 << 6, 0)


def test_thinking_decides_who_sees_the_answer_and_nothing_else() -> None:
    assert callback_problems(5, {"flags": 1 << 6}) == []
    assert callback_problems(5, {"flags": 1 << 2})
    assert callback_problems(7, {"content": "x", "flags": 1 << 6}, current_flags=0)
    assert callback_problems(7, {"content": "x", "flags": 1 << 6}, current_flags=1 << 6) == []


STRINGS = st.text(min_size=1, max_size=100)


@given(
    value=st.one_of(
        STRINGS,
        st.text(min_size=101, max_size=120),
        st.integers(-(2**60), 2**60),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
    ),
    option_type=st.sampled_from([3, 4, 10]),
)
@examples(300)
def test_a_choice_holds_a_value_of_its_options_type(value: object, option_type: int) -> None:
    problems = callback_problems(
        8, {"choices": [{"name": "n", "value": value}]}, option_type=option_type
    )
    if isinstance(value, bool):
        fits = False
    elif option_type == 3:
        fits = isinstance(value, str) and len(value) <= 100
    elif option_type == 4:
        fits = isinstance(value, int) and abs(value) <= 2**53
    else:
        fits = isinstance(value, int | float) and abs(value) <= 2**53
    assert (problems == []) == fits, (value, option_type, problems)


def test_the_focused_option_is_found_inside_subcommands() -> None:
    options = [
        {
            "type": 1,
            "name": "faq",
            "options": [
                {"name": "film", "type": 3, "value": "x"},
                {"name": "question", "type": 4, "value": "", "focused": True},
            ],
        }
    ]
    assert (focused_option(options) or {}).get("name") == "question"
    assert focused_option([{"name": "film", "type": 3, "value": "x"}]) is None


def test_a_forms_text_input_needs_a_label() -> None:
    field = {"type": 4, "custom_id": "body", "style": 2, "label": ""}
    modal = {"custom_id": "f", "title": "Edit", "components": [{"type": 1, "components": [field]}]}
    assert callback_problems(9, modal)
    field["label"] = "Body"
    assert callback_problems(9, modal) == []


def test_an_edit_that_would_leave_a_message_empty_is_refused() -> None:
    """Discord refuses an edit blanking a message's text with nothing else left (50006), and
    takes one whose message keeps something to show (what the edit leaves out stays)."""
    shown = {"content": "Page 1/3", "embeds": [], "attachments": []}
    with_file = {**shown, "attachments": [{"id": "1", "filename": "a.png"}]}
    assert is_empty_after_edit(shown, {"content": ""}, [])
    assert is_empty_after_edit(with_file, {"content": "", "attachments": []}, [])
    assert not is_empty_after_edit(with_file, {"content": ""}, [])
    assert not is_empty_after_edit(shown, {"embeds": [{"description": "x"}]}, [])
    assert not is_empty_after_edit(shown, {"content": "", "embeds": [{"title": "x"}]}, [])
    assert not is_empty_after_edit(shown, {"content": ""}, ["a new file"])
