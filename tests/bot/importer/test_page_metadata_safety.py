"""A page states its ending again outside its body: in its meta and og/twitter descriptions,
its JSON-LD (an Article's ``description`` and ``articleBody``, a QAPage's accepted answer, a
Movie's ``name``), its <title>, an image's alt text or caption, a <noscript> copy, a data-
attribute. None of these may carry the ending to where a member did not ask for it: the film's
title, its aliases, or a section below the ending's level (art35 found none that did)."""

from __future__ import annotations

import json

import pytest

from tests.bot.importer.helpers import all_text, below_the_ending, import_page

_RECAP = (
    "Nora moves back to the island after her father's funeral and takes over his ferry for the"
    " summer, carrying tourists and post between the harbour and the mainland every morning."
)
_MORE = (
    "She finds his logbooks in the wheelhouse and starts to read them at night, and the entries"
    " from the winter he died stop making sense after the second week of January."
)
_TWIST = "Nora's father faked his death and lives on the mainland under his brother's name."
_SECTIONS = f"<h2>What happens</h2><p>{_RECAP}</p><p>{_MORE}</p><h2>The ending</h2><p>{_TWIST}</p>"
_HEAD = f"<h1>The Ferry (2018), explained</h1>{_SECTIONS}"
_UNNAMED = f"<h1>What the logbooks mean, explained</h1>{_SECTIONS}"


def _ld(value: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


_QA_PAGE = {
    "@type": "QAPage",
    "mainEntity": {
        "@type": "Question",
        "name": "What happens at the end of The Ferry (2018)?",
        "acceptedAnswer": {"@type": "Answer", "text": f"<p>{_RECAP}</p><p>{_TWIST}</p>" * 3},
    },
}
_TEASER = f"<h1>The Ferry (2018), explained</h1><p>{_RECAP}</p><p>Subscribe to read on.</p>"
_BODY = {"@type": "Article", "description": _TWIST, "articleBody": f"{_TWIST}\n\n{_MORE}\n\n" * 4}

# (what the page's <head> holds, its body, a year given on import when the page names none)
CASES = {
    "meta and og descriptions": (
        f'<meta name="description" content="{_TWIST}">'
        f'<meta property="og:description" content="{_TWIST}">'
        f'<meta name="twitter:description" content="{_TWIST}">',
        _HEAD,
        None,
    ),
    "a social post's description as its title": (
        "<title>Noor (@noor.bsky.social)</title>"
        f'<meta property="og:description" content="The Ferry (2018) explained: {_TWIST}">',
        _HEAD,
        None,
    ),
    "og:title and <title> after the film's name": (
        f'<title>The Ferry (2018): {_TWIST}</title><meta property="og:title" content="{_TWIST}">',
        _HEAD,
        None,
    ),
    "a QAPage's accepted answer": (
        _ld(_QA_PAGE) + f'<meta name="description" content="{_TWIST}">',
        f"<h1>What happens at the end of The Ferry (2018)?</h1><p>{_RECAP}</p><p>{_MORE}</p>",
        None,
    ),
    "an articleBody beside a teaser": (_ld(_BODY), _TEASER, None),
    "a Movie's name in JSON-LD": (
        _ld({"@type": "Article", "about": {"@type": "Movie", "name": f"The Ferry: {_TWIST}"}}),
        _UNNAMED,
        2018,
    ),
    "a description naming the film": (
        f'<meta name="description" content="The Ferry: {_TWIST}">',
        _UNNAMED,
        2018,
    ),
    "a hero image's alt text": ("", f'<img src="a.jpg" alt="{_TWIST}">{_HEAD}', None),
    "a hero image's caption": (
        "",
        f'<figure><img src="a.jpg"><figcaption>{_TWIST}</figcaption></figure>{_HEAD}',
        None,
    ),
    "a noscript copy": ("", f"<noscript><p>{_TWIST}</p></noscript>{_HEAD}", None),
    "a share button's data-attribute": ("", f'<div data-share-text="{_TWIST}"></div>{_HEAD}', None),
}


@pytest.mark.parametrize(("head", "body", "year"), CASES.values(), ids=CASES.keys())
def test_metadata_never_carries_the_ending_below_its_level(
    head: str, body: str, year: int | None
) -> None:
    page = f"<html><head><title>The Ferry (2018)</title>{head}</head><body>{body}</body></html>"
    doc = import_page(page, year=year) if year else import_page(page)
    shown = " ".join([doc.title, *doc.aliases, below_the_ending(doc)]).lower()
    assert "faked his death" not in shown
    if _TWIST in body:  # the body's own ending stays, at its level
        assert "faked his death" in all_text(doc)
