"""Every word a Components V2 message shows is read by the guard (and so reposted, behind
bars, when it gives an ending away): not only Text Displays, but button labels and links,
select menus, media descriptions (alt text) and file names, wherever they are nested; only a
Text Display is drawn with markdown, so bars anywhere else hide nothing."""

from __future__ import annotations

from typing import Any

import discord.components
import pytest

from client.message_reading import component_texts

ENDING = "mia marries greg"
MEDIA = {"url": "https://example.com/poster.png"}


def _button(label: str) -> dict[str, Any]:
    return {"type": 2, "style": 5, "label": label, "url": "https://example.com/review"}


SHOWN_TEXT: list[tuple[str, dict[str, Any]]] = [
    ("text display", {"type": 10, "content": ENDING}),
    ("link button in a row", {"type": 1, "components": [_button(ENDING)]}),
    (
        "a section's button",
        {
            "type": 9,
            "components": [{"type": 10, "content": "Tonight:"}],
            "accessory": _button(ENDING),
        },
    ),
    (
        "a section's thumbnail",
        {
            "type": 9,
            "components": [{"type": 10, "content": "Tonight:"}],
            "accessory": {"type": 11, "media": MEDIA, "description": ENDING},
        },
    ),
    ("a gallery's alt text", {"type": 12, "items": [{"media": MEDIA, "description": ENDING}]}),
    ("a file's name", {"type": 13, "file": {"url": "attachment://x.txt"}, "name": ENDING}),
    (
        "a select menu",
        {
            "type": 1,
            "components": [
                {
                    "type": 3,
                    "custom_id": "pick",
                    "placeholder": ENDING,
                    "options": [{"label": "yes", "value": "y", "description": ENDING}],
                }
            ],
        },
    ),
]


@pytest.mark.parametrize(("where", "component"), SHOWN_TEXT, ids=[w for w, _ in SHOWN_TEXT])
@pytest.mark.parametrize("in_container", [False, True])
def test_every_text_a_component_shows_is_read(
    where: str, component: dict[str, Any], in_container: bool
) -> None:
    data = {"type": 17, "components": [component]} if in_container else component
    built = discord.components._component_factory(data)  # type: ignore[arg-type]
    assert built is not None, where

    texts = component_texts([built])
    assert ENDING in "\n".join(text for text, _ in texts), where
    # Only a Text Display is drawn with markdown: bars anywhere else hide nothing.
    assert all(markdown is (where == "text display") for text, markdown in texts if ENDING in text)
