"""Spoiler markup whose name is typed with a character drawn as nothing inside it.

A reader sees ``[spoi\u200bler]Mia dies[/spoi\u200bler]`` as ``[spoiler]Mia dies[/spoiler]``:
the author evidently meant the words hidden, and Discord shows them as typed. Markup whose
punctuation has such a character inside it (``[\u200bspoiler]``, ``>\u200b!``) was read so since
red50; a name (``spoiler``, ``details``, ``view spoiler``) typed apart the same way was not, and
its words were posted in the open, in a synopsis and in a title shown in autocomplete. So
were those of a name typed in letters drawn as its own: full width (``［ｓｐｏｉｌｅｒ］``, an input
method's full-width mode) or Cyrillic (``[ѕроilеr]``).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.spoiler_policy.markup import Treatment, bars_as_meant, has_bar_lookalikes, render_text
from tests.support.discord_markdown import visible_text
from tests.support.hypothesis_profiles import examples

Z, WJ, SHY, BOM = "\u200b", "\u2060", "\u00ad", "\ufeff"

TYPED_APART = [
    f"Then [spoi{Z}ler]Mia dies[/spoi{Z}ler] at last.",
    f"Then [SPOIL{SHY}ER]Mia dies[/SPOIL{SHY}ER] at last.",
    f"Then [spoiler]Mia dies[/spoi{BOM}ler] at last.",
    f"Then [deta{WJ}ils]Mia dies[/deta{WJ}ils] at last.",
    f"Then [ispoi{Z}ler]Mia dies[/ispoi{Z}ler] at last.",
    f"Then <spoi{WJ}ler>Mia dies</spoi{WJ}ler> at last.",
    f"Then <tg-spoi{Z}ler>Mia dies</tg-spoi{Z}ler> at last.",
    f'Then <span class="spoi{Z}ler">Mia dies</span> at last.',
    f"Then [[spoi{Z}ler:Mia dies]] at last.",
    f"Then (view spoi{Z}ler)[Mia dies (hide spoi{Z}ler)] at last.",
    f"Then (view {Z}spoiler)[Mia dies (hide {Z}spoiler)] at last.",
    f"Then\n::: spoi{Z}ler\nMia dies\n:::\nat last.",
    # Letters drawn as the name's: full width (an input method's full-width mode), Cyrillic.
    "Then ［ｓｐｏｉｌｅｒ］Mia dies［／ｓｐｏｉｌｅｒ］ at last.",
    "Then [ＳＰＯＩＬＥＲ]Mia dies[/ＳＰＯＩＬＥＲ] at last.",
    "Then [\u0455\u0440\u043eil\u0435r]Mia dies[/\u0455\u0440\u043eil\u0435r] at last.",
    "Then <\u0455poiler>Mia dies</\u0455poiler> at last.",
]


@pytest.mark.parametrize("typed", TYPED_APART)
def test_markup_whose_name_is_typed_apart_still_hides_its_words(typed: str) -> None:
    assert has_bar_lookalikes(typed)
    assert "Mia dies" in bars_as_meant(typed)
    for inline in (Treatment.WRAP, Treatment.WITHHOLD):
        rendered = render_text(
            typed, Treatment.SHOW, inline_treatment=inline, pointer="(see the ending)"
        )
        for lazy in (False, True):
            shown = visible_text(rendered, lazy_bars=lazy)
            assert "Mia" not in shown and "dies" not in shown, rendered
            assert "Then" in shown and "at last" in shown, rendered


@pytest.mark.parametrize(
    "kept",
    [
        f"a spoi{Z}ler alert with nothing after it",  # a name alone is no markup
        f"@{Z}everyone [spoi{Z}ler",  # an opening never closed is no BBCode tag
        f"Fin{SHY}ished: the end{Z}credits",
        "Его спойлер: ничего",  # Cyrillic letters, no markup however read
        "ＤＶＤ［特典］付き",  # full-width letters, no markup however read
        "やった～！ The Musical",
    ],
)
def test_characters_drawn_as_nothing_outside_markup_are_kept(kept: str) -> None:
    assert bars_as_meant(kept) == kept
    assert not has_bar_lookalikes(kept)


def test_markup_read_already_keeps_the_invisible_characters_elsewhere() -> None:
    """Only what makes more markup readable goes: an emoji's joiners stay."""
    family = "👩\u200d👩\u200d👧"
    assert bars_as_meant(f"[spoiler]Mia dies[/spoiler] {family}") == f"||Mia dies|| {family}"


@pytest.mark.parametrize(
    "typed",
    [
        f"Then\n{WJ}>! Mia dies\nat last.",
        f"Then\n {BOM}>! Mia dies\nat last.",
        "Then\n\u0301>! Mia dies\nat last.",
        f"Then\r{Z}>! Mia dies\rat last.",
    ],
)
def test_a_spoiler_line_with_characters_drawn_as_nothing_before_it_still_hides(
    typed: str,
) -> None:
    """Stack Exchange's spoiler line (">! the twist") with a character drawn as nothing before
    its ">!": the reader sees the line start with it; Discord showed its words as typed."""
    rendered = render_text(
        typed, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="(see the ending)"
    )
    for lazy in (False, True):
        shown = visible_text(rendered, lazy_bars=lazy)
        assert "Mia" not in shown and "dies" not in shown, rendered
        assert "Then" in shown and "at last" in shown, rendered


_MARKUP_AROUND = [
    *("[spoiler]{}[/spoiler]", "[spoiler=Ending]{}[/spoiler]", "[details]{}[/details]"),
    *("<spoiler>{}</spoiler>", "<tg-spoiler>{}</tg-spoiler>", '<span class="spoiler">{}</span>'),
    *("<details><summary>x</summary>{}</details>", "[[spoiler:{}]]"),
    *("(view spoiler)[{} (hide spoiler)]", "\n::: spoiler\n{}\n:::\n", ">!{}!<", "~!{}!~"),
    *("||{}||", "\n>! {}\n", ">! {} !<"),
]
_UNSEEN = ("\u200b", "\u2060", "\u00ad", "\ufeff", "\u200d", "\u180e")


@examples(40)
@given(st.sampled_from(_MARKUP_AROUND), st.data())
def test_characters_drawn_as_nothing_anywhere_in_markup_never_show_its_words(
    markup: str, data: st.DataObject
) -> None:
    """What a reader sees as spoiler markup hides its words, whatever is typed in it unseen."""
    before, after = markup.split("{}")

    def sprinkled(part: str) -> str:
        chars = list(part)
        for at in data.draw(st.lists(st.integers(0, len(part)), min_size=1, max_size=3)):
            chars.insert(at, data.draw(st.sampled_from(_UNSEEN)))
        return "".join(chars)

    typed = f"Then {sprinkled(before)}QZXONE{sprinkled(after)} at last."
    rendered = render_text(
        typed, Treatment.SHOW, inline_treatment=Treatment.WRAP, pointer="(see the ending)"
    )
    for lazy in (False, True):
        assert "QZXONE" not in visible_text(rendered, lazy_bars=lazy), rendered
