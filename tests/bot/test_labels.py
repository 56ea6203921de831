from __future__ import annotations

from dataclasses import dataclass

from bot.labels import bold_film_label, film_label, plain_label
from bot.line_fitting import fit_lines
from tests.support.discord_markdown import mentions_that_ping, visible_text


@dataclass
class Film:
    title: str
    year: int


HOSTILE = Film("*Bold* _it_ `code` ~~x~~ # no", 1999)
PINGING = Film("<@123> @everyone", 2001)


def test_markdown_labels_render_as_exactly_the_title_and_year() -> None:
    assert visible_text(film_label(HOSTILE)) == plain_label(HOSTILE)
    assert visible_text(bold_film_label(HOSTILE)) == f"**{HOSTILE.title}** (1999)"
    assert not mentions_that_ping(film_label(PINGING))
    assert not mentions_that_ping(bold_film_label(PINGING))
    assert plain_label(Film("Arrival", 2016)) == "Arrival (2016)"
    assert bold_film_label(Film("Arrival", 2016)) == "**Arrival** (2016)"


def test_fit_lines_keeps_its_limit_with_any_closing_line() -> None:
    lines = [f"line {n}" for n in range(100)]
    more = "…and {count} more: fix these and try again."
    for limit in range(len(more) + 10, 400, 7):
        fitted = fit_lines(lines, limit, more=more)
        assert len(fitted) <= limit
        kept = fitted.split("\n")
        assert kept[:-1] == lines[: len(kept) - 1]
        assert kept[-1] == more.format(count=len(lines) - len(kept) + 1)
