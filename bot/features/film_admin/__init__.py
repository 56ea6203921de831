"""``/film-admin …``: a server's own film content (import, export, add, edit, remove)."""
