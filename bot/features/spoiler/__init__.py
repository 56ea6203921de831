"""Members' own spoilers: ``/spoiler post``, "Hide as spoiler" and the automatic guard."""
