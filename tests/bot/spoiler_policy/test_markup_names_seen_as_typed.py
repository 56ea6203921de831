"""Spoiler markup typed in characters Unicode reads as its own (compatibility forms, accents).

A reader sees ``[𝐬𝐩𝐨𝐢𝐥𝐞𝐫]`` (a "fancy text" generator's bold, pasted from a profile or a post),
``[spoi\u0301ler]`` (a dead key's accent) and ``[ spoiler ]`` as the forum tag they look like:
the author evidently meant the words hidden, and Discord showed them as typed. Unicode's own
compatibility reading (NFKD) maps those letters to the ASCII ones, and the small and full-width
forms of ``<``, ``>``, ``!``, ``[`` and ``:`` to theirs. Such characters are read as markup only
inside a markup's name and punctuation, and only where that reads more markup; the words inside
and all other text are kept as typed.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.spoiler_policy.markup import (
    _DRAWN_AS_ASCII,
    _MARKUP_PUNCTUATION,
    Treatment,
    bars_as_meant,
    has_bar_lookalikes,
    render_text,
)
from tests.support.discord_markdown import visible_text
from tests.support.hypothesis_profiles import examples

BOLD = "𝐬𝐩𝐨𝐢𝐥𝐞𝐫"
SANS_BOLD = "𝘀𝗽𝗼𝗶𝗹𝗲𝗿"
MONO = "𝚜𝚙𝚘𝚒𝚕𝚎𝚛"
SCRIPT = "𝓈𝓅ℴ𝒾𝓁ℯ𝓇"
CIRCLED = "ⓢⓟⓞⓘⓛⓔⓡ"
SMALL_CAPITALS = "ꜱᴘᴏɪʟᴇʀ"
SUPERSCRIPT = "ˢᵖᵒⁱˡᵉʳ"

SEEN_AS_MARKUP = [
    "Then [spoi\u0301ler]Mia dies[/spoi\u0301ler] at last.",
    "Then [spoíler]Mia dies[/spoíler] at last.",  # the same, composed
    "Then [spoiler\u0308]Mia dies[/spoiler\u0308] at last.",
    "Then <spoi\u0301ler>Mia dies</spoi\u0301ler> at last.",
    f"Then [{BOLD}]Mia dies[/{BOLD}] at last.",
    f"Then [{SANS_BOLD}]Mia dies[/{SANS_BOLD}] at last.",
    f"Then [{MONO}]Mia dies[/{MONO}] at last.",
    f"Then [{SCRIPT}]Mia dies[/{SCRIPT}] at last.",
    f"Then [{CIRCLED}]Mia dies[/{CIRCLED}] at last.",
    f"Then [{SMALL_CAPITALS}]Mia dies[/{SMALL_CAPITALS}] at last.",
    f"Then [{SUPERSCRIPT}]Mia dies[/{SUPERSCRIPT}] at last.",
    "Then [𝗱𝗲𝘁𝗮𝗶𝗹𝘀]Mia dies[/𝗱𝗲𝘁𝗮𝗶𝗹𝘀] at last.",
    f"Then <{BOLD}>Mia dies</{BOLD}> at last.",
    f"Then [[{BOLD}:Mia dies]] at last.",
    f"Then (view {BOLD})[Mia dies (hide {BOLD})] at last.",
    "Then (𝐯𝐢𝐞𝐰 spoiler)[Mia dies (𝐡𝐢𝐝𝐞 spoiler)] at last.",
    f"Then\n::: {BOLD}\nMia dies\n:::\nat last.",
    # Punctuation in its small and full-width forms, around a name.
    "Then ＜spoiler＞Mia dies＜／spoiler＞ at last.",
    "Then ﹤spoiler﹥Mia dies﹤/spoiler﹥ at last.",
    "Then ［［spoiler:Mia dies］］ at last.",
    "Then\n：：： spoiler\nMia dies\n：：：\nat last.",
    # Reddit's markup in small forms (as its full-width form is read already).
    "Then ﹥!Mia dies!﹤ at last.",
    "Then ﹥﹗Mia dies﹗﹤ at last.",
    "Then >﹗Mia dies!< at last.",
    # Spaces inside the brackets.
    "Then [ spoiler ]Mia dies[ /spoiler ] at last.",
    "Then [ spoiler]Mia dies[/ spoiler] at last.",
    "Then < spoiler>Mia dies</ spoiler> at last.",
    "Then [[ spoiler:Mia dies]] at last.",
]


@pytest.mark.parametrize("typed", SEEN_AS_MARKUP)
def test_markup_seen_through_unicode_compatibility_forms_hides_its_words(typed: str) -> None:
    assert has_bar_lookalikes(typed)
    for inline in (Treatment.WRAP, Treatment.WITHHOLD):
        rendered = render_text(
            typed, Treatment.SHOW, inline_treatment=inline, pointer="(see the ending)"
        )
        for lazy in (False, True):
            shown = visible_text(rendered, lazy_bars=lazy)
            assert "Mia" not in shown and "dies" not in shown, rendered
            assert "Then" in shown, rendered


def test_only_the_markup_is_read_anew_the_words_keep_their_letters() -> None:
    """The words hidden and the text around keep their accents, scripts and forms."""
    typed = f"Details: Амели́ [{BOLD}]Mía 𝐝𝐢𝐞𝐬 が[/{BOLD}] ＤＶＤ 👩\u200d👧"
    assert bars_as_meant(typed) == "Details: Амели́ ||Mía 𝐝𝐢𝐞𝐬 が|| ＤＶＤ 👩\u200d👧"


@pytest.mark.parametrize(
    "kept",
    [
        "Amélie, détails: 𝐛𝐨𝐥𝐝 𝐬𝐩𝐨𝐢𝐥𝐞𝐫 alert",  # a name alone is no markup
        "Спойлер: ничего́ не случи́лось",
        "やった～！ すごい！～ ね",  # an exclamation, as Japanese text has it
        "ＤＶＤ［特典］付き　﹤限定﹥",
        "مریم\u200cها 🎬",
        "see < spoilers below",
    ],
)
def test_text_without_markup_seen_so_is_kept(kept: str) -> None:
    assert bars_as_meant(kept) == kept
    assert not has_bar_lookalikes(kept)


def _forms_of(plain: str) -> list[str]:
    """Every character Unicode's compatibility reading (NFKD, accents dropped) draws as
    ``plain``, among the blocks a keyboard, an input method or a text generator types."""
    blocks = [
        (0x00C0, 0x024F),  # Latin letters with accents
        (0x2100, 0x24FF),  # letter-like symbols, circled letters
        (0xFE50, 0xFE6F),  # small forms
        (0xFF01, 0xFF5E),  # full width
        (0x1D400, 0x1D7FF),  # mathematical letters
    ]
    forms = [plain]
    for start, end in blocks:
        for code in range(start, end + 1):
            char = chr(code)
            seen = unicodedata.normalize("NFKD", char)
            if not plain.isalpha():
                forms += [char] if seen == plain else []  # "≯" is no ">"
            elif "".join(c for c in seen if not unicodedata.combining(c)) == plain:
                forms.append(char)
    return forms


# Letters Unicode does not map, drawn alike all the same: Cyrillic, Greek, small capitals.
_ALIKE = {"s": "ѕꜱ", "p": "рᴘ", "o": "оοᴏ", "i": "іιɪ", "l": "ӏʟ", "e": "еᴇ", "r": "ʀ", "a": "аα"}
_FORMS = {
    char: _forms_of(char) + list(_ALIKE.get(char, ""))
    for char in set("spoilerdtaviewhSPOILERDTAVIEWH<>[]/:()")
}
# A full-width "！" after an ASCII ">" ends an HTML tag as often ("<b>！すごい！</b>"): Reddit's
# markup typed so is read only with a full-width "＞", and that only in "＞！…！＜" (test_markup):
# a line "＞！ 注意" is a heading's mark.
_FORMS["!"] = ["!", "﹗"]
_FORMS[">"].remove("＞")
_MARKUP = [
    "[spoiler]{}[/spoiler]",
    "[spoiler=Ending]{}[/spoiler]",
    "[details]{}[/details]",
    "[ispoiler]{}[/ispoiler]",
    "<spoiler>{}</spoiler>",
    "<details>{}</details>",
    "[[spoiler:{}]]",
    "\n::: spoiler\n{}\n:::\n",
    "(view spoiler)[{} (hide spoiler)]",
    ">!{}!<",
    "||{}||",
    "\n>! {}\n",
]


@examples(60)
@given(st.sampled_from(_MARKUP), st.data())
def test_markup_of_every_dialect_typed_in_look_alikes_never_shows_its_words(
    markup: str, data: st.DataObject
) -> None:
    """What a reader sees as spoiler markup hides its words, whichever of the characters Unicode
    draws as its letters and punctuation it is typed in, with accents and unseen ones inside."""

    def typed_alike(part: str) -> str:
        out = []
        for char in part:
            forms = _FORMS.get(char)
            out.append(data.draw(st.sampled_from(forms)) if forms else char)
            if char.isalpha() and data.draw(st.integers(0, 5)) == 0:
                out.append(data.draw(st.sampled_from(["\u0301", "\u200b", "\u0308", "\u2060"])))
        return "".join(out)

    before, after = markup.split("{}")
    typed = f"Then {typed_alike(before)}QZXONE{typed_alike(after)} at last."
    rendered = render_text(
        typed, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="(see the ending)"
    )
    for lazy in (False, True):
        assert "QZXONE" not in visible_text(rendered, lazy_bars=lazy), (typed, rendered)


def test_every_character_unicode_draws_as_a_name_letter_or_markup_punctuation_is_known() -> None:
    """The compatibility forms are gathered from the blocks that hold them: none is missed in
    Unicode's first two planes (the later ones hold ideographs, tags and private use)."""
    missed = []
    for code in range(0x80, 0x20000):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
        letter = len(plain) == 1 and plain.isascii() and plain.isalpha()
        punctuation = len(decomposed) == 1 and decomposed in _MARKUP_PUNCTUATION
        if (letter or punctuation) and _DRAWN_AS_ASCII.get(code) != plain:
            missed.append(f"U+{code:04X}")
    assert not missed
