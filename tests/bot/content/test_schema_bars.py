"""Spoiler bars as authors type them: full-width bars are the ``||`` they meant."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from bot.content.schema import NESTED_BARS, UNPAIRED_BARS, FilmDoc, consistency_problems
from bot.spoiler_policy.markup import BAR_LOOKALIKE, BAR_LOOKALIKES, bars_as_meant


def test_every_character_unicode_folds_to_a_bar_is_taken_for_one() -> None:
    folded = {
        chr(code)
        for code in range(0x80, sys.maxunicode + 1)
        if unicodedata.normalize("NFKC", chr(code)) == "|"
    }
    assert folded == {BAR_LOOKALIKE}
    assert folded <= set(BAR_LOOKALIKES)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("a ｜｜b｜｜ c", "a ||b|| c"),
        ("a |｜b｜| c", "a ||b|| c"),
        ("ONE PIECE｜FILM RED", "ONE PIECE｜FILM RED"),  # a lone one is a separator
        ("a || b", "a || b"),
        ("a ∣∣b∣∣ c", "a ||b|| c"),
        ("a ǀǀb¦¦ c", "a ||b|| c"),
        ("a ‖b∥ c", "a ||b|| c"),
        ("a |\u200b|b|\ufe0f| c", "a ||b|| c"),
        ("a ｜\u2060｜b||| c", "a ||b||| c"),
        ("a ∣ b, 𝑓 ǀ g", "a ∣ b, 𝑓 ǀ g"),  # a lone one is a symbol or a letter
        ("ǁKaras", "ǁKaras"),  # the click letter drawn as two bars is a letter
        ("a |\u200b b", "a |\u200b b"),
        ("a >!b ||c|| d!< e", "a ||b c d|| e"),
        ("wow >! not one", "wow >! not one"),
        # Spaced inside, or over lines, as Reddit's own editor takes it: still the spoiler meant.
        ("a >! b c !< e", "a ||b c|| e"),
        ("a >!b\nc!< e", "a ||b\nc|| e"),
        ("a >!b\n\nc!< e", "a ||b\n\nc|| e"),
        ("a >! !< e", "a >! !< e"),  # hides nothing
        ("a >!b c", "a ||b c"),  # never closed: refused as unclosed bars are
        ("I loved it!<3 and >!", "I loved it!<3 and >!"),
        ("a [spoiler]b ||c|| d[/spoiler] e", "a ||b c d|| e"),
        ("a [SPOILER = Ending ]b[/ Spoiler] e", "a ||Ending: b|| e"),
        ('[spoiler="Ending"]\nb\n\nc\n[/spoiler]', "||Ending: b\n\nc||"),
        ("[spoiler][spoiler]b[/spoiler] c[/spoiler]", "||b c||"),
        ("a [spoiler] b", "a || b"),  # unclosed: refused as unpaired bars are
        ("a [/spoiler] b", "a || b"),
        ('a [SPOILER title="Ending"]b[/SPOILER] e', "a ||Ending: b|| e"),
        ("a [ispoiler]b[/ispoiler] e", "a ||b|| e"),  # XenForo's inline spoiler
        # One typed inside another, of any markup or the author's own bars, spaced or not (as
        # Chinese and Japanese are written): one span, its words all hidden, never bars in bars.
        ("彼は||ミアは~!死ぬ!~と||言った", "彼は||ミアは死ぬと||言った"),
        ("ミアは>!グレッグと~!結婚!~する!<。", "ミアは||グレッグと結婚する||。"),
        ("彼は~!ミアは~!死ぬ!~と!~言った", "彼は||ミアは死ぬと||言った"),
        ("a >!b >!c!< d!< e", "a ||b c d|| e"),
        ("a [[spoiler:b [[spoiler:c]] d]] e", "a ||b c d|| e"),
        ("(view spoiler)[b (view spoiler)[c (hide spoiler)] d (hide spoiler)] e", "||b c d|| e"),
        ("x\n::: spoiler\nb\n::: spoiler\nc\n:::\nd\n:::\ny", "x\n||b\nc\nd||\ny"),
        ("x ||a|| >!b!< ||c||", "x ||a|| ||b|| ||c||"),
        # An element's "<" and ">" are its own, never Reddit's "!<" or ">!" beside them.
        ("a ~!<tg-spoiler>b</tg-spoiler>!~ c", "a ||b|| c"),
        ("彼は>!<spoiler>ミア</spoiler>!<言った", "彼は||ミア||言った"),
        # Tags left without their pairs stay unpaired, never pairing with each other.
        ("ミアは</spoiler>グレッグと<spoiler>結婚", "ミアは||グレッグと||結婚||"),
        # Reddit's typed in full width, paired, Reddit's own inside it too.
        ("彼は＞！ミアが死ぬ！＜と", "彼は||ミアが死ぬ||と"),
        ("＞！a >!b!< c！＜ d", "||a b c|| d"),
        ("a [spoilery] b", "a [spoilery] b"),
    ],
)
def test_bars_as_meant(typed: str, meant: str) -> None:
    assert bars_as_meant(typed) == meant


def test_every_free_text_of_a_film_reads_full_width_bars_as_bars() -> None:
    doc = FilmDoc.model_validate(
        {
            "title": "Heron Lake",
            "year": 2001,
            "director": "Ann ｜｜x｜｜",
            "cast": ["Tom ｜｜x｜｜"],
            "synopsis": "Home. ｜｜x｜｜",
            "sources": [{"id": 1, "author": "A ｜｜x｜｜", "title": "T ｜｜x｜｜"}],
            "sections": [
                {
                    "kind": "faq",
                    "heading": "H ｜｜x｜｜",
                    "body": "B ｜｜x｜｜ [^1]",
                    "items": [{"heading": "Q ｜｜x｜｜?", "body": "A ｜｜x｜｜"}],
                }
            ],
        }
    )
    texts = [text for _, text in doc.texts()] + [doc.director or "", *doc.cast]
    texts += [doc.sources[0].author, doc.sources[0].title]
    assert all("||x||" in text and "｜" not in text for text in texts), texts


def test_lone_full_width_bars_are_refused_as_unclosed_naming_what_was_typed() -> None:
    """Full-width bars that open no span are unclosed bars, as ``||`` would be; the refusal
    says the full-width ones count, since the author typed no ``||``."""
    doc = FilmDoc.model_validate(
        {"title": "Heron Lake", "year": 2001, "sections": [{"kind": "recap", "body": "A ｜｜b"}]}
    )
    problems = consistency_problems(doc)
    assert problems == [("sections[0].body", UNPAIRED_BARS)]
    assert "｜｜" in UNPAIRED_BARS


@pytest.mark.parametrize(
    "typed",
    [
        "A [spoiler]she leaves",
        "She leaves[/spoiler] at last",
        # Reddit's opening ">!" typed against its words, never closed: the rest was shown.
        "At last >!she leaves Seb and marries Greg.",
        ">!She leaves Seb.\n\nAnd marries Greg.",
    ],
)
def test_a_spoiler_tag_without_its_pair_is_refused_as_unclosed_bars(typed: str) -> None:
    """An author who typed one BBCode tag meant to hide something: what it leaves would be
    shown to everyone, so it is refused as unclosed bars are, and the refusal names the tag."""
    doc = FilmDoc.model_validate(
        {"title": "Heron Lake", "year": 2001, "sections": [{"kind": "recap", "body": typed}]}
    )
    assert consistency_problems(doc) == [("sections[0].body", UNPAIRED_BARS)]
    assert "[spoiler]" in UNPAIRED_BARS


@pytest.mark.parametrize(
    "typed",
    [
        "Mia ||leaves ||dies|| at last|| alone",  # Discord shows "dies"
        "The ||twist: ||Tyler|| is the narrator||.",
        "Mia ||leaves ｜｜dies｜｜ at last|| alone",  # full-width bars are bars too
        # The inner span quoted: Discord shows the quote, the very words hidden twice.
        'Mia ||leaves Seb and ||"marries Greg"|| five years later||',
        "Mia ||leaves and ||‘marries Greg’|| at last||",
        "Mia ||leaves and ||«épouse Greg»|| enfin||",
        "ミアは ||去って ||「グレッグと結婚」|| 最後に||",
        # The inner span opened or closed by a bracket, a dash or an emoji: Discord shows it.
        "A quiet town. ||At the end ||(the mayor dies)|| for good||.",
        "They meet. ||Later ||— Greg dies —|| and she leaves||.",
        "She leaves ||at the end ||💀 Greg dies 💀|| for good||.",
        "||At the end ||(Greg dies)||, sadly||",
        "||Sadly, (||Greg dies)|| at the end||",
        # Written without spaces, words hugging two spans are an inner span to Discord's pairing:
        # the author of the first meant 死ぬ ("dies") hidden twice; the second's, が shown,
        # cannot be told from it (one span, ||ミアがジョン||, or a mark between two says which).
        "彼は||ミアは||死ぬ||と||言った",
        "||ミア||が||ジョン||を殺す",
    ],
)
def test_spoilers_typed_one_inside_another_are_refused(typed: str) -> None:
    """Spans do not nest: Discord pairs bars left to right, so "||leaves ||dies|| at last||"
    hides "leaves " and " at last" and shows "dies", the very word hidden twice. Content files
    refuse bars so typed (a span's end before a word with a space before it, or its start
    after a word with a space after it), as they refuse unclosed bars."""
    doc = FilmDoc.model_validate(
        {"title": "Heron Lake", "year": 2001, "sections": [{"kind": "recap", "body": typed}]}
    )
    assert consistency_problems(doc) == [("sections[0].body", NESTED_BARS)]


@pytest.mark.parametrize(
    "typed",
    [
        *("||a|| b ||c||", "Mia ||dies ||.", "||Mia||dies", "a||b||c", "||a|| ||b||", "x || y"),
        *('||a|| "b" ||c||', "See ||https://x.io/a ||, then", '"||Mia dies||" she said'),
        *("(||Mia dies ||)", "||Mia dies ||, and ||Greg lives||", "||Mia dies ||... ||Greg||"),
        *("||Mia dies|| (||Greg lives||)", "||ミア||、||ジョン||を殺す", "||ミア|| が ||ジョン||"),
    ],
)
def test_spans_side_by_side_are_not_taken_for_nested(typed: str) -> None:
    doc = FilmDoc.model_validate(
        {"title": "Heron Lake", "year": 2001, "sections": [{"kind": "recap", "body": typed}]}
    )
    assert NESTED_BARS not in [problem for _, problem in consistency_problems(doc)]


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("A ||she leaves", "||"),
        ("A ｜｜she leaves", "｜｜"),
        ("A [spoiler]she leaves", "[spoiler]"),
        ("She leaves[/spoiler] at last", "[/spoiler]"),
        ("At last >!she leaves Seb and marries Greg.", ">!"),
        ("At last ~!she leaves Seb and marries Greg.", "~!"),
        ("At last <details>she leaves Seb", "<details>"),
        ("At last\n::: spoiler\nshe leaves Seb", "::: spoiler"),
    ],
)
def test_the_unclosed_bars_refusal_names_the_form_the_author_typed(typed: str, named: str) -> None:
    """An author who typed Reddit's ``>!`` and never ``||`` is told about ``>!``: a refusal
    naming only bars and BBCode tags leaves them looking for something they did not write."""
    doc = FilmDoc.model_validate(
        {"title": "Heron Lake", "year": 2001, "sections": [{"kind": "recap", "body": typed}]}
    )
    [(where, message)] = consistency_problems(doc)
    assert where == "sections[0].body" and named in message


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # AniList's spoiler markup, over lines too; one hiding nothing stays as typed.
        ("a ~!b ||c|| d!~ e", "a ||b c d|| e"),
        ("a ~! b\nc !~ e", "a ||b\nc|| e"),
        ("a ~! !~ e", "a ~! !~ e"),
        ("彼は~!ミアが死ぬ", "彼は||ミアが死ぬ"),  # no spaces to end a word: an opening
        ("a ~!b c", "a ||b c"),  # never closed: refused as unclosed bars are
        # Never closed, an opening wherever it stands: after a letter or an underscore, before
        # a space, as an exclamation too (refused: its author rewords it).
        ("Mia~!dies at last", "Mia||dies at last"),
        ("__~!X", "__||X"),
        ("a ~! Mia dies", "a || Mia dies"),
        ("a ~!\nMia dies", "a ||\nMia dies"),
        ("Thanks~! See you", "Thanks|| See you"),
        ("ありがとう~! また", "ありがとう|| また"),
        # Nothing after it to hide, or a "!" or "~" after it: no opening.
        ("Thanks~!", "Thanks~!"),
        ("Thanks~! ", "Thanks~! "),
        ("Yay~!! See you", "Yay~!! See you"),
        ("a~!~b", "a~!~b"),
        # The text's last character may be the opening's first: "~!" in "~~!~" closes.
        ("__~!X~~!~", "__||X~~||"),
        ("a ~!b~!~ c", "a ||b~|| c"),
        ("a >!b>!< c", "a ||b>|| c"),
        ("a ＞！b＞！＜ c", "a ||b＞|| c"),
        # HTML's spoiler elements (a page, Telegram's HTML, Matrix), a summary hidden with them.
        ("a <details>b</details> e", "a ||b|| e"),
        ("<details open><summary>Ending</summary>\nb\n</details>", "||Ending: b||"),
        ("a <spoiler>b</spoiler> e", "a ||b|| e"),
        ("a <tg-spoiler>b</tg-spoiler> e", "a ||b|| e"),
        ('a <span class="tg-spoiler">b</span> e', "a ||b|| e"),
        ('a <span class="text spoiler">b</span> e', "a ||b|| e"),
        ('a <span data-mx-spoiler="ending">b</span> e', "a ||b|| e"),
        ("a <SPAN data-mx-spoiler>b</SPAN> e", "a ||b|| e"),
        ("<details><details>b</details> c</details>", "||b c||"),
        ('a <div class="md-spoiler-text">b</div> e', "a ||b|| e"),  # old Reddit's
        ('a <span class="x">b</span> e', 'a <span class="x">b</span> e'),
        ("a <div>b</div> e", "a <div>b</div> e"),
        ("a <details> b", "a || b"),  # unclosed: refused as unpaired bars are
        ("a </spoiler> b", "a || b"),
        # Markdown containers (Lemmy, markdown-it): a caption after "spoiler" is hidden too.
        ("a\n::: spoiler Ending\nb\nc\n:::\ne", "a\n||Ending: b\nc||\ne"),
        (":::spoiler\nb\n:::", "||b||"),
        ("a\n::: spoiler\nb", "a\n||b"),  # never closed
        ("a\n::: note\nb\n:::", "a\n::: note\nb\n:::"),
        # TV Tropes' (links inside it too) and Goodreads' as its pages copy.
        ("a [[spoiler:b [[Film/Heat]] c]] e", "a ||b [[Film/Heat]] c|| e"),
        ("a [[spoiler:b", "a ||b"),  # never closed
        ("a [[Film/Heat]] e", "a [[Film/Heat]] e"),
        ("a (view spoiler)[b (hide spoiler)] e", "a ||b|| e"),
        ("a (view spoiler)[b", "a ||b"),  # never closed
        # The word "spoiler" in any case: each site reads its markup so.
        ("a\n::: SpOiLeR\nb\n:::\ne", "a\n||b||\ne"),
        ("a [[sPoIlEr:b]] e", "a ||b|| e"),
        ("a (View Spoiler)[b (Hide Spoiler)] e", "a ||b|| e"),
        # Discourse's collapsed [details] block, as BBCode's [spoiler].
        ('a [details="Ending"]b[/details] e', "a ||Ending: b|| e"),
    ],
)
def test_other_sites_spoiler_markup_is_the_spoiler_meant(typed: str, meant: str) -> None:
    """Spoiler markup of other sites, which Discord shows as typed (AniList's ``~!…!~``,
    HTML's ``<details>``, ``<spoiler>``, Telegram's ``<tg-spoiler>`` and Matrix's
    ``data-mx-spoiler``, a ``::: spoiler`` container, Discourse's ``[details]``): an author
    pasting from there meant what it hides hidden, so it is read as the ``||…||`` meant."""
    assert bars_as_meant(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "At last ~!she leaves Seb and marries Greg.",
        "At last <details>she leaves Seb",
        "She leaves Seb</tg-spoiler> at last",
        "At last\n::: spoiler\nshe leaves Seb",
    ],
)
def test_other_sites_spoiler_markup_without_its_pair_is_refused(typed: str) -> None:
    doc = FilmDoc.model_validate(
        {"title": "Heron Lake", "year": 2001, "sections": [{"kind": "recap", "body": typed}]}
    )
    assert consistency_problems(doc) == [("sections[0].body", UNPAIRED_BARS)]


@pytest.mark.parametrize(
    "typed", ["~!Mia marries Greg!~", "<spoiler>Mia marries Greg</spoiler>", "<details>x</details>"]
)
def test_other_sites_spoiler_markup_is_refused_in_titles(typed: str) -> None:
    with pytest.raises(ValueError, match="spoiler bars"):
        FilmDoc.model_validate(
            {"title": f"Heron {typed}", "year": 2001, "sections": [{"kind": "recap", "body": "b"}]}
        )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (
            "Intro.\n\n>! Mia marries Greg.\n>! Seb opens his club.\n\nOutro.",
            "Intro.\n\n||Mia marries Greg.\nSeb opens his club.||\n\nOutro.",
        ),
        (">! Mia marries Greg.", "||Mia marries Greg.||"),
        (
            "  >! Mia marries Greg.\n>!\n>! Seb opens his club.",
            "||Mia marries Greg.\n\nSeb opens his club.||",
        ),
        ("a\n>! b !< c", "a\n||b|| c"),  # closed on its line: Reddit's
        ("wow >! not one", "wow >! not one"),  # not at a line's start: an arrow or a shout
        ("a\n>!\nb", "a\n>!\nb"),  # hides nothing
        (">!Mia marries\nGreg.", "||Mia marries\nGreg."),  # typed against a word: left open
    ],
)
def test_stack_exchange_block_spoilers_are_the_spoiler_meant(typed: str, meant: str) -> None:
    """Stack Exchange's spoiler (Movies & TV's answers, where endings are explained): lines
    starting ``>!``, a space after it or not, and nothing closing them. Read only when closed by
    ``!<`` or typed against a word, a block typed ``>! Mia marries Greg.`` was shown as typed."""
    assert bars_as_meant(typed) == meant
