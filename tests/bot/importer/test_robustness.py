"""Whatever an article looks like, the importer returns a valid film or a ContentError."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.content.film_file import ContentError
from bot.content.schema import consistency_problems
from bot.content.yaml_dump import dump_film_yaml
from bot.importer import import_article
from tests.support.hypothesis_profiles import examples

# Pieces of real articles, shuffled into shapes no site would produce.
_PIECES = st.sampled_from(
    [
        "Themes",
        "Symbolism",
        "Frequently Asked",
        "Quick Answer",
        "The ending explained",
        "Final shot interpretation",
        "Why does Cobb walk away?",
        "What is Inception about?",
        "Where can I watch Inception?",
        "The spinning top",
        "Cobb goes home and the top wobbles before the cut to black.",
        'Nolan told Wired: "I have been asked that question more than any other."',
        'He said it would "last forever."1 And then "it ends here"2 — or so.',
        "Drawing on Ann Lee's Guardian essay and Bo Park's Empire review (Cannes).",
        "Drawing on his own childhood, Nolan wrote it.",
        "- **The top.** It spins.",
        '1. Ann Lee, "Dreams", The Guardian, 2010.',
        '[^3]: Bo Park, "Totems", Empire, 2010.',
        "Advertisement",
        "12 min read",
        "Sources",
        "# Heading",
        "<p>Some <sup>4</sup> html</p>",
        # shapes read since: BBCode, superscript notes, contents lists, outline numbers, <br> lines
        "[b]Themes[/b]",
        "[spoiler]Cobb is dreaming.[/spoiler]",
        "[quote=user]It ends.[/quote]",
        "The top falls.¹",
        "¹ Ann Lee, interview by Bo Park, Empire, 2010.",
        "Contents\n1 Plot\n2 Ending\n3 Themes",
        "2.1 Grief",
        "1. THE ENDING",
        "Themes:\n• Grief – it lingers.\n• Time – it bends.",
        "<p><b>Symbols</b><br><i>The top.</i> It spins.<br>More.</p>",
        '<div role="heading" aria-level="2">FAQ</div>',
        "{{< youtube abc >}}",
        "412 comments",
        "Re: Inception ending explained",
        "",
    ]
)
_ARTICLES = st.lists(st.one_of(_PIECES, st.text(max_size=60)), max_size=25).map("\n\n".join)


@examples(150)
@given(_ARTICLES)
def test_import_never_crashes_and_never_cites_a_missing_source(body: str) -> None:
    data = f"Inception ending explained\n\n{body}".encode()
    try:
        result = import_article(data, name="fuzz.txt", year=2010)
    except ContentError:
        return
    assert consistency_problems(result.doc) == []
    dump_film_yaml(result.doc)
