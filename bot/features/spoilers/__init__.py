"""``/spoilers …``: each member's own spoiler opt-ins, which follow them to every server."""
