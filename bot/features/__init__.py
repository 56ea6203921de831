"""One package per command group, each named as its group is: ``film``, ``spoilers``,
``spoiler_rules``, ``film_admin``. A feature's ``commands`` module declares its slash commands
(name, options, access, handler) in one place; the other modules hold the logic behind them.
The Discord extension (``cogs/<feature>.py``) and the tests (``tests/bot/features/…``) use the
same name.
"""
