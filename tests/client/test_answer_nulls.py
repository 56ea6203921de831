"""Fields a REST answer sends as ``null`` read as Discord sends them (``client.answer_nulls``)."""

from __future__ import annotations

from tests.client.test_answer_files import _read


async def test_nulls_read_as_left_out_or_empty_and_a_deleted_reply_kept_null() -> None:
    nulls = {"embeds": None, "components": None, "member": None, "edited_timestamp": None}
    message = {"id": "1", "content": "hi", **nulls, "referenced_message": None}
    channel = {"id": "2", "type": 0, "permission_overwrites": None, "topic": None}

    read = await _read([{**message, "thread": channel}, channel])

    assert read[0] == {
        **{"id": "1", "content": "hi", "embeds": [], "components": []},
        **{"edited_timestamp": None, "referenced_message": None},
        "thread": {"id": "2", "type": 0, "topic": None},
    }
    assert read[1] == {"id": "2", "type": 0, "topic": None}
