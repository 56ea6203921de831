"""Fields a REST answer sends as ``null`` read as Discord sends them (``client.answer_nulls``)."""

from __future__ import annotations

import json
from typing import Any

from client.message_reading import component_texts, link_preview
from tests.client.test_answer_files import _read
from tests.client.test_polls import message as polled
from tests.client.test_polls import read_by_discord_py

MESSAGE = {key: value for key, value in polled({}).items() if key != "poll"}
"""A message as Discord sends it."""


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


async def test_an_embeds_fields_sent_as_null_are_left_out_and_discord_py_reads_it() -> None:
    """Every field of Discord's Embed Object is optional, none nullable: ``"color": null``
    failed discord.py's whole message, a null ``footer`` the guard's reading of a preview."""
    preview = {"type": "link", "url": "https://example.com", "description": "mia marries greg"}
    unset = dict.fromkeys(("title", "timestamp", "color", "footer", "image", "author", "fields"))
    message = {**MESSAGE, "embeds": [{**preview, **unset}]}
    forward = {**MESSAGE, "message_snapshots": [{"message": {"content": "", "embeds": [unset]}}]}

    read = await _read([message, forward])

    assert read[0]["embeds"] == [preview]
    assert read[1]["message_snapshots"][0]["message"]["embeds"] == [{}]
    (embed,) = read_by_discord_py(read[0]).embeds
    assert link_preview(embed).text == preview["description"]


def _button(**nulls: None) -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": "Next", "custom_id": "page:2", **nulls}


async def test_components_optional_fields_sent_as_null_are_left_out() -> None:
    """A button's ``"emoji": null`` or ``"sku_id": null`` (every field of a stand-in's button
    type serialized) failed discord.py's whole message; so did a select's null
    ``default_values`` and an option's null ``emoji``, nested in a container too."""
    button = _button(emoji=None, sku_id=None, url=None, disabled=None, id=None)
    option = {"label": "Ending", "value": "ending", "emoji": None, "description": None}
    select = {"type": 8, "custom_id": "where", "channel_types": None, "default_values": None}
    menu = {"type": 3, "custom_id": "topic", "options": [option], "placeholder": None}
    thumbnail = {"type": 11, "media": {"url": "https://example.com/p.png"}, "description": None}
    section = {
        "type": 9,
        "components": [{"type": 10, "content": "Tonight"}],
        "accessory": thumbnail,
    }
    container = {"type": 17, "accent_color": None, "components": [section, _button(emoji=None)]}
    rows = [{"type": 1, "components": [button]}, {"type": 1, "components": [select]}]
    rows += [{"type": 1, "components": [menu]}, container]
    sent = {**MESSAGE, "components": rows}

    read = await _read(sent)

    texts = [text for text, _ in component_texts(read_by_discord_py(read).components)]
    assert texts == ["Next", "Ending", "Tonight", "Next"]
    assert "null" not in json.dumps(read["components"])


async def test_files_and_interaction_metadata_sent_with_nulls_are_left_out() -> None:
    """An answer Epilogue posted, as a stand-in serializing every field describes it: its
    interaction's metadata with ``"interacted_message_id": null`` (and the rest of its
    optional fields) failed discord.py's whole message, a file's ``"flags": null`` reading
    whether it is a spoiler."""
    file = {"id": "9", "filename": "poster.png", "size": 3, "url": "https://cdn/p.png"}
    file |= {"proxy_url": "https://cdn/p.png"}
    unset_file = dict.fromkeys(("title", "description", "flags", "height", "duration_secs"))
    user = {"id": "40", "username": "mia", "discriminator": "0", "avatar": None}
    metadata = {"id": "5", "type": 3, "user": user, "authorizing_integration_owners": {"0": "1"}}
    unset = dict.fromkeys(
        (
            *("original_response_message_id", "target_user", "target_message_id"),
            *("interacted_message_id", "triggering_interaction_metadata"),
        )
    )
    sent = {
        **MESSAGE,
        "attachments": [{**file, **unset_file}],
        "interaction_metadata": {**metadata, **unset},
    }

    read = await _read(sent)

    assert read["attachments"] == [file]
    assert read["interaction_metadata"] == metadata
    message = read_by_discord_py(read)
    assert not message.attachments[0].is_spoiler()
    assert message.interaction_metadata is not None and message.interaction_metadata.id == 5
