"""A second handling of an interaction goes on only where Discord's record of the first answer
is a message made for this very delivery (``client.first_answers``)."""

from __future__ import annotations

from typing import Any

import pytest

from client.first_answers import matches

ID, PRESS, MIA, SAM, GENERAL, ROOM = 900, 3, 11, 12, 10, 20


def _answer(**made_for: Any) -> dict[str, Any]:
    metadata = {"id": str(ID), "type": PRESS, "user": {"id": str(MIA)}} | made_for
    return {"id": "1", "channel_id": str(GENERAL), "interaction_metadata": metadata}


def test_a_message_made_for_this_delivery_is_its_own() -> None:
    assert matches(_answer(), ID, PRESS, MIA, GENERAL)


@pytest.mark.parametrize(
    "answer",
    [
        _answer(id="899"),  # the pressed message: made for the command, the page turned in it
        _answer(type=2),
        _answer(user={"id": str(SAM)}),
        {**_answer(), "channel_id": str(ROOM)},
        {"id": "1", "channel_id": str(GENERAL)},  # described without whom it was made for
        None,  # Discord would not describe it
    ],
)
def test_any_other_answer_is_not(answer: Any) -> None:
    assert not matches(answer, ID, PRESS, MIA, GENERAL)
