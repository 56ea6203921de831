from __future__ import annotations

import random

from benchmarks.e2e import Queries
from benchmarks.title_search import typed_texts

TITLES = ["La La Land", "Solaris", "The Quiet Harbour", "Up", "Paper Orchard of Winter"]


def test_title_search_types_what_the_e2e_members_type() -> None:
    """The in-process search benchmark measures the texts the end-to-end autocomplete sends,
    each with the title it was drawn from."""
    picks = [f"film-id:{n}:k" for n in range(len(TITLES))]
    queries = Queries(film_choices=picks, titles=TITLES, words=[])
    sent = [text.split("film:", 1)[1] for text in queries.autocompletes(300, random.Random(7))]
    typed = typed_texts(TITLES, 300, 7)
    assert [text for text, _title in typed] == sent
    assert all(title in TITLES for _text, title in typed)
    # Untouched prefixes start their own title (a fifth have two letters swapped).
    started = sum(title.startswith(text) for text, title in typed)
    assert len(typed) * 0.6 < started < len(typed)
