"""``/spoiler-rules …``: a server's spoiler rules: channel modes, embargoes, opt-in role,
cooldown and the audit log."""
