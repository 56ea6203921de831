"""Import time of large pages: how the article importer's cost grows with the size of a page.

    uv run python -m benchmarks.import_scale                     # every shape at 1x, 2x, 4x
    uv run python -m benchmarks.import_scale --shapes thread --scales 1,2,4,8
    uv run python -m benchmarks.import_scale --profile thread --scales 4   # cProfile, top 25
    uv run python -m benchmarks.import_scale --write /tmp/pages     # keep the pages to look at

Each shape is a realistic page made bigger: a forum thread with many replies, a long article of
paragraphs under many headings, pages of list items, table rows, links and nested divs, a long
Markdown file, one giant paragraph, deeply nested HTML. The 4x pages stay under the importer's
1 MiB limit. For each shape and scale the table gives the page's size, the CPU seconds of one
``import_article`` (best of ``--repeat``; CPU, not wall time: the machine is shared), whether the
page was imported or refused (a refusal after all the work still counts), and ``x2``: the growth
per doubling of size, about 2 when the cost is linear in size, about 4 when it is quadratic.
Numbers only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from bot.content.film_file import ContentError
from bot.importer import import_article

_WORDS = [
    "the",
    "film",
    "ending",
    "shows",
    "how",
    "Kate",
    "finally",
    "sees",
    "what",
    "Esther",
    "is",
    "and",
    "why",
    "nobody",
    "believed",
    "her",
    "while",
    "the",
    "frozen",
    "pond",
    "scene",
    "turns",
    "the",
    "family",
    "story",
    "into",
    "a",
    "fight",
    "for",
    "the",
    "house",
    "and",
    "the",
    "painting",
    "under",
    "the",
    "light",
    "reveals",
    "the",
    "truth",
    "about",
    "the",
    "orphanage",
    "records",
    "in",
    "Estonia",
]


def sentence(seed: int, words: int = 18) -> str:
    """A plausible sentence, different for every seed (so no two paragraphs are equal)."""
    picked = [_WORDS[(seed * 7 + i * 13 + (seed >> 3)) % len(_WORDS)] for i in range(words)]
    return f"{picked[0].capitalize()} {' '.join(picked[1:])} number {seed}."


def paragraph(seed: int, sentences: int = 5) -> str:
    return " ".join(sentence(seed * 11 + i) for i in range(sentences))


_HEAD = (
    "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
    "<title>Orphan (2009) ending explained | The Film Vault</title></head><body>\n"
)
_FIRST_POST = (
    "<article class='message message--post' data-author='nightowl_88'>\n"
    "<div class='message-user'><h4 class='message-name'>nightowl_88</h4></div>\n"
    "<div class='message-content'><div class='bbWrapper'>\n"
    "A write-up of Orphan (2009), directed by Jaume Collet-Serra.<br><br>\n"
    "<b>The setup</b><br>\n{setup}<br><br>\n<b>SPOILERS BELOW</b><br><br>\n"
    "<b>The ending</b><br>\n{ending}<br><br>\n<b>What it means</b><br>\n{means}\n"
    "</div></div></article>\n"
)


def thread(scale: int) -> str:
    """A forum thread: one long first post, then 450 replies per scale (1,800 at 4x, ~970 KB)."""
    parts = [
        _HEAD,
        "<div class='p-nav'><a href='/forums/'>Forums</a> <a href='/login/'>Log in</a></div>\n",
        "<h1 class='p-title-value'>Orphan (2009) ending explained - long post, spoilers</h1>\n",
        _FIRST_POST.format(setup=paragraph(1), ending=paragraph(2), means=paragraph(3)),
    ]
    for post in range(450 * scale):
        user = f"member_{post % 97}"
        quote = (
            f"<blockquote class='bbCodeBlock'><div class='bbCodeBlock-title'>nightowl_88 said:"
            f"</div>{sentence(post, 8)}</blockquote>"
            if post % 5 == 0
            else ""
        )
        parts.append(
            f"<article class='message message--post' data-author='{user}'>\n"
            f"<div class='message-user'><h4 class='message-name'>{user}</h4>"
            "<h5 class='userTitle'>Member</h5></div>\n"
            f"<div class='message-content'><div class='bbWrapper'>{quote}"
            f"{sentence(post + 5000)} {sentence(post + 9000, 10)}</div></div>\n"
            "<footer class='message-footer'><a class='reaction'>Like</a> <a>Reply</a></footer>"
            "</article>\n"
        )
    parts.append("</body></html>\n")
    return "".join(parts)


def signed_thread(scale: int) -> str:
    """A Discourse-style thread: posts signed with a ``username`` class, 500 per scale."""
    parts = [
        _HEAD,
        "<h1>Orphan (2009) ending explained - long post, spoilers</h1>\n",
        "<div class='topic-post'><span class='username'>nightowl_88</span>",
        f"<div class='cooked'><p>{paragraph(1)}</p><h3>The ending</h3><p>{paragraph(2)}</p>",
        f"<h3>What it means</h3><p>{paragraph(3)}</p></div></div>\n",
    ]
    for post in range(500 * scale):
        user = "nightowl_88" if post % 4 == 0 else f"member_{post % 97}"
        parts.append(
            f"<div class='topic-post'><div class='names'><span class='username'>{user}</span>"
            f"</div><div class='cooked'><p>{sentence(post + 5000)}"
            f" {sentence(post + 9000, 10)}</p></div></div>\n"
        )
    parts.append("</body></html>\n")
    return "".join(parts)


def reddit_thread(scale: int) -> str:
    """An old-reddit comment page: a question, then 500 comments per scale, nested in threes."""
    parts = [
        _HEAD.replace("| The Film Vault", ": r/TrueFilm"),
        "<div class='thing link self' data-author='quietowl'><p class='title'>",
        "<a class='title'>Can someone explain the ending of Orphan (2009)?</a></p>",
        f"<div class='usertext-body'><div class='md'><p>{sentence(1)}</p></div></div></div>\n",
        "<div class='commentarea'><div class='sitetable nestedlisting'>\n",
    ]
    for post in range(500 * scale):
        parts.append(
            f"<div class='thing comment' data-author='u{post % 97}'><div class='entry'>"
            f"<p class='tagline'><a class='author'>u{post % 97}</a>"
            f" <span class='score'>{post} points</span></p><div class='usertext-body'>"
            f"<div class='md'><p>{sentence(post + 5000)} {sentence(post + 9000, 10)}</p>"
            "</div></div></div>"
        )
        # A reply sits in its parent's child list; every third comment ends a chain of three.
        parts.append(
            "</div>" + "</div></div>" * 2 + "\n" if post % 3 == 2 else "<div class='child'>"
        )
    parts.append("</div></div></div></div></body></html>\n")
    return "".join(parts)


def text_thread(scale: int) -> str:
    """A numbered thread pasted as text: 1,000 numbered posts per scale."""
    parts = ["ORPHAN (2009) ENDING EXPLAINED, a thread (spoilers obviously)\n"]
    for post in range(1, 1000 * scale + 1):
        parts.append(f"\n{post}/ {sentence(post)} {sentence(post + 3, 10)}\n")
    return "".join(parts)


def bbcode_thread(scale: int) -> str:
    """A forum thread saved as text with BBCode: 500 posts per scale, each with a header."""
    parts = ["Film Forums > Horror > Orphan (2009) ending explained - long post\n"]
    for post in range(500 * scale):
        user = "nightowl_88" if post == 0 else f"member_{post % 97}"
        body = (
            f"[b]The ending[/b]\n{paragraph(2)}\n\n[spoiler]{paragraph(3)}[/spoiler]"
            if post == 0
            else f"[quote=nightowl_88]{sentence(post, 6)}[/quote]\n{sentence(post + 5000)}"
        )
        parts.append(f"\nPost by {user} » Sat Oct 12, 2019 11:{post % 60:02d} pm\n\n{body}\n")
    return "".join(parts)


_ARTICLE_OPEN = (
    _HEAD + "<article><h1>Orphan (2009) ending explained</h1>\n"
    "<p>By Lorna Pryce. Orphan (2009), directed by Jaume Collet-Serra.</p>\n"
)


def long_article(scale: int) -> str:
    """A long article: 50 KB of paragraphs per scale, a heading every three paragraphs."""
    parts = [_ARTICLE_OPEN]
    size, index = 0, 0
    while size < 50_000 * scale:
        if index % 3 == 0:
            parts.append(f"<h2>Part {index // 3}: what the ending means</h2>\n")
        text = f"<p>{paragraph(index)}</p>\n"
        parts.append(text)
        size += len(text)
        index += 1
    parts.append("</article></body></html>\n")
    return "".join(parts)


def list_items(scale: int) -> str:
    """A page with 2,000 list items per scale under a few headings."""
    parts = [_ARTICLE_OPEN, "<h2>The ending explained</h2>\n<p>", paragraph(1), "</p>\n"]
    for item in range(2000 * scale):
        if item % 400 == 0:
            parts.append(f"</ul>\n<h2>Clues, part {item // 400}</h2>\n<ul>\n")
        parts.append(f"<li>{sentence(item, 12)}</li>\n")
    parts.append("</ul></article></body></html>\n")
    return "".join(parts)


def table_rows(scale: int) -> str:
    """A page with a 1,500-row table per scale (a scene-by-scene timeline)."""
    parts = [_ARTICLE_OPEN, "<h2>The ending explained</h2>\n<p>", paragraph(1), "</p>\n<table>"]
    parts.append("<tr><th>Time</th><th>Scene</th><th>What it means</th></tr>\n")
    for row in range(1500 * scale):
        parts.append(
            f"<tr><td>{row // 60}:{row % 60:02d}</td><td>{sentence(row, 6)}</td>"
            f"<td>{sentence(row + 7, 9)}</td></tr>\n"
        )
    parts.append("</table></article></body></html>\n")
    return "".join(parts)


def links(scale: int) -> str:
    """A page with 3,000 links per scale: a paragraph of prose, then link lists and link-heavy
    paragraphs (a "related articles" sprawl)."""
    parts = [_ARTICLE_OPEN, "<h2>The ending explained</h2>\n<p>", paragraph(1), "</p>\n"]
    for link in range(3000 * scale):
        if link % 10 == 0:
            parts.append("<p>")
        parts.append(f"<a href='https://example.com/films/{link}'>{sentence(link, 4)}</a> ")
        if link % 10 == 9:
            parts.append("</p>\n")
    parts.append("</article></body></html>\n")
    return "".join(parts)


def nested_divs(scale: int) -> str:
    """A page of 1,000 small nested div groups per scale, as page builders write them."""
    parts = [_ARTICLE_OPEN, "<h2>The ending explained</h2>\n"]
    for group in range(1000 * scale):
        parts.append(
            "<div class='row'><div class='col'><div class='inner'><div class='text'>"
            f"{sentence(group, 14)}</div></div></div></div>\n"
        )
    parts.append("</article></body></html>\n")
    return "".join(parts)


def accordions(scale: int) -> str:
    """An FAQ of 500 accordion questions per scale: a button naming (aria-controls) the hidden
    panel after it, a theme's tab set every 50 questions, as design-system pages write them."""
    parts = [_ARTICLE_OPEN, "<h2>Your questions, answered</h2>\n"]
    for index in range(500 * scale):
        parts.append(
            f"<h3><button aria-expanded='false' aria-controls='p{index}'>Question {index}:"
            f" {sentence(index, 6)}?<span aria-hidden='true'>+</span></button></h3>"
            f"<div id='p{index}' role='region' hidden><p>{sentence(index + 1, 14)}</p></div>\n"
        )
        if index % 50 == 49:
            parts.append(
                "<ul class='wds-tabs'><li class='wds-tabs__tab'>Plot</li><li class='wds-tabs__tab'>"
                "Ending</li></ul><div class='wds-tab__content'><p>"
                f"{sentence(index, 12)}</p></div><div class='wds-tab__content'><p>"
                f"{sentence(index + 2, 12)}</p></div>\n"
            )
    parts.append("</article></body></html>\n")
    return "".join(parts)


def markdown(scale: int) -> str:
    """A Markdown file: 60 KB per scale of paragraphs, headings, lists, quotes and links."""
    parts = [
        "# Orphan (2009) ending explained\n\nBy Lorna Pryce. Directed by Jaume Collet-Serra.\n"
    ]
    size, index = 0, 0
    while size < 60_000 * scale:
        if index % 4 == 0:
            parts.append(f"\n## Part {index // 4}: the *ending*\n")
        text = (
            f"\n{paragraph(index)} See [the review](https://example.com/{index}).\n"
            f"\n- {sentence(index, 8)}\n- **{sentence(index + 1, 6)}**\n"
            f"\n> {sentence(index + 2, 10)}\n"
        )
        parts.append(text)
        size += len(text)
        index += 1
    return "".join(parts)


def giant_paragraph(scale: int) -> str:
    """A plain-text article whose body is one paragraph of 100 KB per scale, no line breaks."""
    words: list[str] = []
    size, index = 0, 0
    while size < 100_000 * scale:
        text = sentence(index)
        words.append(text)
        size += len(text) + 1
        index += 1
    return "Orphan (2009) ending explained\n\n" + " ".join(words) + "\n"


def unclosed_paragraphs(scale: int) -> str:
    """Old hand-written HTML: 250 paragraphs per scale opened with ``<p>`` and never closed, a
    heading every ten (the parser nests each paragraph inside the one before)."""
    parts = [_HEAD, "<h1>Orphan (2009) ending explained</h1>\n<p>Directed by Jaume Collet-Serra.\n"]
    for index in range(250 * scale):
        if index % 10 == 0:
            parts.append(f"<h3>Part {index // 10}</h3>\n")
        parts.append(f"<p>{sentence(index)} {sentence(index + 1, 10)}\n")
    parts.append("</body></html>\n")
    return "".join(parts)


def deep_nesting(scale: int) -> str:
    """HTML nested 500 elements deep per scale (divs and spans), with text at every level."""
    depth = 500 * scale
    opening = "".join(
        f"<div class='d{level}'><span>{sentence(level, 5)}</span>" for level in range(depth)
    )
    return _ARTICLE_OPEN + "<h2>The ending explained</h2>\n" + opening + "</div>" * depth


def nested_at_limit(scale: int) -> str:
    """A page nested 120 deep (under the limit), with 1,000 paragraphs per scale at the bottom."""
    depth = 120
    body = "".join(f"<p>{sentence(index)}</p>\n" for index in range(1000 * scale))
    return _ARTICLE_OPEN + "<div>" * depth + body + "</div>" * depth + "</body></html>\n"


def unclosed_shortcodes(scale: int) -> str:
    """A Markdown post with 1,000 spoiler shortcodes per scale opened and never closed, after
    one stray closing tag (each opening used to search the rest of the page for its partner)."""
    parts = ["# Orphan (2009) ending explained\n\n[/spoiler]\n\n"]
    for index in range(1000 * scale):
        parts.append(f'[spoiler title="Part {index}"]\n\n{sentence(index)}\n\n')
    return "".join(parts)


_TEXT_HEADINGS = ["What happens", "The ending", "The final shot", "Themes", "Symbolism"]


def plain_text(scale: int) -> str:
    """A plain-text article (Notepad's, pasted from a page): 1,000 short paragraphs per scale, a
    heading line every 25 (the section names in turn, then "Part N"), mixed line endings."""
    parts = ["Orphan (2009) ending explained\r\n\r\nBy Lorna Pryce.\r\n"]
    for index in range(1000 * scale):
        if index % 25 == 0:
            number = index // 25
            name = _TEXT_HEADINGS[number] if number < len(_TEXT_HEADINGS) else f"Part {number}"
            parts.append(f"\n{name}\n")
        parts.append(("\r\n", "\n", "\r")[index % 3] + sentence(index, 12) + "\n")
    return "".join(parts)


def utf16_text(scale: int) -> bytes:
    """The plain-text article saved as Notepad's "Unicode": UTF-16 with its byte-order mark."""
    return plain_text(scale).encode("utf-16")


def pasted_text(scale: int) -> bytes:
    """The plain-text article in UTF-8 with accents, and 40 quotations pasted in from an
    "ANSI" file (Windows-1252 curly quotes among the UTF-8)."""
    lines = plain_text(scale).replace("the film", "the café’s film").split("\n")
    step = max(1, len(lines) // 40)
    return b"\n".join(
        b"\x93" + line.encode() + b"\x94" if number % step == step // 2 else line.encode()
        for number, line in enumerate(lines)
    )


SHAPES: dict[str, tuple[str, Callable[[int], str | bytes]]] = {
    "thread": ("orphan_thread.html", thread),
    "signed thread": ("orphan_signed.html", signed_thread),
    "reddit thread": ("orphan_reddit.html", reddit_thread),
    "text thread": ("orphan_thread.txt", text_thread),
    "bbcode thread": ("orphan_bbcode.txt", bbcode_thread),
    "article": ("orphan_article.html", long_article),
    "list items": ("orphan_list.html", list_items),
    "table rows": ("orphan_table.html", table_rows),
    "links": ("orphan_links.html", links),
    "nested divs": ("orphan_divs.html", nested_divs),
    "accordions": ("orphan_accordions.html", accordions),
    "markdown": ("orphan.md", markdown),
    "one paragraph": ("orphan.txt", giant_paragraph),
    "unclosed p": ("orphan_unclosed.html", unclosed_paragraphs),
    "deep nesting": ("orphan_deep.html", deep_nesting),
    "120 deep": ("orphan_120.html", nested_at_limit),
    "shortcodes": ("orphan_shortcodes.md", unclosed_shortcodes),
    "plain text": ("orphan_plain.txt", plain_text),
    "utf-16 text": ("orphan_utf16.txt", utf16_text),
    "pasted text": ("orphan_pasted.txt", pasted_text),
}


def _page(make: Callable[[int], str | bytes], scale: int) -> bytes:
    page = make(scale)
    return page.encode() if isinstance(page, str) else page


def run_once(data: bytes, name: str) -> str:
    try:
        import_article(data, name=name, allow_missing_year=True)
    except ContentError as exc:
        message = exc.problems[0].message if exc.problems else str(exc)
        return f"refused: {message[:40]}"
    except RecursionError:
        return "RecursionError"
    return "imported"


def cpu(data: bytes, name: str, repeat: int) -> tuple[float, str]:
    best, outcome = math.inf, ""
    for _ in range(repeat):
        start = time.process_time()
        outcome = run_once(data, name)
        best = min(best, time.process_time() - start)
    return best, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shape names")
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many imports")
    parser.add_argument("--profile", help="profile this shape at the scales given instead")
    parser.add_argument("--write", type=Path, help="also write each page to this folder")
    args = parser.parse_args()
    scales = [int(scale) for scale in args.scales.split(",")]
    if args.profile:
        name, make = SHAPES[args.profile]
        for scale in scales:
            data = _page(make, scale)
            profile = cProfile.Profile()
            profile.runcall(run_once, data, name)
            print(f"== {args.profile} {scale}x ({len(data) / 1000:.0f} KB)")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        return
    print(f"load average {os.getloadavg()[0]:.2f}; CPU seconds of one import_article\n")
    print(f"{'shape':<14} {'scale':>5} {'KB':>6} {'CPU s':>7} {'x2':>5}  outcome")
    for shape in args.shapes.split(","):
        name, make = SHAPES[shape]
        previous: tuple[int, float] | None = None
        for scale in scales:
            data = _page(make, scale)
            if args.write:
                args.write.mkdir(parents=True, exist_ok=True)
                stem, suffix = name.rsplit(".", 1)
                (args.write / f"{stem}_{scale}x.{suffix}").write_bytes(data)
            seconds, outcome = cpu(data, name, args.repeat)
            growth = ""
            if previous is not None and previous[1] > 0 and len(data) > previous[0]:
                doublings = math.log2(len(data) / previous[0])
                growth = f"{(seconds / previous[1]) ** (1 / doublings):.1f}"
            print(
                f"{shape:<14} {scale:>5} {len(data) / 1000:>6.0f} {seconds:>7.2f} {growth:>5}"
                f"  {outcome}",
                flush=True,
            )
            previous = (len(data), seconds)
    print(f"\nload average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
