"""``/film …``: answers about films for every member (info, sections, FAQ, search, list)."""
