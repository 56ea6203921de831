"""The Discord side of Epilogue that is not an extension: the client, its command tree, slash
commands built from the core's table, delivery of replies, and running it.

``cogs/`` holds the extensions the client loads; ``bot/`` (the core) never imports discord.
"""
