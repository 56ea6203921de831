"""The art11 blind set (``fixtures/blind_art11``): twelve pages written before the importer's
code was read, in source formats and page kinds no earlier set had (an Atom feed saved from
"view source", a WebVTT captions file, a wiki page's wikitext, an Org-mode post, an Obsidian
note with comments and a Dataview block, a 1990s table-layout home page with <font> headings, an
EPUB chapter, a click-through gallery, a LinkedIn article, a Mastodon thread behind content
warnings, ARIA tabs with hidden panels, a screenplay excerpt in <pre>). Every page's safety is
asserted: nothing of the ending public, nothing of it below the ending level. Then each class of
defect the set found, on the smallest page that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.articles import FIXTURES, fixtures, plot_level_texts, public_texts
from bot.content.schema import FilmDoc
from bot.importer import import_article
from bot.importer.chrome import is_chrome_line, is_spoiler_warning
from bot.levels import SectionKind
from tests.bot.importer.helpers import (
    all_text,
    assert_imported_as_a_person_would,
    assert_no_ending_detail_below_its_level,
    with_known_misses,
)

BLIND = fixtures(FIXTURES.parent / "blind_art11")


def test_the_set_has_twelve_pages() -> None:
    assert len(BLIND) == 12


# Misses left, with why. Strict: once one imports right, its test fails until it is taken off.
KNOWN_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("article", with_known_misses(BLIND, KNOWN_MISSES))
def test_page_is_imported_as_a_person_would(article: Path) -> None:
    assert_imported_as_a_person_would(article)


@pytest.mark.parametrize("article", BLIND, ids=[path.name for path in BLIND])
def test_no_ending_detail_is_public_or_below_the_ending_level(article: Path) -> None:
    assert_no_ending_detail_below_its_level(article)


def _import(text: str, name: str) -> FilmDoc:
    doc = import_article(text.encode(), name=name).doc
    assert doc is not None
    return doc


def _below_the_ending(doc: FilmDoc) -> str:
    return "\n".join([*plot_level_texts(doc), *public_texts(doc)]).lower()


# --- a news feed saved from "view source" -------------------------------------------------------

_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <generator uri="https://jekyllrb.com/" version="4.3.2">Jekyll</generator>
  <title type="html">Night Desk</title>
  <subtitle>Films we could not stop thinking about.</subtitle>
  <entry>
    <title type="html">Podcast 12: your letters</title>
    <content type="html">&lt;p&gt;Mina and Joe read your letters about festival
queues.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title type="html">Heat (1995) ending explained</title>
    <id>https://night.example/heat</id>
    <content type="html">&lt;p&gt;Michael Mann&amp;#39;s &lt;em&gt;Heat&lt;/em&gt; follows
a thief and the detective who hunts him across Los Angeles.&lt;/p&gt;
&lt;h2&gt;The setup&lt;/h2&gt;
&lt;p&gt;McCauley runs a crew of thieves, and Hanna chases it through the whole
city.&lt;/p&gt;
&lt;h2&gt;How it ends&lt;/h2&gt;
&lt;p&gt;Hanna shoots McCauley by the runway lights and holds his hand as he
dies.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_an_atom_feeds_explainer_entry_is_the_article() -> None:
    doc = _import(_ATOM, "feed.txt")
    assert (doc.title, doc.year) == ("Heat", 1995)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "holds his hand as he dies" in (ending.body or "")
    assert doc.section(SectionKind.RECAP) is not None
    text = all_text(doc)
    for furniture in ("festival queues", "Podcast 12", "jekyllrb", "&lt;", "Films we could not"):
        assert furniture not in text
    assert "holds his hand" not in _below_the_ending(doc)


def test_an_rss_items_cdata_description_is_the_article() -> None:
    rss = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Night Desk</title><link>https://night.example</link>
<item><title>Heat (1995) ending explained</title>
<description><![CDATA[<p>Michael Mann's <em>Heat</em> follows a thief and a detective.</p>
<h2>How it ends</h2><p>Hanna shoots McCauley by the runway lights and holds his hand.</p>]]>
</description></item></channel></rss>
"""
    doc = _import(rss, "feed.xml.txt")
    assert (doc.title, doc.year) == ("Heat", 1995)
    assert "holds his hand" not in _below_the_ending(doc)
    assert "CDATA" not in all_text(doc)


# --- captions files ------------------------------------------------------------------------------

_VTT = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:04.000 align:start position:0%
Welcome back. Today: the ending of Heat (1995), explained.

00:00:04.000 --> 00:00:08.000 align:start position:0%
McCauley runs a crew of thieves, and Hanna
chases it through the whole city of Los Angeles.

00:00:08.000 --> 00:00:10.000 align:start position:0%
[Music]

00:00:10.000 --> 00:00:14.000 align:start position:0%
Okay, from here on, full spoilers for the ending.
If you haven't seen it, pause now.

00:00:14.000 --> 00:00:19.000 align:start position:0%
In the last scene Hanna shoots McCauley
by the runway lights and holds his hand as he dies.

00:00:19.000 --> 00:00:24.000 align:start position:0%
Mann said in an interview with Sight and Sound that
the runway was the only ending he ever wrote.

00:00:24.000 --> 00:00:26.000 align:start position:0%
See you next week!
"""


def test_a_webvtt_file_is_read_as_its_spoken_text() -> None:
    result = import_article(_VTT.encode(), name="heat.vtt.txt")
    doc = result.doc
    assert doc is not None
    assert (doc.title, doc.year) == ("Heat", 1995)
    text = all_text(doc)
    for syntax in ("WEBVTT", "-->", "align:start", "[Music]", "00:00"):
        assert syntax not in text
    # a sentence that runs across two cues is one sentence again
    assert "McCauley runs a crew of thieves, and Hanna chases it" in text


def test_a_spoken_warning_in_captions_starts_the_ending() -> None:
    doc = _import(_VTT, "heat.vtt.txt")
    assert "holds his hand as he dies" not in _below_the_ending(doc)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "holds his hand as he dies" in (ending.body or "")


def test_an_attribution_across_two_cues_names_its_source() -> None:
    doc = _import(_VTT, "heat.vtt.txt")
    assert ("Mann", "Sight and Sound") in {
        (source.author.split()[-1], source.outlet) for source in doc.sources
    }


def test_an_srt_file_is_read_as_its_spoken_text() -> None:
    srt = (
        "1\n00:00:00,000 --> 00:00:04,000\nToday: the ending of Heat (1995), explained.\n\n"
        "2\n00:00:04,000 --> 00:00:08,000\nMcCauley runs a crew of thieves, and Hanna\n"
        "chases it through the whole city.\n\n"
        "3\n00:00:08,000 --> 00:00:12,000\nFrom here on, spoilers.\n\n"
        "4\n00:00:12,000 --> 00:00:16,000\nHanna shoots McCauley by the runway lights.\n"
    )
    doc = _import(srt, "heat.srt.txt")
    assert (doc.title, doc.year) == ("Heat", 1995)
    text = all_text(doc)
    assert "-->" not in text and "00:00" not in text
    assert "McCauley runs a crew of thieves, and Hanna chases it" in text
    assert "shoots mccauley" not in _below_the_ending(doc)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "shoots McCauley" in (ending.body or "")


def test_a_sign_off_line_at_the_end_does_not_stop_a_warning_starting_the_ending() -> None:
    article = (
        "Heat (1995) ending explained\n\n"
        "McCauley runs a crew of thieves, and Hanna chases it through the whole city.\n\n"
        "Okay, from here on, full spoilers for the ending.\n\n"
        "In the last scene Hanna shoots McCauley by the runway lights and holds his hand.\n\n"
        "See you next week!\n"
    )
    doc = _import(article, "heat.txt")
    assert "shoots mccauley" not in _below_the_ending(doc)
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "shoots McCauley" in (ending.body or "")


@pytest.mark.parametrize(
    "line",
    [
        "Okay, from here on, full spoilers for the ending. If you haven't seen it, pause now.",
        "The next slides give away the whole ending. Turn back now if you have not seen the film.",
        "If you haven't seen it, stop reading and go watch it.",
        "Everything below gives away the last twenty minutes, including the final scene.",
        "The rest of this post gives away the twist.",
    ],
)
def test_warnings_that_say_stop_or_give_away_the_ending_are_warnings(line: str) -> None:
    assert is_spoiler_warning(line)


def test_a_sentence_that_gives_away_a_plan_is_no_warning() -> None:
    assert not is_chrome_line("His smile gives away the plan to everyone in the room.")


# --- a wiki page's source ------------------------------------------------------------------------

_WIKITEXT = """{{Short description|1995 film by Michael Mann}}
{{Infobox film
| name     = Heat
| director = [[Michael Mann]]
| starring = {{Plainlist|
* [[Al Pacino]]
* [[Robert De Niro]]}}
| released = {{Film date|1995|12|15}}
| runtime  = 170 minutes
}}
'''''Heat''''' is a crime film written and directed by [[Michael Mann]].

== Plot ==
McCauley runs a crew of [[thief|thieves]] in Los Angeles, and Hanna chases it.

{{Spoiler}}
== Ending ==
Hanna shoots McCauley by the runway lights and holds his hand as he dies.

== Reception ==
[[Janet Maslin]] praised its scale.<ref>{{cite news |last=Maslin |first=Janet \
|title=Heat |work=[[The New York Times]] |date=December 15, 1995}}</ref>

== References ==
{{Reflist}}

[[Category:1995 films]]
"""


def test_wikitext_is_read_as_the_page_it_renders() -> None:
    doc = _import(_WIKITEXT, "heat.txt")
    assert (doc.title, doc.year) == ("Heat", 1995)
    text = all_text(doc)
    for syntax in ("{{", "}}", "[[", "'''", "==", "Category:", "runtime", "<ref"):
        assert syntax not in text
    assert "crew of thieves" in text
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "holds his hand" in (ending.body or "")
    assert "holds his hand" not in _below_the_ending(doc)


def test_a_wikitext_citation_is_a_source() -> None:
    doc = _import(_WIKITEXT, "heat.txt")
    assert ("Janet Maslin", "The New York Times") in {
        (source.author, source.outlet) for source in doc.sources
    }


# --- an Org-mode post ----------------------------------------------------------------------------

_ORG = """#+TITLE: Heat (1995): the ending explained
#+AUTHOR: Ines Calloway
#+OPTIONS: toc:nil
#+FILETAGS: :film:

* The setup
  :PROPERTIES:
  :CUSTOM_ID: setup
  :END:
McCauley runs a crew of thieves, and Hanna chases it through /the whole city/.

* How it ends
#+BEGIN_QUOTE
"I told you I'm never going back." -- McCauley
#+END_QUOTE
Hanna shoots McCauley by the runway lights and holds his hand as he dies.

* Draft notes                                                      :noexport:
- TODO ask Sam about the director's cut

* Sources
1. Mann told [[https://example.org/empire][Empire]] that the runway was the only ending.
"""


def test_an_org_mode_post_is_read_as_the_page_it_exports() -> None:
    doc = _import(_ORG, "heat.org.txt")
    assert (doc.title, doc.year) == ("Heat", 1995)
    text = all_text(doc)
    for syntax in ("#+", ":PROPERTIES:", "CUSTOM_ID", ":END:", "BEGIN_QUOTE", ":noexport:"):
        assert syntax not in text
    assert doc.section(SectionKind.RECAP) is not None
    assert "holds his hand" not in _below_the_ending(doc)


def test_an_org_subtree_kept_from_export_is_not_imported() -> None:
    assert "ask Sam" not in all_text(_import(_ORG, "heat.org.txt"))


def test_a_source_list_entry_that_reports_speech_names_who_and_where() -> None:
    doc = _import(_ORG, "heat.org.txt")
    found = {(source.author, source.outlet) for source in doc.sources}
    assert any(author.endswith("Mann") and outlet == "Empire" for author, outlet in found), found
    assert all("told" not in author for author, _ in found)


# --- a note app's Markdown -----------------------------------------------------------------------

_OBSIDIAN = """# Heat (1995) – ending explained

%% note to self: check the runtime before publishing %%

## The setup

McCauley runs a crew of thieves, and ==Hanna chases it== through the city.

```dataview
LIST FROM #film WHERE status = "published"
```

## How it ends

Hanna shoots McCauley by the runway lights and holds his hand as he dies.
"""


def test_a_note_apps_comments_highlights_and_queries_are_syntax() -> None:
    doc = _import(_OBSIDIAN, "heat.md")
    text = all_text(doc)
    assert "check the runtime" not in text and "%%" not in text
    assert "LIST FROM" not in text and "dataview" not in text
    assert "==" not in text and "Hanna chases it" in text


# --- an old home page laid out in a table -------------------------------------------------------

_TABLE_PAGE = """<HTML><HEAD><TITLE>Dave's Movie Vault - Heat</TITLE></HEAD>
<BODY BGCOLOR="#000033" TEXT="#FFFF99">
<CENTER><MARQUEE>*** Welcome to Dave's Movie Vault! Now with 40 films! ***</MARQUEE></CENTER>
<TABLE WIDTH="100%"><TR>
<TD WIDTH="150"><FONT SIZE="2"><A HREF="index.html">Home</A><BR>
<A HREF="gb.html">Sign my Guestbook</A><BR>
<A HREF="links.html">My Links</A><BR>Best viewed in Netscape Navigator 4.0</FONT></TD>
<TD>
<CENTER><FONT SIZE="6"><B>HEAT (1995)</B></FONT><BR><FONT SIZE="4"><I>The Ending</I></FONT></CENTER>
<P><FONT SIZE="3">Michael Mann's Heat is a crime film about a thief and a detective who hunts
him across Los Angeles, and this page explains its last scene for anyone who just saw it.</FONT></P>
<P><FONT SIZE="5">The Story</FONT></P>
<P><FONT SIZE="3">McCauley runs a crew of thieves in Los Angeles, and Hanna chases it through
the whole city, until the two men meet for coffee and agree that neither will back down.</FONT></P>
<P><FONT SIZE="5">How It Ends</FONT></P>
<P><FONT SIZE="3">Hanna shoots McCauley by the runway lights and holds his hand as he
dies.</FONT></P>
<P><FONT SIZE="5">Sources</FONT></P>
<P><FONT SIZE="3">1. Janet Maslin, "Heat," The New York Times, 1995.<BR>
2. Roger Ebert, "Heat," Chicago Sun-Times, 1995.<BR></FONT></P>
<CENTER><FONT SIZE="2">This page is part of the Crime Films Webring owned by Dave.<BR>
You are visitor number <IMG SRC="counter.gif" ALT="004213"> since March 1998!<BR>
E-mail me!</FONT></CENTER>
</TD></TR></TABLE></BODY></HTML>
"""


def test_an_old_pages_dated_big_text_heading_names_the_film() -> None:
    # The page title puts the site's name first; the dated heading is the headline.
    doc = _import(_TABLE_PAGE, "heat.html")
    assert (doc.title, doc.year) == ("Heat", 1995)


def test_font_size_headings_open_their_sections() -> None:
    doc = _import(_TABLE_PAGE, "heat.html")
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and "crew of thieves" in "\n".join(
        [recap.body or "", *(item.body for item in recap.items)]
    )
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None
    assert "holds his hand" not in _below_the_ending(doc)


def test_line_breaks_inside_font_tags_still_split_a_source_list() -> None:
    doc = _import(_TABLE_PAGE, "heat.html")
    authors = {source.author for source in doc.sources}
    assert {"Janet Maslin", "Roger Ebert"} <= authors, authors


def test_an_old_pages_sidebar_counter_webring_and_banner_are_chrome() -> None:
    text = all_text(_import(_TABLE_PAGE, "heat.html"))
    for furniture in (
        "Guestbook",
        "Best viewed",
        "My Links",
        "Webring",
        "visitor number",
        "E-mail me",
        "Now with 40 films",
    ):
        assert furniture not in text


@pytest.mark.parametrize(
    "line",
    [
        "You are visitor number since March 1998!",
        "This page is part of the Classic Films Webring owned by Dave.",
        "Best viewed in Netscape Navigator 4.0 at 800x600",
        "Sign my Guestbook",
        "<< Previous Review | Home | Next Review >>",
    ],
)
def test_old_home_page_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


# --- a social thread behind content warnings ------------------------------------------------------


def _status(who: str, text: str, *, warning: str | None = None) -> str:
    handle = f"@{who.lower()}@films.example"
    header = (
        f'<div class="status__info"><a class="status__display-name"><strong>{who}</strong> '
        f'<span class="display-name__account">{handle}</span></a> <time>Mar 2, 2025, 19:04</time>'
        "</div>"
    )
    if warning:
        content = (
            f'<p><span class="p-summary">{warning}</span><button>Show more</button></p>'
            f'<div class="e-content" style="display: none"><p>{text}</p></div>'
        )
    else:
        content = f'<div class="e-content"><p>{text}</p></div>'
    return f'<article class="status">{header}<div class="status__content">{content}</div></article>'


_THREAD_PAGE = (
    "<html><head>"
    '<title>Rowan: "Heat (1995) ending explained, a thread 1/3…" - films.example</title>'
    '<meta property="og:title" content="Rowan (@rowan@films.example)"></head><body>'
    '<div class="column-header"><h1>Post</h1></div>'
    + _status(
        "Rowan",
        "Heat (1995) ending explained, a thread 1/3. McCauley runs a crew of thieves in Los "
        "Angeles, and the detective Hanna chases it across the whole city.",
    )
    + _status(
        "Rowan",
        "2/3 Hanna shoots McCauley by the runway lights and holds his hand as he dies.",
        warning="CW: Heat spoilers (2/3)",
    )
    + _status(
        "Rowan",
        "3/3 Mann told Empire that the runway was the only ending he ever wrote. Thanks for "
        "reading!",
    )
    + _status("Jonas", "@rowan great thread, the runway scene gave me chills")
    + "</body></html>"
)


def test_a_social_posts_page_title_quotes_the_post_that_names_the_film() -> None:
    # og:title names the account; <title> quotes the post: the post is the headline.
    doc = _import(_THREAD_PAGE, "thread.html")
    assert (doc.title, doc.year) == ("Heat", 1995)


def test_a_content_warning_that_names_spoilers_starts_the_ending() -> None:
    doc = _import(_THREAD_PAGE, "thread.html")
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "holds his hand" in (ending.body or "")
    assert "holds his hand" not in _below_the_ending(doc)


def test_other_peoples_replies_to_a_thread_are_not_imported() -> None:
    text = all_text(_import(_THREAD_PAGE, "thread.html"))
    assert "gave me chills" not in text
    assert "@rowan@films.example" not in text and "Mar 2, 2025" not in text


def test_a_thread_posts_last_sentence_thanking_readers_keeps_the_post() -> None:
    # "Thanks for reading!" at the end of a post is no reason to drop what it says before.
    doc = _import(_THREAD_PAGE, "thread.html")
    assert ("Mann", "Empire") in {(s.author.split()[-1], s.outlet) for s in doc.sources}


# --- tabs, galleries and network boxes ------------------------------------------------------------

_TABS = """<html><head><title>Heat (1995) Ending Explained</title></head><body><article>
<h1>Heat (1995) Ending Explained</h1>
<p>Michael Mann's Heat is a crime film about a thief and the detective who hunts him. Pick a tab
below: the setup is safe, the other two are not.</p>
<div class="tabbed-content">
<div role="tablist" aria-label="Heat explained">
<button role="tab" aria-selected="true" aria-controls="panel-1">The setup</button>
<button role="tab" aria-selected="false" aria-controls="panel-2">How it ends</button>
<button role="tab" aria-selected="false" aria-controls="panel-3">Questions</button>
</div>
<div role="tabpanel" id="panel-1"><p>McCauley runs a crew of thieves in Los Angeles, and Hanna
chases it across the whole city until they meet for coffee.</p></div>
<div role="tabpanel" id="panel-2" hidden><p>Hanna shoots McCauley by the runway lights and holds
his hand as he dies.</p></div>
<div role="tabpanel" id="panel-3" hidden><h3>Why does McCauley go back for Waingro?</h3>
<p>Because the code he lives by breaks at last, and it costs him Eady.</p></div>
</div>
</article>
<div class="up-next"><span>Up next</span> <a href="/thief">Thief Ending Explained: Frank Burns It
All</a></div>
<section class="explore"><h2>Explore topics</h2><ul><li>Sales</li><li>Marketing</li></ul></section>
</body></html>
"""


def test_each_tab_heads_the_panel_it_opens() -> None:
    doc = _import(_TABS, "heat.html")
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and "crew of thieves" in (recap.body or "")
    ending = doc.section(SectionKind.ENDING)
    assert ending is not None and "holds his hand" in (ending.body or "")
    faq = doc.section(SectionKind.FAQ)
    assert faq is not None
    assert [item.heading for item in faq.items] == ["Why does McCauley go back for Waingro?"]
    assert "holds his hand" not in _below_the_ending(doc)


def test_an_up_next_card_and_a_topics_box_are_chrome() -> None:
    text = all_text(_import(_TABS, "heat.html"))
    for furniture in ("Up next", "Frank Burns It", "Explore topics", "Marketing"):
        assert furniture not in text


@pytest.mark.parametrize("line", ["Next slide", "Start slideshow", "Up next", "Explore topics"])
def test_gallery_and_network_lines_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


def test_a_heading_that_names_nothing_before_the_named_ending_is_the_story_so_far() -> None:
    article = """# Heat (1995): the ending explained

Michael Mann's Heat is a crime film about a thief and the detective who hunts him.

## What McCauley goes through

McCauley runs a crew of thieves. After a bank job goes wrong and one of his men dies in the
street, he plans to leave the country with Eady.

## The ending

Hanna shoots McCauley by the runway lights and holds his hand as he dies.
"""
    doc = _import(article, "heat.md")
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None
    assert "crew of thieves" in "\n".join(item.body for item in recap.items)
    assert "holds his hand" not in _below_the_ending(doc)


def test_a_warning_heading_splits_the_story_so_far_from_the_ending() -> None:
    # A gallery's slides: the ones before the "Spoilers ahead" slide tell the setup.
    article = """# Heat (1995) Ending Explained: 4 Things To Know

Michael Mann's Heat is a crime film about a thief and the detective who hunts him.

## Who McCauley is

McCauley runs a crew of thieves, and one of his men dies in the street after a job.

## Spoilers ahead

The next slides give away the whole ending.

## Hanna and McCauley at the airport

Hanna shoots McCauley by the runway lights and holds his hand as he dies.
"""
    doc = _import(article, "heat.md")
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None
    assert "crew of thieves" in "\n".join([recap.body or "", *(i.body for i in recap.items)])
    assert "holds his hand" not in _below_the_ending(doc)


def test_a_closing_sign_off_sentence_comes_off_its_paragraph() -> None:
    article = """# Heat (1995) ending explained

## The ending

Hanna shoots McCauley by the runway lights and holds his hand as he dies. End of thread, thanks
for reading!
"""
    text = all_text(_import(article, "heat.md"))
    assert "holds his hand as he dies." in text
    assert "End of thread" not in text and "thanks for reading" not in text
    kept = article.replace("End of thread, thanks\nfor reading!", "That's all the film needs.")
    assert "That's all the film needs." in all_text(_import(kept, "heat.md"))


def test_a_quotation_in_an_ordinary_page_title_is_no_social_post() -> None:
    page = (
        '<html><head><title>Chinatown: "Forget It, Jake" - The Ending Explained</title></head>'
        "<body><article><h1>Chinatown (1974): The Ending Explained</h1>"
        "<p>Roman Polanski's Chinatown follows a private eye in 1930s Los Angeles.</p>"
        "<h2>The ending</h2><p>Evelyn is shot in the car as she flees with Katherine.</p>"
        "</article></body></html>"
    )
    doc = _import(page, "chinatown.html")
    assert (doc.title, doc.year) == ("Chinatown", 1974)


def test_a_story_so_far_in_words_of_an_ending_keeps_its_text_at_the_ending_level() -> None:
    article = """# The Usual Suspects (1995): the ending explained

Bryan Singer's crime film follows five criminals brought together by a line-up.

## Kujan's mistake

Kujan lets Verbal go before he understands who he is, and Keaton dies on the boat in the
final minutes while Verbal walks away.

## The ending

Kujan drops his coffee cup as the names on the notice board fall into place.
"""
    doc = _import(article, "suspects.md")
    recap = doc.section(SectionKind.RECAP)
    assert recap is not None and [item.heading for item in recap.items] == ["Kujan's mistake"]
    assert "keaton dies on the boat" not in _below_the_ending(doc)


def test_an_org_spoiler_block_stays_hidden_wherever_it_is_filed() -> None:
    article = _ORG.replace(
        "McCauley runs a crew of thieves, and Hanna chases it through /the whole city/.",
        "McCauley runs a crew of thieves, and Hanna chases it through /the whole city/.\n\n"
        "#+BEGIN_SPOILER\nIn the end Waingro dies in a hotel room,\nshot by McCauley.\n"
        "#+END_SPOILER",
    )
    doc = _import(article, "heat.org.txt")
    assert "waingro dies in a hotel room" not in _below_the_ending(doc)
    assert "||In the end Waingro dies in a hotel room, shot by McCauley.||" in all_text(doc)


# --- text in the background's colour ("highlight to read") ----------------------------------------

_INK = """<html><head><title>Dave's Vault - Heat</title></head><body{body}>
<center><font size="6"><b>HEAT (1995)</b></font></center>
<p>Michael Mann's Heat is a crime film about a thief and the detective who hunts him.</p>
<p><font size="5"><b>What It Means</b></font></p>
<p>The film is about two men who are the same. <{tag}>Only one of them walks away
alive.</{close}></p>
</body></html>"""


@pytest.mark.parametrize(
    ("body", "tag", "close"),
    [
        (' bgcolor="#000033"', 'font color="#000033"', "font"),
        ("", 'span style="color: white"', "span"),
        (' style="background-color: #fff"', 'font color="#FFFFFF"', "font"),
        ("", 'span style="color:#000;background-color:#000"', "span"),
    ],
)
def test_text_in_the_backgrounds_colour_is_a_hidden_spoiler(
    body: str, tag: str, close: str
) -> None:
    doc = _import(_INK.format(body=body, tag=tag, close=close), "heat.html")
    assert "walks away alive" not in _below_the_ending(doc)
    assert "||Only one of them walks away alive.||" in all_text(doc)


def test_white_text_on_a_styled_page_is_left_alone() -> None:
    # A stylesheet may set a dark page: white text there is the article's.
    page = _INK.format(body="", tag='span style="color: white"', close="span").replace(
        "</head>", "<style>body { background: #111; }</style></head>"
    )
    assert "||" not in all_text(_import(page, "heat.html"))


def test_answers_to_a_question_thread_stay_when_the_asker_posts_twice() -> None:
    # The asker's question and thanks are short; the answers are the article.
    answer = (
        "Hanna shoots McCauley by the runway lights and holds his hand as he dies. Mann has "
        "said the two men are mirror images, each living by a code that leaves him alone, and "
        "the ending is the only place where the code lets them meet as equals at last."
    )
    page = (
        "<html><head><title>Heat (1995) ending explained?</title></head><body>"
        + _status("Rowan", "Heat (1995): how does the ending work? Why does McCauley go back?")
        + _status("Jonas", answer)
        + _status("Mina", answer.replace("Mann has said", "Everyone says"))
        + _status("Rowan", "thanks, that helps")
        + "</body></html>"
    )
    result = import_article(page.encode(), name="thread.html", allow_missing_year=True)
    assert "mirror images" in result.yaml
