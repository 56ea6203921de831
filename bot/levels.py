"""Spoiler levels shared by the content model, the policy and the renderer."""

from __future__ import annotations

import enum


class SpoilerLevel(enum.StrEnum):
    """How much of a film a piece of text gives away.

    Ordered: ``none`` < ``plot`` < ``ending``. Inline ``||spans||`` in any text count as ``ending``.
    """

    NONE = "none"
    PLOT = "plot"
    ENDING = "ending"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def highest(cls, *levels: SpoilerLevel) -> SpoilerLevel:
        # The rank table's own lookup as the key: a lambda reading a property per level was
        # a tenth of rendering a film's first answer (levels are compared per block).
        return max(levels, key=_RANK.__getitem__, default=cls.NONE)


_RANK = {SpoilerLevel.NONE: 0, SpoilerLevel.PLOT: 1, SpoilerLevel.ENDING: 2}


class SectionKind(enum.StrEnum):
    """The parts of an "ending explained" article, in the order a reader meets them."""

    QUICK_ANSWER = "quick_answer"
    RECAP = "recap"
    ENDING = "ending"
    FINAL_SHOT = "final_shot"
    THEMES = "themes"
    SYMBOLISM = "symbolism"
    FAQ = "faq"
    NOTES = "notes"

    @property
    def label(self) -> str:
        """A spoiler-free heading, safe for embed titles and buttons."""
        return _LABELS[self]

    @property
    def default_level(self) -> SpoilerLevel:
        return _DEFAULT_LEVELS[self]

    @property
    def is_the_ending(self) -> bool:
        """Whether every text of this kind tells how the film ends, whatever level a file
        gives it: such a section, or an item in it, is never spoiler-free."""
        return self in _THE_ENDING


_LABELS = {
    SectionKind.QUICK_ANSWER: "Quick answer",
    SectionKind.RECAP: "Plot recap",
    SectionKind.ENDING: "The ending",
    SectionKind.FINAL_SHOT: "The final shot",
    SectionKind.THEMES: "Themes",
    SectionKind.SYMBOLISM: "Symbolism",
    SectionKind.FAQ: "FAQ",
    SectionKind.NOTES: "Notes",
}

_THE_ENDING = frozenset({SectionKind.QUICK_ANSWER, SectionKind.ENDING, SectionKind.FINAL_SHOT})

# When an author leaves a level out, assume the most a section of that kind usually gives away.
_DEFAULT_LEVELS = {
    SectionKind.QUICK_ANSWER: SpoilerLevel.ENDING,
    SectionKind.RECAP: SpoilerLevel.PLOT,
    SectionKind.ENDING: SpoilerLevel.ENDING,
    SectionKind.FINAL_SHOT: SpoilerLevel.ENDING,
    SectionKind.THEMES: SpoilerLevel.PLOT,
    SectionKind.SYMBOLISM: SpoilerLevel.PLOT,
    SectionKind.FAQ: SpoilerLevel.ENDING,
    SectionKind.NOTES: SpoilerLevel.ENDING,
}
