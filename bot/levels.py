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
    def least_level(self) -> SpoilerLevel:
        """The lowest level a text of this kind can have, whatever level a file gives it: a
        recap tells the plot, a quick answer, an ending and a final shot how the film ends;
        only the others can be spoiler-free."""
        return _LEAST_LEVELS.get(self, SpoilerLevel.NONE)


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

_LEAST_LEVELS = {
    SectionKind.QUICK_ANSWER: SpoilerLevel.ENDING,
    SectionKind.RECAP: SpoilerLevel.PLOT,
    SectionKind.ENDING: SpoilerLevel.ENDING,
    SectionKind.FINAL_SHOT: SpoilerLevel.ENDING,
}

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
